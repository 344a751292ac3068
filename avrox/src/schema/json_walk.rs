//! JSON read against a schema, written once: the specification's mapping
//! of default values (a union takes the first branch the JSON fits) and
//! its JSON *encoding*, which differs in one place (a union value is
//! `null` or an object whose one key names the branch).
//!
//! The walk decides everything about the JSON's structure: which union
//! branch, record fields left out taking their defaults, array items, map
//! entries, enum symbols, fixed sizes, bytes as code points, the strings
//! `"NaN"` and `"Infinity"` for floats, integer ranges, logical types'
//! rules ([`logical_rules`]), a depth bound and a step budget. What it
//! makes of each node is a [`Build`]'s: the parser's check of a field's
//! default builds nothing ([`check_default`]); `value` builds `Value`s.
//! The walk is generic over the builder, so each use is compiled on its
//! own and nothing is boxed per node.

use serde_json::Value as Json;

use super::logical_rules;
use super::{LogicalType, NodeId, Schema, Type, Union};
use crate::error::{Error, ErrorKind, Result};

/// Defaults may fill in fields whose defaults fill in fields... A record
/// whose default refers to itself would never end; this bounds it.
const MAX_DEPTH: usize = 128;

/// How many JSON values one walk may visit in union branches it tried and
/// gave up. Trying the branches of nested unions in turn could otherwise
/// take time exponential in the depth of a hostile schema's default. Only
/// the work of a branch that failed is wasted and can multiply: a value
/// read by a branch that fits is read once, so it is not counted, and an
/// array of a million `["null", "long"]` items costs nothing here.
const MAX_UNION_STEPS: usize = 1 << 20;

/// How many values the fields' defaults may fill in before the walk has
/// read any JSON, and [`DEFAULT_STEPS_PER_VALUE`] more for each JSON value
/// it reads. A default may itself leave out fields with defaults of their
/// own, so a schema can make `{}` expand to a value exponential in its
/// size; this keeps what defaults add in proportion to the JSON read.
const MAX_DEFAULT_STEPS: usize = 1 << 20;

/// See [`MAX_DEFAULT_STEPS`]: generous, so that records which leave out
/// every defaulted field of a wide schema are still read.
const DEFAULT_STEPS_PER_VALUE: usize = 256;

/// What the walk makes of each node of the JSON it accepts. Each method is
/// called once the walk has checked the JSON against the node; they cannot
/// fail.
pub(crate) trait Build {
    /// What one node's JSON becomes.
    type Out;
    /// A record's fields as they are gathered.
    type Fields;
    /// A map's entries as they are gathered.
    type Entries;

    /// Whether a record field the JSON leaves out is built from its
    /// default. A check does not need to: the field's own default is
    /// checked with its field (and expanding it could go on for ever in a
    /// recursive record, which Java accepts).
    const EXPANDS_DEFAULTS: bool;

    fn null(&mut self) -> Self::Out;
    fn boolean(&mut self, b: bool) -> Self::Out;
    /// An `int`, with the node's logical type (`date`, `time-millis`).
    fn int(&mut self, logical: Option<LogicalType>, v: i32) -> Self::Out;
    /// A `long`, with the node's logical type (times and timestamps).
    fn long(&mut self, logical: Option<LogicalType>, v: i64) -> Self::Out;
    fn float(&mut self, v: f32) -> Self::Out;
    fn double(&mut self, v: f64) -> Self::Out;
    fn bytes(&mut self, bytes: Vec<u8>) -> Self::Out;
    fn string(&mut self, s: &str) -> Self::Out;
    fn fixed(&mut self, bytes: Vec<u8>) -> Self::Out;
    /// A `decimal` (of bytes or fixed) within its precision: unscaled
    /// two's-complement bytes, any length, and the schema's scale.
    fn decimal(&mut self, unscaled: &[u8], scale: i32) -> Self::Out;
    /// A `big-decimal`: unscaled two's-complement bytes and its own scale.
    fn big_decimal(&mut self, unscaled: &[u8], scale: i32) -> Self::Out;
    fn uuid(&mut self, bytes: [u8; 16]) -> Self::Out;
    fn duration(&mut self, bytes: [u8; 12]) -> Self::Out;
    /// An enum's symbol and its index.
    fn symbol(&mut self, index: u32, symbol: &str) -> Self::Out;
    /// The value of a union's branch `index`.
    fn union(&mut self, index: u32, value: Self::Out) -> Self::Out;
    fn array(&mut self, items: Vec<Self::Out>) -> Self::Out;
    fn entries(&mut self, count: usize) -> Self::Entries;
    fn entry(&mut self, entries: &mut Self::Entries, key: &str, value: Self::Out);
    fn map(&mut self, entries: Self::Entries) -> Self::Out;
    fn fields(&mut self, count: usize) -> Self::Fields;
    fn field(&mut self, fields: &mut Self::Fields, name: &str, value: Self::Out);
    fn record(&mut self, fields: Self::Fields) -> Self::Out;
}

