//! What container files and framed messages hold: datums of a derived type
//! or generic [`Value`]s, encoded and decoded in one place.
//!
//! Every datum that [`ocf`](crate::ocf) and [`framing`](crate::framing)
//! write goes through [`encode_datum`], and every one they read through a
//! decoder made once per writer schema ([`ReadDatum::decoder`]: a schema
//! resolution plan where the schemas differ) and [`ReadDatum::read_datum`]
//! per datum, then [`ReadDatum::validate_datum`] unless the reader was told
//! not to validate. Decoding and validating are two steps so that a reader
//! can tell damage (the datum's bytes are wrong: the rest of the block
//! cannot be trusted) from a datum that decoded cleanly but breaks its
//! constraints (reported, and reading goes on). Validation on encode and
//! resolution on decode happen here, and nowhere else.

use crate::binary::SliceReader;
use crate::codec::{AvroSchema, DecodeOwned, Encode};
use crate::error::{Error, Result};
use crate::resolve::{Evolve, Plan, TypedPlan};
use crate::schema::Schema;
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
/// type with `#[derive(Avro)]` (or any [`DecodeOwned`] type that implements
/// [`Evolve`], as every type with an avrox schema does), or [`Value`].
///
/// Data written with another schema than the reader's is resolved: a
/// derived type through a [`TypedPlan`] (its version history, `from`
/// chains and `migrate` hook included), a `Value` through a [`Plan`] to
/// the reader schema it is given. The plan is compiled once per writer
/// schema, by [`ReadDatum::decoder`], and used for every datum.
pub trait ReadDatum: Sized {
    /// How datums of one writer schema are decoded: compiled once.
    #[doc(hidden)]
    type Decoder: Send + Sync;

    /// The schema of the type, when the type has one of its own.
    #[doc(hidden)]
    fn own_schema() -> Option<&'static Schema>;

    /// The schemas data of this type may have been written with: for a
    /// type with a schema, [`Evolve::readable_schemas`] (its history, its
    /// versioned parts' older versions, its `from` chain's); none for
    /// `Value`.
    #[doc(hidden)]
    fn readable_schemas() -> Vec<&'static Schema>;

    /// Decides how data written with `writer` is read: as the type, or for
    /// `Value` as `reader` (the writer's own schema when `None`). Fails when
    /// the schemas do not resolve.
    #[doc(hidden)]
    fn decoder(writer: &Schema, reader: Option<&Schema>) -> Result<Self::Decoder>;

    /// Reads one datum with a decoder from [`ReadDatum::decoder`], without
    /// checking its constraints.
    #[doc(hidden)]
    fn read_datum(decoder: &Self::Decoder, input: &mut SliceReader<'_>) -> Result<Self>;

    /// Checks a datum [`read_datum`](ReadDatum::read_datum) gave against
    /// its constraints: a derived type's own, or for `Value` those of the
    /// schema it was read as. The error is
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation), its path
    /// starting at the type's name.
    #[doc(hidden)]
    fn validate_datum(decoder: &Self::Decoder, value: &Self) -> Result<()>;
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

impl<T: Evolve + DecodeOwned> ReadDatum for T {
    type Decoder = TypedPlan<T>;

    fn own_schema() -> Option<&'static Schema> {
        Some(T::schema())
    }

    fn readable_schemas() -> Vec<&'static Schema> {
        <T as Evolve>::readable_schemas()
    }

    fn decoder(writer: &Schema, _reader: Option<&Schema>) -> Result<TypedPlan<T>> {
        TypedPlan::new(writer)
    }

    fn read_datum(decoder: &TypedPlan<T>, input: &mut SliceReader<'_>) -> Result<T> {
        decoder.read_unchecked(input)
    }

    fn validate_datum(_decoder: &TypedPlan<T>, value: &T) -> Result<()> {
        crate::codec::check(value)
    }
}

/// How `Value`s of one writer schema are read.
#[doc(hidden)]
#[derive(Debug)]
pub enum ValueDecoder {
    /// The reader's schema has the writer's canonical form: read with it.
    Same(Box<Schema>),
    /// Resolved from the writer's schema to the reader's.
    Plan(Box<Plan>),
}

impl ReadDatum for Value {
    type Decoder = ValueDecoder;

    fn own_schema() -> Option<&'static Schema> {
        None
    }

    fn readable_schemas() -> Vec<&'static Schema> {
        Vec::new()
    }

    fn decoder(writer: &Schema, reader: Option<&Schema>) -> Result<ValueDecoder> {
        let reader = reader.unwrap_or(writer);
        if writer.canonical_form() == reader.canonical_form() {
            return Ok(ValueDecoder::Same(Box::new(reader.clone())));
        }
        Ok(ValueDecoder::Plan(Box::new(Plan::new(writer, reader)?)))
    }

    fn read_datum(decoder: &ValueDecoder, input: &mut SliceReader<'_>) -> Result<Value> {
        match decoder {
            ValueDecoder::Same(schema) => Value::read_next_unchecked(input, schema),
            ValueDecoder::Plan(plan) => plan.read_unchecked(input),
        }
    }

    fn validate_datum(decoder: &ValueDecoder, value: &Value) -> Result<()> {
        let schema = match decoder {
            ValueDecoder::Same(schema) => schema,
            ValueDecoder::Plan(plan) => plan.reader(),
        };
        value.validate(schema).map_err(|report| {
            let e = Error::from(report);
            match schema.root().name() {
                Some(name) => e.in_root(name.name()),
                None => e,
            }
        })
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
