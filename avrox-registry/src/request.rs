//! The requests of the REST API, built without doing any I/O: a method, a
//! path (with its query) and a body. Both clients send these; a user with
//! an HTTP stack of their own can send them too.

use std::fmt;

use avrox::resolve::Compatibility;

use crate::model::{SchemaSource, Version};

/// The content type of every request body and of every answer.
pub const CONTENT_TYPE: &str = "application/vnd.schemaregistry.v1+json";

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One request to a registry: the method, the path from the registry's
/// base URL (with its query), and the JSON body.
///
/// ```
/// use avrox_registry::{Request, Method, Version};
///
/// let request = Request::version("orders value", Version::Latest);
/// assert_eq!(request.method, Method::Get);
/// assert_eq!(request.path, "/subjects/orders%20value/versions/latest");
/// assert_eq!(request.to_string(), "GET /subjects/orders%20value/versions/latest");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path, starting with `/`, query included.
    pub path: String,
    /// The JSON body, for `POST` and `PUT`.
    pub body: Option<Vec<u8>>,
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method.as_str(), self.path)
    }
}

impl Request {
    fn get(path: String) -> Request {
        Request {
            method: Method::Get,
            path,
            body: None,
        }
    }

    fn with_body(method: Method, path: String, body: &impl serde::Serialize) -> Request {
        // Serializing these plain structs of strings and numbers cannot fail.
        let body = serde_json::to_vec(body).unwrap_or_default();
        Request {
            method,
            path,
            body: Some(body),
        }
    }

    /// `POST /subjects/{subject}/versions`: registers a schema (or finds it
    /// registered) under a subject; the answer names its id.
    pub fn register(subject: &str, schema: &SchemaSource) -> Request {
        let path = format!("/subjects/{}/versions", encode(subject));
        Request::with_body(Method::Post, path, schema)
    }

    /// `POST /subjects/{subject}`: the version and id a schema has under a
    /// subject, without registering it.
    pub fn lookup(subject: &str, schema: &SchemaSource) -> Request {
        let path = format!("/subjects/{}", encode(subject));
        Request::with_body(Method::Post, path, schema)
    }

    /// `GET /schemas/ids/{id}`: a schema by its global id.
    pub fn schema_by_id(id: u32) -> Request {
        Request::get(format!("/schemas/ids/{id}"))
    }

    /// `GET /schemas/guids/{guid}`: a schema by its GUID (text form).
    pub fn schema_by_guid(guid: &str) -> Request {
        Request::get(format!("/schemas/guids/{}", encode(guid)))
    }

    /// `GET /schemas/ids/{id}/versions`: the subjects and versions a schema
    /// id is registered as.
    pub fn id_versions(id: u32) -> Request {
        Request::get(format!("/schemas/ids/{id}/versions"))
    }

    /// `GET /schemas/types`: the schema types the registry knows.
    pub fn schema_types() -> Request {
        Request::get("/schemas/types".into())
    }

    /// `GET /subjects`: every subject.
    pub fn subjects() -> Request {
        Request::get("/subjects".into())
    }

    /// `GET /subjects/{subject}/versions`: a subject's version numbers.
    pub fn versions(subject: &str) -> Request {
        Request::get(format!("/subjects/{}/versions", encode(subject)))
    }

    /// `GET /subjects/{subject}/versions/{version}`: one version.
    pub fn version(subject: &str, version: Version) -> Request {
        Request::get(format!("/subjects/{}/versions/{version}", encode(subject)))
    }

    /// `DELETE /subjects/{subject}/versions/{version}`: a soft delete of one
    /// version; the answer is the version number.
    pub fn delete_version(subject: &str, version: Version) -> Request {
        Request {
            method: Method::Delete,
            path: format!("/subjects/{}/versions/{version}", encode(subject)),
            body: None,
        }
    }

    /// `GET /config` or `GET /config/{subject}`: the global level, or a
    /// subject's (falling back to the global one).
    pub fn compatibility_level(subject: Option<&str>) -> Request {
        match subject {
            None => Request::get("/config".into()),
            Some(s) => Request::get(format!("/config/{}?defaultToGlobal=true", encode(s))),
        }
    }

    /// `PUT /config` or `PUT /config/{subject}`: sets a level.
    pub fn set_compatibility_level(subject: Option<&str>, level: Compatibility) -> Request {
        let path = match subject {
            None => "/config".to_owned(),
            Some(s) => format!("/config/{}", encode(s)),
        };
        let body = serde_json::json!({ "compatibility": level.as_str() });
        Request::with_body(Method::Put, path, &body)
    }

    /// `POST /compatibility/subjects/{subject}/versions/{version}`, or
    /// against every version with `None`: whether a schema is compatible,
    /// at the subject's level, with the reasons when it is not.
    pub fn test_compatibility(
        subject: &str,
        version: Option<Version>,
        schema: &SchemaSource,
    ) -> Request {
        let path = match version {
            Some(v) => format!(
                "/compatibility/subjects/{}/versions/{v}?verbose=true",
                encode(subject)
            ),
            None => format!(
                "/compatibility/subjects/{}/versions?verbose=true",
                encode(subject)
            ),
        };
        Request::with_body(Method::Post, path, schema)
    }
}

/// A path segment percent-encoded: subjects are free text (`orders-value`,
/// `com.acme.Order`, `a/b`), and a `/` or space in one must not change
/// the path.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode("a/b c%é"), "a%2Fb%20c%25%C3%A9");
        assert_eq!(encode("com.acme.Order-value_1~"), "com.acme.Order-value_1~");
    }
}
