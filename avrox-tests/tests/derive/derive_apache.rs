//! Derived types against the `apache-avro` crate (0.22), the Apache Avro
//! project's Rust implementation.
//!
//! For a representative subset of the derive gallery, each type derives
//! both `avrox::Avro` and serde's traits. apache-avro parses the schema
//! avrox generates; then:
//! - the schema's Parsing Canonical Form and Rabin fingerprint agree;
//! - apache-avro encodes the same data (through its schema-aware serde
//!   serializer, through its generic `Value`, and through the `Value` we
//!   convert from avrox's) to exactly avrox's bytes;
//! - apache-avro decodes avrox's bytes to the value avrox's `to_value` gives
//!   (converted), and through serde back to the Rust value;
//! - avrox decodes apache-avro's bytes back to the Rust value.
//!
//! Where apache-avro departs from the specification, a comment says so and
//! cites the section of the Avro 1.12 specification.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::str::FromStr;

use apache_avro::Schema as ASchema;
use apache_avro::rabin::Rabin;
use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::types::Value as AValue;
use apache_avro::writer::datum::GenericDatumWriter;
use avrox::value::{Decimal, Duration, Uuid};
use avrox::{Avro, AvroSchema, DecodeOwned, Encode, ToValue, Value};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// avrox's schema of `T`, parsed by apache-avro.
#[track_caller]
fn apache_schema<T: AvroSchema>() -> ASchema {
    let json = T::schema().to_string();
    ASchema::parse_str(&json).unwrap_or_else(|e| panic!("apache-avro rejects {json}: {e}"))
}

/// avrox's generic value converted to apache-avro's.
fn to_apache(value: &Value) -> AValue {
    match value {
        Value::Null => AValue::Null,
        Value::Boolean(b) => AValue::Boolean(*b),
        Value::Int(i) => AValue::Int(*i),
        Value::Long(l) => AValue::Long(*l),
        Value::Float(f) => AValue::Float(*f),
        Value::Double(d) => AValue::Double(*d),
        Value::Bytes(b) => AValue::Bytes(b.clone()),
        Value::String(s) => AValue::String(s.clone()),
        Value::Record(fields) => AValue::Record(
            fields
                .iter()
                .map(|(name, v)| (name.clone(), to_apache(v)))
                .collect(),
        ),
        Value::Enum(index, symbol) => AValue::Enum(*index, symbol.clone()),
        Value::Array(items) => AValue::Array(items.iter().map(to_apache).collect()),
        Value::Map(entries) => AValue::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), to_apache(v)))
                .collect::<HashMap<_, _>>(),
        ),
        Value::Union(index, inner) => AValue::Union(*index, Box::new(to_apache(inner))),
        Value::Fixed(bytes) => AValue::Fixed(bytes.len(), bytes.clone()),
        Value::Decimal(d) => AValue::Decimal(apache_avro::Decimal::from(d.unscaled_bytes())),
        Value::BigDecimal(d) => AValue::BigDecimal(
            apache_avro::BigDecimal::from_str(&d.to_string()).expect("a decimal string"),
        ),
        Value::Uuid(u) => AValue::Uuid(apache_avro::Uuid::from_bytes(*u.as_bytes())),
        Value::Date(d) => AValue::Date(*d),
        Value::TimeMillis(t) => AValue::TimeMillis(*t),
        Value::TimeMicros(t) => AValue::TimeMicros(*t),
        Value::TimestampMillis(t) => AValue::TimestampMillis(*t),
        Value::TimestampMicros(t) => AValue::TimestampMicros(*t),
        Value::TimestampNanos(t) => AValue::TimestampNanos(*t),
        Value::LocalTimestampMillis(t) => AValue::LocalTimestampMillis(*t),
        Value::LocalTimestampMicros(t) => AValue::LocalTimestampMicros(*t),
        Value::LocalTimestampNanos(t) => AValue::LocalTimestampNanos(*t),
        Value::Duration(d) => AValue::Duration(apache_avro::Duration::new(
            apache_avro::Months::new(d.months),
            apache_avro::Days::new(d.days),
            apache_avro::Millis::new(d.millis),
        )),
    }
}

