//! The `time` crate's dates, times and timestamps (feature `time`).
//!
//! | Rust | Avro | with `unit = ..` |
//! |---|---|---|
//! | `Date` | `date` | (no unit) |
//! | `Time` | `time-micros` | `time-millis`, `time-micros` |
//! | `OffsetDateTime`, `UtcDateTime` | `timestamp-micros` | `timestamp-{millis,micros,nanos}` |
//! | `PrimitiveDateTime` | `local-timestamp-micros` | `local-timestamp-{millis,micros,nanos}` |
//!
//! An `OffsetDateTime` is written as the instant it names, whatever its
//! offset, and read back in UTC (it compares equal: `time` compares
//! instants). Writing floors to the unit; reading a count `time` cannot
//! hold (beyond the years ±9999, or ±999 999 with its `large-dates`
//! feature) is an `OutOfRange` error.

use ::time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcDateTime};

use super::EpochDays;
use crate::logical::{Temporal, TemporalKind, Unit};

/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

impl EpochDays for Date {
    const NAME: &'static str = "time::Date";

    fn to_days(&self) -> i32 {
        // `time`'s dates span at most ±999 999 years: inside an i32 of days.
        self.to_julian_day() - UNIX_EPOCH_JULIAN_DAY
    }

    fn from_days(days: i32) -> Option<Date> {
        Date::from_julian_day(days.checked_add(UNIX_EPOCH_JULIAN_DAY)?).ok()
    }
}

date_codec!(Date);

impl Temporal for Time {
    const KIND: TemporalKind = TemporalKind::TimeOfDay;
    const NAME: &'static str = "time::Time";

    fn to_count(&self, unit: Unit) -> i128 {
        let (h, m, s, nanos) = self.as_hms_nano();
        let secs = i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s);
        unit.count(secs, nanos)
    }

    fn from_count(count: i64, unit: Unit) -> Option<Time> {
        let (secs, nanos) = unit.split(count);
        if !(0..86_400).contains(&secs) {
            return None;
        }
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        Time::from_hms_nano(h as u8, m as u8, s as u8, nanos).ok()
    }
}

micros_codec!(Time);

impl Temporal for OffsetDateTime {
    const KIND: TemporalKind = TemporalKind::Timestamp;
    const NAME: &'static str = "time::OffsetDateTime";

    fn to_count(&self, unit: Unit) -> i128 {
        unit.count_from_nanos(self.unix_timestamp_nanos())
    }

    /// In UTC.
    fn from_count(count: i64, unit: Unit) -> Option<OffsetDateTime> {
        OffsetDateTime::from_unix_timestamp_nanos(unit.to_nanos(count)).ok()
    }
}

micros_codec!(OffsetDateTime);

impl Temporal for UtcDateTime {
    const KIND: TemporalKind = TemporalKind::Timestamp;
    const NAME: &'static str = "time::UtcDateTime";

    fn to_count(&self, unit: Unit) -> i128 {
        unit.count_from_nanos(self.unix_timestamp_nanos())
    }

    fn from_count(count: i64, unit: Unit) -> Option<UtcDateTime> {
        UtcDateTime::from_unix_timestamp_nanos(unit.to_nanos(count)).ok()
    }
}

micros_codec!(UtcDateTime);

impl Temporal for PrimitiveDateTime {
    const KIND: TemporalKind = TemporalKind::LocalTimestamp;
    const NAME: &'static str = "time::PrimitiveDateTime";

    fn to_count(&self, unit: Unit) -> i128 {
        unit.count_from_nanos(self.assume_utc().unix_timestamp_nanos())
    }

    fn from_count(count: i64, unit: Unit) -> Option<PrimitiveDateTime> {
        let t = UtcDateTime::from_unix_timestamp_nanos(unit.to_nanos(count)).ok()?;
        Some(PrimitiveDateTime::new(t.date(), t.time()))
    }
}

micros_codec!(PrimitiveDateTime);

#[cfg(test)]
mod tests {
    use ::time::{Month, UtcOffset};

    use super::*;
    use crate::binary;
    use crate::logical::testing::{adapter, check_plain};
    use crate::logical::{Micros, Millis, Nanos};
    use crate::{AvroSchema, ErrorKind, FromValue, ToValue, Value};

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    fn time(h: u8, m: u8, s: u8, nano: u32) -> Time {
        Time::from_hms_nano(h, m, s, nano).unwrap()
    }

