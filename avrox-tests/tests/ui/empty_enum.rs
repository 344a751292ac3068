use avrox::Avro;

#[derive(Avro)]
enum Never {}

fn main() {}
