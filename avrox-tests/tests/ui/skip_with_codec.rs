use avrox::Avro;

#[derive(Avro)]
struct Event {
    id: i64,
    #[avro(skip, default, unit = millis)]
    seen_at: i64,
}

fn main() {}
