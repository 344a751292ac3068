use avrox::Avro;

#[derive(Avro)]
struct User {
    id: i64,
    #[avro(skip)]
    cache: Vec<u8>,
}

fn main() {}
