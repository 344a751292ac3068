//! Object container files, single-object messages, schema evolution and
//! data engines against other Avro implementations: Python `avro`,
//! `fastavro`, Java avro, `avsc`, avro-c's tools, Polars and DataFusion.
//!
//! Over the interop corpus (`avrox_tests::interop::corpus::datum_cases`:
//! every type and logical type, plus a derived type), with one peer
//! process per peer:
//! - avrox writes a container file of each case in every codec, in blocks
//!   of a few records; the peer reads it, and the values are equal
//!   (`file (<codec>): avrox writes`). avro-c reads with `avromod`, which
//!   copies the records into a file avrox reads;
//! - the peer writes a file of each case in every codec it has; avrox
//!   reads it, the header names that codec, the values are equal, and the
//!   derived case reads into its Rust type (`file (<codec>): peer writes`);
//! - avro-c's `avrocat` prints avrox's file in Avro's JSON encoding, which
//!   avrox decodes to the values;
//! - Java's `BinaryMessageEncoder`/`Decoder` and avrox read each other's
//!   single-object messages;
//! - datums read with an evolved reader's schema ([`EVOLUTIONS`]) give in
//!   Python avro, fastavro, Java and avsc what avrox's resolution gives;
//! - Polars (`read_avro`) and DataFusion (`register_avro`, `SELECT *`)
//!   read avrox's files of [`ENGINE_SCHEMA`] to the same rows.
//!
//! Every disagreement is in [`GAPS`] with its reason, quoting the
//! specification where the peer departs from it; one not listed fails, and
//! so does a listed one that no longer happens. A cell where the peer has
//! nothing to check needs its reason too ([`peer_codecs`], [`row_lack`]).
//! The results render as the second table of `book/src/interop.md`
//! (checked; `AVROX_BLESS_INTEROP=1` rewrites it).
//! A peer that is not installed is skipped with a notice naming
//! `scripts/install-peers`; `AVROX_REQUIRE_PEERS=1` makes it a failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use avrox::ocf::{Codec, Reader, Writer, WriterOptions};
use avrox::resolve::Plan;
use avrox::{Avro, AvroSchema, Schema, Value};
use avrox_tests::interop::corpus::{self, Case};
use avrox_tests::interop::json::{Mapping, compare, to_interop};
use avrox_tests::interop::peers::{self, Peer};
use serde_json::{Value as Json, json};

/// The codecs avrox writes, every one the specification names.
fn codecs() -> [Codec; 6] {
    [
        Codec::Null,
        Codec::Deflate(6),
        Codec::Snappy,
        Codec::Bzip2(9),
        Codec::Xz(6),
        Codec::Zstandard(3),
    ]
}

/// Blocks small enough that most files have several.
const BLOCK_SIZE: usize = 64;

/// The peers of this suite, in the matrix's order.
const PEERS: [Peer; 7] = [
    Peer::PythonAvro,
    Peer::Fastavro,
    Peer::Java,
    Peer::Avsc,
    Peer::AvroC,
    Peer::Polars,
    Peer::DataFusion,
];

// ---------------------------------------------------------------------------
// Known disagreements, and what peers lack
// ---------------------------------------------------------------------------

use avrox_tests::interop::matrix::{GapKind as Kind, check_book_table};

/// A known disagreement of a peer in the matrix rows starting with `row`,
/// for the corpus features or cases listed, or all when none are.
struct Gap {
    peer: Peer,
    row: &'static str,
    features: &'static [&'static str],
    kind: Kind,
    reason: &'static str,
}

const fn gap(
    peer: Peer,
    row: &'static str,
    features: &'static [&'static str],
    kind: Kind,
    reason: &'static str,
) -> Gap {
    Gap {
        peer,
        row,
        features,
        kind,
        reason,
    }
}

/// Python avro's choice of a union branch (as for datums).
const PYTHON_UNION_BRANCH: &str = "Python avro 1.12.2 writes a union value in the last branch it \
    validates against (avro.io.DatumWriter.write_union) and has no way to name the branch, so \
    its files hold some union values in another branch (true and 5 in a later double, bytes in a \
    fixed of the same size).";

/// A Python int is an Avro int and long.
const PYTHON_INT_LONG: &str = "A Python int is both an Avro int and long: a long the peer \
    writes into [\"int\", \"long\"] takes the int branch.";

/// Java 1.8.2 converts uuids only on strings.
const JAVA_UUID_FIXED: &str = "Java avro 1.8.2's UUIDConversion converts only strings \
    (\"fromFixed is not supported for uuid\"): uuid on fixed(16) came with specification 1.12.";

/// fastavro and avsc promote an int to a float without rounding it to one.
const FLOAT_PROMOTION: &str = "fastavro 1.13.1 and avsc 5.7.9 read the int 16777217 with a \
    float reader as 16777217, a number no float holds: \"int is promotable to long, float, or \
    double\", and a float is a \"single precision (32-bit) IEEE 754 floating-point number\", \
    so the value read is 16777216.0, as avrox, Java and Python avro give.";

/// avsc's object streams end at a null.
const AVSC_NULL_RECORD: &str = "avsc 5.7.9 reads and writes container files through Node.js \
    object streams (BlockDecoder, BlockEncoder), which end at a null chunk: a file whose records \
    are null, or a union's null, reads as no records from there on, and writing one fails (\"May \
    not write null values to stream\").";

/// avrocat's JSON cuts bytes and strings at a zero byte.
const AVROCAT_NUL: &str = "avro-c 1.11.1's avrocat prints bytes, fixed and string values as C \
    strings, cut at the first zero byte (00 ff prints as \"\"), so its output is not the JSON \
    encoding of what it read: \"Except for unions, the JSON encoding is the same as is used to \
    encode field default values\", where \"Default values for bytes and fixed fields are JSON \
    strings, where Unicode code points 0-255 are mapped to unsigned 8-bit byte values 0-255\". \
    (avromod, which copies records, keeps them.)";