/// apache-avro's Parsing Canonical Form with its two known departures from
/// the specification undone:
///
/// - it keeps a field's `order`, and a logical type's `precision` and
///   `scale`, where the specification's \[STRIP\] rule keeps only `type`,
///   `name`, `fields`, `symbols`, `items`, `values` and `size` (section
///   "Parsing Canonical Form for Schemas");
/// - it writes a primitive that had a logical type as `{"type":"string"}`,
///   where the \[PRIMITIVES\] rule asks for `"string"`: it applies that rule
///   before stripping `logicalType`, not after.
///
/// Returns the corrected form and whether anything was corrected.
fn undo_apache_pcf_departures(pcf: &str) -> (String, bool) {
    let mut out = pcf.to_owned();
    for order in ["ascending", "descending", "ignore"] {
        out = out.replace(&format!(r#","order":"{order}""#), "");
    }
    for key in [r#","precision":"#, r#","scale":"#] {
        while let Some(at) = out.find(key) {
            let digits = out[at + key.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            out.replace_range(at..at + key.len() + digits, "");
        }
    }
    for primitive in [
        "null", "boolean", "int", "long", "float", "double", "bytes", "string",
    ] {
        out = out.replace(
            &format!(r#"{{"type":"{primitive}"}}"#),
            &format!(r#""{primitive}""#),
        );
    }
    let changed = out != pcf;
    (out, changed)
}

/// The canonical form is not always a fixed point: it drops namespace
/// attributes, so a type in the null namespace defined inside a namespaced
/// one (`fixed_4` in `interop.Texts`) reads back, by the specification's own
/// rules, in the enclosing namespace (`interop.fixed_4`). This moves such
/// names back to the null namespace, and says whether it did.
fn undo_null_namespace_moves(pcf: &str, ours: &avrox::Schema) -> (String, bool) {
    let mut out = pcf.to_owned();
    let names: Vec<String> = ours
        .named_types()
        .map(|(name, _)| name.fullname().to_owned())
        .collect();
    let namespaces: Vec<&str> = names
        .iter()
        .filter_map(|n| n.rsplit_once('.').map(|(ns, _)| ns))
        .collect();
    for null_namespaced in names.iter().filter(|n| !n.contains('.')) {
        for ns in &namespaces {
            out = out.replace(
                &format!(r#""{ns}.{null_namespaced}""#),
                &format!(r#""{null_namespaced}""#),
            );
        }
    }
    let changed = out != pcf;
    (out, changed)
}

/// The schema-level checks: apache-avro parses the schema, computes the same
/// canonical form (up to its known departures) and the same Rabin
/// fingerprint of a canonical form.
#[track_caller]
fn schemas_agree<T: AvroSchema>() -> ASchema {
    let ours = T::schema();
    let theirs = apache_schema::<T>();
    let (corrected, departed) = undo_apache_pcf_departures(&theirs.canonical_form());
    assert_eq!(
        corrected,
        ours.canonical_form(),
        "canonical forms of {ours}"
    );
    // The same Rabin function: apache-avro's fingerprint of avrox's
    // canonical form (which is its own canonical form) is avrox's
    // fingerprint, little-endian as the single-object encoding writes it.
    let canonical = ASchema::parse_str(ours.canonical_form()).unwrap();
    let (corrected, reparse_moved_names) =
        undo_null_namespace_moves(&canonical.canonical_form(), ours);
    assert_eq!(corrected, ours.canonical_form());
    if !reparse_moved_names {
        assert_eq!(
            canonical.fingerprint::<Rabin>().bytes,
            ours.rabin_fingerprint().to_le_bytes(),
            "Rabin fingerprints of {ours}"
        );
    }
    if !departed {
        assert_eq!(
            theirs.fingerprint::<Rabin>().bytes,
            ours.rabin_fingerprint().to_le_bytes()
        );
    }
    theirs
}

/// Byte and value agreement through avrox's `Value` converted to
/// apache-avro's: works for every type, serde or not. Returns avrox's bytes.
#[track_caller]
fn values_agree<T: AvroSchema + Encode + ToValue + DecodeOwned + PartialEq + Debug>(
    x: &T,
) -> Vec<u8> {
    let schema = schemas_agree::<T>();
    let ours = avrox::to_vec(x).unwrap();
    let value = to_apache(&avrox::to_value(x));
    let writer = GenericDatumWriter::builder(&schema).build().unwrap();
    let theirs = writer
        .write_value_to_vec(value.clone())
        .unwrap_or_else(|e| panic!("apache-avro cannot write {value:?}: {e}"));
    // apache-avro's `Value::Map` is a `HashMap`, which forgets the order of
    // the entries: with two or more entries in a map its bytes may list them
    // in another (equally valid) order. The serde route keeps the order.
    if !has_map_of_several_entries(&value) {
        assert_eq!(theirs, ours, "apache-avro's bytes for {x:?}");
    }
    let reader = GenericDatumReader::builder(&schema).build().unwrap();
    let mut input = &ours[..];
    let read = reader
        .read_value(&mut input)
        .unwrap_or_else(|e| panic!("apache-avro cannot read {x:?}: {e}"));
    assert!(input.is_empty(), "apache-avro left {} bytes", input.len());
    assert_eq!(read, value, "apache-avro's reading of {x:?}");
    let back: T = avrox::from_slice(&theirs).unwrap();
    assert_eq!(&back, x);
    ours
}

fn has_map_of_several_entries(value: &AValue) -> bool {
    match value {
        AValue::Map(entries) => {
            entries.len() > 1 || entries.values().any(has_map_of_several_entries)
        }
        AValue::Record(fields) => fields.iter().any(|(_, v)| has_map_of_several_entries(v)),
        AValue::Array(items) => items.iter().any(has_map_of_several_entries),
        AValue::Union(_, inner) => has_map_of_several_entries(inner),
        _ => false,
    }
}

/// Which of apache-avro's two serde deserializers to try.
#[derive(Clone, Copy)]
struct Deserializers {
    /// `apache_avro::from_value` on the `Value` apache-avro read.
    from_value: bool,
    /// `GenericDatumReader::read_deser`, schema-aware, straight from bytes.
    read_deser: bool,
}

const BOTH: Deserializers = Deserializers {
    from_value: true,
    read_deser: true,
};

/// Every check, serde included.
#[track_caller]
fn agree<T>(x: &T) -> Vec<u8>
where
    T: AvroSchema + Encode + ToValue + DecodeOwned + PartialEq + Debug,
    T: Serialize + DeserializeOwned,
{
    agree_with(x, BOTH)
}

#[track_caller]
fn agree_with<T>(x: &T, deserializers: Deserializers) -> Vec<u8>
where
    T: AvroSchema + Encode + ToValue + DecodeOwned + PartialEq + Debug,
    T: Serialize + DeserializeOwned,
{
    let ours = values_agree(x);
    let schema = apache_schema::<T>();
    let writer = GenericDatumWriter::builder(&schema).build().unwrap();
    // apache-avro's schema-aware serde serializer.
    let theirs = writer
        .write_ser_to_vec(x)
        .unwrap_or_else(|e| panic!("apache-avro cannot serialize {x:?}: {e}"));
    assert_eq!(theirs, ours, "apache-avro's serde bytes for {x:?}");
    let reader = GenericDatumReader::builder(&schema).build().unwrap();
    if deserializers.from_value {
        let value = reader.read_value(&mut &ours[..]).unwrap();
        let back: T = apache_avro::from_value(&value)
            .unwrap_or_else(|e| panic!("apache-avro from_value {value:?}: {e}"));
        assert_eq!(&back, x, "apache-avro from_value");
    }
    if deserializers.read_deser {
        let back: T = reader
            .read_deser(&mut &ours[..])
            .unwrap_or_else(|e| panic!("apache-avro read_deser: {e}"));
        assert_eq!(&back, x, "apache-avro read_deser");
    }
    ours
}

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

/// Every primitive that serde and Avro map alike.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Scalars {
    flag: bool,
    small: i8,
    short: i16,
    int: i32,
    long: i64,
    byte: u8,
    word: u16,
    dword: u32,
    float: f32,
    double: f64,
    unit: (),
}

/// `u64` and `usize`: avrox maps them to `long`; apache-avro's serde maps
/// `u64` to a `fixed` named `org.apache.avro.rust.u64`, so only the
/// generic-value route compares them.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Unsigned {
    big: u64,
    size: usize,
}

/// Strings, bytes and a fixed.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Texts {
    text: String,
    empty: String,
    unicode: String,
    #[serde(with = "apache_avro::serde::bytes")]
    blob: Vec<u8>,
    #[serde(with = "apache_avro::serde::fixed")]
    magic: [u8; 4],
}

/// Arrays and maps (BTreeMap, for one order on both sides).
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Collections {
    ints: Vec<i32>,
    names: Vec<String>,
    nested: Vec<Vec<i64>>,
    none: Vec<f32>,
    scores: BTreeMap<String, f64>,
    groups: BTreeMap<String, Vec<String>>,
    empty: BTreeMap<String, bool>,
}

/// A record inside others.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[avro(namespace = "interop.inner")]
struct Inner {
    x: i32,
    label: String,
}

/// Options of several kinds.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Optionals {
    none: Option<i32>,
    some: Option<String>,
    record: Option<Inner>,
    list: Vec<Option<i64>>,
    map: Option<BTreeMap<String, i32>>,
}

/// Nested records, referred to by name after their first use.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Nested {
    first: Inner,
    rest: Vec<Inner>,
    by_key: BTreeMap<String, Inner>,
    maybe: Option<Inner>,
}

/// An Avro enum; serde's variant names are the symbols.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Default)]
#[avro(namespace = "interop", rename_all = "SCREAMING_SNAKE_CASE")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Color {
    Red,
    #[default]
    #[avro(default)]
    DarkGreen,
    Blue,
}

#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct WithEnums {
    color: Color,
    colors: Vec<Color>,
    maybe: Option<Color>,
    by_name: BTreeMap<String, Color>,
}

