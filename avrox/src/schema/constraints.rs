//! Constraints carried in a schema (the attribute `"avrox.constraints"` of
//! a field, or of an unnamed type a derive wrote): schema data, parsed,
//! checked against the type they constrain and compiled here, when the
//! schema is parsed, and stored on the field or node they belong to.
//! Applying them to values lives with the values' checks
//! (`value::constraints`).

use std::fmt;
use std::sync::Arc;

use serde_json::Value as Json;

use super::{LogicalType, Node, NodeId, Schema, Type};
use crate::validate::report::Code;

/// The compiled constraints of one field or node, when it has any.
///
/// They are a function of the `"avrox.constraints"` attribute beside them
/// and of the type they constrain, which the field's or node's equality
/// and `Debug` already cover: any two are equal, and `Debug` shows only
/// whether they are set.
#[derive(Clone, Default)]
pub(crate) struct Compiled(pub(crate) Option<Arc<Constraints>>);

impl PartialEq for Compiled {
    fn eq(&self, _: &Compiled) -> bool {
        true
    }
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "compiled" } else { "none" })
    }
}

impl Compiled {
    /// The constraints, if any.
    pub(crate) fn get(&self) -> Option<&Constraints> {
        self.0.as_deref()
    }
}

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

/// One field's constraints, checked against the field's type.
#[derive(Clone, Debug, Default)]
pub(crate) struct Constraints {
    pub(crate) bounds: Vec<(Code, Bound)>,
    pub(crate) length: Option<(Option<u64>, Option<u64>)>,
    pub(crate) non_empty: bool,
    pub(crate) pattern: Option<Regex>,
    pub(crate) one_of: Option<Vec<Json>>,
    pub(crate) multiple_of: Option<Bound>,
    pub(crate) inner: Option<Box<Constraints>>,
}

#[derive(Clone, Debug)]
pub(crate) struct Bound {
    pub(crate) json: Json,
    pub(crate) number: Number,
}

#[cfg(feature = "pattern")]
pub(crate) type Engine = regex_lite::Regex;
/// Without the `pattern` feature, patterns are kept but not checked.
#[cfg(not(feature = "pattern"))]
pub(crate) type Engine = ();

#[derive(Clone, Debug)]
pub(crate) struct Regex {
    pub(crate) source: String,
    #[cfg_attr(not(feature = "pattern"), allow(dead_code))]
    pub(crate) engine: Engine,
}

/// A number compared exactly when both sides are integers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    pub(crate) fn partial_cmp(self, other: Number) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }

    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

/// What a node's values are, for which constraints apply.
#[derive(PartialEq)]
pub(crate) enum Kind {
    Number,
    Text,
    Sized,
    Scalar,
    Elements,
    Other,
}

pub(crate) fn kind(node: &Node) -> Kind {
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

pub(crate) fn join(a: &str, b: &str) -> String {
    if b.is_empty() {
        a.to_owned()
    } else {
        format!("{a}.{b}")
    }
}

pub(crate) fn bound(json: &Json) -> Result<Bound, String> {
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

pub(crate) fn length(json: &Json) -> Result<(Option<u64>, Option<u64>), String> {
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
pub(crate) fn check_bounds(c: &Constraints) -> Result<(), ParseError> {
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
pub(crate) fn compile(source: &str) -> Result<Regex, String> {
    match regex_lite::Regex::new(source) {
        Ok(engine) => Ok(Regex {
            source: source.to_owned(),
            engine,
        }),
        Err(e) => Err(format!("invalid pattern: {e}")),
    }
}

#[cfg(not(feature = "pattern"))]
pub(crate) fn compile(source: &str) -> Result<Regex, String> {
    Ok(Regex {
        source: source.to_owned(),
        engine: (),
    })
}
