//! Property tests of avrox: random valid schemas and random values of them.
//!
//! The schemas come from a generator that builds a raw tree of types
//! ([`Raw`]) and then turns it into valid schema JSON ([`Fin`]): unique
//! fullnames (in the null namespace, inherited, explicit and dotted),
//! references only to names already defined, recursion only through a
//! nullable union, an array or a map, unions without nested unions or two
//! branches of one kind, every logical type of Avro 1.12 (and some that must
//! be ignored), extra attributes, docs, aliases, orders, and field defaults
//! made from random values of the field's type.
//!
//! Values come from a strategy that walks a parsed [`Schema`]; a depth
//! budget bounds recursion, and once it is spent a union takes the branch
//! that ends soonest (the `null` of a recursive reference).
//!
//! The properties:
//! - printing a schema and parsing it back gives an equal schema with the
//!   same canonical form and fingerprints, and the canonical form is a
//!   fixed point (with the one exception the specification forces, see
//!   `schema_print_parse_round_trip`);
//! - binary: decode(encode(v)) == v, and re-encoding gives the same bytes;
//! - the JSON mapping of default values: `to_json` agrees with an
//!   independent implementation written here from the specification, and
//!   `from_json(to_json(v))` gives `v` back where the mapping is lossless
//!   (elsewhere a union reads back as the first branch that fits);
//! - decoding any bytes (random, or a mutated or cut valid encoding) returns
//!   `Ok` or `Err`, never panics, and whatever it accepts re-encodes;
//! - `Value::read_next` reads a stream of concatenated datums back in order;
//! - decimal text and `i128` agree.

use std::collections::HashSet;
use std::sync::Arc;

use avrox::binary::{Limits, SliceReader};
use avrox::schema::{LogicalType, NodeId, Schema, Type};
use avrox::value::{Decimal, Duration, Uuid};
use avrox::{Error, Value};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::Union as OneOf;
use proptest::test_runner::Config;
use serde_json::{Map, Value as Json, json};

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// The proptest configuration: `cases` cases, no regression files (this
/// crate keeps its tests in single files; a failure prints the seed and the
/// shrunk input, which is what a regression test needs).
fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// How deeply values nest (records, arrays, maps) before recursion stops.
const VALUE_BUDGET: u32 = 3;

/// Limits for decoding untrusted bytes: small, so that a random count of
/// zero-sized items cannot make a case slow; reaching them is an `Err`.
fn fuzz_limits() -> Limits {
    Limits::default()
        .max_allocation(1 << 20)
        .max_collection_items(1 << 12)
}

// ---------------------------------------------------------------------------
// The raw schema tree
// ---------------------------------------------------------------------------

/// Simple names of named types. `record`, `map` and `union` are allowed as
/// type names by the specification ("Complex types ... their names (as well
/// as union) are permitted to be reused as type names").
const SIMPLE_NAMES: &[&str] = &["A", "Node", "_x9", "record", "map", "union", "fixed"];
const NAMESPACES: &[&str] = &["a", "a.b", "com.example", "x_1.y"];
const FIELD_NAMES: &[&str] = &["a", "b", "type", "name", "f_1", "_", "null", "default"];
const SYMBOLS: &[&str] = &["A", "B", "C", "_", "x1", "null", "SPADES"];

#[derive(Clone, Copy, Debug)]
enum RawNs {
    /// No namespace attribute: the enclosing namespace.
    Inherit,
    /// `"namespace": "..."`.
    Explicit(usize),
    /// `"namespace": ""`: the null namespace, said explicitly.
    Null,
    /// A dotted `name` (a fullname), with a `namespace` that must be ignored.
    Dotted(usize),
}

#[derive(Clone, Debug)]
struct RawName {
    simple: usize,
    ns: RawNs,
}

/// How a reference to an enclosing record is wrapped so that values stay
/// finite.
#[derive(Clone, Copy, Debug)]
enum Wrap {
    NullFirst,
    NullLast,
    Array,
    Map,
}

