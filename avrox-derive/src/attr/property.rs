//! `property(key = "...", value = ...)`: a custom property the schema
//! carries (`connect.name`, `avro.java.string`, ...), on the type or on a
//! field, printed with the schema and kept by every Avro implementation.

use syn::meta::ParseNestedMeta;
use syn::{Expr, ExprLit, Lit, LitStr, Token};

use super::constraints::Literal;
use super::{skip_value, ungroup};
use crate::ctxt::Ctxt;

/// One custom property: its key and its value as compact JSON text.
pub struct Property {
    pub key: LitStr,
    pub json: String,
}

/// Where a property is written, and the keys the specification (or the
/// derive's own attributes) give a meaning there.
#[derive(Clone, Copy)]
pub enum Place {
    Type,
    Field,
}

impl Place {
    fn reserved(self) -> &'static [&'static str] {
        match self {
            // A record's, an enum's and a fixed's keys, and the logical
            // types' (which have their own attributes).
            Place::Type => &[
                "type",
                "name",
                "namespace",
                "doc",
                "aliases",
                "fields",
                "symbols",
                "default",
                "size",
                "logicalType",
                "precision",
                "scale",
                "avrox.constraints",
            ],
            Place::Field => &[
                "name",
                "type",
                "doc",
                "default",
                "order",
                "aliases",
                "avrox.constraints",
            ],
        }
    }
}

/// Parses `property(key = "k", value = literal)` or `property(key = "k",
/// json = "any JSON")` into `into`; a reserved or repeated key, a missing
/// or doubled value and JSON that does not parse are errors at the
/// attribute's part at fault.
pub fn parse(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    place: Place,
    into: &mut Vec<Property>,
) -> syn::Result<()> {
    const USAGE: &str = "expected `property(key = \"...\", value = \"...\")`, or `json = \"...\"` for any JSON value";
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(&meta.path, USAGE);
        return skip_value(meta);
    }
    let mut key: Option<LitStr> = None;
    let mut json: Option<String> = None;
    let mut valued = false;
    meta.parse_nested_meta(|inner| {
        let name = inner
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        match name.as_str() {
            "key" | "value" | "json" if !inner.input.peek(Token![=]) => {
                cx.error_spanned_by(&inner.path, format!("expected `{name} = ...`"));
                skip_value(&inner)
            }
            "key" => {
                let expr = ungroup(inner.value()?.parse()?);
                match expr {
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(s), ..
                    }) if key.is_none() => key = Some(s),
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(s), ..
                    }) => cx.error_spanned_by(&s, "a property has one `key`"),
                    other => cx.error_spanned_by(
                        &other,
                        "expected a string literal: `key = \"connect.name\"`",
                    ),
                }
                Ok(())
            }
            "value" | "json" => {
                let expr = ungroup(inner.value()?.parse()?);
                if valued {
                    cx.error_spanned_by(
                        &inner.path,
                        "a property has one value: `value = ...` or `json = \"...\"`",
                    );
                    return Ok(());
                }
                valued = true;
                json = if name == "value" {
                    literal_json(cx, &expr)
                } else {
                    json_text(cx, &expr)
                };
                Ok(())
            }
            _ => {
                cx.error_spanned_by(&inner.path, format!("unknown part of `property`: {USAGE}"));
                skip_value(&inner)
            }
        }
    })?;
    let Some(key) = key else {
        cx.error_spanned_by(&meta.path, format!("`property` without a `key`: {USAGE}"));
        return Ok(());
    };
    let text = key.value();
    if place.reserved().contains(&text.as_str()) {
        let what = match place {
            Place::Type => "a named type",
            Place::Field => "a field",
        };
        cx.error_spanned_by(
            &key,
            format!(
                "`{text}` is an attribute Avro defines for {what}, not a custom property: it has an avro attribute of its own, or is derived from the Rust type"
            ),
        );
        return Ok(());
    }
    if text.is_empty() {
        cx.error_spanned_by(&key, "a property's key is not empty");
        return Ok(());
    }
    if into.iter().any(|p| p.key.value() == text) {
        cx.error_spanned_by(&key, format!("the property `{text}` is given twice"));
        return Ok(());
    }
    match json {
        Some(json) => into.push(Property { key, json }),
        // A value that was given is wrong, and reported where it is.
        None if valued => {}
        None => cx.error_spanned_by(&key, format!("`property` without a value: {USAGE}")),
    }
    Ok(())
}

/// `value = "text" | 12 | -1.5 | true`: the literal as JSON.
fn literal_json(cx: &Ctxt, expr: &Expr) -> Option<String> {
    match Literal::of(expr) {
        Some(Literal::Float(f)) if !f.is_finite() => {
            cx.error_spanned_by(expr, "JSON has no infinite or NaN numbers");
            None
        }
        Some(literal) => Some(literal.json()),
        None => {
            cx.error_spanned_by(
                expr,
                "expected a string, number or bool literal; write any other JSON value as `json = \"...\"`",
            );
            None
        }
    }
}

/// `json = "..."`: the text, checked and made compact.
fn json_text(cx: &Ctxt, expr: &Expr) -> Option<String> {
    let Expr::Lit(ExprLit {
        lit: Lit::Str(s), ..
    }) = expr
    else {
        cx.error_spanned_by(
            expr,
            "expected a string literal holding JSON: `json = r#\"{\"a\": 1}\"#`",
        );
        return None;
    };
    match serde_json::from_str::<serde_json::Value>(&s.value()) {
        Ok(value) => Some(value.to_string()),
        Err(e) => {
            cx.error_spanned_by(s, format!("invalid JSON: {e}"));
            None
        }
    }
}
