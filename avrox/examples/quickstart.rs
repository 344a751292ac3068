//! A first tour of avrox: derive Avro for your types, see the schema, encode
//! and decode, look at the data as a generic value, and see what bad input
//! gets you.
//!
//! Run it from the repository root with `cargo run --example quickstart`.

use std::collections::HashMap;

use avrox::{Avro, AvroSchema, Value};

/// Where a model was trained.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.ml")]
struct Environment {
    cluster: String,
    gpus: u16,
}

/// How far a model has come.
#[derive(Avro, Debug, Clone, Copy, PartialEq, Default)]
#[avro(namespace = "com.acme.ml", rename_all = "SCREAMING_SNAKE_CASE")]
enum Stage {
    #[default]
    #[avro(default)]
    Experimental,
    Staging,
    Production,
}

/// Metadata of a trained model, stored beside the model file.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.ml")]
struct ModelMetadata {
    model_name: String,
    #[avro(alias = "ver")]
    version: String,
    accuracy: f32,
    stage: Stage,
    /// Where it was trained: a nested record.
    environment: Environment,
    #[avro(default)]
    tags: Vec<String>,
    #[avro(default)]
    hyperparameters: HashMap<String, f64>,
    /// Microseconds since the Unix epoch, as Avro's timestamp-micros.
    #[avro(unit = micros)]
    trained_at: i64,
    /// The model this one was fine-tuned from, if any.
    #[avro(default)]
    parent: Option<String>,
    /// A digest of the weights.
    checksum: Vec<u8>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let meta = ModelMetadata {
        model_name: "churn-predictor".into(),
        version: "v2.1".into(),
        accuracy: 0.93,
        stage: Stage::Staging,
        environment: Environment {
            cluster: "gpu-west".into(),
            gpus: 8,
        },
        tags: vec!["xgboost".into(), "weekly".into()],
        hyperparameters: HashMap::from([("learning_rate".into(), 0.05), ("max_depth".into(), 6.0)]),
        trained_at: 1_763_700_000_000_000,
        parent: None,
        checksum: vec![0xde, 0xad, 0xbe, 0xef],
    };

    // 1. The schema the derive gives the type, with its fingerprint.
    let schema = ModelMetadata::schema();
    println!("schema:\n{schema:#}\n");
    println!("canonical form:   {}", schema.canonical_form());
    // Its 8 bytes in hex, as single-object encoding writes them
    // (little-endian) and `avrox fingerprint` prints them.
    println!("rabin:            {}", schema.rabin_fingerprint());

    // 2. Avro binary and back.
    let bytes = avrox::to_vec(&meta)?;
    println!("encoded:          {} bytes", bytes.len());
    let back: ModelMetadata = avrox::from_slice(&bytes)?;
    assert_eq!(back, meta);
    println!(
        "decoded:          {} {} ({:?})",
        back.model_name, back.version, back.stage
    );

    // 3. The same data as a generic value: what a tool with only the schema
    //    sees, and its JSON by Avro's mapping for defaults.
    let value = Value::decode(&bytes, schema)?;
    println!("as JSON:          {}", value.to_default_json(schema)?);

    // 4. Bad input is an error that says where, never a panic.
    let err = avrox::from_slice::<ModelMetadata>(&bytes[..bytes.len() - 3]).unwrap_err();
    println!("truncated input:  {err}");
    let err = avrox::Schema::parse(
        r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": "strng"}]}"#,
    )
    .unwrap_err();
    println!("bad schema:       {err}");
    Ok(())
}
