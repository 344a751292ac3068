//! Avro's single-object encoding: `C3 01`, the writer schema's 8-byte
//! little-endian CRC-64-AVRO fingerprint, the datum.

use std::collections::HashMap;
use std::sync::Arc;

use super::decoders::{self, DecoderCache, Kept, decode_datum, observe_read};
use crate::binary::Limits;
use crate::datum::{self, ReadDatum, WriteDatum};
use crate::error::{Error, ErrorKind, Result};
use crate::observe::{self, Cache, Framing, Op, Timer};
use crate::schema::{Fingerprint, Schema};

/// The two bytes a single-object message starts with.
pub const SINGLE_OBJECT_MARKER: [u8; 2] = [0xc3, 0x01];

/// The length of the header: marker and fingerprint.
const HEADER_LEN: usize = 10;

/// The single-object encoding of a value: of a derived type, with its own
/// schema's fingerprint, or of a [`Value`](crate::Value) paired with its schema by
/// [`Value::with_schema`](crate::Value::with_schema). A bare `Value`, which has no schema, is an
/// error.
///
/// ```
/// use avrox::{Schema, Value};
///
/// let message = avrox::framing::to_single_object(&42i64)?;
/// let fingerprint = <i64 as avrox::AvroSchema>::schema().rabin_fingerprint();
/// assert_eq!(message[2..10], fingerprint.to_le_bytes());
/// assert_eq!(message[10..], [0x54]);
///
/// let schema = Schema::parse(r#""long""#)?;
/// let same = avrox::framing::to_single_object(&Value::Long(42).with_schema(&schema))?;
/// assert_eq!(same, message);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn to_single_object<T: WriteDatum + ?Sized>(value: &T) -> Result<Vec<u8>> {
    decoders::encode_framed(value, Framing::SingleObject, |schema, out| {
        out.extend_from_slice(&SINGLE_OBJECT_MARKER);
        out.extend_from_slice(&schema.rabin_fingerprint().to_le_bytes());
        Ok(())
    })
}

/// The fingerprint in a single-object message's header, and the datum
/// after it.
///
/// ```
/// let message = [0xc3, 0x01, 0x8f, 0x5c, 0x39, 0x3f, 0x1a, 0xd5, 0x75, 0x72, 0x54];
/// let (fingerprint, datum) = avrox::framing::single_object_fingerprint(&message)?;
/// // It prints as its bytes, as they stand in the message.
/// assert_eq!(fingerprint.to_string(), "8f5c393f1ad57572");
/// assert_eq!(fingerprint, <i32 as avrox::AvroSchema>::schema().rabin_fingerprint());
/// assert_eq!(datum, [0x54]);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn single_object_fingerprint(message: &[u8]) -> Result<(Fingerprint, &[u8])> {
    let Some(([m0, m1, fingerprint @ ..], datum)) = message.split_first_chunk::<HEADER_LEN>()
    else {
        return Err(Error::eof(
            "a single-object header (2-byte marker and 8-byte fingerprint)",
            message.len(),
            0,
        ));
    };
    let marker = [*m0, *m1];
    if marker != SINGLE_OBJECT_MARKER {
        return Err(Error::new(ErrorKind::InvalidFraming(format!(
            "not a single-object message: it starts with {marker:02x?}, not [c3, 01]"
        )))
        .at(0));
    }
    Ok((Fingerprint::from_le_bytes(*fingerprint), datum))
}

/// Decodes a single-object message written with a derived type's own
/// schema, or with one its data may have been written with (its history,
/// its `from` chain: [`SchemaStore::add_type`]). A message of another
/// schema is an [`UnknownFingerprint`](ErrorKind::UnknownFingerprint)
/// error. A [`Value`](crate::Value) has no schema of its own, so reading one is an error
/// too: a message names its schema only by fingerprint, so put the schemas
/// in a [`SchemaStore`] and use [`SchemaStore::decode`] (or
/// [`decode_with`](SchemaStore::decode_with) to read as another schema).
///
/// ```
/// use avrox::{framing, Value};
///
/// let message = framing::to_single_object(&42i64)?;
/// assert_eq!(framing::from_single_object::<i64>(&message)?, 42);
/// let err = framing::from_single_object::<Value>(&message).unwrap_err();
/// assert!(err.to_string().contains("SchemaStore"));
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_single_object<T: ReadDatum + 'static>(message: &[u8]) -> Result<T> {
    let timer = Timer::start();
    let decode = || {
        let Some(own) = T::own_schema() else {
            return Err(datum::no_schema(
                "add the schemas messages are written with to a SchemaStore and use store.decode(message)",
            ));
        };
        let (fingerprint, datum) = single_object_fingerprint(message)?;
        // The type's own schema (the usual message), else the rest of what
        // it can read. Fingerprints are cached on their schemas: no store
        // is built and no schema cloned per message.
        let writer = if own.rabin_fingerprint() == fingerprint {
            Some(own)
        } else {
            T::readable_schemas()
                .into_iter()
                .find(|schema| schema.rabin_fingerprint() == fingerprint)
        };
        observe::cache(Cache::SingleObject, writer.is_some());
        let writer =
            writer.ok_or_else(|| Error::new(ErrorKind::UnknownFingerprint(fingerprint)).at(2))?;
        let decoder = Kept::new(T::decoder(writer, None)?);
        let value = decode_datum::<T>(&decoder.decoder, datum, Limits::default(), true)
            .map_err(|e| e.shifted(HEADER_LEN))?;
        observe_read::<T>(
            Framing::SingleObject,
            message,
            timer,
            writer,
            None,
            &decoder,
        );
        Ok(value)
    };
    decode().inspect_err(|e| observe::failure(Op::Decode, Framing::SingleObject, T::own_schema, e))
}

