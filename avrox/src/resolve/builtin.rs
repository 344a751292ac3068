//! [`Evolve`] for the types avrox gives a schema to: they have one version
//! and no hooks, so the trait's defaults are their whole impl. With these,
//! every type with an avrox schema reads through a [`TypedPlan`](super::TypedPlan),
//! whichever layer (container files, framed messages) asks.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use super::Evolve;
use crate::AvroSchema;
use crate::value::{Decimal, Duration, Uuid};

macro_rules! one_version {
    ($($t:ty),* $(,)?) => {$(impl Evolve for $t {})*};
}

one_version!(
    (),
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    usize,
    f32,
    f64,
    String,
    Box<str>,
    Arc<str>,
    Rc<str>,
    Uuid,
    Decimal,
    Duration,
);

impl<T: AvroSchema> Evolve for Vec<T> {}
impl<T: AvroSchema> Evolve for VecDeque<T> {}
impl<T: AvroSchema> Evolve for Box<[T]> {}
impl<T: AvroSchema, const N: usize> Evolve for [T; N] {}
impl<T: AvroSchema> Evolve for Option<T> {}
impl<T: AvroSchema> Evolve for Box<T> {}
impl<T: AvroSchema> Evolve for Rc<T> {}
impl<T: AvroSchema> Evolve for Arc<T> {}
impl<K, V: AvroSchema, S> Evolve for HashMap<K, V, S> where HashMap<K, V, S>: AvroSchema {}
impl<K, V: AvroSchema> Evolve for BTreeMap<K, V> where BTreeMap<K, V>: AvroSchema {}

#[cfg(feature = "bytes")]
one_version!(bytes::Bytes);
#[cfg(feature = "uuid")]
one_version!(uuid::Uuid);
#[cfg(feature = "rust_decimal")]
one_version!(rust_decimal::Decimal);
#[cfg(feature = "chrono")]
one_version!(
    chrono::NaiveDate,
    chrono::NaiveTime,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDateTime,
);
#[cfg(feature = "time")]
one_version!(
    time::Date,
    time::Time,
    time::OffsetDateTime,
    time::UtcDateTime,
    time::PrimitiveDateTime,
);
