//! Logical types chosen per field: the adapters that `#[derive(Avro)]`
//! calls for `#[avro(unit = ..)]`, `#[avro(uuid = fixed)]` and
//! `#[avro(decimal(..))]`, and the traits a Rust type implements to be used
//! with them.
//!
//! A field's type has a default Avro schema ([`AvroSchema`](crate::AvroSchema));
//! an attribute picks another logical type for the same Rust type. Each
//! attribute names an adapter: a zero-sized marker type, never constructed,
//! whose associated functions (`add_schema`, `encode`, `decode`, `to_value`,
//! `from_value`) stand in for the field type's own trait impls:
//!
//! | attribute | adapter | schema |
//! |---|---|---|
//! | `unit = millis` | [`Millis<T>`] | `time-millis`, `timestamp-millis` or `local-timestamp-millis`, by the type |
//! | `unit = micros` | [`Micros<T>`] | `time-micros`, `timestamp-micros` or `local-timestamp-micros` |
//! | `unit = nanos` | [`Nanos<T>`] | `timestamp-nanos` or `local-timestamp-nanos` |
//! | `uuid = fixed` | [`FixedUuid<T>`] | `uuid` on a `fixed` of 16 bytes named `uuid_fixed` |
//! | `decimal(precision = P, scale = S)` | [`DecimalBytes<T, P, S>`] | `decimal` on `bytes` |
//! | `decimal(precision = P, scale = S, size = N)` | [`DecimalFixed<T, P, S, N>`] | `decimal` on a `fixed` of N bytes named `decimal_N_P_S` |
//!
//! Every adapter takes the plain type and its `Option`, whose schema is
//! `["null", ..]` (null first, so the field can default to null). A Rust
//! type takes an attribute by implementing the family's trait:
//! [`Temporal`], [`UuidValue`] or [`DecimalValue`].
//!
//! ```
//! use avrox::binary::SliceReader;
//! use avrox::logical::Millis;
//! use avrox::schema::SchemaBuilder;
//!
//! // `#[avro(unit = millis)] created: Option<i64>`
//! let mut b = SchemaBuilder::new();
//! let root = Millis::<Option<i64>>::add_schema(&mut b);
//! let schema = b.build(root)?;
//! assert_eq!(
//!     schema.to_string(),
//!     r#"["null",{"type":"long","logicalType":"timestamp-millis"}]"#
//! );
//!
//! let mut out = Vec::new();
//! Millis::<Option<i64>>::encode(&Some(1_700_000_000_000), &mut out)?;
//! let back = Millis::<Option<i64>>::decode(&mut SliceReader::new(&out))?;
//! assert_eq!(back, Some(1_700_000_000_000));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Times and timestamps
//!
//! A type that implements [`Temporal`] says which family it belongs to
//! ([`TemporalKind`]: a time of day, an instant, or a wall-clock time in no
//! zone); the unit picks the logical type of that family. The types:
//!
//! | Rust | family | without an attribute (feature) |
//! |---|---|---|
//! | `i64` (the count in the chosen unit) | timestamp | `long` |
//! | `chrono::NaiveTime`, `time::Time` | time of day | `time-micros` (`chrono`, `time`) |
//! | `chrono::DateTime<Utc>`, `time::OffsetDateTime`, `time::UtcDateTime` | timestamp | `timestamp-micros` |
//! | `chrono::NaiveDateTime`, `time::PrimitiveDateTime` | local timestamp | `local-timestamp-micros` |
//! | `chrono::NaiveDate`, `time::Date` | (no unit) | `date` |
//!
//! Dates take no unit: Avro stores them as days, so `unit = ..` on a date
//! does not compile (the type does not implement [`Temporal`]). Avro has no
//! `time-nanos`, so `unit = nanos` on a time of day compiles but its schema
//! does not build: [`Nanos::add_schema`] records the error on the
//! [`SchemaBuilder`](crate::schema::SchemaBuilder), naming the type and the
//! rule, and building the schema fails with that message (encoding and
//! decoding such a field fail with it too).
//!
//! **Writing truncates toward negative infinity.** A value finer than the
//! unit is floored, as Java's `Instant.toEpochMilli` does:
//! 1969-12-31T23:59:59.9995Z is −1 millisecond, not 0. A value whose count
//! does not fit the `long` (a `chrono` timestamp after 2262 in nanoseconds)
//! is an [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) error.
//!
//! **Reading checks the range.** A count the Rust type cannot hold (a
//! `timestamp-micros` of `i64::MAX` into a `chrono::DateTime`, a
//! `time-millis` outside 0..86 400 000) is an
//! [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) error at the
//! value's byte offset, never a panic or a wrapped value.
//!
//! # Other logical types, by feature
//!
//! With the `uuid` feature, `uuid::Uuid` is a `uuid` on `string` (lowercase
//! hyphenated; decoding anything else is an error at the string's offset).
//! With `rust_decimal`, `rust_decimal::Decimal` is a `big-decimal` (its
//! scale travels with each value); a derived field of it must say so with
//! `#[avro(big_decimal)]` or choose a `decimal`, since
//! Python `avro` and fastavro read a `big-decimal` as raw bytes. With `bytes`, `bytes::Bytes` is `bytes`;
//! decoding copies, since a [`SliceReader`](crate::binary::SliceReader)
//! lends `&[u8]` only: borrow with a `&[u8]` field instead.
//!
//! ```
//! # #[cfg(all(feature = "chrono", feature = "uuid", feature = "rust_decimal"))] {
//! use avrox::AvroSchema;
//! use avrox::logical::{DecimalFixed, Millis};
//! use avrox::schema::SchemaBuilder;
//! use chrono::{DateTime, Utc};
//!
//! // Without an attribute.
//! assert_eq!(
//!     <DateTime<Utc> as AvroSchema>::schema().to_string(),
//!     r#"{"type":"long","logicalType":"timestamp-micros"}"#
//! );
//! assert_eq!(
//!     <Option<uuid::Uuid> as AvroSchema>::schema().to_string(),
//!     r#"["null",{"type":"string","logicalType":"uuid"}]"#
//! );
//! assert_eq!(
//!     <rust_decimal::Decimal as AvroSchema>::schema().to_string(),
//!     r#"{"type":"bytes","logicalType":"big-decimal"}"#
//! );
//!
//! // `#[avro(unit = millis)]`: floored, so just before 1970 is -1.
//! let t = DateTime::<Utc>::from_timestamp(-1, 999_999_999).unwrap();
//! let mut out = Vec::new();
//! Millis::<DateTime<Utc>>::encode(&t, &mut out)?;
//! assert_eq!(out, [0x01]);
//!
//! // `#[avro(decimal(precision = 9, scale = 2, size = 4))]`: 1.5 is written
//! // as 1.50; 1.505 would lose a digit.
//! type Price = DecimalFixed<rust_decimal::Decimal, 9, 2, 4>;
//! let mut b = SchemaBuilder::new();
//! let root = Price::add_schema(&mut b);
//! assert_eq!(
//!     b.build(root)?.to_string(),
//!     r#"{"type":"fixed","name":"decimal_4_9_2","namespace":"avrox","size":4,"logicalType":"decimal","precision":9,"scale":2}"#
//! );
//! let mut out = Vec::new();
//! Price::encode(&"1.5".parse()?, &mut out)?;
//! assert_eq!(out, [0, 0, 0, 150]);
//! assert!(Price::encode(&"1.505".parse()?, &mut Vec::new()).is_err());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod dates;
mod decimal;
// The codecs of other crates' types (chrono, time, uuid, rust_decimal,
// bytes), behind their features: built on the adapters here.
pub(crate) mod decimal_choice;
mod ext;
mod temporal;
mod uuid;

