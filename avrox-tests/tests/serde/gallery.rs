//! A gallery of serde types and attributes, each written and read by
//! avrox's serde bridge, apache-avro 0.22 (both of its paths) and
//! serde_avro_fast, against bytes that come from the datum's Avro JSON
//! encoding (see `peers.rs` for the harness).
//!
//! Where a library does not do what a case expects, the case is listed in
//! [`GAPS`] with the reason. A listed gap that no longer happens fails the
//! test too, so the list (and the book's table of differences, in
//! `book/src/coming-from-apache-avro.md`) stays true.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use apache_avro::reader::datum::GenericDatumReader;

use crate::peers::{Finding, Lib, Op, Schemas, check, expected_bytes};

// ---------------------------------------------------------------------------
// The types
// ---------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename = "Account")]
struct Renamed {
    #[serde(rename = "userName")]
    user_name: String,
    id: i64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct CamelCase {
    first_name: String,
    last_seen_at: i64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct SkipIfNone {
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    note: Option<String>,
}

/// Internally tagged: serde writes the variant's name as a field.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(tag = "kind")]
enum Internally {
    Ping { id: i64 },
    Pong { text: String },
}

/// Adjacently tagged: a record of the tag and the content.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(tag = "t", content = "c")]
enum Adjacently {
    Num(i64),
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct DefaultNotInSchema {
    id: i64,
    /// Not in the schema: never written, the default when read.
    #[serde(skip_serializing, default)]
    cache: u32,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Inner {
    a: i32,
    b: String,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Flattened {
    id: i64,
    #[serde(flatten)]
    inner: Inner,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Suit {
    Hearts,
    Spades,
    #[serde(rename = "CLUBS")]
    Clubs,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Circle {
    radius: f64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Shape {
    Circle(Circle),
    Rect { w: f64, h: f64 },
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Scalar {
    Int(i32),
    Text(String),
}

/// The variants named after the branches' types, as avrox::serde and
/// serde_avro_fast name a primitive branch.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum ScalarByType {
    Int(i32),
    String(String),
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(untagged)]
enum Untagged {
    Number(i64),
    Text(String),
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Optional {
    maybe: Option<i32>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Blob {
    #[serde(with = "serde_bytes")]
    data: Vec<u8>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct PlainVecU8 {
    data: Vec<u8>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Nested {
    name: String,
    origin: Point,
    path: Vec<Point>,
    labels: BTreeMap<String, i64>,
    maybe_point: Option<Point>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Big {
    n: u64,
}

// ---------------------------------------------------------------------------
// The schemas
// ---------------------------------------------------------------------------

const RENAMED: &str = r#"{"type": "record", "name": "Account", "fields": [
    {"name": "userName", "type": "string"}, {"name": "id", "type": "long"}]}"#;
const CAMEL_CASE: &str = r#"{"type": "record", "name": "CamelCase", "fields": [
    {"name": "firstName", "type": "string"}, {"name": "lastSeenAt", "type": "long"}]}"#;
/// `note` has a default: a writer could fill it in when the field is
/// skipped. The Avro encoding has no "absent": the field's bytes must be
/// written.
const SKIP_IF_NONE: &str = r#"{"type": "record", "name": "SkipIfNone", "fields": [
    {"name": "id", "type": "long"},
    {"name": "note", "type": ["null", "string"], "default": null}]}"#;
/// The same field without a default: there is nothing to write for a
/// skipped field.
const SKIP_IF_NONE_NO_DEFAULT: &str = r#"{"type": "record", "name": "SkipIfNone", "fields": [
    {"name": "id", "type": "long"},
    {"name": "note", "type": ["null", "string"]}]}"#;
const INTERNALLY: &str = r#"[
    {"type": "record", "name": "Ping", "fields": [
        {"name": "kind", "type": "string"}, {"name": "id", "type": "long"}]},
    {"type": "record", "name": "Pong", "fields": [
        {"name": "kind", "type": "string"}, {"name": "text", "type": "string"}]}]"#;
const ADJACENTLY: &str = r#"{"type": "record", "name": "Adjacently", "fields": [
    {"name": "t", "type": "string"}, {"name": "c", "type": "long"}]}"#;
const DEFAULT_NOT_IN_SCHEMA: &str = r#"{"type": "record", "name": "DefaultNotInSchema",
    "fields": [{"name": "id", "type": "long"}]}"#;
const FLATTENED: &str = r#"{"type": "record", "name": "Flattened", "fields": [
    {"name": "id", "type": "long"}, {"name": "a", "type": "int"},
    {"name": "b", "type": "string"}]}"#;
