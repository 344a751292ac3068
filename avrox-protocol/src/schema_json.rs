//! Schema JSON moved to another place: every name made full so that a type
//! reads the same away from the namespace it was written in, nested
//! definitions taken out into a list, or put back in at their first use.
//!
//! A protocol's types and messages, and the files an IDL file imports, each
//! come with their own enclosing namespace; avrox's schema parser knows only
//! the one a document states. These rewrites bridge the two, and give the
//! printed protocol the shape Java's tools print: each named type defined
//! once, where it is first used, and referred to by name after that.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value as Json};

const NAMED_KINDS: [&str; 4] = ["record", "error", "enum", "fixed"];
const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// Whether `name` is one of Avro's primitive type names.
pub fn is_primitive(name: &str) -> bool {
    PRIMITIVES.contains(&name)
}

/// The fullname a definition's `name` (and `namespace` attribute) gives a
/// type inside `enclosing`, by the specification's rules: a dotted name is
/// a fullname, else the explicit namespace applies, else the enclosing one.
///
/// ```
/// use avrox_protocol::schema_json::definition_fullname;
///
/// assert_eq!(definition_fullname("a.B", Some("x"), Some("y")), "a.B");
/// assert_eq!(definition_fullname("B", Some("x"), Some("y")), "x.B");
/// assert_eq!(definition_fullname("B", None, Some("y")), "y.B");
/// assert_eq!(definition_fullname("B", Some(""), Some("y")), "B");
/// ```
pub fn definition_fullname(name: &str, namespace: Option<&str>, enclosing: Option<&str>) -> String {
    if name.contains('.') {
        return name.to_owned();
    }
    match namespace.or(enclosing) {
        Some(ns) if !ns.is_empty() => format!("{ns}.{name}"),
        _ => name.to_owned(),
    }
}

/// The namespace of a fullname, `None` for the null namespace.
pub fn namespace_of(fullname: &str) -> Option<&str> {
    fullname.rsplit_once('.').map(|(ns, _)| ns)
}

fn simple_name(fullname: &str) -> &str {
    fullname.rsplit_once('.').map_or(fullname, |(_, name)| name)
}

/// How `fullname` is written inside `namespace`: the simple name when the
/// namespaces agree (or the type is in the null namespace), else the fullname.
pub fn relative(fullname: &str, namespace: Option<&str>) -> String {
    match namespace_of(fullname) {
        ns if ns == namespace || ns.is_none() => simple_name(fullname).to_owned(),
        _ => fullname.to_owned(),
    }
}

/// A reference written inside `enclosing`, as a fullname. Like avrox's
/// parser (and Java's), a simple name is looked up in the enclosing
/// namespace first, then in the null namespace; `known` says which names
/// exist.
fn full_reference(name: &str, enclosing: Option<&str>, known: &HashSet<String>) -> String {
    if is_primitive(name) || name.contains('.') {
        return name.to_owned();
    }
    match enclosing {
        Some(ns) if !ns.is_empty() => {
            let full = format!("{ns}.{name}");
            if known.contains(&full) {
                full
            } else {
                // The null namespace's type, or an unknown name left as
                // written for the parser's error to show.
                name.to_owned()
            }
        }
        _ => name.to_owned(),
    }
}

/// The name a named type's definition gives, when `object` is one.
fn definition_name(object: &Map<String, Json>) -> Option<&str> {
    let kind = object.get("type")?.as_str()?;
    if !NAMED_KINDS.contains(&kind) {
        return None;
    }
    object.get("name")?.as_str()
}

fn namespace_attribute(object: &Map<String, Json>) -> Option<&str> {
    object.get("namespace").and_then(Json::as_str)
}

