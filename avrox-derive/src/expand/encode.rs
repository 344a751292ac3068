//! `Encode`: each field written straight into the output buffer.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::bounds::{self, Need};
use super::{active, codec};
use crate::model::{Container, Data, Field, Style, Variant};

pub fn expand(cont: &Container<'_>) -> TokenStream {
    let ident = cont.ident;
    let generics = bounds::generics(cont, Need::Encode);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match &cont.data {
        Data::Transparent(t) => {
            let field = &t.field;
            let member = &field.member;
            encode_field(field, quote!(&self.#member))
        }
        Data::Record(_, fields) => {
            let writes = active(fields).map(|field| {
                let member = &field.member;
                write_field(field, quote!(&self.#member))
            });
            quote! {
                #(#writes)*
                ::core::result::Result::Ok(())
            }
        }
        Data::Enum(variants) => {
            let arms = variants.iter().enumerate().map(|(i, v)| {
                let variant = v.ident;
                let i = i as i32;
                quote!(Self::#variant => #i)
            });
            quote! {
                let __index: i32 = match self { #(#arms,)* };
                _avrox::binary::write_int(__out, __index);
                ::core::result::Result::Ok(())
            }
        }
        Data::Union(variants) => {
            let arms = variants
                .iter()
                .enumerate()
                .map(|(i, v)| union_arm(i as i64, v));
            quote! {
                match self { #(#arms)* }
            }
        }
    };
    quote! {
        impl #impl_generics _avrox::Encode for #ident #ty_generics #where_clause {
            #[inline]
            fn encode(&self, __out: &mut _avrox::__private::Vec<u8>) -> _avrox::Result<()> {
                #body
            }
        }
    }
}

/// The expression that encodes `value` (a reference) as the field's type.
fn encode_field(field: &Field<'_>, value: TokenStream) -> TokenStream {
    match codec(field) {
        Some(codec) => quote!(#codec::encode(#value, __out)),
        // Naming the type puts a missing impl's error on the field's type.
        None => {
            let ty = field.ty;
            quote!(<#ty as _avrox::Encode>::encode(#value, __out))
        }
    }
}

/// The statement that encodes a record field, naming it in any error.
fn write_field(field: &Field<'_>, value: TokenStream) -> TokenStream {
    let encode = encode_field(field, value);
    let name = &field.avro_name;
    quote! {
        #encode.map_err(|__e| __e.in_field(#name))?;
    }
}

/// The branch index, then the variant's value.
fn union_arm(index: i64, variant: &Variant<'_>) -> TokenStream {
    let ident = variant.ident;
    let bindings: Vec<_> = variant
        .fields
        .iter()
        .enumerate()
        .map(|(i, _)| format_ident!("__v{}", i))
        .collect();
    let pattern = match variant.style {
        Style::Unit => quote!(Self::#ident),
        Style::Tuple => quote!(Self::#ident(#(#bindings),*)),
        Style::Named => {
            let members = variant.fields.iter().map(|f| &f.member);
            quote!(Self::#ident { #(#members: #bindings),* })
        }
    };
    let body = if let (Some(field), Some(binding)) = (variant.newtype(), bindings.first()) {
        let encode = encode_field(field, quote!(#binding));
        quote!(#encode)
    } else {
        let writes = variant
            .fields
            .iter()
            .zip(&bindings)
            .filter(|(f, _)| !f.is_skipped())
            .map(|(field, binding)| write_field(field, quote!(#binding)));
        quote! {
            #(#writes)*
            ::core::result::Result::Ok(())
        }
    };
    let skipped = variant
        .fields
        .iter()
        .zip(&bindings)
        .filter(|(f, _)| f.is_skipped())
        .map(|(_, b)| b);
    quote! {
        #[allow(unused_variables)]
        #pattern => {
            #(let _ = #skipped;)*
            _avrox::binary::write_long(__out, #index);
            #body
        }
    }
}
