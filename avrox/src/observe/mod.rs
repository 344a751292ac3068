//! Observing avrox in production: metrics through the
//! [`metrics`](https://docs.rs/metrics) facade (feature `metrics`) and
//! spans and events through [`tracing`](https://docs.rs/tracing) (feature
//! `tracing`).
//!
//! Both features are off by default, and off they compile to nothing: the
//! hooks below are empty inline functions and zero-sized fields. On,
//! avrox reports to whatever recorder and subscriber the application
//! installed (Prometheus, StatsD, OpenTelemetry, a log): avrox installs
//! none and keeps no global state of its own.
//!
//! Counting costs little next to the data: a datum is counted by the call
//! that encoded or decoded it (never per field), a container file's records
//! once per block. The keys of the metrics (names and labels, hashed) are
//! built once, by an object the caller keeps
//! ([`TypedPlan`](crate::resolve::TypedPlan),
//! [`Plan`](crate::resolve::Plan), each decoder a
//! [`SchemaStore`](crate::framing::SchemaStore) or
//! [`ConfluentReader`](crate::framing::ConfluentReader) compiles) or, for
//! the crate root's functions, once per type, and registered with the
//! recorder current when a count is handed to it, as the `metrics` macros
//! do with their static keys. The global recorder, once
//! `describe_metrics()` has seen it installed, gets each key registered
//! once and counted through the handle: it is never dropped or replaced,
//! so its handles stay right, and a count then costs two atomic additions
//! rather than a lookup in the recorder's registry. (A local recorder's
//! handles are not kept: the next local recorder of a thread may sit at
//! the address of the one it replaced, and the facade gives recorders no
//! other identity.) Container files register their handles when they
//! open, with the recorder current then.
//!
//! The clock is read per block of a container file, per line of JSON
//! lines, and per call given a whole message or datum through an object
//! the caller keeps (`TypedPlan::decode`, `Resolver::decode`, `Plan::decode`,
//! `SchemaStore::decode`, `ConfluentReader::decode`) or through the
//! framings' and JSON's free functions. The crate root's functions
//! ([`to_vec`](crate::to_vec), [`from_slice`](crate::from_slice),
//! [`encode_into`](crate::encode_into), [`read_next`](crate::read_next),
//! ...) and every `read_next` of one datum of many in the caller's buffer
//! count their datums and bytes without it: two clock reads cost about a
//! twentieth of decoding a small record, which a loop over records would
//! pay per record. Time such a loop yourself, or write the records as a
//! container file, which is timed per block.
//!
//! # When counts reach the recorder
//!
//! Most counts reach the recorder when they are made: failures, calls
//! given a whole message or datum (the framings, JSON, `decode` of a
//! kept object), container files and JSON lines (per block or line).
//! The crate root's functions ([`to_vec`](crate::to_vec),
//! [`from_slice`](crate::from_slice), [`encode_into`](crate::encode_into),
//! [`read_next`](crate::read_next), ...) and the `read_next` of a kept
//! object are the loops over many small datums, where one count through
//! the facade (130 to 300 instructions) would cost a third of encoding a
//! small record. They add their datums and bytes to a batch of the
//! calling thread, one type and operation (or one kept object) at a time,
//! and the batch is handed to the recorder:
//!
//! - every 64 datums;
//! - when the thread counts a datum of another type or operation, or
//!   through another kept object (the batch in hand first);
//! - when the kept object it counts for is dropped on this thread, or
//!   makes a timed call (`TypedPlan::decode`), whose own count then comes
//!   after them;
//! - when the thread calls [`flush`];
//! - when the thread exits (at the program's end, the main thread's
//!   batch may never be handed over: Rust does not promise to run its
//!   thread-local destructors; call [`flush`] before the last scrape).
//!
//! So a scrape may lag each thread's counting of one type by up to 63
//! datums, for as long as the thread counts nothing else. A batch goes to
//! the recorder current when it is handed over, which under a thread-local
//! recorder (a test's) may be a later one than the counts were made under:
//! call [`flush`] before the closure given to `with_local_recorder`
//! returns, and before reading a recorder's counts. A kept object dropped
//! on one thread while another thread's counts of it are pending leaves
//! them whole: each batch holds a share of the keys it counts for.
//!
//! # Metrics
//!
//! | metric | type | unit | labels | what |
//! |---|---|---|---|---|
//! | `avrox_datums_total` | counter | datums | `schema`, `operation`, `framing` | datums encoded or decoded, each counted once it succeeded |
//! | `avrox_bytes_total` | counter | bytes | `schema`, `operation`, `framing` | bytes written (`encode`) or read (`decode`): the datum, message, JSON text or the file's blocks |
//! | `avrox_duration_seconds` | histogram | seconds | `schema`, `operation`, `framing` | time of one call given a whole message or datum (not of the crate root's functions, nor of `read_next`); of one block for container files (reading and decompressing it, or compressing and writing it); of one line of JSON lines |
//! | `avrox_blocks_total` | counter | blocks | `schema`, `operation`, `codec` | container-file blocks read or written |
//! | `avrox_failures_total` | counter | errors | `schema`, `operation`, `framing`, `category`, `kind` | calls or records that failed, by [`Category`] and [`ErrorKind`] |
//! | `avrox_validation_failures_total` | counter | failures | `schema`, `operation`, `framing`, `code` | broken constraints, one per failure of the [`Report`](crate::Report), by [`Code`](crate::validate::Code) |
//! | `avrox_version_mismatches_total` | counter | datums | `schema`, `framing`, `writer_version`, `writer_fingerprint` | datums read whose writer schema is not the reader's |
//! | `avrox_plans_compiled_total` | counter | plans | `schema` | resolution plans compiled from a writer's schema to a reader's |
//! | `avrox_cache_hits_total` | counter | lookups | `cache` | lookups that found what they looked for |
//! | `avrox_cache_misses_total` | counter | lookups | `cache` | lookups that did not |
//! | `avrox_blocks_skipped_total` | counter | stretches | `schema`, `codec` | damaged stretches a reader with `skip_damaged` skipped, one per damaged block a stretch starts at |
//! | `avrox_records_skipped_total` | counter | records | `schema`, `codec` | records lost in those stretches, where the damaged block's count was read: its records not yet read (a stretch that runs on to the next block's sync marker loses that block's records too, uncounted) |
//!
//! The labels' values:
//!
//! - `schema`: the full name of the record (enum, fixed) read or written,
//!   the reader's for reads; the type's name (`long`, `array`, `union`)
//!   for a schema whose root has no name.
//! - `operation`: `encode` or `decode`.
//! - `framing`: `raw` (the crate root's functions,
//!   [`from_slice_with_writer`](crate::from_slice_with_writer),
//!   [`TypedPlan`](crate::resolve::TypedPlan) and
//!   [`Resolver`](crate::resolve::Resolver)),
//!   `ocf` (container files), `single_object`, `confluent`, `json`.
//! - `codec`: the container file's codec, as the header names it (`null`,
//!   `deflate`, `zstandard`, ...).
//! - `category`: the [`Category`] in snake case
//!   (`data`, `limit`, `value`, `validation`, `migration`, `schema`,
//!   `container`, `framing`, `io`); `kind`: the [`ErrorKind`] variant in
//!   snake case
//!   (`unexpected_eof`, `sync_mismatch`, `unknown_fingerprint`, ...).
//! - `code`: the [`Code`](crate::validate::Code) as reports spell it
//!   (`min`, `max`, `length`, `pattern`, ...).
//! - `writer_version`: the version of the reader's type the writer's
//!   schema is (`#[avro(version = N)]`), or `unknown`;
//!   `writer_fingerprint`: the writer schema's CRC-64-AVRO fingerprint in
//!   hex, as Avro tools print it.
//! - `cache`: `schema_store` (a [`SchemaStore`](crate::framing::SchemaStore)'s
//!   lookup of a message's fingerprint), `decoders` (the decoders a
//!   `SchemaStore` or [`ConfluentReader`](crate::framing::ConfluentReader)
//!   compiled per writer schema), `resolver` (a
//!   [`Resolver`](crate::resolve::Resolver)'s plans), `single_object` (the
//!   schemas [`from_single_object`](crate::framing::from_single_object)
//!   knows a type by: its own, then its older versions').
//!
//! With the `metrics` feature, `describe_metrics()` gives the recorder each
//! metric's unit and description (the `# HELP` lines of Prometheus's text
//! format); call it once after installing the recorder.
//!
//! # Spans and events
//!
//! With the `tracing` feature, a container-file [`Reader`](crate::ocf::Reader)
//! and [`Writer`](crate::ocf::Writer), and their async twins `AsyncReader`
//! and `AsyncWriter` (feature `tokio`), each open a span for the file
//! (`avrox.ocf.read`, `avrox.ocf.write`, with the fields `schema` and
//! `codec`) and, inside it, one per block (`avrox.ocf.block`, with `index`,
//! `records` and `bytes`); a [`LinesReader`](crate::json::LinesReader) and
//! [`LinesWriter`](crate::json::LinesWriter) open one span for their stream
//! (`avrox.json.read`, `avrox.json.write`). Nothing is traced per datum.
//! Every failure counted above is also an event at level `WARN` (target
//! `avrox`), with the fields `operation`, `framing`, `schema`, `category`,
//! `kind`, `path` and `offset` of the [`Error`] and its
//! message; inside a file, its block's span is the event's parent.
//!
//! The async readers and writers report the same metrics, spans and
//! events as the blocking ones: the file's handles and span are held by
//! the parser and encoder that both drive. A `MessageStream` adds nothing:
//! each of its messages is counted by the decoder's `decode` it calls.
//! [`Value::decode`](crate::Value::decode) and the other functions of
//! `Value` given a schema count nothing: there is no object of the
//! caller's to keep keys in (a [`Plan`](crate::resolve::Plan) from the
//! schema to itself is one, and counts).
//! A [`BlockReader`](crate::ocf::BlockReader) counts the blocks it reads
//! as stored (blocks, bytes, time, failures, skipped stretches) and no
//! datums, as it decodes none; a blocking `Writer` dropped with records
//! pending counts the last block it writes as every written block is.
//!
//! ```
//! // With neither feature on, nothing is recorded and nothing is paid.
//! let bytes = avrox::to_vec(&27i64)?;
//! assert_eq!(avrox::from_slice::<i64>(&bytes)?, 27);
//! # Ok::<(), avrox::Error>(())
//! ```

