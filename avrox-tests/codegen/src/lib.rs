//! The types avrox-codegen generated (in `build.rs`) for the round-trip
//! test, each file's in a module of its own, and the table of their roots.

#![allow(missing_debug_implementations)]

use std::sync::Arc;

use avrox::ErrorKind;
use avrox::schema::Schema;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

/// One generated type: a schema file's root, or a named type of a
/// protocol or IDL file.
pub struct Case {
    /// The schema files it was generated from, read together; the case is
    /// the last one's root, or the named type `named` of the one protocol
    /// or IDL file.
    pub files: &'static [&'static str],
    /// Where an IDL file's imports are looked for, after beside it.
    pub import_dirs: &'static [&'static str],
    /// The fullname of a protocol's or IDL file's named type.
    pub named: Option<&'static str>,
    /// The options it was generated with.
    pub flavour: &'static str,
    /// The module holding the file's types.
    pub module: &'static str,
    /// Checks the type against the file's schema (see [`check`]).
    pub check: fn(&Schema, bool) -> Result<usize, String>,
}

impl Case {
    /// The source schema of the case, as avrox (for schema files),
    /// avrox-protocol or avrox-idl reads its files: a schema file's root,
    /// or the named type with its types inside it.
    pub fn source(&self) -> Result<Schema, String> {
        let texts = || -> Result<Vec<String>, String> {
            self.files
                .iter()
                .map(|file| std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}")))
                .collect()
        };
        let Some(fullname) = self.named else {
            let texts = texts()?;
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let mut schemas = Schema::parse_list(&texts).map_err(|e| e.to_string())?;
            return schemas.pop().ok_or_else(|| "no schema file".to_owned());
        };
        let file = self.files.first().ok_or("no file")?;
        let schemas: Vec<Schema> = if file.ends_with(".avdl") {
            let reader = self
                .import_dirs
                .iter()
                .fold(avrox_idl::IdlReader::new(), |reader, dir| {
                    reader.search_dir(dir)
                });
            let idl = reader.read_file(file).map_err(|e| e.to_string())?;
            match idl.protocol() {
                Some(protocol) => protocol_schemas(protocol),
                None => {
                    let mut types = idl.named_types().map_err(|e| e.to_string())?;
                    types.extend(idl.schema().cloned());
                    types
                }
            }
        } else {
            let text = texts()?.concat();
            protocol_schemas(&avrox_protocol::Protocol::parse(&text).map_err(|e| e.to_string())?)
        };
        let holder = schemas
            .iter()
            .find(|schema| schema.lookup(fullname).is_some())
            .ok_or_else(|| format!("{file} has no type '{fullname}'"))?;
        // The type with the types it uses: the holder defines them, a
        // reference to it after the holder is the type itself.
        let reference = serde_json::Value::from(fullname).to_string();
        let mut parsed = Schema::parse_list(&[&holder.to_string(), &reference])
            .map_err(|e| format!("{fullname} out of {file}: {e}"))?;
        parsed.pop().ok_or_else(|| "no schema".to_owned())
    }
}

/// A protocol's types, then each message's request, response and errors.
fn protocol_schemas(protocol: &avrox_protocol::Protocol) -> Vec<Schema> {
    let mut schemas = protocol.types().to_vec();
    for message in protocol.messages() {
        schemas.extend([
            message.request().clone(),
            message.response().clone(),
            message.errors().clone(),
        ]);
    }
    schemas
}

/// How many random values of each schema go through each type.
const VALUES: usize = 24;

