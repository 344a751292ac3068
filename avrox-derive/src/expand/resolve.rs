//! `Decode::decode_resolved`: reading data of another writer's schema
//! through a compiled plan, straight into the fields (no `Value`).
//!
//! A record's plan lists the writer's fields in the writer's order, each
//! read into a reader field's slot or skipped; slots the writer did not
//! fill take the field's default expression.

use proc_macro2::TokenStream;
use quote::quote;

use super::{active, codec, construct, default_expr};
use crate::model::{Container, Data, Field, Style, Variant};

/// The `decode_resolved` method of the `Decode` impl.
pub fn expand(cont: &Container<'_>) -> TokenStream {
    let name = cont.ident.to_string();
    let other = match &cont.data {
        Data::Transparent(t) => {
            let field = &t.field;
            let read = read_field(field, quote!(__step));
            let construct = construct(quote!(Self), t.style, t.fields(), |_| quote!(__inner));
            // The field's own impl handles every step of its type.
            return method(quote! {
                let __inner = #read?;
                ::core::result::Result::Ok(#construct)
            });
        }
        Data::Record(style, fields) => {
            let body = record(quote!(Self), *style, fields, &name);
            quote! {
                _avrox::resolve::Step::Record(__record) => { #body }
            }
        }
        Data::Enum(variants) => {
            let (last, rest) = (&variants.last, &variants.init);
            let arms = rest.iter().enumerate().map(|(i, v)| {
                let variant = v.ident;
                quote!(#i => Self::#variant)
            });
            let last = last.ident;
            quote! {
                _avrox::resolve::Step::Enum { .. } => {
                    ::core::result::Result::Ok(match __plan.read_enum(__r, __step)? {
                        #(#arms,)*
                        _ => Self::#last,
                    })
                }
            }
        }
        Data::Union(variants) => {
            let arms = variants.iter().enumerate().map(|(i, v)| {
                let index = i as u32;
                let body = variant(v);
                quote!(#index => { let __step = *__inner; #body })
            });
            quote! {
                _avrox::resolve::Step::ReaderUnion { index: __index, step: __inner, .. } => {
                    match *__index {
                        #(#arms)*
                        _ => ::core::result::Result::Err(__plan.unsupported(__step, #name)),
                    }
                }
            }
        }
    };
    method(quote! {
        let __step = __plan.through_unions(__r, __step)?;
        match __plan.step(__step) {
            _avrox::resolve::Step::Same { .. } => <Self as _avrox::Decode<'__de>>::decode(__r),
            #other
            _ => ::core::result::Result::Err(__plan.unsupported(__step, #name)),
        }
    })
}

fn method(body: TokenStream) -> TokenStream {
    quote! {
        fn decode_resolved(
            __r: &mut _avrox::binary::SliceReader<'__de>,
            __plan: &_avrox::resolve::Plan,
            __step: _avrox::resolve::StepId,
        ) -> _avrox::Result<Self> {
            #body
        }
    }
}

/// Reading one field's value through `step`: the field type's own
/// `decode_resolved`, or, through a codec (which sees only its own
/// encoding), the codec's decoder where the writer's type is the same.
fn read_field(field: &Field<'_>, step: TokenStream) -> TokenStream {
    let ty = field.ty;
    match codec(field) {
        Some(codec) => quote! {
            __plan.expect_same(__r, #step).and_then(|()| #codec::decode(__r))
        },
        None => quote!(<#ty as _avrox::Decode<'__de>>::decode_resolved(__r, __plan, #step)),
    }
}

/// The body that reads a record (`__record: &RecordStep`) into `path`.
fn record(path: TokenStream, style: Style, fields: &[Field<'_>], name: &str) -> TokenStream {
    let slots = active(fields).map(|f| {
        let var = f.var();
        let ty = f.ty;
        quote!(let mut #var: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let arms = active(fields).enumerate().map(|(i, f)| {
        let var = f.var();
        let read = read_field(f, quote!(*__read_step));
        let plain = plain_decode(f);
        let avro_name = &f.avro_name;
        quote! {
            #i => {
                let __value = if *__same { #plain } else { #read };
                #var = ::core::option::Option::Some(__value.map_err(|__e| __e.in_field(#avro_name))?);
            }
        }
    });
    let fills = active(fields).map(|f| {
        let var = f.var();
        let avro_name = &f.avro_name;
        let missing = match default_expr(f) {
            Some(default) => quote!(#default),
            None => quote!(return ::core::result::Result::Err(_avrox::__private::missing_field(#avro_name))),
        };
        quote! {
            let #var = match #var {
                ::core::option::Option::Some(__v) => __v,
                ::core::option::Option::None => #missing,
            };
        }
    });
    let construct = construct(path, style, fields, |f| {
        let var = f.var();
        quote!(#var)
    });
    // Fields read in the reader's order: each reader field in turn takes
    // the next step (skipping writer-only fields before it), or its
    // default when the next field read is a later one.
    let in_order = active(fields).enumerate().map(|(i, f)| {
        let var = f.var();
        let ty = f.ty;
        let read = read_field(f, quote!(*__read_step));
        let plain = plain_decode(f);
        let avro_name = &f.avro_name;
        let missing = match default_expr(f) {
            Some(default) => quote!(break #default),
            None => quote!(return ::core::result::Result::Err(_avrox::__private::missing_field(#avro_name))),
        };
        quote! {
            let #var: #ty = loop {
                match __next {
                    ::core::option::Option::Some(_avrox::resolve::FieldStep::Skip { writer: __writer }) => {
                        __plan.skip(__r, *__writer)?;
                        __next = __steps.next();
                    }
                    ::core::option::Option::Some(_avrox::resolve::FieldStep::Read { field: #i, step: __read_step, same: __same }) => {
                        let __value = if *__same { #plain } else { #read };
                        __next = __steps.next();
                        break __value.map_err(|__e| __e.in_field(#avro_name))?;
                    }
                    _ => #missing,
                }
            };
        }
    });
    let in_order_construct = construct.clone();
    quote! {
        if __record.in_order {
            let mut __steps = __record.fields.iter();
            let mut __next = __steps.next();
            #(#in_order)*
            // Writer-only fields after the last one read.
            while let ::core::option::Option::Some(__field) = __next {
                match __field {
                    _avrox::resolve::FieldStep::Skip { writer: __writer } => __plan.skip(__r, *__writer)?,
                    _avrox::resolve::FieldStep::Read { .. } => {
                        return ::core::result::Result::Err(__plan.unsupported(__step, #name));
                    }
                }
                __next = __steps.next();
            }
            return ::core::result::Result::Ok(#in_order_construct);
        }
        #(#slots)*
        for __field in __record.fields.iter() {
            match __field {
                _avrox::resolve::FieldStep::Read { field: __index, step: __read_step, same: __same } => match *__index {
                    #(#arms)*
                    _ => return ::core::result::Result::Err(__plan.unsupported(__step, #name)),
                },
                _avrox::resolve::FieldStep::Skip { writer: __writer } => __plan.skip(__r, *__writer)?,
            }
        }
        #(#fills)*
        ::core::result::Result::Ok(#construct)
    }
}

/// The field's plain decoder, for a field whose step is `Same`.
fn plain_decode(field: &Field<'_>) -> TokenStream {
    match codec(field) {
        Some(codec) => quote!(#codec::decode(__r)),
        None => {
            let ty = field.ty;
            quote!(<#ty as _avrox::Decode<'__de>>::decode(__r))
        }
    }
}

/// Reading the value of one union branch through `__step`.
fn variant(variant: &Variant<'_>) -> TokenStream {
    let ident = variant.ident;
    if let Some(field) = variant.newtype() {
        let read = read_field(field, quote!(__step));
        return quote!(#read.map(Self::#ident));
    }
    let name = variant.avro_name.clone();
    let plain = active(&variant.fields).map(|f| {
        let var = f.var();
        let ty = f.ty;
        let avro_name = &f.avro_name;
        let decode = match codec(f) {
            Some(codec) => quote!(#codec::decode(__r)),
            None => quote!(<#ty as _avrox::Decode<'__de>>::decode(__r)),
        };
        quote!(let #var = #decode.map_err(|__e| __e.in_field(#avro_name))?;)
    });
    let same = construct(quote!(Self::#ident), variant.style, &variant.fields, |f| {
        let var = f.var();
        quote!(#var)
    });
    let body = record(quote!(Self::#ident), variant.style, &variant.fields, &name);
    quote! {
        let __step = __plan.through_unions(__r, __step)?;
        match __plan.step(__step) {
            _avrox::resolve::Step::Same { .. } => {
                // The branch's record as written: its fields in order.
                #(#plain)*
                ::core::result::Result::Ok(#same)
            }
            _avrox::resolve::Step::Record(__record) => { #body }
            _ => ::core::result::Result::Err(__plan.unsupported(__step, #name)),
        }
    }
}
