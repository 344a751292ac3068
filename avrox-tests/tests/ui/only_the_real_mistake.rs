//! The type is used everywhere a derived type can be, but the only error is
//! the attribute at fault: stand-in impls hide the missing ones.
use avrox::{Avro, AvroSchema};

#[derive(Avro)]
struct User {
    #[avro(renam = "x")]
    id: i64,
}

#[derive(Avro)]
struct Team<'a> {
    lead: User,
    members: Vec<User>,
    title: &'a str,
}

fn main() {
    let user = User { id: 1 };
    let _ = User::schema();
    let bytes = avrox::to_vec(&user).unwrap();
    let _: User = avrox::from_slice(&bytes).unwrap();
    let _: User = avrox::from_value(avrox::to_value(&user)).unwrap();
    let _ = Team::schema();
}
