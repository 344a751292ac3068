//! Seed inputs for each target, made from the samples of the schema sets
//! (see [`schemas::CASES`] and [`resolve::PAIRS`]) and a value of the
//! derived type with every kind of field. The fuzzing campaign writes them
//! to a seed folder (see `fuzz/README.md`); they are not committed.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Cursor;

use avrox::framing::{self, MemoryRegistry};
use avrox::ocf::{Codec, Writer, WriterOptions};
use avrox::schema::Schema;
use avrox::value::{Decimal, Duration};
use avrox::{AvroSchema, Value};

use crate::derived::{Borrowed, Item, Owned, Person, Shape, Suit, Tree};
use crate::schemas::{self, CASES};
use crate::targets::resolve::{self, PAIRS};

/// The seed inputs of a target, by its name; none for an unknown name.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    match target {
        "schema_json" => schema_json(),
        "value_decode" => value_decode(),
        "derived_decode" => derived_decode(),
        "resolve" => resolve_pairs(),
        "ocf" => ocf(),
        "framing" => framing(),
        "json" => json(),
        "protocol" => protocol(),
        "idl" => idl(),
        _ => Vec::new(),
    }
}

/// A value of the derived type with every kind of field.
pub fn everything() -> Owned {
    let bytes = b"raw\0bytes";
    let borrowed = Borrowed {
        flag: true,
        small: 200,
        int: -70_000,
        long: 1 << 40,
        float: 1.5,
        double: -0.25,
        name: "name",
        cow: Cow::Borrowed("cow"),
        raw: bytes,
        fixed: *b"FIX4",
        suit: Suit::Clubs,
        shape: Shape::Circle { radius: 2.0 },
        maybe: Some(-1),
        maybe_name: None,
        items: vec![Item {
            id: 1,
            tags: vec!["a".into(), "b".into()],
        }],
        map: BTreeMap::from([("k".to_string(), Some(5)), ("none".to_string(), None)]),
        tree: Tree {
            value: 1,
            children: vec![Tree {
                value: 2,
                children: Vec::new(),
                left: None,
            }],
            left: Some(Box::new(Tree {
                value: 3,
                children: Vec::new(),
                left: None,
            })),
        },
        at_millis: 1_700_000_000_000,
        at_micros_default: Some(7),
        uuid: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
            .parse()
            .expect("a uuid"),
        fixed_uuid: "00112233-4455-6677-8899-aabbccddeeff"
            .parse()
            .expect("a uuid"),
        amount: "19.99".parse::<Decimal>().expect("a decimal"),
        fixed_amount: "-123.456".parse::<Decimal>().expect("a decimal"),
        big: "3.14159265358979".parse::<Decimal>().expect("a decimal"),
        period: Duration::new(1, 2, 3),
        score: 0.75,
        percent: 42,
        code: "AB-12",
        bounded: vec![1, 2],
    };
    let bytes = avrox::to_vec(&borrowed).expect("the sample encodes");
    avrox::from_slice(&bytes).expect("the sample decodes")
}

fn schema_json() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = CASES.iter().map(|case| case.schema.into()).collect();
    seeds.extend(PAIRS.iter().map(|pair| pair.writer.into()));
    seeds.extend(
        PAIRS
            .iter()
            .map(|pair| resolve::reader_schema(pair.reader).to_string().into()),
    );
    seeds.push(Owned::schema().to_string().into());
    seeds.push(
        r#"{"type":"bytes","logicalType":"decimal","precision":18,"scale":2,"owner":[2,{"c":null}]}"#
            .into(),
    );
    seeds
}

/// The binary encoding of each case's sample, after its selector byte.
fn value_decode() -> Vec<Vec<u8>> {
    CASES
        .iter()
        .zip(schemas::parsed())
        .zip(0u8..)
        .map(|((case, schema), pick)| {
            let mut seed = vec![pick];
            seed.extend(binary(case.datum, schema));
            seed
        })
        .collect()
}

fn binary(json: &str, schema: &Schema) -> Vec<u8> {
    let value: Value = avrox::json::from_str_with(json, schema)
        .unwrap_or_else(|e| panic!("a sample does not read: {e}\n{json}"));
    value
        .to_bytes(schema)
        .unwrap_or_else(|e| panic!("a sample does not encode: {e}\n{json}"))
}

fn derived_decode() -> Vec<Vec<u8>> {
    let mut seeds = vec![avrox::to_vec(&everything()).expect("the sample encodes")];
    let mut plain = everything();
    plain.shape = Shape::Label("label".into());
    plain.maybe = None;
    plain.maybe_name = Some("x".into());
    plain.items.clear();
    seeds.push(avrox::to_vec(&plain).expect("the sample encodes"));
    seeds
}

fn resolve_pairs() -> Vec<Vec<u8>> {
    PAIRS
        .iter()
        .zip(0u8..)
        .map(|(pair, pick)| {
            let writer = Schema::parse(pair.writer).expect("the writer parses");
            let mut seed = vec![pick];
            seed.extend(binary(pair.datum, &writer));
            seed
        })
        .collect()
}

