//! When the counts of the crate root's functions and of `read_next`
//! reach the recorder: each thread adds them up per type and operation
//! (or per kept object) and hands them over every 64 datums, when it
//! counts for other keys, when the object counting is dropped on it, on
//! `avrox::observe::flush()`, and when it exits (see `global.rs`); always
//! to the recorder current at the hand-over.

use std::sync::mpsc;

use avrox::resolve::{Evolve, TypedPlan};
use metrics_util::debugging::DebuggingRecorder;

use crate::{READING, Reading, Sample, Totals, count, reading, record};

/// How many datums a thread's batch holds before it is handed over.
const BATCH: u64 = 64;

const ENCODE: [(&str, &str); 3] = [
    ("schema", READING),
    ("operation", "encode"),
    ("framing", "raw"),
];
const DECODE: [(&str, &str); 3] = [
    ("schema", READING),
    ("operation", "decode"),
    ("framing", "raw"),
];

/// Runs `f` under a fresh recorder for this thread, with what the
/// recorder has recorded at any moment; nothing pending is handed over at
/// its end (unlike `record`).
fn under_recorder(f: impl FnOnce(&dyn Fn() -> Vec<Sample>)) {
    avrox::observe::flush();
    let recorder = DebuggingRecorder::new();
    let totals = Totals::new(recorder.snapshotter());
    metrics::with_local_recorder(&recorder, || f(&|| totals.now()));
    // Whatever `f` left pending is not this test's to see elsewhere.
    avrox::observe::flush();
}

fn encode(n: u64, out: &mut Vec<u8>) {
    for i in 0..n {
        avrox::encode_into(&reading(i as f64), out).unwrap();
    }
}

#[test]
fn fewer_than_a_batch_wait_for_a_flush() {
    under_recorder(|now| {
        let mut out = Vec::new();
        encode(BATCH - 1, &mut out);
        assert_eq!(count(&now(), "avrox_datums_total", &ENCODE), 0);
        avrox::observe::flush();
        let counted = now();
        assert_eq!(count(&counted, "avrox_datums_total", &ENCODE), BATCH - 1);
        assert_eq!(
            count(&counted, "avrox_bytes_total", &ENCODE),
            out.len() as u64
        );
        // Nothing pending: a second flush hands over nothing more.
        avrox::observe::flush();
        assert_eq!(count(&now(), "avrox_datums_total", &ENCODE), BATCH - 1);
    });
}

#[test]
fn a_full_batch_is_handed_over_without_a_flush() {
    under_recorder(|now| {
        let mut out = Vec::new();
        encode(BATCH, &mut out);
        let counted = now();
        assert_eq!(count(&counted, "avrox_datums_total", &ENCODE), BATCH);
        assert_eq!(
            count(&counted, "avrox_bytes_total", &ENCODE),
            out.len() as u64
        );
        // The next batch starts empty.
        encode(BATCH + 1, &mut out);
        assert_eq!(count(&now(), "avrox_datums_total", &ENCODE), 2 * BATCH);
    });
}

#[test]
fn counting_another_type_or_operation_hands_the_batch_over() {
    let bytes = avrox::to_vec(&reading(1.0)).unwrap();
    under_recorder(|now| {
        let mut out = Vec::new();
        encode(10, &mut out);
        // Another operation of the same type.
        avrox::from_slice::<Reading>(&bytes).unwrap();
        let counted = now();
        assert_eq!(count(&counted, "avrox_datums_total", &ENCODE), 10);
        assert_eq!(count(&counted, "avrox_datums_total", &DECODE), 0);
        // Another type.
        avrox::to_vec(&7i64).unwrap();
        let counted = now();
        assert_eq!(count(&counted, "avrox_datums_total", &DECODE), 1);
        let long = [("schema", "long"), ("operation", "encode")];
        assert_eq!(count(&counted, "avrox_datums_total", &long), 0);
        avrox::observe::flush();
        assert_eq!(count(&now(), "avrox_datums_total", &long), 1);
    });
}

