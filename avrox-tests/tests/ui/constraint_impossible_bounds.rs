use avrox::Avro;

#[derive(Avro)]
struct Window {
    #[avro(min = 10, max = 5)]
    size: i32,
    #[avro(exclusive_min = 1.0, exclusive_max = 1.0)]
    ratio: f64,
    #[avro(length(min = 8, max = 4))]
    name: String,
    #[avro(multiple_of = 0)]
    step: u32,
    #[avro(one_of = [])]
    mode: String,
}

fn main() {}
