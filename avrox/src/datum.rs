//! What container files, framed messages and the JSON encoding hold:
//! datums of a derived type or generic [`Value`]s, encoded and decoded in
//! one place.
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
use crate::codec::{AvroSchema, DecodeOwned, Encode, FromValue, ToValue};
use crate::error::{Error, Result};
use crate::resolve::{Plan, TypedPlan};
use crate::schema::Schema;
use crate::value::encode::encode_node;
use crate::value::{Value, WithSchema, json};

/// Everything avrox does with a type that has a schema of its own:
/// encode and decode it ([`Encode`], [`DecodeOwned`]), give its schema
/// ([`AvroSchema`], which also gives its version and the hooks that read
/// data other versions wrote), convert it to and from [`Value`]s
/// ([`ToValue`], [`FromValue`]), and so write it to and read it from
/// container files, framed messages and the JSON encoding
/// ([`WriteDatum`], [`ReadDatum`]).
///
/// The bound to write in generic code. Every type with
/// `#[derive(Avro)]` has it, and so does any type that implements those
/// traits by hand: it is implemented for them all. A hand-written codec
/// implements [`AvroSchema`], [`Encode`], [`Decode`](crate::Decode),
/// [`ToValue`] and [`FromValue`]; [`Evolve`](crate::resolve::Evolve)
/// comes with `AvroSchema`, whose version and hooks default to one
/// version and no migration.
///
/// ```
/// use avrox::framing;
///
/// fn round_trip<T: avrox::Avro>(value: &T) -> avrox::Result<T> {
///     let message = framing::to_single_object(value)?;
///     framing::from_single_object(&message)
/// }
///
/// #[derive(avrox::Avro, Debug, PartialEq)]
/// struct Ping { seq: i64 }
///
/// assert_eq!(round_trip(&Ping { seq: 7 })?, Ping { seq: 7 });
/// assert_eq!(round_trip(&Some(5i64))?, Some(5));
/// # Ok::<(), avrox::Error>(())
/// ```
pub trait Avro:
    AvroSchema + Encode + DecodeOwned + ToValue + FromValue + WriteDatum + ReadDatum + 'static
{
}

impl<T> Avro for T where T: AvroSchema + Encode + DecodeOwned + ToValue + FromValue + 'static {}

/// A type whose values container files, framed messages and the JSON
/// encoding can write: a type with `#[derive(Avro)]` (or any [`Encode`] +
/// [`ToValue`] + [`AvroSchema`]), which brings its own schema, or a
/// [`Value`] with the schema it is written as: [`Value::with_schema`]
/// pairs them, and a container file [`Writer`](crate::ocf::Writer) of
/// `Value`s is given its schema when it is made.
///
/// ```
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#"["null", "long"]"#)?;
/// let value = Value::Union(1, Box::new(Value::Long(5)));
/// // One function for derived types and values alike.
/// let typed = avrox::json::to_string(&Some(5i64))?;
/// let generic = avrox::json::to_string(&value.with_schema(&schema))?;
/// assert_eq!((typed.as_str(), generic.as_str()), (r#"{"long":5}"#, r#"{"long":5}"#));
/// # Ok::<(), avrox::Error>(())
/// ```
pub trait WriteDatum {
    /// The schema of the type, when the type has one of its own.
    #[doc(hidden)]
    fn own_schema() -> Option<&'static Schema>
    where
        Self: Sized;

    /// The schema this value is written with where nothing else gives
    /// one: the type's own, or the one a [`WithSchema`] carries. `None`
    /// for a bare `Value`.
    #[doc(hidden)]
    fn datum_schema(&self) -> Option<&Schema>;

    /// Appends the binary encoding of `self` as a datum of `schema`.
    #[doc(hidden)]
    fn write_datum(&self, schema: &Schema, out: &mut Vec<u8>) -> Result<()>;

    /// The JSON encoding of `self` as a datum of `schema`, after checking
    /// its constraints.
    #[doc(hidden)]
    fn write_json(&self, schema: &Schema) -> Result<serde_json::Value>;
}

/// A type that container files, framed messages and the JSON encoding can
/// read values into: a type with `#[derive(Avro)]` (or any type with an
/// [`AvroSchema`], [`DecodeOwned`] and [`FromValue`]), or [`Value`]. Each
/// reading function is one generic function over it.
///
/// Data written with another schema than the reader's is resolved: a
/// derived type through a [`TypedPlan`] (its version history, `from`
/// chains and `migrate` hook included) into its own schema, a `Value`
/// through a [`Plan`] to the reader schema it is given. The plan is
/// compiled once per writer schema, by [`ReadDatum::decoder`], and used for
/// every datum. A derived type reads as its own schema only: given another
/// reader schema, a reader refuses it.
///
/// ```
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#"["null", "long"]"#)?;
/// // One function for derived types and values alike; a `Value` is told
/// // the schema its JSON is written in.
/// let typed: Option<i64> = avrox::json::from_str(r#"{"long": 5}"#)?;
/// let generic: Value = avrox::json::from_str_with(r#"{"long": 5}"#, &schema)?;
/// assert_eq!(typed, Some(5));
/// assert_eq!(generic, Value::Union(1, Box::new(Value::Long(5))));
/// # Ok::<(), avrox::Error>(())
/// ```
pub trait ReadDatum: Sized {
    /// How datums of one writer schema are decoded: compiled once.
    #[doc(hidden)]
    type Decoder: Send + Sync;

