//! The Confluent Schema Registry wire format: `00`, the schema's 4-byte
//! big-endian id in a registry, the datum.

use std::collections::HashMap;
use std::sync::Arc;

use super::decoders::{self, DecoderCache, Kept, decode_datum, observe_read};
use crate::binary::Limits;
use crate::datum::{ReadDatum, WriteDatum};
use crate::error::{Error, ErrorKind, Result};
use crate::observe::{self, Framing, Op, Timer};
use crate::schema::Schema;

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

    /// Registers `schema` under `subject` and returns its id: the id it
    /// already has, else one more than the largest id in use.
    pub fn register(&mut self, subject: &str, schema: Schema) -> u32 {
        let canonical = schema.canonical_form().to_owned();
        let id = match self.by_canonical.get(&canonical) {
            Some(&id) => id,
            None => {
                let id = self
                    .by_id
                    .keys()
                    .max()
                    .map_or(1, |max| max.saturating_add(1));
                self.by_id.insert(id, Arc::new(schema));
                self.by_canonical.insert(canonical, id);
                id
            }
        };
        self.add_version(subject, id);
        id
    }

    /// Registers `schema` under `subject` with the id a registry gave it
    /// elsewhere: to mirror a real registry's ids in tests, or to load a
    /// fixed set of schemas fetched once. An error if the id is taken by
    /// another schema, or the schema already has another id.
    ///
    /// ```
    /// use avrox::framing::{self, MemoryRegistry};
    /// use avrox::Schema;
    ///
    /// let mut registry = MemoryRegistry::new();
    /// registry.register_with_id("n-value", 1042, Schema::parse(r#""long""#)?)?;
    /// let message = framing::to_confluent(&registry, "n-value", &7i64)?;
    /// assert_eq!(message[1..5], 1042u32.to_be_bytes());
    /// assert!(registry.register_with_id("n-value", 1042, Schema::parse(r#""int""#)?).is_err());
    /// // The next id given out follows the largest one in use.
    /// assert_eq!(registry.register("m-value", Schema::parse(r#""int""#)?), 1043);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn register_with_id(&mut self, subject: &str, id: u32, schema: Schema) -> Result<()> {
        let canonical = schema.canonical_form();
        if let Some(&known) = self.by_canonical.get(canonical)
            && known != id
        {
            return Err(Error::invalid(format!(
                "the schema {canonical} is registered with id {known}, not {id}"
            )));
        }
        if let Some(taken) = self.by_id.get(&id)
            && taken.canonical_form() != canonical
        {
            return Err(Error::invalid(format!(
                "id {id} is taken by the schema {}",
                taken.canonical_form()
            )));
        }
        self.by_canonical.insert(canonical.to_owned(), id);
        self.by_id.insert(id, Arc::new(schema));
        self.add_version(subject, id);
        Ok(())
    }

    fn add_version(&mut self, subject: &str, id: u32) {
        let versions = self.subjects.entry(subject.to_owned()).or_default();
        if !versions.contains(&id) {
            versions.push(id);
        }
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

/// The Confluent encoding of a value, with the id its schema has under
/// `subject`: a derived type's own schema, or the schema a [`Value`](crate::Value) is
/// paired with by [`Value::with_schema`](crate::Value::with_schema). A bare `Value`, which has no
/// schema, is an error.
///
/// ```
/// use avrox::framing::{self, MemoryRegistry};
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#""long""#)?;
/// let mut registry = MemoryRegistry::new();
/// let id = registry.register("n-value", schema.clone());
/// let typed = framing::to_confluent(&registry, "n-value", &42i64)?;
/// let generic = framing::to_confluent(&registry, "n-value", &Value::Long(42).with_schema(&schema))?;
/// assert_eq!(typed, generic);
/// assert_eq!(typed[1..5], id.to_be_bytes());
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn to_confluent<T: WriteDatum + ?Sized>(
    registry: &impl SchemaRegistry,
    subject: &str,
    value: &T,
) -> Result<Vec<u8>> {
    decoders::encode_framed(value, Framing::Confluent, |schema, out| {
        let id = registry.id_of(subject, schema)?;
        out.push(CONFLUENT_MAGIC);
        out.extend_from_slice(&id.to_be_bytes());
        Ok(())
    })
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
    let Some(([magic, id @ ..], datum)) = message.split_first_chunk::<HEADER_LEN>() else {
        return Err(Error::eof(
            "a Confluent header (magic byte and 4-byte schema id)",
            message.len(),
            0,
        ));
    };
    if *magic != CONFLUENT_MAGIC {
        return Err(Error::new(ErrorKind::InvalidFraming(format!(
            "not a Confluent message: it starts with {magic:#04x}, not 0x00"
        )))
        .at(0));
    }
    Ok((u32::from_be_bytes(*id), datum))
}

/// Decodes a Confluent message into a derived type, or into a
/// [`Value`](crate::Value) of
/// the writer schema, looking the schema up by the message's id.
///
/// Data written with another schema than the type's is resolved into it,
/// compiling a plan for this one message; to read a stream of messages,
/// use a [`ConfluentReader`], which keeps each plan.
pub fn from_confluent<T: ReadDatum>(registry: &impl SchemaRegistry, message: &[u8]) -> Result<T> {
    read(registry, message, None)
}

/// Decodes a Confluent message as `reader`: into a [`Value`](crate::Value) of `reader`,
/// resolving the writer's schema (looked up by the message's id) to it. A
/// derived type reads as its own schema only, so for it `reader` must be
/// that schema (by canonical form), else the call is an error.
///
/// ```
/// use avrox::framing::{self, MemoryRegistry};
/// use avrox::{Schema, Value};
///
/// let v1 = Schema::parse(r#"{"type": "record", "name": "Order", "fields": [
///     {"name": "id", "type": "long"}]}"#)?;
/// let v2 = Schema::parse(r#"{"type": "record", "name": "Order", "fields": [
///     {"name": "id", "type": "long"},
///     {"name": "note", "type": "string", "default": ""}]}"#)?;
/// let mut registry = MemoryRegistry::new();
/// registry.register("orders-value", v1.clone());
/// let order = Value::record([("id", Value::Long(42))]);
/// let message = framing::to_confluent(&registry, "orders-value", &order.with_schema(&v1))?;
///
/// let read: Value = framing::from_confluent_with(&registry, &message, &v2)?;
/// assert_eq!(read.get("note"), Some(&Value::from("")));
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_confluent_with<T: ReadDatum>(
    registry: &impl SchemaRegistry,
    message: &[u8],
    reader: &Schema,
) -> Result<T> {
    read(registry, message, Some(reader))
}

fn read<T: ReadDatum>(
    registry: &impl SchemaRegistry,
    message: &[u8],
    reader: Option<&Schema>,
) -> Result<T> {
    read_message(
        registry,
        message,
        reader,
        |_, writer| T::decoder(writer, reader).map(Kept::new),
        Limits::default(),
        true,
    )
}

/// Reads one message: the one body of the free functions, which compile
/// the decoder per call, and of [`ConfluentReader`], which keeps it per
/// schema id and has its own limits; both report to [`observe`] alike.
fn read_message<T: ReadDatum, D: std::borrow::Borrow<Kept<T::Decoder>>>(
    registry: &impl SchemaRegistry,
    message: &[u8],
    reader: Option<&Schema>,
    decoder_for: impl FnOnce(u32, &Schema) -> Result<D>,
    limits: Limits,
    validate: bool,
) -> Result<T> {
    let timer = Timer::start();
    let decode = || {
        let (id, datum) = confluent_schema_id(message)?;
        let writer = registry.schema_by_id(id).map_err(|e| e.at(1))?;
        let decoder = decoder_for(id, &writer)?;
        let decoder = decoder.borrow();
        let value = decode_datum::<T>(&decoder.decoder, datum, limits, validate)
            .map_err(|e| e.shifted(HEADER_LEN))?;
        observe_read::<T>(Framing::Confluent, message, timer, &writer, reader, decoder);
        Ok(value)
    };
    decode().inspect_err(|e| {
        let schema = || T::own_schema().or(reader);
        observe::failure(Op::Decode, Framing::Confluent, schema, e)
    })
}

/// Reads a stream of Confluent messages: looks each writer schema up in
/// the registry and compiles how it decodes once per schema id and type,
/// keeping the plans for the messages that follow.
///
/// It keeps at most
/// [`DEFAULT_MAX_DECODERS`](ConfluentReader::DEFAULT_MAX_DECODERS) decoders (see [`with_max_decoders`](ConfluentReader::with_max_decoders)),
/// so messages naming ever new ids cannot grow it without end; an id the
/// registry does not know is an error that names it, and is not kept. It
/// caches no schema: the registry is asked for the writer's schema on
/// every message, so a registry client keeps its own (bounded) cache.
/// The reader is `Sync` when its registry is: threads may share one.
///
/// ```
/// use avrox::framing::{self, ConfluentReader, MemoryRegistry};
/// use avrox::{Avro, Schema};
///
/// #[derive(Avro, Debug, PartialEq)]
/// struct Order { id: i64, #[avro(default)] note: String }
///
/// // An older producer's schema, without `note`.
/// let old = Schema::parse(r#"{"type": "record", "name": "Order",
///     "fields": [{"name": "id", "type": "long"}]}"#)?;
/// let mut registry = MemoryRegistry::new();
/// let id = registry.register("orders-value", old);
/// let mut message = vec![0];
/// message.extend(id.to_be_bytes());
/// message.push(0x54); // id = 42
///
/// let reader = ConfluentReader::new(registry);
/// let order: Order = reader.decode(&message)?;
/// assert_eq!(order, Order { id: 42, note: String::new() });
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Debug)]
pub struct ConfluentReader<R> {
    registry: R,
    limits: Limits,
    validate: bool,
    decoders: DecoderCache,
}

