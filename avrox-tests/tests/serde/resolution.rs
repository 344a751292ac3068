//! Resolution into serde types (`avrox::serde::from_slice_with_writer` and
//! `avrox::serde::Plan`): every rule of the specification, each checked
//! against the generic path (`resolve::Plan::decode`, then `from_value`)
//! and, where a derived type says the same, against
//! `avrox::from_slice_with_writer`; hostile input under a plan; borrowing.

use std::collections::BTreeMap;

use avrox::binary::{Limits, SliceReader};
use avrox::serde::{Plan, from_slice, from_slice_with_writer, from_value, to_vec};
use avrox::{Avro, AvroSchema, ErrorKind, Schema, Value};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

fn schema(json: &str) -> Schema {
    Schema::parse(json).unwrap()
}

/// Resolves `bytes`, written with `w`, into `T` as `r`: through the
/// serde plan, checked to agree with the generic path.
fn resolve_bytes<T>(bytes: &[u8], w: &Schema, r: &Schema) -> T
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let got: T = from_slice_with_writer(bytes, w, r).unwrap_or_else(|e| panic!("{e}"));
    let plan = Plan::new(w, r).unwrap();
    assert_eq!(plan.decode::<T>(bytes).unwrap(), got);
    let generic = avrox::resolve::Plan::new(w, r)
        .unwrap()
        .decode(bytes)
        .unwrap();
    assert_eq!(
        from_value::<T>(&generic, r).unwrap(),
        got,
        "the plan's steps and the generic path disagree"
    );
    got
}

/// [`resolve_bytes`] of `value` written with `writer`.
fn resolve<T>(writer: &str, reader: &str, value: Value) -> T
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let (w, r) = (schema(writer), schema(reader));
    let bytes = value.to_bytes(&w).unwrap();
    resolve_bytes(&bytes, &w, &r)
}

/// [`resolve`] into a type that also derives `Avro`, read as its own
/// schema: the derived path must give the same value.
fn resolve_derived<T>(writer: &str, value: Value) -> T
where
    T: DeserializeOwned + AvroSchema + avrox::DecodeOwned + PartialEq + std::fmt::Debug,
{
    let w = schema(writer);
    let bytes = value.to_bytes(&w).unwrap();
    let got: T = resolve_bytes(&bytes, &w, T::schema());
    let derived: T = avrox::from_slice_with_writer(&bytes, &w).unwrap();
    assert_eq!(derived, got, "the serde and the derived paths disagree");
    got
}

