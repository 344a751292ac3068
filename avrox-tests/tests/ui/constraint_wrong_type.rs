use avrox::Avro;

#[derive(Avro)]
struct Account {
    #[avro(min = 3)]
    name: String,
    #[avro(max = 10)]
    tags: Vec<String>,
    #[avro(length(max = 3))]
    count: i32,
    #[avro(pattern = "^[0-9]+$")]
    code: u32,
    #[avro(min = 0)]
    score: Option<f64>,
    #[avro(inner(min = 0))]
    title: String,
    #[avro(non_empty)]
    active: bool,
}

fn main() {}
