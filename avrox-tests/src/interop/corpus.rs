//! The schemas and values the interop suite sends to every peer.
//!
//! [`datum_cases`] covers every Avro type and every logical type, each
//! case one row ("feature") of the compatibility matrix, with values at
//! the edges (zig-zag boundaries, longs beyond 2^53, negative zero, NaN,
//! non-ASCII text, pre-epoch timestamps, decimals at byte boundaries).
//! [`conformance_cases`] adds the Apache Avro project's shared schemas,
//! for canonical forms and fingerprints, and its weather records.

use std::path::Path;

use avrox::value::{Decimal, Duration, Uuid};
use avrox::{Schema, Value};

/// One schema and values of it.
#[derive(Clone, Debug)]
pub struct Case {
    /// Unique within the corpus: names the case in messages and results.
    pub id: String,
    /// The matrix row the case counts towards.
    pub feature: &'static str,
    /// The schema as sent to peers.
    pub schema_json: serde_json::Value,
    /// The schema parsed by avrox.
    pub schema: Schema,
    /// Values of the schema.
    pub values: Vec<Value>,
}

impl Case {
    /// A case from a schema in JSON text.
    ///
    /// # Panics
    /// When avrox cannot parse the schema: the corpus is made of valid ones.
    pub fn new(
        id: impl Into<String>,
        feature: &'static str,
        schema: &str,
        values: Vec<Value>,
    ) -> Case {
        let id = id.into();
        let schema_json: serde_json::Value = serde_json::from_str(schema)
            .unwrap_or_else(|e| panic!("case {id}: schema is not JSON: {e}"));
        let parsed = Schema::parse(schema).unwrap_or_else(|e| panic!("case {id}: {e}"));
        Case {
            id,
            feature,
            schema_json,
            schema: parsed,
            values,
        }
    }
}

fn union(branch: u32, v: Value) -> Value {
    Value::Union(branch, Box::new(v))
}

fn dec(unscaled: i128, scale: i32) -> Value {
    Value::Decimal(Decimal::from_i128(unscaled, scale))
}

fn uuid(text: &str) -> Value {
    Value::Uuid(text.parse::<Uuid>().expect("a valid uuid"))
}

