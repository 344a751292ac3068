use avrox::Avro;

#[derive(Avro)]
#[avro(name = "User", name = "Person")]
struct User {
    id: i64,
}

fn main() {}
