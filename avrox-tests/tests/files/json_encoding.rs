//! Avro's JSON encoding: the specification's rules for each type, the
//! union tagging, bytes as code points, non-finite floats, streaming lines,
//! and errors for JSON that does not fit.

use avrox::json::{self, LinesReader, LinesWriter};
use avrox::{Avro, ErrorKind, Schema, Value};
use serde_json::json;

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme")]
enum Level {
    Low,
    High,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme")]
struct Inner {
    x: i32,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme")]
struct Everything {
    flag: bool,
    small: i32,
    big: i64,
    ratio: f32,
    precise: f64,
    raw: Vec<u8>,
    text: String,
    level: Level,
    list: Vec<i64>,
    labels: std::collections::BTreeMap<String, i32>,
    maybe: Option<String>,
    nested: Option<Inner>,
    fixed: [u8; 4],
}

fn everything() -> Everything {
    Everything {
        flag: true,
        small: -7,
        big: 1 << 40,
        ratio: 0.25,
        precise: -1.5,
        raw: vec![0, 0x7f, 0x80, 0xff],
        text: "héllo \"quoted\"".into(),
        level: Level::High,
        list: vec![1, 2, 3],
        labels: [("a".to_string(), 1)].into(),
        maybe: None,
        nested: Some(Inner { x: 3 }),
        fixed: *b"\x00ab\xff",
    }
}

#[test]
fn every_type_by_the_spec() {
    let got = json::to_json(&everything()).unwrap();
    assert_eq!(
        got,
        json!({
            "flag": true,
            "small": -7,
            "big": 1099511627776i64,
            "ratio": 0.25,
            "precise": -1.5,
            "raw": "\u{0}\u{7f}\u{80}\u{ff}",
            "text": "héllo \"quoted\"",
            "level": "High",
            "list": [1, 2, 3],
            "labels": {"a": 1},
            "maybe": null,
            "nested": {"com.acme.Inner": {"x": 3}},
            "fixed": "\u{0}ab\u{ff}",
        })
    );
    let text = json::to_string(&everything()).unwrap();
    assert_eq!(json::from_str::<Everything>(&text).unwrap(), everything());
    assert_eq!(json::from_json::<Everything>(&got).unwrap(), everything());
}

#[test]
fn union_branches_are_named_by_type_or_fullname() {
    let schema = Schema::parse(
        r#"["null", "int", "string", {"type": "array", "items": "int"},
            {"type": "map", "values": "int"},
            {"type": "enum", "name": "E", "namespace": "n", "symbols": ["A"]},
            {"type": "fixed", "name": "F", "size": 1}]"#,
    )
    .unwrap();
    let cases = [
        (Value::Union(0, Box::new(Value::Null)), json!(null)),
        (Value::Union(1, Box::new(Value::Int(1))), json!({"int": 1})),
        (
            Value::Union(2, Box::new(Value::from("s"))),
            json!({"string": "s"}),
        ),
        (
            Value::Union(3, Box::new(Value::array(vec![Value::Int(2)]))),
            json!({"array": [2]}),
        ),
        (
            Value::Union(4, Box::new(Value::map([("k", Value::Int(3))]))),
            json!({"map": {"k": 3}}),
        ),
        (
            Value::Union(5, Box::new(Value::Enum(0, "A".into()))),
            json!({"n.E": "A"}),
        ),
        (
            Value::Union(6, Box::new(Value::Fixed(vec![0xe9]))),
            json!({"F": "é"}),
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(
            json::to_json(&value.with_schema(&schema)).unwrap(),
            expected
        );
        assert_eq!(
            json::from_json_with::<Value>(&expected, &schema).unwrap(),
            value
        );
    }
    // A logical type is tagged with its underlying type's name.
    let schema =
        Schema::parse(r#"["null", {"type": "long", "logicalType": "timestamp-millis"}]"#).unwrap();
    let v = json::from_json_with::<Value>(&json!({"long": 5}), &schema).unwrap();
    assert_eq!(
        json::to_json(&v.with_schema(&schema)).unwrap(),
        json!({"long": 5})
    );
}

#[test]
fn untagged_or_wrongly_tagged_unions_are_errors() {
    let schema = Schema::parse(r#"["null", "string"]"#).unwrap();
    let err = json::from_json_with::<Value>(&json!("bare"), &schema).unwrap_err();
    assert!(err.to_string().contains("one key naming a branch"), "{err}");
    let err = json::from_json_with::<Value>(&json!({"int": 1}), &schema).unwrap_err();
    assert!(err.to_string().contains("'int' is not a branch"), "{err}");
    let err = json::from_json_with::<Value>(&json!({"string": 1}), &schema).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }), "{err}");
    assert_eq!(err.path(), "[\"string\"]");
    let schema = Schema::parse(r#"["int", "string"]"#).unwrap();
    assert!(json::from_json_with::<Value>(&json!(null), &schema).is_err());
}

#[test]
fn missing_fields_take_their_defaults_in_the_defaults_mapping() {
    // A union field's default is the bare value of the first branch.
    let schema = Schema::parse(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "int"},
            {"name": "b", "type": ["string", "null"], "default": "x"}]}"#,
    )
    .unwrap();
    let v = json::from_json_with::<Value>(&json!({"a": 1}), &schema).unwrap();
    assert_eq!(
        v.get("b"),
        Some(&Value::Union(0, Box::new(Value::from("x"))))
    );
    let err = json::from_json_with::<Value>(&json!({"b": null}), &schema).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::MissingField("a".into()));
}

