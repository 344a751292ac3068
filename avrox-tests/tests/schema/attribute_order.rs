//! A schema's own attributes keep the order they were written in, so that
//! printing, parsing and printing again gives the same text: wherever a
//! schema may carry them (records, fields, enums, fixed, arrays, maps,
//! primitives, logical types).

use avrox::Schema;
use proptest::prelude::*;
use serde_json::{Map, Value as Json, json};

use avrox_tests::strategies::config;

/// The issue's schema: a decimal whose logical type's attributes are
/// taken out of the node's attributes while parsing.
#[test]
fn a_logical_types_attributes_keep_their_order() {
    let text = r#"{"type":"bytes","logicalType":"decimal","precision":18,"b":1,"a":2}"#;
    let printed = Schema::parse(text).unwrap().to_string();
    assert_eq!(
        printed,
        r#"{"type":"bytes","logicalType":"decimal","precision":18,"scale":0,"b":1,"a":2}"#
    );
    let again = Schema::parse(&printed).unwrap().to_string();
    assert_eq!(again, printed, "printing is not a fixed point");
}

/// The attribute names the test shuffles in; "x-first" sorts before the
/// schema's own keys and "zz" after them, so an order that follows the
/// alphabet (or a hash) instead of the source shows.
const CUSTOM: [&str; 5] = ["zz", "b", "x-first", "a", "connect.name"];

/// `base` with the custom attributes `keys` (in that order) put among its
/// own keys at the positions `slots` picks, so custom and known keys
/// interleave in the source.
fn with_attributes(base: Json, keys: &[&str], slots: &[usize]) -> Json {
    let Json::Object(base) = base else {
        unreachable!("the bases are objects")
    };
    let mut entries: Vec<(String, Json)> = base.into_iter().collect();
    for (i, (key, slot)) in keys.iter().zip(slots).enumerate() {
        // Insert after the custom attributes already placed, so their
        // relative order is `keys`.
        let placed = entries
            .iter()
            .rposition(|(k, _)| CUSTOM.contains(&k.as_str()));
        let lowest = placed.map_or(0, |p| p + 1);
        let at = lowest + slot % (entries.len() + 1 - lowest);
        entries.insert(at, ((*key).to_owned(), json!(i)));
    }
    Json::Object(entries.into_iter().collect::<Map<_, _>>())
}

/// Each place a schema may carry its own attributes.
fn places() -> Vec<Json> {
    vec![
        json!({"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2}),
        json!({"type": "fixed", "name": "D8", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 2}),
        json!({"type": "long", "logicalType": "timestamp-micros"}),
        json!({"type": "string", "logicalType": "uuid"}),
        json!({"type": "int", "logicalType": "made-up"}),
        json!({"type": "string"}),
        json!({"type": "enum", "name": "E", "symbols": ["A", "B"]}),
        json!({"type": "fixed", "name": "F", "size": 3}),
        json!({"type": "array", "items": "long"}),
        json!({"type": "map", "values": "long"}),
        json!({"type": "record", "name": "R", "fields": []}),
    ]
}

/// The custom keys of a printed object, in the order printed.
fn custom_keys(json: &Json) -> Vec<String> {
    let Json::Object(object) = json else {
        return Vec::new();
    };
    object
        .keys()
        .filter(|k| CUSTOM.contains(&k.as_str()))
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(config(256))]

    /// Any order of attributes, in any place (and on a record's field):
    /// printed in the source's order, and printing is a fixed point.
    #[test]
    fn attributes_print_in_source_order(
        place in 0..11usize,
        keys in Just(CUSTOM.to_vec()).prop_shuffle(),
        count in 1..=5usize,
        slots in proptest::collection::vec(0..16usize, 5),
        field_keys in Just(CUSTOM.to_vec()).prop_shuffle(),
        field_slots in proptest::collection::vec(0..16usize, 5),
    ) {
        let keys = &keys[..count];
        let inner = with_attributes(places()[place].clone(), keys, &slots);
        let field = with_attributes(json!({"name": "f", "type": inner}), &field_keys, &field_slots);
        let text = json!({"type": "record", "name": "Outer", "fields": [field]}).to_string();

        let printed = Schema::parse(&text).unwrap().to_string();
        let printed_json: Json = serde_json::from_str(&printed).unwrap();
        let printed_field = &printed_json["fields"][0];
        prop_assert_eq!(custom_keys(printed_field), field_keys.clone(), "{}", printed);
        prop_assert_eq!(custom_keys(&printed_field["type"]), keys.to_vec(), "{}", printed);

        let again = Schema::parse(&printed).unwrap().to_string();
        prop_assert_eq!(again, printed, "printing is not a fixed point");
    }
}
