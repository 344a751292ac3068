use avrox::Avro;

#[derive(Avro)]
#[avro(rename_all = "kebab-case")]
struct User {
    user_id: i64,
}

fn main() {}
