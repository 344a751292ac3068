//! What container files and framed messages hold: datums of a derived type
//! or generic [`Value`]s, encoded and decoded in one place.
//!
//! Every datum that [`ocf`](crate::ocf) and [`framing`](crate::framing)
//! write goes through [`encode_datum`], and every one they read through
//! [`check_readable`] (once per writer schema) and [`decode_datum`] (per
//! datum). Validation on encode and schema resolution on decode plug in
//! here, and nowhere else.

use crate::binary::SliceReader;
use crate::codec::{AvroSchema, DecodeOwned, Encode};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{Schema, Type};
use crate::value::Value;

/// A type whose values container files and framed messages can write: a
/// type with `#[derive(Avro)]` (or any [`Encode`] + [`AvroSchema`]), which
/// brings its own schema, or [`Value`], which is written with the schema
/// the writer is given.
pub trait WriteDatum {
    /// The schema of the type, when the type has one of its own.
    #[doc(hidden)]
    fn own_schema() -> Option<&'static Schema>
    where
        Self: Sized;

    /// Appends the binary encoding of `self` as a datum of `schema`.
    #[doc(hidden)]
    fn write_datum(&self, schema: &Schema, out: &mut Vec<u8>) -> Result<()>;
}

/// A type that container files and framed messages can read values into: a
/// type with `#[derive(Avro)]` (or any [`DecodeOwned`] + [`AvroSchema`]), or
/// [`Value`].
pub trait ReadDatum: Sized {
    /// The schema of the type, when the type has one of its own.
    #[doc(hidden)]
    fn own_schema() -> Option<&'static Schema>;

    /// Reads one datum written with `writer`, as `reader` (the type's own
    /// schema, or the one a `Value` reader was given).
    #[doc(hidden)]
    fn read_datum(writer: &Schema, reader: &Schema, input: &mut SliceReader<'_>) -> Result<Self>;
}

impl<T: Encode + AvroSchema> WriteDatum for T {
    fn own_schema() -> Option<&'static Schema> {
        Some(T::schema())
    }

    fn write_datum(&self, _schema: &Schema, out: &mut Vec<u8>) -> Result<()> {
        // The same path as `avrox::to_vec`.
        let start = out.len();
        let result = crate::codec::encode_into(self, out);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }
}

impl WriteDatum for Value {
    fn own_schema() -> Option<&'static Schema> {
        None
    }

    fn write_datum(&self, schema: &Schema, out: &mut Vec<u8>) -> Result<()> {
        let start = out.len();
        let result = self.encode(schema, out);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }
}

impl<T: DecodeOwned + AvroSchema> ReadDatum for T {
    fn own_schema() -> Option<&'static Schema> {
        Some(T::schema())
    }

    fn read_datum(_writer: &Schema, _reader: &Schema, input: &mut SliceReader<'_>) -> Result<T> {
        crate::read::<T>(input)
    }
}

impl ReadDatum for Value {
    fn own_schema() -> Option<&'static Schema> {
        None
    }

    fn read_datum(_writer: &Schema, reader: &Schema, input: &mut SliceReader<'_>) -> Result<Value> {
        Value::read(reader, input)
    }
}

/// Encodes one datum of `schema` (the type's own for derived types); on
/// error nothing is appended. The one encode path of `ocf` and `framing`.
pub(crate) fn encode_datum<T: WriteDatum + ?Sized>(
    value: &T,
    schema: &Schema,
    out: &mut Vec<u8>,
) -> Result<()> {
    value.write_datum(schema, out)
}

/// The schema a reader of `T` reads as: the type's own, or for `Value` the
/// one given, or else the writer's.
pub(crate) fn reader_schema<'s, T: ReadDatum>(
    writer: &'s Schema,
    given: Option<&'s Schema>,
) -> &'s Schema {
    T::own_schema().or(given).unwrap_or(writer)
}

/// Checks that data written with `writer` can be read as `reader`, once per
/// writer schema before any datum is decoded.
///
/// Until schema resolution lands, that means the same Parsing Canonical
/// Form; this is where a compiled resolution plan will be built instead.
pub(crate) fn check_readable(writer: &Schema, reader: &Schema) -> Result<()> {
    if std::ptr::eq(writer, reader) || writer.canonical_form() == reader.canonical_form() {
        return Ok(());
    }
    Err(Error::new(ErrorKind::SchemaMismatch {
        writer: describe(writer),
        reader: describe(reader),
    }))
}

/// Decodes one datum written with `writer` as `reader`, which
/// [`check_readable`] accepted. The one decode path of `ocf` and `framing`.
pub(crate) fn decode_datum<T: ReadDatum>(
    writer: &Schema,
    reader: &Schema,
    input: &mut SliceReader<'_>,
) -> Result<T> {
    T::read_datum(writer, reader, input)
}

/// The schemas a derived type can read: today its own; with schema
/// resolution, every version in its history. The one place the
/// single-object store learns a type's schemas.
pub(crate) fn readable_schemas<T: ReadDatum>() -> Vec<&'static Schema> {
    T::own_schema().into_iter().collect()
}

/// A schema's full name, or its type for unnamed schemas.
fn describe(schema: &Schema) -> String {
    let root = schema.root();
    match &root.ty {
        Type::Record(r) => format!("record '{}'", r.name),
        Type::Enum(e) => format!("enum '{}'", e.name),
        Type::Fixed(f) => format!("fixed '{}'", f.name),
        _ => format!("'{}'", schema.canonical_form()),
    }
}
