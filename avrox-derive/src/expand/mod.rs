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

use crate::ast::{Container, Field, Style};
use crate::attr::{DefaultValue, Unit};

pub use dummy::dummy_impls;

pub fn expand(cont: &Container<'_>) -> TokenStream {
    let krate = cont.krate();
    let schema = schema::expand(cont);
    let encode = encode::expand(cont);
    let decode = decode::expand(cont);
    let to_value = value::expand_to_value(cont);
    let evolve = evolve::expand(cont);
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
            #evolve
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

/// How a field is encoded: the path of a codec (`with`, or an adapter that a
/// logical-type attribute selects), or `None` for the type's own impls.
fn codec(field: &Field<'_>) -> Option<TokenStream> {
    let attrs = &field.attrs;
    let ty = field.ty;
    if let Some(path) = attrs.with.get() {
        return Some(quote!(#path));
    }
    if let Some(unit) = attrs.unit.get() {
        let adapter = match unit {
            Unit::Millis => quote!(Millis),
            Unit::Micros => quote!(Micros),
            Unit::Nanos => quote!(Nanos),
        };
        return Some(quote!(_avrox::logical::#adapter::<#ty>));
    }
    if attrs.uuid_fixed.get() == Some(&true) {
        return Some(quote!(_avrox::logical::FixedUuid::<#ty>));
    }
    if let Some(decimal) = attrs.decimal.get() {
        let (p, s) = (decimal.precision, decimal.scale);
        return Some(match decimal.size {
            Some(n) => quote!(_avrox::logical::DecimalFixed::<#ty, #p, #s, #n>),
            None => quote!(_avrox::logical::DecimalBytes::<#ty, #p, #s>),
        });
    }
    None
}

/// The value a skipped field is rebuilt from, or a defaulted field's
/// default.
fn default_expr(field: &Field<'_>) -> Option<TokenStream> {
    let ty = field.ty;
    field.attrs.default.get().map(|default| match default {
        DefaultValue::Trait => quote!(<#ty as ::core::default::Default>::default()),
        // The `let` puts a type mismatch on the expression itself.
        DefaultValue::Expr(expr) => quote!({
            let __default: #ty = #expr;
            __default
        }),
    })
}

/// The fields that are encoded, in order, with their Avro positions.
fn active<'a, 'b>(fields: &'a [Field<'b>]) -> impl Iterator<Item = &'a Field<'b>> {
    fields.iter().filter(|f| !f.is_skipped())
}

/// The constructor of a struct or variant; `value` gives each active
/// field's expression, skipped fields take their default.
pub(crate) fn construct(
    path: TokenStream,
    style: Style,
    fields: &[Field<'_>],
    value: impl Fn(&Field<'_>) -> TokenStream,
) -> TokenStream {
    let values = fields.iter().map(|f| {
        if f.is_skipped() {
            default_expr(f).expect("checked: skipped fields have defaults")
        } else {
            value(f)
        }
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
