//! A field's JSON default as the Rust expression of `#[avro(default = ..)]`.
//!
//! The derive turns the expression's value back into the schema's default
//! (a union's by its first branch the JSON fits), so the expression is the
//! value the JSON stands for in the field's Rust type.

use avrox::schema::Type;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value as Json;

use crate::options::MapType;
use crate::plan::{NodeRef, Plan};
use crate::types::{field_idents, ident};

impl Plan<'_> {
    /// The expression for `json` in the type `owner` gives `at` (held by
    /// value when `by_value`), written in the attribute of a field of
    /// `site` (paths start from its module); `None` when it has no literal
    /// form (a logical type held as a `chrono` or avrox value) or does not
    /// fit.
    pub(crate) fn default_expr(
        &self,
        at: NodeRef,
        json: &Json,
        owner: usize,
        site: usize,
        by_value: bool,
    ) -> Option<TokenStream> {
        if let Some(branch) = self.option_branch(at) {
            return match json {
                Json::Null => Some(quote!(None)),
                _ => {
                    let inner = self.default_expr(branch, json, owner, site, by_value)?;
                    Some(quote!(Some(#inner)))
                }
            };
        }
        let node = self.node(at);
        if self.logical(at, false).is_some() {
            // Held as a `chrono`, `time` or avrox value: no literal. (A
            // field's avrox timestamp, a plain `i64`, is not such a type
            // out of a field, so it gets here only as a field, and only
            // when FieldType::literal_default said so.)
            return None;
        }
        if node.logical_type().is_some() && node.name().is_none() {
            return self.plain_default(at, json);
        }
        if let Some(def) = self.def_of(at) {
            let path = self.path_to(def, site);
            let value = match node.ty() {
                Type::Record(record) => {
                    let object = json.as_object()?;
                    let fields = record
                        .fields
                        .iter()
                        .zip(field_idents(record))
                        .map(|(field, member)| {
                            let member = ident(&member);
                            let value = object.get(&field.name).or(field.default.as_ref())?;
                            let expr =
                                self.field_default_expr(at.with(field.schema), value, def, site)?;
                            Some(quote!(#member: #expr))
                        })
                        .collect::<Option<Vec<_>>>()?;
                    quote!(#path { #(#fields),* })
                }
                Type::Enum(e) => {
                    let symbol = json.as_str()?;
                    let position = e.symbols.iter().position(|s| s == symbol)?;
                    let variant = ident(&self.enum_variants(def).get(position)?.clone());
                    quote!(#path::#variant)
                }
                Type::Fixed(fixed) => {
                    let bytes = bytes_of(json)?;
                    if bytes.len() != fixed.size {
                        return None;
                    }
                    quote!(#path([#(#bytes),*]))
                }
                Type::Union(union) => {
                    let (index, branch) = union
                        .variants
                        .iter()
                        .enumerate()
                        .find(|(_, b)| self.fits(at.with(**b), json))?;
                    let branch = at.with(*branch);
                    let variant = ident(self.union_variants(def).get(index)?);
                    let inner = self.default_expr(branch, json, def, site, true)?;
                    quote!(#path::#variant(#inner))
                }
                _ => return None,
            };
            return Some(if by_value && self.needs_box(owner, def) {
                quote!(Box::new(#value))
            } else {
                value
            });
        }
        match node.ty() {
            Type::Array(items) => {
                let items = json
                    .as_array()?
                    .iter()
                    .map(|item| self.default_expr(at.with(*items), item, owner, site, false))
                    .collect::<Option<Vec<_>>>()?;
                Some(quote!(vec![#(#items),*]))
            }
            Type::Map(values) => {
                let entries = json
                    .as_object()?
                    .iter()
                    .map(|(key, value)| {
                        let value =
                            self.default_expr(at.with(*values), value, owner, site, false)?;
                        Some(quote!((String::from(#key), #value)))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(match self.options.map_type {
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

    /// The default of a field nested in a record default: `None` where the
    /// field's own type has no literal.
    fn field_default_expr(
        &self,
        at: NodeRef,
        json: &Json,
        owner: usize,
        site: usize,
    ) -> Option<TokenStream> {
        if !self.field_type(at, owner).literal_default {
            return None;
        }
        self.default_expr(at, json, owner, site, true)
    }

    /// A primitive's literal.
    fn plain_default(&self, at: NodeRef, json: &Json) -> Option<TokenStream> {
        Some(match self.node(at).ty() {
            Type::Null => json.is_null().then(|| quote!(()))?,
            Type::Boolean => {
                let b = json.as_bool()?;
                quote!(#b)
            }
            Type::Int => {
                let n = i32::try_from(json.as_i64()?).ok()?;
                signed(i64::from(n))
            }
            Type::Long => signed(json.as_i64()?),
            Type::Float | Type::Double => {
                let x = json.as_f64()?;
                let literal = Literal::f64_unsuffixed(x.abs());
                if x.is_sign_negative() {
                    quote!(-#literal)
                } else {
                    quote!(#literal)
                }
            }
            Type::String => {
                let s = json.as_str()?;
                quote!(String::from(#s))
            }
            Type::Bytes => {
                let bytes = bytes_of(json)?;
                quote!(vec![#(#bytes),*])
            }
            _ => return None,
        })
    }

    /// Whether `json` is a value of the branch `at`, as the specification
    /// maps a default to a union's branch.
    pub(crate) fn fits(&self, at: NodeRef, json: &Json) -> bool {
        match (self.node(at).ty(), json) {
            (Type::Null, Json::Null) => true,
            (Type::Boolean, Json::Bool(_)) => true,
            (Type::Int, Json::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            (Type::Long, Json::Number(n)) => n.as_i64().is_some(),
            (Type::Float | Type::Double, Json::Number(_)) => true,
            (Type::String, Json::String(_)) => true,
            (Type::Bytes, Json::String(s)) => s.chars().all(|c| u32::from(c) <= 0xff),
            (Type::Enum(e), Json::String(s)) => e.symbols.contains(s),
            (Type::Fixed(f), Json::String(_)) => bytes_of(json).is_some_and(|b| b.len() == f.size),
            (Type::Array(_), Json::Array(_)) => true,
            (Type::Map(_) | Type::Record(_), Json::Object(_)) => true,
            _ => false,
        }
    }
}

/// The bytes a JSON string stands for: each character one byte, U+0000 to
/// U+00FF.
fn bytes_of(json: &Json) -> Option<Vec<Literal>> {
    json.as_str()?
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok().map(Literal::u8_unsuffixed))
        .collect()
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
