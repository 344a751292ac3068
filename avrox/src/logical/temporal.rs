//! Times of day and timestamps in a unit the field chooses.

use std::fmt;
use std::marker::PhantomData;

use super::field_trait;
use crate::binary::{self, SliceReader};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{LogicalType, Node, NodeId, SchemaBuilder, Type};
use crate::value::Value;

/// Which family of Avro logical types a [`Temporal`] type belongs to; the
/// unit then picks one type of the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemporalKind {
    /// A time of day, counted from midnight: `time-millis` (an `int`) or
    /// `time-micros`. Avro has no `time-nanos`.
    TimeOfDay,
    /// An instant, counted from 1970-01-01T00:00:00Z:
    /// `timestamp-{millis,micros,nanos}`.
    Timestamp,
    /// A wall-clock date and time in no particular zone, counted from
    /// 1970-01-01T00:00:00: `local-timestamp-{millis,micros,nanos}`.
    LocalTimestamp,
}

/// The unit of a time of day or timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Milliseconds.
    Millis,
    /// Microseconds.
    Micros,
    /// Nanoseconds.
    Nanos,
}

impl Unit {
    /// How many of this unit make a second.
    pub const fn per_second(self) -> i64 {
        match self {
            Unit::Millis => 1_000,
            Unit::Micros => 1_000_000,
            Unit::Nanos => 1_000_000_000,
        }
    }

    /// How many nanoseconds make one of this unit.
    pub const fn nanos(self) -> i64 {
        1_000_000_000 / self.per_second()
    }

    /// The unit's name as the attribute spells it: `millis`, `micros`,
    /// `nanos`.
    pub const fn name(self) -> &'static str {
        match self {
            Unit::Millis => "millis",
            Unit::Micros => "micros",
            Unit::Nanos => "nanos",
        }
    }

    /// The whole units in `secs` seconds plus `subsec_nanos` nanoseconds,
    /// rounded toward negative infinity. `subsec_nanos` may pass a second
    /// (a leap second); the result is exact, never wrapped.
    ///
    /// ```
    /// use avrox::logical::Unit;
    /// // 1969-12-31T23:59:59.9995: -0.5 ms floors to -1 ms.
    /// assert_eq!(Unit::Millis.count(-1, 999_500_000), -1);
    /// assert_eq!(Unit::Micros.count(1, 5_000), 1_000_005);
    /// ```
    pub fn count(self, secs: i64, subsec_nanos: u32) -> i128 {
        i128::from(secs) * i128::from(self.per_second())
            + i128::from(subsec_nanos) / i128::from(self.nanos())
    }

    /// The whole units in `nanos` nanoseconds, rounded toward negative
    /// infinity.
    ///
    /// ```
    /// use avrox::logical::Unit;
    /// assert_eq!(Unit::Micros.count_from_nanos(-1), -1);
    /// assert_eq!(Unit::Micros.count_from_nanos(1_999), 1);
    /// ```
    pub fn count_from_nanos(self, nanos: i128) -> i128 {
        nanos.div_euclid(i128::from(self.nanos()))
    }

    /// `count` units as whole seconds (rounded toward negative infinity)
    /// and the nanoseconds after them (`0..1_000_000_000`).
    ///
    /// ```
    /// use avrox::logical::Unit;
    /// assert_eq!(Unit::Millis.split(-1), (-1, 999_000_000));
    /// assert_eq!(Unit::Micros.split(1_000_005), (1, 5_000));
    /// ```
    pub fn split(self, count: i64) -> (i64, u32) {
        let per_second = self.per_second();
        let nanos = count.rem_euclid(per_second) * self.nanos();
        (count.div_euclid(per_second), nanos as u32)
    }

    /// `count` units in nanoseconds, exactly.
    pub fn to_nanos(self, count: i64) -> i128 {
        i128::from(count) * i128::from(self.nanos())
    }
}

