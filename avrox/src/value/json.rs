//! [`Value`] to and from JSON by the specification's mapping for default
//! values, and by its JSON *encoding*, which differs in one place: a union
//! value is `null` or an object whose one key names the branch.

use serde_json::{Map, Number, Value as Json};

use super::encode::describe_node;
use super::{Decimal, Duration, Uuid, Value};
use crate::binary::{Limits, SliceReader};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{LogicalType, NodeId, Schema, Type};

/// Defaults may fill in fields whose defaults fill in fields... A record
/// whose default refers to itself would never end; this bounds it.
const MAX_DEPTH: usize = 128;

/// How many JSON values one conversion may visit. Trying the branches of
/// nested unions in turn could otherwise take time exponential in the depth
/// of a hostile schema's default.
const MAX_STEPS: usize = 1 << 20;

/// The state of one conversion: its remaining step budget, and whether it
/// only checks (a default) or builds a value.
struct Budget {
    steps: usize,
    check_only: bool,
    /// Unions as the JSON encoding writes them (`{"branch": value}`), not
    /// as defaults do (the bare value of the first branch).
    tagged_unions: bool,
}

impl Budget {
    fn new(check_only: bool) -> Budget {
        Budget {
            steps: MAX_STEPS,
            check_only,
            tagged_unions: false,
        }
    }

    fn step(&mut self) -> Result<()> {
        match self.steps.checked_sub(1) {
            Some(left) => {
                self.steps = left;
                Ok(())
            }
            None => Err(Error::invalid(
                "the value is too complex to check: its unions leave too many ways to read it",
            )),
        }
    }

    fn exhausted(&self) -> bool {
        self.steps == 0
    }
}

/// Checks a field's default against its type, for the schema parser.
pub(crate) fn check_default(
    schema: &Schema,
    id: NodeId,
    json: &Json,
) -> std::result::Result<(), String> {
    convert(schema, id, json, 0, &mut Budget::new(true))
        .map(|_| ())
        .map_err(|e| format!("invalid default: {e}"))
}

pub(crate) fn from_json(schema: &Schema, id: NodeId, json: &Json) -> Result<Value> {
    convert(schema, id, json, 0, &mut Budget::new(false))
}

/// A value from the JSON encoding: unions tagged with their branch.
pub(crate) fn from_json_encoding(schema: &Schema, id: NodeId, json: &Json) -> Result<Value> {
    let mut budget = Budget::new(false);
    budget.tagged_unions = true;
    convert(schema, id, json, 0, &mut budget)
}

/// The name that tags a union branch in the JSON encoding: a named type's
/// fullname, else the type's name (a logical type's underlying one).
pub(crate) fn branch_name(schema: &Schema, id: NodeId) -> &str {
    match &schema.node(id).ty {
        Type::Null => "null",
        Type::Boolean => "boolean",
        Type::Int => "int",
        Type::Long => "long",
        Type::Float => "float",
        Type::Double => "double",
        Type::Bytes => "bytes",
        Type::String => "string",
        Type::Array(_) => "array",
        Type::Map(_) => "map",
        Type::Union(_) => "union",
        Type::Record(r) => r.name.fullname(),
        Type::Enum(e) => e.name.fullname(),
        Type::Fixed(f) => f.name.fullname(),
    }
}

