//! A first tour of avrox: parse a schema, fingerprint it, encode and decode
//! a value, convert it to JSON, and see what bad input gets you.
//!
//! Run it from the repository root with `cargo run --example quickstart`.

use avrox::schema::fingerprint::to_hex;
use avrox::value::Uuid;
use avrox::{Schema, Value};

const MODEL_METADATA: &str = r#"{
    "type": "record",
    "name": "ModelMetadata",
    "namespace": "com.acme.ml",
    "doc": "Metadata of a trained model, stored beside the model file.",
    "fields": [
        {"name": "model_name", "type": "string"},
        {"name": "version", "type": "string", "aliases": ["ver"]},
        {"name": "accuracy", "type": "float"},
        {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
        {"name": "trained_at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "parent", "type": ["null", {"type": "string", "logicalType": "uuid"}], "default": null}
    ]
}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. A schema, parsed and checked.
    let schema = Schema::parse(MODEL_METADATA)?;
    println!("schema:           {schema}");
    println!("canonical form:   {}", schema.canonical_form());
    // As single-object encoding writes it: 8 bytes, little-endian.
    println!(
        "rabin:            {}",
        to_hex(&schema.rabin_fingerprint().to_le_bytes())
    );
    println!("md5:              {}", to_hex(&schema.md5_fingerprint()));
    println!("sha-256:          {}", to_hex(&schema.sha256_fingerprint()));

    // 2. A value of that schema.
    let parent: Uuid = "6ba7b810-9dad-11d1-80b4-00c04fd430c8".parse()?;
    let meta = Value::record([
        ("model_name", Value::from("churn-predictor")),
        ("version", Value::from("v2.1")),
        ("accuracy", Value::Float(0.93)),
        (
            "tags",
            Value::Array(vec![Value::from("prod"), Value::from("xgboost")]),
        ),
        ("trained_at", Value::TimestampMicros(1_763_700_000_000_000)),
        ("parent", Value::Uuid(parent)), // goes to the union's uuid branch
    ]);

    // 3. Avro binary and back.
    let bytes = meta.to_bytes(&schema)?;
    println!("encoded:          {} bytes", bytes.len());
    let back = Value::decode(&schema, &bytes)?;
    println!("decoded tags:     {:?}", back.get("tags").unwrap());

    // 4. JSON, by the mapping Avro uses for default values.
    println!("as JSON:          {}", back.to_json(&schema)?);

    // 5. Bad input is an error that says where, never a panic.
    let err = Value::decode(&schema, &bytes[..bytes.len() - 3]).unwrap_err();
    println!("truncated input:  {err}");
    let err = Schema::parse(
        r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": "strng"}]}"#,
    )
    .unwrap_err();
    println!("bad schema:       {err}");
    Ok(())
}
