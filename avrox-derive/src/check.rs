//! Rules across attributes, each with the reason it exists, and the checked
//! [`model`](crate::model) built from an input that keeps them.

use std::collections::HashMap;

use quote::ToTokens;

use crate::ast::{self, Container, Data, Field, Style};
use crate::ctxt::Ctxt;
use crate::model;

pub mod constraints;
mod evolve;

/// Applies every rule to `cont`, recording each broken one in `cx`, and
/// turns it into the model `expand` reads. `None` only where a rule the
/// model's shapes encode is broken, whose error is then recorded (the
/// model is built even beside other errors, and then not used).
pub fn check<'a>(cx: &Ctxt, cont: Container<'a>) -> Option<model::Container<'a>> {
    rules(cx, &cont);
    build(cont)
}

fn build(cont: Container<'_>) -> Option<model::Container<'_>> {
    let Container {
        ident,
        generics,
        attrs,
        data,
        fullname,
    } = cont;
    let data = match data {
        Data::Struct(style, fields) => {
            let fields = fields
                .into_iter()
                .map(build_field)
                .collect::<Option<Vec<_>>>()?;
            // A named fixed is its bytes' encoding under a schema of its own.
            if attrs.transparent.is_set() || attrs.fixed.is_set() {
                model::Data::Transparent(Box::new(transparent(style, fields)?))
            } else {
                model::Data::Record(style, fields)
            }
        }
        Data::Enum(variants) => {
            let unit_only = variants.iter().all(ast::Variant::is_unit);
            let mut init = variants
                .into_iter()
                .map(build_variant)
                .collect::<Option<Vec<_>>>()?;
            // An enum without variants: refused by `rules`.
            let last = init.pop()?;
            let variants = model::Variants { init, last };
            if unit_only {
                model::Data::Enum(variants)
            } else {
                model::Data::Union(variants)
            }
        }
    };
    Some(model::Container {
        ident,
        generics,
        attrs,
        data,
        fullname,
    })
}

/// A `transparent` struct's one field that is not skipped, between the
/// skipped ones (more or fewer: refused by `check_transparent`).
fn transparent(style: Style, fields: Vec<model::Field<'_>>) -> Option<model::Transparent<'_>> {
    if style == Style::Unit {
        return None;
    }
    let mut before = Vec::new();
    let mut field = None;
    let mut after = Vec::new();
    for f in fields {
        match (&field, f.is_skipped()) {
            (None, true) => before.push(f),
            (None, false) => field = Some(f),
            (Some(_), true) => after.push(f),
            (Some(_), false) => return None,
        }
    }
    Some(model::Transparent {
        style,
        before,
        field: field?,
        after,
    })
}

fn build_variant(variant: ast::Variant<'_>) -> Option<model::Variant<'_>> {
    let ast::Variant {
        ident,
        style,
        fields,
        attrs,
        avro_name,
    } = variant;
    Some(model::Variant {
        ident,
        style,
        fields: fields.into_iter().map(build_field).collect::<Option<_>>()?,
        attrs,
        avro_name,
    })
}

/// A field with its codec, the first the attributes name (`check_fields`
/// refuses a second), and for a skipped one its default (`check_fields`
/// refuses a skipped field without one).
fn build_field(field: Field<'_>) -> Option<model::Field<'_>> {
    let attrs = &field.attrs;
    let skipped = match (attrs.skip.is_set(), attrs.default.get()) {
        (false, _) => None,
        (true, Some(default)) => Some(model::Skipped {
            default: default.clone(),
        }),
        (true, None) => return None,
    };
    let codec = if let Some(path) = attrs.with.get() {
        Some(model::Codec::With(path.clone()))
    } else if let Some(unit) = attrs.unit.get() {
        Some(model::Codec::Unit(*unit))
    } else if attrs.uuid_fixed.get() == Some(&true) {
        Some(model::Codec::FixedUuid)
    } else {
        attrs.decimal.get().map(|d| model::Codec::Decimal(*d))
    };
    Some(model::Field {
        ast: field,
        codec,
        skipped,
    })
}

fn rules(cx: &Ctxt, cont: &Container<'_>) {
    check_names(cx, cont);
    evolve::check(cx, cont);
    check_type_properties(cx, cont);
    match &cont.data {
        Data::Struct(style, fields) => {
            check_fields(cx, fields, cont.attrs.rename_all.is_set());
            check_transparent(cx, cont, *style, fields);
            check_fixed(cx, cont, fields);
        }
        Data::Enum(variants) => {
            if cont.attrs.transparent.is_set() {
                cx.error_spanned_by(
                    cont.attrs.transparent.tokens().unwrap(),
                    "`transparent` applies to structs of one field, not to enums",
                );
            }
            if let Some(fixed) = cont.attrs.fixed.tokens() {
                cx.error_spanned_by(
                    fixed,
                    "`fixed` applies to a struct of one `[u8; N]` field, not to enums",
                );
            }
            if variants.is_empty() {
                cx.error_spanned_by(cont.ident, "an enum without variants has no Avro schema: Avro enums and unions need at least one");
            }
            for variant in variants {
                check_fields(cx, &variant.fields, false);
            }
            check_variants(cx, variants, cont.attrs.rename_all.is_set());
        }
    }
}

/// A union (an enum with data) and a `transparent` struct's type are not
/// named types: there is no JSON object of theirs to hold a property.
fn check_type_properties(cx: &Ctxt, cont: &Container<'_>) {
    let Some(first) = cont.attrs.properties.first() else {
        return;
    };
    let what = match &cont.data {
        Data::Struct(..) if cont.attrs.transparent.is_set() => {
            "a `transparent` struct is its field's type"
        }
        Data::Enum(variants) if !variants.iter().all(ast::Variant::is_unit) => {
            "an enum with data is an Avro union"
        }
        _ => return,
    };
    cx.error_spanned_by(
        &first.key,
        format!("{what}, which has no properties: put `property` on a record, an enum of unit variants, or a field"),
    );
}

/// Names are checked here so that a bad one fails the build at the
/// attribute, not the program at its first use of the schema.
fn check_names(cx: &Ctxt, cont: &Container<'_>) {
    if !cont.attrs.name.is_set() {
        let simple = crate::ast::unraw(cont.ident);
        if !is_valid_name(&simple) {
            cx.error_spanned_by(
                cont.ident,
                format!("`{simple}` is not a valid Avro name (Avro names are ASCII: [A-Za-z_][A-Za-z0-9_]*); give it one with `#[avro(name = \"...\")]`"),
            );
        }
    }
    if let Some(name) = cont.attrs.name.get() {
        let value = name.value();
        if value.contains('.') && cont.attrs.namespace.is_set() {
            cx.error_spanned_by(
                cont.attrs.namespace.tokens().unwrap(),
                "the name is already a fullname (it has dots), so this namespace would be ignored; remove one of them",
            );
        }
        let (ns, simple) = value.rsplit_once('.').unwrap_or(("", &value));
        if !is_valid_name(simple) || (value.contains('.') && !is_valid_namespace(ns)) {
            cx.error_spanned_by(name, invalid_name(&value));
        }
    }
    if let Some(ns) = cont.attrs.namespace.get()
        && !ns.value().is_empty()
        && !is_valid_namespace(&ns.value())
    {
        {
            cx.error_spanned_by(
                ns,
                format!(
                    "invalid namespace `{}`: a namespace is names joined by dots, each starting with [A-Za-z_] and continuing with [A-Za-z0-9_]",
                    ns.value()
                ),
            );
        }
    }
}

/// `renamed_all`: whether the container's `rename_all` applies to the
/// fields' names.
fn check_fields(cx: &Ctxt, fields: &[Field<'_>], renamed_all: bool) {
    let mut seen: HashMap<&str, &Field<'_>> = HashMap::new();
    for field in fields {
        let attrs = &field.attrs;
        if let Some(rename) = attrs.rename.get()
            && !is_valid_name(&rename.value())
        {
            cx.error_spanned_by(rename, invalid_name(&rename.value()));
        } else if !attrs.rename.is_set() && !field.is_skipped() && !is_valid_name(&field.avro_name)
        {
            cx.error_spanned_by(
                &field.member,
                format!("`{}` is not a valid Avro field name (Avro names are ASCII: [A-Za-z_][A-Za-z0-9_]*); give it one with `#[avro(rename = \"...\")]`", field.avro_name),
            );
        }
        constraints::check_field(cx, field);
        // A skipped field is rebuilt on decoding from its default.
        if attrs.skip.is_set() && !attrs.default.is_set() {
            cx.error_spanned_by(
                attrs.skip.tokens().unwrap(),
                "a skipped field needs a default to be rebuilt from: add `default` (uses `Default`) or `default = <expr>`",
            );
        }
        // One field has one encoding.
        let codecs: Vec<_> = [
            ("with", attrs.with.tokens()),
            ("unit", attrs.unit.tokens()),
            ("uuid", attrs.uuid_fixed.tokens()),
            ("decimal", attrs.decimal.tokens()),
            ("big_decimal", attrs.big_decimal.tokens()),
        ]
        .into_iter()
        .filter_map(|(name, tokens)| tokens.map(|t| (name, t)))
        .collect();
        if codecs.len() > 1 {
            cx.error_spanned_by(
                codecs[1].1,
                format!(
                    "`{}` and `{}` both choose how this field is encoded; keep one",
                    codecs[0].0, codecs[1].0
                ),
            );
        }
        if attrs.skip.is_set() {
            if let Some((name, tokens)) = codecs.first() {
                cx.error_spanned_by(
                    *tokens,
                    format!("`{name}` has no effect on a skipped field"),
                );
            }
            continue;
        }
        // Avro field names are unique within a record.
        if let Some(first) = seen.insert(&field.avro_name, field) {
            // At the `rename` that made the name, else at the field's name.
            let at = match (attrs.rename.get(), &field.original.ident) {
                (Some(rename), _) => rename.to_token_stream(),
                (None, Some(ident)) => ident.to_token_stream(),
                (None, None) => field.ty.to_token_stream(),
            };
            let how = if attrs.rename.is_set() || !renamed_all || field.original.ident.is_none() {
                ""
            } else {
                " (by `rename_all`)"
            };
            cx.error_spanned_by(
                at,
                format!(
                    "this field's Avro name `{}`{how} is already the name of field `{}`; rename one of them",
                    field.avro_name,
                    first.member.to_token_stream()
                ),
            );
        }
    }
}

fn check_transparent(cx: &Ctxt, cont: &Container<'_>, style: Style, fields: &[Field<'_>]) {
    let Some(tokens) = cont.attrs.transparent.tokens() else {
        return;
    };
    let active = fields.iter().filter(|f| !f.is_skipped()).count();
    if style == Style::Unit || active != 1 {
        cx.error_spanned_by(
            tokens,
            "`transparent` needs a struct with exactly one field that is not skipped: the struct is that field's type",
        );
    }
    for (name, set) in [
        ("name", cont.attrs.name.tokens()),
        ("namespace", cont.attrs.namespace.tokens()),
        ("rename_all", cont.attrs.rename_all.tokens()),
    ] {
        if let Some(set) = set {
            cx.error_spanned_by(set, format!("`{name}` has no effect on a `transparent` struct, which takes its field's schema"));
        }
    }
}

/// `fixed`: the struct is a named `fixed` of its one field's bytes, so
/// that field is a `[u8; N]` and the struct has no fields to rename, nor
/// type parameters (a fixed's name and size are the same for every use).
fn check_fixed(cx: &Ctxt, cont: &Container<'_>, fields: &[Field<'_>]) {
    let Some(tokens) = cont.attrs.fixed.tokens() else {
        return;
    };
    if let Some(transparent) = cont.attrs.transparent.tokens() {
        cx.error_spanned_by(
            transparent,
            "`transparent` and `fixed` exclude each other: a `fixed` struct is a named type, a `transparent` one takes its field's schema",
        );
        return;
    }
    let active: Vec<&Field<'_>> = fields.iter().filter(|f| !f.is_skipped()).collect();
    let [field] = active.as_slice() else {
        cx.error_spanned_by(
            tokens,
            "`fixed` needs a struct with exactly one field, a `[u8; N]`: `struct Md5([u8; 16]);`",
        );
        return;
    };
    if fixed_size(field.ty).is_none() {
        cx.error_spanned_by(
            field.ty,
            "a `fixed` struct's field is a `[u8; N]`, the fixed's bytes",
        );
    }
    if cont.generics.type_params().next().is_some() || cont.generics.const_params().next().is_some()
    {
        cx.error_spanned_by(
            tokens,
            "a `fixed` struct has no type or const parameters: its name and size are one",
        );
    }
    if let Some(rename_all) = cont.attrs.rename_all.tokens() {
        cx.error_spanned_by(
            rename_all,
            "`rename_all` has no effect on a `fixed` struct, which has no fields in Avro",
        );
    }
}

/// The `N` of a `[u8; N]` type.
pub fn fixed_size(ty: &syn::Type) -> Option<&syn::Expr> {
    match ty {
        syn::Type::Array(array) => match &*array.elem {
            syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident("u8") => {
                Some(&array.len)
            }
            _ => None,
        },
        syn::Type::Group(group) => fixed_size(&group.elem),
        _ => None,
    }
}

fn check_variants(cx: &Ctxt, variants: &[crate::ast::Variant<'_>], renamed_all: bool) {
    let unit_only = variants.iter().all(|v| v.is_unit());
    let mut names: HashMap<&str, &crate::ast::Variant<'_>> = HashMap::new();
    let mut branch_types: HashMap<String, &crate::ast::Variant<'_>> = HashMap::new();
    let mut default_seen = false;
    for variant in variants {
        if let Some(rename) = variant.attrs.rename.get()
            && !is_valid_name(&rename.value())
        {
            cx.error_spanned_by(rename, invalid_name(&rename.value()));
        } else if !variant.attrs.rename.is_set() && !is_valid_name(&variant.avro_name) {
            cx.error_spanned_by(
                variant.ident,
                format!("`{}` is not a valid Avro name (Avro names are ASCII: [A-Za-z_][A-Za-z0-9_]*); give it one with `#[avro(rename = \"...\")]`", variant.avro_name),
            );
        }
        // An Avro enum's symbols have neither aliases nor docs; only the
        // records of a union's variants do.
        if unit_only || variant.is_newtype() {
            let what = if unit_only {
                "a symbol of an Avro enum"
            } else {
                "a newtype variant, whose branch is its field's type"
            };
            if let Some(alias) = variant.attrs.aliases.first() {
                cx.error_spanned_by(alias, format!("`alias` has no effect on {what}"));
            }
            if let Some(doc) = variant.attrs.doc.tokens().filter(|t| !t.is_empty()) {
                cx.error_spanned_by(doc, format!("`doc` has no effect on {what}"));
            }
        }
        // Symbols of an Avro enum, and names of a union's records, are unique.
        if let Some(first) = names.insert(&variant.avro_name, variant) {
            let at = variant
                .attrs
                .rename
                .get()
                .map(|r| r.to_token_stream())
                .unwrap_or_else(|| variant.ident.to_token_stream());
            let how = if variant.attrs.rename.is_set() || !renamed_all {
                ""
            } else {
                " (by `rename_all`)"
            };
            cx.error_spanned_by(
                at,
                format!(
                    "this variant's Avro name `{}`{how} is already the name of variant `{}`; rename one of them",
                    variant.avro_name, first.ident
                ),
            );
        }
        if let Some(tokens) = variant.attrs.default.tokens() {
            if !unit_only {
                cx.error_spanned_by(
                    tokens,
                    "only an enum of unit variants (an Avro enum) has a default symbol; this enum carries data, so it is a union",
                );
            } else if default_seen {
                cx.error_spanned_by(tokens, "only one variant can be the enum's default");
            }
            default_seen = true;
        }
        if variant.is_newtype() {
            let ty = variant.fields[0].ty;
            let key = ty.to_token_stream().to_string();
            // A union holds one branch of each type; Avro could not tell
            // two branches of one type apart.
            if let Some(first) = branch_types.insert(key.clone(), variant) {
                cx.error_spanned_by(
                    ty,
                    format!(
                        "the variants `{}` and `{}` both hold `{key}`, which would give the union two branches of one type; wrap one in a struct",
                        first.ident, variant.ident
                    ),
                );
            }
            if is_option(ty) {
                cx.error_spanned_by(
                    ty,
                    "an `Option` is a union, and a union cannot directly hold another union; wrap it in a struct",
                );
            }
        }
    }
}

fn is_option(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Option"),
        _ => false,
    }
}

fn invalid_name(name: &str) -> String {
    format!(
        "invalid Avro name `{name}`: a name starts with [A-Za-z_] and continues with [A-Za-z0-9_]"
    )
}

pub fn is_valid_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_valid_namespace(s: &str) -> bool {
    s.split('.').all(is_valid_name)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// The model of `input`, or the errors of the rules that refuse it.
    fn model_of(
        input: &syn::DeriveInput,
        inspect: impl FnOnce(&model::Container<'_>),
    ) -> Result<(), Vec<String>> {
        let cx = Ctxt::new();
        let model = Container::from_ast(&cx, input).and_then(|cont| check(&cx, cont));
        match cx.check() {
            Ok(()) => {
                inspect(&model.expect("a model when no rule is broken"));
                Ok(())
            }
            Err(errors) => Err(errors.into_iter().map(|e| e.to_string()).collect()),
        }
    }

    #[test]
    fn transparent_is_its_one_field_between_skipped_ones() {
        let input = syn::parse_quote! {
            #[avro(transparent)]
            struct S(#[avro(skip, default)] u8, String, #[avro(skip, default = 7)] u16);
        };
        model_of(&input, |m| {
            let model::Data::Transparent(t) = &m.data else {
                panic!("not transparent");
            };
            let ty = t.field.ty;
            assert_eq!(quote!(#ty).to_string(), "String");
            assert_eq!((t.before.len(), t.after.len()), (1, 1));
            assert_eq!(t.fields().count(), 3);
            assert!(
                t.fields()
                    .all(|f| f.is_skipped() == (f.member != t.field.member))
            );
        })
        .unwrap();
    }

    #[test]
    fn transparent_needs_exactly_one_encoded_field() {
        for input in [
            syn::parse_quote!(
                #[avro(transparent)]
                struct S(u8, u16);
            ),
            syn::parse_quote!(
                #[avro(transparent)]
                struct S(#[avro(skip, default)] u8);
            ),
            syn::parse_quote!(
                #[avro(transparent)]
                struct S;
            ),
        ] {
            let errors = model_of(&input, |_| ()).unwrap_err();
            assert!(errors[0].starts_with("`transparent` needs a struct with exactly one field"));
        }
    }

    #[test]
    fn unit_enums_are_enums_and_others_unions() {
        let input = syn::parse_quote!(
            enum E {
                A,
                B,
                C,
            }
        );
        model_of(&input, |m| {
            let model::Data::Enum(variants) = &m.data else {
                panic!("not an enum");
            };
            assert_eq!(variants.len(), 3);
            assert_eq!(variants.last.ident, "C");
            let names: Vec<_> = variants.iter().map(|v| v.ident.to_string()).collect();
            assert_eq!(names, ["A", "B", "C"]);
        })
        .unwrap();
        let input = syn::parse_quote!(
            enum E {
                A,
                B(String),
                C { x: i32 },
            }
        );
        model_of(&input, |m| {
            let model::Data::Union(variants) = &m.data else {
                panic!("not a union");
            };
            let newtypes: Vec<_> = variants.iter().map(|v| v.newtype().is_some()).collect();
            assert_eq!(newtypes, [false, true, false]);
        })
        .unwrap();
    }

    #[test]
    fn an_enum_needs_a_variant() {
        let input = syn::parse_quote!(
            enum E {}
        );
        let errors = model_of(&input, |_| ()).unwrap_err();
        assert!(errors[0].starts_with("an enum without variants has no Avro schema"));
    }

    #[test]
    fn a_skipped_field_keeps_its_default() {
        let input = syn::parse_quote! {
            struct S { #[avro(skip, default = 3)] a: u8, b: u8 }
        };
        model_of(&input, |m| {
            let model::Data::Record(_, fields) = &m.data else {
                panic!("not a record");
            };
            assert!(matches!(
                fields[0].skipped,
                Some(model::Skipped {
                    default: crate::attr::DefaultValue::Expr(_)
                })
            ));
            assert!(fields[1].skipped.is_none());
        })
        .unwrap();
        let input = syn::parse_quote!(
            struct S {
                #[avro(skip)]
                a: u8,
            }
        );
        let errors = model_of(&input, |_| ()).unwrap_err();
        assert!(errors[0].starts_with("a skipped field needs a default"));
    }

    #[test]
    fn a_field_has_one_codec() {
        let input = syn::parse_quote! {
            struct S {
                #[avro(unit = "micros")] a: u64,
                #[avro(uuid = "fixed")] b: u128,
                #[avro(uuid = "string")] c: u128,
                #[avro(with = my::codec)] d: u8,
                #[avro(decimal(precision = 9, scale = 2))] e: i64,
                f: u8,
            }
        };
        model_of(&input, |m| {
            let model::Data::Record(_, fields) = &m.data else {
                panic!("not a record");
            };
            let paths: Vec<String> = fields
                .iter()
                .map(|f| match &f.codec {
                    Some(codec) => codec.path(f.ty).to_string().replace(' ', ""),
                    None => "-".into(),
                })
                .collect();
            assert_eq!(
                paths,
                [
                    "_avrox::logical::Micros::<u64>",
                    "_avrox::logical::FixedUuid::<u128>",
                    "-",
                    "my::codec",
                    "_avrox::logical::DecimalBytes::<i64,9u32,2u32>",
                    "-",
                ]
            );
        })
        .unwrap();
        let input = syn::parse_quote! {
            struct S { #[avro(with = my::codec, unit = "millis")] a: u64 }
        };
        let errors = model_of(&input, |_| ()).unwrap_err();
        assert_eq!(
            errors,
            ["`with` and `unit` both choose how this field is encoded; keep one"]
        );
    }
}
