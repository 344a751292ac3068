//! Arrays whose items take no bytes (`null`, empty records, records of
//! nulls): decoding holds their one value and a count, so a few bytes
//! claiming millions of items cost one item; and only types whose every
//! value takes no bytes are read so (a record that recurses through a
//! union is not one of them, however its schema is ordered).

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
        let bytes = block_of(16_000_000);
        let value = Value::decode(&bytes, &schema).unwrap();
        assert_eq!(items(&value).as_repeated(), Some((&item, 16_000_000)));
        // It encodes back to one block and reads again the same.
        let again = value.to_bytes(&schema).unwrap();
        assert_eq!(Value::decode(&again, &schema).unwrap(), value);
    }
}

#[test]
fn blocks_add_up_and_the_item_limit_holds() {
    let schema = Schema::parse(r#"{"type":"array","items":"null"}"#).unwrap();
    let mut bytes = Vec::new();
    for _ in 0..3 {
        avrox::binary::write_long(&mut bytes, 5_000_000);
    }
    bytes.push(0);
    let value = Value::decode(&bytes, &schema).unwrap();
    assert_eq!(items(&value).len(), 15_000_000);
    // A fourth block passes the default 16,777,216 items.
    bytes.pop();
    avrox::binary::write_long(&mut bytes, 5_000_000);
    bytes.push(0);
    let err = Value::decode(&bytes, &schema).unwrap_err();
    assert!(err.to_string().contains("16777216"), "{err}");
    // And a lower one stops it sooner.
    let limits = Limits::default().max_collection_items(1000);
    assert!(Value::decode_with_limits(&block_of(1001), &schema, limits).is_err());
}

#[test]
fn resolution_repeats_the_read_item() {
    let writer = Schema::parse(r#"{"type":"array","items":"null"}"#).unwrap();
    let reader = Schema::parse(r#"{"type":"array","items":["null","long"]}"#).unwrap();
    let plan = Plan::new(&writer, &reader).unwrap();
    let bytes = block_of(7_000_000);
    let value = plan.read_next(&mut SliceReader::new(&bytes)).unwrap();
    assert_eq!(
        items(&value).as_repeated(),
        Some((&Value::Union(0, Box::new(Value::Null)), 7_000_000))
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
        Some((&Value::record([("n", Value::Int(7))]), 7_000_000))
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
