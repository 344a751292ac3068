//! The error of encoding and decoding: what went wrong, at which byte, and
//! where in the value.

use std::fmt;
use std::sync::Arc;

// Only the data files errors carry, each a leaf itself (see the layers in
// ARCHITECTURE.md): not the modules around them.
use crate::resolve::issue::ResolveError;
use crate::schema::error::SchemaError;
use crate::schema::fingerprint::Fingerprint;
use crate::validate::report::Report;

/// An error from encoding, decoding or converting a value.
///
/// It says what went wrong ([`Error::kind`], grouped by
/// [`Error::category`]), at which byte of the input when decoding
/// ([`Error::offset`]), and where in the value ([`Error::path`], in Avro
/// names: `Order.lines[3].qty`). An error it wraps (an invalid schema's
/// reason, a failed read's [`std::io::Error`], a migration hook's own
/// error, a validation [`Report`]) is its
/// [`source`](std::error::Error::source), not repeated in its message:
/// `{:#}` prints the whole chain.
///
/// ```
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#"{"type": "record", "name": "Order", "fields": [
///     {"name": "id", "type": "long"},
///     {"name": "lines", "type": {"type": "array", "items": "string"}}
/// ]}"#).unwrap();
/// // id 1, then an array block of 2 strings whose second is cut short.
/// let err = Value::decode(&[0x02, 0x04, 0x02, b'a', 0x06, b'b'], &schema).unwrap_err();
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
///
/// The kinds are flat, one variant a failure, so that a program can match
/// the one it cares about; [`category`](ErrorKind::category) sorts them into
/// the groups a program usually decides by: damaged input, a value that does
/// not fit, a limit, I/O, a container file, a message's framing.
///
/// Kinds that wrap another error ([`Schema`](ErrorKind::Schema),
/// [`Unresolvable`](ErrorKind::Unresolvable),
/// [`Validation`](ErrorKind::Validation), [`Io`](ErrorKind::Io),
/// [`Migration`](ErrorKind::Migration)) say what failed in their own
/// message and hand the wrapped error out as the
/// [`source`](std::error::Error::source) of [`Error`], as the Rust API
/// guidelines ask: each message of a chain is printed once. See
/// [`Error`]'s `Display` for printing the whole chain.
///
/// Two kinds are equal when they say the same thing: the errors inside
/// [`Io`](ErrorKind::Io) and [`Migration`](ErrorKind::Migration), which
/// cannot be compared, compare by their messages (and the I/O error's
/// [`kind`](std::io::Error::kind)).
#[derive(Debug, Clone)]
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
    /// The item count of an array or map block, or of a container file's
    /// block, cannot be right.
    InvalidBlockCount {
        /// The count as it stands in the input.
        count: i64,
        /// Why it cannot be right.
        problem: BlockCountProblem,
    },
    /// A reader limit was reached. See [`Limits`](crate::binary::Limits).
    LimitExceeded {
        /// The limit.
        limit: Limit,
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
    /// The schema is invalid. The [`SchemaError`] is the error's source.
    Schema(SchemaError),
    /// The writer's schema cannot be read with the reader's: every place
    /// where they do not resolve. The
    /// [`ResolveError`] is the error's source.
    Unresolvable(ResolveError),
    /// A migration hook (or a `try_from` conversion between versions)
    /// refused the value. The hook's own error is kept, and is the error's
    /// source: downcast it to get your type back.
    ///
    /// ```
    /// use std::error::Error as _;
    /// use std::fmt;
    ///
    /// #[derive(Debug)]
    /// struct NegativeScore(i64);
    /// impl fmt::Display for NegativeScore {
    ///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    ///         write!(f, "negative score {}", self.0)
    ///     }
    /// }
    /// impl std::error::Error for NegativeScore {}
    ///
    /// let err = avrox::Error::migration(NegativeScore(-3));
    /// assert_eq!(err.to_string(), "migration failed");
    /// assert_eq!(format!("{err:#}"), "migration failed: negative score -3");
    /// let mine = err.source().and_then(|e| e.downcast_ref::<NegativeScore>());
    /// assert_eq!(mine.map(|e| e.0), Some(-3));
    /// ```
    Migration(Arc<dyn std::error::Error + Send + Sync>),
    /// Reading or writing the underlying file or stream failed. The
    /// original [`std::io::Error`] is kept (in an `Arc`, so that kinds can
    /// be cloned) and is the error's source: match this variant and use it
    /// (`e.kind()`, `e.raw_os_error()`), or downcast the source.
    ///
    /// ```
    /// use std::io;
    /// use avrox::ErrorKind;
    ///
    /// let err = avrox::Error::from(io::Error::new(io::ErrorKind::PermissionDenied, "locked"));
    /// match err.kind() {
    ///     ErrorKind::Io(e) => assert_eq!(e.kind(), io::ErrorKind::PermissionDenied),
    ///     other => panic!("{other}"),
    /// }
    /// let source = std::error::Error::source(&err).and_then(|e| e.downcast_ref::<io::Error>());
    /// assert_eq!(source.map(io::Error::kind), Some(io::ErrorKind::PermissionDenied));
    /// ```
    Io(Arc<std::io::Error>),
    /// The input does not start with the magic bytes of an object container
    /// file. `Obj` 0x00 is the format before Avro 1.3, which is refused by
    /// name.
    BadMagic([u8; 4]),
    /// A container file's header is malformed.
    InvalidHeader(String),
    /// A container file names a codec this build does not know, or whose
    /// feature is off.
    UnknownCodec {
        /// The name the file gives.
        name: String,
        /// The codecs this build knows, for the message.
        known: Vec<&'static str>,
    },
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
    /// A single-object or Confluent message does not start with its
    /// format's marker.
    InvalidFraming(String),
    /// A single-object message names a schema fingerprint the store does
    /// not have. The message says it as every Avro tool prints it: the hex
    /// of its 8 bytes, as they stand in the message.
    UnknownFingerprint(Fingerprint),
    /// A Confluent message names a schema id the registry does not have.
    UnknownSchemaId(u32),
    /// The value breaks constraints of its type or schema: every failure,
    /// each with its path below the error's own [`path`](Error::path). The
    /// [`Report`] is the error's source, and [`Error::report`].
    Validation(Report),
}

