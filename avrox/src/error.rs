//! The error of encoding and decoding: what went wrong, at which byte, and
//! where in the value.

use std::fmt;

use crate::schema::{Fingerprint, SchemaError};
use crate::validate::Report;

/// An error from encoding, decoding or converting a value.
///
/// It says what went wrong ([`Error::kind`]), at which byte of the input
/// when decoding ([`Error::offset`]), and where in the value
/// ([`Error::path`], in Avro names: `Order.lines[3].qty`).
///
/// ```
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#"{"type": "record", "name": "Order", "fields": [
///     {"name": "id", "type": "long"},
///     {"name": "lines", "type": {"type": "array", "items": "string"}}
/// ]}"#).unwrap();
/// // id 1, then an array block of 2 strings whose second is cut short.
/// let err = Value::decode(&schema, &[0x02, 0x04, 0x02, b'a', 0x06, b'b']).unwrap_err();
/// assert_eq!(err.path(), "Order.lines[1]");
/// assert_eq!(err.offset(), Some(4));
/// assert_eq!(
///     err.to_string(),
///     "Order.lines[1] at byte 4: unexpected end of input: a string of 3 bytes, but 1 byte remains"
/// );
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    offset: Option<usize>,
    /// Innermost segment first: segments are added as the error travels
    /// up through the values that contain the failing one.
    path: Vec<Segment>,
    /// Where in an object container file, when the error comes from one.
    block: Option<BlockPlace>,
    /// The line (from 1), when the error comes from a reader of lines.
    line: Option<u64>,
}

/// A block of an object container file, and a record in it.
#[derive(Clone, Copy)]
struct BlockPlace {
    index: u64,
    offset: u64,
    record: Option<u64>,
}

enum Segment {
    Root(String),
    Field(String),
    Index(usize),
    Key(String),
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended before the value did.
    UnexpectedEof {
        /// What was being read: "a string of 3 bytes", "a double", ...
        what: String,
        /// Bytes left in the input.
        remaining: usize,
    },
    /// A varint ran past the 5 bytes of an int or the 10 of a long, or set
    /// bits beyond 64.
    VarintTooLong,
    /// An int's varint holds a number outside the 32-bit range.
    IntOutOfRange(i64),
    /// A boolean byte other than 0 or 1.
    InvalidBoolean(u8),
    /// A negative length for bytes or a string.
    NegativeLength(i64),
    /// String data that is not UTF-8.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte within the string.
        valid_up_to: usize,
    },
    /// A union branch index outside the union.
    UnionIndex {
        /// The index read.
        index: i64,
        /// How many branches the union has.
        branches: usize,
    },
    /// An enum index outside the symbols.
    EnumIndex {
        /// The index read.
        index: i64,
        /// How many symbols the enum has.
        symbols: usize,
    },
    /// A block count that cannot be right: its items could not fit in the
    /// remaining input, or its negation overflows.
    InvalidBlockCount(i64),
    /// A reader limit was reached. See [`Limits`](crate::binary::Limits).
    LimitExceeded {
        /// The limit: "max_allocation", "max_collection_items" or "max_depth".
        limit: &'static str,
        /// The limit's value.
        max: u64,
        /// What the input asked for.
        requested: u64,
    },
    /// Bytes left over after a complete datum.
    TrailingBytes(usize),
    /// A value that does not have the shape the schema asks for.
    Mismatch {
        /// What the schema expects.
        expected: String,
        /// What was found.
        found: String,
    },
    /// A record value without a field the schema has.
    MissingField(String),
    /// A number that does not fit the Rust or Avro type it is read into or
    /// written as (a long of 300 into a `u8`, a `u64` above `i64::MAX`).
    OutOfRange {
        /// The number.
        value: i128,
        /// The type it does not fit.
        target: &'static str,
    },
    /// A value that has the right shape but is not valid (a malformed UUID
    /// string, a decimal too long for its fixed, ...).
    InvalidValue(String),
    /// The schema is invalid.
    Schema(SchemaError),
    /// The writer's schema cannot be read with the reader's: every place
    /// where they do not resolve.
    Unresolvable(crate::resolve::ResolveError),
    /// A migration hook refused the value.
    Migration(String),
    /// Reading or writing the underlying file or stream failed.
    Io {
        /// The I/O error's kind.
        kind: std::io::ErrorKind,
        /// The I/O error's message.
        message: String,
    },
    /// The input does not start with the magic bytes of an object container
    /// file. `Obj` 0x00 is the format before Avro 1.3, which is refused by
    /// name.
    BadMagic([u8; 4]),
    /// A container file's header or a message's framing is malformed.
    InvalidHeader(String),
    /// A container file names a codec this build does not know, or whose
    /// feature is off.
    UnknownCodec(String),
    /// A block does not end with the file's sync marker.
    SyncMismatch,
    /// A block's checksum (snappy's CRC-32) does not match its data.
    ChecksumMismatch {
        /// The checksum stored with the block.
        stored: u32,
        /// The checksum of the decompressed data.
        computed: u32,
    },
    /// A block's data does not decompress.
    Decompress {
        /// The codec's Avro name.
        codec: &'static str,
        /// What the decompressor said.
        message: String,
    },
    /// A block's record count disagrees with its bytes.
    BlockCountMismatch {
        /// The count the block declares.
        declared: u64,
        /// How many records its bytes hold (when they end early) or held
        /// before bytes were left over.
        found: u64,
        /// Bytes left after the declared records (0 when they ended early).
        left_over: usize,
    },
    /// A single-object message names a schema fingerprint the store does
    /// not have. The message says it as every Avro tool prints it: the hex
    /// of its 8 bytes, as they stand in the message.
    UnknownFingerprint(Fingerprint),
    /// A Confluent message names a schema id the registry does not have.
    UnknownSchemaId(u32),
    /// The value breaks constraints of its type or schema: every failure,
    /// each with its path below the error's own [`path`](Error::path).
    Validation(Report),
}

