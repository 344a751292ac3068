//! avrox's metrics and spans (features `metrics` and `tracing`): one test
//! binary, a module per file.
//!
//! - `drivers`: the blocking and async container-file readers and writers
//!   behind one API, so each file case runs through both;
//! - `counts`: the exact counters after known operations, recorded by
//!   metrics-util's debugging recorder installed for the test's thread;
//! - `global`: the same with a global recorder, whose handles avrox keeps;
//! - `spans`: the spans and events of files and failures, captured by a
//!   tracing layer;
//! - `tables`: the metric table of `avrox::observe`'s docs and of the book
//!   chapter list what the code records, with its types, units and labels;
//! - `service`: the metrics example, scraped over HTTP.

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
/// returns what it recorded.
pub fn record(f: impl FnOnce()) -> Vec<Sample> {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    metrics::with_local_recorder(&recorder, f);
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
