//! Protocol JSON to the protocol model, every rule of the specification
//! checked and each error placed at its path in the JSON.

use std::collections::{HashMap, HashSet};

use avrox::Schema;
use avrox::schema::{Name, Parser, Type};
use indexmap::IndexMap;
use serde_json::{Map, Value as Json};

use crate::model::{Message, Protocol};
use crate::schema_json::{Inliner, Qualifier, definition_fullname};
use crate::{ProtocolError, suggest};

/// The attributes the specification gives a protocol.
const PROTOCOL_KEYS: [&str; 5] = ["protocol", "namespace", "doc", "types", "messages"];
/// The attributes the specification gives a message.
const MESSAGE_KEYS: [&str; 5] = ["doc", "request", "response", "errors", "one-way"];

type Result<T> = std::result::Result<T, ProtocolError>;

/// Schema nodes every protocol may hold, whatever its size.
const MIN_NODE_BUDGET: usize = 1 << 17;
/// Schema nodes a protocol may hold per JSON value of its document.
const NODES_PER_JSON_VALUE: usize = 16;

/// The schema nodes a protocol's types and messages may hold in all.
///
/// Each type and message is a schema of its own, with a copy of every type
/// it uses inside it, so `n` types that each use one type of `n` fields hold
/// `n * n` nodes: a budget in proportion to the document keeps a small
/// hostile document from costing without bound, far above what types that
/// share ordinary amounts ever need.
struct NodeBudget {
    used: usize,
    limit: usize,
}

impl NodeBudget {
    fn for_document(json: &Json) -> NodeBudget {
        NodeBudget {
            used: 0,
            limit: MIN_NODE_BUDGET
                .saturating_add(json_values(json).saturating_mul(NODES_PER_JSON_VALUE)),
        }
    }

    fn spend(&mut self, schema: &Schema, path: &str) -> Result<()> {
        self.used = self.used.saturating_add(schema.nodes().len());
        if self.used > self.limit {
            return Err(ProtocolError::new(
                path,
                format!(
                    "the types and messages so far hold {} schema nodes, each with the types it uses copied inside it; \
                     the limit for a protocol of this size is {}: too many types or messages use large types",
                    self.used, self.limit
                ),
            ));
        }
        Ok(())
    }
}

/// How many JSON values `json` holds, itself included (no recursion: a
/// document built in memory may nest without bound).
fn json_values(json: &Json) -> usize {
    let mut count = 0;
    let mut stack = vec![json];
    while let Some(value) = stack.pop() {
        count += 1;
        match value {
            Json::Array(items) => stack.extend(items),
            Json::Object(object) => stack.extend(object.values()),
            _ => {}
        }
    }
    count
}

pub(crate) fn parse_text(text: &str) -> Result<Protocol> {
    let json: Json = serde_json::from_str(text)
        .map_err(|e| ProtocolError::new("", format!("invalid JSON: {e}")))?;
    if let Some(name) = crate::duplicates::duplicate_message(text) {
        return Err(ProtocolError::new(
            format!("messages.{name}"),
            format!("message '{name}' is declared twice (no two messages may have the same name)"),
        ));
    }
    parse_json(&json)
}

