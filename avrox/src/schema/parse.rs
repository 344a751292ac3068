//! Schema JSON to the schema model, with every rule of the specification
//! checked and each error placed at its path in the JSON.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::constraints::{ATTRIBUTE, Compiled, Constraints};
use super::model::{
    Attributes, Enum, Field, Fixed, LogicalType, Node, NodeId, Order, Record, Type, Union,
};
use super::name::{self, Name, PRIMITIVES};
use super::{Schema, SchemaError, max_decimal_precision};

/// Parses schemas, keeping the named types of each so that later schemas can
/// refer to them.
///
/// ```
/// use avrox::schema::Parser;
///
/// let mut parser = Parser::new();
/// parser.parse(r#"{"type": "fixed", "name": "Md5", "namespace": "x", "size": 16}"#).unwrap();
/// let record = parser
///     .parse(r#"{"type": "record", "name": "x.File", "fields": [{"name": "hash", "type": "Md5"}]}"#)
///     .unwrap();
/// assert_eq!(
///     record.canonical_form(),
///     r#"{"name":"x.File","type":"record","fields":[{"name":"hash","type":{"name":"x.Md5","type":"fixed","size":16}}]}"#
/// );
/// ```
#[derive(Debug, Default)]
pub struct Parser {
    lenient_decimals: bool,
    /// Every node parsed so far; each returned schema is the part of it
    /// reachable from its root.
    nodes: Vec<Node>,
    names: HashMap<String, NodeId>,
}

impl Parser {
    /// A parser with no known names and the default (strict) options.
    pub fn new() -> Parser {
        Parser::default()
    }

    /// What to do with a `decimal` on a `fixed` too small for its precision.
    ///
    /// By default such a schema is rejected: whoever wrote it asked for
    /// digits the type cannot store. With `lenient_decimals(true)` the
    /// logical type is ignored instead and the field reads as plain `fixed`,
    /// which is what the specification asks of invalid logical types in
    /// general and what a reader of other people's files may want. Every
    /// other invalid or unknown logical type always falls back this way.
    pub fn lenient_decimals(mut self, lenient: bool) -> Parser {
        self.lenient_decimals = lenient;
        self
    }

    /// Parses one schema from JSON text. Named types parsed earlier by this
    /// parser can be referred to.
    pub fn parse(&mut self, json: &str) -> Result<Schema, SchemaError> {
        let value: Json = serde_json::from_str(json)
            .map_err(|e| SchemaError::new(String::new(), format!("invalid JSON: {e}")))?;
        self.parse_json(&value)
    }

    /// Parses one schema from a JSON value.
    pub fn parse_json(&mut self, json: &Json) -> Result<Schema, SchemaError> {
        let mark = self.nodes.len();
        let result = self.parse_document(json);
        if result.is_err() {
            self.rollback(mark);
        }
        result
    }

    /// Parses one schema that may refer to the named types this parser
    /// knows, without keeping the named types it defines itself.
    ///
    /// For schemas that live beside a shared set of types but not in it,
    /// such as the request of each message of a protocol: each may define
    /// a name another one defines too.
    ///
    /// ```
    /// use avrox::schema::Parser;
    ///
    /// let mut parser = Parser::new();
    /// parser.parse(r#"{"type": "fixed", "name": "Md5", "size": 16}"#).unwrap();
    /// let request = r#"{"type": "record", "name": "Req", "fields": [{"name": "h", "type": "Md5"}]}"#;
    /// let json = serde_json::from_str(request).unwrap();
    /// // `Req` is not kept, so it can be parsed again.
    /// parser.parse_json_transient(&json).unwrap();
    /// parser.parse_json_transient(&json).unwrap();
    /// ```
    pub fn parse_json_transient(&mut self, json: &Json) -> Result<Schema, SchemaError> {
        let mark = self.nodes.len();
        let result = self.parse_document(json);
        match &result {
            // Every name the parse defined is in the schema it returns:
            // forgetting those costs the schema's size, not the parser's.
            Ok(schema) => {
                for (name, _) in schema.named_types() {
                    let fullname = name.fullname();
                    if self
                        .names
                        .get(fullname)
                        .is_some_and(|id| id.index() >= mark)
                    {
                        self.names.remove(fullname);
                    }
                }
                self.nodes.truncate(mark);
            }
            Err(_) => self.rollback(mark),
        }
        result
    }

