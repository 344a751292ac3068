//! avrox's own date and time types (`avrox::value::Date`, ...): each keeps
//! its logical type wherever it sits (a field, an array's items, a map's
//! values, an option), writes its count as an `int` or `long` would, and
//! reads data whose writer has no logical type.

use std::collections::HashMap;

use avrox::value::{
    Date, LocalTimestampMicros, LocalTimestampMillis, LocalTimestampNanos, TimeMicros, TimeMillis,
    TimestampMicros, TimestampMillis, TimestampNanos,
};
use avrox::{Avro, AvroSchema, FromValue, Schema, ToValue, Value};

#[derive(Avro, Debug, PartialEq, Clone)]
#[avro(namespace = "t")]
struct Times {
    date: Date,
    time_millis: TimeMillis,
    time_micros: TimeMicros,
    ts_millis: TimestampMillis,
    ts_micros: TimestampMicros,
    ts_nanos: TimestampNanos,
    local_millis: LocalTimestampMillis,
    local_micros: LocalTimestampMicros,
    local_nanos: LocalTimestampNanos,
    dates: Vec<Date>,
    by_name: HashMap<String, TimestampMillis>,
    maybe: Option<LocalTimestampMicros>,
}

fn sample() -> Times {
    Times {
        date: Date(-1),
        time_millis: TimeMillis(86_399_999),
        time_micros: TimeMicros(1),
        ts_millis: TimestampMillis(i64::MIN),
        ts_micros: TimestampMicros(1_765_000_000_000_000),
        ts_nanos: TimestampNanos(i64::MAX),
        local_millis: LocalTimestampMillis(0),
        local_micros: LocalTimestampMicros(-5),
        local_nanos: LocalTimestampNanos(7),
        dates: vec![Date(0), Date(20_454)],
        by_name: HashMap::from([("a".to_owned(), TimestampMillis(3))]),
        maybe: Some(LocalTimestampMicros(9)),
    }
}

#[test]
fn each_type_carries_its_logical_type_everywhere() {
    let schema = Times::schema().to_string();
    for (field, avro, logical) in [
        ("date", "int", "date"),
        ("time_millis", "int", "time-millis"),
        ("time_micros", "long", "time-micros"),
        ("ts_millis", "long", "timestamp-millis"),
        ("ts_micros", "long", "timestamp-micros"),
        ("ts_nanos", "long", "timestamp-nanos"),
        ("local_millis", "long", "local-timestamp-millis"),
        ("local_micros", "long", "local-timestamp-micros"),
        ("local_nanos", "long", "local-timestamp-nanos"),
    ] {
        let expected =
            format!(r#"{{"name":"{field}","type":{{"type":"{avro}","logicalType":"{logical}"}}}}"#);
        assert!(schema.contains(&expected), "{expected} not in {schema}");
    }
    assert!(schema.contains(r#""items":{"type":"int","logicalType":"date"}"#));
    assert!(schema.contains(r#""values":{"type":"long","logicalType":"timestamp-millis"}"#));
    assert!(schema.contains(r#"["null",{"type":"long","logicalType":"local-timestamp-micros"}]"#));
}

#[test]
fn the_bytes_are_the_counts_bytes() {
    let times = sample();
    let bytes = avrox::to_vec(&times).unwrap();
    let mut expected = Vec::new();
    for n in [
        -1i64,
        86_399_999,
        1,
        i64::MIN,
        1_765_000_000_000_000,
        i64::MAX,
        0,
        -5,
        7,
    ] {
        avrox::binary::write_long(&mut expected, n);
    }
    assert!(bytes.starts_with(&expected), "{bytes:?}");
    assert_eq!(avrox::from_slice::<Times>(&bytes).unwrap(), times);

    // Every truncation is an error, never a panic.
    for cut in 0..bytes.len() {
        assert!(
            avrox::from_slice::<Times>(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}

#[test]
fn values_and_writers_without_the_logical_type() {
    assert_eq!(Date(4).to_value(), Value::Date(4));
    assert_eq!(Date::from_value(Value::Int(4)).unwrap(), Date(4));
    assert_eq!(
        TimestampNanos::from_value(Value::Long(4)).unwrap(),
        TimestampNanos(4)
    );
    assert!(TimeMillis::from_value(Value::Long(4)).is_err());
    assert!(Date::from_value(Value::TimeMillis(4)).is_err());

    // Data of a writer whose schema says only "int" and "long".
    let writer: Schema = r#"{"type":"record","name":"t.W","fields":[
        {"name":"date","type":"int"},{"name":"stamp","type":"long"}]}"#
        .parse()
        .unwrap();
    #[derive(Avro, Debug, PartialEq)]
    #[avro(name = "t.W")]
    struct Reader {
        date: Date,
        stamp: TimestampMicros,
    }
    let datum = Value::record([("date", Value::Int(20_454)), ("stamp", Value::Long(-2))]);
    let mut bytes = Vec::new();
    datum.encode(&writer, &mut bytes).unwrap();
    let read: Reader = avrox::from_slice_with_writer(&bytes, &writer).unwrap();
    assert_eq!(
        read,
        Reader {
            date: Date(20_454),
            stamp: TimestampMicros(-2)
        }
    );
}