/// Rewrites schema JSON so that it means the same wherever it is put: each
/// definition states its namespace (`""` for the null one) and each
/// reference is a fullname. What is not a well-formed schema is left as it
/// is, for the schema parser to report.
///
/// ```
/// use std::collections::HashSet;
/// use avrox_protocol::schema_json::Qualifier;
/// use serde_json::json;
///
/// let mut known = HashSet::new();
/// let mut qualifier = Qualifier::new(&mut known);
/// let schema = json!({"type": "record", "name": "A", "fields": [{"name": "next", "type": ["null", "A"]}]});
/// assert_eq!(
///     qualifier.schema(&schema, Some("x")),
///     json!({"type": "record", "name": "A", "namespace": "x",
///            "fields": [{"name": "next", "type": ["null", "x.A"]}]})
/// );
/// ```
#[derive(Debug)]
pub struct Qualifier<'k> {
    known: &'k mut HashSet<String>,
    definitions: Option<Vec<(String, Json)>>,
}

impl<'k> Qualifier<'k> {
    /// A qualifier that resolves simple names against `known` (the
    /// fullnames defined so far), and adds each definition it meets.
    pub fn new(known: &'k mut HashSet<String>) -> Qualifier<'k> {
        Qualifier {
            known,
            definitions: None,
        }
    }

    /// A qualifier that also takes each named definition out: it is
    /// replaced by its fullname and kept, in the order met (an enclosing
    /// type before the types defined inside it), for [`Qualifier::into_definitions`].
    pub fn taking_definitions(known: &'k mut HashSet<String>) -> Qualifier<'k> {
        Qualifier {
            known,
            definitions: Some(Vec::new()),
        }
    }

    /// The definitions taken out, with their fullnames.
    pub fn into_definitions(self) -> Vec<(String, Json)> {
        self.definitions.unwrap_or_default()
    }

    /// `json`, a schema written inside namespace `enclosing`, qualified.
    pub fn schema(&mut self, json: &Json, enclosing: Option<&str>) -> Json {
        match json {
            Json::String(name) => Json::String(full_reference(name, enclosing, self.known)),
            Json::Array(branches) => Json::Array(
                branches
                    .iter()
                    .map(|branch| self.schema(branch, enclosing))
                    .collect(),
            ),
            Json::Object(object) => self.object(object, enclosing),
            other => other.clone(),
        }
    }

    fn object(&mut self, object: &Map<String, Json>, enclosing: Option<&str>) -> Json {
        if let Some(name) = definition_name(object) {
            return self.definition(object, name, enclosing);
        }
        let mut out = object.clone();
        match object.get("type") {
            Some(Json::String(kind)) if kind == "array" => {
                self.rewrite(&mut out, "items", enclosing);
            }
            Some(Json::String(kind)) if kind == "map" => {
                self.rewrite(&mut out, "values", enclosing);
            }
            Some(Json::String(kind))
                if is_primitive(kind) || NAMED_KINDS.contains(&kind.as_str()) => {}
            Some(_) => self.rewrite(&mut out, "type", enclosing),
            None => {}
        }
        Json::Object(out)
    }

    fn rewrite(&mut self, object: &mut Map<String, Json>, key: &str, enclosing: Option<&str>) {
        if let Some(inner) = object.get(key) {
            let qualified = self.schema(inner, enclosing);
            object.insert(key.to_owned(), qualified);
        }
    }

    fn definition(
        &mut self,
        object: &Map<String, Json>,
        name: &str,
        enclosing: Option<&str>,
    ) -> Json {
        let full = definition_fullname(name, namespace_attribute(object), enclosing);
        self.known.insert(full.clone());
        let slot = self.definitions.as_mut().map(|defs| {
            defs.push((full.clone(), Json::Null));
            defs.len() - 1
        });
        let namespace = namespace_of(&full);
        let mut out = object.clone();
        out.insert("name".into(), simple_name(&full).into());
        out.insert("namespace".into(), namespace.unwrap_or("").into());
        if let Some(Json::Array(fields)) = object.get("fields") {
            let fields = fields
                .iter()
                .map(|field| match field {
                    Json::Object(field) => {
                        let mut field = field.clone();
                        self.rewrite(&mut field, "type", namespace);
                        Json::Object(field)
                    }
                    other => other.clone(),
                })
                .collect();
            out.insert("fields".into(), Json::Array(fields));
        }
        match (slot, self.definitions.as_mut()) {
            (Some(slot), Some(defs)) => {
                if let Some(entry) = defs.get_mut(slot) {
                    entry.1 = Json::Object(out);
                }
                Json::String(full)
            }
            _ => Json::Object(out),
        }
    }
}

/// Rewrites schema JSON for printing inside a document whose namespace is
/// `dst` (a protocol's, or none): a type already defined earlier in the
/// document (in `defined`) becomes a reference, names are written relative
/// to their enclosing namespace, and a definition states its namespace only
/// where it differs from the enclosing one.
#[derive(Debug)]
pub struct Relativizer<'d> {
    defined: &'d mut HashSet<String>,
    base: Option<&'d HashSet<String>>,
}

impl<'d> Relativizer<'d> {
    /// A relativizer that treats the names in `defined` as printed already,
    /// and adds each definition it prints.
    pub fn new(defined: &'d mut HashSet<String>) -> Relativizer<'d> {
        Relativizer {
            defined,
            base: None,
        }
    }

    /// A relativizer for a part of a document parsed on its own (a
    /// message's request, response or errors): the names in `base` are
    /// printed already, and what it defines goes into `defined` alone.
    pub fn over(base: &'d HashSet<String>, defined: &'d mut HashSet<String>) -> Relativizer<'d> {
        Relativizer {
            defined,
            base: Some(base),
        }
    }

