//! The checked input: what [`check`](crate::check) makes of the parsed
//! [`ast`](crate::ast) once every rule holds, and all that
//! [`expand`](crate::expand) reads. Its shapes leave no room for what the
//! rules forbid: a `transparent` struct has its one encoded field, an enum
//! has a last variant, a skipped field has its default, a field has at most
//! one codec. So expand never re-asserts an invariant.

use std::ops::Deref;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Generics, Ident, Path};

pub use crate::ast::Style;

use crate::ast;
use crate::attr::{ContainerAttrs, Decimal, DefaultValue, Unit, VariantAttrs};

pub struct Container<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    pub attrs: ContainerAttrs,
    pub data: Data<'a>,
    /// The fullname (`namespace.Name`) without generic arguments.
    pub fullname: String,
}

pub enum Data<'a> {
    /// A struct: an Avro record of its fields that are not skipped.
    Record(Style, Vec<Field<'a>>),
    /// A `transparent` struct: its one encoded field's type.
    Transparent(Box<Transparent<'a>>),
    /// An enum of unit variants: an Avro enum.
    Enum(Variants<'a>),
    /// An enum that carries data: an Avro union of its variants.
    Union(Variants<'a>),
}

/// A `transparent` struct: `field`, with the skipped fields declared
/// before and after it.
pub struct Transparent<'a> {
    pub style: Style,
    pub before: Vec<Field<'a>>,
    pub field: Field<'a>,
    pub after: Vec<Field<'a>>,
}

impl<'a> Transparent<'a> {
    /// Every field, in declaration order.
    pub fn fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.before
            .iter()
            .chain(std::iter::once(&self.field))
            .chain(&self.after)
    }
}

/// The variants of an enum, at least one (Avro enums and unions need one).
pub struct Variants<'a> {
    pub init: Vec<Variant<'a>>,
    pub last: Variant<'a>,
}

impl<'a> Variants<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &Variant<'a>> {
        self.init.iter().chain(std::iter::once(&self.last))
    }

    pub fn len(&self) -> usize {
        self.init.len() + 1
    }
}

pub struct Variant<'a> {
    pub ident: &'a Ident,
    pub style: Style,
    pub fields: Vec<Field<'a>>,
    pub attrs: VariantAttrs,
    pub avro_name: String,
}

impl<'a> Variant<'a> {
    /// The field of a variant of one unnamed field, a union branch of that
    /// field's type; `None` for a variant whose branch is a record.
    pub fn newtype(&self) -> Option<&Field<'a>> {
        match (self.style, self.fields.as_slice()) {
            (Style::Tuple, [field]) => Some(field),
            _ => None,
        }
    }
}

/// A field: the parsed one, with how it is encoded or rebuilt.
pub struct Field<'a> {
    pub ast: ast::Field<'a>,
    /// The codec the attributes choose, if any.
    pub codec: Option<Codec>,
    /// `Some` for a field that is not encoded.
    pub skipped: Option<Skipped>,
}

impl<'a> Deref for Field<'a> {
    type Target = ast::Field<'a>;

    fn deref(&self) -> &ast::Field<'a> {
        &self.ast
    }
}

impl Field<'_> {
    pub fn is_skipped(&self) -> bool {
        self.skipped.is_some()
    }
}

/// A skipped field is rebuilt from its default.
pub struct Skipped {
    pub default: DefaultValue,
}

/// How a field is encoded when not by its type's own impls: one attribute
/// chooses it (the check refuses two).
pub enum Codec {
    /// `with = path`: a module of codec functions.
    With(Path),
    /// `unit = "..."`: a time or timestamp adapter.
    Unit(Unit),
    /// `uuid = "fixed"`.
    FixedUuid,
    /// `decimal(...)`: bytes, or a fixed of `size` bytes.
    Decimal(Decimal),
}

impl Codec {
    /// The codec's path for a field of type `ty`, in generated code.
    pub fn path(&self, ty: &syn::Type) -> TokenStream {
        match self {
            Codec::With(path) => path.to_token_stream(),
            Codec::Unit(unit) => {
                let adapter = match unit {
                    Unit::Millis => quote!(Millis),
                    Unit::Micros => quote!(Micros),
                    Unit::Nanos => quote!(Nanos),
                };
                quote!(_avrox::logical::#adapter::<#ty>)
            }
            Codec::FixedUuid => quote!(_avrox::logical::FixedUuid::<#ty>),
            Codec::Decimal(decimal) => {
                let (p, s) = (decimal.precision, decimal.scale);
                match decimal.size {
                    Some(n) => quote!(_avrox::logical::DecimalFixed::<#ty, #p, #s, #n>),
                    None => quote!(_avrox::logical::DecimalBytes::<#ty, #p, #s>),
                }
            }
        }
    }
}

impl Container<'_> {
    /// The namespace named types inside this one (the records of enum
    /// variants) take.
    pub fn namespace(&self) -> Option<&str> {
        self.fullname.rfind('.').map(|dot| &self.fullname[..dot])
    }

    /// The path of the avrox crate: `crate = ...` or `::avrox`.
    pub fn krate(&self) -> TokenStream {
        match self.attrs.krate.get() {
            Some(path) => path.to_token_stream(),
            None => quote!(::avrox),
        }
    }

    /// Whether the type has type or const parameters: then each instance
    /// is its own Avro type, named after its arguments.
    pub fn is_generic(&self) -> bool {
        self.generics.type_params().next().is_some()
            || self.generics.const_params().next().is_some()
    }

    pub fn has_lifetimes(&self) -> bool {
        self.generics.lifetimes().next().is_some()
    }
}
