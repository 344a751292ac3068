//! The traits that tie Rust types to Avro: a schema, an encoder, a
//! borrowing decoder, and conversions to and from [`Value`].
//!
//! `#[derive(Avro)]` implements all of them; this module implements them by
//! hand for the standard types:
//!
//! | Rust | Avro |
//! |---|---|
//! | `bool` | `boolean` |
//! | `i8`, `i16`, `i32`, `u8`, `u16` | `int` (decoding checks the range) |
//! | `i64`, `u32` | `long` (decoding checks the range) |
//! | `u64`, `usize` | `long`: encoding a value above `i64::MAX` is an error, never a wrap |
//! | `f32`, `f64` | `float`, `double` |
//! | `()` | `null` |
//! | `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>` | `string` |
//! | `Vec<u8>`, `&[u8]`, `Cow<[u8]>`, `Box<[u8]>`, `VecDeque<u8>` | `bytes` |
//! | `[u8; N]` | `fixed` of N bytes, named `avrox.fixed_N` |
//! | `Vec<T>`, `VecDeque<T>`, `Box<[T]>`, `[T; N]` | `array` |
//! | `HashMap<K, V>`, `BTreeMap<K, V>` with string keys | `map` |
//! | `Option<T>` | `["null", T]` |
//! | `Box<T>`, `Rc<T>`, `Arc<T>` | the schema of `T` |
//! | [`Uuid`](crate::value::Uuid) | `uuid` on `string` |
//! | [`Decimal`](crate::value::Decimal) | `big-decimal` on `bytes` |
//! | [`Duration`](crate::value::Duration) | `duration` on a `fixed` of 12 named `time.Duration` |
//!
//! Behind features, the types of other crates:
//!
//! | feature | Rust | Avro |
//! |---|---|---|
//! | `chrono` | `NaiveDate`, `NaiveTime`, `DateTime<Utc>`, `NaiveDateTime` | `date`, `time-micros`, `timestamp-micros`, `local-timestamp-micros` |
//! | `time` | `Date`, `Time`, `OffsetDateTime` and `UtcDateTime`, `PrimitiveDateTime` | the same, in the same order |
//! | `uuid` | `Uuid` | `uuid` on `string` |
//! | `rust_decimal` | `Decimal` | `big-decimal` on `bytes` |
//! | `bytes` | `Bytes` | `bytes` |
//!
//! Other units, a UUID on `fixed`, and decimals of a fixed precision and
//! scale are chosen per field with the adapters of [`logical`](crate::logical),
//! which the derive's `unit`, `uuid` and `decimal` attributes select.
//!
//! ```
//! use std::collections::HashMap;
//!
//! let labels = HashMap::from([("env".to_string(), vec![1u32, 2])]);
//! let bytes = avrox::to_vec(&labels).unwrap();
//! let back: HashMap<String, Vec<u32>> = avrox::from_slice(&bytes).unwrap();
//! assert_eq!(back, labels);
//! assert_eq!(
//!     <HashMap<String, Vec<u32>> as avrox::AvroSchema>::schema().to_string(),
//!     r#"{"type":"map","values":{"type":"array","items":"long"}}"#
//! );
//! ```

pub(crate) mod cache;
pub(crate) mod collections;
pub(crate) mod functions;
mod pointers;
mod primitives;
mod strings;

pub use collections::{DecodeMapKey, MapKey, OwnedMapKey};

use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::resolve::plan::{Plan, Step, StepId};
use crate::schema::{Node, NodeId, Schema, SchemaBuilder, Type};
use crate::value::Value;

pub(crate) use cache::schema_of;
pub(crate) use functions::{check, constraint_report, encode_checked, named_root};

/// A Rust type with an Avro schema.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no Avro schema",
    label = "this type does not implement `avrox::AvroSchema`",
    note = "derive it with `#[derive(avrox::Avro)]`, or give the field `#[avro(with = module)]` naming a module with a custom codec"
)]
pub trait AvroSchema {
    /// The simple name of the type's schema, which starts the path of a
    /// decoding error (`Order.lines[3]`); `None` for unnamed schemas.
    #[doc(hidden)]
    const ERROR_ROOT: Option<&'static str> = None;

    /// Adds this type's schema to `builder` and returns its node. A named
    /// type defines itself with [`SchemaBuilder::named`], so that it is
    /// defined once and recursion ends.
    fn add_schema(builder: &mut SchemaBuilder) -> NodeId;

    /// The type's schema, built once and kept for the life of the program,
    /// with its canonical form and fingerprint computed once too.
    ///
    /// # Panics
    /// If the type's schema is invalid, which a type can only be by being
    /// built from impls that disagree (two types claiming one Avro name, an
    /// `Option<Option<T>>`, which would be a union inside a union): the
    /// message names the type and the rule.
    fn schema() -> &'static Schema
    where
        Self: Sized,
    {
        schema_of::<Self>()
    }

