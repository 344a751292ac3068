//! Every byte example of the Avro 1.12 specification's binary encoding,
//! through the wire primitives (`avrox::binary`) and through `Value`, both
//! ways; array and map blocks in all the forms a writer may use; and the
//! encoding of each logical type.

use avrox::Value;
use avrox::binary::{self, SliceReader};
use avrox::value::{Decimal, Duration, Uuid};
use avrox_tests::{hex, schema, unhex};

/// `value` encodes to exactly `bytes` under `schema_json`, and `bytes`
/// decode to exactly `value`. Also checks that the value survives the JSON
/// mapping of default values, and that a reader positioned on two copies
/// back to back reads both and stops at the end.
#[track_caller]
fn round_trip(schema_json: &str, value: &Value, bytes: &str) {
    let s = schema(schema_json);
    let expected = unhex(bytes);
    let encoded = value
        .to_bytes(&s)
        .unwrap_or_else(|e| panic!("{schema_json}: encoding {value:?}: {e}"));
    assert_eq!(
        hex(&encoded),
        hex(&expected),
        "{schema_json}: encoding {value:?}"
    );
    let decoded =
        Value::decode(&expected, &s).unwrap_or_else(|e| panic!("{schema_json}: decoding: {e}"));
    assert_eq!(&decoded, value, "{schema_json}: decoding {bytes}");

    let json = value
        .to_default_json(&s)
        .unwrap_or_else(|e| panic!("{schema_json}: to_json: {e}"));
    let back = Value::from_default_json(&json, &s)
        .unwrap_or_else(|e| panic!("{schema_json}: from_json: {e}"));
    assert_eq!(&back, value, "{schema_json}: through JSON {json}");

    let twice = [expected.clone(), expected].concat();
    let mut reader = SliceReader::new(&twice);
    assert_eq!(&Value::read_next(&mut reader, &s).unwrap(), value);
    assert_eq!(&Value::read_next(&mut reader, &s).unwrap(), value);
    assert!(reader.is_empty());
}

// ---------------------------------------------------------------------------
// Primitive types
// ---------------------------------------------------------------------------

/// The specification's table of zig-zag varints.
const ZIGZAG: &[(i64, &str)] = &[
    (0, "00"),
    (-1, "01"),
    (1, "02"),
    (-2, "03"),
    (2, "04"),
    (-64, "7f"),
    (64, "80 01"),
];

#[test]
fn zigzag_table_through_the_primitives() {
    for &(value, bytes) in ZIGZAG {
        let expected = unhex(bytes);

        let mut out = Vec::new();
        binary::write_long(&mut out, value);
        assert_eq!(out, expected, "write_long({value})");
        let mut out = Vec::new();
        binary::write_int(&mut out, value as i32);
        assert_eq!(out, expected, "write_int({value})");

        let mut r = SliceReader::new(&expected);
        assert_eq!(r.read_long().unwrap(), value, "read_long({bytes})");
        assert!(r.is_empty());
        let mut r = SliceReader::new(&expected);
        assert_eq!(r.read_int().unwrap(), value as i32, "read_int({bytes})");
        assert_eq!(r.position(), expected.len());
    }
}

