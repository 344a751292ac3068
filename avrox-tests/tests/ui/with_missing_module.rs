use avrox::Avro;

#[derive(Avro)]
struct User {
    #[avro(with = no_such_codec)]
    id: i64,
}

fn main() {}
