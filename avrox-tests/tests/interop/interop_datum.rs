//! Raw datums, canonical forms and fingerprints against other Avro
//! implementations: Python `avro`, `fastavro`, Java avro and `avsc`.
//!
//! For every case of the corpus (`avrox_tests::interop::corpus`: every
//! type and logical type, the conformance schemas, and derived types) and
//! each peer:
//! - the peer's Parsing Canonical Form and Rabin, MD5 and SHA-256
//!   fingerprints equal avrox's (`canonical`, `rabin`, `md5`, `sha256`);
//! - the peer decodes avrox's encoding of each value to that value
//!   (`reads`);
//! - avrox decodes the peer's encoding of each value to that value
//!   (`writes`), and derived types decode it to the Rust value;
//! - the two encodings are the same bytes (`bytes`): Avro's binary
//!   encoding of a given value is deterministic;
//! - avrox decodes what Java's blocking encoder writes (`blocked`: arrays
//!   and maps in blocks with negative counts and byte sizes);
//! - the peer refuses bytes that are no datum of their schema (truncated,
//!   out of the specification's ranges, over-long varints), as avrox does
//!   (`rejects`).
//!
//! Each disagreement must be listed in [`GAPS`] with its reason, citing the
//! specification where the peer departs from it; a disagreement not listed
//! fails the peer's test, and so does a listed one that no longer happens,
//! so the table cannot drift. The results go to
//! `target/interop/datum-<peer>.json`, and `compatibility_matrix` renders
//! them as the table in `book/src/interop.md` (it fails when the book's
//! table differs; `AVROX_BLESS_INTEROP=1` rewrites it).
//!
//! A peer that is not installed is skipped with a notice naming
//! `scripts/install-peers`; `AVROX_REQUIRE_PEERS=1` (CI) makes it a failure.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use avrox::value::{Decimal, Uuid};
use avrox::{Avro, AvroSchema, Value};
use avrox_tests::interop::corpus::{self, Case, RANGES, VARINTS};
use avrox_tests::interop::json::{Mapping, compare, to_interop};
use avrox_tests::interop::peers::{self, Peer};
use serde_json::{Value as Json, json};

// ---------------------------------------------------------------------------
// Known disagreements
// ---------------------------------------------------------------------------

use avrox_tests::interop::matrix::{GapKind as Kind, check_book_table};

/// A known disagreement: of a peer, in a check of a feature, for the
/// cases listed (or every case of the feature, when none are).
struct Gap {
    peer: Peer,
    feature: &'static str,
    check: &'static str,
    cases: &'static [&'static str],
    kind: Kind,
    reason: &'static str,
}

impl Gap {
    fn covers(&self, peer: Peer, failure: &Failure) -> bool {
        self.peer == peer
            && self.feature == failure.feature
            && self.check == failure.check
            && (self.cases.is_empty() || self.cases.contains(&failure.case.as_str()))
    }
}

/// A gap for every case of the feature.
const fn gap(
    peer: Peer,
    feature: &'static str,
    check: &'static str,
    kind: Kind,
    reason: &'static str,
) -> Gap {
    gap_in(peer, feature, check, &[], kind, reason)
}

/// A gap for the cases listed.
const fn gap_in(
    peer: Peer,
    feature: &'static str,
    check: &'static str,
    cases: &'static [&'static str],
    kind: Kind,
    reason: &'static str,
) -> Gap {
    Gap {
        peer,
        feature,
        check,
        cases,
        kind,
        reason,
    }
}

/// The specification's rule [PRIMITIVES] of Parsing Canonical Form.
const PRIMITIVES_RULE: &str = "Python avro 1.12.2 keeps a primitive with any attribute (a logical \
    type, avro.java.string, ...) as an object ({\"type\":\"int\"} for a date), so the canonical \
    form and every fingerprint of such a schema differ. The specification: \"[PRIMITIVES] Convert \
    primitive schemas to their simple form (e.g., int instead of {\"type\":\"int\"}).\" fastavro \
    and Java give the simple form, as avrox does.";

/// The cases [`PRIMITIVES_RULE`] affects.
const PRIMITIVES_CASES: &[&str] = &[
    "decimal-bytes",
    "decimal-small-scale",
    "decimal-scale-0",
    "big-decimal",
    "uuid-string",
    "date",
    "time-millis",
    "time-micros",
    "timestamp-millis",
    "timestamp-micros",
    "timestamp-nanos",
    "local-timestamp-millis",
    "local-timestamp-micros",
    "local-timestamp-nanos",
    "attributes-stripped",
    "logical-in-record",
    "derived-model",
    "avro-c-extra_attributes",
    "avro-c-string_extra_attributes",
    "schemas-fooBar.avsc",
];

/// Python avro writes a fixed's definition at every use.
const PYTHON_REPEATED_FIXED: &str = "Python avro 1.12.2 writes a fixed type's whole definition \
    again at each later use, where the canonical form names it, so its canonical form defines one \
    fullname several times: not even a schema, since \"A schema or protocol may not contain \
    multiple definitions of a fullname.\"";

/// The cases [`PYTHON_REPEATED_FIXED`] affects.
const PYTHON_REPEATED_FIXED_CASES: &[&str] = &["attributes-stripped", "avro-c-namespace_fixed"];

