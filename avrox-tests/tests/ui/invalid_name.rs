use avrox::Avro;

#[derive(Avro)]
#[avro(name = "user-record")]
struct User {
    id: i64,
}

fn main() {}
