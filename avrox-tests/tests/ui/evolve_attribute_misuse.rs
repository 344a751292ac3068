use avrox::Avro;

#[derive(Avro)]
#[avro(version = 0)]
struct Zero {
    id: i64,
}

#[derive(Avro)]
#[avro(version = 2)]
struct Renamed {
    #[avro(renamed_in = 2)]
    score: i32,
    #[avro(skip, default, since = 2)]
    cache: i32,
    #[avro(default, since = 1)]
    flag: bool,
}

#[derive(Avro)]
#[avro(from = Zero, try_from = Zero)]
struct Both {
    id: i64,
}

#[derive(Avro)]
enum Shape {
    Circle {
        #[avro(default, since = 2)]
        r: f64,
    },
}

#[derive(Avro)]
#[avro(from = Zero)]
struct Borrowed<'a> {
    id: &'a str,
}

fn main() {}
