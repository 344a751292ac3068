//! Avro schemas: the model, JSON parsing and printing, Parsing Canonical Form
//! and fingerprints.
//!
//! A [`Schema`] owns a list of [`Node`]s; the root is one of them, and a
//! named type (record, enum, fixed) is a single node that every reference
//! to it points at by [`NodeId`]. Recursive types are therefore cycles of
//! ids, and walking a schema never looks a name up.
//!
//! ```
//! use avrox::schema::{Schema, Type};
//!
//! let schema = Schema::parse(r#"{
//!     "type": "record", "name": "LongList", "namespace": "demo",
//!     "fields": [
//!         {"name": "value", "type": "long"},
//!         {"name": "next", "type": ["null", "LongList"]}
//!     ]
//! }"#).unwrap();
//!
//! let Type::Record(list) = schema.root().ty() else { unreachable!() };
//! assert_eq!(list.name.fullname(), "demo.LongList");
//! assert_eq!(
//!     schema.canonical_form(),
//!     r#"{"name":"demo.LongList","type":"record","fields":[{"name":"value","type":"long"},{"name":"next","type":["null","demo.LongList"]}]}"#
//! );
//! ```

mod builder;
mod canonical;
pub(crate) mod constraints;
pub(crate) mod error;
pub(crate) mod fingerprint;
pub(crate) mod json_walk;
pub(crate) mod logical_rules;
mod model;
mod name;
mod parse;
mod print;
pub(crate) mod versioning;

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

pub use builder::SchemaBuilder;
pub use error::SchemaError;
pub use fingerprint::{
    Digest, Fingerprint, Md5Fingerprint, ParseFingerprintError, Sha256Fingerprint,
};
pub(crate) use model::max_decimal_precision;
pub use model::{
    Attributes, Enum, Field, Fixed, LogicalType, Node, NodeId, Order, Record, Type, Union,
};
pub use name::Name;
pub use parse::Parser;
use versioning::Versioning;

/// A parsed, checked Avro schema.
///
/// Parse one with [`Schema::parse`] (or [`Parser`] for several that refer to
/// each other); print it with `Display` (`{}` compact JSON, `{:#}` indented);
/// compare schemas by [`Schema::canonical_form`] or a fingerprint.
#[derive(Clone)]
pub struct Schema {
    nodes: Vec<Node>,
    root: NodeId,
    names: HashMap<String, NodeId>,
    /// The least encoded size of a value of each node (`usize::MAX` for a
    /// type with no finite value), so that a decoder can reject a count
    /// that the remaining input cannot hold; 0 exactly for the types whose
    /// every value takes no bytes (`null`, `fixed` of 0, records of them).
    min_sizes: Vec<usize>,
    canonical: OnceLock<String>,
    rabin: OnceLock<Fingerprint>,
    /// Whether a field or node carries compiled `"avrox.constraints"`, set
    /// by the parser: a value of a schema without any is valid at once.
    constrained: bool,
    /// The named types of a derived schema that have versions of their
    /// own, by fullname: set by [`SchemaBuilder::build`] (never printed),
    /// read by `resolve`'s history to list what the type can read.
    versioned: std::sync::Arc<Vec<(String, Versioning)>>,
}

impl Schema {
    /// Parses a schema from its JSON text: a type name (`"string"`), an
    /// object (`{"type": "record", ...}`) or an array (a union).
    ///
    /// ```
    /// let schema = avrox::Schema::parse(r#"["null", "string"]"#).unwrap();
    /// assert_eq!(schema.to_string(), r#"["null","string"]"#);
    ///
    /// let err = avrox::Schema::parse(r#"{"type": "record", "name": "A",
    ///     "fields": [{"name": "x", "type": "strng"}]}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "fields[0].type: unknown type 'strng' (did you mean 'string'?)");
    /// ```
    pub fn parse(json: &str) -> Result<Schema, SchemaError> {
        Parser::new().parse(json)
    }

    /// Parses a schema from a JSON value already parsed: the inverse of
    /// [`to_json`](Self::to_json).
    ///
    /// ```
    /// let json = serde_json::json!({"type": "array", "items": "long"});
    /// let schema = avrox::Schema::parse_json(&json)?;
    /// assert_eq!(schema.canonical_form(), r#"{"type":"array","items":"long"}"#);
    /// assert_eq!(avrox::Schema::parse_json(&schema.to_json())?, schema);
    /// # Ok::<(), avrox::SchemaError>(())
    /// ```
    pub fn parse_json(json: &serde_json::Value) -> Result<Schema, SchemaError> {
        Parser::new().parse_json(json)
    }

