//! Differential test against fastavro: 300 random pairs of a writer's
//! schema and an evolved reader's, each with a datum fastavro wrote and
//! what fastavro read from it with the reader's schema (or that it failed).
//! The data is in `tests/evolution/data/resolve_fastavro.jsonl`, made by
//! `tests/evolution/data/resolve_fastavro.py` with fastavro 1.13.1; no Python is
//! needed to run this.
//!
//! Two of fastavro's habits are allowed for: it hands a `bytes` default
//! back as its JSON string, and it reads a long promoted to `float` as a
//! Python (double) float, where avrox rounds it to the `float` it is.

use avrox::resolve::Plan;
use avrox::{Schema, Value};
use serde_json::{Value as Json, json};

const CASES: &str = include_str!("data/resolve_fastavro.jsonl");

/// A value in the shape fastavro returns: records and maps as objects,
/// enums as their symbol, unions as their branch's value, bytes marked.
fn plain(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Boolean(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Long(i) => json!(i),
        Value::Float(f) => json!(f64::from(*f)),
        Value::Double(f) => json!(f),
        Value::Bytes(b) => json!({ "$bytes": b }),
        Value::String(s) => json!(s),
        Value::Record(fields) => {
            Json::Object(fields.iter().map(|(k, v)| (k.clone(), plain(v))).collect())
        }
        Value::Enum(_, symbol) => json!(symbol),
        Value::Array(items) => Json::Array(items.iter().map(plain).collect()),
        Value::Map(entries) => {
            Json::Object(entries.iter().map(|(k, v)| (k.clone(), plain(v))).collect())
        }
        Value::Union(_, inner) => plain(inner),
        other => panic!("the generator makes no {}", other.kind_name()),
    }
}

fn agrees(ours: &Json, theirs: &Json) -> bool {
    match (ours, theirs) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            // f32 precision: a long read as a float.
            x == y || (x - y).abs() <= 1e-6 * x.abs().max(y.abs())
        }
        (Json::Object(x), Json::String(s)) if x.contains_key("$bytes") => {
            let bytes: Vec<u8> = serde_json::from_value(x["$bytes"].clone()).unwrap();
            s.chars()
                .map(u32::from)
                .eq(bytes.iter().map(|&b| u32::from(b)))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| agrees(v, w)))
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| agrees(a, b))
        }
        _ => ours == theirs,
    }
}

#[test]
fn resolution_agrees_with_fastavro() {
    let mut cases = 0;
    let mut errors = 0;
    for (line, text) in CASES.lines().enumerate() {
        let case: Json = serde_json::from_str(text).unwrap();
        let writer = Schema::parse_json(&case["writer"]).unwrap();
        let reader = Schema::parse_json(&case["reader"]).unwrap();
        let data: Vec<u8> = serde_json::from_value(case["data"].clone()).unwrap();
        let ours = Plan::new(&writer, &reader)
            .map_err(|e| e.to_string())
            .and_then(|plan| plan.decode(&data).map_err(|e| e.to_string()));
        match (&ours, case["result"].get("ok")) {
            (Ok(value), Some(expected)) => assert!(
                agrees(&plain(value), expected),
                "line {}: avrox read {}, fastavro {expected}",
                line + 1,
                plain(value)
            ),
            (Err(_), None) => errors += 1,
            (Ok(value), None) => panic!(
                "line {}: avrox read {}, fastavro failed: {}",
                line + 1,
                plain(value),
                case["result"]["err"]
            ),
            (Err(e), Some(expected)) => {
                panic!(
                    "line {}: avrox failed ({e}), fastavro read {expected}",
                    line + 1
                )
            }
        }
        cases += 1;
    }
    assert_eq!(cases, 300);
    // The second half's breaking changes: both sides refuse the same ones.
    assert_eq!(errors, 36);
}
