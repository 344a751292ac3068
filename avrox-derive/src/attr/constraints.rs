//! Validation constraints in `#[avro(...)]`: `min`, `max`,
//! `exclusive_min`, `exclusive_max`, `length(..)`, `non_empty`, `pattern`,
//! `one_of`, `multiple_of`, `custom`, `inner(..)` on fields, and `validate`
//! on containers; parsed here, checked against the field's type and
//! default in [`check`].

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Expr, ExprLit, ExprUnary, Lit, LitStr, Path, UnOp};

use super::{Attr, did_you_mean, flag, lit_str, path, skip_value, ungroup};
use crate::ctxt::Ctxt;

/// The keys of field constraints (inside `inner(..)` too).
pub const KEYS: &[&str] = &[
    "min",
    "max",
    "exclusive_min",
    "exclusive_max",
    "length",
    "non_empty",
    "pattern",
    "one_of",
    "multiple_of",
    "custom",
    "inner",
];

/// A comparison with a bound.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum BoundKind {
    Min,
    Max,
    ExclusiveMin,
    ExclusiveMax,
}

impl BoundKind {
    pub fn key(self) -> &'static str {
        match self {
            BoundKind::Min => "min",
            BoundKind::Max => "max",
            BoundKind::ExclusiveMin => "exclusive_min",
            BoundKind::ExclusiveMax => "exclusive_max",
        }
    }

    /// Whether this bound is from below.
    pub fn is_lower(self) -> bool {
        matches!(self, BoundKind::Min | BoundKind::ExclusiveMin)
    }
}

pub enum Kind {
    Bound(BoundKind, Box<Expr>),
    Length {
        min: Option<Box<Expr>>,
        max: Option<Box<Expr>>,
    },
    NonEmpty,
    Pattern(LitStr),
    OneOf(Vec<Expr>),
    MultipleOf(Box<Expr>),
    Custom(Path),
    Inner(Constraints),
}

/// One constraint, with the tokens that wrote it (for errors).
pub struct Constraint {
    pub kind: Kind,
    pub tokens: TokenStream,
}

