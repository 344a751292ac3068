use avrox::Avro;

#[derive(Avro)]
#[avro(rename_all = "lowercase")]
struct User {
    user_id: i64,
    userid: i64,
}

fn main() {}
