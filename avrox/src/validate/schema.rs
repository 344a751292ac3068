//! Constraints carried in a schema (the field attribute
//! `"avrox.constraints"`): checked when the schema is parsed, compiled once,
//! and applied to generic [`Value`]s.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Value as Json};

use super::report::{Code, Report};
use super::{Collector, message};
use crate::schema::{LogicalType, Node, NodeId, Schema, Type};
use crate::value::Value;

/// The field attribute that holds a field's constraints.
pub(crate) const ATTRIBUTE: &str = "avrox.constraints";

const KEYS: &[&str] = &[
    "min",
    "max",
    "exclusive_min",
    "exclusive_max",
    "length",
    "non_empty",
    "pattern",
    "one_of",
    "multiple_of",
    "inner",
];

/// The compiled constraints of every constrained field of a schema.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    fields: HashMap<(NodeId, usize), Constraints>,
    /// The constraints of unnamed types themselves (a `transparent`
    /// newtype's, a newtype variant's).
    nodes: HashMap<NodeId, Constraints>,
}

impl Plan {
    pub(crate) fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.nodes.is_empty()
    }

    pub(crate) fn insert_node(&mut self, node: NodeId, constraints: Constraints) {
        self.nodes.insert(node, constraints);
    }

    pub(crate) fn insert(&mut self, record: NodeId, field: usize, constraints: Constraints) {
        self.fields.insert((record, field), constraints);
    }
}

/// One field's constraints, checked against the field's type.
#[derive(Clone, Debug, Default)]
pub(crate) struct Constraints {
    bounds: Vec<(Code, Bound)>,
    length: Option<(Option<u64>, Option<u64>)>,
    non_empty: bool,
    pattern: Option<Regex>,
    one_of: Option<Vec<Json>>,
    multiple_of: Option<Bound>,
    inner: Option<Box<Constraints>>,
}

#[derive(Clone, Debug)]
struct Bound {
    json: Json,
    number: Number,
}

#[cfg(feature = "pattern")]
type Engine = regex_lite::Regex;
/// Without the `pattern` feature, patterns are kept but not checked.
#[cfg(not(feature = "pattern"))]
type Engine = ();

#[derive(Clone, Debug)]
struct Regex {
    source: String,
    #[cfg_attr(not(feature = "pattern"), allow(dead_code))]
    engine: Engine,
}

/// A number compared exactly when both sides are integers.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    fn partial_cmp(self, other: Number) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }

    fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

/// What a node's values are, for which constraints apply.
#[derive(PartialEq)]
enum Kind {
    Number,
    Text,
    Sized,
    Scalar,
    Elements,
    Other,
}

fn kind(node: &Node) -> Kind {
    match (node.ty(), node.logical_type()) {
        (_, Some(LogicalType::Decimal { .. } | LogicalType::BigDecimal)) => Kind::Number,
        (Type::Int | Type::Long | Type::Float | Type::Double, _) => Kind::Number,
        (Type::String, _) => Kind::Text,
        (Type::Bytes | Type::Fixed(_) | Type::Array(_) | Type::Map(_), _) => Kind::Sized,
        (Type::Boolean | Type::Enum(_), _) => Kind::Scalar,
        (Type::Union(_), _) => Kind::Elements,
        _ => Kind::Other,
    }
}

/// An error inside the constraints object: the path below it, and why.
pub(crate) type ParseError = (String, String);