/// A time of day or timestamp that can be counted in any [`Unit`]: the
/// types the [`Millis`], [`Micros`] and [`Nanos`] adapters accept.
///
/// avrox implements it for `i64` (a count that is already in the chosen
/// unit) and, behind their features, for `chrono::NaiveTime`,
/// `chrono::DateTime<Utc>`, `chrono::NaiveDateTime`, `time::Time`,
/// `time::OffsetDateTime`, `time::UtcDateTime` and
/// `time::PrimitiveDateTime`. Dates are not `Temporal`: Avro counts them in
/// days, whatever the unit.
///
/// Implementing it for a type of your own:
///
/// ```
/// use avrox::logical::{Micros, Nanos, Temporal, TemporalKind, Unit};
/// use avrox::schema::SchemaBuilder;
///
/// /// Whole seconds after midnight.
/// #[derive(Debug, PartialEq)]
/// struct SecondOfDay(u32);
///
/// impl Temporal for SecondOfDay {
///     const KIND: TemporalKind = TemporalKind::TimeOfDay;
///     const NAME: &'static str = "SecondOfDay";
///
///     fn to_count(&self, unit: Unit) -> i128 {
///         unit.count(i64::from(self.0), 0)
///     }
///
///     fn from_count(count: i64, unit: Unit) -> Option<SecondOfDay> {
///         let (secs, _) = unit.split(count); // whole seconds: drop the rest
///         u32::try_from(secs).ok().map(SecondOfDay)
///     }
/// }
///
/// let mut b = SchemaBuilder::new();
/// let root = Micros::<SecondOfDay>::add_schema(&mut b);
/// assert_eq!(
///     b.build(root)?.to_string(),
///     r#"{"type":"long","logicalType":"time-micros"}"#
/// );
///
/// // Avro has no time-nanos: the schema does not build.
/// let mut b = SchemaBuilder::new();
/// let root = Nanos::<SecondOfDay>::add_schema(&mut b);
/// let err = b.build(root).unwrap_err();
/// assert!(err.to_string().contains("Avro has no time-nanos"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot take `#[avro(unit = ..)]`",
    label = "not a time of day or timestamp (`avrox::logical::Temporal`)",
    note = "a unit applies to times of day, timestamps and `i64` counts; dates (`chrono::NaiveDate`, `time::Date`) are stored as days and take no unit"
)]
pub trait Temporal: Sized {
    /// Which family of logical types the type belongs to.
    const KIND: TemporalKind;

    /// The type's name in error messages.
    const NAME: &'static str;

    /// The value as a count of `unit` since midnight (a time of day) or
    /// since 1970-01-01T00:00:00 (a timestamp), rounded toward negative
    /// infinity. The count is exact: the adapter checks that it fits the
    /// Avro type.
    fn to_count(&self, unit: Unit) -> i128;

    /// The value that `count` of `unit` stands for, or `None` if the type
    /// cannot hold it. The adapter turns `None` into an
    /// [`ErrorKind::OutOfRange`] error. (For a time of day, the adapter has
    /// already checked that `count` is within a day.)
    fn from_count(count: i64, unit: Unit) -> Option<Self>;
}

/// A count already in the adapter's unit, taken as it is: with
/// `#[avro(unit = millis)]`, an `i64` field is a `timestamp-millis`.
impl Temporal for i64 {
    const KIND: TemporalKind = TemporalKind::Timestamp;
    const NAME: &'static str = "i64";

    #[inline]
    fn to_count(&self, _: Unit) -> i128 {
        i128::from(*self)
    }

    #[inline]
    fn from_count(count: i64, _: Unit) -> Option<i64> {
        Some(count)
    }
}

field_trait! {
    /// A field type the [`Millis`], [`Micros`] and [`Nanos`] adapters
    /// accept: a [`Temporal`] type `T`, or `Option<T>` for
    /// `["null", logical type]`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot take `#[avro(unit = ..)]`",
        label = "not a time of day or timestamp, nor an `Option` of one",
        note = "a unit applies to times of day, timestamps and `i64` counts (types implementing `avrox::logical::Temporal`) and to `Option`s of them; dates are stored as days and take no unit"
    )]
    TemporalField: Temporal
}

