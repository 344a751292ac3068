use avrox::Avro;

#[derive(Avro)]
struct Release {
    #[avro(pattern = r"^v(\d+\.\d+$")]
    version: String,
}

fn main() {}