/// Checks a field's default against its type, for the schema parser: the
/// message follows the default's place in the schema.
pub(crate) fn check_default(
    schema: &Schema,
    id: NodeId,
    json: &Json,
) -> std::result::Result<(), String> {
    read_default(schema, id, json, Check).map_err(|e| format!("invalid default: {e}"))
}

/// Reads `json` as node `id` by the default values' mapping.
pub(crate) fn read_default<B: Build>(
    schema: &Schema,
    id: NodeId,
    json: &Json,
    build: B,
) -> Result<B::Out> {
    Walk::new(schema, build, false).node(id, json, 0)
}

/// Reads `json` as node `id` by the JSON encoding: unions tagged with
/// their branch.
pub(crate) fn read_encoding<B: Build>(
    schema: &Schema,
    id: NodeId,
    json: &Json,
    build: B,
) -> Result<B::Out> {
    Walk::new(schema, build, true).node(id, json, 0)
}

/// The builder of a check: it builds nothing.
struct Check;

impl Build for Check {
    type Out = ();
    type Fields = ();
    type Entries = ();
    const EXPANDS_DEFAULTS: bool = false;

    fn null(&mut self) {}
    fn boolean(&mut self, _: bool) {}
    fn int(&mut self, _: Option<LogicalType>, _: i32) {}
    fn long(&mut self, _: Option<LogicalType>, _: i64) {}
    fn float(&mut self, _: f32) {}
    fn double(&mut self, _: f64) {}
    fn bytes(&mut self, _: Vec<u8>) {}
    fn string(&mut self, _: &str) {}
    fn fixed(&mut self, _: Vec<u8>) {}
    fn decimal(&mut self, _: &[u8], _: i32) {}
    fn big_decimal(&mut self, _: &[u8], _: i32) {}
    fn uuid(&mut self, _: [u8; 16]) {}
    fn duration(&mut self, _: [u8; 12]) {}
    fn symbol(&mut self, _: u32, _: &str) {}
    fn union(&mut self, _: u32, _: ()) {}
    fn array(&mut self, _: Vec<()>) {}
    fn entries(&mut self, _: usize) {}
    fn entry(&mut self, _: &mut (), _: &str, _: ()) {}
    fn map(&mut self, _: ()) {}
    fn fields(&mut self, _: usize) {}
    fn field(&mut self, _: &mut (), _: &str, _: ()) {}
    fn record(&mut self, _: ()) {}
}

/// The name that tags a union branch in the JSON encoding: a named type's
/// fullname, else the type's name (a logical type's underlying one).
pub(crate) fn branch_name(schema: &Schema, id: NodeId) -> &str {
    match &schema.node(id).ty {
        Type::Record(r) => r.name.fullname(),
        Type::Enum(e) => e.name.fullname(),
        Type::Fixed(f) => f.name.fullname(),
        other => other.kind_name(),
    }
}

/// One walk: the schema, the builder, the remaining step budgets, and the
/// mapping of unions.
struct Walk<'s, B> {
    schema: &'s Schema,
    build: B,
    /// Values the walk may still visit in union branches that fail.
    union_steps: usize,
    /// Values visited so far, by any branch.
    visited: usize,
    /// Of those, the values charged to `union_steps` so far: a branch
    /// that fails inside another that fails is charged once.
    charged: usize,
    /// Values the fields' defaults may still fill in.
    default_steps: usize,
    /// How many defaults are being expanded around the current value.
    defaults: usize,
    /// Whether a budget ran out: the error then goes up as it is, through
    /// every union, rather than another branch be tried.
    exhausted: bool,
    /// Unions as the JSON encoding writes them (`{"branch": value}`), not
    /// as defaults do (the bare value of the first branch).
    tagged_unions: bool,
}

