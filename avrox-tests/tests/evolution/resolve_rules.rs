//! The rules of the specification's "Schema Resolution", one case each,
//! through the generic `Value` path: compile a plan, decode the writer's
//! bytes, compare with the value expected.
//!
//! The expected values were confirmed with fastavro 1.13.1
//! (`schemaless_reader(buf, writer, reader)`) where fastavro follows the
//! specification; the decimal rule (equal precision and scale), which
//! fastavro does not check, follows the specification's text.

use avrox::resolve::{Plan, check};
use avrox::value::Decimal;
use avrox::{ErrorKind, Value};
use avrox_tests::schema;

/// Writes `value` with `writer`, reads it with `reader`.
fn resolve(writer: &str, value: Value, reader: &str) -> avrox::Result<Value> {
    let (w, r) = (schema(writer), schema(reader));
    let bytes = value
        .to_bytes(&w)
        .expect("the case's value fits its writer");
    let plan = Plan::new(&w, &r)?;
    plan.decode(&bytes)
}

fn union(index: u32, v: Value) -> Value {
    Value::Union(index, Box::new(v))
}

#[test]
fn promotions() {
    let cases = [
        ("\"int\"", Value::Int(5), "\"long\"", Value::Long(5)),
        ("\"int\"", Value::Int(7), "\"float\"", Value::Float(7.0)),
        ("\"int\"", Value::Int(-3), "\"double\"", Value::Double(-3.0)),
        (
            "\"long\"",
            Value::Long(1 << 40),
            "\"float\"",
            Value::Float(1099511627776.0),
        ),
        (
            "\"long\"",
            Value::Long(123456789012),
            "\"double\"",
            Value::Double(123456789012.0),
        ),
        // fastavro: 0.10000000149011612, the float widened exactly.
        (
            "\"float\"",
            Value::Float(0.1),
            "\"double\"",
            Value::Double(0.10000000149011612),
        ),
        (
            "\"string\"",
            Value::from("héllo"),
            "\"bytes\"",
            Value::Bytes("héllo".into()),
        ),
        (
            "\"bytes\"",
            Value::Bytes(b"abc".to_vec()),
            "\"string\"",
            Value::from("abc"),
        ),
        // A promotion keeps the reader's logical type.
        (
            "\"int\"",
            Value::Int(1000),
            r#"{"type": "long", "logicalType": "timestamp-millis"}"#,
            Value::TimestampMillis(1000),
        ),
    ];
    for (writer, value, reader, expected) in cases {
        assert_eq!(
            resolve(writer, value, reader).unwrap(),
            expected,
            "{writer} -> {reader}"
        );
    }
}

#[test]
fn no_demotions_or_other_conversions() {
    for (writer, reader) in [
        ("\"long\"", "\"int\""),
        ("\"double\"", "\"float\""),
        ("\"float\"", "\"long\""),
        ("\"boolean\"", "\"int\""),
        ("\"null\"", "\"string\""),
        ("\"string\"", "\"int\""),
        (
            r#"{"type": "array", "items": "int"}"#,
            r#"{"type": "map", "values": "int"}"#,
        ),
    ] {
        let err = Plan::new(&schema(writer), &schema(reader)).unwrap_err();
        assert!(
            err.to_string().starts_with("writer "),
            "{writer} -> {reader}: {err}"
        );
    }
    let err = Plan::new(&schema("\"long\""), &schema("\"int\"")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "writer long cannot be read as int: Avro only widens numbers; read it as long (i64 in Rust), float or double"
    );
}

#[test]
fn narrowing_a_number_says_what_to_read_it_as() {
    let widen_double = "Avro only widens numbers; read it as double (f64 in Rust)";
    let widen_float = "Avro only widens numbers; read it as float (f32 in Rust) or double";
    let widen_long = "Avro only widens numbers; read it as long (i64 in Rust), float or double";
    for (writer, reader, hint) in [
        ("double", "float", widen_double),
        ("double", "long", widen_double),
        ("double", "int", widen_double),
        ("float", "long", widen_float),
        ("float", "int", widen_float),
        ("long", "int", widen_long),
    ] {
        let err = Plan::new(
            &schema(&format!("\"{writer}\"")),
            &schema(&format!("\"{reader}\"")),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("writer {writer} cannot be read as {reader}: {hint}")
        );
    }
    // Other mismatches have nothing to widen to.
    let err = Plan::new(&schema("\"string\""), &schema("\"int\"")).unwrap_err();
    assert_eq!(err.to_string(), "writer string cannot be read as int");

    // A derived type's field: the message names the field.
    let writer = schema(
        r#"{"type": "record", "name": "Reading", "fields": [{"name": "celsius", "type": "double"}]}"#,
    );
    let reader = schema(
        r#"{"type": "record", "name": "Reading", "fields": [{"name": "celsius", "type": "float"}]}"#,
    );
    let err = Plan::new(&writer, &reader).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("Reading.celsius: writer double cannot be read as float: {widen_double}")
    );
}

