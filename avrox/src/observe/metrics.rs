//! The metrics of the table in [`observe`](super), through the `metrics`
//! facade: to whatever recorder is current (a thread's local one, else the
//! global one) when a datum is counted, or when a file is opened.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use metrics::{
    Counter, Histogram, Key, KeyName, Label, Level, Metadata, Recorder, SharedString, Unit,
};

use super::{Cache, Framing, Op, Timer, Writer, category_label, kind_label};
use crate::error::Error;
use crate::schema::Schema;

const DATUMS: &str = "avrox_datums_total";
const BYTES: &str = "avrox_bytes_total";
const DURATION: &str = "avrox_duration_seconds";
const BLOCKS: &str = "avrox_blocks_total";
const FAILURES: &str = "avrox_failures_total";
const VALIDATION_FAILURES: &str = "avrox_validation_failures_total";
const VERSION_MISMATCHES: &str = "avrox_version_mismatches_total";
const PLANS_COMPILED: &str = "avrox_plans_compiled_total";
const CACHE_HITS: &str = "avrox_cache_hits_total";
const CACHE_MISSES: &str = "avrox_cache_misses_total";
const BLOCKS_SKIPPED: &str = "avrox_blocks_skipped_total";
const RECORDS_SKIPPED: &str = "avrox_records_skipped_total";

/// Every metric: name, unit, whether a histogram, description.
const METRICS: &[(&str, Unit, bool, &str)] = &[
    (
        DATUMS,
        Unit::Count,
        false,
        "Datums encoded or decoded successfully.",
    ),
    (
        BYTES,
        Unit::Bytes,
        false,
        "Bytes written (encode) or read (decode).",
    ),
    (
        DURATION,
        Unit::Seconds,
        true,
        "Time of one call, or of one container-file block's reading and decompression (or compression and writing).",
    ),
    (
        BLOCKS,
        Unit::Count,
        false,
        "Container-file blocks read or written.",
    ),
    (
        FAILURES,
        Unit::Count,
        false,
        "Calls or records that failed, by error category and kind.",
    ),
    (
        VALIDATION_FAILURES,
        Unit::Count,
        false,
        "Broken constraints, one per failure of a validation report, by code.",
    ),
    (
        VERSION_MISMATCHES,
        Unit::Count,
        false,
        "Datums read whose writer schema is not the reader's.",
    ),
    (
        PLANS_COMPILED,
        Unit::Count,
        false,
        "Resolution plans compiled from a writer's schema to a reader's.",
    ),
    (
        CACHE_HITS,
        Unit::Count,
        false,
        "Cache lookups that found what they looked for.",
    ),
    (
        CACHE_MISSES,
        Unit::Count,
        false,
        "Cache lookups that did not.",
    ),
    (
        BLOCKS_SKIPPED,
        Unit::Count,
        false,
        "Damaged stretches of container files skipped by readers with skip_damaged, one per damaged block they start at.",
    ),
    (
        RECORDS_SKIPPED,
        Unit::Count,
        false,
        "Records lost in skipped stretches, where the damaged block's count could be read.",
    ),
];

/// Where avrox's metrics come from, for recorders that filter on it.
static METADATA: Metadata<'static> = Metadata::new("avrox", Level::INFO, Some(module_path!()));

/// Gives the current recorder the unit and description of every metric
/// avrox records (the `# HELP` lines of Prometheus's text format). Call it
/// once, after installing the recorder; metrics are recorded without it,
/// only undescribed.
///
/// It also looks for the global recorder: once it has seen one, avrox
/// registers each of its metrics with it once and keeps the handles,
/// rather than looking them up at each count. Counts handed to a
/// thread-local recorder (as tests install) are looked up at each count.
/// The facade does not tell a thread's local recorder from the global
/// one, so while the global recorder is not known and the calling thread
/// sees a recorder at all, each call asks a short-lived thread of its own
/// (which has no local recorder) which recorder it sees; with no recorder
/// installed, or once the global one is known, it spawns nothing.
///
/// ```
/// # fn install_your_recorder() {}
/// install_your_recorder(); // metrics_exporter_prometheus, ...
/// avrox::observe::describe_metrics();
/// ```
pub fn describe_metrics() {
    let look = metrics::with_recorder(|r| !is_noop(r) && GLOBAL.load(Ordering::Relaxed) == 0);
    if look {
        find_global();
    }
    metrics::with_recorder(|recorder| {
        for &(name, unit, histogram, description) in METRICS {
            let key = KeyName::from_const_str(name);
            let description = SharedString::const_str(description);
            if histogram {
                recorder.describe_histogram(key, Some(unit), description);
            } else {
                recorder.describe_counter(key, Some(unit), description);
            }
        }
    });
}