#[cfg(feature = "metrics")]
mod batch;
#[cfg(feature = "metrics")]
mod metrics;
#[cfg(feature = "tracing")]
mod tracing;

#[cfg(feature = "metrics")]
pub use self::metrics::describe_metrics;

/// Hands the calling thread's pending counts to the recorder current now.
///
/// The crate root's functions and every `read_next` add their datums to a
/// batch of the calling thread, which goes to the recorder every 64
/// datums, when the thread counts for another type or operation (or
/// another kept object), when the object counting is dropped on this
/// thread, and when the thread exits (see the module docs). Call this
/// where counts must be complete now: before reading a recorder in a test,
/// before the closure given to `metrics::with_local_recorder` returns
/// (else the pending counts go to whichever recorder is current when they
/// are handed over), at the end of a short-lived task on a thread that
/// lives on, and on the main thread before the program's last scrape
/// (its batch may not be handed over at the program's end). It costs a few
/// instructions when nothing is pending; it does nothing without the
/// feature `metrics`.
///
/// ```
/// # #[cfg(feature = "metrics")] {
/// use metrics_exporter_prometheus::PrometheusBuilder;
///
/// let recorder = PrometheusBuilder::new().build_recorder();
/// let handle = recorder.handle();
/// metrics::with_local_recorder(&recorder, || {
///     let mut buffer = Vec::new();
///     for n in 0..10i64 {
///         avrox::encode_into(&n, &mut buffer).unwrap();
///     }
///     // Ten datums pending in this thread's batch, handed over while
///     // this recorder is the current one.
///     avrox::observe::flush();
/// });
/// let text = handle.render();
/// assert!(text.contains(r#"avrox_datums_total{schema="long",operation="encode",framing="raw"} 10"#));
/// # }
/// ```
pub fn flush() {
    #[cfg(feature = "metrics")]
    batch::flush();
}

