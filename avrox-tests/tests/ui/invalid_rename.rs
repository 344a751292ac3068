use avrox::Avro;

#[derive(Avro)]
struct User {
    #[avro(rename = "1st")]
    first: String,
}

fn main() {}