/// Why a block count cannot be right
/// ([`ErrorKind::InvalidBlockCount`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockCountProblem {
    /// Its items could not fit in the bytes that remain (each item takes
    /// at least the bytes its schema's smallest value does), or the count
    /// is beyond what this machine can address.
    DoesNotFit,
    /// A negative count (a block that gives its size in bytes) whose
    /// negation overflows: -9223372036854775808, `i64::MIN`.
    CannotNegate,
    /// A negative count where only counts of 0 or more are allowed: a
    /// container file's blocks.
    Negative,
    /// Adding the block's items to the collection's items before it
    /// overflows.
    TotalOverflows,
}

/// A reader limit ([`ErrorKind::LimitExceeded`]). It displays as the
/// option that sets it: `max_allocation`, `max_collection_items`,
/// `max_depth`, `max_block_size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// The bytes one datum may make a reader allocate:
    /// [`Limits::max_allocation`](crate::binary::Limits::max_allocation).
    Allocation,
    /// The items one array or map may have (and the records of a container
    /// file's block of records that take no bytes):
    /// [`Limits::max_collection_items`](crate::binary::Limits::max_collection_items).
    CollectionItems,
    /// How deeply values may nest:
    /// [`Limits::max_depth`](crate::binary::Limits::max_depth).
    Depth,
    /// The bytes of one container file block, stored or decompressed: the
    /// container reader's `max_block_size` option.
    BlockSize,
}