#[derive(Clone, Debug)]
enum Lg {
    DecimalBytes {
        precision: u32,
        scale: Option<u32>,
    },
    DecimalFixed {
        name: RawName,
        size: usize,
        precision: u32,
        scale: Option<u32>,
    },
    BigDecimal,
    UuidString,
    UuidFixed(RawName),
    Duration(RawName),
    /// date, time-millis.
    OnInt(&'static str),
    /// time-micros, timestamp-*, local-timestamp-*.
    OnLong(&'static str),
    /// A logical type the specification says to ignore (unknown, or on the
    /// wrong type, or with bad parameters): an index into [`IGNORED`].
    Ignored(usize),
}

/// Logical types that must be ignored: the node reads as its underlying
/// type and the attributes are kept.
const IGNORED: &[&str] = &[
    r#"{"type": "long", "logicalType": "date"}"#,
    r#"{"type": "int", "logicalType": "made-up", "x": 1}"#,
    r#"{"type": "bytes", "logicalType": "decimal"}"#,
    r#"{"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 3}"#,
    r#"{"type": "bytes", "logicalType": "decimal", "precision": 0}"#,
    r#"{"type": "string", "logicalType": "timestamp-millis"}"#,
    r#"{"type": "int", "logicalType": "duration"}"#,
    r#"{"type": "string", "logicalType": "big-decimal"}"#,
];

const PRIMITIVES: &[&str] = &[
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

#[derive(Clone, Debug)]
struct RawField {
    name: usize,
    ty: Raw,
    default: bool,
    doc: Option<String>,
    order: u8,
    aliases: bool,
    attribute: bool,
}

#[derive(Clone, Debug)]
enum Raw {
    /// A primitive; form 0 is the bare name, 1 `{"type": ..}`, 2 with an
    /// extra attribute.
    Prim(&'static str, u8),
    Logical(Lg),
    Enum {
        name: RawName,
        symbols: Vec<usize>,
        default: Option<usize>,
        doc: Option<String>,
    },
    Fixed {
        name: RawName,
        size: usize,
        aliases: bool,
        /// A logical type that does not fit this fixed (ignored).
        misfit: Option<&'static str>,
    },
    /// A reference to a named type defined (and finished) before.
    Ref(usize),
    /// A reference to a record being defined around this point.
    SelfRef(usize, Wrap),
    Array(Box<Raw>),
    Map(Box<Raw>),
    Union(Vec<Raw>),
    Record {
        name: RawName,
        fields: Vec<RawField>,
        doc: Option<String>,
        aliases: bool,
        attribute: bool,
    },
}

fn raw_name() -> impl Strategy<Value = RawName> {
    let ns = prop_oneof![
        3 => Just(RawNs::Inherit),
        2 => (0..NAMESPACES.len()).prop_map(RawNs::Explicit),
        1 => Just(RawNs::Null),
        1 => (0..NAMESPACES.len()).prop_map(RawNs::Dotted),
    ];
    (0..SIMPLE_NAMES.len(), ns).prop_map(|(simple, ns)| RawName { simple, ns })
}

/// Docs with quotes, backslashes, control and non-ASCII characters, which
/// the printer must escape.
fn doc() -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(0.2, "(?s).{0,8}")
}

fn decimal_scale(precision: u32) -> impl Strategy<Value = Option<u32>> {
    proptest::option::weighted(0.8, 0..=precision)
}

/// The largest precision a fixed of `size` bytes holds: the largest p with
/// 10^p - 1 <= 2^(8 size - 1) - 1, computed here independently of avrox.
fn max_precision(size: usize) -> u32 {
    // 2^(8 size - 1) as decimal digits, by repeated doubling.
    let mut digits = vec![1u8]; // little-endian decimal digits
    for _ in 0..(8 * size - 1) {
        let mut carry = 0;
        for d in &mut digits {
            let v = *d * 2 + carry;
            *d = v % 10;
            carry = v / 10;
        }
        if carry > 0 {
            digits.push(carry);
        }
    }
    // 10^p <= 2^k holds for p < number of digits of 2^k (2^k is no power of 10).
    (digits.len() - 1) as u32
}

fn logical() -> impl Strategy<Value = Lg> {
    let decimal_fixed = (raw_name(), 1usize..=20)
        .prop_flat_map(|(name, size)| (Just(name), Just(size), 1..=max_precision(size)))
        .prop_flat_map(|(name, size, precision)| {
            decimal_scale(precision).prop_map(move |scale| Lg::DecimalFixed {
                name: name.clone(),
                size,
                precision,
                scale,
            })
        });
    prop_oneof![
        (1u32..=45).prop_flat_map(|precision| decimal_scale(precision)
            .prop_map(move |scale| Lg::DecimalBytes { precision, scale })),
        decimal_fixed,
        Just(Lg::BigDecimal),
        Just(Lg::UuidString),
        raw_name().prop_map(Lg::UuidFixed),
        raw_name().prop_map(Lg::Duration),
        prop::sample::select(vec!["date", "time-millis"]).prop_map(Lg::OnInt),
        prop::sample::select(vec![
            "time-micros",
            "timestamp-millis",
            "timestamp-micros",
            "timestamp-nanos",
            "local-timestamp-millis",
            "local-timestamp-micros",
            "local-timestamp-nanos",
        ])
        .prop_map(Lg::OnLong),
        (0..IGNORED.len()).prop_map(Lg::Ignored),
    ]
}

fn raw_leaf() -> impl Strategy<Value = Raw> {
    let wrap = prop_oneof![
        Just(Wrap::NullFirst),
        Just(Wrap::NullLast),
        Just(Wrap::Array),
        Just(Wrap::Map),
    ];
    let enumeration = (
        raw_name(),
        vec(0..SYMBOLS.len(), 1..5),
        proptest::option::of(any::<usize>()),
        doc(),
    )
        .prop_map(|(name, symbols, default, doc)| Raw::Enum {
            name,
            symbols,
            default,
            doc,
        });
    let fixed = (
        raw_name(),
        0usize..=20,
        any::<bool>(),
        proptest::option::weighted(
            0.2,
            prop::sample::select(vec!["uuid", "duration", "decimal"]),
        ),
    )
        .prop_map(|(name, size, aliases, misfit)| Raw::Fixed {
            name,
            size,
            aliases,
            // A misfit only where it does not fit.
            misfit: misfit.filter(|lt| match *lt {
                "uuid" => size != 16,
                "duration" => size != 12,
                _ => true,
            }),
        });
    prop_oneof![
        5 => (prop::sample::select(PRIMITIVES), 0u8..3).prop_map(|(p, form)| Raw::Prim(p, form)),
        4 => logical().prop_map(Raw::Logical),
        2 => enumeration,
        2 => fixed,
        2 => any::<usize>().prop_map(Raw::Ref),
        2 => (any::<usize>(), wrap).prop_map(|(k, w)| Raw::SelfRef(k, w)),
    ]
}

fn raw_record(
    inner: BoxedStrategy<Raw>,
    fields: std::ops::Range<usize>,
) -> impl Strategy<Value = Raw> {
    let field = (
        0..FIELD_NAMES.len(),
        inner,
        proptest::bool::weighted(0.3),
        doc(),
        0u8..5,
        proptest::bool::weighted(0.2),
        proptest::bool::weighted(0.2),
    )
        .prop_map(
            |(name, ty, default, doc, order, aliases, attribute)| RawField {
                name,
                ty,
                default,
                doc,
                order,
                aliases,
                attribute,
            },
        );
    (
        raw_name(),
        vec(field, fields),
        doc(),
        proptest::bool::weighted(0.2),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(name, fields, doc, aliases, attribute)| Raw::Record {
            name,
            fields,
            doc,
            aliases,
            attribute,
        })
}

fn raw_schema() -> impl Strategy<Value = Raw> {
    raw_leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            3 => raw_record(inner.clone(), 0..4),
            1 => inner.clone().prop_map(|r| Raw::Array(Box::new(r))),
            1 => inner.clone().prop_map(|r| Raw::Map(Box::new(r))),
            2 => vec(inner, 1..5).prop_map(Raw::Union),
        ]
    })
}

fn raw_root() -> impl Strategy<Value = Raw> {
    prop_oneof![
        4 => raw_record(raw_schema().boxed(), 1..5),
        1 => raw_schema(),
    ]
}

// ---------------------------------------------------------------------------
// Raw tree to valid schema JSON
// ---------------------------------------------------------------------------

/// A generated schema.
#[derive(Clone)]
struct GenSchema {
    json: Json,
    /// The fullnames of every named type the JSON defines.
    fullnames: Vec<String>,
    /// Whether a named type in the null namespace is defined inside one with
    /// a namespace. Its Parsing Canonical Form then cannot be parsed back to
    /// the same schema: the canonical form drops `"namespace"` and keeps the
    /// fullname, which for the null namespace has no dot, so on reading it
    /// inherits the enclosing namespace. That is the specification's
    /// transformation, not avrox's choice.
    null_ns_nested: bool,
    /// Fields that get a default: the record's fullname and field index.
    slots: Vec<(String, usize)>,
}

impl std::fmt::Debug for GenSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.json)
    }
}

struct Defined {
    fullname: String,
    simple: String,
    ns: Option<String>,
    complete: bool,
}

/// What a union branch is, for the rule "one of each unnamed kind, one of
/// each name". Kinds and names are kept apart: a record may be called `map`.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
enum Key {
    Kind(&'static str),
    Named(String),
}

struct Out {
    json: Json,
    /// `None` for a union.
    key: Option<Key>,
    /// A bare reference to a record still being defined (only made directly
    /// inside a union, which then needs a branch that ends the recursion).
    recursive: bool,
}

impl Out {
    fn plain(json: Json, key: Key) -> Out {
        Out {
            json,
            key: Some(key),
            recursive: false,
        }
    }
}

#[derive(Default)]
struct Fin {
    defined: Vec<Defined>,
    /// Indexes into `defined` of the records whose fields are being made.
    open: Vec<usize>,
    counter: usize,
    null_ns_nested: bool,
    slots: Vec<(String, usize)>,
}

fn fullname(ns: Option<&str>, simple: &str) -> String {
    match ns {
        Some(ns) => format!("{ns}.{simple}"),
        None => simple.to_owned(),
    }
}

fn finalize(raw: Raw) -> GenSchema {
    let mut fin = Fin::default();
    let out = fin.node(&raw, None, false);
    GenSchema {
        json: out.json,
        fullnames: fin.defined.into_iter().map(|d| d.fullname).collect(),
        null_ns_nested: fin.null_ns_nested,
        slots: fin.slots,
    }
}

impl Fin {
    /// Defines a name; writes `name` (and `namespace`) into `obj`.
    fn define(
        &mut self,
        raw: &RawName,
        enclosing: Option<&str>,
        obj: &mut Map<String, Json>,
        complete: bool,
    ) -> usize {
        let base = SIMPLE_NAMES[raw.simple % SIMPLE_NAMES.len()];
        let ns = match raw.ns {
            RawNs::Inherit => enclosing.map(str::to_owned),
            RawNs::Explicit(i) | RawNs::Dotted(i) => Some(NAMESPACES[i].to_owned()),
            RawNs::Null => None,
        };
        let mut simple = base.to_owned();
        while self
            .defined
            .iter()
            .any(|d| d.fullname == fullname(ns.as_deref(), &simple))
        {
            simple = format!("{base}_{}", self.counter);
            self.counter += 1;
        }
        match raw.ns {
            RawNs::Inherit => {
                obj.insert("name".into(), json!(simple));
            }
            RawNs::Explicit(_) => {
                obj.insert("name".into(), json!(simple));
                obj.insert("namespace".into(), json!(ns));
            }
            RawNs::Null => {
                obj.insert("name".into(), json!(simple));
                obj.insert("namespace".into(), json!(""));
            }
            RawNs::Dotted(_) => {
                obj.insert("name".into(), json!(fullname(ns.as_deref(), &simple)));
                obj.insert("namespace".into(), json!("ignored.by_spec"));
            }
        }
        if ns.is_none() && enclosing.is_some() {
            self.null_ns_nested = true;
        }
        self.defined.push(Defined {
            fullname: fullname(ns.as_deref(), &simple),
            simple,
            ns,
            complete,
        });
        self.defined.len() - 1
    }

