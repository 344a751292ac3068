use avrox::Avro;

#[derive(Avro)]
#[avro(property(key = "name", value = "Other"))]
struct ReservedOnType {
    #[avro(property(key = "default", value = 1))]
    reserved_on_field: i32,
}

#[derive(Avro)]
#[avro(property(key = "connect.name", value = "a"), property(key = "connect.name", value = "b"))]
struct Twice {
    #[avro(property(key = "x", value = "a", json = "1"))]
    two_values: i32,
    #[avro(property(key = "x", json = "{\"a\": }"))]
    invalid_json: i32,
    #[avro(property(value = 1))]
    no_key: i32,
    #[avro(property(key = "x"))]
    no_value: i32,
    #[avro(property(key = "x", value = some_constant))]
    not_a_literal: i32,
    #[avro(property = "x")]
    not_a_list: i32,
}

#[derive(Avro)]
#[avro(transparent, property(key = "x", value = 1))]
struct Wrapper(i32);

#[derive(Avro)]
#[avro(property(key = "x", value = 1))]
enum Payload {
    Number(i32),
    Text(String),
}

fn main() {}