fn label(key: &'static str, value: &str) -> Label {
    Label::new(key, value.to_owned())
}

fn common(op: Op, framing: Framing, schema: &str) -> Vec<Label> {
    vec![
        label("schema", schema),
        Label::from_static_parts("operation", op.as_str()),
        Label::from_static_parts("framing", framing.as_str()),
    ]
}

fn counter(name: &'static str, labels: Vec<Label>) -> Counter {
    metrics::with_recorder(|r| r.register_counter(&Key::from_parts(name, labels), &METADATA))
}

/// One datum of a call.
pub(super) fn datum(op: Op, framing: Framing, schema: SharedString, bytes: usize, timer: Timer) {
    let seconds = timer.start.elapsed().as_secs_f64();
    let labels = vec![
        Label::new("schema", schema),
        Label::from_static_parts("operation", op.as_str()),
        Label::from_static_parts("framing", framing.as_str()),
    ];
    metrics::with_recorder(|r| {
        let key = Key::from_parts(DATUMS, labels.clone());
        r.register_counter(&key, &METADATA).increment(1);
        let key = Key::from_parts(BYTES, labels.clone());
        r.register_counter(&key, &METADATA).increment(bytes as u64);
        let key = Key::from_parts(DURATION, labels);
        r.register_histogram(&key, &METADATA).record(seconds);
    });
}

/// The keys of the datums of one (operation, framing, schema), and of
/// their version mismatch when the writer's schema is another: labels
/// built and hashed once. A count registers them with the recorder current
/// then, as the facade's own macros do with their static keys, so that it
/// goes to the recorder current when it is made; with the global recorder
/// (once [`describe_metrics`] has seen it) they are registered once and
/// their handles kept. Handles are kept for the global recorder only: it
/// lives as long as the program, while a thread's local recorder may be
/// dropped and the next one made at its address, and the facade gives
/// recorders no other identity, so handles kept for a local recorder
/// could count into one no longer installed.
///
/// The duration histogram is registered at the first count that was
/// timed, never for keys whose counts are not (the crate root's
/// functions, `read_next`): a scrape would show it empty.
#[derive(Debug)]
pub(super) struct Keys {
    datums: Key,
    bytes: Key,
    duration: Key,
    mismatch: Option<Key>,
    /// The handles of the keys, registered with the global recorder.
    global: OnceLock<Registered>,
}

/// The handles of [`Keys`], registered with one recorder.
#[derive(Debug)]
struct Registered {
    datums: Counter,
    bytes: Counter,
    duration: OnceLock<Histogram>,
    mismatch: Option<Counter>,
}

/// The address of the global recorder, once [`describe_metrics`] has
/// seen one installed (0 until then): it is never replaced or dropped, so
/// a recorder at this address is it.
static GLOBAL: AtomicUsize = AtomicUsize::new(0);

/// The address a `&dyn Recorder` points at.
fn address(recorder: &dyn Recorder) -> usize {
    std::ptr::from_ref(recorder).cast::<()>() as usize
}

/// Whether `recorder` is the facade's no-op recorder, which is
/// zero-sized (so its address may be any other zero-sized value's): what
/// a thread sees with neither a local nor a global recorder installed.
fn is_noop(recorder: &dyn Recorder) -> bool {
    std::mem::size_of_val(recorder) == 0
}