#[test]
fn zigzag_table_through_values() {
    for &(value, bytes) in ZIGZAG {
        round_trip(r#""long""#, &Value::Long(value), bytes);
        round_trip(r#""int""#, &Value::Int(value as i32), bytes);
    }
}

#[test]
fn zigzag_extremes() {
    for (value, bytes) in [
        (i64::from(i32::MAX), "fe ff ff ff 0f"),
        (i64::from(i32::MIN), "ff ff ff ff 0f"),
        (i64::MAX, "fe ff ff ff ff ff ff ff ff 01"),
        (i64::MIN, "ff ff ff ff ff ff ff ff ff 01"),
    ] {
        round_trip(r#""long""#, &Value::Long(value), bytes);
        if let Ok(v) = i32::try_from(value) {
            round_trip(r#""int""#, &Value::Int(v), bytes);
        }
    }
}

#[test]
fn string_foo() {
    // "the three-character string "foo" would be encoded as ... 06 66 6f 6f"
    let mut out = Vec::new();
    binary::write_str(&mut out, "foo");
    assert_eq!(hex(&out), "06666f6f");
    let mut r = SliceReader::new(&out);
    assert_eq!(r.read_str().unwrap(), "foo");
    assert!(r.is_empty());

    round_trip(r#""string""#, &Value::from("foo"), "06 66 6f 6f");
    // bytes share the layout.
    let mut out = Vec::new();
    binary::write_bytes(&mut out, b"foo");
    assert_eq!(hex(&out), "06666f6f");
    assert_eq!(SliceReader::new(&out).read_bytes().unwrap(), b"foo");
    round_trip(r#""bytes""#, &Value::Bytes(b"foo".to_vec()), "06 66 6f 6f");
    // Lengths count UTF-8 bytes, not characters.
    round_trip(r#""string""#, &Value::from("é"), "04 c3 a9");
    round_trip(r#""string""#, &Value::from(""), "00");
}

#[test]
fn null_boolean_float_double() {
    round_trip(r#""null""#, &Value::Null, "");
    round_trip(r#""boolean""#, &Value::Boolean(false), "00");
    round_trip(r#""boolean""#, &Value::Boolean(true), "01");
    // IEEE 754 bits, little-endian.
    round_trip(r#""float""#, &Value::Float(1.0), "00 00 80 3f");
    round_trip(r#""float""#, &Value::Float(-2.5), "00 00 20 c0");
    round_trip(
        r#""double""#,
        &Value::Double(1.0),
        "00 00 00 00 00 00 f0 3f",
    );
    round_trip(
        r#""double""#,
        &Value::Double(-0.1),
        "9a 99 99 99 99 99 b9 bf",
    );

    let mut out = Vec::new();
    binary::write_bool(&mut out, true);
    binary::write_float(&mut out, 1.0);
    binary::write_double(&mut out, 1.0);
    assert_eq!(hex(&out), "010000803f000000000000f03f");
    let mut r = SliceReader::new(&out);
    assert!(r.read_bool().unwrap());
    assert_eq!(r.read_float().unwrap(), 1.0);
    assert_eq!(r.read_double().unwrap(), 1.0);
    assert!(r.is_empty());

    // "a method equivalent to Java's floatToRawIntBits": NaN payloads are kept.
    let nan = f32::from_bits(0x7fc0_0001);
    let bytes = Value::Float(nan).to_bytes(&schema(r#""float""#)).unwrap();
    assert_eq!(hex(&bytes), "0100c07f");
    let Value::Float(back) = Value::decode(&bytes, &schema(r#""float""#)).unwrap() else {
        panic!("not a float")
    };
    assert_eq!(back.to_bits(), 0x7fc0_0001);
}

// ---------------------------------------------------------------------------
// Complex types
// ---------------------------------------------------------------------------

const TEST_RECORD: &str = r#"{
  "type": "record",
  "name": "test",
  "fields" : [
    {"name": "a", "type": "long"},
    {"name": "b", "type": "string"}
  ]
}"#;

#[test]
fn record_a27_bfoo() {
    let mut out = Vec::new();
    binary::write_long(&mut out, 27);
    binary::write_str(&mut out, "foo");
    assert_eq!(out, unhex("36 06 66 6f 6f"));
    let mut r = SliceReader::new(&out);
    assert_eq!(r.read_long().unwrap(), 27);
    assert_eq!(r.read_str().unwrap(), "foo");
    assert!(r.is_empty());

    let value = Value::record([("a", Value::Long(27)), ("b", Value::from("foo"))]);
    round_trip(TEST_RECORD, &value, "36 06 66 6f 6f");
    // Fields given out of order still encode in schema order.
    let shuffled = Value::record([("b", Value::from("foo")), ("a", Value::Long(27))]);
    assert_eq!(
        shuffled.to_bytes(&schema(TEST_RECORD)).unwrap(),
        unhex("36 06 66 6f 6f")
    );
}

#[test]
fn enum_index() {
    let foo = r#"{"type": "enum", "name": "Foo", "symbols": ["A", "B", "C", "D"] }"#;
    for (i, symbol) in ["A", "B", "C", "D"].into_iter().enumerate() {
        let expected = [2 * i as u8];
        let mut out = Vec::new();
        binary::write_int(&mut out, i as i32);
        assert_eq!(out, expected);
        assert_eq!(SliceReader::new(&out).read_enum_index(4).unwrap(), i);

        round_trip(foo, &Value::Enum(i as u32, symbol.into()), &hex(&expected));
        // The symbol alone is enough to encode.
        assert_eq!(
            Value::from(symbol).to_bytes(&schema(foo)).unwrap(),
            expected
        );
    }
}

#[test]
fn array_3_27() {
    let mut out = Vec::new();
    binary::write_block_len(&mut out, 2);
    binary::write_long(&mut out, 3);
    binary::write_long(&mut out, 27);
    binary::write_block_end(&mut out);
    assert_eq!(out, unhex("04 06 36 00"));

    let mut r = SliceReader::new(&out);
    assert_eq!(r.read_block_len(1).unwrap(), 2);
    assert_eq!(r.read_long().unwrap(), 3);
    assert_eq!(r.read_long().unwrap(), 27);
    assert_eq!(r.read_block_len(1).unwrap(), 0);
    assert!(r.is_empty());

    let array = r#"{"type": "array", "items": "long"}"#;
    round_trip(
        array,
        &Value::array(vec![Value::Long(3), Value::Long(27)]),
        "04 06 36 00",
    );
    round_trip(array, &Value::array(vec![]), "00");
}

#[test]
fn map_blocks() {
    let map = r#"{"type": "map", "values": "long"}"#;
    round_trip(
        map,
        &Value::map([("a", Value::Long(1)), ("bc", Value::Long(-1))]),
        "04 02 61 02 04 62 63 01 00",
    );
    round_trip(map, &Value::map::<&str>([]), "00");
}

#[test]
fn union_null_string() {
    let union = r#"["null","string"]"#;
    // null as zero (the index of "null" in the union): 00
    let mut out = Vec::new();
    binary::write_long(&mut out, 0);
    assert_eq!(out, [0x00]);
    assert_eq!(SliceReader::new(&out).read_union_index(2).unwrap(), 0);
    round_trip(union, &Value::Union(0, Box::new(Value::Null)), "00");

    // the string "a" as one, followed by the serialized string: 02 02 61
    let mut out = Vec::new();
    binary::write_long(&mut out, 1);
    binary::write_str(&mut out, "a");
    assert_eq!(out, unhex("02 02 61"));
    let mut r = SliceReader::new(&out);
    assert_eq!(r.read_union_index(2).unwrap(), 1);
    assert_eq!(r.read_str().unwrap(), "a");
    round_trip(
        union,
        &Value::Union(1, Box::new(Value::from("a"))),
        "02 02 61",
    );

    // A plain value picks its branch.
    let s = schema(union);
    assert_eq!(Value::Null.to_bytes(&s).unwrap(), [0x00]);
    assert_eq!(Value::from("a").to_bytes(&s).unwrap(), unhex("02 02 61"));
}

#[test]
fn fixed_is_its_bytes_alone() {
    let md5 = r#"{"type": "fixed", "size": 4, "name": "Four"}"#;
    round_trip(md5, &Value::Fixed(vec![1, 2, 3, 4]), "01 02 03 04");
    let mut out = Vec::new();
    binary::write_fixed(&mut out, &[9, 8]);
    assert_eq!(out, [9, 8]);
    assert_eq!(SliceReader::new(&out).read_fixed(2).unwrap(), [9, 8]);
    // The wrong length is an error, not a silently different datum.
    assert!(Value::Fixed(vec![1, 2, 3]).to_bytes(&schema(md5)).is_err());
}

// ---------------------------------------------------------------------------
// Blocks as other writers write them
// ---------------------------------------------------------------------------

#[test]
fn array_blocks_with_negative_counts_and_sizes() {
    let s = schema(r#"{"type": "array", "items": "long"}"#);
    let expected = Value::array(vec![Value::Long(3), Value::Long(27)]);
    // count -2 (03), size 2 bytes (04), the items, end.
    assert_eq!(
        Value::decode(&unhex("03 04 06 36 00"), &s).unwrap(),
        expected
    );
    // The primitive reads the count and passes the size, leaving the
    // items: a reader that does not want them skips the size's bytes.
    let bytes = unhex("03 04 06 36 00");
    let mut r = SliceReader::new(&bytes);
    assert_eq!(r.read_block_len(1).unwrap(), 2);
    r.skip(2).unwrap();
    assert_eq!(r.read_block_len(1).unwrap(), 0);
    assert!(r.is_empty());

    // One item a block, positive counts.
    assert_eq!(
        Value::decode(&unhex("02 06 02 36 00"), &s).unwrap(),
        expected
    );
    // Mixed: a positive block, then a negative one with its size.
    assert_eq!(
        Value::decode(&unhex("02 06 01 02 36 00"), &s).unwrap(),
        expected
    );
    // Multi-byte items and sizes: [64, -65] = 80 01, 81 01.
    assert_eq!(
        Value::decode(&unhex("03 08 80 01 81 01 00"), &s).unwrap(),
        Value::array(vec![Value::Long(64), Value::Long(-65)])
    );
}

#[test]
fn map_blocks_with_negative_counts_and_sizes() {
    let s = schema(r#"{"type": "map", "values": "string"}"#);
    let expected = Value::map([("k", Value::from("v")), ("x", Value::from("yz"))]);
    // -2 entries in 9 bytes: 02 6b 02 76 | 02 78 04 79 7a
    assert_eq!(
        Value::decode(&unhex("03 12 02 6b 02 76 02 78 04 79 7a 00"), &s).unwrap(),
        expected
    );
    // The same entries in two blocks, one of each kind.
    assert_eq!(
        Value::decode(&unhex("01 08 02 6b 02 76 02 02 78 04 79 7a 00"), &s).unwrap(),
        expected
    );
}

#[test]
fn nested_collections_in_blocks() {
    let s = schema(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "grid", "type": {"type": "array", "items": {"type": "array", "items": "int"}}},
            {"name": "tail", "type": "string"}
        ]}"#,
    );
    // grid = [[1], [2, 3]] in sized blocks, then tail = "t".
    // inner [1]: 01 02 02 00 (count -1, size 1, item, end) = 4 bytes
    // inner [2,3]: 04 04 06 00 = 4 bytes
    // outer: count -2 (03), size 8 (10), the two inners, end 00
    let bytes = unhex("03 10 01 02 02 00 04 04 06 00 00 02 74");
    let expected = Value::record([
        (
            "grid",
            Value::array(vec![
                Value::array(vec![Value::Int(1)]),
                Value::array(vec![Value::Int(2), Value::Int(3)]),
            ]),
        ),
        ("tail", Value::from("t")),
    ]);
    assert_eq!(Value::decode(&bytes, &s).unwrap(), expected);
    // avrox itself writes one positive block per collection.
    assert_eq!(
        hex(&expected.to_bytes(&s).unwrap()),
        "0402020004040600000274"
    );
}

// ---------------------------------------------------------------------------
// Logical types
// ---------------------------------------------------------------------------

#[test]
fn decimal_on_bytes() {
    let s = r#"{"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 3}"#;
    // 12.345 = 12345 x 10^-3; 12345 = 0x3039. Python avro 1.12.2 writes 04 30 39.
    let d: Decimal = "12.345".parse().unwrap();
    round_trip(s, &Value::Decimal(d.clone()), "04 30 39");
    assert_eq!(d, Decimal::from_i128(12345, 3));
    // Negative: -0.001 = -1 = ff; 0 is one zero byte.
    round_trip(s, &Value::Decimal(Decimal::from_i128(-1, 3)), "02 ff");
    round_trip(s, &Value::Decimal(Decimal::from_i128(0, 3)), "02 00");
    // 128 needs a sign byte: 00 80.
    round_trip(s, &Value::Decimal(Decimal::from_i128(128, 3)), "04 00 80");
    round_trip(s, &Value::Decimal(Decimal::from_i128(-129, 3)), "04 ff 7f");
    // Through the primitives: the unscaled integer as bytes.
    let mut out = Vec::new();
    binary::write_bytes(&mut out, d.unscaled_bytes());
    assert_eq!(out, unhex("04 30 39"));
    // Another writer's non-minimal bytes (leading sign extension) read the same.
    assert_eq!(
        Value::decode(&unhex("08 00 00 30 39"), &schema(s)).unwrap(),
        Value::Decimal(d.clone())
    );
    // The wrong scale is an error. More digits than the precision are
    // written, as decoding reads them (as Java reads them): a value read
    // writes back (issue 21).
    let sch = schema(s);
    assert!(
        Value::Decimal("12.34".parse().unwrap())
            .to_bytes(&sch)
            .is_err()
    );
    let wide = Value::Decimal("123.456".parse().unwrap());
    assert_eq!(wide.to_bytes(&sch).unwrap(), unhex("06 01 e2 40"));
    assert_eq!(Value::decode(&unhex("06 01 e2 40"), &sch).unwrap(), wide);
}

#[test]
fn decimal_on_fixed() {
    let s = r#"{"type": "fixed", "name": "Money", "size": 4, "logicalType": "decimal", "precision": 9, "scale": 2}"#;
    // Sign-extended to the fixed's size.
    round_trip(s, &Value::Decimal("123.45".parse().unwrap()), "00 00 30 39");
    round_trip(s, &Value::Decimal("-10.00".parse().unwrap()), "ff ff fc 18");
    // The largest precision-9 value, 9999999.99.
    round_trip(
        s,
        &Value::Decimal(Decimal::from_i128(999_999_999, 2)),
        "3b 9a c9 ff",
    );
    // 10 digits fit the 4 bytes but not the precision: written as read.
    let wide = Value::Decimal(Decimal::from_i128(i128::from(i32::MAX), 2));
    assert_eq!(wide.to_bytes(&schema(s)).unwrap(), unhex("7f ff ff ff"));
    assert_eq!(
        Value::decode(&unhex("7f ff ff ff"), &schema(s)).unwrap(),
        wide
    );
    // 2^31 does not fit the 4 bytes.
    let err = Value::Decimal(Decimal::from_i128(1 << 31, 2))
        .to_bytes(&schema(s))
        .unwrap_err();
    assert!(err.to_string().contains("more than the fixed's 4"), "{err}");
}

#[test]
fn big_decimal_carries_its_scale() {
    let s = r#"{"type": "bytes", "logicalType": "big-decimal"}"#;
    // bytes( bytes(unscaled) int(scale) ): 12.345 -> inner 04 30 39 06 -> 08 04 30 39 06
    let d: Decimal = "12.345".parse().unwrap();
    round_trip(s, &Value::BigDecimal(d.clone()), "08 04 30 39 06");
    let mut inner = Vec::new();
    binary::write_bytes(&mut inner, d.unscaled_bytes());
    binary::write_int(&mut inner, d.scale());
    let mut out = Vec::new();
    binary::write_bytes(&mut out, &inner);
    assert_eq!(out, unhex("08 04 30 39 06"));
    // Each value has its own scale: 5 (scale 0) and -0.5 (scale 1).
    round_trip(s, &Value::BigDecimal("5".parse().unwrap()), "06 02 05 00");
    round_trip(
        s,
        &Value::BigDecimal("-0.5".parse().unwrap()),
        "06 02 fb 02",
    );
    // A big-decimal whose inner bytes are not bytes+int is an error.
    assert!(Value::decode(&unhex("02 04"), &schema(s)).is_err());
    assert!(Value::decode(&unhex("08 04 30 39 06 00"), &schema(s)).is_err());
}

#[test]
fn uuid_on_string_and_fixed() {
    let text = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    let uuid: Uuid = text.parse().unwrap();
    // On a string: the 36 characters of the RFC 4122 form.
    let mut string_bytes = vec![72]; // length 36, zig-zag
    string_bytes.extend_from_slice(text.as_bytes());
    round_trip(
        r#"{"type": "string", "logicalType": "uuid"}"#,
        &Value::Uuid(uuid),
        &hex(&string_bytes),
    );
    // On a fixed(16): the 16 bytes, in order.
    round_trip(
        r#"{"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}"#,
        &Value::Uuid(uuid),
        "6b a7 b8 10 9d ad 11 d1 80 b4 00 c0 4f d4 30 c8",
    );
    // A string that is not a UUID is an error when the type says uuid.
    let mut bad = vec![6];
    bad.extend_from_slice(b"abc");
    assert!(
        Value::decode(
            &bad,
            &schema(r#"{"type": "string", "logicalType": "uuid"}"#)
        )
        .is_err()
    );
}

#[test]
fn dates_and_times() {
    let int = |lt: &str| format!(r#"{{"type": "int", "logicalType": "{lt}"}}"#);
    let long = |lt: &str| format!(r#"{{"type": "long", "logicalType": "{lt}"}}"#);
    // 2000-01-01 is day 10957 (zig-zag 21914 = 9a ab 01).
    round_trip(&int("date"), &Value::Date(10957), "9a ab 01");
    round_trip(&int("date"), &Value::Date(-1), "01");
    // 12:00 = 43,200,000 ms after midnight.
    round_trip(
        &int("time-millis"),
        &Value::TimeMillis(43_200_000),
        "80 b8 99 29",
    );
    round_trip(
        &long("time-micros"),
        &Value::TimeMicros(43_200_000_000),
        "80 c0 dd ee c1 02",
    );
    // The spec's example: noon in Helsinki (UTC+2) on 2000-01-01 is the
    // instant 946720800000 ms, and the local time 946728000000 ms.
    round_trip(
        &long("timestamp-millis"),
        &Value::TimestampMillis(946_720_800_000),
        &zigzag_hex(946_720_800_000),
    );
    round_trip(
        &long("local-timestamp-millis"),
        &Value::LocalTimestampMillis(946_728_000_000),
        &zigzag_hex(946_728_000_000),
    );
    for (lt, value) in [
        (
            "timestamp-micros",
            Value::TimestampMicros(946_720_800_000_000),
        ),
        (
            "timestamp-nanos",
            Value::TimestampNanos(946_720_800_000_000_000),
        ),
        (
            "local-timestamp-micros",
            Value::LocalTimestampMicros(946_728_000_000_000),
        ),
        (
            "local-timestamp-nanos",
            Value::LocalTimestampNanos(-946_728_000_000_000_000),
        ),
    ] {
        let raw = match value {
            Value::TimestampMicros(v)
            | Value::TimestampNanos(v)
            | Value::LocalTimestampMicros(v)
            | Value::LocalTimestampNanos(v) => v,
            _ => unreachable!(),
        };
        round_trip(&long(lt), &value, &zigzag_hex(raw));
        // Encoded exactly like the plain long.
        assert_eq!(
            value.to_bytes(&schema(&long(lt))).unwrap(),
            Value::Long(raw).to_bytes(&schema(r#""long""#)).unwrap()
        );
    }
}

/// Independent zig-zag varint, to check against.
fn zigzag_hex(v: i64) -> String {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    let mut out = Vec::new();
    loop {
        if z < 0x80 {
            out.push(z as u8);
            return hex(&out);
        }
        out.push((z as u8) | 0x80);
        z >>= 7;
    }
}

#[test]
fn zigzag_helper_agrees_with_the_table() {
    for &(v, bytes) in ZIGZAG {
        assert_eq!(zigzag_hex(v), bytes.replace(' ', ""));
    }
}

#[test]
fn duration_is_three_little_endian_u32() {
    let s = r#"{"type": "fixed", "name": "D", "size": 12, "logicalType": "duration"}"#;
    round_trip(
        s,
        &Value::Duration(Duration::new(1, 2, 3)),
        "01 00 00 00 02 00 00 00 03 00 00 00",
    );
    // Unsigned: values past i32::MAX are fine.
    round_trip(
        s,
        &Value::Duration(Duration::new(0xdead_beef, 0, u32::MAX)),
        "ef be ad de 00 00 00 00 ff ff ff ff",
    );
    let mut out = Vec::new();
    binary::write_fixed(&mut out, &Duration::new(14, 30, 1000).to_bytes());
    assert_eq!(hex(&out), "0e0000001e000000e8030000");
}

#[test]
fn logical_types_inside_a_record_and_a_union() {
    let s = r#"{"type": "record", "name": "Event", "fields": [
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}]},
        {"name": "id", "type": ["null", {"type": "string", "logicalType": "uuid"}]}
    ]}"#;
    let value = Value::record([
        ("at", Value::TimestampMicros(1)),
        ("day", Value::Union(1, Box::new(Value::Date(2)))),
        ("id", Value::Union(0, Box::new(Value::Null))),
    ]);
    round_trip(s, &value, "02 02 04 00");
}