    /// Parses several schemas that may refer to each other's named types,
    /// in any order, and returns them in the order given.
    ///
    /// ```
    /// let schemas = avrox::Schema::parse_list(&[
    ///     r#"{"type": "record", "name": "Order", "namespace": "shop",
    ///         "fields": [{"name": "to", "type": "Address"}]}"#,
    ///     r#"{"type": "record", "name": "Address", "namespace": "shop",
    ///         "fields": [{"name": "city", "type": "string"}]}"#,
    /// ]).unwrap();
    /// assert!(schemas[0].lookup("shop.Address").is_some());
    /// ```
    pub fn parse_list(jsons: &[&str]) -> Result<Vec<Schema>, SchemaError> {
        Parser::new().parse_list(jsons)
    }

    /// Assembles a schema from nodes whose references are all in range.
    pub(crate) fn from_nodes(nodes: Vec<Node>, root: NodeId) -> Schema {
        let names = nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                n.name()
                    .map(|name| (name.fullname().to_owned(), NodeId(i as u32)))
            })
            .collect();
        let min_sizes = compute_min_sizes(&nodes);
        Schema {
            nodes,
            root,
            names,
            min_sizes,
            canonical: OnceLock::new(),
            rabin: OnceLock::new(),
            constrained: false,
            versioned: Default::default(),
        }
    }

    /// Whether the schema carries any constraints (`"avrox.constraints"`)
    /// for [`Value::validate`](crate::Value::validate) to check: without
    /// any, every value of the schema passes.
    ///
    /// ```
    /// use avrox::Schema;
    ///
    /// let plain = Schema::parse(r#"{"type": "record", "name": "U", "fields": [
    ///     {"name": "age", "type": "int"}]}"#)?;
    /// assert!(!plain.has_constraints());
    /// let checked = Schema::parse(r#"{"type": "record", "name": "U", "fields": [
    ///     {"name": "age", "type": "int", "avrox.constraints": {"min": 0}}]}"#)?;
    /// assert!(checked.has_constraints());
    /// # Ok::<(), avrox::schema::SchemaError>(())
    /// ```
    pub fn has_constraints(&self) -> bool {
        self.constrained
    }

    /// The named types of a derived schema that have versions of their
    /// own (`#[avro(version = N)]`), by fullname; empty for a parsed schema.
    pub(crate) fn versioned_types(&self) -> &[(String, Versioning)] {
        &self.versioned
    }

    pub(crate) fn set_versioned_types(&mut self, types: Vec<(String, Versioning)>) {
        self.versioned = std::sync::Arc::new(types);
    }

    /// The id of the root node.
    pub fn root_id(&self) -> NodeId {
        self.root
    }

    /// The root node: the type this schema describes.
    pub fn root(&self) -> &Node {
        // The root is a node of this schema: the parser's, or checked by
        // `SchemaBuilder::build`.
        #[allow(clippy::indexing_slicing)]
        &self.nodes[self.root.index()]
    }

    /// The node with the given id.
    ///
    /// # Panics
    /// If the id belongs to another schema and is out of range.
    pub fn node(&self, id: NodeId) -> &Node {
        // As slices do, by contract (see Panics): ids come from this
        // schema's own nodes, which are never removed.
        #[allow(clippy::indexing_slicing)]
        &self.nodes[id.index()]
    }

    /// Every node, in the order the schema defines them (the root first).
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node of the named type with this fullname, if the schema has one.
    pub fn lookup(&self, fullname: &str) -> Option<NodeId> {
        self.names.get(fullname).copied()
    }

    /// The named types (records, enums, fixed) the schema defines.
    pub fn named_types(&self) -> impl Iterator<Item = (&Name, NodeId)> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.name().map(|name| (name, NodeId(i as u32))))
    }

    /// The least number of bytes a value of this node encodes to:
    /// `usize::MAX` if it has no finite value (a record that contains itself
    /// with no union, array or map between), 0 exactly when every value of
    /// it takes no bytes.
    #[doc(hidden)]
    pub fn min_size(&self, id: NodeId) -> usize {
        // A slot per node, as for `node`.
        #[allow(clippy::indexing_slicing)]
        self.min_sizes[id.index()]
    }

    /// The schema's Parsing Canonical Form, computed once.
    pub fn canonical_form(&self) -> &str {
        self.canonical
            .get_or_init(|| canonical::canonical_form(self))
    }

    /// The CRC-64-AVRO (Rabin) fingerprint of the canonical form, the one
    /// single-object messages carry. Computed once and kept, like the
    /// canonical form.
    ///
    /// It prints as the hex of its 8 bytes in message order, as Python avro
    /// and Java print it; [`Fingerprint::as_u64`] is the number the
    /// specification writes, [`Fingerprint::as_i64`] Java's `long`.
    ///
    /// ```
    /// let schema = avrox::Schema::parse(r#""int""#)?;
    /// assert_eq!(schema.rabin_fingerprint().to_string(), "8f5c393f1ad57572");
    /// assert_eq!(schema.rabin_fingerprint().as_u64(), 0x7275d51a3f395c8f);
    /// # Ok::<(), avrox::SchemaError>(())
    /// ```
    pub fn rabin_fingerprint(&self) -> Fingerprint {
        *self
            .rabin
            .get_or_init(|| fingerprint::rabin(self.canonical_form().as_bytes()))
    }

    /// The MD5 fingerprint of the canonical form; it prints as the hex of
    /// its 16 bytes.
    pub fn md5_fingerprint(&self) -> Md5Fingerprint {
        fingerprint::md5(self.canonical_form().as_bytes())
    }

    /// The SHA-256 fingerprint of the canonical form; it prints as the hex
    /// of its 32 bytes.
    pub fn sha256_fingerprint(&self) -> Sha256Fingerprint {
        fingerprint::sha256(self.canonical_form().as_bytes())
    }

    /// The schema as a JSON value: every attribute kept, each named type
    /// defined in full where it first appears and referred to by fullname
    /// after that.
    pub fn to_json(&self) -> serde_json::Value {
        print::to_json(self)
    }
}