    fn local(y: i32, mo: u8, d: u8, h: u8, mi: u8, s: u8, nano: u32) -> PrimitiveDateTime {
        PrimitiveDateTime::new(date(y, mo, d), time(h, mi, s, nano))
    }

    fn utc(y: i32, mo: u8, d: u8, h: u8, mi: u8, s: u8, nano: u32) -> OffsetDateTime {
        local(y, mo, d, h, mi, s, nano).assume_utc()
    }

    fn long(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        binary::write_long(&mut out, v);
        out
    }

    #[test]
    fn schemas() {
        for (schema, json) in [
            (Date::schema(), r#"{"type":"int","logicalType":"date"}"#),
            (
                Time::schema(),
                r#"{"type":"long","logicalType":"time-micros"}"#,
            ),
            (
                OffsetDateTime::schema(),
                r#"{"type":"long","logicalType":"timestamp-micros"}"#,
            ),
            (
                UtcDateTime::schema(),
                r#"{"type":"long","logicalType":"timestamp-micros"}"#,
            ),
            (
                PrimitiveDateTime::schema(),
                r#"{"type":"long","logicalType":"local-timestamp-micros"}"#,
            ),
            (
                Option::<Time>::schema(),
                r#"["null",{"type":"long","logicalType":"time-micros"}]"#,
            ),
        ] {
            assert_eq!(schema.to_string(), json);
        }
        for (schema, json) in [
            (
                adapter!(Millis<Time>).schema(),
                r#"{"type":"int","logicalType":"time-millis"}"#,
            ),
            (
                adapter!(Nanos<OffsetDateTime>).schema(),
                r#"{"type":"long","logicalType":"timestamp-nanos"}"#,
            ),
            (
                adapter!(Millis<Option<UtcDateTime>>).schema(),
                r#"["null",{"type":"long","logicalType":"timestamp-millis"}]"#,
            ),
            (
                adapter!(Nanos<PrimitiveDateTime>).schema(),
                r#"{"type":"long","logicalType":"local-timestamp-nanos"}"#,
            ),
        ] {
            assert_eq!(schema.to_string(), json);
        }
        let err = adapter!(Nanos<Time>).try_schema().unwrap_err();
        assert!(
            err.contains("`time::Time` is a time of day, and Avro has no time-nanos"),
            "{err}"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(check_plain(&date(1970, 1, 1)), [0]);
        assert_eq!(check_plain(&date(1969, 12, 31)), [1]);
        check_plain(&date(2000, 2, 29));
        check_plain(&date(1582, 10, 15));
        check_plain(&Date::MIN);
        check_plain(&Date::MAX);
        check_plain(&Some(date(-100, 1, 1)));
        assert_eq!(date(2000, 1, 1).to_value(), Value::Date(10_957));
        for days in [i32::MAX, i32::MIN, Date::MAX.to_days() + 1] {
            let mut bytes = Vec::new();
            binary::write_int(&mut bytes, days);
            let err = crate::from_slice::<Date>(&bytes).unwrap_err();
            assert_eq!(
                err.kind(),
                &ErrorKind::OutOfRange {
                    value: i128::from(days),
                    target: "time::Date"
                }
            );
            assert_eq!(err.offset(), Some(0));
        }
    }

    #[test]
    fn times() {
        assert_eq!(check_plain(&time(0, 0, 0, 0)), [0]);
        check_plain(&time(23, 59, 59, 999_999_000));
        check_plain(&Some(time(13, 14, 15, 16_000)));
        assert_eq!(time(0, 0, 1, 0).to_value(), Value::TimeMicros(1_000_000));
        let millis = adapter!(Millis<Time>);
        millis.check(&time(12, 0, 0, 5_000_000));
        assert_eq!(millis.bytes(&time(0, 0, 0, 999_999)).unwrap(), [0]);
        for count in [-1, 86_400_000_000] {
            let err = crate::from_slice::<Time>(&long(count)).unwrap_err();
            assert_eq!(
                err.kind(),
                &ErrorKind::OutOfRange {
                    value: i128::from(count),
                    target: "time::Time"
                }
            );
        }
        assert!(Time::from_value(Value::TimeMicros(-1)).is_err());
    }

    #[test]
    fn timestamps() {
        assert_eq!(check_plain(&utc(1970, 1, 1, 0, 0, 0, 0)), [0]);
        assert_eq!(
            check_plain(&utc(1969, 12, 31, 23, 59, 59, 999_999_000)),
            [1]
        );
        check_plain(&utc(1815, 6, 18, 11, 30, 0, 0));
        check_plain(&Some(utc(2024, 1, 1, 0, 0, 0, 1_000)));
        check_plain(&UtcDateTime::new(date(1960, 1, 1), time(1, 2, 3, 4_000)));
        check_plain(&Some(UtcDateTime::new(date(2100, 1, 1), time(0, 0, 0, 0))));
        assert_eq!(
            utc(1970, 1, 1, 0, 0, 1, 0).to_value(),
            Value::TimestampMicros(1_000_000)
        );
        // The spec's example: noon in Helsinki (UTC+2) on 2000-01-01 is
        // 946720800000 ms; it reads back as 10:00 UTC, the same instant.
        let helsinki =
            local(2000, 1, 1, 12, 0, 0, 0).assume_offset(UtcOffset::from_hms(2, 0, 0).unwrap());
        let millis = adapter!(Millis<OffsetDateTime>);
        assert_eq!(millis.check(&helsinki), long(946_720_800_000));
        let back = millis.decode_all(&long(946_720_800_000)).unwrap();
        assert_eq!(back.offset(), UtcOffset::UTC);
        assert_eq!(back, utc(2000, 1, 1, 10, 0, 0, 0));
        adapter!(Nanos<OffsetDateTime>).check(&utc(1969, 12, 31, 23, 59, 59, 1));
        adapter!(Nanos<UtcDateTime>).check(&UtcDateTime::new(
            date(2262, 4, 11),
            time(23, 47, 16, 854_775_807),
        ));
        adapter!(Micros<Option<UtcDateTime>>).check(&None);
        // Floored.
        assert_eq!(
            millis
                .bytes(&utc(1969, 12, 31, 23, 59, 59, 999_999_999))
                .unwrap(),
            [0x01]
        );
        assert_eq!(
            Millis::<UtcDateTime>::to_value(&utc(1969, 12, 31, 23, 59, 59, 999_999_999).to_utc()),
            Value::TimestampMillis(-1)
        );
    }

    #[test]
    fn timestamps_out_of_range() {
        for bytes in [long(i64::MAX), long(i64::MIN)] {
            let err = crate::from_slice::<OffsetDateTime>(&bytes).unwrap_err();
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::OutOfRange {
                        target: "time::OffsetDateTime",
                        ..
                    }
                ),
                "{err}"
            );
            assert_eq!(err.offset(), Some(0));
            assert!(crate::from_slice::<UtcDateTime>(&bytes).is_err());
            assert!(crate::from_slice::<PrimitiveDateTime>(&bytes).is_err());
        }
        let err = adapter!(Millis<Option<PrimitiveDateTime>>)
            .decode_all(&[&[2][..], &long(i64::MIN)].concat())
            .unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::OutOfRange {
                value: i128::from(i64::MIN),
                target: "time::PrimitiveDateTime"
            }
        );
        assert_eq!(err.offset(), Some(1));
        // Past 2262 does not fit a long of nanoseconds.
        let err = adapter!(Nanos<OffsetDateTime>)
            .bytes(&utc(2300, 1, 1, 0, 0, 0, 0))
            .unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::OutOfRange {
                target: "timestamp-nanos",
                ..
            }
        ));
    }

    #[test]
    fn local_timestamps() {
        assert_eq!(
            adapter!(Millis<PrimitiveDateTime>).check(&local(2000, 1, 1, 12, 0, 0, 0)),
            long(946_728_000_000)
        );
        check_plain(&local(1969, 7, 20, 20, 17, 40, 0));
        check_plain(&Some(local(1000, 1, 1, 0, 0, 0, 1_000)));
        assert_eq!(
            local(1970, 1, 1, 0, 0, 0, 1_000).to_value(),
            Value::LocalTimestampMicros(1)
        );
        adapter!(Nanos<Option<PrimitiveDateTime>>).check(&Some(local(1900, 1, 1, 0, 0, 0, 7)));
        assert_eq!(
            PrimitiveDateTime::from_value(Value::LocalTimestampMicros(-1)).unwrap(),
            local(1969, 12, 31, 23, 59, 59, 999_999_000)
        );
    }
}