impl Limit {
    /// The name of the option that sets the limit: `"max_depth"`, ...
    pub fn name(self) -> &'static str {
        match self {
            Limit::Allocation => "max_allocation",
            Limit::CollectionItems => "max_collection_items",
            Limit::Depth => "max_depth",
            Limit::BlockSize => "max_block_size",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The group an [`ErrorKind`] belongs to: what a program usually decides
/// by. A reader of files from elsewhere wants to know whether a record is
/// damaged, merely invalid, or whether the disk failed:
///
/// ```
/// use avrox::error::Category;
/// use avrox::{Schema, Value};
///
/// fn describe(err: &avrox::Error) -> &'static str {
///     match err.category() {
///         Category::Data | Category::Container | Category::Framing => "damaged input",
///         Category::Limit => "input too large for the reader's limits",
///         Category::Value | Category::Validation | Category::Migration => "a bad value",
///         Category::Io => "I/O",
///         Category::Schema => "a schema problem",
///         _ => "something else",
///     }
/// }
///
/// let schema = Schema::parse(r#""boolean""#)?;
/// let err = Value::decode(&[0x02], &schema).unwrap_err();
/// assert_eq!(describe(&err), "damaged input");
/// let err = Value::Int(1).encode(&schema, &mut Vec::new()).unwrap_err();
/// assert_eq!(describe(&err), "a bad value");
/// # Ok::<(), avrox::Error>(())
/// ```
///
/// New categories may be added, so a `match` needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The bytes are not the Avro binary encoding of a value of the schema:
    /// cut short, a bad varint, boolean, length, UTF-8, union or enum index
    /// or block count, or bytes left over. Damaged or not Avro.
    Data,
    /// The input asks for more than a reader limit allows
    /// ([`ErrorKind::LimitExceeded`]).
    Limit,
    /// A value does not fit the schema or the Rust type: the wrong shape, a
    /// missing field, a number out of range, a malformed UUID, ...
    Value,
    /// The value breaks constraints ([`ErrorKind::Validation`]).
    Validation,
    /// A migration hook or `try_from` conversion refused the value
    /// ([`ErrorKind::Migration`]).
    Migration,
    /// A schema is invalid, or the writer's does not resolve to the
    /// reader's.
    Schema,
    /// The structure of an object container file: magic, header, codec,
    /// sync markers, checksums, compression, record counts.
    Container,
    /// The framing of a single-object or Confluent message, or a schema it
    /// names that is not known.
    Framing,
    /// Reading or writing the underlying file or stream failed.
    Io,
}

impl ErrorKind {
    /// The group the kind belongs to.
    ///
    /// ```
    /// use avrox::error::{Category, ErrorKind};
    ///
    /// assert_eq!(ErrorKind::SyncMismatch.category(), Category::Container);
    /// assert_eq!(ErrorKind::VarintTooLong.category(), Category::Data);
    /// ```
    pub fn category(&self) -> Category {
        match self {
            ErrorKind::UnexpectedEof { .. }
            | ErrorKind::VarintTooLong
            | ErrorKind::IntOutOfRange(_)
            | ErrorKind::InvalidBoolean(_)
            | ErrorKind::NegativeLength(_)
            | ErrorKind::InvalidUtf8 { .. }
            | ErrorKind::UnionIndex { .. }
            | ErrorKind::EnumIndex { .. }
            | ErrorKind::InvalidBlockCount { .. }
            | ErrorKind::TrailingBytes(_) => Category::Data,
            ErrorKind::LimitExceeded { .. } => Category::Limit,
            ErrorKind::Mismatch { .. }
            | ErrorKind::MissingField(_)
            | ErrorKind::OutOfRange { .. }
            | ErrorKind::InvalidValue(_) => Category::Value,
            ErrorKind::Validation(_) => Category::Validation,
            ErrorKind::Migration(_) => Category::Migration,
            ErrorKind::Schema(_) | ErrorKind::Unresolvable(_) => Category::Schema,
            ErrorKind::BadMagic(_)
            | ErrorKind::InvalidHeader(_)
            | ErrorKind::UnknownCodec { .. }
            | ErrorKind::SyncMismatch
            | ErrorKind::ChecksumMismatch { .. }
            | ErrorKind::Decompress { .. }
            | ErrorKind::BlockCountMismatch { .. } => Category::Container,
            ErrorKind::InvalidFraming(_)
            | ErrorKind::UnknownFingerprint(_)
            | ErrorKind::UnknownSchemaId(_) => Category::Framing,
            ErrorKind::Io(_) => Category::Io,
        }
    }

    /// The error this kind wraps, if any: the source of its [`Error`].
    fn wrapped(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ErrorKind::Schema(e) => Some(e),
            ErrorKind::Unresolvable(e) => Some(e),
            ErrorKind::Validation(report) => Some(report),
            ErrorKind::Io(e) => Some(&**e),
            ErrorKind::Migration(e) => Some(&**e),
            _ => None,
        }
    }
}

