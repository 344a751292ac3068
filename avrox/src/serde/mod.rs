//! Existing serde types on Avro: a serializer and a deserializer driven by
//! a schema (feature `serde`).
//!
//! Types that already derive serde's `Serialize` and `Deserialize` (or
//! come from crates that do) read and write Avro's binary encoding through
//! this module, given the [`Schema`] to write them as. The serializer
//! walks the schema beside serde's calls and writes straight into the
//! output buffer; the deserializer reads what the schema says comes next
//! (from a [`SliceReader`] under
//! [`Limits::default`](crate::binary::Limits)) and lends `&str` and
//! `&[u8]` out of the input where the type borrows them.
//!
//! ```
//! use avrox::Schema;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Reading<'a> {
//!     sensor: &'a str,
//!     celsius: f64,
//!     note: Option<String>,
//! }
//!
//! let schema = Schema::parse(r#"{
//!     "type": "record", "name": "Reading", "fields": [
//!         {"name": "sensor", "type": "string"},
//!         {"name": "celsius", "type": "double"},
//!         {"name": "note", "type": ["null", "string"], "default": null}
//!     ]
//! }"#)?;
//!
//! let reading = Reading { sensor: "t-1000", celsius: 21.5, note: None };
//! let bytes = avrox::serde::to_vec(&reading, &schema)?;
//! let back: Reading<'_> = avrox::serde::from_slice(&bytes, &schema)?;
//! assert_eq!(back, reading);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Schemas
//!
//! serde says what a type holds, not which Avro types it is written as,
//! so every function takes a schema, except the `_derived` ones
//! ([`to_vec_derived`], [`from_slice_derived`]), which take it from the
//! type's [`AvroSchema`] (a type that also derives [`Avro`](crate::Avro)).
//! There is no schema-less Avro: a type with neither gets a compile error
//! naming `AvroSchema`, and should be given a schema.
//!
//! # The mapping
//!
//! | Rust (as serde sees it) | Avro | what apache-avro 0.22 does instead |
//! |---|---|---|
//! | `bool` | boolean | |
//! | `i8`, `i16`, `i32`, `u8`, `u16` | int (or long) | |
//! | `i64`, `u32` | long, or int when the value fits | |
//! | `u64`, `i128`, `u128` | long when the value fits; beyond `i64` an `OutOfRange` error, never wrapped | a fixed of 8 or 16 bytes named `org.apache.avro.rust.u64` (`.i128`, `.u128`) |
//! | `f32` / `f64` | float or double / double, or float when exact | |
//! | `char`, `&str`, `String` | string, or an enum's symbol | |
//! | bytes (`serde_bytes`) | bytes, or a fixed of that size | |
//! | plain `Vec<u8>`, `[u8; N]` | written as an array of ints; read from an array, bytes or fixed | |
//! | `Option<T>` | a union with null, in any position | null first only |
//! | `()`, unit struct | null | a unit struct is a record with no fields |
//! | newtype struct | its field's type | a record with one field |
//! | unit variant | an enum's symbol; a union branch named like it (null or an empty record); or a string | |
//! | newtype, tuple and struct variants | the union branch named like the variant (a named type's name, else the type's: `Int`, `String`, ...); a variant that names no branch is written untagged, its value choosing the branch, and reads back from the branches no variant names: the variants naming none stand for them in order (null and enum branches aside, and the variants that are an enum branch's symbols, which read from it; other unit variants count, and read from a string branch holding their name, so they go after the data variants; a string whose text is a unit variant's name reads as that variant) | the branch at the variant's index (the Rust enum's order must be the union's) |
//! | struct | record, fields by name in any order (serde's `rename` and `rename_all` apply); or a map | |
//! | map with string keys | map; or a record (`flatten`) | |
//! | sequence, tuple, tuple struct, `[T; N]` | array | a tuple or tuple struct is a record with a field per element |
//! | logical types | their underlying type: a decimal's bytes, a uuid's string or 16 bytes, a timestamp's long | the same |
//!
//! **A union** takes the first branch, in the schema's order, that the
//! value's kind fits: null for `None` and `()`; boolean; int for an integer
//! that fits 32 bits, else long; float or double; string, or an enum with
//! that symbol; bytes, or a fixed of that length; array; map or record
//! (a struct prefers the record of its name; a struct named like no record,
//! on a union of several, takes the record its first field's value names,
//! which is how an internally tagged enum, `#[serde(tag = "kind")]`,
//! reaches the record of its variant). A Rust enum's variant picks
//! the branch by name instead (below). Reading, `Option` is `None` on the
//! null branch and `Some` on any other.
//!
//! **Records.** A struct's fields are written in the schema's order,
//! straight into the output when serde gives them in that order and through
//! a buffer per field when not. A record field the struct does not have
//! (or skips with `skip_serializing_if`) is written from the field's
//! default in the schema, and is an error without one. Reading, a record
//! field the struct does not have is skipped, and a struct field the
//! record does not have takes serde's `#[serde(default)]`.
//!
//! **`flatten`**: serde writes a struct with a flattened field as a map of
//! its entries, which this module writes into a record by their keys (the
//! keys must be field names) or into an Avro map; reading, serde buffers
//! the record's fields and hands them out by name. Flattened fields cost a
//! buffer per field each way.
//!
//! **Enums.** A Rust enum maps to an Avro enum when its variants are units:
//! the variant's name is the symbol. A variant with data maps to the union
//! branch named like it: a record, enum or fixed by its name (or fullname),
//! any other type by the type's name in any case (`Null`, `Int`, `Long`,
//! `String`, `Array`, `Map`, ...).
//!
//! Schemas' constraints (`avrox.constraints`) are not checked on this path.
//!
//! Reading a record into a struct, the record's fields reach serde's
//! visitor as a sequence when they are the struct's `fields`, by name and
//! in order (serde's derive then matches no names), and as a map of field
//! names otherwise; a hand-written `Deserialize` that calls
//! `deserialize_struct` should accept both (`visit_seq` and `visit_map`),
//! as serde's derive does.
//!
//! # Files, messages and JSON
//!
//! [`Serde`] pairs a value with its schema as a datum for the writers of
//! [`ocf`](crate::ocf), [`framing`](crate::framing) and [`json`](crate::json);
//! [`Deserialized`] is the datum type of their readers. Both go through
//! the same serializer and deserializer as [`to_vec`] and [`from_slice`].
//!
//! # Data written with another schema
//!
//! [`from_slice_with_writer`] resolves as the specification says, with a
//! [`resolve::Plan`](crate::resolve::Plan) compiled from the two schemas,
//! whose steps the deserializer walks straight into the type: where the
//! writer's bytes are the reader's (the same type, strings and bytes) the
//! plain deserializer reads them, borrowing as [`from_slice`] does;
//! promotions convert; writer-only fields are skipped without being
//! built; the reader's fields the writer lacks are read from their
//! defaults (the plan's [`Value`]s, deserialized directly, as
//! [`from_value`] does); enums map their symbols, and unions on either
//! side choose branches by the mapping above. No `Value` of the datum is
//! built. The plan is compiled on every call, and when the two schemas
//! are equal it is a plain [`from_slice`]; a [`Plan`] compiles it once,
//! for reading many datums of one writer's schema
//! ([`decode`](Plan::decode), [`read_next`](Plan::read_next)).
//!
//! ```
//! use avrox::binary::SliceReader;
//!
//! let writer = avrox::Schema::parse(r#""int""#)?;
//! let reader = avrox::Schema::parse(r#""long""#)?;
//! let mut bytes = avrox::serde::to_vec(&1, &writer)?;
//! avrox::serde::encode_into(&2, &writer, &mut bytes)?;
//!
//! let plan = avrox::serde::Plan::new(&writer, &reader)?;
//! let mut r = SliceReader::new(&bytes);
//! let (a, b): (i64, i64) = (plan.read_next(&mut r)?, plan.read_next(&mut r)?);
//! assert_eq!((a, b), (1, 2));
//! # Ok::<(), avrox::Error>(())
//! ```

