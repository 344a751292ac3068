use avrox::Avro;

#[derive(Avro)]
struct Price {
    #[avro(decimal(precision = 20, scale = 2, size = 8))]
    amount: i64,
}

fn main() {}
