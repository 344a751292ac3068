use avrox::Avro;

#[derive(Avro)]
struct Event {
    #[avro(unit = millis, with = m)]
    at: i64,
}

fn main() {}
