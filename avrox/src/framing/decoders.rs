//! The decoders framed messages are read with, compiled once per (writer
//! schema, reader) and kept by whoever reads the messages: a
//! [`SchemaStore`](super::SchemaStore) or a
//! [`ConfluentReader`](super::ConfluentReader), at most a bounded number
//! of them. Nothing is kept globally.

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex, PoisonError};

use crate::binary::{Limits, SliceReader};
use crate::bounded_cache::BoundedCache;
use crate::datum::{self, ReadDatum, WriteDatum};
use crate::error::{Error, ErrorKind, Result};
use crate::observe::{self, Cache, Framing, Labels, Meter, Op, Timer};
use crate::schema::Schema;

/// Which decoder: the type read into, the writer schema's key (its
/// fingerprint, or a registry's id for it), and for `Value` readers the
/// reader schema's fingerprint.
type Key = (TypeId, u64, Option<u64>);

/// 1024: the default number of decoders a
/// [`SchemaStore`](super::SchemaStore) or a
/// [`ConfluentReader`](super::ConfluentReader) keeps, one per (type read
/// into, writer schema, reader schema). A topic's or a store's versions
/// are a few to a few hundred; more distinct writers than this in one
/// stream is a runaway or hostile producer, whose decoders then take
/// turns. Public as each one's `DEFAULT_MAX_DECODERS`.
pub(super) const DEFAULT_MAX_DECODERS: usize = 1024;

/// A decoder with the metric keys of the messages it reads: kept together
/// by a store or reader, so that the keys are built once per decoder.
pub(super) struct Kept<D> {
    pub(super) decoder: D,
    meter: Meter,
}

impl<D> Kept<D> {
    /// A decoder and the keys it has yet to build.
    pub(super) fn new(decoder: D) -> Kept<D> {
        Kept {
            decoder,
            meter: Meter::default(),
        }
    }
}

/// Decoders by the type they read and the writer schema they read from;
/// the least recently used is forgotten when more are needed than the
/// bound.
pub(super) struct DecoderCache {
    decoders: Mutex<BoundedCache<Key, Arc<dyn Any + Send + Sync>>>,
}

impl Default for DecoderCache {
    fn default() -> DecoderCache {
        DecoderCache::new(DEFAULT_MAX_DECODERS)
    }
}

impl DecoderCache {
    pub(super) fn new(max: usize) -> DecoderCache {
        DecoderCache {
            decoders: Mutex::new(BoundedCache::new(max)),
        }
    }

    /// The most decoders kept.
    pub(super) fn max(&self) -> usize {
        self.lock().capacity()
    }

    /// Changes the most decoders kept, forgetting those past it.
    pub(super) fn set_max(&mut self, max: usize) {
        self.decoders
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .set_capacity(max);
    }

    /// The map. A poisoned lock only means a panic elsewhere while the map
    /// was held; the map itself is always whole.
    fn lock(&self) -> std::sync::MutexGuard<'_, BoundedCache<Key, Arc<dyn Any + Send + Sync>>> {
        self.decoders.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The decoder of data written with `writer` (which `writer_key` names
    /// for good) as `T`, or as `reader` for `Value`: compiled on first use.
    pub(super) fn get<T>(
        &self,
        writer_key: u64,
        writer: &Schema,
        reader: Option<&Schema>,
    ) -> Result<Arc<Kept<T::Decoder>>>
    where
        T: ReadDatum + 'static,
        T::Decoder: 'static,
    {
        let key = (
            TypeId::of::<T>(),
            writer_key,
            reader.map(|reader| reader.rabin_fingerprint().as_u64()),
        );
        let cached = self.lock().get(&key).cloned();
        if let Some(decoder) = cached.and_then(|d| d.downcast::<Kept<T::Decoder>>().ok()) {
            observe::cache(Cache::Decoders, true);
            return Ok(decoder);
        }
        observe::cache(Cache::Decoders, false);
        // Compiled outside the lock: another thread may compile the same
        // plan meanwhile, and one of the two is kept.
        let decoder = Arc::new(Kept::new(T::decoder(writer, reader)?));
        self.lock().insert(key, decoder.clone());
        Ok(decoder)
    }

    /// Forgets the decoders of data written with a schema of this
    /// fingerprint (when the schema it stands for is replaced).
    pub(super) fn forget(&self, fingerprint: u64) {
        self.lock().retain(|(_, writer, _)| *writer != fingerprint);
    }

    /// How many decoders are kept.
    pub(super) fn len(&self) -> usize {
        self.lock().len()
    }
}

impl Clone for DecoderCache {
    /// A clone starts with no decoders (they are compiled again on use)
    /// and the same bound.
    fn clone(&self) -> DecoderCache {
        DecoderCache::new(self.max())
    }
}

impl std::fmt::Debug for DecoderCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecoderCache")
            .field("decoders", &self.len())
            .field("max", &self.max())
            .finish()
    }
}

/// Decodes the datum after a framing header with `decoder`, and checks it
/// unless `validate` is off: the one decode path of both framings. The
/// datum must fill the rest of the message.
pub(super) fn decode_datum<T: ReadDatum>(
    decoder: &T::Decoder,
    datum: &[u8],
    limits: Limits,
    validate: bool,
) -> Result<T> {
    let mut input = SliceReader::with_limits(datum, limits);
    let value = T::read_datum(decoder, &mut input)?;
    if !input.is_empty() {
        return Err(Error::new(ErrorKind::TrailingBytes(input.remaining())).at(input.position()));
    }
    if validate {
        T::validate_datum(decoder, &value).map_err(|e| e.at(0))?;
    }
    Ok(value)
}

/// One framed message: the header `header` writes for the value's schema,
/// then the datum, counted (or its failure) under `framing`. The framings
/// differ only in their header.
pub(super) fn encode_framed<T: WriteDatum + ?Sized>(
    value: &T,
    framing: Framing,
    header: impl FnOnce(&Schema, &mut Vec<u8>) -> Result<()>,
) -> Result<Vec<u8>> {
    let timer = Timer::start();
    let encode = || {
        let schema = datum::schema_of(value)?;
        let mut out = Vec::with_capacity(64);
        header(schema, &mut out)?;
        datum::encode_datum(value, schema, &mut out)?;
        Ok((out, schema))
    };
    match encode() {
        Ok((out, schema)) => {
            observe::datum(Op::Encode, framing, schema, out.len(), timer);
            Ok(out)
        }
        Err(e) => {
            observe::failure(Op::Encode, framing, || value.datum_schema(), &e);
            Err(e)
        }
    }
}

/// Reports a framed message read to [`observe`] through its decoder's
/// keys: its datum, bytes and time, and whether its writer's schema was
/// another than the reader's (labelled with the reader's schema: the
/// type's own, else `reader`, else the writer's).
pub(super) fn observe_read<T: ReadDatum>(
    framing: Framing,
    message: &[u8],
    timer: Timer,
    writer: &Schema,
    reader: Option<&Schema>,
    kept: &Kept<T::Decoder>,
) {
    let labels = || {
        let schema = T::own_schema().or(reader).unwrap_or(writer);
        let version = T::writer_version(&kept.decoder);
        Labels {
            op: Op::Decode,
            framing,
            schema,
            writer: observe::Writer::differing(writer, schema, version),
        }
    };
    kept.meter.call(labels, message.len(), timer);
}