impl PartialEq for ErrorKind {
    // A match on `self` alone, with no catch-all, so that a new kind must
    // say how it compares.
    fn eq(&self, other: &ErrorKind) -> bool {
        use ErrorKind as K;
        match self {
            K::UnexpectedEof { what, remaining } => matches!(other,
                K::UnexpectedEof { what: w, remaining: r } if what == w && remaining == r),
            K::VarintTooLong => matches!(other, K::VarintTooLong),
            K::IntOutOfRange(a) => matches!(other, K::IntOutOfRange(b) if a == b),
            K::InvalidBoolean(a) => matches!(other, K::InvalidBoolean(b) if a == b),
            K::NegativeLength(a) => matches!(other, K::NegativeLength(b) if a == b),
            K::InvalidUtf8 { valid_up_to: a } => {
                matches!(other, K::InvalidUtf8 { valid_up_to: b } if a == b)
            }
            K::UnionIndex { index, branches } => matches!(other,
                K::UnionIndex { index: i, branches: b } if index == i && branches == b),
            K::EnumIndex { index, symbols } => matches!(other,
                K::EnumIndex { index: i, symbols: s } if index == i && symbols == s),
            K::InvalidBlockCount { count, problem } => matches!(other,
                K::InvalidBlockCount { count: c, problem: p } if count == c && problem == p),
            K::LimitExceeded {
                limit,
                max,
                requested,
            } => matches!(other,
                K::LimitExceeded { limit: l, max: m, requested: r }
                    if limit == l && max == m && requested == r),
            K::TrailingBytes(a) => matches!(other, K::TrailingBytes(b) if a == b),
            K::Mismatch { expected, found } => matches!(other,
                K::Mismatch { expected: e, found: f } if expected == e && found == f),
            K::MissingField(a) => matches!(other, K::MissingField(b) if a == b),
            K::OutOfRange { value, target } => matches!(other,
                K::OutOfRange { value: v, target: t } if value == v && target == t),
            K::InvalidValue(a) => matches!(other, K::InvalidValue(b) if a == b),
            K::Schema(a) => matches!(other, K::Schema(b) if a == b),
            K::Unresolvable(a) => matches!(other, K::Unresolvable(b) if a == b),
            K::Migration(a) => {
                matches!(other, K::Migration(b) if a.to_string() == b.to_string())
            }
            K::Io(a) => matches!(other,
                K::Io(b) if a.kind() == b.kind() && a.to_string() == b.to_string()),
            K::BadMagic(a) => matches!(other, K::BadMagic(b) if a == b),
            K::InvalidHeader(a) => matches!(other, K::InvalidHeader(b) if a == b),
            K::UnknownCodec { name, known } => {
                matches!(other, K::UnknownCodec { name: n, known: k } if name == n && known == k)
            }
            K::SyncMismatch => matches!(other, K::SyncMismatch),
            K::ChecksumMismatch { stored, computed } => matches!(other,
                K::ChecksumMismatch { stored: s, computed: c } if stored == s && computed == c),
            K::Decompress { codec, message } => matches!(other,
                K::Decompress { codec: c, message: m } if codec == c && message == m),
            K::BlockCountMismatch {
                declared,
                found,
                left_over,
            } => matches!(other,
                K::BlockCountMismatch { declared: d, found: f, left_over: l }
                    if declared == d && found == f && left_over == l),
            K::InvalidFraming(a) => matches!(other, K::InvalidFraming(b) if a == b),
            K::UnknownFingerprint(a) => matches!(other, K::UnknownFingerprint(b) if a == b),
            K::UnknownSchemaId(a) => matches!(other, K::UnknownSchemaId(b) if a == b),
            K::Validation(a) => matches!(other, K::Validation(b) if a == b),
        }
    }
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

    /// The error of a migration that refused the value, keeping `error`
    /// (any error type, or a `String` or `&str` message) as its source.
    /// A derived type's `#[avro(migrate = path)]` hook and `try_from`
    /// conversion return their own error types, which are wrapped this way.
    ///
    /// ```
    /// let err = avrox::Error::migration("a point without x");
    /// assert_eq!(err.kind().category(), avrox::error::Category::Migration);
    /// assert_eq!(format!("{err:#}"), "migration failed: a point without x");
    /// ```
    pub fn migration(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
        Error::new(ErrorKind::Migration(Arc::from(error.into())))
    }

    /// Sets the byte offset where the failing item starts, if none is set
    /// yet (the innermost offset is the most precise).
    pub fn at(mut self, offset: usize) -> Error {
        self.inner.offset.get_or_insert(offset);
        self
    }