    /// Parses schemas that refer to each other's named types, in whatever
    /// order they come; returns them in the order given.
    pub fn parse_list(&mut self, jsons: &[&str]) -> Result<Vec<Schema>, SchemaError> {
        let values = jsons
            .iter()
            .enumerate()
            .map(|(i, text)| {
                serde_json::from_str::<Json>(text).map_err(|e| {
                    SchemaError::new(format!("schemas[{i}]"), format!("invalid JSON: {e}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut done: Vec<Option<Schema>> = vec![None; values.len()];
        // A schema that refers to a name defined by a later one fails with an
        // unresolved name; retry it once the others are in. Each round must
        // define at least one more schema, so this ends.
        loop {
            let mut progress = false;
            let mut first_error = None;
            for ((i, value), slot) in values.iter().enumerate().zip(&mut done) {
                if slot.is_some() {
                    continue;
                }
                match self.parse_json(value) {
                    Ok(schema) => {
                        *slot = Some(schema);
                        progress = true;
                    }
                    Err(e) if e.unresolved.is_some() => {
                        first_error.get_or_insert((i, e));
                    }
                    Err(e) => return Err(e.prefixed(&format!("schemas[{i}]"))),
                }
            }
            match first_error {
                // No error: every schema parsed.
                None => return Ok(done.into_iter().flatten().collect()),
                Some((i, e)) if !progress => return Err(e.prefixed(&format!("schemas[{i}]"))),
                Some(_) => {}
            }
        }
    }

    fn rollback(&mut self, mark: usize) {
        self.nodes.truncate(mark);
        self.names.retain(|_, id| id.index() < mark);
    }

    // The pending defaults and constraints are recorded by this parse, on
    // the record nodes it pushed, at field positions of theirs that have a
    // default or the constraints attribute; `remap` maps every node this
    // parse pushed (all reachable from the root) and `extract` keeps every
    // node's kind and fields.
    #[allow(clippy::indexing_slicing, clippy::expect_used, clippy::unreachable)]
    fn parse_document(&mut self, json: &Json) -> Result<Schema, SchemaError> {
        let first_new = self.nodes.len();
        let mut doc = Document {
            parser: self,
            path: Vec::new(),
            defaults: Vec::new(),
            constraints: Vec::new(),
            node_constraints: Vec::new(),
        };
        let root = doc.parse(json, None)?;
        let defaults = std::mem::take(&mut doc.defaults);
        let constraints = std::mem::take(&mut doc.constraints);
        let node_constraints = std::mem::take(&mut doc.node_constraints);
        let (mut schema, remap) = extract(&self.nodes, root);
        // Defaults are checked once the whole schema exists: a default may be
        // a value of the very record that is being defined.
        for pending in defaults {
            debug_assert!(pending.record.index() >= first_new);
            let Some(local) = remap.get(&pending.record).copied() else {
                continue;
            };
            let Type::Record(record) = &schema.node(local).ty else {
                unreachable!("defaults are recorded on record nodes")
            };
            let field = &record.fields[pending.field];
            let default = field
                .default
                .as_ref()
                .expect("recorded fields have defaults");
            super::json_walk::check_default(&schema, field.schema, default)
                .map_err(|msg| SchemaError::new(pending.path.clone(), msg))?;
        }
        // Constraints are checked against the field's type, which may be
        // defined later in the document.
        for pending in constraints {
            let Some(local) = remap.get(&pending.record).copied() else {
                continue;
            };
            let Type::Record(record) = &schema.node(local).ty else {
                unreachable!("constraints are recorded on record nodes")
            };
            let field = &record.fields[pending.field];
            let json = &field.attributes[ATTRIBUTE];
            let checked =
                Constraints::parse(&schema, field.schema, json).map_err(|(at, msg)| {
                    let path = if at.is_empty() {
                        pending.path.clone()
                    } else {
                        format!("{}.{at}", pending.path)
                    };
                    SchemaError::new(path, msg)
                })?;
            let Type::Record(record) = &mut schema.nodes[local.index()].ty else {
                unreachable!("constraints are recorded on record nodes")
            };
            record.fields[pending.field].constraints = Compiled(Some(Arc::new(checked)));
            schema.constrained = true;
        }
        for (path, id) in node_constraints {
            let Some(local) = remap.get(&id).copied() else {
                continue;
            };
            let json = &schema.node(local).attributes[ATTRIBUTE];
            let checked = Constraints::parse(&schema, local, json).map_err(|(at, msg)| {
                let path = if at.is_empty() {
                    path.clone()
                } else {
                    format!("{path}.{at}")
                };
                SchemaError::new(path, msg)
            })?;
            schema.nodes[local.index()].constraints = Compiled(Some(Arc::new(checked)));
            schema.constrained = true;
        }
        Ok(schema)
    }
}

/// A field whose default (or constraints) is checked once the document is
/// parsed.
struct PendingDefault {
    path: String,
    record: NodeId,
    field: usize,
}

#[derive(Clone, Copy)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

/// The state of parsing one JSON document.
struct Document<'p> {
    parser: &'p mut Parser,
    path: Vec<Seg>,
    defaults: Vec<PendingDefault>,
    /// Fields with `"avrox.constraints"`, checked once the document is parsed.
    constraints: Vec<PendingDefault>,
    /// Unnamed types with `"avrox.constraints"`, likewise.
    node_constraints: Vec<(String, NodeId)>,
}

type Result<T, E = SchemaError> = std::result::Result<T, E>;

impl Document<'_> {
    fn path_string(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    fn error(&self, message: impl Into<String>) -> SchemaError {
        SchemaError::new(self.path_string(), message)
    }

    /// The error for the element at `index` of the array being parsed.
    fn error_at_index(&mut self, index: usize, message: impl Into<String>) -> SchemaError {
        self.path.push(Seg::Index(index));
        let e = self.error(message);
        self.path.pop();
        e
    }

    /// The error for `key` of the object being parsed.
    fn error_at(&mut self, key: &'static str, message: impl Into<String>) -> SchemaError {
        self.path.push(Seg::Key(key));
        let e = self.error(message);
        self.path.pop();
        e
    }

    fn push(&mut self, node: Node) -> NodeId {
        let id = NodeId(self.parser.nodes.len() as u32);
        self.parser.nodes.push(node);
        id
    }

    /// The node `push` gave `id`.
    ///
    /// Ids are made only by `push`, in the parser's arena; `rollback`
    /// removes nodes only after a failed parse, whose ids go with it.
    #[allow(clippy::indexing_slicing)]
    fn node(&self, id: NodeId) -> &Node {
        &self.parser.nodes[id.index()]
    }

    /// The node `push` gave `id`, to finish it (see [`node`](Self::node)).
    #[allow(clippy::indexing_slicing)]
    fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.parser.nodes[id.index()]
    }

    fn within<T>(&mut self, seg: Seg, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.path.push(seg);
        let out = f(self);
        self.path.pop();
        out
    }

    fn parse(&mut self, json: &Json, enclosing_ns: Option<&str>) -> Result<NodeId> {
        match json {
            Json::String(name) => self.reference(name, enclosing_ns),
            Json::Array(branches) => self.union(branches, enclosing_ns),
            Json::Object(object) => self.object(object, enclosing_ns),
            other => Err(self.error(format!(
                "a schema is a type name, an object or an array, not {}",
                describe(other)
            ))),
        }
    }

    /// A type given by name: a primitive, or a named type defined before.
    fn reference(&mut self, name: &str, enclosing_ns: Option<&str>) -> Result<NodeId> {
        if let Some(ty) = primitive(name) {
            return Ok(self.push(Node::new(ty)));
        }
        if let Some(id) = self.lookup(name, enclosing_ns) {
            return Ok(id);
        }
        let mut message = format!("unknown type '{name}'");
        let candidates = self
            .parser
            .names
            .keys()
            .map(String::as_str)
            .chain(PRIMITIVES)
            .chain(["record", "enum", "array", "map", "fixed"]);
        if let Some(suggestion) = name::did_you_mean(name, candidates) {
            message.push_str(&format!(" (did you mean '{suggestion}'?)"));
        } else if let Some(short) = self
            .parser
            .names
            .keys()
            .find(|k| k.rsplit('.').next() == Some(name))
        {
            message.push_str(&format!(
                " (a type named '{short}' exists in another namespace: use its fullname)"
            ));
        }
        Err(SchemaError::unresolved(
            self.path_string(),
            message,
            name.to_owned(),
        ))
    }

    /// Resolves a reference the way Java and Python do: a dotted name is a
    /// fullname; a simple name is looked up in the enclosing namespace, then
    /// in the null namespace.
    fn lookup(&self, name: &str, enclosing_ns: Option<&str>) -> Option<NodeId> {
        let names = &self.parser.names;
        if name.contains('.') {
            return names.get(name).copied();
        }
        if let Some(ns) = enclosing_ns
            && let Some(&id) = names.get(&format!("{ns}.{name}"))
        {
            return Some(id);
        }
        names.get(name).copied()
    }

    fn union(&mut self, branches: &[Json], enclosing_ns: Option<&str>) -> Result<NodeId> {
        let mut variants = Vec::with_capacity(branches.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, branch) in branches.iter().enumerate() {
            let id = self.within(Seg::Index(i), |d| d.parse(branch, enclosing_ns))?;
            let node = self.node(id);
            let key = match &node.ty {
                Type::Union(_) => {
                    return Err(
                        self.error_at_index(i, "a union may not directly contain another union")
                    );
                }
                ty => node
                    .name()
                    .map(|n| n.fullname().to_owned())
                    .unwrap_or_else(|| ty.kind_name().to_owned()),
            };
            // Named and unnamed types are kept apart: a record may be named
            // `map` beside a map (the specification lets complex type names
            // be reused as names).
            let slot = if node.ty.is_named() {
                format!("named {key}")
            } else {
                key.clone()
            };
            if let Some(first) = seen.insert(slot, i) {
                let what = if node.ty.is_named() {
                    format!("the named type '{key}'")
                } else {
                    format!("'{key}'")
                };
                return Err(self.error_at_index(
                    i,
                    format!(
                        "{what} appears twice in the union (also at index {first}); a union holds at most one of each unnamed type and each name"
                    ),
                ));
            }
            variants.push(id);
        }
        Ok(self.push(Node::new(Type::Union(Union { variants }))))
    }

    fn object(&mut self, object: &Map<String, Json>, enclosing_ns: Option<&str>) -> Result<NodeId> {
        let type_name = match object.get("type") {
            Some(Json::String(t)) => t.as_str(),
            Some(Json::Object(_) | Json::Array(_)) => {
                return Err(self.error_at(
                    "type",
                    "expected a type name; a nested schema goes in a field's \"type\", not in a schema object's",
                ));
            }
            Some(other) => {
                return Err(self.error_at(
                    "type",
                    format!("expected a type name, found {}", describe(other)),
                ));
            }
            None => return Err(self.error("missing \"type\"")),
        };
        let id = match type_name {
            "record" | "error" => self.record(object, enclosing_ns, type_name == "error")?,
            "enum" => self.enumeration(object, enclosing_ns)?,
            "fixed" => self.fixed(object, enclosing_ns)?,
            "array" => {
                let items = self.required(object, "items")?;
                let items = self.within(Seg::Key("items"), |d| d.parse(items, enclosing_ns))?;
                let attributes = extra_attributes(object, &["type", "items"]);
                self.push(Node {
                    ty: Type::Array(items),
                    logical: None,
                    attributes,
                    constraints: Compiled::default(),
                })
            }
            "map" => {
                let values = self.required(object, "values")?;
                let values = self.within(Seg::Key("values"), |d| d.parse(values, enclosing_ns))?;
                let attributes = extra_attributes(object, &["type", "values"]);
                self.push(Node {
                    ty: Type::Map(values),
                    logical: None,
                    attributes,
                    constraints: Compiled::default(),
                })
            }
            other => match primitive(other) {
                Some(ty) => {
                    let attributes = extra_attributes(object, &["type"]);
                    self.push(Node {
                        ty,
                        logical: None,
                        attributes,
                        constraints: Compiled::default(),
                    })
                }
                // `{"type": "Address"}`: a reference written as an object.
                None => self.within(Seg::Key("type"), |d| d.reference(other, enclosing_ns))?,
            },
        };
        if object.contains_key("logicalType") {
            self.logical_type(id)?;
        }
        // A type's own constraints, on a primitive, array or map.
        // (On a named type, which every use shares, it stays an ordinary
        // attribute.)
        if object.contains_key(ATTRIBUTE)
            && (matches!(type_name, "array" | "map") || primitive(type_name).is_some())
        {
            self.path.push(Seg::Key(ATTRIBUTE));
            let path = self.path_string();
            self.path.pop();
            self.node_constraints.push((path, id));
        }
        Ok(id)
    }

    fn required<'j>(&self, object: &'j Map<String, Json>, key: &str) -> Result<&'j Json> {
        object
            .get(key)
            .ok_or_else(|| self.error(format!("missing \"{key}\"")))
    }

    /// Reads `name` and `namespace`, resolves the fullname, and registers it
    /// so that the type can refer to itself.
    fn define_name(
        &mut self,
        object: &Map<String, Json>,
        enclosing_ns: Option<&str>,
        kind: &str,
    ) -> Result<Name> {
        let name = match object.get("name") {
            Some(Json::String(n)) => n.as_str(),
            Some(other) => {
                return Err(self.error_at(
                    "name",
                    format!("expected a string, found {}", describe(other)),
                ));
            }
            None => {
                return Err(self.error(format!("{} {kind} needs a \"name\"", article(kind))));
            }
        };
        let namespace = match object.get("namespace") {
            None | Some(Json::Null) => None,
            Some(Json::String(ns)) => Some(ns.as_str()),
            Some(other) => {
                return Err(self.error_at(
                    "namespace",
                    format!("expected a string, found {}", describe(other)),
                ));
            }
        };
        let name =
            Name::resolve(name, namespace, enclosing_ns).map_err(|m| self.error_at("name", m))?;
        if PRIMITIVES.contains(&name.name()) {
            return Err(self.error_at(
                "name",
                format!(
                    "'{}' is a primitive type and cannot name {} {kind}",
                    name.name(),
                    article(kind)
                ),
            ));
        }
        if self.parser.names.contains_key(name.fullname()) {
            return Err(self.error_at("name", format!("the name '{name}' is defined twice")));
        }
        Ok(name)
    }

    fn register(&mut self, name: &Name, id: NodeId) {
        self.parser.names.insert(name.fullname().to_owned(), id);
    }

    fn doc(&mut self, object: &Map<String, Json>) -> Result<Option<String>> {
        match object.get("doc") {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.error_at(
                "doc",
                format!("expected a string, found {}", describe(other)),
            )),
        }
    }

    fn alias_strings(&mut self, object: &Map<String, Json>) -> Result<Vec<String>> {
        match object.get("aliases") {
            None | Some(Json::Null) => Ok(Vec::new()),
            Some(Json::Array(items)) => {
                let mut aliases = Vec::with_capacity(items.len());
                for (i, alias) in items.iter().enumerate() {
                    match alias {
                        Json::String(s) => aliases.push(s.clone()),
                        other => {
                            self.path.push(Seg::Key("aliases"));
                            let e = self.error_at_index(
                                i,
                                format!("expected a string, found {}", describe(other)),
                            );
                            self.path.pop();
                            return Err(e);
                        }
                    }
                }
                Ok(aliases)
            }
            Some(other) => Err(self.error_at(
                "aliases",
                format!("expected an array of strings, found {}", describe(other)),
            )),
        }
    }

    /// Type aliases are relative to the type's own namespace unless dotted.
    /// The specification lets an alias be any string, so it is not checked.
    fn type_aliases(&mut self, object: &Map<String, Json>, name: &Name) -> Result<Vec<Name>> {
        Ok(self
            .alias_strings(object)?
            .into_iter()
            .map(|alias| Name::alias(&alias, name.namespace()))
            .collect())
    }

    fn record(
        &mut self,
        object: &Map<String, Json>,
        enclosing_ns: Option<&str>,
        is_error: bool,
    ) -> Result<NodeId> {
        let kind = if is_error { "error" } else { "record" };
        let name = self.define_name(object, enclosing_ns, kind)?;
        let doc = self.doc(object)?;
        let aliases = self.type_aliases(object, &name)?;
        let fields_json = match object.get("fields") {
            Some(Json::Array(fields)) => fields,
            Some(other) => {
                return Err(self.error_at(
                    "fields",
                    format!("expected an array of fields, found {}", describe(other)),
                ));
            }
            None => {
                return Err(self.error(format!("{} {kind} needs \"fields\"", article(kind))));
            }
        };
        // The record exists, without fields, before its fields are parsed, so
        // that they can refer to it.
        let attributes = extra_attributes(
            object,
            &["type", "name", "namespace", "doc", "aliases", "fields"],
        );
        let id = self.push(Node {
            ty: Type::Record(Record {
                name: name.clone(),
                aliases,
                doc,
                fields: Vec::new(),
                is_error,
                names_seen: Default::default(),
            }),
            logical: None,
            attributes,
            constraints: Compiled::default(),
        });
        self.register(&name, id);
        let namespace = name.namespace().map(str::to_owned);
        let mut fields = Vec::with_capacity(fields_json.len());
        let mut seen = HashSet::new();
        self.path.push(Seg::Key("fields"));
        for (i, field) in fields_json.iter().enumerate() {
            self.path.push(Seg::Index(i));
            let field = self.field(field, namespace.as_deref(), id, i)?;
            if !seen.insert(field.name.clone()) {
                let e = self.error_at(
                    "name",
                    format!("the field '{}' is defined twice", field.name),
                );
                return Err(e);
            }
            fields.push(field);
            self.path.pop();
        }
        self.path.pop();
        // The node was pushed as a record.
        let Type::Record(record) = &mut self.node_mut(id).ty else {
            return Err(self.error("a record's node is not a record"));
        };
        record.fields = fields;
        Ok(id)
    }

    fn field(
        &mut self,
        json: &Json,
        namespace: Option<&str>,
        record: NodeId,
        index: usize,
    ) -> Result<Field> {
        let Json::Object(object) = json else {
            return Err(self.error(format!("a field is an object, not {}", describe(json))));
        };
        let name = match object.get("name") {
            Some(Json::String(n)) => n.clone(),
            Some(other) => {
                return Err(self.error_at(
                    "name",
                    format!("expected a string, found {}", describe(other)),
                ));
            }
            None => return Err(self.error("a field needs a \"name\"")),
        };
        name::check_simple_name(&name).map_err(|m| self.error_at("name", m))?;
        let type_json = self
            .required(object, "type")
            .map_err(|_| self.error(format!("the field '{name}' needs a \"type\"")))?;
        let schema = self.within(Seg::Key("type"), |d| d.parse(type_json, namespace))?;
        let doc = self.doc(object)?;
        let aliases = self.alias_strings(object)?;
        let order = match object.get("order") {
            None | Some(Json::Null) => Order::Ascending,
            Some(Json::String(s)) if s == "ascending" => Order::Ascending,
            Some(Json::String(s)) if s == "descending" => Order::Descending,
            Some(Json::String(s)) if s == "ignore" => Order::Ignore,
            Some(other) => {
                return Err(self.error_at(
                    "order",
                    format!("expected \"ascending\", \"descending\" or \"ignore\", found {other}"),
                ));
            }
        };
        let default = object.get("default").cloned();
        if default.is_some() {
            self.path.push(Seg::Key("default"));
            let path = self.path_string();
            self.path.pop();
            self.defaults.push(PendingDefault {
                path,
                record,
                field: index,
            });
        }
        if object.contains_key(ATTRIBUTE) {
            self.path.push(Seg::Key(ATTRIBUTE));
            let path = self.path_string();
            self.path.pop();
            self.constraints.push(PendingDefault {
                path,
                record,
                field: index,
            });
        }
        let attributes = extra_attributes(
            object,
            &["name", "type", "doc", "default", "order", "aliases"],
        );
        Ok(Field {
            name,
            doc,
            schema,
            default,
            order,
            aliases,
            attributes,
            constraints: Compiled::default(),
        })
    }

    fn enumeration(
        &mut self,
        object: &Map<String, Json>,
        enclosing_ns: Option<&str>,
    ) -> Result<NodeId> {
        let name = self.define_name(object, enclosing_ns, "enum")?;
        let doc = self.doc(object)?;
        let aliases = self.type_aliases(object, &name)?;
        let symbols_json = match object.get("symbols") {
            Some(Json::Array(s)) => s,
            Some(other) => {
                return Err(self.error_at(
                    "symbols",
                    format!("expected an array of strings, found {}", describe(other)),
                ));
            }
            None => return Err(self.error("an enum needs \"symbols\"")),
        };
        let mut symbols: Vec<String> = Vec::with_capacity(symbols_json.len());
        // A set beside the list: a header may hold an enum of 100,000
        // symbols, and a scan of the list per symbol is quadratic.
        let mut seen: HashSet<&str> = HashSet::with_capacity(symbols_json.len());
        self.path.push(Seg::Key("symbols"));
        for (i, symbol) in symbols_json.iter().enumerate() {
            self.path.push(Seg::Index(i));
            let Json::String(symbol) = symbol else {
                return Err(self.error(format!("expected a string, found {}", describe(symbol))));
            };
            name::check_simple_name(symbol)
                .map_err(|m| self.error(m.replacen("name", "symbol", 1)))?;
            if !seen.insert(symbol) {
                return Err(self.error(format!("the symbol '{symbol}' appears twice")));
            }
            symbols.push(symbol.clone());
            self.path.pop();
        }
        self.path.pop();
        let default = match object.get("default") {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) if seen.contains(s.as_str()) => Some(s.clone()),
            Some(Json::String(s)) => {
                return Err(self.error_at(
                    "default",
                    format!("the default '{s}' is not one of the symbols"),
                ));
            }
            Some(other) => {
                return Err(self.error_at(
                    "default",
                    format!("expected a symbol, found {}", describe(other)),
                ));
            }
        };
        let attributes = extra_attributes(
            object,
            &[
                "type",
                "name",
                "namespace",
                "doc",
                "aliases",
                "symbols",
                "default",
            ],
        );
        let id = self.push(Node {
            ty: Type::Enum(Enum {
                name: name.clone(),
                aliases,
                doc,
                symbols,
                default,
            }),
            logical: None,
            attributes,
            constraints: Compiled::default(),
        });
        self.register(&name, id);
        Ok(id)
    }

