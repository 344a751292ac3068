use avrox::Avro;

#[derive(Avro)]
enum Suit {
    Hearts,
    #[avro(rename = "Hearts")]
    Spades,
}

fn main() {}