/// Container files of the case samples and of derived values, one per
/// codec compiled in.
fn ocf() -> Vec<Vec<u8>> {
    let codecs = [
        Codec::Null,
        Codec::Deflate(6),
        Codec::Snappy,
        Codec::Zstandard(3),
        Codec::Bzip2(6),
        Codec::Xz(6),
    ];
    let person = person();
    let mut seeds = Vec::new();
    for codec in codecs {
        let options = || WriterOptions::new().codec(codec).block_size(64);
        let mut writer = Writer::<Person, _>::with_options(Cursor::new(Vec::new()), options())
            .expect("a writer");
        for _ in 0..3 {
            writer.append(&person).expect("a record");
        }
        seeds.push(writer.finish().expect("the file").into_inner());

        for (case, schema) in CASES.iter().zip(schemas::parsed()).skip(8) {
            let value: Value = avrox::json::from_str_with(case.datum, schema).expect("a sample");
            let mut writer =
                Writer::<Value, _>::with_schema(Cursor::new(Vec::new()), schema.clone(), options())
                    .expect("a writer");
            writer.append(&value).expect("a record");
            writer.append(&value).expect("a record");
            seeds.push(writer.finish().expect("the file").into_inner());
        }
    }
    seeds
}

fn person() -> Person {
    let pair = &PAIRS[1];
    let writer = Schema::parse(pair.writer).expect("the writer parses");
    avrox::from_slice_with_writer(&binary(pair.datum, &writer), &writer).expect("a person")
}

fn framing() -> Vec<Vec<u8>> {
    let mut registry = MemoryRegistry::new();
    let mut seeds = Vec::new();
    for (i, (case, schema)) in CASES.iter().zip(schemas::parsed()).enumerate() {
        let value: Value = avrox::json::from_str_with(case.datum, schema).expect("a sample");
        seeds.push(framing::to_single_object(&value.with_schema(schema)).expect("a message"));
        registry.register(&format!("subject-{i}"), schema.clone());
        seeds.push(
            framing::to_confluent(
                &registry,
                &format!("subject-{i}"),
                &value.with_schema(schema),
            )
            .expect("a message"),
        );
    }
    registry.register("derived", Person::schema().clone());
    seeds.push(framing::to_single_object(&person()).expect("a message"));
    seeds.push(framing::to_confluent(&registry, "derived", &person()).expect("a message"));
    seeds.push(framing::to_single_object(&everything()).expect("a message"));
    seeds
}

fn json() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = CASES
        .iter()
        .zip(0u8..)
        .map(|(case, pick)| {
            let mut seed = vec![pick];
            seed.extend_from_slice(case.datum.as_bytes());
            seed
        })
        .collect();
    let mut seed = vec![0];
    seed.extend(
        avrox::json::to_string(&everything())
            .expect("JSON")
            .into_bytes(),
    );
    seeds.push(seed);
    seeds
}

/// Protocols: every part of one (types of each kind, messages with
/// parameters, defaults, errors, one-way, properties), and a few broken.
fn protocol() -> Vec<Vec<u8>> {
    [
        r#"{"protocol": "Shop", "namespace": "org.acme", "doc": "d", "version": "2",
            "types": [
                {"type": "enum", "name": "Kind", "symbols": ["A", "B"], "default": "A"},
                {"type": "fixed", "name": "Hash", "namespace": "org.util", "size": 16},
                {"type": "record", "name": "Line", "fields": [
                    {"name": "kind", "type": "Kind", "default": "B"},
                    {"name": "hash", "type": ["null", "org.util.Hash"], "default": null},
                    {"name": "next", "type": ["null", "Line"]},
                    {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": []}}]},
                {"type": "error", "name": "Oops", "fields": [{"name": "why", "type": "string"}]}],
            "messages": {
                "add": {"doc": "Adds.", "request": [{"name": "line", "type": "Line"},
                    {"name": "n", "type": "int", "default": 1}], "response": "Inner", "errors": ["Oops"]},
                "ping": {"request": [], "response": "null", "one-way": true, "p": [1]}}}"#,
        r#"{"protocol": "P", "messages": {"m": {"request": [], "response": "null", "errors": ["E"]}}}"#,
        r#"{"protocol": "P", "messages": {"m": {"request": [], "response": "int", "one-way": true}}}"#,
        r#"{"protocol": "P", "types": [{"type": "record", "name": "A", "fields": [{"name": "b", "type": "B"}]}]}"#,
    ]
    .into_iter()
    .map(|text| text.as_bytes().to_vec())
    .collect()
}

/// IDL files: a protocol with every construct, the schema syntax, and a
/// few broken ones (an import that is not found, an unterminated comment).
fn idl() -> Vec<Vec<u8>> {
    [
        r#"/** The shop. */
@namespace("org.acme") @version("2")
protocol Shop {
  /** Kinds. */ @aliases(["org.old.Kind"]) enum Kind { A, B } = A;
  fixed Hash(0x10);
  record Line {
    @java-class("x") string @order("descending") name = "n", other;
    Kind? kind = "A";
    union { null, Hash, array<map<int>> } u = null;
    decimal(9, 2) price; date d; time_ms t; timestamp_ms ts; local_timestamp_ms l; uuid id;
    @logicalType("timestamp-micros") long micros;
    Later later;
  }
  record Later { double x = NaN; float y = -Infinity; }
  error Oops { string why; }
  Line add(Line `line`, int n = 1) throws Oops;
  void `error`() oneway;
}"#,
        "namespace a.b;
schema array<R>;
record R { int x; R? next; }
enum E { X }",
        r#"protocol P { import idl "missing.avdl"; }"#,
        "protocol P { /* never closed",
    ]
    .into_iter()
    .map(|text| text.as_bytes().to_vec())
    .collect()
}
