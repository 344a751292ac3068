use avrox::Avro;

#[derive(Avro)]
#[avro(transparent)]
enum Id {
    Num(i64),
}

fn main() {}
