//! The schemas of every version of a derived type, and the other schemas
//! its data may have been written with (its versioned parts at older
//! versions).

use std::collections::{HashMap, HashSet};
use std::sync::{OnceLock, RwLock};

use super::compat::{Compatibility, check_history};
use super::issue::Incompatibility;
use super::{identify, older};
use crate::schema::versioning::FieldChange;
use crate::schema::{Fingerprint, Schema};

/// One version of a type: its number (from 1), schema and fingerprint.
///
/// A version in [`SchemaHistory::readable`] may also be the type's version
/// with some of the versioned types nested in it at an older version of
/// theirs; [`nested`](Self::nested) says which.
#[derive(Clone, Debug)]
pub struct Version {
    number: u32,
    schema: Schema,
    nested: Vec<(String, u32)>,
}

impl Version {
    /// The version number, from 1.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The schema data of this version was written with.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The CRC-64-AVRO (Rabin) fingerprint of its canonical form, as
    /// single-object encoding writes it (computed once).
    pub fn fingerprint(&self) -> Fingerprint {
        self.schema.rabin_fingerprint()
    }

    /// The versioned types nested in this schema that are at an older
    /// version than their current one: each one's fullname and version.
    /// Empty for the versions [`SchemaHistory::versions`] lists.
    pub fn nested(&self) -> &[(String, u32)] {
        &self.nested
    }
}

/// The schemas of versions 1..=N of a type tagged `#[avro(version = N)]`:
/// version K has the fields that carry no `since` or a `since` of at most
/// K, with the names they had then (`renamed_in`).
///
/// Older versions are built from the schema's model, not its text: a named
/// type first defined in a field that an older version lacks is defined at
/// its next use there, and one that only such fields use is left out.
///
/// The Parsing Canonical Form leaves out defaults, aliases and docs, so two
/// versions that differ only there share a fingerprint (and read each
/// other's data byte for byte alike). Lookups by fingerprint or schema
/// return the newest version with that canonical form, and
/// [`versions`](Self::versions) lists every version, so a schema store can
/// register each one.
///
/// # Versioned types inside
///
/// A record that holds another versioned type (a field of type `Inner`,
/// `Vec<Inner>`, ... where `Inner` has `#[avro(version = M)]`) may meet data
/// written when `Inner` was at an older version. [`readable`](Self::readable)
/// lists, after the versions, each version with its nested versioned types
/// at their older versions: every combination of them while there are at
/// most [`MAX_NESTED_COMBINATIONS`](Self::MAX_NESTED_COMBINATIONS) per
/// version of the outer type, and otherwise each nested type's older
/// versions one type at a time (the others at their current version), so
/// the list grows with the sum of the nested types' versions, not their
/// product. Schemas equal in canonical form are listed once.
///
/// ```
/// #[derive(avrox::Avro)]
/// #[avro(version = 2)]
/// struct Sensor {
///     id: String,
///     #[avro(default = 1.0, since = 2)]
///     gain: f64,
/// }
///
/// use avrox::resolve::Evolve;
/// let history = Sensor::history();
/// assert_eq!(history.versions().len(), 2);
/// assert_eq!(
///     history.version(1).unwrap().schema().canonical_form(),
///     r#"{"name":"Sensor","type":"record","fields":[{"name":"id","type":"string"}]}"#
/// );
/// let v1 = history.version(1).unwrap().fingerprint();
/// assert_eq!(history.find_fingerprint(v1).unwrap().number(), 1);
///
/// // A record holding a `Sensor` reads data of both its versions.
/// #[derive(avrox::Avro)]
/// struct Station {
///     sensor: Sensor,
/// }
/// let readable: Vec<_> = Station::history().readable().collect();
/// assert_eq!(readable.len(), 2);
/// assert_eq!(readable[1].nested(), [("Sensor".to_string(), 1)]);
/// ```
#[derive(Clone, Debug)]
pub struct SchemaHistory {
    versions: Vec<Version>,
    /// The versions with nested versioned types at older versions.
    variants: Vec<Version>,
}

impl SchemaHistory {
    /// At most this many combinations of nested versioned types' versions
    /// are listed for each version of the outer type; past it, each nested
    /// type's versions are varied one type at a time.
    pub const MAX_NESTED_COMBINATIONS: usize = 64;

    /// A history of the given schemas, version 1 first.
    pub fn new(schemas: impl IntoIterator<Item = Schema>) -> SchemaHistory {
        SchemaHistory {
            versions: schemas
                .into_iter()
                .enumerate()
                .map(|(i, schema)| Version {
                    number: i as u32 + 1,
                    schema,
                    nested: Vec::new(),
                })
                .collect(),
            variants: Vec::new(),
        }
    }

