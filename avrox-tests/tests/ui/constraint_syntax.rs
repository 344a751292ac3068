use avrox::Avro;

fn check(_: &str) -> Result<(), String> {
    Ok(())
}

#[derive(Avro)]
#[avro(validate = "check")]
struct Form {
    #[avro(one_of = 5)]
    mode: String,
    #[avro(inner(mni = 0))]
    scores: Vec<i32>,
    #[avro(length)]
    name: String,
    #[avro(custom = "check")]
    code: String,
    #[avro(min = 1, min = 2)]
    twice: i32,
    #[avro(skip, default, min = 1)]
    cached: i32,
}

fn main() {}
