//! Arrays whose items take no bytes (`null`, empty records, records of
//! nulls): decoding holds their one value and a count, so a few bytes
//! claiming millions of items cost one item's memory; the allocation limit
//! still charges each item what it would hold, so the value's length stays
//! what the limit allows; and only types whose every value takes no bytes
//! are read so (a record that recurses through a union is not one of them,
//! however its schema is ordered).

use avrox::binary::{Limits, SliceReader};
use avrox::resolve::Plan;
use avrox::value::Array;
use avrox::{Schema, Value};

/// One block of `count` items, a zero-byte block size, and the end.
fn block_of(count: i64) -> Vec<u8> {
    let mut out = Vec::new();
    avrox::binary::write_long(&mut out, -count);
    avrox::binary::write_long(&mut out, 0);
    out.push(0);
    out
}

fn items(value: &Value) -> &Array {
    match value {
        Value::Array(items) => items,
        other => panic!("not an array: {other:?}"),
    }
}

#[test]
fn nulls_empty_records_and_records_of_nulls_are_one_value_repeated() {
    for (items_schema, item) in [
        (r#""null""#, Value::Null),
        (
            r#"{"type":"record","name":"E","fields":[]}"#,
            Value::Record(vec![]),
        ),
        (
            r#"{"type":"record","name":"N","fields":[{"name":"a","type":"null"},
                {"name":"f","type":{"type":"fixed","name":"F0","size":0}}]}"#,
            Value::record([("a", Value::Null), ("f", Value::Fixed(vec![]))]),
        ),
    ] {
        let schema =
            Schema::parse(&format!(r#"{{"type":"array","items":{items_schema}}}"#)).unwrap();
        assert_eq!(schema.min_size(schema.root_id()), 1);
        // 72 bytes a null, and more for a record: within the default limit.
        let bytes = block_of(2_000_000);
        let value = Value::decode(&bytes, &schema).unwrap();
        assert_eq!(items(&value).as_repeated(), Some((&item, 2_000_000)));
        // It encodes back to one block and reads again the same.
        let again = value.to_bytes(&schema).unwrap();
        assert_eq!(Value::decode(&again, &schema).unwrap(), value);
    }
}

#[test]
fn blocks_add_up_and_both_limits_hold() {
    let schema = Schema::parse(r#"{"type":"array","items":"null"}"#).unwrap();
    let blocks = |n: usize| {
        let mut bytes = Vec::new();
        for _ in 0..n {
            avrox::binary::write_long(&mut bytes, 5_000_000);
        }
        bytes.push(0);
        bytes
    };
    let roomy = Limits::default().max_allocation(usize::MAX);
    let value = Value::decode_with_limits(&blocks(3), &schema, roomy).unwrap();
    assert_eq!(items(&value).len(), 15_000_000);
    // A fourth block passes the default 16,777,216 items.
    let err = Value::decode_with_limits(&blocks(4), &schema, roomy).unwrap_err();
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::CollectionItems),
        "{err}"
    );
    // Under the default allocation limit, 72 bytes a null: 7,456,540 fit.
    let err = Value::decode(&blocks(2), &schema).unwrap_err();
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Allocation),
        "{err}"
    );
    assert!(Value::decode(&block_of(7_456_540), &schema).is_ok());
    assert!(Value::decode(&block_of(7_456_541), &schema).is_err());
}

/// 2 blocks of 16 million nulls in 12 bytes: refused by the allocation
/// limit, as when each was held, so no consumer (the JSON writer, the CLI)
/// is handed 32 million items.
#[test]
fn nested_arrays_of_nulls_stay_within_the_limit() {
    let schema =
        Schema::parse(r#"{"type":"array","items":{"type":"array","items":"null"}}"#).unwrap();
    let mut bytes = Vec::new();
    avrox::binary::write_long(&mut bytes, 2);
    for _ in 0..2 {
        avrox::binary::write_long(&mut bytes, 16_000_000);
        bytes.push(0);
    }
    bytes.push(0);
    let err = Value::decode(&bytes, &schema).unwrap_err();
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Allocation),
        "{err}"
    );
}

#[test]
fn resolution_repeats_the_read_item() {
    let writer = Schema::parse(r#"{"type":"array","items":"null"}"#).unwrap();
    let reader = Schema::parse(r#"{"type":"array","items":["null","long"]}"#).unwrap();
    let plan = Plan::new(&writer, &reader).unwrap();
    let bytes = block_of(1_000_000);
    let value = plan.read_next(&mut SliceReader::new(&bytes)).unwrap();
    assert_eq!(
        items(&value).as_repeated(),
        Some((&Value::Union(0, Box::new(Value::Null)), 1_000_000))
    );
    // An empty record read as one with a defaulted field.
    let writer =
        Schema::parse(r#"{"type":"array","items":{"type":"record","name":"R","fields":[]}}"#)
            .unwrap();
    let reader = Schema::parse(
        r#"{"type":"array","items":{"type":"record","name":"R","fields":[
            {"name":"n","type":"int","default":7}]}}"#,
    )
    .unwrap();
    let plan = Plan::new(&writer, &reader).unwrap();
    let value = plan.read_next(&mut SliceReader::new(&bytes)).unwrap();
    assert_eq!(
        items(&value).as_repeated(),
        Some((&Value::record([("n", Value::Int(7))]), 1_000_000))
    );
}

