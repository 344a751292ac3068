//! The proptest generators the property suites share: random valid
//! schemas and random values of a parsed schema.
//!
//! The schemas come from a generator that builds a raw tree of types
//! and then turns it into valid schema JSON: unique
//! fullnames (in the null namespace, inherited, explicit and dotted),
//! references only to names already defined, recursion only through a
//! nullable union, an array or a map, unions without nested unions or two
//! branches of one kind, every logical type of Avro 1.12 (and some that must
//! be ignored), extra attributes, docs, aliases, orders, and field defaults
//! made from random values of the field's type ([`schema_strategy`]).
//!
//! Values come from a strategy that walks a parsed [`Schema`]
//! ([`value_strategy`]); a depth budget bounds recursion, and once it is
//! spent a union takes the branch that ends soonest (the `null` of a
//! recursive reference). [`schema_and_values`] gives both at once.
//!
//! ```
//! use avrox_tests::strategies::{config, schema_and_values};
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::new(config(16));
//! runner
//!     .run(&schema_and_values(1..3), |case| {
//!         assert!(!case.values.is_empty());
//!         for value in &case.values {
//!             // Every generated value is a value of its schema.
//!             assert!(value.to_bytes(&case.schema).is_ok());
//!         }
//!         Ok(())
//!     })
//!     .unwrap();
//! ```

use std::collections::HashSet;
use std::sync::Arc;

use avrox::Value;
use avrox::schema::{LogicalType, NodeId, Schema, Type};
use avrox::value::{Decimal, Duration, Uuid};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::Union as OneOf;
use proptest::test_runner::Config;
use serde_json::{Map, Value as Json, json};

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// The proptest configuration of this crate's suites: `cases` cases, no
/// regression files (a failure prints the seed and the shrunk input, which
/// is what a regression test needs).
pub fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// How deeply values nest (records, arrays, maps) before recursion stops.
pub const VALUE_BUDGET: u32 = 3;

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
pub struct GenSchema {
    /// The schema's JSON, defaults included.
    pub json: Json,
    /// The fullnames of every named type the JSON defines.
    pub fullnames: Vec<String>,
    /// Whether a named type in the null namespace is defined inside one with
    /// a namespace. Its Parsing Canonical Form then cannot be parsed back to
    /// the same schema: the canonical form drops `"namespace"` and keeps the
    /// fullname, which for the null namespace has no dot, so on reading it
    /// inherits the enclosing namespace. That is the specification's
    /// transformation, not avrox's choice.
    pub null_ns_nested: bool,
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

/// Parses a schema the generator made, panicking (with the JSON) if avrox
/// rejects it: that is a bug of the generator or of avrox.
pub fn parse_generated(json: &Json) -> Schema {
    Schema::parse(&json.to_string())
        .unwrap_or_else(|e| panic!("the generator made a schema avrox rejects: {e}\n{json}"))
}

/// Random valid schemas, with defaults made from random values.
pub fn schema_strategy() -> impl Strategy<Value = GenSchema> {
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
pub struct Case {
    /// The schema as generated.
    pub g: GenSchema,
    /// The schema, parsed.
    pub schema: Arc<Schema>,
    /// Values of the schema.
    pub values: Vec<Value>,
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

/// A random schema ([`schema_strategy`]) and `count` random values of it,
/// nested at most [`VALUE_BUDGET`] records deep.
pub fn schema_and_values(count: std::ops::Range<usize>) -> impl Strategy<Value = Case> {
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
pub fn min_depths(schema: &Schema) -> Vec<u32> {
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

/// Random values of node `id` of `schema`, nesting records at most `budget`
/// deep beyond what the node's smallest value needs (`depths` are
/// [`min_depths`] of `schema`).
pub fn value_strategy(
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
                Just(Value::Array(Default::default())).boxed()
            } else {
                vec(value_strategy(schema, depths, *items, budget - 1), 0..3)
                    .prop_map(Value::array)
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
// The specification's JSON mapping of default values (an oracle, and how
// the generator writes the defaults of fields)
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
pub fn spec_json(schema: &Schema, id: NodeId, value: &Value) -> Json {
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
