//! A decimal read from the wire writes back, whatever its digits: Avro
//! readers (Java's `Conversions.DecimalConversion.fromBytes` and
//! `fromFixed` among them) do not check a decimal's precision, so the
//! generic `Value` and the JSON encoding do not refuse on the way out what
//! they accepted on the way in (issue 21).

use avrox::{Schema, Value};

/// The issue's two reproducers: a fixed of 8 bytes holding 19 digits
/// where the precision is 18, and bytes holding 1000 where it is 2.
fn cases() -> [(Schema, Vec<u8>, &'static str); 2] {
    [
        (
            Schema::parse(
                r#"{"type":"fixed","name":"D8","size":8,"logicalType":"decimal","precision":18,"scale":2}"#,
            )
            .unwrap(),
            vec![0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            "92233720368547758.07",
        ),
        (
            Schema::parse(r#"{"type":"bytes","logicalType":"decimal","precision":2,"scale":0}"#)
                .unwrap(),
            vec![0x04, 0x03, 0xe8],
            "1000",
        ),
    ]
}

#[test]
fn a_decoded_decimal_encodes_to_the_same_bytes() {
    for (schema, bytes, text) in cases() {
        let value = Value::decode(&bytes, &schema).unwrap();
        let Value::Decimal(d) = &value else {
            panic!("{value:?}")
        };
        assert_eq!(d.to_string(), text);
        assert_eq!(value.to_bytes(&schema).unwrap(), bytes, "{text}");
    }
}

#[test]
fn a_decoded_decimal_writes_and_reads_back_as_json() {
    for (schema, bytes, text) in cases() {
        let value = Value::decode(&bytes, &schema).unwrap();
        let json = avrox::json::to_string(&value.with_schema(&schema))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let back: Value = avrox::json::from_str_with(&json, &schema)
            .unwrap_or_else(|e| panic!("{text}: {json}: {e}"));
        assert_eq!(back, value, "{text}");
        assert_eq!(back.to_bytes(&schema).unwrap(), bytes, "{text}");
    }
}

/// What is still refused: a scale other than the schema's (which would
/// change the number) and a fixed too small for the unscaled integer.
#[test]
fn a_decimal_of_another_scale_or_too_big_for_its_fixed_is_refused() {
    let [(fixed, _, _), (bytes, _, _)] = cases();
    let wrong_scale = Value::Decimal("1.5".parse().unwrap());
    let err = wrong_scale.to_bytes(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "decimal 1.5 has scale 1, the schema's scale is 0"
    );
    let too_big = Value::Decimal("92233720368547758.08".parse().unwrap());
    let err = too_big.to_bytes(&fixed).unwrap_err();
    assert!(err.to_string().contains("more than the fixed's 8"), "{err}");
}