impl<'s, B: Build> Walk<'s, B> {
    fn new(schema: &'s Schema, build: B, tagged_unions: bool) -> Self {
        Walk {
            schema,
            build,
            union_steps: MAX_UNION_STEPS,
            visited: 0,
            charged: 0,
            default_steps: MAX_DEFAULT_STEPS,
            defaults: 0,
            exhausted: false,
            tagged_unions,
        }
    }

    /// Counts one value visited against the budget of the work that
    /// defaults multiply; union branches are charged when they fail
    /// ([`Walk::charge_failed_branch`]).
    fn step(&mut self) -> Result<()> {
        self.visited += 1;
        if self.defaults > 0 {
            let Some(left) = self.default_steps.checked_sub(1) else {
                self.exhausted = true;
                return Err(Error::invalid(
                    "the value is too large to build: its fields' defaults fill in too many values",
                ));
            };
            self.default_steps = left;
        } else {
            self.default_steps = self.default_steps.saturating_add(DEFAULT_STEPS_PER_VALUE);
        }
        Ok(())
    }

    /// A field's default, read as a value of its type.
    fn expand_default(&mut self, id: NodeId, default: &Json, depth: usize) -> Result<B::Out> {
        self.defaults += 1;
        let value = self.node(id, default, depth);
        self.defaults -= 1;
        value
    }

