use avrox::Avro;

#[derive(Avro)]
struct User {
    #[avro]
    id: i64,
}

fn main() {}
