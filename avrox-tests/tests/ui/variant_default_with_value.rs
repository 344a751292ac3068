use avrox::Avro;

#[derive(Avro)]
enum Suit {
    Hearts,
    #[avro(default = Suit::Hearts)]
    Spades,
}

fn main() {}
