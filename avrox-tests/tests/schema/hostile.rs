//! Hostile input: truncated, over-long, out-of-range, lying and random
//! bytes. Each must be an error with a kind and an offset, never a panic, a
//! hang, a stack overflow or an out-of-memory.

use std::panic::{AssertUnwindSafe, catch_unwind};

use avrox::binary::{Limits, SliceReader};
use avrox::{ErrorKind, Schema, Value};
use avrox_tests::{hex, schema, unhex};

/// Decodes `bytes` and returns the error, failing the test if it decodes.
#[track_caller]
fn decode_err(schema_json: &str, bytes: &[u8]) -> avrox::Error {
    decode_err_with(schema_json, bytes, Limits::default())
}

#[track_caller]
fn decode_err_with(schema_json: &str, bytes: &[u8], limits: Limits) -> avrox::Error {
    match Value::decode_with_limits(bytes, &schema(schema_json), limits) {
        Ok(v) => panic!("{schema_json}: {} decoded to {v:?}", hex(bytes)),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e
        }
    }
}

/// A schema with every kind of type, nested.
const RICH: &str = r#"{
  "type": "record", "name": "Rich", "namespace": "h",
  "fields": [
    {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"},
    {"name": "l", "type": "long"},
    {"name": "f", "type": "float"},
    {"name": "d", "type": "double"},
    {"name": "by", "type": "bytes"},
    {"name": "s", "type": "string"},
    {"name": "e", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
    {"name": "arr", "type": {"type": "array", "items": "string"}},
    {"name": "m", "type": {"type": "map", "values": ["null", "long"]}},
    {"name": "u", "type": ["null", "Color", "string"]},
    {"name": "nested", "type": {"type": "record", "name": "Inner", "fields": [
      {"name": "x", "type": "long"},
      {"name": "tags", "type": {"type": "array", "items": "Four"}}
    ]}},
    {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "dur", "type": {"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"}},
    {"name": "list", "type": {"type": "record", "name": "Node", "fields": [
      {"name": "v", "type": "int"},
      {"name": "next", "type": ["null", "Node"]}
    ]}}
  ]
}"#;

fn rich_datum() -> (Schema, Vec<u8>) {
    let s = schema(RICH);
    let json = serde_json::json!({
        "b": true,
        "i": -123456,
        "l": 1234567890123i64,
        "f": 1.5,
        "d": -2.25,
        "by": "\u{0}\u{ff}\u{7f}",
        "s": "héllo",
        "e": "BLUE",
        "fx": "abcd",
        "arr": ["x", "yz", ""],
        "m": {"k1": null, "k2": 77},
        "u": "GREEN",
        "nested": {"x": -1, "tags": ["abcd", "wxyz"]},
        "dec": "\u{4}\u{d2}",
        "id": "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "ts": 1_700_000_000_000_000i64,
        "dur": "\u{1}\u{0}\u{0}\u{0}\u{2}\u{0}\u{0}\u{0}\u{3}\u{0}\u{0}\u{0}",
        "list": {"v": 1, "next": {"v": 2, "next": {"v": 3, "next": null}}}
    });
    let value = Value::from_default_json(&json, &s).expect("the rich value fits its schema");
    let bytes = value.to_bytes(&s).expect("the rich value encodes");
    assert_eq!(Value::decode(&bytes, &s).unwrap(), value);
    (s, bytes)
}

// ---------------------------------------------------------------------------
// Truncation
// ---------------------------------------------------------------------------

#[test]
fn every_truncation_of_a_rich_datum_is_an_error() {
    let (s, bytes) = rich_datum();
    assert!(
        bytes.len() > 100,
        "the datum should be rich: {}",
        hex(&bytes)
    );
    for len in 0..bytes.len() {
        let prefix = &bytes[..len];
        let err = match Value::decode(prefix, &s) {
            Ok(v) => panic!("a prefix of {len} bytes decoded to {v:?}"),
            Err(e) => e,
        };
        assert!(
            matches!(
                err.kind(),
                ErrorKind::UnexpectedEof { .. } | ErrorKind::InvalidBlockCount { .. }
            ),
            "prefix of {len} bytes: {err}"
        );
        let offset = err.offset().unwrap_or_else(|| panic!("no offset: {err}"));
        assert!(
            offset <= len,
            "prefix of {len}: offset {offset} past the end"
        );
        assert!(
            err.path().starts_with("Rich"),
            "prefix of {len}: path {:?}",
            err.path()
        );
        // Streaming reads fail the same way.
        let mut reader = SliceReader::new(prefix);
        assert!(Value::read_next(&mut reader, &s).is_err());
    }
}

#[test]
fn truncation_names_what_was_cut() {
    let err = decode_err(r#""double""#, &[0, 0, 0]);
    assert_eq!(
        err.kind(),
        &ErrorKind::UnexpectedEof {
            what: "a double (8 bytes)".into(),
            remaining: 3
        }
    );
    assert_eq!(err.offset(), Some(0));
    let err = decode_err(
        r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}, {"name": "s", "type": "string"}]}"#,
        &unhex("02 0a 61 62"),
    );
    assert_eq!(err.path(), "R.s");
    assert_eq!(err.offset(), Some(1));
    assert!(err.to_string().contains("a string of 5 bytes"), "{err}");
}

