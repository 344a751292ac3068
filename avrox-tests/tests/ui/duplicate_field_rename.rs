use avrox::Avro;

#[derive(Avro)]
struct User {
    id: i64,
    #[avro(rename = "id")]
    user_id: i64,
}

fn main() {}