/// A union of every variant kind (the ones apache-avro's serde mapping
/// shares with avrox: a newtype variant is its type's branch; unit, tuple
/// and struct variants are records named after the variant).
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
enum Shape {
    Radius(f64),
    Label(String),
    Origin,
    Rect { width: f32, height: f32 },
    Segment(i32, i32),
    At(Inner),
    Path(Vec<Inner>),
}

#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Drawing {
    shapes: Vec<Shape>,
    background: Shape,
}

/// Struct shapes: newtype and tuple structs are records with fields `_0`,
/// `_1`, ..., a unit struct an empty record (apache-avro's serde mapping
/// agrees).
#[derive(Avro, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "interop")]
struct Meters(f64);

#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Rgb(u8, u8, u8);

#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Marker;

/// A transparent newtype: its field's schema.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(transparent)]
#[serde(transparent)]
struct UserId(i64);

#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Shapes {
    meters: Meters,
    color: Rgb,
    marker: Marker,
    id: UserId,
}

/// A recursive type.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct LinkedList {
    head: i32,
    next: Option<Box<LinkedList>>,
}

/// A generic type.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Pair<A, B> {
    first: A,
    second: B,
}

/// avrox's logical value types (generic-value route only: their serde
/// forms are apache-avro's own types).
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Logicals {
    id: Uuid,
    amount: Decimal,
    period: Duration,
    maybe_id: Option<Uuid>,
}

