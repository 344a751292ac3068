//! Reading an IDL file with its imports: every file's named types and
//! messages gathered in order, names resolved, then the protocol or schema
//! built and checked by avrox.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use avrox::Schema;
use avrox::schema::Parser as SchemaParser;
use avrox_protocol::Protocol;
use avrox_protocol::schema_json::{Inliner, Qualifier, Relativizer};
use serde_json::{Map, Value as Json};

use crate::error::IdlError;
use crate::parser::{FileDecls, ImportKind, Item, Parser, ProtocolDecl, json_values};
use crate::{IdlFile, IdlReader, Output};

/// JSON levels a built schema may nest: below the 128 serde_json reads
/// back, with room for the protocol around it.
const MAX_JSON_DEPTH: usize = 120;

/// JSON values the standalone schemas of any file's types may hold.
const MIN_STANDALONE_NODES: usize = 1 << 17;
/// JSON values they may hold per JSON value of the types as declared.
const STANDALONE_NODES_PER_VALUE: usize = 16;

/// Where a definition came from, for errors found once all are gathered.
#[derive(Clone, Debug)]
pub(crate) struct Origin {
    file: Option<PathBuf>,
    at: (usize, usize),
}

/// Every named type of a file and its imports, references by fullname, with
/// where each was declared: what [`IdlFile::named_types`] builds its
/// standalone schemas from, only when asked.
#[derive(Clone, Debug)]
pub(crate) struct Definitions {
    types: Vec<(String, Json)>,
    origins: HashMap<String, Origin>,
}

/// Everything gathered from the file and its imports.
struct Gathered<'r> {
    options: &'r IdlReader,
    /// Named types in the order met, with fullname-only references.
    types: Vec<(String, Json)>,
    /// Where each fullname is in `types`.
    type_index: HashMap<String, usize>,
    origins: HashMap<String, Origin>,
    known: HashSet<String>,
    messages: OrderedMessages,
    /// Files read completely, skipped when imported again.
    done: HashSet<PathBuf>,
    /// The imported files as found, in the order read.
    imports: Vec<PathBuf>,
    /// The chain of files being read, to find import cycles.
    reading: Vec<PathBuf>,
    /// IDL types and messages whose references are resolved once every
    /// name is known: (namespace, index into `types` or message name).
    unresolved_types: Vec<(Option<String>, usize)>,
    unresolved_messages: Vec<(Option<String>, String)>,
}

/// Messages in the order first declared; a later declaration of the same
/// name (from another import) replaces the earlier one in its place, as
/// Java's does.
#[derive(Default)]
struct OrderedMessages {
    messages: Map<String, Json>,
    origins: HashMap<String, Origin>,
}

impl OrderedMessages {
    fn contains(&self, name: &str) -> bool {
        self.messages.contains_key(name)
    }

