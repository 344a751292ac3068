//! Decoding through a resolution plan against decoding with the same
//! schema: the cost of reading data written by another version.
//!
//! The reader type has one field the writer lacks (filled from its
//! default), the writer has one the reader lacks (skipped), and one writer
//! `int` is read as a `long`. `same` decodes the same records written with
//! the reader's own schema; `plan` decodes the writer's bytes through a
//! `TypedPlan`. The `value` rows do the same for generic values.
//!
//! Run: `cargo bench -p avrox-benches --bench evolve`.

use std::hint::black_box;

use avrox::binary::SliceReader;
use avrox::resolve::{Plan, TypedPlan};
use avrox::{Avro, AvroSchema, Value};
use criterion::{Criterion, Throughput, criterion_group};

/// Records per iteration.
const RECORDS: usize = 1_000;

/// The reader: the current version.
#[derive(Avro, Debug, Clone, PartialEq)]
struct Event {
    id: i64,
    user: String,
    kind: i32,
    amount: f64,
    tags: Vec<String>,
    at: i64,
    #[avro(default = 1)]
    priority: i32,
}

/// The writer: an older version with `id` an `int` and a field since
/// dropped.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Event")]
struct EventOld {
    id: i32,
    user: String,
    kind: i32,
    amount: f64,
    source: String,
    tags: Vec<String>,
    at: i64,
}

fn old(i: usize) -> EventOld {
    EventOld {
        id: i as i32 * 7919,
        user: format!("user-{}", i % 97),
        kind: (i % 5) as i32,
        amount: i as f64 * 0.25,
        source: "web-frontend".into(),
        tags: vec!["a".into(), format!("t{}", i % 13)],
        at: 1_700_000_000_000_000 + i as i64,
    }
}

fn current(e: &EventOld) -> Event {
    Event {
        id: i64::from(e.id),
        user: e.user.clone(),
        kind: e.kind,
        amount: e.amount,
        tags: e.tags.clone(),
        at: e.at,
        priority: 1,
    }
}

fn evolve(c: &mut Criterion) {
    let olds: Vec<EventOld> = (0..RECORDS).map(old).collect();
    let mut written_old = Vec::new();
    let mut written_same = Vec::new();
    for e in &olds {
        written_old.extend(avrox::to_vec(e).unwrap());
        written_same.extend(avrox::to_vec(&current(e)).unwrap());
    }
    let typed = TypedPlan::<Event>::new(EventOld::schema()).unwrap();
    assert!(!typed.is_identity());
    let plan = Plan::new(EventOld::schema(), Event::schema()).unwrap();
    // Both paths give the same records.
    let mut r = SliceReader::new(&written_old);
    let mut s = SliceReader::new(&written_same);
    for _ in 0..RECORDS {
        assert_eq!(
            typed.read_next(&mut r).unwrap(),
            avrox::read_next::<Event>(&mut s).unwrap()
        );
    }

    let mut group = c.benchmark_group("evolve");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("derived/same", |b| {
        b.iter(|| {
            let mut r = SliceReader::new(black_box(&written_same));
            let mut sum = 0i64;
            for _ in 0..RECORDS {
                sum = sum.wrapping_add(avrox::read_next::<Event>(&mut r).unwrap().id);
            }
            sum
        })
    });
    group.bench_function("derived/plan", |b| {
        b.iter(|| {
            let mut r = SliceReader::new(black_box(&written_old));
            let mut sum = 0i64;
            for _ in 0..RECORDS {
                sum = sum.wrapping_add(typed.read_next(&mut r).unwrap().id);
            }
            sum
        })
    });
    group.bench_function("value/same", |b| {
        b.iter(|| {
            let mut r = SliceReader::new(black_box(&written_same));
            for _ in 0..RECORDS {
                black_box(Value::read_next(&mut r, Event::schema()).unwrap());
            }
        })
    });
    group.bench_function("value/plan", |b| {
        b.iter(|| {
            let mut r = SliceReader::new(black_box(&written_old));
            for _ in 0..RECORDS {
                black_box(plan.read_next(&mut r).unwrap());
            }
        })
    });
    group.finish();
}

/// A number from a decoded value, so the loop's result is used.
trait RecordLen {
    fn as_record_len(&self) -> i64;
}

impl RecordLen for Value {
    fn as_record_len(&self) -> i64 {
        match self {
            Value::Record(fields) => fields.len() as i64,
            _ => 0,
        }
    }
}

criterion_group!(benches, evolve);

/// `EVOLVE_CALLGRIND=same` (or `plan`, `value-same`, `value-plan`) runs
/// only that decoding loop,
/// `EVOLVE_ITERATIONS` (100) times over, for `valgrind --tool=callgrind`,
/// whose instruction counts do not move with the machine's load (subtract
/// a run of 0 iterations to leave out the setup):
/// `EVOLVE_CALLGRIND=plan valgrind --tool=callgrind target/release/deps/evolve-*`.
fn main() {
    if let Ok(which) = std::env::var("EVOLVE_CALLGRIND") {
        let olds: Vec<EventOld> = (0..RECORDS).map(old).collect();
        let mut written = Vec::new();
        for e in &olds {
            match which.as_str() {
                "same" | "value-same" => written.extend(avrox::to_vec(&current(e)).unwrap()),
                _ => written.extend(avrox::to_vec(e).unwrap()),
            }
        }
        let typed = TypedPlan::<Event>::new(EventOld::schema()).unwrap();
        let plan = Plan::new(EventOld::schema(), Event::schema()).unwrap();
        let iterations: usize = std::env::var("EVOLVE_ITERATIONS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(100);
        let mut sum = 0i64;
        for _ in 0..iterations {
            let mut r = SliceReader::new(black_box(&written));
            for _ in 0..RECORDS {
                let id = match which.as_str() {
                    "same" => avrox::read_next::<Event>(&mut r).unwrap().id,
                    "value-same" => black_box(Value::read_next(&mut r, Event::schema()).unwrap())
                        .as_record_len(),
                    "value-plan" => black_box(plan.read_next(&mut r).unwrap()).as_record_len(),
                    _ => typed.read_next(&mut r).unwrap().id,
                };
                sum = sum.wrapping_add(id);
            }
        }
        println!("{sum}");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