/// Docs, aliases, orders and defaults: what a schema carries beyond its
/// canonical form.
///
/// Two lines of doc.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename = "Account")]
#[avro(
    name = "Account",
    namespace = "com.acme",
    alias = "User",
    alias = "legacy.Customer"
)]
struct Annotated {
    #[avro(alias = "ident", doc = "The id.")]
    id: i64,
    #[avro(order = descending)]
    rank: i32,
    #[avro(order = ignore)]
    #[serde(with = "apache_avro::serde::bytes")]
    scratch: Vec<u8>,
    #[avro(default = 5)]
    retries: i32,
    #[avro(default = String::from("EUR"))]
    currency: String,
    #[avro(default)]
    tags: Vec<String>,
    #[avro(default)]
    maybe: Option<i64>,
    #[avro(default = Color::Blue)]
    color: Color,
    #[avro(default)]
    inner: Inner,
    #[avro(default = -0.5)]
    ratio: f64,
}

// ---------------------------------------------------------------------------
// Instances
// ---------------------------------------------------------------------------

fn inner(x: i32) -> Inner {
    Inner {
        x,
        label: format!("inner {x}"),
    }
}

fn scalars() -> Vec<Scalars> {
    vec![
        Scalars {
            flag: true,
            small: -1,
            short: 300,
            int: -70_000,
            long: 1 << 40,
            byte: 200,
            word: 60_000,
            dword: 4_000_000_000,
            float: 1.5,
            double: -0.25,
            unit: (),
        },
        Scalars {
            flag: false,
            small: i8::MIN,
            short: i16::MIN,
            int: i32::MIN,
            long: i64::MIN,
            byte: 0,
            word: 0,
            dword: 0,
            float: f32::MIN,
            double: f64::MIN,
            unit: (),
        },
        Scalars {
            flag: true,
            small: i8::MAX,
            short: i16::MAX,
            int: i32::MAX,
            long: i64::MAX,
            byte: u8::MAX,
            word: u16::MAX,
            dword: u32::MAX,
            float: f32::INFINITY,
            double: f64::MAX,
            unit: (),
        },
    ]
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn scalars_agree() {
    for x in scalars() {
        agree(&x);
    }
}

#[test]
fn unsigned_agree_through_values() {
    for (big, size) in [(0, 0), (i64::MAX as u64, 1 << 40), (1, usize::MAX >> 1)] {
        values_agree(&Unsigned { big, size });
    }
}

#[test]
fn texts_agree() {
    for x in [
        Texts {
            text: "hello".into(),
            empty: String::new(),
            unicode: "κόσμε 🦀 \u{0}".into(),
            blob: (0..=255).collect(),
            magic: *b"AVRO",
        },
        Texts {
            text: "x".repeat(1000),
            empty: String::new(),
            unicode: "é".into(),
            blob: vec![],
            magic: [0xff; 4],
        },
    ] {
        agree(&x);
    }
}

/// DISAGREEMENT: apache-avro's Parsing Canonical Form keeps `order`,
/// `precision` and `scale`, and writes a primitive with a logical type as
/// `{"type":"string"}`; the specification's \[STRIP\] rule keeps only
/// `type`, `name`, `fields`, `symbols`, `items`, `values` and `size`, and
/// \[PRIMITIVES\] makes `{"type":"string"}` `"string"` (section "Parsing
/// Canonical Form for Schemas"). So apache-avro's fingerprints of any
/// schema with a field order or a logical type differ from avrox's, Java's
/// and Python's, and a schema registry keyed by them would not match.
#[test]
fn apache_canonical_form_departures() {
    let json = r#"{"type":"record","name":"R","fields":[
        {"name":"a","type":"int","order":"descending"},
        {"name":"b","type":{"type":"string","logicalType":"uuid"}},
        {"name":"c","type":{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}}]}"#;
    let ours = avrox::Schema::parse(json).unwrap();
    assert_eq!(
        ours.canonical_form(),
        r#"{"name":"R","type":"record","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"},{"name":"c","type":"bytes"}]}"#
    );
    let theirs = ASchema::parse_str(json).unwrap();
    assert_eq!(
        theirs.canonical_form(),
        r#"{"name":"R","type":"record","fields":[{"name":"a","type":"int","order":"descending"},{"name":"b","type":{"type":"string"}},{"name":"c","type":{"type":"bytes","precision":4,"scale":2}}]}"#
    );
    assert_ne!(
        theirs.fingerprint::<Rabin>().bytes,
        ours.rabin_fingerprint().to_le_bytes()
    );
    assert_eq!(
        undo_apache_pcf_departures(&theirs.canonical_form()).0,
        ours.canonical_form()
    );
}