    fn insert(&mut self, name: String, json: Json, origin: Origin) {
        self.origins.insert(name.clone(), origin);
        self.messages.insert(name, json);
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut Json> {
        self.messages.get_mut(name)
    }
}

pub(crate) fn read(
    options: &IdlReader,
    text: &str,
    file: Option<&Path>,
) -> Result<IdlFile, IdlError> {
    let mut gathered = Gathered {
        options,
        types: Vec::new(),
        type_index: HashMap::new(),
        origins: HashMap::new(),
        known: HashSet::new(),
        messages: OrderedMessages::default(),
        done: HashSet::new(),
        imports: Vec::new(),
        reading: Vec::new(),
        unresolved_types: Vec::new(),
        unresolved_messages: Vec::new(),
    };
    if let Some(file) = file {
        gathered.reading.push(canonical(file));
    }
    let decls = gathered.idl(text, file)?;
    gathered.resolve();
    gathered.build(decls, file)
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

impl Gathered<'_> {
    /// Reads one IDL file's declarations, its imports read where they stand.
    fn idl(&mut self, text: &str, file: Option<&Path>) -> Result<FileDecls, IdlError> {
        let error = |(at, message): ((usize, usize), String)| IdlError::new(file, at, message);
        let decls = Parser::new(text, self.options.max_depth)
            .file()
            .map_err(error)?;
        let in_protocol = decls.protocol.is_some();
        for item in &decls.items {
            match item {
                Item::Import { kind, path, at } => {
                    self.import(*kind, path, file, *at, in_protocol)?;
                }
                Item::Type { fullname, json, at } => {
                    let origin = Origin {
                        file: file.map(Path::to_path_buf),
                        at: *at,
                    };
                    let namespace = json
                        .get("namespace")
                        .and_then(Json::as_str)
                        .filter(|ns| !ns.is_empty())
                        .map(str::to_owned);
                    self.add_type(fullname.clone(), json.clone(), origin)?;
                    self.unresolved_types
                        .push((namespace, self.types.len() - 1));
                }
                Item::Message { name, json, at } => {
                    let origin = Origin {
                        file: file.map(Path::to_path_buf),
                        at: *at,
                    };
                    if self.messages.contains(name) {
                        return Err(IdlError::new(
                            file,
                            *at,
                            format!("message '{name}' is declared twice"),
                        ));
                    }
                    self.messages.insert(name.clone(), json.clone(), origin);
                    self.unresolved_messages
                        .push((decls.namespace.clone(), name.clone()));
                }
            }
        }
        Ok(decls)
    }

    fn add_type(&mut self, fullname: String, json: Json, origin: Origin) -> Result<(), IdlError> {
        if let Some((_, existing)) = self
            .type_index
            .get(&fullname)
            .and_then(|&i| self.types.get(i))
        {
            if *existing == json {
                return Ok(());
            }
            let first = self
                .origins
                .get(&fullname)
                .map(describe_origin)
                .unwrap_or_default();
            return Err(IdlError::new(
                origin.file.as_deref(),
                origin.at,
                format!("type '{fullname}' is defined twice{first}"),
            ));
        }
        self.known.insert(fullname.clone());
        self.type_index.insert(fullname.clone(), self.types.len());
        self.origins.insert(fullname.clone(), origin);
        self.types.push((fullname, json));
        Ok(())
    }

    fn import(
        &mut self,
        kind: ImportKind,
        name: &str,
        from: Option<&Path>,
        at: (usize, usize),
        into_protocol: bool,
    ) -> Result<(), IdlError> {
        let path = self.locate(name, from).ok_or_else(|| {
            let mut places: Vec<String> = Vec::new();
            if let Some(dir) = from.and_then(Path::parent) {
                // A file named without a folder is beside the current one.
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                places.push(dir.display().to_string());
            }
            places.extend(
                self.options
                    .search_dirs
                    .iter()
                    .map(|d| d.display().to_string()),
            );
            IdlError::new(
                from,
                at,
                format!(
                    "cannot find the imported file '{name}' (looked in: {})",
                    if places.is_empty() {
                        "no directory".to_owned()
                    } else {
                        places.join(", ")
                    }
                ),
            )
        })?;
        let key = canonical(&path);
        if let Some(start) = self.reading.iter().position(|p| *p == key) {
            let chain: Vec<String> = self.reading[start..]
                .iter()
                .chain(std::iter::once(&key))
                .map(|p| p.display().to_string())
                .collect();
            return Err(IdlError::new(
                from,
                at,
                format!("import cycle: {}", chain.join(" -> ")),
            ));
        }
        if !self.done.insert(key.clone()) {
            return Ok(());
        }
        self.imports.push(path.clone());
        if self.reading.len() >= self.options.max_depth {
            return Err(IdlError::new(
                from,
                at,
                format!("imports nest deeper than {} files", self.options.max_depth),
            ));
        }
        let text = self
            .options
            .load(&path)
            .map_err(|message| IdlError::new(from, at, message))?;
        self.reading.push(key);
        let result = match kind {
            ImportKind::Idl => self.idl(&text, Some(&path)).map(drop),
            ImportKind::Schema => self.json_schema(&text, &path),
            ImportKind::Protocol => self.json_protocol(&text, &path, into_protocol),
        };
        self.reading.pop();
        result
    }

    fn locate(&self, name: &str, from: Option<&Path>) -> Option<PathBuf> {
        let relative = from.and_then(Path::parent).map(|dir| dir.join(name));
        relative
            .into_iter()
            .chain(self.options.search_dirs.iter().map(|dir| dir.join(name)))
            .find(|candidate| candidate.is_file())
    }

    fn json_schema(&mut self, text: &str, path: &Path) -> Result<(), IdlError> {
        let json: Json = serde_json::from_str(text).map_err(|e| {
            IdlError::new(
                Some(path),
                (e.line(), e.column()),
                format!("invalid JSON: {e}"),
            )
        })?;
        self.take_definitions(&json, None, path)
    }

    fn json_protocol(
        &mut self,
        text: &str,
        path: &Path,
        into_protocol: bool,
    ) -> Result<(), IdlError> {
        let protocol =
            Protocol::parse(text).map_err(|e| IdlError::new(Some(path), (0, 0), e.to_string()))?;
        let json = protocol.to_json();
        let namespace = protocol.namespace().map(str::to_owned);
        if let Some(Json::Array(types)) = json.get("types") {
            for ty in types {
                self.take_definitions(ty, namespace.as_deref(), path)?;
            }
        }
        if !into_protocol {
            return Ok(());
        }
        if let Some(Json::Object(messages)) = json.get("messages") {
            for (name, message) in messages {
                let mut message = message.clone();
                qualify_message(&mut message, namespace.as_deref(), &mut self.known);
                let origin = Origin {
                    file: Some(path.to_path_buf()),
                    at: (0, 0),
                };
                self.messages.insert(name.clone(), message, origin);
            }
        }
        Ok(())
    }

    fn take_definitions(
        &mut self,
        json: &Json,
        namespace: Option<&str>,
        path: &Path,
    ) -> Result<(), IdlError> {
        // `known` is shared, not copied per type: an imported protocol of
        // n types would cost n copies of every name known so far.
        let mut qualifier = Qualifier::taking_definitions(&mut self.known);
        qualifier.schema(json, namespace);
        for (fullname, definition) in qualifier.into_definitions() {
            let origin = Origin {
                file: Some(path.to_path_buf()),
                at: (0, 0),
            };
            self.add_type(fullname, definition, origin)?;
        }
        Ok(())
    }

    /// Resolves the IDL declarations' references, now that every name is known.
    fn resolve(&mut self) {
        for (namespace, index) in std::mem::take(&mut self.unresolved_types) {
            if let Some((_, json)) = self.types.get_mut(index) {
                // The definition states its namespace, so the enclosing one
                // passed here only matters for the null namespace.
                *json = Qualifier::new(&mut self.known).schema(json, namespace.as_deref());
            }
        }
        for (namespace, name) in std::mem::take(&mut self.unresolved_messages) {
            if let Some(json) = self.messages.get_mut(&name) {
                qualify_message(json, namespace.as_deref(), &mut self.known);
            }
        }
    }

    fn build(self, decls: FileDecls, file: Option<&Path>) -> Result<IdlFile, IdlError> {
        // Standalone schemas of the named types are not built here: each
        // inlines its whole closure, which may nest deeper than any reader
        // takes (or cost the square of the file) where the protocol or the
        // list of types, each type defined once, does not.
        let output = match decls.protocol {
            Some(protocol) => Output::Protocol(self.protocol(protocol, decls.namespace, file)?),
            None => {
                let types = self.check_types()?;
                match decls.main_schema {
                    Some((main, at)) => {
                        let main = Qualifier::new(&mut self.known.clone())
                            .schema(&main, decls.namespace.as_deref());
                        let mut inliner = Inliner::new(&self.types, MAX_JSON_DEPTH);
                        let json = inliner
                            .schema(&main)
                            .map_err(|e| IdlError::new(file, at, e))?;
                        let schema = SchemaParser::new().parse_json(&json).map_err(|e| {
                            IdlError::new(file, at, format!("in the main schema: {e}"))
                        })?;
                        Output::Schema(schema)
                    }
                    None => Output::Types(types),
                }
            }
        };
        Ok(IdlFile {
            output,
            definitions: Definitions {
                types: self.types,
                origins: self.origins,
            },
            imports: self.imports,
        })
    }

    /// Every named type checked by avrox's parser at once, as the branches
    /// of one union with each type defined at its first use: the work is
    /// the size of the types, whatever they share.
    fn check_types(&self) -> Result<Vec<Json>, IdlError> {
        let mut inliner = Inliner::new(&self.types, MAX_JSON_DEPTH);
        let mut branches = Vec::new();
        let mut names = Vec::new();
        for (name, _) in &self.types {
            if inliner.is_defined(name) {
                continue;
            }
            let json = inliner
                .schema(&Json::String(name.clone()))
                .map_err(|e| origin_error(self.origins.get(name), e))?;
            branches.push(json);
            names.push(name);
        }
        if branches.is_empty() {
            return Ok(Vec::new());
        }
        let union = Json::Array(branches);
        let schema = SchemaParser::new().parse_json(&union).map_err(|e| {
            let error = e.to_string();
            // `[2].fields[0].type: ...` is the error of the third type.
            let located = error
                .strip_prefix('[')
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(index, rest)| Some((index.parse::<usize>().ok()?, rest)));
            match located {
                Some((index, rest)) => {
                    let name = names.get(index).map_or("", |n| n.as_str());
                    let rest = rest.strip_prefix('.').unwrap_or(rest);
                    let json = union.get(index).unwrap_or(&Json::Null);
                    origin_error(self.origins.get(name), schema_message(name, rest, json))
                }
                None => IdlError::new(None, (0, 0), error),
            }
        })?;
        // Printed as avrox prints schemas, then each branch as a document.
        let mut defined = HashSet::new();
        let mut printer = Relativizer::new(&mut defined);
        Ok(match schema.to_json() {
            Json::Array(branches) => branches
                .iter()
                .map(|branch| printer.schema(branch, None, None))
                .collect(),
            other => vec![other],
        })
    }