/// `R` reaches `S` through a union and `S` is only `R`: neither takes no
/// bytes (an `R` is at least a branch index and an int). A walk that met
/// `R` again while sizing `S` once guessed 0 for it, and then an array of
/// `S` would have read its first item and repeated it.
#[test]
fn a_record_that_recurses_through_a_union_is_read_item_by_item() {
    for order in [
        r#"{"type":"array","items":{"type":"record","name":"S","fields":[
            {"name":"r","type":{"type":"record","name":"R","fields":[
                {"name":"s","type":["null","S"]},{"name":"i","type":"int"}]}}]}}"#,
        r#"[{"type":"record","name":"R","fields":[
                {"name":"s","type":["null",{"type":"record","name":"S","fields":[
                    {"name":"r","type":"R"}]}]},{"name":"i","type":"int"}]},
            {"type":"array","items":"S"}]"#,
    ] {
        let schema = Schema::parse(order).unwrap();
        let array = match schema.root().ty() {
            avrox::schema::Type::Array(items) => *items,
            avrox::schema::Type::Union(u) => {
                let avrox::schema::Type::Array(items) = schema.node(u.variants[1]).ty() else {
                    panic!()
                };
                *items
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(schema.min_size(array), 2, "{order}");
        let s = schema.lookup("S").unwrap();
        let r = schema.lookup("R").unwrap();
        assert_eq!((schema.min_size(s), schema.min_size(r)), (2, 2));
    }
    let schema = Schema::parse(
        r#"{"type":"array","items":{"type":"record","name":"S","fields":[
            {"name":"r","type":{"type":"record","name":"R","fields":[
                {"name":"s","type":["null","S"]},{"name":"i","type":"int"}]}}]}}"#,
    )
    .unwrap();
    // Two different items: S{R{null, 1}}, S{R{null, 2}}.
    let bytes = [0x04, 0x00, 0x02, 0x00, 0x04, 0x00];
    let value = Value::decode(&bytes, &schema).unwrap();
    let items = items(&value);
    assert_eq!(items.as_repeated(), None);
    assert_ne!(items[0], items[1]);
}

#[test]
fn a_record_that_contains_itself_has_no_finite_size() {
    // Nothing can be written of it, so no block of it fits any input.
    let schema = Schema::parse(
        r#"{"type":"array","items":{"type":"record","name":"Loop","fields":[
            {"name":"again","type":"Loop"}]}}"#,
    )
    .unwrap();
    let looped = schema.lookup("Loop").unwrap();
    assert_eq!(schema.min_size(looped), usize::MAX);
    let err = Value::decode(&[0x02, 0x00], &schema).unwrap_err();
    assert!(err.to_string().contains("block"), "{err}");
}

/// An empty record read as one whose string field has a default of 1,000
/// characters: each item would hold a copy, and is charged it, so a
/// million of them (147 bytes of input) are refused as a million copies
/// would be.
#[test]
fn items_filled_from_defaults_are_charged_their_defaults() {
    let writer =
        Schema::parse(r#"{"type":"array","items":{"type":"record","name":"E","fields":[]}}"#)
            .unwrap();
    let long = "x".repeat(1000);
    let reader = Schema::parse(&format!(
        r#"{{"type":"array","items":{{"type":"record","name":"E","fields":[
            {{"name":"s","type":"string","default":"{long}"}}]}}}}"#
    ))
    .unwrap();
    let plan = Plan::new(&writer, &reader).unwrap();
    let err = plan
        .read_next(&mut SliceReader::new(&block_of(1_000_000)))
        .unwrap_err();
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Allocation),
        "{err}"
    );
    let value = plan
        .read_next(&mut SliceReader::new(&block_of(1_000)))
        .unwrap();
    assert_eq!(items(&value).len(), 1_000);
}

/// Each record refers to the one before it, defined earlier: settling
/// them one by one, pass after pass, took seconds at 16,000. The sizes are
/// right whatever the order.
#[test]
fn a_long_chain_of_records_is_sized_in_one_walk() {
    let n = 16_000;
    let mut fields = vec![r#"{"name":"f1","type":{"type":"record","name":"A1","fields":[{"name":"x","type":"int"}]}}"#.to_owned()];
    for k in 2..=n {
        fields.push(format!(
            r#"{{"name":"f{k}","type":{{"type":"record","name":"A{k}","fields":[{{"name":"x","type":"A{}"}}]}}}}"#,
            k - 1
        ));
    }
    let json = format!(
        r#"{{"type":"record","name":"Top","fields":[{}]}}"#,
        fields.join(",")
    );
    let schema = Schema::parse(&json).unwrap();
    for k in [1, 2, n / 2, n] {
        let id = schema.lookup(&format!("A{k}")).unwrap();
        assert_eq!(schema.min_size(id), 1);
    }
    assert_eq!(schema.min_size(schema.root_id()), n);
}