/// DISAGREEMENT: apache-avro parses `"namespace": ""` right (the null
/// namespace: "The empty string may also be used as a namespace to indicate
/// the null namespace", section "Names"), and its canonical form is right,
/// but the schema it *prints* loses the empty namespace: a type in the null
/// namespace inside a namespaced record comes out without a namespace
/// attribute, so the printed schema reads back as another schema (`a.F`
/// instead of `F`, another fingerprint). avrox's `[u8; N]` fields are
/// `fixed` types named `fixed_N` in the null namespace, so this meets every
/// derived record with a namespace and a `[u8; N]` field that goes through
/// apache-avro's printer (a schema registry client, an OCF writer).
#[test]
fn apache_loses_the_empty_namespace_when_printing() {
    let json = r#"{"type":"record","name":"R","namespace":"a","fields":[
        {"name":"f","type":{"type":"fixed","name":"F","namespace":"","size":1}}]}"#;
    let fixed_name = |schema: &ASchema| {
        let ASchema::Record(record) = schema else {
            panic!("not a record")
        };
        let ASchema::Fixed(fixed) = &record.fields[0].schema else {
            panic!("not a fixed")
        };
        fixed.name.fullname(None)
    };
    let theirs = ASchema::parse_str(json).unwrap();
    assert_eq!(fixed_name(&theirs), "F", "apache-avro parses it right");
    let ours = avrox::Schema::parse(json).unwrap();
    assert_eq!(theirs.canonical_form(), ours.canonical_form());
    let printed = serde_json::to_string(&theirs).unwrap();
    assert!(!printed.contains(r#""namespace":"""#), "{printed}");
    let reparsed = ASchema::parse_str(&printed).unwrap();
    assert_eq!(
        fixed_name(&reparsed),
        "a.F",
        "apache-avro's printed schema: {printed}"
    );
    // avrox prints it so that it reads back as itself.
    assert_eq!(
        avrox::Schema::parse(&ours.to_string())
            .unwrap()
            .canonical_form(),
        ours.canonical_form()
    );
}

/// Two `[u8; 4]` fields of a namespaced record: the second refers to the
/// first's `fixed`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct TwoHashes {
    first: [u8; 4],
    second: [u8; 4],
}