use crate::error::{Category, Error, ErrorKind};
use crate::schema::{Fingerprint, Schema};

/// Whether any instrumentation is compiled in.
const ON: bool = cfg!(any(feature = "metrics", feature = "tracing"));

/// What a call did with its data: the `operation` label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Op {
    Encode,
    Decode,
}

impl Op {
    #[cfg_attr(not(any(feature = "metrics", feature = "tracing")), allow(dead_code))]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Op::Encode => "encode",
            Op::Decode => "decode",
        }
    }
}

/// How the datum was framed: the `framing` label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Framing {
    Raw,
    Ocf,
    SingleObject,
    Confluent,
    Json,
}

impl Framing {
    #[cfg_attr(not(any(feature = "metrics", feature = "tracing")), allow(dead_code))]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Framing::Raw => "raw",
            Framing::Ocf => "ocf",
            Framing::SingleObject => "single_object",
            Framing::Confluent => "confluent",
            Framing::Json => "json",
        }
    }
}

/// Which cache a lookup went to: the `cache` label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cache {
    SchemaStore,
    Decoders,
    Resolver,
    SingleObject,
}

impl Cache {
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Cache::SchemaStore => "schema_store",
            Cache::Decoders => "decoders",
            Cache::Resolver => "resolver",
            Cache::SingleObject => "single_object",
        }
    }
}