/// The Avro form of a family in a unit: whether it is an `int`, and its
/// logical type; `None` where Avro has none (a time of day in nanoseconds).
fn form(kind: TemporalKind, unit: Unit) -> Option<(bool, LogicalType)> {
    use LogicalType as L;
    Some(match (kind, unit) {
        (TemporalKind::TimeOfDay, Unit::Millis) => (true, L::TimeMillis),
        (TemporalKind::TimeOfDay, Unit::Micros) => (false, L::TimeMicros),
        (TemporalKind::TimeOfDay, Unit::Nanos) => return None,
        (TemporalKind::Timestamp, Unit::Millis) => (false, L::TimestampMillis),
        (TemporalKind::Timestamp, Unit::Micros) => (false, L::TimestampMicros),
        (TemporalKind::Timestamp, Unit::Nanos) => (false, L::TimestampNanos),
        (TemporalKind::LocalTimestamp, Unit::Millis) => (false, L::LocalTimestampMillis),
        (TemporalKind::LocalTimestamp, Unit::Micros) => (false, L::LocalTimestampMicros),
        (TemporalKind::LocalTimestamp, Unit::Nanos) => (false, L::LocalTimestampNanos),
    })
}

/// The message of a unit the type's family does not have.
fn no_form<T: Temporal>(unit: Unit) -> String {
    format!(
        "`{}` is a time of day, and Avro has no time-{}: use `#[avro(unit = millis)]` (time-millis) or `#[avro(unit = micros)]` (time-micros)",
        T::NAME,
        unit.name()
    )
}

/// The form of `T` in `unit`, or the error that it has none.
#[inline]
fn form_of<T: Temporal>(unit: Unit) -> Result<(bool, LogicalType)> {
    form(T::KIND, unit).ok_or_else(|| Error::invalid(no_form::<T>(unit)))
}

/// The counts of a time of day: less than a day.
fn day(unit: Unit) -> i128 {
    86_400 * i128::from(unit.per_second())
}

/// The count to write for `v`, checked against the Avro type.
#[inline]
fn count_to_write<T: Temporal>(v: &T, unit: Unit, logical: LogicalType, int: bool) -> Result<i64> {
    let count = v.to_count(unit);
    let out_of_range = || {
        Error::new(ErrorKind::OutOfRange {
            value: count,
            target: logical.name(),
        })
    };
    if T::KIND == TemporalKind::TimeOfDay && !(0..day(unit)).contains(&count) {
        return Err(out_of_range());
    }
    let max = if int {
        i128::from(i32::MAX)
    } else {
        i128::from(i64::MAX)
    };
    if count > max || count < -max - 1 {
        return Err(out_of_range());
    }
    Ok(count as i64)
}

/// The value `count` stands for, checked against the Rust type.
#[inline]
fn value_of_count<T: Temporal>(count: i64, unit: Unit) -> Result<T> {
    let in_day = T::KIND != TemporalKind::TimeOfDay || (0..day(unit)).contains(&i128::from(count));
    in_day
        .then(|| T::from_count(count, unit))
        .flatten()
        .ok_or_else(|| {
            Error::new(ErrorKind::OutOfRange {
                value: i128::from(count),
                target: T::NAME,
            })
        })
}

/// The `Value` variant of a logical type.
fn logical_value(logical: LogicalType, count: i64) -> Value {
    match logical {
        LogicalType::TimeMillis => {
            Value::TimeMillis(i32::try_from(count).unwrap_or(if count < 0 {
                i32::MIN
            } else {
                i32::MAX
            }))
        }
        LogicalType::TimeMicros => Value::TimeMicros(count),
        LogicalType::TimestampMillis => Value::TimestampMillis(count),
        LogicalType::TimestampMicros => Value::TimestampMicros(count),
        LogicalType::TimestampNanos => Value::TimestampNanos(count),
        LogicalType::LocalTimestampMillis => Value::LocalTimestampMillis(count),
        LogicalType::LocalTimestampMicros => Value::LocalTimestampMicros(count),
        LogicalType::LocalTimestampNanos => Value::LocalTimestampNanos(count),
        _ => Value::Long(count),
    }
}