/// The schemas single-object messages may have been written with, by
/// their CRC-64-AVRO fingerprint.
///
/// Decoding looks the message's fingerprint up; one that is not in the
/// store is an error that names it. Decoding a derived type checks the
/// writer schema against the type's.
///
/// The schemas are the ones added, and messages never add one: a flood of
/// unknown fingerprints is a flood of errors, and the store does not
/// grow. What messages do fill is the store's cache of compiled decoders
/// (one per type, writer schema and reader schema), which keeps at most
/// [`SchemaStore::DEFAULT_MAX_DECODERS`] unless
/// [`with_max_decoders`](SchemaStore::with_max_decoders) says otherwise.
/// The store is `Sync`: threads may share one and its decoders.
///
/// ```
/// use avrox::framing::{self, SchemaStore};
/// use avrox::{ErrorKind, Schema, Value};
///
/// let schema = Schema::parse(r#"{"type": "record", "name": "Ping", "fields": [
///     {"name": "seq", "type": "long"}]}"#)?;
/// let message = framing::to_single_object(
///     &Value::record([("seq", Value::Long(7))]).with_schema(&schema),
/// )?;
///
/// let mut store = SchemaStore::new();
/// let err = store.decode::<Value>(&message).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::UnknownFingerprint(_)));
///
/// store.add(schema);
/// let ping: Value = store.decode(&message)?;
/// assert_eq!(ping.get("seq"), Some(&Value::Long(7)));
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SchemaStore {
    schemas: HashMap<Fingerprint, Arc<Schema>>,
    limits: Limits,
    validate: bool,
    decoders: DecoderCache,
}

impl Default for SchemaStore {
    fn default() -> SchemaStore {
        SchemaStore {
            schemas: HashMap::new(),
            limits: Limits::default(),
            validate: true,
            decoders: DecoderCache::default(),
        }
    }
}

impl SchemaStore {
    /// 1024: the most compiled decoders a store keeps unless
    /// [`with_max_decoders`](SchemaStore::with_max_decoders) says
    /// otherwise. A store's versions are a few to a few hundred; more
    /// distinct writers than this in one stream is a runaway or hostile
    /// producer, whose decoders then take turns.
    ///
    /// ```
    /// use avrox::framing::SchemaStore;
    ///
    /// assert_eq!(SchemaStore::new().max_decoders(), SchemaStore::DEFAULT_MAX_DECODERS);
    /// ```
    pub const DEFAULT_MAX_DECODERS: usize = decoders::DEFAULT_MAX_DECODERS;

    /// An empty store, decoding with the default [`Limits`] and checking
    /// what it decodes against its constraints.
    pub fn new() -> SchemaStore {
        SchemaStore::default()
    }

    /// Sets the limits messages are decoded with.
    pub fn with_limits(mut self, limits: Limits) -> SchemaStore {
        self.limits = limits;
        self
    }