// ---------------------------------------------------------------------------
// Varints
// ---------------------------------------------------------------------------

#[test]
fn over_long_varints() {
    // Eleven bytes, every one with the continuation bit but the last.
    let mut eleven = vec![0x80; 10];
    eleven.push(0x00);
    let err = decode_err(r#""long""#, &eleven);
    assert_eq!(err.kind(), &ErrorKind::VarintTooLong);
    assert_eq!(err.offset(), Some(0));

    // Ten bytes whose tenth sets bits past 64.
    let mut tenth = vec![0xff; 9];
    tenth.push(0x02);
    let err = decode_err(r#""long""#, &tenth);
    assert_eq!(err.kind(), &ErrorKind::VarintTooLong);
    for last in [0x7f, 0x80, 0xff] {
        tenth[9] = last;
        assert_eq!(
            decode_err(r#""long""#, &tenth).kind(),
            &ErrorKind::VarintTooLong,
            "tenth byte {last:#x}"
        );
    }
    // A tenth byte of 1 is the top bit: i64::MIN, valid.
    tenth[9] = 0x01;
    assert_eq!(
        Value::decode(&tenth, &schema(r#""long""#)).unwrap(),
        Value::Long(i64::MIN)
    );

    // An int takes at most 5 bytes.
    let err = decode_err(r#""int""#, &unhex("80 80 80 80 80 00"));
    assert_eq!(err.kind(), &ErrorKind::VarintTooLong);

    // Inside a record, the offset is where the varint starts.
    let err = decode_err(
        r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}, {"name": "b", "type": "long"}]}"#,
        &[&[0x02][..], &eleven].concat(),
    );
    assert_eq!(err.kind(), &ErrorKind::VarintTooLong);
    assert_eq!(err.offset(), Some(1));
    assert_eq!(err.path(), "R.b");
}

#[test]
fn int_out_of_range() {
    // 2^31 and -2^31 - 1 in zig-zag, five bytes each.
    let err = decode_err(r#""int""#, &unhex("80 80 80 80 10"));
    assert_eq!(err.kind(), &ErrorKind::IntOutOfRange(1 << 31));
    assert_eq!(err.offset(), Some(0));
    let err = decode_err(r#""int""#, &unhex("81 80 80 80 10"));
    assert_eq!(err.kind(), &ErrorKind::IntOutOfRange(-(1 << 31) - 1));
    // The same bytes are a fine long.
    assert_eq!(
        Value::decode(&unhex("80 80 80 80 10"), &schema(r#""long""#)).unwrap(),
        Value::Long(1 << 31)
    );
    // Enum indexes and dates are ints too.
    let err = decode_err(
        r#"{"type": "int", "logicalType": "date"}"#,
        &unhex("80 80 80 80 10"),
    );
    assert_eq!(err.kind(), &ErrorKind::IntOutOfRange(1 << 31));
}

// ---------------------------------------------------------------------------
// Lengths
// ---------------------------------------------------------------------------

#[test]
fn negative_lengths() {
    for (ty, bytes) in [("string", "01"), ("bytes", "01"), ("string", "03 61")] {
        let err = decode_err(&format!("\"{ty}\""), &unhex(bytes));
        assert!(
            matches!(err.kind(), ErrorKind::NegativeLength(n) if *n < 0),
            "{ty}: {err}"
        );
        assert_eq!(err.offset(), Some(0));
    }
    // A negative block byte size.
    let err = decode_err(
        r#"{"type": "array", "items": "long"}"#,
        &unhex("01 01 02 00"),
    );
    assert_eq!(err.kind(), &ErrorKind::NegativeLength(-1));
    assert_eq!(err.offset(), Some(1));
}

/// Ten bytes that claim a string of 2^62 bytes. With no limits at all, only
/// the check against the remaining input stands between this and a 4 EiB
/// allocation; run it many times so that anything slower than that check
/// would show.
#[test]
fn a_ten_byte_claim_of_a_huge_string_fails_fast() {
    // 2^62 zig-zags to 2^63: nine 0x80 bytes and a 0x01.
    let claim = unhex("80 80 80 80 80 80 80 80 80 01");
    assert_eq!(claim.len(), 10);
    assert_eq!(
        SliceReader::new(&claim).read_long().unwrap(),
        1i64 << 62,
        "the claim is what it says"
    );
    for ty in [
        r#""string""#,
        r#""bytes""#,
        r#"{"type": "bytes", "logicalType": "decimal", "precision": 4}"#,
        r#"{"type": "bytes", "logicalType": "big-decimal"}"#,
        r#"{"type": "string", "logicalType": "uuid"}"#,
    ] {
        let s = schema(ty);
        for _ in 0..10_000 {
            let err = Value::decode_with_limits(&claim, &s, Limits::unlimited()).unwrap_err();
            assert_eq!(
                err.kind(),
                &ErrorKind::UnexpectedEof {
                    what: if ty.contains("string") {
                        "a string of 4611686018427387904 bytes".into()
                    } else {
                        "a byte string of 4611686018427387904 bytes".into()
                    },
                    remaining: 0
                },
                "{ty}"
            );
            assert_eq!(err.offset(), Some(0));
        }
    }
    // The same claim as a map key, an array item and a block byte size.
    let err = decode_err_with(
        r#"{"type": "map", "values": "null"}"#,
        &[&[0x02][..], &claim].concat(),
        Limits::unlimited(),
    );
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );
    let err = decode_err_with(
        r#"{"type": "array", "items": "bytes"}"#,
        &[&[0x02][..], &claim].concat(),
        Limits::unlimited(),
    );
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );
    assert_eq!(err.path(), "[0]");
    let err = decode_err_with(
        r#"{"type": "array", "items": "null"}"#,
        &[&[0x01][..], &claim].concat(),
        Limits::unlimited(),
    );
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );
}

#[test]
fn max_allocation() {
    let limits = Limits::default().max_allocation(50);
    let mut hundred = vec![0xc8, 0x01]; // length 100
    hundred.extend(std::iter::repeat_n(b'a', 100));
    for ty in [
        r#""string""#,
        r#""bytes""#,
        r#"{"type": "bytes", "logicalType": "decimal", "precision": 300}"#,
    ] {
        let err = decode_err_with(ty, &hundred, limits);
        assert!(
            matches!(
                err.kind(),
                ErrorKind::LimitExceeded {
                    limit: avrox::error::Limit::Allocation,
                    max: 50,
                    ..
                }
            ),
            "{ty}: {err}"
        );
        // Within the limit, the same reader is fine.
        assert!(
            Value::decode_with_limits(&hundred, &schema(ty), Limits::default()).is_ok(),
            "{ty}"
        );
    }
    // The budget is per datum, summed over the datum's parts: three strings
    // of 20 bytes pass one by one but not together.
    let mut three = vec![0x06];
    for _ in 0..3 {
        three.push(40);
        three.extend(std::iter::repeat_n(b'x', 20));
    }
    three.push(0);
    let err = decode_err_with(r#"{"type": "array", "items": "string"}"#, &three, limits);
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Allocation),
        "{err}"
    );
    let mut reader = SliceReader::with_limits(&three[1..three.len() - 1], limits);
    for _ in 0..3 {
        Value::read_next(&mut reader, &schema(r#""string""#))
            .expect("each datum has its own budget");
    }
    assert!(reader.is_empty());
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

#[test]
fn block_count_i64_min() {
    let min = unhex("ff ff ff ff ff ff ff ff ff 01");
    for ty in [
        r#"{"type": "array", "items": "null"}"#,
        r#"{"type": "map", "values": "null"}"#,
    ] {
        for limits in [Limits::default(), Limits::unlimited()] {
            let err = decode_err_with(ty, &[&min[..], &[0x00, 0x00]].concat(), limits);
            assert_eq!(
                err.kind(),
                &ErrorKind::InvalidBlockCount {
                    count: i64::MIN,
                    problem: avrox::error::BlockCountProblem::CannotNegate
                },
                "{ty}"
            );
            assert!(
                err.to_string()
                    .ends_with("block count -9223372036854775808 cannot be negated"),
                "{err}"
            );
            assert_eq!(err.offset(), Some(0));
        }
    }
}

/// Sized blocks of items of no size are stepped over without reading an
/// item, so only their total bounds them; without limits, a total past
/// `usize::MAX` is refused rather than saturated.
#[test]
fn collection_length_overflow_when_skipped() {
    #[derive(avrox::Avro, Debug)]
    struct Skipper {
        id: i64,
    }
    let writer = schema(
        r#"{"type": "record", "name": "Skipper", "fields": [
            {"name": "id", "type": "long"},
            {"name": "nulls", "type": {"type": "array", "items": "null"}}]}"#,
    );
    let blocks = |n: usize| {
        let mut bytes = vec![0x00]; // id 0
        for _ in 0..n {
            avrox::binary::write_long(&mut bytes, -i64::MAX);
            avrox::binary::write_long(&mut bytes, 0); // no bytes
        }
        bytes.push(0x00);
        bytes
    };
    let plan = avrox::resolve::TypedPlan::<Skipper>::new(&writer).unwrap();
    // Two blocks of i64::MAX items still add up within 64 bits.
    assert!(
        plan.decode_with_limits(&blocks(2), Limits::unlimited())
            .is_ok()
    );
    let err = plan
        .decode_with_limits(&blocks(3), Limits::unlimited())
        .unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::InvalidBlockCount {
            count: i64::MAX,
            problem: avrox::error::BlockCountProblem::TotalOverflows
        },
        "{err}"
    );
    assert!(
        err.to_string()
            .ends_with("block count 9223372036854775807 makes the collection's length overflow"),
        "{err}"
    );
    // With the default limits, the first block is already too many.
    let err = plan.decode(&blocks(1)).unwrap_err();
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::CollectionItems),
        "{err}"
    );
}

#[test]
fn a_huge_count_of_nulls_hits_max_collection_items() {
    let nulls = r#"{"type": "array", "items": "null"}"#;
    let empty_records =
        r#"{"type": "array", "items": {"type": "record", "name": "E", "fields": []}}"#;
    // Counts a few bytes long that no input size can bound: a null takes no bytes.
    for count in [
        1i64 << 62,
        i64::MAX,
        Limits::DEFAULT_MAX_COLLECTION_ITEMS as i64 + 1,
    ] {
        let mut bytes = Vec::new();
        avrox::binary::write_long(&mut bytes, count);
        bytes.push(0);
        for ty in [nulls, empty_records] {
            let err = decode_err(ty, &bytes);
            assert_eq!(
                err.kind(),
                &ErrorKind::LimitExceeded {
                    limit: avrox::error::Limit::CollectionItems,
                    max: Limits::DEFAULT_MAX_COLLECTION_ITEMS as u64,
                    requested: count as u64
                },
                "{ty} count {count}"
            );
        }
        // As a negative count with a block size of 0.
        let mut sized = Vec::new();
        avrox::binary::write_long(&mut sized, -count);
        sized.extend([0x00, 0x00]);
        assert!(matches!(
            decode_err(nulls, &sized).kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::CollectionItems,
                ..
            }
        ));
    }

    // A small limit: 10 is fine, 11 is not, in one block or several.
    let limits = Limits::default().max_collection_items(10);
    let s = schema(nulls);
    assert_eq!(
        Value::decode_with_limits(&unhex("14 00"), &s, limits).unwrap(),
        Value::array(vec![Value::Null; 10])
    );
    let err = decode_err_with(nulls, &unhex("16 00"), limits);
    assert_eq!(
        err.kind(),
        &ErrorKind::LimitExceeded {
            limit: avrox::error::Limit::CollectionItems,
            max: 10,
            requested: 11
        }
    );
    // Blocks of 6 and 6: the total counts.
    let err = decode_err_with(nulls, &unhex("0c 0c 00"), limits);
    assert!(matches!(
        err.kind(),
        ErrorKind::LimitExceeded {
            limit: avrox::error::Limit::CollectionItems,
            requested: 12,
            ..
        }
    ));
    // Many blocks of one: still the total.
    let mut many = vec![0x02; 11];
    many.push(0);
    assert!(matches!(
        decode_err_with(nulls, &many, limits).kind(),
        ErrorKind::LimitExceeded {
            limit: avrox::error::Limit::CollectionItems,
            ..
        }
    ));
    // The limit is per collection: two arrays of 10 in one record are fine.
    let two = r#"{"type": "record", "name": "T", "fields": [
        {"name": "a", "type": {"type": "array", "items": "null"}},
        {"name": "b", "type": {"type": "array", "items": "null"}}]}"#;
    assert!(Value::decode_with_limits(&unhex("14 00 14 00"), &schema(two), limits).is_ok());
}

