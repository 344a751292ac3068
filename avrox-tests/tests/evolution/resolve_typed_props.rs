//! Property: for writers that differ from a derived type in every way
//! resolution allows (fields dropped when they have defaults, added,
//! reordered, promoted), decoding straight into the type gives what the
//! generic path followed by `FromValue` gives.

use avrox::resolve::{Plan, TypedPlan};
use avrox::{Avro, AvroSchema, FromValue, Schema, Value};
use proptest::prelude::*;
use proptest::sample::subsequence;
use serde_json::json;

#[derive(Avro, Debug, Clone, PartialEq)]
struct Inner {
    x: i64,
    #[avro(default = "in".to_string())]
    label: String,
}

#[derive(Avro, Debug, Clone, PartialEq)]
struct Wide {
    a: i64,
    b: String,
    c: Vec<f64>,
    d: Option<f64>,
    e: Inner,
    #[avro(default = 5)]
    f: i32,
    #[avro(default = "g".to_string())]
    g: String,
    #[avro(default)]
    h: Vec<u8>,
}

/// One writer field: its JSON and a value of it.
#[derive(Clone, Debug)]
struct WField {
    json: serde_json::Value,
    value: Value,
}

fn field(name: &str, ty: serde_json::Value, value: Value) -> WField {
    WField {
        json: json!({"name": name, "type": ty}),
        value: Value::record([(name, value)]),
    }
}

fn a() -> impl Strategy<Value = WField> {
    prop_oneof![
        any::<i32>().prop_map(|v| field("a", json!("int"), Value::Int(v))),
        any::<i64>().prop_map(|v| field("a", json!("long"), Value::Long(v))),
    ]
}

fn b() -> impl Strategy<Value = WField> {
    prop_oneof![
        "[a-z]{0,6}".prop_map(|s| field("b", json!("string"), Value::String(s))),
        "[a-z]{0,6}".prop_map(|s| field("b", json!("bytes"), Value::Bytes(s.into_bytes()))),
    ]
}

fn c() -> impl Strategy<Value = WField> {
    prop_oneof![
        prop::collection::vec(any::<i32>(), 0..4).prop_map(|v| field(
            "c",
            json!({"type": "array", "items": "int"}),
            Value::Array(v.into_iter().map(Value::Int).collect())
        )),
        prop::collection::vec(any::<f32>(), 0..4).prop_map(|v| field(
            "c",
            json!({"type": "array", "items": "float"}),
            Value::Array(v.into_iter().map(Value::Float).collect())
        )),
    ]
}

fn d() -> impl Strategy<Value = WField> {
    prop_oneof![
        Just(field(
            "d",
            json!(["null", "long"]),
            Value::Union(0, Box::new(Value::Null))
        )),
        any::<i64>().prop_map(|v| field(
            "d",
            json!(["null", "long"]),
            Value::Union(1, Box::new(Value::Long(v)))
        )),
        any::<f32>().prop_map(|v| field(
            "d",
            json!(["float", "null"]),
            Value::Union(0, Box::new(Value::Float(v)))
        )),
        any::<i32>().prop_map(|v| field("d", json!("int"), Value::Int(v))),
        Just(field("d", json!("null"), Value::Null)),
    ]
}

fn e() -> impl Strategy<Value = WField> {
    (any::<i32>(), any::<bool>(), any::<bool>()).prop_map(|(x, with_label, extra)| {
        let mut fields = vec![json!({"name": "x", "type": "int"})];
        let mut values = vec![("x".to_string(), Value::Int(x))];
        if extra {
            fields.insert(0, json!({"name": "junk", "type": {"type": "map", "values": "string"}}));
            values.insert(0, ("junk".into(), Value::map([("k", Value::from("v"))])));
        }
        if with_label {
            fields.push(json!({"name": "label", "type": "string"}));
            values.push(("label".into(), Value::from("L")));
        }
        WField {
            json: json!({"name": "e", "type": {"type": "record", "name": "Inner", "fields": fields}}),
            value: Value::record([("e", Value::Record(values))]),
        }
    })
}

fn optional() -> impl Strategy<Value = Vec<WField>> {
    let f = any::<i32>().prop_map(|v| field("f", json!("int"), Value::Int(v)));
    let g = "[a-z]{0,3}".prop_map(|s| field("g", json!("string"), Value::String(s)));
    let h = "[a-z]{0,3}".prop_map(|s| field("h", json!("string"), Value::String(s)));
    let extra1 = prop::collection::vec(any::<i64>(), 0..3).prop_map(|v| {
        field(
            "extra1",
            json!({"type": "array", "items": "long"}),
            Value::Array(v.into_iter().map(Value::Long).collect()),
        )
    });
    let extra2 = "[a-z]{0,8}".prop_map(|s| {
        field(
            "extra2",
            json!(["null", "string"]),
            Value::Union(1, Box::new(Value::String(s))),
        )
    });
    (f, g, h, extra1, extra2)
        .prop_flat_map(|(f, g, h, x1, x2)| subsequence(vec![f, g, h, x1, x2], 0..=5))
}

fn writer() -> impl Strategy<Value = (Schema, Value)> {
    (a(), b(), c(), d(), e(), optional())
        .prop_flat_map(|(a, b, c, d, e, opt)| {
            let mut all = vec![a, b, c, d, e];
            all.extend(opt);
            Just(all).prop_shuffle()
        })
        .prop_map(|fields| {
            let json = json!({
                "type": "record", "name": "Wide",
                "fields": fields.iter().map(|f| f.json.clone()).collect::<Vec<_>>()
            });
            let schema = Schema::parse_json(&json).unwrap();
            let value = Value::Record(
                fields
                    .into_iter()
                    .flat_map(|f| match f.value {
                        Value::Record(v) => v,
                        _ => unreachable!(),
                    })
                    .collect(),
            );
            (schema, value)
        })
}

proptest! {
    // No regression files: a failure prints the seed and the shrunk input.
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn typed_and_generic_resolution_agree((schema, value) in writer()) {
        let bytes = value.to_bytes(&schema).unwrap();
        let typed = TypedPlan::<Wide>::new(&schema).unwrap().decode(&bytes).unwrap();
        let generic = Plan::new(&schema, Wide::schema()).unwrap().decode(&bytes).unwrap();
        let via_value = Wide::from_value(generic).unwrap();
        // NaN != NaN: compare the encodings.
        prop_assert_eq!(avrox::to_vec(&typed).unwrap(), avrox::to_vec(&via_value).unwrap());
        for end in 0..bytes.len() {
            prop_assert!(TypedPlan::<Wide>::new(&schema).unwrap().decode(&bytes[..end]).is_err());
        }
    }
}