impl<R> ConfluentReader<R> {
    /// 1024: the most compiled decoders a reader keeps unless
    /// [`with_max_decoders`](ConfluentReader::with_max_decoders) says
    /// otherwise. A topic's versions are a few to a few hundred; more
    /// distinct writers than this in one stream is a runaway or hostile
    /// producer, whose decoders then take turns.
    ///
    /// ```
    /// use avrox::framing::{ConfluentReader, MemoryRegistry};
    ///
    /// let reader = ConfluentReader::new(MemoryRegistry::new());
    /// assert_eq!(reader.max_decoders(), ConfluentReader::<MemoryRegistry>::DEFAULT_MAX_DECODERS);
    /// ```
    pub const DEFAULT_MAX_DECODERS: usize = decoders::DEFAULT_MAX_DECODERS;
}

impl<R: SchemaRegistry> ConfluentReader<R> {
    /// A reader of messages whose schemas are in `registry`, with the
    /// default [`Limits`], checking what it decodes against its
    /// constraints.
    pub fn new(registry: R) -> ConfluentReader<R> {
        ConfluentReader {
            registry,
            limits: Limits::default(),
            validate: true,
            decoders: DecoderCache::default(),
        }
    }

    /// Sets the limits messages are decoded with.
    pub fn with_limits(mut self, limits: Limits) -> ConfluentReader<R> {
        self.limits = limits;
        self
    }

