//! Every peer over every dataset, one criterion benchmark per case
//! (`<dataset>/<op>/<crate>`, as `compare` names them), for development:
//! criterion keeps each run's figures and compares the next with them.
//!
//! Run: `cargo bench -p avrox-benches --bench peers -- log/decode/`.
//! For a table of all peers side by side, run the `compare` binary.
//!
//! Under `cargo test` (no `--bench` flag) criterion runs each case once;
//! the datasets are then cut to 200 records, so that this stays quick in a
//! debug build.

use avrox_benches::peers;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn peers(c: &mut Criterion) {
    let benching = std::env::args().any(|a| a == "--bench");
    let records = if benching { None } else { Some(200) };
    let mut cases = peers::cases(records, |_| true);
    let mut group = c.benchmark_group("peers");
    for case in &mut cases {
        group.throughput(Throughput::Elements(case.records as u64));
        group.bench_function(case.id(), |b| b.iter(|| case.measured()));
    }
    group.finish();
}

criterion_group!(benches, peers);
criterion_main!(benches);