#[test]
fn huge_map_counts() {
    let map = r#"{"type": "map", "values": "null"}"#;
    // Each entry takes at least a key length byte, so a count past the input
    // is rejected before anything is read.
    let mut bytes = Vec::new();
    avrox::binary::write_long(&mut bytes, 1 << 62);
    bytes.extend([0x02, b'k', 0x00]);
    let err = decode_err(map, &bytes);
    assert_eq!(
        err.kind(),
        &ErrorKind::InvalidBlockCount {
            count: 1 << 62,
            problem: avrox::error::BlockCountProblem::DoesNotFit
        }
    );
    assert_eq!(err.offset(), Some(0));
    // Just past what fits: 3 entries need at least 3 bytes, 2 remain.
    let err = decode_err(map, &unhex("06 00 00"));
    assert_eq!(
        err.kind(),
        &ErrorKind::InvalidBlockCount {
            count: 3,
            problem: avrox::error::BlockCountProblem::DoesNotFit
        }
    );
    // A small collection limit.
    let err = decode_err_with(
        map,
        &unhex("06 02 61 02 62 02 63 00"),
        Limits::default().max_collection_items(2),
    );
    assert!(matches!(
        err.kind(),
        ErrorKind::LimitExceeded {
            limit: avrox::error::Limit::CollectionItems,
            max: 2,
            requested: 3
        }
    ));
    // A block byte size larger than the input.
    let err = decode_err(map, &unhex("01 7e 02 61 00"));
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );
    assert_eq!(err.offset(), Some(1));
}