#[test]
fn promotions() {
    assert_eq!(resolve_derived::<i64>(r#""int""#, Value::Int(-5)), -5);
    assert_eq!(resolve_derived::<f32>(r#""int""#, Value::Int(7)), 7.0);
    assert_eq!(resolve_derived::<f64>(r#""int""#, Value::Int(-7)), -7.0);
    assert_eq!(
        resolve_derived::<f32>(r#""long""#, Value::Long(1 << 40)),
        1099511627776.0
    );
    assert_eq!(resolve_derived::<f64>(r#""long""#, Value::Long(3)), 3.0);
    assert_eq!(resolve_derived::<f64>(r#""float""#, Value::Float(1.5)), 1.5);
    // Strings and bytes both ways.
    assert_eq!(
        resolve_derived::<String>(r#""bytes""#, Value::Bytes(b"abc".to_vec())),
        "abc"
    );
    assert_eq!(
        resolve::<ByteBuf>(r#""string""#, r#""bytes""#, Value::from("abc")),
        ByteBuf::from(b"abc".to_vec())
    );
    // Bytes that are not UTF-8 are no string.
    let err = from_slice_with_writer::<String>(
        &[0x02, 0xff],
        &schema(r#""bytes""#),
        &schema(r#""string""#),
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidUtf8 { .. }), "{err}");
    // A promoted int that the Rust type cannot hold is serde's error.
    assert!(
        from_slice_with_writer::<u8>(&[0x80, 0x04], &schema(r#""int""#), &schema(r#""long""#))
            .is_err()
    );
}

#[derive(Avro, Serialize, Deserialize, Debug, PartialEq)]
#[avro(name = "User")]
struct UserV2 {
    id: i64,
    #[avro(alias = "score")]
    reputation: f64,
    #[avro(default = "member".to_string())]
    role: String,
}

const USER_V1: &str = r#"{"type": "record", "name": "User", "fields": [
    {"name": "score", "type": "int"},
    {"name": "id", "type": "int"},
    {"name": "email", "type": "string"}
]}"#;

fn user_v1(id: i32) -> Value {
    Value::record([
        ("score", Value::Int(40)),
        ("id", Value::Int(id)),
        ("email", Value::from("a@b.c")),
    ])
}

/// Fields reordered, renamed by an alias, promoted, dropped (`email`)
/// and added with a default (`role`): as a map of names (the writer's
/// order is not the struct's) and, below, as a sequence.
#[test]
fn records_reordered_renamed_skipped_and_defaulted() {
    let u: UserV2 = resolve_derived(USER_V1, user_v1(7));
    assert_eq!(
        u,
        UserV2 {
            id: 7,
            reputation: 40.0,
            role: "member".into()
        }
    );
    // In the reader's order, the writer-only field last: a sequence.
    let w = r#"{"type": "record", "name": "User", "fields": [
        {"name": "id", "type": "int"},
        {"name": "score", "type": "float"},
        {"name": "gone", "type": {"type": "array", "items": "string"}}
    ]}"#;
    let v = Value::record([
        ("id", Value::Int(1)),
        ("score", Value::Float(0.5)),
        ("gone", Value::array(vec![Value::from("x")])),
    ]);
    let u: UserV2 = resolve_derived(w, v);
    assert_eq!(u.reputation, 0.5);
    assert_eq!(u.role, "member");
}

/// Writer-only fields of every kind, nested, are skipped byte for byte.
#[test]
fn writer_only_fields_of_every_kind_are_skipped() {
    let writer = r#"{"type": "record", "name": "R", "fields": [
        {"name": "rec", "type": {"type": "record", "name": "In", "fields": [
            {"name": "a", "type": "string"},
            {"name": "b", "type": {"type": "array", "items": "long"}}]}},
        {"name": "keep", "type": "int"},
        {"name": "arr", "type": {"type": "array", "items": "In"}},
        {"name": "map", "type": {"type": "map", "values": ["null", "In", "double"]}},
        {"name": "uni", "type": ["null", "string", "In"]},
        {"name": "fix", "type": {"type": "fixed", "name": "F", "size": 3}},
        {"name": "tail", "type": "string"}
    ]}"#;
    let reader = r#"{"type": "record", "name": "R", "fields": [
        {"name": "keep", "type": "long"}, {"name": "tail", "type": "string"}]}"#;
    let inner = || {
        Value::record([
            ("a", Value::from("xyz")),
            ("b", Value::array(vec![Value::Long(1), Value::Long(-1)])),
        ])
    };
    let v = Value::record([
        ("rec", inner()),
        ("keep", Value::Int(42)),
        ("arr", Value::array(vec![inner(), inner()])),
        (
            "map",
            Value::map([
                ("k", Value::Union(1, Box::new(inner()))),
                ("l", Value::Union(2, Box::new(Value::Double(2.0)))),
            ]),
        ),
        ("uni", Value::Union(2, Box::new(inner()))),
        ("fix", Value::Fixed(vec![1, 2, 3])),
        ("tail", Value::from("end")),
    ]);
    #[derive(Deserialize, Debug, PartialEq)]
    struct R {
        keep: i64,
        tail: String,
    }
    let r: R = resolve(writer, reader, v);
    assert_eq!(
        r,
        R {
            keep: 42,
            tail: "end".into()
        }
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Inner {
    x: i32,
    y: String,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Suit {
    Hearts,
    Spades,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Defaults {
    id: i32,
    null: (),
    boolean: bool,
    int: i32,
    long: i64,
    float: f32,
    double: f64,
    bytes: ByteBuf,
    string: String,
    record: Inner,
    suit: Suit,
    optional: Option<String>,
    string_first: Option<String>,
    array: Vec<i64>,
    map: BTreeMap<String, Inner>,
    fixed: ByteBuf,
    date: i32,
    timestamp: i64,
    decimal: ByteBuf,
    uuid: String,
}

/// The reader's fields the writer lacks, of every type, from their
/// defaults (each a `Value` of the plan, read through the Value
/// deserializer).
#[test]
fn reader_only_fields_of_every_type_take_their_defaults() {
    let writer = r#"{"type": "record", "name": "D", "fields": [{"name": "id", "type": "int"}]}"#;
    let reader = r#"{"type": "record", "name": "D", "fields": [
        {"name": "id", "type": "int"},
        {"name": "null", "type": "null", "default": null},
        {"name": "boolean", "type": "boolean", "default": true},
        {"name": "int", "type": "int", "default": -3},
        {"name": "long", "type": "long", "default": 1099511627776},
        {"name": "float", "type": "float", "default": 0.5},
        {"name": "double", "type": "double", "default": -2.25},
        {"name": "bytes", "type": "bytes", "default": "\u0000\u00ff"},
        {"name": "string", "type": "string", "default": "s"},
        {"name": "record", "type": {"type": "record", "name": "Inner", "fields": [
            {"name": "x", "type": "int"}, {"name": "y", "type": "string", "default": "why"}]},
            "default": {"x": 9}},
        {"name": "suit", "type": {"type": "enum", "name": "Suit", "symbols": ["Hearts", "Spades"]},
            "default": "Spades"},
        {"name": "optional", "type": ["null", "string"], "default": null},
        {"name": "string_first", "type": ["string", "null"], "default": "first"},
        {"name": "array", "type": {"type": "array", "items": "long"}, "default": [1, 2]},
        {"name": "map", "type": {"type": "map", "values": "Inner"},
            "default": {"k": {"x": 1, "y": "one"}}},
        {"name": "fixed", "type": {"type": "fixed", "name": "F", "size": 2}, "default": "ab"},
        {"name": "date", "type": {"type": "int", "logicalType": "date"}, "default": 19000},
        {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"},
            "default": 1700000000000},
        {"name": "decimal", "type": {"type": "bytes", "logicalType": "decimal",
            "precision": 5, "scale": 2}, "default": "\u0001\u0000"},
        {"name": "uuid", "type": {"type": "string", "logicalType": "uuid"},
            "default": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}
    ]}"#;
    let d: Defaults = resolve(writer, reader, Value::record([("id", Value::Int(5))]));
    assert_eq!(
        d,
        Defaults {
            id: 5,
            null: (),
            boolean: true,
            int: -3,
            long: 1 << 40,
            float: 0.5,
            double: -2.25,
            bytes: ByteBuf::from(vec![0, 255]),
            string: "s".into(),
            record: Inner {
                x: 9,
                y: "why".into()
            },
            suit: Suit::Spades,
            optional: None,
            string_first: Some("first".into()),
            array: vec![1, 2],
            map: [(
                "k".to_owned(),
                Inner {
                    x: 1,
                    y: "one".into()
                }
            )]
            .into(),
            fixed: ByteBuf::from(b"ab".to_vec()),
            date: 19000,
            timestamp: 1_700_000_000_000,
            decimal: ByteBuf::from(vec![1, 0]),
            uuid: "6ba7b810-9dad-11d1-80b4-00c04fd430c8".into(),
        }
    );
}

#[derive(Avro, Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
#[avro(name = "Colour")]
enum Colour {
    Red,
    Blue,
    #[avro(default)]
    Other,
}

/// Enum symbols by name, in another order; an unknown one to the
/// reader's default, or an error without one.
#[test]
fn enum_symbols_map_with_a_default() {
    let writer = r#"{"type": "enum", "name": "Colour", "symbols": ["Blue", "Green", "Red"]}"#;
    for (index, expected) in [(0, Colour::Blue), (1, Colour::Other), (2, Colour::Red)] {
        let symbol = ["Blue", "Green", "Red"][index];
        let got: Colour = resolve_derived(writer, Value::Enum(index as u32, symbol.into()));
        assert_eq!(got, expected);
    }
    let strict = r#"{"type": "enum", "name": "Colour", "symbols": ["Red", "Blue"]}"#;
    let err =
        from_slice_with_writer::<Colour>(&[0x02], &schema(writer), &schema(strict)).unwrap_err();
    assert!(err.to_string().contains("'Green'"), "{err}");
    // As a string too.
    let s: String = resolve(writer, strict, Value::Enum(2, "Red".into()));
    assert_eq!(s, "Red");
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Scalar {
    Long(i64),
    String(String),
}

/// Variants that name no branch pair with the branches no variant names
/// in order, unit variants included: the unit variant goes last, and
/// reads from a string holding its name.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Cell {
    Text(String),
    Count(i64),
    Empty,
}

/// Unions on either side: a writer's union read as one of its branches'
/// types, a plain value put into a reader's union (an `Option`, a unit
/// enum, a newtype variant), and union to union with the branches in
/// another order.
#[test]
fn unions_on_either_side() {
    // Writer union, reader plain.
    let long = r#""long""#;
    assert_eq!(
        resolve::<i64>(
            r#"["int", "long"]"#,
            long,
            Value::Union(0, Box::new(Value::Int(3)))
        ),
        3
    );
    assert_eq!(
        resolve_derived::<i64>(
            r#"["int", "long"]"#,
            Value::Union(1, Box::new(Value::Long(4)))
        ),
        4
    );
    // A branch the reader cannot read is an error when the data takes it.
    let w = schema(r#"["null", "int"]"#);
    let err = from_slice_with_writer::<i64>(&[0x00], &w, &schema(long)).unwrap_err();
    assert!(err.to_string().contains("cannot read"), "{err}");

    // Writer plain, reader union: an Option.
    let opt = r#"["null", "long"]"#;
    assert_eq!(
        resolve::<Option<i64>>(r#""int""#, opt, Value::Int(9)),
        Some(9)
    );
    assert_eq!(
        resolve_derived::<Option<i64>>(r#""int""#, Value::Int(9)),
        Some(9)
    );
    assert_eq!(resolve::<Option<i64>>(r#""null""#, opt, Value::Null), None);
    assert_eq!(
        resolve::<Option<i64>>(r#""int""#, r#"["long", "null"]"#, Value::Int(2)),
        Some(2)
    );
    // A unit enum in an Option, and a plain enum into a union with it.
    let colour = r#"{"type": "enum", "name": "Colour", "symbols": ["Blue", "Red"]}"#;
    let with_null = r#"["null", {"type": "enum", "name": "Colour",
        "symbols": ["Red", "Blue", "Other"], "default": "Other"}]"#;
    assert_eq!(
        resolve::<Option<Colour>>(colour, with_null, Value::Enum(1, "Red".into())),
        Some(Colour::Red)
    );
    assert_eq!(
        resolve_derived::<Option<Colour>>(colour, Value::Enum(0, "Blue".into())),
        Some(Colour::Blue)
    );
    // Newtype variants: the branch named like the variant.
    let scalar = r#"["string", "long"]"#;
    assert_eq!(
        resolve::<Scalar>(r#""int""#, scalar, Value::Int(5)),
        Scalar::Long(5)
    );
    assert_eq!(
        resolve::<Scalar>(r#""bytes""#, scalar, Value::Bytes(b"hi".to_vec())),
        Scalar::String("hi".into())
    );
    // Unit and newtype variants over a union of null, string and long,
    // by position where no branch is named like the variant.
    let cell = r#"["null", "string", "long"]"#;
    assert_eq!(
        resolve::<Cell>(r#""int""#, cell, Value::Int(3)),
        Cell::Count(3)
    );
    assert_eq!(
        resolve::<Cell>(r#""string""#, cell, Value::from("t")),
        Cell::Text("t".into())
    );
    assert_eq!(
        resolve::<Cell>(r#""string""#, cell, Value::from("Empty")),
        Cell::Empty
    );

    // Union to union, the branches in another order, one promoted.
    let w = r#"["null", "int", "string"]"#;
    let r = r#"["string", "long", "null"]"#;
    assert_eq!(
        resolve::<Option<Scalar>>(w, r, Value::Union(0, Box::new(Value::Null))),
        None
    );
    assert_eq!(
        resolve::<Option<Scalar>>(w, r, Value::Union(1, Box::new(Value::Int(8)))),
        Some(Scalar::Long(8))
    );
    assert_eq!(
        resolve::<Option<Scalar>>(w, r, Value::Union(2, Box::new(Value::from("s")))),
        Some(Scalar::String("s".into()))
    );
    assert_eq!(
        resolve::<Option<String>>(w, r, Value::Union(2, Box::new(Value::from("s")))),
        Some("s".into())
    );
    assert_eq!(
        resolve::<serde_json::Value>(w, r, Value::Union(1, Box::new(Value::Int(8)))),
        8
    );
    // The unit-and-text enum of the mapping, through resolution.
    let kind = r#"{"type": "enum", "name": "Kind", "symbols": ["Empty", "Other"]}"#;
    let r = format!(r#"["null", "string", {kind}]"#);
    assert_eq!(
        resolve::<Option<Cell>>(kind, &r, Value::Enum(0, "Empty".into())),
        Some(Cell::Empty)
    );
    assert_eq!(
        resolve::<Option<Cell>>(r#""bytes""#, &r, Value::Bytes(b"z".to_vec())),
        Some(Cell::Text("z".into()))
    );
}

#[derive(Avro, Serialize, Deserialize, Debug, PartialEq)]
#[avro(name = "Point")]
struct Point {
    x: f64,
    y: f64,
    #[avro(default = 1.0)]
    z: f64,
}

/// Arrays and maps of resolved records (promoted fields, a default).
#[test]
fn arrays_and_maps_of_resolved_records() {
    let point = r#"{"type": "record", "name": "Point", "fields": [
        {"name": "y", "type": "int"}, {"name": "x", "type": "float"}]}"#;
    let p = |x: f32, y: i32| Value::record([("y", Value::Int(y)), ("x", Value::Float(x))]);
    let array = format!(r#"{{"type": "array", "items": {point}}}"#);
    let got: Vec<Point> = resolve_derived(&array, Value::array(vec![p(0.5, 1), p(1.5, -2)]));
    assert_eq!(
        got,
        [
            Point {
                x: 0.5,
                y: 1.0,
                z: 1.0
            },
            Point {
                x: 1.5,
                y: -2.0,
                z: 1.0
            }
        ]
    );
    let map = format!(r#"{{"type": "map", "values": {point}}}"#);
    let got: BTreeMap<String, Point> = resolve_derived(&map, Value::map([("a", p(2.0, 3))]));
    assert_eq!(
        got["a"],
        Point {
            x: 2.0,
            y: 3.0,
            z: 1.0
        }
    );
    // A tuple from an array of promoted items; a longer array is refused.
    let ints = r#"{"type": "array", "items": "int"}"#;
    let longs = r#"{"type": "array", "items": "long"}"#;
    let two = Value::array(vec![Value::Int(1), Value::Int(2)]);
    assert_eq!(resolve::<(i64, i64)>(ints, longs, two.clone()), (1, 2));
    let bytes = two.to_bytes(&schema(ints)).unwrap();
    assert!(from_slice_with_writer::<(i64,)>(&bytes, &schema(ints), &schema(longs)).is_err());
}

#[derive(Avro, Serialize, Deserialize, Debug, PartialEq)]
#[avro(name = "Node")]
struct Node {
    value: i64,
    #[avro(default = String::new())]
    label: String,
    next: Option<Box<Node>>,
}

const NODE_V1: &str = r#"{"type": "record", "name": "Node", "fields": [
    {"name": "value", "type": "int"},
    {"name": "next", "type": ["null", "Node"]}]}"#;

fn list_v1(values: &[i32]) -> Value {
    values
        .iter()
        .rev()
        .fold(Value::Union(0, Box::new(Value::Null)), |next, &v| {
            Value::Union(
                1,
                Box::new(Value::record([("value", Value::Int(v)), ("next", next)])),
            )
        })
}

/// A linked list written by an older version of its recursive record.
#[test]
fn recursive_types_across_versions() {
    let Value::Union(_, head) = list_v1(&[1, 2, 3]) else {
        unreachable!()
    };
    let node: Node = resolve_derived(NODE_V1, *head);
    let values: Vec<i64> = std::iter::successors(Some(&node), |n| n.next.as_deref())
        .map(|n| n.value)
        .collect();
    assert_eq!(values, [1, 2, 3]);
    assert!(std::iter::successors(Some(&node), |n| n.next.as_deref()).all(|n| n.label.is_empty()));
}

/// Where the bytes are the reader's, the resolving path lends `&str`
/// and `&[u8]` out of the input, as `from_slice` does: under an identity
/// plan, and in the fields a plan reads as they are.
#[test]
fn borrowed_reads() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Line<'a> {
        id: i64,
        text: &'a str,
        #[serde(borrow)]
        raw: &'a [u8],
    }
    let v1 = schema(
        r#"{"type": "record", "name": "Line", "fields": [
        {"name": "id", "type": "int"}, {"name": "text", "type": "string"},
        {"name": "raw", "type": "bytes"}]}"#,
    );
    let v2 = schema(
        r#"{"type": "record", "name": "Line", "fields": [
        {"name": "id", "type": "long"}, {"name": "text", "type": "string"},
        {"name": "raw", "type": "bytes"}]}"#,
    );
    let bytes = Value::record([
        ("id", Value::Int(1)),
        ("text", Value::from("hello")),
        ("raw", Value::Bytes(vec![7, 8])),
    ])
    .to_bytes(&v1)
    .unwrap();
    let identity = Plan::new(&v1, &v1).unwrap();
    assert!(identity.is_identity());
    let line: Line<'_> = identity.decode(&bytes).unwrap();
    assert_eq!(line.text, "hello");
    assert!(std::ptr::eq(line.text.as_ptr(), bytes[2..].as_ptr()));
    // id is promoted; text and raw are read as they are, borrowed.
    let plan = Plan::new(&v1, &v2).unwrap();
    assert!(!plan.is_identity());
    let line: Line<'_> = plan.decode(&bytes).unwrap();
    assert_eq!(
        line,
        Line {
            id: 1,
            text: "hello",
            raw: &[7, 8]
        }
    );
    assert!(std::ptr::eq(line.text.as_ptr(), bytes[2..].as_ptr()));
    let line: Line<'_> = from_slice_with_writer(&bytes, &v1, &v2).unwrap();
    assert_eq!(line.raw, [7, 8]);
}

/// Errors name the field and the byte where the value starts, as the
/// plain deserializer's do; the reader stays where it was.
#[test]
fn errors_have_the_plain_paths_and_offsets() {
    let v1 = schema(
        r#"{"type": "record", "name": "R", "fields": [
        {"name": "a", "type": "int"},
        {"name": "list", "type": {"type": "array", "items": {"type": "record", "name": "I",
            "fields": [{"name": "s", "type": "string"}]}}}]}"#,
    );
    let v2 = schema(
        r#"{"type": "record", "name": "R", "fields": [
        {"name": "a", "type": "long"},
        {"name": "list", "type": {"type": "array", "items": {"type": "record", "name": "I",
            "fields": [{"name": "s", "type": "string"},
                       {"name": "n", "type": "int", "default": 0}]}}}]}"#,
    );
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct R {
        a: i64,
        list: Vec<BTreeMap<String, serde_json::Value>>,
    }
    // a = 1, one block of two items, the second's string not UTF-8.
    let bytes = [0x02, 0x04, 0x02, b'x', 0x02, 0xff, 0x00];
    let plain = from_slice::<serde_json::Value>(&bytes, &v1).unwrap_err();
    let resolved = from_slice_with_writer::<R>(&bytes, &v1, &v2).unwrap_err();
    assert!(
        matches!(resolved.kind(), ErrorKind::InvalidUtf8 { .. }),
        "{resolved}"
    );
    assert_eq!(resolved.path(), plain.path());
    assert_eq!(resolved.offset(), plain.offset());
    assert_eq!(resolved.path(), "R.list[1].s");

    let plan = Plan::new(&v1, &v2).unwrap();
    let mut reader = SliceReader::new(&bytes);
    assert!(plan.read_next::<R>(&mut reader).is_err());
    assert_eq!(reader.position(), 0);
}

/// Every truncation of a resolved datum is an error, never a panic; so
/// is any corrupted byte an error or a value.
#[test]
fn truncated_and_corrupt_input_under_a_plan() {
    let (w, r) = (schema(USER_V1), UserV2::schema());
    let bytes = user_v1(123_456).to_bytes(&w).unwrap();
    let plan = Plan::new(&w, r).unwrap();
    for len in 0..bytes.len() {
        let err = plan.decode::<UserV2>(&bytes[..len]).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
            "{len}: {err}"
        );
        assert!(plan.decode::<serde_json::Value>(&bytes[..len]).is_err());
    }
    let Value::Union(_, head) = list_v1(&[1, 2, 3, 4]) else {
        unreachable!()
    };
    let nw = schema(NODE_V1);
    let list = head.to_bytes(&nw).unwrap();
    let plan = Plan::new(&nw, Node::schema()).unwrap();
    for len in 0..list.len() {
        assert!(plan.decode::<Node>(&list[..len]).is_err(), "{len}");
    }
    for i in 0..list.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut bad = list.clone();
            bad[i] ^= flip;
            let _ = plan.decode::<Node>(&bad);
            let _ = plan.decode::<serde_json::Value>(&bad);
        }
    }
}

fn long(v: i64) -> Vec<u8> {
    to_vec(&v, &schema(r#""long""#)).unwrap()
}

#[test]
fn bad_indexes_huge_lengths_and_deep_recursion_under_a_plan() {
    // A writer union index out of range.
    let w = schema(r#"["null", "int"]"#);
    let r = schema(r#"["null", "long"]"#);
    for index in [2, -1, i64::MAX] {
        let err = from_slice_with_writer::<Option<i64>>(&long(index), &w, &r).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::UnionIndex { .. }), "{err}");
    }
    // A writer enum index out of range.
    let we = schema(r#"{"type": "enum", "name": "Colour", "symbols": ["Red", "Blue"]}"#);
    let err = from_slice_with_writer::<Colour>(&long(5), &we, Colour::schema()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::EnumIndex { .. }), "{err}");
    // Huge block counts of promoted items, and of records of no writer
    // bytes (every field a default).
    let ints = schema(r#"{"type": "array", "items": "int"}"#);
    let longs = schema(r#"{"type": "array", "items": "long"}"#);
    let err = from_slice_with_writer::<Vec<i64>>(&long(1 << 62), &ints, &longs).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidBlockCount { .. }),
        "{err}"
    );
    let empty =
        schema(r#"{"type": "array", "items": {"type": "record", "name": "E", "fields": []}}"#);
    let filled = schema(
        r#"{"type": "array", "items": {"type": "record", "name": "E", "fields": [
        {"name": "tags", "type": {"type": "array", "items": "string"},
         "default": ["a default long enough to count"]}]}}"#,
    );
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct E {
        tags: Vec<String>,
    }
    let err = from_slice_with_writer::<Vec<E>>(&long(1 << 62), &empty, &filled).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::LimitExceeded { .. }),
        "{err}"
    );
    // 100,000 of them in four bytes: the defaults' copies are charged
    // (the items alone, 24 bytes each, would pass the limit).
    let mut many = long(100_000);
    many.push(0);
    let small = Limits::default().max_allocation(4 << 20);
    let plan = Plan::new(&empty, &filled).unwrap();
    let err = plan
        .decode_with_limits::<Vec<E>>(&many, small)
        .map(|items| items.len())
        .unwrap_err();
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
    // The item limit is the reader's.
    let mut ten = long(10);
    ten.extend([0; 10]);
    ten.push(0);
    let strict = Limits::default().max_collection_items(9);
    let plan = Plan::new(&ints, &longs).unwrap();
    assert!(plan.decode_with_limits::<Vec<i64>>(&ten, strict).is_err());
    assert_eq!(plan.decode::<Vec<i64>>(&ten).unwrap().len(), 10);

    // A million levels of an old linked list.
    let nw = schema(NODE_V1);
    let mut deep = Vec::new();
    for _ in 0..1_000_000 {
        deep.extend([0x02, 0x02]);
    }
    deep.push(0x00);
    let plan = Plan::new(&nw, Node::schema()).unwrap();
    for result in [
        plan.decode::<Node>(&deep).map(drop),
        plan.decode::<serde_json::Value>(&deep).map(drop),
        plan.decode::<serde::de::IgnoredAny>(&deep).map(drop),
    ] {
        let err = result.unwrap_err();
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
    }
}

/// Many datums one after another through one plan; the old data of a
/// container file read into serde types goes the same way.
#[test]
fn datums_one_after_another() {
    let w = schema(USER_V1);
    let mut bytes = Vec::new();
    for id in 0..3 {
        user_v1(id).encode(&w, &mut bytes).unwrap();
    }
    let plan = Plan::new(&w, UserV2::schema()).unwrap();
    let mut reader = SliceReader::new(&bytes);
    for id in 0..3 {
        assert_eq!(plan.read_next::<UserV2>(&mut reader).unwrap().id, id);
    }
    assert!(reader.is_empty());
}

// ---------------------------------------------------------------------------
// Random schemas: the three deserializers against each other
// ---------------------------------------------------------------------------

/// Whatever a deserializer hands to `deserialize_any`, kept as it came
/// (floats by their bits, so that NaNs compare).
#[derive(Debug, PartialEq)]
enum Any {
    Unit,
    Bool(bool),
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    Bytes(Vec<u8>),
    Str(String),
    Seq(Vec<Any>),
    Map(Vec<(Any, Any)>),
}

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Any;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("anything")
            }
            fn visit_unit<E>(self) -> Result<Any, E> {
                Ok(Any::Unit)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Any, E> {
                Ok(Any::Bool(v))
            }
            fn visit_i32<E>(self, v: i32) -> Result<Any, E> {
                Ok(Any::I32(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Any, E> {
                Ok(Any::I64(v))
            }
            fn visit_f32<E>(self, v: f32) -> Result<Any, E> {
                Ok(Any::F32(v.to_bits()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Any, E> {
                Ok(Any::F64(v.to_bits()))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Any, E> {
                Ok(Any::Bytes(v.to_vec()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Any, E> {
                Ok(Any::Str(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Any, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = a.next_element()? {
                    items.push(item);
                }
                Ok(Any::Seq(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Any, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = a.next_entry()? {
                    entries.push(entry);
                }
                Ok(Any::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

mod random {
    use avrox::Value;
    use avrox_tests::strategies::{config, schema_and_values, spec_json};
    use proptest::prelude::*;

    use super::{Any, from_slice, from_value};

    proptest! {
        #![proptest_config(config(256))]

        /// `from_value` hands serde what `from_slice` hands it for the
        /// value's encoding, on every type and logical type.
        #[test]
        fn the_value_deserializer_is_the_binary_one(case in schema_and_values(1..4)) {
            let s = &case.schema;
            for v in &case.values {
                let bytes = v.to_bytes(s).unwrap();
                let direct: Any = from_slice(&bytes, s).unwrap();
                let through_value: Any = from_value(v, s).unwrap();
                prop_assert_eq!(through_value, direct);
            }
        }

        /// A random type skipped as a writer-only field, and added as a
        /// reader-only field with a random default: the plan's steps give
        /// serde what the old path gave (a `Value` of the reader's schema,
        /// encoded and read plainly).
        #[test]
        fn the_plan_steps_give_what_the_old_path_gave(case in schema_and_values(1..3)) {
            let g = &case.g.json;
            for v in &case.values {
                let default = spec_json(&case.schema, case.schema.root_id(), v);
                let writer = serde_json::json!({"type": "record", "name": "ZzWrap", "fields": [
                    {"name": "pre", "type": g}, {"name": "a", "type": "int"}]});
                let reader = serde_json::json!({"type": "record", "name": "ZzWrap", "fields": [
                    {"name": "a", "type": "long"}, {"name": "new", "type": g, "default": default}]});
                let (Ok(w), Ok(r)) = (
                    avrox::Schema::parse(&writer.to_string()),
                    avrox::Schema::parse(&reader.to_string()),
                ) else {
                    // A value the default-value mapping cannot write (a
                    // union's later branch): not a default.
                    continue;
                };
                let bytes = Value::record([("pre", v.clone()), ("a", Value::Int(-7))])
                    .to_bytes(&w)
                    .unwrap();
                let plan = avrox::serde::Plan::new(&w, &r).unwrap();
                let steps: Any = plan.decode(&bytes).unwrap();
                let generic = avrox::resolve::Plan::new(&w, &r).unwrap().decode(&bytes).unwrap();
                let old: Any = from_slice(&generic.to_bytes(&r).unwrap(), &r).unwrap();
                prop_assert_eq!(steps, old);
                // Any prefix is an error.
                for end in 0..bytes.len() {
                    prop_assert!(plan.decode::<Any>(&bytes[..end]).is_err());
                }
            }
        }
    }
}
