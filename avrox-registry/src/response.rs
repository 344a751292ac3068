//! Reading the registry's answers, without doing any I/O: a status and a
//! body become the typed result or a typed error.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorCode, Result};
use crate::request::Request;

/// How much of an unexpected body an error message quotes.
const QUOTED_BODY: usize = 200;

/// The answer to `request` (status and body) as `T`, or the registry's
/// error.
///
/// A success status with a body that is not `T`'s JSON is
/// [`Error::InvalidResponse`]; an error status with the registry's
/// `{"error_code", "message"}` body is [`Error::Registry`]; with any other
/// body it is [`Error::Status`].
///
/// ```
/// use avrox_registry::{Error, ErrorCode, Request, parse_response};
///
/// let request = Request::schema_by_id(7);
/// let error = parse_response::<serde_json::Value>(
///     &request,
///     404,
///     br#"{"error_code": 40403, "message": "Schema 7 not found"}"#,
/// )
/// .unwrap_err();
/// assert_eq!(error.code(), Some(ErrorCode::SchemaNotFound));
/// assert_eq!(
///     error.to_string(),
///     "GET /schemas/ids/7: the registry answered 404 with error 40403: Schema 7 not found"
/// );
/// ```
pub fn parse_response<T: DeserializeOwned>(
    request: &Request,
    status: u16,
    body: &[u8],
) -> Result<T> {
    if (200..300).contains(&status) {
        return serde_json::from_slice(body).map_err(|e| Error::InvalidResponse {
            request: request.to_string(),
            reason: format!("{e} in {}", quote(body)),
        });
    }
    #[derive(Deserialize)]
    struct RegistryError {
        error_code: i64,
        #[serde(default)]
        message: String,
    }
    match serde_json::from_slice::<RegistryError>(body) {
        Ok(e) => Err(Error::Registry {
            request: request.to_string(),
            status,
            code: ErrorCode::from_code(e.error_code),
            message: e.message,
        }),
        Err(_) => Err(Error::Status {
            request: request.to_string(),
            status,
            body: quote(body),
        }),
    }
}

/// The start of a body, as text, for a message.
fn quote(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(QUOTED_BODY) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.into_owned(),
    }
}

/// The body of `GET /schemas/ids/{id}` and `/schemas/guids/{guid}`.
#[derive(Deserialize)]
pub(crate) struct SchemaById {
    #[serde(flatten)]
    pub(crate) source: crate::model::SchemaSource,
}

/// The body of `POST /subjects/{subject}/versions`.
#[derive(Deserialize)]
pub(crate) struct Registered {
    pub(crate) id: u32,
}

/// The body of `GET /config`.
#[derive(Deserialize)]
pub(crate) struct Config {
    #[serde(rename = "compatibilityLevel", alias = "compatibility")]
    pub(crate) level: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_on_a_char_boundary() {
        let body = "é".repeat(300);
        let quoted = quote(body.as_bytes());
        assert_eq!(quoted.chars().count(), QUOTED_BODY + 3);
    }
}
