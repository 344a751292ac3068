use avrox::Avro;

#[derive(Avro)]
struct Größe {
    wert: i32,
}

fn main() {}