fn long_logical(logical: &str, make: fn(i64) -> Value, values: &[i64]) -> (String, Vec<Value>) {
    (
        format!(r#"{{"type": "long", "logicalType": "{logical}"}}"#),
        values.iter().map(|v| make(*v)).collect(),
    )
}

/// A tree `depth` levels deep, each node with one child but the last.
fn deep_tree(depth: usize) -> Value {
    let mut tree = Value::record([
        ("label", Value::from("leaf")),
        ("children", Value::array(vec![])),
    ]);
    for level in 0..depth {
        tree = Value::record([
            ("label", Value::from(format!("level {level}"))),
            ("children", Value::array(vec![tree])),
        ]);
    }
    tree
}

/// A long-based logical type: its name (also the feature's), how avrox
/// holds its values, and the values.
type TimestampCase = (&'static str, &'static str, fn(i64) -> Value, Vec<i64>);

/// Milliseconds of 0001-01-01T00:00 and 9999-12-31T23:59:59.999 since the
/// epoch: the range every peer's date-time type covers.
const YEAR_1_MS: i64 = -62_135_596_800_000;
const YEAR_9999_MS: i64 = 253_402_300_799_999;

/// The corpus of datum cases: every type, every logical type.
pub fn datum_cases() -> Vec<Case> {
    let mut cases = vec![
        Case::new("null", "null", r#""null""#, vec![Value::Null]),
        Case::new(
            "boolean",
            "boolean",
            r#""boolean""#,
            vec![Value::Boolean(false), Value::Boolean(true)],
        ),
        Case::new(
            "int",
            "int",
            r#""int""#,
            [0, 1, -1, 63, -64, 64, -65, 8191, 8192, i32::MAX, i32::MIN]
                .into_iter()
                .map(Value::Int)
                .collect(),
        ),
        Case::new(
            "long",
            "long",
            r#""long""#,
            [0, -1, 1 << 31, -(1 << 31) - 1, i64::MAX, i64::MIN]
                .into_iter()
                .map(Value::Long)
                .collect(),
        ),
        Case::new(
            "long-beyond-2^53",
            "long beyond 2^53",
            r#""long""#,
            [(1 << 53) + 1, -(1 << 53) - 1, 1_234_567_890_123_456_789]
                .into_iter()
                .map(Value::Long)
                .collect(),
        ),
        Case::new(
            "float",
            "float",
            r#""float""#,
            [
                0.0,
                -0.0,
                1.5,
                0.1,
                f32::MIN_POSITIVE,
                1e-45,
                f32::MAX,
                f32::MIN,
            ]
            .into_iter()
            .map(Value::Float)
            .collect(),
        ),
        Case::new(
            "double",
            "double",
            r#""double""#,
            [0.0, -0.0, 0.1, 1e300, f64::MIN_POSITIVE, 5e-324, f64::MAX]
                .into_iter()
                .map(Value::Double)
                .collect(),
        ),
        Case::new(
            "float-nonfinite",
            "float/double NaN and infinities",
            r#"{"type": "record", "name": "NonFinite", "fields": [
                {"name": "f", "type": "float"}, {"name": "d", "type": "double"}]}"#,
            [f64::NAN, f64::INFINITY, f64::NEG_INFINITY]
                .into_iter()
                .map(|v| Value::record([("f", Value::Float(v as f32)), ("d", Value::Double(v))]))
                .collect(),
        ),
        Case::new(
            "bytes",
            "bytes",
            r#""bytes""#,
            vec![
                Value::Bytes(vec![]),
                Value::Bytes(vec![0, 0xff, 0x80, 0x7f]),
                Value::Bytes((0..=255).collect()),
            ],
        ),
        Case::new(
            "string",
            "string",
            r#""string""#,
            [
                "",
                "foo",
                "héllo wörld ✓",
                "😀 astral",
                "quote \" backslash \\ newline \n nul \u{0}",
            ]
            .into_iter()
            .map(Value::from)
            .chain([Value::String("ünïcödé ".repeat(100))])
            .collect(),
        ),
        Case::new(
            "record",
            "record (nested, namespaced)",
            r#"{"type": "record", "name": "Outer", "namespace": "org.example", "fields": [
                {"name": "id", "type": "long"},
                {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [
                    {"name": "x", "type": "double"}, {"name": "label", "type": "string"}]}},
                {"name": "other", "type": {"type": "record", "name": "other.ns.Other", "fields": [
                    {"name": "flag", "type": "boolean"}]}},
                {"name": "again", "type": "Inner"},
                {"name": "empty", "type": {"type": "record", "name": "Empty", "fields": []}}
            ]}"#,
            vec![Value::record([
                ("id", Value::Long(-7)),
                (
                    "inner",
                    Value::record([("x", Value::Double(2.5)), ("label", Value::from("in"))]),
                ),
                ("other", Value::record([("flag", Value::Boolean(true))])),
                (
                    "again",
                    Value::record([("x", Value::Double(-0.5)), ("label", Value::from(""))]),
                ),
                ("empty", Value::record::<&str>([])),
            ])],
        ),
        Case::new(
            "enum",
            "enum",
            r#"{"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS", "DIAMONDS", "CLUBS"]}"#,
            vec![
                Value::Enum(0, "SPADES".into()),
                Value::Enum(3, "CLUBS".into()),
            ],
        ),
        Case::new(
            "array",
            "array",
            r#"{"type": "array", "items": "long"}"#,
            vec![
                Value::array(vec![]),
                Value::array(vec![Value::Long(1), Value::Long(-2), Value::Long(i64::MAX)]),
                Value::Array((0..200).map(Value::Long).collect()),
            ],
        ),
        Case::new(
            "array-of-arrays",
            "array",
            r#"{"type": "array", "items": {"type": "array", "items": "string"}}"#,
            vec![Value::array(vec![
                Value::array(vec![]),
                Value::array(vec![Value::from("a"), Value::from("b")]),
            ])],
        ),
        Case::new(
            "map",
            "map",
            r#"{"type": "map", "values": "string"}"#,
            vec![
                Value::map::<&str>([]),
                Value::map([("a", Value::from("x"))]),
                Value::map([("key", Value::from("v")), ("ünï", Value::from("w"))]),
            ],
        ),
        Case::new(
            "map-large",
            "map",
            r#"{"type": "map", "values": {"type": "array", "items": "string"}}"#,
            vec![Value::Map(
                (0..100)
                    .map(|i| {
                        (
                            format!("key-{i}"),
                            Value::array(vec![Value::from(format!("v{i}"))]),
                        )
                    })
                    .collect(),
            )],
        ),
        Case::new(
            "map-integer-keys",
            "map with integer-like keys",
            r#"{"type": "map", "values": "int"}"#,
            vec![Value::map([
                ("b", Value::Int(1)),
                ("10", Value::Int(2)),
                ("2", Value::Int(3)),
            ])],
        ),
        Case::new(
            "union-nullable",
            "union",
            r#"["null", "string"]"#,
            vec![union(0, Value::Null), union(1, Value::from("x"))],
        ),
        Case::new(
            "union-every-kind",
            "union",
            r#"["null", "boolean", "int", "double", "string", "bytes",
                {"type": "record", "name": "U", "fields": [{"name": "a", "type": "int"}]},
                {"type": "enum", "name": "E", "symbols": ["X", "Y"]},
                {"type": "fixed", "name": "F", "size": 2},
                {"type": "array", "items": "int"},
                {"type": "map", "values": "int"}]"#,
            vec![
                union(0, Value::Null),
                union(1, Value::Boolean(true)),
                union(2, Value::Int(-3)),
                union(3, Value::Double(2.5)),
                union(4, Value::from("s")),
                union(5, Value::Bytes(vec![1, 2])),
                union(6, Value::record([("a", Value::Int(1))])),
                union(7, Value::Enum(1, "Y".into())),
                union(8, Value::Fixed(vec![9, 8])),
                union(9, Value::array(vec![Value::Int(4)])),
                union(10, Value::map([("k", Value::Int(5))])),
            ],
        ),
        Case::new(
            "union-records",
            "union of records",
            r#"[{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}]},
                {"type": "record", "name": "B", "fields": [{"name": "y", "type": "string"}]}]"#,
            vec![
                union(0, Value::record([("x", Value::Int(1))])),
                union(1, Value::record([("y", Value::from("b"))])),
            ],
        ),
        Case::new(
            "union-int-long",
            "union of int and long",
            r#"["int", "long"]"#,
            vec![union(0, Value::Int(5)), union(1, Value::Long(5))],
        ),
        Case::new(
            "enum-many-symbols",
            "enum",
            &format!(
                r#"{{"type": "enum", "name": "Many", "symbols": [{}]}}"#,
                (0..100)
                    .map(|i| format!(r#""S{i}""#))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            vec![
                Value::Enum(63, "S63".into()),
                Value::Enum(64, "S64".into()),
                Value::Enum(99, "S99".into()),
            ],
        ),
        Case::new(
            "fixed-empty",
            "fixed",
            r#"{"type": "fixed", "name": "Nothing", "size": 0}"#,
            vec![Value::Fixed(vec![])],
        ),
        Case::new(
            "fixed",
            "fixed",
            r#"{"type": "fixed", "name": "md5", "namespace": "org.example", "size": 16}"#,
            vec![
                Value::Fixed((0..16).collect()),
                Value::Fixed(vec![0xff; 16]),
            ],
        ),
        Case::new(
            "recursive",
            "recursive record",
            r#"{"type": "record", "name": "LongList", "fields": [
                {"name": "value", "type": "long"},
                {"name": "next", "type": ["null", "LongList"]}]}"#,
            vec![Value::record([
                ("value", Value::Long(1)),
                (
                    "next",
                    union(
                        1,
                        Value::record([("value", Value::Long(2)), ("next", union(0, Value::Null))]),
                    ),
                ),
            ])],
        ),
        Case::new(
            "recursive-deep",
            "recursive record",
            r#"{"type": "record", "name": "Tree", "fields": [
                {"name": "label", "type": "string"},
                {"name": "children", "type": {"type": "array", "items": "Tree"}}]}"#,
            vec![deep_tree(40)],
        ),
        Case::new(
            "decimal-bytes",
            "decimal (bytes)",
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 20, "scale": 2}"#,
            [
                0,
                1,
                -1,
                127,
                128,
                -128,
                -129,
                -150,
                1_234_567_890,
                99_999_999_999_999_999_999,
            ]
            .into_iter()
            .map(|u| dec(u, 2))
            .collect(),
        ),
        Case::new(
            "decimal-fixed",
            "decimal (fixed)",
            r#"{"type": "fixed", "name": "Money", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 4}"#,
            [0, 1, -1, 12_345, -987_654_321_012_345_678]
                .into_iter()
                .map(|u| dec(u, 4))
                .collect(),
        ),
        Case::new(
            "decimal-fixed-16",
            "decimal (fixed)",
            r#"{"type": "fixed", "name": "Wide", "size": 16, "logicalType": "decimal", "precision": 38, "scale": 10}"#,
            vec![
                dec(99_999_999_999_999_999_999_999_999_999_999_999_999, 10),
                dec(-99_999_999_999_999_999_999_999_999_999_999_999_999, 10),
                dec(-1, 10),
            ],
        ),
        Case::new(
            "decimal-small-scale",
            "decimal (bytes)",
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 30, "scale": 25}"#,
            vec![dec(1, 25), dec(-123_456_789, 25)],
        ),
        Case::new(
            "decimal-scale-0",
            "decimal (bytes)",
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 4}"#,
            vec![dec(9999, 0), dec(-9999, 0)],
        ),
        Case::new(
            "big-decimal",
            "big-decimal",
            r#"{"type": "bytes", "logicalType": "big-decimal"}"#,
            vec![
                Value::BigDecimal(Decimal::from_i128(-150, 2)),
                Value::BigDecimal(Decimal::from_i128(12, -3)),
            ],
        ),
        Case::new(
            "uuid-string",
            "uuid (string)",
            r#"{"type": "string", "logicalType": "uuid"}"#,
            vec![
                uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
                uuid("00000000-0000-0000-0000-000000000000"),
            ],
        ),
        Case::new(
            "uuid-fixed",
            "uuid (fixed)",
            r#"{"type": "fixed", "name": "Id", "size": 16, "logicalType": "uuid"}"#,
            vec![uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8")],
        ),
        Case::new(
            "date",
            "date",
            r#"{"type": "int", "logicalType": "date"}"#,
            // 0001-01-01 and 9999-12-31: the range of Python's date.
            [0, -1, 19_000, -719_162, 2_932_896]
                .into_iter()
                .map(Value::Date)
                .collect(),
        ),
        Case::new(
            "time-millis",
            "time-millis",
            r#"{"type": "int", "logicalType": "time-millis"}"#,
            [0, 1, 86_399_999]
                .into_iter()
                .map(Value::TimeMillis)
                .collect(),
        ),
        Case::new(
            "time-micros",
            "time-micros",
            r#"{"type": "long", "logicalType": "time-micros"}"#,
            [0, 1, 86_399_999_999]
                .into_iter()
                .map(Value::TimeMicros)
                .collect(),
        ),
        Case::new(
            "duration",
            "duration",
            r#"{"type": "fixed", "name": "Period", "size": 12, "logicalType": "duration"}"#,
            vec![
                Value::Duration(Duration::new(1, 2, 3)),
                Value::Duration(Duration::new(u32::MAX, 0, u32::MAX)),
            ],
        ),
    ];
    let timestamps: [TimestampCase; 6] = [
        (
            "timestamp-millis",
            "timestamp-millis",
            Value::TimestampMillis,
            vec![0, -1, 1_700_000_000_123, YEAR_1_MS, YEAR_9999_MS],
        ),
        (
            "timestamp-micros",
            "timestamp-micros",
            Value::TimestampMicros,
            vec![
                0,
                -1,
                1_700_000_000_123_456,
                YEAR_1_MS * 1000,
                YEAR_9999_MS * 1000 + 999,
            ],
        ),
        (
            "timestamp-nanos",
            "timestamp-nanos",
            Value::TimestampNanos,
            vec![0, -1, 1_700_000_000_123_456_789, i64::MAX, i64::MIN],
        ),
        (
            "local-timestamp-millis",
            "local-timestamp-millis",
            Value::LocalTimestampMillis,
            vec![0, -1, 1_700_000_000_123, YEAR_1_MS, YEAR_9999_MS],
        ),
        (
            "local-timestamp-micros",
            "local-timestamp-micros",
            Value::LocalTimestampMicros,
            vec![
                0,
                -1,
                1_700_000_000_123_456,
                YEAR_1_MS * 1000,
                YEAR_9999_MS * 1000 + 999,
            ],
        ),
        (
            "local-timestamp-nanos",
            "local-timestamp-nanos",
            Value::LocalTimestampNanos,
            vec![0, -1, 1_700_000_000_123_456_789, i64::MAX, i64::MIN],
        ),
    ];
    for (logical, feature, make, values) in timestamps {
        let (schema, values) = long_logical(logical, make, &values);
        cases.push(Case::new(logical, feature, &schema, values));
    }
    cases.extend(attribute_cases());
    cases.push(Case::new(
        "logical-in-record",
        "logical types in a record and union",
        r#"{"type": "record", "name": "Event", "namespace": "com.acme", "fields": [
            {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
            {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
            {"name": "price", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 3}]},
            {"name": "id", "type": {"type": "string", "logicalType": "uuid"}}
        ]}"#,
        vec![Value::record([
            ("at", Value::TimestampMicros(1_700_000_000_000_001)),
            ("day", union(1, Value::Date(19_675))),
            ("price", union(1, dec(-1_500, 3))),
            ("id", uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8")),
        ])],
    ));
    cases
}

