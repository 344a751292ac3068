use avrox::Avro;

#[derive(Avro)]
enum Suit {
    #[avro(default)]
    Hearts,
    #[avro(default)]
    Spades,
}

fn main() {}