    fn fixed(&mut self, object: &Map<String, Json>, enclosing_ns: Option<&str>) -> Result<NodeId> {
        let name = self.define_name(object, enclosing_ns, "fixed")?;
        let doc = self.doc(object)?;
        let aliases = self.type_aliases(object, &name)?;
        let size = match object.get("size") {
            Some(Json::Number(n)) => match n.as_u64() {
                Some(size) if size <= i32::MAX as u64 => size as usize,
                _ => {
                    return Err(self.error_at(
                        "size",
                        format!("expected a size from 0 to 2147483647, found {n}"),
                    ));
                }
            },
            Some(other) => {
                return Err(self.error_at(
                    "size",
                    format!("expected an integer, found {}", describe(other)),
                ));
            }
            None => return Err(self.error("a fixed needs a \"size\"")),
        };
        let attributes = extra_attributes(
            object,
            &["type", "name", "namespace", "doc", "aliases", "size"],
        );
        let id = self.push(Node {
            ty: Type::Fixed(Fixed {
                name: name.clone(),
                aliases,
                doc,
                size,
            }),
            logical: None,
            attributes,
            constraints: Compiled::default(),
        });
        self.register(&name, id);
        Ok(id)
    }

    /// Recognises the node's `logicalType`. A valid one moves from the
    /// attributes into [`Node::logical_type`]; an unknown or invalid one stays
    /// an attribute and the node reads as its underlying type.
    fn logical_type(&mut self, id: NodeId) -> Result<()> {
        let node = self.node(id);
        let Some(Json::String(name)) = node.attributes.get("logicalType") else {
            return Ok(());
        };
        let fixed_size = match &node.ty {
            Type::Fixed(f) => Some(f.size),
            _ => None,
        };
        let simple = |ty: &Type, want: fn(&Type) -> bool, lt: LogicalType| want(ty).then_some(lt);
        let logical = match name.as_str() {
            "decimal" => self.decimal(node)?,
            "big-decimal" => simple(
                &node.ty,
                |t| matches!(t, Type::Bytes),
                LogicalType::BigDecimal,
            ),
            "uuid" => (matches!(node.ty, Type::String) || fixed_size == Some(16))
                .then_some(LogicalType::Uuid),
            "date" => simple(&node.ty, |t| matches!(t, Type::Int), LogicalType::Date),
            "time-millis" => simple(
                &node.ty,
                |t| matches!(t, Type::Int),
                LogicalType::TimeMillis,
            ),
            "time-micros" => simple(
                &node.ty,
                |t| matches!(t, Type::Long),
                LogicalType::TimeMicros,
            ),
            "timestamp-millis" => simple(
                &node.ty,
                |t| matches!(t, Type::Long),
                LogicalType::TimestampMillis,
            ),
            "timestamp-micros" => simple(
                &node.ty,
                |t| matches!(t, Type::Long),
                LogicalType::TimestampMicros,
            ),
            "timestamp-nanos" => simple(
                &node.ty,
                |t| matches!(t, Type::Long),
                LogicalType::TimestampNanos,
            ),
            "local-timestamp-millis" => simple(
                &node.ty,
                |t| matches!(t, Type::Long),
                LogicalType::LocalTimestampMillis,
            ),
            "local-timestamp-micros" => simple(
                &node.ty,
                |t| matches!(t, Type::Long),
                LogicalType::LocalTimestampMicros,
            ),
            "local-timestamp-nanos" => simple(
                &node.ty,
                |t| matches!(t, Type::Long),
                LogicalType::LocalTimestampNanos,
            ),
            "duration" => (fixed_size == Some(12)).then_some(LogicalType::Duration),
            _ => None,
        };
        if let Some(logical) = logical {
            let node = self.node_mut(id);
            // `shift_remove`, not `remove`: with serde_json's
            // `preserve_order` a plain `remove` moves the last attribute
            // into the hole, and the attributes left would print in an
            // order of their own, which changes again on every reparse.
            node.attributes.shift_remove("logicalType");
            if matches!(logical, LogicalType::Decimal { .. }) {
                node.attributes.shift_remove("precision");
                node.attributes.shift_remove("scale");
            }
            node.logical = Some(logical);
        }
        Ok(())
    }

