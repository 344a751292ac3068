//! What can go wrong between a schema file and its Rust source.

use std::fmt;
use std::path::PathBuf;

/// Why code could not be generated.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A schema file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A schema file is not a valid schema.
    Schema {
        /// The file, when the schema came from one.
        path: Option<PathBuf>,
        /// The parser's error, with its JSON path.
        source: avrox::schema::SchemaError,
    },
    /// A protocol file (`.avpr`) is not a valid protocol.
    Protocol {
        /// The file.
        path: PathBuf,
        /// The protocol parser's error, with its JSON path (or the line
        /// and column of invalid JSON).
        source: avrox_protocol::ProtocolError,
    },
    /// An IDL file (`.avdl`), or a file it imports, cannot be read; the
    /// error names the file, line and column.
    Idl(avrox_idl::IdlError),
    /// Two Avro types would become one Rust type (in one module, or at the
    /// top level with [`Layout::Flat`](crate::Layout::Flat)).
    Clash {
        /// The Rust path both would have.
        rust: String,
        /// The first Avro type.
        first: String,
        /// The second Avro type.
        second: String,
    },
    /// A field's default cannot be written in the field's Rust type (a
    /// timestamp past what `chrono` or `time` hold, a decimal past
    /// `rust_decimal`'s 96 bits): leaving it out would change how data
    /// without the field is read.
    Default {
        /// The field: its record's fullname, a dot, its Avro name.
        field: String,
        /// Why, a sentence that follows "the default".
        why: String,
    },
    /// The generated tokens did not form a Rust file: a bug of the
    /// generator, reported rather than written out.
    Unparsable(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            Error::Schema {
                path: Some(path),
                source,
            } => {
                // Files are parsed as a list; the file named, its index in
                // the list (`schemas[2].`) says nothing more.
                let text = source.to_string();
                let text = match text.strip_prefix("schemas[") {
                    Some(rest) => rest
                        .split_once("].")
                        .or_else(|| rest.split_once("]"))
                        .filter(|(index, _)| index.bytes().all(|b| b.is_ascii_digit()))
                        .map_or(text.as_str(), |(_, after)| {
                            after.trim_start_matches(':').trim_start()
                        }),
                    None => &text,
                };
                write!(f, "{}: {text}", path.display())
            }
            Error::Schema { path: None, source } => write!(f, "{source}"),
            Error::Protocol { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Idl(source) => write!(f, "{source}"),
            Error::Clash {
                rust,
                first,
                second,
            } => write!(
                f,
                "{first} and {second} would both be the Rust type `{rust}`; give one of them another name, or another namespace with nested modules"
            ),
            Error::Default { field, why } => {
                // A nested record's field's reason starts "'s field".
                let space = if why.starts_with('\'') { "" } else { " " };
                write!(f, "the default of '{field}'{space}{why}")
            }
            Error::Unparsable(message) => {
                write!(
                    f,
                    "avrox-codegen generated invalid Rust ({message}); please report this"
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Schema { source, .. } => Some(source),
            Error::Protocol { source, .. } => Some(source),
            Error::Idl(source) => Some(source),
            Error::Clash { .. } | Error::Default { .. } | Error::Unparsable(_) => None,
        }
    }
}