/// Learns the global recorder's address: what a thread without a local
/// recorder of its own sees, if that is not the no-op recorder.
///
/// The facade does not say whether the current recorder is a thread's
/// local one or the global one, so this asks a short-lived thread of its
/// own, which has no local recorder. [`describe_metrics`] calls it only
/// while the global recorder is unknown and the current recorder is a
/// real one: a thread that sees the no-op recorder has no recorder at
/// all, and there is nothing to find.
fn find_global() {
    let seen = std::thread::Builder::new()
        .name("avrox-find-recorder".into())
        .spawn(|| metrics::with_recorder(|r| if is_noop(r) { 0 } else { address(r) }))
        .ok()
        .and_then(|thread| thread.join().ok());
    if let Some(global) = seen
        && global != 0
    {
        GLOBAL.store(global, Ordering::Relaxed);
    }
}

impl Keys {
    pub(super) fn new(op: Op, framing: Framing, schema: &str, writer: Option<Writer>) -> Keys {
        let labels = common(op, framing, schema);
        Keys {
            datums: Key::from_parts(DATUMS, labels.clone()),
            bytes: Key::from_parts(BYTES, labels.clone()),
            duration: Key::from_parts(DURATION, labels),
            mismatch: writer.map(|writer| {
                Key::from_parts(VERSION_MISMATCHES, mismatch_labels(framing, schema, writer))
            }),
            global: OnceLock::new(),
        }
    }

    fn register(&self, r: &dyn Recorder) -> Registered {
        Registered {
            datums: r.register_counter(&self.datums, &METADATA),
            bytes: r.register_counter(&self.bytes, &METADATA),
            duration: OnceLock::new(),
            mismatch: self
                .mismatch
                .as_ref()
                .map(|key| r.register_counter(key, &METADATA)),
        }
    }

    /// `datums` that succeeded, with their `bytes`, and the call's time
    /// when it was measured: to the recorder current now.
    pub(super) fn count(&self, datums: u64, bytes: u64, timer: Option<Timer>) {
        let seconds = timer.map(|timer| timer.start.elapsed().as_secs_f64());
        metrics::with_recorder(|r| {
            if address(r) == GLOBAL.load(Ordering::Relaxed) {
                let handles = self.global.get_or_init(|| self.register(r));
                handles.datums.increment(datums);
                handles.bytes.increment(bytes);
                if let Some(seconds) = seconds {
                    let duration = handles
                        .duration
                        .get_or_init(|| r.register_histogram(&self.duration, &METADATA));
                    duration.record(seconds);
                }
                if let Some(mismatch) = &handles.mismatch {
                    mismatch.increment(datums);
                }
                return;
            }
            r.register_counter(&self.datums, &METADATA)
                .increment(datums);
            r.register_counter(&self.bytes, &METADATA).increment(bytes);
            if let Some(seconds) = seconds {
                r.register_histogram(&self.duration, &METADATA)
                    .record(seconds);
            }
            if let Some(mismatch) = &self.mismatch {
                r.register_counter(mismatch, &METADATA).increment(datums);
            }
        });
    }
}

/// The keys of the type whose schema `id` stands for, under the `raw`
/// framing: built on the type's first count and kept for the life of the
/// program, as the type's schema is, one entry per (type, operation), so
/// the map is as bounded as the program's types. It holds keys (names and
/// labels) only, never a recorder's handles, so nothing here depends on
/// which recorder is current. The thread's batch remembers the type it
/// counts for, so that a loop over one type's datums comes here once.
#[cold]
#[inline(never)]
pub(super) fn type_keys(op: Op, id: usize, schema: impl FnOnce() -> &'static Schema) -> Arc<Keys> {
    type Map = HashMap<(usize, Op), Arc<Keys>, BuildHasherDefault<AddressHasher>>;
    static TYPES: OnceLock<RwLock<Map>> = OnceLock::new();
    let types = TYPES.get_or_init(Default::default);
    if let Some(keys) = types
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&(id, op))
    {
        return Arc::clone(keys);
    }
    let keys = Keys::new(op, Framing::Raw, super::schema_label(schema()), None);
    let mut map = types.write().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(map.entry((id, op)).or_insert_with(|| Arc::new(keys)))
}

/// A hash of a function's address and a small enum: a multiply per word,
/// as the keys are few and chosen by the program, not by input.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