/// The constraints of a field (or of its elements, inside `inner`), in the
/// order they were written.
#[derive(Default)]
pub struct Constraints {
    pub list: Vec<Constraint>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Parses the constraint `key` (one of [`KEYS`]).
    pub fn parse(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<()> {
        let tokens = meta.path.to_token_stream();
        let kind = match key {
            "min" | "max" | "exclusive_min" | "exclusive_max" => {
                let bound = match key {
                    "min" => BoundKind::Min,
                    "max" => BoundKind::Max,
                    "exclusive_min" => BoundKind::ExclusiveMin,
                    _ => BoundKind::ExclusiveMax,
                };
                expr(cx, meta, key)?.map(|e| Kind::Bound(bound, Box::new(e)))
            }
            "multiple_of" => expr(cx, meta, key)?.map(|e| Kind::MultipleOf(Box::new(e))),
            "non_empty" => {
                flag(cx, meta)?;
                Some(Kind::NonEmpty)
            }
            "pattern" => lit_str(cx, meta)?.map(Kind::Pattern),
            "custom" => path(cx, meta)?.map(Kind::Custom),
            "one_of" => match expr(cx, meta, key)? {
                Some(Expr::Array(array)) => Some(Kind::OneOf(array.elems.into_iter().collect())),
                Some(other) => {
                    cx.error_spanned_by(&other, "expected a list of values: `one_of = [a, b, ..]`");
                    None
                }
                None => None,
            },
            "length" => length(cx, meta)?,
            "inner" => {
                if !meta.input.peek(syn::token::Paren) {
                    cx.error_spanned_by(
                        &meta.path,
                        "expected constraints in parentheses: `inner(min = 0)`",
                    );
                    return skip_value(meta);
                }
                let mut inner = Constraints::default();
                let mut unknown = false;
                meta.parse_nested_meta(|nested| {
                    let key = nested
                        .path
                        .get_ident()
                        .map(|i| i.to_string())
                        .unwrap_or_default();
                    match KEYS.iter().find(|k| **k == key) {
                        Some(k) => inner.parse(cx, &nested, k),
                        None => {
                            let mut message = format!("unknown constraint `{key}` in `inner`");
                            match did_you_mean(&key, KEYS) {
                                Some(close) => {
                                    message.push_str(&format!("; did you mean `{close}`?"))
                                }
                                None => {
                                    message.push_str(&format!("; expected one of {}", list(KEYS)))
                                }
                            }
                            cx.error_spanned_by(&nested.path, message);
                            unknown = true;
                            skip_value(&nested)
                        }
                    }
                })?;
                if inner.is_empty() {
                    if !unknown {
                        cx.error_spanned_by(
                            &meta.path,
                            "`inner(..)` needs at least one constraint",
                        );
                    }
                    None
                } else {
                    Some(Kind::Inner(inner))
                }
            }
            _ => unreachable!("keys are checked against KEYS"),
        };
        if let Some(kind) = kind {
            if self.list.iter().any(|c| same_key(&c.kind, &kind)) {
                cx.error_spanned_by(&tokens, format!("duplicate constraint `{key}`"));
            } else {
                self.list.push(Constraint { kind, tokens });
            }
        }
        Ok(())
    }
}

fn same_key(a: &Kind, b: &Kind) -> bool {
    match (a, b) {
        (Kind::Bound(x, _), Kind::Bound(y, _)) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `key = <expression>`.
fn expr(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<Option<Expr>> {
    if !meta.input.peek(syn::Token![=]) {
        cx.error_spanned_by(&meta.path, format!("expected a value: `{key} = ...`"));
        return skip_value(meta).map(|_| None);
    }
    Ok(Some(ungroup(meta.value()?.parse()?)))
}

/// `length(min = a, max = b)`.
fn length(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Kind>> {
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(&meta.path, "expected `length(min = .., max = ..)`");
        return skip_value(meta).map(|_| None);
    }
    let mut min: Attr<Expr> = Attr::none("min");
    let mut max: Attr<Expr> = Attr::none("max");
    meta.parse_nested_meta(|inner| {
        let key = inner
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let slot = match key.as_str() {
            "min" => &mut min,
            "max" => &mut max,
            _ => {
                cx.error_spanned_by(
                    &inner.path,
                    format!("unknown `length` key `{key}`; expected `min` or `max`"),
                );
                return skip_value(&inner);
            }
        };
        let value: Expr = ungroup(inner.value()?.parse()?);
        slot.set(cx, &inner.path, value);
        Ok(())
    })?;
    if !min.is_set() && !max.is_set() {
        cx.error_spanned_by(
            &meta.path,
            "`length` needs a `min` or a `max`: `length(min = 1, max = 64)`",
        );
        return Ok(None);
    }
    Ok(Some(Kind::Length {
        min: min.value.map(|(_, e)| Box::new(e)),
        max: max.value.map(|(_, e)| Box::new(e)),
    }))
}

/// A literal the derive can read at compile time.
#[derive(Clone, PartialEq)]
pub enum Literal {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
}

impl Literal {
    /// The literal of an expression: a number (maybe negated), a string or
    /// a bool, and a string turned into a `String` by `.into()`,
    /// `.to_string()`, `.to_owned()` or `String::from`.
    pub fn of(expr: &Expr) -> Option<Literal> {
        match expr {
            Expr::Group(g) => Literal::of(&g.expr),
            Expr::Paren(p) => Literal::of(&p.expr),
            Expr::Lit(ExprLit { lit, .. }) => match lit {
                Lit::Int(i) => i.base10_parse::<i128>().ok().map(Literal::Int),
                Lit::Float(f) => f.base10_parse::<f64>().ok().map(Literal::Float),
                Lit::Str(s) => Some(Literal::Str(s.value())),
                Lit::Bool(b) => Some(Literal::Bool(b.value)),
                _ => None,
            },
            Expr::Unary(ExprUnary {
                op: UnOp::Neg(_),
                expr,
                ..
            }) => match Literal::of(expr)? {
                Literal::Int(i) => Some(Literal::Int(-i)),
                Literal::Float(f) => Some(Literal::Float(-f)),
                _ => None,
            },
            Expr::MethodCall(call)
                if call.args.is_empty()
                    && ["into", "to_string", "to_owned"]
                        .contains(&call.method.to_string().as_str()) =>
            {
                match Literal::of(&call.receiver)? {
                    s @ Literal::Str(_) => Some(s),
                    _ => None,
                }
            }
            Expr::Call(call) if call.args.len() == 1 => {
                let Expr::Path(p) = &*call.func else {
                    return None;
                };
                let segments: Vec<String> = p
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                match (segments.as_slice(), Literal::of(&call.args[0])?) {
                    ([.., ty, f], s @ Literal::Str(_)) if ty == "String" && f == "from" => Some(s),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    pub fn number(&self) -> Option<f64> {
        match self {
            Literal::Int(i) => Some(*i as f64),
            Literal::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The literal as JSON text, floats as Rust's `Debug` writes them
    /// (`1.0`, `0.25`), which is also how the runtime prints them.
    pub fn json(&self) -> String {
        match self {
            Literal::Int(i) => i.to_string(),
            Literal::Float(f) if f.is_finite() => format!("{f:?}"),
            Literal::Float(_) => "null".into(),
            Literal::Str(s) => json_string(s),
            Literal::Bool(b) => b.to_string(),
        }
    }

    /// The literal as a float literal for a float field (`1` for an `f64`
    /// is `1.0`, which Rust would not infer).
    pub fn as_float(&self) -> Option<Literal> {
        match self {
            Literal::Int(i) => Some(Literal::Float(*i as f64)),
            Literal::Float(f) => Some(Literal::Float(*f)),
            _ => None,
        }
    }

    /// Compares two numbers, exactly when both are integers.
    pub fn cmp_number(&self, other: &Literal) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Literal::Int(a), Literal::Int(b)) => Some(a.cmp(b)),
            (a, b) => a.number()?.partial_cmp(&b.number()?),
        }
    }
}

/// A JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The container's `validate = path`.
pub fn parse_container_validate(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    into: &mut Attr<Path>,
) -> syn::Result<()> {
    if let Some(p) = path(cx, meta)? {
        into.set(cx, &meta.path, p);
    }
    Ok(())
}
