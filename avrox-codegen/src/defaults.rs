//! A field's JSON default as the Rust expression of `#[avro(default = ..)]`.
//!
//! The derive turns the expression's value back into the schema's default
//! (a union's by its first branch the JSON fits), so the expression is the
//! value the JSON stands for in the field's Rust type. Every default
//! becomes one, or an error: a dropped default would change how old data
//! is read.

use avrox::schema::{LogicalType, Type};
use proc_macro2::{Literal, TokenStream, TokenTree};
use quote::quote;
use serde_json::Value as Json;

use crate::logical_defaults;
use crate::options::MapType;
use crate::plan::{NodeRef, Plan};
use crate::types::{field_idents, ident};

/// Why a default has no expression: a sentence that follows "the default".
pub(crate) type Why = String;

impl Plan<'_> {
    /// The expression for `json` in the type `owner` gives `at` (held by
    /// value when `by_value`; a field's own type, with the attributes that
    /// pick its logical type's Rust type, when `field`), written in the
    /// attribute of a field of `site` (paths start from its module), or
    /// why the Rust type cannot hold it.
    pub(crate) fn default_expr(
        &self,
        at: NodeRef,
        json: &Json,
        owner: usize,
        site: usize,
        by_value: bool,
        field: bool,
    ) -> Result<TokenStream, Why> {
        if let Some(branch) = self.option_branch(at) {
            return match json {
                Json::Null => Ok(quote!(None)),
                _ => {
                    let inner = self.default_expr(branch, json, owner, site, by_value, field)?;
                    Ok(quote!(Some(#inner)))
                }
            };
        }
        let node = self.node(at);
        if let Some(logical) = self.logical(at, field) {
            if logical.primitive {
                return self.plain_default(at, json);
            }
            let kind = node.logical_type().ok_or("has no logical type")?;
            return logical_defaults::expr(kind, json, self.options.time, self.options.decimal);
        }
        if node.logical_type().is_some() && node.name().is_none() {
            return self.plain_default(at, json);
        }
        if let Some(def) = self.def_of(at) {
            let path = self.path_to(def, site);
            let value = match node.ty() {
                Type::Record(record) => {
                    let object = json.as_object().ok_or_else(|| not_a("an object", json))?;
                    let fields = record
                        .fields
                        .iter()
                        .zip(field_idents(record))
                        .map(|(field, member)| {
                            let member = ident(&member);
                            let value = object
                                .get(&field.name)
                                .or(field.default.as_ref())
                                .ok_or_else(|| format!("has no field '{}'", field.name))?;
                            let expr = self
                                .default_expr(at.with(field.schema), value, def, site, true, true)
                                .map_err(|why| format!("'s field '{}' {why}", field.name))?;
                            // prettyplease prints `a: ::b` in an attribute
                            // as `a:::b`, which Rust reads as `a:: :b`.
                            let starts_with_colon = matches!(
                                expr.clone().into_iter().next(),
                                Some(TokenTree::Punct(p)) if p.as_char() == ':'
                            );
                            Ok(if starts_with_colon {
                                quote!(#member: (#expr))
                            } else {
                                quote!(#member: #expr)
                            })
                        })
                        .collect::<Result<Vec<_>, Why>>()?;
                    quote!(#path { #(#fields),* })
                }
                Type::Enum(e) => {
                    let symbol = json.as_str().ok_or_else(|| not_a("a symbol", json))?;
                    let variant = e
                        .symbols
                        .iter()
                        .position(|s| s == symbol)
                        .and_then(|position| self.enum_variants(def).get(position).cloned())
                        .ok_or_else(|| not_a("a symbol", json))?;
                    let variant = ident(&variant);
                    quote!(#path::#variant)
                }
                Type::Fixed(fixed) => {
                    let bytes = bytes_of(json).ok_or_else(|| not_a("a string of bytes", json))?;
                    if bytes.len() != fixed.size {
                        return Err(format!("is not {} bytes", fixed.size));
                    }
                    quote!(#path([#(#bytes),*]))
                }
                Type::Union(union) => {
                    let (index, branch) = union
                        .variants
                        .iter()
                        .enumerate()
                        .find(|(_, b)| self.fits(at.with(**b), json))
                        .ok_or_else(|| not_a("a value of the union's branches", json))?;
                    let branch = at.with(*branch);
                    let variant = self
                        .union_variants(def)
                        .get(index)
                        .map(|v| ident(v))
                        .ok_or("has no variant")?;
                    let inner = self.default_expr(branch, json, def, site, true, false)?;
                    quote!(#path::#variant(#inner))
                }
                _ => return Err("has no Rust expression".to_owned()),
            };
            return Ok(if by_value && self.needs_box(owner, def) {
                quote!(Box::new(#value))
            } else {
                value
            });
        }
        match node.ty() {
            Type::Array(items) => {
                let items = json
                    .as_array()
                    .ok_or_else(|| not_a("an array", json))?
                    .iter()
                    .map(|item| self.default_expr(at.with(*items), item, owner, site, false, false))
                    .collect::<Result<Vec<_>, Why>>()?;
                Ok(quote!(vec![#(#items),*]))
            }
            Type::Map(values) => {
                let entries = json
                    .as_object()
                    .ok_or_else(|| not_a("an object", json))?
                    .iter()
                    .map(|(key, value)| {
                        let value =
                            self.default_expr(at.with(*values), value, owner, site, false, false)?;
                        Ok(quote!((String::from(#key), #value)))
                    })
                    .collect::<Result<Vec<_>, Why>>()?;
                Ok(match self.options.map_type {
                    MapType::HashMap => {
                        quote!(::std::collections::HashMap::from([#(#entries),*]))
                    }
                    MapType::BTreeMap => {
                        quote!(::std::collections::BTreeMap::from([#(#entries),*]))
                    }
                })
            }
            _ => self.plain_default(at, json),
        }
    }

    /// A primitive's literal (a float's `NaN` and infinities as their
    /// constants).
    fn plain_default(&self, at: NodeRef, json: &Json) -> Result<TokenStream, Why> {
        let ty = self.node(at).ty();
        let value = match ty {
            Type::Null => json.is_null().then(|| quote!(())),
            Type::Boolean => json.as_bool().map(|b| quote!(#b)),
            Type::Int => json
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(|n| signed(i64::from(n))),
            Type::Long => json.as_i64().map(signed),
            Type::Float | Type::Double => {
                let float = if matches!(ty, Type::Float) {
                    quote!(f32)
                } else {
                    quote!(f64)
                };
                match json {
                    Json::String(s) if s == "NaN" => Some(quote!(#float::NAN)),
                    Json::String(s) if s == "Infinity" => Some(quote!(#float::INFINITY)),
                    Json::String(s) if s == "-Infinity" => Some(quote!(#float::NEG_INFINITY)),
                    _ => json.as_f64().map(|x| {
                        let literal = Literal::f64_unsuffixed(x.abs());
                        if x.is_sign_negative() {
                            quote!(-#literal)
                        } else {
                            quote!(#literal)
                        }
                    }),
                }
            }
            Type::String => json.as_str().map(|s| quote!(String::from(#s))),
            Type::Bytes => bytes_of(json).map(|bytes| quote!(vec![#(#bytes),*])),
            _ => return Err("has no Rust expression".to_owned()),
        };
        value.ok_or_else(|| not_a("a value of its type", json))
    }

    /// Whether `json` is a value of the branch `at`, in full, as the
    /// specification maps a default to a union's first branch that fits.
    pub(crate) fn fits(&self, at: NodeRef, json: &Json) -> bool {
        // A budget of steps: a union of records that each fit but deep
        // down would otherwise be tried again at every level.
        let mut steps = FIT_STEPS;
        self.fits_within(at, json, &mut steps)
    }

    fn fits_within(&self, at: NodeRef, json: &Json, steps: &mut usize) -> bool {
        let Some(left) = steps.checked_sub(1) else {
            return false;
        };
        *steps = left;
        let node = self.node(at);
        // A UUID's text on a string; a decimal's bytes on bytes or fixed.
        let logical = node.logical_type().filter(|logical| match node.ty() {
            Type::String => matches!(logical, LogicalType::Uuid),
            Type::Bytes | Type::Fixed(_) => !matches!(logical, LogicalType::Uuid),
            _ => false,
        });
        if logical.is_some() && !logical_defaults::fits(logical, json) {
            return false;
        }
        match (node.ty(), json) {
            (Type::Null, Json::Null) => true,
            (Type::Boolean, Json::Bool(_)) => true,
            (Type::Int, Json::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            (Type::Long, Json::Number(n)) => n.as_i64().is_some(),
            (Type::Float | Type::Double, Json::Number(_)) => true,
            (Type::Float | Type::Double, Json::String(s)) => {
                matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity")
            }
            (Type::String, Json::String(_)) => true,
            (Type::Bytes, Json::String(s)) => s.chars().all(|c| u32::from(c) <= 0xff),
            (Type::Enum(e), Json::String(s)) => e.symbols.contains(s),
            (Type::Fixed(f), Json::String(_)) => bytes_of(json).is_some_and(|b| b.len() == f.size),
            (Type::Array(items), Json::Array(values)) => values
                .iter()
                .all(|v| self.fits_within(at.with(*items), v, steps)),
            (Type::Map(values), Json::Object(entries)) => entries
                .values()
                .all(|v| self.fits_within(at.with(*values), v, steps)),
            (Type::Record(record), Json::Object(object)) => {
                object
                    .keys()
                    .all(|key| record.fields.iter().any(|f| &f.name == key))
                    && record
                        .fields
                        .iter()
                        .all(|field| match object.get(&field.name) {
                            Some(value) => self.fits_within(at.with(field.schema), value, steps),
                            None => field.default.is_some(),
                        })
            }
            (Type::Union(union), _) => union
                .variants
                .iter()
                .any(|b| self.fits_within(at.with(*b), json, steps)),
            _ => false,
        }
    }
}

/// The most nodes [`Plan::fits`] looks at for one default: well above what
/// the schema parser, itself bounded (2^20 union steps), spends on a
/// default it accepts, so a valid default is not refused for its size.
const FIT_STEPS: usize = 1 << 24;

/// The bytes a JSON string stands for: each character one byte, U+0000 to
/// U+00FF.
fn bytes_of(json: &Json) -> Option<Vec<Literal>> {
    json.as_str()?
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok().map(Literal::u8_unsuffixed))
        .collect()
}

/// "is not (what)", quoting the JSON when it is short.
fn not_a(what: &str, json: &Json) -> Why {
    let text = json.to_string();
    if text.len() <= 60 {
        format!("{text} is not {what}")
    } else {
        format!("is not {what}")
    }
}

/// An integer literal, its sign a separate token.
fn signed(n: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(n.unsigned_abs());
    if n < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}
