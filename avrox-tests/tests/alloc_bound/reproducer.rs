//! Issue 21's reproducer: 15 bytes whose arrays claim 7,340,289 nulls.
//! The limit charged each item as a `Value` (72 bytes: 528 MB, within the
//! default 512 MiB) but the vector grew by doubling past it, to 14.7
//! million slots (1.06 GB, and 1.6 GB at once while the last reallocation
//! copied). Whatever decodes it, what is allocated stays within
//! the allocation limit, plus a little (an error, a box).

use std::collections::HashMap;

use avrox::binary::{Limits, SliceReader};
use avrox::{Avro, Decode, Schema, Value};
use serde::Deserialize;

use crate::counting::peak;

const SCHEMA: &str = r#"{"type":"record","name":"Z","fields":[
    {"name":"nulls","type":{"type":"array","items":"null"}},
    {"name":"empties","type":{"type":"map","values":{"type":"record","name":"Empty","fields":[]}}},
    {"name":"nested","type":{"type":"array","items":{"type":"array","items":"null"}}}]}"#;

/// A block of 257 nulls, then one of 7,340,032 whose byte size is 0, the
/// empty map and array, and five bytes that follow the datum.
const DATUM: [u8; 15] = [
    0x82, 0x04, 0xff, 0xff, 0xff, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x55, 0x7b, 0x1b, 0x04,
];

/// What a decoder may allocate beyond its limit: the error it returns and
/// what it holds beside the items (a few kilobytes).
const SLACK: usize = 64 << 10;

/// The limits each decoder is tried with: the default, which the items'
/// charge fits, and two that stop the second block (at its charge, before
/// anything is allocated for it).
fn limits() -> [Limits; 3] {
    [
        Limits::default(),
        Limits::default().max_allocation(256 << 20),
        Limits::default().max_allocation(1 << 20),
    ]
}

#[track_caller]
fn check_peak(what: &str, limits: Limits, decode: impl FnOnce() -> Result<(), String>) {
    let (result, most) = peak(decode);
    assert!(
        most <= limits.allocation() + SLACK,
        "{what} under a limit of {} allocated {most} bytes ({result:?})",
        limits.allocation()
    );
    // The datum is followed by five bytes, or stopped by the limit.
    assert!(
        result.is_err(),
        "{what} read the datum and its trailing bytes"
    );
}

#[test]
fn value_decoding_stays_within_the_limit() {
    let schema = Schema::parse(SCHEMA).unwrap();
    for limits in limits() {
        check_peak("Value::decode", limits, || {
            Value::decode_with_limits(&DATUM, &schema, limits)
                .map(drop)
                .map_err(|e| e.to_string())
        });
    }
}

/// The reader's schema: each null read as a union of null and long, one
/// box each, which the writer's nulls do not pay for.
const READER: &str = r#"{"type":"record","name":"Z","fields":[
    {"name":"nulls","type":{"type":"array","items":["null","long"]}},
    {"name":"empties","type":{"type":"map","values":{"type":"record","name":"Empty","fields":[]}}},
    {"name":"nested","type":{"type":"array","items":{"type":"array","items":"null"}}}]}"#;

#[test]
fn resolved_value_decoding_stays_within_the_limit() {
    let writer = Schema::parse(SCHEMA).unwrap();
    let reader = Schema::parse(READER).unwrap();
    let plan = avrox::resolve::Plan::new(&writer, &reader).unwrap();
    for limits in limits() {
        check_peak("Plan::read_next", limits, || {
            let mut r = SliceReader::with_limits(&DATUM, limits);
            plan.read_next(&mut r).map_err(|e| e.to_string())?;
            match r.remaining() {
                0 => Ok(()),
                n => Err(format!("{n} trailing bytes")),
            }
        });
    }
}

#[derive(Avro, Debug)]
struct Empty {}

