//! Counts with a global recorder, which avrox registers its metrics with
//! once and keeps the handles of (once `describe_metrics` has seen it),
//! while a thread-local recorder installed meanwhile still gets the counts
//! made under it. The only test that installs a global recorder: the
//! others install theirs for their own thread, which takes precedence.

use avrox::Avro;
use avrox::resolve::TypedPlan;
use metrics_util::debugging::DebuggingRecorder;

use crate::{count, record, samples};

/// A type no other test counts, so that the global recorder's counts of
/// it are this test's alone.
#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "com.acme.global")]
struct Solo {
    n: i64,
}

const SOLO: &str = "com.acme.global.Solo";

#[test]
fn the_global_recorder_counts_every_datum_and_a_local_one_its_own() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    metrics::set_global_recorder(recorder).unwrap();
    avrox::observe::describe_metrics();

    let plan = TypedPlan::<Solo>::new(<Solo as avrox::AvroSchema>::schema()).unwrap();
    let mut buffer = Vec::new();
    for n in 0..100 {
        avrox::encode_into(&Solo { n }, &mut buffer).unwrap();
    }
    let mut reader = avrox::binary::SliceReader::new(&buffer);
    for n in 0..100 {
        assert_eq!(avrox::read_next::<Solo>(&mut reader).unwrap(), Solo { n });
    }
    // Meanwhile, a recorder for this thread only: its counts are its own.
    let local = record(|| {
        let bytes = avrox::to_vec(&Solo { n: 7 }).unwrap();
        plan.decode(&bytes).unwrap();
    });
    let one = avrox::to_vec(&Solo { n: 1 }).unwrap();
    for _ in 0..10 {
        plan.decode(&one).unwrap();
    }

    let encode = [("schema", SOLO), ("operation", "encode")];
    let decode = [("schema", SOLO), ("operation", "decode")];
    assert_eq!(count(&local, "avrox_datums_total", &encode), 1);
    assert_eq!(count(&local, "avrox_datums_total", &decode), 1);
    let global = samples(&snapshotter);
    assert_eq!(count(&global, "avrox_datums_total", &encode), 101);
    assert_eq!(count(&global, "avrox_datums_total", &decode), 110);
    let written = buffer.len() as u64 + one.len() as u64;
    assert_eq!(count(&global, "avrox_bytes_total", &encode), written);
    let read = buffer.len() as u64 + 10 * one.len() as u64;
    assert_eq!(count(&global, "avrox_bytes_total", &decode), read);
}
