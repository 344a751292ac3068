use avrox::Avro;

#[derive(Avro)]
struct Price {
    #[avro(decimal(precision = 2, scale = 5))]
    amount: i64,
}

fn main() {}