/// Python avro ignores an empty namespace attribute.
const PYTHON_EMPTY_NAMESPACE: &str = "Python avro 1.12.2 ignores \"namespace\": \"\" on a record \
    nested in namespace n1, naming it n1.NullNs. The specification: \"The empty string may also be \
    used as a namespace to indicate the null namespace.\"";

/// Python's one integer type cannot say whether it is an `int` or a `long`.
const PYTHON_INT_LONG: &str = "A Python int is both an Avro int and long, so a long written by \
    the peer into [\"int\", \"long\"] takes the int branch: same number, other branch.";

/// Python avro's choice of a union branch.
const PYTHON_UNION_BRANCH: &str = "Python avro 1.12.2 writes a union value in the last branch it \
    validates against (avro.io.DatumWriter.write_union), and has no way to name the branch: \
    true and 5 go to a later double branch, bytes to a fixed of the same size, a record to a map.";

/// Python's decimals are written with a byte more than needed at -128.
const PYTHON_DECIMAL_BYTES: &str = "Python avro 1.12.2 and fastavro 1.13.1 write the unscaled \
    -128 as ff 80, avrox and Java as 80. The specification asks only for \"the two's-complement \
    representation of the unscaled integer value in big-endian byte order\"; both read back as -128.";

/// Python avro refuses references to types of the null namespace.
const PYTHON_NULL_NAMESPACE: &str = "Python avro 1.12.2 refuses avro-c's namespace_null_enum, \
    _fixed and _record: a type defined with \"namespace\": \"\" inside a namespaced record, then \
    referenced by its simple name from a record in the null namespace. The specification: \"The \
    empty string may also be used as a namespace to indicate the null namespace\", and \
    \"References to previously defined names are as in the latter two cases above: if they \
    contain a dot they are a fullname, if they do not contain a dot, the namespace is the \
    namespace of the enclosing definition.\" Java, fastavro and avsc accept them.";

/// Java 1.8.2 converts uuids only on strings.
const JAVA_UUID_FIXED: &str = "Java avro 1.8.2's UUIDConversion converts only strings \
    (\"fromFixed is not supported for uuid\"): uuid on fixed(16) came with specification 1.12. \
    Without the conversion, the 16 bytes read as a fixed.";

/// Java 1.8.2 looks past a null namespace.
const JAVA_NULL_NAMESPACE: &str = "Java avro 1.8.2 names an enum InNull, defined with a simple \
    name inside a record of the null namespace (itself inside namespace n1), n1.InNull. The \
    specification: \"the namespace is taken from the most tightly enclosing named schema or \
    protocol [...] This also happens if there is no enclosing namespace (i.e., the enclosing \
    schema definition has the null namespace).\" fastavro and avsc give InNull, as avrox does.";

/// avsc has no CRC-64-AVRO.
const AVSC_RABIN: &str = "avsc 5.7.9's Type#fingerprint hashes the canonical form with \
    Node's crypto, which has no CRC-64-AVRO.";

/// avsc takes the namespace attribute of a type with a dotted name.
const AVSC_DOTTED_NAME: &str = "avsc 5.7.9 names an enum Sym, nested in a record named a.b.R \
    that also has \"namespace\": \"ignored.ns\", ignored.ns.Sym. The specification: \"If the name \
    specified contains a dot, then it is assumed to be a fullname, and any namespace also \
    specified is ignored\", and a simple name takes \"the namespace [...] from the most tightly \
    enclosing named schema\": a.b.Sym, as Java, Python avro and fastavro give.";

/// avsc refuses `[]`.
const AVSC_EMPTY_UNION: &str = "avsc 5.7.9 refuses the empty union [] (\"empty union\") of \
    schema-tests.txt case 016.";

/// avsc's maps are JavaScript objects.
const AVSC_MAP_ORDER: &str = "avsc 5.7.9 holds a map as a JavaScript object, which lists \
    integer-like keys first and in numeric order, so it writes the keys b, 10, 2 as 2, 10, b. \
    The specification leaves the order of a map's entries open; the map is the same.";

/// Readers that take a boolean byte other than 0 or 1.
const BOOLEAN_BYTE: &str = "Reads the byte 02 as a boolean (fastavro 1.13.1 and avsc 5.7.9 as \
    true, Python avro 1.12.2 and Java avro 1.8.2 as false), where the specification allows only \
    two bytes: \"a boolean is written as a single byte whose value is either 0 (false) or 1 \
    (true).\" avrox refuses it.";

/// Readers that take bytes that are not UTF-8 as a string.
const STRING_UTF8: &str = "Java avro 1.8.2 and avsc 5.7.9 read c3 28, which is not UTF-8, as \
    a string with a replacement \
    character, where \"a string is encoded as a long followed by that many bytes of UTF-8 \
    encoded character data.\" avrox refuses it.";

/// Readers that take an int beyond 32 bits.
const INT_RANGE: &str = "Reads a varint beyond 32 bits as an int (Python avro 1.12.2, fastavro \
    1.13.1 and avsc 5.7.9 give -17179869184, Java 1.8.2 cuts it to -2147483648), where \
    \"int: 32-bit signed integer\". avrox refuses it.";