    fn is_defined(&self, fullname: &str) -> bool {
        self.defined.contains(fullname) || self.base.is_some_and(|base| base.contains(fullname))
    }

    /// `json`, written inside namespace `src`, rewritten to sit inside
    /// namespace `dst`.
    pub fn schema(&mut self, json: &Json, src: Option<&str>, dst: Option<&str>) -> Json {
        match json {
            Json::String(name) if is_primitive(name) => json.clone(),
            Json::String(name) => {
                let full = match src {
                    Some(ns) if !ns.is_empty() && !name.contains('.') => {
                        let full = format!("{ns}.{name}");
                        if self.is_defined(&full) || !self.is_defined(name) {
                            full
                        } else {
                            name.clone()
                        }
                    }
                    _ => name.clone(),
                };
                Json::String(relative(&full, dst))
            }
            Json::Array(branches) => Json::Array(
                branches
                    .iter()
                    .map(|branch| self.schema(branch, src, dst))
                    .collect(),
            ),
            Json::Object(object) => {
                if let Some(name) = definition_name(object) {
                    return self.definition(object, name, src, dst);
                }
                let mut out = object.clone();
                let key = match object.get("type") {
                    Some(Json::String(kind)) if kind == "array" => "items",
                    Some(Json::String(kind)) if kind == "map" => "values",
                    Some(Json::String(_)) | None => return Json::Object(out),
                    Some(_) => "type",
                };
                if let Some(inner) = object.get(key) {
                    out.insert(key.to_owned(), self.schema(inner, src, dst));
                }
                Json::Object(out)
            }
            other => other.clone(),
        }
    }

