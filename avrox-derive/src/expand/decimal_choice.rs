//! Checks that every `rust_decimal::Decimal` field chose its Avro type,
//! and that `big_decimal` is written on a decimal.
//!
//! The derive sees only the field's type as written, and a user's own type
//! may be called `Decimal`; the compiler knows what the type is. So each
//! field without an encoding attribute asks
//! `avrox::__private::MappingProbe` for its mapping, which fails to compile,
//! at the field's type, exactly for `rust_decimal::Decimal` and its
//! `Option` (see `avrox/src/logical/decimal_choice.rs`).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::{active, codec};
use crate::model::{Container, Data, Field};

/// A never-called function whose body holds the checks, generic as the
/// type is so that field types may name its parameters.
pub fn expand(cont: &Container<'_>) -> TokenStream {
    let fields: Vec<&Field<'_>> = match &cont.data {
        Data::Record(_, fields) => active(fields).collect(),
        Data::Transparent(t) => vec![&t.field],
        Data::Enum(variants) | Data::Union(variants) => {
            variants.iter().flat_map(|v| active(&v.fields)).collect()
        }
    };
    let checks: Vec<TokenStream> = fields.into_iter().filter_map(check).collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    let (impl_generics, _, where_clause) = cont.generics.split_for_impl();
    quote! {
        #[allow(dead_code, unused_lifetimes)]
        fn __avrox_decimal_choices #impl_generics () #where_clause {
            #[allow(unused_imports)]
            use _avrox::__private::{AnyMapping as _, DecimalUnchosen as _};
            #(#checks)*
        }
    }
}

fn check(field: &Field<'_>) -> Option<TokenStream> {
    let ty = field.ty;
    if field.attrs.big_decimal.is_set() {
        return Some(quote_spanned! {ty.span()=>
            _avrox::__private::big_decimal_field::<#ty>();
        });
    }
    if codec(field).is_some() {
        return None;
    }
    // At the field's name, which the message asks to annotate (a type's
    // span is only its first token).
    let span = field
        .original
        .ident
        .as_ref()
        .map_or_else(|| ty.span(), |ident| ident.span());
    Some(quote_spanned! {span=>
        _avrox::__private::mapping_chosen((&_avrox::__private::MappingProbe::<#ty>::NEW).mapping());
    })
}