/// A union's value in the JSON encoding: `null`, or `{"branch": value}`.
fn tagged_union(
    schema: &Schema,
    union: &crate::schema::Union,
    json: &Json,
    depth: usize,
    budget: &mut Budget,
) -> Result<Value> {
    let names = || {
        union
            .variants
            .iter()
            .map(|&v| branch_name(schema, v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let found = match json {
        Json::Null => union
            .variants
            .iter()
            .position(|&v| matches!(schema.node(v).ty, Type::Null))
            .map(|i| (i, json)),
        Json::Object(object) if object.len() == 1 => {
            let (key, inner) = object.iter().next().expect("one entry");
            match union
                .variants
                .iter()
                .position(|&v| branch_name(schema, v) == key)
            {
                Some(i) => Some((i, inner)),
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
    let Some((i, inner)) = found else {
        return Err(Error::mismatch(
            format!(
                "a union value: null or an object with one key naming a branch of [{}]",
                names()
            ),
            describe(json),
        ));
    };
    let branch = union.variants[i];
    let value = convert(schema, branch, inner, depth + 1, budget)
        .map_err(|e| e.in_key(branch_name(schema, branch)))?;
    Ok(Value::Union(i as u32, Box::new(value)))
}

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

fn convert(
    schema: &Schema,
    id: NodeId,
    json: &Json,
    depth: usize,
    budget: &mut Budget,
) -> Result<Value> {
    budget.step()?;
    if depth > MAX_DEPTH {
        return Err(Error::invalid(
            "values nest too deeply (does a record's default refer to the record itself?)",
        ));
    }
    let node = schema.node(id);
    let mismatch = || Error::mismatch(describe_node(node), describe(json));
    let value = match (&node.ty, json) {
        (Type::Union(union), json) if budget.tagged_unions => {
            return tagged_union(schema, union, json, depth, budget);
        }
        (Type::Union(union), json) => {
            // The first branch the JSON fits, as Avro 1.12 says of defaults.
            let mut first_error = None;
            for (i, &branch) in union.variants.iter().enumerate() {
                if !may_fit(schema, branch, json) {
                    continue;
                }
                match convert(schema, branch, json, depth + 1, budget) {
                    Ok(v) => return Ok(Value::Union(i as u32, Box::new(v))),
                    // Out of steps: say so, not that no branch fits.
                    Err(e) if budget.exhausted() => return Err(e),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            return Err(match (union.variants.len(), first_error) {
                (1, Some(e)) => e,
                _ => Error::mismatch(
                    format!(
                        "one of the union's branches [{}]",
                        union
                            .variants
                            .iter()
                            .map(|&v| describe_node(schema.node(v)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    describe(json),
                ),
            });
        }
        (Type::Null, Json::Null) => Value::Null,
        (Type::Boolean, Json::Bool(b)) => Value::Boolean(*b),
        (Type::Int, Json::Number(n)) => {
            let v = n
                .as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| Error::mismatch("an integer in the 32-bit range", describe(json)))?;
            Value::of_int(node.logical, v)
        }
        (Type::Long, Json::Number(n)) => {
            let v = n
                .as_i64()
                .ok_or_else(|| Error::mismatch("an integer in the 64-bit range", describe(json)))?;
            Value::of_long(node.logical, v)
        }
        (Type::Float, json) => Value::Float(float(json).ok_or_else(mismatch)? as f32),
        (Type::Double, json) => Value::Double(float(json).ok_or_else(mismatch)?),
        (Type::Bytes, Json::String(s)) => {
            let bytes = code_points(s)?;
            match node.logical {
                Some(LogicalType::Decimal { precision, scale }) => {
                    Value::Decimal(decimal_within(&bytes, precision, scale)?)
                }
                // The bytes are the big-decimal's encoding; decoding them
                // checks it.
                Some(LogicalType::BigDecimal) => {
                    let mut encoded = Vec::with_capacity(bytes.len() + 2);
                    crate::binary::write_bytes(&mut encoded, &bytes);
                    let mut r = SliceReader::with_limits(&encoded, Limits::default());
                    super::decode::read(schema, id, &mut r)?
                }
                _ => Value::Bytes(bytes),
            }
        }
        (Type::String, Json::String(s)) => match node.logical {
            Some(LogicalType::Uuid) => Value::Uuid(
                s.parse::<Uuid>()
                    .map_err(|e| Error::invalid(e.to_string()))?,
            ),
            _ => Value::String(s.clone()),
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
                    Value::Decimal(decimal_within(&bytes, precision, scale)?)
                }
                Some(LogicalType::Uuid) => {
                    Value::Uuid(Uuid::from_bytes(bytes.try_into().expect("16 bytes")))
                }
                Some(LogicalType::Duration) => {
                    Value::Duration(Duration::from_bytes(bytes.try_into().expect("12 bytes")))
                }
                _ => Value::Fixed(bytes),
            }
        }
        (Type::Enum(e), Json::String(s)) => match e.symbol_index(s) {
            Some(i) => Value::Enum(i as u32, s.clone()),
            None => {
                return Err(Error::invalid(format!(
                    "'{s}' is not a symbol of enum '{}' ({})",
                    e.name,
                    e.symbols.join(", ")
                )));
            }
        },
        (Type::Array(items), Json::Array(elements)) => Value::Array(
            elements
                .iter()
                .enumerate()
                .map(|(i, j)| {
                    convert(schema, *items, j, depth + 1, budget).map_err(|e| e.in_index(i))
                })
                .collect::<Result<_>>()?,
        ),
        (Type::Map(values), Json::Object(entries)) => Value::Map(
            entries
                .iter()
                .map(|(k, j)| {
                    Ok((
                        k.clone(),
                        convert(schema, *values, j, depth + 1, budget).map_err(|e| e.in_key(k))?,
                    ))
                })
                .collect::<Result<_>>()?,
        ),
        (Type::Record(record), Json::Object(object)) => {
            let mut fields = Vec::with_capacity(record.fields.len());
            for field in &record.fields {
                let json = match (object.get(&field.name), &field.default) {
                    (Some(j), _) => j,
                    // A check needs no value: the field's own default was
                    // checked with its field (and expanding it could go on
                    // for ever in a recursive record, which Java accepts).
                    (None, Some(_)) if budget.check_only => {
                        fields.push((field.name.clone(), Value::Null));
                        continue;
                    }
                    (None, Some(default)) if budget.tagged_unions => {
                        // A default is written in the defaults' mapping,
                        // whatever the mapping of the value around it.
                        budget.tagged_unions = false;
                        let v = convert(schema, field.schema, default, depth + 1, budget);
                        budget.tagged_unions = true;
                        fields.push((field.name.clone(), v.map_err(|e| e.in_field(&field.name))?));
                        continue;
                    }
                    (None, Some(default)) => default,
                    (None, None) => {
                        return Err(Error::new(ErrorKind::MissingField(field.name.clone())));
                    }
                };
                let v = convert(schema, field.schema, json, depth + 1, budget)
                    .map_err(|e| e.in_field(&field.name))?;
                fields.push((field.name.clone(), v));
            }
            Value::Record(fields)
        }
        _ => return Err(mismatch()),
    };
    Ok(value)
}

/// A decimal from JSON bytes, refused when it has more digits than the
/// schema's precision: such a value could never be written, so it is no
/// default, and a union must not take it for its decimal branch.
fn decimal_within(bytes: &[u8], precision: u32, scale: u32) -> Result<Decimal> {
    let d = Decimal::from_unscaled_bytes(bytes, i32::try_from(scale).unwrap_or(i32::MAX));
    if d.min_digits() > precision as usize || d.digits() > precision as usize {
        return Err(Error::invalid(format!(
            "decimal {} has more digits than the schema's precision {precision}",
            d.describe()
        )));
    }
    Ok(d)
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

fn bytes_string(bytes: &[u8]) -> Json {
    Json::String(bytes.iter().map(|&b| char::from(b)).collect())
}

fn float_json(v: f64) -> Json {
    match Number::from_f64(v) {
        Some(n) => Json::Number(n),
        None if v.is_nan() => Json::String("NaN".into()),
        None if v > 0.0 => Json::String("Infinity".into()),
        None => Json::String("-Infinity".into()),
    }
}

pub(crate) fn to_json(schema: &Schema, id: NodeId, value: &Value) -> Result<Json> {
    to_json_with(schema, id, value, false)
}

/// A derived field's default as JSON by the defaults' mapping, for
/// [`SchemaBuilder::field_default_with`](crate::schema::SchemaBuilder::field_default_with):
/// `value` written for node `id`, or why it cannot be (a sentence that
/// follows "the default of `Record.field`").
pub fn default_json(
    schema: &Schema,
    id: NodeId,
    value: &Value,
) -> std::result::Result<Json, String> {
    let json = to_json(schema, id, value).map_err(|e| format!("does not fit its type: {e:#}"))?;
    // Readers take a union's default as its first branch that fits the
    // JSON; a default of a later branch that an earlier one also fits would
    // read back as another value.
    if !reads_back_as(schema, id, &json, value) {
        return Err(format!(
            "is written as {json}, which readers take as a value of an earlier branch of the union; choose a default of that branch, or put the default's branch first"
        ));
    }
    Ok(json)
}

/// Whether `json`, read as node `id` the way readers read defaults, gives
/// the same bytes as `value`.
fn reads_back_as(schema: &Schema, id: NodeId, json: &Json, value: &Value) -> bool {
    let mut expected = Vec::new();
    let mut actual = Vec::new();
    let Ok(back) = from_json(schema, id, json) else {
        return false;
    };
    super::encode::encode_node(schema, id, value, &mut expected).is_ok()
        && super::encode::encode_node(schema, id, &back, &mut actual).is_ok()
        && expected == actual
}

/// JSON of a value by the JSON encoding: unions tagged with their branch.
pub(crate) fn to_json_encoding(schema: &Schema, id: NodeId, value: &Value) -> Result<Json> {
    to_json_with(schema, id, value, true)
}

fn to_json_with(schema: &Schema, id: NodeId, value: &Value, tagged: bool) -> Result<Json> {
    // Encoding and decoding first brings the value to the exact form the
    // schema gives it (promotions applied, union branches chosen, symbols
    // checked), so the conversion below deals with that form alone.
    let mut bytes = Vec::new();
    super::encode::encode_node(schema, id, value, &mut bytes)?;
    let mut r = SliceReader::with_limits(&bytes, Limits::unlimited());
    let exact = super::decode::read(schema, id, &mut r)?;
    Ok(exact_to_json(schema, id, &exact, tagged))
}

/// JSON of a value exactly as the decoder produces it for `id`.
fn exact_to_json(schema: &Schema, id: NodeId, value: &Value, tagged: bool) -> Json {
    let node = schema.node(id);
    match (&node.ty, value) {
        (Type::Union(union), Value::Union(i, inner)) => {
            let branch = union.variants[*i as usize];
            let json = exact_to_json(schema, branch, inner, tagged);
            if !tagged || json.is_null() {
                return json;
            }
            let mut object = Map::new();
            object.insert(branch_name(schema, branch).to_owned(), json);
            Json::Object(object)
        }
        (Type::Record(record), Value::Record(fields)) => {
            let mut object = Map::new();
            for (field, (name, v)) in record.fields.iter().zip(fields) {
                object.insert(name.clone(), exact_to_json(schema, field.schema, v, tagged));
            }
            Json::Object(object)
        }
        (Type::Array(items), Value::Array(values)) => Json::Array(
            values
                .iter()
                .map(|v| exact_to_json(schema, *items, v, tagged))
                .collect(),
        ),
        (Type::Map(values), Value::Map(entries)) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), exact_to_json(schema, *values, v, tagged)))
                .collect(),
        ),
        (Type::Fixed(fixed), Value::Decimal(d)) => bytes_string(
            &d.to_fixed_bytes(fixed.size)
                .expect("decoded from this fixed"),
        ),
        (Type::Fixed(_), Value::Uuid(u)) => bytes_string(u.as_bytes()),
        (_, Value::Null) => Json::Null,
        (_, Value::Boolean(b)) => Json::Bool(*b),
        (_, Value::Int(v) | Value::Date(v) | Value::TimeMillis(v)) => Json::from(*v),
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
        ) => Json::from(*v),
        // Through the float's shortest decimal form, so 0.93f32 prints as
        // 0.93 rather than 0.9300000071525574, and reads back as the same f32.
        (_, Value::Float(v)) if v.is_finite() => {
            float_json(v.to_string().parse().unwrap_or(f64::from(*v)))
        }
        (_, Value::Float(v)) => float_json(f64::from(*v)),
        (_, Value::Double(v)) => float_json(*v),
        (_, Value::Bytes(b) | Value::Fixed(b)) => bytes_string(b),
        (_, Value::String(s)) => Json::String(s.clone()),
        (_, Value::Enum(_, symbol)) => Json::String(symbol.clone()),
        (_, Value::Decimal(d)) => bytes_string(d.unscaled_bytes()),
        (_, Value::BigDecimal(d)) => {
            let mut inner = Vec::new();
            crate::binary::write_bytes(&mut inner, d.unscaled_bytes());
            crate::binary::write_int(&mut inner, d.scale());
            bytes_string(&inner)
        }
        (_, Value::Uuid(u)) => Json::String(u.to_string()),
        (_, Value::Duration(d)) => bytes_string(&d.to_bytes()),
        // The decoder pairs each node with one value shape; the arms above
        // cover them all.
        (_, Value::Record(_) | Value::Array(_) | Value::Map(_) | Value::Union(..)) => {
            unreachable!("decoded values match their schema")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: &str) -> Schema {
        Schema::parse(json).unwrap()
    }

    #[test]
    fn union_default_takes_first_fitting_branch() {
        let s = schema(r#"["null", "string", "long"]"#);
        let v = Value::from_default_json(&serde_json::json!(3), &s).unwrap();
        assert_eq!(v, Value::Union(2, Box::new(Value::Long(3))));
        let v = Value::from_default_json(&serde_json::json!("x"), &s).unwrap();
        assert_eq!(v, Value::Union(1, Box::new(Value::String("x".into()))));
    }

    #[test]
    fn bytes_are_code_points() {
        let s = schema(r#""bytes""#);
        let v = Value::from_default_json(&serde_json::json!("\u{00ff}a"), &s).unwrap();
        assert_eq!(v, Value::Bytes(vec![0xff, b'a']));
        assert_eq!(
            v.to_default_json(&s).unwrap(),
            serde_json::json!("\u{00ff}a")
        );
        assert!(Value::from_default_json(&serde_json::json!("\u{0100}"), &s).is_err());
    }

    #[test]
    fn a_decimal_default_must_fit_its_precision() {
        // 0x03e8 = 1000: four digits, where the precision allows three.
        let err = Schema::parse(
            r#"{"type": "record", "name": "R", "fields": [{"name": "d", "default": "\u0003\u00e8",
                "type": {"type": "bytes", "logicalType": "decimal", "precision": 3, "scale": 1}}]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("precision 3"), "{err}");
        // 0x63 = 99 fits.
        Schema::parse(
            r#"{"type": "record", "name": "R", "fields": [{"name": "d", "default": "c",
                "type": {"type": "bytes", "logicalType": "decimal", "precision": 3, "scale": 1}}]}"#,
        )
        .unwrap();
    }

    #[test]
    fn non_finite_floats_round_trip() {
        let s = schema(r#""double""#);
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let json = Value::Double(v).to_default_json(&s).unwrap();
            let back = Value::from_default_json(&json, &s).unwrap();
            let Value::Double(b) = back else { panic!() };
            assert!(b.is_nan() && v.is_nan() || b == v);
        }
    }

    #[test]
    fn self_referential_default_is_bounded() {
        // Java accepts this schema: a default is checked against the fields
        // it gives, not expanded into the defaults it leaves out.
        let s = Schema::parse(
            r#"{"type": "record", "name": "A", "fields": [{"name": "a", "type": "A", "default": {}}]}"#,
        )
        .unwrap();
        // Building the value would never end; it is refused.
        let err = Value::from_default_json(&serde_json::json!({}), &s).unwrap_err();
        assert!(err.to_string().contains("nest too deeply"), "{err}");
    }
}