    /// A valid decimal, `None` for one the specification says to ignore, or
    /// an error for a precision its fixed cannot hold (unless lenient).
    fn decimal(&self, node: &Node) -> Result<Option<LogicalType>> {
        let fixed_size = match &node.ty {
            Type::Bytes => None,
            Type::Fixed(f) => Some(f.size),
            _ => return Ok(None),
        };
        let integer = |key: &str| match node.attributes.get(key) {
            None => Some(None),
            Some(Json::Number(n)) => n
                .as_u64()
                .filter(|&v| v <= u32::MAX as u64)
                .map(|v| Some(v as u32)),
            Some(_) => None,
        };
        let (Some(Some(precision)), Some(scale)) = (integer("precision"), integer("scale")) else {
            return Ok(None);
        };
        let scale = scale.unwrap_or(0);
        if precision == 0 || scale > precision {
            return Ok(None);
        }
        if let Some(size) = fixed_size {
            let max = max_decimal_precision(size);
            if precision > max {
                if self.parser.lenient_decimals {
                    return Ok(None);
                }
                return Err(self.error(format!(
                    "a fixed of {size} bytes holds at most {max} decimal digits, but the decimal's precision is {precision}"
                )));
            }
        }
        Ok(Some(LogicalType::Decimal { precision, scale }))
    }
}

