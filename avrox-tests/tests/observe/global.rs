//! Counts with a global recorder, which avrox registers its metrics with
//! once and keeps the handles of (once `describe_metrics` has seen it),
//! while a thread-local recorder installed meanwhile still gets the counts
//! made under it. The only tests that see the global recorder: the others
//! install theirs for their own thread, which takes precedence. Each
//! counts a type of its own, so that the global recorder's counts of it
//! are that test's alone.

use std::sync::OnceLock;
use std::sync::mpsc;

use avrox::Avro;
use avrox::resolve::TypedPlan;
use metrics_util::debugging::DebuggingRecorder;

use crate::{Sample, Totals, count, matching, record};

/// What the global recorder has recorded so far, installed by the first
/// test that asks.
fn global() -> Vec<Sample> {
    static GLOBAL: OnceLock<Totals> = OnceLock::new();
    let totals = GLOBAL.get_or_init(|| {
        let recorder = DebuggingRecorder::new();
        let totals = Totals::new(recorder.snapshotter());
        metrics::set_global_recorder(recorder).unwrap();
        avrox::observe::describe_metrics();
        totals
    });
    totals.now()
}

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "com.acme.global")]
struct Solo {
    n: i64,
}

const SOLO: &str = "com.acme.global.Solo";

#[test]
fn the_global_recorder_counts_every_datum_and_a_local_one_its_own() {
    global();
    let plan = TypedPlan::<Solo>::new(<Solo as avrox::AvroSchema>::schema()).unwrap();
    let mut buffer = Vec::new();
    for n in 0..100 {
        avrox::encode_into(&Solo { n }, &mut buffer).unwrap();
    }
    let mut reader = avrox::binary::SliceReader::new(&buffer);
    for n in 0..100 {
        assert_eq!(avrox::read_next::<Solo>(&mut reader).unwrap(), Solo { n });
    }
    // Meanwhile, a recorder for this thread only: its counts are its own
    // (`record` hands the thread's pending counts to the global recorder
    // before installing it).
    let local = record(|| {
        let bytes = avrox::to_vec(&Solo { n: 7 }).unwrap();
        plan.decode(&bytes).unwrap();
    });
    let one = avrox::to_vec(&Solo { n: 1 }).unwrap();
    for _ in 0..10 {
        plan.decode(&one).unwrap();
    }
    avrox::observe::flush();

    let encode = [("schema", SOLO), ("operation", "encode")];
    let decode = [("schema", SOLO), ("operation", "decode")];
    assert_eq!(count(&local, "avrox_datums_total", &encode), 1);
    assert_eq!(count(&local, "avrox_datums_total", &decode), 1);
    let global = global();
    assert_eq!(count(&global, "avrox_datums_total", &encode), 101);
    assert_eq!(count(&global, "avrox_datums_total", &decode), 110);
    let written = buffer.len() as u64 + one.len() as u64;
    assert_eq!(count(&global, "avrox_bytes_total", &encode), written);
    let read = buffer.len() as u64 + 10 * one.len() as u64;
    assert_eq!(count(&global, "avrox_bytes_total", &decode), read);
    // Encoding through the crate root's functions is never timed, so its
    // histogram is not registered (a scrape would show it empty); the
    // plan's decoding is.
    assert!(matching(&global, "avrox_duration_seconds", &encode).is_empty());
    assert_eq!(
        matching(&global, "avrox_duration_seconds", &decode).len(),
        1
    );
}

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "com.acme.global")]
struct Exiting {
    n: i64,
}

/// A thread's last counts reach the recorder when it exits, without a
/// `flush()`: fewer than a batch, pending while the thread lives.
#[test]
fn a_thread_s_pending_counts_reach_the_recorder_when_it_exits() {
    global();
    let labels = [
        ("schema", "com.acme.global.Exiting"),
        ("operation", "encode"),
    ];
    let (counted, told) = mpsc::channel();
    let (exit, exiting) = mpsc::channel::<()>();
    let worker = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        for n in 0..10 {
            avrox::encode_into(&Exiting { n }, &mut buffer).unwrap();
        }
        counted.send(buffer.len()).unwrap();
        exiting.recv().unwrap();
    });
    let written = told.recv().unwrap() as u64;
    assert_eq!(count(&global(), "avrox_datums_total", &labels), 0);
    exit.send(()).unwrap();
    worker.join().unwrap();
    let global = global();
    assert_eq!(count(&global, "avrox_datums_total", &labels), 10);
    assert_eq!(count(&global, "avrox_bytes_total", &labels), written);
}