// ---------------------------------------------------------------------------
// Values out of their domain
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8() {
    // "(" after a lead byte that wants a continuation.
    let err = decode_err(r#""string""#, &unhex("04 c3 28"));
    assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { valid_up_to: 0 });
    assert_eq!(err.offset(), Some(0));
    let err = decode_err(r#""string""#, &unhex("06 61 62 ff"));
    assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { valid_up_to: 2 });
    // A lone surrogate (ED A0 80) and an over-long "/" (C0 AF) are not UTF-8.
    for bad in ["06 ed a0 80", "04 c0 af"] {
        assert!(matches!(
            decode_err(r#""string""#, &unhex(bad)).kind(),
            ErrorKind::InvalidUtf8 { .. }
        ));
    }
    // bytes take anything.
    assert!(Value::decode(&unhex("04 c3 28"), &schema(r#""bytes""#)).is_ok());

    // In a map key: one entry, key "a\xff", value 1.
    let err = decode_err(
        r#"{"type": "map", "values": "long"}"#,
        &unhex("02 04 61 ff 02 00"),
    );
    assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { valid_up_to: 1 });
    assert_eq!(err.offset(), Some(1));
    // In a record inside an array, with the path.
    let err = decode_err(
        r#"{"type": "array", "items": {"type": "record", "name": "P", "fields": [{"name": "n", "type": "string"}]}}"#,
        &unhex("04 02 61 02 ff 00"),
    );
    assert_eq!(err.path(), "[1].n");
    assert_eq!(err.offset(), Some(3));
}

#[test]
fn union_index_out_of_range() {
    let union = r#"["null", "string"]"#;
    let err = decode_err(union, &unhex("04"));
    assert_eq!(
        err.kind(),
        &ErrorKind::UnionIndex {
            index: 2,
            branches: 2
        }
    );
    assert_eq!(err.offset(), Some(0));
    let err = decode_err(union, &unhex("01"));
    assert_eq!(
        err.kind(),
        &ErrorKind::UnionIndex {
            index: -1,
            branches: 2
        }
    );
    let err = decode_err(union, &unhex("ff ff ff ff ff ff ff ff ff 01"));
    assert_eq!(
        err.kind(),
        &ErrorKind::UnionIndex {
            index: i64::MIN,
            branches: 2
        }
    );
    // The empty union has no value at all.
    let err = decode_err("[]", &unhex("00"));
    assert_eq!(
        err.kind(),
        &ErrorKind::UnionIndex {
            index: 0,
            branches: 0
        }
    );
    // Inside a record, with the offset of the index.
    let err = decode_err(
        r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "u", "type": ["null", "int"]}]}"#,
        &unhex("02 06 02"),
    );
    assert_eq!(err.offset(), Some(1));
    assert_eq!(err.path(), "R.u");
}

