//! A generic type used with an argument that has no Avro impls: the error
//! names the argument and the trait the field needs, not the derive's
//! internals.

use avrox::Avro;

#[derive(Avro)]
struct Env<T> {
    body: T,
    #[avro(default)]
    trace: Option<String>,
}

struct NotAvro;

fn main() {
    let _ = avrox::to_vec(&Env {
        body: NotAvro,
        trace: None,
    });
    let _ = avrox::from_slice::<Env<NotAvro>>(&[]);
}
