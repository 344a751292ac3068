//! What each fuzz target does with its input, written once: the cargo-fuzz
//! binaries in `fuzz/fuzz_targets/` call these functions, and the corpus
//! replay test in avrox-tests runs every committed corpus file and crash
//! reproducer through them on stable Rust.
//!
//! A target's function returns quietly when the input is refused with an
//! error, and panics when avrox panics or breaks a property the target
//! checks (a round trip that does not come back, a value decoded that
//! cannot be written).

pub mod derived;
pub mod samples;
pub mod schemas;
pub mod targets;

/// A fuzz target: its name (the file name in `fuzz/fuzz_targets/` and the
/// folder in `fuzz/corpus/`) and what it does with one input.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The target's name.
    pub name: &'static str,
    /// Runs one input; panics on a failure.
    pub run: fn(&[u8]),
}

/// Every target, in the order of the fuzzing campaign.
pub const TARGETS: &[Target] = &[
    Target {
        name: "schema_json",
        run: targets::schema_json::run,
    },
    Target {
        name: "value_decode",
        run: targets::value_decode::run,
    },
    Target {
        name: "derived_decode",
        run: targets::derived_decode::run,
    },
    Target {
        name: "resolve",
        run: targets::resolve::run,
    },
    Target {
        name: "ocf",
        run: targets::ocf::run,
    },
    Target {
        name: "framing",
        run: targets::framing::run,
    },
    Target {
        name: "json",
        run: targets::json::run,
    },
    Target {
        name: "protocol",
        run: targets::protocol::run,
    },
    Target {
        name: "idl",
        run: targets::idl::run,
    },
];

/// The target of a name.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().copied().find(|target| target.name == name)
}