/// Readers that take a varint of more than 5 bytes as an int.
const INT_LENGTH: &str = "Reads a 6-byte varint as an int (Python avro 1.12.2, fastavro \
    1.13.1 and avsc 5.7.9 give -34359738368): 5 bytes hold every zig-zag int, and the value is \
    beyond \"int: 32-bit signed integer\". avrox refuses it.";

/// Readers that take a varint of more than 10 bytes as a long.
const LONG_LENGTH: &str = "Reads an 11-byte varint as a long, dropping bits past 64 \
    (fastavro 1.13.1 reads -9223372036854775808, avsc 5.7.9 reads 0), where \"long: 64-bit \
    signed integer\": 10 bytes hold every zig-zag long. avrox refuses it.";

const CANONICAL: &str = "Parsing Canonical Form";
const RABIN: &str = "Rabin fingerprint";
const MD5: &str = "MD5 fingerprint";
const SHA256: &str = "SHA-256 fingerprint";

/// Every disagreement between avrox and a peer, with its reason.
#[rustfmt::skip]
const GAPS: &[Gap] = &[
    gap_in(Peer::PythonAvro, CANONICAL, "canonical", PRIMITIVES_CASES, Kind::OffSpec, PRIMITIVES_RULE),
    gap_in(Peer::PythonAvro, RABIN, "rabin", PRIMITIVES_CASES, Kind::OffSpec, PRIMITIVES_RULE),
    gap_in(Peer::PythonAvro, MD5, "md5", PRIMITIVES_CASES, Kind::OffSpec, PRIMITIVES_RULE),
    gap_in(Peer::PythonAvro, SHA256, "sha256", PRIMITIVES_CASES, Kind::OffSpec, PRIMITIVES_RULE),
    gap_in(Peer::PythonAvro, CANONICAL, "canonical", PYTHON_REPEATED_FIXED_CASES, Kind::OffSpec, PYTHON_REPEATED_FIXED),
    gap_in(Peer::PythonAvro, RABIN, "rabin", PYTHON_REPEATED_FIXED_CASES, Kind::OffSpec, PYTHON_REPEATED_FIXED),
    gap_in(Peer::PythonAvro, MD5, "md5", PYTHON_REPEATED_FIXED_CASES, Kind::OffSpec, PYTHON_REPEATED_FIXED),
    gap_in(Peer::PythonAvro, SHA256, "sha256", PYTHON_REPEATED_FIXED_CASES, Kind::OffSpec, PYTHON_REPEATED_FIXED),
    gap_in(Peer::PythonAvro, CANONICAL, "canonical", &["namespace-inheritance"], Kind::OffSpec, PYTHON_EMPTY_NAMESPACE),
    gap_in(Peer::PythonAvro, RABIN, "rabin", &["namespace-inheritance"], Kind::OffSpec, PYTHON_EMPTY_NAMESPACE),
    gap_in(Peer::PythonAvro, MD5, "md5", &["namespace-inheritance"], Kind::OffSpec, PYTHON_EMPTY_NAMESPACE),
    gap_in(Peer::PythonAvro, SHA256, "sha256", &["namespace-inheritance"], Kind::OffSpec, PYTHON_EMPTY_NAMESPACE),
    gap_in(Peer::PythonAvro, "conformance schemas", "schema",
        &["avro-c-namespace_null_enum", "avro-c-namespace_null_fixed", "avro-c-namespace_null_record"],
        Kind::OffSpec, PYTHON_NULL_NAMESPACE),
    gap(Peer::PythonAvro, "union", "writes", Kind::Unsupported, PYTHON_UNION_BRANCH),
    gap(Peer::PythonAvro, "union", "bytes", Kind::Unsupported, PYTHON_UNION_BRANCH),
    gap(Peer::PythonAvro, "union of int and long", "writes", Kind::Unsupported, PYTHON_INT_LONG),
    gap(Peer::PythonAvro, "union of int and long", "bytes", Kind::Unsupported, PYTHON_INT_LONG),
    gap(Peer::PythonAvro, "decimal (bytes)", "bytes", Kind::Differs, PYTHON_DECIMAL_BYTES),
    gap(Peer::Fastavro, "union of int and long", "writes", Kind::Unsupported, PYTHON_INT_LONG),
    gap(Peer::Fastavro, "union of int and long", "bytes", Kind::Unsupported, PYTHON_INT_LONG),
    gap(Peer::Fastavro, "decimal (bytes)", "bytes", Kind::Differs, PYTHON_DECIMAL_BYTES),
    gap(Peer::Java, "uuid (fixed)", "reads", Kind::Unsupported, JAVA_UUID_FIXED),
    gap_in(Peer::Java, CANONICAL, "canonical", &["namespace-inheritance"], Kind::OffSpec, JAVA_NULL_NAMESPACE),
    gap_in(Peer::Java, RABIN, "rabin", &["namespace-inheritance"], Kind::OffSpec, JAVA_NULL_NAMESPACE),
    gap_in(Peer::Java, MD5, "md5", &["namespace-inheritance"], Kind::OffSpec, JAVA_NULL_NAMESPACE),
    gap_in(Peer::Java, SHA256, "sha256", &["namespace-inheritance"], Kind::OffSpec, JAVA_NULL_NAMESPACE),
    gap(Peer::Avsc, RABIN, "rabin", Kind::Unsupported, AVSC_RABIN),
    gap_in(Peer::Avsc, CANONICAL, "canonical", &["attributes-stripped"], Kind::OffSpec, AVSC_DOTTED_NAME),
    gap_in(Peer::Avsc, MD5, "md5", &["attributes-stripped"], Kind::OffSpec, AVSC_DOTTED_NAME),
    gap_in(Peer::Avsc, SHA256, "sha256", &["attributes-stripped"], Kind::OffSpec, AVSC_DOTTED_NAME),
    gap_in(Peer::Avsc, "conformance schemas", "schema", &["schema-tests-016"], Kind::Unsupported, AVSC_EMPTY_UNION),
    gap(Peer::Avsc, "map with integer-like keys", "bytes", Kind::Differs, AVSC_MAP_ORDER),
    // Invalid input some peers read anyway.
    gap_in(Peer::PythonAvro, RANGES, "rejects", &["boolean-2"], Kind::OffSpec, BOOLEAN_BYTE),
    gap_in(Peer::Fastavro, RANGES, "rejects", &["boolean-2"], Kind::OffSpec, BOOLEAN_BYTE),
    gap_in(Peer::Java, RANGES, "rejects", &["boolean-2"], Kind::OffSpec, BOOLEAN_BYTE),
    gap_in(Peer::Avsc, RANGES, "rejects", &["boolean-2"], Kind::OffSpec, BOOLEAN_BYTE),
    gap_in(Peer::Java, RANGES, "rejects", &["string-invalid-utf8"], Kind::OffSpec, STRING_UTF8),
    gap_in(Peer::Avsc, RANGES, "rejects", &["string-invalid-utf8"], Kind::OffSpec, STRING_UTF8),
    gap_in(Peer::PythonAvro, VARINTS, "rejects", &["int-beyond-32-bits"], Kind::OffSpec, INT_RANGE),
    gap_in(Peer::Fastavro, VARINTS, "rejects", &["int-beyond-32-bits"], Kind::OffSpec, INT_RANGE),
    gap_in(Peer::Java, VARINTS, "rejects", &["int-beyond-32-bits"], Kind::OffSpec, INT_RANGE),
    gap_in(Peer::Avsc, VARINTS, "rejects", &["int-beyond-32-bits"], Kind::OffSpec, INT_RANGE),
    gap_in(Peer::PythonAvro, VARINTS, "rejects", &["int-6-bytes"], Kind::OffSpec, INT_LENGTH),
    gap_in(Peer::Fastavro, VARINTS, "rejects", &["int-6-bytes"], Kind::OffSpec, INT_LENGTH),
    gap_in(Peer::Avsc, VARINTS, "rejects", &["int-6-bytes"], Kind::OffSpec, INT_LENGTH),
    gap_in(Peer::Fastavro, VARINTS, "rejects", &["long-11-bytes"], Kind::OffSpec, LONG_LENGTH),
    gap_in(Peer::Avsc, VARINTS, "rejects", &["long-11-bytes"], Kind::OffSpec, LONG_LENGTH),
];