const SUIT: &str = r#"{"type": "enum", "name": "Suit", "symbols": ["Hearts", "Spades", "CLUBS"]}"#;
const SHAPE: &str = r#"[
    {"type": "record", "name": "Circle", "fields": [{"name": "radius", "type": "double"}]},
    {"type": "record", "name": "Rect", "fields": [
        {"name": "w", "type": "double"}, {"name": "h", "type": "double"}]}]"#;
const SCALAR: &str = r#"["int", "string"]"#;
const UNTAGGED: &str = r#"["long", "string"]"#;
const NULL_FIRST: &str = r#"{"type": "record", "name": "Optional", "fields": [
    {"name": "maybe", "type": ["null", "int"]}]}"#;
const NULL_LAST: &str = r#"{"type": "record", "name": "Optional", "fields": [
    {"name": "maybe", "type": ["int", "null"]}]}"#;
const BLOB: &str = r#"{"type": "record", "name": "Blob", "fields": [
    {"name": "data", "type": "bytes"}]}"#;
const PLAIN_VEC_U8: &str = r#"{"type": "record", "name": "PlainVecU8", "fields": [
    {"name": "data", "type": "bytes"}]}"#;
const NESTED: &str = r#"{"type": "record", "name": "Nested", "namespace": "gallery", "fields": [
    {"name": "name", "type": "string"},
    {"name": "origin", "type": {"type": "record", "name": "Point", "fields": [
        {"name": "x", "type": "int"}, {"name": "y", "type": "int"}]}},
    {"name": "path", "type": {"type": "array", "items": "Point"}},
    {"name": "labels", "type": {"type": "map", "values": "long"}},
    {"name": "maybe_point", "type": ["null", "Point"]}]}"#;
const BIG: &str = r#"{"type": "record", "name": "Big", "fields": [{"name": "n", "type": "long"}]}"#;

// ---------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------

/// One value of a case: the value, its schema and its Avro JSON encoding.
fn case<T>(
    name: &'static str,
    schema: &str,
    value: T,
    datum_json: &str,
    findings: &mut Vec<Finding>,
) where
    T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let schemas = Schemas::parse(schema);
    let expected = expected_bytes(datum_json, &schemas.avrox);
    check(name, &schemas, &value, &expected, findings);
}

