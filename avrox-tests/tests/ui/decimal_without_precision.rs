use avrox::Avro;

#[derive(Avro)]
struct Price {
    #[avro(decimal(scale = 2))]
    amount: i64,
}

fn main() {}
