//! The bound on what decoding allocates: any input of N bytes, read with
//! an allocation limit of L, makes a decoder hold at most L + K·N + C bytes
//! at once (K and C below, documented on `Limits`), and a container file's
//! reader at most its block limit more; and while a vector that nearly
//! fills the limit grows, its old buffer (less than L) beside the new one.
//!
//! The inputs are random bytes, bytes drawn from the ones that make
//! lengths and counts (0, 1, 0x7f, 0xff...), and valid datums mutated
//! (bytes changed, cut short, a block claiming millions of items put in),
//! read under several schemas with arrays, maps, strings, bytes, nested
//! and recursive records and unions, through every decoder: `Value`, a
//! derived type, serde (into `serde_json::Value`, which takes whatever the
//! schema gives), resolution to a `Value` and through serde, and container
//! files. The limits go from 0 (nothing charged may be allocated, so what
//! is left is what the limit does not see) to the default.

use std::cell::Cell;
use std::collections::HashMap;

use avrox::binary::Limits;
use avrox::ocf::{Codec, Reader, ReaderOptions, Writer, WriterOptions};
use avrox::{Avro, AvroSchema, Schema, Value};
use avrox_tests::strategies::config;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestRunner;

use crate::counting::peak;

/// What a decoder may hold per byte of input beyond its allocation limit:
/// the parts of a value the limit does not charge, each paid for by the
/// input. (See `Limits` for the reasons.)
const PER_BYTE: usize = 64;

/// And beyond that, whatever the input: the error, with its path and
/// message, and a decoder's fixed state.
const CONSTANT: usize = 16 << 10;

/// A container file's reader also holds a block, at most this (given to
/// it as `max_block_size`), and its header.
const BLOCK: usize = 64 << 10;

fn limits() -> impl Strategy<Value = Limits> {
    select(vec![0, 1 << 10, 64 << 10, Limits::DEFAULT_MAX_ALLOCATION])
        .prop_map(|bytes| Limits::default().max_allocation(bytes))
}

/// Bytes that make lengths, counts, indexes and block sizes.
const COUNTING: [u8; 12] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x0f,
];

/// A block header that claims 7,340,032 items in 0 bytes.
const BIG_BLOCK: [u8; 5] = [0xff, 0xff, 0xff, 0x06, 0x00];

#[derive(Clone, Debug)]
enum Change {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Cut(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Change::Set(at, b)),
        2 => (any::<usize>(), select(COUNTING.to_vec())).prop_map(|(at, b)| Change::Set(at, b)),
        2 => any::<usize>().prop_map(|at| Change::Insert(at, BIG_BLOCK.to_vec())),
        1 => (any::<usize>(), vec(select(COUNTING.to_vec()), 1..6)).prop_map(|(at, b)| Change::Insert(at, b)),
        1 => any::<usize>().prop_map(Change::Cut),
    ]
}

fn mutated(mut bytes: Vec<u8>, changes: Vec<Change>) -> Vec<u8> {
    for c in changes {
        let len = bytes.len();
        match c {
            Change::Set(at, b) if len > 0 => bytes[at % len] = b,
            Change::Insert(at, more) => {
                let at = at % (len + 1);
                bytes.splice(at..at, more);
            }
            Change::Cut(at) => bytes.truncate(at % (len + 1)),
            Change::Set(..) => {}
        }
    }
    bytes
}

/// Inputs for a decoder whose valid inputs include `valid`.
fn inputs(valid: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..512),
        vec(select(COUNTING.to_vec()), 0..512),
        (select(valid), vec(change(), 0..6)).prop_map(|(v, c)| mutated(v, c)),
    ]
}

/// Runs `decode` on inputs from `strategy` with each of the limits, checks
/// the bound, and returns the most any input held beyond its limit per
/// byte of input.
fn check_bound(
    what: &str,
    cases: u32,
    valid: Vec<Vec<u8>>,
    extra: usize,
    decode: impl Fn(&[u8], Limits),
) -> Worst {
    let worst = Cell::new(Worst::default());
    let mut runner = TestRunner::new(config(cases));
    runner
        .run(&(inputs(valid), limits()), |(input, limits)| {
            let ((), most) = peak(|| decode(&input, limits));
            let old_buffer = limits.allocation();
            let allowed =
                limits.allocation() + old_buffer + extra + PER_BYTE * input.len() + CONSTANT;
            prop_assert!(
                most <= allowed,
                "{what}: {} bytes under a limit of {} held {most} bytes, more than {allowed}: {}",
                input.len(),
                limits.allocation(),
                avrox_tests::hex(&input)
            );
            let mut w = worst.get();
            let beyond = most.saturating_sub(limits.allocation() + extra);
            w.beyond = w.beyond.max(beyond);
            if input.len() >= 64 {
                w.per_byte = w.per_byte.max(beyond as f64 / input.len() as f64);
            }
            worst.set(w);
            Ok(())
        })
        .unwrap();
    let w = worst.get();
    eprintln!(
        "{what}: at most {} bytes beyond the limit; {:.1} per input byte for inputs of 64 bytes or more",
        w.beyond, w.per_byte
    );
    w
}

