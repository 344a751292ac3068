//! A field's `"avrox.constraints"` as the derive's validation attributes,
//! which write the same attribute back into the derived schema.

use avrox::schema::Type;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value as Json};

use crate::plan::{NodeRef, Plan};

/// The attribute that carries constraints in a schema.
pub(crate) const KEY: &str = "avrox.constraints";

impl Plan<'_> {
    /// The attributes for `constraints` on a value of `at`; a constraint
    /// the derive cannot take back as a literal is left out.
    pub(crate) fn constraint_attrs(
        &self,
        at: NodeRef,
        constraints: &Map<String, Json>,
    ) -> Vec<TokenStream> {
        let branch = self.option_branch(at);
        let at = branch.unwrap_or(at);
        let float = matches!(self.node(at).ty(), Type::Float | Type::Double);
        let mut out = Vec::new();
        for (key, value) in constraints {
            let name = format_ident!("{}", key);
            let attr = match key.as_str() {
                "min" | "max" | "exclusive_min" | "exclusive_max" | "multiple_of" => {
                    number(value, float).map(|n| quote!(#name = #n))
                }
                "non_empty" => (value == &Json::Bool(true)).then(|| quote!(non_empty)),
                "pattern" => value.as_str().map(|p| quote!(pattern = #p)),
                "length" => value.as_object().map(|bounds| {
                    let parts = ["min", "max"].into_iter().filter_map(|bound| {
                        let n = bounds.get(bound)?.as_u64()?;
                        let bound = format_ident!("{}", bound);
                        let n = Literal::u64_unsuffixed(n);
                        Some(quote!(#bound = #n))
                    });
                    quote!(length(#(#parts),*))
                }),
                "one_of" => value.as_array().and_then(|items| {
                    let items = items
                        .iter()
                        .map(|item| match item {
                            Json::String(s) => Some(quote!(#s)),
                            other => number(other, float),
                        })
                        .collect::<Option<Vec<_>>>()?;
                    Some(quote!(one_of = [#(#items),*]))
                }),
                "inner" => value.as_object().and_then(|inner| {
                    let items = match (branch, self.node(at).ty()) {
                        (Some(branch), _) => branch,
                        (None, Type::Array(items)) => at.with(*items),
                        (None, Type::Map(values)) => at.with(*values),
                        _ => return None,
                    };
                    let attrs = self.constraint_attrs(items, inner);
                    Some(quote!(inner(#(#attrs),*)))
                }),
                _ => None,
            };
            out.extend(attr);
        }
        out
    }
}

/// A JSON number as a literal: a float's with a point, so that it has the
/// field's type.
fn number(json: &Json, float: bool) -> Option<TokenStream> {
    let n = json.as_number()?;
    let (negative, literal) = if float || n.is_f64() {
        let x = n.as_f64()?;
        (x.is_sign_negative(), Literal::f64_unsuffixed(x.abs()))
    } else if let Some(i) = n.as_i64() {
        (i < 0, Literal::u64_unsuffixed(i.unsigned_abs()))
    } else {
        (false, Literal::u64_unsuffixed(n.as_u64()?))
    };
    Some(if negative {
        quote!(-#literal)
    } else {
        quote!(#literal)
    })
}
