use avrox::Avro;

#[derive(Avro)]
struct Event {
    at: std::time::Instant,
}

fn main() {}
