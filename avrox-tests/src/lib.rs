#![doc = r#"
Integration, conformance and property tests of avrox.

This crate is not published. Its tests live in `tests/`, grouped by area
into a few test binaries (each `tests/<area>/main.rs`, a module per file),
so that the suite links avrox, `apache-avro`, proptest and insta a few
times rather than once per file:

| binary | module | what it checks |
| --- | --- | --- |
| `schema` | `conformance` | the Apache Avro project's shared test data: the 34 canonical-form and fingerprint cases, avro-c's good and bad schemas, the interop schemas, a single-object message |
| | `fingerprints` | canonical forms and Rabin, MD5 and SHA-256 fingerprints against values computed by Python `avro` and `fastavro` |
| | `spec_examples` | every byte example of the specification, blocks with byte sizes, logical types |
| | `hostile` | truncated, over-long, out-of-range and random input: always an error, never a panic, a hang or an out-of-memory |
| | `schema_errors` | invalid schemas give errors that say where and what; names, namespaces, defaults, logical types, printing |
| `derive` | `derive_gallery` | every mapping and attribute of the derive, with insta snapshots of the schemas |
| | `derive_apache` | derived types byte for byte against the `apache-avro` crate |
| | `derive_generics` | generic types with every kind of attribute: round trips through bytes, `Value`, resolution and container files |
| | `derive_hostile` | hostile input to derived decoders: errors with a path and an offset |
| | `derive_props` | property tests of derived types against the generic encoder and decoder |
| | `compile_fail` | trybuild: every compile error of the derive (`tests/ui/`), and what must compile (`tests/ui-pass/`) |
| `evolution` | `resolve_rules` | every rule of schema resolution through `Value`, expected values confirmed with fastavro |
| | `resolve_typed` | the same rules into derived and standard types; hostile data under a plan |
| | `resolve_typed_props` | property: random writers of a derived type decode alike straight into it and through `Value` |
| | `resolve_fastavro` | 300 random writer/reader pairs replayed against fastavro's results (`tests/evolution/data/`) |
| | `evolution_story` | `User` v1 to v3: version tags, history and its snapshot, hooks, a `from` chain, compatibility levels |
| | `evolution_history` | versioned types: histories built from the model, the writer's version, nested versioned types |
| `files` | `ocf_files` | the Apache Avro container files: the weather files in every codec, a sync marker inside the metadata, avro-c's damaged files, avsc's files, the pre-1.3 format |
| | `ocf_roundtrip` | container files in every codec and block size, appends, raw block copies, and records flushed by a child process that is then killed |
| | `ocf_damage` | damaged and hostile container files built by the tests: truncation, wrong sync markers, checksums, unknown codecs, decompression bombs, wrong block counts, skipping damage |
| | `readers_validation` | readers of many datums that validate: reports with their place, reading goes on |
| | `java_interop` | Java Avro (Debian's `libavro-java`) reads avrox's container files in every codec it has and its JSON encoder prints what avrox's JSON encoding gives; Java decodes avrox's JSON lines and writes files avrox reads (skipped, loudly, without Java) |
| | `framing` | single-object messages (Java's `messageV1`) and the Confluent wire format |
| | `hand_written` | a codec implemented by hand (five traits, their required items only) meets `T: avrox::Avro` and goes through files, messages and JSON |
| | `json_encoding` | Avro's JSON encoding: tagged unions, bytes as code points, non-finite floats, one datum per line |
| `validation` | `validate` | every constraint on the types it applies to, reports (with insta snapshots), validation on encode and decode, constraints carried in schemas |
| `serde` | `mapping` | every row of `avrox::serde`'s mapping both ways with its bytes, byte equality with derived types, resolution through a writer's schema, errors with paths |
| | `datums` | serde types in container files (also resolved into a reader's schema), single-object messages and Avro's JSON encoding, through `Serde` and `Deserialized` |
| | `hostile` | hostile input to the serde deserializer: truncations, corruption, huge and negative lengths, bad indexes, invalid UTF-8, deep recursion, random bytes |
| | `gallery` | serde types and attributes (rename, skip, default, flatten, tagged and untagged enums, `Option` with null first and last, `serde_bytes`, nested records) through `avrox::serde`, apache-avro 0.22 (serde and `Value` paths) and serde_avro_fast, against bytes from the datum's JSON encoding; every difference listed with its reason |
| | `peers` | the harness of the four libraries, and the benches' datasets byte for byte through each |
| `properties` | `properties` | property tests of random schemas and values: printing and parsing, binary and JSON round trips, untrusted bytes |
| `interop` | `interop_datum` | canonical forms, fingerprints and datums both ways against Python `avro`, `fastavro`, Java and `avsc`; the book's compatibility matrix |
| | `interop_files` | container files both ways in every codec against Python `avro`, `fastavro`, Java and avro-c's tools; Java's single-object messages; evolved readers against Python `avro`, `fastavro` and Java; Polars and DataFusion read avrox's files; the book's second matrix |
| `book` | | the book as mdBook renders it: chapters, titles, links and anchors |
| `public_api` | | the public API against `avrox/public-api.txt` (nightly rustdoc JSON) |

One area runs with `cargo test -p avrox-tests --test <binary>`, one file of
it by adding the module's name as a filter (`--test files ocf_damage`). A
new test file goes into the folder of its area, with a `mod` line in that
folder's `main.rs`; a unit test of this crate fails on a file left loose in
`tests/` or not declared.

The library itself holds the little the tests share: finding the
conformance data ([`conformance_dir`], [`apache_avro_dir`]), hex
helpers ([`hex`], [`unhex`]), [`schema`] for schemas written in tests, the
proptest generators of random schemas and values ([`strategies`]), and the
interop suite's peers, corpus and JSON mapping ([`interop`]).

# Interop peers

The interop tests run other Avro implementations, installed by
`scripts/install-peers`. A peer that is not installed is skipped with a
loud notice naming that script, unless `AVROX_REQUIRE_PEERS=1`, which makes
it a failure (CI sets it). `AVROX_PEERS_DIR` (default `target/peers`) holds
what the script installs outside the system (avsc) and the suite's scratch
files; `PYTHON` names the Python interpreter (default `python3`), for the
script and the suite alike.

# Conformance data

The Apache Avro test data is not copied into this repository: tests read it
in place. Point `AVROX_CONFORMANCE_DIR` at the folder that holds
`apache-avro/` (CI sets it). Without it, the folder `../shared/conformance`
beside the workspace is used when it exists. When neither is there, the
tests that need the data print a loud `SKIPPED` banner and pass, unless
`AVROX_REQUIRE_CONFORMANCE=1`, which makes them fail instead.
"#]

pub mod interop;
pub mod strategies;

#[cfg(test)]
mod layout;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// The environment variable naming the folder that holds `apache-avro/`.
pub const CONFORMANCE_DIR_VAR: &str = "AVROX_CONFORMANCE_DIR";

/// The environment variable that, set to `1`, turns a missing conformance
/// folder from a skip into a failure.
pub const REQUIRE_CONFORMANCE_VAR: &str = "AVROX_REQUIRE_CONFORMANCE";

/// The root of this cargo workspace (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("avrox-tests sits inside the workspace")
        .to_path_buf()
}

/// The folder of conformance data (the one that holds `apache-avro/`), or
/// `None` when it cannot be found.
///
/// Looks at `AVROX_CONFORMANCE_DIR` first; when that is unset, at
/// `<workspace root>/../shared/conformance`. A variable that is set but
/// names a missing folder is not silently replaced by the fallback: it
/// counts as not found, and the banner says so.
///
/// When nothing is found, this panics if `AVROX_REQUIRE_CONFORMANCE=1`;
/// otherwise it writes a loud `SKIPPED` banner to stderr (once per test
/// binary, past the test harness's output capture) and returns `None`, and
/// the calling test should return early.
pub fn conformance_dir() -> Option<PathBuf> {
    let (found, looked_at) = match std::env::var_os(CONFORMANCE_DIR_VAR) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let looked_at = format!("{CONFORMANCE_DIR_VAR}={}", dir.display());
            (dir.is_dir().then_some(dir), looked_at)
        }
        None => {
            let dir = workspace_root()
                .join("..")
                .join("shared")
                .join("conformance");
            let looked_at = format!(
                "{CONFORMANCE_DIR_VAR} (unset) and the fallback {}",
                dir.display()
            );
            (dir.is_dir().then_some(dir), looked_at)
        }
    };
    if found.is_some() {
        return found;
    }
    if std::env::var(REQUIRE_CONFORMANCE_VAR).as_deref() == Ok("1") {
        panic!(
            "Apache Avro conformance data not found, and {REQUIRE_CONFORMANCE_VAR}=1 requires it. \
             Looked at {looked_at}. Set {CONFORMANCE_DIR_VAR} to the folder that holds apache-avro/."
        );
    }
    static BANNER: Once = Once::new();
    BANNER.call_once(|| {
        let line = "#".repeat(78);
        // Written to the stderr handle, not with eprintln!, so that the test
        // harness does not capture it: a skip must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "\n{line}\n# SKIPPED: Apache Avro conformance data not found; conformance tests did NOT run.\n\
             # Looked at {looked_at}.\n\
             # Set {CONFORMANCE_DIR_VAR}=/path/to/conformance (the folder holding apache-avro/),\n\
             # or {REQUIRE_CONFORMANCE_VAR}=1 to make this a failure.\n{line}\n"
        );
    });
    None
}