fn run_gallery() -> Vec<Finding> {
    let mut f = Vec::new();
    let f = &mut f;
    case(
        "rename",
        RENAMED,
        Renamed {
            user_name: "ada".into(),
            id: 7,
        },
        r#"{"userName": "ada", "id": 7}"#,
        f,
    );
    case(
        "rename_all",
        CAMEL_CASE,
        CamelCase {
            first_name: "Grace".into(),
            last_seen_at: -3,
        },
        r#"{"firstName": "Grace", "lastSeenAt": -3}"#,
        f,
    );
    case(
        "skip_serializing_if_some",
        SKIP_IF_NONE,
        SkipIfNone {
            id: 1,
            note: Some("hi".into()),
        },
        r#"{"id": 1, "note": {"string": "hi"}}"#,
        f,
    );
    case(
        "skip_serializing_if_none",
        SKIP_IF_NONE,
        SkipIfNone { id: 1, note: None },
        r#"{"id": 1, "note": null}"#,
        f,
    );
    case(
        "skip_serializing_if_none_no_default",
        SKIP_IF_NONE_NO_DEFAULT,
        SkipIfNone { id: 1, note: None },
        r#"{"id": 1, "note": null}"#,
        f,
    );
    case(
        "internally_tagged_first",
        INTERNALLY,
        Internally::Ping { id: 4 },
        r#"{"Ping": {"kind": "Ping", "id": 4}}"#,
        f,
    );
    case(
        "internally_tagged_second",
        INTERNALLY,
        Internally::Pong { text: "p".into() },
        r#"{"Pong": {"kind": "Pong", "text": "p"}}"#,
        f,
    );
    case(
        "adjacently_tagged",
        ADJACENTLY,
        Adjacently::Num(3),
        r#"{"t": "Num", "c": 3}"#,
        f,
    );
    case(
        "default_not_in_schema",
        DEFAULT_NOT_IN_SCHEMA,
        DefaultNotInSchema { id: 5, cache: 0 },
        r#"{"id": 5}"#,
        f,
    );
    case(
        "flatten",
        FLATTENED,
        Flattened {
            id: 9,
            inner: Inner {
                a: -1,
                b: "x".into(),
            },
        },
        r#"{"id": 9, "a": -1, "b": "x"}"#,
        f,
    );
    case("unit_enum", SUIT, Suit::Spades, r#""Spades""#, f);
    case(
        "unit_enum_renamed_symbol",
        SUIT,
        Suit::Clubs,
        r#""CLUBS""#,
        f,
    );
    case(
        "newtype_variant",
        SHAPE,
        Shape::Circle(Circle { radius: 1.5 }),
        r#"{"Circle": {"radius": 1.5}}"#,
        f,
    );
    case(
        "struct_variant",
        SHAPE,
        Shape::Rect { w: 2.0, h: 3.0 },
        r#"{"Rect": {"w": 2.0, "h": 3.0}}"#,
        f,
    );
    case(
        "newtype_variant_primitive",
        SCALAR,
        Scalar::Text("t".into()),
        r#"{"string": "t"}"#,
        f,
    );
    case(
        "newtype_variant_named_like_branch",
        SCALAR,
        ScalarByType::String("t".into()),
        r#"{"string": "t"}"#,
        f,
    );
    case(
        "untagged_first",
        UNTAGGED,
        Untagged::Number(-2),
        r#"{"long": -2}"#,
        f,
    );
    case(
        "untagged_second",
        UNTAGGED,
        Untagged::Text("s".into()),
        r#"{"string": "s"}"#,
        f,
    );
    case(
        "option_null_first_some",
        NULL_FIRST,
        Optional { maybe: Some(4) },
        r#"{"maybe": {"int": 4}}"#,
        f,
    );
    case(
        "option_null_first_none",
        NULL_FIRST,
        Optional { maybe: None },
        r#"{"maybe": null}"#,
        f,
    );
    case(
        "option_null_last_some",
        NULL_LAST,
        Optional { maybe: Some(4) },
        r#"{"maybe": {"int": 4}}"#,
        f,
    );
    case(
        "option_null_last_none",
        NULL_LAST,
        Optional { maybe: None },
        r#"{"maybe": null}"#,
        f,
    );
    case(
        "serde_bytes",
        BLOB,
        Blob {
            data: vec![0, 1, 0xff],
        },
        r#"{"data": "\u0000\u0001\u00ff"}"#,
        f,
    );
    case(
        "vec_u8_without_serde_bytes",
        PLAIN_VEC_U8,
        PlainVecU8 {
            data: vec![0, 1, 0xff],
        },
        r#"{"data": "\u0000\u0001\u00ff"}"#,
        f,
    );
    case(
        "nested_records_arrays_maps",
        NESTED,
        Nested {
            name: "n".into(),
            origin: Point { x: 1, y: 2 },
            path: vec![Point { x: 3, y: 4 }, Point { x: -5, y: 6 }],
            labels: BTreeMap::from([("one".to_string(), 1)]),
            maybe_point: Some(Point { x: 7, y: 8 }),
        },
        r#"{"name": "n", "origin": {"x": 1, "y": 2},
            "path": [{"x": 3, "y": 4}, {"x": -5, "y": 6}],
            "labels": {"one": 1}, "maybe_point": {"gallery.Point": {"x": 7, "y": 8}}}"#,
        f,
    );
    case(
        "u64_within_long",
        BIG,
        Big { n: i64::MAX as u64 },
        r#"{"n": 9223372036854775807}"#,
        f,
    );
    std::mem::take(f)
}

