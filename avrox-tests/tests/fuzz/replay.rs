use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use avrox_fuzz_harness::{TARGETS, Target, samples};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of a folder, sorted; none if it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs each input through the target; returns a line per input that
/// panicked, naming it.
fn replay(target: Target, inputs: impl IntoIterator<Item = (String, Vec<u8>)>) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, input) in inputs {
        if panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&input))).is_err() {
            failures.push(format!("{}: {name}", target.name));
        }
    }
    failures
}

fn replay_files(target: Target, paths: &[PathBuf]) -> Vec<String> {
    replay(
        target,
        paths.iter().map(|path| {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.display().to_string(), bytes)
        }),
    )
}

#[test]
fn every_target_has_a_corpus_and_it_replays() {
    let corpus = fuzz_dir().join("corpus");
    let mut failures = Vec::new();
    for target in TARGETS {
        let paths = files(&corpus.join(target.name));
        assert!(
            !paths.is_empty(),
            "no corpus for the fuzz target {} in {}",
            target.name,
            corpus.display()
        );
        failures.extend(replay_files(*target, &paths));
    }
    assert!(
        failures.is_empty(),
        "corpus inputs that fail:\n{}",
        failures.join("\n")
    );
}

#[test]
fn crash_reproducers_replay() {
    let regressions = fuzz_dir().join("regressions");
    let mut failures = Vec::new();
    for target in TARGETS {
        failures.extend(replay_files(
            *target,
            &files(&regressions.join(target.name)),
        ));
    }
    assert!(
        failures.is_empty(),
        "reproducers that fail again:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_folder_names_a_target() {
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind)) else {
            continue;
        };
        for entry in entries {
            let name = entry.expect("a folder entry").file_name();
            let name = name.to_string_lossy();
            assert!(
                avrox_fuzz_harness::target(&name).is_some(),
                "fuzz/{kind}/{name} is not the folder of a target (one of {:?})",
                TARGETS.iter().map(|t| t.name).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn seed_inputs_are_made_and_replay() {
    let mut failures = Vec::new();
    for target in TARGETS {
        let seeds = samples::seeds(target.name);
        assert!(!seeds.is_empty(), "no seeds for {}", target.name);
        failures.extend(replay(
            *target,
            seeds
                .into_iter()
                .enumerate()
                .map(|(i, seed)| (format!("seed {i}"), seed)),
        ));
    }
    assert!(
        failures.is_empty(),
        "seeds that fail:\n{}",
        failures.join("\n")
    );
}

/// The replay catches a panicking input and names it, rather than stopping
/// at it or passing over it: what the tests above rely on.
#[test]
fn a_failing_input_is_reported_with_its_name() {
    let broken = Target {
        name: "broken",
        run: |data| assert!(data.is_empty(), "not empty"),
    };
    let failures = replay(
        broken,
        [("empty".to_string(), vec![]), ("one".to_string(), vec![1])],
    );
    assert_eq!(failures, ["broken: one"]);
}
