//! `ToValue` and `FromValue`: the type as a generic `Value` of its schema,
//! and back.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::bounds::{self, Need};
use super::{active, codec, construct, default_expr};
use crate::model::{Container, Data, Field, Style};

pub fn expand_to_value(cont: &Container<'_>) -> TokenStream {
    let ident = cont.ident;
    let generics = bounds::generics(cont, Need::ToValue);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match &cont.data {
        Data::Transparent(t) => {
            let field = &t.field;
            let member = &field.member;
            field_to_value(field, quote!(&self.#member))
        }
        Data::Record(_, fields) => record_value(fields.iter().map(|f| {
            let member = &f.member;
            (f, quote!(&self.#member))
        })),
        Data::Enum(variants) => {
            let arms = variants.iter().enumerate().map(|(i, v)| {
                let variant = v.ident;
                let symbol = &v.avro_name;
                let i = i as u32;
                quote!(Self::#variant => _avrox::Value::Enum(#i, ::std::string::String::from(#symbol)))
            });
            quote!(match self { #(#arms,)* })
        }
        Data::Union(variants) => {
            let arms = variants.iter().enumerate().map(|(i, v)| {
                let variant = v.ident;
                let i = i as u32;
                let bindings: Vec<_> = (0..v.fields.len())
                    .map(|j| format_ident!("__v{}", j))
                    .collect();
                let pattern = match v.style {
                    Style::Unit => quote!(Self::#variant),
                    Style::Tuple => quote!(Self::#variant(#(#bindings),*)),
                    Style::Named => {
                        let members = v.fields.iter().map(|f| &f.member);
                        quote!(Self::#variant { #(#members: #bindings),* })
                    }
                };
                let inner = if let Some(field) = v.newtype() {
                    field_to_value(field, quote!(__v0))
                } else {
                    record_value(v.fields.iter().zip(&bindings).map(|(f, b)| (f, quote!(#b))))
                };
                quote! {
                    #[allow(unused_variables)]
                    #pattern => _avrox::Value::Union(#i, ::std::boxed::Box::new(#inner))
                }
            });
            quote!(match self { #(#arms,)* })
        }
    };
    quote! {
        impl #impl_generics _avrox::ToValue for #ident #ty_generics #where_clause {
            fn to_value(&self) -> _avrox::Value {
                #body
            }
        }
    }
}

fn field_to_value(field: &Field<'_>, value: TokenStream) -> TokenStream {
    match codec(field) {
        Some(codec) => quote!(#codec::to_value(#value)),
        // Naming the type puts a missing impl's error on the field's type.
        None => {
            let ty = field.ty;
            quote!(<#ty as _avrox::ToValue>::to_value(#value))
        }
    }
}

/// `Value::Record` of the active fields, each value from `value`.
/// A record `Value` of the fields that are not skipped, each paired with
/// the expression of its value.
fn record_value<'f, 'a: 'f>(
    fields: impl IntoIterator<Item = (&'f Field<'a>, TokenStream)>,
) -> TokenStream {
    let entries = fields
        .into_iter()
        .filter(|(f, _)| !f.is_skipped())
        .map(|(f, value)| {
            let name = &f.avro_name;
            let v = field_to_value(f, value);
            quote!((::std::string::String::from(#name), #v))
        });
    quote!(_avrox::Value::Record(_avrox::__private::Vec::from([#(#entries),*])))
}

pub fn expand_from_value(cont: &Container<'_>) -> TokenStream {
    let ident = cont.ident;
    let generics = bounds::generics(cont, Need::FromValue);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match &cont.data {
        Data::Transparent(t) => {
            let field = &t.field;
            let from = field_from_value(field, quote!(__value));
            let construct = construct(quote!(Self), t.style, t.fields(), |_| quote!(#from?));
            quote!(::core::result::Result::Ok(#construct))
        }
        Data::Record(style, fields) => record_from_value(
            quote!(Self),
            *style,
            fields,
            quote!(__value),
            &cont.fullname,
        ),
        Data::Enum(variants) => {
            let arms = variants.iter().map(|v| {
                let variant = v.ident;
                let symbol = &v.avro_name;
                quote!(#symbol => ::core::result::Result::Ok(Self::#variant))
            });
            let name = &cont.fullname;
            quote! {
                match _avrox::__private::unwrap_union(__value) {
                    _avrox::Value::Enum(_, __symbol) | _avrox::Value::String(__symbol) => match __symbol.as_str() {
                        #(#arms,)*
                        __other => ::core::result::Result::Err(_avrox::__private::unknown_symbol(__other, #name)),
                    },
                    __other => ::core::result::Result::Err(_avrox::__private::mismatch(
                        ::core::concat!("enum '", #name, "'"),
                        &__other,
                    )),
                }
            }
        }
        Data::Union(variants) => {
            let arms = variants.iter().enumerate().map(|(i, v)| {
                let variant = v.ident;
                let i = i as u32;
                let body = if let Some(field) = v.newtype() {
                    let from = field_from_value(field, quote!(*__inner));
                    quote!(#from.map(Self::#variant))
                } else {
                    record_from_value(
                        quote!(Self::#variant),
                        v.style,
                        &v.fields,
                        quote!(*__inner),
                        &v.avro_name,
                    )
                };
                quote!(#i => #body)
            });
            let count = variants.len();
            quote! {
                match __value {
                    _avrox::Value::Union(__index, __inner) => match __index {
                        #(#arms,)*
                        __other => ::core::result::Result::Err(_avrox::__private::union_index(__other, #count)),
                    },
                    __other => ::core::result::Result::Err(_avrox::__private::mismatch("union", &__other)),
                }
            }
        }
    };
    quote! {
        impl #impl_generics _avrox::FromValue for #ident #ty_generics #where_clause {
            fn from_value(__value: _avrox::Value) -> _avrox::Result<Self> {
                #body
            }
        }
    }
}

fn field_from_value(field: &Field<'_>, value: TokenStream) -> TokenStream {
    let ty = field.ty;
    match codec(field) {
        Some(codec) => quote!(#codec::from_value(#value)),
        None => quote!(<#ty as _avrox::FromValue>::from_value(#value)),
    }
}

/// Builds `path` from a `Value::Record`, matching fields by name; a missing
/// field takes its default if it has one.
fn record_from_value(
    path: TokenStream,
    style: Style,
    fields: &[Field<'_>],
    value: TokenStream,
    type_name: &str,
) -> TokenStream {
    let slots = active(fields).map(|f| {
        let var = f.var();
        let ty = f.ty;
        quote!(let mut #var: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let arms = active(fields).map(|f| {
        let var = f.var();
        let name = &f.avro_name;
        let from = field_from_value(f, quote!(__entry_value));
        quote! {
            #name => #var = ::core::option::Option::Some(#from.map_err(|__e| __e.in_field(#name))?)
        }
    });
    let construct = construct(path, style, fields, |f| {
        let var = f.var();
        let name = &f.avro_name;
        match default_expr(f) {
            Some(default) => {
                quote!(match #var { ::core::option::Option::Some(__v) => __v, ::core::option::Option::None => #default })
            }
            None => quote!(match #var {
                ::core::option::Option::Some(__v) => __v,
                ::core::option::Option::None => return ::core::result::Result::Err(_avrox::__private::missing_field(#name)),
            }),
        }
    });
    quote!({
        let __fields = match _avrox::__private::unwrap_union(#value) {
            _avrox::Value::Record(__fields) => __fields,
            __other => return ::core::result::Result::Err(_avrox::__private::mismatch(
                ::core::concat!("record '", #type_name, "'"),
                &__other,
            )),
        };
        #(#slots)*
        for (__entry_name, __entry_value) in __fields {
            match __entry_name.as_str() {
                #(#arms,)*
                _ => {}
            }
        }
        ::core::result::Result::Ok(#construct)
    })
}
