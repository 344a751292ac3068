//! The derive input as avrox sees it: a container of fields or variants,
//! each with its attributes and its Avro name, as parsed. The rules have not
//! run yet; [`check`](crate::check) turns it into the [`model`](crate::model).

use quote::format_ident;
use syn::{DeriveInput, Generics, Ident, Member};

use crate::attr::{ContainerAttrs, FieldAttrs, VariantAttrs};
use crate::ctxt::Ctxt;

pub struct Container<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    pub attrs: ContainerAttrs,
    pub data: Data<'a>,
    /// The fullname (`namespace.Name`) without generic arguments.
    pub fullname: String,
}

pub enum Data<'a> {
    Struct(Style, Vec<Field<'a>>),
    Enum(Vec<Variant<'a>>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `struct S { a: A }`
    Named,
    /// `struct S(A, B);`
    Tuple,
    /// `struct S;`
    Unit,
}

pub struct Field<'a> {
    pub member: Member,
    pub ty: &'a syn::Type,
    pub attrs: FieldAttrs,
    pub avro_name: String,
    pub original: &'a syn::Field,
}

pub struct Variant<'a> {
    pub ident: &'a Ident,
    pub style: Style,
    pub fields: Vec<Field<'a>>,
    pub attrs: VariantAttrs,
    pub avro_name: String,
}

impl<'a> Container<'a> {
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Container<'a>> {
        let attrs = ContainerAttrs::parse(cx, &input.attrs);
        let rename_all = attrs.rename_all.get().copied();
        let data = match &input.data {
            syn::Data::Struct(data) => {
                let (style, fields) = fields_from_ast(cx, &data.fields, rename_all);
                Data::Struct(style, fields)
            }
            syn::Data::Enum(data) => Data::Enum(
                data.variants
                    .iter()
                    .map(|variant| {
                        let attrs = VariantAttrs::parse(cx, &variant.attrs);
                        let avro_name = match attrs.rename.get() {
                            Some(name) => name.value(),
                            None => match rename_all {
                                Some(rule) => rule.apply(&variant.ident.to_string()),
                                None => unraw(&variant.ident),
                            },
                        };
                        // Fields of struct variants follow their own names.
                        let (style, fields) = fields_from_ast(cx, &variant.fields, None);
                        Variant {
                            ident: &variant.ident,
                            style,
                            fields,
                            attrs,
                            avro_name,
                        }
                    })
                    .collect(),
            ),
            syn::Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "#[derive(Avro)] does not support Rust unions; use an enum",
                );
                return None;
            }
        };
        let simple = match attrs.name.get() {
            Some(name) => name.value(),
            None => unraw(&input.ident),
        };
        let fullname = match attrs.namespace.get() {
            Some(ns) if !ns.value().is_empty() && !simple.contains('.') => {
                format!("{}.{simple}", ns.value())
            }
            _ => simple,
        };
        Some(Container {
            ident: &input.ident,
            generics: &input.generics,
            attrs,
            data,
            fullname,
        })
    }

    pub fn has_lifetimes(&self) -> bool {
        self.generics.lifetimes().next().is_some()
    }
}

impl Field<'_> {
    /// The local variable a decoder binds this field to.
    pub fn var(&self) -> Ident {
        match &self.member {
            Member::Named(ident) => format_ident!("__field_{}", unraw(ident)),
            Member::Unnamed(index) => format_ident!("__field_{}", index.index),
        }
    }

    pub fn is_skipped(&self) -> bool {
        self.attrs.skip.is_set()
    }
}

impl Variant<'_> {
    /// A unit variant, or one that carries data.
    pub fn is_unit(&self) -> bool {
        self.style == Style::Unit
    }

    /// A variant of one unnamed field: a union branch of that field's type.
    pub fn is_newtype(&self) -> bool {
        self.style == Style::Tuple && self.fields.len() == 1
    }
}

fn fields_from_ast<'a>(
    cx: &Ctxt,
    fields: &'a syn::Fields,
    rename_all: Option<crate::case::RenameRule>,
) -> (Style, Vec<Field<'a>>) {
    let style = match fields {
        syn::Fields::Named(_) => Style::Named,
        syn::Fields::Unnamed(_) => Style::Tuple,
        syn::Fields::Unit => Style::Unit,
    };
    let fields = fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let attrs = FieldAttrs::parse(cx, &field.attrs);
            let (member, default_name) = match &field.ident {
                Some(ident) => (Member::Named(ident.clone()), unraw(ident)),
                None => (Member::Unnamed(i.into()), format!("_{i}")),
            };
            let avro_name = match attrs.rename.get() {
                Some(name) => name.value(),
                None => match (rename_all, &field.ident) {
                    (Some(rule), Some(_)) => rule.apply(&default_name),
                    _ => default_name,
                },
            };
            Field {
                member,
                ty: &field.ty,
                attrs,
                avro_name,
                original: field,
            }
        })
        .collect();
    (style, fields)
}

/// An identifier without its `r#`.
pub fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}