/// A case a library does not handle as the gallery expects, and why.
struct Gap {
    case: &'static str,
    lib: Lib,
    op: Op,
    reason: &'static str,
}

const fn gap(case: &'static str, lib: Lib, op: Op, reason: &'static str) -> Gap {
    Gap {
        case,
        lib,
        op,
        reason,
    }
}

/// Why apache-avro's `Value` path cannot write a union the serde type
/// chooses the branch of.
const APACHE_VALUE_VARIANT: &str = "apache_avro::to_value turns a newtype or struct variant into \
    a record {type: enum, value: union}, its own convention, which matches no union of the schema";
/// Why a plain `Vec<u8>` is no `bytes` for the peers.
const SEQ_NOT_BYTES: &str = "serde hands a Vec<u8> over as a sequence of u8; the peers accept \
    only serialize_bytes for `bytes` (serde_avro_fast has an opt-in, allow_slow_sequence_to_bytes)";

/// What the libraries do differently, each with its reason.
const GAPS: &[Gap] = &[
    gap(
        "skip_serializing_if_none",
        Lib::ApacheValue,
        Op::Write,
        "to_value leaves the skipped field out of the record Value, and the Value encoder \
         needs every field (apache-avro's serde path writes the field's default instead, \
         serde_avro_fast writes null for a nullable field)",
    ),
    gap(
        "flatten",
        Lib::ApacheValue,
        Op::Write,
        "serde serializes a struct with a flattened field as a map; to_value makes a Value::Map, \
         which the encoder does not write as a record (the serde path does)",
    ),
    gap(
        "skip_serializing_if_none_no_default",
        Lib::Avrox,
        Op::Write,
        "a skipped field is written from the schema's default; without one it is an error \
         (missing field 'note'), as in apache-avro's serde path",
    ),
    gap(
        "skip_serializing_if_none_no_default",
        Lib::ApacheSerde,
        Op::Write,
        "a skipped field is written from the schema's default; without one it is an error",
    ),
    gap(
        "skip_serializing_if_none_no_default",
        Lib::ApacheValue,
        Op::Write,
        "the record Value lacks the skipped field and the encoder needs every field",
    ),
    gap(
        "internally_tagged_first",
        Lib::ApacheSerde,
        Op::Write,
        "serde writes an internally tagged variant as a struct named after the enum, which \
         apache-avro's serde path does not match to any record of the union",
    ),
    gap(
        "internally_tagged_first",
        Lib::Fast,
        Op::Write,
        "serde_avro_fast does not write a struct into a union of records not named like it",
    ),
    gap(
        "internally_tagged_second",
        Lib::ApacheSerde,
        Op::Write,
        "as for the first variant: no record of the union is chosen for the enum's struct",
    ),
    gap(
        "internally_tagged_second",
        Lib::Fast,
        Op::Write,
        "serde_avro_fast does not write a struct into a union of records not named like it",
    ),
    gap(
        "adjacently_tagged",
        Lib::ApacheSerde,
        Op::Write,
        "the tag is a unit variant to serde, which apache-avro's serde path writes only as an \
         Avro enum, not a string",
    ),
    gap(
        "adjacently_tagged",
        Lib::ApacheSerde,
        Op::Read,
        "the tag is read as an enum, and apache-avro's serde path reads an enum only from an \
         Avro enum or union, not a string",
    ),
    gap(
        "newtype_variant",
        Lib::ApacheValue,
        Op::Write,
        APACHE_VALUE_VARIANT,
    ),
    gap(
        "struct_variant",
        Lib::ApacheValue,
        Op::Write,
        APACHE_VALUE_VARIANT,
    ),
    gap(
        "newtype_variant_primitive",
        Lib::ApacheValue,
        Op::Write,
        APACHE_VALUE_VARIANT,
    ),
    gap(
        "newtype_variant_named_like_branch",
        Lib::ApacheValue,
        Op::Write,
        APACHE_VALUE_VARIANT,
    ),
    gap(
        "newtype_variant_primitive",
        Lib::Fast,
        Op::Read,
        "serde_avro_fast names the variant of a primitive branch after the Avro type \
         (`String`), not the position of the branch, so enum Scalar { Int(i32), Text(String) } \
         does not read back",
    ),
    gap(
        "vec_u8_without_serde_bytes",
        Lib::Avrox,
        Op::Write,
        "avrox::serde, like the peers, writes `bytes` from serialize_bytes only (a plain Vec<u8> \
         is a sequence to serde: use serde_bytes); it reads bytes into a plain Vec<u8>",
    ),
    gap(
        "untagged_first",
        Lib::ApacheValue,
        Op::Write,
        "to_value gives Value::Long without a branch, which the encoder writes without the \
         union's branch index",
    ),
    gap(
        "untagged_second",
        Lib::ApacheValue,
        Op::Write,
        "to_value gives Value::String without a branch, which the encoder does not find in \
         the union",
    ),
    gap(
        "option_null_last_some",
        Lib::ApacheValue,
        Op::Write,
        "to_value makes Some(x) Value::Union(1, x): the Value path assumes null is the first branch",
    ),
    gap(
        "option_null_last_none",
        Lib::ApacheValue,
        Op::Write,
        "to_value makes None Value::Union(0, Null): the Value path assumes null is the first branch",
    ),
    gap(
        "vec_u8_without_serde_bytes",
        Lib::ApacheSerde,
        Op::Write,
        SEQ_NOT_BYTES,
    ),
    gap(
        "vec_u8_without_serde_bytes",
        Lib::ApacheSerde,
        Op::Read,
        SEQ_NOT_BYTES,
    ),
    gap(
        "vec_u8_without_serde_bytes",
        Lib::ApacheValue,
        Op::Write,
        SEQ_NOT_BYTES,
    ),
    gap(
        "vec_u8_without_serde_bytes",
        Lib::ApacheValue,
        Op::Read,
        SEQ_NOT_BYTES,
    ),
    gap(
        "vec_u8_without_serde_bytes",
        Lib::Fast,
        Op::Write,
        SEQ_NOT_BYTES,
    ),
    gap(
        "vec_u8_without_serde_bytes",
        Lib::Fast,
        Op::Read,
        SEQ_NOT_BYTES,
    ),
    gap(
        "u64_within_long",
        Lib::ApacheSerde,
        Op::Write,
        "apache-avro 0.22 maps u64 to its own fixed(8) \"org.apache.avro.rust.u64\", never to long",
    ),
    gap(
        "u64_within_long",
        Lib::ApacheSerde,
        Op::Read,
        "apache-avro 0.22 maps u64 to its own fixed(8) \"org.apache.avro.rust.u64\", never to long",
    ),
    gap(
        "u64_within_long",
        Lib::ApacheValue,
        Op::Write,
        "to_value makes a u64 a Value::Fixed(8, little-endian bytes), which is no long",
    ),
];