pub(crate) fn parse_json(json: &Json) -> Result<Protocol> {
    let Json::Object(object) = json else {
        return Err(ProtocolError::new(
            "",
            format!("a protocol is a JSON object, found {}", kind(json)),
        ));
    };
    let namespace = optional_string(object, "namespace", "")?;
    let name = match object.get("protocol") {
        Some(Json::String(name)) => {
            let full = definition_fullname(name, namespace, None);
            Name::new(&full).map_err(|e| ProtocolError::new("protocol", e))?
        }
        Some(other) => {
            return Err(ProtocolError::new(
                "protocol",
                format!("the protocol's name is a string, found {}", kind(other)),
            ));
        }
        None => {
            let mut message = "missing the protocol's name, attribute 'protocol'".to_owned();
            if let Some(close) = suggest(object.keys().map(String::as_str), "protocol") {
                message.push_str(&format!(" (did you mean '{close}'?)"));
            }
            return Err(ProtocolError::new("", message));
        }
    };
    let doc = optional_string(object, "doc", "")?.map(str::to_owned);
    let properties = others(object, &PROTOCOL_KEYS);

    let mut parser = Parser::new();
    let mut known = HashSet::new();
    let mut budget = NodeBudget::for_document(json);
    let types = parse_types(
        object.get("types"),
        name.namespace(),
        &mut parser,
        &mut known,
        &mut budget,
    )?;
    let (types, messages) = match object.get("messages") {
        None | Some(Json::Null) => (types, IndexMap::new()),
        Some(Json::Object(messages)) => {
            let mut parsed = IndexMap::with_capacity(messages.len());
            let mut hoisted = HashMap::new();
            let mut types = types;
            for (key, value) in messages {
                let before = types.len();
                let value = hoist_definitions(
                    key,
                    value,
                    name.namespace(),
                    &mut parser,
                    &mut known,
                    &mut hoisted,
                    &mut types,
                )?;
                for schema in types.get(before..).unwrap_or_default() {
                    budget.spend(schema, &format!("messages.{key}"))?;
                }
                let message =
                    parse_message(key, &value, name.namespace(), &mut parser, &mut known)?;
                let path = format!("messages.{key}");
                for schema in [&message.request, &message.response, &message.errors] {
                    budget.spend(schema, &path)?;
                }
                parsed.insert(key.clone(), message);
            }
            (types, parsed)
        }
        Some(other) => {
            return Err(ProtocolError::new(
                "messages",
                format!(
                    "'messages' is an object of messages by name, found {}",
                    kind(other)
                ),
            ));
        }
    };
    Ok(Protocol {
        name,
        doc,
        properties,
        types,
        messages,
    })
}

fn parse_types(
    json: Option<&Json>,
    namespace: Option<&str>,
    parser: &mut Parser,
    known: &mut HashSet<String>,
    budget: &mut NodeBudget,
) -> Result<Vec<Schema>> {
    let items = match json {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Array(items)) => items,
        Some(other) => {
            return Err(ProtocolError::new(
                "types",
                format!("'types' is a list of named types, found {}", kind(other)),
            ));
        }
    };
    let mut types = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("types[{i}]");
        let is_named = item
            .get("type")
            .and_then(Json::as_str)
            .is_some_and(|t| matches!(t, "record" | "error" | "enum" | "fixed"));
        if !is_named {
            return Err(ProtocolError::new(
                path,
                format!(
                    "a protocol's types are definitions of named types (record, error, enum, fixed), found {}",
                    describe(item)
                ),
            ));
        }
        // The specification does not permit forward references: each type
        // sees the ones before it.
        let qualified = Qualifier::new(known).schema(item, namespace);
        let schema = parser
            .parse_json(&qualified)
            .map_err(|e| ProtocolError::from_schema(&path, &e))?;
        budget.spend(&schema, &path)?;
        known.extend(
            schema
                .named_types()
                .map(|(name, _)| name.fullname().to_owned()),
        );
        types.push(schema);
    }
    Ok(types)
}

