//! What validation costs: encoding and decoding a typical record with five
//! constraints (a non-empty name, a version pattern, two scores in [0, 1],
//! at most 16 tags), checked against unchecked; and the same record without
//! its pattern, to show what the regular expression costs alone.
//!
//! Run: `cargo bench -p avrox-benches --bench validate`.

use std::hint::black_box;

use avrox::binary::{Limits, SliceReader};
use avrox::{Avro, Encode};
use avrox_benches::{Rng, SEED};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Records per iteration.
const RECORDS: usize = 1_000;

/// Model metadata with five constraints.
#[derive(Avro, Debug, Clone)]
struct Metadata {
    #[avro(non_empty)]
    model_name: String,
    #[avro(pattern = r"^v\d+\.\d+$")]
    version: String,
    #[avro(min = 0.0, max = 1.0)]
    accuracy: f32,
    #[avro(min = 0.0, max = 1.0)]
    f1_score: f32,
    #[avro(length(max = 16))]
    tags: Vec<String>,
    trained_at: i64,
    parent: Option<String>,
}

/// The same record with four constraints: no pattern.
#[derive(Avro, Debug, Clone)]
#[avro(name = "Metadata")]
struct NoPattern {
    #[avro(non_empty)]
    model_name: String,
    version: String,
    #[avro(min = 0.0, max = 1.0)]
    accuracy: f32,
    #[avro(min = 0.0, max = 1.0)]
    f1_score: f32,
    #[avro(length(max = 16))]
    tags: Vec<String>,
    trained_at: i64,
    parent: Option<String>,
}

fn dataset() -> Vec<Metadata> {
    let mut rng = Rng::new(SEED);
    let names = [
        "resnet50",
        "bert-base",
        "gpt-small",
        "xgb-churn",
        "lgbm-fraud",
    ];
    let tags = ["prod", "eu", "gpu", "nightly", "baseline", "ab-test"];
    (0..RECORDS)
        .map(|i| Metadata {
            model_name: format!("{}-{i}", names[rng.index(names.len())]),
            version: format!("v{}.{}", rng.below(5), rng.below(40)),
            accuracy: rng.unit_f32(),
            f1_score: rng.unit_f32(),
            tags: (0..rng.below(4))
                .map(|_| tags[rng.index(tags.len())].to_string())
                .collect(),
            trained_at: 1_700_000_000_000_000 + rng.below(1 << 40) as i64,
            parent: (rng.below(2) == 0).then(|| format!("run-{}", rng.below(10_000))),
        })
        .collect()
}

fn without_pattern(m: &Metadata) -> NoPattern {
    NoPattern {
        model_name: m.model_name.clone(),
        version: m.version.clone(),
        accuracy: m.accuracy,
        f1_score: m.f1_score,
        tags: m.tags.clone(),
        trained_at: m.trained_at,
        parent: m.parent.clone(),
    }
}

fn encode_group<T: Encode + avrox::AvroSchema>(c: &mut Criterion, name: &str, records: &[T]) {
    let mut out = Vec::new();
    for r in records {
        r.encode(&mut out).unwrap();
    }
    let len = out.len();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(len as u64));
    group.bench_function("encode/unchecked", |b| {
        b.iter(|| {
            out.clear();
            for r in black_box(records) {
                r.encode(&mut out).unwrap();
            }
            black_box(out.len())
        })
    });
    group.bench_function("encode/validated", |b| {
        b.iter(|| {
            out.clear();
            for r in black_box(records) {
                avrox::encode_into(r, &mut out).unwrap();
            }
            black_box(out.len())
        })
    });
    group.bench_function("validate", |b| {
        b.iter(|| black_box(records).iter().all(avrox::Validate::is_valid))
    });
    group.finish();
}

fn encode(c: &mut Criterion) {
    let records = dataset();
    encode_group(c, "validate/five", &records);
    let plain: Vec<NoPattern> = records.iter().map(without_pattern).collect();
    encode_group(c, "validate/no_pattern", &plain);
}

fn decode(c: &mut Criterion) {
    let records = dataset();
    let mut bytes = Vec::new();
    for r in &records {
        avrox::encode_into(r, &mut bytes).unwrap();
    }
    let mut group = c.benchmark_group("validate/five");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    for (name, limits) in [
        ("decode/unchecked", Limits::default().validate(false)),
        ("decode/validated", Limits::default()),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut r = SliceReader::with_limits(black_box(&bytes), limits);
                let mut n = 0;
                while !r.is_empty() {
                    let m: Metadata = avrox::read(&mut r).unwrap();
                    n += m.tags.len();
                }
                n
            })
        });
    }
    group.finish();
}

criterion_group!(benches, encode, decode);
criterion_main!(benches);