/// The most an input made a decoder hold beyond its limit (and a
/// container file's block), in all and per byte of input.
#[derive(Clone, Copy, Debug, Default)]
struct Worst {
    beyond: usize,
    per_byte: f64,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "bound")]
enum Color {
    Red,
    Green,
    Blue,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "bound")]
struct Inner {
    x: i64,
    blobs: Vec<Vec<u8>>,
    flags: Vec<Option<bool>>,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "bound")]
struct Node {
    label: String,
    children: Vec<Node>,
    next: Option<Box<Node>>,
}

/// Every kind of allocating type, nested, and recursion.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "bound")]
struct Rich {
    s: String,
    b: Vec<u8>,
    color: Color,
    four: [u8; 4],
    tags: Vec<String>,
    counts: HashMap<String, Option<i64>>,
    maybe: Option<String>,
    inner: Inner,
    inners: Vec<Inner>,
    nested: Vec<Vec<Option<String>>>,
    tree: Node,
    empties: Vec<()>,
}

fn rich() -> Rich {
    let leaf = |label: &str| Node {
        label: label.into(),
        children: vec![],
        next: None,
    };
    Rich {
        s: "hello".into(),
        b: vec![1, 2, 3],
        color: Color::Green,
        four: [1, 2, 3, 4],
        tags: vec!["a".into(), "bc".into()],
        counts: HashMap::from([("x".into(), Some(3)), ("y".into(), None)]),
        maybe: Some("m".into()),
        inner: Inner {
            x: 5,
            blobs: vec![vec![9; 3], vec![]],
            flags: vec![Some(true), None],
        },
        inners: vec![
            Inner {
                x: 1,
                blobs: vec![],
                flags: vec![None],
            };
            3
        ],
        nested: vec![vec![Some("n".into()), None], vec![]],
        tree: Node {
            label: "root".into(),
            children: vec![leaf("a"), leaf("b")],
            next: Some(Box::new(leaf("c"))),
        },
        empties: vec![(); 5],
    }
}

/// The issue's schema, and schemas of a collection of unions, of maps,
/// and of a recursive tree; the derived `Rich`'s comes last. Tests name
/// them by their index.
const SCHEMAS: [&str; 4] = [
    r#"{"type":"record","name":"Z","fields":[
        {"name":"nulls","type":{"type":"array","items":"null"}},
        {"name":"empties","type":{"type":"map","values":{"type":"record","name":"Empty","fields":[]}}},
        {"name":"nested","type":{"type":"array","items":{"type":"array","items":"null"}}}]}"#,
    r#"{"type":"array","items":["null","string",{"type":"array","items":"long"},
        {"type":"map","values":"bytes"},{"type":"record","name":"E","fields":[]}]}"#,
    r#"{"type":"map","values":{"type":"map","values":["null",{"type":"enum","name":"S","symbols":["A","B"]}]}}"#,
    r#"{"type":"record","name":"T","fields":[
        {"name":"kids","type":{"type":"array","items":"T"}},
        {"name":"attrs","type":{"type":"map","values":"T"}},
        {"name":"d","type":{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}}]}"#,
];

/// A valid datum of each of [`SCHEMAS`], in the JSON encoding.
const DATUMS: [&str; 4] = [
    r#"{"nulls": [null, null], "empties": {"a": {}}, "nested": [[null], []]}"#,
    r#"[null, {"string": "a"}, {"array": [1, 2]}, {"map": {"k": "\u0001"}}, {"E": {}}]"#,
    r#"{"k": {"x": null, "y": {"S": "B"}}}"#,
    r#"{"kids": [{"kids": [], "attrs": {}, "d": "\u0001"}],
        "attrs": {"a": {"kids": [], "attrs": {}, "d": ""}}, "d": "\u0000\u0010"}"#,
];

fn schemas() -> Vec<Schema> {
    let mut all: Vec<Schema> = SCHEMAS.iter().map(|s| Schema::parse(s).unwrap()).collect();
    all.push(Rich::schema().clone());
    all
}

fn all_valid() -> Vec<Vec<u8>> {
    let mut valid: Vec<Vec<u8>> = schemas()
        .iter()
        .zip(DATUMS)
        .map(|(schema, json)| {
            let value: Value = avrox::json::from_str_with(json, schema).unwrap();
            value.to_bytes(schema).unwrap()
        })
        .collect();
    valid.push(avrox::to_vec(&rich()).unwrap());
    valid
}

