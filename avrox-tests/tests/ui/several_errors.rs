use avrox::Avro;

#[derive(Avro)]
#[avro(namespace = 5)]
struct User {
    #[avro(renam = "x")]
    id: i64,
    #[avro(order = up)]
    age: i32,
}

fn main() {}