#[test]
fn records_match_fields_by_name_in_any_order() {
    let got = resolve(
        r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}"#,
        Value::record([("a", Value::Int(1)), ("b", Value::from("x"))]),
        r#"{"type":"record","name":"R","fields":[{"name":"b","type":"string"},{"name":"a","type":"long"}]}"#,
    )
    .unwrap();
    assert_eq!(
        got,
        Value::record([("b", Value::from("x")), ("a", Value::Long(1))])
    );
}

#[test]
fn writer_only_fields_are_skipped_and_reader_only_fields_take_defaults() {
    let got = resolve(
        r#"{"type":"record","name":"R","fields":[
            {"name":"a","type":"int"},
            {"name":"gone","type":{"type":"array","items":"string"}},
            {"name":"gone_map","type":{"type":"map","values":["null","double"]}},
            {"name":"b","type":"string"}]}"#,
        Value::record([
            ("a", Value::Int(1)),
            (
                "gone",
                Value::array(vec![Value::from("p"), Value::from("q")]),
            ),
            (
                "gone_map",
                Value::map([("k", union(1, Value::Double(1.5)))]),
            ),
            ("b", Value::from("x")),
        ]),
        r#"{"type":"record","name":"R","fields":[
            {"name":"a","type":"int"},
            {"name":"b","type":"string"},
            {"name":"c","type":"int","default":42},
            {"name":"tags","type":{"type":"array","items":"string"},"default":["t"]},
            {"name":"opt","type":["null","string"],"default":null}]}"#,
    )
    .unwrap();
    assert_eq!(
        got,
        Value::record([
            ("a", Value::Int(1)),
            ("b", Value::from("x")),
            ("c", Value::Int(42)),
            ("tags", Value::array(vec![Value::from("t")])),
            ("opt", union(0, Value::Null)),
        ])
    );
}

#[test]
fn skipped_blocks_with_byte_sizes_are_stepped_over() {
    // {a: 1, gone: ["p", "q"] as one block of -2 items in 4 bytes, b: "x"}
    let writer = schema(
        r#"{"type":"record","name":"R","fields":[
            {"name":"a","type":"int"},
            {"name":"gone","type":{"type":"array","items":"string"}},
            {"name":"b","type":"string"}]}"#,
    );
    let reader = schema(
        r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}"#,
    );
    let bytes = [0x02, 0x03, 0x08, 0x02, b'p', 0x02, b'q', 0x00, 0x02, b'x'];
    assert_eq!(
        Value::decode(&bytes, &writer).unwrap().get("gone"),
        Some(&Value::array(vec![Value::from("p"), Value::from("q")]))
    );
    let plan = Plan::new(&writer, &reader).unwrap();
    assert_eq!(
        plan.decode(&bytes).unwrap(),
        Value::record([("a", Value::Int(1)), ("b", Value::from("x"))])
    );
    // The skip trusts the size, as Java does: the items are not looked at,
    // so bytes that are not strings inside the block are stepped over too.
    let odd = [0x02, 0x03, 0x08, 0xff, 0xff, 0xff, 0xff, 0x00, 0x02, b'x'];
    assert!(plan.decode(&odd).is_ok());
    // A size beyond the input is an error.
    let short = [0x02, 0x03, 0x40, 0x02, b'p', 0x02, b'q', 0x00, 0x02, b'x'];
    let err = plan.decode(&short).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );
}

#[test]
fn reader_fields_match_writer_fields_by_alias() {
    let got = resolve(
        r#"{"type":"record","name":"R","fields":[{"name":"score","type":"int"}]}"#,
        Value::record([("score", Value::Int(9))]),
        r#"{"type":"record","name":"R","fields":[{"name":"reputation","type":"long","aliases":["score"]}]}"#,
    )
    .unwrap();
    assert_eq!(got, Value::record([("reputation", Value::Long(9))]));
}

#[test]
fn a_reader_field_without_default_is_an_error() {
    let err = Plan::new(
        &schema(r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#),
        &schema(
            r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"m","type":"int"}]}"#,
        ),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "R.m: reader field is not in the writer's record and has no default"
    );
}

