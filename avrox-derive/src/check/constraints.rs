//! Compile-time checks of constraints: each applies to the field's type as
//! far as the derive can see it, literal bounds leave some value possible,
//! a `pattern` literal compiles, and a literal default meets its own
//! field's constraints (else every decode that fills it would fail).

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{GenericArgument, PathArguments, Type};

use crate::ast::Field;
use crate::attr::DefaultValue;
use crate::attr::constraints::{BoundKind, Constraint, Constraints, Kind, Literal};
use crate::ctxt::Ctxt;

/// What a type is, as far as its spelling tells. `Unknown` types (decimals,
/// dates, the user's own) are left to the trait bounds of the generated
/// code.
#[derive(Clone, Copy)]
pub enum Shape<'a> {
    Text,
    /// A sequence, set or map, and the type of its elements (a map's values).
    Collection(Option<&'a Type>),
    Option(Option<&'a Type>),
    Bool,
    Int,
    Float,
    Unknown,
}

impl Shape<'_> {
    fn words(self) -> &'static str {
        match self {
            Shape::Text => "a string",
            Shape::Collection(_) => "a collection",
            Shape::Option(_) => "an `Option`",
            Shape::Bool => "a `bool`",
            Shape::Int | Shape::Float => "a number",
            Shape::Unknown => "this type",
        }
    }
}

/// The shape of `ty`.
pub fn shape(ty: &Type) -> Shape<'_> {
    match ty {
        Type::Reference(r) => shape(&r.elem),
        Type::Paren(p) => shape(&p.elem),
        Type::Group(g) => shape(&g.elem),
        Type::Slice(s) => Shape::Collection(Some(&s.elem)),
        Type::Array(a) => Shape::Collection(Some(&a.elem)),
        Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else {
                return Shape::Unknown;
            };
            let args: Vec<&Type> = match &last.arguments {
                PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|arg| match arg {
                        GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            match last.ident.to_string().as_str() {
                "String" | "str" => Shape::Text,
                "Cow" | "Box" | "Rc" | "Arc" => match args.first().map(|t| shape(t)) {
                    Some(Shape::Text) => Shape::Text,
                    Some(Shape::Collection(item)) if matches!(args[0], Type::Slice(_)) => {
                        Shape::Collection(item)
                    }
                    _ => Shape::Unknown,
                },
                "Vec" | "VecDeque" | "HashSet" | "BTreeSet" => {
                    Shape::Collection(args.first().copied())
                }
                "HashMap" | "BTreeMap" => Shape::Collection(args.get(1).copied()),
                "Bytes" => Shape::Collection(None),
                "Option" => Shape::Option(args.first().copied()),
                "bool" => Shape::Bool,
                "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64"
                | "u128" | "usize" => Shape::Int,
                "f32" | "f64" => Shape::Float,
                _ => Shape::Unknown,
            }
        }
        _ => Shape::Unknown,
    }
}

