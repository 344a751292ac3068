//! `AvroSchema`: the type's node in a `SchemaBuilder`, its schema kept in
//! a static, its constraint hooks and its evolution items (`evolve.rs`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

use super::bounds::{self, Need};
use super::{active, codec, default_expr};
use crate::attr::{Order, Property};
use crate::model::{Container, Data, Field, Variant};

pub fn expand(cont: &Container<'_>) -> TokenStream {
    let ident = cont.ident;
    let generics = bounds::generics(cont, Need::Schema);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match &cont.data {
        Data::Transparent(t) if cont.attrs.fixed.is_set() => {
            let owner = owner(cont, None);
            let name = name_expr(cont, &cont.fullname);
            let size = crate::check::fixed_size(t.field.ty);
            let doc = cont.attrs.doc.get().map(|d| quote!(.with_doc(#d)));
            let aliases = aliases(&cont.attrs.aliases);
            let properties = properties(&cont.attrs.properties);
            quote! {
                let __name = #name;
                __b.named(&__name, #owner, |_, _| {
                    _avrox::schema::Node::new(_avrox::schema::Type::Fixed(
                        _avrox::schema::Fixed::new(__name.clone(), #size) #doc #aliases
                    )) #properties
                })
            }
        }
        Data::Transparent(t) => {
            let field = &t.field;
            super::validate::with_type_constraints(field, field_schema(field))
        }
        Data::Record(_, fields) => {
            let owner = owner(cont, None);
            let name = name_expr(cont, &cont.fullname);
            let record = record(
                cont.attrs.doc.get(),
                &cont.attrs.aliases,
                &cont.attrs.properties,
                fields,
            );
            let versions = super::evolve::register_versions(cont);
            quote! {
                let __name = #name;
                let __id = __b.named(&__name, #owner, |__b, __id| { #record });
                #versions
                __id
            }
        }
        Data::Enum(variants) => {
            let owner = owner(cont, None);
            let name = name_expr(cont, &cont.fullname);
            let symbols = variants.iter().map(|v| &v.avro_name);
            let doc = cont.attrs.doc.get().map(|d| quote!(.with_doc(#d)));
            let aliases = aliases(&cont.attrs.aliases);
            let properties = properties(&cont.attrs.properties);
            let default = variants.iter().find(|v| v.attrs.default.is_set()).map(|v| {
                let symbol = &v.avro_name;
                quote!(.with_default(#symbol))
            });
            quote! {
                let __name = #name;
                __b.named(&__name, #owner, |_, _| {
                    _avrox::schema::Node::new(_avrox::schema::Type::Enum(
                        _avrox::schema::Enum::new(
                            __name.clone(),
                            _avrox::__private::Vec::from([#(::std::string::String::from(#symbols)),*]),
                        )
                        #doc
                        #aliases
                        #default
                    ))
                    #properties
                })
            }
        }
        Data::Union(variants) => {
            let branches = variants.iter().map(|variant| {
                if let Some(field) = variant.newtype() {
                    return super::validate::with_type_constraints(field, field_schema(field));
                }
                let owner = owner(cont, Some(variant));
                let fullname = match cont.namespace() {
                    Some(ns) => format!("{ns}.{}", variant.avro_name),
                    None => variant.avro_name.clone(),
                };
                let name = name_expr(cont, &fullname);
                let record = record(
                    variant.attrs.doc.get(),
                    &variant.attrs.aliases,
                    &[],
                    &variant.fields,
                );
                quote! {{
                    let __name = #name;
                    __b.named(&__name, #owner, |__b, __id| { #record })
                }}
            });
            let owner = owner(cont, None);
            quote! {
                let __owner = #owner;
                if !__b.enter_unnamed(__owner) {
                    return __b.add(_avrox::schema::Node::new(_avrox::schema::Type::Null));
                }
                let __branches = _avrox::__private::Vec::from([#(#branches),*]);
                __b.leave_unnamed(__owner);
                __b.union(__branches)
            }
        }
    };
    // A type without type or const parameters keeps its schema in a static
    // of its own; generic ones share the cache that `schema()` defaults to
    // (a static here would be shared by every instance).
    let schema_fn = (!cont.is_generic()).then(|| {
        quote! {
            fn schema() -> &'static _avrox::Schema {
                static __SCHEMA: _avrox::__private::OnceLock<_avrox::Schema> = _avrox::__private::OnceLock::new();
                __SCHEMA.get_or_init(_avrox::__private::build_schema::<Self>)
            }
        }
    });
    // Decoding errors start their path with this name, without building
    // the schema.
    let root_name = match &cont.data {
        Data::Transparent(_) if !cont.attrs.fixed.is_set() => None,
        Data::Union(_) => None,
        _ => {
            let simple = cont.fullname.rsplit('.').next().unwrap_or(&cont.fullname);
            Some(
                quote!(const ERROR_ROOT: ::core::option::Option<&'static str> = ::core::option::Option::Some(#simple);),
            )
        }
    };
    let validate = super::validate::expand_hooks(cont);
    let evolve = super::evolve::items(cont);
    quote! {
        impl #impl_generics _avrox::AvroSchema for #ident #ty_generics #where_clause {
            #root_name
            fn add_schema(__b: &mut _avrox::schema::SchemaBuilder) -> _avrox::schema::NodeId {
                #body
            }
            #schema_fn
            #validate
            #evolve
        }
    }
}

/// The body of a `named` closure that defines a record of `fields`.
fn record(
    doc: Option<&String>,
    type_aliases: &[LitStr],
    type_properties: &[Property],
    fields: &[Field<'_>],
) -> TokenStream {
    let pushes = active(fields).enumerate().map(|(index, field)| {
        let schema = field_schema(field);
        let name = &field.avro_name;
        let doc = field.attrs.doc.get().map(|d| quote!(.with_doc(#d)));
        let field_aliases = (!field.attrs.aliases.is_empty()).then(|| {
            let aliases = &field.attrs.aliases;
            quote!(.with_aliases(_avrox::__private::Vec::from([#(::std::string::String::from(#aliases)),*])))
        });
        let order = field.attrs.order.get().map(|order| match order {
            Order::Ascending => quote!(.with_order(_avrox::schema::Order::Ascending)),
            Order::Descending => quote!(.with_order(_avrox::schema::Order::Descending)),
            Order::Ignore => quote!(.with_order(_avrox::schema::Order::Ignore)),
        });
        let default = default_expr(field).map(|value| {
            let to_value = match codec(field) {
                Some(codec) => quote!(#codec::to_value(&__value)),
                None => quote!(_avrox::ToValue::to_value(&__value)),
            };
            quote! {
                let __value = #value;
                let __value = #to_value;
                __b.field_default_with(__id, #index, move |__s, __n| {
                    _avrox::__private::default_json(__s, __n, &__value)
                });
            }
        });
        let constraints = super::validate::schema_attribute(field);
        let properties = properties(&field.attrs.properties);
        quote! {
            let __schema = #schema;
            __fields.push(_avrox::schema::Field::new(#name, __schema) #doc #field_aliases #order #constraints #properties);
            #default
        }
    });
    let doc = doc.map(|d| quote!(.with_doc(#d)));
    let aliases = aliases(type_aliases);
    let properties = properties(type_properties);
    quote! {
        let mut __fields = _avrox::__private::Vec::new();
        #(#pushes)*
        let _ = __id;
        _avrox::schema::Node::new(_avrox::schema::Type::Record(
            _avrox::schema::Record::new(__name.clone(), __fields) #doc #aliases
        )) #properties
    }
}

/// `.with_attribute(key, value)` for each custom property, on a node or a
/// field; the JSON text was checked when the attribute was parsed.
fn properties(properties: &[Property]) -> TokenStream {
    properties
        .iter()
        .map(|Property { key, json }| quote!(.with_attribute(#key, _avrox::__private::json(#json))))
        .collect()
}

/// `.with_aliases(...)` for a named type; aliases are relative to its
/// namespace unless dotted.
fn aliases(aliases: &[LitStr]) -> Option<TokenStream> {
    (!aliases.is_empty()).then(|| {
        quote! {
            .with_aliases(_avrox::__private::Vec::from([
                #(_avrox::__private::alias(#aliases, __name.namespace())),*
            ]))
        }
    })
}

/// The schema node of a field's type.
fn field_schema(field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    match codec(field) {
        Some(codec) => quote!(#codec::add_schema(__b)),
        None => quote!(<#ty as _avrox::AvroSchema>::add_schema(__b)),
    }
}

/// The `Name` of a named type: fixed for a plain type; for a generic one,
/// followed by the labels of its type arguments.
fn name_expr(cont: &Container<'_>, fullname: &str) -> TokenStream {
    if !cont.is_generic() {
        return quote!(_avrox::__private::name(#fullname));
    }
    let params = cont.generics.type_params().map(|p| &p.ident);
    let consts = cont.generics.const_params().map(|p| &p.ident);
    quote! {{
        let __arguments = [#(<#params as _avrox::AvroSchema>::add_schema(__b)),*];
        let __constants = [#(::std::string::ToString::to_string(&#consts)),*];
        _avrox::__private::generic_name(#fullname, __b, &__arguments, &__constants)
    }}
}

/// What defines a named type, so that two Rust types claiming one Avro name
/// are caught.
fn owner(cont: &Container<'_>, variant: Option<&Variant<'_>>) -> TokenStream {
    let ident = cont.ident.to_string();
    match variant {
        Some(v) => {
            let variant = v.ident.to_string();
            quote!(::core::concat!(::core::module_path!(), "::", #ident, "::", #variant))
        }
        None => quote!(::core::concat!(::core::module_path!(), "::", #ident)),
    }
}
