//! The interop JSON: how the suite hands values to peers and reads theirs.
//!
//! Not Avro's JSON encoding: a test-only mapping chosen so that every value
//! crosses to Python, Java and JavaScript without loss, and says which
//! union branch it is in.
//!
//! | Avro | interop JSON |
//! | --- | --- |
//! | null, boolean, int | JSON `null`, `true`/`false`, number |
//! | long (and long-based logical types) | a decimal **string** (JavaScript numbers stop at 2^53) |
//! | float, double | a number (a float widened to double, exactly), or `"NaN"`, `"Infinity"`, `"-Infinity"`; a peer may give a number as a string (`"-0.0"`) |
//! | bytes, fixed | lowercase hex |
//! | string, enum | the string, the symbol |
//! | array, map, record | JSON array, object, object |
//! | union | `{"@union": branch, "@value": value}`; a peer that cannot tell the branch reports `null` |
//! | decimal, when the peer interprets it | the plain decimal with the schema's scale (`"-1.50"`) |
//! | every other logical type | as its underlying type (dates, times and timestamps are numbers of their unit) |
//!
//! `@` cannot start an Avro name, so the union object never collides with a
//! record's fields.

use avrox::schema::{LogicalType, NodeId, Type};
use avrox::{Schema, Value};
use serde_json::{Map, Value as Json, json};

/// How a peer sees logical types in the interop JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// Decimals as plain decimal strings (the peer converts them to its
    /// decimal type); otherwise as the hex of their bytes.
    pub decimals: bool,
}

/// The interop JSON of `value`, a value of `schema`.
///
/// The value is first brought to the exact form the decoder gives (by
/// encoding and decoding it), so promotions and union branches are settled.
pub fn to_interop(schema: &Schema, value: &Value, mapping: Mapping) -> avrox::Result<Json> {
    let exact = Value::decode(&value.to_bytes(schema)?, schema)?;
    Ok(walk(schema, schema.root_id(), &exact, mapping))
}

fn hex(bytes: &[u8]) -> Json {
    Json::String(crate::hex(bytes))
}

fn float(v: f64) -> Json {
    match serde_json::Number::from_f64(v) {
        Some(n) => Json::Number(n),
        None if v.is_nan() => json!("NaN"),
        None if v > 0.0 => json!("Infinity"),
        None => json!("-Infinity"),
    }
}

/// `unscaled` × 10^-`scale` in plain notation with exactly `scale` digits
/// after the point (Java's `BigDecimal.toPlainString` for a non-negative
/// scale).
pub fn plain_decimal(unscaled: i128, scale: u32) -> String {
    let sign = if unscaled < 0 { "-" } else { "" };
    let digits = unscaled.unsigned_abs().to_string();
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let scale = scale as usize;
    let digits = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = digits.split_at(digits.len() - scale);
    format!("{sign}{int}.{frac}")
}

fn walk(schema: &Schema, id: NodeId, value: &Value, mapping: Mapping) -> Json {
    let node = schema.node(id);
    match (node.ty(), value) {
        (Type::Union(union), Value::Union(i, inner)) => json!({
            "@union": i,
            "@value": walk(schema, union.variants[*i as usize], inner, mapping),
        }),
        (Type::Record(record), Value::Record(fields)) => {
            let mut object = Map::new();
            for (field, (name, v)) in record.fields.iter().zip(fields) {
                object.insert(name.clone(), walk(schema, field.schema, v, mapping));
            }
            Json::Object(object)
        }
        (Type::Array(items), Value::Array(values)) => Json::Array(
            values
                .iter()
                .map(|v| walk(schema, *items, v, mapping))
                .collect(),
        ),
        (Type::Map(values), Value::Map(entries)) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), walk(schema, *values, v, mapping)))
                .collect(),
        ),
        (ty, Value::Decimal(d)) => {
            let Some(LogicalType::Decimal { scale, .. }) = node.logical_type() else {
                unreachable!("decoded decimals come from decimal nodes")
            };
            match (mapping.decimals, ty) {
                (true, _) => Json::String(plain_decimal(
                    d.to_i128().expect("corpus decimals fit in i128"),
                    *scale,
                )),
                (false, Type::Fixed(fixed)) => hex(&d
                    .to_fixed_bytes(fixed.size)
                    .expect("decoded from this fixed")),
                (false, _) => hex(d.unscaled_bytes()),
            }
        }
        (Type::Fixed(_), Value::Uuid(u)) => hex(u.as_bytes()),
        (_, Value::Uuid(u)) => Json::String(u.to_string()),
        (_, Value::Null) => Json::Null,
        (_, Value::Boolean(b)) => Json::Bool(*b),
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
        ) => Json::String(v.to_string()),
        (_, Value::Float(v)) => float(f64::from(*v)),
        (_, Value::Double(v)) => float(*v),
        (_, Value::Bytes(b) | Value::Fixed(b)) => hex(b),
        (_, Value::String(s)) => Json::String(s.clone()),
        (_, Value::Enum(_, symbol)) => Json::String(symbol.clone()),
        (_, Value::BigDecimal(d)) => {
            let mut inner = Vec::new();
            avrox::binary::write_bytes(&mut inner, d.unscaled_bytes());
            avrox::binary::write_int(&mut inner, d.scale());
            hex(&inner)
        }
        (_, Value::Duration(d)) => hex(&d.to_bytes()),
        (ty, v) => unreachable!("a decoded {} for a {} node", v.kind_name(), ty.kind_name()),
    }
}