/// The `schema` label of a schema: its root's full name, or its type.
#[cfg_attr(not(any(feature = "metrics", feature = "tracing")), allow(dead_code))]
pub(crate) fn schema_label(schema: &Schema) -> &str {
    let root = schema.root();
    match root.name() {
        Some(name) => name.fullname(),
        None => root.ty().kind_name(),
    }
}

/// A clock started at the beginning of a call or block: the time of day
/// only when `metrics` is on, nothing otherwise.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timer {
    #[cfg(feature = "metrics")]
    start: std::time::Instant,
}

impl Timer {
    #[inline(always)]
    pub(crate) fn start() -> Timer {
        Timer {
            #[cfg(feature = "metrics")]
            start: std::time::Instant::now(),
        }
    }
}

/// The writer schema of a datum read with another schema than its
/// writer's: the `writer_version` and `writer_fingerprint` labels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Writer {
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    pub(crate) version: Option<u32>,
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    pub(crate) fingerprint: Fingerprint,
}

impl Writer {
    /// The writer of data read as `reader`, when its schema is another
    /// (by canonical form); `None` when they are the same. Computed only
    /// when `metrics` is on: otherwise always `None`, for free.
    #[inline(always)]
    pub(crate) fn differing(
        writer: &Schema,
        reader: &Schema,
        version: Option<u32>,
    ) -> Option<Writer> {
        if !cfg!(feature = "metrics") || writer.canonical_form() == reader.canonical_form() {
            return None;
        }
        Some(Writer {
            version,
            fingerprint: writer.rabin_fingerprint(),
        })
    }
}

/// One datum encoded or decoded by a call: counted with its bytes and
/// the call's time.
#[inline(always)]
pub(crate) fn datum(op: Op, framing: Framing, schema: &Schema, bytes: usize, timer: Timer) {
    #[cfg(feature = "metrics")]
    metrics::datum(
        op,
        framing,
        ::metrics::SharedString::from(schema_label(schema).to_owned()),
        bytes,
        timer,
    );
    let _ = (op, framing, schema, bytes, timer);
}

