use avrox::Avro;

#[derive(Avro)]
struct User {
    #[avro(renam = "x")]
    name: String,
}

fn main() {}
