use avrox::Avro;

#[derive(Avro)]
#[avro(name = "com.acme.User", namespace = "org.other")]
struct User {
    id: i64,
}

fn main() {}
