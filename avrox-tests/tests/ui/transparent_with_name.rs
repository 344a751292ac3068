use avrox::Avro;

#[derive(Avro)]
#[avro(transparent, name = "UserId")]
struct UserId(i64);

fn main() {}