/// Compares interop JSON `expected` (from avrox) with `actual` (from a
/// peer), describing the first difference with its path.
///
/// Objects compare as sets of keys (a map's order is not part of its
/// value); numbers compare exactly, floats by their bits (so `-0.0` is not
/// `0.0`); a union branch of `null` in `actual` matches any branch; a long
/// given as a JSON number by a peer matches the same long as a string, and
/// a float given as a string of its decimal form (JavaScript's JSON cannot
/// write `-0`) matches the same number.
pub fn compare(expected: &Json, actual: &Json) -> Result<(), String> {
    compare_at("$", expected, actual)
}

fn compare_at(path: &str, expected: &Json, actual: &Json) -> Result<(), String> {
    let differ = || {
        Err(format!(
            "at {path}: expected {}, got {}",
            short(expected),
            short(actual)
        ))
    };
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) if e.contains_key("@union") => {
            let branch = a.get("@union").unwrap_or(&Json::Null);
            if !branch.is_null() && branch != &e["@union"] {
                return Err(format!(
                    "at {path}: expected union branch {}, got {branch}",
                    e["@union"]
                ));
            }
            compare_at(path, &e["@value"], a.get("@value").unwrap_or(&Json::Null))
        }
        (Json::Object(e), Json::Object(a)) => {
            if e.len() != a.len() || e.keys().any(|k| !a.contains_key(k)) {
                let ek: Vec<_> = e.keys().collect();
                let ak: Vec<_> = a.keys().collect();
                return Err(format!("at {path}: expected keys {ek:?}, got {ak:?}"));
            }
            for (k, v) in e {
                compare_at(&format!("{path}.{k}"), v, &a[k])?;
            }
            Ok(())
        }
        (Json::Array(e), Json::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "at {path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (x, y)) in e.iter().zip(a).enumerate() {
                compare_at(&format!("{path}[{i}]"), x, y)?;
            }
            Ok(())
        }
        (Json::Number(e), Json::Number(a)) => {
            let same = match (e.as_i64(), a.as_i64()) {
                (Some(x), Some(y)) => x == y,
                _ => match (e.as_f64(), a.as_f64()) {
                    (Some(x), Some(y)) => x.to_bits() == y.to_bits(),
                    _ => false,
                },
            };
            if same { Ok(()) } else { differ() }
        }
        (Json::String(e), Json::Number(a)) if e.parse::<i64>().ok() == a.as_i64() => Ok(()),
        (Json::Number(e), Json::String(a)) => match (e.as_f64(), a.parse::<f64>()) {
            (Some(x), Ok(y)) if x.to_bits() == y.to_bits() => Ok(()),
            _ => differ(),
        },
        _ if expected == actual => Ok(()),
        _ => differ(),
    }
}

/// A JSON value cut to a readable length for a message.
fn short(v: &Json) -> String {
    let text = v.to_string();
    if text.len() > 120 {
        let cut = (0..=117)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        format!("{}...", &text[..cut])
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals() {
        assert_eq!(plain_decimal(-150, 2), "-1.50");
        assert_eq!(plain_decimal(5, 3), "0.005");
        assert_eq!(plain_decimal(-5, 3), "-0.005");
        assert_eq!(plain_decimal(42, 0), "42");
        assert_eq!(plain_decimal(0, 2), "0.00");
    }

    #[test]
    fn comparison() {
        assert!(compare(&json!({"a": 1, "b": "2"}), &json!({"b": 2, "a": 1})).is_ok());
        assert!(compare(&json!(0.0), &json!(-0.0)).is_err());
        assert!(compare(&json!(1), &json!(2)).is_err());
        let u = json!({"@union": 1, "@value": "x"});
        assert!(compare(&u, &json!({"@union": null, "@value": "x"})).is_ok());
        assert!(compare(&u, &json!({"@union": 0, "@value": "x"})).is_err());
        assert!(compare(&json!(["a"]), &json!(["a", "b"])).is_err());
        assert!(compare(&json!({"a": 1}), &json!({"a": 1, "b": 1})).is_err());
    }
}