    /// Whether values of this type may have constraints to check: a derived
    /// type with a constraint or a custom validator, or one that contains
    /// such a type. `false` lets containers skip walking their elements
    /// (a loop the compiler cannot remove by itself). An impl that
    /// overrides [`check_constraints`](Self::check_constraints) must set it.
    #[doc(hidden)]
    const CONSTRAINED: bool = false;

    /// Whether every constraint on this value holds (the fast check: no
    /// report, no allocation). A derived type checks its fields' constraints
    /// and the derived types inside it; containers ask their elements. The
    /// public face is [`Validate`](crate::Validate).
    #[doc(hidden)]
    #[inline]
    fn check_constraints(&self) -> bool {
        true
    }

    /// Records every failure of this value's constraints in `c`, with its
    /// path. Called only after [`check_constraints`](Self::check_constraints)
    /// said no, so it may be slow.
    #[doc(hidden)]
    fn collect_failures(&self, c: &mut crate::validate::collector::Collector) {
        let _ = c;
    }

    /// The schema of a sequence of this type: an array, or `bytes` for `u8`.
    #[doc(hidden)]
    fn add_sequence_schema(builder: &mut SchemaBuilder) -> NodeId
    where
        Self: Sized,
    {
        let items = Self::add_schema(builder);
        builder.add(Node::new(Type::Array(items)))
    }

    /// The schema of `[Self; N]`: an array, or a `fixed` for `u8`.
    #[doc(hidden)]
    fn add_array_schema<const N: usize>(builder: &mut SchemaBuilder) -> NodeId
    where
        Self: Sized,
    {
        Self::add_sequence_schema(builder)
    }

    /// The type's current version, from 1: what `#[avro(version = N)]`
    /// sets. Data written by an older version is read through the type's
    /// history ([`Evolve::history`](crate::resolve::Evolve::history)), and
    /// the `migrate` hook runs for every version but this one.
    ///
    /// A codec written by hand keeps the default, 1, unless its schema has
    /// changed; every other item here has a default too, so it needs no
    /// more than [`add_schema`](Self::add_schema) to be read from
    /// container files and messages.
    ///
    /// ```
    /// use avrox::AvroSchema;
    ///
    /// #[derive(avrox::Avro)]
    /// #[avro(version = 2)]
    /// struct Point {
    ///     x: i64,
    ///     y: i64,
    ///     #[avro(default, since = 2)]
    ///     z: i64,
    /// }
    ///
    /// assert_eq!(Point::VERSION, 2);
    /// assert_eq!(<Vec<Point>>::VERSION, 1);
    /// ```
    const VERSION: u32 = 1;

    /// The `migrate` hook: called after `value` is decoded from data of
    /// any other version than [`VERSION`](Self::VERSION), with the version
    /// that wrote it as [`SchemaHistory::identify`](crate::resolve::SchemaHistory::identify)
    /// finds it (the version with the writer's canonical form, else the
    /// version whose fields the writer's record has in another order), or
    /// `None` when the writer's schema is no version of the type. Not a
    /// method, so that it never meets a user's `migrate` in method calls.
    #[doc(hidden)]
    fn migrate(value: Self, from: Option<u32>) -> Result<Self>
    where
        Self: Sized,
    {
        let _ = from;
        Ok(value)
    }

    /// The `from`/`try_from` chain: a decoder of data of an older type's
    /// lineage that converts what it decodes. `None` without a chain.
    /// `depth` counts the types already in the chain, which stops a cycle
    /// of `from`s.
    #[doc(hidden)]
    fn chain(writer: &Schema, depth: u32) -> Option<Result<Chain<Self>>>
    where
        Self: Sized,
    {
        let _ = (writer, depth);
        None
    }

    /// The schema and version of this type, then of each type down its
    /// `from` chain: what the schema resolver builds the histories of the
    /// lineage from. `depth` counts the types already listed.
    #[doc(hidden)]
    fn lineage(depth: u32, out: &mut Vec<(&'static Schema, u32)>)
    where
        Self: Sized,
    {
        let _ = depth;
        out.push((Self::schema(), Self::VERSION));
    }
}

/// A decoder of a `from` chain's older type followed by the conversion to
/// the newer one: what [`AvroSchema::chain`] returns.
#[doc(hidden)]
pub type Chain<T> = Box<dyn Fn(&mut SliceReader<'_>) -> Result<T> + Send + Sync>;

/// A Rust type that encodes itself in Avro's binary form, by its own
/// [`AvroSchema`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be encoded as Avro",
    label = "this type does not implement `avrox::Encode`",
    note = "derive it with `#[derive(avrox::Avro)]`, or give the field `#[avro(with = module)]` naming a module with a custom codec"
)]
pub trait Encode {
    /// Appends the binary encoding of `self` to `out`.
    ///
    /// On error `out` may hold part of the value: truncate it to its earlier
    /// length to drop that part.
    fn encode(&self, out: &mut Vec<u8>) -> Result<()>;

