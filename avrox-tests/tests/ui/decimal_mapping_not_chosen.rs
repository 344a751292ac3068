//! A `rust_decimal::Decimal` field must say which Avro type it is: the
//! error is at the field's type and names both attributes. A type of the
//! user's called `Decimal` is not mistaken for it.

use avrox::Avro;

mod money {
    #[derive(avrox::Avro)]
    pub struct Decimal {
        pub cents: i64,
    }
}

#[derive(Avro)]
struct Invoice {
    total: rust_decimal::Decimal,
    tax: Option<rust_decimal::Decimal>,
    #[avro(decimal(precision = 10, scale = 2))]
    chosen: rust_decimal::Decimal,
    #[avro(big_decimal)]
    also_chosen: Option<rust_decimal::Decimal>,
    own: money::Decimal,
}

fn main() {}
