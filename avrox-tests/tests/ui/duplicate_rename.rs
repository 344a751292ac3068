use avrox::Avro;

#[derive(Avro)]
struct User {
    #[avro(rename = "a")]
    #[avro(rename = "b")]
    id: i64,
}

fn main() {}
