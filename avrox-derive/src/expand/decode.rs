//! `Decode<'de>`: each field read straight from the slice, borrowing where
//! the field's type borrows.

use proc_macro2::TokenStream;
use quote::quote;

use super::{active, codec, construct, decode_generics};
use crate::model::{Container, Data, Field, Variant};

pub fn expand(cont: &Container<'_>) -> TokenStream {
    let ident = cont.ident;
    let (_, ty_generics, _) = cont.generics.split_for_impl();
    let generics = decode_generics(cont);
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let resolved = super::resolve::expand(cont);
    let (min_size, fixed_size, body) = match &cont.data {
        Data::Transparent(t) => {
            let field = &t.field;
            let decode = decode_field(field);
            let construct = construct(quote!(Self), t.style, t.fields(), |_| quote!(__inner));
            (
                min_size_of(field),
                fixed_size_of(field),
                quote! {
                    let __inner = #decode?;
                    ::core::result::Result::Ok(#construct)
                },
            )
        }
        Data::Record(style, fields) => {
            let sizes = active(fields).map(min_size_of);
            let fixed = active(fields).map(fixed_size_of);
            let reads: Vec<_> = active(fields).map(read_field).collect();
            let construct = construct(quote!(Self), *style, fields, |f| {
                let var = f.var();
                quote!(#var)
            });
            // A record whose fields all have one size checks the input's
            // length once; the fields are read by the same code on both
            // paths, but on the first the compiler knows every length
            // check passes and drops them (with the per-field updates of
            // the reader that only an error could observe). Short input
            // takes the second path, which fails at the field that is cut.
            (
                quote!(0 #(+ #sizes)*),
                quote!(_avrox::__private::fixed_size(&[#(#fixed),*])),
                quote! {
                    match <Self as _avrox::Decode<'__de>>::FIXED_ENCODED_SIZE {
                        ::core::option::Option::Some(__size) if __r.remaining() >= __size => {
                            #(#reads)*
                            ::core::result::Result::Ok(#construct)
                        }
                        _ => {
                            #(#reads)*
                            ::core::result::Result::Ok(#construct)
                        }
                    }
                },
            )
        }
        Data::Enum(variants) => {
            let count = variants.len();
            let (last, rest) = (&variants.last, &variants.init);
            let arms = rest.iter().enumerate().map(|(i, v)| {
                let variant = v.ident;
                quote!(#i => Self::#variant)
            });
            let last = last.ident;
            (
                quote!(1),
                quote!(::core::option::Option::None),
                quote! {
                    ::core::result::Result::Ok(match __r.read_enum_index(#count)? {
                        #(#arms,)*
                        _ => Self::#last,
                    })
                },
            )
        }
        Data::Union(variants) => {
            let count = variants.len();
            let (last, rest) = (&variants.last, &variants.init);
            let arms = rest.iter().enumerate().map(|(i, v)| {
                let body = variant_body(v);
                quote!(#i => #body)
            });
            let last = variant_body(last);
            (
                quote!(1),
                quote!(::core::option::Option::None),
                quote! {
                    match __r.read_union_index(#count)? {
                        #(#arms,)*
                        _ => #last,
                    }
                },
            )
        }
    };
    quote! {
        impl #impl_generics _avrox::Decode<'__de> for #ident #ty_generics #where_clause {
            const MIN_ENCODED_SIZE: usize = #min_size;
            const FIXED_ENCODED_SIZE: ::core::option::Option<usize> = #fixed_size;

            #[inline]
            fn decode(__r: &mut _avrox::binary::SliceReader<'__de>) -> _avrox::Result<Self> {
                #body
            }

            #resolved
        }
    }
}

/// A lower bound on the field's encoded size: 0 through a codec, whose
/// encoding the derive cannot see.
fn min_size_of(field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    match codec(field) {
        Some(_) => quote!(0),
        None => quote!(<#ty as _avrox::Decode<'__de>>::MIN_ENCODED_SIZE),
    }
}

/// The field's fixed encoded size, if it has one: `None` through a codec.
fn fixed_size_of(field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    match codec(field) {
        Some(_) => quote!(::core::option::Option::None),
        None => quote!(<#ty as _avrox::Decode<'__de>>::FIXED_ENCODED_SIZE),
    }
}

/// The expression that decodes the field's type.
fn decode_field(field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    match codec(field) {
        Some(codec) => quote!(#codec::decode(__r)),
        None => quote!(<#ty as _avrox::Decode<'__de>>::decode(__r)),
    }
}

/// `let __field_x = ...?;`, naming the field in any error.
fn read_field(field: &Field<'_>) -> TokenStream {
    let var = field.var();
    let decode = decode_field(field);
    let name = &field.avro_name;
    quote! {
        let #var = #decode.map_err(|__e| __e.in_field(#name))?;
    }
}

/// Decoding the value of one union branch.
fn variant_body(variant: &Variant<'_>) -> TokenStream {
    let ident = variant.ident;
    if let Some(field) = variant.newtype() {
        let decode = decode_field(field);
        return quote!(#decode.map(Self::#ident));
    }
    let reads = active(&variant.fields).map(read_field);
    let construct = construct(quote!(Self::#ident), variant.style, &variant.fields, |f| {
        let var = f.var();
        quote!(#var)
    });
    quote!({
        #(#reads)*
        ::core::result::Result::Ok(#construct)
    })
}
