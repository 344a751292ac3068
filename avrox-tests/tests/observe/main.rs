//! avrox's metrics and spans (features `metrics` and `tracing`): one test
//! binary, a module per file.
//!
//! - `drivers`: the blocking and async container-file readers and writers
//!   behind one API, so each file case runs through both;
//! - `counts`: the exact counters after known operations, recorded by
//!   metrics-util's debugging recorder installed for the test's thread;
//! - `global`: the same with a global recorder, whose handles avrox keeps;
//! - `batch`: when a thread's batched counts reach the recorder (every 64
//!   datums, on a switch of keys, a drop, `flush()`, the thread's exit);
//! - `spans`: the spans and events of files and failures, captured by a
//!   tracing layer;
//! - `tables`: the metric table of `avrox::observe`'s docs and of the book
//!   chapter list what the code records, with its types, units and labels;
//! - `service`: the metrics example, scraped over HTTP.

mod batch;
mod counts;
mod drivers;
mod global;
mod service;
mod spans;
mod tables;

use std::collections::BTreeMap;

use avrox::Avro;
use metrics_util::MetricKind;
use metrics_util::debugging::{DebugValue, DebuggingRecorder};

/// A reading of a sensor: version 2 added `note`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.iot", version = 2)]
pub struct Reading {
    pub sensor: String,
    #[avro(max = 100.0)]
    pub celsius: f64,
    #[avro(default, since = 2)]
    pub note: Option<String>,
}

pub const READING: &str = "com.acme.iot.Reading";

pub fn reading(celsius: f64) -> Reading {
    Reading {
        sensor: "t-1".into(),
        celsius,
        note: None,
    }
}

/// A metric recorded: its name, type, labels and value.
#[derive(Debug)]
pub struct Sample {
    pub name: String,
    pub kind: MetricKind,
    pub unit: Option<metrics::Unit>,
    pub labels: BTreeMap<String, String>,
    pub value: DebugValue,
}

/// Runs `f` with a fresh debugging recorder as this thread's recorder, and
/// returns what it recorded. The thread's pending counts are handed over
/// before (to whichever recorder was current) and at the end of `f` (to
/// this one), so that this recorder gets exactly the counts `f` made.
pub fn record(f: impl FnOnce()) -> Vec<Sample> {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    avrox::observe::flush();
    metrics::with_local_recorder(&recorder, || {
        f();
        avrox::observe::flush();
    });
    samples(&snapshotter)
}

/// What a debugging recorder holds now.
pub fn samples(snapshotter: &metrics_util::debugging::Snapshotter) -> Vec<Sample> {
    snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, unit, _, value)| {
            let (kind, key) = key.into_parts();
            let (name, labels) = key.into_parts();
            Sample {
                name: name.as_str().to_owned(),
                kind,
                unit,
                labels: labels
                    .into_iter()
                    .map(|l| (l.key().to_owned(), l.value().to_owned()))
                    .collect(),
                value,
            }
        })
        .collect()
}

/// What a debugging recorder has recorded so far: its snapshots, which
/// take the counts out of it, added up.
pub struct Totals {
    snapshotter: metrics_util::debugging::Snapshotter,
    seen: std::sync::Mutex<Vec<Sample>>,
}

impl std::fmt::Debug for Totals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Totals")
            .field("seen", &self.seen)
            .finish_non_exhaustive()
    }
}

impl Totals {
    pub fn new(snapshotter: metrics_util::debugging::Snapshotter) -> Totals {
        Totals {
            snapshotter,
            seen: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Every metric recorded since the recorder was made.
    pub fn now(&self) -> Vec<Sample> {
        let mut seen = self.seen.lock().unwrap();
        for new in samples(&self.snapshotter) {
            let same = seen
                .iter_mut()
                .find(|s| s.name == new.name && s.kind == new.kind && s.labels == new.labels);
            match same {
                Some(old) => match (&mut old.value, new.value) {
                    (DebugValue::Counter(n), DebugValue::Counter(more)) => *n += more,
                    (DebugValue::Histogram(values), DebugValue::Histogram(more)) => {
                        values.extend(more)
                    }
                    (value, other) => *value = other,
                },
                None => seen.push(new),
            }
        }
        seen.iter().map(Sample::copy).collect()
    }
}

impl Sample {
    /// A copy (`DebugValue` is not `Clone`).
    fn copy(&self) -> Sample {
        Sample {
            name: self.name.clone(),
            kind: self.kind,
            unit: self.unit,
            labels: self.labels.clone(),
            value: match &self.value {
                DebugValue::Counter(n) => DebugValue::Counter(*n),
                DebugValue::Gauge(x) => DebugValue::Gauge(*x),
                DebugValue::Histogram(values) => DebugValue::Histogram(values.clone()),
            },
        }
    }
}

/// The samples of `name` whose labels include every one of `labels`.
pub fn matching<'a>(samples: &'a [Sample], name: &str, labels: &[(&str, &str)]) -> Vec<&'a Sample> {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

/// The sum of the counters of `name` whose labels include `labels`.
pub fn count(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> u64 {
    matching(samples, name, labels)
        .iter()
        .map(|s| match &s.value {
            DebugValue::Counter(n) => *n,
            other => panic!("{name} is not a counter: {other:?}"),
        })
        .sum()
}

/// How many values the histograms of `name` with `labels` observed.
pub fn observations(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> usize {
    matching(samples, name, labels)
        .iter()
        .map(|s| match &s.value {
            DebugValue::Histogram(values) => values.len(),
            other => panic!("{name} is not a histogram: {other:?}"),
        })
        .sum()
}