    /// Encodes a sequence given in up to two parts (a `VecDeque`'s halves):
    /// an array, or `bytes` for `u8`.
    #[doc(hidden)]
    fn encode_sequence(parts: [&[Self]; 2], out: &mut Vec<u8>) -> Result<()>
    where
        Self: Sized,
    {
        let len = parts[0].len() + parts[1].len();
        if len > 0 {
            binary::write_block_len(out, len);
            for (i, item) in parts[0].iter().chain(parts[1]).enumerate() {
                item.encode(out).map_err(|e| e.in_index(i))?;
            }
        }
        binary::write_block_end(out);
        Ok(())
    }

    /// Encodes `[Self; N]`: an array, or a `fixed` for `u8`.
    #[doc(hidden)]
    fn encode_array<const N: usize>(items: &[Self; N], out: &mut Vec<u8>) -> Result<()>
    where
        Self: Sized,
    {
        Self::encode_sequence([items, &[]], out)
    }
}

/// A Rust type that decodes itself from Avro's binary form, possibly
/// borrowing from the input (`&'de str`, `&'de [u8]`, `Cow<'de, str>`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be decoded from Avro",
    label = "this type does not implement `avrox::Decode`",
    note = "derive it with `#[derive(avrox::Avro)]`, or give the field `#[avro(with = module)]` naming a module with a custom codec"
)]
pub trait Decode<'de>: Sized {
    /// A lower bound on the bytes one value takes. Decoders of arrays and
    /// maps use it to refuse a count the input cannot hold before reading a
    /// single item; 0 is always a correct bound.
    const MIN_ENCODED_SIZE: usize = 0;

    /// The exact number of bytes every value takes, for types whose
    /// encoding has one size (`float`, `double`, `boolean`, records of
    /// those). A derived record of such fields checks the input's length
    /// once and reads its fields on a path where the compiler knows each
    /// read succeeds. `None` is always correct.
    #[doc(hidden)]
    const FIXED_ENCODED_SIZE: Option<usize> = None;

    /// Reads one value.
    fn decode(reader: &mut SliceReader<'de>) -> Result<Self>;

    /// Decodes a sequence: an array, or `bytes` for `u8`.
    #[doc(hidden)]
    fn decode_sequence(reader: &mut SliceReader<'de>) -> Result<Vec<Self>> {
        reader.enter()?;
        let mut out: Vec<Self> = Vec::new();
        loop {
            let count = reader.read_block_len(Self::MIN_ENCODED_SIZE)?;
            if count == 0 {
                break;
            }
            reader.add_collection_items(out.len(), count)?;
            reader.reserve_block(&mut out, count, item_charge::<Self>())?;
            for _ in 0..count {
                let i = out.len();
                out.push(Self::decode(reader).map_err(|e| e.in_index(i))?);
            }
        }
        reader.leave();
        Ok(out)
    }

    /// Decodes `[Self; N]`: an array of exactly N items, or a `fixed` for
    /// `u8`.
    #[doc(hidden)]
    fn decode_array<const N: usize>(reader: &mut SliceReader<'de>) -> Result<[Self; N]> {
        let start = reader.position();
        let items = Self::decode_sequence(reader)?;
        array_of(items, start)
    }

    /// Reads one value written with another schema, through the plan's
    /// step. The default reads with [`decode`](Self::decode) where the
    /// writer's bytes are already the reader's type (the same type, an int
    /// read as a long, bytes and strings); floating-point promotions,
    /// containers and derived types override it.
    #[doc(hidden)]
    #[inline]
    fn decode_resolved(reader: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<Self> {
        let step = plan.through_unions(reader, step)?;
        if plan.reads_as_is(step) {
            Self::decode(reader)
        } else {
            Err(plan.unsupported(step, std::any::type_name::<Self>()))
        }
    }

    /// [`decode_resolved`](Self::decode_resolved) for a sequence: an array
    /// of items read through the item step, or bytes for `u8`.
    #[doc(hidden)]
    fn decode_sequence_resolved(
        reader: &mut SliceReader<'de>,
        plan: &Plan,
        step: StepId,
    ) -> Result<Vec<Self>> {
        let step = plan.through_unions(reader, step)?;
        let (items, writer_items) = match plan.step(step) {
            Step::Same { .. } => return Self::decode_sequence(reader),
            Step::Array {
                items,
                writer_items,
            } => (*items, *writer_items),
            _ => return Err(plan.unsupported(step, std::any::type_name::<Vec<Self>>())),
        };
        reader.enter()?;
        let min = plan.writer().min_size(writer_items);
        let mut out: Vec<Self> = Vec::new();
        loop {
            let count = reader.read_block_len(min)?;
            if count == 0 {
                break;
            }
            reader.add_collection_items(out.len(), count)?;
            reader.reserve_block(&mut out, count, item_charge::<Self>())?;
            for _ in 0..count {
                let i = out.len();
                out.push(Self::decode_resolved(reader, plan, items).map_err(|e| e.in_index(i))?);
            }
        }
        reader.leave();
        Ok(out)
    }

    /// [`decode_resolved`](Self::decode_resolved) for `[Self; N]`.
    #[doc(hidden)]
    fn decode_array_resolved<const N: usize>(
        reader: &mut SliceReader<'de>,
        plan: &Plan,
        step: StepId,
    ) -> Result<[Self; N]> {
        let start = reader.position();
        let items = Self::decode_sequence_resolved(reader, plan, step)?;
        array_of(items, start)
    }
}

/// What an item of a decoded sequence is charged: its size, and at least
/// [`MIN_ITEM_CHARGE`](crate::binary::MIN_ITEM_CHARGE).
fn item_charge<T>() -> usize {
    std::mem::size_of::<T>().max(crate::binary::MIN_ITEM_CHARGE)
}

/// Exactly N items, or the error of another count.
fn array_of<T, const N: usize>(items: Vec<T>, start: usize) -> Result<[T; N]> {
    let len = items.len();
    items.try_into().map_err(|_| {
        Error::invalid(format!("expected an array of {N} items, found {len}")).at(start)
    })
}

/// A type that decodes without borrowing from the input.
pub trait DecodeOwned: for<'de> Decode<'de> {}

impl<T> DecodeOwned for T where T: for<'de> Decode<'de> {}

/// A Rust type that converts itself to a generic [`Value`] of its schema:
/// the `asdict` of avrox.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be converted to an Avro value",
    label = "this type does not implement `avrox::ToValue`",
    note = "derive it with `#[derive(avrox::Avro)]`, or give the field `#[avro(with = module)]` naming a module with a custom codec"
)]
pub trait ToValue {
    /// The value, in the form decoding with the type's schema gives:
    /// `Option` as `Value::Union`, enums as `Value::Enum` and so on.
    fn to_value(&self) -> Value;