    /// Drops the byte offset: for an error found in bytes the caller made
    /// itself (JSON read through its binary encoding), where it places
    /// nothing the user has.
    pub(crate) fn without_offset(mut self) -> Error {
        self.inner.offset = None;
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
    pub(crate) fn in_root(mut self, type_name: &str) -> Error {
        if !matches!(self.inner.path.last(), Some(Segment::Root(_))) {
            self.inner.path.push(Segment::Root(type_name.to_owned()));
        }
        self
    }

    /// Places the error in block `index` of an object container file, which
    /// starts at byte `offset` of the file, if no block is set yet.
    pub(crate) fn in_block(mut self, index: u64, offset: u64) -> Error {
        self.inner.block.get_or_insert(BlockPlace {
            index,
            offset,
            record: None,
        });
        self
    }

    /// Places the error in record `record` (counted from 0 in its block) of
    /// block `index`, which starts at byte `offset` of the file.
    pub(crate) fn in_block_record(mut self, index: u64, offset: u64, record: u64) -> Error {
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

    /// The group of what went wrong: [`self.kind().category()`](ErrorKind::category).
    pub fn category(&self) -> Category {
        self.inner.kind.category()
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
            ErrorKind::InvalidBlockCount { count, problem } => match problem {
                BlockCountProblem::DoesNotFit => write!(
                    f,
                    "block count {count} cannot be right: its items do not fit in the remaining input"
                ),
                BlockCountProblem::CannotNegate => {
                    write!(f, "block count {count} cannot be negated")
                }
                BlockCountProblem::Negative => {
                    write!(f, "block count {count} is negative")
                }
                BlockCountProblem::TotalOverflows => write!(
                    f,
                    "block count {count} makes the collection's length overflow"
                ),
            },
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
            // The wrapped errors are the source: not repeated here.
            ErrorKind::Schema(_) => f.write_str("invalid schema"),
            ErrorKind::Unresolvable(_) => f.write_str("schemas do not resolve"),
            ErrorKind::Migration(_) => f.write_str("migration failed"),
            ErrorKind::Io(_) => f.write_str("I/O error"),
            ErrorKind::BadMagic(magic) if *magic == *b"Obj\0" => f.write_str(
                "an object container file of the format before Avro 1.3 (magic Obj 0x00), which is not supported",
            ),
            ErrorKind::BadMagic(magic) => write!(
                f,
                "not an Avro object container file: it starts with {magic:02x?}, not Obj 0x01"
            ),
            ErrorKind::InvalidHeader(message) | ErrorKind::InvalidFraming(message) => {
                f.write_str(message)
            }
            ErrorKind::UnknownCodec { name, known } => write!(
                f,
                "unknown codec '{name}' (this build knows: {})",
                known.join(", ")
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
                write!(f, "{n} constraint{} failed", if n == 1 { "" } else { "s" })
            }
        }
    }
}

/// The error's place and what went wrong; with `{:#}`, followed by the
/// messages of its chain of [`source`](std::error::Error::source)s, each
/// after `": "`, as `anyhow` prints its errors with `{:#}`. `to_string()`
/// gives the first part only, as error reporters that walk the chain
/// themselves expect.
///
/// ```
/// use avrox::Schema;
///
/// let err = avrox::Error::from(Schema::parse(r#"{"type": "record", "name": "R"}"#).unwrap_err());
/// assert_eq!(err.to_string(), "invalid schema");
/// assert_eq!(format!("{err:#}"), r#"invalid schema: a record needs "fields""#);
/// ```
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
        if let (ErrorKind::InvalidUtf8 { valid_up_to }, None) =
            (&self.inner.kind, self.inner.offset)
        {
            write!(f, " (invalid from its byte {valid_up_to})")?;
        }
        if f.alternate() {
            let mut source = self.inner.kind.wrapped();
            while let Some(error) = source {
                write!(f, ": {error}")?;
                source = error.source();
            }
        }
        Ok(())
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
        self.inner.kind.wrapped()
    }
}

impl From<SchemaError> for Error {
    fn from(e: SchemaError) -> Error {
        Error::new(ErrorKind::Schema(e))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(Arc::new(e)))
    }
}

