//! What can go wrong talking to a registry: the registry's own answers
//! (`error_code` and `message`), the transport, and responses or schemas
//! that cannot be used.

use std::fmt;

/// A `Result` whose error is the client's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error of the registry client.
///
/// Each says which request it concerns (`GET /schemas/ids/7`), so a log line
/// is enough to find what failed. It is `Clone`: the async client hands one
/// failed lookup's error to every caller that waited on it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The registry answered with an error (`{"error_code": .., "message": ..}`).
    Registry {
        /// The request, as `METHOD /path`.
        request: String,
        /// The HTTP status.
        status: u16,
        /// The registry's `error_code`.
        code: ErrorCode,
        /// The registry's `message`.
        message: String,
    },
    /// The registry answered with a status other than success and a body
    /// that is not a registry error (a proxy's page, an empty body).
    Status {
        /// The request, as `METHOD /path`.
        request: String,
        /// The HTTP status.
        status: u16,
        /// The start of the body, for the message.
        body: String,
    },
    /// The request did not get an answer: no connection, a reset, a bad URL.
    Transport {
        /// The request, as `METHOD /path`.
        request: String,
        /// The HTTP client's message.
        message: String,
        /// Whether the connection could not be made (retried), as opposed
        /// to a request that failed once sent (not retried: it may have
        /// taken effect).
        connect: bool,
    },
    /// No answer within the client's timeout.
    Timeout {
        /// The request, as `METHOD /path`.
        request: String,
    },
    /// The response body is longer than the client accepts.
    ResponseTooLarge {
        /// The request, as `METHOD /path`.
        request: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A successful response that is not the JSON the API defines.
    InvalidResponse {
        /// The request, as `METHOD /path`.
        request: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A schema the registry returned (or was given) does not parse.
    Schema {
        /// Which schema: `id 7`, `subject orders-value version 2`.
        what: String,
        /// avrox's message.
        reason: String,
    },
    /// A schema's references could not be resolved.
    References(ReferenceError),
    /// A message's framing is not what was expected.
    Framing(String),
    /// A subject could not be named by a strategy.
    Subject(String),
    /// The client could not be built (a bad URL, a TLS setup error).
    Config(String),
}

/// Why a schema's references could not be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReferenceError {
    /// A schema refers, through others, back to itself: the chain, as
    /// `subject version` items, the first repeated at the end.
    Cycle(Vec<String>),
    /// References nest deeper than the client's limit.
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// More referenced schemas than the client's limit.
    TooMany {
        /// The limit.
        limit: usize,
    },
}

/// A registry's `error_code`, named where the Confluent API defines it.
///
/// ```
/// use avrox_registry::ErrorCode;
///
/// assert_eq!(ErrorCode::from_code(40403), ErrorCode::SchemaNotFound);
/// assert_eq!(ErrorCode::SchemaNotFound.code(), 40403);
/// assert_eq!(ErrorCode::from_code(12345), ErrorCode::Other(12345));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// 40401: the subject does not exist.
    SubjectNotFound,
    /// 40402: the subject has no such version.
    VersionNotFound,
    /// 40403: no schema has this id.
    SchemaNotFound,
    /// 40404: the subject was soft-deleted.
    SubjectSoftDeleted,
    /// 40405: the version was soft-deleted.
    VersionSoftDeleted,
    /// 40406: a permanent delete of a subject that was not soft-deleted first.
    SubjectNotSoftDeleted,
    /// 40407: a permanent delete of a version that was not soft-deleted first.
    VersionNotSoftDeleted,
    /// 40408: the subject has no compatibility level of its own.
    SubjectCompatibilityNotConfigured,
    /// 409: the schema is incompatible with the subject's earlier versions.
    Incompatible,
    /// 42201: the schema does not parse.
    InvalidSchema,
    /// 42202: the version is not a version number or `latest`.
    InvalidVersion,
    /// 42203: not a compatibility level.
    InvalidCompatibilityLevel,
    /// 42206: the version is referenced by another schema.
    ReferenceExists,
    /// 50001: the registry's store failed.
    BackendStore,
    /// 50002: the registry's operation timed out.
    OperationTimeout,
    /// 50003: forwarding to the registry's leader failed.
    Forwarding,
    /// A code this client does not name.
    Other(i64),
}