fn primitive(name: &str) -> Option<Type> {
    Some(match name {
        "null" => Type::Null,
        "boolean" => Type::Boolean,
        "int" => Type::Int,
        "long" => Type::Long,
        "float" => Type::Float,
        "double" => Type::Double,
        "bytes" => Type::Bytes,
        "string" => Type::String,
        _ => return None,
    })
}

/// "a" or "an", for a type kind in a message: "an enum", "a record".
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn extra_attributes(object: &Map<String, Json>, known: &[&str]) -> Attributes {
    object
        .iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn describe(json: &Json) -> String {
    match json {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => format!("the boolean {b}"),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) => format!("the string \"{s}\""),
        Json::Array(_) => "an array".to_owned(),
        Json::Object(_) => "an object".to_owned(),
    }
}

/// Copies the nodes reachable from `root` into a schema of their own, in
/// depth-first order with the root first. Returns the old-to-new id map.
///
/// Ids are of `nodes`, and every node pushed on the stack is mapped before
/// any is copied.
#[allow(clippy::indexing_slicing, clippy::expect_used)]
fn extract(nodes: &[Node], root: NodeId) -> (Schema, HashMap<NodeId, NodeId>) {
    // A map, not a slot per node of the arena: a parser that has read many
    // schemas (a protocol's types) would pay for its whole arena on each.
    let mut remap: HashMap<NodeId, NodeId> = HashMap::new();
    let mut order = Vec::new();
    let mut stack = vec![root];
    // Assign new ids in depth-first pre-order.
    while let Some(id) = stack.pop() {
        if remap.contains_key(&id) {
            continue;
        }
        remap.insert(id, NodeId(order.len() as u32));
        order.push(id);
        let children: Vec<NodeId> = match &nodes[id.index()].ty {
            Type::Record(r) => r.fields.iter().map(|f| f.schema).collect(),
            Type::Array(items) => vec![*items],
            Type::Map(values) => vec![*values],
            Type::Union(u) => u.variants.clone(),
            _ => Vec::new(),
        };
        stack.extend(children.into_iter().rev());
    }
    let map = |id: NodeId| *remap.get(&id).expect("reachable nodes are mapped");
    let new_nodes = order
        .iter()
        .map(|&old| {
            let mut node = nodes[old.index()].clone();
            match &mut node.ty {
                Type::Record(r) => r.fields.iter_mut().for_each(|f| f.schema = map(f.schema)),
                Type::Array(items) => *items = map(*items),
                Type::Map(values) => *values = map(*values),
                Type::Union(u) => u.variants.iter_mut().for_each(|v| *v = map(*v)),
                _ => {}
            }
            node
        })
        .collect();
    (Schema::from_nodes(new_nodes, NodeId(0)), remap)
}
