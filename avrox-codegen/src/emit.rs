//! Each planned type as Rust items, the items in their modules, and the
//! whole formatted.

use std::collections::BTreeMap;

use avrox::schema::{Attributes, Enum, Fixed, LogicalType, Name, Order, Record, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::constraints;
use crate::error::Error;
use crate::ident;
use crate::plan::{DefKind, NodeRef, Plan};
use crate::properties;
use crate::types::{distinct, field_idents, ident as to_ident, variant_name};

impl Plan<'_> {
    /// The generated source, formatted.
    pub(crate) fn emit(&self) -> Result<String, Error> {
        let mut modules: BTreeMap<Vec<String>, Vec<TokenStream>> = BTreeMap::new();
        for (index, def) in self.defs.iter().enumerate() {
            let item = match def.kind {
                DefKind::Alias => self.alias(index),
                DefKind::Union => self.union(index),
                DefKind::Named => match self.node(def.node).ty() {
                    Type::Record(record) => self.record(index, record)?,
                    Type::Enum(e) => self.enumeration(index, e),
                    Type::Fixed(fixed) => self.fixed(index, fixed),
                    _ => continue,
                },
            };
            modules.entry(def.module.clone()).or_default().push(item);
        }
        let tokens = nest(&modules, &[]);
        let file: syn3::File =
            syn3::parse2(tokens).map_err(|e| Error::Unparsable(e.to_string()))?;
        Ok(prettyplease::unparse(&file))
    }

    /// The variant names of the enum `def`, one per symbol.
    pub(crate) fn enum_variants(&self, def: usize) -> Vec<String> {
        match self.node(self.defs[def].node).ty() {
            Type::Enum(e) => distinct(e.symbols.iter().map(|s| variant_name(s)).collect()),
            _ => Vec::new(),
        }
    }

    /// The variant names of the data enum `def`, one per branch.
    pub(crate) fn union_variants(&self, def: usize) -> Vec<String> {
        let at = self.defs[def].node;
        match self.node(at).ty() {
            Type::Union(union) => distinct(
                union
                    .variants
                    .iter()
                    .map(|b| self.branch_word(at.with(*b)))
                    .collect(),
            ),
            _ => Vec::new(),
        }
    }

    fn alias(&self, index: usize) -> TokenStream {
        let def = &self.defs[index];
        let name = to_ident(&def.ident);
        let ty = self.rust_type(def.node, index, false);
        let doc = format!(" The root of schema `{}`.", unraw_origin(&def.origin));
        quote! {
            #[doc = #doc]
            pub type #name = #ty;
        }
    }

    fn union(&self, index: usize) -> TokenStream {
        let def = &self.defs[index];
        let at = def.node;
        let Type::Union(union) = self.node(at).ty() else {
            return TokenStream::new();
        };
        let name = to_ident(&def.ident);
        let variants = self
            .union_variants(index)
            .into_iter()
            .zip(&union.variants)
            .map(|(variant, branch)| {
                let variant = to_ident(&variant);
                let ty = self.rust_type(at.with(*branch), index, true);
                quote!(#variant(#ty))
            });
        quote! {
            #[derive(::avrox::Avro, Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants),*
            }
        }
    }

    fn record(&self, index: usize, record: &Record) -> Result<TokenStream, Error> {
        let def = &self.defs[index];
        let at = def.node;
        let name = to_ident(&def.ident);
        let container = self.container_attrs(
            &def.ident,
            &record.name,
            &record.aliases,
            record.doc.as_deref(),
            self.node(at).attributes(),
        );
        let fields = record
            .fields
            .iter()
            .zip(field_idents(record))
            .map(|(field, member)| {
                let field_at = at.with(field.schema);
                let field_type = self.field_type(field_at, index);
                let mut attrs = Vec::new();
                if ident::unraw(&member) != field.name {
                    let avro = &field.name;
                    attrs.push(quote!(rename = #avro));
                }
                for alias in &field.aliases {
                    attrs.push(quote!(alias = #alias));
                }
                attrs.extend(doc_attr(field.doc.as_deref()));
                match field.order {
                    Order::Descending => attrs.push(quote!(order = descending)),
                    Order::Ignore => attrs.push(quote!(order = ignore)),
                    _ => {}
                }
                if let Some(json) = &field.default {
                    let expr = self
                        .default_expr(field_at, json, index, index, true, true)
                        .map_err(|why| Error::Default {
                            field: format!("{}.{}", record.name.fullname(), field.name),
                            why,
                        })?;
                    if self.is_default_default(field_at, json) {
                        attrs.push(quote!(default));
                    } else {
                        attrs.push(quote!(default = #expr));
                    }
                }
                attrs.extend(field_type.attrs.iter().cloned());
                if let Some(serde_json::Value::Object(c)) = field.attributes.get(constraints::KEY) {
                    attrs.extend(self.constraint_attrs(field_at, c));
                }
                attrs.extend(properties::attrs(&field.attributes));
                let doc = doc_comments(field.doc.as_deref());
                let member = to_ident(&member);
                let ty = &field_type.ty;
                let attrs = (!attrs.is_empty()).then(|| quote!(#[avro(#(#attrs),*)]));
                Ok(quote! {
                    #doc
                    #attrs
                    pub #member: #ty
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let doc = doc_comments(record.doc.as_deref());
        Ok(quote! {
            #doc
            #[derive(::avrox::Avro, Debug, Clone, PartialEq)]
            #container
            pub struct #name {
                #(#fields),*
            }
        })
    }

    fn enumeration(&self, index: usize, e: &Enum) -> TokenStream {
        let def = &self.defs[index];
        let name = to_ident(&def.ident);
        let container = self.container_attrs(
            &def.ident,
            &e.name,
            &e.aliases,
            e.doc.as_deref(),
            self.node(def.node).attributes(),
        );
        let variants =
            self.enum_variants(index)
                .into_iter()
                .zip(&e.symbols)
                .map(|(variant, symbol)| {
                    let mut attrs = Vec::new();
                    if &variant != symbol {
                        attrs.push(quote!(rename = #symbol));
                    }
                    if e.default.as_ref() == Some(symbol) {
                        attrs.push(quote!(default));
                    }
                    let variant = to_ident(&variant);
                    let attrs = (!attrs.is_empty()).then(|| quote!(#[avro(#(#attrs),*)]));
                    quote!(#attrs #variant)
                });
        let doc = doc_comments(e.doc.as_deref());
        quote! {
            #doc
            #[derive(::avrox::Avro, Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #container
            pub enum #name {
                #(#variants),*
            }
        }
    }

    /// A fixed is a newtype over its bytes, derived with `#[avro(fixed)]`.
    /// The derive has no attribute for a logical type on a fixed
    /// (`decimal`, `uuid`, `duration`): such a fixed has its five traits
    /// written out here, the schema by hand, the rest the array's.
    fn fixed(&self, index: usize, fixed: &Fixed) -> TokenStream {
        let def = &self.defs[index];
        let name = to_ident(&def.ident);
        let size = Literal::usize_unsuffixed(fixed.size);
        if self.node(def.node).logical_type().is_none() {
            let doc = doc_comments(fixed.doc.as_deref());
            let mut attrs = vec![quote!(fixed)];
            attrs.extend(self.container_attr_list(
                &def.ident,
                &fixed.name,
                &fixed.aliases,
                fixed.doc.as_deref(),
                self.node(def.node).attributes(),
            ));
            return quote! {
                #doc
                #[derive(::avrox::Avro, Debug, Clone, Copy, PartialEq, Eq, Hash)]
                #[avro(#(#attrs),*)]
                pub struct #name(pub [u8; #size]);
            };
        }
        let fullname = fixed.name.fullname();
        let doc = doc_comments(fixed.doc.as_deref());
        let with_doc = fixed.doc.as_deref().map(|d| quote!(.with_doc(#d)));
        let aliases: Vec<&str> = fixed.aliases.iter().map(|a| a.fullname()).collect();
        let with_aliases = (!aliases.is_empty()).then(|| {
            quote! {
                .with_aliases(
                    [#(#aliases),*]
                        .into_iter()
                        .filter_map(|alias| ::avrox::schema::Name::new(alias).ok())
                        .collect(),
                )
            }
        });
        let logical = self.node(def.node).logical_type().map(|logical| {
            let logical = logical_tokens(logical);
            quote!(.with_logical_type(#logical))
        });
        quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct #name(pub [u8; #size]);

            impl ::avrox::AvroSchema for #name {
                const ERROR_ROOT: Option<&'static str> = Some(#fullname);

                fn add_schema(builder: &mut ::avrox::schema::SchemaBuilder) -> ::avrox::schema::NodeId {
                    let name = match ::avrox::schema::Name::new(#fullname) {
                        Ok(name) => name,
                        Err(message) => {
                            builder.error(message);
                            return builder.add(::avrox::schema::Node::new(::avrox::schema::Type::Null));
                        }
                    };
                    builder.named(&name.clone(), ::core::any::type_name::<Self>(), move |_, _| {
                        ::avrox::schema::Node::new(::avrox::schema::Type::Fixed(
                            ::avrox::schema::Fixed::new(name, #size) #with_doc #with_aliases,
                        )) #logical
                    })
                }
            }

            impl ::avrox::Encode for #name {
                fn encode(&self, out: &mut Vec<u8>) -> ::avrox::Result<()> {
                    ::avrox::Encode::encode(&self.0, out)
                }
            }

            impl<'de> ::avrox::Decode<'de> for #name {
                const MIN_ENCODED_SIZE: usize = #size;

                fn decode(reader: &mut ::avrox::binary::SliceReader<'de>) -> ::avrox::Result<Self> {
                    <[u8; #size] as ::avrox::Decode<'de>>::decode(reader).map(#name)
                }
            }

            impl ::avrox::ToValue for #name {
                fn to_value(&self) -> ::avrox::Value {
                    ::avrox::ToValue::to_value(&self.0)
                }
            }

            impl ::avrox::FromValue for #name {
                fn from_value(value: ::avrox::Value) -> ::avrox::Result<Self> {
                    <[u8; #size] as ::avrox::FromValue>::from_value(value).map(#name)
                }
            }
        }
    }

    /// Whether a JSON default is what `Default::default()` gives (`None`,
    /// an empty `Vec` or map): written as a bare `default`.
    fn is_default_default(&self, at: NodeRef, json: &serde_json::Value) -> bool {
        let logical = self.logical(at, true).is_some();
        match (self.node(at).ty(), json) {
            (Type::Union(_), serde_json::Value::Null) => self.option_branch(at).is_some(),
            (Type::Array(_), serde_json::Value::Array(items)) => items.is_empty() && !logical,
            (Type::Map(_), serde_json::Value::Object(entries)) => entries.is_empty(),
            _ => false,
        }
    }

    /// `#[avro(name, namespace, alias, doc, property)]` of a named type.
    fn container_attrs(
        &self,
        rust: &str,
        name: &Name,
        aliases: &[Name],
        doc: Option<&str>,
        attributes: &Attributes,
    ) -> Option<TokenStream> {
        let attrs = self.container_attr_list(rust, name, aliases, doc, attributes);
        (!attrs.is_empty()).then(|| quote!(#[avro(#(#attrs),*)]))
    }

    /// The attributes of [`container_attrs`](Plan::container_attrs), each.
    fn container_attr_list(
        &self,
        rust: &str,
        name: &Name,
        aliases: &[Name],
        doc: Option<&str>,
        attributes: &Attributes,
    ) -> Vec<TokenStream> {
        let mut attrs = Vec::new();
        if rust != name.name() {
            let simple = name.name();
            attrs.push(quote!(name = #simple));
        }
        if let Some(namespace) = name.namespace() {
            attrs.push(quote!(namespace = #namespace));
        }
        for alias in aliases {
            // The derive reads an alias relative to the type's namespace;
            // one in another namespace is given in full.
            let alias = if alias.namespace() == name.namespace() {
                alias.name()
            } else {
                alias.fullname()
            };
            attrs.push(quote!(alias = #alias));
        }
        attrs.extend(doc_attr(doc));
        attrs.extend(properties::attrs(attributes));
        attrs
    }
}

/// `///` lines for rustdoc (the derive also reads them as the Avro doc,
/// unless [`doc_attr`] gives it); none for a doc that cannot be a comment.
fn doc_comments(doc: Option<&str>) -> TokenStream {
    let text = doc.and_then(rustdoc).unwrap_or_default();
    let lines = text.lines().map(|line| format!(" {line}"));
    quote!(#(#[doc = #lines])*)
}

/// `doc = ".."` when the `///` lines would not give the doc back exactly
/// (the derive trims the text it reads from them, and a doc in a `text`
/// block is not the doc) or there are none.
fn doc_attr(doc: Option<&str>) -> Option<TokenStream> {
    let doc = doc?;
    let exact = !doc.is_empty() && doc.trim() == doc && rustdoc(doc).as_deref() == Some(doc);
    (!exact).then(|| quote!(doc = #doc))
}

/// A schema doc as rustdoc Markdown that shows it as written. A doc is
/// text from whoever wrote the schema: Markdown would render its HTML
/// and links, and `cargo test` would compile and run its code blocks
/// (fenced or indented) as doctests of the crate that includes the
/// generated code. So only a line of plain prose stays as it is; any other
/// doc goes in a `text` block, fenced by more backticks than it holds.
/// `None` for a doc that cannot be a comment.
fn rustdoc(doc: &str) -> Option<String> {
    if !commentable(doc) {
        return None;
    }
    if plain(doc) {
        return Some(doc.to_owned());
    }
    let mut longest = 0;
    let mut run = 0;
    for c in doc.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    Some(format!("{fence}text\n{doc}\n{fence}"))
}

/// Whether Markdown shows `doc` as written: one line that starts with a
/// letter (not a list's number, a heading, a quote or indentation), of
/// letters, digits, spaces and punctuation that is never markup, and no
/// bare URL (which rustdoc warns of).
fn plain(doc: &str) -> bool {
    doc.starts_with(char::is_alphabetic)
        && !doc.contains("://")
        && doc
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || ".,;:'\"!?()/-+=%$@".contains(c))
}

/// Whether a doc can be written as `///` lines: Rust refuses a carriage
/// return and other control characters in them, and (a deny-by-default
/// lint) characters that change the direction of text; clippy warns of
/// tabs and of blank docs, which users' builds may deny.
fn commentable(doc: &str) -> bool {
    !doc.trim().is_empty()
        && doc.chars().all(|c| {
            (c == '\n' || !c.is_control())
                && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
}

fn logical_tokens(logical: &LogicalType) -> TokenStream {
    let path = quote!(::avrox::schema::LogicalType);
    match logical {
        LogicalType::Decimal { precision, scale } => {
            let precision = Literal::u32_unsuffixed(*precision);
            let scale = Literal::u32_unsuffixed(*scale);
            quote!(#path::Decimal { precision: #precision, scale: #scale })
        }
        LogicalType::Uuid => quote!(#path::Uuid),
        LogicalType::Duration => quote!(#path::Duration),
        LogicalType::BigDecimal => quote!(#path::BigDecimal),
        LogicalType::Date => quote!(#path::Date),
        LogicalType::TimeMillis => quote!(#path::TimeMillis),
        LogicalType::TimeMicros => quote!(#path::TimeMicros),
        LogicalType::TimestampMillis => quote!(#path::TimestampMillis),
        LogicalType::TimestampMicros => quote!(#path::TimestampMicros),
        LogicalType::TimestampNanos => quote!(#path::TimestampNanos),
        LogicalType::LocalTimestampMillis => quote!(#path::LocalTimestampMillis),
        LogicalType::LocalTimestampMicros => quote!(#path::LocalTimestampMicros),
        LogicalType::LocalTimestampNanos => quote!(#path::LocalTimestampNanos),
        _ => TokenStream::new(),
    }
}

fn unraw_origin(origin: &str) -> &str {
    origin
        .strip_prefix("the root of schema '")
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(origin)
}

/// The items of `module` and, after them, its submodules, nested.
fn nest(modules: &BTreeMap<Vec<String>, Vec<TokenStream>>, module: &[String]) -> TokenStream {
    let items = modules.get(module).into_iter().flatten();
    let mut children: Vec<&String> = modules
        .keys()
        .filter(|path| path.len() > module.len() && path.starts_with(module))
        .filter_map(|path| path.get(module.len()))
        .collect();
    children.dedup();
    let submodules = children.into_iter().map(|child| {
        let mut path = module.to_vec();
        path.push(child.clone());
        let inner = nest(modules, &path);
        let name = to_ident(child);
        quote! {
            pub mod #name {
                #inner
            }
        }
    });
    quote! {
        #(#items)*
        #(#submodules)*
    }
}