/// A message with the named types its request and response define taken
/// out into the protocol's types, as Java does: later messages may use
/// them, and they print under `types`. A type defined again the same way is
/// a reference to the first; defined differently, an error.
fn hoist_definitions(
    name: &str,
    json: &Json,
    namespace: Option<&str>,
    parser: &mut Parser,
    known: &mut HashSet<String>,
    hoisted: &mut HashMap<String, (String, Json)>,
    types: &mut Vec<Schema>,
) -> Result<Json> {
    let path = format!("messages.{name}");
    let Json::Object(object) = json else {
        return Ok(json.clone());
    };
    let mut out = object.clone();
    let mut definitions = Vec::new();
    let mut take = |ty: &Json, known: &mut HashSet<String>| {
        let mut qualifier = Qualifier::taking_definitions(known);
        let ty = qualifier.schema(ty, namespace);
        definitions.extend(qualifier.into_definitions());
        ty
    };
    if let Some(Json::Array(params)) = out.get_mut("request") {
        for param in params {
            if let Json::Object(param) = param
                && let Some(ty) = param.get("type")
            {
                let ty = take(ty, known);
                param.insert("type".into(), ty);
            }
        }
    }
    if let Some(response) = out.get("response") {
        let response = take(response, known);
        out.insert("response".into(), response);
    }
    let mut new = Vec::new();
    for (fullname, definition) in definitions {
        match hoisted.get(&fullname) {
            Some((_, first)) if *first == definition => {}
            Some((first_message, _)) => {
                return Err(ProtocolError::new(
                    path,
                    format!(
                        "type '{fullname}' is defined inline in message '{first_message}' and differently here"
                    ),
                ));
            }
            None => {
                hoisted.insert(fullname.clone(), (name.to_owned(), definition.clone()));
                new.push((fullname, definition));
            }
        }
    }
    // Each definition put back together with those it defined inside it.
    // The definitions come from the document, so nest no deeper than it.
    let mut inliner = Inliner::new(&new, usize::MAX);
    for (fullname, _) in &new {
        if inliner.is_defined(fullname) {
            continue;
        }
        let json = inliner
            .schema(&Json::String(fullname.clone()))
            .map_err(|e| ProtocolError::new(&path, e))?;
        let schema = parser.parse_json(&json).map_err(|e| {
            ProtocolError::new(&path, format!("in type '{fullname}' defined here: {e}"))
        })?;
        types.push(schema);
    }
    Ok(Json::Object(out))
}