// ---------------------------------------------------------------------------
// Derived types: their values join the corpus, and they decode peers' bytes
// ---------------------------------------------------------------------------

/// An order, as a service would derive it.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.shop")]
struct Order {
    id: i64,
    customer: String,
    lines: Vec<OrderLine>,
    note: Option<String>,
    status: Status,
    attributes: BTreeMap<String, String>,
    checksum: [u8; 4],
    payload: Vec<u8>,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.shop")]
struct OrderLine {
    sku: String,
    quantity: i32,
    price: f64,
    weight: f32,
}

#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "com.acme.shop")]
enum Status {
    Open,
    Shipped,
}

/// Logical types chosen by attribute.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.ml")]
struct ModelMetadata {
    model_name: String,
    #[avro(unit = micros)]
    trained_at: i64,
    #[avro(unit = millis)]
    checked_at: Option<i64>,
    #[avro(decimal(precision = 10, scale = 2))]
    cost: Decimal,
    #[avro(uuid = string)]
    run: Uuid,
    parent: Option<Uuid>,
}

fn orders() -> Vec<Order> {
    vec![
        Order {
            id: 1 << 60,
            customer: "Zoë".into(),
            lines: vec![
                OrderLine {
                    sku: "A-1".into(),
                    quantity: 3,
                    price: 9.99,
                    weight: 0.25,
                },
                OrderLine {
                    sku: "B-2".into(),
                    quantity: -1,
                    price: -0.0,
                    weight: 1e-3,
                },
            ],
            note: Some("leave at the door".into()),
            status: Status::Shipped,
            attributes: BTreeMap::from([("gift".into(), "yes".into())]),
            checksum: [0xde, 0xad, 0xbe, 0xef],
            payload: vec![0, 1, 2, 255],
        },
        Order {
            id: -1,
            customer: String::new(),
            lines: vec![],
            note: None,
            status: Status::Open,
            attributes: BTreeMap::new(),
            checksum: [0; 4],
            payload: vec![],
        },
    ]
}

fn models() -> Vec<ModelMetadata> {
    vec![ModelMetadata {
        model_name: "resnet".into(),
        trained_at: 1_700_000_000_123_456,
        checked_at: Some(-86_400_000),
        cost: Decimal::from_i128(-12_345, 2),
        run: "6ba7b810-9dad-11d1-80b4-00c04fd430c8".parse().unwrap(),
        parent: None,
    }]
}

/// A corpus case of a derived type's values: its schema as avrox generates
/// it, and its values through the generic path, checked to encode to the
/// same bytes as the derived path.
fn derived_case<T: AvroSchema + avrox::Encode + avrox::ToValue>(id: &str, values: &[T]) -> Case {
    let schema = T::schema();
    let generic: Vec<Value> = values
        .iter()
        .map(|v| {
            let value = avrox::to_value(v);
            assert_eq!(
                avrox::to_vec(v).expect("derived encode"),
                value.to_bytes(schema).expect("generic encode"),
                "{id}: the derived and generic encodings differ"
            );
            value
        })
        .collect();
    Case::new(id, "derived types", &schema.to_string(), generic)
}

/// Decodes a peer's bytes for a derived case into the Rust type, and
/// compares with the value the case was made from.
fn decode_derived(case_id: &str, index: usize, bytes: &[u8]) -> Option<Result<(), String>> {
    fn check<T: avrox::DecodeOwned + AvroSchema + PartialEq + std::fmt::Debug>(
        expected: &T,
        bytes: &[u8],
    ) -> Result<(), String> {
        match avrox::from_slice::<T>(bytes) {
            Ok(v) if &v == expected => Ok(()),
            Ok(v) => Err(format!("derived type decoded {v:?}, expected {expected:?}")),
            Err(e) => Err(format!("derived type failed to decode: {e}")),
        }
    }
    match case_id {
        "derived-order" => Some(check(&orders()[index], bytes)),
        "derived-model" => Some(check(&models()[index], bytes)),
        _ => None,
    }
}

fn all_cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let mut cases = corpus::datum_cases();
        cases.push(derived_case("derived-order", &orders()));
        cases.push(derived_case("derived-model", &models()));
        cases.extend(corpus::conformance_cases());
        cases
    })
}

