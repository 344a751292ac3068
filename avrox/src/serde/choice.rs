//! The decisions of the mapping that every deserializer makes alike: the
//! plain one (bytes of one schema), the resolving one (bytes under a
//! plan) and the one over a [`Value`](crate::value::Value). Each reads
//! its data its own way; which variant a union's branch is, whether a
//! record goes to serde as a sequence, what a unit variant reads from,
//! are decided here only, so that the three cannot drift apart.

use super::ser::names_branch;
use crate::error::Error;
use crate::schema::{NodeId, Record, Schema, Type};

/// What a Rust enum's variant reads from the union branch the data took.
pub(super) enum VariantOf {
    /// The variant named like the branch (see `names_branch`).
    Named(&'static str),
    /// No variant names the branch, an Avro enum: its symbol names a unit
    /// variant.
    Symbol,
    /// No variant names the branch, a string: one naming a variant is
    /// that unit variant written as its name, any other the value of the
    /// variant paired with the branch, if there is one (see
    /// [`text_variant`]).
    Text(Option<&'static str>),
    /// The variant that stands for the branch by position (see
    /// [`paired_variant`]).
    Paired(&'static str),
    /// No variant reads the branch.
    Unmatched,
}

/// The variant that reads branch `index` of a union of `branches`.
pub(super) fn variant_of(
    schema: &Schema,
    branches: &[NodeId],
    index: usize,
    variants: &'static [&'static str],
) -> VariantOf {
    let Some(&branch) = branches.get(index) else {
        return VariantOf::Unmatched;
    };
    let ty = schema.node(branch).ty();
    if let Some(name) = variants.iter().find(|v| names_branch(v, ty)) {
        return VariantOf::Named(name);
    }
    let paired = paired_variant(schema, branches, index, variants);
    match (ty, paired) {
        (Type::Enum(_), _) => VariantOf::Symbol,
        (Type::String, paired) => VariantOf::Text(paired),
        (_, Some(name)) => VariantOf::Paired(name),
        (_, None) => VariantOf::Unmatched,
    }
}

/// For [`VariantOf::Text`]: the variant whose value the string `text` is,
/// or `None` when it is a unit variant's name (or names no variant: the
/// visitor then says which it expected).
pub(super) fn text_variant(
    text: &str,
    paired: Option<&'static str>,
    variants: &'static [&'static str],
) -> Option<&'static str> {
    paired.filter(|_| !variants.contains(&text))
}

/// The variant a union's branch `index` stands for when no variant is
/// named like it: the variants that name no branch, in order, stand for
/// the branches that no variant names, in order. This is how the
/// serializer's choice reads back: a variant naming no branch is written
/// as the first branch its value fits (`enum Scalar { Int(i32),
/// Text(String) }` over `["int", "string"]`: `Text` is the string).
///
/// Null and enum branches take no part: null is `None` or a unit variant
/// named `Null`, an enum's symbols are unit variants. Nor do the variants
/// that are a symbol of an enum branch: they read from that enum (or, as
/// any unit variant, from a string holding their name), so that `enum E
/// { A, Text(String) }` over `["string", {"type": "enum", "symbols":
/// ["A", "B"], ...}]` pairs `Text` with the string whichever comes first.
fn paired_variant(
    schema: &Schema,
    branches: &[NodeId],
    index: usize,
    variants: &'static [&'static str],
) -> Option<&'static str> {
    let ty = |b: NodeId| schema.node(b).ty();
    let named = |b: NodeId| variants.iter().any(|v| names_branch(v, ty(b)));
    let symbol = |v: &str| {
        branches
            .iter()
            .any(|&b| matches!(ty(b), Type::Enum(e) if e.symbol_index(v).is_some()))
    };
    let position = branches
        .iter()
        .enumerate()
        .filter(|&(_, &b)| !matches!(ty(b), Type::Null | Type::Enum(_)) && !named(b))
        .position(|(i, _)| i == index)?;
    variants
        .iter()
        .filter(|v| !symbol(v) && !branches.iter().any(|&b| names_branch(v, ty(b))))
        .nth(position)
        .copied()
}

/// The error of a branch no variant reads ([`VariantOf::Unmatched`]);
/// `found` describes the branch.
pub(super) fn unmatched(variants: &[&str], found: String) -> Error {
    Error::mismatch(
        format!(
            "a variant named like the union branch (one of {})",
            variants.join(", ")
        ),
        found,
    )
}

/// What an enum outside a union reads from: an Avro enum's symbol or a
/// string, naming a unit variant.
pub(super) const ENUM_SOURCES: &str = "an enum, a string or a union";

/// Whether a unit variant reads from a branch of this type: null, or a
/// record with no fields (the serializer's two ways of writing one).
pub(super) fn is_unit_branch(ty: &Type) -> bool {
    match ty {
        Type::Null => true,
        Type::Record(r) => r.fields.is_empty(),
        _ => false,
    }
}

/// The expectation of a unit variant that met another branch.
pub(super) const UNIT_BRANCH: &str = "null or an empty record (a unit variant)";

/// Whether `record`'s fields are the struct's `fields`, by name and in
/// order: then the record goes to serde as a sequence (serde's derive
/// matches no names), else as a map of its fields by name. The record
/// remembers the list it last matched, so that the names are compared
/// once per struct, not once per value.
#[inline]
pub(super) fn has_struct_fields(record: &Record, fields: &'static [&'static str]) -> bool {
    record.has_field_names(fields)
}