    /// The schema of the type, when the type has one of its own.
    #[doc(hidden)]
    fn own_schema() -> Option<&'static Schema>;

    /// The schemas data of this type may have been written with: for a
    /// type with a schema, [`Evolve::readable_schemas`](crate::resolve::Evolve::readable_schemas) (its history, its
    /// versioned parts' older versions, its `from` chain's); none for
    /// `Value`.
    #[doc(hidden)]
    fn readable_schemas() -> Vec<&'static Schema>;

    /// Decides how data written with `writer` is read: as the type, or for
    /// `Value` as `reader` (the writer's own schema when `None`). Fails when
    /// the schemas do not resolve, and for a type with a schema of its own
    /// when `reader` is another schema than the type's (by canonical form):
    /// a derived type reads as its own schema.
    #[doc(hidden)]
    fn decoder(writer: &Schema, reader: Option<&Schema>) -> Result<Self::Decoder>;

    /// The version of the type the decoder's writer schema is, when known
    /// (see [`TypedPlan::writer_version`]): what metrics label a version
    /// mismatch with.
    #[doc(hidden)]
    fn writer_version(decoder: &Self::Decoder) -> Option<u32> {
        let _ = decoder;
        None
    }

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

    /// How JSON written with `written` is read as this type: `None` where
    /// no plan is needed (JSON of a type's own schema, by canonical form,
    /// and every `Value`), else the decoder of data written with
    /// `written`. Compiled once per schema by readers of many datums.
    #[doc(hidden)]
    fn json_decoder(written: &Schema) -> Result<Option<Self::Decoder>>;

    /// Reads a datum from its JSON encoding, written with `written`, with
    /// the decoder [`json_decoder`](ReadDatum::json_decoder) gave for it,
    /// and checks it against its constraints when `validate` is on. A
    /// type with a schema reads JSON of its own schema through its
    /// [`Value`]: the JSON encoding's walk, [`FromValue`], its checks; JSON
    /// of another schema is resolved into the type as binary data of that
    /// schema would be. A `Value` is read as `written`.
    #[doc(hidden)]
    fn read_json(
        decoder: Option<&Self::Decoder>,
        written: &Schema,
        json: &serde_json::Value,
        validate: bool,
    ) -> Result<Self>;
}

/// Reads one datum from its JSON encoding, written with `written`, or with
/// the type's own schema when `None`: a `Value`, which has none, is then
/// an error that says to pass one. The one JSON decode path of `json`.
pub(crate) fn read_json<T: ReadDatum>(
    json: &serde_json::Value,
    written: Option<&Schema>,
    validate: bool,
) -> Result<T> {
    let written = match written {
        Some(written) => written,
        None => T::own_schema().ok_or_else(|| {
            no_schema("pass the schema it is written in: json::from_json_with(json, &schema)")
        })?,
    };
    let decoder = T::json_decoder(written)?;
    T::read_json(decoder.as_ref(), written, json, validate)
}

impl<T: Encode + ToValue + AvroSchema> WriteDatum for T {
    fn own_schema() -> Option<&'static Schema> {
        Some(T::schema())
    }

    fn datum_schema(&self) -> Option<&Schema> {
        Some(T::schema())
    }

    fn write_datum(&self, _schema: &Schema, out: &mut Vec<u8>) -> Result<()> {
        // The same path as `avrox::to_vec`.
        let start = out.len();
        let result = crate::codec::encode_checked(self, out);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    fn write_json(&self, schema: &Schema) -> Result<serde_json::Value> {
        crate::codec::check(self)?;
        let value = self.to_value();
        json::to_json_encoding(schema, schema.root_id(), &value)
    }
}

impl WriteDatum for Value {
    fn own_schema() -> Option<&'static Schema> {
        None
    }

    fn datum_schema(&self) -> Option<&Schema> {
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

    fn write_json(&self, schema: &Schema) -> Result<serde_json::Value> {
        self.validate(schema)?;
        json::to_json_encoding(schema, schema.root_id(), self)
    }
}

impl WriteDatum for WithSchema<'_> {
    fn own_schema() -> Option<&'static Schema> {
        None
    }

    fn datum_schema(&self) -> Option<&Schema> {
        Some(WithSchema::schema(self))
    }

    fn write_datum(&self, schema: &Schema, out: &mut Vec<u8>) -> Result<()> {
        self.value().write_datum(schema, out)
    }

    fn write_json(&self, schema: &Schema) -> Result<serde_json::Value> {
        self.value().write_json(schema)
    }
}

