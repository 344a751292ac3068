use avrox::Avro;

#[derive(Avro)]
struct Counter {
    #[avro(default = "x")]
    n: i32,
}

fn main() {}
