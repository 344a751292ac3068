use avrox::Avro;

#[derive(Avro)]
enum Shape {
    #[avro(default)]
    Point,
    Circle(f64),
}

fn main() {}