    /// How to refer to a defined type from inside `enclosing`, so that it
    /// resolves to that type: a simple name is looked up in the enclosing
    /// namespace first, then in the null namespace. A type in the null
    /// namespace cannot be named from a namespace that has a type of the
    /// same simple name (no Avro text can say it); `None` then.
    fn reference(&self, target: usize, enclosing: Option<&str>) -> Option<String> {
        let t = &self.defined[target];
        match (&t.ns, enclosing) {
            (ns, enc) if ns.as_deref() == enc => Some(t.simple.clone()),
            (Some(_), _) => Some(t.fullname.clone()),
            (None, Some(enc)) => {
                let shadow = fullname(Some(enc), &t.simple);
                if self.defined.iter().any(|d| d.fullname == shadow) {
                    None
                } else {
                    Some(t.simple.clone())
                }
            }
            (None, None) => unreachable!("covered by the first arm"),
        }
    }

    fn node(&mut self, raw: &Raw, enclosing: Option<&str>, in_union: bool) -> Out {
        match raw {
            Raw::Prim(p, form) => {
                let json = match form {
                    0 => json!(p),
                    1 => json!({"type": p}),
                    _ => json!({"type": p, "avro.java.string": "String", "meta": {"k": [1, null]}}),
                };
                Out::plain(json, Key::Kind(p))
            }
            Raw::Logical(lg) => self.logical(lg, enclosing),
            Raw::Enum {
                name,
                symbols,
                default,
                doc,
            } => {
                let mut obj = Map::new();
                obj.insert("type".into(), json!("enum"));
                let i = self.define(name, enclosing, &mut obj, true);
                let mut unique: Vec<&str> = Vec::new();
                for &s in symbols {
                    if !unique.contains(&SYMBOLS[s]) {
                        unique.push(SYMBOLS[s]);
                    }
                }
                if let Some(doc) = doc {
                    obj.insert("doc".into(), json!(doc));
                }
                obj.insert("symbols".into(), json!(unique));
                if let Some(d) = default {
                    obj.insert("default".into(), json!(unique[d % unique.len()]));
                }
                Out::plain(
                    Json::Object(obj),
                    Key::Named(self.defined[i].fullname.clone()),
                )
            }
            Raw::Fixed {
                name,
                size,
                aliases,
                misfit,
            } => {
                let mut obj = Map::new();
                obj.insert("type".into(), json!("fixed"));
                let i = self.define(name, enclosing, &mut obj, true);
                obj.insert("size".into(), json!(size));
                if *aliases {
                    obj.insert("aliases".into(), json!(["OldFixed", "old.ns.Fixed"]));
                }
                if let Some(lt) = misfit {
                    obj.insert("logicalType".into(), json!(lt));
                    if *lt == "decimal" {
                        // A precision no fixed of up to 20 bytes holds would
                        // be an error; a missing precision is ignored.
                        obj.insert("scale".into(), json!(1));
                    }
                }
                Out::plain(
                    Json::Object(obj),
                    Key::Named(self.defined[i].fullname.clone()),
                )
            }
            Raw::Ref(k) => {
                let complete: Vec<usize> = (0..self.defined.len())
                    .filter(|&i| self.defined[i].complete)
                    .collect();
                if complete.is_empty() {
                    return Out::plain(json!("long"), Key::Kind("long"));
                }
                let target = complete[k % complete.len()];
                match self.reference(target, enclosing) {
                    Some(text) => Out::plain(
                        json!(text),
                        Key::Named(self.defined[target].fullname.clone()),
                    ),
                    None => Out::plain(json!("long"), Key::Kind("long")),
                }
            }
            Raw::SelfRef(k, wrap) => {
                if self.open.is_empty() {
                    return Out::plain(json!("boolean"), Key::Kind("boolean"));
                }
                let target = self.open[k % self.open.len()];
                let Some(text) = self.reference(target, enclosing) else {
                    return Out::plain(json!("boolean"), Key::Kind("boolean"));
                };
                if in_union {
                    return Out {
                        json: json!(text),
                        key: Some(Key::Named(self.defined[target].fullname.clone())),
                        recursive: true,
                    };
                }
                match wrap {
                    Wrap::NullFirst => Out {
                        json: json!(["null", text]),
                        key: None,
                        recursive: false,
                    },
                    Wrap::NullLast => Out {
                        json: json!([text, "null"]),
                        key: None,
                        recursive: false,
                    },
                    Wrap::Array => {
                        Out::plain(json!({"type": "array", "items": text}), Key::Kind("array"))
                    }
                    Wrap::Map => {
                        Out::plain(json!({"type": "map", "values": text}), Key::Kind("map"))
                    }
                }
            }
            Raw::Array(items) => {
                let items = self.node(items, enclosing, false);
                Out::plain(
                    json!({"type": "array", "items": items.json}),
                    Key::Kind("array"),
                )
            }
            Raw::Map(values) => {
                let values = self.node(values, enclosing, false);
                Out::plain(
                    json!({"type": "map", "values": values.json}),
                    Key::Kind("map"),
                )
            }
            Raw::Union(branches) => {
                let mut keys = HashSet::new();
                let mut out = Vec::new();
                let mut ends = false;
                for branch in branches {
                    if matches!(branch, Raw::Union(_)) {
                        continue;
                    }
                    // A dropped branch must not leave its names defined.
                    let mark = (self.defined.len(), self.slots.len(), self.null_ns_nested);
                    let b = self.node(branch, enclosing, true);
                    match b.key {
                        Some(key) if keys.insert(key.clone()) => {
                            ends |= !b.recursive;
                            out.push(b.json);
                        }
                        _ => {
                            self.defined.truncate(mark.0);
                            self.slots.truncate(mark.1);
                            self.null_ns_nested = mark.2;
                        }
                    }
                }
                if !ends && !keys.contains(&Key::Kind("null")) {
                    out.insert(0, json!("null"));
                }
                Out {
                    json: Json::Array(out),
                    key: None,
                    recursive: false,
                }
            }
            Raw::Record {
                name,
                fields,
                doc,
                aliases,
                attribute,
            } => {
                let mut obj = Map::new();
                obj.insert("type".into(), json!("record"));
                let i = self.define(name, enclosing, &mut obj, false);
                let ns = self.defined[i].ns.clone();
                let full = self.defined[i].fullname.clone();
                if let Some(doc) = doc {
                    obj.insert("doc".into(), json!(doc));
                }
                if *aliases {
                    obj.insert("aliases".into(), json!(["Old", "other.ns.Older"]));
                }
                self.open.push(i);
                let mut names: Vec<String> = Vec::new();
                let mut field_json = Vec::new();
                for (index, f) in fields.iter().enumerate() {
                    let base = FIELD_NAMES[f.name];
                    let fname = if names.iter().any(|n| n == base) {
                        format!("{base}_{index}")
                    } else {
                        base.to_owned()
                    };
                    names.push(fname.clone());
                    let ty = self.node(&f.ty, ns.as_deref(), false);
                    let mut fo = Map::new();
                    fo.insert("name".into(), json!(fname));
                    fo.insert("type".into(), ty.json);
                    if let Some(doc) = &f.doc {
                        fo.insert("doc".into(), json!(doc));
                    }
                    match f.order {
                        1 => {
                            fo.insert("order".into(), json!("ascending"));
                        }
                        2 => {
                            fo.insert("order".into(), json!("descending"));
                        }
                        3 => {
                            fo.insert("order".into(), json!("ignore"));
                        }
                        _ => {}
                    }
                    if f.aliases {
                        fo.insert("aliases".into(), json!(["old_name", "not a valid name"]));
                    }
                    if f.attribute {
                        fo.insert("x-meta".into(), json!({"pii": true, "n": 1.5}));
                    }
                    if f.default {
                        fo.insert(SLOT.into(), json!(self.slots.len()));
                        self.slots.push((full.clone(), index));
                    }
                    field_json.push(Json::Object(fo));
                }
                self.open.pop();
                self.defined[i].complete = true;
                obj.insert("fields".into(), Json::Array(field_json));
                if *attribute {
                    obj.insert("connect.name".into(), json!(full));
                }
                Out::plain(Json::Object(obj), Key::Named(full))
            }
        }
    }