impl Constraints {
    /// Reads and checks the constraints of a value of node `id`.
    pub(crate) fn parse(
        schema: &Schema,
        id: NodeId,
        json: &Json,
    ) -> Result<Constraints, ParseError> {
        let Json::Object(object) = json else {
            return Err((
                String::new(),
                format!("constraints are an object, not {json}"),
            ));
        };
        let node = schema.node(id);
        let kind = kind(node);
        let describe = || match node.logical_type() {
            Some(logical) => format!("a {logical}"),
            None => format!("a {}", node.ty().kind_name()),
        };
        let mut out = Constraints::default();
        for (key, value) in object {
            let at = |message: String| (key.clone(), message);
            let applies = |ok: bool, hint: &str| {
                if ok {
                    Ok(())
                } else {
                    Err(at(format!(
                        "`{key}` does not apply to {}{hint}",
                        describe()
                    )))
                }
            };
            match key.as_str() {
                "min" | "max" | "exclusive_min" | "exclusive_max" => {
                    let hint = match kind {
                        Kind::Text | Kind::Sized => "; use `length` for its length",
                        Kind::Elements => "; use `inner` for the value in the union",
                        _ => "",
                    };
                    applies(kind == Kind::Number, hint)?;
                    let code = match key.as_str() {
                        "min" => Code::Min,
                        "max" => Code::Max,
                        "exclusive_min" => Code::ExclusiveMin,
                        _ => Code::ExclusiveMax,
                    };
                    out.bounds.push((code, bound(value).map_err(at)?));
                }
                "multiple_of" => {
                    applies(kind == Kind::Number, "")?;
                    let b = bound(value).map_err(at)?;
                    if b.number.as_f64() <= 0.0 {
                        return Err(at(format!("must be positive, not {value}")));
                    }
                    out.multiple_of = Some(b);
                }
                "length" => {
                    applies(matches!(kind, Kind::Text | Kind::Sized), "")?;
                    out.length = Some(length(value).map_err(at)?);
                }
                "non_empty" => {
                    applies(matches!(kind, Kind::Text | Kind::Sized), "")?;
                    match value {
                        Json::Bool(b) => out.non_empty = *b,
                        other => return Err(at(format!("expected true or false, found {other}"))),
                    }
                }
                "pattern" => {
                    applies(kind == Kind::Text, "")?;
                    let Json::String(source) = value else {
                        return Err(at(format!("expected a string, found {value}")));
                    };
                    out.pattern = Some(compile(source).map_err(at)?);
                }
                "one_of" => {
                    applies(matches!(kind, Kind::Number | Kind::Text | Kind::Scalar), "")?;
                    let Json::Array(items) = value else {
                        return Err(at(format!("expected an array, found {value}")));
                    };
                    if items.is_empty() {
                        return Err(at("no value could be one of an empty list".into()));
                    }
                    out.one_of = Some(items.clone());
                }
                "inner" => {
                    let inner_nodes: Vec<NodeId> = match node.ty() {
                        Type::Array(items) => vec![*items],
                        Type::Map(values) => vec![*values],
                        Type::Union(u) => u
                            .variants
                            .iter()
                            .copied()
                            .filter(|v| !matches!(schema.node(*v).ty(), Type::Null))
                            .collect(),
                        _ => {
                            return Err(at(format!(
                                "`inner` applies to arrays, maps and unions, not to {}",
                                describe()
                            )));
                        }
                    };
                    let mut inner = None;
                    for node in inner_nodes {
                        inner = Some(
                            Constraints::parse(schema, node, value)
                                .map_err(|(path, m)| (join("inner", &path), m))?,
                        );
                    }
                    out.inner = inner.map(Box::new);
                }
                other => {
                    return Err(at(format!(
                        "unknown constraint `{other}`; expected one of {}",
                        KEYS.join(", ")
                    )));
                }
            }
        }
        check_bounds(&out)?;
        Ok(out)
    }
}

fn join(a: &str, b: &str) -> String {
    if b.is_empty() {
        a.to_owned()
    } else {
        format!("{a}.{b}")
    }
}

fn bound(json: &Json) -> Result<Bound, String> {
    let number = match json {
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Number::Int(i128::from(i)),
            (_, Some(u), _) => Number::Int(i128::from(u)),
            (_, _, Some(f)) => Number::Float(f),
            _ => return Err(format!("{n} is not a number avrox can compare")),
        },
        // A decimal's bound may be a string, to keep every digit.
        Json::String(s) => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => Number::Float(f),
            _ => return Err(format!("expected a number, found {json}")),
        },
        other => return Err(format!("expected a number, found {other}")),
    };
    Ok(Bound {
        json: json.clone(),
        number,
    })
}

