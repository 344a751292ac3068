use avrox::Avro;

#[derive(Avro)]
#[avro(transparent)]
struct Point {
    x: f64,
    y: f64,
}

fn main() {}
