use avrox::Avro;

#[derive(Avro)]
struct User {
    #[avro(with = "crate::codecs::epoch_days")]
    id: i64,
}

fn main() {}