    /// Sets the most compiled decoders the reader keeps (one per type read
    /// into, schema id and reader schema): past that, the one used longest
    /// ago is forgotten, and compiled again if its id comes back. With 0,
    /// every message compiles its decoder. The default is
    /// [`DEFAULT_MAX_DECODERS`](ConfluentReader::DEFAULT_MAX_DECODERS).
    ///
    /// ```
    /// use avrox::framing::{self, ConfluentReader, MemoryRegistry};
    /// use avrox::{Schema, Value};
    ///
    /// let mut registry = MemoryRegistry::new();
    /// registry.register("n-value", Schema::parse(r#""int""#)?);
    /// registry.register("n-value", Schema::parse(r#""long""#)?);
    /// let int = framing::to_confluent(&registry, "n-value", &7i32)?;
    /// let long = framing::to_confluent(&registry, "n-value", &7i64)?;
    ///
    /// let reader = ConfluentReader::new(registry).with_max_decoders(1);
    /// assert_eq!(reader.decode::<i64>(&int)?, 7);
    /// assert_eq!(reader.decode::<i64>(&long)?, 7);
    /// assert_eq!(reader.cached_decoders(), 1);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn with_max_decoders(mut self, decoders: usize) -> ConfluentReader<R> {
        self.decoders.set_max(decoders);
        self
    }

    /// The most compiled decoders the reader keeps.
    pub fn max_decoders(&self) -> usize {
        self.decoders.max()
    }

    /// How many compiled decoders the reader keeps now.
    pub fn cached_decoders(&self) -> usize {
        self.decoders.len()
    }

    /// Sets whether decoded values are checked against their constraints
    /// (see [`validate`](crate::validate)). On by default: a message whose
    /// datum breaks them is an [`ErrorKind::Validation`] error carrying the
    /// report, and the messages after it decode as usual. Turn it off for
    /// messages this program wrote itself, or to see what is there anyway.
    ///
    /// ```
    /// use avrox::framing::{self, ConfluentReader, MemoryRegistry};
    /// use avrox::{Avro, AvroSchema, ErrorKind};
    ///
    /// #[derive(Avro, Debug)]
    /// struct Score { #[avro(max = 100)] points: u32 }
    ///
    /// let mut registry = MemoryRegistry::new();
    /// registry.register("scores-value", Score::schema().clone());
    /// let mut message = framing::to_confluent(&registry, "scores-value", &Score { points: 50 })?;
    /// message[5] = 0xac; // points = 150, past the maximum
    /// message.push(0x02);
    ///
    /// let reader = ConfluentReader::new(registry);
    /// let err = reader.decode::<Score>(&message).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::Validation(_)));
    ///
    /// let trusting = reader.with_validation(false);
    /// assert_eq!(trusting.decode::<Score>(&message)?.points, 150);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn with_validation(mut self, on: bool) -> ConfluentReader<R> {
        self.validate = on;
        self
    }

    /// The registry.
    pub fn registry(&self) -> &R {
        &self.registry
    }

    /// Decodes a message into a derived type (resolving an older or other
    /// writer schema into it), or into a [`Value`](crate::Value) of the writer schema.
    pub fn decode<T: ReadDatum + 'static>(&self, message: &[u8]) -> Result<T> {
        self.decode_as(message, None)
    }

    /// Decodes a message as `reader`: into a [`Value`](crate::Value) of `reader`,
    /// resolving the writer's schema to it. A derived type reads as its own
    /// schema only: for it, another `reader` is an error.
    ///
    /// ```
    /// use avrox::framing::{self, ConfluentReader, MemoryRegistry};
    /// use avrox::{Schema, Value};
    ///
    /// let writer = Schema::parse(r#""int""#)?;
    /// let mut registry = MemoryRegistry::new();
    /// registry.register("n-value", writer.clone());
    /// let message = framing::to_confluent(&registry, "n-value", &Value::Int(5).with_schema(&writer))?;
    ///
    /// let reader = ConfluentReader::new(registry);
    /// let long: Value = reader.decode_with(&message, &Schema::parse(r#""long""#)?)?;
    /// assert_eq!(long, Value::Long(5));
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn decode_with<T: ReadDatum + 'static>(
        &self,
        message: &[u8],
        reader: &Schema,
    ) -> Result<T> {
        self.decode_as(message, Some(reader))
    }

    fn decode_as<T: ReadDatum + 'static>(
        &self,
        message: &[u8],
        reader: Option<&Schema>,
    ) -> Result<T> {
        read_message(
            &self.registry,
            message,
            reader,
            // A registry's id names one schema for good, so it keys the plan.
            |id, writer| self.decoders.get::<T>(u64::from(id), writer, reader),
            self.limits,
            self.validate,
        )
    }
}