mod blocks;
mod choice;
mod de;
mod resolved;
mod ser;
mod value_de;
mod wrap;

pub use wrap::{Deserialized, Serde};

use std::fmt::Display;

use ::serde::de::DeserializeOwned;
use ::serde::{Deserialize, Serialize};

use crate::binary::{Limits, SliceReader};
use crate::codec::AvroSchema;
use crate::error::{Error, ErrorKind, Result};
use crate::resolve::Plan as ValuePlan;
use crate::schema::Schema;
use crate::value::Value;

/// Encodes `value` as a datum of `schema`.
///
/// ```
/// let schema = avrox::Schema::parse(r#"["null", "long"]"#)?;
/// assert_eq!(avrox::serde::to_vec(&Some(3u32), &schema)?, [0x02, 0x06]);
/// assert_eq!(avrox::serde::to_vec(&None::<u32>, &schema)?, [0x00]);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn to_vec<T: Serialize + ?Sized>(value: &T, schema: &Schema) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode_into(value, schema, &mut out)?;
    Ok(out)
}

/// Appends the encoding of `value` as a datum of `schema` to `out`. On
/// error, `out` is left as it was.
///
/// ```
/// let schema = avrox::Schema::parse(r#""string""#)?;
/// let mut out = Vec::new();
/// avrox::serde::encode_into("a", &schema, &mut out)?;
/// avrox::serde::encode_into(&'b', &schema, &mut out)?;
/// assert_eq!(out, [0x02, b'a', 0x02, b'b']);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn encode_into<T: Serialize + ?Sized>(
    value: &T,
    schema: &Schema,
    out: &mut Vec<u8>,
) -> Result<()> {
    let len = out.len();
    let result = value.serialize(ser::Ser {
        schema,
        node: schema.root_id(),
        out: &mut *out,
    });
    if result.is_err() {
        out.truncate(len);
    }
    result.map_err(|e| root_named(e, schema))
}