    fn logical(&mut self, lg: &Lg, enclosing: Option<&str>) -> Out {
        let named_fixed = |fin: &mut Fin, name: &RawName, size: usize, extra: Json| {
            let mut obj = Map::new();
            obj.insert("type".into(), json!("fixed"));
            let i = fin.define(name, enclosing, &mut obj, true);
            obj.insert("size".into(), json!(size));
            if let Json::Object(extra) = extra {
                obj.extend(extra);
            }
            Out::plain(
                Json::Object(obj),
                Key::Named(fin.defined[i].fullname.clone()),
            )
        };
        let decimal = |precision: u32, scale: Option<u32>| {
            let mut o = json!({"logicalType": "decimal", "precision": precision});
            if let Some(scale) = scale {
                o["scale"] = json!(scale);
            }
            o
        };
        match lg {
            Lg::DecimalBytes { precision, scale } => {
                let mut o = decimal(*precision, *scale);
                o["type"] = json!("bytes");
                Out::plain(o, Key::Kind("bytes"))
            }
            Lg::DecimalFixed {
                name,
                size,
                precision,
                scale,
            } => named_fixed(self, name, *size, decimal(*precision, *scale)),
            Lg::BigDecimal => Out::plain(
                json!({"type": "bytes", "logicalType": "big-decimal"}),
                Key::Kind("bytes"),
            ),
            Lg::UuidString => Out::plain(
                json!({"type": "string", "logicalType": "uuid"}),
                Key::Kind("string"),
            ),
            Lg::UuidFixed(name) => named_fixed(self, name, 16, json!({"logicalType": "uuid"})),
            Lg::Duration(name) => named_fixed(self, name, 12, json!({"logicalType": "duration"})),
            Lg::OnInt(lt) => {
                Out::plain(json!({"type": "int", "logicalType": lt}), Key::Kind("int"))
            }
            Lg::OnLong(lt) => Out::plain(
                json!({"type": "long", "logicalType": lt}),
                Key::Kind("long"),
            ),
            Lg::Ignored(i) => {
                let json: Json = serde_json::from_str(IGNORED[*i]).expect("valid JSON");
                let kind = PRIMITIVES
                    .iter()
                    .find(|p| json["type"] == **p)
                    .expect("a primitive");
                Out::plain(json, Key::Kind(kind))
            }
        }
    }
}

/// The key that marks a field whose default is filled in later.
const SLOT: &str = "__default_slot";

/// Replaces each field's slot marker with its default, if it has one.
fn fill_defaults(json: &mut Json, defaults: &[Option<Json>]) {
    match json {
        Json::Object(obj) => {
            for v in obj.values_mut() {
                fill_defaults(v, defaults);
            }
            if let Some(slot) = obj.remove(SLOT) {
                let n = slot.as_u64().expect("a slot number") as usize;
                if let Some(default) = &defaults[n] {
                    obj.insert("default".into(), default.clone());
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|v| fill_defaults(v, defaults)),
        _ => {}
    }
}

fn parse_generated(json: &Json) -> Schema {
    Schema::parse(&json.to_string())
        .unwrap_or_else(|e| panic!("the generator made a schema avrox rejects: {e}\n{json}"))
}

/// Random valid schemas, with defaults made from random values.
fn schema_strategy() -> impl Strategy<Value = GenSchema> {
    raw_root().prop_map(finalize).prop_flat_map(|g| {
        // Parse without defaults to find each field's type, make a random
        // value of it, and write that value as the default.
        let schema = Arc::new(parse_generated(&g.json));
        let depths = Arc::new(min_depths(&schema));
        let defaults: Vec<BoxedStrategy<Option<Json>>> = g
            .slots
            .iter()
            .map(|(record, index)| {
                let id = schema.lookup(record).expect("a defined record");
                let Type::Record(r) = schema.node(id).ty() else {
                    panic!("{record} is not a record")
                };
                let field = r.fields[*index].schema;
                let s = Arc::clone(&schema);
                value_strategy(&schema, &depths, field, 2)
                    .prop_map(move |v| {
                        let json = spec_json(&s, field, &v);
                        Some(json)
                    })
                    .boxed()
            })
            .collect();
        (Just(g), defaults).prop_map(|(mut g, defaults)| {
            fill_defaults(&mut g.json, &defaults);
            g
        })
    })
}

/// A schema and some values of it.
#[derive(Clone)]
struct Case {
    g: GenSchema,
    schema: Arc<Schema>,
    values: Vec<Value>,
}

/// Prints the schema as its JSON text, and the values.
impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "schema: {}\nvalues:", self.g.json)?;
        for v in &self.values {
            write!(f, "\n  {v:?}")?;
        }
        Ok(())
    }
}

fn schema_and_values(count: std::ops::Range<usize>) -> impl Strategy<Value = Case> {
    schema_strategy().prop_flat_map(move |g| {
        let schema = Arc::new(parse_generated(&g.json));
        let depths = Arc::new(min_depths(&schema));
        let values = vec(
            value_strategy(&schema, &depths, schema.root_id(), VALUE_BUDGET),
            count.clone(),
        );
        (Just(g), Just(schema), values).prop_map(|(g, schema, values)| Case { g, schema, values })
    })
}

// ---------------------------------------------------------------------------
// Values of a parsed schema
// ---------------------------------------------------------------------------

