//! Applying the constraints a schema carries (compiled by
//! `schema::constraints` when it was parsed, stored on its fields and
//! nodes) to generic [`Value`]s: [`Value::validate`].

use std::fmt::Write as _;

use serde_json::{Map, Value as Json};

use super::Value;
use crate::schema::constraints::{Constraints, Number, bound};
use crate::schema::{Node, NodeId, Schema, Type};
use crate::validate::collector::Collector;
use crate::validate::message;
use crate::validate::report::{Code, Report};
use crate::validate::tolerance::multiple_of_f64;

/// Checks `value` against the constraints `schema` carries.
pub(crate) fn validate(schema: &Schema, value: &Value) -> Result<(), Report> {
    if !schema.has_constraints() {
        return Ok(());
    }
    let mut c = Collector::new();
    walk(schema, schema.root_id(), value, &mut c);
    c.finish()
}

fn walk(schema: &Schema, id: NodeId, value: &Value, c: &mut Collector) {
    if let Some(constraints) = schema.node(id).constraints.get() {
        apply(schema, id, constraints, value, c);
    }
    match (schema.node(id).ty(), value) {
        (Type::Record(record), Value::Record(fields)) => {
            for (i, field) in record.fields.iter().enumerate() {
                // Values are in schema order when decoded; look the name up
                // when they are not.
                let found = match fields.get(i) {
                    Some((name, v)) if *name == field.name => Some(v),
                    _ => fields
                        .iter()
                        .find(|(n, _)| *n == field.name)
                        .map(|(_, v)| v),
                };
                let Some(field_value) = found else { continue };
                c.enter_field_owned(field.name.clone());
                if let Some(constraints) = field.constraints.get() {
                    apply(schema, field.schema, constraints, field_value, c);
                }
                walk(schema, field.schema, field_value, c);
                c.leave();
            }
        }
        (Type::Array(items), Value::Array(values)) => {
            for (i, v) in distinct_items(values) {
                c.enter_index(i);
                walk(schema, *items, v, c);
                c.leave();
            }
        }
        (Type::Map(values), Value::Map(entries)) => {
            for (k, v) in entries {
                c.enter_key(k);
                walk(schema, *values, v, c);
                c.leave();
            }
        }
        (Type::Union(_), _) => {
            if let Some((branch, v)) = branch_of(schema, id, value) {
                walk(schema, branch, v, c);
            }
        }
        _ => {}
    }
}

/// The branch of union `id` that `value` is, and the value inside; `None`
/// for null.
fn branch_of<'v>(schema: &Schema, id: NodeId, value: &'v Value) -> Option<(NodeId, &'v Value)> {
    let Type::Union(union) = schema.node(id).ty() else {
        return Some((id, value));
    };
    match value {
        Value::Null => None,
        Value::Union(i, inner) => union
            .variants
            .get(*i as usize)
            .map(|branch| (*branch, &**inner))
            .filter(|_| **inner != Value::Null),
        // A plain value: the first branch of its kind.
        other => union
            .variants
            .iter()
            .copied()
            .find(|b| same_kind(schema.node(*b), other))
            .map(|b| (b, other)),
    }
}

fn same_kind(node: &Node, value: &Value) -> bool {
    matches!(
        (node.ty(), value),
        (Type::Record(_), Value::Record(_))
            | (Type::Array(_), Value::Array(_))
            | (Type::Map(_), Value::Map(_))
            | (Type::Enum(_), Value::Enum(..))
            | (Type::Boolean, Value::Boolean(_))
            | (Type::String, Value::String(_) | Value::Uuid(_))
            | (
                Type::Bytes,
                Value::Bytes(_) | Value::Decimal(_) | Value::BigDecimal(_)
            )
            | (
                Type::Fixed(_),
                Value::Fixed(_) | Value::Decimal(_) | Value::Duration(_)
            )
            | (
                Type::Int,
                Value::Int(_) | Value::Date(_) | Value::TimeMillis(_)
            )
            | (
                Type::Long,
                Value::Long(_)
                    | Value::TimeMicros(_)
                    | Value::TimestampMillis(_)
                    | Value::TimestampMicros(_)
                    | Value::TimestampNanos(_)
                    | Value::LocalTimestampMillis(_)
                    | Value::LocalTimestampMicros(_)
                    | Value::LocalTimestampNanos(_)
            )
            | (Type::Float, Value::Float(_))
            | (Type::Double, Value::Double(_))
    )
}

