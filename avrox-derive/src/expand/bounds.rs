//! The where-clauses of the generated impls, inferred from how each type
//! parameter is used, as serde does.
//!
//! A type parameter is bounded by an impl's trait when a field that the
//! impl's code touches mentions it: `Env<T> { body: T }` encodes when
//! `T: Encode`. Bounds a field's extra code needs are added only for that
//! field: a `default` field's value goes into the schema (`ToValue`), a
//! `Default::default()` field needs `FieldType: Default`. Bounding every
//! parameter by every trait instead made `#[avro(default)]` on any field
//! of a generic type a compile error in the then separate `Evolve` impl
//! (whose supertrait `AvroSchema` had the stricter bounds), and asked for traits of
//! parameters no field used that way.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Generics, WherePredicate, parse_quote};

use crate::attr::DefaultValue;
use crate::model::{Container, Data, Field};

/// The impl whose where-clause is wanted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// `AvroSchema`, its evolution items included.
    Schema,
    Encode,
    /// `Decode<'__de>`: the impl's generics name the input's lifetime so.
    Decode,
    ToValue,
    FromValue,
}

/// `cont`'s generics with the where-clause of the `need` impl.
pub fn generics(cont: &Container<'_>, need: Need) -> Generics {
    let mut generics = cont.generics.clone();
    let params: Vec<&Ident> = cont.generics.type_params().map(|p| &p.ident).collect();
    if params.is_empty() {
        return generics;
    }
    let fields = fields(cont);
    let trait_path = match need {
        Need::Schema => quote!(_avrox::AvroSchema),
        Need::Encode => quote!(_avrox::Encode),
        Need::Decode => quote!(_avrox::Decode<'__de>),
        Need::ToValue => quote!(_avrox::ToValue),
        Need::FromValue => quote!(_avrox::FromValue),
    };
    let mut predicates = Predicates::default();
    // A named type's schema name carries the schema of every type
    // argument (`Page_int`), used in a field or not.
    let named = !matches!(cont.data, Data::Transparent(_));
    for param in &params {
        let used = fields
            .iter()
            .any(|f| !f.is_skipped() && mentions(f.ty, param));
        if used || (need == Need::Schema && named) {
            predicates.push(quote!(#param: #trait_path));
        }
    }
    for field in &fields {
        let mentioned: Vec<&&Ident> = params.iter().filter(|p| mentions(field.ty, p)).collect();
        if mentioned.is_empty() {
            continue;
        }
        let Some(default) = field.attrs.default.get() else {
            continue;
        };
        // The schema writes an encoded field's default as a value.
        if need == Need::Schema && !field.is_skipped() {
            for param in &mentioned {
                predicates.push(quote!(#param: _avrox::ToValue));
            }
        }
        // `Default::default()` fills a skipped field when a value is built,
        // a defaulted field when the data lacks it, and the schema's
        // default.
        let uses_default = match need {
            Need::Schema => !field.is_skipped(),
            Need::Decode | Need::FromValue => true,
            Need::Encode | Need::ToValue => false,
        };
        if uses_default && matches!(default, DefaultValue::Trait) {
            let ty = field.ty;
            predicates.push(quote!(#ty: ::core::default::Default));
        }
    }
    let where_clause = generics.make_where_clause();
    for predicate in predicates.list {
        let predicate: WherePredicate = parse_quote!(#predicate);
        where_clause.predicates.push(predicate);
    }
    generics
}

/// Where-clause predicates in the order found, each once.
#[derive(Default)]
struct Predicates {
    seen: BTreeSet<String>,
    list: Vec<TokenStream>,
}

impl Predicates {
    fn push(&mut self, predicate: TokenStream) {
        if self.seen.insert(predicate.to_string()) {
            self.list.push(predicate);
        }
    }
}

/// Every field of a struct, or of every variant of an enum.
fn fields<'a, 'b>(cont: &'a Container<'b>) -> Vec<&'a Field<'b>> {
    match &cont.data {
        Data::Record(_, fields) => fields.iter().collect(),
        Data::Transparent(t) => t.fields().collect(),
        Data::Enum(variants) | Data::Union(variants) => {
            variants.iter().flat_map(|v| v.fields.iter()).collect()
        }
    }
}

/// Whether `ty` names the type parameter `param`: an identifier `param`
/// that is not the tail of a path (`other::T`) or a lifetime (`'T`). Read
/// from the tokens, so types inside macros count too.
fn mentions(ty: &syn::Type, param: &Ident) -> bool {
    tokens_mention(ty.to_token_stream(), param)
}

fn tokens_mention(tokens: TokenStream, param: &Ident) -> bool {
    let mut after_path_or_tick = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                if ident == *param && !after_path_or_tick {
                    return true;
                }
                after_path_or_tick = false;
            }
            TokenTree::Punct(punct) => {
                after_path_or_tick = matches!(punct.as_char(), ':' | '\'');
            }
            TokenTree::Group(group) => {
                if tokens_mention(group.stream(), param) {
                    return true;
                }
                after_path_or_tick = false;
            }
            TokenTree::Literal(_) => after_path_or_tick = false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ty: &str, param: &str) -> bool {
        let ty: syn::Type = syn::parse_str(ty).unwrap();
        mentions(&ty, &Ident::new(param, proc_macro2::Span::call_site()))
    }

    #[test]
    fn finds_parameters_where_they_are_used() {
        assert!(check("T", "T"));
        assert!(check("Vec<Option<T>>", "T"));
        assert!(check("(u8, [T; 3])", "T"));
        assert!(check("&'a T", "T"));
        assert!(check("T::Item", "T"));
        assert!(check("<T as Iterator>::Item", "T"));
        assert!(!check("Vec<U>", "T"));
        assert!(!check("other::T", "T"));
        assert!(!check("&'T str", "T"));
        assert!(!check("Tee", "T"));
    }
}
