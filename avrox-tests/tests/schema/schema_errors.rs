//! Invalid schemas give errors that say where (a path into the JSON) and
//! what; valid but unusual schemas parse the way the specification says:
//! names and namespaces, aliases, defaults, logical types, extra attributes
//! and printing.

use avrox::schema::{LogicalType, Parser, Type};
use avrox::{Schema, SchemaError, Value};
use serde_json::json;

#[track_caller]
fn parse(json: &str) -> Schema {
    Schema::parse(json).unwrap_or_else(|e| panic!("should parse: {e}\n{json}"))
}

/// Parses `json`, expecting an error at `path` whose message contains every
/// one of `words`. Returns the error for further checks.
#[track_caller]
fn rejects(json: &str, path: &str, words: &[&str]) -> SchemaError {
    let err = match Schema::parse(json) {
        Ok(s) => panic!("should be rejected, parsed as {s}\n{json}"),
        Err(e) => e,
    };
    eprintln!("{err}");
    assert_eq!(err.path(), path, "path of: {err}");
    for word in words {
        assert!(
            err.message().contains(word),
            "the message should mention {word:?}: {err}"
        );
    }
    err
}

/// A record named `R` with one field of type `ty` and default `default`.
fn with_default(ty: &str, default: &str) -> String {
    format!(
        r#"{{"type": "record", "name": "R", "fields": [{{"name": "f", "type": {ty}, "default": {default}}}]}}"#
    )
}

// ---------------------------------------------------------------------------
// Unknown names
// ---------------------------------------------------------------------------

#[test]
fn unknown_type_suggests_a_defined_name() {
    let err = Schema::parse(
        r#"{"type": "record", "name": "Order", "fields": [
            {"name": "id", "type": "long"},
            {"name": "ship_to", "type": {"type": "record", "name": "Address", "fields": [
                {"name": "city", "type": "string"}]}},
            {"name": "bill_to", "type": "Adress"}
        ]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "fields[2].type: unknown type 'Adress' (did you mean 'Address'?)"
    );
    assert_eq!(err.path(), "fields[2].type");
}

#[test]
fn unknown_type_suggests_a_primitive_or_says_nothing() {
    rejects(
        r#"{"type": "array", "items": "strng"}"#,
        "items",
        &["unknown type 'strng'", "did you mean 'string'"],
    );
    let err = rejects(
        r#"{"type": "map", "values": "Zebra"}"#,
        "values",
        &["'Zebra'"],
    );
    assert!(!err.message().contains("did you mean"), "{err}");
    // A simple name that exists in another namespace: use its fullname.
    rejects(
        r#"{"type": "record", "name": "R", "namespace": "n", "fields": [
            {"name": "a", "type": {"type": "fixed", "name": "Hash", "namespace": "other", "size": 4}},
            {"name": "b", "type": "Hash"}
        ]}"#,
        "fields[1].type",
        &["'Hash'", "other.Hash"],
    );
}

#[test]
fn a_reference_before_its_definition_is_unknown() {
    rejects(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "B"},
            {"name": "b", "type": {"type": "record", "name": "B", "fields": []}}
        ]}"#,
        "fields[0].type",
        &["unknown type 'B'"],
    );
    // The other way round is fine.
    parse(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "b", "type": {"type": "record", "name": "B", "fields": []}},
            {"name": "a", "type": "B"}
        ]}"#,
    );
}

// ---------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------

#[test]
fn duplicate_names() {
    rejects(
        r#"{"type": "record", "name": "A", "fields": [
            {"name": "x", "type": {"type": "enum", "name": "A", "symbols": ["Q"]}}
        ]}"#,
        "fields[0].type.name",
        &["'A'", "defined twice"],
    );
    // The same fullname reached two ways.
    rejects(
        r#"{"type": "record", "name": "n.A", "fields": [
            {"name": "x", "type": {"type": "fixed", "name": "A", "size": 1}}
        ]}"#,
        "fields[0].type.name",
        &["'n.A'", "defined twice"],
    );
    // The same simple name in two namespaces is two names.
    parse(
        r#"{"type": "record", "name": "n.A", "fields": [
            {"name": "x", "type": {"type": "fixed", "name": "m.A", "size": 1}}
        ]}"#,
    );
}

#[test]
fn duplicate_field_names() {
    rejects(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "int"}, {"name": "b", "type": "int"}, {"name": "a", "type": "long"}
        ]}"#,
        "fields[2].name",
        &["'a'", "twice"],
    );
}

#[test]
fn duplicate_enum_symbols() {
    rejects(
        r#"{"type": "enum", "name": "E", "symbols": ["A", "B", "A"]}"#,
        "symbols[2]",
        &["'A'", "twice"],
    );
}

// ---------------------------------------------------------------------------
// Name syntax
// ---------------------------------------------------------------------------

