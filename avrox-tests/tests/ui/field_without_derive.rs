use avrox::Avro;

struct Address {
    city: String,
}

#[derive(Avro)]
struct User {
    home: Address,
}

fn main() {}