#[test]
fn named_types_match_by_unqualified_name_or_reader_alias() {
    let got = resolve(
        r#"{"type":"record","name":"R","namespace":"a","fields":[{"name":"x","type":"int"}]}"#,
        Value::record([("x", Value::Int(4))]),
        r#"{"type":"record","name":"R","namespace":"b","fields":[{"name":"x","type":"int"}]}"#,
    )
    .unwrap();
    assert_eq!(got, Value::record([("x", Value::Int(4))]));
    let got = resolve(
        r#"{"type":"record","name":"Old","namespace":"a","fields":[{"name":"x","type":"int"}]}"#,
        Value::record([("x", Value::Int(3))]),
        r#"{"type":"record","name":"New","namespace":"b","aliases":["a.Old"],"fields":[{"name":"x","type":"int"}]}"#,
    )
    .unwrap();
    assert_eq!(got, Value::record([("x", Value::Int(3))]));
    for (writer, reader) in [
        (
            r#"{"type":"record","name":"A","fields":[]}"#,
            r#"{"type":"record","name":"B","fields":[]}"#,
        ),
        (
            r#"{"type":"enum","name":"A","symbols":["X"]}"#,
            r#"{"type":"enum","name":"B","symbols":["X"]}"#,
        ),
        (
            r#"{"type":"fixed","name":"A","size":2}"#,
            r#"{"type":"fixed","name":"B","size":2}"#,
        ),
    ] {
        let err = Plan::new(&schema(writer), &schema(reader)).unwrap_err();
        assert!(err.to_string().contains("cannot be read as"), "{err}");
    }
}

#[test]
fn enums_map_symbols_by_name_and_use_the_reader_default() {
    let writer = r#"{"type":"enum","name":"E","symbols":["A","B","C"]}"#;
    let reader = r#"{"type":"enum","name":"E","symbols":["C","A","Z"],"default":"Z"}"#;
    let sym = |i, s: &str| Value::Enum(i, s.into());
    assert_eq!(resolve(writer, sym(0, "A"), reader).unwrap(), sym(1, "A"));
    assert_eq!(resolve(writer, sym(1, "B"), reader).unwrap(), sym(2, "Z"));
    assert_eq!(resolve(writer, sym(2, "C"), reader).unwrap(), sym(0, "C"));
    // Without a default: the plan compiles (data may never use the symbol),
    // the datum that does fails.
    let no_default = r#"{"type":"enum","name":"E","symbols":["A"]}"#;
    assert_eq!(
        resolve(writer, sym(0, "A"), no_default).unwrap(),
        sym(0, "A")
    );
    let err = resolve(writer, sym(1, "B"), no_default).unwrap_err();
    assert_eq!(
        err.to_string(),
        "E at byte 0: symbol 'B' is not in the reader's enum 'E', which has no default"
    );
}

