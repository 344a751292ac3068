//! Runs one operation of the `ocf` benchmark ten times, for counting its
//! instructions with callgrind (stable where wall-clock time on a shared
//! machine is not). Subtract the count of `setup` (which makes the data and
//! one file) from each operation's:
//!
//! ```sh
//! cargo build --release -p avrox-benches --features all-codecs --example ocf_instructions
//! for op in setup raw-encode ocf-write raw-decode ocf-read; do
//!   valgrind --tool=callgrind --callgrind-out-file=cg.$op \
//!     target/release/examples/ocf_instructions $op
//! done
//! ```

use avrox::Avro;
use avrox::binary::SliceReader;
use avrox::ocf::{Codec, Reader, Writer, WriterOptions};
use avrox_benches::{Rng, SEED};
use std::hint::black_box;

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

fn main() {
    let op = std::env::args()
        .nth(1)
        .expect("an operation: setup, raw-encode, ocf-write, raw-decode or ocf-read");
    let mut rng = Rng::new(SEED);
    let events: Vec<Event> = (0..10_000)
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
        .collect();
    let mut raw = Vec::new();
    let mut file = Vec::new();
    for _ in 0..10 {
        match op.as_str() {
            "setup" => {}
            "raw-encode" => {
                raw.clear();
                for e in &events {
                    avrox::Encode::encode(e, &mut raw).unwrap();
                }
            }
            "ocf-write" | "ocf-write-deflate" | "ocf-write-zstd" => {
                let codec = match op.as_str() {
                    "ocf-write-deflate" => Codec::Deflate(6),
                    #[cfg(feature = "all-codecs")]
                    "ocf-write-zstd" => Codec::Zstandard(3),
                    _ => Codec::Null,
                };
                file.clear();
                let mut w =
                    Writer::<Event, _>::with_options(&mut file, WriterOptions::new().codec(codec))
                        .unwrap();
                for e in &events {
                    w.append(e).unwrap();
                }
                w.finish().unwrap();
            }
            _ => {}
        }
    }
    raw.clear();
    for e in &events {
        avrox::Encode::encode(e, &mut raw).unwrap();
    }
    file.clear();
    let mut w =
        Writer::<Event, _>::with_options(&mut file, WriterOptions::new().codec(Codec::Null))
            .unwrap();
    for e in &events {
        w.append(e).unwrap();
    }
    w.finish().unwrap();
    for _ in 0..10 {
        match op.as_str() {
            "raw-decode" => {
                let mut r = SliceReader::new(&raw);
                let mut out = Vec::with_capacity(10_000);
                while !r.is_empty() {
                    out.push(avrox::read_next::<Event>(&mut r).unwrap());
                }
                black_box(out);
            }
            "ocf-read" => {
                let mut out = Vec::with_capacity(10_000);
                for e in Reader::<Event, _>::new(&file[..]).unwrap() {
                    out.push(e.unwrap());
                }
                black_box(out);
            }
            _ => {}
        }
    }
}
