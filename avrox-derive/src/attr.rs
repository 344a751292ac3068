//! The `#[avro(...)]` attributes of containers, fields and variants, parsed
//! into typed values that remember where they were written.
//!
//! Every problem is recorded in the [`Ctxt`] and parsing goes on, so one
//! compilation reports every mistake.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, ExprLit, ExprPath, Lit, LitInt, LitStr, Path, Token};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;

pub mod constraints;
pub mod evolve;
pub mod property;
pub use constraints::Constraints;
pub use property::Property;

/// A value given at most once, with the tokens that gave it (for spans).
pub struct Attr<T> {
    name: &'static str,
    value: Option<(TokenStream, T)>,
}

impl<T> Attr<T> {
    pub(crate) fn none(name: &'static str) -> Attr<T> {
        Attr { name, value: None }
    }

    pub(crate) fn set(&mut self, cx: &Ctxt, tokens: impl ToTokens, value: T) {
        let tokens = tokens.into_token_stream();
        if self.value.is_some() {
            cx.error_spanned_by(tokens, format!("duplicate avro attribute `{}`", self.name));
        } else {
            self.value = Some((tokens, value));
        }
    }

    pub fn get(&self) -> Option<&T> {
        self.value.as_ref().map(|(_, v)| v)
    }

    /// The tokens that set the value, for errors about it.
    pub fn tokens(&self) -> Option<&TokenStream> {
        self.value.as_ref().map(|(t, _)| t)
    }

    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }
}

impl Attr<LitStr> {
    /// `key = "string"`, given at most once.
    fn set_str(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        if let Some(s) = lit_str(cx, meta)? {
            self.set(cx, &meta.path, s);
        }
        Ok(())
    }
}

impl Attr<String> {
    /// `doc = "..."`, given at most once.
    fn set_doc(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        if let Some(s) = lit_str(cx, meta)? {
            self.set(cx, &meta.path, s.value());
        }
        Ok(())
    }

    /// Without a `doc` attribute, the `///` comments (no tokens: they are
    /// not an attribute to point errors at).
    fn or_doc_comment(&mut self, attrs: &[Attribute]) {
        if !self.is_set()
            && let Some(doc) = doc_comment(attrs)
        {
            self.value = Some((TokenStream::new(), doc));
        }
    }
}

/// `key = "string"`, repeatable.
fn push_str(cx: &Ctxt, meta: &ParseNestedMeta<'_>, into: &mut Vec<LitStr>) -> syn::Result<()> {
    if let Some(s) = lit_str(cx, meta)? {
        into.push(s);
    }
    Ok(())
}

const CONTAINER_KEYS: &[&str] = &[
    "name",
    "namespace",
    "doc",
    "alias",
    "rename_all",
    "transparent",
    "crate",
    "version",
    "from",
    "try_from",
    "migrate",
    "validate",
    "property",
    "fixed",
];
const FIELD_KEYS: &[&str] = &[
    "rename",
    "alias",
    "doc",
    "default",
    "skip",
    "with",
    "order",
    "unit",
    "uuid",
    "decimal",
    "big_decimal",
    "since",
    "renamed_in",
    "property",
    // The constraints (`constraints::KEYS`).
    "min",
    "max",
    "exclusive_min",
    "exclusive_max",
    "length",
    "non_empty",
    "pattern",
    "one_of",
    "multiple_of",
    "custom",
    "inner",
];
const VARIANT_KEYS: &[&str] = &["rename", "alias", "doc", "default"];
const DECIMAL_KEYS: &[&str] = &["precision", "scale", "size"];

/// Attributes of the struct or enum.
pub struct ContainerAttrs {
    pub name: Attr<LitStr>,
    pub namespace: Attr<LitStr>,
    pub doc: Attr<String>,
    pub aliases: Vec<LitStr>,
    pub rename_all: Attr<RenameRule>,
    pub transparent: Attr<()>,
    pub krate: Attr<Path>,
    pub evolve: evolve::ContainerEvolve,
    /// `validate = path`: a check across fields.
    pub validate: Attr<Path>,
    /// Custom properties of the named type.
    pub properties: Vec<Property>,
    /// `fixed`: a one-field struct of `[u8; N]` that is a named `fixed`.
    pub fixed: Attr<()>,
}