/// For each node, how deeply records must nest in its smallest value (a
/// union's smallest branch, an empty array or map). A union whose budget is
/// spent takes a branch of least depth, so generation always ends.
fn min_depths(schema: &Schema) -> Vec<u32> {
    const INF: u32 = u32::MAX;
    let nodes = schema.nodes();
    let mut depth = vec![INF; nodes.len()];
    loop {
        let mut changed = false;
        for (i, node) in nodes.iter().enumerate() {
            let d = match node.ty() {
                Type::Union(u) => u
                    .variants
                    .iter()
                    .map(|v| depth[v.index()])
                    .min()
                    .unwrap_or(INF),
                Type::Record(r) => r
                    .fields
                    .iter()
                    .map(|f| depth[f.schema.index()])
                    .max()
                    .unwrap_or(0)
                    .saturating_add(1),
                _ => 0,
            };
            if d < depth[i] {
                depth[i] = d;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    assert!(
        depth.iter().all(|&d| d != INF),
        "the generator made a type with no finite value: {schema}"
    );
    depth
}

fn int() -> impl Strategy<Value = i32> {
    prop_oneof![
        3 => any::<i32>(),
        2 => -3i32..3,
        1 => prop::sample::select(vec![i32::MIN, i32::MAX, 63, 64, -64, -65]),
    ]
}

fn long() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => any::<i64>(),
        2 => -3i64..3,
        1 => prop::sample::select(vec![i64::MIN, i64::MAX, 1 << 53, -(1 << 53) - 1]),
    ]
}

/// Floats of every class: NaN (with payloads), the infinities, zeros,
/// subnormals.
fn float32() -> impl Strategy<Value = f32> {
    prop_oneof![
        3 => proptest::num::f32::ANY,
        1 => any::<u32>().prop_map(f32::from_bits),
        1 => prop::sample::select(vec![0.0f32, -0.0, f32::NAN, f32::INFINITY, f32::NEG_INFINITY]),
    ]
}

fn float64() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => proptest::num::f64::ANY,
        1 => any::<u64>().prop_map(f64::from_bits),
        1 => prop::sample::select(vec![0.0f64, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "(?s).{0,10}",
        1 => prop::sample::select(vec!["", "NaN", "Infinity", "null", "\u{0}", "é€😀"])
            .prop_map(str::to_owned),
    ]
}

/// A decimal with at most `precision` digits and the given scale.
fn decimal(precision: u32, scale: u32) -> BoxedStrategy<Decimal> {
    let scale = i32::try_from(scale).expect("small scales");
    if precision <= 38 {
        let max = 10i128.pow(precision) - 1;
        prop_oneof![
            4 => -max..=max,
            1 => prop::sample::select(vec![0, 1, -1, max, -max]),
        ]
        .prop_map(move |u| Decimal::from_i128(u, scale))
        .boxed()
    } else {
        // More digits than an i128 holds: through the decimal text.
        let digits = proptest::string::string_regex(&format!("[1-9][0-9]{{0,{}}}", precision - 1))
            .expect("a valid regex");
        (any::<bool>(), digits)
            .prop_map(move |(negative, digits)| {
                let mut digits = digits;
                let s = scale as usize;
                while digits.len() <= s {
                    digits.insert(0, '0');
                }
                if s > 0 {
                    digits.insert(digits.len() - s, '.');
                }
                let text = if negative {
                    format!("-{digits}")
                } else {
                    digits
                };
                let d: Decimal = text.parse().expect("decimal text");
                assert_eq!(d.scale(), scale, "{text}");
                d
            })
            .boxed()
    }
}

fn value_strategy(
    schema: &Arc<Schema>,
    depths: &Arc<Vec<u32>>,
    id: NodeId,
    budget: u32,
) -> BoxedStrategy<Value> {
    let node = schema.node(id);
    match (node.ty(), node.logical_type().copied()) {
        (Type::Null, _) => Just(Value::Null).boxed(),
        (Type::Boolean, _) => any::<bool>().prop_map(Value::Boolean).boxed(),
        (Type::Int, Some(LogicalType::Date)) => int().prop_map(Value::Date).boxed(),
        (Type::Int, Some(LogicalType::TimeMillis)) => prop_oneof![0i32..86_400_000, int()]
            .prop_map(Value::TimeMillis)
            .boxed(),
        (Type::Int, _) => int().prop_map(Value::Int).boxed(),
        (Type::Long, logical) => {
            let make: fn(i64) -> Value = match logical {
                Some(LogicalType::TimeMicros) => Value::TimeMicros,
                Some(LogicalType::TimestampMillis) => Value::TimestampMillis,
                Some(LogicalType::TimestampMicros) => Value::TimestampMicros,
                Some(LogicalType::TimestampNanos) => Value::TimestampNanos,
                Some(LogicalType::LocalTimestampMillis) => Value::LocalTimestampMillis,
                Some(LogicalType::LocalTimestampMicros) => Value::LocalTimestampMicros,
                Some(LogicalType::LocalTimestampNanos) => Value::LocalTimestampNanos,
                _ => Value::Long,
            };
            long().prop_map(make).boxed()
        }
        (Type::Float, _) => float32().prop_map(Value::Float).boxed(),
        (Type::Double, _) => float64().prop_map(Value::Double).boxed(),
        (Type::Bytes | Type::Fixed(_), Some(LogicalType::Decimal { precision, scale })) => {
            decimal(precision, scale).prop_map(Value::Decimal).boxed()
        }
        (Type::Bytes, Some(LogicalType::BigDecimal)) => prop_oneof![
            (vec(any::<u8>(), 0..20), any::<i32>())
                .prop_map(|(b, scale)| Decimal::from_unscaled_bytes(&b, scale)),
            (any::<i64>(), -20i32..20).prop_map(|(u, scale)| Decimal::from_i128(u.into(), scale)),
        ]
        .prop_map(Value::BigDecimal)
        .boxed(),
        (Type::Bytes, _) => vec(any::<u8>(), 0..12).prop_map(Value::Bytes).boxed(),
        (Type::String | Type::Fixed(_), Some(LogicalType::Uuid)) => any::<[u8; 16]>()
            .prop_map(|b| Value::Uuid(Uuid::from_bytes(b)))
            .boxed(),
        (Type::String, _) => text().prop_map(Value::String).boxed(),
        (Type::Fixed(_), Some(LogicalType::Duration)) => any::<(u32, u32, u32)>()
            .prop_map(|(m, d, ms)| Value::Duration(Duration::new(m, d, ms)))
            .boxed(),
        (Type::Fixed(f), _) => vec(any::<u8>(), f.size).prop_map(Value::Fixed).boxed(),
        (Type::Enum(e), _) => {
            let symbols = e.symbols.clone();
            (0..symbols.len())
                .prop_map(move |i| Value::Enum(i as u32, symbols[i].clone()))
                .boxed()
        }
        (Type::Array(items), _) => {
            if budget == 0 {
                Just(Value::Array(Vec::new())).boxed()
            } else {
                vec(value_strategy(schema, depths, *items, budget - 1), 0..3)
                    .prop_map(Value::Array)
                    .boxed()
            }
        }
        (Type::Map(values), _) => {
            if budget == 0 {
                Just(Value::map(Vec::<(String, Value)>::new())).boxed()
            } else {
                let entry = (
                    "(?s).{0,4}",
                    value_strategy(schema, depths, *values, budget - 1),
                );
                vec(entry, 0..3).prop_map(Value::map).boxed()
            }
        }
        (Type::Union(u), _) => {
            let least = depths[id.index()];
            let branches: Vec<BoxedStrategy<Value>> = u
                .variants
                .iter()
                .enumerate()
                .filter(|(_, v)| budget > 0 || depths[v.index()] == least)
                .map(|(i, &v)| {
                    value_strategy(schema, depths, v, budget)
                        .prop_map(move |x| Value::Union(i as u32, Box::new(x)))
                        .boxed()
                })
                .collect();
            OneOf::new(branches).boxed()
        }
        (Type::Record(r), _) => {
            let names: Vec<String> = r.fields.iter().map(|f| f.name.clone()).collect();
            let fields: Vec<BoxedStrategy<Value>> = r
                .fields
                .iter()
                .map(|f| value_strategy(schema, depths, f.schema, budget.saturating_sub(1)))
                .collect();
            fields
                .prop_map(move |values| Value::Record(names.iter().cloned().zip(values).collect()))
                .boxed()
        }
        (other, _) => panic!("a type this test does not know: {}", other.kind_name()),
    }
}

// ---------------------------------------------------------------------------
// Oracles: the specification's JSON mapping, the Rabin fingerprint
// ---------------------------------------------------------------------------

fn zigzag(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    while z >= 0x80 {
        out.push((z as u8 & 0x7f) | 0x80);
        z >>= 7;
    }
    out.push(z as u8);
}

/// Bytes as a JSON string of code points 0-255.
fn code_points(bytes: &[u8]) -> Json {
    Json::String(bytes.iter().map(|&b| char::from(b)).collect())
}

fn float_json(v: f64) -> Json {
    if v.is_nan() {
        json!("NaN")
    } else if v == f64::INFINITY {
        json!("Infinity")
    } else if v == f64::NEG_INFINITY {
        json!("-Infinity")
    } else {
        json!(v)
    }
}

/// Two's-complement big-endian bytes sign-extended to `size`.
fn sign_extend(bytes: &[u8], size: usize) -> Vec<u8> {
    let fill = if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        0xff
    } else {
        0
    };
    let mut out = vec![fill; size - bytes.len()];
    out.extend_from_slice(bytes);
    out
}