/// The count a value holds for `logical`: its own variant, or the
/// underlying `int` or `long`.
fn count_of_value(logical: LogicalType, int: bool, value: &Value) -> Option<i64> {
    let count = match (logical, value) {
        (LogicalType::TimeMillis, Value::TimeMillis(v)) => i64::from(*v),
        (LogicalType::TimeMicros, Value::TimeMicros(v))
        | (LogicalType::TimestampMillis, Value::TimestampMillis(v))
        | (LogicalType::TimestampMicros, Value::TimestampMicros(v))
        | (LogicalType::TimestampNanos, Value::TimestampNanos(v))
        | (LogicalType::LocalTimestampMillis, Value::LocalTimestampMillis(v))
        | (LogicalType::LocalTimestampMicros, Value::LocalTimestampMicros(v))
        | (LogicalType::LocalTimestampNanos, Value::LocalTimestampNanos(v)) => *v,
        (_, Value::Int(v)) => i64::from(*v),
        (_, Value::Long(v)) if !int => *v,
        _ => return None,
    };
    Some(count)
}

fn add_schema<F: TemporalField>(b: &mut SchemaBuilder, unit: Unit) -> NodeId {
    F::add_schema_with(b, |b| match form(F::Inner::KIND, unit) {
        Some((int, logical)) => {
            let ty = if int { Type::Int } else { Type::Long };
            b.add(Node::new(ty).with_logical_type(logical))
        }
        None => {
            b.error(no_form::<F::Inner>(unit));
            b.add(Node::new(Type::Long))
        }
    })
}

#[inline]
fn encode<F: TemporalField>(value: &F, unit: Unit, out: &mut Vec<u8>) -> Result<()> {
    value.encode_with(out, |v, out| {
        let (int, logical) = form_of::<F::Inner>(unit)?;
        let count = count_to_write(v, unit, logical, int)?;
        if int {
            binary::write_int(out, count as i32);
        } else {
            binary::write_long(out, count);
        }
        Ok(())
    })
}

#[inline]
fn decode<'de, F: TemporalField>(r: &mut SliceReader<'de>, unit: Unit) -> Result<F> {
    F::decode_with(r, |r| {
        let start = r.position();
        let (int, _) = form_of::<F::Inner>(unit).map_err(|e| e.at(start))?;
        let count = if int {
            i64::from(r.read_int()?)
        } else {
            r.read_long()?
        };
        value_of_count(count, unit).map_err(|e| e.at(start))
    })
}

fn to_value<F: TemporalField>(value: &F, unit: Unit) -> Value {
    value.to_value_with(|v| {
        let count = v.to_count(unit);
        let count = i64::try_from(count).unwrap_or(if count < 0 { i64::MIN } else { i64::MAX });
        match form(F::Inner::KIND, unit) {
            Some((_, logical)) => logical_value(logical, count),
            None => Value::Long(count),
        }
    })
}

fn from_value<F: TemporalField>(value: Value, unit: Unit) -> Result<F> {
    F::from_value_with(value, |v| {
        let (int, logical) = form_of::<F::Inner>(unit)?;
        let count = count_of_value(logical, int, &v)
            .ok_or_else(|| Error::mismatch(logical.name(), v.kind_name()))?;
        value_of_count(count, unit)
    })
}

macro_rules! unit_adapter {
    ($(#[$meta:meta])* $name:ident, $unit:expr) => {
        $(#[$meta])*
        ///
        /// The type is a marker, never constructed: `#[derive(Avro)]` calls
        /// its functions in place of the field type's own trait impls. Its
        /// parameter is the field's type: a [`Temporal`] type or an
        /// `Option` of one ([`TemporalField`]).
        ///
        /// Writing rounds a finer value toward negative infinity; a count
        /// that does not fit the Avro type is an
        /// [`ErrorKind::OutOfRange`] error. Reading a count the Rust type
        /// cannot hold is an [`ErrorKind::OutOfRange`] error at its byte
        /// offset.
        pub struct $name<T>(PhantomData<fn() -> T>);

        impl<T> fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($name))
            }
        }

        impl<F> $name<F> {
            /// Adds the field's schema. For a time of day in a unit Avro
            /// does not have, records an error on the builder instead, so
            /// that building the schema fails with it.
            pub fn add_schema(builder: &mut SchemaBuilder) -> NodeId
            where
                F: TemporalField,
            {
                add_schema::<F>(builder, $unit)
            }

            /// Appends the binary encoding of `value`.
            #[inline]
            pub fn encode(value: &F, out: &mut Vec<u8>) -> Result<()>
            where
                F: TemporalField,
            {
                encode(value, $unit, out)
            }

            /// Reads one value.
            #[inline]
            pub fn decode<'de>(reader: &mut SliceReader<'de>) -> Result<F>
            where
                F: TemporalField,
            {
                decode(reader, $unit)
            }

            /// The value as decoding gives it: `Value::TimestampMillis(..)`
            /// and so on, in a `Value::Union` for an `Option`. A count
            /// that does not fit the `long` saturates here; encoding
            /// reports it.
            pub fn to_value(value: &F) -> Value
            where
                F: TemporalField,
            {
                to_value(value, $unit)
            }

            /// The field from a value of the logical type, or of its
            /// underlying `int` or `long`.
            pub fn from_value(value: Value) -> Result<F>
            where
                F: TemporalField,
            {
                from_value(value, $unit)
            }
        }
    };
}