/// The round-trip law for `T`, generated from `source`: its derived schema
/// has the source's Parsing Canonical Form, and random values of the
/// source, written with it, read into `T` and written again come out as
/// the same bytes (up to the order of a map's entries). Returns how many
/// values were checked: values the source's constraints refuse are not,
/// nor, when `range_limited` (types of `chrono`, `time`, `rust_decimal`),
/// values the Rust type cannot hold, which decoding must refuse as out of
/// range or invalid, never wrap.
pub fn check<T>(source: &Schema, range_limited: bool) -> Result<usize, String>
where
    T: avrox::AvroSchema + avrox::Encode + avrox::DecodeOwned,
{
    let derived = T::schema();
    if derived.canonical_form() != source.canonical_form() {
        return Err(format!(
            "canonical forms differ:\n  source:  {}\n  derived: {}",
            source.canonical_form(),
            derived.canonical_form()
        ));
    }
    properties_kept(source, derived)?;
    defaults_kept(source, derived)?;
    let source = Arc::new(Schema::parse(&source.to_string()).map_err(|e| e.to_string())?);
    let depths = Arc::new(avrox_tests::strategies::min_depths(&source));
    let values = avrox_tests::strategies::value_strategy(&source, &depths, source.root_id(), 2);
    let mut runner = TestRunner::deterministic();
    let mut checked = 0;
    for _ in 0..VALUES {
        let value = values
            .new_tree(&mut runner)
            .map_err(|e| e.to_string())?
            .current();
        let bytes = match value.to_bytes(&source) {
            Ok(bytes) => bytes,
            Err(e) if matches!(e.kind(), ErrorKind::Validation(_)) => continue,
            Err(e) => return Err(format!("{value:?} does not encode with the source: {e}")),
        };
        let typed: T = match avrox::from_slice(&bytes) {
            Ok(typed) => typed,
            Err(e)
                if range_limited
                    && matches!(
                        e.kind(),
                        ErrorKind::OutOfRange { .. } | ErrorKind::InvalidValue(_)
                    ) =>
            {
                continue;
            }
            Err(e) => return Err(format!("{value:?} ({bytes:02x?}) does not decode: {e}")),
        };
        let again =
            avrox::to_vec(&typed).map_err(|e| format!("{value:?} does not re-encode: {e}"))?;
        // A `HashMap` writes its entries in its own order: then the bytes
        // differ, but with every map's entries sorted they must not (bytes,
        // not values, are compared, so that a NaN equals itself).
        let same = again == bytes || sorted_bytes(&again, &source) == sorted_bytes(&bytes, &source);
        if !same {
            return Err(format!(
                "{value:?}: written {bytes:02x?}, re-written {again:02x?}"
            ));
        }
        checked += 1;
    }
    Ok(checked)
}

/// The attributes the derive cannot carry as `property(..)` (the
/// constraints have attributes of their own, and are compared through
/// validation; the others belong to logical types the parser did not take).
const NOT_PROPERTIES: [&str; 4] = ["logicalType", "precision", "scale", "avrox.constraints"];