fn uuid_text(b: &[u8; 16]) -> String {
    let hex: String = b.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A value as the specification's JSON for default values, written here
/// from the specification's table (and avrox's documented choices for what
/// the table leaves open: non-finite numbers as Java's strings, a
/// big-decimal as its binary form in a bytes string).
fn spec_json(schema: &Schema, id: NodeId, value: &Value) -> Json {
    let node = schema.node(id);
    match (node.ty(), value) {
        (Type::Union(u), Value::Union(i, inner)) => {
            spec_json(schema, u.variants[*i as usize], inner)
        }
        (_, Value::Null) => Json::Null,
        (_, Value::Boolean(b)) => json!(b),
        (_, Value::Int(v) | Value::Date(v) | Value::TimeMillis(v)) => json!(v),
        (
            _,
            Value::Long(v)
            | Value::TimeMicros(v)
            | Value::TimestampMillis(v)
            | Value::TimestampMicros(v)
            | Value::TimestampNanos(v)
            | Value::LocalTimestampMillis(v)
            | Value::LocalTimestampMicros(v)
            | Value::LocalTimestampNanos(v),
        ) => json!(v),
        // avrox's choice: a float as its shortest decimal text (0.93, not
        // 0.9300000071525574), which reads back as the same float.
        (_, Value::Float(v)) if v.is_finite() => {
            float_json(v.to_string().parse().expect("a float's text"))
        }
        (_, Value::Float(v)) => float_json(f64::from(*v)),
        (_, Value::Double(v)) => float_json(*v),
        (_, Value::Bytes(b) | Value::Fixed(b)) => code_points(b),
        (_, Value::String(s)) => json!(s),
        (_, Value::Enum(_, symbol)) => json!(symbol),
        (Type::Fixed(f), Value::Decimal(d)) => {
            code_points(&sign_extend(d.unscaled_bytes(), f.size))
        }
        (_, Value::Decimal(d)) => code_points(d.unscaled_bytes()),
        (_, Value::BigDecimal(d)) => {
            let mut b = Vec::new();
            zigzag(&mut b, d.unscaled_bytes().len() as i64);
            b.extend_from_slice(d.unscaled_bytes());
            zigzag(&mut b, d.scale().into());
            code_points(&b)
        }
        (Type::Fixed(_), Value::Uuid(u)) => code_points(u.as_bytes()),
        (_, Value::Uuid(u)) => json!(uuid_text(u.as_bytes())),
        (_, Value::Duration(d)) => {
            let mut b = Vec::new();
            for part in [d.months, d.days, d.millis] {
                b.extend_from_slice(&part.to_le_bytes());
            }
            code_points(&b)
        }
        (Type::Array(items), Value::Array(values)) => Json::Array(
            values
                .iter()
                .map(|v| spec_json(schema, *items, v))
                .collect(),
        ),
        (Type::Map(values), Value::Map(entries)) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), spec_json(schema, *values, v)))
                .collect(),
        ),
        (Type::Record(r), Value::Record(fields)) => Json::Object(
            r.fields
                .iter()
                .zip(fields)
                .map(|(f, (name, v))| {
                    assert_eq!(&f.name, name);
                    (name.clone(), spec_json(schema, f.schema, v))
                })
                .collect(),
        ),
        (ty, v) => panic!("{v:?} is no value of {}", ty.kind_name()),
    }
}

/// CRC-64-AVRO as the specification describes it: the table built from the
/// polynomial, then one table step per byte.
fn rabin(bytes: &[u8]) -> u64 {
    const EMPTY: u64 = 0xc15d_213a_a4d7_a795;
    let table: Vec<u64> = (0..256u64)
        .map(|i| {
            let mut fp = i;
            for _ in 0..8 {
                fp = (fp >> 1) ^ (EMPTY & 0u64.wrapping_sub(fp & 1));
            }
            fp
        })
        .collect();
    let mut fp = EMPTY;
    for &b in bytes {
        fp = (fp >> 8) ^ table[((fp ^ u64::from(b)) & 0xff) as usize];
    }
    fp
}

/// Whether the JSON mapping of `schema`'s values is lossless: no union has
/// two branches whose JSON forms can look alike. Otherwise `from_json`
/// picks the first branch the JSON fits, as the specification says of
/// union defaults, which need not be the branch the value came from (a
/// `long` 3 read back into `["double", "long"]` becomes the double 3.0; a
/// `string` "NaN" into `["float", "string"]` becomes a float NaN; a record
/// ignores keys it does not have, so `{"a": {}}` of a map fits a record
/// whose fields all have defaults).
fn json_lossless(schema: &Schema) -> bool {
    const NULL: u8 = 1;
    const BOOL: u8 = 2;
    const NUMBER: u8 = 4;
    const STRING: u8 = 8;
    const ARRAY: u8 = 16;
    const OBJECT: u8 = 32;
    let class = |id: NodeId| match schema.node(id).ty() {
        Type::Null => NULL,
        Type::Boolean => BOOL,
        Type::Int | Type::Long => NUMBER,
        // Non-finite numbers are the strings "NaN", "Infinity", "-Infinity".
        Type::Float | Type::Double => NUMBER | STRING,
        Type::Bytes | Type::String | Type::Enum(_) | Type::Fixed(_) => STRING,
        Type::Array(_) => ARRAY,
        Type::Map(_) | Type::Record(_) => OBJECT,
        _ => u8::MAX,
    };
    schema.nodes().iter().all(|node| match node.ty() {
        Type::Union(u) => {
            let mut seen = 0u8;
            u.variants.iter().all(|&v| {
                let c = class(v);
                let disjoint = seen & c == 0;
                seen |= c;
                disjoint
            })
        }
        _ => true,
    })
}

// ---------------------------------------------------------------------------
// Value comparison
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Floats {
    /// Bit for bit: the binary encoding keeps NaN payloads and signed zeros.
    Bits,
    /// Any NaN equals any NaN (JSON has one "NaN"); otherwise bit for bit.
    NanIsNan,
}