#[test]
fn unions_all_three_cases() {
    // Both unions: the writer's branch is resolved against the reader's union.
    assert_eq!(
        resolve(
            r#"["null","int"]"#,
            union(1, Value::Int(5)),
            r#"["null","long"]"#
        )
        .unwrap(),
        union(1, Value::Long(5))
    );
    assert_eq!(
        resolve(
            r#"["null","int"]"#,
            union(0, Value::Null),
            r#"["long","null"]"#
        )
        .unwrap(),
        union(1, Value::Null)
    );
    // Reader union only: the first branch that matches, promotions included
    // (fastavro reads int 5 into ["string","float","long"] as 5.0).
    assert_eq!(
        resolve("\"int\"", Value::Int(5), r#"["null","long"]"#).unwrap(),
        union(1, Value::Long(5))
    );
    assert_eq!(
        resolve("\"int\"", Value::Int(5), r#"["string","float","long"]"#).unwrap(),
        union(1, Value::Float(5.0))
    );
    assert_eq!(
        resolve("\"int\"", Value::Int(5), r#"["string","long","int"]"#).unwrap(),
        union(1, Value::Long(5))
    );
    let err = Plan::new(&schema("\"int\""), &schema(r#"["null","string"]"#)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "writer int matches no branch of the reader's union [null, string]"
    );
    // Writer union only: the branch written must resolve; others fail only
    // when used.
    assert_eq!(
        resolve(r#"["null","int"]"#, union(1, Value::Int(5)), "\"long\"").unwrap(),
        Value::Long(5)
    );
    let err = resolve(r#"["null","int"]"#, union(0, Value::Null), "\"long\"").unwrap_err();
    assert_eq!(
        err.to_string(),
        "at byte 0: the reader's schema cannot read this data: writer union branch 0 (null): writer null cannot be read as long"
    );
}

#[test]
fn decimals_match_only_with_equal_precision_and_scale() {
    let d =
        |p, s| format!(r#"{{"type":"bytes","logicalType":"decimal","precision":{p},"scale":{s}}}"#);
    let value = Value::Decimal(Decimal::from_unscaled_bytes(&[0x7b], 2));
    assert_eq!(resolve(&d(4, 2), value.clone(), &d(4, 2)).unwrap(), value);
    for (p, s) in [(5, 2), (4, 1)] {
        let err = Plan::new(&schema(&d(4, 2)), &schema(&d(p, s))).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "writer decimal(4, 2) cannot be read as decimal({p}, {s}): precision and scale must be equal"
            )
        );
    }
    // A decimal and plain bytes resolve by their underlying types.
    assert_eq!(
        resolve(&d(4, 2), value.clone(), "\"bytes\"").unwrap(),
        Value::Bytes(vec![0x7b])
    );
}

#[test]
fn fixed_match_by_size_and_name() {
    let f = |n: &str, s| format!(r#"{{"type":"fixed","name":"{n}","size":{s}}}"#);
    assert_eq!(
        resolve(&f("F", 2), Value::Fixed(b"ab".to_vec()), &f("F", 2)).unwrap(),
        Value::Fixed(b"ab".to_vec())
    );
    let err = Plan::new(&schema(&f("F", 2)), &schema(&f("F", 3))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "writer fixed F of 2 bytes cannot be read as fixed F of 3 bytes"
    );
}

#[test]
fn arrays_and_maps_resolve_their_items() {
    assert_eq!(
        resolve(
            r#"{"type":"array","items":"int"}"#,
            Value::array(vec![Value::Int(1), Value::Int(2)]),
            r#"{"type":"array","items":"long"}"#
        )
        .unwrap(),
        Value::array(vec![Value::Long(1), Value::Long(2)])
    );
    assert_eq!(
        resolve(
            r#"{"type":"map","values":"int"}"#,
            Value::map([("k", Value::Int(1))]),
            r#"{"type":"map","values":"double"}"#
        )
        .unwrap(),
        Value::map([("k", Value::Double(1.0))])
    );
}

#[test]
fn errors_name_the_path_and_the_rule() {
    let writer = schema(
        r#"{"type":"record","name":"Order","fields":[
            {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[
                {"name":"qty","type":"long"}]}}},
            {"name":"labels","type":{"type":"map","values":"string"}}]}"#,
    );
    let reader = schema(
        r#"{"type":"record","name":"Order","fields":[
            {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[
                {"name":"qty","type":"int"}]}}},
            {"name":"labels","type":{"type":"map","values":"int"}},
            {"name":"total","type":"long"}]}"#,
    );
    let err = Plan::new(&writer, &reader).unwrap_err();
    let issues: Vec<String> = err.issues().iter().map(ToString::to_string).collect();
    assert_eq!(
        issues,
        [
            "Order.lines[].qty: writer long cannot be read as int: Avro only widens numbers; read it as long (i64 in Rust), float or double",
            "Order.labels{}: writer string cannot be read as int",
            "Order.total: reader field is not in the writer's record and has no default",
        ]
    );
    // The same through check(), and as an avrox::Error.
    assert_eq!(check(&writer, &reader).unwrap_err(), err.issues());
    let as_error: avrox::Error = err.into();
    assert!(matches!(as_error.kind(), ErrorKind::Unresolvable(_)));
}

#[test]
fn recursive_schemas_resolve() {
    let writer = schema(
        r#"{"type":"record","name":"Node","fields":[
            {"name":"value","type":"int"},
            {"name":"next","type":["null","Node"]}]}"#,
    );
    let reader = schema(
        r#"{"type":"record","name":"Node","fields":[
            {"name":"value","type":"long"},
            {"name":"next","type":["null","Node"]},
            {"name":"label","type":"string","default":"-"}]}"#,
    );
    let list = Value::record([
        ("value", Value::Int(1)),
        (
            "next",
            union(
                1,
                Value::record([("value", Value::Int(2)), ("next", union(0, Value::Null))]),
            ),
        ),
    ]);
    let bytes = list.to_bytes(&writer).unwrap();
    let got = Plan::new(&writer, &reader).unwrap().decode(&bytes).unwrap();
    let leaf = Value::record([
        ("value", Value::Long(2)),
        ("next", union(0, Value::Null)),
        ("label", Value::from("-")),
    ]);
    assert_eq!(
        got,
        Value::record([
            ("value", Value::Long(1)),
            ("next", union(1, leaf)),
            ("label", Value::from("-")),
        ])
    );
}

#[test]
fn identical_schemas_compile_to_identity() {
    let s = schema(r#"{"type":"record","name":"R","fields":[{"name":"a","type":["null","int"]}]}"#);
    assert!(Plan::new(&s, &s).unwrap().is_identity());
}

#[test]
fn deeply_nested_schemas_compile_without_overflow() {
    // serde_json stops at 128 levels, so a parsed schema is at most that deep.
    let mut json = String::from("\"int\"");
    for _ in 0..60 {
        json = format!(r#"{{"type":"array","items":{json}}}"#);
    }
    let w = schema(&json);
    let r = schema(&json.replace("\"int\"", "\"long\""));
    let plan = Plan::new(&w, &r).unwrap();
    assert!(!plan.is_identity());
}
