use avrox::Avro;

#[derive(Avro)]
enum Suit {
    #[avro(alias = "Spade")]
    Spades,
    Hearts,
}

fn main() {}
