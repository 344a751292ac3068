use avrox::Avro;

#[derive(Avro)]
struct Price {
    #[avro(decimal(precison = 10, scale = 2))]
    amount: i64,
}

fn main() {}