#[test]
fn gallery_byte_for_byte() {
    let findings = run_gallery();
    let mut unexpected = Vec::new();
    for finding in &findings {
        let listed = GAPS
            .iter()
            .any(|g| g.case == finding.case && g.lib == finding.lib && g.op == finding.op);
        if !listed {
            unexpected.push(finding.to_string());
        }
    }
    let mut gone = Vec::new();
    for gap in GAPS {
        let seen = findings
            .iter()
            .any(|f| f.case == gap.case && f.lib == gap.lib && f.op == gap.op);
        if !seen {
            gone.push(format!(
                "{} / {:?} / {:?} ({}): no longer happens, remove it from GAPS",
                gap.case, gap.lib, gap.op, gap.reason
            ));
        }
    }
    assert!(
        unexpected.is_empty() && gone.is_empty(),
        "unlisted findings:\n{}\n\nlisted gaps gone:\n{}",
        unexpected.join("\n"),
        gone.join("\n")
    );
}

/// `u64` above `i64::MAX` has no Avro `long`: every library refuses it.
#[test]
fn u64_above_long_is_refused() {
    let schemas = Schemas::parse(BIG);
    for lib in Lib::ALL {
        let written = crate::peers::write(lib, &Big { n: u64::MAX }, &schemas);
        assert!(written.is_err(), "{lib:?} writes u64::MAX as {written:?}");
    }
}