/// Checks a field's constraints and its default against them.
pub fn check_field(cx: &Ctxt, field: &Field<'_>) {
    let constraints = &field.attrs.constraints;
    if constraints.is_empty() {
        return;
    }
    if let Some(skip) = field.attrs.skip.tokens() {
        cx.error_spanned_by(
            skip,
            "a skipped field is neither written nor read, so its constraints would never be checked; remove them or `skip`",
        );
        return;
    }
    check_list(cx, constraints, Some(field.ty));
    if let (Some(default), Some(tokens)) = (field.attrs.default.get(), field.attrs.default.tokens())
    {
        let literal = match default {
            DefaultValue::Expr(expr) => Literal::of(expr),
            DefaultValue::Trait => match shape(field.ty) {
                Shape::Int => Some(Literal::Int(0)),
                Shape::Float => Some(Literal::Float(0.0)),
                Shape::Text => Some(Literal::Str(String::new())),
                Shape::Bool => Some(Literal::Bool(false)),
                _ => None,
            },
        };
        let empty_collection = matches!(default, DefaultValue::Trait)
            && matches!(shape(field.ty), Shape::Collection(_));
        for c in &constraints.list {
            let broken = match &literal {
                Some(literal) => breaks(literal, &c.kind),
                None if empty_collection => breaks_empty(&c.kind),
                None => None,
            };
            if let Some(why) = broken {
                let shown = match &literal {
                    Some(l) => l.json(),
                    None => "empty".into(),
                };
                let mut tokens: TokenStream = tokens.clone();
                if let DefaultValue::Expr(expr) = default {
                    tokens.extend(quote::quote!(= #expr));
                }
                cx.error_spanned_by(
                    tokens,
                    format!(
                        "this default ({shown}) breaks the field's own constraint `{}`: it {why}; every value decoded without this field would be refused",
                        render(&c.kind)
                    ),
                );
            }
        }
    }
}

/// Why a `pattern` is refused when the derive was built without regex
/// engines.
#[cfg(not(feature = "pattern"))]
pub const NO_PATTERN_FEATURE: &str = "the `pattern` constraint needs avrox's `pattern` feature, \
     which is off in this build: enable it (`avrox = { features = [\"pattern\"] }`, \
     on by default)";

/// Checks constraints on values of `ty` (unknown inside an `inner` whose
/// element type the derive cannot see).
fn check_list(cx: &Ctxt, constraints: &Constraints, ty: Option<&Type>) {
    let shape = ty.map_or(Shape::Unknown, shape);
    for c in &constraints.list {
        applies(cx, c, shape);
        match &c.kind {
            #[cfg(feature = "pattern")]
            Kind::Pattern(lit) => {
                if let Err(e) = regex_lite::Regex::new(&lit.value()) {
                    cx.error_spanned_by(lit, format!("invalid pattern: {e}"));
                }
            }
            #[cfg(not(feature = "pattern"))]
            Kind::Pattern(_) => cx.error_spanned_by(&c.tokens, NO_PATTERN_FEATURE),
            Kind::MultipleOf(expr) => {
                if let Some(n) = Literal::of(expr).and_then(|l| l.number())
                    && n <= 0.0
                {
                    cx.error_spanned_by(expr, "`multiple_of` must be positive");
                }
            }
            Kind::OneOf(items) if items.is_empty() => {
                cx.error_spanned_by(&c.tokens, "no value could be one of an empty list");
            }
            Kind::Length {
                min: Some(min),
                max: Some(max),
            } => {
                if let (Some(Literal::Int(a)), Some(Literal::Int(b))) =
                    (Literal::of(min), Literal::of(max))
                    && a > b
                {
                    cx.error_spanned_by(
                        max,
                        format!("the length's `min` ({a}) is greater than its `max` ({b}): no value could pass"),
                    );
                }
            }
            Kind::Inner(inner) => {
                let element = match shape {
                    Shape::Collection(item) | Shape::Option(item) => item,
                    _ => None,
                };
                check_list(cx, inner, element);
            }
            _ => {}
        }
    }
    check_bounds(cx, constraints);
}

/// Whether the constraint applies to a value of this shape.
fn applies(cx: &Ctxt, c: &Constraint, shape: Shape<'_>) {
    let key = match &c.kind {
        Kind::Bound(b, _) => b.key(),
        Kind::MultipleOf(_) => "multiple_of",
        Kind::Length { .. } => "length",
        Kind::NonEmpty => "non_empty",
        Kind::Pattern(_) => "pattern",
        Kind::Inner(_) => "inner",
        Kind::OneOf(_) | Kind::Custom(_) => return,
    };
    let numeric = matches!(
        key,
        "min" | "max" | "exclusive_min" | "exclusive_max" | "multiple_of"
    );
    let message = match (shape, key) {
        (Shape::Unknown, _) => return,
        (Shape::Option(_), _) if key != "inner" => format!(
            "`{key}` does not apply to an `Option`: use `inner({})` to check the value inside",
            match key {
                "non_empty" => "non_empty".to_owned(),
                "length" => "length(..)".to_owned(),
                _ => format!("{key} = .."),
            }
        ),
        (Shape::Int | Shape::Float, _) if numeric => return,
        (Shape::Text, "length" | "non_empty" | "pattern") => return,
        (Shape::Collection(_), "length" | "non_empty" | "inner") => return,
        (Shape::Option(_), "inner") => return,
        (Shape::Text, _) if numeric => format!(
            "`{key}` does not apply to a string: use `length({}= ..)` for its length in characters",
            if key.contains("max") { "max " } else { "min " }
        ),
        (Shape::Collection(_), _) if numeric => format!(
            "`{key}` does not apply to a collection: use `length({}= ..)` for its number of items, or `inner({key} = ..)` for its items",
            if key.contains("max") { "max " } else { "min " }
        ),
        (Shape::Int | Shape::Float, "length" | "non_empty") => format!(
            "`{key}` applies to strings, bytes and collections, not to a number: use `min` and `max` for its value"
        ),
        (_, "pattern") => format!("`pattern` applies to strings, not to {}", shape.words()),
        (_, "inner") => format!(
            "`inner` applies to sequences, maps and `Option`, not to {}",
            shape.words()
        ),
        _ => format!("`{key}` does not apply to {}", shape.words()),
    };
    cx.error_spanned_by(&c.tokens, message);
}

/// Refuses literal bounds that leave no value: `min = 5, max = 3`.
fn check_bounds(cx: &Ctxt, constraints: &Constraints) {
    let bounds: Vec<(BoundKind, &syn::Expr, Literal)> = constraints
        .list
        .iter()
        .filter_map(|c| match &c.kind {
            Kind::Bound(b, e) => Literal::of(e).map(|l| (*b, &**e, l)),
            _ => None,
        })
        .collect();
    for (low_kind, _, low) in bounds.iter().filter(|(b, ..)| b.is_lower()) {
        for (high_kind, high_expr, high) in bounds.iter().filter(|(b, ..)| !b.is_lower()) {
            let strict =
                *low_kind == BoundKind::ExclusiveMin || *high_kind == BoundKind::ExclusiveMax;
            let empty = match low.cmp_number(high) {
                Some(std::cmp::Ordering::Greater) => true,
                Some(std::cmp::Ordering::Equal) => strict,
                _ => false,
            };
            if empty {
                cx.error_spanned_by(
                    high_expr,
                    format!(
                        "`{}` ({}) is {} `{}` ({}): no value could pass",
                        low_kind.key(),
                        low.json(),
                        if low.cmp_number(high) == Some(std::cmp::Ordering::Equal) {
                            "equal to"
                        } else {
                            "greater than"
                        },
                        high_kind.key(),
                        high.json()
                    ),
                );
            }
        }
    }
}

/// Why `literal` breaks the constraint, if it does and the derive can tell.
fn breaks(literal: &Literal, kind: &Kind) -> Option<String> {
    match (kind, literal) {
        (Kind::Bound(b, e), value) => {
            let bound = Literal::of(e)?;
            let ord = value.cmp_number(&bound)?;
            use std::cmp::Ordering::*;
            let ok = match b {
                BoundKind::Min => ord != Less,
                BoundKind::Max => ord != Greater,
                BoundKind::ExclusiveMin => ord == Greater,
                BoundKind::ExclusiveMax => ord == Less,
            };
            let verb = match b {
                BoundKind::Min => "is below",
                BoundKind::Max => "is above",
                BoundKind::ExclusiveMin => "is not above",
                BoundKind::ExclusiveMax => "is not below",
            };
            (!ok).then(|| format!("{verb} {}", bound.json()))
        }
        (Kind::MultipleOf(e), value) => {
            let (Literal::Int(v), Literal::Int(m)) = (value, Literal::of(e)?) else {
                return None;
            };
            (m != 0 && v % m != 0).then(|| format!("is not a multiple of {m}"))
        }
        (Kind::Length { min, max }, Literal::Str(s)) => {
            let len = s.chars().count() as i128;
            let lit = |e: &Option<Box<syn::Expr>>| match e.as_deref().and_then(Literal::of) {
                Some(Literal::Int(i)) => Some(i),
                _ => None,
            };
            if let Some(min) = lit(min).filter(|m| len < *m) {
                return Some(format!("has {len} characters, fewer than {min}"));
            }
            lit(max)
                .filter(|m| len > *m)
                .map(|max| format!("has {len} characters, more than {max}"))
        }
        (Kind::NonEmpty, Literal::Str(s)) => s.is_empty().then(|| "is empty".to_owned()),
        #[cfg(feature = "pattern")]
        (Kind::Pattern(p), Literal::Str(s)) => {
            let regex = regex_lite::Regex::new(&p.value()).ok()?;
            (!regex.is_match(s)).then(|| format!("does not match {:?}", p.value()))
        }
        (Kind::OneOf(items), value) => {
            let literals: Option<Vec<Literal>> = items.iter().map(Literal::of).collect();
            let literals = literals?;
            let found = literals.iter().any(|l| match (l, value) {
                (a @ (Literal::Int(_) | Literal::Float(_)), b) => {
                    a.cmp_number(b) == Some(std::cmp::Ordering::Equal)
                }
                (a, b) => a == b,
            });
            (!found).then(|| "is not one of the listed values".to_owned())
        }
        _ => None,
    }
}

/// Why an empty collection breaks the constraint, if it does.
fn breaks_empty(kind: &Kind) -> Option<String> {
    match kind {
        Kind::NonEmpty => Some("is empty".into()),
        Kind::Length { min: Some(min), .. } => match Literal::of(min) {
            Some(Literal::Int(m)) if m > 0 => Some(format!("has 0 items, fewer than {m}")),
            _ => None,
        },
        _ => None,
    }
}

/// A constraint as written, for messages: `min = 1`, `length(..)`.
fn render(kind: &Kind) -> String {
    let text = match kind {
        Kind::Bound(b, e) => format!("{} = {}", b.key(), e.to_token_stream()),
        Kind::MultipleOf(e) => format!("multiple_of = {}", e.to_token_stream()),
        Kind::Length { .. } => "length(..)".into(),
        Kind::NonEmpty => "non_empty".into(),
        Kind::Pattern(p) => format!("pattern = {:?}", p.value()),
        Kind::OneOf(_) => "one_of = [..]".into(),
        Kind::Custom(p) => format!("custom = {}", p.to_token_stream()),
        Kind::Inner(_) => "inner(..)".into(),
    };
    text.replace(" . ", ".").replace("- ", "-")
}
