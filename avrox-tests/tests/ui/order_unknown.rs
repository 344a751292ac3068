use avrox::Avro;

#[derive(Avro)]
struct User {
    #[avro(order = sideways)]
    id: i64,
}

fn main() {}