/// One datum of a type's own schema, encoded or decoded by a function of
/// the crate root (`to_vec`, `from_slice`, `read_next`, `encode_into`,
/// ...): added with its bytes to the thread's batch, without reading the
/// clock. The keys are the type's, built once (`schema` is called then,
/// and only when `metrics` is on). `id` stands for the type's schema
/// (`codec::cache::schema_id`), so that a loop over one type's datums
/// finds its batch without building or hashing anything.
#[inline(always)]
pub(crate) fn typed_datum(
    op: Op,
    id: impl FnOnce() -> usize,
    schema: fn() -> &'static Schema,
    bytes: usize,
) {
    #[cfg(feature = "metrics")]
    batch::typed(op, id(), schema, bytes);
    #[cfg(not(feature = "metrics"))]
    let _ = (op, id, schema, bytes);
}

/// The labels of a [`Meter`]: what it counts, with which schema, and the
/// writer when its schema is another than the reader's.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "metrics"), allow(dead_code))]
pub(crate) struct Labels<'a> {
    pub(crate) op: Op,
    pub(crate) framing: Framing,
    pub(crate) schema: &'a Schema,
    pub(crate) writer: Option<Writer>,
}

/// The metric keys of an object the caller keeps and counts through
/// ([`TypedPlan`](crate::resolve::TypedPlan), a `Plan`, the decoders of a
/// `SchemaStore` or `ConfluentReader`): labels built and hashed at its
/// first count, then registered with the recorder current at each count,
/// so a count always goes to the recorder current when it is made.
/// Zero-sized when `metrics` is off.
///
/// The keys are shared (an `Arc`) with the batch of each thread whose
/// counts through them are pending, so that the object can be dropped
/// while another thread still has counts of it to hand over.
#[derive(Debug, Default)]
pub(crate) struct Meter {
    #[cfg(feature = "metrics")]
    keys: std::sync::OnceLock<std::sync::Arc<metrics::Keys>>,
}

impl Meter {
    /// One datum of a call given a whole datum or message, with its bytes
    /// and the time since `timer`: counted at once, after the thread's
    /// pending counts of the same keys. `labels` is called on the first
    /// count.
    #[inline(always)]
    pub(crate) fn call<'a>(&self, labels: impl FnOnce() -> Labels<'a>, bytes: usize, timer: Timer) {
        #[cfg(feature = "metrics")]
        {
            let keys = self.keys(labels);
            batch::hand_over_for(keys);
            keys.count(1, bytes as u64, Some(timer));
        }
        #[cfg(not(feature = "metrics"))]
        let _ = (labels, bytes, timer);
    }

    /// One datum of many read from or written to the caller's buffer
    /// (`read_next`), with its bytes: added to the thread's batch, without
    /// reading the clock.
    #[inline(always)]
    pub(crate) fn datum<'a>(&self, labels: impl FnOnce() -> Labels<'a>, bytes: usize) {
        #[cfg(feature = "metrics")]
        batch::kept(self.keys(labels), bytes);
        #[cfg(not(feature = "metrics"))]
        let _ = (labels, bytes);
    }

    #[cfg(feature = "metrics")]
    #[inline(always)]
    fn keys<'a>(&self, labels: impl FnOnce() -> Labels<'a>) -> &std::sync::Arc<metrics::Keys> {
        self.keys.get_or_init(|| {
            let labels = labels();
            std::sync::Arc::new(metrics::Keys::new(
                labels.op,
                labels.framing,
                schema_label(labels.schema),
                labels.writer,
            ))
        })
    }
}

/// The owner is dropped: the dropping thread's pending counts of it are
/// handed over now, rather than when the thread next counts other keys
/// (a program that drops its plan and then reads its recorder sees them).
#[cfg(feature = "metrics")]
impl Drop for Meter {
    fn drop(&mut self) {
        if let Some(keys) = self.keys.get() {
            batch::release(keys);
        }
    }
}

/// A call (or a record of a file) that failed: counted by its kind, its
/// validation failures by code, and traced as an event. `schema` (the
/// reader's, for reads) is called only when a feature is on.
#[inline(always)]
pub(crate) fn failure<'s>(
    op: Op,
    framing: Framing,
    schema: impl FnOnce() -> Option<&'s Schema>,
    error: &Error,
) {
    if ON {
        failed(op, framing, schema(), error);
    }
    let _ = (op, framing, error);
}