    fn protocol(
        &self,
        decl: ProtocolDecl,
        namespace: Option<String>,
        file: Option<&Path>,
    ) -> Result<Protocol, IdlError> {
        let mut inliner = Inliner::new(&self.types, MAX_JSON_DEPTH);
        let mut types = Vec::new();
        for (name, _) in &self.types {
            if inliner.is_defined(name) {
                continue;
            }
            let json = inliner.schema(&Json::String(name.clone())).map_err(|e| {
                let origin = self.origins.get(name);
                IdlError::new(
                    origin.and_then(|o| o.file.as_deref()),
                    origin.map_or((0, 0), |o| o.at),
                    e,
                )
            })?;
            types.push(json);
        }
        let messages = self.messages.messages.clone();
        let mut out = Map::new();
        out.insert("protocol".into(), decl.name.into());
        if let Some(ns) = namespace {
            out.insert("namespace".into(), ns.into());
        }
        if let Some(doc) = decl.doc {
            out.insert("doc".into(), doc.into());
        }
        out.extend(decl.properties);
        out.insert("types".into(), Json::Array(types.clone()));
        out.insert("messages".into(), Json::Object(messages));
        Protocol::parse_json(&Json::Object(out)).map_err(|e| self.locate_error(&e, &types, file))
    }