#[test]
fn the_valid_datums_are_valid() {
    for (schema, datum) in schemas().iter().zip(all_valid()) {
        Value::decode(&datum, schema).unwrap_or_else(|e| panic!("{schema}: {e}"));
    }
}

#[test]
fn values_stay_within_the_bound() {
    for (i, (schema, datum)) in schemas().iter().zip(all_valid()).enumerate() {
        check_bound(
            &format!("Value of schema {i}"),
            256,
            vec![datum],
            0,
            |input, limits| {
                let _ = Value::decode_with_limits(input, schema, limits);
            },
        );
    }
}

#[test]
fn derived_types_stay_within_the_bound() {
    check_bound(
        "Rich",
        512,
        vec![avrox::to_vec(&rich()).unwrap()],
        0,
        |input, limits| {
            let _ = avrox::from_slice_with_limits::<Rich>(input, limits);
        },
    );
}

#[test]
fn serde_stays_within_the_bound() {
    for (i, (schema, datum)) in schemas().iter().zip(all_valid()).enumerate() {
        check_bound(
            &format!("serde of schema {i}"),
            256,
            vec![datum],
            0,
            |input, limits| {
                let _ = avrox::serde::from_slice_with_limits::<serde_json::Value>(
                    input, schema, limits,
                );
            },
        );
    }
}

/// Each schema read as another: items and values put in unions (a box
/// each, for no writer bytes), a field added with a default (copied into
/// every record).
fn readers() -> Vec<Schema> {
    let evolved = [
        r#"{"type":"record","name":"Z","fields":[
            {"name":"nulls","type":{"type":"array","items":["null","long"]}},
            {"name":"empties","type":{"type":"map","values":{"type":"record","name":"Empty","fields":[
                {"name":"added","type":{"type":"array","items":"string"},"default":["a","bc"]}]}}},
            {"name":"nested","type":{"type":"array","items":{"type":"array","items":["null","string"]}}}]}"#,
        r#"{"type":"array","items":["null","string",{"type":"array","items":"double"},
            {"type":"map","values":"string"},{"type":"record","name":"E","fields":[
                {"name":"m","type":{"type":"map","values":"long"},"default":{"k":1}}]}]}"#,
        r#"{"type":"map","values":{"type":"map","values":["null","string",{"type":"enum","name":"S","symbols":["A","B","C"]}]}}"#,
        r#"{"type":"record","name":"T","fields":[
            {"name":"kids","type":{"type":"array","items":["null","T"]}},
            {"name":"attrs","type":{"type":"map","values":"T"}},
            {"name":"d","type":{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}},
            {"name":"tag","type":"string","default":"a default copied for each"}]}"#,
    ];
    let mut all: Vec<Schema> = evolved.iter().map(|s| Schema::parse(s).unwrap()).collect();
    all.push(Rich::schema().clone());
    all
}

#[test]
fn resolution_stays_within_the_bound() {
    for (i, ((writer, reader), datum)) in
        schemas().iter().zip(readers()).zip(all_valid()).enumerate()
    {
        let plan = avrox::resolve::Plan::new(writer, &reader).unwrap();
        let serde_plan = avrox::serde::Plan::new(writer, &reader).unwrap();
        check_bound(
            &format!("schema {i} resolved"),
            256,
            vec![datum],
            0,
            |input, limits| {
                let mut r = avrox::binary::SliceReader::with_limits(input, limits);
                let _ = plan.read_next(&mut r);
                let _ = serde_plan.decode_with_limits::<serde_json::Value>(input, limits);
            },
        );
    }
}

#[test]
fn container_files_stay_within_the_bound() {
    let schema = Rich::schema().clone();
    let value = Value::decode(&avrox::to_vec(&rich()).unwrap(), &schema).unwrap();
    let files: Vec<Vec<u8>> = [Codec::Null, Codec::Deflate(6)]
        .into_iter()
        .map(|codec| {
            let options = WriterOptions::new().codec(codec).block_size(256);
            let mut w =
                Writer::<Value, _>::with_schema(Vec::new(), schema.clone(), options).unwrap();
            for _ in 0..4 {
                w.append(&value).unwrap();
            }
            w.finish().unwrap()
        })
        .collect();
    check_bound("container files", 256, files, BLOCK, |input, limits| {
        let options = ReaderOptions::new().limits(limits).max_block_size(BLOCK);
        if let Ok(reader) = Reader::<Value, _>::with_options(input, options) {
            for record in reader {
                if record.is_err() {
                    break;
                }
            }
        }
    });
}