/// Bytes that are no datum of their schema, which every reader should
/// refuse.
#[derive(Clone, Debug)]
pub struct InvalidCase {
    /// Unique within the corpus.
    pub id: &'static str,
    /// The matrix row it counts towards.
    pub feature: &'static str,
    /// The schema as sent to peers.
    pub schema_json: serde_json::Value,
    /// The schema parsed by avrox.
    pub schema: Schema,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The feature row of truncated input.
pub const TRUNCATED: &str = "refuses truncated input";
/// The feature row of bytes outside the specification's ranges.
pub const RANGES: &str = "refuses bytes out of range";
/// The feature row of varints too long or too large for their type.
pub const VARINTS: &str = "refuses over-long varints";

/// The invalid input every reader should refuse: truncated data, bytes
/// out of the specification's ranges, varints too long for their type.
pub fn invalid_cases() -> Vec<InvalidCase> {
    let make = |id, feature, schema: &str, bytes: &[u8]| InvalidCase {
        id,
        feature,
        schema_json: serde_json::from_str(schema).expect("a JSON schema"),
        schema: Schema::parse(schema).expect("a valid schema"),
        bytes: bytes.to_vec(),
    };
    vec![
        make("truncated-varint", TRUNCATED, r#""int""#, &[0x80]),
        make(
            "truncated-string",
            TRUNCATED,
            r#""string""#,
            &[0x0a, b'a', b'b'],
        ),
        make("truncated-bytes", TRUNCATED, r#""bytes""#, &[0x0a, 1, 2]),
        make(
            "truncated-fixed",
            TRUNCATED,
            r#"{"type": "fixed", "name": "F", "size": 4}"#,
            &[1, 2],
        ),
        make(
            "truncated-record",
            TRUNCATED,
            r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},
                {"name": "b", "type": "double"}]}"#,
            &[0x02, 0, 0, 0],
        ),
        make(
            "truncated-array",
            TRUNCATED,
            r#"{"type": "array", "items": "long"}"#,
            &[0x06, 0x02, 0x04],
        ),
        make("boolean-2", RANGES, r#""boolean""#, &[0x02]),
        make("union-index-high", RANGES, r#"["null", "int"]"#, &[0x04]),
        make(
            "union-index-negative",
            RANGES,
            r#"["null", "int"]"#,
            &[0x01],
        ),
        make(
            "enum-index-high",
            RANGES,
            r#"{"type": "enum", "name": "E", "symbols": ["A"]}"#,
            &[0x02],
        ),
        make("bytes-negative-length", RANGES, r#""bytes""#, &[0x01]),
        make(
            "string-invalid-utf8",
            RANGES,
            r#""string""#,
            &[0x04, 0xc3, 0x28],
        ),
        make(
            "int-beyond-32-bits",
            VARINTS,
            r#""int""#,
            &[0xff, 0xff, 0xff, 0xff, 0x7f],
        ),
        make(
            "int-6-bytes",
            VARINTS,
            r#""int""#,
            &[0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
        ),
        make(
            "long-11-bytes",
            VARINTS,
            r#""long""#,
            &[
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            ],
        ),
    ]
}

/// Schemas whose canonical form has work to do: attributes to strip, keys
/// to reorder, names to qualify (from a dotted name, a `namespace`
/// attribute, an enclosing type, the null namespace), references by simple
/// and full name, fields named like schema keywords.
fn attribute_cases() -> Vec<Case> {
    vec![
        Case::new(
            "attributes-stripped",
            "schema attributes and names",
            r#"{"fields": [
                {"aliases": ["old"], "default": "B", "doc": "a field", "order": "descending", "name": "e",
                 "type": {"symbols": ["A", "B"], "name": "Sym", "type": "enum", "doc": "d", "default": "A",
                          "aliases": ["Sym0"], "custom": {"x": [1, 2]}}},
                {"name": "f", "type": {"size": 3, "type": "fixed", "namespace": "other", "name": "F", "aliases": ["G"]}},
                {"name": "i", "type": ["null", {"items": "Sym", "type": "array", "custom": true}], "default": null},
                {"name": "j", "type": {"values": "other.F", "type": "map"}},
                {"name": "k", "type": {"type": "string", "avro.java.string": "String"}},
                {"name": "l", "type": {"type": "int", "logicalType": "no-such-type", "other": 1}}
            ], "type": "record", "doc": "Dotted name wins over the namespace attribute",
               "namespace": "ignored.ns", "aliases": ["x.Y"], "name": "a.b.R", "custom": "é\u0000\"\\"}"#,
            vec![Value::record([
                ("e", Value::Enum(1, "B".into())),
                ("f", Value::Fixed(vec![1, 2, 3])),
                (
                    "i",
                    union(1, Value::array(vec![Value::Enum(0, "A".into())])),
                ),
                ("j", Value::map([("m", Value::Fixed(vec![4, 5, 6]))])),
                ("k", Value::from("s")),
                ("l", Value::Int(-2)),
            ])],
        ),
        Case::new(
            "namespace-inheritance",
            "schema attributes and names",
            r#"{"type": "record", "name": "Top", "namespace": "n1", "fields": [
                {"name": "a", "type": {"type": "array", "items": {"type": "record", "name": "InArray", "fields": [
                    {"name": "m", "type": {"type": "map", "values": ["null", {"type": "record", "name": "InMap",
                        "namespace": "n2", "fields": [{"name": "z", "type": "int"}]}]}}]}}},
                {"name": "b", "type": "n2.InMap"},
                {"name": "c", "type": "InArray"},
                {"name": "d", "type": {"type": "record", "name": "NullNs", "namespace": "", "fields": [
                    {"name": "q", "type": {"type": "enum", "name": "InNull", "symbols": ["Q"]}}]}},
                {"name": "e", "type": "n1.InArray"}
            ]}"#,
            vec![Value::record([
                (
                    "a",
                    Value::array(vec![Value::record([(
                        "m",
                        Value::map([
                            ("x", union(0, Value::Null)),
                            ("y", union(1, Value::record([("z", Value::Int(1))]))),
                        ]),
                    )])]),
                ),
                ("b", Value::record([("z", Value::Int(2))])),
                ("c", Value::record([("m", Value::map::<&str>([]))])),
                ("d", Value::record([("q", Value::Enum(0, "Q".into()))])),
                ("e", Value::record([("m", Value::map::<&str>([]))])),
            ])],
        ),
        Case::new(
            "escaped-names",
            "schema attributes and names",
            // [STRINGS]: escapes in the schema's text are gone from the
            // canonical form.
            r#"{"type": "record", "name": "\u0041bc", "namespace": "n\u0073", "fields": [
                {"name": "f\u005f1", "type": {"type": "enum", "name": "E\u0031",
                    "symbols": ["\u0058", "Y"]}}]}"#,
            vec![Value::record([("f_1", Value::Enum(0, "X".into()))])],
        ),
        Case::new(
            "keyword-field-names",
            "schema attributes and names",
            r#"{"type": "record", "name": "record", "namespace": "type.fields", "fields": [
                {"name": "type", "type": "string"},
                {"name": "name", "type": "int"},
                {"name": "fields", "type": {"type": "array", "items": "string"}},
                {"name": "items", "type": {"type": "fixed", "name": "size", "size": 1}},
                {"name": "symbols", "type": {"type": "enum", "name": "values", "symbols": ["items", "size"]}}
            ]}"#,
            vec![Value::record([
                ("type", Value::from("t")),
                ("name", Value::Int(3)),
                ("fields", Value::array(vec![Value::from("f")])),
                ("items", Value::Fixed(vec![7])),
                ("symbols", Value::Enum(1, "size".into())),
            ])],
        ),
    ]
}

