use avrox::Avro;

// In version 1, `handle` was called `name`: the name `name` still has.
#[derive(Avro)]
#[avro(version = 2)]
struct User {
    name: String,
    #[avro(alias = "name", renamed_in = 2)]
    handle: String,
}

fn main() {}
