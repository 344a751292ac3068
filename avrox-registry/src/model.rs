//! The data of the REST API, as the registry sends and takes it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A schema as the registry stores it: its text, its type and the schemas
/// it refers to by name.
///
/// ```
/// use avrox_registry::SchemaSource;
///
/// let source = SchemaSource::avro(r#""long""#);
/// assert_eq!(source.schema_type, None);
/// assert!(source.references.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SchemaSource {
    /// The schema's JSON text.
    pub schema: String,
    /// `AVRO`, `JSON` or `PROTOBUF`; absent means Avro.
    #[serde(
        rename = "schemaType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub schema_type: Option<String>,
    /// The registered schemas whose named types this one uses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<SchemaReference>,
}

impl SchemaSource {
    /// An Avro schema with no references.
    pub fn avro(schema: impl Into<String>) -> SchemaSource {
        SchemaSource {
            schema: schema.into(),
            schema_type: None,
            references: Vec::new(),
        }
    }

    /// An Avro schema that uses the named types of `references`.
    pub fn avro_with_references(
        schema: impl Into<String>,
        references: Vec<SchemaReference>,
    ) -> SchemaSource {
        SchemaSource {
            schema: schema.into(),
            schema_type: None,
            references,
        }
    }

    /// Whether the schema is Avro (no type, or `AVRO`).
    pub fn is_avro(&self) -> bool {
        self.schema_type.as_deref().is_none_or(|t| t == "AVRO")
    }
}

/// A named type registered under another subject that a schema uses.
///
/// ```
/// use avrox_registry::SchemaReference;
///
/// let address = SchemaReference::new("com.acme.Address", "address-value", 1);
/// assert_eq!(address.subject, "address-value");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SchemaReference {
    /// The type's fullname, as the referring schema writes it.
    pub name: String,
    /// The subject it is registered under.
    pub subject: String,
    /// The version under that subject; `-1` means the latest.
    pub version: i32,
}

impl SchemaReference {
    /// A reference to `name`, version `version` of `subject`.
    pub fn new(name: impl Into<String>, subject: impl Into<String>, version: i32) -> Self {
        SchemaReference {
            name: name.into(),
            subject: subject.into(),
            version,
        }
    }

    /// The version to fetch.
    pub fn version_selector(&self) -> Version {
        u32::try_from(self.version).map_or(Version::Latest, Version::Number)
    }
}

/// A schema registered under a subject, as `GET
/// /subjects/{subject}/versions/{version}` and `POST /subjects/{subject}`
/// answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RegisteredSchema {
    /// The subject.
    pub subject: String,
    /// The schema's global id.
    pub id: u32,
    /// Its version under the subject, from 1.
    pub version: u32,
    /// The schema itself.
    #[serde(flatten)]
    pub source: SchemaSource,
    /// The schema's GUID, where the registry gives one (Confluent 8 and
    /// later), as text (`6f8c...-...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
}

/// A version of a subject: a number, or the latest.
///
/// ```
/// use avrox_registry::Version;
///
/// assert_eq!(Version::Latest.to_string(), "latest");
/// assert_eq!(Version::Number(3).to_string(), "3");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// Version `n`, counting from 1.
    Number(u32),
    /// The latest version not deleted.
    Latest,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Version::Number(n) => write!(f, "{n}"),
            Version::Latest => f.write_str("latest"),
        }
    }
}

impl From<u32> for Version {
    fn from(n: u32) -> Version {
        Version::Number(n)
    }
}

/// A subject and version a schema id is registered as (`GET
/// /schemas/ids/{id}/versions`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubjectVersion {
    /// The subject.
    pub subject: String,
    /// The version.
    pub version: u32,
}

/// The answer to a compatibility test: compatible or not, with the
/// registry's reasons when it gives them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CompatibilityReport {
    /// Whether the schema is compatible.
    pub is_compatible: bool,
    /// The reasons it is not (asked for with `verbose=true`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<String>,
}