    fn definition(
        &mut self,
        object: &Map<String, Json>,
        name: &str,
        src: Option<&str>,
        dst: Option<&str>,
    ) -> Json {
        let full = definition_fullname(name, namespace_attribute(object), src);
        if self.is_defined(&full) {
            return Json::String(relative(&full, dst));
        }
        self.defined.insert(full.clone());
        let namespace = namespace_of(&full);
        let mut out = Map::new();
        for (key, value) in object {
            match key.as_str() {
                "name" => {
                    out.insert("name".into(), simple_name(&full).into());
                    if namespace != dst {
                        out.insert("namespace".into(), namespace.unwrap_or("").into());
                    }
                }
                "namespace" => {}
                "fields" => {
                    let fields = match value {
                        Json::Array(fields) => Json::Array(
                            fields
                                .iter()
                                .map(|field| match field {
                                    Json::Object(field) => {
                                        let mut field = field.clone();
                                        if let Some(ty) = field.get("type") {
                                            let ty = self.schema(ty, namespace, namespace);
                                            field.insert("type".into(), ty);
                                        }
                                        Json::Object(field)
                                    }
                                    other => other.clone(),
                                })
                                .collect(),
                        ),
                        other => other.clone(),
                    };
                    out.insert("fields".into(), fields);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Json::Object(out)
    }
}

/// Named definitions (as [`Qualifier::taking_definitions`] takes them out:
/// fullnames everywhere) put back as one document: each type defined at
/// its first use, in a schema or in the list, and referred to after that.
///
/// Fails when the definitions nest deeper than `max_depth` JSON levels
/// (a long chain of forward references), which no reader could read back.
#[derive(Debug)]
pub struct Inliner<'t> {
    table: HashMap<&'t str, &'t Json>,
    defined: HashSet<String>,
    max_depth: usize,
}

impl<'t> Inliner<'t> {
    /// An inliner over `definitions`.
    pub fn new(definitions: &'t [(String, Json)], max_depth: usize) -> Inliner<'t> {
        Inliner {
            table: definitions
                .iter()
                .map(|(name, json)| (name.as_str(), json))
                .collect(),
            defined: HashSet::new(),
            max_depth,
        }
    }

    /// Forgets what was defined: the next schema is a document of its own.
    pub fn reset(&mut self) {
        self.defined.clear();
    }

    /// Whether `fullname` was defined by what this inliner has produced.
    pub fn is_defined(&self, fullname: &str) -> bool {
        self.defined.contains(fullname)
    }

    /// `json` with each reference to a type not yet defined replaced by its
    /// definition. Fails with the name of the type that nests too deep.
    pub fn schema(&mut self, json: &Json) -> Result<Json, String> {
        self.at(json, 0)
    }

    fn at(&mut self, json: &Json, depth: usize) -> Result<Json, String> {
        if depth > self.max_depth {
            return Err(format!(
                "the schema nests deeper than {} JSON levels",
                self.max_depth
            ));
        }
        Ok(match json {
            Json::String(name) => match self.table.get(name.as_str()) {
                Some(definition) if !self.defined.contains(name) => {
                    let definition: &Json = definition;
                    self.at(definition, depth)
                        .map_err(|e| format!("{e} (at type '{name}')"))?
                }
                _ => json.clone(),
            },
            Json::Array(branches) => Json::Array(
                branches
                    .iter()
                    .map(|branch| self.at(branch, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(object) => {
                let mut out = object.clone();
                if let Some(name) = definition_name(object) {
                    let full = definition_fullname(name, namespace_attribute(object), None);
                    self.defined.insert(full);
                    if let Some(Json::Array(fields)) = object.get("fields") {
                        let mut new_fields = Vec::with_capacity(fields.len());
                        for field in fields {
                            let mut field = field.clone();
                            if let Json::Object(f) = &mut field
                                && let Some(ty) = f.get("type")
                            {
                                let ty = self.at(ty, depth + 3)?;
                                f.insert("type".into(), ty);
                            }
                            new_fields.push(field);
                        }
                        out.insert("fields".into(), Json::Array(new_fields));
                    }
                } else {
                    for key in ["items", "values", "type"] {
                        if let Some(inner) = object.get(key)
                            && !(key == "type" && inner.is_string())
                        {
                            out.insert(key.to_owned(), self.at(inner, depth + 1)?);
                        }
                    }
                }
                Json::Object(out)
            }
            other => other.clone(),
        })
    }
}
