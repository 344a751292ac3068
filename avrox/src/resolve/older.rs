//! Older versions of a derived schema, built from its model.
//!
//! An older version is the current schema's graph of nodes with some
//! records' fields left out or renamed. Printing that graph defines each
//! named type where it is first used *in that version* and leaves out the
//! types no field of it uses, which editing the current JSON text could
//! not do (the definition would leave with the first field that used it).

use crate::schema::versioning::{FieldChange, Versioning};
use crate::schema::{Node, NodeId, Schema, Type};

/// A named type nested in a derived schema that has versions of its own.
pub(super) struct Part {
    pub(super) name: String,
    node: NodeId,
    pub(super) versioning: Versioning,
}

/// The versioned types nested in `current` (not its root), in the order
/// the schema was built.
pub(super) fn nested_parts(current: &Schema) -> Vec<Part> {
    let root = current.root().name().map(|n| n.fullname());
    current
        .versioned_types()
        .iter()
        .filter(|(name, v)| Some(name.as_str()) != root && v.version > 1)
        .filter_map(|(name, versioning)| {
            Some(Part {
                name: name.clone(),
                node: current.lookup(name)?,
                versioning: *versioning,
            })
        })
        .collect()
}

/// The versions to give the parts, one per part, each combination a
/// schema to list: every combination but the all-current one while there
/// are at most `max` (the current one included), else each part's older
/// versions with the other parts at their current version.
pub(super) fn combinations(parts: &[Part], max: usize) -> Vec<Vec<u32>> {
    let current: Vec<u32> = parts.iter().map(|p| p.versioning.version).collect();
    let product = parts.iter().try_fold(1usize, |n, p| {
        n.checked_mul(p.versioning.version as usize)
            .filter(|&n| n <= max)
    });
    if product.is_none() {
        let mut out = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            for k in 1..part.versioning.version {
                let mut combination = current.clone();
                if let Some(slot) = combination.get_mut(i) {
                    *slot = k;
                }
                out.push(combination);
            }
        }
        return out;
    }
    // Counting in a mixed radix, from all parts at version 1.
    let mut out = Vec::new();
    let mut combination = vec![1u32; parts.len()];
    loop {
        if combination != current {
            out.push(combination.clone());
        }
        let next = combination
            .iter()
            .zip(&current)
            .position(|(k, last)| k < last);
        let Some(i) = next else { return out };
        for (j, k) in combination.iter_mut().enumerate().take(i + 1) {
            *k = if j == i { *k + 1 } else { 1 };
        }
    }
}

/// `current` with its root record at `root` (a version and the root's
/// changes; `None`: the current version) and each part at the version
/// given with it.
pub(super) fn build(
    current: &Schema,
    root: Option<(u32, &[FieldChange])>,
    parts: &[(&Part, &u32)],
) -> Schema {
    let mut nodes = current.nodes().to_vec();
    // The root and the parts are nodes of `current`, whose nodes these are.
    if let Some((version, changes)) = root
        && let Some(node) = nodes.get_mut(current.root_id().index())
    {
        record_at(node, version, changes);
    }
    for &(part, &version) in parts {
        if version < part.versioning.version
            && let Some(node) = nodes.get_mut(part.node.index())
        {
            record_at(node, version, part.versioning.changes);
        }
    }
    finish(nodes, current.root_id())
}

/// A record as it was at `version`: the fields added later left out, the
/// renamed ones under their old name (without the alias the rename added).
fn record_at(node: &mut Node, version: u32, changes: &[FieldChange]) {
    let Type::Record(record) = &mut node.ty else {
        return;
    };
    let change = |name: &str| changes.iter().find(|c| c.name == name);
    record
        .fields
        .retain(|field| change(&field.name).is_none_or(|c| c.since <= version));
    for field in &mut record.fields {
        if let Some(c) = change(&field.name)
            && let Some(old) = c.old_name
            && c.renamed_in > version
        {
            field.aliases.retain(|a| a != old);
            field.name = old.to_owned();
        }
    }
}

/// The schema of `nodes` from `root`, printed and parsed again: that
/// defines each named type at its first use, drops the types nothing uses
/// any more, and checks the result as any parsed schema is checked.
fn finish(nodes: Vec<Node>, root: NodeId) -> Schema {
    let draft = Schema::from_nodes(nodes, root);
    match Schema::parse_json(&draft.to_json()) {
        Ok(parsed) if parsed.canonical_form() == draft.canonical_form() => parsed,
        // The derive refuses the histories that make an invalid schema
        // (two fields of one name in a version); what is left is a graph
        // whose JSON would mean another graph (a null-namespace name
        // shadowed in a namespace). The graph is still the schema older
        // writers used, and its canonical form is theirs: keep it rather
        // than fail.
        _ => draft,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(version: u32) -> Part {
        Part {
            name: String::new(),
            node: NodeId(0),
            versioning: Versioning {
                version,
                changes: &[],
            },
        }
    }

    #[test]
    fn every_combination_under_the_cap() {
        let parts = [part(2), part(3)];
        assert_eq!(
            combinations(&parts, 64),
            [
                vec![1, 1],
                vec![2, 1],
                vec![1, 2],
                vec![2, 2],
                vec![1, 3],
                // [2, 3] is the current schema.
            ]
        );
    }

    #[test]
    fn one_part_at_a_time_over_the_cap() {
        let parts = [part(2), part(3)];
        assert_eq!(
            combinations(&parts, 5),
            [vec![1, 3], vec![2, 1], vec![2, 2]]
        );
        assert!(combinations(&[], 64).is_empty());
    }
}