/// The `fixed` avrox derives for `[u8; 4]` is `avrox.fixed_4`, so the second
/// field refers to it by a dotted fullname. A bare `fixed_4` inside the
/// namespace `interop` would mean `interop.fixed_4` by the specification
/// ("if they do not contain a dot, the namespace is the namespace of the
/// enclosing definition", section "Names"), which apache-avro follows.
#[test]
fn apache_reads_the_reference_to_a_derived_fixed() {
    let json = TwoHashes::schema().to_string();
    assert!(
        json.contains(r#"{"name":"second","type":"avrox.fixed_4"}"#),
        "{json}"
    );
    let schema = ASchema::parse_str(&json).unwrap();
    let x = TwoHashes {
        first: *b"abcd",
        second: *b"efgh",
    };
    let bytes = avrox::to_vec(&x).unwrap();
    assert_eq!(bytes, b"abcdefgh");
    let reader = GenericDatumReader::builder(&schema).build().unwrap();
    let value = reader.read_value(&mut &bytes[..]).unwrap();
    assert_eq!(
        value,
        AValue::Record(vec![
            ("first".into(), AValue::Fixed(4, b"abcd".to_vec())),
            ("second".into(), AValue::Fixed(4, b"efgh".to_vec())),
        ])
    );
}

#[test]
fn collections_agree() {
    agree(&Collections {
        ints: vec![1, -1, i32::MAX, i32::MIN],
        names: vec!["a".into(), "".into(), "ç".into()],
        nested: vec![vec![], vec![1, 2, 3], vec![i64::MIN]],
        none: vec![],
        scores: BTreeMap::from([("a".into(), 1.0), ("b".into(), -2.5)]),
        groups: BTreeMap::from([
            ("g".into(), vec!["x".into(), "y".into()]),
            ("h".into(), vec![]),
        ]),
        empty: BTreeMap::new(),
    });
}

#[test]
fn optionals_agree() {
    agree(&Optionals {
        none: None,
        some: Some("s".into()),
        record: Some(inner(1)),
        list: vec![None, Some(5), None],
        map: Some(BTreeMap::from([("k".into(), 2)])),
    });
    agree(&Optionals {
        none: Some(0),
        some: None,
        record: None,
        list: vec![],
        map: None,
    });
}

#[test]
fn nested_records_agree() {
    agree(&Nested {
        first: inner(1),
        rest: vec![inner(2), inner(3)],
        by_key: BTreeMap::from([("four".into(), inner(4))]),
        maybe: Some(inner(5)),
    });
}

#[test]
fn enums_agree() {
    agree(&WithEnums {
        color: Color::DarkGreen,
        colors: vec![Color::Red, Color::Blue, Color::DarkGreen],
        maybe: Some(Color::Blue),
        by_name: BTreeMap::from([("sky".into(), Color::Blue)]),
    });
    agree(&WithEnums {
        color: Color::Red,
        colors: vec![],
        maybe: None,
        by_name: BTreeMap::new(),
    });
    // The enum's default symbol survives in apache-avro's schema.
    match apache_schema::<Color>() {
        ASchema::Enum(e) => {
            assert_eq!(e.default.as_deref(), Some("DARK_GREEN"));
            assert_eq!(e.symbols, ["RED", "DARK_GREEN", "BLUE"]);
        }
        other => panic!("{other:?}"),
    }
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape::Radius(2.5),
        Shape::Label("label".into()),
        Shape::Origin,
        Shape::Rect {
            width: 1.0,
            height: 2.0,
        },
        Shape::Segment(-1, 1),
        Shape::At(inner(7)),
        Shape::Path(vec![inner(8), inner(9)]),
    ]
}

#[test]
fn unions_agree() {
    // apache-avro's `from_value` reads a unit variant from `null` only,
    // though its serializer writes the empty record named after the variant
    // (its documented "union of records" mapping) and its schema-aware
    // `read_deser` reads that back; so only `read_deser` is compared. Not a
    // matter of the specification: serde mappings are each library's own.
    let no_from_value = Deserializers {
        from_value: false,
        read_deser: true,
    };
    for shape in shapes() {
        agree_with(&shape, no_from_value);
    }
    agree_with(
        &Drawing {
            shapes: shapes(),
            background: Shape::Origin,
        },
        no_from_value,
    );
}

#[test]
fn struct_shapes_agree() {
    // apache-avro's `from_value` cannot read a newtype struct from the
    // one-field record its own serializer writes for it (its documented
    // mapping), nor a tuple struct or a unit struct from their records; its
    // schema-aware `read_deser` can.
    let no_from_value = Deserializers {
        from_value: false,
        read_deser: true,
    };
    agree_with(&Meters(3.5), no_from_value);
    agree_with(&Rgb(1, 2, 3), no_from_value);
    agree_with(&Marker, no_from_value);
    agree(&UserId(-9));
    agree_with(
        &Shapes {
            meters: Meters(1.0),
            color: Rgb(255, 0, 128),
            marker: Marker,
            id: UserId(42),
        },
        no_from_value,
    );
}

#[test]
fn recursion_agrees() {
    let list = LinkedList {
        head: 1,
        next: Some(Box::new(LinkedList {
            head: 2,
            next: Some(Box::new(LinkedList {
                head: 3,
                next: None,
            })),
        })),
    };
    assert_eq!(agree(&list), [2, 2, 4, 2, 6, 0]);
}

