use avrox::Avro;

#[derive(Avro)]
enum Reading {
    Missing,
    Value(Option<f64>),
}

fn main() {}