impl Error {
    /// An error of this kind, with no offset or path yet.
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                offset: None,
                path: Vec::new(),
                block: None,
                line: None,
            }),
        }
    }

    pub(crate) fn eof(what: impl Into<String>, remaining: usize, offset: usize) -> Error {
        Error::new(ErrorKind::UnexpectedEof {
            what: what.into(),
            remaining,
        })
        .at(offset)
    }

    pub(crate) fn mismatch(expected: impl Into<String>, found: impl Into<String>) -> Error {
        Error::new(ErrorKind::Mismatch {
            expected: expected.into(),
            found: found.into(),
        })
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidValue(message.into()))
    }

    /// Sets the byte offset where the failing item starts, if none is set
    /// yet (the innermost offset is the most precise).
    pub fn at(mut self, offset: usize) -> Error {
        self.inner.offset.get_or_insert(offset);
        self
    }

    /// Moves the offset by `by` bytes: for an error found in a part of a
    /// larger input.
    pub(crate) fn shifted(mut self, by: usize) -> Error {
        if let Some(offset) = &mut self.inner.offset {
            *offset += by;
        }
        self
    }

    /// Adds an enclosing record field to the path.
    pub fn in_field(mut self, name: &str) -> Error {
        self.inner.path.push(Segment::Field(name.to_owned()));
        self
    }

    /// Adds an enclosing array index to the path.
    pub fn in_index(mut self, index: usize) -> Error {
        self.inner.path.push(Segment::Index(index));
        self
    }

    /// Adds an enclosing map key to the path.
    pub fn in_key(mut self, key: &str) -> Error {
        self.inner.path.push(Segment::Key(key.to_owned()));
        self
    }

    /// Names the outermost type, which starts the path.
    pub fn in_root(mut self, type_name: &str) -> Error {
        if !matches!(self.inner.path.last(), Some(Segment::Root(_))) {
            self.inner.path.push(Segment::Root(type_name.to_owned()));
        }
        self
    }

    /// Places the error in block `index` of an object container file, which
    /// starts at byte `offset` of the file, if no block is set yet.
    pub fn in_block(mut self, index: u64, offset: u64) -> Error {
        self.inner.block.get_or_insert(BlockPlace {
            index,
            offset,
            record: None,
        });
        self
    }

    /// Places the error in record `record` (counted from 0 in its block) of
    /// block `index`, which starts at byte `offset` of the file.
    pub fn in_block_record(mut self, index: u64, offset: u64, record: u64) -> Error {
        self.inner.block.get_or_insert(BlockPlace {
            index,
            offset,
            record: Some(record),
        });
        self
    }

    /// Places the error on line `line` (from 1) of a text input, if no line
    /// is set yet.
    pub(crate) fn in_line(mut self, line: u64) -> Error {
        self.inner.line.get_or_insert(line);
        self
    }

    /// The line (from 1) the error is on, when it comes from a reader of
    /// lines ([`LinesReader`](crate::json::LinesReader)).
    pub fn line(&self) -> Option<u64> {
        self.inner.line
    }

    /// The index (from 0) of the container-file block the error is in.
    pub fn block(&self) -> Option<u64> {
        self.inner.block.map(|b| b.index)
    }

    /// The byte offset in the file where the error's block starts.
    pub fn block_offset(&self) -> Option<u64> {
        self.inner.block.map(|b| b.offset)
    }

    /// The index of the record in its block that the error is in.
    pub fn block_record(&self) -> Option<u64> {
        self.inner.block.and_then(|b| b.record)
    }

    /// The validation report, when the error is that the value breaks
    /// constraints.
    pub fn report(&self) -> Option<&Report> {
        match &self.inner.kind {
            ErrorKind::Validation(report) => Some(report),
            _ => None,
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The byte offset in the input where decoding failed.
    pub fn offset(&self) -> Option<usize> {
        self.inner.offset
    }

    /// Where in the value the error is, in Avro names: `Order.lines[3].qty`,
    /// `Config.labels["env"]`. Empty when the error is at the top.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.inner.path.iter().rev() {
            match segment {
                Segment::Root(name) => out.push_str(name),
                Segment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Segment::Key(k) => {
                    out.push('[');
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::UnexpectedEof { what, remaining } => write!(
                f,
                "unexpected end of input: {what}, but {remaining} byte{} remain{}",
                if *remaining == 1 { "" } else { "s" },
                if *remaining == 1 { "s" } else { "" }
            ),
            ErrorKind::VarintTooLong => f.write_str("varint is longer than its type allows"),
            ErrorKind::IntOutOfRange(v) => write!(f, "int value {v} is outside the 32-bit range"),
            ErrorKind::InvalidBoolean(b) => write!(f, "boolean byte is {b:#04x}, not 0 or 1"),
            ErrorKind::NegativeLength(n) => write!(f, "negative length {n}"),
            // The place is the error's offset (where the string starts),
            // said once by `Error`'s Display; `valid_up_to` stays in the
            // kind for programs.
            ErrorKind::InvalidUtf8 { .. } => f.write_str("string is not valid UTF-8"),
            ErrorKind::UnionIndex { index, branches } => {
                write!(
                    f,
                    "union branch index {index} is out of range for a union of {branches} branches"
                )
            }
            ErrorKind::EnumIndex { index, symbols } => {
                write!(
                    f,
                    "enum index {index} is out of range for an enum of {symbols} symbols"
                )
            }
            ErrorKind::InvalidBlockCount(count) => write!(
                f,
                "block count {count} cannot be right: its items do not fit in the remaining input"
            ),
            ErrorKind::LimitExceeded {
                limit,
                max,
                requested,
            } => {
                write!(
                    f,
                    "{limit} exceeded: {requested} asked for, the limit is {max}"
                )
            }
            ErrorKind::TrailingBytes(n) => write!(f, "{n} bytes left after the datum"),
            ErrorKind::Mismatch { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorKind::MissingField(name) => write!(f, "missing field '{name}'"),
            ErrorKind::OutOfRange { value, target } => {
                write!(f, "{value} is out of range for {target}")
            }
            ErrorKind::InvalidValue(message) => f.write_str(message),
            ErrorKind::Schema(e) => write!(f, "invalid schema: {e}"),
            ErrorKind::Unresolvable(e) => write!(f, "schemas do not resolve: {e}"),
            ErrorKind::Migration(message) => write!(f, "migration failed: {message}"),
            ErrorKind::Io { message, .. } => write!(f, "I/O error: {message}"),
            ErrorKind::BadMagic(magic) if *magic == *b"Obj\0" => f.write_str(
                "an object container file of the format before Avro 1.3 (magic Obj 0x00), which is not supported",
            ),
            ErrorKind::BadMagic(magic) => write!(
                f,
                "not an Avro object container file: it starts with {magic:02x?}, not Obj 0x01"
            ),
            ErrorKind::InvalidHeader(message) => f.write_str(message),
            ErrorKind::UnknownCodec(name) => write!(
                f,
                "unknown codec '{name}' (this build knows: {})",
                crate::ocf::Codec::known_names().join(", ")
            ),
            ErrorKind::SyncMismatch => {
                f.write_str("the block does not end with the file's sync marker")
            }
            ErrorKind::ChecksumMismatch { stored, computed } => write!(
                f,
                "checksum mismatch: the block stores CRC-32 {stored:08x}, its data has {computed:08x}"
            ),
            ErrorKind::Decompress { codec, message } => {
                write!(f, "{codec} data does not decompress: {message}")
            }
            ErrorKind::BlockCountMismatch {
                declared,
                found,
                left_over: 0,
            } => write!(
                f,
                "the block declares {declared} records, but its bytes end after {found}"
            ),
            ErrorKind::BlockCountMismatch {
                declared,
                left_over,
                ..
            } => write!(
                f,
                "the block declares {declared} records, but {left_over} bytes are left after them"
            ),
            ErrorKind::UnknownFingerprint(fingerprint) => write!(
                f,
                "no schema with the CRC-64-AVRO fingerprint {fingerprint} is known"
            ),
            ErrorKind::UnknownSchemaId(id) => write!(f, "no schema with id {id} is registered"),
            ErrorKind::Validation(report) => {
                let n = report.len();
                write!(
                    f,
                    "{n} constraint{} failed:\n{report}",
                    if n == 1 { "" } else { "s" }
                )
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(block) = self.inner.block {
            write!(f, "block {} (at file byte {})", block.index, block.offset)?;
            if let Some(record) = block.record {
                write!(f, ", record {record}")?;
            }
            f.write_str(": ")?;
        }
        if let Some(line) = self.inner.line {
            write!(f, "line {line}: ")?;
        }
        let path = self.path();
        // A record that decoded but broke its constraints is placed by the
        // record (or line) the reader names; the byte where it starts
        // within the block would be a second position for the same place.
        let offset = match (&self.inner.kind, self.inner.block, self.inner.line) {
            (
                ErrorKind::Validation(_),
                Some(BlockPlace {
                    record: Some(_), ..
                }),
                _,
            )
            | (ErrorKind::Validation(_), _, Some(_)) => None,
            _ => self.inner.offset,
        };
        match (path.is_empty(), offset) {
            (true, None) => write!(f, "{}", self.inner.kind),
            (true, Some(offset)) => write!(f, "at byte {offset}: {}", self.inner.kind),
            (false, None) => write!(f, "{path}: {}", self.inner.kind),
            (false, Some(offset)) => write!(f, "{path} at byte {offset}: {}", self.inner.kind),
        }?;
        // Without an offset (a value converted, not decoded), the byte
        // within the string is the only place there is to give.
        match (&self.inner.kind, self.inner.offset) {
            (ErrorKind::InvalidUtf8 { valid_up_to }, None) => {
                write!(f, " (invalid from its byte {valid_up_to})")
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("offset", &self.inner.offset)
            .field("path", &self.path())
            .field("block", &self.block())
            .field("block_offset", &self.block_offset())
            .field("block_record", &self.block_record())
            .field("line", &self.line())
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ErrorKind::Schema(e) => Some(e),
            ErrorKind::Unresolvable(e) => Some(e),
            ErrorKind::Validation(report) => Some(report),
            _ => None,
        }
    }
}

impl From<SchemaError> for Error {
    fn from(e: SchemaError) -> Error {
        Error::new(ErrorKind::Schema(e))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io {
            kind: e.kind(),
            message: e.to_string(),
        })
    }
}

impl From<Report> for Error {
    fn from(report: Report) -> Error {
        Error::new(ErrorKind::Validation(report))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use crate::{Schema, Value};

    #[test]
    fn invalid_utf8_is_placed_once() {
        let schema = Schema::parse(
            r#"{"type": "record", "name": "User", "fields": [
                {"name": "id", "type": "long"}, {"name": "email", "type": "string"}]}"#,
        )
        .unwrap();
        // id 1, then a string of 3 bytes whose second is not UTF-8.
        let err = Value::decode(&schema, &[0x02, 0x06, b'a', 0xff, b'b']).unwrap_err();
        assert_eq!(
            err.to_string(),
            "User.email at byte 1: string is not valid UTF-8"
        );
        // Converted, not decoded: the byte within the string is the place.
        let string = Schema::parse(r#""string""#).unwrap();
        let err = Value::Bytes(vec![b'a', 0xff])
            .encode(&string, &mut Vec::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "string is not valid UTF-8 (invalid from its byte 1)"
        );
    }
}