impl fmt::Display for Schema {
    /// Compact JSON; with `{:#}`, indented JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = self.to_json();
        let text = if f.alternate() {
            serde_json::to_string_pretty(&json)
        } else {
            serde_json::to_string(&json)
        }
        .map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Schema({self})")
    }
}

impl std::str::FromStr for Schema {
    type Err = SchemaError;

    fn from_str(s: &str) -> Result<Schema, SchemaError> {
        Schema::parse(s)
    }
}

impl PartialEq for Schema {
    /// Two schemas are equal when their full JSON forms are: the same types,
    /// names, docs, aliases, defaults and attributes.
    fn eq(&self, other: &Schema) -> bool {
        self.to_json() == other.to_json()
    }
}

/// Lower bounds on encoded sizes. A named type met again while its own size
/// is being computed counts as 0, which keeps every bound a true lower bound.
fn compute_min_sizes(nodes: &[Node]) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    // Knuth's generalization of Dijkstra's algorithm: nodes are settled in
    // the order of their least size, smallest first. A union is one more
    // than its first branch settled; a record the sum of its fields, once
    // all are settled; the rest are leaves. Every rule gives at least what
    // it is given, so a node is final when it comes off the heap, and the
    // whole takes O(edges · log nodes) however the types refer to each
    // other. A node never settled has no finite value (a record that
    // contains itself with no union, array or map between): `usize::MAX`.
    // A depth-first walk cannot be exact, as a node met again through a
    // cycle has no size yet, and guessing one (0) would make a record that
    // can only hold bytes look as if it took none, which decoders rely on
    // (a block of items of no size is one item, repeated).
    let mut sizes = vec![usize::MAX; nodes.len()];
    let mut settled = vec![false; nodes.len()];
    // For each node, the unions and records that refer to it, once per
    // reference; and for each record, its fields not yet settled.
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut unsettled_fields = vec![0usize; nodes.len()];
    let mut heap = BinaryHeap::new();
    for (i, node) in nodes.iter().enumerate() {
        let leaf = match &node.ty {
            Type::Null => Some(0),
            Type::Boolean | Type::Int | Type::Long | Type::Bytes | Type::String => Some(1),
            Type::Enum(_) | Type::Array(_) | Type::Map(_) => Some(1),
            Type::Float => Some(4),
            Type::Double => Some(8),
            Type::Fixed(f) => Some(f.size),
            Type::Union(u) => {
                for v in &u.variants {
                    if let Some(list) = parents.get_mut(v.index()) {
                        list.push(i);
                    }
                }
                None
            }
            Type::Record(r) => {
                for f in &r.fields {
                    if let Some(list) = parents.get_mut(f.schema.index()) {
                        list.push(i);
                    }
                }
                if let Some(count) = unsettled_fields.get_mut(i) {
                    *count = r.fields.len();
                }
                r.fields.is_empty().then_some(0)
            }
        };
        if let Some(size) = leaf {
            heap.push(Reverse((size, i)));
        }
    }
    while let Some(Reverse((size, i))) = heap.pop() {
        match settled.get_mut(i) {
            Some(done) if !*done => *done = true,
            _ => continue,
        }
        if let Some(slot) = sizes.get_mut(i) {
            *slot = size;
        }
        for &parent in parents.get(i).map(Vec::as_slice).unwrap_or_default() {
            match nodes.get(parent).map(|n| &n.ty) {
                // Branch index plus the smallest branch: the first settled.
                Some(Type::Union(_)) => heap.push(Reverse((size.saturating_add(1), parent))),
                Some(Type::Record(r)) => {
                    let Some(count) = unsettled_fields.get_mut(parent) else {
                        continue;
                    };
                    *count = count.saturating_sub(1);
                    if *count == 0 {
                        let total = r
                            .fields
                            .iter()
                            .map(|f| sizes.get(f.schema.index()).copied().unwrap_or(usize::MAX))
                            .fold(0usize, usize::saturating_add);
                        heap.push(Reverse((total, parent)));
                    }
                }
                _ => {}
            }
        }
    }
    sizes
}
