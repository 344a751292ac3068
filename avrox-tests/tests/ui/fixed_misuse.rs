use avrox::Avro;

#[derive(Avro)]
#[avro(fixed)]
struct NotBytes([u16; 4]);

#[derive(Avro)]
#[avro(fixed)]
struct TwoFields([u8; 4], [u8; 4]);

#[derive(Avro)]
#[avro(fixed, transparent)]
struct Both([u8; 4]);

#[derive(Avro)]
#[avro(fixed)]
enum Symbols {
    A,
}

#[derive(Avro)]
#[avro(fixed)]
struct Sized<const N: usize>([u8; N]);

fn main() {}