    fn node(&mut self, id: NodeId, json: &Json, depth: usize) -> Result<B::Out> {
        self.step()?;
        if depth > MAX_DEPTH {
            return Err(Error::invalid(
                "values nest too deeply (does a record's default refer to the record itself?)",
            ));
        }
        let schema = self.schema;
        let node = schema.node(id);
        let mismatch = || Error::mismatch(node.describe(), describe(json));
        let out = match (&node.ty, json) {
            (Type::Union(union), json) if self.tagged_unions => {
                return self.tagged_union(union, json, depth);
            }
            (Type::Union(union), json) => return self.first_fitting(union, json, depth),
            (Type::Null, Json::Null) => self.build.null(),
            (Type::Boolean, Json::Bool(b)) => self.build.boolean(*b),
            (Type::Int, Json::Number(n)) => {
                let v = n
                    .as_i64()
                    .and_then(|v| i32::try_from(v).ok())
                    .ok_or_else(|| {
                        Error::mismatch("an integer in the 32-bit range", describe(json))
                    })?;
                self.build.int(node.logical, v)
            }
            (Type::Long, Json::Number(n)) => {
                let v = n.as_i64().ok_or_else(|| {
                    Error::mismatch("an integer in the 64-bit range", describe(json))
                })?;
                self.build.long(node.logical, v)
            }
            (Type::Float, json) => self.build.float(float(json).ok_or_else(mismatch)? as f32),
            (Type::Double, json) => self.build.double(float(json).ok_or_else(mismatch)?),
            (Type::Bytes, Json::String(s)) => {
                let bytes = code_points(s)?;
                match node.logical {
                    Some(LogicalType::Decimal { precision, scale }) => {
                        let scale = scale_of(scale);
                        self.check_precision(&bytes, precision, scale)?;
                        self.build.decimal(&bytes, scale)
                    }
                    // The bytes are the big-decimal's encoding, placed as
                    // the decoder places it: at the value's first byte.
                    Some(LogicalType::BigDecimal) => {
                        let (unscaled, scale) =
                            logical_rules::big_decimal_parts(&bytes).map_err(|e| e.at(0))?;
                        self.build.big_decimal(unscaled, scale)
                    }
                    _ => self.build.bytes(bytes),
                }
            }
            (Type::String, Json::String(s)) => match node.logical {
                Some(LogicalType::Uuid) => {
                    let bytes = logical_rules::uuid_from_text(s).map_err(Error::invalid)?;
                    self.build.uuid(bytes)
                }
                _ => self.build.string(s),
            },
            (Type::Fixed(fixed), Json::String(s)) => {
                let bytes = code_points(s)?;
                if bytes.len() != fixed.size {
                    return Err(Error::invalid(format!(
                        "fixed '{}' holds {} bytes, the string has {} characters",
                        fixed.name,
                        fixed.size,
                        bytes.len()
                    )));
                }
                match node.logical {
                    Some(LogicalType::Decimal { precision, scale }) => {
                        let scale = scale_of(scale);
                        self.check_precision(&bytes, precision, scale)?;
                        self.build.decimal(&bytes, scale)
                    }
                    // The parser puts these logical types on fixeds of
                    // their size only; any other size stays a fixed.
                    Some(LogicalType::Uuid) => match <[u8; 16]>::try_from(bytes) {
                        Ok(uuid) => self.build.uuid(uuid),
                        Err(bytes) => self.build.fixed(bytes),
                    },
                    Some(LogicalType::Duration) => match <[u8; 12]>::try_from(bytes) {
                        Ok(duration) => self.build.duration(duration),
                        Err(bytes) => self.build.fixed(bytes),
                    },
                    _ => self.build.fixed(bytes),
                }
            }
            (Type::Enum(e), Json::String(s)) => match e.symbol_index(s) {
                Some(i) => self.build.symbol(i as u32, s),
                None => {
                    return Err(Error::invalid(format!(
                        "'{s}' is not a symbol of enum '{}' ({})",
                        e.name,
                        e.symbols.join(", ")
                    )));
                }
            },
            (Type::Array(items), Json::Array(elements)) => {
                let mut out = Vec::with_capacity(elements.len());
                for (i, j) in elements.iter().enumerate() {
                    out.push(self.node(*items, j, depth + 1).map_err(|e| e.in_index(i))?);
                }
                self.build.array(out)
            }
            (Type::Map(values), Json::Object(object)) => {
                let mut entries = self.build.entries(object.len());
                for (k, j) in object {
                    let v = self.node(*values, j, depth + 1).map_err(|e| e.in_key(k))?;
                    self.build.entry(&mut entries, k, v);
                }
                self.build.map(entries)
            }
            (Type::Record(record), Json::Object(object)) => {
                let mut fields = self.build.fields(record.fields.len());
                for field in &record.fields {
                    let v = match (object.get(&field.name), &field.default) {
                        (Some(j), _) => self.node(field.schema, j, depth + 1),
                        (None, Some(_)) if !B::EXPANDS_DEFAULTS => continue,
                        (None, Some(default)) if self.tagged_unions => {
                            // A default is written in the defaults' mapping,
                            // whatever the mapping of the value around it.
                            self.tagged_unions = false;
                            let v = self.expand_default(field.schema, default, depth + 1);
                            self.tagged_unions = true;
                            v
                        }
                        (None, Some(default)) => {
                            self.expand_default(field.schema, default, depth + 1)
                        }
                        (None, None) => {
                            return Err(Error::new(ErrorKind::MissingField(field.name.clone())));
                        }
                    };
                    let v = v.map_err(|e| e.in_field(&field.name))?;
                    self.build.field(&mut fields, &field.name, v);
                }
                self.build.record(fields)
            }
            _ => return Err(mismatch()),
        };
        Ok(out)
    }

    /// Refuses a decimal with more digits than the precision in a default
    /// (a union must not take it for its decimal branch), not in the JSON
    /// encoding: there it is a value, which like the binary encoding's
    /// reads with any digits (see `value::encode::check_decimal`).
    fn check_precision(&self, unscaled: &[u8], precision: u32, scale: i32) -> Result<()> {
        if self.tagged_unions {
            return Ok(());
        }
        logical_rules::check_precision(unscaled, precision, scale).map_err(Error::invalid)
    }

    /// Charges to the union budget the values a branch that failed
    /// visited, given the counts from before it was tried; what failed
    /// branches inside it visited is charged already.
    fn charge_failed_branch(&mut self, visited: usize, charged: usize) -> Result<()> {
        let uncharged = (self.visited - visited) - (self.charged - charged);
        self.charged += uncharged;
        let Some(left) = self.union_steps.checked_sub(uncharged) else {
            self.exhausted = true;
            return Err(Error::invalid(
                "the value is too complex to check: its unions leave too many ways to read it",
            ));
        };
        self.union_steps = left;
        Ok(())
    }

