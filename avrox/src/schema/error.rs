//! The error of an invalid schema.

use std::fmt;

/// Why a schema is invalid, and where in its JSON.
///
/// The path uses the JSON document's own keys and indexes, so the message
/// points at the place to fix: `fields[2].type: unknown type 'Adress' (did
/// you mean 'Address'?)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    path: String,
    message: String,
    /// The type name that could not be resolved, when that is the error:
    /// parsing a list of schemas retries such a schema after the others.
    pub(crate) unresolved: Option<String>,
}

impl SchemaError {
    pub(crate) fn new(path: String, message: impl Into<String>) -> SchemaError {
        SchemaError {
            path,
            message: message.into(),
            unresolved: None,
        }
    }

    pub(crate) fn unresolved(path: String, message: String, name: String) -> SchemaError {
        SchemaError {
            path,
            message,
            unresolved: Some(name),
        }
    }

    pub(crate) fn prefixed(mut self, prefix: &str) -> SchemaError {
        self.path = if self.path.is_empty() {
            prefix.to_owned()
        } else if self.path.starts_with('[') {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }

    /// Where the error is, as a path into the schema's JSON (`fields[2].type`);
    /// empty for the top level.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for SchemaError {}