/// Decodes a datum of `schema` that fills `bytes` exactly, borrowing
/// `&str` and `&[u8]` from `bytes` where `T` does, with the default
/// [`Limits`].
///
/// ```
/// let schema = avrox::Schema::parse(r#"{"type": "array", "items": "string"}"#)?;
/// let bytes = avrox::serde::to_vec(&["a", "bc"], &schema)?;
/// let words: Vec<&str> = avrox::serde::from_slice(&bytes, &schema)?;
/// assert_eq!(words, ["a", "bc"]);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8], schema: &Schema) -> Result<T> {
    from_slice_with_limits(bytes, schema, Limits::default())
}

/// [`from_slice`] with the given limits.
///
/// ```
/// use avrox::binary::Limits;
///
/// let schema = avrox::Schema::parse(r#"{"type": "array", "items": "null"}"#)?;
/// let bytes = avrox::serde::to_vec(&[(); 10], &schema)?;
/// let strict = Limits::default().max_collection_items(5);
/// assert!(avrox::serde::from_slice_with_limits::<Vec<()>>(&bytes, &schema, strict).is_err());
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_slice_with_limits<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
    schema: &Schema,
    limits: Limits,
) -> Result<T> {
    let mut de = de::De {
        schema,
        r: SliceReader::with_limits(bytes, limits),
    };
    let root = schema.root_id();
    let value = T::deserialize(de::At::new(&mut de, root))
        .and_then(|value| crate::binary::expect_end(&de.r).map(|()| value));
    value.map_err(|e| root_named(e, schema))
}

/// Reads the next datum of `schema` from `reader`, leaving what follows
/// unread: for datums written one after another. The reader's
/// [`Limits`] start afresh for the datum; on error the reader is left
/// where it was.
///
/// ```
/// use avrox::binary::SliceReader;
///
/// let schema = avrox::Schema::parse(r#""string""#)?;
/// let mut bytes = avrox::serde::to_vec("a", &schema)?;
/// avrox::serde::encode_into("bc", &schema, &mut bytes)?;
///
/// let mut reader = SliceReader::new(&bytes);
/// let first: &str = avrox::serde::read_next(&mut reader, &schema)?;
/// let second: &str = avrox::serde::read_next(&mut reader, &schema)?;
/// assert_eq!((first, second), ("a", "bc"));
/// assert!(reader.is_empty());
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn read_next<'de, T: Deserialize<'de>>(
    reader: &mut SliceReader<'de>,
    schema: &Schema,
) -> Result<T> {
    reader.begin_datum();
    let mut de = de::De {
        schema,
        r: reader.clone(),
    };
    let value = T::deserialize(de::At::new(&mut de, schema.root_id()))
        .map_err(|e| root_named(e, schema))?;
    *reader = de.r;
    Ok(value)
}