/// A field's default: `default` uses `Default`, `default = expr` the
/// expression.
#[derive(Clone)]
pub enum DefaultValue {
    Trait,
    Expr(Box<Expr>),
}

/// The sort order of a field.
#[derive(Clone, Copy)]
pub enum Order {
    Ascending,
    Descending,
    Ignore,
}

/// The unit of a time or timestamp field.
#[derive(Clone, Copy)]
pub enum Unit {
    Millis,
    Micros,
    Nanos,
}

/// `decimal(precision = P, scale = S, size = N)`.
#[derive(Clone, Copy)]
pub struct Decimal {
    pub precision: u32,
    pub scale: u32,
    pub size: Option<usize>,
}

/// Attributes of a field.
pub struct FieldAttrs {
    pub rename: Attr<LitStr>,
    pub aliases: Vec<LitStr>,
    pub doc: Attr<String>,
    pub default: Attr<DefaultValue>,
    pub skip: Attr<()>,
    pub with: Attr<Path>,
    pub order: Attr<Order>,
    pub unit: Attr<Unit>,
    pub uuid_fixed: Attr<bool>,
    pub decimal: Attr<Decimal>,
    /// `big_decimal`: the decimal type's own `big-decimal`, chosen on
    /// purpose (a `rust_decimal::Decimal` must choose).
    pub big_decimal: Attr<()>,
    pub evolve: evolve::FieldEvolve,
    pub constraints: Constraints,
    /// Custom properties of the record field.
    pub properties: Vec<Property>,
}

/// Attributes of an enum variant.
pub struct VariantAttrs {
    pub rename: Attr<LitStr>,
    pub aliases: Vec<LitStr>,
    pub doc: Attr<String>,
    pub default: Attr<()>,
}

impl ContainerAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> ContainerAttrs {
        let mut out = ContainerAttrs {
            name: Attr::none("name"),
            namespace: Attr::none("namespace"),
            doc: Attr::none("doc"),
            aliases: Vec::new(),
            rename_all: Attr::none("rename_all"),
            transparent: Attr::none("transparent"),
            krate: Attr::none("crate"),
            evolve: Default::default(),
            validate: Attr::none("validate"),
            properties: Vec::new(),
            fixed: Attr::none("fixed"),
        };
        for_each_meta(cx, attrs, CONTAINER_KEYS, |meta, key| {
            match key {
                "name" => out.name.set_str(cx, meta)?,
                "namespace" => out.namespace.set_str(cx, meta)?,
                "doc" => out.doc.set_doc(cx, meta)?,
                "alias" => push_str(cx, meta, &mut out.aliases)?,
                "rename_all" => {
                    if let Some(s) = lit_str(cx, meta)? {
                        match RenameRule::from_name(&s.value()) {
                            Some(rule) => out.rename_all.set(cx, &meta.path, rule),
                            None => cx.error_spanned_by(
                                &s,
                                format!(
                                    "unknown rename_all rule; expected one of {}",
                                    RenameRule::ALL
                                        .iter()
                                        .map(|(n, _)| format!("\"{n}\""))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            ),
                        }
                    }
                }
                "transparent" => {
                    flag(cx, meta)?;
                    out.transparent.set(cx, &meta.path, ());
                }
                "fixed" => {
                    flag(cx, meta)?;
                    out.fixed.set(cx, &meta.path, ());
                }
                "crate" => {
                    if let Some(path) = path(cx, meta)? {
                        out.krate.set(cx, &meta.path, path);
                    }
                }
                "migrate" => {
                    if let Some(path) = path(cx, meta)? {
                        out.evolve.migrate.set(cx, &meta.path, path);
                    }
                }
                "validate" => constraints::parse_container_validate(cx, meta, &mut out.validate)?,
                "property" => {
                    property::parse(cx, meta, property::Place::Type, &mut out.properties)?;
                }
                key => out.evolve.parse(cx, meta, key)?,
            }
            Ok(())
        });
        out.doc.or_doc_comment(attrs);
        out
    }
}

