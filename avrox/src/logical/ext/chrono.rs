//! `chrono`'s dates, times and timestamps (feature `chrono`).
//!
//! | Rust | Avro | with `unit = ..` |
//! |---|---|---|
//! | `NaiveDate` | `date` | (no unit) |
//! | `NaiveTime` | `time-micros` | `time-millis`, `time-micros` |
//! | `DateTime<Utc>` | `timestamp-micros` | `timestamp-{millis,micros,nanos}` |
//! | `NaiveDateTime` | `local-timestamp-micros` | `local-timestamp-{millis,micros,nanos}` |
//!
//! Writing floors to the unit; reading a count chrono cannot hold (beyond
//! about ±262 000 years, or a time of day outside 0..24 h) is an
//! `OutOfRange` error. A leap second (`NaiveTime` with 1 000 000 000
//! nanoseconds or more) has no Avro time of day and is an error to write;
//! in a `DateTime` or `NaiveDateTime` it counts into the next second.

use ::chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

use super::EpochDays;
use crate::logical::{Temporal, TemporalKind, Unit};

/// `num_days_from_ce` of 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

impl EpochDays for NaiveDate {
    const NAME: &'static str = "chrono::NaiveDate";

    fn to_days(&self) -> i32 {
        // chrono's dates span about ±262 000 years: far inside an i32 of days.
        self.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
    }

    fn from_days(days: i32) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_EPOCH_DAYS_FROM_CE)?)
    }
}

date_codec!(NaiveDate);

impl Temporal for NaiveTime {
    const KIND: TemporalKind = TemporalKind::TimeOfDay;
    const NAME: &'static str = "chrono::NaiveTime";

    fn to_count(&self, unit: Unit) -> i128 {
        unit.count(
            i64::from(self.num_seconds_from_midnight()),
            self.nanosecond(),
        )
    }

    fn from_count(count: i64, unit: Unit) -> Option<NaiveTime> {
        let (secs, nanos) = unit.split(count);
        NaiveTime::from_num_seconds_from_midnight_opt(u32::try_from(secs).ok()?, nanos)
    }
}

micros_codec!(NaiveTime);

impl Temporal for DateTime<Utc> {
    const KIND: TemporalKind = TemporalKind::Timestamp;
    const NAME: &'static str = "chrono::DateTime<Utc>";

    fn to_count(&self, unit: Unit) -> i128 {
        unit.count(self.timestamp(), self.timestamp_subsec_nanos())
    }

    fn from_count(count: i64, unit: Unit) -> Option<DateTime<Utc>> {
        let (secs, nanos) = unit.split(count);
        DateTime::from_timestamp(secs, nanos)
    }
}

micros_codec!(DateTime<Utc>);

impl Temporal for NaiveDateTime {
    const KIND: TemporalKind = TemporalKind::LocalTimestamp;
    const NAME: &'static str = "chrono::NaiveDateTime";

    fn to_count(&self, unit: Unit) -> i128 {
        self.and_utc().to_count(unit)
    }

    fn from_count(count: i64, unit: Unit) -> Option<NaiveDateTime> {
        DateTime::<Utc>::from_count(count, unit).map(|t| t.naive_utc())
    }
}