#[test]
fn enum_index_out_of_range() {
    let e = r#"{"type": "enum", "name": "Foo", "symbols": ["A", "B", "C", "D"]}"#;
    let err = decode_err(e, &unhex("08"));
    assert_eq!(
        err.kind(),
        &ErrorKind::EnumIndex {
            index: 4,
            symbols: 4
        }
    );
    assert_eq!(err.offset(), Some(0));
    let err = decode_err(e, &unhex("01"));
    assert_eq!(
        err.kind(),
        &ErrorKind::EnumIndex {
            index: -1,
            symbols: 4
        }
    );
    assert_eq!(
        Value::decode(&unhex("06"), &schema(e)).unwrap(),
        Value::Enum(3, "D".into())
    );
}

#[test]
fn boolean_bytes_other_than_0_and_1() {
    for b in [2u8, 0x80, 0xff] {
        let err = decode_err(r#""boolean""#, &[b]);
        assert_eq!(err.kind(), &ErrorKind::InvalidBoolean(b));
        assert_eq!(err.offset(), Some(0));
    }
    let err = decode_err(
        r#"{"type": "array", "items": "boolean"}"#,
        &unhex("06 01 00 02 00"),
    );
    assert_eq!(err.kind(), &ErrorKind::InvalidBoolean(2));
    assert_eq!(err.offset(), Some(3));
    assert_eq!(err.path(), "[2]");
}

#[test]
fn trailing_bytes() {
    let err = decode_err(r#""long""#, &unhex("00 00"));
    assert_eq!(err.kind(), &ErrorKind::TrailingBytes(1));
    assert_eq!(err.offset(), Some(1));
    let err = decode_err(r#""null""#, &unhex("01 02 03"));
    assert_eq!(err.kind(), &ErrorKind::TrailingBytes(3));
    assert_eq!(err.offset(), Some(0));
    let (s, mut bytes) = rich_datum();
    let len = bytes.len();
    bytes.push(0);
    let err = Value::decode(&bytes, &s).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TrailingBytes(1));
    assert_eq!(err.offset(), Some(len));
}

#[test]
fn malformed_logical_values() {
    // A uuid string that is not a UUID.
    let mut bytes = vec![72];
    bytes.extend_from_slice(b"6ba7b810-9dad-11d1-80b4-00c04fd430cX");
    let err = decode_err(r#"{"type": "string", "logicalType": "uuid"}"#, &bytes);
    assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err}");
    assert_eq!(err.offset(), Some(0));
    // A big-decimal whose inner bytes are cut, too long, or an over-long scale.
    for inner in ["02 04", "08 02 05 00 00", "0e 02 05 80 80 80 80 80 00"] {
        let err = decode_err(
            r#"{"type": "bytes", "logicalType": "big-decimal"}"#,
            &unhex(inner),
        );
        assert!(
            matches!(err.kind(), ErrorKind::InvalidValue(_)),
            "{inner}: {err}"
        );
        assert_eq!(err.offset(), Some(0));
    }
}

// ---------------------------------------------------------------------------
// Depth
// ---------------------------------------------------------------------------

const LINKED_LIST: &str = r#"{"type": "record", "name": "LongList", "fields": [
    {"name": "value", "type": "long"},
    {"name": "next", "type": ["null", "LongList"]}
]}"#;