unit_adapter! {
    /// `#[avro(unit = millis)]`: `time-millis` (an `int`),
    /// `timestamp-millis` or `local-timestamp-millis`, by the type's
    /// [`TemporalKind`].
    ///
    /// ```
    /// use avrox::logical::Millis;
    /// use avrox::schema::SchemaBuilder;
    /// use avrox::Value;
    ///
    /// let mut b = SchemaBuilder::new();
    /// let root = Millis::<i64>::add_schema(&mut b);
    /// let schema = b.build(root)?;
    /// assert_eq!(schema.to_string(), r#"{"type":"long","logicalType":"timestamp-millis"}"#);
    ///
    /// let mut out = Vec::new();
    /// Millis::<i64>::encode(&-1, &mut out)?;
    /// assert_eq!(out, [0x01]);
    /// assert_eq!(Millis::<i64>::to_value(&-1), Value::TimestampMillis(-1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Millis, Unit::Millis
}

unit_adapter! {
    /// `#[avro(unit = micros)]`: `time-micros`, `timestamp-micros` or
    /// `local-timestamp-micros`, by the type's [`TemporalKind`]. This is
    /// what the time types avrox knows use without an attribute.
    ///
    /// ```
    /// use avrox::binary::SliceReader;
    /// use avrox::logical::Micros;
    /// use avrox::schema::SchemaBuilder;
    ///
    /// let mut b = SchemaBuilder::new();
    /// let root = Micros::<Option<i64>>::add_schema(&mut b);
    /// assert_eq!(
    ///     b.build(root)?.to_string(),
    ///     r#"["null",{"type":"long","logicalType":"timestamp-micros"}]"#
    /// );
    /// let mut out = Vec::new();
    /// Micros::<Option<i64>>::encode(&None, &mut out)?;
    /// assert_eq!(out, [0x00]);
    /// assert_eq!(Micros::<Option<i64>>::decode(&mut SliceReader::new(&out))?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Micros, Unit::Micros
}