#[derive(Avro, Debug)]
#[allow(dead_code)]
struct Z {
    nulls: Vec<()>,
    empties: HashMap<String, Empty>,
    nested: Vec<Vec<()>>,
}

#[test]
fn derived_decoding_stays_within_the_limit() {
    for limits in limits() {
        check_peak("derived", limits, || {
            avrox::from_slice_with_limits::<Z>(&DATUM, limits)
                .map(drop)
                .map_err(|e| e.to_string())
        });
    }
}

/// An item that reads from no bytes yet takes 64 bytes in memory: a
/// hand-written `Decode`, which the derive's `Vec` decodes as any other.
struct Slot(#[allow(dead_code)] [u8; 64]);

impl<'de> Decode<'de> for Slot {
    fn decode(_: &mut SliceReader<'de>) -> avrox::Result<Slot> {
        Ok(Slot([0; 64]))
    }
}

/// The nulls as `Vec<Slot>`: 470 MB charged (64 bytes each), and no more
/// allocated.
#[test]
fn a_vec_of_items_of_no_bytes_stays_within_the_limit() {
    for limits in limits() {
        check_peak("Vec<Slot>", limits, || {
            let mut r = SliceReader::with_limits(&DATUM, limits);
            Vec::<Slot>::decode(&mut r).map_err(|e| e.to_string())?;
            match r.remaining() {
                0 => Ok(()),
                n => Err(format!("{n} bytes after the array")),
            }
        });
    }
}

/// Serde's `Vec` grows by doubling on its own: nulls read as `Option<u64>`
/// (16 bytes each) must still keep it within the limit.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct SerdeZ {
    nulls: Vec<Option<u64>>,
    empties: HashMap<String, SerdeEmpty>,
    nested: Vec<Vec<Option<u64>>>,
}

#[derive(Deserialize, Debug)]
struct SerdeEmpty {}

#[test]
fn serde_decoding_stays_within_the_limit() {
    let schema = Schema::parse(SCHEMA).unwrap();
    for limits in limits()
        .into_iter()
        .chain([Limits::default().max_allocation(128 << 20)])
    {
        check_peak("serde", limits, || {
            avrox::serde::from_slice_with_limits::<SerdeZ>(&DATUM, &schema, limits)
                .map(drop)
                .map_err(|e| e.to_string())
        });
    }
}

/// The issue's second demand: a block of items of no size costs no memory
/// per item. Read without the trailing bytes, the datum's 7,340,289 nulls
/// are one `Value::Null` and a count: a few hundred bytes where they took
/// 528 MB. The limit still charges each null its 72 bytes (they fit), and
/// each null read as a union its box too (they do not, until the limit is
/// raised; then they take no more memory either).
#[test]
fn items_of_no_size_cost_no_memory_per_item() {
    const MOST: usize = 4 << 10;
    let writer = Schema::parse(SCHEMA).unwrap();
    let reader = Schema::parse(READER).unwrap();
    let plan = avrox::resolve::Plan::new(&writer, &reader).unwrap();
    let datum = &DATUM[..10];
    let (value, most) = peak(|| Value::decode(datum, &writer));
    let value = value.unwrap();
    assert!(most <= MOST, "Value::decode held {most} bytes");
    let Some(Value::Array(nulls)) = value.get("nulls") else {
        panic!("{value:?}")
    };
    assert_eq!(nulls.as_repeated(), Some((&Value::Null, 7_340_289)));

    let err = plan.read_next(&mut SliceReader::new(datum)).unwrap_err();
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Allocation),
        "{err}"
    );
    let roomy = Limits::default().max_allocation(2 << 30);
    let (value, most) = peak(|| plan.read_next(&mut SliceReader::with_limits(datum, roomy)));
    let value = value.unwrap();
    assert!(most <= MOST, "Plan::read_next held {most} bytes");
    let Some(Value::Array(nulls)) = value.get("nulls") else {
        panic!("{value:?}")
    };
    assert_eq!(nulls.len(), 7_340_289);
}
