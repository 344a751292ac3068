use avrox::Avro;

#[derive(Avro)]
#[avro(rename_all = "UPPERCASE")]
enum Status {
    ActiveNow,
    Activenow,
}

fn main() {}
