//! From the checked input to the five impls: `AvroSchema`, `Encode`,
//! `Decode`, `ToValue` and (for types that own their data) `FromValue`.

mod bounds;
mod decimal_choice;
mod decode;
mod dummy;
mod encode;
mod evolve;
#[cfg(feature = "pattern")]
mod pattern_dfa;
mod resolve;
mod schema;
mod validate;
mod value;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{GenericParam, Generics, Lifetime, LifetimeParam};

use crate::attr::DefaultValue;
use crate::model::{Container, Field, Style};

pub use dummy::dummy_impls;

pub fn expand(cont: &Container<'_>) -> TokenStream {
    let krate = cont.krate();
    let schema = schema::expand(cont);
    let encode = encode::expand(cont);
    let decode = decode::expand(cont);
    let to_value = value::expand_to_value(cont);
    let decimal_choices = decimal_choice::expand(cont);
    // A type that borrows (`&'a str`) cannot be built from an owned value.
    let from_value = if cont.has_lifetimes() {
        TokenStream::new()
    } else {
        value::expand_from_value(cont)
    };
    quote! {
        #[doc(hidden)]
        #[allow(
            non_upper_case_globals,
            unused_qualifications,
            clippy::all,
            clippy::pedantic,
            clippy::nursery
        )]
        const _: () = {
            #[allow(unused_imports)]
            use #krate as _avrox;
            #schema
            #encode
            #decode
            #to_value
            #from_value
            #decimal_choices
        };
    }
}

/// The generics of a `Decode<'de>` impl: the input's lifetime (named
/// `'__de`, so a type's own `'de` does not clash) outlives every lifetime of
/// the type, which may borrow from the input, and type parameters decode.
fn decode_generics(cont: &Container<'_>) -> Generics {
    let mut generics = bounds::generics(cont, bounds::Need::Decode);
    let mut de = LifetimeParam::new(Lifetime::new("'__de", proc_macro2::Span::call_site()));
    for lifetime in generics.lifetimes() {
        de.bounds.push(lifetime.lifetime.clone());
    }
    generics.params.insert(0, GenericParam::Lifetime(de));
    generics
}

/// How a field is encoded: the path of its codec (`with`, or an adapter
/// that a logical-type attribute selects), or `None` for the type's own
/// impls.
fn codec(field: &Field<'_>) -> Option<TokenStream> {
    field.codec.as_ref().map(|codec| codec.path(field.ty))
}

/// A defaulted field's default, `None` for a field without one.
fn default_expr(field: &Field<'_>) -> Option<TokenStream> {
    field
        .attrs
        .default
        .get()
        .map(|default| default_value(field.ty, default))
}

/// The expression of `default` for a field of type `ty`.
fn default_value(ty: &syn::Type, default: &DefaultValue) -> TokenStream {
    match default {
        DefaultValue::Trait => quote!(<#ty as ::core::default::Default>::default()),
        // The `let` puts a type mismatch on the expression itself.
        DefaultValue::Expr(expr) => quote!({
            let __default: #ty = #expr;
            __default
        }),
    }
}

/// The fields that are encoded, in order, with their Avro positions.
fn active<'a, 'b>(fields: &'a [Field<'b>]) -> impl Iterator<Item = &'a Field<'b>> {
    fields.iter().filter(|f| !f.is_skipped())
}

/// The constructor of a struct or variant; `value` gives each active
/// field's expression, skipped fields take their default.
pub(crate) fn construct<'f, 'a: 'f>(
    path: TokenStream,
    style: Style,
    fields: impl IntoIterator<Item = &'f Field<'a>>,
    value: impl Fn(&Field<'_>) -> TokenStream,
) -> TokenStream {
    let fields: Vec<&Field<'_>> = fields.into_iter().collect();
    let values = fields.iter().map(|f| match &f.skipped {
        Some(skipped) => default_value(f.ty, &skipped.default),
        None => value(f),
    });
    match style {
        Style::Unit => path,
        Style::Tuple => quote!(#path(#(#values),*)),
        Style::Named => {
            let members = fields.iter().map(|f| &f.member);
            quote!(#path { #(#members: #values),* })
        }
    }
}