const CODES: [(ErrorCode, i64); 16] = [
    (ErrorCode::SubjectNotFound, 40401),
    (ErrorCode::VersionNotFound, 40402),
    (ErrorCode::SchemaNotFound, 40403),
    (ErrorCode::SubjectSoftDeleted, 40404),
    (ErrorCode::VersionSoftDeleted, 40405),
    (ErrorCode::SubjectNotSoftDeleted, 40406),
    (ErrorCode::VersionNotSoftDeleted, 40407),
    (ErrorCode::SubjectCompatibilityNotConfigured, 40408),
    (ErrorCode::Incompatible, 409),
    (ErrorCode::InvalidSchema, 42201),
    (ErrorCode::InvalidVersion, 42202),
    (ErrorCode::InvalidCompatibilityLevel, 42203),
    (ErrorCode::ReferenceExists, 42206),
    (ErrorCode::BackendStore, 50001),
    (ErrorCode::OperationTimeout, 50002),
    (ErrorCode::Forwarding, 50003),
];

impl ErrorCode {
    /// The code a registry sends for `self`.
    pub fn code(self) -> i64 {
        match self {
            ErrorCode::Other(code) => code,
            named => CODES
                .iter()
                .find(|(c, _)| *c == named)
                .map_or(0, |(_, code)| *code),
        }
    }

    /// The named code for `code`, or [`Other`](ErrorCode::Other).
    pub fn from_code(code: i64) -> ErrorCode {
        CODES
            .iter()
            .find(|(_, c)| *c == code)
            .map_or(ErrorCode::Other(code), |(named, _)| *named)
    }

    /// The HTTP status a registry answers this code with: the code's
    /// first three digits (`40403` is a 404), `409` itself.
    pub fn http_status(self) -> u16 {
        let code = self.code();
        let status = if code >= 10_000 { code / 100 } else { code };
        u16::try_from(status).unwrap_or(500)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

impl Error {
    /// The registry's error code, when the registry answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Registry { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status, when the registry answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Registry { status, .. } | Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether a retry may succeed: a server error (5xx) or a connection
    /// that could not be made. Never a 4xx: the same request gets the same
    /// answer. Not a timeout either: the request may still be running, and
    /// retrying a hung registry would multiply the wait.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { connect, .. } => *connect,
            _ => self.status().is_some_and(|s| s >= 500),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Registry {
                request,
                status,
                code,
                message,
            } => write!(
                f,
                "{request}: the registry answered {status} with error {code}: {message}"
            ),
            Error::Status {
                request,
                status,
                body,
            } => write!(f, "{request}: the registry answered {status}: {body:?}"),
            Error::Transport {
                request, message, ..
            } => write!(f, "{request}: {message}"),
            Error::Timeout { request } => write!(f, "{request}: no answer within the timeout"),
            Error::ResponseTooLarge { request, limit } => {
                write!(f, "{request}: the response is longer than {limit} bytes")
            }
            Error::InvalidResponse { request, reason } => {
                write!(f, "{request}: unexpected response: {reason}")
            }
            Error::Schema { what, reason } => write!(f, "the schema of {what}: {reason}"),
            Error::References(e) => write!(f, "{e}"),
            Error::Framing(reason) | Error::Subject(reason) | Error::Config(reason) => {
                f.write_str(reason)
            }
        }
    }
}

impl std::error::Error for Error {}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceError::Cycle(chain) => {
                write!(f, "schema references loop: {}", chain.join(" -> "))
            }
            ReferenceError::TooDeep { limit } => {
                write!(f, "schema references nest deeper than {limit}")
            }
            ReferenceError::TooMany { limit } => {
                write!(f, "a schema references more than {limit} schemas")
            }
        }
    }
}

/// The registry's answer for a schema id it does not have becomes avrox's
/// own unknown-id error, so `ConfluentReader` users match one kind; any
/// other error is carried as the source of an I/O error, keeping its
/// message.
pub(crate) fn to_avrox(error: Error, id: Option<u32>) -> avrox::Error {
    match (error.code(), id) {
        (Some(ErrorCode::SchemaNotFound), Some(id)) => {
            avrox::Error::new(avrox::ErrorKind::UnknownSchemaId(id))
        }
        _ => std::io::Error::other(error).into(),
    }
}