impl From<ResolveError> for Error {
    fn from(e: ResolveError) -> Error {
        Error::new(ErrorKind::Unresolvable(e))
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
    use std::error::Error as _;
    use std::{fmt, io};

    use super::{BlockCountProblem, Category, Error, ErrorKind, Limit};
    use crate::{Schema, Value};

    /// The messages of an error's chain, as anyhow's `{:#}` prints them.
    fn chain(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
        let mut messages = vec![err.to_string()];
        let mut source = err.source();
        while let Some(error) = source {
            messages.push(error.to_string());
            source = error.source();
        }
        messages
    }

    #[derive(Debug)]
    struct Refused {
        score: i64,
    }

    impl fmt::Display for Refused {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "score {} is negative", self.score)
        }
    }

    impl std::error::Error for Refused {}

    fn wrapping_errors() -> Vec<Error> {
        let invalid = Schema::parse(r#"{"type": "record", "name": "R"}"#).unwrap_err();
        let long = Schema::parse(r#""long""#).unwrap();
        let unresolvable =
            crate::from_slice_with_writer::<i32>(&[0x02], &long).expect_err("long as int");
        let limited =
            Schema::parse(r#"{"type": "int", "avrox.constraints": {"max": 100}}"#).unwrap();
        let invalid_value = Value::Int(150).to_bytes(&limited).unwrap_err();
        vec![
            Error::from(invalid).in_field("f").in_root("R"),
            unresolvable,
            invalid_value,
            Error::from(io::Error::new(io::ErrorKind::NotFound, "no such file")).at(3),
            Error::migration(Refused { score: -1 }).in_root("User"),
            Error::migration("a point without x"),
        ]
    }

    #[test]
    fn each_message_of_a_chain_is_printed_once() {
        for err in wrapping_errors() {
            let messages = chain(&err);
            assert!(messages.len() >= 2, "{messages:?}: no source");
            for (i, outer) in messages.iter().enumerate() {
                for inner in &messages[i + 1..] {
                    assert!(
                        !outer.contains(inner.as_str()),
                        "{inner:?} is printed twice: in {outer:?}"
                    );
                }
            }
            // `{:#}` is the chain joined, as anyhow prints it.
            assert_eq!(format!("{err:#}"), messages.join(": "));
        }
    }

    #[test]
    fn the_headline_still_says_what_and_where() {
        let [schema, unresolvable, invalid, io, migration, text] =
            <[Error; 6]>::try_from(wrapping_errors()).unwrap();
        assert_eq!(schema.to_string(), "R.f: invalid schema");
        assert_eq!(
            format!("{schema:#}"),
            r#"R.f: invalid schema: a record needs "fields""#
        );
        assert_eq!(unresolvable.to_string(), "schemas do not resolve");
        assert!(
            format!("{unresolvable:#}")
                .starts_with("schemas do not resolve: writer long cannot be read as int"),
            "{unresolvable:#}"
        );
        assert_eq!(invalid.to_string(), "1 constraint failed");
        assert_eq!(
            format!("{invalid:#}"),
            "1 constraint failed: must be at most 100 [code=max, value=150]"
        );
        assert_eq!(io.to_string(), "at byte 3: I/O error");
        assert_eq!(format!("{io:#}"), "at byte 3: I/O error: no such file");
        assert_eq!(
            format!("{migration:#}"),
            "User: migration failed: score -1 is negative"
        );
        assert_eq!(format!("{text:#}"), "migration failed: a point without x");
    }

    #[test]
    fn io_errors_are_kept() {
        let original = io::Error::new(io::ErrorKind::PermissionDenied, Refused { score: 7 });
        let err = Error::from(original);
        let ErrorKind::Io(kept) = err.kind() else {
            panic!("{err:?}")
        };
        assert_eq!(kept.kind(), io::ErrorKind::PermissionDenied);
        let source = err.source().and_then(|e| e.downcast_ref::<io::Error>());
        assert_eq!(
            source.map(io::Error::kind),
            Some(io::ErrorKind::PermissionDenied)
        );
        // The error inside the I/O error is still there, one level down.
        let inner = source
            .and_then(|e| e.get_ref())
            .and_then(|e| e.downcast_ref::<Refused>());
        assert_eq!(inner.map(|e| e.score), Some(7));
        assert_eq!(err.category(), Category::Io);
        // Clones share the error.
        let clone = err.kind().clone();
        assert_eq!(&clone, err.kind());
    }

    #[test]
    fn migration_errors_are_kept() {
        let err = Error::migration(Refused { score: -4 });
        let mine = err.source().and_then(|e| e.downcast_ref::<Refused>());
        assert_eq!(mine.map(|e| e.score), Some(-4));
        assert_eq!(err.category(), Category::Migration);
        // Through the derive's helpers, which take the hook's result.
        let result: Result<(), Refused> = Err(Refused { score: -5 });
        let err = crate::__private::migrated(result).unwrap_err();
        let mine = err.source().and_then(|e| e.downcast_ref::<Refused>());
        assert_eq!(mine.map(|e| e.score), Some(-5));
        let err = crate::__private::migration_error(String::from("no x"));
        assert_eq!(format!("{err:#}"), "migration failed: no x");
    }

    #[test]
    fn kinds_equal_their_clones() {
        let mut kinds: Vec<ErrorKind> =
            wrapping_errors().iter().map(|e| e.kind().clone()).collect();
        kinds.extend([
            ErrorKind::VarintTooLong,
            ErrorKind::InvalidBlockCount {
                count: -1,
                problem: BlockCountProblem::Negative,
            },
            ErrorKind::LimitExceeded {
                limit: Limit::Depth,
                max: 1,
                requested: 2,
            },
            ErrorKind::InvalidFraming("x".into()),
            ErrorKind::SyncMismatch,
        ]);
        for (i, a) in kinds.iter().enumerate() {
            for (j, b) in kinds.iter().enumerate() {
                assert_eq!(a == b, i == j, "{a:?} and {b:?}");
            }
        }
        assert_ne!(
            ErrorKind::Io(io::Error::other("a").into()),
            ErrorKind::Io(io::Error::other("b").into())
        );
    }

    #[test]
    fn categories() {
        let boolean = Schema::parse(r#""boolean""#).unwrap();
        let damaged = Value::decode(&[0x02], &boolean).unwrap_err();
        assert_eq!(damaged.category(), Category::Data);
        let bad_value = Value::Int(1).encode(&boolean, &mut Vec::new()).unwrap_err();
        assert_eq!(bad_value.category(), Category::Value);
        for (err, category) in wrapping_errors().iter().zip([
            Category::Schema,
            Category::Schema,
            Category::Validation,
            Category::Io,
            Category::Migration,
            Category::Migration,
        ]) {
            assert_eq!(err.category(), category, "{err}");
        }
        let limit = ErrorKind::LimitExceeded {
            limit: Limit::CollectionItems,
            max: 1,
            requested: 2,
        };
        assert_eq!(limit.category(), Category::Limit);
        assert_eq!(
            limit.to_string(),
            "max_collection_items exceeded: 2 asked for, the limit is 1"
        );
        assert_eq!(
            ErrorKind::BadMagic(*b"PK\x03\x04").category(),
            Category::Container
        );
        assert_eq!(ErrorKind::UnknownSchemaId(7).category(), Category::Framing);
    }

    #[test]
    fn limits_display_as_their_options() {
        for (limit, name) in [
            (Limit::Allocation, "max_allocation"),
            (Limit::CollectionItems, "max_collection_items"),
            (Limit::Depth, "max_depth"),
            (Limit::BlockSize, "max_block_size"),
        ] {
            assert_eq!(limit.to_string(), name);
        }
    }

    #[test]
    fn block_counts_say_what_is_wrong() {
        let says = |count, problem| ErrorKind::InvalidBlockCount { count, problem }.to_string();
        assert_eq!(
            says(i64::MIN, BlockCountProblem::CannotNegate),
            "block count -9223372036854775808 cannot be negated"
        );
        assert_eq!(
            says(-1, BlockCountProblem::Negative),
            "block count -1 is negative"
        );
        assert_eq!(
            says(5, BlockCountProblem::TotalOverflows),
            "block count 5 makes the collection's length overflow"
        );
        assert_eq!(
            says(63, BlockCountProblem::DoesNotFit),
            "block count 63 cannot be right: its items do not fit in the remaining input"
        );
    }

    #[test]
    fn invalid_utf8_is_placed_once() {
        let schema = Schema::parse(
            r#"{"type": "record", "name": "User", "fields": [
                {"name": "id", "type": "long"}, {"name": "email", "type": "string"}]}"#,
        )
        .unwrap();
        // id 1, then a string of 3 bytes whose second is not UTF-8.
        let err = Value::decode(&[0x02, 0x06, b'a', 0xff, b'b'], &schema).unwrap_err();
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