/// The rule for local recorders: pending counts go to the recorder
/// current when they are handed over. Counts left pending when a local
/// recorder's closure ends go to the next recorder current at a hand-over
/// (here another local one); a `flush()` before the closure returns keeps
/// them with the recorder they were made under.
#[test]
fn pending_counts_go_to_the_recorder_current_at_the_hand_over() {
    avrox::observe::flush();
    let a = DebuggingRecorder::new();
    let a_totals = Totals::new(a.snapshotter());
    let b = DebuggingRecorder::new();
    let b_totals = Totals::new(b.snapshotter());
    let mut out = Vec::new();
    metrics::with_local_recorder(&a, || encode(4, &mut out));
    metrics::with_local_recorder(&b, avrox::observe::flush);
    let datums = |t: &Totals| count(&t.now(), "avrox_datums_total", &ENCODE);
    assert_eq!(datums(&a_totals), 0);
    assert_eq!(datums(&b_totals), 4);
    metrics::with_local_recorder(&a, || {
        encode(3, &mut out);
        avrox::observe::flush();
    });
    metrics::with_local_recorder(&b, avrox::observe::flush);
    assert_eq!(datums(&a_totals), 3);
    assert_eq!(datums(&b_totals), 4);
}

/// A kept object's `read_next` counts are batched too; dropping the
/// object hands over the dropping thread's pending counts of it, and a
/// timed call through it hands them over before its own count.
#[test]
fn a_plan_s_counts_are_handed_over_when_it_is_dropped_or_times_a_call() {
    let v1 = Reading::history().version(1).unwrap().schema();
    let old = avrox::Value::record([
        ("sensor", avrox::Value::from("t-0")),
        ("celsius", avrox::Value::Double(20.0)),
    ])
    .to_bytes(v1)
    .unwrap();
    let three = [&old[..], &old[..], &old[..]].concat();
    let mismatch = [("framing", "raw"), ("writer_version", "1")];
    under_recorder(|now| {
        let plan = TypedPlan::<Reading>::new(v1).unwrap();
        let mut reader = avrox::binary::SliceReader::new(&three);
        plan.read_next(&mut reader).unwrap();
        plan.read_next(&mut reader).unwrap();
        assert_eq!(count(&now(), "avrox_datums_total", &DECODE), 0);
        // A whole datum, timed: counted at once, after the two pending.
        plan.decode(&old).unwrap();
        let counted = now();
        assert_eq!(count(&counted, "avrox_datums_total", &DECODE), 3);
        let mismatches = count(&counted, "avrox_version_mismatches_total", &mismatch);
        assert_eq!(mismatches, 3);
        plan.read_next(&mut reader).unwrap();
        assert_eq!(count(&now(), "avrox_datums_total", &DECODE), 3);
        drop(plan);
        let counted = now();
        assert_eq!(count(&counted, "avrox_datums_total", &DECODE), 4);
        let mismatches = count(&counted, "avrox_version_mismatches_total", &mismatch);
        assert_eq!(mismatches, 4);
    });
}

/// A plan dropped on one thread while another thread's counts of it are
/// pending: that thread still hands them over, under the plan's labels,
/// after memory the plan held has been freed and handed out again.
#[test]
fn a_plan_dropped_while_another_thread_holds_its_counts() {
    let v1 = Reading::history().version(1).unwrap().schema();
    let old = avrox::Value::record([
        ("sensor", avrox::Value::from("t-0")),
        ("celsius", avrox::Value::Double(20.0)),
    ])
    .to_bytes(v1)
    .unwrap();
    let ten = old.repeat(10);
    let plan = TypedPlan::<Reading>::new(v1).unwrap();
    let (send_plan, plan_back) = mpsc::channel();
    let (dropped, told_dropped) = mpsc::channel::<()>();
    let worker = std::thread::spawn(move || {
        record(|| {
            let mut reader = avrox::binary::SliceReader::new(&ten);
            for _ in 0..10 {
                plan.read_next(&mut reader).unwrap();
            }
            send_plan.send(plan).unwrap();
            told_dropped.recv().unwrap();
            // `record` flushes here: the plan is gone by now.
        })
    });
    let plan = plan_back.recv().unwrap();
    drop(plan);
    // Plans of another type, to take the freed memory.
    let others: Vec<_> = (0..100)
        .map(|_| {
            let plan = TypedPlan::<i64>::new(&avrox::Schema::parse(r#""int""#).unwrap()).unwrap();
            plan.decode(&[0x02]).unwrap();
            plan
        })
        .collect();
    dropped.send(()).unwrap();
    let counted = worker.join().unwrap();
    drop(others);
    assert_eq!(count(&counted, "avrox_datums_total", &DECODE), 10);
    assert_eq!(
        count(&counted, "avrox_bytes_total", &DECODE),
        10 * old.len() as u64
    );
    let mismatch = [("framing", "raw"), ("writer_version", "1")];
    let mismatches = count(&counted, "avrox_version_mismatches_total", &mismatch);
    assert_eq!(mismatches, 10);
    assert_eq!(count(&counted, "avrox_datums_total", &[]), 10);
}
