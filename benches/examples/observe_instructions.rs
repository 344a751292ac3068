//! The loops over one buffer that count every datum (feature `metrics`),
//! run for callgrind: what one count costs next to encoding or decoding
//! a `log` or `events` record, with the features off, on with no
//! recorder, and on with Prometheus's recorder installed globally.
//!
//! ```sh
//! cargo build --release -p avrox-benches --example observe_instructions [--features observe]
//! valgrind --tool=callgrind --toggle-collect=observe_instructions::measured \
//!   target/release/examples/observe_instructions log encode_into [prometheus]
//! ```
//!
//! The loops: `encode_into` (every record into one reused buffer),
//! `read_next` (every record from one buffer), `from_slice` (each
//! record from its own slice) and `plan_read_next` (a kept
//! `TypedPlan::read_next` over one buffer). Each runs once unmeasured
//! (the first counts build the metric keys and register them), then
//! `RUNS` times inside `measured`, the one function callgrind counts:
//! divide its instructions by `RUNS * RECORDS`.

use std::hint::black_box;

use avrox::binary::SliceReader;
use avrox::resolve::TypedPlan;
use avrox::{AvroSchema, DecodeOwned, Encode};
use avrox_benches::events::events;
use avrox_benches::{SEED, logs};

const RECORDS: usize = 1000;
const RUNS: usize = 10;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: observe_instructions log|events \
                 encode_into|read_next|from_slice|plan_read_next [prometheus]";
    let (Some(dataset), Some(op)) = (args.next(), args.next()) else {
        exit(usage);
    };
    let scrape = args.next().map(|recorder| install(&recorder));
    match dataset.as_str() {
        "log" => run(&logs(RECORDS, SEED), &op, scrape),
        "events" => run(&events(RECORDS, SEED), &op, scrape),
        _ => exit(usage),
    }
}

/// Renders what the installed recorder holds.
type Scrape = Box<dyn Fn() -> String>;

fn exit(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2)
}

/// Installs Prometheus's recorder globally, as a service would, and tells
/// avrox (so that it keeps its handles with it).
fn install(name: &str) -> Scrape {
    #[cfg(feature = "observe")]
    if name == "prometheus" {
        let handle = metrics_exporter_prometheus::PrometheusBuilder::new()
            .install_recorder()
            .unwrap_or_else(|e| exit(&format!("cannot install Prometheus's recorder: {e}")));
        avrox::observe::describe_metrics();
        return Box::new(move || handle.render());
    }
    exit(&format!(
        "unknown recorder {name} (with the feature `observe`: prometheus)"
    ))
}

fn run<T: Encode + AvroSchema + DecodeOwned + 'static>(
    records: &[T],
    op: &str,
    scrape: Option<Scrape>,
) {
    let mut buffer = Vec::new();
    for r in records {
        avrox::encode_into(r, &mut buffer).expect("avrox encodes");
    }
    let mut ends = vec![0];
    let mut one = Vec::new();
    for r in records {
        one.clear();
        avrox::encode_into(r, &mut one).expect("avrox encodes");
        ends.push(ends[ends.len() - 1] + one.len());
    }
    let plan = TypedPlan::<T>::new(T::schema()).expect("a plan to itself");
    let mut out = Vec::with_capacity(buffer.len());
    let mut once: Box<dyn FnMut() -> usize + '_> = match op {
        "encode_into" => Box::new(|| {
            out.clear();
            for r in black_box(records) {
                avrox::encode_into(r, &mut out).expect("avrox encodes");
            }
            out.len()
        }),
        "read_next" => Box::new(|| {
            let mut reader = SliceReader::new(black_box(&buffer));
            for _ in 0..records.len() {
                black_box(avrox::read_next::<T>(&mut reader).expect("avrox decodes"));
            }
            reader.position()
        }),
        "from_slice" => Box::new(|| {
            for w in ends.windows(2) {
                let bytes = black_box(&buffer[w[0]..w[1]]);
                black_box(avrox::from_slice::<T>(bytes).expect("avrox decodes"));
            }
            ends.len()
        }),
        "plan_read_next" => Box::new(|| {
            let mut reader = SliceReader::new(black_box(&buffer));
            for _ in 0..records.len() {
                black_box(plan.read_next(&mut reader).expect("avrox decodes"));
            }
            reader.position()
        }),
        _ => exit(&format!("unknown loop {op}")),
    };
    black_box(once());
    for _ in 0..RUNS {
        black_box(measured(&mut once));
    }
    drop(once);
    if let Some(scrape) = scrape {
        // The recorder got every datum: the runs', and for encoding the
        // two encodings of the records above.
        avrox::observe::flush();
        let (operation, setup) = match op {
            "encode_into" => ("encode", 2),
            _ => ("decode", 0),
        };
        let datums = (1 + RUNS + setup) * records.len();
        let line = format!("operation=\"{operation}\",framing=\"raw\"}} {datums}\n");
        let text = scrape();
        assert!(text.contains(&line), "no {line} in:\n{text}");
    }
}

/// One run of a loop: the function callgrind counts.
#[inline(never)]
fn measured(once: &mut dyn FnMut() -> usize) -> usize {
    once()
}
