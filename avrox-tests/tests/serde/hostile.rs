//! Hostile input to `avrox::serde::from_slice`: every error, never a panic,
//! a hang or an out-of-memory.

use std::collections::BTreeMap;

use avrox::serde::{from_slice, from_slice_with_limits, to_vec};
use avrox::{ErrorKind, Schema};
use serde::{Deserialize, Serialize};

const EVENT: &str = r#"{"type": "record", "name": "Event", "fields": [
    {"name": "id", "type": "long"},
    {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
    {"name": "name", "type": "string"},
    {"name": "payload", "type": "bytes"},
    {"name": "hash", "type": {"type": "fixed", "name": "H", "size": 4}},
    {"name": "score", "type": ["null", "double"]},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "attrs", "type": {"type": "map", "values": "int"}},
    {"name": "ok", "type": "boolean"},
    {"name": "ratio", "type": "float"}
]}"#;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Kind {
    A,
    B,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Event {
    id: i64,
    kind: Kind,
    name: String,
    #[serde(with = "serde_bytes")]
    payload: Vec<u8>,
    #[serde(with = "serde_bytes")]
    hash: Vec<u8>,
    score: Option<f64>,
    tags: Vec<String>,
    attrs: BTreeMap<String, i32>,
    ok: bool,
    ratio: f32,
}

fn event() -> (Schema, Vec<u8>) {
    let schema = Schema::parse(EVENT).unwrap();
    let e = Event {
        id: -9,
        kind: Kind::B,
        name: "névé".into(),
        payload: vec![0, 1, 2],
        hash: vec![9, 9, 9, 9],
        score: Some(0.5),
        tags: vec!["x".into(), "yz".into()],
        attrs: [("k".to_owned(), 3)].into(),
        ok: true,
        ratio: 2.0,
    };
    let bytes = to_vec(&e, &schema).unwrap();
    assert_eq!(from_slice::<Event>(&bytes, &schema).unwrap(), e);
    (schema, bytes)
}

#[test]
fn every_truncation_is_an_error() {
    let (schema, bytes) = event();
    for end in 0..bytes.len() {
        let cut = &bytes[..end];
        let err = from_slice::<Event>(cut, &schema).unwrap_err();
        assert!(err.offset().is_some_and(|o| o <= end), "{end}: {err:#}");
        assert!(
            from_slice::<serde_json::Value>(cut, &schema).is_err(),
            "{end}"
        );
        assert!(
            from_slice::<serde::de::IgnoredAny>(cut, &schema).is_err(),
            "{end}"
        );
    }
}

#[test]
fn every_corrupted_byte_is_an_error_or_a_value() {
    let (schema, bytes) = event();
    for i in 0..bytes.len() {
        for b in [0x00, 0x01, 0x7f, 0x80, 0xff] {
            let mut bad = bytes.clone();
            bad[i] = b;
            let _ = from_slice::<Event>(&bad, &schema);
            let _ = from_slice::<serde_json::Value>(&bad, &schema);
        }
    }
}

/// A zig-zag long's varint bytes.
fn long(v: i64) -> Vec<u8> {
    to_vec(&v, &Schema::parse(r#""long""#).unwrap()).unwrap()
}

#[test]
fn huge_and_negative_lengths() {
    for json in [r#""string""#, r#""bytes""#] {
        let s = Schema::parse(json).unwrap();
        let mut huge = long(1 << 62);
        huge.extend(b"abc");
        let err = from_slice::<serde_json::Value>(&huge, &s).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
            "{err}"
        );
        let err = from_slice::<serde_json::Value>(&long(-5), &s).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NegativeLength(-5)), "{err}");
    }
    // An array of 2^62 ints in ten bytes; of 2^62 nulls (no bytes each).
    let ints = Schema::parse(r#"{"type": "array", "items": "int"}"#).unwrap();
    let err = from_slice::<Vec<i32>>(&long(1 << 62), &ints).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidBlockCount { .. }),
        "{err}"
    );
    let nulls = Schema::parse(r#"{"type": "array", "items": "null"}"#).unwrap();
    let err = from_slice::<Vec<()>>(&long(1 << 62), &nulls).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::LimitExceeded { .. }),
        "{err}"
    );
    // i64::MIN as a block count cannot be negated.
    assert!(from_slice::<Vec<()>>(&long(i64::MIN), &nulls).is_err());
    // A map of 2^40 entries.
    let map = Schema::parse(r#"{"type": "map", "values": "null"}"#).unwrap();
    assert!(from_slice::<BTreeMap<String, ()>>(&long(1 << 40), &map).is_err());
    // The item limit is the reader's.
    let mut ten = long(10);
    ten.push(0);
    let strict = avrox::binary::Limits::default().max_collection_items(9);
    assert!(from_slice_with_limits::<Vec<()>>(&ten, &nulls, strict).is_err());
    assert_eq!(from_slice::<Vec<()>>(&ten, &nulls).unwrap().len(), 10);
}

