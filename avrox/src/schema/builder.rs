//! Building a schema in code, as the derived and hand-written
//! [`AvroSchema`](crate::AvroSchema) impls do.

use std::collections::HashMap;

use super::model::{Node, NodeId, Record, Type};
use super::versioning::{FieldChange, Versioning};
use super::{Name, Schema, SchemaError};

/// How a field's default becomes JSON once the schema is complete: given
/// the schema and the field's type, the JSON, or why there is none (a
/// sentence that follows "the default of `Record.field`").
type DefaultJson =
    Box<dyn FnOnce(&Schema, NodeId) -> Result<serde_json::Value, String> + Send + Sync>;

/// A field default waiting for the complete schema.
struct PendingDefault {
    record: NodeId,
    field: usize,
    json: DefaultJson,
}

impl std::fmt::Debug for PendingDefault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingDefault")
            .field("record", &self.record)
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

/// Builds a schema from nodes, defining each named type once.
///
/// Each Rust type adds its node and returns its id; a named type is defined
/// the first time it is met and referred to after that, which is how
/// recursive types end. [`build`](Self::build) checks the result with every
/// rule the parser applies.
///
/// ```
/// use avrox::schema::{Field, Name, Node, Record, SchemaBuilder, Type};
///
/// let mut b = SchemaBuilder::new();
/// let list = b.named(&Name::new("demo.LongList").unwrap(), "example", |b, id| {
///     let value = b.add(Node::new(Type::Long));
///     let null = b.add(Node::new(Type::Null));
///     let next = b.union(vec![null, id]);
///     Node::new(Type::Record(Record::new(
///         Name::new("demo.LongList").unwrap(),
///         vec![Field::new("value", value), Field::new("next", next)],
///     )))
/// });
/// let schema = b.build(list).unwrap();
/// assert_eq!(
///     schema.canonical_form(),
///     r#"{"name":"demo.LongList","type":"record","fields":[{"name":"value","type":"long"},{"name":"next","type":["null","demo.LongList"]}]}"#
/// );
/// ```
#[derive(Debug, Default)]
pub struct SchemaBuilder {
    nodes: Vec<Node>,
    /// Fullname to node, and what defined it (to catch two Rust types
    /// claiming one Avro name).
    names: HashMap<String, (NodeId, String)>,
    defaults: Vec<PendingDefault>,
    errors: Vec<String>,
    /// What is being built, outermost first: `Some(owner)` for an unnamed
    /// type that could contain itself, `None` for a named type.
    building: Vec<Option<String>>,
    /// Named types with versions of their own, by fullname.
    versioned: Vec<(String, Versioning)>,
}

impl SchemaBuilder {
    /// An empty builder.
    pub fn new() -> SchemaBuilder {
        SchemaBuilder::default()
    }