/// [`failure`], out of line: errors are the cold path.
#[cold]
#[inline(never)]
#[cfg_attr(not(any(feature = "metrics", feature = "tracing")), allow(dead_code))]
fn failed(op: Op, framing: Framing, schema: Option<&Schema>, error: &Error) {
    let name = schema.map_or("", schema_label);
    #[cfg(feature = "metrics")]
    metrics::failure(op, framing, name, error);
    #[cfg(feature = "tracing")]
    tracing::failure(op, framing, name, error, None);
    let _ = (op, framing, name, error);
}

/// A datum read with another writer schema than the reader's.
#[inline(always)]
pub(crate) fn mismatch(framing: Framing, reader: &Schema, writer: Option<Writer>, datums: u64) {
    #[cfg(feature = "metrics")]
    if let Some(writer) = writer
        && datums > 0
    {
        metrics::mismatch(framing, schema_label(reader), writer, datums);
    }
    let _ = (framing, reader, writer, datums);
}

/// A resolution plan compiled for the reader's schema.
#[inline(always)]
pub(crate) fn plan_compiled(reader: &Schema) {
    #[cfg(feature = "metrics")]
    metrics::plan_compiled(schema_label(reader));
    let _ = reader;
}

/// A lookup in a cache.
#[inline(always)]
pub(crate) fn cache(cache: Cache, hit: bool) {
    #[cfg(feature = "metrics")]
    metrics::cache(cache, hit);
    let _ = (cache, hit);
}

/// The snake-case name of an error's category: the `category` label.
#[cfg_attr(not(any(feature = "metrics", feature = "tracing")), allow(dead_code))]
pub(crate) fn category_label(category: Category) -> &'static str {
    match category {
        Category::Data => "data",
        Category::Limit => "limit",
        Category::Value => "value",
        Category::Validation => "validation",
        Category::Migration => "migration",
        Category::Schema => "schema",
        Category::Container => "container",
        Category::Framing => "framing",
        Category::Io => "io",
    }
}

/// The snake-case name of an error's kind: the `kind` label. A match
/// without a catch-all, so that a new kind must be named here.
#[cfg_attr(not(any(feature = "metrics", feature = "tracing")), allow(dead_code))]
pub(crate) fn kind_label(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UnexpectedEof { .. } => "unexpected_eof",
        ErrorKind::VarintTooLong => "varint_too_long",
        ErrorKind::IntOutOfRange(_) => "int_out_of_range",
        ErrorKind::InvalidBoolean(_) => "invalid_boolean",
        ErrorKind::NegativeLength(_) => "negative_length",
        ErrorKind::InvalidUtf8 { .. } => "invalid_utf8",
        ErrorKind::UnionIndex { .. } => "union_index",
        ErrorKind::EnumIndex { .. } => "enum_index",
        ErrorKind::InvalidBlockCount { .. } => "invalid_block_count",
        ErrorKind::LimitExceeded { .. } => "limit_exceeded",
        ErrorKind::TrailingBytes(_) => "trailing_bytes",
        ErrorKind::Mismatch { .. } => "mismatch",
        ErrorKind::MissingField(_) => "missing_field",
        ErrorKind::OutOfRange { .. } => "out_of_range",
        ErrorKind::InvalidValue(_) => "invalid_value",
        ErrorKind::Schema(_) => "schema",
        ErrorKind::Unresolvable(_) => "unresolvable",
        ErrorKind::Migration(_) => "migration",
        ErrorKind::Io(_) => "io",
        ErrorKind::BadMagic(_) => "bad_magic",
        ErrorKind::InvalidHeader(_) => "invalid_header",
        ErrorKind::UnknownCodec { .. } => "unknown_codec",
        ErrorKind::SyncMismatch => "sync_mismatch",
        ErrorKind::ChecksumMismatch { .. } => "checksum_mismatch",
        ErrorKind::Decompress { .. } => "decompress",
        ErrorKind::BlockCountMismatch { .. } => "block_count_mismatch",
        ErrorKind::InvalidFraming(_) => "invalid_framing",
        ErrorKind::UnknownFingerprint(_) => "unknown_fingerprint",
        ErrorKind::UnknownSchemaId(_) => "unknown_schema_id",
        ErrorKind::Validation(_) => "validation",
    }
}

