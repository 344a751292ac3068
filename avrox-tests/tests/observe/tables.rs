//! The one metric table, as the docs of `avrox::observe` and the book
//! chapter print it, against what the code records.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use avrox::Value;
use avrox::framing::{self, SchemaStore};
use avrox::ocf::{Reader, ReaderOptions, Writer};
use avrox::resolve::Evolve;
use metrics_util::MetricKind;

use crate::{Reading, reading, record};

/// A row of the table: type, unit, labels.
#[derive(Debug, PartialEq)]
pub struct Row {
    pub kind: String,
    pub unit: String,
    pub labels: BTreeSet<String>,
}

/// The rows of the metric table in `text`, whose lines start with
/// `prefix` (`//! ` in Rust docs), by metric name.
pub fn table(text: &str, prefix: &str) -> BTreeMap<String, Row> {
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let Some(row) = line.strip_prefix(prefix) else {
            continue;
        };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // `| name | type | unit | labels | what |` splits into 7 cells.
        if cells.len() != 7 || !cells[1].starts_with("`avrox_") {
            continue;
        }
        let name = cells[1].trim_matches('`').to_owned();
        let labels = cells[4]
            .split(',')
            .map(|l| l.trim().trim_matches('`').to_owned())
            .collect();
        let row = Row {
            kind: cells[2].to_owned(),
            unit: cells[3].to_owned(),
            labels,
        };
        assert!(rows.insert(name.clone(), row).is_none(), "{name} twice");
    }
    rows
}

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// The table in `avrox::observe`'s docs.
pub fn documented() -> BTreeMap<String, Row> {
    let path = workspace().join("avrox/src/observe/mod.rs");
    table(&std::fs::read_to_string(path).unwrap(), "//! ")
}

#[test]
fn the_book_s_table_is_the_docs_table() {
    let path = workspace().join("book/src/observe.md");
    let book = table(&std::fs::read_to_string(path).unwrap(), "");
    let docs = documented();
    assert_eq!(docs.len(), 12, "{docs:#?}");
    assert_eq!(book, docs);
}

#[test]
fn the_table_lists_every_metric_recorded_with_its_type_unit_and_labels() {
    let (v1, old) = {
        let v1 = Reading::history().version(1).unwrap().schema();
        let old = Value::record([
            ("sensor", Value::from("t-0")),
            ("celsius", Value::Double(20.0)),
        ]);
        (v1, old)
    };
    // Something of everything: calls, a file, failures, a store of
    // schemas with an older version's messages.
    let samples = record(|| {
        avrox::observe::describe_metrics();
        let bytes = avrox::to_vec(&reading(1.0)).unwrap();
        avrox::from_slice::<Reading>(&bytes).unwrap();
        assert!(avrox::to_vec(&reading(150.0)).is_err());
        let mut w = Writer::<Reading, _>::new(Vec::new()).unwrap();
        w.append(&reading(2.0)).unwrap();
        let file = w.finish().unwrap();
        assert_eq!(Reader::<Reading, _>::new(&file[..]).unwrap().count(), 1);
        let mut store = SchemaStore::new();
        store.add_type::<Reading>();
        let message = framing::to_single_object(&old.with_schema(v1)).unwrap();
        store.decode::<Reading>(&message).unwrap();
        store.decode::<Reading>(&message).unwrap();
        assert!(store.decode::<Reading>(&message[..2]).is_err());
        let mut unknown = message.clone();
        unknown[2] ^= 1;
        assert!(store.decode::<Reading>(&unknown).is_err());
        let damaged = crate::counts::file_with_a_damaged_frame();
        let options = ReaderOptions::new().skip_damaged(true);
        let read = Reader::<Reading, _>::with_options(&damaged[..], options).unwrap();
        assert_eq!(read.filter(Result::is_ok).count(), 1);
    });
    let documented = documented();
    let recorded: BTreeSet<&str> = samples.iter().map(|s| s.name.as_str()).collect();
    let listed: BTreeSet<&str> = documented.keys().map(String::as_str).collect();
    assert_eq!(recorded, listed);
    for sample in &samples {
        let row = &documented[&sample.name];
        let kind = match sample.kind {
            MetricKind::Counter => "counter",
            MetricKind::Gauge => "gauge",
            MetricKind::Histogram => "histogram",
        };
        assert_eq!(kind, row.kind, "{}", sample.name);
        let unit = match sample.unit {
            Some(metrics::Unit::Seconds) => "seconds",
            Some(metrics::Unit::Bytes) => "bytes",
            Some(metrics::Unit::Count) => "count",
            other => panic!("{}: unit {other:?}", sample.name),
        };
        // Counts of things say which things: datums, blocks, errors.
        let documented_unit = match row.unit.as_str() {
            "seconds" | "bytes" => row.unit.as_str(),
            _ => "count",
        };
        assert_eq!(unit, documented_unit, "{}", sample.name);
        let labels: BTreeSet<String> = sample.labels.keys().cloned().collect();
        assert_eq!(labels, row.labels, "{}", sample.name);
    }
}