#[test]
fn bad_names() {
    for bad in ["2d2", "a-b", "", "é", "a b"] {
        let json = format!(r#"{{"type": "record", "name": "{bad}", "fields": []}}"#);
        rejects(&json, "name", &["invalid name", "[A-Za-z_]"]);
    }
    // The simple part of a dotted fullname.
    rejects(
        r#"{"type": "fixed", "name": "a.2b", "size": 1}"#,
        "name",
        &["invalid"],
    );
    // A field name and an enum symbol follow the same rule.
    rejects(
        r#"{"type": "record", "name": "R", "fields": [{"name": "2d2", "type": "int"}]}"#,
        "fields[0].name",
        &["'2d2'"],
    );
    rejects(
        r#"{"type": "enum", "name": "E", "symbols": ["ok", "not-ok"]}"#,
        "symbols[1]",
        &["invalid symbol 'not-ok'"],
    );
}

#[test]
fn bad_namespaces() {
    for bad in ["a.2b", "a..b", ".a", "a.", "a-b.c"] {
        let json =
            format!(r#"{{"type": "record", "name": "R", "namespace": "{bad}", "fields": []}}"#);
        rejects(&json, "name", &["invalid namespace", bad]);
    }
    // A dotted name ignores the namespace attribute, even an invalid one:
    // the specification says it is ignored.
    let s = parse(r#"{"type": "record", "name": "x.R", "namespace": "a..b", "fields": []}"#);
    assert_eq!(s.root().name().unwrap().fullname(), "x.R");
    // A namespace that is not a string.
    rejects(
        r#"{"type": "enum", "name": "E", "namespace": 3, "symbols": []}"#,
        "namespace",
        &["expected a string"],
    );
}

#[test]
fn a_primitive_name_cannot_name_a_type() {
    for primitive in ["int", "string", "null"] {
        let json = format!(r#"{{"type": "record", "name": "{primitive}", "fields": []}}"#);
        rejects(&json, "name", &["primitive"]);
        // Not in a namespace either.
        let json = format!(
            r#"{{"type": "enum", "name": "{primitive}", "namespace": "n", "symbols": []}}"#
        );
        rejects(&json, "name", &["primitive"]);
    }
    let err = Schema::parse(r#"{"type": "enum", "name": "long", "symbols": []}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "name: 'long' is a primitive type and cannot name an enum"
    );
    let err = Schema::parse(r#"{"type": "fixed", "name": "a.bytes", "size": 1}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "name: 'bytes' is a primitive type and cannot name a fixed"
    );
    // Complex type names may be reused, as the specification allows.
    let s = parse(
        r#"{"type": "record", "name": "record", "namespace": "n", "fields": [
        {"name": "a", "type": {"type": "enum", "name": "map", "symbols": ["X"]}},
        {"name": "b", "type": "map"}]}"#,
    );
    assert!(s.lookup("n.map").is_some());
}

// ---------------------------------------------------------------------------
// Unions
// ---------------------------------------------------------------------------

#[test]
fn nested_unions() {
    rejects(
        r#"["int", ["null", "string"]]"#,
        "[1]",
        &["union", "another union"],
    );
    rejects(
        r#"{"type": "record", "name": "R", "fields": [{"name": "u", "type": [["int"]]}]}"#,
        "fields[0].type[0]",
        &["another union"],
    );
    // A union inside an array inside a union is fine.
    parse(r#"["null", {"type": "array", "items": ["int", "string"]}]"#);
}

#[test]
fn duplicate_unnamed_types_in_a_union() {
    rejects(
        r#"["int", "string", "int"]"#,
        "[2]",
        &["'int'", "twice", "index 0"],
    );
    rejects(
        r#"["null", {"type": "array", "items": "int"}, {"type": "array", "items": "long"}]"#,
        "[2]",
        &["'array'", "twice"],
    );
    rejects(
        r#"[{"type": "map", "values": "int"}, {"type": "map", "values": "int"}]"#,
        "[1]",
        &["'map'", "twice"],
    );
    // A logical type does not make a new type: string and a uuid string clash.
    rejects(
        r#"["string", {"type": "string", "logicalType": "uuid"}]"#,
        "[1]",
        &["'string'", "twice"],
    );
    rejects(
        r#"[{"type": "long", "logicalType": "timestamp-millis"}, "long"]"#,
        "[1]",
        &["'long'"],
    );
    // int and long are different types.
    parse(r#"["int", "long", "float", "double"]"#);
}

#[test]
fn duplicate_named_types_in_a_union() {
    rejects(
        r#"[{"type": "record", "name": "A", "fields": []}, "A"]"#,
        "[1]",
        &["'A'", "twice"],
    );
    // Two named types of the same kind with different names are fine.
    let s = parse(
        r#"[{"type": "record", "name": "A", "fields": []}, {"type": "record", "name": "B", "fields": []},
            {"type": "fixed", "name": "x.A", "size": 2}]"#,
    );
    let Type::Union(u) = s.root().ty() else {
        panic!("not a union")
    };
    assert_eq!(u.variants.len(), 3);
}

// ---------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------

#[test]
fn bad_defaults() {
    let cases: &[(&str, &str, &[&str])] = &[
        (r#""int""#, r#""x""#, &["int", "\"x\""]),
        (r#""int""#, "1.5", &["1.5"]),
        (r#""int""#, "2147483648", &["2147483648", "32-bit"]),
        (r#""int""#, "-2147483649", &["32-bit"]),
        (r#""long""#, "9223372036854775808", &["64-bit"]),
        (r#""long""#, "null", &["long"]),
        (r#""boolean""#, "0", &["boolean"]),
        (r#""string""#, "5", &["string"]),
        (r#""float""#, r#""1.0""#, &["float"]),
        (r#""null""#, "0", &["null"]),
        (r#""bytes""#, r#""\u0100""#, &["U+0100", "0-255"]),
        (
            r#"{"type": "fixed", "name": "F", "size": 4}"#,
            r#""abc""#,
            &["4 bytes", "3"],
        ),
        (
            r#"{"type": "fixed", "name": "F", "size": 2}"#,
            r#""\u0100\u0000""#,
            &["U+0100"],
        ),
        (
            r#"{"type": "enum", "name": "E", "symbols": ["A", "B"]}"#,
            r#""C""#,
            &["'C'", "not a symbol"],
        ),
        (
            r#"{"type": "record", "name": "P", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int"}]}"#,
            r#"{"x": 1}"#,
            &["missing field 'y'"],
        ),
        (
            r#"{"type": "array", "items": "int"}"#,
            r#"[1, 2, "three"]"#,
            &["\"three\""],
        ),
        (
            r#"{"type": "map", "values": "long"}"#,
            r#"{"a": 1, "b": true}"#,
            &["long"],
        ),
        (r#"["null", "string"]"#, "5", &["union", "null", "string"]),
    ];
    for (ty, default, words) in cases {
        let err = rejects(&with_default(ty, default), "fields[0].default", words);
        assert!(
            err.message().starts_with("invalid default"),
            "{ty} {default}: {err}"
        );
    }
}

#[test]
fn bad_defaults_deep_inside_say_where() {
    // The item in error is named within the default.
    let err = rejects(
        &with_default(r#"{"type": "array", "items": "int"}"#, r#"[1, 2, "three"]"#),
        "fields[0].default",
        &[],
    );
    assert!(err.message().contains("[2]"), "{err}");
    let err = rejects(
        &with_default(
            r#"{"type": "record", "name": "P", "fields": [{"name": "x", "type": {"type": "map", "values": "int"}}]}"#,
            r#"{"x": {"k": "v"}}"#,
        ),
        "fields[0].default",
        &[],
    );
    assert!(err.message().contains(r#"x["k"]"#), "{err}");
}

#[test]
fn good_defaults() {
    for (ty, default) in [
        (r#""int""#, "-2147483648"),
        (r#""long""#, "9223372036854775807"),
        (r#""float""#, "1"),
        (r#""double""#, "1.5e300"),
        (r#""double""#, r#""NaN""#),
        (r#""bytes""#, r#""\u00ff\u0000""#),
        (r#""string""#, r#""☃""#),
        (
            r#"{"type": "fixed", "name": "F", "size": 2}"#,
            r#""\u00ffa""#,
        ),
        (
            r#"{"type": "enum", "name": "E", "symbols": ["A"]}"#,
            r#""A""#,
        ),
        (r#"{"type": "array", "items": "int"}"#, "[]"),
        (r#"{"type": "map", "values": "int"}"#, r#"{"a": 1}"#),
        // A missing field that has a default of its own.
        (
            r#"{"type": "record", "name": "P", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int", "default": 7}]}"#,
            r#"{"x": 1}"#,
        ),
        (r#"{"type": "int", "logicalType": "date"}"#, "19000"),
        (
            r#"{"type": "string", "logicalType": "uuid"}"#,
            r#""6ba7b810-9dad-11d1-80b4-00c04fd430c8""#,
        ),
    ] {
        let s = parse(&with_default(ty, default));
        let Type::Record(r) = s.root().ty() else {
            unreachable!()
        };
        assert_eq!(
            r.fields[0].default.as_ref().unwrap(),
            &serde_json::from_str::<serde_json::Value>(default).unwrap()
        );
    }
    // A default of the record's own type, where the recursion ends.
    parse(
        r#"{"type": "record", "name": "Node", "fields": [
            {"name": "next", "type": ["null", "Node"], "default": null},
            {"name": "first", "type": ["null", "Node"], "default": {"next": null, "first": null}}
        ]}"#,
    );
}

/// Avro 1.12 lets a union's default match any branch (AVRO-3649), not only
/// the first.
#[test]
fn a_union_default_may_match_a_later_branch() {
    let s = parse(&with_default(r#"["null", "string"]"#, r#""x""#));
    let Type::Record(r) = s.root().ty() else {
        unreachable!()
    };
    assert_eq!(r.fields[0].default, Some(json!("x")));
    // And it fills the field as that branch.
    let v = Value::from_default_json(&json!({}), &s).unwrap();
    assert_eq!(
        v.get("f"),
        Some(&Value::Union(1, Box::new(Value::from("x"))))
    );
    parse(&with_default(
        r#"["null", "long", {"type": "array", "items": "int"}]"#,
        "[1]",
    ));
}

#[test]
fn enum_default_attribute_must_be_a_symbol() {
    rejects(
        r#"{"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "C"}"#,
        "default",
        &["'C'", "not one of the symbols"],
    );
    let s = parse(r#"{"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "B"}"#);
    let Type::Enum(e) = s.root().ty() else {
        unreachable!()
    };
    assert_eq!(e.default.as_deref(), Some("B"));
}

// ---------------------------------------------------------------------------
// Logical types
// ---------------------------------------------------------------------------

#[test]
fn decimal_too_precise_for_its_fixed() {
    // 2 bytes hold at most 4 digits.
    let json =
        r#"{"type": "fixed", "name": "F", "size": 2, "logicalType": "decimal", "precision": 10}"#;
    let err = Schema::parse(json).unwrap_err();
    assert!(
        err.message().contains("2 bytes") && err.message().contains("4"),
        "{err}"
    );
    assert!(err.message().contains("10"), "{err}");
    // Nested, the path leads there.
    let nested = format!(
        r#"{{"type": "record", "name": "R", "fields": [{{"name": "price", "type": {json}}}]}}"#
    );
    assert_eq!(Schema::parse(&nested).unwrap_err().path(), "fields[0].type");
    // Lenient: the logical type is dropped, the fixed stays, the attributes
    // are kept.
    let s = Parser::new().lenient_decimals(true).parse(json).unwrap();
    assert!(matches!(s.root().ty(), Type::Fixed(f) if f.size == 2));
    assert_eq!(s.root().logical_type(), None);
    assert_eq!(
        s.root().attributes().get("logicalType"),
        Some(&json!("decimal"))
    );
    assert_eq!(s.root().attributes().get("precision"), Some(&json!(10)));
    assert_eq!(
        s.canonical_form(),
        r#"{"name":"F","type":"fixed","size":2}"#
    );
    // Precision 4 fits, strict or not.
    let s = parse(
        r#"{"type": "fixed", "name": "F", "size": 2, "logicalType": "decimal", "precision": 4}"#,
    );
    assert_eq!(
        s.root().logical_type(),
        Some(&LogicalType::Decimal {
            precision: 4,
            scale: 0
        })
    );
}

#[test]
fn invalid_logical_types_fall_back_to_the_underlying_type() {
    for (json, underlying) in [
        (
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 5}"#,
            r#""bytes""#,
        ),
        (
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 0}"#,
            r#""bytes""#,
        ),
        (
            r#"{"type": "bytes", "logicalType": "decimal", "scale": 2}"#,
            r#""bytes""#,
        ),
        (
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": -1}"#,
            r#""bytes""#,
        ),
        (
            r#"{"type": "int", "logicalType": "decimal", "precision": 4}"#,
            r#""int""#,
        ),
        (
            r#"{"type": "string", "logicalType": "date"}"#,
            r#""string""#,
        ),
        (r#"{"type": "long", "logicalType": "date"}"#, r#""long""#),
        (
            r#"{"type": "int", "logicalType": "timestamp-millis"}"#,
            r#""int""#,
        ),
        (
            r#"{"type": "long", "logicalType": "time-millis"}"#,
            r#""long""#,
        ),
        (
            r#"{"type": "int", "logicalType": "time-micros"}"#,
            r#""int""#,
        ),
        (
            r#"{"type": "fixed", "name": "D", "size": 10, "logicalType": "duration"}"#,
            r#"{"name":"D","type":"fixed","size":10}"#,
        ),
        (
            r#"{"type": "fixed", "name": "U", "size": 15, "logicalType": "uuid"}"#,
            r#"{"name":"U","type":"fixed","size":15}"#,
        ),
        (
            r#"{"type": "string", "logicalType": "big-decimal"}"#,
            r#""string""#,
        ),
        (r#"{"type": "int", "logicalType": "foo"}"#, r#""int""#),
        (r#"{"type": "int", "logicalType": 7}"#, r#""int""#),
    ] {
        let s = parse(json);
        assert_eq!(s.root().logical_type(), None, "{json}");
        let written: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            s.root().attributes().get("logicalType"),
            written.get("logicalType"),
            "{json}: the logicalType stays as an attribute"
        );
        assert_eq!(s.canonical_form(), underlying, "{json}");
        // Printed back as written.
        assert_eq!(s.to_json(), written, "{json}");
    }
    // Values read as the underlying type.
    let s = parse(r#"{"type": "string", "logicalType": "date"}"#);
    assert_eq!(Value::decode(&[0x02, b'x'], &s).unwrap(), Value::from("x"));
    let s = parse(r#"{"type": "fixed", "name": "D", "size": 10, "logicalType": "duration"}"#);
    assert_eq!(
        Value::decode(&[0; 10], &s).unwrap(),
        Value::Fixed(vec![0; 10])
    );
}

#[test]
fn valid_logical_types_are_recognised() {
    for (json, logical) in [
        (
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}"#,
            LogicalType::Decimal {
                precision: 4,
                scale: 2,
            },
        ),
        (
            r#"{"type": "bytes", "logicalType": "big-decimal"}"#,
            LogicalType::BigDecimal,
        ),
        (
            r#"{"type": "string", "logicalType": "uuid"}"#,
            LogicalType::Uuid,
        ),
        (
            r#"{"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}"#,
            LogicalType::Uuid,
        ),
        (
            r#"{"type": "int", "logicalType": "date"}"#,
            LogicalType::Date,
        ),
        (
            r#"{"type": "int", "logicalType": "time-millis"}"#,
            LogicalType::TimeMillis,
        ),
        (
            r#"{"type": "long", "logicalType": "time-micros"}"#,
            LogicalType::TimeMicros,
        ),
        (
            r#"{"type": "long", "logicalType": "timestamp-nanos"}"#,
            LogicalType::TimestampNanos,
        ),
        (
            r#"{"type": "long", "logicalType": "local-timestamp-micros"}"#,
            LogicalType::LocalTimestampMicros,
        ),
        (
            r#"{"type": "fixed", "name": "D", "size": 12, "logicalType": "duration"}"#,
            LogicalType::Duration,
        ),
    ] {
        let s = parse(json);
        assert_eq!(s.root().logical_type(), Some(&logical), "{json}");
        assert!(s.root().attributes().get("logicalType").is_none(), "{json}");
        // Printing puts it back.
        let written: serde_json::Value = serde_json::from_str(json).unwrap();
        let printed = s.to_json();
        assert_eq!(
            printed.get("logicalType"),
            written.get("logicalType"),
            "{json}"
        );
        assert_eq!(parse(&s.to_string()), s, "{json}");
    }
}

// ---------------------------------------------------------------------------
// Schema lists
// ---------------------------------------------------------------------------

#[test]
fn parse_list_in_reverse_dependency_order() {
    let schemas = Schema::parse_list(&[
        r#"{"type": "record", "name": "Order", "namespace": "shop", "fields": [
            {"name": "to", "type": "Address"}, {"name": "lines", "type": {"type": "array", "items": "Line"}}]}"#,
        r#"{"type": "record", "name": "Line", "namespace": "shop", "fields": [
            {"name": "sku", "type": "Sku"}, {"name": "qty", "type": "int"}]}"#,
        r#"{"type": "record", "name": "Address", "namespace": "shop", "fields": [
            {"name": "city", "type": "string"}]}"#,
        r#"{"type": "fixed", "name": "shop.Sku", "size": 8}"#,
    ])
    .unwrap();
    assert_eq!(schemas.len(), 4);
    let names: Vec<&str> = schemas
        .iter()
        .map(|s| s.root().name().unwrap().fullname())
        .collect();
    assert_eq!(
        names,
        ["shop.Order", "shop.Line", "shop.Address", "shop.Sku"]
    );
    // Each schema holds the types it uses, in full.
    assert_eq!(
        schemas[0].canonical_form(),
        r#"{"name":"shop.Order","type":"record","fields":[{"name":"to","type":{"name":"shop.Address","type":"record","fields":[{"name":"city","type":"string"}]}},{"name":"lines","type":{"type":"array","items":{"name":"shop.Line","type":"record","fields":[{"name":"sku","type":{"name":"shop.Sku","type":"fixed","size":8}},{"name":"qty","type":"int"}]}}}]}"#
    );
    // Each stands alone.
    assert_eq!(parse(&schemas[0].to_string()), schemas[0]);
}

#[test]
fn parse_list_errors_name_the_schema() {
    let err = Schema::parse_list(&[
        r#"{"type": "record", "name": "A", "fields": [{"name": "b", "type": "B"}]}"#,
        r#"{"type": "record", "name": "B", "fields": [{"name": "c", "type": "Cee"}]}"#,
    ])
    .unwrap_err();
    assert!(err.path().starts_with("schemas["), "{err}");
    assert!(err.message().contains("unknown type"), "{err}");
    let err = Schema::parse_list(&[
        r#"{"type": "record", "name": "A", "fields": []}"#,
        r#"{"type": "enum", "name": "E", "symbols": ["X", "X"]}"#,
    ])
    .unwrap_err();
    assert_eq!(err.path(), "schemas[1].symbols[1]");
    let err = Schema::parse_list(&["{", r#""int""#]).unwrap_err();
    assert_eq!(err.path(), "schemas[0]");
    assert!(err.message().contains("invalid JSON"), "{err}");
}

#[test]
fn a_failed_parse_leaves_the_parser_as_it_was() {
    let mut parser = Parser::new();
    parser
        .parse(r#"{"type": "record", "name": "Bad", "fields": [{"name": "x", "type": "Nope"}]}"#)
        .unwrap_err();
    // "Bad" was not kept: it can be defined now, and is not known before.
    parser
        .parse(r#"{"type": "array", "items": "Bad"}"#)
        .unwrap_err();
    parser
        .parse(r#"{"type": "record", "name": "Bad", "fields": []}"#)
        .unwrap();
    parser
        .parse(r#"{"type": "array", "items": "Bad"}"#)
        .unwrap();
}

// ---------------------------------------------------------------------------
// Names and namespaces
// ---------------------------------------------------------------------------

/// The example of the specification's "Names" section.
const SPEC_NAMES_EXAMPLE: &str = r#"{
  "type": "record",
  "name": "Example",
  "doc": "A simple name (attribute) and no namespace attribute: use the null namespace (\"\"); the fullname is 'Example'.",
  "fields": [
    {
      "name": "inheritNull",
      "type": {
        "type": "enum",
        "name": "Simple",
        "doc": "A simple name (attribute) and no namespace attribute: inherit the null namespace of the enclosing type 'Example'. The fullname is 'Simple'.",
        "symbols": ["a", "b"]
      }
    }, {
      "name": "explicitNamespace",
      "type": {
        "type": "fixed",
        "name": "Simple",
        "namespace": "explicit",
        "doc": "A simple name (attribute) and a namespace (attribute); the fullname is 'explicit.Simple' (this is a different type than of the 'inheritNull' field).",
        "size": 12
      }
    }, {
      "name": "fullName",
      "type": {
        "type": "record",
        "name": "a.full.Name",
        "namespace": "ignored",
        "doc": "A name attribute with a fullname, so the namespace attribute is ignored. The fullname is 'a.full.Name', and the namespace is 'a.full'.",
        "fields": [
          {
            "name": "inheritNamespace",
            "type": {
              "type": "enum",
              "name": "Understanding",
              "doc": "A simple name (attribute) and no namespace attribute: inherit the namespace of the enclosing type 'a.full.Name'. The fullname is 'a.full.Understanding'.",
              "symbols": ["d", "e"]
            }
          }
        ]
      }
    }
  ]
}"#;

#[test]
fn the_specifications_names_example() {
    let s = parse(SPEC_NAMES_EXAMPLE);
    let mut names: Vec<(String, Option<String>, &str)> = s
        .named_types()
        .map(|(n, id)| {
            (
                n.fullname().to_owned(),
                n.namespace().map(str::to_owned),
                s.node(id).ty().kind_name(),
            )
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ("Example".to_owned(), None, "record"),
            ("Simple".to_owned(), None, "enum"),
            (
                "a.full.Name".to_owned(),
                Some("a.full".to_owned()),
                "record"
            ),
            (
                "a.full.Understanding".to_owned(),
                Some("a.full".to_owned()),
                "enum"
            ),
            (
                "explicit.Simple".to_owned(),
                Some("explicit".to_owned()),
                "fixed"
            ),
        ]
    );
    assert!(s.lookup("ignored.Name").is_none());
    assert_eq!(
        s.canonical_form(),
        r#"{"name":"Example","type":"record","fields":[{"name":"inheritNull","type":{"name":"Simple","type":"enum","symbols":["a","b"]}},{"name":"explicitNamespace","type":{"name":"explicit.Simple","type":"fixed","size":12}},{"name":"fullName","type":{"name":"a.full.Name","type":"record","fields":[{"name":"inheritNamespace","type":{"name":"a.full.Understanding","type":"enum","symbols":["d","e"]}}]}}]}"#
    );
    assert_eq!(parse(&s.to_string()), s);
}

#[test]
fn the_null_namespace() {
    // "namespace": "" inside a namespace puts the type in the null namespace.
    let s = parse(
        r#"{"type": "record", "name": "R", "namespace": "n", "fields": [
            {"name": "e", "type": {"type": "enum", "name": "E", "namespace": "", "symbols": ["X"]}},
            {"name": "inner", "type": {"type": "record", "name": "I", "fields": [
                {"name": "f", "type": {"type": "fixed", "name": "F", "size": 1}}]}}
        ]}"#,
    );
    assert!(s.lookup("E").is_some());
    assert!(s.lookup("n.E").is_none());
    // Types nested in a namespaced type inherit its namespace.
    assert!(s.lookup("n.I").is_some());
    assert!(s.lookup("n.F").is_some());
    assert_eq!(
        s.canonical_form(),
        r#"{"name":"n.R","type":"record","fields":[{"name":"e","type":{"name":"E","type":"enum","symbols":["X"]}},{"name":"inner","type":{"name":"n.I","type":"record","fields":[{"name":"f","type":{"name":"n.F","type":"fixed","size":1}}]}}]}"#
    );
    // Printing says "namespace": "" where it is needed, and parses back.
    let printed = s.to_json();
    assert_eq!(printed["fields"][0]["type"]["namespace"], json!(""));
    assert!(printed["fields"][1]["type"].get("namespace").is_none());
    assert_eq!(parse(&s.to_string()), s);

    // A type in the null namespace nests its children in the null namespace,
    // even inside a namespaced type; a bare reference from the null
    // namespace finds them (avro-c's namespace_null_record).
    let s = parse(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "s", "type": {"type": "record", "namespace": "x", "name": "Y", "fields": [
                {"name": "e", "type": {"type": "record", "namespace": "", "name": "Z", "fields": [
                    {"name": "z", "type": {"type": "enum", "name": "K", "symbols": ["A"]}}]}}]}},
            {"name": "t", "type": "Z"},
            {"name": "k", "type": "K"}
        ]}"#,
    );
    assert!(s.lookup("x.Y").is_some());
    assert!(s.lookup("Z").is_some());
    assert!(s.lookup("K").is_some());
    assert_eq!(parse(&s.to_string()), s);
}

#[test]
fn references_resolve_in_the_enclosing_namespace() {
    let s = parse(
        r#"{"type": "record", "name": "Outer", "namespace": "a", "fields": [
            {"name": "x", "type": {"type": "fixed", "name": "H", "size": 2}},
            {"name": "y", "type": "H"},
            {"name": "z", "type": "a.H"},
            {"name": "w", "type": {"type": "record", "name": "b.In", "fields": [
                {"name": "h", "type": "a.H"},
                {"name": "own", "type": {"type": "enum", "name": "Own", "symbols": ["O"]}},
                {"name": "again", "type": "Own"}
            ]}}
        ]}"#,
    );
    assert!(s.lookup("a.H").is_some());
    assert!(s.lookup("b.Own").is_some(), "nested in b.In: namespace b");
    let Type::Record(outer) = s.root().ty() else {
        unreachable!()
    };
    let ids: Vec<_> = outer.fields[..3].iter().map(|f| f.schema).collect();
    assert!(ids.iter().all(|&id| id == ids[0]), "x, y, z are one type");
    // Inside b.In, a bare "H" is b.H, which does not exist.
    rejects(
        r#"{"type": "record", "name": "Outer", "namespace": "a", "fields": [
            {"name": "x", "type": {"type": "fixed", "name": "H", "size": 2}},
            {"name": "w", "type": {"type": "record", "name": "b.In", "fields": [{"name": "h", "type": "H"}]}}
        ]}"#,
        "fields[1].type.fields[0].type",
        &["'H'"],
    );
}

#[test]
fn aliases_are_relative_to_the_namespace() {
    // The specification's example: "a.b" with aliases "c" and "x.y" has the
    // aliases "a.c" and "x.y".
    let s = parse(
        r#"{"type": "record", "name": "a.b", "aliases": ["c", "x.y"], "fields": [
        {"name": "f", "type": "int", "aliases": ["g", "old.style"]}]}"#,
    );
    let Type::Record(r) = s.root().ty() else {
        unreachable!()
    };
    let aliases: Vec<&str> = r.aliases.iter().map(|a| a.fullname()).collect();
    assert_eq!(aliases, ["a.c", "x.y"]);
    // Field aliases are names, kept as written.
    assert_eq!(r.fields[0].aliases, ["g", "old.style"]);

    // An enum and a fixed in an inherited namespace.
    let s = parse(
        r#"{"type": "record", "name": "R", "namespace": "ns", "fields": [
        {"name": "e", "type": {"type": "enum", "name": "E", "aliases": ["OldE"], "symbols": ["A"]}},
        {"name": "f", "type": {"type": "fixed", "name": "F", "namespace": "other", "aliases": ["OldF", "abs.F"], "size": 1}}
    ]}"#,
    );
    let e = s.node(s.lookup("ns.E").unwrap());
    let Type::Enum(e) = e.ty() else {
        unreachable!()
    };
    assert_eq!(e.aliases[0].fullname(), "ns.OldE");
    let Type::Fixed(f) = s.node(s.lookup("other.F").unwrap()).ty() else {
        unreachable!()
    };
    let aliases: Vec<&str> = f.aliases.iter().map(|a| a.fullname()).collect();
    assert_eq!(aliases, ["other.OldF", "abs.F"]);
    // Printing keeps the aliases, and they mean the same after re-parsing.
    assert_eq!(parse(&s.to_string()), s);
    // Aliases may be any string, as the specification allows.
    parse(r#"{"type": "record", "name": "R", "aliases": ["not-a-name", "2x"], "fields": []}"#);
}

// ---------------------------------------------------------------------------
// Attributes and printing
// ---------------------------------------------------------------------------

#[test]
fn extra_attributes_are_kept_and_printed() {
    let text = r#"{"type": "record", "name": "R", "namespace": "n", "connect.name": "n.R",
        "owner": {"team": "data", "tier": 1},
        "fields": [
            {"name": "a", "type": {"type": "string", "avro.java.string": "String"}, "pii": true},
            {"name": "b", "type": {"type": "array", "items": "int", "max": 10}},
            {"name": "c", "type": {"type": "map", "values": "int", "note": "x"}},
            {"name": "d", "type": {"type": "enum", "name": "E", "symbols": ["A"], "color": "red"}},
            {"name": "e", "type": {"type": "fixed", "name": "F", "size": 1, "unit": "byte"}},
            {"name": "t", "type": {"type": "long", "logicalType": "timestamp-millis", "tz": "UTC"}}
        ]}"#;
    let s = parse(text);
    assert_eq!(
        s.root().attributes().get("connect.name"),
        Some(&json!("n.R"))
    );
    assert_eq!(
        s.root().attributes().get("owner"),
        Some(&json!({"team": "data", "tier": 1}))
    );
    let Type::Record(r) = s.root().ty() else {
        unreachable!()
    };
    assert_eq!(r.fields[0].attributes.get("pii"), Some(&json!(true)));
    assert_eq!(
        s.node(r.fields[0].schema)
            .attributes()
            .get("avro.java.string"),
        Some(&json!("String"))
    );
    assert_eq!(
        s.node(r.fields[1].schema).attributes().get("max"),
        Some(&json!(10))
    );
    assert_eq!(
        s.node(r.fields[5].schema).logical_type(),
        Some(&LogicalType::TimestampMillis)
    );
    assert_eq!(
        s.node(r.fields[5].schema).attributes().get("tz"),
        Some(&json!("UTC"))
    );

    // Printed back: the same JSON as written (as a value, so key order and
    // whitespace do not matter).
    let written: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(s.to_json(), written);
    assert_eq!(parse(&s.to_string()), s);
    assert_eq!(parse(&format!("{s:#}")), s);
    // None of it reaches the canonical form.
    assert_eq!(
        s.canonical_form(),
        r#"{"name":"n.R","type":"record","fields":[{"name":"a","type":"string"},{"name":"b","type":{"type":"array","items":"int"}},{"name":"c","type":{"type":"map","values":"int"}},{"name":"d","type":{"name":"n.E","type":"enum","symbols":["A"]}},{"name":"e","type":{"name":"n.F","type":"fixed","size":1}},{"name":"t","type":"long"}]}"#
    );
    // A primitive with extra attributes, as in avro-c's extra_attributes.
    let s = parse(r#"{"type":"string", "ignored": "value"}"#);
    assert_eq!(s.to_string(), r#"{"type":"string","ignored":"value"}"#);
    assert_eq!(s.canonical_form(), r#""string""#);
}

#[test]
fn printing_round_trips() {
    for text in [
        r#""int""#,
        r#"["null", "string"]"#,
        SPEC_NAMES_EXAMPLE,
        r#"{"type": "record", "name": "LongList", "aliases": ["LinkedLongs"], "fields": [
            {"name": "value", "type": "long", "doc": "each element has a long"},
            {"name": "next", "type": ["null", "LongList"], "default": null}]}"#,
        r#"{"type": "error", "name": "Oops", "fields": [{"name": "why", "type": "string"}]}"#,
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "int", "order": "descending"},
            {"name": "b", "type": "int", "order": "ignore"},
            {"name": "c", "type": "int", "order": "ascending"}]}"#,
        r#"{"type": "record", "name": "a.R", "fields": [
            {"name": "x", "type": {"type": "record", "name": "b.S", "fields": [
                {"name": "y", "type": {"type": "enum", "name": "T", "symbols": ["A"]}},
                {"name": "z", "type": {"type": "fixed", "name": "a.T", "size": 1}}]}},
            {"name": "t1", "type": "b.T"},
            {"name": "t2", "type": "T"}]}"#,
        r#"{"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}"#,
    ] {
        let s = parse(text);
        for printed in [s.to_string(), format!("{s:#}")] {
            let again = parse(&printed);
            assert_eq!(again, s, "{printed}");
            assert_eq!(again.canonical_form(), s.canonical_form());
            // Printing is stable.
            assert_eq!(again.to_string(), s.to_string());
        }
    }
    // A "type": "error" record prints as an error.
    let s = parse(r#"{"type": "error", "name": "Oops", "fields": []}"#);
    assert_eq!(s.to_json()["type"], json!("error"));
}

// ---------------------------------------------------------------------------
// Shapes of JSON that are not schemas
// ---------------------------------------------------------------------------

#[test]
fn malformed_schema_json() {
    rejects("{", "", &["invalid JSON"]);
    rejects("5", "", &["the number 5"]);
    rejects(r#"{"name": "R"}"#, "", &["missing \"type\""]);
    rejects(r#"{"type": 5}"#, "type", &["expected a type name"]);
    rejects(r#"{"type": "array"}"#, "", &["\"items\""]);
    rejects(r#"{"type": "map"}"#, "", &["\"values\""]);
    rejects(r#"{"type": "record", "name": "R"}"#, "", &["\"fields\""]);
    rejects(
        r#"{"type": "record", "name": "R", "fields": [5]}"#,
        "fields[0]",
        &["a field is an object"],
    );
    rejects(r#"{"type": "enum", "name": "E"}"#, "", &["\"symbols\""]);
    let err = Schema::parse(r#"{"type": "enum", "symbols": []}"#).unwrap_err();
    assert_eq!(err.to_string(), r#"an enum needs a "name""#);
    let err = Schema::parse(r#"{"type": "error", "name": "E"}"#).unwrap_err();
    assert_eq!(err.to_string(), r#"an error needs "fields""#);
    let err = Schema::parse(r#"{"type": "record", "fields": []}"#).unwrap_err();
    assert_eq!(err.to_string(), r#"a record needs a "name""#);
    rejects(
        r#"{"type": "enum", "name": "E", "symbols": [1]}"#,
        "symbols[0]",
        &["expected a string"],
    );
    rejects(
        r#"{"type": "fixed", "name": "F"}"#,
        "",
        &["a fixed needs a \"size\""],
    );
    rejects(
        r#"{"type": "fixed", "name": "F", "size": -1}"#,
        "size",
        &["-1"],
    );
    rejects(
        r#"{"type": "fixed", "name": "F", "size": 1.5}"#,
        "size",
        &["1.5"],
    );
    rejects(
        r#"{"type": "fixed", "name": "F", "size": "16"}"#,
        "size",
        &["integer"],
    );
    rejects(
        r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "order": "up"}]}"#,
        "fields[0].order",
        &["\"up\""],
    );
    rejects(
        r#"{"type": "record", "name": "R", "doc": 5, "fields": []}"#,
        "doc",
        &["expected a string"],
    );
    rejects(
        r#"{"type": "record", "name": "R", "aliases": "A", "fields": []}"#,
        "aliases",
        &["array"],
    );
    rejects(
        r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "aliases": [1]}]}"#,
        "fields[0].aliases[0]",
        &["expected a string"],
    );
}

/// A hand-written `add_schema` that mixes up two builders' node ids gets
/// an error from `build`, not an index past the nodes.
#[test]
fn a_node_id_of_another_builder_is_an_error() {
    use avrox::schema::{Field, Name, Node, Record, SchemaBuilder};
    let mut other = SchemaBuilder::new();
    for _ in 0..5 {
        other.add(Node::new(Type::Long));
    }
    let foreign = other.add(Node::new(Type::Long));

    let mut b = SchemaBuilder::new();
    let array = b.add(Node::new(Type::Array(foreign)));
    assert!(!b.add_attribute(foreign, "note", json!(1)));
    assert!(!b.label(array).is_empty());
    let err = b.build(array).unwrap_err();
    assert!(err.to_string().contains("node id 5"), "{err}");

    let mut b = SchemaBuilder::new();
    let name = Name::new("R").unwrap();
    let record = b.named(&name, "test", |_, _| {
        Node::new(Type::Record(Record::new(
            Name::new("R").unwrap(),
            vec![Field::new("f", foreign)],
        )))
    });
    assert!(b.build(record).is_err());
    assert!(SchemaBuilder::new().build(foreign).is_err());
}

#[test]
fn a_transient_parse_sees_the_parsers_names_and_keeps_none_of_its_own() {
    let mut parser = Parser::new();
    parser
        .parse(r#"{"type": "fixed", "name": "a.Hash", "size": 4}"#)
        .unwrap();
    let request = json!({"type": "record", "name": "a.Req", "fields": [
        {"name": "h", "type": "a.Hash"},
        {"name": "inner", "type": {"type": "enum", "name": "a.Kind", "symbols": ["X"]}}]});
    let schema = parser.parse_json_transient(&request).unwrap();
    assert_eq!(schema.named_types().count(), 3);
    // Neither the record nor the enum it defined was kept.
    let error = parser.parse(r#""a.Req""#).unwrap_err();
    assert!(
        error.message().starts_with("unknown type 'a.Req'"),
        "{error}"
    );
    parser.parse(r#""a.Kind""#).unwrap_err();
    // They can be defined again, and the parser's own names are still there.
    parser.parse_json_transient(&request).unwrap();
    parser.parse(r#""a.Hash""#).unwrap();
    // A failed transient parse keeps nothing either.
    let bad = json!({"type": "record", "name": "a.Bad", "fields": [{"name": "x", "type": "Nope"}]});
    parser.parse_json_transient(&bad).unwrap_err();
    parser
        .parse(r#"{"type": "record", "name": "a.Bad", "fields": []}"#)
        .unwrap();
}
