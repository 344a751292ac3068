use avrox::Avro;

#[derive(Avro, PartialEq, PartialOrd)]
struct Point {
    x: i32,
}

#[derive(Avro)]
struct Shape {
    #[avro(non_empty)]
    origin: Point,
    #[avro(multiple_of = Point { x: 2 })]
    corner: Point,
}

fn main() {}