// ---------------------------------------------------------------------------
// Running a peer and checking what it says
// ---------------------------------------------------------------------------

/// One failed check: which, where, and what differed.
#[derive(Clone, Debug)]
struct Failure {
    case: String,
    feature: &'static str,
    check: &'static str,
    detail: String,
}

/// A peer's run: its version, the logical types it interprets, the checks
/// made and those that failed.
struct PeerRun {
    version: String,
    logical: Vec<String>,
    /// (feature, check) -> how many times checked.
    checked: BTreeMap<(&'static str, &'static str), usize>,
    failures: Vec<Failure>,
}

fn run_peer(peer: Peer) -> Option<&'static PeerRun> {
    static RUNS: [OnceLock<Option<PeerRun>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let slot = Peer::DATUM
        .iter()
        .position(|p| *p == peer)
        .expect("a datum peer");
    RUNS[slot]
        .get_or_init(|| peers::available(peer).then(|| execute(peer)))
        .as_ref()
}

fn mapping_for(peer: Peer) -> Mapping {
    Mapping {
        // Java (DecimalConversion), Python avro and fastavro read decimals
        // as their decimal types; avsc has no logical types.
        decimals: peer != Peer::Avsc,
    }
}

fn execute(peer: Peer) -> PeerRun {
    let cases = all_cases();
    let mapping = mapping_for(peer);
    let mut encodings: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut expected: Vec<Vec<Json>> = Vec::new();
    let mut job_cases = Vec::new();
    for case in cases {
        let bytes: Vec<Vec<u8>> = case
            .values
            .iter()
            .map(|v| v.to_bytes(&case.schema).expect("corpus values encode"))
            .collect();
        let json: Vec<Json> = case
            .values
            .iter()
            .map(|v| to_interop(&case.schema, v, mapping).expect("interop JSON"))
            .collect();
        job_cases.push(json!({
            "id": case.id,
            "schema": case.schema_json,
            "values": json,
            "encodings": bytes.iter().map(|b| avrox_tests::hex(b)).collect::<Vec<_>>(),
        }));
        encodings.push(bytes);
        expected.push(json);
    }
    let invalid = corpus::invalid_cases();
    for case in &invalid {
        job_cases.push(json!({
            "id": case.id,
            "schema": case.schema_json,
            "values": [],
            "encodings": [avrox_tests::hex(&case.bytes)],
        }));
    }
    let out = peers::run(peer, "datum", &json!({ "cases": job_cases }));

    let mut run = PeerRun {
        version: out["version"].as_str().unwrap_or("?").to_owned(),
        logical: out["logical"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        checked: BTreeMap::new(),
        failures: Vec::new(),
    };
    let results = out["cases"].as_array().expect("the peer's cases");
    assert_eq!(
        results.len(),
        cases.len() + invalid.len(),
        "{}: one result per case",
        peer.title()
    );
    for (i, (case, result)) in cases.iter().zip(results).enumerate() {
        assert_eq!(
            result["id"],
            json!(case.id),
            "{}: results in order",
            peer.title()
        );
        check_case(&mut run, case, result, &encodings[i], &expected[i]);
    }
    for (case, result) in invalid.iter().zip(&results[cases.len()..]) {
        assert_eq!(
            result["id"],
            json!(case.id),
            "{}: results in order",
            peer.title()
        );
        let id = case.id;
        let outcome = match result["decoded"].get(0) {
            Some(d) if d.get("ok").is_some() => Err(format!(
                "{id}: accepts {}, reading {}",
                avrox_tests::hex(&case.bytes),
                d["ok"]
            )),
            Some(_) => Ok(()),
            None => Err(format!(
                "{id}: refuses the schema: {}",
                result["schema_error"]
            )),
        };
        record(&mut run, id, case.feature, "rejects", outcome);
    }
    write_results(peer, &run);
    run
}

fn record(
    run: &mut PeerRun,
    case: &str,
    feature: &'static str,
    check: &'static str,
    outcome: Result<(), String>,
) {
    *run.checked.entry((feature, check)).or_default() += 1;
    if let Err(detail) = outcome {
        run.failures.push(Failure {
            case: case.to_owned(),
            feature,
            check,
            detail,
        });
    }
}

fn check_case(run: &mut PeerRun, case: &Case, result: &Json, ours: &[Vec<u8>], expected: &[Json]) {
    let id = &case.id;
    if let Some(crash) = result.get("crash") {
        record(
            run,
            id,
            case.feature,
            "schema",
            Err(format!("{id}: the peer program crashed: {crash}")),
        );
        return;
    }
    if let Some(error) = result.get("schema_error") {
        record(
            run,
            id,
            case.feature,
            "schema",
            Err(format!("{id}: refuses the schema: {error}")),
        );
        return;
    }
    record(run, id, case.feature, "schema", Ok(()));
    let schema = &case.schema;
    let canonical = result["canonical"].as_str().unwrap_or_default();
    record(
        run,
        id,
        "Parsing Canonical Form",
        "canonical",
        same(id, schema.canonical_form(), canonical),
    );
    let ours_fp = [
        (
            "rabin",
            "Rabin fingerprint",
            schema.rabin_fingerprint().to_string(),
        ),
        (
            "md5",
            "MD5 fingerprint",
            schema.md5_fingerprint().to_string(),
        ),
        (
            "sha256",
            "SHA-256 fingerprint",
            schema.sha256_fingerprint().to_string(),
        ),
    ];
    for (key, feature, ours) in ours_fp {
        let theirs = &result["fingerprints"][key];
        let outcome = match theirs.as_str() {
            Some(theirs) => same(id, &ours, theirs),
            None => Err("the peer offers no such fingerprint".to_owned()),
        };
        record(run, id, feature, key, outcome);
    }

    let decoded = result["decoded"].as_array().cloned().unwrap_or_default();
    let encoded = result["encoded"].as_array().cloned().unwrap_or_default();
    for (i, value_json) in expected.iter().enumerate() {
        let at = format!("{id}[{i}]");
        // The peer reads avrox's bytes.
        let reads = match decoded.get(i) {
            Some(d) if d.get("ok").is_some() => {
                compare(value_json, &d["ok"]).map_err(|e| format!("{at}: {e}"))
            }
            Some(d) => Err(format!("{at}: {}", d["err"])),
            None => Err(format!("{at}: no result")),
        };
        record(run, id, case.feature, "reads", reads);
        // avrox reads the peer's bytes.
        let theirs = match encoded.get(i) {
            Some(e) if e.get("ok").is_some() => {
                Ok(avrox_tests::unhex(e["ok"].as_str().unwrap_or("")))
            }
            Some(e) => Err(format!("{at}: the peer cannot write it: {}", e["err"])),
            None => Err(format!("{at}: no result")),
        };
        let writes = theirs.as_ref().map_err(Clone::clone).and_then(|bytes| {
            let value = Value::decode(bytes, schema)
                .map_err(|e| format!("{at}: avrox cannot read the peer's bytes: {e}"))?;
            let json = to_interop(schema, &value, mapping_for_run(run))
                .map_err(|e| format!("{at}: {e}"))?;
            compare(value_json, &json).map_err(|e| format!("{at}: {e}"))?;
            match decode_derived(id, i, bytes) {
                Some(outcome) => outcome.map_err(|e| format!("{at}: {e}")),
                None => Ok(()),
            }
        });
        record(run, id, case.feature, "writes", writes);
        let bytes = match &theirs {
            Ok(bytes) if bytes == &ours[i] => Ok(()),
            Ok(bytes) => Err(format!(
                "{at}: avrox wrote {}, the peer {}",
                avrox_tests::hex(&ours[i]),
                avrox_tests::hex(bytes)
            )),
            Err(e) => Err(e.clone()),
        };
        record(run, id, case.feature, "bytes", bytes);
        // Java's blocking encoder: avrox reads blocks with byte sizes.
        if let Some(blocked) = result.get("encoded_blocked").and_then(|b| b.get(i)) {
            let outcome = match blocked.get("ok").and_then(Json::as_str) {
                Some(hexed) => {
                    let bytes = avrox_tests::unhex(hexed);
                    Value::decode(&bytes, schema)
                        .map_err(|e| format!("{at}: avrox cannot read the blocked bytes: {e}"))
                        .and_then(|value| {
                            to_interop(schema, &value, mapping_for_run(run))
                                .map_err(|e| format!("{at}: {e}"))
                        })
                        .and_then(|json| {
                            compare(value_json, &json).map_err(|e| format!("{at}: {e}"))
                        })
                }
                None => Err(format!("{at}: {}", blocked["err"])),
            };
            record(run, id, case.feature, "blocked", outcome);
        }
    }
}

/// The mapping a run's values were sent in (decimals as decimals when the
/// peer interprets them).
fn mapping_for_run(run: &PeerRun) -> Mapping {
    Mapping {
        decimals: run.logical.iter().any(|l| l == "decimal"),
    }
}

fn same(id: &str, ours: &str, theirs: &str) -> Result<(), String> {
    if ours == theirs {
        Ok(())
    } else {
        Err(format!("{id}: avrox {ours}, the peer {theirs}"))
    }
}

/// `target/interop/datum-<peer>.json`: the checks made and how each came
/// out, for the matrix.
fn write_results(peer: Peer, run: &PeerRun) {
    let dir = avrox_tests::workspace_root().join("target").join("interop");
    std::fs::create_dir_all(&dir).expect("create target/interop");
    let cells: Vec<Json> = run
        .checked
        .iter()
        .map(|((feature, check), count)| {
            let failures: Vec<&str> = run
                .failures
                .iter()
                .filter(|f| f.feature == *feature && f.check == *check)
                .map(|f| f.detail.as_str())
                .collect();
            json!({
                "feature": feature, "check": check, "checked": count,
                "failed": failures.len(), "examples": &failures[..failures.len().min(3)],
            })
        })
        .collect();
    let doc = json!({
        "peer": peer.key(), "title": peer.title(), "version": run.version,
        "logical_types_interpreted": run.logical, "cells": cells,
    });
    std::fs::write(
        dir.join(format!("datum-{}.json", peer.key())),
        serde_json::to_string_pretty(&doc).expect("results JSON"),
    )
    .expect("write results");
}

/// Fails on a disagreement not in [`GAPS`], or a gap no longer seen.
fn check_peer(peer: Peer) {
    let Some(run) = run_peer(peer) else {
        return;
    };
    let gaps: Vec<&Gap> = GAPS.iter().filter(|g| g.peer == peer).collect();
    let mut problems = Vec::new();
    let unexplained: Vec<&Failure> = run
        .failures
        .iter()
        .filter(|f| !gaps.iter().any(|g| g.covers(peer, f)))
        .collect();
    let mut keys: Vec<(&str, &str)> = unexplained.iter().map(|f| (f.feature, f.check)).collect();
    keys.dedup();
    for key in keys {
        problems.push(format!("unexpected disagreement in {} / {}:", key.0, key.1));
        for f in unexplained
            .iter()
            .filter(|f| (f.feature, f.check) == key)
            .take(5)
        {
            problems.push(format!("    {}", f.detail));
        }
    }
    // A gap is only expected where its cases ran: without the conformance
    // data (`AVROX_CONFORMANCE_DIR`), its schemas are not in the corpus.
    let ran = |case: &str| {
        all_cases().iter().any(|c| c.id == case)
            || corpus::invalid_cases().iter().any(|c| c.id == case)
    };
    for gap in &gaps {
        let seen = |case: Option<&str>| {
            run.failures
                .iter()
                .any(|f| gap.covers(peer, f) && case.is_none_or(|c| f.case == c))
        };
        if gap.cases.is_empty() {
            let checked = run.checked.get(&(gap.feature, gap.check)).copied();
            if checked.unwrap_or(0) > 0 && !seen(None) {
                problems.push(format!(
                    "listed gap {} / {} no longer happens: remove it from GAPS",
                    gap.feature, gap.check
                ));
            }
        } else {
            for case in gap.cases.iter().filter(|c| ran(c) && !seen(Some(c))) {
                problems.push(format!(
                    "listed gap {} / {} no longer happens for {case}: update GAPS",
                    gap.feature, gap.check
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} {}: disagreements\n{}",
        peer.title(),
        run.version,
        problems.join("\n")
    );
}

/// avrox itself refuses every invalid case, with an error (never a panic).
#[test]
fn avrox_rejects_the_invalid_corpus() {
    for case in corpus::invalid_cases() {
        let outcome = Value::decode(&case.bytes, &case.schema);
        assert!(outcome.is_err(), "{}: avrox accepts {:?}", case.id, outcome);
    }
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

// ---------------------------------------------------------------------------
// The compatibility matrix
// ---------------------------------------------------------------------------

/// The logical type a feature row is about, if any.
fn logical_of(feature: &str) -> Option<&str> {
    const LOGICAL: &[&str] = &[
        "decimal",
        "big-decimal",
        "uuid",
        "date",
        "time-millis",
        "time-micros",
        "timestamp-millis",
        "timestamp-micros",
        "timestamp-nanos",
        "local-timestamp-millis",
        "local-timestamp-micros",
        "local-timestamp-nanos",
        "duration",
    ];
    // A peer lists "uuid" when it converts uuid strings; none converts a
    // uuid on fixed(16) (a 1.12 addition) unless it lists "uuid-fixed".
    if feature == "uuid (fixed)" {
        return Some("uuid-fixed");
    }
    let name = feature.split(' ').next().unwrap_or(feature);
    LOGICAL.iter().copied().find(|l| *l == name)
}

const BOOK_PAGE: &str = "book/src/interop.md";
const MATRIX_START: &str =
    "<!-- matrix:start (generated by avrox-tests/tests/interop/interop_datum.rs) -->";
const MATRIX_END: &str = "<!-- matrix:end -->";

/// The matrix as markdown (a row per feature, a column per peer, and the
/// reasons of every disagreement as numbered notes) and as JSON (the same
/// cells and notes, for other renderings).
fn render_matrix(runs: &[(Peer, &PeerRun)]) -> (String, Json) {
    let mut features: Vec<&'static str> = Vec::new();
    for case in all_cases() {
        if !features.contains(&case.feature) {
            features.push(case.feature);
        }
    }
    for case in corpus::invalid_cases() {
        if !features.contains(&case.feature) {
            features.push(case.feature);
        }
    }
    features.extend([CANONICAL, RABIN, MD5, SHA256]);
    let mut notes: Vec<(Kind, &'static str)> = Vec::new();
    let mut rows = Vec::new();
    let mut out = String::new();
    out.push_str("| feature |");
    for (peer, run) in runs {
        out.push_str(&format!(" {} {} |", peer.title(), run.version));
    }
    out.push_str("\n| --- |");
    for _ in runs {
        out.push_str(" --- |");
    }
    out.push('\n');
    for feature in features {
        out.push_str(&format!("| {feature} |"));
        let mut cells = serde_json::Map::new();
        for (peer, run) in runs {
            let mut cell_gaps = Vec::new();
            // One mark per check and kind, with the numbers of its notes.
            let mut marks: Vec<(&str, &str, Vec<usize>)> = Vec::new();
            for gap in GAPS
                .iter()
                .filter(|g| g.peer == *peer && g.feature == feature)
            {
                let n = match notes
                    .iter()
                    .position(|(k, r)| (*k, *r) == (gap.kind, gap.reason))
                {
                    Some(i) => i + 1,
                    None => {
                        notes.push((gap.kind, gap.reason));
                        notes.len()
                    }
                };
                cell_gaps.push(json!({"check": gap.check, "kind": gap.kind.key(), "note": n}));
                let symbol = gap.kind.symbol();
                match marks
                    .iter_mut()
                    .find(|(c, s, _)| (*c, *s) == (gap.check, symbol))
                {
                    Some((_, _, numbers)) => numbers.push(n),
                    None => marks.push((gap.check, symbol, vec![n])),
                }
            }
            let marks: Vec<String> = marks
                .into_iter()
                .map(|(check, symbol, numbers)| {
                    let refs: String = numbers.iter().map(|n| format!("[{n}]")).collect();
                    format!("{check} {symbol} {refs}")
                })
                .collect();
            let interpreted =
                logical_of(feature).is_none_or(|l| run.logical.iter().any(|r| r == l));
            let cell = match (marks.is_empty(), interpreted) {
                (true, true) => "✓".to_owned(),
                (true, false) => "✓ as its underlying type".to_owned(),
                (false, _) => marks.join(", "),
            };
            out.push_str(&format!(" {cell} |"));
            let status = match (cell_gaps.is_empty(), interpreted) {
                (true, true) => "works",
                (true, false) => "works as the underlying type",
                (false, _) => "gaps",
            };
            cells.insert(
                peer.key().to_owned(),
                json!({"status": status, "gaps": cell_gaps}),
            );
        }
        out.push('\n');
        rows.push(json!({"feature": feature, "peers": cells}));
    }
    out.push('\n');
    for (i, (kind, reason)) in notes.iter().enumerate() {
        out.push_str(&format!("{}. *{}.* {reason}\n", i + 1, kind.label()));
    }
    let doc = json!({
        "peers": runs.iter().map(|(peer, run)| json!({
            "key": peer.key(), "title": peer.title(), "version": run.version,
            "logical_types_interpreted": run.logical,
        })).collect::<Vec<_>>(),
        "rows": rows,
        "notes": notes.iter().enumerate().map(|(i, (kind, reason))| json!({
            "note": i + 1, "kind": kind.key(), "reason": reason,
        })).collect::<Vec<_>>(),
    });
    (out, doc)
}

/// Writes `target/interop/matrix.md` and `matrix.json`, and checks that the book's table is
/// the same (rewriting it under `AVROX_BLESS_INTEROP=1`). Needs every datum
/// peer: with one missing, the table is written but not compared.
#[test]
fn compatibility_matrix() {
    let runs: Vec<(Peer, &PeerRun)> = Peer::DATUM
        .iter()
        .filter_map(|p| run_peer(*p).map(|r| (*p, r)))
        .collect();
    let (table, doc) = render_matrix(&runs);
    let root = avrox_tests::workspace_root();
    let dir = root.join("target").join("interop");
    std::fs::create_dir_all(&dir).expect("create target/interop");
    std::fs::write(dir.join("matrix.md"), &table).expect("write matrix.md");
    std::fs::write(
        dir.join("matrix.json"),
        serde_json::to_string_pretty(&doc).expect("matrix JSON"),
    )
    .expect("write matrix.json");
    // The book's table is of every peer over the whole corpus, conformance
    // schemas included.
    if runs.len() < Peer::DATUM.len() || avrox_tests::conformance_dir().is_none() {
        eprintln!("compatibility matrix not compared with {BOOK_PAGE}: not every peer or case ran");
        return;
    }
    // Every gap's reason is cited in the table, and every kind appears in
    // the legend the book explains.
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
        "target/interop/matrix.md",
    );
}