/// A list `levels` long: each level is value 0 (00) and branch 1 (02), then
/// the last value and branch 0.
fn deep_list(levels: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(levels * 2 + 2);
    for _ in 0..levels {
        bytes.extend([0x00, 0x02]);
    }
    bytes.extend([0x00, 0x00]);
    bytes
}

#[test]
fn nesting_past_the_depth_limit_stops_without_overflowing_the_stack() {
    // 100,000 levels: recursing that deep would overflow the stack.
    let bytes = deep_list(100_000);
    let err = decode_err(LINKED_LIST, &bytes);
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::Depth,
                max,
                ..
            } if *max == Limits::DEFAULT_MAX_DEPTH as u64
        ),
        "{err}"
    );
    let offset = err.offset().expect("an offset");
    assert!(offset < 2 * Limits::DEFAULT_MAX_DEPTH, "offset {offset}");
    assert!(
        err.path().starts_with("LongList.next.next"),
        "{}",
        err.path()
    );

    // A shallow list is fine under the default limit...
    let s = schema(LINKED_LIST);
    let shallow = deep_list(50);
    assert!(Value::decode(&shallow, &s).is_ok());
    // ...and not under a small one.
    let err = decode_err_with(LINKED_LIST, &shallow, Limits::default().max_depth(10));
    assert!(matches!(
        err.kind(),
        ErrorKind::LimitExceeded {
            limit: avrox::error::Limit::Depth,
            max: 10,
            ..
        }
    ));
    // Each level is a record and a union, the last one too: 10 levels and
    // the end need 22.
    assert!(Value::decode_with_limits(&deep_list(10), &s, Limits::default().max_depth(22)).is_ok());
    assert!(
        Value::decode_with_limits(&deep_list(10), &s, Limits::default().max_depth(21)).is_err()
    );
}

#[test]
fn nesting_of_arrays_and_maps_counts_too() {
    // Arrays of arrays, 100,000 deep: each level one block of one item.
    let tree = r#"{"type": "record", "name": "T", "fields": [
        {"name": "kids", "type": {"type": "array", "items": "T"}}]}"#;
    let mut bytes = vec![0x02; 100_000];
    bytes.extend(vec![0x00; 100_001]);
    let err = decode_err(tree, &bytes);
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Depth),
        "{err}"
    );
    let map_tree = r#"{"type": "record", "name": "M", "fields": [
        {"name": "kids", "type": {"type": "map", "values": "M"}}]}"#;
    let mut bytes = Vec::new();
    for _ in 0..100_000 {
        bytes.extend([0x02, 0x02, b'k']);
    }
    bytes.extend(vec![0x00; 100_001]);
    let err = decode_err(map_tree, &bytes);
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Depth),
        "{err}"
    );
}

#[test]
fn a_deeply_nested_schema_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let text = format!(
        "{}\"int\"{}",
        r#"{"type":"array","items":"#.repeat(depth),
        "}".repeat(depth)
    );
    assert!(Schema::parse(&text).is_err());
    let unions = format!("{}\"int\"{}", "[".repeat(depth), "]".repeat(depth));
    assert!(Schema::parse(&unions).is_err());
}

// ---------------------------------------------------------------------------
// Random input
// ---------------------------------------------------------------------------

/// A tiny deterministic generator (xorshift64*), so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn garbage_schemas() -> Vec<Schema> {
    [
        RICH,
        LINKED_LIST,
        r#""long""#,
        r#""string""#,
        r#"{"type": "array", "items": "null"}"#,
        r#"{"type": "map", "values": {"type": "array", "items": "int"}}"#,
        r#"["null", "boolean", "int", "long", "float", "double", "bytes", "string"]"#,
        r#"{"type": "bytes", "logicalType": "big-decimal"}"#,
        r#"{"type": "fixed", "name": "F", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 4}"#,
        r#"{"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}"#,
    ]
    .iter()
    .map(|s| schema(s))
    .collect()
}