#[test]
fn generics_agree() {
    // apache-avro's `read_deser` wants the record's name to be the Rust
    // struct's (`Pair`); avrox names each instance (`Pair_int_string`).
    let no_read_deser = Deserializers {
        from_value: true,
        read_deser: false,
    };
    agree_with(
        &Pair {
            first: 1i32,
            second: "one".to_string(),
        },
        no_read_deser,
    );
    agree_with(
        &Pair {
            first: inner(1),
            second: vec![Color::Red],
        },
        no_read_deser,
    );
    match apache_schema::<Pair<i32, String>>() {
        ASchema::Record(r) => assert_eq!(r.name.fullname(None), "interop.Pair_int_string"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn logical_value_types_agree() {
    values_agree(&Logicals {
        id: "6ba7b810-9dad-11d1-80b4-00c04fd430c8".parse().unwrap(),
        amount: "-1234.5678".parse().unwrap(),
        period: Duration::new(1, 2, 3),
        maybe_id: Some(Uuid::from_bytes([0xab; 16])),
    });
    values_agree(&Logicals {
        id: Uuid::from_bytes([0; 16]),
        amount: Decimal::from_i128(0, 0),
        period: Duration::new(u32::MAX, 0, u32::MAX),
        maybe_id: None,
    });
}

/// Logical types chosen by attribute: timestamps in every unit, a `uuid`
/// on a `fixed`, `decimal`s on bytes and on a `fixed`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct LogicalAttributes {
    #[avro(unit = millis)]
    ms: i64,
    #[avro(unit = micros)]
    us: Option<i64>,
    #[avro(unit = nanos)]
    ns: i64,
    #[avro(uuid = fixed)]
    id: Uuid,
    #[avro(decimal(precision = 10, scale = 2))]
    price: Decimal,
    #[avro(decimal(precision = 18, scale = 4, size = 8))]
    fixed_price: Decimal,
}

#[test]
fn logical_attributes_agree() {
    for x in [
        LogicalAttributes {
            ms: 1_700_000_000_123,
            us: Some(-1),
            ns: i64::MAX,
            id: Uuid::from_bytes([0x5a; 16]),
            price: Decimal::from_i128(-12_345, 2),
            fixed_price: Decimal::from_i128(-1, 4),
        },
        LogicalAttributes {
            ms: i64::MIN,
            us: None,
            ns: 0,
            id: Uuid::from_bytes([0; 16]),
            price: Decimal::from_i128(9_999_999_999, 2),
            fixed_price: Decimal::from_i128(999_999_999_999_999_999, 4),
        },
    ] {
        values_agree(&x);
    }
}

fn annotated() -> Annotated {
    Annotated {
        id: 1,
        rank: 2,
        scratch: vec![3],
        retries: 5,
        currency: "EUR".into(),
        tags: vec![],
        maybe: None,
        color: Color::Blue,
        inner: Inner::default(),
        ratio: -0.5,
    }
}

#[test]
fn annotations_survive_apache_parsing() {
    agree(&annotated());
    let ASchema::Record(record) = apache_schema::<Annotated>() else {
        panic!("not a record")
    };
    assert_eq!(record.name.fullname(None), "com.acme.Account");
    assert_eq!(
        record.doc.as_deref(),
        Some(
            "Docs, aliases, orders and defaults: what a schema carries beyond its\ncanonical form.\n\nTwo lines of doc."
        )
    );
    let aliases: Vec<String> = record
        .aliases
        .iter()
        .flatten()
        .map(|a| a.fullname(None))
        .collect();
    assert_eq!(aliases, ["com.acme.User", "legacy.Customer"]);
    let field = |name: &str| {
        record
            .fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    assert_eq!(field("id").doc.as_deref(), Some("The id."));
    assert_eq!(field("id").aliases, ["ident"]);
    // apache-avro 0.22 has no typed `order` on a field; it keeps it as a
    // custom attribute (and, against the specification's [STRIP] rule, in
    // its canonical form: see `undo_apache_pcf_departures`).
    assert_eq!(field("rank").custom_attributes["order"], "descending");
    assert_eq!(field("scratch").custom_attributes["order"], "ignore");
    assert!(!field("id").custom_attributes.contains_key("order"));
    assert_eq!(field("retries").default, Some(serde_json::json!(5)));
    assert_eq!(field("currency").default, Some(serde_json::json!("EUR")));
    assert_eq!(field("tags").default, Some(serde_json::json!([])));
    assert_eq!(field("maybe").default, Some(serde_json::Value::Null));
    assert_eq!(field("color").default, Some(serde_json::json!("BLUE")));
    assert_eq!(
        field("inner").default,
        Some(serde_json::json!({"x": 0, "label": ""}))
    );
    assert_eq!(field("ratio").default, Some(serde_json::json!(-0.5)));
}

/// An older version of [`Annotated`]: the same name, fewer fields.
#[derive(Avro, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename = "Account")]
#[avro(name = "Account", namespace = "com.acme")]
struct AnnotatedV1 {
    id: i64,
    rank: i32,
    #[serde(with = "apache_avro::serde::bytes")]
    scratch: Vec<u8>,
}

/// apache-avro resolves data written with an old schema against avrox's
/// new one: the defaults avrox writes into the schema are the ones it uses.
#[test]
fn apache_resolves_old_data_with_avrox_defaults() {
    let old = AnnotatedV1 {
        id: 77,
        rank: 3,
        scratch: vec![1, 2],
    };
    let bytes = avrox::to_vec(&old).unwrap();
    let writer = apache_schema::<AnnotatedV1>();
    let reader_schema = apache_schema::<Annotated>();
    let reader = GenericDatumReader::builder(&writer)
        .reader_schema(&reader_schema)
        .build()
        .unwrap_or_else(|e| panic!("apache-avro cannot resolve: {e}"));
    let value = reader
        .read_value(&mut &bytes[..])
        .unwrap_or_else(|e| panic!("apache-avro cannot read: {e}"));
    let new: Annotated = apache_avro::from_value(&value).unwrap();
    assert_eq!(
        new,
        Annotated {
            id: 77,
            rank: 3,
            scratch: vec![1, 2],
            ..annotated()
        }
    );
}

/// The old version under its old field name.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Renamed", namespace = "com.acme")]
struct RenamedV1 {
    ident: i64,
}

/// The new version: the field renamed, the old name kept as an alias; and a
/// new nullable field whose default is not null.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Renamed", namespace = "com.acme")]
struct RenamedV2 {
    #[avro(alias = "ident")]
    id: i64,
    #[avro(default = Some(3))]
    level: Option<i64>,
}

/// Two places where apache-avro 0.22 resolves differently from the
/// specification (and from avrox's schema).
#[test]
fn apache_resolution_departures() {
    let writer = apache_schema::<RenamedV1>();
    let reader_schema = apache_schema::<RenamedV2>();
    let bytes = avrox::to_vec(&RenamedV1 { ident: 5 }).unwrap();
    // DISAGREEMENT (optional feature): apache-avro does not use a reader
    // field's aliases to find the writer's field. The specification makes
    // this optional ("An implementation may optionally use aliases to map a
    // writer's schema to the reader's", section "Aliases"), so it is a
    // missing feature rather than an error; avrox writes the alias.
    let reader = GenericDatumReader::builder(&writer)
        .reader_schema(&reader_schema)
        .build()
        .unwrap();
    let err = reader.read_value(&mut &bytes[..]).unwrap_err();
    assert!(err.to_string().contains("Missing field"), "{err}");
    assert_eq!(
        field_json(RenamedV2::schema(), "id")["aliases"],
        serde_json::json!(["ident"])
    );

    // DISAGREEMENT: a union field's default. avrox writes the default of
    // `Option<i64>` = `Some(3)` as `3`, which Avro 1.12 allows: "Default
    // values for union fields correspond to the first schema that matches in
    // the union" (section "Complex Types", Records). apache-avro follows the
    // older rule (the default is of the union's first branch) and, when it
    // fills the missing field, takes `null` because the first branch is
    // `null`, without looking at the default at all: it reads `None` where
    // the schema says 3.
    assert_eq!(field_json(RenamedV2::schema(), "level")["default"], 3);
    let writer = apache_schema::<RenamedV2Old>();
    let bytes = avrox::to_vec(&RenamedV2Old { id: 5 }).unwrap();
    let reader = GenericDatumReader::builder(&writer)
        .reader_schema(&reader_schema)
        .build()
        .unwrap();
    let value = reader.read_value(&mut &bytes[..]).unwrap();
    assert_eq!(
        value,
        AValue::Record(vec![
            ("id".into(), AValue::Long(5)),
            ("level".into(), AValue::Union(0, Box::new(AValue::Null))),
        ])
    );
}

/// [`RenamedV2`] before `level` was added.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Renamed", namespace = "com.acme")]
struct RenamedV2Old {
    id: i64,
}

fn field_json(schema: &avrox::Schema, field: &str) -> serde_json::Value {
    schema.to_json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == field)
        .unwrap()
        .clone()
}

/// Bytes that apache-avro writes for a whole gallery of values decode in
/// avrox to the same values, and the reverse, in one stream: values
/// written one after the other.
#[test]
fn streams_agree() {
    let schema = apache_schema::<Scalars>();
    let writer = GenericDatumWriter::builder(&schema).build().unwrap();
    let mut theirs = Vec::new();
    let mut ours = Vec::new();
    for x in scalars() {
        writer.write_ser(&mut theirs, &x).unwrap();
        x.encode(&mut ours).unwrap();
    }
    assert_eq!(theirs, ours);
    let mut r = avrox::binary::SliceReader::new(&theirs);
    for x in scalars() {
        assert_eq!(avrox::read_next::<Scalars>(&mut r).unwrap(), x);
    }
    assert!(r.is_empty());
    let reader = GenericDatumReader::builder(&schema).build().unwrap();
    let mut input = &ours[..];
    for x in scalars() {
        let back: Scalars = reader.read_deser(&mut input).unwrap();
        assert_eq!(back, x);
    }
    assert!(input.is_empty());
}