/// Decodes a datum written with the `writer` schema into `T`, read as
/// the `reader` schema, by the specification's resolution rules.
///
/// Reads under a compiled [`resolve::Plan`](crate::resolve::Plan), its
/// steps walked straight into `T` (see the [module](self)); equal schemas
/// read as [`from_slice`]. `&str` and `&[u8]` borrow from `bytes` where the
/// writer's bytes are the reader's; a field read from the reader's default
/// is a copy.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct User { id: i64, role: String }
///
/// let v1 = avrox::Schema::parse(r#"{"type": "record", "name": "User",
///     "fields": [{"name": "id", "type": "int"}]}"#)?;
/// let v2 = avrox::Schema::parse(r#"{"type": "record", "name": "User", "fields": [
///     {"name": "id", "type": "long"},
///     {"name": "role", "type": "string", "default": "member"}]}"#)?;
///
/// let old = avrox::serde::to_vec(&serde_json::json!({"id": 7}), &v1)?;
/// let user: User = avrox::serde::from_slice_with_writer(&old, &v1, &v2)?;
/// assert_eq!(user, User { id: 7, role: "member".into() });
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_slice_with_writer<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
    writer: &Schema,
    reader: &Schema,
) -> Result<T> {
    if writer == reader {
        return from_slice(bytes, reader);
    }
    Plan::new(writer, reader)?.decode(bytes)
}

/// A writer's schema resolved against a reader's once, for reading many
/// datums into serde types: what [`from_slice_with_writer`] does per
/// call, with the [`resolve::Plan`](crate::resolve::Plan) compiled in [`new`](Self::new) only. The serde
/// counterpart of [`TypedPlan`](crate::resolve::TypedPlan), which does
/// this for derived types.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct User { id: i64, role: String }
///
/// let v1 = avrox::Schema::parse(r#"{"type": "record", "name": "User",
///     "fields": [{"name": "id", "type": "int"}]}"#)?;
/// let v2 = avrox::Schema::parse(r#"{"type": "record", "name": "User", "fields": [
///     {"name": "id", "type": "long"},
///     {"name": "role", "type": "string", "default": "member"}]}"#)?;
///
/// let plan = avrox::serde::Plan::new(&v1, &v2)?;
/// for id in [1, 2] {
///     let old = avrox::serde::to_vec(&serde_json::json!({"id": id}), &v1)?;
///     let user: User = plan.decode(&old)?;
///     assert_eq!(user, User { id, role: "member".into() });
/// }
/// # Ok::<(), avrox::Error>(())
/// ```
pub struct Plan {
    /// `None` when the writer's data reads as the reader's directly.
    plan: Option<ValuePlan>,
    reader: Schema,
}

impl Plan {
    /// Compiles how data written with `writer` reads as `reader`; an
    /// error when the schemas do not resolve.
    pub fn new(writer: &Schema, reader: &Schema) -> Result<Plan> {
        let plan = if writer == reader {
            None
        } else {
            Some(ValuePlan::new(writer, reader).map_err(Error::from)?).filter(|p| !p.is_identity())
        };
        Ok(Plan {
            plan,
            reader: reader.clone(),
        })
    }

    /// Whether data is read straight as the reader's schema, as
    /// [`from_slice`] reads it (no plan's steps to walk).
    pub fn is_identity(&self) -> bool {
        self.plan.is_none()
    }

    /// Decodes one datum that fills `bytes` exactly, with the default
    /// [`Limits`].
    pub fn decode<'de, T: Deserialize<'de>>(&self, bytes: &'de [u8]) -> Result<T> {
        self.decode_with_limits(bytes, Limits::default())
    }