micros_codec!(NaiveDateTime);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary;
    use crate::logical::testing::{adapter, check_plain};
    use crate::logical::{Micros, Millis, Nanos};
    use crate::{AvroSchema, ErrorKind, FromValue, ToValue, Value};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32, s: u32, nano: u32) -> NaiveTime {
        NaiveTime::from_hms_nano_opt(h, m, s, nano).unwrap()
    }

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32) -> NaiveDateTime {
        date(y, mo, d).and_time(time(h, mi, s, nano))
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32) -> DateTime<Utc> {
        local(y, mo, d, h, mi, s, nano).and_utc()
    }

    fn long(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        binary::write_long(&mut out, v);
        out
    }

    #[test]
    fn schemas() {
        for (schema, json) in [
            (
                NaiveDate::schema(),
                r#"{"type":"int","logicalType":"date"}"#,
            ),
            (
                NaiveTime::schema(),
                r#"{"type":"long","logicalType":"time-micros"}"#,
            ),
            (
                DateTime::<Utc>::schema(),
                r#"{"type":"long","logicalType":"timestamp-micros"}"#,
            ),
            (
                NaiveDateTime::schema(),
                r#"{"type":"long","logicalType":"local-timestamp-micros"}"#,
            ),
            (
                Option::<DateTime<Utc>>::schema(),
                r#"["null",{"type":"long","logicalType":"timestamp-micros"}]"#,
            ),
            (
                Option::<NaiveDate>::schema(),
                r#"["null",{"type":"int","logicalType":"date"}]"#,
            ),
        ] {
            assert_eq!(schema.to_string(), json);
        }
        for (schema, json) in [
            (
                adapter!(Millis<NaiveTime>).schema(),
                r#"{"type":"int","logicalType":"time-millis"}"#,
            ),
            (
                adapter!(Micros<Option<NaiveTime>>).schema(),
                r#"["null",{"type":"long","logicalType":"time-micros"}]"#,
            ),
            (
                adapter!(Millis<DateTime<Utc>>).schema(),
                r#"{"type":"long","logicalType":"timestamp-millis"}"#,
            ),
            (
                adapter!(Nanos<DateTime<Utc>>).schema(),
                r#"{"type":"long","logicalType":"timestamp-nanos"}"#,
            ),
            (
                adapter!(Millis<NaiveDateTime>).schema(),
                r#"{"type":"long","logicalType":"local-timestamp-millis"}"#,
            ),
            (
                adapter!(Nanos<Option<NaiveDateTime>>).schema(),
                r#"["null",{"type":"long","logicalType":"local-timestamp-nanos"}]"#,
            ),
        ] {
            assert_eq!(schema.to_string(), json);
        }
    }

    #[test]
    fn dates() {
        assert_eq!(check_plain(&date(1970, 1, 1)), [0]);
        assert_eq!(check_plain(&date(1969, 12, 31)), [1]);
        assert_eq!(check_plain(&date(1970, 1, 2)), [2]);
        check_plain(&date(1, 1, 1));
        check_plain(&date(-4000, 2, 29));
        check_plain(&date(2024, 2, 29));
        check_plain(&NaiveDate::MIN);
        check_plain(&NaiveDate::MAX);
        check_plain(&Some(date(1900, 3, 1)));
        check_plain(&None::<NaiveDate>);
        assert_eq!(date(2000, 1, 1).to_value(), Value::Date(10_957));
        assert_eq!(
            NaiveDate::from_value(Value::Int(-1)).unwrap(),
            date(1969, 12, 31)
        );
        assert!(NaiveDate::from_value(Value::Long(0)).is_err());
        // Days chrono cannot hold.
        for days in [i32::MAX, i32::MIN, NaiveDate::MAX.to_days() + 1] {
            let mut bytes = Vec::new();
            binary::write_int(&mut bytes, days);
            let err = crate::from_slice::<NaiveDate>(&bytes).unwrap_err();
            assert_eq!(
                err.kind(),
                &ErrorKind::OutOfRange {
                    value: i128::from(days),
                    target: "chrono::NaiveDate"
                }
            );
            assert_eq!(err.offset(), Some(0));
            assert!(NaiveDate::from_value(Value::Date(days)).is_err());
        }
    }

    #[test]
    fn times() {
        assert_eq!(check_plain(&time(0, 0, 0, 0)), [0]);
        check_plain(&time(23, 59, 59, 999_999_000));
        check_plain(&time(12, 30, 0, 1_000));
        check_plain(&Some(time(1, 2, 3, 4_000)));
        assert_eq!(time(0, 0, 1, 0).to_value(), Value::TimeMicros(1_000_000));
        let millis = adapter!(Millis<NaiveTime>);
        millis.check(&time(23, 59, 59, 999_000_000));
        assert_eq!(
            Millis::<NaiveTime>::to_value(&time(0, 0, 1, 0)),
            Value::TimeMillis(1_000)
        );
        adapter!(Micros<Option<NaiveTime>>).check(&Some(time(6, 0, 0, 0)));
        // Finer than the unit: floored.
        assert_eq!(
            millis.bytes(&time(0, 0, 0, 1_999_999)).unwrap(),
            millis.bytes(&time(0, 0, 0, 1_000_000)).unwrap()
        );
        assert_eq!(
            crate::from_slice::<NaiveTime>(&crate::to_vec(&time(0, 0, 0, 1_999)).unwrap()).unwrap(),
            time(0, 0, 0, 1_000)
        );
    }

    #[test]
    fn times_out_of_range() {
        // A negative time of day, and one of a whole day, when read.
        for count in [-1, 86_400_000_000] {
            let err = crate::from_slice::<NaiveTime>(&long(count)).unwrap_err();
            assert_eq!(
                err.kind(),
                &ErrorKind::OutOfRange {
                    value: i128::from(count),
                    target: "chrono::NaiveTime"
                }
            );
            assert_eq!(err.offset(), Some(0));
        }
        let err = adapter!(Millis<NaiveTime>).decode_all(&[0x01]).unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::OutOfRange { value: -1, .. }
        ));
        assert!(NaiveTime::from_value(Value::TimeMicros(-1)).is_err());
        // A leap second has no Avro time of day.
        let leap = time(23, 59, 59, 1_500_000_000);
        let err = crate::to_vec(&leap).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::OutOfRange {
                value: 86_400_500_000,
                target: "time-micros"
            }
        );
    }

    #[test]
    fn time_nanos_is_a_schema_error() {
        let err = adapter!(Nanos<NaiveTime>).try_schema().unwrap_err();
        assert!(
            err.contains("`chrono::NaiveTime` is a time of day, and Avro has no time-nanos"),
            "{err}"
        );
        assert!(
            adapter!(Nanos<Option<NaiveTime>>)
                .try_schema()
                .unwrap_err()
                .contains("Avro has no time-nanos")
        );
        assert!(adapter!(Nanos<NaiveTime>).bytes(&time(0, 0, 0, 0)).is_err());
    }

    #[test]
    fn timestamps() {
        assert_eq!(check_plain(&utc(1970, 1, 1, 0, 0, 0, 0)), [0]);
        assert_eq!(
            check_plain(&utc(1969, 12, 31, 23, 59, 59, 999_999_000)),
            [1]
        );
        check_plain(&utc(2024, 5, 17, 12, 0, 0, 123_456_000));
        check_plain(&utc(1066, 10, 14, 9, 0, 0, 0));
        check_plain(&Some(utc(1900, 1, 1, 0, 0, 0, 0)));
        check_plain(&None::<DateTime<Utc>>);
        assert_eq!(
            utc(1970, 1, 1, 0, 0, 1, 0).to_value(),
            Value::TimestampMicros(1_000_000)
        );
        // The spec's example: 2000-01-01T10:00:00Z is 946720800000 ms.
        let millis = adapter!(Millis<DateTime<Utc>>);
        assert_eq!(
            millis.check(&utc(2000, 1, 1, 10, 0, 0, 0)),
            long(946_720_800_000)
        );
        millis.check(&utc(1950, 6, 1, 0, 0, 0, 1_000_000));
        let nanos = adapter!(Nanos<DateTime<Utc>>);
        nanos.check(&utc(1969, 12, 31, 23, 59, 59, 999_999_999));
        nanos.check(&utc(2262, 4, 11, 23, 47, 16, 854_775_807));
        adapter!(Micros<Option<DateTime<Utc>>>).check(&Some(utc(1999, 12, 31, 0, 0, 0, 0)));
        adapter!(Micros<Option<DateTime<Utc>>>).check(&None);
    }

    #[test]
    fn timestamps_floor() {
        // Just before the epoch: -1 in every coarser unit, never 0.
        let t = utc(1969, 12, 31, 23, 59, 59, 999_999_999);
        assert_eq!(adapter!(Millis<DateTime<Utc>>).bytes(&t).unwrap(), [0x01]);
        assert_eq!(crate::to_vec(&t).unwrap(), [0x01]);
        assert_eq!(
            crate::from_slice::<DateTime<Utc>>(&[0x01]).unwrap(),
            utc(1969, 12, 31, 23, 59, 59, 999_999_000)
        );
        assert_eq!(
            Millis::<DateTime<Utc>>::to_value(&utc(1969, 12, 31, 23, 59, 59, 999_500_000)),
            Value::TimestampMillis(-1)
        );
        // And after it: down, not to the nearest.
        assert_eq!(
            Millis::<DateTime<Utc>>::to_value(&utc(1970, 1, 1, 0, 0, 0, 1_999_999)),
            Value::TimestampMillis(1)
        );
    }

    #[test]
    fn timestamps_out_of_range() {
        // Read: i64::MAX microseconds is some 292 000 years away.
        for bytes in [long(i64::MAX), long(i64::MIN)] {
            let err = crate::from_slice::<DateTime<Utc>>(&bytes).unwrap_err();
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::OutOfRange {
                        target: "chrono::DateTime<Utc>",
                        ..
                    }
                ),
                "{err}"
            );
            assert_eq!(err.offset(), Some(0));
        }
        let err = adapter!(Millis<Option<NaiveDateTime>>)
            .decode_all(&[&[2][..], &long(i64::MAX)].concat())
            .unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::OutOfRange {
                value: i128::from(i64::MAX),
                target: "chrono::NaiveDateTime"
            }
        );
        assert_eq!(err.offset(), Some(1));
        assert!(DateTime::<Utc>::from_value(Value::TimestampMicros(i64::MAX)).is_err());
        // i64::MAX and i64::MIN nanoseconds are within chrono's range.
        assert_eq!(
            adapter!(Nanos<DateTime<Utc>>)
                .decode_all(&long(i64::MAX))
                .unwrap(),
            utc(2262, 4, 11, 23, 47, 16, 854_775_807)
        );
        assert_eq!(
            adapter!(Nanos<DateTime<Utc>>)
                .decode_all(&long(i64::MIN))
                .unwrap(),
            utc(1677, 9, 21, 0, 12, 43, 145_224_192)
        );
        // Written: past 2262 in nanoseconds does not fit a long.
        let far = utc(2300, 1, 1, 0, 0, 0, 0);
        let err = adapter!(Nanos<DateTime<Utc>>).bytes(&far).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::OutOfRange {
                    target: "timestamp-nanos",
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            Nanos::<DateTime<Utc>>::to_value(&far),
            Value::TimestampNanos(i64::MAX)
        );
        // The extremes chrono holds fit in microseconds.
        check_plain(&DateTime::<Utc>::MIN_UTC);
        check_plain(
            &DateTime::<Utc>::MAX_UTC
                .with_nanosecond(999_999_000)
                .unwrap(),
        );
    }

    #[test]
    fn local_timestamps() {
        // The spec's example: 2000-01-01T12:00:00 local is 946728000000 ms.
        assert_eq!(
            adapter!(Millis<NaiveDateTime>).check(&local(2000, 1, 1, 12, 0, 0, 0)),
            long(946_728_000_000)
        );
        check_plain(&local(1969, 7, 20, 20, 17, 40, 0));
        check_plain(&local(1492, 10, 12, 6, 0, 0, 500_000));
        check_plain(&Some(local(2038, 1, 19, 3, 14, 8, 0)));
        assert_eq!(
            local(1970, 1, 1, 0, 0, 0, 1_000).to_value(),
            Value::LocalTimestampMicros(1)
        );
        adapter!(Nanos<NaiveDateTime>).check(&local(1969, 12, 31, 23, 59, 59, 1));
        assert_eq!(
            adapter!(Millis<NaiveDateTime>)
                .bytes(&local(1969, 12, 31, 23, 59, 59, 999_999_999))
                .unwrap(),
            [0x01]
        );
        assert_eq!(
            NaiveDateTime::from_value(Value::Long(-1)).unwrap(),
            local(1969, 12, 31, 23, 59, 59, 999_999_000)
        );
        assert!(NaiveDateTime::from_value(Value::TimestampMicros(0)).is_err());
    }
}
