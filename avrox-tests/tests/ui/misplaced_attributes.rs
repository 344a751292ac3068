use avrox::Avro;

#[derive(Avro)]
#[avro(rename = "Card", default)]
enum Card {
    #[avro(skip)]
    Ace,
    King,
}

#[derive(Avro)]
struct Player {
    #[avro(name = "player_name", namespace = "com.acme")]
    nick: String,
}

fn main() {}