    /// A union's value by the defaults' mapping: the first branch the JSON
    /// fits, as Avro 1.12 says of defaults.
    fn first_fitting(&mut self, union: &Union, json: &Json, depth: usize) -> Result<B::Out> {
        let schema = self.schema;
        let mut first_error = None;
        for (i, &branch) in union.variants.iter().enumerate() {
            if !may_fit(schema, branch, json) {
                continue;
            }
            let (visited, charged) = (self.visited, self.charged);
            match self.node(branch, json, depth + 1) {
                Ok(v) => return Ok(self.build.union(i as u32, v)),
                // Out of steps: say so, not that no branch fits.
                Err(e) if self.exhausted => return Err(e),
                Err(e) => {
                    self.charge_failed_branch(visited, charged)?;
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(match (union.variants.len(), first_error) {
            (1, Some(e)) => e,
            _ => Error::mismatch(
                format!(
                    "one of the union's branches [{}]",
                    union
                        .variants
                        .iter()
                        .map(|&v| schema.node(v).describe())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                describe(json),
            ),
        })
    }

    /// A union's value in the JSON encoding: `null`, or `{"branch": value}`.
    fn tagged_union(&mut self, union: &Union, json: &Json, depth: usize) -> Result<B::Out> {
        let schema = self.schema;
        let names = || {
            union
                .variants
                .iter()
                .map(|&v| branch_name(schema, v))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let branches = || union.variants.iter().copied().enumerate();
        let only_entry = match json {
            Json::Object(object) if object.len() == 1 => object.iter().next(),
            _ => None,
        };
        let found = match (json, only_entry) {
            (Json::Null, _) => branches()
                .find(|&(_, v)| matches!(schema.node(v).ty, Type::Null))
                .map(|(i, v)| (i, v, json)),
            (_, Some((key, inner))) => {
                match branches().find(|&(_, v)| branch_name(schema, v) == *key) {
                    Some((i, v)) => Some((i, v, inner)),
                    None => {
                        return Err(Error::invalid(format!(
                            "'{key}' is not a branch of the union [{}]",
                            names()
                        )));
                    }
                }
            }
            _ => None,
        };
        let Some((i, branch, inner)) = found else {
            return Err(Error::mismatch(
                format!(
                    "a union value: null or an object with one key naming a branch of [{}]",
                    names()
                ),
                describe(json),
            ));
        };
        let value = self
            .node(branch, inner, depth + 1)
            .map_err(|e| e.in_key(branch_name(schema, branch)))?;
        Ok(self.build.union(i as u32, value))
    }
}

/// A JSON value for a message.
fn describe(json: &Json) -> String {
    match json {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("{b}"),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) if s.chars().count() > 40 => "a string".into(),
        Json::String(s) => format!("the string {json}", json = Json::String(s.clone())),
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "an object".into(),
    }
}

/// Whether `json` has the kind of JSON value the node takes, looking no
/// deeper than a record's keys: a cheap filter before a union branch is tried
/// in full.
fn may_fit(schema: &Schema, id: NodeId, json: &Json) -> bool {
    match (&schema.node(id).ty, json) {
        (Type::Null, Json::Null) | (Type::Boolean, Json::Bool(_)) => true,
        (Type::Int | Type::Long, Json::Number(n)) => n.is_i64() || n.is_u64(),
        (Type::Float | Type::Double, Json::Number(_) | Json::String(_)) => true,
        (Type::Bytes | Type::String | Type::Fixed(_), Json::String(_)) => true,
        (Type::Enum(e), Json::String(s)) => e.symbol_index(s).is_some(),
        (Type::Array(_), Json::Array(_)) | (Type::Map(_), Json::Object(_)) => true,
        (Type::Record(r), Json::Object(o)) => {
            o.keys().all(|k| r.field(k).is_some())
                && r.fields
                    .iter()
                    .all(|f| f.default.is_some() || o.contains_key(&f.name))
        }
        (Type::Union(_), _) => true,
        _ => false,
    }
}

/// A decimal's scale as the signed scale its values carry.
fn scale_of(scale: u32) -> i32 {
    i32::try_from(scale).unwrap_or(i32::MAX)
}

/// A JSON number, or one of the strings Java writes for non-finite numbers.
fn float(json: &Json) -> Option<f64> {
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
}

/// Bytes from a string whose characters are code points 0-255.
fn code_points(s: &str) -> Result<Vec<u8>> {
    s.chars()
        .map(|c| {
            u8::try_from(u32::from(c)).map_err(|_| {
                Error::invalid(format!(
                    "character U+{:04X} in a bytes string: only code points 0-255 stand for bytes",
                    u32::from(c)
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check of `default` against the schema `ty`, on its own: the
    /// type is parsed without a default, then the walk runs in check mode.
    fn check(ty: &str, default: &str) -> std::result::Result<(), String> {
        let schema = Schema::parse(ty).unwrap();
        let json: Json = serde_json::from_str(default).unwrap();
        check_default(&schema, schema.root_id(), &json)
    }

    #[test]
    fn a_uuid_default_is_its_text() {
        let uuid = r#"{"type": "string", "logicalType": "uuid"}"#;
        check(uuid, r#""6ba7b810-9dad-11d1-80b4-00c04fd430c8""#).unwrap();
        assert_eq!(
            check(uuid, r#""6ba7b810""#).unwrap_err(),
            "invalid default: '6ba7b810' is not a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
        );
        // A uuid of fixed takes its 16 bytes as code points.
        let fixed = r#"{"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}"#;
        check(fixed, r#""0123456789abcdef""#).unwrap();
        assert!(check(fixed, r#""6ba7b810""#).is_err());
    }

    #[test]
    fn a_decimal_default_keeps_to_its_precision() {
        let bytes = r#"{"type": "bytes", "logicalType": "decimal", "precision": 3, "scale": 1}"#;
        // 0x03e7 = 999 fits; 0x03e8 = 1000 does not, nor -1000 (0xfc18).
        check(bytes, r#""\u0003\u00e7""#).unwrap();
        assert_eq!(
            check(bytes, r#""\u0003\u00e8""#).unwrap_err(),
            "invalid default: decimal 100.0 has more digits than the schema's precision 3"
        );
        assert!(check(bytes, r#""\u00fc\u0018""#).is_err());
        let fixed = r#"{"type": "fixed", "name": "F", "size": 2,
            "logicalType": "decimal", "precision": 3, "scale": 0}"#;
        check(fixed, r#""\u0003\u00e7""#).unwrap();
        assert_eq!(
            check(fixed, r#""\u0003\u00e8""#).unwrap_err(),
            "invalid default: decimal 1000 has more digits than the schema's precision 3"
        );
    }

    #[test]
    fn a_big_decimal_default_is_its_encoding() {
        let big = r#"{"type": "bytes", "logicalType": "big-decimal"}"#;
        // One byte of unscaled integer (5), then scale 2 (zigzag 4).
        check(big, r#""\u0002\u0005\u0004""#).unwrap();
        assert_eq!(
            check(big, r#""\u0002\u0005""#).unwrap_err(),
            "invalid default: at byte 0: malformed big-decimal: unexpected end of input: a varint, but 0 bytes remain"
        );
        assert_eq!(
            check(big, r#""\u0002\u0005\u0004\u0000""#).unwrap_err(),
            "invalid default: at byte 0: malformed big-decimal: big-decimal has 1 bytes after its scale"
        );
    }

    #[test]
    fn a_union_default_must_fit_a_branch() {
        let union = r#"["null", "string", {"type": "array", "items": "int"}]"#;
        check(union, "null").unwrap();
        check(union, r#""x""#).unwrap();
        check(union, "[1, 2]").unwrap();
        assert_eq!(
            check(union, "1").unwrap_err(),
            "invalid default: expected one of the union's branches [null, string, array], found the number 1"
        );
        // A union of one branch says what is wrong inside it.
        assert_eq!(
            check(r#"[{"type": "array", "items": "int"}]"#, r#"[1, "a"]"#).unwrap_err(),
            r#"invalid default: [1]: expected int, found the string "a""#
        );
    }

    #[test]
    fn a_check_does_not_expand_the_defaults_it_leaves_out() {
        // Expanding `a`'s own default would go on for ever.
        let recursive = r#"{"type": "record", "name": "A", "fields": [
            {"name": "n", "type": "int"},
            {"name": "a", "type": ["null", "A"], "default": null},
            {"name": "b", "type": "A", "default": {"n": 1}}]}"#;
        check(recursive, r#"{"n": 2}"#).unwrap();
        assert_eq!(
            check(recursive, "{}").unwrap_err(),
            "invalid default: missing field 'n'"
        );
    }

    /// Records whose union fields fit the same JSON on every level: trying
    /// their branches in turn is exponential in the depth, so the walk runs
    /// out of steps, and says so rather than that no branch fits.
    #[test]
    fn a_hostile_union_default_runs_out_of_steps() {
        let ty = r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": ["null", "A",
            {"type": "record", "name": "B", "fields": [{"name": "x", "type": ["null", "A", "B"]}]}]}]}"#;
        let mut default = "5".to_owned();
        for _ in 0..40 {
            default = format!(r#"{{"x": {default}}}"#);
        }
        let started = std::time::Instant::now();
        let err = check(ty, &default).unwrap_err();
        assert!(
            err.ends_with(
                "the value is too complex to check: its unions leave too many ways to read it"
            ),
            "{err}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        // Shallow, the same shape is checked in full: no branch fits.
        assert_eq!(
            check(ty, r#"{"x": {"x": 5}}"#).unwrap_err(),
            "invalid default: x: expected one of the union's branches [null, record 'A', record 'B'], found an object"
        );
        check(ty, r#"{"x": {"x": null}}"#).unwrap();
    }

    #[test]
    fn a_default_nests_no_deeper_than_the_bound() {
        let ty = r#"{"type": "record", "name": "L", "fields": [
            {"name": "next", "type": {"type": "array", "items": ["L"]}}]}"#;
        let nested = |records: usize| {
            let mut json = r#"{"next": []}"#.to_owned();
            for _ in 1..records {
                json = format!(r#"{{"next": [{json}]}}"#);
            }
            json
        };
        // Each level is a record, an array and a union of one branch,
        // three steps of depth for two of JSON (which serde_json bounds):
        // the innermost array of n records is at depth 3n - 2 (at most
        // MAX_DEPTH for n up to its third, rounded up), and the
        // record past the most that fit is refused where it starts.
        let most = MAX_DEPTH.div_ceil(3);
        check(ty, &nested(most)).unwrap();
        assert_eq!(
            check(ty, &nested(most + 1)).unwrap_err(),
            format!(
                "invalid default: {}: values nest too deeply (does a record's default refer to the record itself?)",
                vec!["next[0]"; most].join(".")
            )
        );
    }

    #[test]
    fn the_encoding_tags_unions_but_reads_left_out_fields_as_defaults() {
        let ty = r#"{"type": "record", "name": "R", "fields": [
            {"name": "u", "type": ["null", "long"]},
            {"name": "d", "type": ["long", "null"], "default": 3}]}"#;
        let schema = Schema::parse(ty).unwrap();
        let read = |json: &str| {
            let json: Json = serde_json::from_str(json).unwrap();
            read_encoding(&schema, schema.root_id(), &json, Check).map_err(|e| e.to_string())
        };
        read(r#"{"u": {"long": 1}}"#).unwrap();
        read(r#"{"u": null, "d": {"null": null}}"#).unwrap();
        assert_eq!(
            read(r#"{"u": 1}"#).unwrap_err(),
            "u: expected a union value: null or an object with one key naming a branch of [null, long], found the number 1"
        );
        assert_eq!(
            read(r#"{"u": {"int": 1}}"#).unwrap_err(),
            "u: 'int' is not a branch of the union [null, long]"
        );
    }

    #[test]
    fn floats_take_java_s_strings_and_ints_their_range() {
        check(r#""double""#, r#""-Infinity""#).unwrap();
        check(r#""float""#, r#""NaN""#).unwrap();
        assert_eq!(
            check(r#""double""#, r#""inf""#).unwrap_err(),
            r#"invalid default: expected double, found the string "inf""#
        );
        assert_eq!(
            check(r#""int""#, "3000000000").unwrap_err(),
            "invalid default: expected an integer in the 32-bit range, found the number 3000000000"
        );
        check(r#""long""#, "3000000000").unwrap();
        assert_eq!(
            check(r#""bytes""#, r#""\u0100""#).unwrap_err(),
            "invalid default: character U+0100 in a bytes string: only code points 0-255 stand for bytes"
        );
    }
}