fn parse_message(
    name: &str,
    json: &Json,
    namespace: Option<&str>,
    parser: &mut Parser,
    known: &mut HashSet<String>,
) -> Result<Message> {
    let path = format!("messages.{name}");
    let Json::Object(object) = json else {
        return Err(ProtocolError::new(
            path,
            format!("a message is a JSON object, found {}", kind(json)),
        ));
    };
    Name::with_namespace(name, None)
        .map_err(|e| ProtocolError::new(&path, format!("invalid message name: {e}")))?;
    let doc = optional_string(object, "doc", &path)?.map(str::to_owned);
    let properties = others(object, &MESSAGE_KEYS);

    let request = match object.get("request") {
        Some(Json::Array(params)) => {
            let fields: Vec<Json> = params
                .iter()
                .map(|param| match param {
                    Json::Object(param) => {
                        let mut param = param.clone();
                        if let Some(ty) = param.get("type") {
                            let ty = Qualifier::new(known).schema(ty, namespace);
                            param.insert("type".into(), ty);
                        }
                        Json::Object(param)
                    }
                    other => other.clone(),
                })
                .collect();
            // Named after the message, unless a type has that fullname.
            let mut record_name = name.to_owned();
            while crate::schema_json::is_primitive(&record_name)
                || known.contains(&definition_fullname(&record_name, namespace, None))
            {
                record_name.push('_');
            }
            let record = serde_json::json!({
                "type": "record",
                "name": record_name,
                "namespace": namespace.unwrap_or(""),
                "fields": fields,
            });
            parser.parse_json_transient(&record).map_err(|e| {
                let error = ProtocolError::from_schema(&format!("{path}.request"), &e);
                // The record's fields are the request's parameters.
                let fixed = error.path().replacen(".request.fields", ".request", 1);
                ProtocolError::new(fixed, error.message())
            })?
        }
        Some(other) => {
            return Err(ProtocolError::new(
                format!("{path}.request"),
                format!("a request is a list of parameters, found {}", kind(other)),
            ));
        }
        None => return Err(missing(object, &path, "request")),
    };
    let response_json = object
        .get("response")
        .ok_or_else(|| missing(object, &path, "response"))?;
    let qualified = Qualifier::new(known).schema(response_json, namespace);
    let response = parser
        .parse_json_transient(&qualified)
        .map_err(|e| ProtocolError::from_schema(&format!("{path}.response"), &e))?;

    let declared: &[Json] = match object.get("errors") {
        None | Some(Json::Null) => &[],
        Some(Json::Array(declared)) => declared,
        Some(other) => {
            return Err(ProtocolError::new(
                format!("{path}.errors"),
                format!(
                    "'errors' is a list of error type names, found {}",
                    kind(other)
                ),
            ));
        }
    };
    let mut branches = vec![Json::from("string")];
    for (i, error) in declared.iter().enumerate() {
        let at = format!("{path}.errors[{i}]");
        let Json::String(error_name) = error else {
            return Err(ProtocolError::new(
                at,
                format!(
                    "an error is named by its type's name, found {}",
                    kind(error)
                ),
            ));
        };
        let full = match Qualifier::new(known).schema(error, namespace) {
            Json::String(full) => full,
            _ => error_name.clone(),
        };
        if !known.contains(&full) {
            let mut message = format!("unknown error type '{error_name}'");
            if let Some(close) = suggest(known.iter().map(String::as_str), &full) {
                message.push_str(&format!(" (did you mean '{close}'?)"));
            }
            return Err(ProtocolError::new(at, message));
        }
        branches.push(Json::String(full));
    }
    let errors = parser
        .parse_json_transient(&Json::Array(branches))
        .map_err(|e| {
            // The effective union's branch i+1 is the declared error i.
            let message = e.message().to_owned();
            ProtocolError::new(format!("{path}.errors"), message)
        })?;
    for (i, &branch) in union_branches(&errors).iter().enumerate().skip(1) {
        let node = errors.node(branch);
        if !matches!(node.ty(), Type::Record(record) if record.is_error) {
            return Err(ProtocolError::new(
                format!("{path}.errors[{}]", i - 1),
                format!(
                    "'{}' is not an error type: errors are declared with \"type\": \"error\"",
                    node.name().map_or("?", |n| n.fullname())
                ),
            ));
        }
    }

    let one_way = match object.get("one-way") {
        None | Some(Json::Null) => false,
        Some(Json::Bool(one_way)) => *one_way,
        Some(other) => {
            return Err(ProtocolError::new(
                format!("{path}.one-way"),
                format!("'one-way' is true or false, found {}", kind(other)),
            ));
        }
    };
    if one_way {
        if !matches!(response.root().ty(), Type::Null) {
            return Err(ProtocolError::new(
                format!("{path}.response"),
                "a one-way message has the response \"null\"",
            ));
        }
        if !declared.is_empty() {
            return Err(ProtocolError::new(
                format!("{path}.errors"),
                "a one-way message declares no errors",
            ));
        }
    }
    Ok(Message {
        name: name.to_owned(),
        doc,
        properties,
        request,
        response,
        errors,
        declared_errors: declared.len(),
        one_way,
    })
}

fn union_branches(schema: &Schema) -> Vec<avrox::schema::NodeId> {
    match schema.root().ty() {
        Type::Union(union) => union.variants.clone(),
        _ => Vec::new(),
    }
}

fn optional_string<'j>(
    object: &'j Map<String, Json>,
    key: &str,
    path: &str,
) -> Result<Option<&'j str>> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(other) => Err(ProtocolError::new(
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            },
            format!("'{key}' is a string, found {}", kind(other)),
        )),
    }
}

fn missing(object: &Map<String, Json>, path: &str, key: &str) -> ProtocolError {
    let mut message = format!("missing '{key}'");
    let others = object
        .keys()
        .map(String::as_str)
        .filter(|k| !MESSAGE_KEYS.contains(k));
    if let Some(close) = suggest(others, key) {
        message.push_str(&format!(" (did you mean '{close}'?)"));
    }
    ProtocolError::new(path, message)
}

fn others(object: &Map<String, Json>, defined: &[&str]) -> Map<String, Json> {
    object
        .iter()
        .filter(|(key, _)| !defined.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

fn kind(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn describe(json: &Json) -> String {
    match json {
        Json::String(s) => format!("the reference '{s}'"),
        Json::Object(o) => match o.get("type") {
            Some(Json::String(t)) => format!("a schema of type '{t}'"),
            _ => "an object without a named type".to_owned(),
        },
        other => kind(other).to_owned(),
    }
}