/// The schema a datum written on its own (a framed message, a JSON
/// document) is written with: its type's, or the one it was paired with.
pub(crate) fn schema_of<T: WriteDatum + ?Sized>(value: &T) -> Result<&Schema> {
    value.datum_schema().ok_or_else(|| {
        Error::invalid(
            "a Value has no schema of its own: pass value.with_schema(&schema)".to_string(),
        )
    })
}

/// The error of reading a `Value` where no schema says what the data is:
/// `hint` names what to call instead.
pub(crate) fn no_schema(hint: &str) -> Error {
    Error::invalid(format!("a Value has no schema of its own: {hint}"))
}

/// Refuses a reader schema other than a derived type's own.
fn check_reader<T: AvroSchema>(reader: Option<&Schema>) -> Result<()> {
    let own = T::schema();
    match reader {
        Some(reader) if reader.canonical_form() != own.canonical_form() => {
            Err(Error::invalid(format!(
                "a derived type reads as its own schema {}, not as {}: read a Value to read \
                 as another schema",
                own.canonical_form(),
                reader.canonical_form()
            )))
        }
        _ => Ok(()),
    }
}

impl<T: AvroSchema + DecodeOwned + FromValue> ReadDatum for T {
    type Decoder = TypedPlan<T>;

    fn own_schema() -> Option<&'static Schema> {
        Some(T::schema())
    }

    fn readable_schemas() -> Vec<&'static Schema> {
        <T as crate::resolve::Evolve>::readable_schemas()
    }

    fn decoder(writer: &Schema, reader: Option<&Schema>) -> Result<TypedPlan<T>> {
        check_reader::<T>(reader)?;
        TypedPlan::new(writer)
    }

    fn writer_version(decoder: &TypedPlan<T>) -> Option<u32> {
        decoder.writer_version()
    }

    fn read_datum(decoder: &TypedPlan<T>, input: &mut SliceReader<'_>) -> Result<T> {
        decoder.read_unobserved(input)
    }

    fn validate_datum(_decoder: &TypedPlan<T>, value: &T) -> Result<()> {
        crate::codec::check(value)
    }

    fn json_decoder(written: &Schema) -> Result<Option<TypedPlan<T>>> {
        if written.canonical_form() == T::schema().canonical_form() {
            return Ok(None);
        }
        TypedPlan::new(written).map(Some)
    }

    fn read_json(
        decoder: Option<&TypedPlan<T>>,
        written: &Schema,
        json: &serde_json::Value,
        validate: bool,
    ) -> Result<T> {
        let read = || {
            let value = match decoder {
                // JSON of another schema: read as that schema's datum, then
                // resolved into the type (history, `from` chain, `migrate`)
                // as the datum's binary encoding would be.
                Some(plan) => {
                    let value = json::from_json_encoding(written, written.root_id(), json)?;
                    let mut bytes = Vec::new();
                    encode_node(written, written.root_id(), &value, &mut bytes)?;
                    plan.read_unobserved(&mut SliceReader::new(&bytes))
                        .map_err(Error::without_offset)?
                }
                // JSON of the type's own schema: through its `Value`, with
                // no plan and no binary.
                None => {
                    let own = T::schema();
                    T::from_value(json::from_json_encoding(own, own.root_id(), json)?)?
                }
            };
            if validate {
                crate::codec::check(&value)?;
            }
            Ok(value)
        };
        // Paths start at the type's name, as in binary reads.
        read().map_err(crate::codec::named_root::<T>)
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

impl ValueDecoder {
    /// How data written with `writer` is read as `reader` (the writer's
    /// own schema when `None`): with the schema itself when the canonical
    /// forms agree, else through a compiled plan.
    pub(crate) fn new(writer: &Schema, reader: Option<&Schema>) -> Result<ValueDecoder> {
        let reader = reader.unwrap_or(writer);
        if writer.canonical_form() == reader.canonical_form() {
            return Ok(ValueDecoder::Same(Box::new(reader.clone())));
        }
        Ok(ValueDecoder::Plan(Box::new(Plan::new(writer, reader)?)))
    }
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
        ValueDecoder::new(writer, reader)
    }

    fn read_datum(decoder: &ValueDecoder, input: &mut SliceReader<'_>) -> Result<Value> {
        match decoder {
            ValueDecoder::Same(schema) => Value::read_next_unchecked(input, schema),
            ValueDecoder::Plan(plan) => plan.read_unobserved(input),
        }
    }

    fn json_decoder(_written: &Schema) -> Result<Option<ValueDecoder>> {
        Ok(None)
    }

    fn read_json(
        _decoder: Option<&ValueDecoder>,
        written: &Schema,
        json: &serde_json::Value,
        validate: bool,
    ) -> Result<Value> {
        let read = || {
            let value = json::from_json_encoding(written, written.root_id(), json)?;
            if validate {
                value.validate(written)?;
            }
            Ok(value)
        };
        // Paths start at the record's name, as in binary reads.
        read().map_err(|e: Error| match written.root().name() {
            Some(name) => e.in_root(name.name()),
            None => e,
        })
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