/// A failure, with the failures of its validation report.
pub(super) fn failure(op: Op, framing: Framing, schema: &str, error: &Error) {
    let mut labels = common(op, framing, schema);
    if let Some(report) = error.report() {
        for failure in report.failures() {
            let mut labels = labels.clone();
            labels.push(Label::from_static_parts("code", failure.code().as_str()));
            counter(VALIDATION_FAILURES, labels).increment(1);
        }
    }
    labels.push(Label::from_static_parts(
        "category",
        category_label(error.category()),
    ));
    labels.push(Label::from_static_parts("kind", kind_label(error.kind())));
    counter(FAILURES, labels).increment(1);
}

/// `datums` read with another writer schema than the reader's.
pub(super) fn mismatch(framing: Framing, schema: &str, writer: Writer, datums: u64) {
    counter(VERSION_MISMATCHES, mismatch_labels(framing, schema, writer)).increment(datums);
}

fn mismatch_labels(framing: Framing, schema: &str, writer: Writer) -> Vec<Label> {
    let version = match writer.version {
        Some(v) => v.to_string(),
        None => "unknown".to_owned(),
    };
    vec![
        label("schema", schema),
        Label::from_static_parts("framing", framing.as_str()),
        Label::new("writer_version", version),
        Label::new("writer_fingerprint", writer.fingerprint.to_string()),
    ]
}

/// A damaged stretch of a file skipped, with the records it lost when the
/// damaged block's count was read.
pub(super) fn skipped(schema: &str, codec: &str, records: Option<u64>) {
    let labels = vec![label("schema", schema), label("codec", codec)];
    if let Some(records) = records {
        counter(RECORDS_SKIPPED, labels.clone()).increment(records);
    }
    counter(BLOCKS_SKIPPED, labels).increment(1);
}

/// A plan compiled for `schema`, the reader's.
pub(super) fn plan_compiled(schema: &str) {
    counter(PLANS_COMPILED, vec![label("schema", schema)]).increment(1);
}

/// A cache lookup.
pub(super) fn cache(cache: Cache, hit: bool) {
    let name = if hit { CACHE_HITS } else { CACHE_MISSES };
    let labels = vec![Label::from_static_parts("cache", cache.as_str())];
    counter(name, labels).increment(1);
}

/// The metrics of one file or stream, registered once when it is opened:
/// its blocks (or datums) are reported through them.
#[derive(Debug)]
pub(super) struct Handles {
    datums: Counter,
    bytes: Counter,
    duration: Histogram,
    blocks: Option<Counter>,
}

impl Handles {
    pub(super) fn new(op: Op, framing: Framing, schema: &str, codec: Option<&str>) -> Handles {
        let labels = common(op, framing, schema);
        metrics::with_recorder(|r| {
            let blocks = codec.map(|codec| {
                let labels = vec![
                    label("schema", schema),
                    Label::from_static_parts("operation", op.as_str()),
                    label("codec", codec),
                ];
                r.register_counter(&Key::from_parts(BLOCKS, labels), &METADATA)
            });
            Handles {
                datums: r.register_counter(&Key::from_parts(DATUMS, labels.clone()), &METADATA),
                bytes: r.register_counter(&Key::from_parts(BYTES, labels.clone()), &METADATA),
                duration: r.register_histogram(&Key::from_parts(DURATION, labels), &METADATA),
                blocks,
            }
        })
    }

    /// A block's time.
    pub(super) fn duration(&self, timer: Timer) {
        self.duration.record(timer.start.elapsed().as_secs_f64());
    }

    /// A block ended, with `datums` delivered and `bytes` in its frame.
    pub(super) fn block(&self, datums: u64, bytes: usize) {
        self.datums.increment(datums);
        self.bytes.increment(bytes as u64);
        if let Some(blocks) = &self.blocks {
            blocks.increment(1);
        }
    }

    /// A datum of a stream without blocks, and its time.
    pub(super) fn datum(&self, bytes: usize, timer: Timer) {
        self.datums.increment(1);
        self.bytes.increment(bytes as u64);
        self.duration(timer);
    }
}
