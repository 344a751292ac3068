use avrox::Avro;

#[derive(Avro)]
struct Event {
    #[avro(unit = hours)]
    at: i64,
}

fn main() {}