fn apply(schema: &Schema, id: NodeId, cs: &Constraints, value: &Value, c: &mut Collector) {
    let value = match value {
        Value::Union(_, inner) if !matches!(schema.node(id).ty(), Type::Union(_)) => &**inner,
        other => other,
    };
    if let Some(number) = number_of(value) {
        for (code, bound) in &cs.bounds {
            let ord = number.partial_cmp(bound.number);
            use std::cmp::Ordering::*;
            let ok = match code {
                Code::Min => matches!(ord, Some(Greater | Equal)),
                Code::Max => matches!(ord, Some(Less | Equal)),
                Code::ExclusiveMin => ord == Some(Greater),
                _ => ord == Some(Less),
            };
            if !ok {
                let message = message::bound(*code, &text(&bound.json));
                fail(c, *code, &[(code.as_str(), &bound.json)], value, message);
            }
        }
        if let Some(m) = &cs.multiple_of {
            let ok = match (number, m.number) {
                (Number::Int(v), Number::Int(m)) => m != 0 && v % m == 0,
                (v, m) => multiple_of_f64(v.as_f64(), m.as_f64()),
            };
            if !ok {
                fail(
                    c,
                    Code::MultipleOf,
                    &[("multiple_of", &m.json)],
                    value,
                    message::multiple_of(&text(&m.json)),
                );
            }
        }
    }
    if let Some((len, unit)) = length_of(value) {
        if let Some((min, max)) = cs.length {
            let mut params = Vec::new();
            let (min_json, max_json) = (min.map(Json::from), max.map(Json::from));
            if let Some(j) = &min_json {
                params.push(("min", j));
            }
            if let Some(j) = &max_json {
                params.push(("max", j));
            }
            if let Some(message) = message::length(min, max, len as u64, unit) {
                fail(c, Code::Length, &params, value, message);
            }
        }
        if cs.non_empty && len == 0 {
            fail(c, Code::NonEmpty, &[], value, message::NON_EMPTY.into());
        }
    }
    if let (Some(pattern), Value::String(s)) = (&cs.pattern, value) {
        #[cfg(feature = "pattern")]
        let matched = pattern.engine.is_match(s);
        #[cfg(not(feature = "pattern"))]
        let matched = {
            let _ = s;
            true
        };
        if !matched {
            let source = Json::String(pattern.source.clone());
            fail(
                c,
                Code::Pattern,
                &[("pattern", &source)],
                value,
                message::pattern(&pattern.source),
            );
        }
    }
    if let Some(choices) = &cs.one_of
        && !choices.iter().any(|choice| equals(value, choice))
    {
        let list = Json::Array(choices.clone());
        let texts: Vec<String> = choices.iter().map(|j| j.to_string()).collect();
        fail(
            c,
            Code::OneOf,
            &[("one_of", &list)],
            value,
            message::one_of(&texts),
        );
    }
    if let Some(inner) = &cs.inner {
        match (schema.node(id).ty(), value) {
            (Type::Array(items), Value::Array(values)) => {
                for (i, v) in distinct_items(values) {
                    c.enter_index(i);
                    apply(schema, *items, inner, v, c);
                    c.leave();
                }
            }
            (Type::Map(values), Value::Map(entries)) => {
                for (k, v) in entries {
                    c.enter_key(k);
                    apply(schema, *values, inner, v, c);
                    c.leave();
                }
            }
            (Type::Union(_), _) => {
                if let Some((branch, v)) = branch_of(schema, id, value) {
                    apply(schema, branch, inner, v, c);
                }
            }
            _ => {}
        }
    }
}

