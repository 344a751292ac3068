//! Rules of the evolution attributes, each with its reason.

use crate::ast::{Container, Data, Field};
use crate::ctxt::Ctxt;

pub fn check(cx: &Ctxt, cont: &Container<'_>) {
    let evolve = &cont.attrs.evolve;
    let version = evolve.version.get().copied().unwrap_or(1);
    if let (Some(_), Some(tokens)) = (evolve.from.get(), evolve.try_from.tokens()) {
        cx.error_spanned_by(
            tokens,
            "`from` and `try_from` both name the older type: keep one",
        );
    }
    if cont.has_lifetimes() {
        for attr in [evolve.from.tokens(), evolve.try_from.tokens()]
            .into_iter()
            .flatten()
        {
            cx.error_spanned_by(
                attr,
                "a type that borrows from its input cannot be built from an older type: the chain decodes owned data",
            );
        }
    }
    if cont.attrs.transparent.is_set()
        && let Some(tokens) = evolve.version.tokens()
    {
        cx.error_spanned_by(
            tokens,
            "a transparent type has its field's schema, which has no versions of its own",
        );
    }
    match &cont.data {
        Data::Struct(_, fields) => {
            for field in fields {
                check_field(cx, field, version, evolve.version.is_set());
            }
            check_old_names(cx, fields, version);
        }
        Data::Enum(variants) => {
            for field in variants.iter().flat_map(|v| &v.fields) {
                for tokens in [
                    field.attrs.evolve.since.tokens(),
                    field.attrs.evolve.renamed_in.tokens(),
                ]
                .into_iter()
                .flatten()
                {
                    cx.error_spanned_by(
                        tokens,
                        "versions apply to the fields of a struct, not of an enum's variants",
                    );
                }
            }
        }
    }
}

fn check_field(cx: &Ctxt, field: &Field<'_>, version: u32, version_set: bool) {
    let evolve = &field.attrs.evolve;
    for (attr, what) in [(&evolve.since, "since"), (&evolve.renamed_in, "renamed_in")] {
        let (Some(&n), Some(tokens)) = (attr.get(), attr.tokens()) else {
            continue;
        };
        if field.is_skipped() {
            cx.error_spanned_by(
                tokens,
                format!("a skipped field is in no version, so `{what}` does not apply"),
            );
        } else if n > version {
            let hint = if version_set {
                format!("the type is at version {version}")
            } else {
                "the type has no `#[avro(version = N)]`, so it is at version 1".to_owned()
            };
            cx.error_spanned_by(
                tokens,
                format!("`{what} = {n}` is after the type's version: {hint}"),
            );
        } else if n == 1 {
            cx.error_spanned_by(
                tokens,
                format!("`{what} = 1` changes nothing: version 1 is the first"),
            );
        }
    }
    if let Some(tokens) = evolve.since.tokens()
        && !field.attrs.default.is_set()
        && !field.is_skipped()
    {
        cx.error_spanned_by(
            tokens,
            "a field added in a later version needs a default, so that data of earlier versions can be read: add `default` or `default = ...`",
        );
    }
    if let Some(tokens) = evolve.renamed_in.tokens()
        && field.attrs.aliases.is_empty()
    {
        cx.error_spanned_by(
            tokens,
            "`renamed_in` needs the old name as an alias: add `alias = \"old_name\"` (the first alias is the name older versions used)",
        );
    }
}

/// Each older version's fields must have distinct names: a renamed field's
/// old name (its first alias) may not be the name another field has in
/// that version, or the version's schema would not be a valid record.
fn check_old_names(cx: &Ctxt, fields: &[Field<'_>], version: u32) {
    let present = |f: &Field<'_>, v: u32| {
        !f.is_skipped() && f.attrs.evolve.since.get().is_none_or(|&since| since <= v)
    };
    let name_at =
        |f: &Field<'_>, v: u32| match (f.attrs.evolve.renamed_in.get(), f.attrs.aliases.first()) {
            (Some(&renamed), Some(alias)) if renamed > v => alias.value(),
            _ => f.avro_name.clone(),
        };
    for v in 1..version {
        for (i, field) in fields.iter().enumerate() {
            let Some(tokens) = field.attrs.evolve.renamed_in.tokens() else {
                continue;
            };
            if !present(field, v) {
                continue;
            }
            let old = name_at(field, v);
            let clash = fields
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && present(other, v) && name_at(other, v) == old);
            if clash {
                cx.error_spanned_by(
                    tokens,
                    format!(
                        "in version {v} this field's old name '{old}' is the name of another field: a record cannot have two fields of one name"
                    ),
                );
                // One error per field is enough.
                break;
            }
        }
    }
}
