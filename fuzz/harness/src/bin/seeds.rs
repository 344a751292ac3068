//! Writes every target's seed inputs (see `avrox_fuzz_harness::samples`)
//! to `<folder>/<target>/seed-<n>`, and runs each through its target.
//!
//! ```text
//! cargo run -p avrox-fuzz-harness --bin seeds -- /tmp/avrox-seeds
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use avrox_fuzz_harness::{TARGETS, samples};

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: seeds <folder>");
        return ExitCode::FAILURE;
    };
    for target in TARGETS {
        let dir = folder.join(target.name);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        let seeds = samples::seeds(target.name);
        for (i, seed) in seeds.iter().enumerate() {
            (target.run)(seed);
            let path = dir.join(format!("seed-{i}"));
            if let Err(e) = std::fs::write(&path, seed) {
                eprintln!("cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
        println!("{}: {} seeds", target.name, seeds.len());
    }
    ExitCode::SUCCESS
}