#[test]
fn non_finite_numbers_are_strings() {
    let schema = Schema::parse(r#"{"type": "array", "items": "double"}"#).unwrap();
    let v = Value::array(vec![
        Value::Double(f64::NAN),
        Value::Double(f64::INFINITY),
        Value::Double(f64::NEG_INFINITY),
    ]);
    let text = json::to_string(&v.with_schema(&schema)).unwrap();
    assert_eq!(text, r#"["NaN","Infinity","-Infinity"]"#);
    let Value::Array(back) = json::from_str_with::<Value>(&text, &schema).unwrap() else {
        panic!()
    };
    assert!(matches!(back[0], Value::Double(d) if d.is_nan()));
    assert_eq!(back[1], Value::Double(f64::INFINITY));
    assert_eq!(back[2], Value::Double(f64::NEG_INFINITY));
}

#[test]
fn bytes_outside_code_points_0_255_are_errors() {
    let schema = Schema::parse(r#""bytes""#).unwrap();
    let err = json::from_str_with::<Value>(r#""\u0100""#, &schema).unwrap_err();
    assert!(err.to_string().contains("U+0100"), "{err}");
    assert!(
        json::from_str_with::<Value>("not json", &schema)
            .unwrap_err()
            .to_string()
            .contains("invalid JSON")
    );
}

#[test]
fn lines_stream_one_datum_each() {
    let mut w = LinesWriter::for_type::<Everything>(Vec::new());
    let mut records = vec![everything(); 3];
    records[1].maybe = Some("m".into());
    records[2].nested = None;
    for r in &records {
        w.write(r).unwrap();
    }
    let text = w.into_inner();
    assert_eq!(text.iter().filter(|&&b| b == b'\n').count(), 3);
    let back: Vec<Everything> = LinesReader::for_type::<Everything>(&text[..])
        .typed()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, records);

    // A bad line: its offset is where the line starts; lines before it read.
    let schema = Schema::parse(r#""long""#).unwrap();
    let input = b"1\n\n2\n\"three\"\n4\n";
    let mut reader = LinesReader::new(&input[..], schema);
    assert_eq!(reader.next().unwrap().unwrap(), Value::Long(1));
    assert_eq!(reader.next().unwrap().unwrap(), Value::Long(2));
    let err = reader.next().unwrap().unwrap_err();
    assert_eq!(err.offset(), Some(5));
    assert_eq!(reader.line(), 4);
    assert_eq!(reader.next().unwrap().unwrap(), Value::Long(4));
    assert!(reader.next().is_none());
}

/// A type with constraints: its JSON is checked both ways, as its binary
/// encoding is.
#[derive(avrox::Avro, Debug, PartialEq)]
struct Gauge {
    #[avro(min = 0.0, max = 1.0)]
    level: f64,
}

#[test]
fn json_is_validated_both_ways() {
    assert!(avrox::json::to_string(&Gauge { level: 0.5 }).is_ok());
    let err = avrox::json::to_string(&Gauge { level: 1.5 }).unwrap_err();
    assert!(err.report().is_some(), "{err}");
    let err = avrox::json::from_str::<Gauge>(r#"{"level": -1.0}"#).unwrap_err();
    assert!(err.report().is_some(), "{err}");
    // Generic values of a schema carrying the constraint.
    let schema = <Gauge as avrox::AvroSchema>::schema();
    let err = avrox::json::from_str_with::<Value>(r#"{"level": 2.0}"#, schema).unwrap_err();
    assert_eq!(err.report().unwrap().failures()[0].path(), "level");
    let value = avrox::Value::record([("level", avrox::Value::Double(7.0))]);
    assert!(avrox::json::to_string(&value.with_schema(schema)).is_err());
}

/// A recursive type, so nesting depth is up to the input.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme")]
struct Chain {
    next: Option<Box<Chain>>,
}

#[test]
fn truncated_corrupt_and_hostile_json_is_an_error_not_a_panic() {
    let text = json::to_string(&everything()).unwrap();
    // Every proper prefix of a datum is an error.
    for cut in 0..text.len() {
        if !text.is_char_boundary(cut) {
            continue;
        }
        assert!(
            json::from_str::<Everything>(&text[..cut]).is_err(),
            "prefix of {cut} bytes read"
        );
    }
    // Every single-byte corruption either reads or is an error.
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        for replacement in [b'x', b'{', b']', b'"', b'0', b'-'] {
            let mut corrupt = bytes.to_vec();
            corrupt[i] = replacement;
            if let Ok(corrupt) = std::str::from_utf8(&corrupt) {
                let _ = json::from_str::<Everything>(corrupt);
                let _ = json::from_str_with::<Value>(
                    corrupt,
                    <Everything as avrox::AvroSchema>::schema(),
                );
            }
        }
    }
    // Numbers that fit no Avro type: out of range, fractional for an int.
    let schema = Schema::parse(r#""int""#).unwrap();
    for bad in [
        "2147483648",
        "1.5",
        "1e400",
        "-1e400",
        "\"7\"",
        "null",
        "[]",
    ] {
        assert!(json::from_str_with::<Value>(bad, &schema).is_err(), "{bad}");
    }
    // Nesting far beyond any real datum: an error, not a stack overflow.
    let deep = format!(
        "{}{{\"next\": null}}{}",
        r#"{"next": {"com.acme.Chain": "#.repeat(100_000),
        "}}".repeat(100_000)
    );
    assert!(json::from_str::<Chain>(&deep).is_err());
    // A reasonable depth reads.
    let shallow = format!(
        "{}{{\"next\": null}}{}",
        r#"{"next": {"com.acme.Chain": "#.repeat(20),
        "}}".repeat(20)
    );
    let mut chain = json::from_str::<Chain>(&shallow).unwrap();
    let mut depth = 0;
    while let Some(next) = chain.next {
        chain = *next;
        depth += 1;
    }
    assert_eq!(depth, 20);
    // A JSON lines stream cut inside a line reads the lines before it.
    let mut w = LinesWriter::for_type::<Everything>(Vec::new());
    w.write(&everything()).unwrap();
    w.write(&everything()).unwrap();
    let lines = w.into_inner();
    let cut = &lines[..lines.len() - 5];
    let results: Vec<Result<Everything, _>> =
        LinesReader::for_type::<Everything>(cut).typed().collect();
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert!(results[1].is_err());
}

/// `json::to_json` and `to_string` are one function for derived types and
/// values: a paired `Value` writes what the typed value writes, and a bare
/// `Value` is refused.
#[test]
fn one_writer_for_derived_types_and_values() {
    let inner = Inner { x: 3 };
    let schema = <Inner as avrox::AvroSchema>::schema();
    let value = avrox::to_value(&inner);
    assert_eq!(
        json::to_string(&value.with_schema(schema)).unwrap(),
        json::to_string(&inner).unwrap()
    );
    assert_eq!(json::to_json(&inner).unwrap(), json!({"x": 3}));
    let err = json::to_json(&value).unwrap_err();
    assert!(err.to_string().contains("with_schema"), "{err}");

    // A lines writer takes both too.
    let mut w = LinesWriter::for_type::<Inner>(Vec::new());
    w.write(&inner).unwrap();
    w.write(&value).unwrap();
    assert_eq!(w.into_inner(), b"{\"x\":3}\n{\"x\":3}\n");
}

/// A JSON datum that does not fit names its path from the record, as a
/// binary one does: typed or `Value`, one document or a line.
#[test]
fn json_errors_start_their_path_at_the_record() {
    let schema = <Inner as avrox::AvroSchema>::schema();
    let bad = json!({"x": "seven"});
    let binary = Value::decode(&[], schema).unwrap_err();
    assert_eq!(
        binary.to_string(),
        "Inner.x at byte 0: unexpected end of input: a varint, but 0 bytes remain"
    );

    let typed = json::from_json::<Inner>(&bad).unwrap_err();
    assert_eq!(
        typed.to_string(),
        "Inner.x: expected int, found the string \"seven\""
    );
    let value = json::from_json_with::<Value>(&bad, schema).unwrap_err();
    assert_eq!(value.to_string(), typed.to_string());

    let text = "{\"x\": 1}\n{\"x\": \"seven\"}\n";
    let lines: Vec<_> = LinesReader::new(text.as_bytes(), schema.clone()).collect();
    let err = lines[1].as_ref().unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert!(err.to_string().contains("Inner.x"), "{err}");
    let typed_lines: Vec<_> = LinesReader::new(text.as_bytes(), schema.clone())
        .typed::<Inner>()
        .collect();
    let err = typed_lines[1].as_ref().unwrap_err();
    assert!(err.to_string().contains("Inner.x"), "{err}");
}

/// Issue 21: an array of 1,048,576 nulls was refused as "too complex ...
/// unions" though the schema has none. Only values tried as a union's
/// branch count against that budget; the binary encoding's item limit
/// (16,777,216) is the one that applies, so twice as many read too.
#[test]
fn big_collections_without_unions_are_read_whole() {
    let schema = Schema::parse(r#"{"type": "array", "items": "null"}"#).unwrap();
    for items in [1 << 20, (1 << 20) + 1, 2 << 20] {
        let text = format!("[{}null]", "null,".repeat(items - 1));
        let value: Value =
            json::from_str_with(&text, &schema).unwrap_or_else(|e| panic!("{items} nulls: {e}"));
        let Value::Array(nulls) = value else {
            panic!("not an array: {value:?}")
        };
        assert_eq!(nulls.len(), items);
        assert!(nulls.iter().all(|v| *v == Value::Null));
    }
}

/// A union's branch that fits is read once, so it does not count against
/// the budget for trying branches: 1,048,577 items were refused as "too
/// complex" whether each item or the whole array was a union's value.
#[test]
fn big_collections_inside_unions_are_read_whole() {
    let item_unions = Schema::parse(r#"{"type": "array", "items": ["null", "long"]}"#).unwrap();
    let array_union = Schema::parse(r#"["null", {"type": "array", "items": "long"}]"#).unwrap();
    for items in [(1 << 20) + 1, 2_000_000] {
        let longs = serde_json::Value::Array((0..items as i64).map(|i| json!(i)).collect());
        let expected = |i: usize| Value::Long(i as i64);

        let value = Value::from_default_json(&longs, &item_unions)
            .unwrap_or_else(|e| panic!("{items} items of unions: {e}"));
        let Value::Array(read) = value else {
            panic!("not an array: {value:?}")
        };
        assert_eq!(read.len(), items);
        assert!(
            read.iter()
                .enumerate()
                .all(|(i, v)| *v == Value::Union(1, Box::new(expected(i))))
        );

        let value = Value::from_default_json(&longs, &array_union)
            .unwrap_or_else(|e| panic!("a union of {items} items: {e}"));
        let Value::Union(1, array) = value else {
            panic!("not the array branch: {value:?}")
        };
        assert_eq!(*array, Value::Array((0..items).map(expected).collect()));

        // The JSON encoding tags each union, so it tries no branch; it
        // reads the same values.
        let tagged =
            serde_json::Value::Array((0..items as i64).map(|i| json!({ "long": i })).collect());
        let value: Value = json::from_json_with(&tagged, &item_unions)
            .unwrap_or_else(|e| panic!("{items} tagged items: {e}"));
        assert!(matches!(&value, Value::Array(read) if read.len() == items));
        let value: Value = json::from_json_with(&json!({ "array": longs }), &array_union)
            .unwrap_or_else(|e| panic!("a tagged union of {items} items: {e}"));
        assert!(
            matches!(&value, Value::Union(1, a) if matches!(&**a, Value::Array(read) if read.len() == items))
        );
    }
}

/// The union budget still stops JSON whose nested unions each fit it,
/// where trying branch after branch takes time exponential in the depth
/// (the defaults' mapping, where a union is the first branch that fits).
#[test]
fn json_with_exponentially_many_readings_is_refused_in_time() {
    let mut text = "5".to_owned();
    for _ in 0..40 {
        text = format!(r#"{{"x": {text}}}"#);
    }
    let ty = r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": ["null", "A",
        {"type": "record", "name": "B", "fields": [{"name": "x", "type": ["null", "A", "B"]}]}]}]}"#;
    let schema = Schema::parse(ty).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let started = std::time::Instant::now();
    let err = Value::from_default_json(&json, &schema)
        .unwrap_err()
        .to_string();
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(
        err.ends_with(
            "the value is too complex to check: its unions leave too many ways to read it"
        ),
        "{err}"
    );
}

/// Defaults that leave out fields with defaults of their own: a schema of
/// a few dozen fields makes `{}` a value of a billion records. What the
/// defaults fill in is bounded in proportion to the JSON read.
#[test]
fn defaults_that_expand_exponentially_are_refused() {
    // Level i has 8 fields of level i + 1, each defaulting to {}.
    let mut ty = r#"{"type": "record", "name": "L9", "fields": [{"name": "v", "type": "long", "default": 1}]}"#.to_owned();
    for level in (0..9).rev() {
        let fields: Vec<String> = (0..8)
            .map(|f| {
                let t = if f == 0 {
                    ty.clone()
                } else {
                    format!("\"L{}\"", level + 1)
                };
                format!(r#"{{"name": "f{f}", "type": {t}, "default": {{}}}}"#)
            })
            .collect();
        ty = format!(
            r#"{{"type": "record", "name": "L{level}", "fields": [{}]}}"#,
            fields.join(", ")
        );
    }
    let schema = Schema::parse(&ty).unwrap();
    let started = std::time::Instant::now();
    let err = json::from_str_with::<Value>("{}", &schema)
        .unwrap_err()
        .to_string();
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(err.contains("defaults fill in too many values"), "{err}");

    // Many records that each leave out a small default are read whole.
    let schema = Schema::parse(
        r#"{"type": "array", "items": {"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "long"},
            {"name": "b", "type": {"type": "array", "items": "long"}, "default": [1, 2, 3]}]}}"#,
    )
    .unwrap();
    let items = 1 << 19;
    let text = format!("[{}]", vec![r#"{"a": 1}"#; items].join(","));
    let Value::Array(records) = json::from_str_with::<Value>(&text, &schema).unwrap() else {
        panic!("not an array")
    };
    assert_eq!(records.len(), items);
}