// ---------------------------------------------------------------------------
// Resolution: old data into today's serde types
// ---------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct UserV2 {
    id: i64,
    #[serde(rename = "fullName")]
    full_name: String,
    score: f64,
    role: String,
    team: Option<i64>,
    tier: Tier,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Tier {
    Free,
    Pro,
    Team,
}

/// Version 1: `name` (renamed to `fullName`, with an alias), a `float`
/// score (promoted to `double`), an `int` team (into a union), no `role`
/// (a default), a `legacy` field (dropped), fewer symbols.
const USER_V1: &str = r#"{"type": "record", "name": "User", "fields": [
    {"name": "id", "type": "int"},
    {"name": "name", "type": "string"},
    {"name": "score", "type": "float"},
    {"name": "legacy", "type": {"type": "array", "items": "string"}},
    {"name": "team", "type": "long"},
    {"name": "tier", "type": {"type": "enum", "name": "Tier", "symbols": ["Free", "Pro"]}}]}"#;
const USER_V2: &str = r#"{"type": "record", "name": "User", "fields": [
    {"name": "id", "type": "long"},
    {"name": "fullName", "type": "string", "aliases": ["name"]},
    {"name": "score", "type": "double"},
    {"name": "role", "type": "string", "default": "member"},
    {"name": "team", "type": ["null", "long"]},
    {"name": "tier", "type": {"type": "enum", "name": "Tier", "symbols": ["Free", "Pro", "Team"]}}]}"#;

/// Data of version 1 read as version 2 by the libraries that resolve:
/// `avrox::serde::from_slice_with_writer` and apache-avro (through its
/// `Value`: its serde path does not take a reader schema, and
/// serde_avro_fast has none).
#[test]
fn resolution_agrees_with_apache_avro() {
    let writer = avrox::Schema::parse(USER_V1).unwrap();
    let reader = avrox::Schema::parse(USER_V2).unwrap();
    let bytes = expected_bytes(
        r#"{"id": 7, "name": "Ada", "score": 0.5, "legacy": ["x", "y"], "team": 3, "tier": "Pro"}"#,
        &writer,
    );
    let expected = UserV2 {
        id: 7,
        full_name: "Ada".into(),
        score: 0.5,
        role: "member".into(),
        team: Some(3),
        tier: Tier::Pro,
    };

    let ours: UserV2 = avrox::serde::from_slice_with_writer(&bytes, &writer, &reader)
        .unwrap_or_else(|e| panic!("avrox::serde: {e:#}"));
    assert_eq!(ours, expected);

    // apache-avro 0.22 does not follow a reader field's aliases: a listed
    // difference, which fails here once it does.
    let apache = |writer_json: &str, bytes: &[u8]| {
        let w = apache_avro::Schema::parse_str(writer_json).unwrap();
        let r = apache_avro::Schema::parse_str(USER_V2).unwrap();
        let value = GenericDatumReader::builder(&w)
            .reader_schema(&r)
            .build()
            .and_then(|reader| reader.read_value(&mut &bytes[..]))
            .map_err(|e| e.to_string())?;
        apache_avro::from_value::<UserV2>(&value).map_err(|e| e.to_string())
    };
    let err = apache(USER_V1, &bytes).unwrap_err();
    assert!(
        err.contains("Missing field") && err.contains("fullName"),
        "apache-avro now follows aliases? {err}"
    );

    // The same data with the field under its new name: every other rule
    // agrees.
    let renamed = USER_V1.replace(r#""name": "name""#, r#""name": "fullName""#);
    let writer = avrox::Schema::parse(&renamed).unwrap();
    let ours: UserV2 = avrox::serde::from_slice_with_writer(&bytes, &writer, &reader)
        .unwrap_or_else(|e| panic!("avrox::serde: {e:#}"));
    assert_eq!(ours, expected);
    assert_eq!(apache(&renamed, &bytes), Ok(expected));
}