unit_adapter! {
    /// `#[avro(unit = nanos)]`: `timestamp-nanos` or
    /// `local-timestamp-nanos`. Avro has no `time-nanos`: for a time of
    /// day, [`add_schema`](Self::add_schema) records an error on the
    /// builder (so the schema does not build), and encoding or decoding
    /// fails with the same message.
    ///
    /// ```
    /// use avrox::logical::Nanos;
    /// use avrox::schema::SchemaBuilder;
    ///
    /// let mut b = SchemaBuilder::new();
    /// let root = Nanos::<i64>::add_schema(&mut b);
    /// assert_eq!(
    ///     b.build(root)?.to_string(),
    ///     r#"{"type":"long","logicalType":"timestamp-nanos"}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Nanos, Unit::Nanos
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logical::testing::adapter;

    /// A time of day in whole milliseconds, to test the family without a
    /// feature.
    #[derive(Debug, PartialEq)]
    struct MilliOfDay(i64);

    impl Temporal for MilliOfDay {
        const KIND: TemporalKind = TemporalKind::TimeOfDay;
        const NAME: &'static str = "MilliOfDay";

        fn to_count(&self, unit: Unit) -> i128 {
            Unit::Millis
                .to_nanos(self.0)
                .div_euclid(i128::from(unit.nanos()))
        }

        fn from_count(count: i64, unit: Unit) -> Option<MilliOfDay> {
            let nanos = unit.to_nanos(count);
            Some(MilliOfDay(i64::try_from(nanos / 1_000_000).ok()?))
        }
    }

    /// A local timestamp in whole nanoseconds, without a feature.
    #[derive(Debug, PartialEq)]
    struct LocalNanos(i128);

    impl Temporal for LocalNanos {
        const KIND: TemporalKind = TemporalKind::LocalTimestamp;
        const NAME: &'static str = "LocalNanos";

        fn to_count(&self, unit: Unit) -> i128 {
            unit.count_from_nanos(self.0)
        }

        fn from_count(count: i64, unit: Unit) -> Option<LocalNanos> {
            Some(LocalNanos(unit.to_nanos(count)))
        }
    }

    #[test]
    fn units() {
        assert_eq!(Unit::Millis.nanos(), 1_000_000);
        assert_eq!(Unit::Nanos.nanos(), 1);
        assert_eq!(Unit::Micros.split(-1), (-1, 999_999_000));
        assert_eq!(Unit::Nanos.split(i64::MIN).0, -9_223_372_037);
        assert_eq!(Unit::Millis.count(-1, 0), -1000);
        assert_eq!(Unit::Millis.count(0, 1_500_000_000), 1500);
        assert_eq!(Unit::Millis.count_from_nanos(-1), -1);
        assert_eq!(Unit::Nanos.to_nanos(5), 5);
    }

    #[test]
    fn i64_schemas() {
        for (schema, json) in [
            (
                adapter!(Millis<i64>).schema(),
                r#"{"type":"long","logicalType":"timestamp-millis"}"#,
            ),
            (
                adapter!(Micros<i64>).schema(),
                r#"{"type":"long","logicalType":"timestamp-micros"}"#,
            ),
            (
                adapter!(Nanos<i64>).schema(),
                r#"{"type":"long","logicalType":"timestamp-nanos"}"#,
            ),
            (
                adapter!(Millis<Option<i64>>).schema(),
                r#"["null",{"type":"long","logicalType":"timestamp-millis"}]"#,
            ),
        ] {
            assert_eq!(schema.to_string(), json);
        }
    }

    #[test]
    fn i64_round_trips() {
        for x in [0, -1, 1, 1_700_000_000_000, i64::MIN, i64::MAX] {
            adapter!(Millis<i64>).check(&x);
            adapter!(Micros<i64>).check(&x);
            adapter!(Nanos<i64>).check(&x);
            adapter!(Nanos<Option<i64>>).check(&Some(x));
        }
        assert_eq!(adapter!(Nanos<Option<i64>>).check(&None), [0]);
        assert_eq!(adapter!(Millis<Option<i64>>).check(&Some(-1)), [2, 1]);
        assert_eq!(
            Micros::<i64>::to_value(&5),
            Value::TimestampMicros(5),
            "the variant decoding gives"
        );
    }

    #[test]
    fn from_value_accepts_the_variant_and_the_primitive() {
        assert_eq!(Millis::<i64>::from_value(Value::Long(7)).unwrap(), 7);
        assert_eq!(Millis::<i64>::from_value(Value::Int(7)).unwrap(), 7);
        assert_eq!(
            Millis::<i64>::from_value(Value::TimestampMillis(7)).unwrap(),
            7
        );
        assert_eq!(
            Millis::<i64>::from_value(Value::Union(1, Box::new(Value::TimestampMillis(7))))
                .unwrap(),
            7
        );
        let err = Millis::<i64>::from_value(Value::TimestampMicros(7)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected timestamp-millis, found timestamp-micros"
        );
        assert!(Millis::<i64>::from_value(Value::Null).is_err());
        assert_eq!(
            Millis::<Option<i64>>::from_value(Value::Null).unwrap(),
            None
        );
        assert_eq!(
            Millis::<Option<i64>>::from_value(Value::Union(0, Box::new(Value::Null))).unwrap(),
            None
        );
        assert_eq!(
            Millis::<Option<i64>>::from_value(Value::TimestampMillis(3)).unwrap(),
            Some(3)
        );
    }

    #[test]
    fn time_of_day() {
        let millis = adapter!(Millis<MilliOfDay>);
        assert_eq!(
            millis.schema().to_string(),
            r#"{"type":"int","logicalType":"time-millis"}"#
        );
        assert_eq!(millis.check(&MilliOfDay(0)), [0]);
        millis.check(&MilliOfDay(86_399_999));
        let micros = adapter!(Micros<Option<MilliOfDay>>);
        assert_eq!(
            micros.schema().to_string(),
            r#"["null",{"type":"long","logicalType":"time-micros"}]"#
        );
        micros.check(&Some(MilliOfDay(43_200_000)));
        micros.check(&None);
        assert_eq!(
            Millis::<MilliOfDay>::to_value(&MilliOfDay(5)),
            Value::TimeMillis(5)
        );
        assert_eq!(
            Micros::<MilliOfDay>::to_value(&MilliOfDay(5)),
            Value::TimeMicros(5000)
        );
    }

    #[test]
    fn times_outside_a_day() {
        // Writing: negative, and a whole day or more.
        for x in [-1, 86_400_000] {
            let err = millis_bytes(x).unwrap_err();
            assert_eq!(
                err.kind(),
                &ErrorKind::OutOfRange {
                    value: i128::from(x),
                    target: "time-millis"
                }
            );
        }
        // Reading: a negative time, and one past the day, at its offset.
        let a = adapter!(Millis<MilliOfDay>);
        let err = a.decode_all(&[0x01]).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::OutOfRange {
                value: -1,
                target: "MilliOfDay"
            }
        );
        assert_eq!(err.offset(), Some(0));
        let mut bytes = vec![2];
        binary::write_long(&mut bytes, 86_400_000_000);
        let err = adapter!(Micros<Option<MilliOfDay>>)
            .decode_all(&bytes)
            .unwrap_err();
        assert_eq!(err.offset(), Some(1));
        assert!(matches!(err.kind(), ErrorKind::OutOfRange { .. }));
        assert!(Millis::<MilliOfDay>::from_value(Value::TimeMillis(-5)).is_err());
    }

    fn millis_bytes(x: i64) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        Millis::<MilliOfDay>::encode(&MilliOfDay(x), &mut out)?;
        Ok(out)
    }

    #[test]
    fn time_nanos_is_a_schema_error() {
        let message = "`MilliOfDay` is a time of day, and Avro has no time-nanos: use `#[avro(unit = millis)]` (time-millis) or `#[avro(unit = micros)]` (time-micros)";
        for result in [
            adapter!(Nanos<MilliOfDay>).try_schema(),
            adapter!(Nanos<Option<MilliOfDay>>).try_schema(),
        ] {
            assert!(result.unwrap_err().contains(message));
        }
        let a = adapter!(Nanos<MilliOfDay>);
        assert_eq!(a.bytes(&MilliOfDay(1)).unwrap_err().to_string(), message);
        assert_eq!(
            a.decode_all(&[0]).unwrap_err().to_string(),
            format!("at byte 0: {message}")
        );
        assert_eq!(
            (a.from_value)(Value::Long(0)).unwrap_err().to_string(),
            message
        );
    }

    #[test]
    fn local_timestamps_floor() {
        let a = adapter!(Millis<LocalNanos>);
        assert_eq!(
            a.schema().to_string(),
            r#"{"type":"long","logicalType":"local-timestamp-millis"}"#
        );
        // -0.5 ms is written as -1 ms, +1.5 ms as 1 ms.
        assert_eq!(a.bytes(&LocalNanos(-500_000)).unwrap(), [0x01]);
        assert_eq!(a.bytes(&LocalNanos(1_500_000)).unwrap(), [0x02]);
        assert_eq!(
            Millis::<LocalNanos>::to_value(&LocalNanos(-1)),
            Value::LocalTimestampMillis(-1)
        );
        a.check(&LocalNanos(-1_000_000));
        adapter!(Nanos<LocalNanos>).check(&LocalNanos(-1));
        adapter!(Micros<Option<LocalNanos>>).check(&Some(LocalNanos(-3_000)));
        // Too many nanoseconds for a long: an error when writing, a
        // saturated count as a value.
        let big = LocalNanos(i128::from(i64::MAX) + 1);
        let err = adapter!(Nanos<LocalNanos>).bytes(&big).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::OutOfRange {
                value: i128::from(i64::MAX) + 1,
                target: "local-timestamp-nanos"
            }
        );
        assert_eq!(
            Nanos::<LocalNanos>::to_value(&big),
            Value::LocalTimestampNanos(i64::MAX)
        );
    }
}