/// The conformance data's schemas, for canonical forms and fingerprints,
/// and its weather records as datums; empty without the data (after
/// [`crate::conformance_dir`]'s notice).
pub fn conformance_cases() -> Vec<Case> {
    let Some(dir) = crate::apache_avro_dir() else {
        return Vec::new();
    };
    let mut cases = Vec::new();
    let text =
        std::fs::read_to_string(dir.join("data/schema-tests.txt")).expect("read schema-tests.txt");
    for (i, schema) in schema_test_inputs(&text).into_iter().enumerate() {
        cases.push(Case::new(
            format!("schema-tests-{i:03}"),
            "conformance schemas",
            &schema,
            vec![],
        ));
    }
    let pass = dir.join("c-tests/schema_tests/pass");
    let mut files: Vec<_> = std::fs::read_dir(&pass)
        .expect("read avro-c's good schemas")
        .map(|e| e.expect("list avro-c's good schemas").path())
        .collect();
    files.sort();
    for file in files {
        push_file(&mut cases, "avro-c-", &file);
    }
    for name in [
        "interop.avsc",
        "fooBar.avsc",
        "RecordWithRequiredFields.avsc",
    ] {
        push_file(&mut cases, "schemas-", &dir.join("schemas").join(name));
    }
    let weather = std::fs::read_to_string(dir.join("schemas/weather.avsc")).expect("weather.avsc");
    let records = std::fs::read_to_string(dir.join("data/weather.json")).expect("weather.json");
    let schema = Schema::parse(&weather).expect("weather.avsc parses");
    let values = records
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let json: serde_json::Value = serde_json::from_str(l).expect("weather.json line");
            Value::from_default_json(&json, &schema).expect("a weather record")
        })
        .collect();
    cases.push(Case::new(
        "weather",
        "conformance schemas",
        &weather,
        values,
    ));
    cases
}

fn push_file(cases: &mut Vec<Case>, prefix: &str, file: &Path) {
    let text = std::fs::read_to_string(file).expect("read a conformance schema");
    let name = file.file_name().expect("a file name").to_string_lossy();
    cases.push(Case::new(
        format!("{prefix}{name}"),
        "conformance schemas",
        &text,
        vec![],
    ));
}

/// The `<<INPUT` schemas of `schema-tests.txt`, one line or a block
/// ending at a line `INPUT`.
fn schema_test_inputs(text: &str) -> Vec<String> {
    let mut inputs = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("<<INPUT") else {
            continue;
        };
        if rest.trim().is_empty() {
            let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "INPUT").collect();
            inputs.push(block.join("\n"));
        } else {
            inputs.push(rest.trim().to_owned());
        }
    }
    inputs
}
