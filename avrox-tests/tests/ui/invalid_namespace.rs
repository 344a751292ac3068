use avrox::Avro;

#[derive(Avro)]
#[avro(namespace = "com.acme..ml")]
struct User {
    id: i64,
}

fn main() {}
