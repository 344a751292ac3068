//! The Rust type of a schema node, where it is used: paths relative to the
//! module using it, `Box` where recursion needs it, and the field
//! attributes (`unit`, `decimal`, `big_decimal`) that pick a logical type.

use avrox::schema::{LogicalType, Type};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ident;
use crate::options::{DecimalType, MapType, TimeCrate};
use crate::plan::{NodeRef, Plan};

/// A field's type and the attributes its logical type needs.
pub(crate) struct FieldType {
    pub(crate) ty: TokenStream,
    pub(crate) attrs: Vec<TokenStream>,
}

/// How a logical type is held in Rust.
pub(crate) struct Logical {
    ty: TokenStream,
    /// Attributes it needs on a field; `None` when only a field can carry
    /// them, which a collection's item or a union's branch is not.
    attrs: Vec<TokenStream>,
    /// Whether it is a plain `i32`/`i64`, whose defaults are literals.
    pub(crate) primitive: bool,
}

impl Plan<'_> {
    /// The type of a record field of `owner` whose schema is `at`.
    pub(crate) fn field_type(&self, at: NodeRef, owner: usize) -> FieldType {
        let (inner, optional) = match self.option_branch(at) {
            Some(branch) => (branch, true),
            None => (at, false),
        };
        let (ty, attrs) = match self.logical(inner, true) {
            Some(logical) => (logical.ty, logical.attrs),
            None => (self.rust_type(inner, owner, true), Vec::new()),
        };
        let ty = if optional { quote!(Option<#ty>) } else { ty };
        FieldType { ty, attrs }
    }

    /// The type of `at` used by `owner`, held by value or (in a collection)
    /// on the heap already.
    pub(crate) fn rust_type(&self, at: NodeRef, owner: usize, by_value: bool) -> TokenStream {
        if let Some(branch) = self.option_branch(at) {
            let inner = self.rust_type(branch, owner, by_value);
            return quote!(Option<#inner>);
        }
        if let Some(logical) = self.logical(at, false) {
            return logical.ty;
        }
        if let Some(def) = self.def_of(at) {
            let path = self.path_to(def, owner);
            return if by_value && self.needs_box(owner, def) {
                quote!(Box<#path>)
            } else {
                path
            };
        }
        match self.node(at).ty() {
            Type::Null => quote!(()),
            Type::Boolean => quote!(bool),
            Type::Int => quote!(i32),
            Type::Long => quote!(i64),
            Type::Float => quote!(f32),
            Type::Double => quote!(f64),
            Type::Bytes => quote!(Vec<u8>),
            Type::String => quote!(String),
            Type::Array(items) => {
                let items = self.rust_type(at.with(*items), owner, false);
                quote!(Vec<#items>)
            }
            Type::Map(values) => {
                let values = self.rust_type(at.with(*values), owner, false);
                match self.options.map_type {
                    MapType::HashMap => {
                        quote!(::std::collections::HashMap<String, #values>)
                    }
                    MapType::BTreeMap => {
                        quote!(::std::collections::BTreeMap<String, #values>)
                    }
                }
            }
            // Named types and unions have defs; a new kind of type the
            // generator does not know yet is a unit, which the round-trip
            // test would catch.
            _ => quote!(()),
        }
    }

    /// The path to `def`'s type from the module of `from`.
    pub(crate) fn path_to(&self, def: usize, from: usize) -> TokenStream {
        let here = &self.defs[from].module;
        let there = &self.defs[def].module;
        let common = here.iter().zip(there).take_while(|(a, b)| a == b).count();
        let ups = (common..here.len()).map(|_| quote!(super::));
        let downs = there[common..].iter().map(|m| {
            let m = ident(m);
            quote!(#m::)
        });
        let name = ident(&self.defs[def].ident);
        quote!(#(#ups)* #(#downs)* #name)
    }

    /// The Rust type of a logical type on an unnamed node (a named one, a
    /// `fixed`, keeps its own newtype); `None` for none, or one the options
    /// have no type for (the plain type is used).
    pub(crate) fn logical(&self, at: NodeRef, field: bool) -> Option<Logical> {
        let node = self.node(at);
        let logical = node.logical_type()?;
        if node.name().is_some() {
            return None;
        }
        let time = self.options.time;
        let unit = |u: &str| {
            let u = Ident::new(u, Span::call_site());
            quote!(unit = #u)
        };
        let (ty, attrs, primitive) = match (logical, time) {
            (LogicalType::Uuid, _) => (quote!(::avrox::value::Uuid), vec![], false),
            (LogicalType::Decimal { precision, scale }, _) => {
                if !field {
                    return None;
                }
                let ty = match self.options.decimal {
                    DecimalType::Avrox => quote!(::avrox::value::Decimal),
                    DecimalType::RustDecimal => quote!(::rust_decimal::Decimal),
                };
                let precision = Literal::u32_unsuffixed(*precision);
                let scale = Literal::u32_unsuffixed(*scale);
                let attr = quote!(decimal(precision = #precision, scale = #scale));
                (ty, vec![attr], false)
            }
            (LogicalType::BigDecimal, _) => match self.options.decimal {
                DecimalType::Avrox => (quote!(::avrox::value::Decimal), vec![], false),
                DecimalType::RustDecimal => (
                    quote!(::rust_decimal::Decimal),
                    vec![quote!(big_decimal)],
                    false,
                ),
            },
            // A timestamp field stays an `i64` with its unit; where no
            // attribute can go (an array's items, a map's values) avrox's
            // own type carries the logical type.
            (
                LogicalType::TimestampMillis
                | LogicalType::TimestampMicros
                | LogicalType::TimestampNanos,
                TimeCrate::Avrox,
            ) if field => (quote!(i64), vec![unit(unit_of(logical))], true),
            (
                LogicalType::Date
                | LogicalType::TimeMillis
                | LogicalType::TimeMicros
                | LogicalType::TimestampMillis
                | LogicalType::TimestampMicros
                | LogicalType::TimestampNanos
                | LogicalType::LocalTimestampMillis
                | LogicalType::LocalTimestampMicros
                | LogicalType::LocalTimestampNanos,
                TimeCrate::Avrox,
            ) => {
                let ty = own_time_type(logical);
                (quote!(::avrox::value::#ty), vec![], false)
            }
            (LogicalType::Date, TimeCrate::Chrono) => (quote!(::chrono::NaiveDate), vec![], false),
            (LogicalType::Date, TimeCrate::Time) => (quote!(::time::Date), vec![], false),
            (LogicalType::TimeMillis | LogicalType::TimeMicros, TimeCrate::Chrono) => (
                quote!(::chrono::NaiveTime),
                vec![unit(unit_of(logical))],
                false,
            ),
            (LogicalType::TimeMillis | LogicalType::TimeMicros, TimeCrate::Time) => {
                (quote!(::time::Time), vec![unit(unit_of(logical))], false)
            }
            (
                LogicalType::TimestampMillis
                | LogicalType::TimestampMicros
                | LogicalType::TimestampNanos,
                TimeCrate::Chrono,
            ) => (
                quote!(::chrono::DateTime<::chrono::Utc>),
                vec![unit(unit_of(logical))],
                false,
            ),
            (
                LogicalType::TimestampMillis
                | LogicalType::TimestampMicros
                | LogicalType::TimestampNanos,
                TimeCrate::Time,
            ) => (
                quote!(::time::OffsetDateTime),
                vec![unit(unit_of(logical))],
                false,
            ),
            (
                LogicalType::LocalTimestampMillis
                | LogicalType::LocalTimestampMicros
                | LogicalType::LocalTimestampNanos,
                TimeCrate::Chrono,
            ) => (
                quote!(::chrono::NaiveDateTime),
                vec![unit(unit_of(logical))],
                false,
            ),
            (
                LogicalType::LocalTimestampMillis
                | LogicalType::LocalTimestampMicros
                | LogicalType::LocalTimestampNanos,
                TimeCrate::Time,
            ) => (
                quote!(::time::PrimitiveDateTime),
                vec![unit(unit_of(logical))],
                false,
            ),
            _ => return None,
        };
        // Outside a field no attribute can be written: the type must carry
        // the logical type itself, which only the micros types (and those
        // with no attribute) do.
        let needs_attribute = attrs.iter().any(|a| a.to_string() != "unit = micros");
        if !field && (needs_attribute || (primitive && !attrs.is_empty())) {
            return None;
        }
        let attrs = if field { attrs } else { Vec::new() };
        Some(Logical {
            ty,
            attrs,
            primitive,
        })
    }
}

/// avrox's own type for a date, time of day or timestamp
/// (`avrox::value::Date`, ...), named as the logical type is.
pub(crate) fn own_time_type(logical: &LogicalType) -> Ident {
    let name = match logical {
        LogicalType::Date => "Date",
        LogicalType::TimeMillis => "TimeMillis",
        LogicalType::TimeMicros => "TimeMicros",
        LogicalType::TimestampMillis => "TimestampMillis",
        LogicalType::TimestampMicros => "TimestampMicros",
        LogicalType::TimestampNanos => "TimestampNanos",
        LogicalType::LocalTimestampMillis => "LocalTimestampMillis",
        LogicalType::LocalTimestampMicros => "LocalTimestampMicros",
        _ => "LocalTimestampNanos",
    };
    Ident::new(name, Span::call_site())
}

/// The `unit` of a time or timestamp.
fn unit_of(logical: &LogicalType) -> &'static str {
    match logical {
        LogicalType::TimeMillis
        | LogicalType::TimestampMillis
        | LogicalType::LocalTimestampMillis => "millis",
        LogicalType::TimestampNanos | LogicalType::LocalTimestampNanos => "nanos",
        _ => "micros",
    }
}

/// An identifier, raw (`r#type`) where the name says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The `PascalCase` variant names of a union's branches, made distinct.
pub(crate) fn distinct(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for word in words {
        let mut candidate = word.clone();
        let mut n = 1;
        while out.contains(&candidate) {
            n += 1;
            candidate = format!("{word}{n}");
        }
        out.push(candidate);
    }
    out
}

/// The Rust names of a record's fields, made distinct (`self` and `Self`
/// are both `self_`: the second becomes `self_2`).
pub(crate) fn field_idents(record: &avrox::schema::Record) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(record.fields.len());
    for field in &record.fields {
        let base = ident::field_name(&field.name);
        let mut candidate = base.clone();
        let mut n = 1;
        while out.contains(&candidate) {
            n += 1;
            candidate = format!("{}_{n}", ident::unraw(&base).trim_end_matches('_'));
        }
        out.push(candidate);
    }
    out
}

/// A branch's variant name, from its word.
pub(crate) fn variant_name(word: &str) -> String {
    ident::type_name(word)
}
