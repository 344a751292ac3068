//! Every peer over every dataset, timed interleaved in one process.
//!
//! ```text
//! cargo run --release -p avrox-benches --bin compare             # markdown tables
//! cargo run --release -p avrox-benches --bin compare -- --json   # one JSON object per line
//! compare --filter log/        # only the cases whose id contains `log/`
//! compare --quick              # fewer, shorter rounds
//! compare --records 1000       # smaller datasets
//! compare --list               # the case ids
//! compare --callgrind --filter log/encode --times 3   # see benches/scripts/callgrind.py
//! compare --events-ocf DIR --records 1000000          # see benches/scripts/cross_language.py
//! compare --check-events FILE --records 1000000
//! compare --recorder prometheus  # with the feature `observe`: avrox's metrics to Prometheus's recorder
//! ```
//!
//! Timing: every case runs once to warm up (its allocations are counted
//! then), is calibrated to a sample of a few milliseconds, and then all
//! cases take turns, one sample each per round; a case's time is the
//! median of its rounds. Running the peers interleaved, rather than one
//! after the other, spreads a busy machine's noise over all of them alike,
//! so the ratios hold even where the times do not.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use avrox_benches::events::{Event, events};
use avrox_benches::peers::{self, Case, Crate, Op};

/// The system allocator, counting allocations (reallocations count too:
/// each may move the block).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments;
// the counter has no effect on the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The command line.
#[derive(Debug, Default)]
struct Args {
    json: bool,
    quick: bool,
    list: bool,
    callgrind: bool,
    times: usize,
    rounds: Option<usize>,
    records: Option<usize>,
    filter: Vec<String>,
    events_ocf: Option<String>,
    check_events: Option<String>,
    recorder: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        times: 1,
        ..Args::default()
    };
    let mut it = std::env::args().skip(1);
    let number = |v: Option<String>, flag: &str| -> Result<usize, String> {
        v.and_then(|v| v.replace('_', "").parse().ok())
            .ok_or_else(|| format!("{flag} needs a number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => args.json = true,
            "--quick" => args.quick = true,
            "--list" => args.list = true,
            "--callgrind" => args.callgrind = true,
            "--times" => args.times = number(it.next(), "--times")?,
            "--rounds" => args.rounds = Some(number(it.next(), "--rounds")?),
            "--records" => args.records = Some(number(it.next(), "--records")?),
            "--filter" => args.filter.push(it.next().ok_or("--filter needs a text")?),
            "--events-ocf" => args.events_ocf = Some(it.next().ok_or("--events-ocf needs a dir")?),
            "--recorder" => args.recorder = Some(it.next().ok_or("--recorder needs a name")?),
            "--check-events" => {
                args.check_events = Some(it.next().ok_or("--check-events needs a file")?)
            }
            // `cargo bench` and `cargo test` pass these to every target.
            "--bench" | "--test" => {}
            "-h" | "--help" => {
                return Err(
                    "usage: compare [--json] [--quick] [--list] [--filter TEXT]... [--records N] \
                     [--rounds N] [--callgrind [--times N]] [--events-ocf DIR] [--check-events FILE] \
                     [--recorder prometheus]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

/// Installs the metrics recorder named on the command line, if any: with
/// the feature `observe` on and none named, avrox's metrics go to the
/// facade's no-op recorder.
fn install_recorder(name: Option<&str>) -> Result<(), String> {
    match name {
        None => Ok(()),
        #[cfg(feature = "observe")]
        Some("prometheus") => {
            let handle = metrics_exporter_prometheus::PrometheusBuilder::new()
                .install_recorder()
                .map_err(|e| format!("cannot install Prometheus's recorder: {e}"))?;
            // Kept for the life of the process: the recorder is global.
            std::mem::forget(handle);
            // As the docs ask: after installing, so that avrox keeps its
            // handles with this recorder.
            avrox::observe::describe_metrics();
            Ok(())
        }
        Some(other) => Err(format!(
            "unknown recorder {other} (with the feature `observe`: prometheus)"
        )),
    }
}

fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    install_recorder(args.recorder.as_deref()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    if let Some(dir) = &args.events_ocf {
        events_ocf(dir, args.records.unwrap_or(1_000_000));
        return;
    }
    if let Some(file) = &args.check_events {
        check_events(file, args.records.unwrap_or(1_000_000));
        return;
    }

    let keep_case = |id: &str| args.filter.is_empty() || args.filter.iter().any(|f| id.contains(f));
    // A dataset is built if any of its cases could be kept.
    let keep_dataset = |name: &str| {
        args.filter.is_empty()
            || args.filter.iter().any(|f| {
                let dataset = f.split('/').next().unwrap_or("");
                !f.contains('/') || dataset.is_empty() || dataset == name
            })
    };
    // Under callgrind the checks would cost minutes; the tests run them.
    let check = !args.callgrind;
    let mut cases: Vec<Case> = peers::cases_checked(args.records, keep_dataset, check)
        .into_iter()
        .filter(|c| keep_case(&c.id()))
        .collect();
    if args.list {
        for case in &cases {
            println!("{}", case.id());
        }
        return;
    }
    if args.callgrind {
        callgrind(&mut cases, args.times);
        return;
    }
    let results = measure(&mut cases, &args);
    if args.json {
        for r in &results {
            println!(
                "{{\"dataset\":\"{}\",\"op\":\"{}\",\"crate\":\"{}\",\"ns_per_iter\":{:.1},\"bytes\":{},\"records\":{},\"allocs_per_record\":{:.2}}}",
                r.dataset,
                r.op.name(),
                r.krate.name(),
                r.ns_per_record,
                r.bytes,
                r.records,
                r.allocs_per_record
            );
        }
    } else {
        print_markdown(&results);
    }
}

/// Runs each case once, then `times` more under `measured`, which
/// callgrind counts and dumps after each call
/// (`--toggle-collect=*measured* --dump-after=*measured*`). Each case's id
/// goes to stderr before its runs, so that the dumps can be matched to it.
fn callgrind(cases: &mut [Case], times: usize) {
    for case in cases {
        (case.run)();
        eprintln!("case {} {} {}", case.id(), times, case.records);
        for _ in 0..times {
            case.measured();
        }
    }
}

/// What one case measured.
struct Measured {
    dataset: &'static str,
    op: Op,
    krate: Crate,
    records: usize,
    bytes: usize,
    ns_per_record: f64,
    allocs_per_record: f64,
}

fn measure(cases: &mut [Case], args: &Args) -> Vec<Measured> {
    let sample = Duration::from_millis(if args.quick { 2 } else { 10 });
    let rounds = args.rounds.unwrap_or(if args.quick { 5 } else { 15 });

    // Warm up, count allocations, calibrate.
    let mut iters = Vec::with_capacity(cases.len());
    let mut allocs = Vec::with_capacity(cases.len());
    for case in cases.iter_mut() {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        case.measured();
        allocs.push((ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / case.records as f64);
        let start = Instant::now();
        case.measured();
        let once = start.elapsed().max(Duration::from_nanos(1));
        iters.push((sample.as_nanos() / once.as_nanos()).clamp(1, 1_000) as usize);
    }

    // Rounds: every case one sample each, starting one case further on
    // each round, so that no case always follows the same neighbour.
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); cases.len()];
    for round in 0..rounds {
        for k in 0..cases.len() {
            let i = (k + round) % cases.len();
            let case = &mut cases[i];
            let start = Instant::now();
            for _ in 0..iters[i] {
                case.measured();
            }
            let ns = start.elapsed().as_nanos() as f64;
            samples[i].push(ns / (iters[i] * case.records) as f64);
        }
        if !args.json {
            eprint!("\rround {}/{rounds}", round + 1);
        }
    }
    if !args.json {
        eprintln!();
    }

    cases
        .iter()
        .zip(samples)
        .zip(allocs)
        .map(|((case, mut s), allocs_per_record)| {
            s.sort_by(f64::total_cmp);
            Measured {
                dataset: case.dataset,
                op: case.op,
                krate: case.krate,
                records: case.records,
                bytes: case.bytes,
                ns_per_record: s[s.len() / 2],
                allocs_per_record,
            }
        })
        .collect()
}

/// A time as a ratio to another's, `-` where there is none.
fn ratio(time: f64, of: Option<f64>) -> String {
    match of {
        Some(of) if of > 0.0 => format!("{:.2}", time / of),
        _ => "-".to_owned(),
    }
}

fn print_markdown(results: &[Measured]) {
    let time_of = |dataset: &str, op: Op, krate: Crate| {
        results
            .iter()
            .find(|r| r.dataset == dataset && r.op == op && r.krate == krate)
            .map(|r| r.ns_per_record)
    };
    let mut datasets: Vec<&str> = Vec::new();
    for r in results {
        if !datasets.contains(&r.dataset) {
            datasets.push(r.dataset);
        }
    }
    println!(
        "Times are per record, the median of interleaved rounds. Each ratio is the row's \
         time over the named crate's for the same dataset and operation: below 1 is faster.\n"
    );
    for dataset in &datasets {
        println!("### {dataset}\n");
        println!(
            "| op | crate | ns/record | ×postcard | ×serde_avro_fast | ×apache direct | ×apache Value | bytes/record | allocs/record |"
        );
        println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for op in Op::ALL {
            for r in results
                .iter()
                .filter(|r| r.dataset == *dataset && r.op == op)
            {
                let t = r.ns_per_record;
                println!(
                    "| {} | {} | {:.1} | {} | {} | {} | {} | {:.1} | {:.2} |",
                    op.name(),
                    r.krate.name(),
                    t,
                    ratio(t, time_of(dataset, op, Crate::Postcard)),
                    ratio(t, time_of(dataset, op, Crate::SerdeAvroFast)),
                    ratio(t, time_of(dataset, op, Crate::ApacheAvroDirect)),
                    ratio(t, time_of(dataset, op, Crate::ApacheAvroValue)),
                    r.bytes as f64 / r.records as f64,
                    r.allocs_per_record
                );
            }
        }
        println!();
    }

    print_serde_targets(results, &datasets);

    // avrox against the issue's targets.
    println!("### avrox against the targets\n");
    println!(
        "| dataset | op | avrox ÷ postcard (target) | serde_avro_fast ÷ avrox (≥ 3) | apache direct ÷ avrox (≥ 5) |"
    );
    println!("|---|---|---:|---:|---:|");
    let mut rows: BTreeMap<(usize, Op), &Measured> = BTreeMap::new();
    for r in results.iter().filter(|r| r.krate == Crate::Avrox) {
        let d = datasets.iter().position(|d| *d == r.dataset).unwrap_or(0);
        rows.insert((d, r.op), r);
    }
    for ((_, op), r) in rows {
        let t = r.ns_per_record;
        let target = match (r.dataset, op) {
            ("log", Op::Encode | Op::Decode) => " (≤ 1.2)",
            ("mesh", Op::Encode | Op::Decode) => " (≤ 1.5)",
            _ => "",
        };
        let speedup = |krate| match time_of(r.dataset, op, krate) {
            Some(p) => format!("{:.1}", p / t),
            None => "-".to_owned(),
        };
        println!(
            "| {} | {} | {}{} | {} | {} |",
            r.dataset,
            op.name(),
            ratio(t, time_of(r.dataset, op, Crate::Postcard)),
            target,
            speedup(Crate::SerdeAvroFast),
            speedup(Crate::ApacheAvroDirect)
        );
    }
}

/// The serde bridge (`avrox::serde`) against issue 18's targets: within
/// 1.3× of the derived path on `log` and `mesh`, faster than
/// serde_avro_fast everywhere.
fn print_serde_targets(results: &[Measured], datasets: &[&str]) {
    let time_of = |dataset: &str, op: Op, krate: Crate| {
        results
            .iter()
            .find(|r| r.dataset == dataset && r.op == op && r.krate == krate)
            .map(|r| r.ns_per_record)
    };
    println!("### avrox::serde against the targets\n");
    println!(
        "| dataset | op | avrox_serde ns/record | ÷ avrox derived (≤ 1.3 on log, mesh) | ÷ serde_avro_fast (< 1) |"
    );
    println!("|---|---|---:|---:|---:|");
    for dataset in datasets {
        for op in [Op::Encode, Op::Decode, Op::DecodeBorrowed] {
            let Some(t) = time_of(dataset, op, Crate::AvroxSerde) else {
                continue;
            };
            let derived = ratio(t, time_of(dataset, op, Crate::Avrox));
            let target = match *dataset {
                "log" | "mesh" => " (≤ 1.3)",
                _ => "",
            };
            println!(
                "| {dataset} | {} | {t:.1} | {derived}{target} | {} |",
                op.name(),
                ratio(t, time_of(dataset, op, Crate::SerdeAvroFast))
            );
        }
    }
    println!();
}

/// The `events` records of the cross-language comparison.
fn cross_language_events(n: usize) -> Vec<Event> {
    events(n, avrox_benches::SEED)
}

/// Writes `n` events as container files with the null and deflate codecs
/// into `dir` (`avrox-null.avro`, `avrox-deflate.avro`), timing the best of
/// a few writes and reads of each, and prints one JSON line per
/// measurement.
fn events_ocf(dir: &str, n: usize) {
    use avrox::ocf::{Codec, Reader, Writer, WriterOptions};
    let records = cross_language_events(n);
    for (name, codec) in [("null", Codec::Null), ("deflate", Codec::Deflate(6))] {
        let mut best_write = Duration::MAX;
        let mut best_read = Duration::MAX;
        let mut file = Vec::new();
        for _ in 0..3 {
            file.clear();
            let start = Instant::now();
            let options = WriterOptions::new().codec(codec);
            let mut w = Writer::<Event, _>::with_options(&mut file, options).expect("header");
            for r in &records {
                w.append(r).expect("append");
            }
            w.finish().expect("finish");
            best_write = best_write.min(start.elapsed());

            let start = Instant::now();
            let mut back = Vec::with_capacity(n);
            for r in Reader::<Event, _>::new(&file[..]).expect("header") {
                back.push(r.expect("record"));
            }
            best_read = best_read.min(start.elapsed());
            assert!(back == records, "avrox reads back other records");
        }
        let path = format!("{dir}/avrox-{name}.avro");
        std::fs::write(&path, &file).unwrap_or_else(|e| panic!("writing {path}: {e}"));
        for (op, t) in [("write", best_write), ("read", best_read)] {
            println!(
                "{{\"crate\":\"avrox\",\"codec\":\"{name}\",\"op\":\"{op}\",\"records\":{n},\"seconds\":{:.6},\"bytes\":{}}}",
                t.as_secs_f64(),
                file.len()
            );
        }
    }
}

/// Reads a container file of `events` with avrox and checks that it holds
/// exactly the `n` records of the cross-language comparison.
fn check_events(path: &str, n: usize) {
    let file = std::fs::read(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let expected = cross_language_events(n);
    let reader =
        avrox::ocf::Reader::<Event, _>::new(&file[..]).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut count = 0;
    for (i, r) in reader.enumerate() {
        let r = r.unwrap_or_else(|e| panic!("{path}: {e}"));
        if expected.get(i) != Some(&r) {
            eprintln!("{path}: record {i} differs: {r:?}");
            std::process::exit(1);
        }
        count += 1;
    }
    if count != n {
        eprintln!("{path}: {count} records, expected {n}");
        std::process::exit(1);
    }
    println!("{path}: the same {n} records");
}