/// A JSON bound as a message shows it: numbers as written, strings bare.
fn text(json: &Json) -> String {
    match json {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn fail(c: &mut Collector, code: Code, params: &[(&str, &Json)], value: &Value, message: String) {
    let params: Map<String, Json> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).clone()))
        .collect();
    c.push(code, params, value_text(value), message);
}

fn number_of(value: &Value) -> Option<Number> {
    Some(match value {
        Value::Int(v) | Value::Date(v) | Value::TimeMillis(v) => Number::Int(i128::from(*v)),
        Value::Long(v)
        | Value::TimeMicros(v)
        | Value::TimestampMillis(v)
        | Value::TimestampMicros(v)
        | Value::TimestampNanos(v)
        | Value::LocalTimestampMillis(v)
        | Value::LocalTimestampMicros(v)
        | Value::LocalTimestampNanos(v) => Number::Int(i128::from(*v)),
        Value::Float(v) => Number::Float(f64::from(*v)),
        Value::Double(v) => Number::Float(*v),
        Value::Decimal(d) | Value::BigDecimal(d) => match d.to_i128() {
            Some(unscaled) if d.scale() == 0 => Number::Int(unscaled),
            _ => Number::Float(d.to_string().parse().ok()?),
        },
        _ => return None,
    })
}

fn length_of(value: &Value) -> Option<(usize, &'static str)> {
    Some(match value {
        Value::String(s) => (s.chars().count(), "character"),
        Value::Bytes(b) | Value::Fixed(b) => (b.len(), "item"),
        Value::Array(a) => (a.len(), "item"),
        Value::Map(m) => (m.len(), "item"),
        _ => return None,
    })
}

fn equals(value: &Value, json: &Json) -> bool {
    match (value, json) {
        (Value::String(s), Json::String(j)) => s == j,
        (Value::Enum(_, s), Json::String(j)) => s == j,
        (Value::Uuid(u), Json::String(j)) => u.to_string() == *j,
        (Value::Boolean(b), Json::Bool(j)) => b == j,
        (v, Json::Number(_)) => match (number_of(v), bound(json)) {
            (Some(n), Ok(b)) => n.partial_cmp(b.number) == Some(std::cmp::Ordering::Equal),
            _ => false,
        },
        _ => false,
    }
}

/// The offending value as a derived type's `Debug` would show it: numbers
/// bare, strings quoted, collections in brackets.
fn value_text(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    // Long values are cut to `Report::VALUE_CHARS` anyway.
    if out.len() > Report::VALUE_CHARS * 4 {
        return;
    }
    match value {
        Value::Null => out.push_str("None"),
        Value::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Float(v) => {
            let _ = write!(out, "{v:?}");
        }
        Value::Double(v) => {
            let _ = write!(out, "{v:?}");
        }
        Value::String(s) => {
            let _ = write!(out, "{s:?}");
        }
        Value::Enum(_, s) => out.push_str(s),
        Value::Bytes(b) | Value::Fixed(b) => {
            let _ = write!(out, "{b:?}");
        }
        Value::Decimal(d) | Value::BigDecimal(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Uuid(u) => {
            let _ = write!(out, "{u}");
        }
        Value::Union(_, inner) => write_value(out, inner),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{k:?}: ");
                write_value(out, v);
            }
            out.push('}');
        }
        other => match number_of(other) {
            Some(Number::Int(i)) => {
                let _ = write!(out, "{i}");
            }
            _ => {
                let _ = write!(out, "{other:?}");
            }
        },
    }
}

/// The items of an array to check, with their indexes: a repeated array's
/// one item once, at index 0 (its copies would pass or fail alike, and a
/// few input bytes can make millions of them).
fn distinct_items(values: &crate::value::Array) -> impl Iterator<Item = (usize, &Value)> {
    let count = if values.as_repeated().is_some() {
        1
    } else {
        values.len()
    };
    values.iter().take(count).enumerate()
}