    /// A protocol error placed at the declaration its path leads to.
    fn locate_error(
        &self,
        error: &avrox_protocol::ProtocolError,
        types: &[Json],
        file: Option<&Path>,
    ) -> IdlError {
        let path = error.path();
        let mut message = error.to_string();
        let origin = if let Some(rest) = path.strip_prefix("types[") {
            rest.split(']')
                .next()
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| types.get(i))
                .and_then(|ty| {
                    let name = ty.get("name")?.as_str()?;
                    let ns = ty.get("namespace").and_then(Json::as_str).unwrap_or("");
                    let full = if ns.is_empty() {
                        name.to_owned()
                    } else {
                        format!("{ns}.{name}")
                    };
                    // As a standalone schema's error reads: the field named.
                    let inner = rest.split_once("].").map_or("", |(_, inner)| inner);
                    let inner = if inner.is_empty() {
                        error.message().to_owned()
                    } else {
                        format!("{inner}: {}", error.message())
                    };
                    message = schema_message(&full, &inner, ty);
                    self.origins.get(&full)
                })
        } else if let Some(rest) = path.strip_prefix("messages.") {
            let name = rest.split(['.', '[']).next().unwrap_or_default();
            self.messages.origins.get(name)
        } else {
            None
        };
        match origin {
            Some(o) => IdlError::new(o.file.as_deref(), o.at, message),
            None => IdlError::new(file, (0, 0), message),
        }
    }
}

