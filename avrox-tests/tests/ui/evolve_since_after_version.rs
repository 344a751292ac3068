use avrox::Avro;

#[derive(Avro)]
#[avro(version = 2)]
struct User {
    id: i64,
    #[avro(default, since = 3)]
    role: String,
}

#[derive(Avro)]
struct Unversioned {
    id: i64,
    #[avro(default, since = 2)]
    role: String,
}

fn main() {}