impl FieldAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
        let mut out = FieldAttrs {
            rename: Attr::none("rename"),
            aliases: Vec::new(),
            doc: Attr::none("doc"),
            default: Attr::none("default"),
            skip: Attr::none("skip"),
            with: Attr::none("with"),
            order: Attr::none("order"),
            unit: Attr::none("unit"),
            uuid_fixed: Attr::none("uuid"),
            decimal: Attr::none("decimal"),
            big_decimal: Attr::none("big_decimal"),
            evolve: Default::default(),
            constraints: Constraints::default(),
            properties: Vec::new(),
        };
        for_each_meta(cx, attrs, FIELD_KEYS, |meta, key| {
            match key {
                "rename" => out.rename.set_str(cx, meta)?,
                "alias" => push_str(cx, meta, &mut out.aliases)?,
                "doc" => out.doc.set_doc(cx, meta)?,
                "default" => {
                    if meta.input.peek(Token![=]) {
                        let expr: Expr = meta.value()?.parse()?;
                        out.default
                            .set(cx, &meta.path, DefaultValue::Expr(Box::new(expr)));
                    } else {
                        out.default.set(cx, &meta.path, DefaultValue::Trait);
                    }
                }
                "skip" => {
                    flag(cx, meta)?;
                    out.skip.set(cx, &meta.path, ());
                }
                "with" => {
                    if let Some(path) = path(cx, meta)? {
                        out.with.set(cx, &meta.path, path);
                    }
                }
                "order" => {
                    let choices = [
                        ("ascending", Order::Ascending),
                        ("descending", Order::Descending),
                        ("ignore", Order::Ignore),
                    ];
                    if let Some(order) = choice(cx, meta, &choices)? {
                        out.order.set(cx, &meta.path, order);
                    }
                }
                "unit" => {
                    let choices = [
                        ("millis", Unit::Millis),
                        ("micros", Unit::Micros),
                        ("nanos", Unit::Nanos),
                    ];
                    if let Some(unit) = choice(cx, meta, &choices)? {
                        out.unit.set(cx, &meta.path, unit);
                    }
                }
                "uuid" => {
                    let choices = [("fixed", true), ("string", false)];
                    if let Some(fixed) = choice(cx, meta, &choices)? {
                        out.uuid_fixed.set(cx, &meta.path, fixed);
                    }
                }
                "decimal" => {
                    let path = meta.path.clone();
                    if let Some(decimal) = decimal(cx, meta)? {
                        out.decimal.set(cx, path, decimal);
                    }
                }
                "big_decimal" => {
                    flag(cx, meta)?;
                    out.big_decimal.set(cx, &meta.path, ());
                }
                "property" => {
                    property::parse(cx, meta, property::Place::Field, &mut out.properties)?;
                }
                key if constraints::KEYS.contains(&key) => {
                    out.constraints.parse(cx, meta, key)?;
                }
                key => out.evolve.parse(cx, meta, key)?,
            }
            Ok(())
        });
        out.doc.or_doc_comment(attrs);
        out
    }
}

impl VariantAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> VariantAttrs {
        let mut out = VariantAttrs {
            rename: Attr::none("rename"),
            aliases: Vec::new(),
            doc: Attr::none("doc"),
            default: Attr::none("default"),
        };
        for_each_meta(cx, attrs, VARIANT_KEYS, |meta, key| {
            match key {
                "rename" => out.rename.set_str(cx, meta)?,
                "alias" => push_str(cx, meta, &mut out.aliases)?,
                "doc" => out.doc.set_doc(cx, meta)?,
                "default" => {
                    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
                        cx.error_spanned_by(
                            &meta.path,
                            "`default` on a variant takes no value: write `#[avro(default)]` on the variant that is the enum's default symbol",
                        );
                        return skip_value(meta);
                    }
                    out.default.set(cx, &meta.path, ());
                }
                _ => unreachable!("keys are checked against VARIANT_KEYS"),
            }
            Ok(())
        });
        out.doc.or_doc_comment(attrs);
        out
    }
}