    /// The history of a derived record: the current schema with the
    /// fields each older version did not have left out, and the versions
    /// of the versioned types nested in it.
    pub(crate) fn derived(
        current: &Schema,
        version: u32,
        changes: &[FieldChange],
    ) -> SchemaHistory {
        let last = version.max(1);
        let parts = older::nested_parts(current);
        let combinations = older::combinations(&parts, Self::MAX_NESTED_COMBINATIONS);
        let mut seen = HashSet::new();
        let mut versions = Vec::new();
        for v in 1..=last {
            let schema = if v == last {
                current.clone()
            } else {
                older::build(current, Some((v, changes)), &[])
            };
            seen.insert(schema.canonical_form().to_owned());
            versions.push(Version {
                number: v,
                schema,
                nested: Vec::new(),
            });
        }
        let mut variants = Vec::new();
        for v in 1..=last {
            let root = (v < last).then_some((v, changes));
            for combination in &combinations {
                let at: Vec<_> = parts.iter().zip(combination).collect();
                let schema = older::build(current, root, &at);
                if !seen.insert(schema.canonical_form().to_owned()) {
                    continue;
                }
                let nested = at
                    .iter()
                    .filter(|(part, k)| **k < part.versioning.version)
                    .map(|(part, k)| (part.name.clone(), **k))
                    .collect();
                variants.push(Version {
                    number: v,
                    schema,
                    nested,
                });
            }
        }
        SchemaHistory { versions, variants }
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// Every schema data of the type may have been written with: each
    /// version, oldest first, then each version with versioned types
    /// nested in it at older versions of theirs (see [`Version::nested`]).
    pub fn readable(&self) -> impl Iterator<Item = &Version> + '_ {
        self.versions.iter().chain(&self.variants)
    }

    /// The version numbered `number` (from 1).
    pub fn version(&self, number: u32) -> Option<&Version> {
        self.versions.get((number as usize).checked_sub(1)?)
    }

    /// The newest version; `None` for a history made of no schemas
    /// ([`new`](Self::new) of an empty list). A derived type's history
    /// always has one.
    pub fn latest(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// The newest readable schema whose fingerprint is `fingerprint`: a
    /// version, else a version with nested types at older versions.
    pub fn find_fingerprint(&self, fingerprint: Fingerprint) -> Option<&Version> {
        let same = |v: &&Version| v.fingerprint() == fingerprint;
        (self.versions.iter().rev().find(same)).or_else(|| self.variants.iter().rev().find(same))
    }

    /// The newest readable schema whose canonical form is `schema`'s: a
    /// version, else a version with nested types at older versions.
    pub fn find(&self, schema: &Schema) -> Option<&Version> {
        let fingerprint = schema.rabin_fingerprint();
        let same = |v: &&Version| {
            v.fingerprint() == fingerprint && v.schema.canonical_form() == schema.canonical_form()
        };
        (self.versions.iter().rev().find(same)).or_else(|| self.variants.iter().rev().find(same))
    }

    /// The version a writer's schema is: the one with its canonical form
    /// ([`find`](Self::find)), else the one whose record has exactly its
    /// fields, in any order, by name or by alias (a record of the same
    /// name, or one of the version's aliases). Where several versions have
    /// those fields, the one that matches most fields by name rather than
    /// alias wins, then the newest.
    ///
    /// This is how the `migrate` hook learns which version wrote data
    /// whose writer reordered the fields, or changed docs or types.
    ///
    /// ```
    /// use avrox::Schema;
    /// use avrox::resolve::Evolve;
    ///
    /// #[derive(avrox::Avro)]
    /// #[avro(version = 2)]
    /// struct Sensor {
    ///     id: String,
    ///     #[avro(default = 1.0, since = 2)]
    ///     gain: f64,
    /// }
    ///
    /// let writer = Schema::parse(r#"{"type": "record", "name": "Sensor", "fields": [
    ///     {"name": "gain", "type": "float"}, {"name": "id", "type": "string"}]}"#)?;
    /// assert_eq!(Sensor::history().identify(&writer).unwrap().number(), 2);
    /// # Ok::<(), avrox::schema::SchemaError>(())
    /// ```
    pub fn identify(&self, writer: &Schema) -> Option<&Version> {
        self.find(writer).or_else(|| {
            let schemas = self.versions.iter().map(Version::schema);
            identify::by_fields(schemas, writer).and_then(|i| self.versions.get(i))
        })
    }

    /// Checks the newest version against the older ones at `level`; see
    /// [`check_history`]. A history of no schemas has nothing to check.
    pub fn check(&self, level: Compatibility) -> Result<(), Vec<Incompatibility>> {
        let Some((latest, previous)) = self.versions.split_last() else {
            return Ok(());
        };
        let previous: Vec<Schema> = previous.iter().map(|v| v.schema.clone()).collect();
        check_history(level, &latest.schema, &previous)
    }
}

/// The history of the type whose schema is `current`, at `version`, built
/// once: keyed by the address of the type's schema, which lives for the
/// program. How the fields changed is schema data: the derive records it
/// in the schema of a record with versions ([`root_changes`]).
pub(crate) fn of(current: &'static Schema, version: u32) -> &'static SchemaHistory {
    static CACHE: OnceLock<RwLock<HashMap<usize, &'static SchemaHistory>>> = OnceLock::new();
    let key = current as *const Schema as usize;
    let cache = CACHE.get_or_init(Default::default);
    if let Some(history) = cache.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return history;
    }
    let history = SchemaHistory::derived(current, version, root_changes(current, version));
    let mut map = cache.write().unwrap_or_else(|e| e.into_inner());
    map.entry(key)
        .or_insert_with(|| Box::leak(Box::new(history)))
}

/// How the fields of `schema`'s root record changed up to `version`, as
/// the schema records it (`SchemaBuilder::versioned`, which the derive
/// calls for a record with `#[avro(version = N)]`); none when it records
/// no such version of the root.
fn root_changes(schema: &Schema, version: u32) -> &[FieldChange] {
    let Some(root) = schema.root().name() else {
        return &[];
    };
    schema
        .versioned_types()
        .iter()
        .find(|(name, v)| name == root.fullname() && v.version == version)
        .map_or(&[], |(_, v)| v.changes)
}