/// The custom properties of every record and enum of `source`, and of each
/// of their fields, are the derived schema's: the part of the printed
/// schema the Parsing Canonical Form leaves out that the derive expresses.
/// (Those of a fixed with a logical type are not generated, nor an unnamed
/// type's.)
fn properties_kept(source: &Schema, derived: &Schema) -> Result<(), String> {
    use avrox::schema::Type;
    let custom =
        |attributes: &avrox::schema::Attributes| -> serde_json::Map<String, serde_json::Value> {
            attributes
                .iter()
                .filter(|(key, _)| !NOT_PROPERTIES.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect()
        };
    for (name, id) in source.named_types() {
        let node = source.node(id);
        if matches!(node.ty(), Type::Fixed(_)) && node.logical_type().is_some() {
            continue;
        }
        let Some(derived_id) = derived.lookup(name.fullname()) else {
            return Err(format!("the derived schema has no '{}'", name.fullname()));
        };
        let other = derived.node(derived_id);
        if custom(node.attributes()) != custom(other.attributes()) {
            return Err(format!(
                "the properties of '{}' differ:\n  source:  {:?}\n  derived: {:?}",
                name.fullname(),
                custom(node.attributes()),
                custom(other.attributes())
            ));
        }
        if let (Type::Record(record), Type::Record(other)) = (node.ty(), other.ty()) {
            for (field, derived_field) in record.fields.iter().zip(&other.fields) {
                if custom(&field.attributes) != custom(&derived_field.attributes) {
                    return Err(format!(
                        "the properties of '{}.{}' differ:\n  source:  {:?}\n  derived: {:?}",
                        name.fullname(),
                        field.name,
                        custom(&field.attributes),
                        custom(&derived_field.attributes)
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Every field of every record of `source` has the derived schema's
/// default: both none, or two JSON values that stand for the same value of
/// the field's type (the Parsing Canonical Form drops defaults, yet schema
/// resolution reads them).
fn defaults_kept(source: &Schema, derived: &Schema) -> Result<(), String> {
    use avrox::schema::Type;
    for (name, id) in source.named_types() {
        let Type::Record(record) = source.node(id).ty() else {
            continue;
        };
        let Some(derived_id) = derived.lookup(name.fullname()) else {
            return Err(format!("the derived schema has no '{}'", name.fullname()));
        };
        let Type::Record(other) = derived.node(derived_id).ty() else {
            return Err(format!(
                "'{}' is not a record when derived",
                name.fullname()
            ));
        };
        for (field, derived_field) in record.fields.iter().zip(&other.fields) {
            let same = match (&field.default, &derived_field.default) {
                (None, None) => true,
                (Some(a), Some(b)) => {
                    same_default(source, field.schema, a, derived, derived_field.schema, b)
                }
                _ => false,
            };
            if !same {
                return Err(format!(
                    "the default of '{}.{}' differs:\n  source:  {:?}\n  derived: {:?}",
                    name.fullname(),
                    field.name,
                    field.default,
                    derived_field.default
                ));
            }
        }
    }
    Ok(())
}

/// Whether `a` (a default of node `at` of `left`) and `b` (of node `bt` of
/// `right`, a node of the same canonical form) stand for one value, by the
/// specification's mapping of defaults: numbers by their value in the
/// node's type (`1` and `1.0` for a `double`), `"NaN"` equal to itself.
fn same_default(
    left: &Schema,
    at: avrox::schema::NodeId,
    a: &serde_json::Value,
    right: &Schema,
    bt: avrox::schema::NodeId,
    b: &serde_json::Value,
) -> bool {
    use avrox::schema::Type;
    use serde_json::Value as Json;
    let float = |json: &Json| -> Option<f64> {
        match json {
            Json::Number(n) => n.as_f64(),
            Json::String(s) => match s.as_str() {
                "NaN" => Some(f64::NAN),
                "Infinity" => Some(f64::INFINITY),
                "-Infinity" => Some(f64::NEG_INFINITY),
                _ => None,
            },
            _ => None,
        }
    };
    match (left.node(at).ty(), right.node(bt).ty()) {
        (Type::Float, Type::Float) => match (float(a), float(b)) {
            #[allow(clippy::cast_possible_truncation)]
            (Some(x), Some(y)) => (x as f32).to_bits() == (y as f32).to_bits(),
            _ => false,
        },
        (Type::Double, Type::Double) => match (float(a), float(b)) {
            (Some(x), Some(y)) => x.to_bits() == y.to_bits(),
            _ => false,
        },
        (Type::Union(u), Type::Union(v)) => {
            a == b
                || u.variants
                    .iter()
                    .zip(&v.variants)
                    .any(|(x, y)| same_default(left, *x, a, right, *y, b))
        }
        (Type::Array(x), Type::Array(y)) => match (a, b) {
            (Json::Array(p), Json::Array(q)) => {
                p.len() == q.len()
                    && p.iter()
                        .zip(q)
                        .all(|(p, q)| same_default(left, *x, p, right, *y, q))
            }
            _ => false,
        },
        (Type::Map(x), Type::Map(y)) => match (a, b) {
            (Json::Object(p), Json::Object(q)) => {
                p.len() == q.len()
                    && p.iter().all(|(key, p)| {
                        q.get(key)
                            .is_some_and(|q| same_default(left, *x, p, right, *y, q))
                    })
            }
            _ => false,
        },
        (Type::Record(r), Type::Record(s)) => match (a, b) {
            (Json::Object(p), Json::Object(q)) => {
                r.fields.iter().zip(&s.fields).all(|(f, g)| {
                    match (
                        p.get(&f.name).or(f.default.as_ref()),
                        q.get(&g.name).or(g.default.as_ref()),
                    ) {
                        (Some(p), Some(q)) => same_default(left, f.schema, p, right, g.schema, q),
                        _ => false,
                    }
                })
            }
            _ => false,
        },
        _ => a == b,
    }
}

/// The datum `bytes` of `schema` written again with each map's entries in
/// key order.
fn sorted_bytes(bytes: &[u8], schema: &Schema) -> Option<Vec<u8>> {
    let value = avrox::Value::decode(bytes, schema).ok()?;
    sort_maps(value).to_bytes(schema).ok()
}

fn sort_maps(value: avrox::Value) -> avrox::Value {
    use avrox::Value;
    match value {
        Value::Map(entries) => {
            let mut entries: Vec<(String, Value)> = entries
                .into_iter()
                .map(|(k, v)| (k, sort_maps(v)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Map(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_maps).collect()),
        Value::Record(fields) => Value::Record(
            fields
                .into_iter()
                .map(|(name, v)| (name, sort_maps(v)))
                .collect(),
        ),
        Value::Union(branch, inner) => Value::Union(branch, Box::new(sort_maps(*inner))),
        other => other,
    }
}

include!(concat!(env!("OUT_DIR"), "/cases.rs"));
