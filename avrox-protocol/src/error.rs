//! The error of an invalid protocol.

use std::fmt;

/// Why a protocol is invalid, and where in its JSON.
///
/// The path uses the protocol document's own keys and indexes
/// (`messages.send.request[0].type`), as [`avrox::SchemaError`] does for
/// schemas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolError {
    path: String,
    message: String,
}

impl ProtocolError {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> ProtocolError {
        ProtocolError {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A schema error found inside the protocol at `prefix`: its path is
    /// continued from there.
    pub(crate) fn from_schema(prefix: &str, error: &avrox::SchemaError) -> ProtocolError {
        let path = match error.path() {
            "" => prefix.to_owned(),
            rest if rest.starts_with('[') => format!("{prefix}{rest}"),
            rest => format!("{prefix}.{rest}"),
        };
        ProtocolError::new(path, error.message())
    }

    /// Where the error is, as a path into the protocol's JSON; empty for the
    /// top level.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ProtocolError {}
