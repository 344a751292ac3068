// A serde type with no Avro schema of its own cannot take the `_derived`
// functions: the error names `AvroSchema`; give the type a schema with
// `avrox::serde::to_vec(&value, &schema)`, or derive `avrox::Avro`.

#[derive(serde::Serialize, serde::Deserialize)]
struct Plain {
    x: i32,
}

fn main() {
    let _ = avrox::serde::to_vec_derived(&Plain { x: 1 });
    let _ = avrox::serde::from_slice_derived::<Plain>(&[]);
}