    /// A sequence's value: an array, or bytes for `u8`.
    #[doc(hidden)]
    fn sequence_to_value(parts: [&[Self]; 2]) -> Value
    where
        Self: Sized,
    {
        Value::Array(
            parts[0]
                .iter()
                .chain(parts[1])
                .map(ToValue::to_value)
                .collect(),
        )
    }

    /// `[Self; N]`'s value: an array, or a fixed for `u8`.
    #[doc(hidden)]
    fn array_to_value<const N: usize>(items: &[Self; N]) -> Value
    where
        Self: Sized,
    {
        Self::sequence_to_value([items, &[]])
    }
}

/// A Rust type that converts itself from a generic [`Value`] of its schema.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be built from an Avro value",
    label = "this type does not implement `avrox::FromValue`",
    note = "derive it with `#[derive(avrox::Avro)]`, or give the field `#[avro(with = module)]` naming a module with a custom codec; a type that borrows (`&str`) cannot be built from an owned value"
)]
pub trait FromValue: Sized {
    /// Converts the value, or says why it does not fit.
    fn from_value(value: Value) -> Result<Self>;

    /// A sequence from an array, or from bytes for `u8`.
    #[doc(hidden)]
    fn sequence_from_value(value: Value) -> Result<Vec<Self>> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| Self::from_value(v).map_err(|e| e.in_index(i)))
                .collect(),
            other => Err(Error::mismatch("array", other.kind_name())),
        }
    }

    /// `[Self; N]` from an array of N items, or from a fixed for `u8`.
    #[doc(hidden)]
    fn array_from_value<const N: usize>(value: Value) -> Result<[Self; N]> {
        let items = Self::sequence_from_value(value)?;
        let len = items.len();
        items
            .try_into()
            .map_err(|_| Error::invalid(format!("expected an array of {N} items, found {len}")))
    }
}

/// Unwraps the value of a union, for conversions of types whose schema is
/// not itself a union: a `Value::Union` read from a wider schema carries its
/// branch's value.
#[doc(hidden)]
pub fn unwrap_union(value: Value) -> Value {
    match value {
        Value::Union(_, inner) => unwrap_union(*inner),
        other => other,
    }
}
