use avrox::Avro;

#[derive(Avro)]
#[avro(transparent = true)]
struct UserId(i64);

fn main() {}
