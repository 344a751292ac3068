//! serde types in files, messages and JSON: the datums the readers and
//! writers take, over the one serializer and deserializer.

use ::serde::Serialize;
use ::serde::de::DeserializeOwned;

use crate::binary::SliceReader;
use crate::datum::{ReadDatum, ValueDecoder, WriteDatum};
use crate::error::Result;
use crate::schema::Schema;
use crate::value::{Value, json};

/// A serde value paired with the schema it is written as: a datum for
/// the writers of container files, messages and JSON.
///
/// ```
/// use avrox::ocf::{Writer, WriterOptions};
/// use avrox::serde::{Deserialized, Serde};
///
/// #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
/// struct Hit { page: String, ms: u32 }
///
/// let schema = avrox::Schema::parse(r#"{"type": "record", "name": "Hit", "fields": [
///     {"name": "page", "type": "string"}, {"name": "ms", "type": "long"}]}"#)?;
///
/// let hit = Hit { page: "/".into(), ms: 12 };
/// let mut w = Writer::<Serde<'_, Hit>, _>::with_schema(Vec::new(), schema.clone(), WriterOptions::new())?;
/// w.append(&Serde(&hit, &schema))?;
/// let file = w.finish()?;
///
/// let hits = avrox::ocf::Reader::<Deserialized<Hit>, _>::new(&file[..])?
///     .map(|hit| hit.map(|Deserialized(hit)| hit))
///     .collect::<avrox::Result<Vec<Hit>>>()?;
/// assert_eq!(hits, [hit]);
///
/// // Messages and JSON alike.
/// let message = avrox::framing::to_single_object(&Serde(&hits[0], &schema))?;
/// let mut store = avrox::framing::SchemaStore::new();
/// store.add(schema.clone());
/// let Deserialized(back) = store.decode::<Deserialized<Hit>>(&message)?;
/// assert_eq!(back, hits[0]);
/// let json = avrox::json::to_string(&Serde(&hits[0], &schema))?;
/// assert_eq!(json, r#"{"page":"/","ms":12}"#);
/// # Ok::<(), avrox::Error>(())
/// ```
///
/// The value is written as the schema the writer was given (the file's
/// or message's); the schema in the pair is what a writer that takes its
/// schema from the datum uses.
#[derive(Debug, Clone, Copy)]
pub struct Serde<'a, T: ?Sized>(pub &'a T, pub &'a Schema);

/// A serde type read from files, messages and JSON: the datum type of
/// their readers. It reads as the writer's schema, or resolved into the
/// reader's schema when the reader is given one (see
/// [`from_slice_with_writer`](super::from_slice_with_writer) for the cost).
/// See [`Serde`] for an example.
#[derive(Debug, Clone, PartialEq)]
pub struct Deserialized<T>(pub T);

impl<T: Serialize + ?Sized> WriteDatum for Serde<'_, T> {
    fn own_schema() -> Option<&'static Schema>
    where
        Self: Sized,
    {
        None
    }

    fn datum_schema(&self) -> Option<&Schema> {
        Some(self.1)
    }

    fn write_datum(&self, schema: &Schema, out: &mut Vec<u8>) -> Result<()> {
        super::encode_into(self.0, schema, out)
    }

    fn write_json(&self, schema: &Schema) -> Result<serde_json::Value> {
        // Through the binary encoding and a Value: the JSON encoding is
        // the Value's, written once.
        let mut bytes = Vec::new();
        super::encode_into(self.0, schema, &mut bytes)?;
        let value = Value::decode_unchecked(&bytes, schema)?;
        json::to_json_encoding(schema, schema.root_id(), &value)
    }
}

impl<T: DeserializeOwned> ReadDatum for Deserialized<T> {
    type Decoder = ValueDecoder;

    fn own_schema() -> Option<&'static Schema> {
        None
    }

    fn readable_schemas() -> Vec<&'static Schema> {
        Vec::new()
    }

    fn decoder(writer: &Schema, reader: Option<&Schema>) -> Result<ValueDecoder> {
        // The same decision as for a `Value`: serde types read through one.
        ValueDecoder::new(writer, reader)
    }

    fn read_datum(decoder: &ValueDecoder, input: &mut SliceReader<'_>) -> Result<Self> {
        match decoder {
            ValueDecoder::Same(schema) => super::read_next(input, schema).map(Deserialized),
            ValueDecoder::Plan(plan) => super::read_resolved(plan, input).map(Deserialized),
        }
    }

    /// Constraints in the schema are not checked on the serde path.
    fn validate_datum(_decoder: &ValueDecoder, _value: &Self) -> Result<()> {
        Ok(())
    }

    fn json_decoder(_written: &Schema) -> Result<Option<ValueDecoder>> {
        Ok(None)
    }

    fn read_json(
        _decoder: Option<&ValueDecoder>,
        written: &Schema,
        json: &serde_json::Value,
        _validate: bool,
    ) -> Result<Self> {
        let value = json::from_json_encoding(written, written.root_id(), json)?;
        super::from_value(&value, written).map(Deserialized)
    }
}
