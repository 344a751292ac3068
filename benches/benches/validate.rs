//! What validation costs: encoding and decoding a typical record with five
//! constraints (a non-empty name, a version pattern, two scores in [0, 1],
//! at most 16 tags), checked against unchecked; and the same record without
//! its pattern, to show what the regular expression costs alone.
//!
//! Run: `cargo bench -p avrox-benches --bench validate`.

use std::hint::black_box;

use avrox::Encode;
use avrox::binary::SliceReader;
use avrox_benches::metadata::{Metadata, NoPattern, dataset, without_pattern};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

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
    group.bench_function("encode/is_valid+encode", |b| {
        b.iter(|| {
            out.clear();
            for r in black_box(records) {
                assert!(avrox::Validate::is_valid(r));
                r.encode(&mut out).unwrap();
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
    type Read = fn(&mut SliceReader<'_>) -> avrox::Result<Metadata>;
    let reads: [(&str, Read); 2] = [
        ("decode/unchecked", |r| avrox::read_next_unchecked(r)),
        ("decode/validated", |r| avrox::read_next(r)),
    ];
    for (name, read) in reads {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut r = SliceReader::new(black_box(&bytes));
                let mut n = 0;
                while !r.is_empty() {
                    let m: Metadata = read(&mut r).unwrap();
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
