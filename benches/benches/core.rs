//! Benchmarks of avrox's core: varints, the generic `Value` codec, schema
//! parsing, Parsing Canonical Form and the Rabin fingerprint.
//!
//! Throughput is in bytes of Avro binary (codec benchmarks) or of JSON text
//! (schema benchmarks). The `primitives` rows encode and decode the same
//! bytes with hand-written code over `avrox::binary`, the floor that the
//! `value` rows (and later, derived code and peers) are set against.
//!
//! Run: `cargo bench -p avrox-benches`; one group: `cargo bench -p
//! avrox-benches -- log/`.

use std::hint::black_box;

use avrox::binary::{self, SliceReader};
use avrox::schema::Fingerprint;
use avrox::{Schema, Value};
use avrox_benches::{
    Dataset, LOG_LEN, Log, LongMix, MESH_LEN, ORDER_SCHEMA, SEED, Triangle, logs, longs, triangles,
};
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// Longs per iteration of the varint benchmarks.
const LONGS: usize = 4_096;

/// `binary::write_long` and `SliceReader::read_long` over [`LONGS`] longs of
/// each [`LongMix`].
fn varint(c: &mut Criterion) {
    let mut group = c.benchmark_group("varint");
    for mix in LongMix::ALL {
        let values = longs(LONGS, SEED, mix);
        let mut encoded = Vec::new();
        for &v in &values {
            binary::write_long(&mut encoded, v);
        }
        group.throughput(Throughput::Bytes(encoded.len() as u64));

        let mut out = Vec::with_capacity(encoded.len());
        group.bench_function(BenchmarkId::new("write", mix.name()), |b| {
            b.iter(|| {
                out.clear();
                for &v in black_box(&values) {
                    binary::write_long(&mut out, v);
                }
                black_box(out.len())
            })
        });
        group.bench_function(BenchmarkId::new("read", mix.name()), |b| {
            b.iter(|| {
                let mut r = SliceReader::new(black_box(&encoded));
                let mut sum = 0i64;
                for _ in 0..LONGS {
                    sum = sum.wrapping_add(r.read_long().unwrap());
                }
                sum
            })
        });
    }
    group.finish();
}

/// Encoding and decoding a dataset as a stream of datums: with the generic
/// `Value` codec, and with the hand-written `encode`/`read` of its typed
/// records.
fn codec<T>(
    c: &mut Criterion,
    data: &Dataset,
    typed: &[T],
    encode: fn(&T, &mut Vec<u8>),
    read: fn(&mut SliceReader<'_>) -> avrox::Result<T>,
) {
    let bytes = data.encode();
    let mut group = c.benchmark_group(data.name);
    group.throughput(Throughput::Bytes(bytes.len() as u64));

    // One buffer for all iterations, cleared each time: measures the
    // encoder, not the growth of the Vec.
    let mut out = Vec::with_capacity(bytes.len());
    group.bench_function("encode/value", |b| {
        b.iter(|| {
            out.clear();
            for value in black_box(&data.values) {
                value.encode(&data.schema, &mut out).unwrap();
            }
            black_box(out.len())
        })
    });
    group.bench_function("encode/primitives", |b| {
        b.iter(|| {
            out.clear();
            for record in black_box(typed) {
                encode(record, &mut out);
            }
            black_box(out.len())
        })
    });

    // The decoded records are returned, so dropping them is timed too, as
    // it is for every peer.
    group.bench_function("decode/value", |b| {
        b.iter(|| {
            let mut r = SliceReader::new(black_box(&bytes));
            let mut values = Vec::with_capacity(data.values.len());
            while !r.is_empty() {
                values.push(Value::read_next(&mut r, &data.schema).unwrap());
            }
            values
        })
    });
    group.bench_function("decode/primitives", |b| {
        b.iter(|| {
            let mut r = SliceReader::new(black_box(&bytes));
            let mut records = Vec::with_capacity(typed.len());
            while !r.is_empty() {
                records.push(read(&mut r).unwrap());
            }
            records
        })
    });
    group.finish();
}

fn log(c: &mut Criterion) {
    let data = Dataset::log(LOG_LEN, SEED);
    codec(c, &data, &logs(LOG_LEN, SEED), Log::encode, Log::read);
}

fn mesh(c: &mut Criterion) {
    let data = Dataset::mesh(MESH_LEN, SEED);
    codec(
        c,
        &data,
        &triangles(MESH_LEN, SEED),
        Triangle::encode,
        Triangle::read,
    );
}

/// Parsing [`ORDER_SCHEMA`], its Parsing Canonical Form, and the Rabin
/// fingerprint of that form.
fn schema(c: &mut Criterion) {
    let parsed = Schema::parse(ORDER_SCHEMA).unwrap();
    let canonical = parsed.canonical_form().to_owned();
    let mut group = c.benchmark_group("schema");

    group.throughput(Throughput::Bytes(ORDER_SCHEMA.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| Schema::parse(black_box(ORDER_SCHEMA)).unwrap())
    });
    group.bench_function("parse+canonical_form", |b| {
        b.iter(|| {
            let schema = Schema::parse(black_box(ORDER_SCHEMA)).unwrap();
            schema.canonical_form().len()
        })
    });

    // `canonical_form` is computed once per `Schema` and cached: time it on
    // a fresh clone each iteration (the clone, and dropping it, are not
    // timed).
    group.throughput(Throughput::Bytes(canonical.len() as u64));
    let fresh = Schema::parse(ORDER_SCHEMA).unwrap();
    group.bench_function("canonical_form", |b| {
        b.iter_batched_ref(
            || fresh.clone(),
            |schema| schema.canonical_form().len(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("rabin", |b| {
        b.iter(|| Fingerprint::of(black_box(canonical.as_bytes())))
    });
    group.finish();
}

criterion_group!(benches, varint, log, mesh, schema);
criterion_main!(benches);