/// avrocat cannot print NaN and infinities.
const AVROCAT_NONFINITE: &str = "avro-c 1.11.1's avrocat stops at a NaN or infinite float \
    (\"Cannot allocate JSON float\"): JSON has no such numbers.";

/// avro-c has no fixed(0).
const AVROC_FIXED_0: &str = "avro-c 1.11.1 cannot make a value of a fixed of size 0 (\"Cannot \
    allocate new fixed value\"), a size the specification allows (\"size: an integer, \
    specifying the number of bytes per value\").";

/// avro-c fails on snappy blocks of no data.
const AVROC_EMPTY_SNAPPY: &str = "avro-c 1.11.1 cannot open a snappy file whose block holds \
    records of no bytes (\"Cannot allocate memory for snappy\"): the block's data compresses \
    to an empty snappy stream and its CRC-32, which Java, Python avro and fastavro read.";

/// avro-c names its xz codec lzma.
const AVROC_LZMA: &str = "avro-c 1.11.1 has no xz codec. Its nearest, avromod --codec=lzma, \
    writes \"avro.codec\": \"lzma\", a codec of avro-c's own that the specification does not \
    list (its optional codecs are bzip2, snappy, xz and zstandard; \"The \\\"xz\\\" codec uses the \
    XZ compression library\"); avrox refuses it with an error naming the codec.";

/// avro-c's JSON parser refuses NUL in strings.
const AVROC_JSON_NUL: &str = "avro-c 1.11.1 cannot open a file whose schema has a string \
    attribute holding \\u0000 (\"\\u0000 is not allowed without JSON_ALLOW_NUL\"): valid JSON, \
    and the specification allows any attribute (\"Attributes not defined in this document are \
    permitted as metadata\").";

/// Python avro does not promote string and bytes into each other.
const PYTHON_STRING_BYTES: &str = "Python avro 1.12.2 refuses a string writer with a bytes \
    reader (\"Schemas do not match\"), where \"string is promotable to bytes\" and \"bytes is \
    promotable to string\".";

/// Python avro does not use aliases when resolving (optional).
const PYTHON_ALIASES: &str = "Python avro 1.12.2 does not match a record or field by the \
    reader's aliases (\"Schemas do not match\"). The specification leaves it to the \
    implementation: \"An implementation may optionally use aliases to map a writer's schema to \
    the reader's.\" avrox, Java and fastavro do.";

/// Python avro ignores an enum's default.
const PYTHON_ENUM_DEFAULT: &str = "Python avro 1.12.2 fails on a symbol the reader lacks \
    (\"Symbol C not present in Reader's Schema\") though the reader's enum has a default: \"if \
    the writer's symbol is not present in the reader's enum and the reader has a default value, \
    then that value is used\".";

/// Python avro leaves promoted ints unconverted.
const PYTHON_PROMOTED_INT: &str = "Python avro 1.12.2 reads an int into a double branch as the \
    Python int 4, not the float 4.0 (\"int is promotable to long, float, or double\"): the same \
    number, but not a double, so which branch it was read as is lost.";

/// Python avro refuses a union writer with a non-union reader it
/// promotes into.
const PYTHON_UNION_WRITER: &str = "Python avro 1.12.2 refuses the writer [\"int\", \"long\"] \
    with the reader \"double\" (\"Schemas do not match\"), where, \"if writer's is a union, \
    but reader's is not: If the reader's schema matches the selected writer's schema, it is \
    recursively resolved against it\", and an int or a long matches a double by promotion.";

/// Java 1.8.2 has no enum defaults.
const JAVA_ENUM_DEFAULT: &str = "Java avro 1.8.2 fails on a symbol the reader lacks (\"No \
    match for C\"): enum defaults came with specification 1.9 (\"if the writer's symbol is not \
    present in the reader's enum and the reader has a default value, then that value is used\").";

/// Java 1.8.2's fingerprint of a type in the null namespace.
const JAVA_SINGLE_OBJECT_NAMESPACE: &str = "Java avro 1.8.2 names a type defined in the null \
    namespace inside namespace n1 n1.InNull (see the datum table), so its schema's fingerprint, \
    which starts a single-object message, differs from avrox's: neither reads the other's \
    message.";

/// Every disagreement, with its reason.
#[rustfmt::skip]
const GAPS: &[Gap] = &[
    gap(Peer::PythonAvro, "file", &["union"], Kind::Unsupported, PYTHON_UNION_BRANCH),
    gap(Peer::PythonAvro, "file", &["union of int and long"], Kind::Unsupported, PYTHON_INT_LONG),
    gap(Peer::Fastavro, "file", &["union of int and long"], Kind::Unsupported, PYTHON_INT_LONG),
    gap(Peer::Fastavro, "evolution: promotions", &[], Kind::OffSpec, FLOAT_PROMOTION),
    gap(Peer::Avsc, "evolution: promotions", &[], Kind::OffSpec, FLOAT_PROMOTION),
    gap(Peer::Avsc, "file", &["null", "union-nullable", "union-every-kind"], Kind::Unsupported, AVSC_NULL_RECORD),
    gap(Peer::Java, "file", &["uuid (fixed)"], Kind::Unsupported, JAVA_UUID_FIXED),
    gap(Peer::Java, "single-object", &["uuid (fixed)"], Kind::Unsupported, JAVA_UUID_FIXED),
    gap(Peer::AvroC, AVROCAT_ROW, &[], Kind::OffSpec, AVROCAT_NUL),
    gap(Peer::AvroC, AVROCAT_ROW, &["float/double NaN and infinities"], Kind::Unsupported, AVROCAT_NONFINITE),
    gap(Peer::AvroC, "file", &["fixed"], Kind::Unsupported, AVROC_FIXED_0),
    gap(Peer::AvroC, "file (snappy)", &["null"], Kind::Unsupported, AVROC_EMPTY_SNAPPY),
    gap(Peer::AvroC, "file (xz)", &[], Kind::Unsupported, AVROC_LZMA),
    gap(Peer::AvroC, "file", &["attributes-stripped"], Kind::Unsupported, AVROC_JSON_NUL),
    gap(Peer::PythonAvro, "evolution: promotions", &[], Kind::OffSpec, PYTHON_STRING_BYTES),
    gap(Peer::PythonAvro, "evolution: renamed via aliases", &[], Kind::Unsupported, PYTHON_ALIASES),
    gap(Peer::PythonAvro, "evolution: enum default", &[], Kind::OffSpec, PYTHON_ENUM_DEFAULT),
    gap(Peer::PythonAvro, "evolution: union to union", &[], Kind::Unsupported, PYTHON_PROMOTED_INT),
    gap(Peer::PythonAvro, "evolution: writer a union, reader not", &[], Kind::OffSpec, PYTHON_UNION_WRITER),
    gap(Peer::Java, "evolution: enum default", &[], Kind::Unsupported, JAVA_ENUM_DEFAULT),
    gap(Peer::Java, "single-object", &["namespace-inheritance"], Kind::OffSpec, JAVA_SINGLE_OBJECT_NAMESPACE),
];

