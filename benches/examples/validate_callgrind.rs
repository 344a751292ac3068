//! Encodes the validation benchmark's records 100 times, checked or
//! unchecked, for instruction counts that do not depend on the machine's
//! load:
//!
//! ```sh
//! cargo build --release -p avrox-benches --example validate_callgrind
//! valgrind --tool=callgrind target/release/examples/validate_callgrind unchecked
//! valgrind --tool=callgrind target/release/examples/validate_callgrind validated
//! valgrind --tool=callgrind target/release/examples/validate_callgrind none
//! ```
//!
//! `check` only checks the constraints; `validated-no-pattern` and
//! `unchecked-no-pattern` encode the same records without the pattern; `none` builds the records and
//! stops: subtract its count from the others.

use std::hint::black_box;

use avrox::Encode;
use avrox_benches::metadata::{dataset, without_pattern};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let records = dataset();
    let plain: Vec<_> = records.iter().map(without_pattern).collect();
    let mut out = Vec::with_capacity(1 << 20);
    for _ in 0..100 {
        out.clear();
        for (r, p) in black_box(&records).iter().zip(&plain) {
            match mode.as_str() {
                "validated" => avrox::encode_into(r, &mut out).unwrap(),
                "unchecked" => r.encode(&mut out).unwrap(),
                "check" => assert!(avrox::Validate::is_valid(r)),
                "validated-no-pattern" => avrox::encode_into(p, &mut out).unwrap(),
                "unchecked-no-pattern" => p.encode(&mut out).unwrap(),
                _ => {}
            }
        }
        black_box(out.len());
    }
}