#[cfg(feature = "rust_decimal")]
pub(crate) use decimal::describe as describe_decimal;
pub use decimal::{DecimalBytes, DecimalField, DecimalFixed, DecimalValue};
// What `#[avro(big_decimal)]` checks a field's type against: named in its
// compile errors at this path, hidden from the docs (nothing to implement).
#[doc(hidden)]
pub use decimal_choice::BigDecimalField;
pub use temporal::{Micros, Millis, Nanos, Temporal, TemporalField, TemporalKind, Unit};
pub use uuid::{FixedUuid, UuidField, UuidValue};

/// Declares the trait an adapter family takes its field type by,
/// implemented for `T` and `Option<T>` where `T` implements `$bound`, with
/// the null handling every adapter shares as provided methods.
macro_rules! field_trait {
    ($(#[$meta:meta])* $name:ident: $bound:ident) => {
        $(#[$meta])*
        ///
        /// Hidden from the docs: the adapters' bound, implemented for every
        /// `T` of the family's trait and its `Option`; nothing to implement.
        #[doc(hidden)]
        pub trait $name: Sized {
            /// The type the adapter converts: `T` for `T` and for `Option<T>`.
            type Inner: $bound;

            /// Whether the field is an `Option`, whose schema is
            /// `["null", ..]`.
            const NULLABLE: bool;

            /// The value, or `None` for a null.
            fn get(&self) -> Option<&Self::Inner>;

            /// The field holding a value.
            fn from_inner(inner: Self::Inner) -> Self;

            /// The field holding null, or `None` for a type that has no null.
            fn null() -> Option<Self>;

            /// The field's schema around the node `inner` adds.
            #[doc(hidden)]
            fn add_schema_with(
                b: &mut $crate::schema::SchemaBuilder,
                inner: impl FnOnce(&mut $crate::schema::SchemaBuilder) -> $crate::schema::NodeId,
            ) -> $crate::schema::NodeId {
                if Self::NULLABLE {
                    let null = b.add($crate::schema::Node::new($crate::schema::Type::Null));
                    let some = inner(b);
                    b.union(vec![null, some])
                } else {
                    inner(b)
                }
            }

            /// Encodes the field; `inner` encodes a value.
            #[doc(hidden)]
            #[inline]
            fn encode_with(
                &self,
                out: &mut Vec<u8>,
                inner: impl FnOnce(&Self::Inner, &mut Vec<u8>) -> $crate::Result<()>,
            ) -> $crate::Result<()> {
                match self.get() {
                    None => {
                        out.push(0);
                        Ok(())
                    }
                    Some(v) => {
                        if Self::NULLABLE {
                            out.push(2); // the zig-zag varint of branch 1
                        }
                        inner(v, out)
                    }
                }
            }

            /// Decodes the field; `inner` decodes a value.
            #[doc(hidden)]
            #[inline]
            fn decode_with<'de>(
                r: &mut $crate::binary::SliceReader<'de>,
                inner: impl FnOnce(&mut $crate::binary::SliceReader<'de>) -> $crate::Result<Self::Inner>,
            ) -> $crate::Result<Self> {
                if Self::NULLABLE && r.read_union_index(2)? == 0 {
                    return Ok(Self::null().expect("a nullable field has a null"));
                }
                inner(r).map(Self::from_inner)
            }

            /// The field's value; `inner` gives a value's.
            #[doc(hidden)]
            fn to_value_with(
                &self,
                inner: impl FnOnce(&Self::Inner) -> $crate::Value,
            ) -> $crate::Value {
                use $crate::Value;
                match (self.get(), Self::NULLABLE) {
                    (None, _) => Value::Union(0, Box::new(Value::Null)),
                    (Some(v), true) => Value::Union(1, Box::new(inner(v))),
                    (Some(v), false) => inner(v),
                }
            }

            /// The field from a value; `inner` converts a non-null value.
            #[doc(hidden)]
            fn from_value_with(
                value: $crate::Value,
                inner: impl FnOnce($crate::Value) -> $crate::Result<Self::Inner>,
            ) -> $crate::Result<Self> {
                use $crate::Value;
                if Self::NULLABLE {
                    let value = match value {
                        Value::Union(_, v) => *v,
                        other => other,
                    };
                    match value {
                        Value::Null => Ok(Self::null().expect("a nullable field has a null")),
                        other => inner($crate::codec::unwrap_union(other)).map(Self::from_inner),
                    }
                } else {
                    inner($crate::codec::unwrap_union(value)).map(Self::from_inner)
                }
            }
        }

        impl<T: $bound> $name for T {
            type Inner = T;
            const NULLABLE: bool = false;

            #[inline]
            fn get(&self) -> Option<&T> {
                Some(self)
            }

            #[inline]
            fn from_inner(inner: T) -> T {
                inner
            }

            fn null() -> Option<T> {
                None
            }
        }

        impl<T: $bound> $name for Option<T> {
            type Inner = T;
            const NULLABLE: bool = true;

            #[inline]
            fn get(&self) -> Option<&T> {
                self.as_ref()
            }

            #[inline]
            fn from_inner(inner: T) -> Option<T> {
                Some(inner)
            }

            fn null() -> Option<Option<T>> {
                Some(None)
            }
        }
    };
}

pub(crate) use field_trait;

/// Checking adapters and plain types against the generic [`Value`] codec.
#[cfg(test)]
pub(crate) mod testing {
    use std::fmt::Debug;

    use crate::binary::SliceReader;
    use crate::schema::{NodeId, Schema, SchemaBuilder};
    use crate::{AvroSchema, DecodeOwned, Encode, FromValue, Result, ToValue, Value};

    /// An adapter's five functions, as the derive calls them.
    pub(crate) struct Adapter<T> {
        pub add_schema: fn(&mut SchemaBuilder) -> NodeId,
        pub encode: fn(&T, &mut Vec<u8>) -> Result<()>,
        pub decode: for<'de> fn(&mut SliceReader<'de>) -> Result<T>,
        pub to_value: fn(&T) -> Value,
        pub from_value: fn(Value) -> Result<T>,
    }

    /// The adapter at a path such as `Millis<i64>`.
    macro_rules! adapter {
        ($p:ty) => {
            $crate::logical::testing::Adapter {
                add_schema: <$p>::add_schema,
                encode: <$p>::encode,
                decode: <$p>::decode,
                to_value: <$p>::to_value,
                from_value: <$p>::from_value,
            }
        };
    }
    pub(crate) use adapter;

    impl<T: PartialEq + Debug> Adapter<T> {
        /// The schema, or the message that building it failed with.
        pub fn try_schema(&self) -> std::result::Result<Schema, String> {
            let mut b = SchemaBuilder::new();
            let root = (self.add_schema)(&mut b);
            b.build(root).map_err(|e| e.to_string())
        }

        /// The schema.
        pub fn schema(&self) -> Schema {
            self.try_schema().unwrap()
        }

        /// The encoding of `x`.
        pub fn bytes(&self, x: &T) -> Result<Vec<u8>> {
            let mut out = Vec::new();
            (self.encode)(x, &mut out)?;
            Ok(out)
        }

        /// Decodes `bytes`, which must hold one value exactly.
        pub fn decode_all(&self, bytes: &[u8]) -> Result<T> {
            let mut r = SliceReader::new(bytes);
            let v = (self.decode)(&mut r)?;
            assert!(r.is_empty(), "bytes left after the value");
            Ok(v)
        }

        /// Round trips through bytes and through `Value`, and checks the
        /// bytes against the generic encoder and the value against the
        /// generic decoder. Returns the bytes.
        pub fn check(&self, x: &T) -> Vec<u8> {
            let schema = self.schema();
            let bytes = self.bytes(x).unwrap();
            assert_eq!(&self.decode_all(&bytes).unwrap(), x, "binary round trip");
            let value = (self.to_value)(x);
            assert_eq!(
                value.to_bytes(&schema).unwrap(),
                bytes,
                "generic encoding of {value:?}"
            );
            assert_eq!(
                Value::decode(&bytes, &schema).unwrap(),
                value,
                "generic decoding"
            );
            assert_eq!(&(self.from_value)(value).unwrap(), x, "value round trip");
            bytes
        }
    }

    /// The same checks for a type's own trait impls. Returns the bytes.
    pub(crate) fn check_plain<T>(x: &T) -> Vec<u8>
    where
        T: AvroSchema + Encode + DecodeOwned + ToValue + FromValue + PartialEq + Debug,
    {
        let schema = T::schema();
        let bytes = crate::to_vec(x).unwrap();
        assert_eq!(
            &crate::from_slice::<T>(&bytes).unwrap(),
            x,
            "binary round trip"
        );
        let value = x.to_value();
        assert_eq!(
            value.to_bytes(schema).unwrap(),
            bytes,
            "generic encoding of {value:?}"
        );
        assert_eq!(
            Value::decode(&bytes, schema).unwrap(),
            value,
            "generic decoding"
        );
        assert_eq!(&T::from_value(value).unwrap(), x, "value round trip");
        bytes
    }
}
