//! Which version of a type a writer's schema is, when its canonical form
//! is none of the versions': the version whose record has the writer's
//! fields, in whatever order the writer put them (another implementation
//! rebuilding a version's schema by hand, say).

use super::compile::names_match;
use crate::schema::{Record, Schema, Type};

/// The version whose root record has exactly the writer's fields (by name,
/// or by one of the version's field aliases) and a name that resolves to
/// it; of several, the one that matches the most fields by name, then the
/// newest.
pub(super) fn by_fields<'h>(
    versions: impl Iterator<Item = &'h Schema>,
    writer: &Schema,
) -> Option<usize> {
    let Type::Record(written) = writer.root().ty() else {
        return None;
    };
    let mut best: Option<(usize, usize)> = None;
    for (version, schema) in versions.enumerate() {
        let Type::Record(record) = schema.root().ty() else {
            continue;
        };
        if !names_match(&written.name, &record.name, &record.aliases) {
            continue;
        }
        if let Some(by_name) = same_fields(written, record)
            && best.is_none_or(|(most, _)| by_name >= most)
        {
            best = Some((by_name, version));
        }
    }
    best.map(|(_, version)| version)
}

/// How many of `record`'s fields the writer has under their own name, if
/// the writer has each of them exactly once (by name or alias) and no
/// other.
fn same_fields(written: &Record, record: &Record) -> Option<usize> {
    if written.fields.len() != record.fields.len() {
        return None;
    }
    let mut taken = vec![false; written.fields.len()];
    let mut by_name = 0;
    for field in &record.fields {
        let free = || {
            written
                .fields
                .iter()
                .zip(&taken)
                .enumerate()
                .filter(|(_, (_, taken))| !**taken)
                .map(|(i, (written, _))| (i, written))
        };
        let named = free().find(|(_, w)| w.name == field.name);
        let (index, _) = match named {
            Some(found) => {
                by_name += 1;
                found
            }
            None => free().find(|(_, w)| field.aliases.contains(&w.name))?,
        };
        if let Some(taken) = taken.get_mut(index) {
            *taken = true;
        }
    }
    Some(by_name)
}
