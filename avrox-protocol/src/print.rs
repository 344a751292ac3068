//! The protocol model back to JSON: each named type defined once, where it
//! is first used, every attribute and property kept.

use std::collections::HashSet;
use std::fmt;

use serde_json::{Map, Value as Json};

use crate::model::{Message, Protocol};
use crate::schema_json::{Relativizer, namespace_of};

impl Protocol {
    /// The protocol as JSON: `protocol`, `namespace`, `doc`, its
    /// properties, `types` and `messages`, in that order. Parsing it gives
    /// back an equal protocol.
    ///
    /// ```
    /// use avrox_protocol::Protocol;
    ///
    /// let text = r#"{"protocol": "Ping", "namespace": "x", "version": "2",
    ///     "messages": {"ping": {"request": [], "response": "null", "one-way": true}}}"#;
    /// let protocol = Protocol::parse(text)?;
    /// let json = protocol.to_json();
    /// assert_eq!(json["version"], "2");
    /// assert_eq!(json["messages"]["ping"]["one-way"], true);
    /// assert_eq!(Protocol::parse_json(&json)?.to_json(), json);
    /// # Ok::<(), avrox_protocol::ProtocolError>(())
    /// ```
    pub fn to_json(&self) -> Json {
        let namespace = self.namespace();
        let mut out = Map::new();
        out.insert("protocol".into(), self.name.name().into());
        if let Some(ns) = namespace {
            out.insert("namespace".into(), ns.into());
        }
        if let Some(doc) = &self.doc {
            out.insert("doc".into(), doc.clone().into());
        }
        out.extend(self.properties.iter().map(|(k, v)| (k.clone(), v.clone())));
        let mut defined = HashSet::new();
        let mut printer = Relativizer::new(&mut defined);
        let types = self
            .types
            .iter()
            .map(|schema| printer.schema(&schema.to_json(), None, namespace))
            // A type already defined inside an earlier one is not repeated.
            .filter(Json::is_object)
            .collect();
        out.insert("types".into(), Json::Array(types));
        let messages = self
            .messages
            .iter()
            .map(|(name, message)| (name.clone(), message_json(message, namespace, &defined)))
            .collect();
        out.insert("messages".into(), Json::Object(messages));
        Json::Object(out)
    }
}

/// A message as JSON. The types a message's parts defined are the
/// protocol's (printed under `types`); anything a part still defines for
/// itself alone is printed inline in it.
fn message_json(message: &Message, namespace: Option<&str>, types: &HashSet<String>) -> Json {
    let mut out = Map::new();
    if let Some(doc) = &message.doc {
        out.insert("doc".into(), doc.clone().into());
    }
    out.extend(
        message
            .properties
            .iter()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let request = message.request.to_json();
    let request_ns = message
        .request
        .root()
        .name()
        .and_then(|name| namespace_of(name.fullname()));
    let mut local = HashSet::new();
    let mut printer = Relativizer::over(types, &mut local);
    let params = match request.get("fields") {
        Some(Json::Array(fields)) => fields
            .iter()
            .map(|field| match field {
                Json::Object(field) => {
                    let mut field = field.clone();
                    if let Some(ty) = field.get("type") {
                        let ty = printer.schema(ty, request_ns, namespace);
                        field.insert("type".into(), ty);
                    }
                    Json::Object(field)
                }
                other => other.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    out.insert("request".into(), Json::Array(params));
    let mut local = HashSet::new();
    let response =
        Relativizer::over(types, &mut local).schema(&message.response.to_json(), None, namespace);
    out.insert("response".into(), response);
    if message.declared_errors > 0
        && let Json::Array(branches) = message.errors.to_json()
    {
        let mut local = HashSet::new();
        let mut printer = Relativizer::over(types, &mut local);
        let declared = branches
            .iter()
            .skip(1)
            .map(|branch| printer.schema(branch, None, namespace))
            .collect();
        out.insert("errors".into(), Json::Array(declared));
    }
    if message.one_way {
        out.insert("one-way".into(), true.into());
    }
    Json::Object(out)
}

/// The protocol as compact JSON, [`Protocol::to_json`] printed: the text
/// whose MD5 is [`Protocol::md5`].
impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json().to_string())
    }
}
