//! The protocol model: a protocol's names, types and messages.

use avrox::Schema;
use avrox::schema::{Md5Fingerprint, Name};
use indexmap::IndexMap;
use serde_json::{Map, Value as Json};

/// An Avro protocol: named types and the messages of an RPC interface.
///
/// Parsed from a `.avpr` document with [`Protocol::parse`] (or read from
/// Avro IDL by `avrox-idl`); every rule of the specification is checked on
/// the way in, so a `Protocol` is always valid. Each message's request,
/// response and errors are avrox [`Schema`]s, with the protocol's named
/// types in them, ready to encode, decode and resolve.
///
/// ```
/// use avrox_protocol::Protocol;
///
/// let protocol = Protocol::parse(r#"{
///     "protocol": "HelloWorld", "namespace": "com.acme",
///     "types": [
///         {"type": "record", "name": "Greeting", "fields": [{"name": "message", "type": "string"}]},
///         {"type": "error", "name": "Curse", "fields": [{"name": "message", "type": "string"}]}
///     ],
///     "messages": {
///         "hello": {
///             "request": [{"name": "greeting", "type": "Greeting"}],
///             "response": "Greeting",
///             "errors": ["Curse"]
///         }
///     }
/// }"#)?;
/// let hello = protocol.message("hello").unwrap();
/// assert_eq!(hello.response().canonical_form(),
///     r#"{"name":"com.acme.Greeting","type":"record","fields":[{"name":"message","type":"string"}]}"#);
/// // The handshake's hash of this protocol.
/// let md5 = protocol.md5();
/// assert_eq!(md5.as_bytes().len(), 16);
/// # Ok::<(), avrox_protocol::ProtocolError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Protocol {
    pub(crate) name: Name,
    pub(crate) doc: Option<String>,
    pub(crate) properties: Map<String, Json>,
    pub(crate) types: Vec<Schema>,
    pub(crate) messages: IndexMap<String, Message>,
}

/// One message of a protocol: its request parameters, response, declared
/// errors, and whether it is one-way.
#[derive(Clone, Debug)]
pub struct Message {
    pub(crate) name: String,
    pub(crate) doc: Option<String>,
    pub(crate) properties: Map<String, Json>,
    pub(crate) request: Schema,
    pub(crate) response: Schema,
    pub(crate) errors: Schema,
    pub(crate) declared_errors: usize,
    pub(crate) one_way: bool,
}

impl Protocol {
    /// The protocol's fullname (its namespace and simple name).
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The protocol's namespace, the enclosing namespace of its types.
    pub fn namespace(&self) -> Option<&str> {
        self.name.namespace()
    }

    /// The protocol's documentation.
    pub fn doc(&self) -> Option<&str> {
        self.doc.as_deref()
    }

    /// The protocol's own attributes other than those the specification
    /// defines (`version`, `javaAnnotation`, ...), in the order written.
    pub fn properties(&self) -> &Map<String, Json> {
        &self.properties
    }

    /// The named types the protocol declares, in order, each as a schema
    /// rooted at that type (with the other types it uses inside it); then
    /// those its messages define inline, which later messages may use, as
    /// in Java.
    pub fn types(&self) -> &[Schema] {
        &self.types
    }

    /// The messages, in the order they were declared.
    pub fn messages(&self) -> impl ExactSizeIterator<Item = &Message> {
        self.messages.values()
    }

    /// The message called `name`.
    pub fn message(&self, name: &str) -> Option<&Message> {
        self.messages.get(name)
    }

    /// The MD5 hash of this protocol's JSON text as [`Display`](std::fmt::Display)
    /// prints it: the hash the RPC handshake exchanges, sent with that text.
    ///
    /// A peer's protocol received as text is hashed as received
    /// ([`Md5Fingerprint::of`] its bytes), not re-printed: other
    /// implementations print protocols differently.
    pub fn md5(&self) -> Md5Fingerprint {
        Md5Fingerprint::of(self.to_string().as_bytes())
    }
}

impl Message {
    /// The message's name, its key in the protocol's `messages`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The message's documentation.
    pub fn doc(&self) -> Option<&str> {
        self.doc.as_deref()
    }

    /// The message's attributes other than those the specification defines.
    pub fn properties(&self) -> &Map<String, Json> {
        &self.properties
    }

    /// The request parameters as a record schema: one field per parameter,
    /// resolved between caller and responder like any record.
    ///
    /// The record is named after the message, in the protocol's namespace
    /// (with `_` appended while that is a primitive's name or a type of the
    /// protocol has that fullname).
    pub fn request(&self) -> &Schema {
        &self.request
    }

    /// The response schema (`"null"` for `void` and one-way messages).
    pub fn response(&self) -> &Schema {
        &self.response
    }

    /// The effective error union, as errors are sent: `"string"` (for
    /// undeclared system errors) first, then the declared error types.
    pub fn errors(&self) -> &Schema {
        &self.errors
    }

    /// How many error types the message declares (the effective union's
    /// branches after `"string"`).
    pub fn declared_errors(&self) -> usize {
        self.declared_errors
    }

    /// Whether the message is one-way: no response is sent.
    pub fn is_one_way(&self) -> bool {
        self.one_way
    }
}
