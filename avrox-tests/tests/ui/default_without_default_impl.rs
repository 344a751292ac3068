use avrox::Avro;

#[derive(Avro)]
enum Level {
    Low,
    High,
}

#[derive(Avro)]
struct Config {
    #[avro(default)]
    level: Level,
}

fn main() {}