/// The references of a message's parameters, response and errors as fullnames.
fn qualify_message(message: &mut Json, namespace: Option<&str>, known: &mut HashSet<String>) {
    let Json::Object(object) = message else {
        return;
    };
    if let Some(Json::Array(params)) = object.get_mut("request") {
        for param in params {
            if let Json::Object(param) = param
                && let Some(ty) = param.get("type")
            {
                let ty = Qualifier::new(known).schema(ty, namespace);
                param.insert("type".into(), ty);
            }
        }
    }
    for key in ["response", "errors"] {
        if let Some(json) = object.get(key) {
            let json = Qualifier::new(known).schema(json, namespace);
            object.insert(key.into(), json);
        }
    }
}

fn describe_origin(origin: &Origin) -> String {
    match (&origin.file, origin.at) {
        (Some(file), (0, 0)) => format!(" (first in {})", file.display()),
        (Some(file), (line, column)) => format!(" (first at {}:{line}:{column})", file.display()),
        (None, (line, column)) => format!(" (first at {line}:{column})"),
    }
}

/// A schema error in a named type, with the type named: the field whose
/// type is unknown, when that is the error.
fn schema_message(name: &str, error: &str, json: &Json) -> String {
    // `fields[2].type: unknown type 'X'` reads better with the field's name.
    if let Some(rest) = error.strip_prefix("fields[")
        && let Some((index, tail)) = rest.split_once(']')
        && let Ok(index) = index.parse::<usize>()
        && let Some(field) = json
            .get("fields")
            .and_then(|f| f.get(index))
            .and_then(|f| f.get("name"))
            .and_then(Json::as_str)
    {
        let rest = tail
            .strip_prefix(".type: ")
            .or_else(|| tail.strip_prefix('.'))
            .unwrap_or(tail);
        return format!("field '{field}' of '{name}': {rest}");
    }
    format!("in type '{name}': {error}")
}

fn origin_error(origin: Option<&Origin>, message: String) -> IdlError {
    match origin {
        Some(o) => IdlError::new(o.file.as_deref(), o.at, message),
        None => IdlError::new(None, (0, 0), message),
    }
}

impl Definitions {
    /// Each named type as a schema of its own, the types it uses inside it.
    ///
    /// Types that share a large type each hold a copy of it, so the nodes
    /// of all are budgeted in proportion to the definitions' size, as a
    /// protocol's are.
    pub(crate) fn standalone(&self) -> Result<Vec<Schema>, IdlError> {
        let size: usize = self.types.iter().map(|(_, json)| json_values(json)).sum();
        let limit =
            MIN_STANDALONE_NODES.saturating_add(size.saturating_mul(STANDALONE_NODES_PER_VALUE));
        let mut used = 0usize;
        let mut inliner = Inliner::new(&self.types, MAX_JSON_DEPTH);
        self.types
            .iter()
            .map(|(name, _)| {
                inliner.reset();
                let origin = self.origins.get(name);
                let json = inliner
                    .schema(&Json::String(name.clone()))
                    .map_err(|e| origin_error(origin, e))?;
                used = used.saturating_add(json_values(&json));
                if used > limit {
                    return Err(origin_error(
                        origin,
                        format!(
                            "the types' standalone schemas so far hold {used} JSON values, each with the types it uses \
                             copied inside it; the limit for types of this size is {limit}: too many types use large types"
                        ),
                    ));
                }
                SchemaParser::new()
                    .parse_json(&json)
                    .map_err(|e| origin_error(origin, schema_message(name, &e.to_string(), &json)))
            })
            .collect()
    }
}