fn length(json: &Json) -> Result<(Option<u64>, Option<u64>), String> {
    let Json::Object(object) = json else {
        return Err(format!(
            "expected an object such as {{\"min\": 1, \"max\": 16}}, found {json}"
        ));
    };
    let mut min = None;
    let mut max = None;
    for (key, value) in object {
        let slot = match key.as_str() {
            "min" => &mut min,
            "max" => &mut max,
            other => {
                return Err(format!(
                    "unknown key `{other}` in `length`; expected `min` or `max`"
                ));
            }
        };
        *slot = Some(value.as_u64().ok_or_else(|| {
            format!("`length.{key}` must be a whole number of at least 0, not {value}")
        })?);
    }
    if min.is_none() && max.is_none() {
        return Err("`length` needs a `min` or a `max`".into());
    }
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        return Err(format!(
            "`length.min` ({a}) is greater than `length.max` ({b})"
        ));
    }
    Ok((min, max))
}

/// Refuses bounds no value could meet.
fn check_bounds(c: &Constraints) -> Result<(), ParseError> {
    let lower = c
        .bounds
        .iter()
        .filter(|(code, _)| matches!(code, Code::Min | Code::ExclusiveMin));
    for (low_code, low) in lower {
        for (high_code, high) in c
            .bounds
            .iter()
            .filter(|(code, _)| matches!(code, Code::Max | Code::ExclusiveMax))
        {
            let strict = *low_code == Code::ExclusiveMin || *high_code == Code::ExclusiveMax;
            let empty = match low.number.partial_cmp(high.number) {
                Some(std::cmp::Ordering::Greater) => true,
                Some(std::cmp::Ordering::Equal) => strict,
                _ => false,
            };
            if empty {
                return Err((
                    low_code.as_str().to_owned(),
                    format!(
                        "`{low_code}` ({}) leaves no value below `{high_code}` ({})",
                        low.json, high.json
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(feature = "pattern")]
fn compile(source: &str) -> Result<Regex, String> {
    match regex_lite::Regex::new(source) {
        Ok(engine) => Ok(Regex {
            source: source.to_owned(),
            engine,
        }),
        Err(e) => Err(format!("invalid pattern: {e}")),
    }
}

#[cfg(not(feature = "pattern"))]
fn compile(source: &str) -> Result<Regex, String> {
    Ok(Regex {
        source: source.to_owned(),
        engine: (),
    })
}

/// Checks `value` against the constraints `schema` carries.
pub(crate) fn validate(schema: &Schema, value: &Value) -> Result<(), Report> {
    let plan = schema.constraints();
    if plan.is_empty() {
        return Ok(());
    }
    let mut c = Collector::new();
    walk(schema, plan, schema.root_id(), value, &mut c);
    c.finish()
}

fn walk(schema: &Schema, plan: &Plan, id: NodeId, value: &Value, c: &mut Collector) {
    if let Some(constraints) = plan.nodes.get(&id) {
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
                if let Some(constraints) = plan.fields.get(&(id, i)) {
                    apply(schema, field.schema, constraints, field_value, c);
                }
                walk(schema, plan, field.schema, field_value, c);
                c.leave();
            }
        }
        (Type::Array(items), Value::Array(values)) => {
            for (i, v) in values.iter().enumerate() {
                c.enter_index(i);
                walk(schema, plan, *items, v, c);
                c.leave();
            }
        }
        (Type::Map(values), Value::Map(entries)) => {
            for (k, v) in entries {
                c.enter_key(k);
                walk(schema, plan, *values, v, c);
                c.leave();
            }
        }
        (Type::Union(_), _) => {
            if let Some((branch, v)) = branch_of(schema, id, value) {
                walk(schema, plan, branch, v, c);
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
                (v, m) => super::MultipleOf::multiple_of(&v.as_f64(), &m.as_f64()),
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
                for (i, v) in values.iter().enumerate() {
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