fn same(a: &Value, b: &Value, floats: Floats) -> bool {
    let nan_is_nan = floats == Floats::NanIsNan;
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            x.to_bits() == y.to_bits() || (nan_is_nan && x.is_nan() && y.is_nan())
        }
        (Value::Double(x), Value::Double(y)) => {
            x.to_bits() == y.to_bits() || (nan_is_nan && x.is_nan() && y.is_nan())
        }
        (Value::Record(x), Value::Record(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((n1, v1), (n2, v2))| n1 == n2 && same(v1, v2, floats))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v1, v2)| same(v1, v2, floats))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v1)| y.get(k).is_some_and(|v2| same(v1, v2, floats)))
        }
        (Value::Union(i, x), Value::Union(j, y)) => i == j && same(x, y, floats),
        _ => a == b,
    }
}

/// Whether `back` is what reading `v`'s JSON by first fit can give: at each
/// union a branch no later than `v`'s, and below a union where the branches
/// agree, the same value.
fn first_fit(v: &Value, back: &Value) -> bool {
    match (v, back) {
        (Value::Union(i, x), Value::Union(j, y)) => j < i || (i == j && first_fit(x, y)),
        (Value::Record(x), Value::Record(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((n1, v1), (n2, v2))| n1 == n2 && first_fit(v1, v2))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v1, v2)| first_fit(v1, v2))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v1)| y.get(k).is_some_and(|v2| first_fit(v1, v2)))
        }
        _ => same(v, back, Floats::NanIsNan),
    }
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