    /// Adds an unnamed node (a primitive, array, map or union, with or
    /// without a logical type) and returns its id. Named types go through
    /// [`named`](Self::named).
    pub fn add(&mut self, node: Node) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(node);
        id
    }

    /// Adds a union of the given branches.
    pub fn union(&mut self, variants: Vec<NodeId>) -> NodeId {
        self.add(Node::new(Type::Union(super::Union::new(variants))))
    }

    /// Defines the named type `name`, or returns its id if it is defined
    /// already (or being defined: a recursive reference).
    ///
    /// `owner` identifies what defines it (the Rust type's name): two
    /// different owners defining one Avro name is an error that
    /// [`build`](Self::build) reports. `define` receives the builder and the
    /// id the type will have, and returns the finished node, which must be
    /// a record, enum or fixed of that name.
    pub fn named(
        &mut self,
        name: &Name,
        owner: &str,
        define: impl FnOnce(&mut SchemaBuilder, NodeId) -> Node,
    ) -> NodeId {
        if let Some((id, first_owner)) = self.names.get(name.fullname()) {
            let id = *id;
            if first_owner != owner {
                let message = format!(
                    "the Avro name '{name}' is given to two types, {first_owner} and {owner}; give one of them another name or namespace"
                );
                self.errors.push(message);
            }
            return id;
        }
        // A placeholder of the right name, so that references made while
        // the type is being defined see a named type.
        let id = self.add(Node::new(Type::Record(Record::new(
            name.clone(),
            Vec::new(),
        ))));
        self.names
            .insert(name.fullname().to_owned(), (id, owner.to_owned()));
        self.building.push(None);
        let node = define(self, id);
        self.building.pop();
        if node.name() != Some(name) {
            self.errors.push(format!(
                "{owner} reserved the name '{name}' but defined {}",
                node.name().map_or_else(
                    || format!("an unnamed {}", node.ty.kind_name()),
                    |n| format!("'{n}'")
                )
            ));
        }
        // `id` was pushed above, and nodes are never removed.
        #[allow(clippy::indexing_slicing)]
        {
            self.nodes[id.index()] = node;
        }
        id
    }

    /// Adds an attribute to an unnamed node (a primitive, array or map):
    /// how a type's own constraints (`"avrox.constraints"`) reach the schema.
    /// Named types are shared by every use, so they are left alone and
    /// `false` is returned.
    #[doc(hidden)]
    pub fn add_attribute(&mut self, id: NodeId, key: &str, value: serde_json::Value) -> bool {
        // An id of another builder is refused by `build`.
        let Some(node) = self.nodes.get_mut(id.index()) else {
            return false;
        };
        if node.ty.is_named() || matches!(node.ty, Type::Union(_)) {
            return false;
        }
        node.attributes.insert(key.to_owned(), value);
        true
    }

    /// A label of a node's type, used to name instances of generic types:
    /// `int`, `Order`, `shop_Order` (a named type's fullname, dots as
    /// underscores, so that types of one simple name in two namespaces get
    /// two labels), `array_string`, `map_long`, `union_null_string`.
    #[doc(hidden)]
    pub fn label(&self, id: NodeId) -> String {
        // An id of another builder is refused by `build`; the label of
        // such an id does not matter.
        let Some(node) = self.nodes.get(id.index()) else {
            return "unknown".to_owned();
        };
        if let Some(name) = node.name() {
            return name.fullname().replace('.', "_");
        }
        // `Pair<Uuid>` and `Pair<String>` are different types.
        if let Some(logical) = &node.logical {
            return logical.name().replace('-', "_");
        }
        match &node.ty {
            Type::Array(items) => format!("array_{}", self.label(*items)),
            Type::Map(values) => format!("map_{}", self.label(*values)),
            Type::Union(u) => {
                let mut out = String::from("union");
                for &v in &u.variants {
                    out.push('_');
                    out.push_str(&self.label(v));
                }
                out
            }
            ty => ty.kind_name().to_owned(),
        }
    }

    /// Marks the start of an unnamed type that could contain itself (a union
    /// derived from a Rust enum). Returns `false`, and records an error, if
    /// `owner` is already being built: Avro unions have no name, so a union
    /// cannot contain itself, and building it would never end.
    #[doc(hidden)]
    pub fn enter_unnamed(&mut self, owner: &str) -> bool {
        // Met again with a named type in between, it is referred to through
        // that name (`Neg { inner: Box<Expr> }`); met again without one, it
        // would contain itself (`Arr(Vec<Json>)`).
        let cycle = self
            .building
            .iter()
            .rev()
            .take_while(|frame| frame.is_some())
            .any(|frame| frame.as_deref() == Some(owner));
        if cycle {
            self.errors.push(format!(
                "{owner} contains itself through a newtype variant, but an Avro union has no name to refer to itself by; wrap the variant's value in a struct (a named record)"
            ));
            return false;
        }
        self.building.push(Some(owner.to_owned()));
        true
    }

    /// Marks the end of an unnamed type begun with
    /// [`enter_unnamed`](Self::enter_unnamed).
    #[doc(hidden)]
    pub fn leave_unnamed(&mut self, owner: &str) {
        if let Some(i) = self
            .building
            .iter()
            .rposition(|o| o.as_deref() == Some(owner))
        {
            self.building.truncate(i);
        }
    }

    /// Records that the named type `name` is at `version` and how its
    /// fields changed (what `#[avro(version = N)]` generates), so that a
    /// type holding it can read data of its older versions.
    #[doc(hidden)]
    pub fn versioned(&mut self, name: &Name, version: u32, changes: &'static [FieldChange]) {
        if !self.versioned.iter().any(|(n, _)| n == name.fullname()) {
            let versioning = Versioning { version, changes };
            self.versioned
                .push((name.fullname().to_owned(), versioning));
        }
    }

    /// Sets the default of field number `field` of `record`, written in
    /// the specification's JSON mapping for defaults. [`build`](Self::build)
    /// checks it against the field's type as the parser does.
    ///
    /// ```
    /// use avrox::schema::{Field, Name, Node, Record, SchemaBuilder, Type};
    ///
    /// let mut b = SchemaBuilder::new();
    /// let name = Name::new("demo.Counter").unwrap();
    /// let counter = b.named(&name, "example", |b, id| {
    ///     let count = b.add(Node::new(Type::Long));
    ///     b.field_default(id, 0, serde_json::json!(0));
    ///     Node::new(Type::Record(Record::new(name.clone(), vec![Field::new("count", count)])))
    /// });
    /// let schema = b.build(counter).unwrap();
    /// assert!(schema.canonical_form().contains("count"));
    /// assert!(schema.to_json().to_string().contains(r#""default":0"#));
    /// ```
    pub fn field_default(&mut self, record: NodeId, field: usize, json: serde_json::Value) {
        self.field_default_with(record, field, move |_, _| Ok(json));
    }

    /// Sets the default of field number `field` of `record` from a function
    /// that writes it as JSON once the schema is complete (what the derive
    /// generates: it converts a typed default by the field's schema).
    #[doc(hidden)]
    pub fn field_default_with(
        &mut self,
        record: NodeId,
        field: usize,
        json: impl FnOnce(&Schema, NodeId) -> Result<serde_json::Value, String> + Send + Sync + 'static,
    ) {
        self.defaults.push(PendingDefault {
            record,
            field,
            json: Box::new(json),
        });
    }

    /// Records a problem that makes the schema invalid; [`build`](Self::build)
    /// reports it.
    pub fn error(&mut self, message: impl Into<String>) {
        self.errors.push(message.into());
    }

    /// The first id out of range among the root, the nodes' references and
    /// the defaults' records: an id of another builder (a hand-written
    /// `add_schema` can mix them up) is an error, never an index past the
    /// nodes.
    fn foreign_id(&self, root: NodeId) -> Option<NodeId> {
        let references = self.nodes.iter().flat_map(|node| -> Vec<NodeId> {
            match &node.ty {
                Type::Record(r) => r.fields.iter().map(|f| f.schema).collect(),
                Type::Array(id) | Type::Map(id) => vec![*id],
                Type::Union(u) => u.variants.clone(),
                _ => Vec::new(),
            }
        });
        std::iter::once(root)
            .chain(self.defaults.iter().map(|d| d.record))
            .chain(references)
            .find(|id| id.index() >= self.nodes.len())
    }

    /// Finishes the schema rooted at `root`, checking it as the parser
    /// checks a schema read from JSON.
    pub fn build(mut self, root: NodeId) -> Result<Schema, SchemaError> {
        if let Some(message) = self.errors.first() {
            return Err(SchemaError::new(String::new(), message.clone()));
        }
        if let Some(id) = self.foreign_id(root) {
            return Err(SchemaError::new(
                String::new(),
                format!(
                    "node id {} is not of this builder, which has {} nodes: an id from another SchemaBuilder",
                    id.index(),
                    self.nodes.len()
                ),
            ));
        }
        if !self.defaults.is_empty() {
            let draft = Schema::from_nodes(self.nodes.clone(), root);
            for pending in std::mem::take(&mut self.defaults) {
                let (record, index) = (pending.record, pending.field);
                let Type::Record(r) = &draft.node(record).ty else {
                    return Err(SchemaError::new(
                        String::new(),
                        "a field default was set on a node that is not a record",
                    ));
                };
                let Some(field) = r.fields.get(index) else {
                    return Err(SchemaError::new(
                        String::new(),
                        format!(
                            "record '{}' has no field number {index} for a default",
                            r.name
                        ),
                    ));
                };
                let json = (pending.json)(&draft, field.schema).map_err(|reason| {
                    SchemaError::new(
                        String::new(),
                        format!("the default of {}.{} {reason}", r.name, field.name),
                    )
                })?;
                // The draft is a copy of these nodes, and it has this
                // record and field (checked above).
                if let Some(Node {
                    ty: Type::Record(r),
                    ..
                }) = self.nodes.get_mut(record.index())
                    && let Some(field) = r.fields.get_mut(index)
                {
                    field.default = Some(json);
                }
            }
        }
        // Printing and parsing again applies every rule of the parser, so a
        // schema built in code is held to the same standard as one read.
        let draft = Schema::from_nodes(self.nodes, root);
        let mut parsed = Schema::parse_json(&draft.to_json())?;
        // JSON cannot say everything a graph of nodes can: from inside a
        // namespace that has its own `X`, no name refers to an `X` in the
        // null namespace. Refuse rather than hand out another schema.
        if parsed.canonical_form() != draft.canonical_form() {
            return Err(SchemaError::new(
                String::new(),
                "the schema cannot be written as JSON without changing its meaning: it refers to a type in the null namespace from inside a namespace that has a type of the same name; give one of them another name or a namespace",
            ));
        }
        parsed.set_versioned_types(self.versioned);
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Field, Node};

    /// A record `demo.R` with one long field `n` whose default is `json`.
    fn with_default(json: serde_json::Value) -> Result<Schema, SchemaError> {
        let mut b = SchemaBuilder::new();
        let name = Name::new("demo.R").unwrap();
        let root = b.named(&name, "test", |b, id| {
            let n = b.add(Node::new(Type::Long));
            b.field_default(id, 0, json);
            Node::new(Type::Record(Record::new(
                name.clone(),
                vec![Field::new("n", n)],
            )))
        });
        b.build(root)
    }

    #[test]
    fn a_json_default_is_kept() {
        let schema = with_default(serde_json::json!(7)).unwrap();
        let Type::Record(r) = &schema.node(schema.root_id()).ty else {
            panic!("a record")
        };
        assert_eq!(r.fields[0].default, Some(serde_json::json!(7)));
    }

    #[test]
    fn a_json_default_is_checked_as_the_parser_checks_it() {
        let err = with_default(serde_json::json!("seven")).unwrap_err();
        assert!(err.to_string().contains("invalid default"), "{err}");
    }
}
