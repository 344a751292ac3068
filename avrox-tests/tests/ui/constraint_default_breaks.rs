use avrox::Avro;

#[derive(Avro)]
struct Settings {
    #[avro(default = 0, min = 1)]
    retries: u32,
    #[avro(default, non_empty)]
    name: String,
    #[avro(default = "latest".into(), pattern = r"^v\d+$")]
    version: String,
    #[avro(default, length(min = 1))]
    hosts: Vec<String>,
    #[avro(default = 0.5, one_of = [0.25, 0.75])]
    ratio: f64,
}

fn main() {}