/// `<conformance_dir>/apache-avro`, the Apache Avro project's test data, or
/// `None` (after the banner of [`conformance_dir`]) when it is missing.
///
/// A conformance folder that is itself the `apache-avro` folder (it holds
/// `data/schema-tests.txt`) is accepted too.
///
/// # Panics
/// When the conformance folder exists but holds no Apache Avro data: that
/// is a misconfiguration, not a reason to skip.
pub fn apache_avro_dir() -> Option<PathBuf> {
    let dir = conformance_dir()?;
    let marker = Path::new("data").join("schema-tests.txt");
    [dir.join("apache-avro"), dir.clone()]
        .into_iter()
        .find(|candidate| candidate.join(&marker).is_file())
        .map(Some)
        .unwrap_or_else(|| {
            panic!(
                "{} holds no Apache Avro conformance data: expected apache-avro/{} in it",
                dir.display(),
                marker.display()
            )
        })
}

/// The schema of `json`, for schemas written in tests.
///
/// ```
/// let json = r#"{"type": "array", "items": "long"}"#;
/// assert_eq!(avrox_tests::schema(json), avrox::Schema::parse(json).unwrap());
/// ```
///
/// # Panics
/// When avrox rejects the schema, with the JSON and the error: this is for
/// literals in tests.
pub fn schema(json: &str) -> avrox::Schema {
    avrox::Schema::parse(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// Lowercase hex of `bytes`, two digits a byte, no separators.
///
/// ```
/// assert_eq!(avrox_tests::hex(&[0x36, 0x06, 0x66]), "360666");
/// ```
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex digits; spaces between them are ignored.
///
/// ```
/// assert_eq!(avrox_tests::unhex("36 06 66 6f 6f"), [0x36, 0x06, 0x66, 0x6f, 0x6f]);
/// ```
///
/// # Panics
/// On an odd number of digits or a character that is not a hex digit:
/// this is for literals in tests.
pub fn unhex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {text:?}"
    );
    digits
        .chunks(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).expect("ASCII");
            u8::from_str_radix(pair, 16)
                .unwrap_or_else(|_| panic!("{pair:?} is not hex, in {text:?}"))
        })
        .collect()
}