/// What a container-file reader or writer (or a reader or writer of
/// JSON lines) reports: its labels and metric handles made once, its
/// span, and the block under way, whose records are counted here and
/// reported when it ends. Zero-sized when both features are off.
#[derive(Debug, Default)]
pub(crate) struct Span {
    #[cfg(feature = "metrics")]
    metrics: Option<metrics::Handles>,
    #[cfg(feature = "tracing")]
    file: Option<::tracing::Span>,
    #[cfg(feature = "tracing")]
    block: Option<::tracing::Span>,
    #[cfg(any(feature = "metrics", feature = "tracing"))]
    state: Option<SpanState>,
}

#[cfg(any(feature = "metrics", feature = "tracing"))]
#[derive(Debug)]
struct SpanState {
    op: Op,
    framing: Framing,
    schema: String,
    /// The file's codec (`None` for JSON lines).
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    codec: Option<&'static str>,
    /// The reader's writer, when its schema is another than the reader's.
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    writer: Option<Writer>,
    /// The block under way: its index, when it started, and the records
    /// of it refused so far.
    block: Option<(u64, Timer, u64)>,
    /// Blocks started so far.
    blocks: u64,
}

impl Span {
    /// The span of a file or stream of `schema` (the reader's, for
    /// reads) with `codec` (`None` for JSON lines).
    #[inline(always)]
    pub(crate) fn open(
        op: Op,
        framing: Framing,
        schema: &Schema,
        codec: Option<&'static str>,
        writer: Option<Writer>,
    ) -> Span {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        {
            let name = schema_label(schema);
            Span {
                #[cfg(feature = "metrics")]
                metrics: Some(metrics::Handles::new(op, framing, name, codec)),
                #[cfg(feature = "tracing")]
                file: Some(tracing::file_span(op, framing, name, codec)),
                #[cfg(feature = "tracing")]
                block: None,
                state: Some(SpanState {
                    op,
                    framing,
                    schema: name.to_owned(),
                    codec,
                    writer,
                    block: None,
                    blocks: 0,
                }),
            }
        }
        #[cfg(not(any(feature = "metrics", feature = "tracing")))]
        {
            let _ = (op, framing, schema, codec, writer);
            Span {}
        }
    }

    /// Whether [`open`](Span::open) made it (always, with both features
    /// off: there is nothing to open).
    #[inline(always)]
    pub(crate) fn is_open(&self) -> bool {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        return self.state.is_some();
        #[cfg(not(any(feature = "metrics", feature = "tracing")))]
        true
    }

    /// A block starts (read) or is about to be written.
    #[inline(always)]
    pub(crate) fn block_start(&mut self, index: u64) {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        if let Some(state) = &mut self.state {
            state.block = Some((index, Timer::start(), 0));
            state.blocks += 1;
            #[cfg(feature = "tracing")]
            {
                self.block = self
                    .file
                    .as_ref()
                    .map(|file| tracing::block_span(file, index));
            }
        }
        let _ = index;
    }

    /// The next block is about to be written.
    #[inline(always)]
    pub(crate) fn next_block_start(&mut self) {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        if let Some(state) = &self.state {
            let index = state.blocks;
            self.block_start(index);
        }
    }

    /// The block [`next_block_start`](Span::next_block_start) started
    /// was not sealed (its compression failed): it is forgotten, and its
    /// index is the next block's.
    #[inline(always)]
    pub(crate) fn block_abandoned(&mut self) {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        if let Some(state) = &mut self.state
            && state.block.take().is_some()
        {
            state.blocks -= 1;
            #[cfg(feature = "tracing")]
            {
                self.block = None;
            }
        }
    }

    /// The block's own work is done (read and decompressed, or
    /// compressed and written): its time is observed.
    #[inline(always)]
    pub(crate) fn block_work_done(&mut self) {
        #[cfg(feature = "metrics")]
        if let (Some(state), Some(handles)) = (&self.state, &self.metrics)
            && let Some((_, timer, _)) = state.block
        {
            handles.duration(timer);
        }
    }