    /// Decodes one datum that fills `bytes` exactly, with the given
    /// limits.
    pub fn decode_with_limits<'de, T: Deserialize<'de>>(
        &self,
        bytes: &'de [u8],
        limits: Limits,
    ) -> Result<T> {
        let mut r = SliceReader::with_limits(bytes, limits);
        let value = self.read_next(&mut r)?;
        crate::binary::expect_end(&r)?;
        Ok(value)
    }

    /// Reads the next datum from `reader`, leaving what follows unread
    /// (see [`read_next`](fn@read_next)); on error the reader is left
    /// where it was.
    pub fn read_next<'de, T: Deserialize<'de>>(&self, reader: &mut SliceReader<'de>) -> Result<T> {
        match &self.plan {
            None => read_next(reader, &self.reader),
            Some(plan) => read_resolved(plan, reader),
        }
    }
}

/// Reads the next datum from `reader` under `plan`, walking its steps (see
/// `resolved.rs`); on error the reader is left where it was.
pub(crate) fn read_resolved<'de, T: Deserialize<'de>>(
    plan: &ValuePlan,
    reader: &mut SliceReader<'de>,
) -> Result<T> {
    reader.begin_datum();
    let mut de = de::De {
        schema: plan.reader(),
        r: reader.clone(),
    };
    let value = T::deserialize(resolved::Res::new(&mut de, plan, plan.root()))
        .map_err(|e| root_named(e, plan.reader()))?;
    *reader = de.r;
    Ok(value)
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("identity", &self.is_identity())
            .finish_non_exhaustive()
    }
}

/// Deserializes `T` from a [`Value`] of `schema`, with the mapping of
/// [`from_slice`] (the value is read as its encoding would be, without
/// encoding it). Strings and bytes are copied out of the value.
///
/// ```
/// use avrox::Value;
///
/// let schema = avrox::Schema::parse(r#"{"type": "map", "values": "int"}"#)?;
/// let value = Value::map([("a", Value::Int(1))]);
/// let map: std::collections::BTreeMap<String, i32> = avrox::serde::from_value(&value, &schema)?;
/// assert_eq!(map["a"], 1);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_value<T: DeserializeOwned>(value: &Value, schema: &Schema) -> Result<T> {
    T::deserialize(value_de::ValueDe::new(schema, schema.root_id(), value))
        .map_err(|e| root_named(e, schema))
}

/// [`to_vec`] with the schema of `T`'s [`AvroSchema`]: for a type that
/// derives both serde's traits and [`Avro`](crate::Avro).
///
/// ```
/// #[derive(avrox::Avro, serde::Serialize, serde::Deserialize, Debug, PartialEq)]
/// struct Point { x: i32, y: i32 }
///
/// let p = Point { x: 1, y: -1 };
/// let bytes = avrox::serde::to_vec_derived(&p)?;
/// assert_eq!(bytes, avrox::to_vec(&p)?);
/// assert_eq!(avrox::serde::from_slice_derived::<Point>(&bytes)?, p);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn to_vec_derived<T: Serialize + AvroSchema>(value: &T) -> Result<Vec<u8>> {
    to_vec(value, T::schema())
}

/// [`from_slice`] with the schema of `T`'s [`AvroSchema`] (see
/// [`to_vec_derived`]).
pub fn from_slice_derived<'de, T: Deserialize<'de> + AvroSchema>(bytes: &'de [u8]) -> Result<T> {
    from_slice(bytes, T::schema())
}

fn root_named(e: Error, schema: &Schema) -> Error {
    match schema.root().name() {
        Some(name) => e.in_root(name.name()),
        None => e,
    }
}

impl ::serde::ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(ErrorKind::InvalidValue(msg.to_string()))
    }
}

impl ::serde::de::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(ErrorKind::InvalidValue(msg.to_string()))
    }

    fn missing_field(field: &'static str) -> Self {
        Error::new(ErrorKind::MissingField(field.to_owned()))
    }
}
