use avrox::Avro;

#[derive(Avro)]
enum Contact {
    Email(String),
    Phone(String),
}

fn main() {}
