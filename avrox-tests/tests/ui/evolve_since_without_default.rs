use avrox::Avro;

#[derive(Avro)]
#[avro(version = 2)]
struct User {
    id: i64,
    #[avro(since = 2)]
    role: String,
}

fn main() {}
