//! Object container files: what the container costs over the raw datums,
//! and each codec's speed and size.
//!
//! - `ocf/raw/*` encodes the records one after another into one buffer and
//!   decodes them back with `avrox::read_next`: the floor.
//! - `ocf/null/*` writes them as a container file with the `null` codec
//!   (64 KiB blocks) and reads them back with `ocf::Reader`. The issue's
//!   target: at most 5% over `raw`.
//! - `ocf/<codec>/*` does the same for each codec; throughput is in bytes
//!   of uncompressed datums, and the setup prints each file's size.

use std::hint::black_box;

use avrox::Avro;
use avrox::binary::SliceReader;
use avrox::ocf::{Codec, Reader, Writer, WriterOptions};
use avrox_benches::{Rng, SEED};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// An event of a service's log: the kind of record container files hold.
#[derive(Avro, Clone, Debug, PartialEq)]
#[avro(namespace = "bench")]
struct Event {
    id: i64,
    host: String,
    path: String,
    status: i32,
    bytes: i64,
    latency_ms: f32,
    tags: Vec<String>,
    user: Option<String>,
}

const EVENTS: usize = 10_000;

fn events() -> Vec<Event> {
    let mut rng = Rng::new(SEED);
    (0..EVENTS)
        .map(|i| Event {
            id: 1_700_000_000_000 + i as i64,
            host: format!("web-{:02}", rng.below(16)),
            path: format!("/api/v1/{}/{}", rng.word(6), rng.below(1000)),
            status: [200, 200, 200, 404, 500][rng.index(5)],
            bytes: rng.range(100, 1 << 20) as i64,
            latency_ms: rng.unit_f32() * 250.0,
            tags: (0..rng.below(3)).map(|_| rng.word(5)).collect(),
            user: (rng.below(3) == 0).then(|| rng.word(8)),
        })
        .collect()
}

/// Writes the events into `out` (cleared first, so that its memory is
/// reused as the raw encoder's is).
fn write_file(events: &[Event], codec: Codec, out: &mut Vec<u8>) {
    out.clear();
    let options = WriterOptions::new().codec(codec);
    let mut w = Writer::<Event, _>::with_options(out, options).unwrap();
    for e in events {
        w.append(e).unwrap();
    }
    w.finish().unwrap();
}

fn read_file(file: &[u8]) -> Vec<Event> {
    let reader = Reader::<Event, _>::new(file).unwrap();
    let mut out = Vec::with_capacity(EVENTS);
    for e in reader {
        out.push(e.unwrap());
    }
    out
}

fn ocf(c: &mut Criterion) {
    let events = events();
    let mut raw = Vec::new();
    for e in &events {
        avrox::Encode::encode(e, &mut raw).unwrap();
    }
    let raw_len = raw.len();

    let mut group = c.benchmark_group("ocf");
    group.throughput(Throughput::Bytes(raw_len as u64));

    let mut out = Vec::with_capacity(raw_len);
    group.bench_function("raw/encode", |b| {
        b.iter(|| {
            out.clear();
            for e in black_box(&events) {
                avrox::Encode::encode(e, &mut out).unwrap();
            }
            black_box(out.len())
        })
    });
    group.bench_function("raw/decode", |b| {
        b.iter(|| {
            let mut r = SliceReader::new(black_box(&raw));
            let mut decoded = Vec::with_capacity(EVENTS);
            while !r.is_empty() {
                decoded.push(avrox::read_next::<Event>(&mut r).unwrap());
            }
            decoded
        })
    });

    let codecs = [
        Codec::Null,
        Codec::Deflate(1),
        Codec::Deflate(6),
        Codec::Snappy,
    ];
    // The codecs behind features, measured when the bench is built with them.
    #[cfg(feature = "all-codecs")]
    let codecs = codecs.into_iter().chain([
        Codec::Zstandard(1),
        Codec::Zstandard(3),
        Codec::Bzip2(9),
        Codec::Xz(1),
        Codec::Xz(6),
    ]);
    for codec in codecs {
        let mut file = Vec::new();
        write_file(&events, codec, &mut file);
        assert_eq!(read_file(&file), events);
        let name = match codec {
            Codec::Null => "null".to_owned(),
            Codec::Snappy => "snappy".to_owned(),
            other => format!("{other:?}").to_lowercase().replace(['(', ')'], ""),
        };
        eprintln!(
            "ocf/{name}: {} bytes of datums -> a file of {} bytes ({:.1}%)",
            raw_len,
            file.len(),
            100.0 * file.len() as f64 / raw_len as f64
        );
        let mut out = Vec::with_capacity(raw_len * 2);
        group.bench_function(format!("{name}/write"), |b| {
            b.iter(|| write_file(black_box(&events), codec, &mut out))
        });
        group.bench_function(format!("{name}/read"), |b| {
            b.iter(|| read_file(black_box(&file)))
        });
    }
    group.finish();
}

criterion_group!(benches, ocf);
criterion_main!(benches);
