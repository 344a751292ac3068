use avrox::Avro;

#[derive(Avro)]
struct User {
    #[avro(frobnicate = 1)]
    id: i64,
}

fn main() {}