#[test]
fn items_of_no_bytes_count_against_the_allocation_limit() {
    // 10,000 nulls in two bytes, read as 520-byte Rust values ([[u64; 32]; 2] in an Option): 5 MB.
    let nulls = Schema::parse(r#"{"type": "array", "items": "null"}"#).unwrap();
    let mut bytes = long(10_000);
    bytes.push(0);
    let small = avrox::binary::Limits::default().max_allocation(1 << 20);
    let err =
        from_slice_with_limits::<Vec<Option<[[u64; 32]; 2]>>>(&bytes, &nulls, small).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::Allocation,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        from_slice::<Vec<Option<[[u64; 32]; 2]>>>(&bytes, &nulls)
            .unwrap()
            .len(),
        10_000
    );
    // Map values alike.
    let map = Schema::parse(r#"{"type": "map", "values": "null"}"#).unwrap();
    let mut entries = long(3_000);
    for i in 0..3_000 {
        let key = format!("{i:04}");
        entries.extend(long(4));
        entries.extend(key.as_bytes());
    }
    entries.push(0);
    let err =
        from_slice_with_limits::<BTreeMap<String, Option<[[u64; 32]; 2]>>>(&entries, &map, small)
            .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::LimitExceeded { .. }),
        "{err}"
    );
}

#[test]
fn bad_union_and_enum_indexes() {
    let u = Schema::parse(r#"["null", "int"]"#).unwrap();
    for index in [2, -1, i64::MAX] {
        let err = from_slice::<Option<i32>>(&long(index), &u).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::UnionIndex { .. }), "{err}");
        assert!(from_slice::<serde_json::Value>(&long(index), &u).is_err());
    }
    let e = Schema::parse(r#"{"type": "enum", "name": "Kind", "symbols": ["A", "B"]}"#).unwrap();
    for index in [2, -1] {
        let err = from_slice::<Kind>(&long(index), &e).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::EnumIndex { .. }), "{err}");
        assert!(from_slice::<String>(&long(index), &e).is_err());
    }
}

#[test]
fn invalid_utf8() {
    let s = Schema::parse(r#""string""#).unwrap();
    let err = from_slice::<String>(&[0x04, 0xc3, 0x28], &s).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidUtf8 { .. }), "{err}");
    assert!(from_slice::<&str>(&[0x02, 0xff], &s).is_err());
    // In a map key.
    let m = Schema::parse(r#"{"type": "map", "values": "null"}"#).unwrap();
    assert!(from_slice::<BTreeMap<String, ()>>(&[0x02, 0x02, 0xff, 0x00], &m).is_err());
}

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Node {
    next: Option<Box<Node>>,
}

#[test]
fn deep_recursion_stops_at_the_depth_limit() {
    let s = Schema::parse(
        r#"{"type": "record", "name": "Node", "fields": [
        {"name": "next", "type": ["null", "Node"]}]}"#,
    )
    .unwrap();
    // A million levels: each 0x02 picks the Node branch.
    let mut deep = vec![0x02u8; 1_000_000];
    deep.push(0x00);
    let err = from_slice::<Node>(&deep, &s).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::Depth,
                ..
            }
        ),
        "{err}"
    );
    assert!(from_slice::<serde_json::Value>(&deep, &s).is_err());
    assert!(from_slice::<serde::de::IgnoredAny>(&deep, &s).is_err());
    // Within the limit it reads.
    let mut ok = vec![0x02u8; 100];
    ok.push(0x00);
    assert!(from_slice::<Node>(&ok, &s).is_ok());
    // Nested arrays too.
    let arrays = Schema::parse(
        r#"{"type": "record", "name": "A", "fields": [
        {"name": "a", "type": {"type": "array", "items": "A"}}]}"#,
    )
    .unwrap();
    let nested = vec![0x02u8; 1_000_000];
    assert!(from_slice::<serde_json::Value>(&nested, &arrays).is_err());
}

#[test]
fn random_input_never_panics() {
    let (schema, _) = event();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 64) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        let _ = from_slice::<Event>(&bytes, &schema);
        let _ = from_slice::<serde_json::Value>(&bytes, &schema);
    }
}

/// A hand-written visitor that asks for more values than a record has
/// gets an error, not a panic.
#[test]
fn a_visitor_asking_past_the_last_field() {
    struct Greedy;
    impl<'de> serde::Deserialize<'de> for Greedy {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Greedy;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a record")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Greedy, A::Error> {
                    loop {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
            d.deserialize_map(V)
        }
    }
    let s = Schema::parse(
        r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}"#,
    )
    .unwrap();
    assert!(from_slice::<Greedy>(&[0x02], &s).is_err());
}