fn ok<T>(result: Result<T, Error>, what: &str, schema: &Schema) -> Result<T, TestCaseError> {
    result.map_err(|e| fail(format!("{what} failed: {e}\nschema: {schema}")))
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(1024))]

    /// parse(print(s)) == s, with the same canonical form and fingerprints;
    /// the canonical form is a fixed point; the names defined are the ones
    /// the specification's namespace rules give.
    #[test]
    fn schema_print_parse_round_trip(g in schema_strategy()) {
        let text = g.json.to_string();
        let s = Schema::parse(&text)
            .map_err(|e| fail(format!("a valid schema was rejected: {e}\n{text}")))?;

        // The namespace rules: every fullname the generator meant.
        let mut names: Vec<String> = s.named_types().map(|(n, _)| n.fullname().to_owned()).collect();
        let mut expected = g.fullnames.clone();
        names.sort();
        expected.sort();
        prop_assert_eq!(&names, &expected, "named types of {}", text);

        let printed = s.to_string();
        let back = Schema::parse(&printed)
            .map_err(|e| fail(format!("the printed schema was rejected: {e}\n{printed}")))?;
        prop_assert_eq!(&back, &s, "printed: {}", printed);
        prop_assert_eq!(back.to_string(), printed.clone(), "printing is not a fixed point");
        let pretty = Schema::parse(&format!("{s:#}"))
            .map_err(|e| fail(format!("the pretty-printed schema was rejected: {e}")))?;
        prop_assert_eq!(&pretty, &s);
        prop_assert_eq!(s.to_json(), back.to_json());

        let canonical = s.canonical_form();
        prop_assert_eq!(back.canonical_form(), canonical);
        prop_assert_eq!(back.rabin_fingerprint(), s.rabin_fingerprint());
        prop_assert_eq!(back.md5_fingerprint(), s.md5_fingerprint());
        prop_assert_eq!(back.sha256_fingerprint(), s.sha256_fingerprint());
        prop_assert_eq!(s.rabin_fingerprint().as_u64(), rabin(canonical.as_bytes()));
        // The canonical form is JSON and re-serialises to itself: no
        // whitespace, no escapes beyond JSON's own.
        let canonical_json: Json = serde_json::from_str(canonical)
            .map_err(|e| fail(format!("the canonical form is not JSON: {e}\n{canonical}")))?;
        prop_assert_eq!(canonical_json.to_string(), canonical);

        // A fixed point, except where the specification's transformation
        // itself loses a null namespace (see GenSchema::null_ns_nested).
        if !g.null_ns_nested {
            let c = Schema::parse(canonical)
                .map_err(|e| fail(format!("the canonical form was rejected: {e}\n{canonical}")))?;
            prop_assert_eq!(c.canonical_form(), canonical);
            prop_assert_eq!(c.rabin_fingerprint(), s.rabin_fingerprint());
            prop_assert_eq!(c.md5_fingerprint(), s.md5_fingerprint());
            prop_assert_eq!(c.sha256_fingerprint(), s.sha256_fingerprint());
            let mut c_names: Vec<String> =
                c.named_types().map(|(n, _)| n.fullname().to_owned()).collect();
            c_names.sort();
            prop_assert_eq!(c_names, expected);
        }
    }

    /// decode(encode(v)) == v, bit for bit for floats; re-encoding gives the
    /// same bytes.
    #[test]
    fn binary_round_trip(case in schema_and_values(1..4)) {
        let s = &case.schema;
        for v in &case.values {
            let bytes = ok(v.to_bytes(s), "encode", s)?;
            let back = ok(Value::decode(&bytes, s), "decode", s)?;
            prop_assert!(same(&back, v, Floats::Bits),
                "decoded {:?}\nexpected {:?}\nschema {}", back, v, s);
            let again = ok(back.to_bytes(s), "re-encode", s)?;
            prop_assert_eq!(&again, &bytes);
            // With limits that only the size of the input bounds, too.
            let unlimited = ok(Value::decode_with_limits(&bytes, s, Limits::unlimited()),
                "decode (unlimited)", s)?;
            prop_assert!(same(&unlimited, v, Floats::Bits));
        }
    }

    /// The JSON mapping of default values: `to_json` agrees with the
    /// specification's table; `from_json` reads it back, exactly where the
    /// mapping is lossless and by first fit elsewhere; a record field left
    /// out of the JSON takes its default.
    #[test]
    fn json_round_trip(case in schema_and_values(1..3)) {
        let s = &case.schema;
        let lossless = json_lossless(s);
        for v in &case.values {
            let json = ok(v.to_default_json(s), "to_json", s)?;
            prop_assert_eq!(&json, &spec_json(s, s.root_id(), v), "value {:?}", v);
            let back = ok(Value::from_default_json(&json, s), "from_json", s)?;
            let encoded = back.to_bytes(s);
            if lossless {
                ok(encoded, "encode of from_json", s)?;
                prop_assert!(same(&back, v, Floats::NanIsNan),
                    "from_json gave {:?}\nexpected {:?}\nschema {}", back, v, s);
            } else {
                ok(encoded, "encode of from_json", s)?;
                ok(back.to_default_json(s), "to_json of from_json", s)?;
                // The first branch that fits may come before the value's own
                // (which always fits); where it is the same, all below agrees.
                prop_assert!(first_fit(v, &back),
                    "from_json gave {:?}\nfor {:?}\nschema {}", back, v, s);
            }

            // Leaving out a field with a default is writing its default.
            if let (Type::Record(r), Json::Object(object)) = (s.root().ty(), &json) {
                for f in r.fields.iter().filter(|f| f.default.is_some()) {
                    let mut without = object.clone();
                    without.remove(&f.name);
                    let mut with = object.clone();
                    with.insert(f.name.clone(), f.default.clone().expect("a default"));
                    let a = ok(Value::from_default_json(&Json::Object(without), s), "from_json", s)?;
                    let b = ok(Value::from_default_json(&Json::Object(with), s), "from_json", s)?;
                    prop_assert!(same(&a, &b, Floats::Bits),
                        "field {} left out gave {:?}, its default {:?}", f.name, a, b);
                }
            }
        }
    }

    /// Decoding random bytes never panics; what it accepts re-encodes and
    /// decodes to the same value.
    #[test]
    fn decode_random_bytes_never_panics(
        case in schema_and_values(0..1),
        bytes in vec(prop_oneof![3 => any::<u8>(), 2 => 0u8..4, 1 => Just(0x80u8)], 0..64),
    ) {
        check_untrusted(&case.schema, &bytes)?;
    }

    /// Mutations of a valid encoding (bytes changed, inserted, deleted, the
    /// end cut off) never make decoding panic; every strict prefix of a valid
    /// encoding fails, and so does the encoding with a byte appended.
    #[test]
    fn decode_mutated_encodings_never_panics(
        case in schema_and_values(1..2),
        mutations in vec((0u8..6, any::<usize>(), any::<u8>()), 1..4),
    ) {
        let s = &case.schema;
        let bytes = ok(case.values[0].to_bytes(s), "encode", s)?;
        for cut in 0..bytes.len() {
            prop_assert!(Value::decode(&bytes[..cut], s).is_err(),
                "the prefix of {} of {} bytes decoded", cut, bytes.len());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        prop_assert!(Value::decode(&longer, s).is_err(), "a trailing byte was accepted");

        let mut mutated = bytes;
        for (kind, at, byte) in mutations {
            let len = mutated.len();
            match kind {
                0 if len > 0 => mutated[at % len] ^= byte | 1,
                1 if len > 0 => mutated[at % len] = byte,
                2 => mutated.insert(at % (len + 1), byte),
                3 if len > 0 => {
                    mutated.remove(at % len);
                }
                4 => mutated.truncate(at % (len + 1)),
                _ => mutated.push(byte),
            }
            check_untrusted(s, &mutated)?;
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// `Value::read_next` takes datums one after another off one reader.
    #[test]
    fn read_stream_of_datums(case in schema_and_values(1..6)) {
        let s = &case.schema;
        let mut stream = Vec::new();
        let mut ends = Vec::new();
        for v in &case.values {
            ok(v.encode(s, &mut stream), "encode", s)?;
            ends.push(stream.len());
        }
        let mut reader = SliceReader::new(&stream);
        for (v, end) in case.values.iter().zip(ends) {
            let back = ok(Value::read_next(&mut reader, s), "read", s)?;
            prop_assert!(same(&back, v, Floats::Bits),
                "read {:?}\nexpected {:?}", back, v);
            prop_assert_eq!(reader.position(), end);
        }
        prop_assert!(reader.is_empty());
    }

    /// Decimal text and `i128` agree at every scale; digits are counted as
    /// the magnitude's; the text stays short however extreme the scale.
    #[test]
    fn decimal_text_round_trip(
        unscaled in any::<i128>(),
        scale in prop_oneof![
            3 => -45i32..45,
            1 => any::<i32>(),
            1 => prop::sample::select(vec![i32::MIN, i32::MAX, i32::MIN + 1, -7, -6]),
        ],
    ) {
        let d = Decimal::from_i128(unscaled, scale);
        let text = d.to_string();
        let parsed: Decimal = text.parse().map_err(|e| fail(format!("{text}: {e}")))?;
        prop_assert_eq!(&parsed, &d, "{}", text);
        prop_assert_eq!(parsed.scale(), scale);
        prop_assert_eq!(d.to_i128(), Some(unscaled));
        let magnitude = unscaled.unsigned_abs().to_string();
        prop_assert_eq!(d.digits(), magnitude.len());
        prop_assert!(text.len() <= magnitude.len() + 16, "{} is long", text);
        let mantissa = text.split(['E', 'e']).next().unwrap_or_default();
        let digits_only: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        prop_assert_eq!(
            digits_only.trim_start_matches('0'),
            magnitude.trim_start_matches('0'),
            "{}", text
        );
    }
}

/// Untrusted bytes: decoding returns, and what it accepts is a value of the
/// schema that encodes (unless it breaks a rule decoding does not check,
/// such as a decimal's precision) and decodes back to itself.
fn check_untrusted(s: &Schema, bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(v) = Value::decode_with_limits(bytes, s, fuzz_limits()) else {
        return Ok(());
    };
    let Ok(again) = v.to_bytes(s) else {
        return Ok(());
    };
    let back = ok(Value::decode(&again, s), "decode of a re-encoded value", s)?;
    prop_assert!(
        same(&back, &v, Floats::Bits),
        "re-encoded {:?} came back as {:?}",
        v,
        back
    );
    // Reading it as one datum of a stream gives the same and stops at its end.
    let mut reader = SliceReader::with_limits(bytes, fuzz_limits());
    let streamed = ok(Value::read_next(&mut reader, s), "read", s)?;
    prop_assert!(same(&streamed, &v, Floats::Bits));
    prop_assert!(reader.is_empty());
    Ok(())
}

// ---------------------------------------------------------------------------
// Schema resolution
// ---------------------------------------------------------------------------

/// The generated schema as the field `pre` of a record whose other field
/// is `a: int`: a writer whose `pre` a reader of `a` alone must skip.
fn wrapped(g: &GenSchema) -> Schema {
    let json = serde_json::json!({
        "type": "record", "name": "ZzWrap",
        "fields": [{"name": "pre", "type": g.json}, {"name": "a", "type": "int"}]
    });
    parse_generated(&json)
}

proptest! {
    #![proptest_config(config(512))]

    /// A schema resolved against itself is the identity, and decodes what
    /// the plain decoder does.
    #[test]
    fn resolving_a_schema_against_itself(case in schema_and_values(1..4)) {
        let s = &case.schema;
        let plan = avrox::resolve::Plan::new(s, s)
            .map_err(|e| fail(format!("a schema does not resolve against itself: {e}")))?;
        prop_assert!(plan.is_identity());
        for v in &case.values {
            let bytes = ok(v.to_bytes(s), "encode", s)?;
            let back = ok(plan.decode(&bytes), "plan decode", s)?;
            prop_assert!(same(&back, v, Floats::Bits), "{:?}\nexpected {:?}", back, v);
        }
    }

    /// Skipping a value of any schema leaves the reader exactly after it:
    /// the field after it reads back.
    #[test]
    fn skipping_any_writer_only_field(case in schema_and_values(1..4)) {
        let writer = wrapped(&case.g);
        let reader = Schema::parse(
            r#"{"type":"record","name":"ZzWrap","fields":[{"name":"a","type":"int"}]}"#,
        ).unwrap();
        let plan = avrox::resolve::Plan::new(&writer, &reader)
            .map_err(|e| fail(format!("{e}")))?;
        for v in &case.values {
            let record = Value::record([("pre", v.clone()), ("a", Value::Int(-7))]);
            let bytes = ok(record.to_bytes(&writer), "encode", &writer)?;
            let back = ok(plan.decode(&bytes), "plan decode", &writer)?;
            prop_assert_eq!(back, Value::record([("a", Value::Int(-7))]));
            // Any prefix is an error, never a panic.
            for end in 0..bytes.len() {
                prop_assert!(plan.decode(&bytes[..end]).is_err());
            }
        }
    }

    /// Random bytes under a skipping plan: an error or a value, never a
    /// panic, a hang or an unbounded allocation.
    #[test]
    fn random_bytes_under_a_plan(
        g in schema_strategy(),
        bytes in vec(any::<u8>(), 0..256),
    ) {
        let writer = wrapped(&g);
        let reader = Schema::parse(
            r#"{"type":"record","name":"ZzWrap","fields":[{"name":"a","type":"long"},
                {"name":"b","type":"string","default":"x"}]}"#,
        ).unwrap();
        let plan = avrox::resolve::Plan::new(&writer, &reader)
            .map_err(|e| fail(format!("{e}")))?;
        let mut r = SliceReader::with_limits(&bytes, fuzz_limits());
        let _ = plan.read_next(&mut r);
    }
}