/// Decodes `input` with every schema: an error must carry an offset inside
/// the input; a value must convert to JSON without panicking.
fn must_not_panic(schemas: &[Schema], input: &[u8], limits: Limits) {
    for s in schemas {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            match Value::decode_with_limits(input, s, limits) {
                Ok(v) => {
                    let _ = v.to_default_json(s);
                    None
                }
                Err(e) => Some((e.offset(), e.to_string())),
            }
        }));
        match outcome {
            Err(_) => panic!(
                "decoding panicked\n  schema: {}\n  input: {}",
                s.canonical_form(),
                hex(input)
            ),
            Ok(Some((offset, message))) => {
                let offset = offset.unwrap_or_else(|| {
                    panic!(
                        "an error without an offset: {message}\n  schema: {}\n  input: {}",
                        s.canonical_form(),
                        hex(input)
                    )
                });
                assert!(offset <= input.len(), "{message}: input {}", hex(input));
                assert!(!message.is_empty());
            }
            Ok(None) => {}
        }
    }
}

#[test]
fn random_garbage_never_panics() {
    let schemas = garbage_schemas();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    // The default limits let a 4-byte count make an array of millions of
    // nulls (a_huge_count_of_nulls_hits_max_collection_items checks where
    // that stops); random counts hit that often, so the collection limit
    // here is lower, to keep the test quick. Everything else is default.
    let moderate = Limits::default().max_collection_items(1 << 12);
    let small = Limits::default()
        .max_allocation(4096)
        .max_collection_items(64)
        .max_depth(16);
    for i in 0..10_000 {
        let len = rng.below(64);
        let input: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let limits = if i % 2 == 0 { moderate } else { small };
        must_not_panic(&schemas, &input, limits);
    }
}

#[test]
fn mutated_valid_data_never_panics() {
    let schemas = garbage_schemas();
    let (_, valid) = rich_datum();
    let list = deep_list(20);
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    for _ in 0..10_000 {
        let mut input = if rng.below(2) == 0 {
            valid.clone()
        } else {
            list.clone()
        };
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(input.len());
            match rng.below(4) {
                0 => input[at] ^= 1 << rng.below(8),
                1 => input[at] = rng.next() as u8,
                2 => {
                    input.remove(at);
                }
                _ => input.insert(at, rng.next() as u8),
            }
        }
        if rng.below(4) == 0 {
            input.truncate(rng.below(input.len() + 1));
        }
        must_not_panic(&schemas, &input, Limits::default());
    }
}

/// A default nested inside unions of records that all fit its outer levels
/// once took time exponential in its depth to check. Schemas come from file
/// headers and registries: checking one must stay cheap.
#[test]
fn a_deep_union_default_is_checked_in_bounded_time() {
    let depth = 40;
    let mut default = "5".to_owned();
    for _ in 0..depth {
        default = format!("{{\"x\": {default}}}");
    }
    let json = format!(
        r#"{{"type":"record","name":"W","fields":[{{"name":"a","default":{default},
        "type":{{"type":"record","name":"A","fields":[{{"name":"x","type":["null","A",
          {{"type":"record","name":"B","fields":[{{"name":"x","type":["null","A","B"]}}]}}]}}]}}}}]}}"#
    );
    let started = std::time::Instant::now();
    let err = Schema::parse(&json).unwrap_err();
    assert!(err.path().ends_with("default"), "{err}");
    // Generous for a debug build on a loaded machine; the exponential
    // version took hours at this depth.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

/// Enum symbols are copied for every item decoded, so they count against
/// the allocation limit like any other string.
#[test]
fn enum_symbols_count_against_the_allocation_limit() {
    let symbol = "S".repeat(64 * 1024);
    let json = format!(
        r#"{{"type":"array","items":{{"type":"enum","name":"E","symbols":["{symbol}"]}}}}"#
    );
    let schema = schema(&json);
    let mut bytes = Vec::new();
    avrox::binary::write_long(&mut bytes, 100_000);
    bytes.extend(std::iter::repeat_n(0u8, 100_000));
    bytes.push(0);
    let err =
        Value::decode_with_limits(&bytes, &schema, Limits::default().max_allocation(16 << 20))
            .unwrap_err();
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Allocation),
        "{err}"
    );
}

/// Items of no size (`()`) cost work even though they take no bytes; each
/// counts against the allocation limit, so nested blocks of them cannot
/// make a few bytes of input take minutes.
#[test]
fn zero_sized_items_are_bounded_per_datum() {
    let mut bytes = Vec::new();
    // 200 inner arrays, each claiming 2^24 - 1 nulls in a few bytes.
    avrox::binary::write_long(&mut bytes, 200);
    for _ in 0..200 {
        avrox::binary::write_long(&mut bytes, (1 << 24) - 1);
        bytes.push(0);
    }
    bytes.push(0);
    let started = std::time::Instant::now();
    let err = avrox::from_slice::<Vec<Vec<()>>>(&bytes).unwrap_err();
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Allocation),
        "{err}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