/// The codecs a peer reads and writes, of those the specification names.
fn peer_codecs(peer: Peer) -> &'static [&'static str] {
    match peer {
        Peer::PythonAvro => &["null", "deflate", "snappy", "bzip2", "zstandard"],
        Peer::Java => &["null", "deflate", "snappy", "bzip2", "xz"],
        Peer::AvroC | Peer::Polars => &["null", "deflate", "snappy"],
        Peer::Avsc => &["null", "deflate"],
        _ => &["null", "deflate", "snappy", "bzip2", "xz", "zstandard"],
    }
}

/// Why a peer lacks a codec, for the matrix.
fn codec_lack(peer: Peer) -> &'static str {
    match peer {
        Peer::PythonAvro => "Python avro 1.12.2 has no xz codec (\"Unknown codec: 'xz'\").",
        Peer::Java => {
            "Java avro 1.8.2 has no zstandard codec (\"Unrecognized codec: zstandard\"; it came with 1.9)."
        }
        Peer::AvroC => {
            "avro-c 1.11.1 (Debian's avro-bin) has null, deflate, snappy and its lzma only."
        }
        Peer::Polars => {
            "Polars 2.1.0 reads null, deflate and snappy only (\"unsupported Avro codec\")."
        }
        Peer::Avsc => {
            "avsc 5.7.9 has null and deflate built in; other codecs are functions its user \
             supplies, and Node.js 20 has none of them."
        }
        _ => "",
    }
}

/// Why a peer has nothing in a row that is not about codecs.
fn row_lack(peer: Peer, row: &str) -> Option<&'static str> {
    let library = matches!(
        peer,
        Peer::PythonAvro | Peer::Fastavro | Peer::Java | Peer::Avsc | Peer::AvroC
    );
    let engine = matches!(peer, Peer::Polars | Peer::DataFusion);
    if row.starts_with("engine") && library {
        return Some("Not a query engine.");
    }
    if !row.starts_with("engine") && engine {
        return Some(
            "A query engine: the suite checks that it reads avrox's files of the engine rows, in every codec it has.",
        );
    }
    if row.starts_with("single-object") && peer != Peer::Java {
        return Some(
            "The peer has no single-object encoding: Python avro 1.12.2, fastavro 1.13.1 and avsc 5.7.9 offer none, avro-c's tools work on files.",
        );
    }
    if row.starts_with("evolution") && peer == Peer::AvroC {
        return Some("avro-c's tools read a file with its writer's schema only.");
    }
    if row == AVROCAT_ROW && peer != Peer::AvroC {
        return Some("avro-c's tool only.");
    }
    None
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

/// One failed check.
#[derive(Debug)]
struct Failure {
    row: String,
    case: String,
    feature: &'static str,
    detail: String,
}

/// A peer's run: its version, the checks per row, the failures.
#[derive(Default)]
struct Run {
    version: String,
    checked: BTreeMap<String, usize>,
    failures: Vec<Failure>,
}

impl Run {
    fn record(&mut self, row: &str, case: &Case, outcome: Result<(), String>) {
        self.record_as(row, &case.id, case.feature, outcome);
    }

    fn record_as(
        &mut self,
        row: &str,
        case: &str,
        feature: &'static str,
        outcome: Result<(), String>,
    ) {
        *self.checked.entry(row.to_owned()).or_default() += 1;
        if let Err(detail) = outcome {
            self.failures.push(Failure {
                row: row.to_owned(),
                case: case.to_owned(),
                feature,
                detail: format!("{case}: {detail}"),
            });
        }
    }
}

impl Gap {
    fn covers(&self, peer: Peer, f: &Failure) -> bool {
        self.peer == peer
            && f.row.starts_with(self.row)
            && (self.features.is_empty()
                || self.features.contains(&f.feature)
                || self.features.contains(&f.case.as_str()))
    }
}

// ---------------------------------------------------------------------------
// The corpus and avrox's files
// ---------------------------------------------------------------------------

/// A row as a service would derive it: peers' files of it are also read
/// into the Rust type.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop.files")]
struct Reading {
    sensor: String,
    seq: i64,
    celsius: f64,
    tags: Vec<String>,
    note: Option<String>,
    raw: Vec<u8>,
    level: Level,
    checksum: [u8; 4],
    #[avro(unit = micros)]
    at: i64,
}

#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "interop.files")]
enum Level {
    Low,
    High,
}

fn readings() -> Vec<Reading> {
    (0..40i32)
        .map(|i| Reading {
            sensor: format!("s-{i} é"),
            seq: (i64::from(i) - 20) * 1_000_000_007,
            celsius: f64::from(i) / 8.0 - 2.0,
            tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
            note: (i % 2 == 0).then(|| format!("n{i}")),
            raw: vec![i as u8, 0, 255],
            level: if i % 3 == 0 { Level::High } else { Level::Low },
            checksum: [i as u8, 1, 2, 3],
            at: 1_700_000_000_000_000 + i64::from(i) * 1_000_003,
        })
        .collect()
}