    /// Sets the most compiled decoders the store keeps (one per type read
    /// into, writer schema and reader schema): past that, the one used
    /// longest ago is forgotten, and compiled again if needed. With 0,
    /// every message compiles its decoder. The default is
    /// [`DEFAULT_MAX_DECODERS`](SchemaStore::DEFAULT_MAX_DECODERS).
    ///
    /// ```
    /// use avrox::framing::{self, SchemaStore};
    /// use avrox::Value;
    ///
    /// let mut store = SchemaStore::new().with_max_decoders(1);
    /// store.add_type::<i32>();
    /// store.add_type::<i64>();
    /// for _ in 0..3 {
    ///     assert_eq!(store.decode::<Value>(&framing::to_single_object(&7i32)?)?, Value::Int(7));
    ///     assert_eq!(store.decode::<Value>(&framing::to_single_object(&7i64)?)?, Value::Long(7));
    /// }
    /// assert_eq!(store.cached_decoders(), 1);
    /// assert_eq!(store.max_decoders(), 1);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn with_max_decoders(mut self, decoders: usize) -> SchemaStore {
        self.decoders.set_max(decoders);
        self
    }

    /// The most compiled decoders the store keeps.
    pub fn max_decoders(&self) -> usize {
        self.decoders.max()
    }

    /// How many compiled decoders the store keeps now.
    pub fn cached_decoders(&self) -> usize {
        self.decoders.len()
    }

    /// Sets whether decoded values are checked against their constraints
    /// (see [`validate`](crate::validate)). On by default: a message whose
    /// datum breaks them is an
    /// [`ErrorKind::Validation`] error carrying the report, and the
    /// messages after it decode as usual. Turn it off for messages this
    /// program wrote itself, or to see what is there anyway.
    ///
    /// ```
    /// use avrox::framing::{self, SchemaStore};
    /// use avrox::{Avro, ErrorKind};
    ///
    /// #[derive(Avro, Debug)]
    /// struct Score { #[avro(max = 100)] points: u32 }
    ///
    /// let mut message = framing::to_single_object(&Score { points: 50 })?;
    /// message[10] = 0xac; // points = 150, past the maximum
    /// message.push(0x02);
    ///
    /// let mut store = SchemaStore::new();
    /// store.add_type::<Score>();
    /// let err = store.decode::<Score>(&message).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::Validation(_)));
    ///
    /// let trusting = store.with_validation(false);
    /// assert_eq!(trusting.decode::<Score>(&message)?.points, 150);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn with_validation(mut self, on: bool) -> SchemaStore {
        self.validate = on;
        self
    }

    /// Adds a schema and returns its fingerprint. A schema with the
    /// fingerprint of one already in the store replaces it.
    pub fn add(&mut self, schema: Schema) -> Fingerprint {
        let fingerprint = schema.rabin_fingerprint();
        self.schemas.insert(fingerprint, Arc::new(schema));
        self.decoders.forget(fingerprint.as_u64());
        fingerprint
    }

    /// Adds every schema a derived type's data may have been written with
    /// ([`Evolve::readable_schemas`](crate::resolve::Evolve::readable_schemas)):
    /// each version of its history (`#[avro(version = N)]`), oldest first,
    /// each with the versioned types nested in it at their older versions,
    /// then the schemas of the type its `from`/`try_from` chain converts
    /// from. Messages of any of them decode, resolved into the current
    /// type. Versions that differ only in defaults, aliases or docs share
    /// a fingerprint; they encode alike, and the newest is kept.
    ///
    /// ```
    /// use avrox::framing::{SchemaStore, to_single_object};
    ///
    /// #[derive(avrox::Avro)]
    /// struct PriceCents { cents: i64 }
    ///
    /// #[derive(avrox::Avro, Debug, PartialEq)]
    /// #[avro(from = PriceCents)]
    /// struct Price { amount: f64 }
    ///
    /// impl From<PriceCents> for Price {
    ///     fn from(old: PriceCents) -> Price {
    ///         Price { amount: old.cents as f64 / 100.0 }
    ///     }
    /// }
    ///
    /// let mut store = SchemaStore::new();
    /// store.add_type::<Price>();
    /// let message = to_single_object(&PriceCents { cents: 250 })?;
    /// assert_eq!(store.decode::<Price>(&message)?, Price { amount: 2.5 });
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn add_type<T: ReadDatum>(&mut self) {
        for schema in T::readable_schemas() {
            self.add(schema.clone());
        }
    }

    /// The schema with this fingerprint.
    pub fn get(&self, fingerprint: Fingerprint) -> Option<&Schema> {
        self.schemas.get(&fingerprint).map(|s| &**s)
    }

    /// How many schemas the store holds.
    pub fn len(&self) -> usize {
        self.schemas.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty()
    }

    /// Decodes a message into a derived type, or into a [`Value`](crate::Value) of the
    /// writer schema. The datum must fill the rest of the message.
    ///
    /// A message written with another schema than the type's is resolved
    /// into the type (see [`resolve`](crate::resolve)); the plan is
    /// compiled on the first message of each writer schema and kept in the
    /// store.
    pub fn decode<T: ReadDatum + 'static>(&self, message: &[u8]) -> Result<T> {
        self.decode_as(message, None)
    }

    /// Decodes a message as `reader`: into a [`Value`](crate::Value) of `reader`,
    /// resolving the writer's schema to it. A derived type reads as its own
    /// schema only: for it, another `reader` is an error.
    ///
    /// ```
    /// use avrox::framing::{self, SchemaStore};
    /// use avrox::{Schema, Value};
    ///
    /// let message = framing::to_single_object(&5i32)?;
    /// let mut store = SchemaStore::new();
    /// store.add_type::<i32>();
    /// let long: Value = store.decode_with(&message, &Schema::parse(r#""long""#)?)?;
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
        let timer = Timer::start();
        let decode = || {
            let (fingerprint, datum) = single_object_fingerprint(message)?;
            let writer = self.get(fingerprint);
            observe::cache(Cache::SchemaStore, writer.is_some());
            let writer = writer
                .ok_or_else(|| Error::new(ErrorKind::UnknownFingerprint(fingerprint)).at(2))?;
            let decoder = self
                .decoders
                .get::<T>(fingerprint.as_u64(), writer, reader)?;
            let value = decode_datum::<T>(&decoder.decoder, datum, self.limits, self.validate)
                .map_err(|e| e.shifted(HEADER_LEN))?;
            observe_read::<T>(
                Framing::SingleObject,
                message,
                timer,
                writer,
                reader,
                &decoder,
            );
            Ok(value)
        };
        decode().inspect_err(|e| {
            let schema = || T::own_schema().or(reader);
            observe::failure(Op::Decode, Framing::SingleObject, schema, e)
        })
    }
}