/// Calls `f` for each `key` or `key = value` inside every `#[avro(...)]`,
/// after checking the key is one of `known`. An unknown key is reported with
/// the closest known one, and its value skipped, so parsing goes on.
fn for_each_meta(
    cx: &Ctxt,
    attrs: &[Attribute],
    known: &[&'static str],
    mut f: impl FnMut(&ParseNestedMeta<'_>, &'static str) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("avro")) {
        if let syn::Meta::Path(_) = attr.meta {
            cx.error_spanned_by(
                attr,
                "expected `#[avro(...)]` with attributes in the parentheses",
            );
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_else(|| meta.path.to_token_stream().to_string().replace(' ', ""));
            match known.iter().find(|k| **k == key) {
                Some(k) => f(&meta, k),
                None => {
                    let mut message = format!("unknown avro attribute `{key}`");
                    if let Some(misplaced) = misplaced(&key, known) {
                        message = misplaced;
                    } else if let Some(close) = did_you_mean(&key, known) {
                        message.push_str(&format!("; did you mean `{close}`?"));
                    } else {
                        message.push_str(&format!(
                            "; expected one of {}",
                            known
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    cx.error_spanned_by(&meta.path, message);
                    skip_value(&meta)
                }
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
}

/// The message for `key` when it is an attribute of another kind of item
/// than the one it is on (`name` on a field, `skip` on a variant).
fn misplaced(key: &str, known: &[&'static str]) -> Option<String> {
    let here = if known == FIELD_KEYS {
        "a field"
    } else if known == VARIANT_KEYS {
        "a variant"
    } else {
        "a struct or enum"
    };
    let place = match key {
        "name" if here != "a struct or enum" => {
            format!("{here} is renamed with `rename` (`name` names the struct or enum)")
        }
        "rename" if here == "a struct or enum" => {
            "a struct or enum is named with `name` (`rename` is for fields and variants)".into()
        }
        "default" if here == "a struct or enum" => {
            "it goes on a field, or on the unit variant that is the enum's default".into()
        }
        _ => {
            let places: Vec<&str> = [
                (CONTAINER_KEYS, "the struct or enum"),
                (FIELD_KEYS, "a field"),
                (VARIANT_KEYS, "a variant"),
            ]
            .into_iter()
            .filter(|(keys, _)| keys.contains(&key))
            .map(|(_, place)| place)
            .collect();
            if places.is_empty() {
                return None;
            }
            format!("it goes on {}", places.join(" or "))
        }
    };
    Some(format!("`{key}` is not an attribute of {here}: {place}"))
}

/// Consumes whatever follows an unknown key: `= value` or `(...)`.
pub(crate) fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        let _: TokenStream = content.parse()?;
    }
    Ok(())
}

/// `key = "string"`; anything else is reported and skipped.
fn lit_str(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<LitStr>> {
    let key = meta.path.to_token_stream().to_string();
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(&meta.path, format!("expected a string: `{key} = \"...\"`"));
        return skip_value(meta).map(|_| None);
    }
    let expr = ungroup(meta.value()?.parse()?);
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(Some(s)),
        other => {
            cx.error_spanned_by(
                &other,
                format!("expected a string literal: `{key} = \"...\"`"),
            );
            Ok(None)
        }
    }
}

/// `key = some::path`.
fn path(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Path>> {
    let key = meta.path.to_token_stream().to_string();
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(&meta.path, format!("expected a path: `{key} = some::path`"));
        return skip_value(meta).map(|_| None);
    }
    let expr = ungroup(meta.value()?.parse()?);
    match expr {
        Expr::Path(ExprPath {
            path, qself: None, ..
        }) => Ok(Some(path)),
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => {
            let text = s.value();
            let looks_like_path = text.split("::").all(|segment| {
                segment.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && segment
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            let message = if looks_like_path {
                format!(
                    "expected a path, not a string: write it without the quotes, `{key} = {text}`"
                )
            } else {
                format!("expected a path, not a string: `{key} = some::path`")
            };
            cx.error_spanned_by(&s, message);
            Ok(None)
        }
        other => {
            cx.error_spanned_by(
                &other,
                format!("expected a path, not a string or expression: `{key} = some::path`"),
            );
            Ok(None)
        }
    }
}

/// `key = one_of_the_choices`, written as an identifier (or a string).
fn choice<T: Copy>(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    choices: &[(&str, T)],
) -> syn::Result<Option<T>> {
    let key = meta.path.to_token_stream().to_string();
    let names = choices
        .iter()
        .map(|(n, _)| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(
            &meta.path,
            format!("expected `{key} = ...` with one of {names}"),
        );
        return skip_value(meta).map(|_| None);
    }
    let expr = ungroup(meta.value()?.parse()?);
    let given = match &expr {
        Expr::Path(ExprPath {
            path, qself: None, ..
        }) => path.get_ident().map(|i| i.to_string()),
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.value()),
        _ => None,
    };
    match given.and_then(|g| choices.iter().find(|(n, _)| *n == g)) {
        Some((_, value)) => Ok(Some(*value)),
        None => {
            cx.error_spanned_by(&expr, format!("`{key}` must be one of {names}"));
            Ok(None)
        }
    }
}

/// The expression inside the invisible group a `macro_rules!` fragment
/// (`$ns:literal`, `$codec:path`) arrives in.
pub(crate) fn ungroup(expr: Expr) -> Expr {
    match expr {
        Expr::Group(group) => ungroup(*group.expr),
        other => other,
    }
}

/// A key that takes no value.
fn flag(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        let key = meta.path.to_token_stream().to_string();
        cx.error_spanned_by(&meta.path, format!("`{key}` takes no value"));
        return skip_value(meta);
    }
    Ok(())
}

/// `decimal(precision = P, scale = S, size = N)`.
fn decimal(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<Decimal>> {
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(&meta.path, "expected `decimal(precision = P, scale = S)`");
        return skip_value(meta).map(|_| None);
    }
    let mut precision: Attr<u32> = Attr::none("precision");
    let mut scale: Attr<u32> = Attr::none("scale");
    let mut size: Attr<usize> = Attr::none("size");
    let ok = std::cell::Cell::new(true);
    meta.parse_nested_meta(|inner| {
        let key = inner
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let slot = match key.as_str() {
            "precision" => &mut precision,
            "scale" => &mut scale,
            "size" => {
                let int: LitInt = inner.value()?.parse()?;
                size.set(cx, &inner.path, int.base10_parse()?);
                return Ok(());
            }
            _ => {
                ok.set(false);
                let mut message = format!("unknown `decimal` key `{key}`");
                match did_you_mean(&key, DECIMAL_KEYS) {
                    Some(close) => message.push_str(&format!("; did you mean `{close}`?")),
                    None => message.push_str("; expected `precision`, `scale` or `size`"),
                }
                cx.error_spanned_by(&inner.path, message);
                return skip_value(&inner);
            }
        };
        let int: LitInt = inner.value()?.parse()?;
        slot.set(cx, &inner.path, int.base10_parse()?);
        Ok(())
    })?;
    let Some(&precision_value) = precision.get() else {
        // A misspelt key was reported already, and was likely the precision.
        if ok.get() {
            cx.error_spanned_by(&meta.path, "`decimal` needs a `precision`");
        }
        return Ok(None);
    };
    let scale_value = scale.get().copied().unwrap_or(0);
    if precision_value == 0 {
        cx.error_spanned_by(
            precision.tokens().unwrap(),
            "a decimal's precision must be at least 1",
        );
        ok.set(false);
    }
    if scale_value > precision_value {
        cx.error_spanned_by(
            scale.tokens().unwrap(),
            format!("the scale ({scale_value}) cannot exceed the precision ({precision_value})"),
        );
        ok.set(false);
    }
    if let Some(&n) = size.get() {
        let max = max_decimal_precision(n);
        if precision_value > max {
            cx.error_spanned_by(
                size.tokens().unwrap(),
                format!("a fixed of {n} bytes holds at most {max} decimal digits, but the precision is {precision_value}"),
            );
            ok.set(false);
        }
    }
    Ok(ok.get().then_some(Decimal {
        precision: precision_value,
        scale: scale_value,
        size: size.get().copied(),
    }))
}

/// floor(log10(2^(8 * size - 1) - 1)), as the specification gives it.
fn max_decimal_precision(size: usize) -> u32 {
    if size == 0 {
        return 0;
    }
    ((size as f64 * 8.0 - 1.0) * std::f64::consts::LOG10_2).floor() as u32
}

/// The `///` comments, joined, with the one space after `///` removed.
fn doc_comment(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').map(str::to_owned).unwrap_or(line))
        .collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The known key closest to `key`, if it is a likely typo.
fn did_you_mean(key: &str, known: &[&'static str]) -> Option<&'static str> {
    let limit = (key.len() / 3).max(1);
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Edit distance counting a swap of two neighbouring letters as one edit
/// (optimal string alignment), since `nmae` for `name` is a typical typo.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field's keys list the constraints by hand (a `const` slice cannot
    /// be built from two); this keeps the two lists the same.
    #[test]
    fn field_keys_end_with_every_constraint() {
        assert!(FIELD_KEYS.ends_with(constraints::KEYS));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("renam", FIELD_KEYS), Some("rename"));
        assert_eq!(did_you_mean("namespac", CONTAINER_KEYS), Some("namespace"));
        assert_eq!(did_you_mean("zzzz", FIELD_KEYS), None);
    }

    #[test]
    fn misplaced_keys() {
        assert_eq!(
            misplaced("name", FIELD_KEYS).unwrap(),
            "`name` is not an attribute of a field: a field is renamed with `rename` (`name` names the struct or enum)"
        );
        assert_eq!(
            misplaced("skip", VARIANT_KEYS).unwrap(),
            "`skip` is not an attribute of a variant: it goes on a field"
        );
        assert_eq!(misplaced("renam", FIELD_KEYS), None);
    }

    #[test]
    fn doc_comments() {
        let item: syn::ItemStruct = syn::parse_quote! {
            /// First line.
            ///
            /// Second paragraph.
            struct S;
        };
        assert_eq!(
            doc_comment(&item.attrs).unwrap(),
            "First line.\n\nSecond paragraph."
        );
    }

    #[test]
    fn every_error_is_collected() {
        let item: syn::ItemStruct = syn::parse_quote! {
            #[avro(nmae = "x", namespace = 5, transparent = true, name = "A", name = "B")]
            struct S;
        };
        let cx = Ctxt::new();
        let _ = ContainerAttrs::parse(&cx, &item.attrs);
        let errors: Vec<String> = cx
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            errors,
            [
                "unknown avro attribute `nmae`; did you mean `name`?",
                "expected a string literal: `namespace = \"...\"`",
                "`transparent` takes no value",
                "duplicate avro attribute `name`",
            ]
        );
    }

    #[test]
    fn decimal_rules() {
        let field: syn::Field = syn::parse_quote! {
            #[avro(decimal(precision = 20, scale = 2, size = 8))]
            x: u8
        };
        let cx = Ctxt::new();
        let _ = FieldAttrs::parse(&cx, &field.attrs);
        let error = cx.check().unwrap_err().to_string();
        assert_eq!(
            error,
            "a fixed of 8 bytes holds at most 18 decimal digits, but the precision is 20"
        );
    }
}
