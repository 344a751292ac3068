use avrox::Avro;

#[derive(Avro)]
struct Price {
    #[avro(rename, with, order, decimal = 4)]
    amount: i64,
}

fn main() {}