const DERIVED_CASE: &str = "derived-reading";

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut cases = corpus::datum_cases();
        let values = readings().iter().map(avrox::to_value).collect();
        let schema = <Reading as AvroSchema>::schema().to_string();
        cases.push(Case::new(DERIVED_CASE, "derived types", &schema, values));
        cases
    })
}

/// A peer's file of the derived case, read into the Rust type.
fn derived_reads(path: &Path) -> Result<(), String> {
    let got: Vec<Reading> = Reader::<Reading, _>::open(path)
        .and_then(|r| r.collect())
        .map_err(|e| format!("avrox, into Reading: {e}"))?;
    if got == readings() {
        Ok(())
    } else {
        Err("the records read into Reading differ".into())
    }
}

fn work_dir(name: &str) -> PathBuf {
    let dir = peers::peers_dir().join("work").join("files").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a work folder");
    dir
}

/// The file of `values` avrox writes in `codec`.
fn write_file(path: &Path, schema: &Schema, values: &[Value], codec: Codec) {
    let options = WriterOptions::new().codec(codec).block_size(BLOCK_SIZE);
    let file = std::fs::File::create(path).expect("create a file");
    let mut w = Writer::<Value, _>::with_schema(file, schema.clone(), options).expect("a writer");
    w.extend(values).expect("corpus values encode");
    w.finish().expect("finish the file");
}

/// avrox's files of every case in every codec: (case, codec) -> path.
fn avrox_files() -> &'static BTreeMap<(String, &'static str), PathBuf> {
    static FILES: OnceLock<BTreeMap<(String, &'static str), PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = work_dir("avrox");
        let mut files = BTreeMap::new();
        for case in cases() {
            for codec in codecs() {
                let path = dir.join(format!("{}.{}.avro", case.id, codec.name()));
                write_file(&path, &case.schema, &case.values, codec);
                files.insert((case.id.clone(), codec.name()), path);
            }
        }
        files
    })
}

fn mapping_for(peer: Peer) -> Mapping {
    Mapping {
        decimals: peer != Peer::Avsc,
    }
}

fn expected_json(case: &Case, mapping: Mapping) -> Vec<Json> {
    case.values
        .iter()
        .map(|v| to_interop(&case.schema, v, mapping).expect("interop JSON"))
        .collect()
}

/// Compares a peer's reading of a file (interop JSON records) with the
/// case's values.
fn compare_records(expected: &[Json], got: &Json) -> Result<(), String> {
    let got = got.as_array().ok_or("no records")?;
    if got.len() != expected.len() {
        return Err(format!(
            "{} records, expected {}",
            got.len(),
            expected.len()
        ));
    }
    for (i, (e, g)) in expected.iter().zip(got).enumerate() {
        compare(e, g).map_err(|d| format!("record {i}: {d}"))?;
    }
    Ok(())
}

/// avrox reads a peer's file: the records as interop JSON, and the codec
/// the header names.
fn avrox_reads(path: &Path, case: &Case, mapping: Mapping) -> Result<(String, Vec<Json>), String> {
    let reader = Reader::<Value, _>::open(path).map_err(|e| format!("avrox: {e}"))?;
    let codec = reader.header().codec().name().to_owned();
    let mut out = Vec::new();
    for value in reader {
        let value = value.map_err(|e| format!("avrox: {e}"))?;
        out.push(to_interop(&case.schema, &value, mapping).map_err(|e| e.to_string())?);
    }
    Ok((codec, out))
}

// ---------------------------------------------------------------------------
// Schema evolution
// ---------------------------------------------------------------------------

/// A writer's schema, datums of it (in avrox's JSON encoding) and an
/// evolved reader's schema.
struct Evolution {
    name: &'static str,
    writer: &'static str,
    values: &'static [&'static str],
    reader: &'static str,
}

/// The writer/reader pairs, each a rule of the specification's "Schema
/// Resolution".
const EVOLUTIONS: &[Evolution] = &[
    Evolution {
        name: "added field with default",
        writer: r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#,
        values: &[r#"{"a":1}"#, r#"{"a":-7}"#],
        reader: r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},
            {"name":"b","type":"string","default":"none"},
            {"name":"c","type":["null","long"],"default":null},
            {"name":"d","type":{"type":"array","items":"int"},"default":[1,2]}]}"#,
    },
    Evolution {
        name: "removed field",
        writer: r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},
            {"name":"gone","type":{"type":"map","values":{"type":"array","items":"string"}}},
            {"name":"z","type":"string"}]}"#,
        values: &[r#"{"a":1,"gone":{"k":["x","y"]},"z":"end"}"#],
        reader: r#"{"type":"record","name":"R","fields":[{"name":"z","type":"string"},{"name":"a","type":"int"}]}"#,
    },
    Evolution {
        name: "promotions",
        writer: r#"{"type":"record","name":"P","fields":[{"name":"il","type":"int"},
            {"name":"if","type":"int"},{"name":"id","type":"int"},{"name":"lf","type":"long"},
            {"name":"ld","type":"long"},{"name":"fd","type":"float"},
            {"name":"sb","type":"string"},{"name":"bs","type":"bytes"}]}"#,
        values: &[
            r#"{"il":-2147483648,"if":16777217,"id":2147483647,"lf":9007199254740993,"ld":-9007199254740993,"fd":0.1,"sb":"é","bs":"abc"}"#,
        ],
        reader: r#"{"type":"record","name":"P","fields":[{"name":"il","type":"long"},
            {"name":"if","type":"float"},{"name":"id","type":"double"},{"name":"lf","type":"float"},
            {"name":"ld","type":"double"},{"name":"fd","type":"double"},
            {"name":"sb","type":"bytes"},{"name":"bs","type":"string"}]}"#,
    },
    Evolution {
        name: "renamed via aliases",
        writer: r#"{"type":"record","name":"old.Rec","fields":[{"name":"before","type":"long"},
            {"name":"kind","type":{"type":"enum","name":"old.Kind","symbols":["A","B"]}}]}"#,
        values: &[r#"{"before":5,"kind":"B"}"#],
        reader: r#"{"type":"record","name":"new.Rec","aliases":["old.Rec"],"fields":[
            {"name":"after","aliases":["before"],"type":"long"},
            {"name":"kind","type":{"type":"enum","name":"Kind","aliases":["old.Kind"],"symbols":["B","A"]}}]}"#,
    },
    Evolution {
        name: "enum default",
        writer: r#"{"type":"enum","name":"E","symbols":["A","B","C"]}"#,
        values: &[r#""A""#, r#""C""#],
        reader: r#"{"type":"enum","name":"E","symbols":["A","B","OTHER"],"default":"OTHER"}"#,
    },
    Evolution {
        name: "writer not a union, reader a union",
        writer: r#""int""#,
        values: &["3"],
        reader: r#"["null","string","long"]"#,
    },
    Evolution {
        name: "union to union",
        writer: r#"["null","int","string"]"#,
        values: &["null", r#"{"int":4}"#, r#"{"string":"s"}"#],
        reader: r#"["string","null","double"]"#,
    },
    Evolution {
        name: "writer a union, reader not",
        writer: r#"["int","long"]"#,
        values: &[r#"{"int":4}"#, r#"{"long":5}"#],
        reader: r#""double""#,
    },
    Evolution {
        name: "record in a union, evolved",
        writer: r#"["null",{"type":"record","name":"S","fields":[{"name":"x","type":"int"}]}]"#,
        values: &["null", r#"{"S":{"x":9}}"#],
        reader: r#"["null",{"type":"record","name":"S","fields":[{"name":"x","type":"long"},
            {"name":"y","type":"string","default":"d"}]}]"#,
    },
];

