//! `big_decimal` applies to decimals only, and is one choice of encoding
//! among `decimal`, `with`, `unit` and `uuid`.

use avrox::Avro;

#[derive(Avro)]
struct Misused {
    #[avro(big_decimal)]
    name: String,
}

#[derive(Avro)]
struct Twice {
    #[avro(decimal(precision = 10, scale = 2), big_decimal)]
    price: rust_decimal::Decimal,
    #[avro(big_decimal = true)]
    valued: rust_decimal::Decimal,
}

fn main() {}
