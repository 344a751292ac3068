//! Apache Avro protocols for avrox.
//!
//! A protocol (a `.avpr` file) declares named types and the messages of an
//! RPC interface. [`Protocol::parse`] reads one with every rule of the
//! specification checked and errors that say where (`messages.send.errors[0]:
//! unknown error type 'Kaboom' (did you mean 'org.acme.KaBoom'?)`);
//! [`Protocol::to_json`] prints it back; [`Protocol::md5`] is the hash the
//! RPC handshake exchanges. Each [`Message`]'s request, response and error
//! union are avrox [`Schema`](avrox::Schema)s, so data is encoded, decoded
//! and resolved with avrox itself.
//!
//! ```
//! use avrox_protocol::Protocol;
//!
//! let protocol = Protocol::parse(r#"{
//!     "protocol": "Mail", "namespace": "org.acme",
//!     "types": [{"type": "record", "name": "Message", "fields": [
//!         {"name": "to", "type": "string"}, {"name": "body", "type": "string"}]}],
//!     "messages": {
//!         "send": {"request": [{"name": "message", "type": "Message"}], "response": "string"}
//!     }
//! }"#)?;
//! let send = protocol.message("send").unwrap();
//! assert_eq!(send.request().root().name().unwrap().fullname(), "org.acme.send");
//! assert_eq!(send.errors().canonical_form(), r#"["string"]"#);
//!
//! let error = Protocol::parse(r#"{"protocol": "P", "messages": {"m": {"request": [], "respons": "int"}}}"#)
//!     .unwrap_err();
//! assert_eq!(error.to_string(), "messages.m: missing 'response' (did you mean 'respons'?)");
//! # Ok::<(), avrox_protocol::ProtocolError>(())
//! ```

mod duplicates;
mod error;
mod model;
mod parse;
mod print;
pub mod schema_json;

pub use error::ProtocolError;
pub use model::{Message, Protocol};

impl Protocol {
    /// Parses a protocol from its JSON text.
    ///
    /// Each type and message becomes a schema with the types it uses inside
    /// it, so types that share a large type hold copies of it: past a budget
    /// of schema nodes in proportion to the document (many times what
    /// ordinary protocols use), parsing is an error rather than a cost
    /// without bound.
    pub fn parse(text: &str) -> Result<Protocol, ProtocolError> {
        parse::parse_text(text)
    }

    /// Parses a protocol from a JSON value.
    pub fn parse_json(json: &serde_json::Value) -> Result<Protocol, ProtocolError> {
        parse::parse_json(json)
    }
}

impl std::str::FromStr for Protocol {
    type Err = ProtocolError;

    fn from_str(text: &str) -> Result<Protocol, ProtocolError> {
        Protocol::parse(text)
    }
}

/// The candidate closest to `wanted` by edit distance, when it is close
/// enough to be a likely typo.
pub(crate) fn suggest<'a>(
    candidates: impl Iterator<Item = &'a str>,
    wanted: &str,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .filter(|c| *c != wanted)
        .map(|c| (distance(c, wanted), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance; only ever run on names, which are short.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            let (Some(&up), Some(&left)) = (row.get(j + 1), row.get(j)) else {
                break;
            };
            previous = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = substitute.min(up + 1).min(left + 1);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}