/// An evolution's datums (avrox's encoding) and what avrox reads with the
/// reader's schema (interop JSON).
fn evolution_data(e: &Evolution, mapping: Mapping) -> (Vec<Vec<u8>>, Vec<Json>) {
    let writer = Schema::parse(e.writer).expect("writer schema");
    let reader = Schema::parse(e.reader).expect("reader schema");
    let plan = Plan::new(&writer, &reader).expect("the pair resolves");
    let mut bytes = Vec::new();
    let mut read = Vec::new();
    for text in e.values {
        let value = avrox::json::from_str_with::<Value>(text, &writer).expect("writer value");
        let encoded = value.to_bytes(&writer).expect("encode");
        let resolved = plan.decode(&encoded).expect("avrox resolves");
        read.push(to_interop(&reader, &resolved, mapping).expect("interop JSON"));
        bytes.push(encoded);
    }
    (bytes, read)
}

fn evolution_row(e: &Evolution) -> String {
    format!("evolution: {}", e.name)
}

/// The jobs of the evolutions, for a peer that reads with two schemas.
fn evolution_jobs(mapping: Mapping) -> Vec<Json> {
    EVOLUTIONS
        .iter()
        .map(|e| {
            let (bytes, _) = evolution_data(e, mapping);
            json!({
                "id": format!("evolution-{}", e.name),
                "writer": serde_json::from_str::<Json>(e.writer).unwrap(),
                "reader": serde_json::from_str::<Json>(e.reader).unwrap(),
                "encodings": bytes.iter().map(|b| avrox_tests::hex(b)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn check_evolutions(run: &mut Run, results: &[Json], mapping: Mapping) {
    for (e, result) in EVOLUTIONS.iter().zip(results) {
        let (_, expected) = evolution_data(e, mapping);
        let outcome = match result.get("decoded").and_then(Json::as_array) {
            None => Err(format!("refuses the schemas: {}", result["schema_error"])),
            Some(decoded) => {
                expected
                    .iter()
                    .zip(decoded)
                    .enumerate()
                    .try_for_each(|(i, (want, got))| match got.get("ok") {
                        Some(ok) => compare(want, ok).map_err(|d| format!("datum {i}: {d}")),
                        None => Err(format!("datum {i}: {}", got["err"])),
                    })
            }
        };
        run.record_as(&evolution_row(e), e.name, "evolution", outcome);
    }
}

// ---------------------------------------------------------------------------
// Single-object messages
// ---------------------------------------------------------------------------

const SO_READS: &str = "single-object: avrox writes, peer reads";
const SO_WRITES: &str = "single-object: peer writes, avrox reads";

fn single_object_job(case: &Case, mapping: Mapping) -> Json {
    let messages: Vec<String> = case
        .values
        .iter()
        .map(|v| {
            avrox_tests::hex(
                &avrox::framing::to_single_object(&v.with_schema(&case.schema))
                    .expect("single object"),
            )
        })
        .collect();
    json!({
        "id": case.id, "schema": case.schema_json,
        "values": expected_json(case, mapping), "single_objects": messages,
    })
}

fn check_single_object(run: &mut Run, case: &Case, result: &Json, mapping: Mapping) {
    let expected = expected_json(case, mapping);
    let empty = Vec::new();
    let decoded = result["decoded"].as_array().unwrap_or(&empty);
    let encoded = result["encoded"].as_array().unwrap_or(&empty);
    for (i, want) in expected.iter().enumerate() {
        let reads = match decoded.get(i) {
            Some(d) if d.get("ok").is_some() => compare(want, &d["ok"]),
            Some(d) => Err(d["err"].to_string()),
            None => Err(format!("no result: {result}")),
        };
        run.record(SO_READS, case, reads.map_err(|e| format!("[{i}] {e}")));
        let writes = match encoded.get(i).and_then(|e| e["ok"].as_str()) {
            Some(hexed) => {
                let message = avrox_tests::unhex(hexed);
                let mut store = avrox::framing::SchemaStore::new();
                store.add(case.schema.clone());
                store
                    .decode_with::<Value>(&message, &case.schema)
                    .map_err(|e| format!("avrox: {e}"))
                    .and_then(|v| to_interop(&case.schema, &v, mapping).map_err(|e| e.to_string()))
                    .and_then(|got| compare(want, &got))
            }
            None => Err(format!("the peer cannot write it: {}", encoded[i]["err"])),
        };
        run.record(SO_WRITES, case, writes.map_err(|e| format!("[{i}] {e}")));
    }
}

// ---------------------------------------------------------------------------
// Python avro, fastavro, Java: one process each
// ---------------------------------------------------------------------------

fn reads_row(codec: &str) -> String {
    format!("file ({codec}): avrox writes, peer reads")
}

fn writes_row(codec: &str) -> String {
    format!("file ({codec}): peer writes, avrox reads")
}

fn run_library(peer: Peer) -> Run {
    let mapping = mapping_for(peer);
    let files = avrox_files();
    let out_dir = work_dir(peer.key());
    let mut jobs: Vec<Json> = cases()
        .iter()
        .map(|case| {
            let files: Vec<Json> = peer_codecs(peer)
                .iter()
                .map(|c| json!({"codec": c, "path": files[&(case.id.clone(), *c)]}))
                .collect();
            json!({
                "id": case.id, "schema": case.schema_json,
                "values": expected_json(case, mapping),
                "files": files, "out_dir": out_dir, "codecs": peer_codecs(peer),
            })
        })
        .collect();
    jobs.extend(evolution_jobs(mapping));
    if peer == Peer::Java {
        jobs.extend(cases().iter().map(|c| single_object_job(c, mapping)));
    }
    let out = peers::run(peer, "files", &json!({ "cases": jobs }));
    let mut run = Run {
        version: out["version"].as_str().unwrap_or("?").to_owned(),
        ..Run::default()
    };
    let results = out["cases"].as_array().expect("the peer's cases");
    let n = cases().len();
    for (case, result) in cases().iter().zip(results) {
        assert_eq!(result["id"], json!(case.id), "results in order");
        if let Some(crash) = result.get("crash") {
            run.record(&reads_row("null"), case, Err(format!("crashed: {crash}")));
            continue;
        }
        let expected = expected_json(case, mapping);
        for read in result["reads"].as_array().expect("reads") {
            let codec = read["codec"].as_str().unwrap_or("?");
            let outcome = match read.get("ok") {
                Some(ok) => compare_records(&expected, ok),
                None => Err(format!("the peer cannot read it: {}", read["err"])),
            };
            run.record(&reads_row(codec), case, outcome);
        }
        for write in result["writes"].as_array().expect("writes") {
            let codec = write["codec"].as_str().unwrap_or("?");
            let outcome = match write["path"].as_str() {
                Some(path) => avrox_reads(Path::new(path), case, mapping).and_then(|(c, got)| {
                    if c != codec {
                        return Err(format!("the header names codec {c}"));
                    }
                    compare_records(&expected, &Json::Array(got))?;
                    if case.id == DERIVED_CASE {
                        derived_reads(Path::new(path))?;
                    }
                    Ok(())
                }),
                None => Err(format!("the peer cannot write it: {}", write["err"])),
            };
            run.record(&writes_row(codec), case, outcome);
        }
    }
    check_evolutions(&mut run, &results[n..n + EVOLUTIONS.len()], mapping);
    if peer == Peer::Java {
        for (case, result) in cases().iter().zip(&results[n + EVOLUTIONS.len()..]) {
            check_single_object(&mut run, case, result, mapping);
        }
    }
    run
}

// ---------------------------------------------------------------------------
// avro-c's tools
// ---------------------------------------------------------------------------

/// avrocat prints avrox's file (codec null) in Avro's JSON encoding.
const AVROCAT_ROW: &str = "avrocat: avrox's file as JSON";

/// The codecs avro-c's avromod writes, under the names it takes.
const AVROC_CODECS_WRITTEN: [&str; 4] = ["null", "deflate", "snappy", "lzma"];

/// avrocat's records of `path`, decoded from Avro's JSON encoding.
fn avrocat(path: &Path, case: &Case, mapping: Mapping) -> Result<Vec<Json>, String> {
    let out = Command::new("avrocat")
        .arg(path)
        .output()
        .map_err(|e| format!("run avrocat: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "avrocat fails: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let value = avrox::json::from_str_with::<Value>(line, &case.schema)
                .map_err(|e| format!("avrocat printed {line}: {e}"))?;
            to_interop(&case.schema, &value, mapping).map_err(|e| e.to_string())
        })
        .collect()
}

/// avromod rewrites `from` into `to` in `codec`: avro-c reads every record
/// and writes it again.
fn avromod(from: &Path, to: &Path, codec: &str) -> Result<(), String> {
    let out = Command::new("avromod")
        .arg(format!("--codec={codec}"))
        .arg(from)
        .arg(to)
        .output()
        .map_err(|e| format!("run avromod: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "avromod fails: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn run_avro_c() -> Run {
    let mapping = mapping_for(Peer::AvroC);
    let files = avrox_files();
    let dir = work_dir(Peer::AvroC.key());
    let mut run = Run {
        version: peers::version(Peer::AvroC),
        ..Run::default()
    };
    for case in cases() {
        let expected = expected_json(case, mapping);
        // avro-c reads avrox's file in each codec, and copies its records
        // into a file of codec null, which avrox reads.
        for codec in peer_codecs(Peer::AvroC) {
            let copy = dir.join(format!("{}.from-{codec}.avro", case.id));
            let outcome = avromod(&files[&(case.id.clone(), *codec)], &copy, "null")
                .and_then(|()| avrox_reads(&copy, case, mapping))
                .and_then(|(_, got)| compare_records(&expected, &Json::Array(got)));
            run.record(&reads_row(codec), case, outcome);
        }
        // avro-c writes the records in each codec it has.
        for codec in AVROC_CODECS_WRITTEN {
            let out = dir.join(format!("{}.{codec}.avro", case.id));
            let outcome = avromod(&files[&(case.id.clone(), "null")], &out, codec)
                .and_then(|()| avrox_reads(&out, case, mapping))
                .and_then(|(_, got)| compare_records(&expected, &Json::Array(got)));
            let row = writes_row(if codec == "lzma" { "xz" } else { codec });
            run.record(&row, case, outcome);
        }
        let outcome = avrocat(&files[&(case.id.clone(), "null")], case, mapping)
            .and_then(|got| compare_records(&expected, &Json::Array(got)));
        run.record(AVROCAT_ROW, case, outcome);
    }
    run
}

// ---------------------------------------------------------------------------
// Polars and DataFusion
// ---------------------------------------------------------------------------

/// The types both engines read: primitives, a nullable column, date,
/// timestamp-micros, an array.
const ENGINE_SCHEMA: &str = r#"{"type":"record","name":"Row","namespace":"engines","fields":[
    {"name":"b","type":"boolean"},{"name":"i","type":"int"},{"name":"l","type":"long"},
    {"name":"f","type":"float"},{"name":"d","type":"double"},{"name":"s","type":"string"},
    {"name":"raw","type":"bytes"},{"name":"o","type":["null","int"]},
    {"name":"day","type":{"type":"int","logicalType":"date"}},
    {"name":"at","type":{"type":"long","logicalType":"timestamp-micros"}},
    {"name":"xs","type":{"type":"array","items":"long"}}]}"#;

/// The rows of the engines' files, in avrox's JSON encoding, and as the
/// engines' rows print (see `peers/engines_peer.py`).
fn engine_rows() -> Vec<(String, Json)> {
    (0..200i64)
        .map(|n| {
            let i = (n * 7919 - 700) as i32;
            let l = (n - 100) * 1_000_000_007_000;
            let f = n as f32 / 4.0;
            let d = -(n as f64) * 1.5e10;
            let s = format!("row {n} ✓ é");
            let raw = [n as u8, 0, 0xff];
            let o = (n % 3 != 0).then_some(n as i32);
            let day = (n as i32 - 100) * 400;
            let at = (n - 100) * 86_400_123_457;
            let xs: Vec<i64> = (0..n % 4).map(|k| k * n - 3).collect();
            let avro_json = json!({
                "b": n % 2 == 0, "i": i, "l": l, "f": f, "d": d, "s": s,
                "raw": raw.iter().map(|b| char::from(*b)).collect::<String>(),
                "o": o.map(|o| json!({"int": o})), "day": day, "at": at, "xs": xs,
            })
            .to_string();
            let date = chrono_like_date(day);
            let stamp = chrono_like_timestamp(at);
            let row = json!({
                "b": n % 2 == 0, "i": i, "l": l, "f": f, "d": d, "s": s,
                "raw": avrox_tests::hex(&raw), "o": o, "day": date, "at": stamp, "xs": xs,
            });
            (avro_json, row)
        })
        .collect()
}

/// The civil date `days` after 1970-01-01, as ISO 8601 (the algorithm of
/// H. Hinnant's days_from_civil, inverted).
fn chrono_like_date(days: i32) -> String {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `micros` after the epoch, in UTC, as ISO 8601 to the microsecond.
fn chrono_like_timestamp(micros: i64) -> String {
    let days = micros.div_euclid(86_400_000_000);
    let rest = micros.rem_euclid(86_400_000_000);
    let (secs, us) = (rest / 1_000_000, rest % 1_000_000);
    format!(
        "{}T{:02}:{:02}:{:02}.{us:06}",
        chrono_like_date(days as i32),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

const ENGINE_ROW: &str = "engine: avrox's file, the same rows";

fn engine_row(codec: &str) -> String {
    format!("{ENGINE_ROW} ({codec})")
}

fn run_engine(peer: Peer) -> Run {
    let schema = Schema::parse(ENGINE_SCHEMA).expect("engine schema");
    let rows = engine_rows();
    let values: Vec<Value> = rows
        .iter()
        .map(|(text, _)| avrox::json::from_str_with::<Value>(text, &schema).expect("engine row"))
        .collect();
    let dir = work_dir(peer.key());
    let files: Vec<Json> = codecs()
        .iter()
        .filter(|codec| peer_codecs(peer).contains(&codec.name()))
        .map(|codec| {
            let path = dir.join(format!("engine.{}.avro", codec.name()));
            write_file(&path, &schema, &values, *codec);
            json!({"id": "engine", "codec": codec.name(), "path": path})
        })
        .collect();
    let work = peers::peers_dir().join("work");
    let job = work.join(format!("{}-files.job.json", peer.key()));
    let out_path = work.join(format!("{}-files.out.json", peer.key()));
    std::fs::write(&job, json!({ "files": files }).to_string()).expect("write the job");
    let out = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".into()))
        .arg(peers::programs_dir().join("engines_peer.py"))
        .arg(peer.key())
        .arg(&job)
        .arg(&out_path)
        .output()
        .expect("run engines_peer.py");
    assert!(
        out.status.success(),
        "{} failed: {}",
        peer.title(),
        String::from_utf8_lossy(&out.stderr)
    );
    let out: Json =
        serde_json::from_slice(&std::fs::read(&out_path).expect("the engine's results"))
            .expect("results JSON");
    let mut run = Run {
        version: out["version"].as_str().unwrap_or("?").to_owned(),
        ..Run::default()
    };
    let expected: Vec<Json> = rows.into_iter().map(|(_, row)| row).collect();
    for file in out["files"].as_array().expect("files") {
        let codec = file["codec"].as_str().unwrap_or("?");
        let outcome = match file.get("ok") {
            Some(ok) => compare_records(&expected, ok),
            None => Err(format!("the engine cannot read it: {}", file["err"])),
        };
        run.record_as(&engine_row(codec), "engine", "engine", outcome);
    }
    run
}

// ---------------------------------------------------------------------------
// Running and checking
// ---------------------------------------------------------------------------

fn run_peer(peer: Peer) -> Option<&'static Run> {
    static RUNS: [OnceLock<Option<Run>>; 7] = [const { OnceLock::new() }; 7];
    let slot = PEERS.iter().position(|p| *p == peer).expect("a file peer");
    RUNS[slot]
        .get_or_init(|| {
            peers::available(peer).then(|| match peer {
                Peer::AvroC => run_avro_c(),
                Peer::Polars | Peer::DataFusion => run_engine(peer),
                _ => run_library(peer),
            })
        })
        .as_ref()
}

fn check_peer(peer: Peer) {
    let Some(run) = run_peer(peer) else {
        return;
    };
    let mut problems = Vec::new();
    for f in &run.failures {
        if !GAPS.iter().any(|g| g.covers(peer, f)) {
            problems.push(format!(
                "unexpected disagreement in {}: {}",
                f.row, f.detail
            ));
        }
    }
    for gap in GAPS.iter().filter(|g| g.peer == peer) {
        if !run.failures.iter().any(|f| gap.covers(peer, f)) {
            problems.push(format!(
                "listed gap {} no longer happens: update GAPS",
                gap.row
            ));
        }
    }
    problems.truncate(40);
    assert!(
        problems.is_empty(),
        "{} {}: disagreements\n{}",
        peer.title(),
        run.version,
        problems.join("\n")
    );
}

#[test]
fn python_avro() {
    check_peer(Peer::PythonAvro);
}

#[test]
fn fastavro() {
    check_peer(Peer::Fastavro);
}

#[test]
fn java() {
    check_peer(Peer::Java);
}

#[test]
fn avsc() {
    check_peer(Peer::Avsc);
}

#[test]
fn avro_c() {
    check_peer(Peer::AvroC);
}

#[test]
fn polars() {
    check_peer(Peer::Polars);
}

#[test]
fn datafusion() {
    check_peer(Peer::DataFusion);
}

// ---------------------------------------------------------------------------
// The compatibility matrix of files, messages, evolution and engines
// ---------------------------------------------------------------------------

/// Every row of the matrix, in order.
fn matrix_rows() -> Vec<String> {
    let mut rows = Vec::new();
    for codec in codecs() {
        rows.push(reads_row(codec.name()));
        rows.push(writes_row(codec.name()));
    }
    rows.push(AVROCAT_ROW.to_owned());
    rows.push(SO_READS.to_owned());
    rows.push(SO_WRITES.to_owned());
    rows.extend(EVOLUTIONS.iter().map(evolution_row));
    rows.extend(codecs().iter().map(|c| engine_row(c.name())));
    rows
}

/// The codec a file or engine row is about.
fn row_codec(row: &str) -> Option<&str> {
    let (_, rest) = row.split_once('(')?;
    rest.split_once(')').map(|(codec, _)| codec)
}

/// Why `peer` has no checks in `row`, if it is known.
fn lack_reason(peer: Peer, row: &str) -> Option<&'static str> {
    if let Some(reason) = row_lack(peer, row) {
        return Some(reason);
    }
    let codec = row_codec(row)?;
    (!peer_codecs(peer).contains(&codec)).then(|| codec_lack(peer))
}

/// The matrix in markdown: a row per check, a column per peer, then the
/// notes (reasons) the cells cite.
fn render_matrix(runs: &[(Peer, &Run)]) -> String {
    let mut notes: Vec<(&str, &str)> = Vec::new();
    let mut note = |label: &'static str, reason: &'static str| -> usize {
        match notes.iter().position(|n| *n == (label, reason)) {
            Some(i) => i + 1,
            None => {
                notes.push((label, reason));
                notes.len()
            }
        }
    };
    let mut out = String::from("| check |");
    for (peer, run) in runs {
        out.push_str(&format!(" {} {} |", peer.title(), run.version));
    }
    out.push_str("\n| --- |");
    out.push_str(&" --- |".repeat(runs.len()));
    out.push('\n');
    for row in matrix_rows() {
        out.push_str(&format!("| {row} |"));
        for (peer, run) in runs {
            let cell = match run.checked.get(&row) {
                None => {
                    let reason = lack_reason(*peer, &row).unwrap_or_else(|| {
                        panic!("{} has no checks in {row}, and no reason", peer.title())
                    });
                    format!("– [{}]", note("not supported by the peer", reason))
                }
                Some(checked) => {
                    let failed = run.failures.iter().filter(|f| f.row == row).count();
                    let mut marks: Vec<String> = Vec::new();
                    for gap in GAPS.iter().filter(|g| {
                        run.failures
                            .iter()
                            .any(|f| f.row == row && g.covers(*peer, f))
                    }) {
                        let (symbol, label) = (gap.kind.symbol(), gap.kind.label());
                        let mark = format!("{symbol} [{}]", note(label, gap.reason));
                        if !marks.contains(&mark) {
                            marks.push(mark);
                        }
                    }
                    if failed == 0 {
                        format!("✓ {checked}/{checked}")
                    } else {
                        format!("{}/{checked}, {}", checked - failed, marks.join(" "))
                    }
                }
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out.push('\n');
    for (i, (label, reason)) in notes.iter().enumerate() {
        out.push_str(&format!("{}. *{label}.* {reason}\n", i + 1));
    }
    out
}

const BOOK_PAGE: &str = "book/src/interop.md";
const MATRIX_START: &str =
    "<!-- files-matrix:start (generated by avrox-tests/tests/interop/interop_files.rs) -->";
const MATRIX_END: &str = "<!-- files-matrix:end -->";

/// Writes `target/interop/files-matrix.md` and checks the book's second
/// table is the same (rewriting it under `AVROX_BLESS_INTEROP=1`). Needs
/// every peer: with one missing, the table is written but not compared.
#[test]
fn compatibility_matrix() {
    let runs: Vec<(Peer, &Run)> = PEERS
        .iter()
        .filter_map(|p| run_peer(*p).map(|r| (*p, r)))
        .collect();
    let table = render_matrix(&runs);
    let root = avrox_tests::workspace_root();
    let dir = root.join("target").join("interop");
    std::fs::create_dir_all(&dir).expect("create target/interop");
    std::fs::write(dir.join("files-matrix.md"), &table).expect("write files-matrix.md");
    if runs.len() < PEERS.len() {
        eprintln!("file matrix not compared with {BOOK_PAGE}: not every peer ran");
        return;
    }
    for gap in GAPS {
        assert!(
            table.contains(gap.reason),
            "gap not in the table: {}",
            gap.reason
        );
    }
    check_book_table(
        &root,
        BOOK_PAGE,
        MATRIX_START,
        MATRIX_END,
        &table,
        "target/interop/files-matrix.md",
    );
}
