use avrox::Avro;

#[derive(Avro)]
#[avro(name = 5)]
struct User {
    id: i64,
}

fn main() {}
