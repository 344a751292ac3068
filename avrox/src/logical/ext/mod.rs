//! The codec traits for types of other crates, each behind the cargo
//! feature of the crate's name:
//!
//! | feature | Rust | Avro |
//! |---|---|---|
//! | `chrono` | `NaiveDate` | `date` |
//! | `chrono` | `NaiveTime` | `time-micros` |
//! | `chrono` | `DateTime<Utc>` | `timestamp-micros` |
//! | `chrono` | `NaiveDateTime` | `local-timestamp-micros` |
//! | `time` | `Date` | `date` |
//! | `time` | `Time` | `time-micros` |
//! | `time` | `OffsetDateTime`, `UtcDateTime` | `timestamp-micros` (decoded in UTC) |
//! | `time` | `PrimitiveDateTime` | `local-timestamp-micros` |
//! | `uuid` | `Uuid` | `uuid` on `string` |
//! | `rust_decimal` | `Decimal` | `big-decimal` on `bytes` (a derived field must choose it with `big_decimal`, or `decimal(..)`) |
//! | `bytes` | `Bytes` | `bytes` (decoding copies) |
//!
//! The time types use the adapters of [`crate::logical`] in microseconds,
//! so they behave exactly as with `#[avro(unit = micros)]`.

/// A calendar date counted in days from 1970-01-01: `date` on `int`.
#[cfg(any(feature = "chrono", feature = "time"))]
trait EpochDays: Sized {
    /// The type's name in error messages.
    const NAME: &'static str;

    /// Days since 1970-01-01 (negative before).
    fn to_days(&self) -> i32;

    /// The date `days` after 1970-01-01, or `None` if the type cannot hold
    /// it.
    fn from_days(days: i32) -> Option<Self>;
}

/// The codec traits of an [`EpochDays`] type: `date` on `int`. Reading a
/// day the type cannot hold is an `OutOfRange` error at its offset.
#[cfg(any(feature = "chrono", feature = "time"))]
macro_rules! date_codec {
    ($t:ty) => {
        impl $crate::AvroSchema for $t {
            fn add_schema(b: &mut $crate::schema::SchemaBuilder) -> $crate::schema::NodeId {
                b.add(
                    $crate::schema::Node::new($crate::schema::Type::Int)
                        .with_logical_type($crate::schema::LogicalType::Date),
                )
            }
        }

        impl $crate::Encode for $t {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> $crate::Result<()> {
                $crate::binary::write_int(out, super::EpochDays::to_days(self));
                Ok(())
            }
        }

        impl $crate::Decode<'_> for $t {
            const MIN_ENCODED_SIZE: usize = 1;

            #[inline]
            fn decode(r: &mut $crate::binary::SliceReader<'_>) -> $crate::Result<$t> {
                let start = r.position();
                let days = r.read_int()?;
                super::date_of_days(days).map_err(|e| e.at(start))
            }
        }

        impl $crate::ToValue for $t {
            fn to_value(&self) -> $crate::Value {
                $crate::Value::Date(super::EpochDays::to_days(self))
            }
        }

        impl $crate::FromValue for $t {
            fn from_value(value: $crate::Value) -> $crate::Result<$t> {
                match $crate::codec::unwrap_union(value) {
                    $crate::Value::Date(days) | $crate::Value::Int(days) => {
                        super::date_of_days(days)
                    }
                    other => Err($crate::Error::mismatch("date", other.kind_name())),
                }
            }
        }
    };
}

/// The date `days` after 1970-01-01, or an `OutOfRange` error.
#[cfg(any(feature = "chrono", feature = "time"))]
fn date_of_days<T: EpochDays>(days: i32) -> crate::Result<T> {
    T::from_days(days).ok_or_else(|| {
        crate::Error::new(crate::ErrorKind::OutOfRange {
            value: i128::from(days),
            target: T::NAME,
        })
    })
}

/// The codec traits of a [`Temporal`](crate::logical::Temporal) type: the
/// [`Micros`](crate::logical::Micros) adapter's, so `time-micros`,
/// `timestamp-micros` or `local-timestamp-micros` by its family.
#[cfg(any(feature = "chrono", feature = "time"))]
macro_rules! micros_codec {
    ($t:ty) => {
        impl $crate::AvroSchema for $t {
            fn add_schema(b: &mut $crate::schema::SchemaBuilder) -> $crate::schema::NodeId {
                $crate::logical::Micros::<$t>::add_schema(b)
            }
        }

        impl $crate::Encode for $t {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> $crate::Result<()> {
                $crate::logical::Micros::<$t>::encode(self, out)
            }
        }

        impl $crate::Decode<'_> for $t {
            const MIN_ENCODED_SIZE: usize = 1;

            #[inline]
            fn decode(r: &mut $crate::binary::SliceReader<'_>) -> $crate::Result<$t> {
                $crate::logical::Micros::<$t>::decode(r)
            }
        }

        impl $crate::ToValue for $t {
            fn to_value(&self) -> $crate::Value {
                $crate::logical::Micros::<$t>::to_value(self)
            }
        }

        impl $crate::FromValue for $t {
            fn from_value(value: $crate::Value) -> $crate::Result<$t> {
                $crate::logical::Micros::<$t>::from_value(value)
            }
        }
    };
}

// After the macros: they are in scope for the modules declared below them.
#[cfg(feature = "bytes")]
mod bytes;
#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "rust_decimal")]
mod rust_decimal;
#[cfg(feature = "time")]
mod time;
#[cfg(feature = "uuid")]
mod uuid;
