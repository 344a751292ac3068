//! The Confluent Schema Registry wire format: `00`, the schema's 4-byte
//! big-endian id in a registry, the datum.

use std::collections::HashMap;
use std::sync::Arc;

use super::single_object::decode_with;
use crate::binary::Limits;
use crate::codec::{AvroSchema, Encode};
use crate::datum::{self, ReadDatum, WriteDatum};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::Schema;
use crate::value::Value;

/// The byte a Confluent message starts with.
pub const CONFLUENT_MAGIC: u8 = 0;

/// The length of the header: magic byte and schema id.
const HEADER_LEN: usize = 5;

/// Where schemas live for the Confluent wire format: a schema by its id,
/// and the id of a schema under a subject (`orders-value`).
///
/// Implement it over a Schema Registry client (with a cache: it is asked
/// for every message); [`MemoryRegistry`] is one in memory, for tests and
/// for fixed sets of schemas.
pub trait SchemaRegistry {
    /// The schema with this id.
    fn schema_by_id(&self, id: u32) -> Result<Arc<Schema>>;

    /// The id of `schema` under `subject`.
    fn id_of(&self, subject: &str, schema: &Schema) -> Result<u32>;
}

/// A [`SchemaRegistry`] in memory. Ids count from 1; a schema registered
/// again (the same canonical form) under any subject keeps its id, as in
/// Confluent's registry.
///
/// ```
/// use avrox::framing::{self, MemoryRegistry};
/// use avrox::Avro;
///
/// #[derive(Avro, Debug, PartialEq)]
/// struct Order { id: i64, total_cents: i64 }
///
/// let mut registry = MemoryRegistry::new();
/// let id = registry.register("orders-value", <Order as avrox::AvroSchema>::schema().clone());
///
/// let message = framing::to_confluent(&registry, "orders-value", &Order { id: 1, total_cents: 995 })?;
/// assert_eq!(message[0], 0);
/// assert_eq!(message[1..5], id.to_be_bytes());
/// let order: Order = framing::from_confluent(&registry, &message)?;
/// assert_eq!(order.total_cents, 995);
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemoryRegistry {
    by_id: HashMap<u32, Arc<Schema>>,
    by_canonical: HashMap<String, u32>,
    subjects: HashMap<String, Vec<u32>>,
}

impl MemoryRegistry {
    /// An empty registry.
    pub fn new() -> MemoryRegistry {
        MemoryRegistry::default()
    }

    /// Registers `schema` under `subject` and returns its id.
    pub fn register(&mut self, subject: &str, schema: Schema) -> u32 {
        let canonical = schema.canonical_form().to_owned();
        let id = match self.by_canonical.get(&canonical) {
            Some(&id) => id,
            None => {
                let id = self.by_id.len() as u32 + 1;
                self.by_id.insert(id, Arc::new(schema));
                self.by_canonical.insert(canonical, id);
                id
            }
        };
        let versions = self.subjects.entry(subject.to_owned()).or_default();
        if !versions.contains(&id) {
            versions.push(id);
        }
        id
    }

    /// The ids registered under `subject`, oldest first.
    pub fn versions(&self, subject: &str) -> &[u32] {
        self.subjects.get(subject).map_or(&[], Vec::as_slice)
    }
}

impl SchemaRegistry for MemoryRegistry {
    fn schema_by_id(&self, id: u32) -> Result<Arc<Schema>> {
        self.by_id
            .get(&id)
            .cloned()
            .ok_or_else(|| Error::new(ErrorKind::UnknownSchemaId(id)))
    }

    fn id_of(&self, subject: &str, schema: &Schema) -> Result<u32> {
        self.by_canonical
            .get(schema.canonical_form())
            .copied()
            .filter(|id| self.versions(subject).contains(id))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "the schema {} is not registered under subject '{subject}'",
                    schema.canonical_form()
                ))
            })
    }
}

/// The Confluent encoding of a value of a derived type, with the id its
/// schema has under `subject`.
pub fn to_confluent<T: Encode + AvroSchema>(
    registry: &impl SchemaRegistry,
    subject: &str,
    value: &T,
) -> Result<Vec<u8>> {
    encode(registry, subject, value, T::schema())
}

/// The Confluent encoding of a [`Value`] of `schema`, with the id the
/// schema has under `subject`.
pub fn value_to_confluent(
    registry: &impl SchemaRegistry,
    subject: &str,
    value: &Value,
    schema: &Schema,
) -> Result<Vec<u8>> {
    encode(registry, subject, value, schema)
}

fn encode<T: WriteDatum + ?Sized>(
    registry: &impl SchemaRegistry,
    subject: &str,
    value: &T,
    schema: &Schema,
) -> Result<Vec<u8>> {
    let id = registry.id_of(subject, schema)?;
    let mut out = Vec::with_capacity(64);
    out.push(CONFLUENT_MAGIC);
    out.extend_from_slice(&id.to_be_bytes());
    datum::encode_datum(value, schema, &mut out)?;
    Ok(out)
}

/// The schema id in a Confluent message's header, and the datum after it.
///
/// ```
/// let (id, datum) = avrox::framing::confluent_schema_id(&[0, 0, 0, 1, 2, 0x54])?;
/// assert_eq!(id, 258);
/// assert_eq!(datum, [0x54]);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn confluent_schema_id(message: &[u8]) -> Result<(u32, &[u8])> {
    if message.len() < HEADER_LEN {
        return Err(Error::eof(
            "a Confluent header (magic byte and 4-byte schema id)",
            message.len(),
            0,
        ));
    }
    if message[0] != CONFLUENT_MAGIC {
        return Err(Error::new(ErrorKind::InvalidHeader(format!(
            "not a Confluent message: it starts with {:#04x}, not 0x00",
            message[0]
        )))
        .at(0));
    }
    let id = u32::from_be_bytes(message[1..HEADER_LEN].try_into().expect("4 bytes"));
    Ok((id, &message[HEADER_LEN..]))
}

/// Decodes a Confluent message into a derived type, or into a [`Value`] of
/// the writer schema, looking the schema up by the message's id.
pub fn from_confluent<T: ReadDatum>(registry: &impl SchemaRegistry, message: &[u8]) -> Result<T> {
    let (id, datum) = confluent_schema_id(message)?;
    let writer = registry.schema_by_id(id).map_err(|e| e.at(1))?;
    let reader = datum::reader_schema::<T>(&writer, None);
    decode_with(&writer, reader, datum, Limits::default())
}

/// Decodes a Confluent message into a [`Value`] of `reader`.
pub fn value_from_confluent_as(
    registry: &impl SchemaRegistry,
    message: &[u8],
    reader: &Schema,
) -> Result<Value> {
    let (id, datum) = confluent_schema_id(message)?;
    let writer = registry.schema_by_id(id).map_err(|e| e.at(1))?;
    decode_with(&writer, reader, datum, Limits::default())
}