/// An unknown type name looked up among long names: the "did you mean"
/// search compared every pair of characters (20,000 × 20,000 per
/// candidate, seconds per schema); it now skips names too long to be a typo.
#[test]
fn an_unknown_long_name_is_refused_quickly() {
    let long = |c: char| c.to_string().repeat(20_000);
    let defined: Vec<String> = (0..4)
        .map(|i| {
            format!(
                r#"{{"type": "fixed", "name": "{}{i}", "size": 1}}"#,
                long('a')
            )
        })
        .collect();
    let json = format!(
        r#"{{"type": "record", "name": "R", "fields": [{}, {{"name": "x", "type": "{}"}}]}}"#,
        defined
            .iter()
            .enumerate()
            .map(|(i, t)| format!(r#"{{"name": "f{i}", "type": {t}}}"#))
            .collect::<Vec<_>>()
            .join(", "),
        long('b'),
    );
    let started = std::time::Instant::now();
    let err = Schema::parse(&json).unwrap_err();
    assert!(err.to_string().contains("unknown type"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_millis(500),
        "took {:?}",
        started.elapsed()
    );
}

/// A schema whose values take at least more than `usize::MAX` bytes
/// (records of records of a 2 GiB fixed, nested until the bound
/// saturates): its bound is kept saturated, and maps and arrays of it are
/// refused by their counts. Adding a map entry's key to the bound
/// overflowed (a panic in debug builds).
#[test]
fn a_schema_whose_values_cannot_fit_in_memory_is_refused_not_overflowed() {
    let mut ty = r#"{"type": "fixed", "name": "Huge", "size": 2147483647}"#.to_owned();
    let mut name = "Huge".to_owned();
    let mut defined = Vec::new();
    for level in 0..8 {
        let fields: Vec<String> = (0..32)
            .map(|i| {
                let t = if i == 0 {
                    ty.clone()
                } else {
                    format!("\"{name}\"")
                };
                format!(r#"{{"name": "f{i}", "type": {t}}}"#)
            })
            .collect();
        name = format!("L{level}");
        ty = format!(
            r#"{{"type": "record", "name": "{name}", "fields": [{}]}}"#,
            fields.join(", ")
        );
        defined.push(name.clone());
    }
    for container in ["map", "array"] {
        let key = if container == "map" {
            "values"
        } else {
            "items"
        };
        let json = format!(r#"{{"type": "{container}", "{key}": {ty}}}"#);
        let schema = schema(&json);
        let bytes = if container == "map" {
            [0x02, 0x02, b'k']
        } else {
            [0x02, 0x00, 0x00]
        };
        let e = decode_err(&json, &bytes);
        assert!(!e.to_string().is_empty());
        let plan = avrox::resolve::Plan::new(&schema, &schema).unwrap();
        assert!(plan.decode(&bytes).is_err());
    }
}

/// Decimal text with an exponent at the end of i64's range: the scale is
/// the digits after the point less the exponent, which overflowed (a
/// panic in debug builds) instead of being refused.
#[test]
fn a_decimal_exponent_out_of_range_is_refused() {
    use avrox::value::Decimal;
    for text in [
        "1E-9223372036854775808",
        "1.5e-9223372036854775807",
        "1e9223372036854775807",
    ] {
        assert!(text.parse::<Decimal>().is_err(), "{text}");
    }
    assert!("1.5E+2".parse::<Decimal>().is_ok());
}

/// A header may declare an enum of very many symbols: checking them for
/// duplicates scanned the list per symbol (quadratic: a 389 KB schema took
/// 11 s in a debug build). 200,000 symbols parse, and a duplicate at the
/// end, or a default that is no symbol, is still found.
#[test]
fn an_enum_of_very_many_symbols_parses_in_linear_time() {
    let symbols: Vec<String> = (0..200_000).map(|i| format!("S{i}")).collect();
    let json = |symbols: &[String], default: &str| {
        serde_json::json!({"type": "enum", "name": "Big", "symbols": symbols, "default": default})
            .to_string()
    };
    let schema: Schema = json(&symbols, "S199999").parse().unwrap();
    assert!(schema.to_string().contains("S123456"));

    let mut twice = symbols.clone();
    twice.push("S7".to_owned());
    let err = json(&twice, "S0").parse::<Schema>().unwrap_err();
    assert!(
        err.to_string().contains("the symbol 'S7' appears twice"),
        "{err}"
    );

    let err = json(&symbols, "S200000").parse::<Schema>().unwrap_err();
    assert!(
        err.to_string().contains("is not one of the symbols"),
        "{err}"
    );
}