/// Whether `err` is the reader limit `limit` being reached.
pub fn is_limit(err: &avrox::Error, limit: avrox::error::Limit) -> bool {
    matches!(err.kind(), avrox::ErrorKind::LimitExceeded { limit: l, .. } if *l == limit)
}

// ---------------------------------------------------------------------------
// Book doctests: a `#[cfg(doctest)]` module that runs the mdBook's code
// blocks as doctests goes below this line (owned by the book's author).
// ---------------------------------------------------------------------------

/// The README and every chapter of the book, compiled and run as doctests, so
/// that what the documentation shows works. (`mdbook test` cannot see the
/// avrox crate, so this crate does it.)
#[cfg(doctest)]
mod docs {
    #[doc = include_str!("../../README.md")]
    mod readme {}

    #[doc = include_str!("../../book/src/introduction.md")]
    mod introduction {}

    #[doc = include_str!("../../book/src/schemas-and-values.md")]
    mod schemas_and_values {}

    #[doc = include_str!("../../book/src/deriving.md")]
    mod deriving {}

    #[doc = include_str!("../../book/src/codegen.md")]
    mod codegen {}

    #[doc = include_str!("../../book/src/serde.md")]
    mod serde_bridge {}

    #[doc = include_str!("../../book/src/evolving-schemas.md")]
    mod evolving_schemas {}
    #[doc = include_str!("../../book/src/schema-files.md")]
    mod schema_files {}
    #[doc = include_str!("../../book/src/interop.md")]
    mod interop {}
    #[doc = include_str!("../../book/src/testing.md")]
    mod testing {}
    #[doc = include_str!("../../book/src/files-and-messages.md")]
    mod files_and_messages {}
    #[doc = include_str!("../../book/src/async.md")]
    mod async_files_and_streams {}
    #[doc = include_str!("../../book/src/kafka.md")]
    mod kafka_and_schema_registries {}
    #[doc = include_str!("../../book/src/validation.md")]
    mod validation {}

    #[doc = include_str!("../../book/src/performance.md")]
    mod performance {}

    #[doc = include_str!("../../book/src/observe.md")]
    mod observe {}

    #[doc = include_str!("../../book/src/cli.md")]
    mod cli {}

    #[doc = include_str!("../../book/src/coming-from-apache-avro.md")]
    mod coming_from_apache_avro {}
}