    /// The block ended: `records` of it were read or written (refused
    /// ones included), its frame had `bytes`.
    #[inline(always)]
    pub(crate) fn block_end(&mut self, records: u64, bytes: usize) {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        if let Some(state) = &mut self.state
            && let Some((_index, _timer, refused)) = state.block.take()
        {
            #[cfg(feature = "metrics")]
            if let Some(handles) = &self.metrics {
                let delivered = records.saturating_sub(refused);
                handles.block(delivered, bytes);
                if let Some(writer) = state.writer
                    && delivered > 0
                {
                    metrics::mismatch(state.framing, &state.schema, writer, delivered);
                }
            }
            #[cfg(feature = "tracing")]
            if let Some(block) = self.block.take() {
                tracing::block_end(&block, records, bytes);
            }
            let _ = refused;
        }
        let _ = (records, bytes);
    }

    /// A raw block (read as stored, not decoded) was read: `records` is
    /// its count, `bytes` its frame's length, `timer` started before its
    /// reading. It counts as a block with its bytes and time, none of its
    /// records as datums (none was decoded).
    #[inline(always)]
    pub(crate) fn raw_block(&mut self, index: u64, records: u64, bytes: usize, timer: Timer) {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        {
            self.block_start(index);
            if let Some(state) = &mut self.state
                && let Some(block) = &mut state.block
            {
                // Its time runs from before the read; all its records
                // are left out of the datums delivered.
                *block = (index, timer, records);
            }
            self.block_work_done();
            self.block_end(records, bytes);
        }
        let _ = (index, records, bytes, timer);
    }

    /// A damaged stretch starting at a block was skipped (`skip_damaged`),
    /// losing `records` if the block's count was read.
    #[inline(always)]
    pub(crate) fn skipped(&mut self, records: Option<u64>) {
        #[cfg(feature = "metrics")]
        if let Some(state) = &self.state {
            metrics::skipped(&state.schema, state.codec.unwrap_or(""), records);
        }
        let _ = records;
    }

    /// One datum of a stream without blocks (JSON lines) was read or
    /// written, with `bytes` and the time since `timer`.
    #[inline(always)]
    pub(crate) fn datum(&mut self, bytes: usize, timer: Timer) {
        #[cfg(feature = "metrics")]
        if let Some(handles) = &self.metrics {
            handles.datum(bytes, timer);
            if let Some(state) = &self.state
                && let Some(writer) = state.writer
            {
                metrics::mismatch(state.framing, &state.schema, writer, 1);
            }
        }
        let _ = (bytes, timer);
    }

    /// The file or stream failed: damage, I/O, a record that did not
    /// encode.
    #[inline(always)]
    pub(crate) fn failure(&mut self, error: &Error) {
        if ON {
            self.failed(error, false);
        }
        let _ = error;
    }

    /// A record of the block under way was read and refused (it breaks
    /// its constraints): it is not counted as delivered.
    #[inline(always)]
    pub(crate) fn refused(&mut self, error: &Error) {
        if ON {
            self.failed(error, true);
        }
        let _ = error;
    }

    #[cold]
    #[inline(never)]
    #[cfg_attr(not(any(feature = "metrics", feature = "tracing")), allow(dead_code))]
    fn failed(&mut self, error: &Error, refused_record: bool) {
        #[cfg(any(feature = "metrics", feature = "tracing"))]
        if let Some(state) = &mut self.state {
            if let Some((_, _, refused)) = &mut state.block
                && refused_record
            {
                *refused += 1;
            }
            let name = state.schema.as_str();
            #[cfg(feature = "metrics")]
            metrics::failure(state.op, state.framing, name, error);
            #[cfg(feature = "tracing")]
            tracing::failure(
                state.op,
                state.framing,
                name,
                error,
                // A block's span is at DEBUG: where that is off, the file's.
                self.block
                    .as_ref()
                    .filter(|b| !b.is_disabled())
                    .or(self.file.as_ref()),
            );
        }
        let _ = (error, refused_record);
    }
}
