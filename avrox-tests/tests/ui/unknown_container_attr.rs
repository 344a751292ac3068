use avrox::Avro;

#[derive(Avro)]
#[avro(nmae = "X")]
struct User {
    id: i64,
}

fn main() {}
