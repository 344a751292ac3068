//! The registry's data and rules, apart from HTTP: each operation takes
//! plain arguments and returns the JSON to answer with, or the registry
//! error (code and message) to answer with.

use std::collections::{BTreeMap, HashMap};

use avrox::Schema;
use avrox::resolve::{Compatibility, check_history};
use avrox::schema::Parser;
use serde::Deserialize;
use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

/// A registry error: its `error_code` (the HTTP status is its first three
/// digits) and message.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) code: u32,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(code: u32, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn status(&self) -> u16 {
        let status = if self.code >= 10_000 {
            self.code / 100
        } else {
            self.code
        };
        u16::try_from(status).unwrap_or(500)
    }

    fn subject_not_found(subject: &str) -> ApiError {
        ApiError::new(40401, format!("Subject '{subject}' not found."))
    }

    fn version_not_found(subject: &str, version: &str) -> ApiError {
        ApiError::new(
            40402,
            format!("Version {version} not found for subject '{subject}'."),
        )
    }

    fn schema_not_found(what: impl std::fmt::Display) -> ApiError {
        ApiError::new(40403, format!("Schema {what} not found"))
    }

    fn invalid_schema(reason: impl std::fmt::Display) -> ApiError {
        ApiError::new(42201, format!("Invalid schema: {reason}"))
    }
}

pub(crate) type Answer = Result<Json, ApiError>;

/// A schema in a request body.
#[derive(Deserialize)]
pub(crate) struct SchemaBody {
    schema: String,
    #[serde(rename = "schemaType", default)]
    schema_type: Option<String>,
    #[serde(default)]
    references: Vec<Reference>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
pub(crate) struct Reference {
    name: String,
    subject: String,
    version: i64,
}

/// A schema with its global id.
#[derive(Debug)]
struct Stored {
    text: String,
    references: Vec<Reference>,
    parsed: Schema,
    guid: String,
}

#[derive(Debug)]
struct VersionEntry {
    version: u32,
    id: u32,
    deleted: bool,
}

#[derive(Debug, Default)]
struct Subject {
    versions: Vec<VersionEntry>,
    level: Option<Compatibility>,
}

impl Subject {
    fn live(&self) -> impl Iterator<Item = &VersionEntry> {
        self.versions.iter().filter(|v| !v.deleted)
    }
}

/// Everything the registry holds.
#[derive(Debug)]
pub(crate) struct State {
    /// Schema id `n` is `schemas[n - 1]`.
    schemas: Vec<Stored>,
    /// A schema's identity (its printed form and references) -> its id.
    ids: HashMap<String, u32>,
    subjects: BTreeMap<String, Subject>,
    level: Compatibility,
}

impl Default for State {
    fn default() -> State {
        State {
            schemas: Vec::new(),
            ids: HashMap::new(),
            subjects: BTreeMap::new(),
            level: Compatibility::Backward,
        }
    }
}

/// How deep references may nest; the registry only accepts references to
/// versions already registered, so they cannot loop.
const MAX_REFERENCE_DEPTH: usize = 32;

impl State {
    fn stored(&self, id: u32) -> Option<&Stored> {
        let index = usize::try_from(id).ok()?.checked_sub(1)?;
        self.schemas.get(index)
    }

    /// The entry of `version` (`latest`, `-1` or a number) of `subject`.
    fn entry(
        &self,
        subject: &str,
        version: &str,
        deleted: bool,
    ) -> Result<&VersionEntry, ApiError> {
        let entries = self
            .subjects
            .get(subject)
            .filter(|s| deleted || s.live().next().is_some())
            .ok_or_else(|| ApiError::subject_not_found(subject))?;
        if version == "latest" || version == "-1" {
            return entries
                .versions
                .iter()
                .rfind(|v| deleted || !v.deleted)
                .ok_or_else(|| ApiError::version_not_found(subject, version));
        }
        let number: u32 = version.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
            ApiError::new(
                42202,
                format!(
                    "The specified version '{version}' is not a valid version id. \
                         Allowed values are between [1, 2^31-1] and the string \"latest\""
                ),
            )
        })?;
        entries
            .versions
            .iter()
            .find(|v| v.version == number && (deleted || !v.deleted))
            .ok_or_else(|| ApiError::version_not_found(subject, version))
    }

    /// The schema of a request body parsed, with the schemas it references.
    fn parse(&self, body: &SchemaBody) -> Result<Schema, ApiError> {
        if body.schema_type.as_deref().is_some_and(|t| t != "AVRO") {
            return Err(ApiError::invalid_schema(format!(
                "this registry accepts AVRO schemas only, not {}",
                body.schema_type.as_deref().unwrap_or_default()
            )));
        }
        let mut texts = Vec::new();
        for reference in &body.references {
            self.referenced(reference, 1, &mut texts)?;
        }
        let mut parser = Parser::new();
        for text in &texts {
            parser.parse(text).map_err(ApiError::invalid_schema)?;
        }
        parser.parse(&body.schema).map_err(ApiError::invalid_schema)
    }

    /// Adds the texts `reference` needs, each after those it uses, once.
    fn referenced(
        &self,
        reference: &Reference,
        depth: usize,
        texts: &mut Vec<String>,
    ) -> Result<(), ApiError> {
        if depth > MAX_REFERENCE_DEPTH {
            return Err(ApiError::invalid_schema("references nest too deep"));
        }
        let entry = self
            .entry(&reference.subject, &reference.version.to_string(), false)
            .map_err(|e| {
                ApiError::invalid_schema(format!("reference {}: {}", reference.name, e.message))
            })?;
        let stored = self
            .stored(entry.id)
            .ok_or_else(|| ApiError::new(50001, "a version names a missing schema"))?;
        for inner in &stored.references {
            self.referenced(inner, depth + 1, texts)?;
        }
        if !texts.contains(&stored.text) {
            texts.push(stored.text.clone());
        }
        Ok(())
    }

    /// What makes two registrations the same schema: the schema as avrox
    /// prints it (whitespace and key order of the text do not matter,
    /// every attribute does) and its references.
    fn identity(schema: &Schema, body: &SchemaBody) -> String {
        format!(
            "{schema}\u{0}{}",
            serde_json::to_string(&body.references).unwrap_or_default()
        )
    }

    fn level_of(&self, subject: &str) -> Compatibility {
        self.subjects
            .get(subject)
            .and_then(|s| s.level)
            .unwrap_or(self.level)
    }

    /// The live schemas of a subject, oldest first.
    fn history(&self, subject: &str) -> Vec<Schema> {
        self.subjects
            .get(subject)
            .into_iter()
            .flat_map(Subject::live)
            .filter_map(|v| self.stored(v.id).map(|s| s.parsed.clone()))
            .collect()
    }

    /// `POST /subjects/{subject}/versions`.
    pub(crate) fn register(&mut self, subject: &str, body: &SchemaBody) -> Answer {
        let schema = self.parse(body)?;
        let identity = State::identity(&schema, body);
        let known = self.ids.get(&identity).copied();
        if let Some(id) = known
            && let Some(entry) = self
                .subjects
                .get(subject)
                .and_then(|s| s.live().find(|v| v.id == id))
        {
            return Ok(self.registered_json(subject, entry.version, id));
        }
        let level = self.level_of(subject);
        if let Err(issues) = check_history(level, &schema, &self.history(subject)) {
            let details: Vec<String> = issues.iter().map(ToString::to_string).collect();
            return Err(ApiError::new(
                409,
                format!(
                    "Schema being registered is incompatible with an earlier schema for subject \"{subject}\" \
                     at level {level}, details: [{}]",
                    details.join("; ")
                ),
            ));
        }
        let id = match known {
            Some(id) => id,
            None => {
                let id = u32::try_from(self.schemas.len() + 1)
                    .map_err(|_| ApiError::new(50001, "no ids left"))?;
                let digest = Sha256::digest(identity.as_bytes());
                self.schemas.push(Stored {
                    text: body.schema.clone(),
                    references: body.references.clone(),
                    parsed: schema,
                    guid: guid(&digest),
                });
                self.ids.insert(identity, id);
                id
            }
        };
        let entries = self.subjects.entry(subject.to_owned()).or_default();
        let version = entries.versions.last().map_or(1, |v| v.version + 1);
        entries.versions.push(VersionEntry {
            version,
            id,
            deleted: false,
        });
        Ok(self.registered_json(subject, version, id))
    }

    fn registered_json(&self, subject: &str, version: u32, id: u32) -> Json {
        let guid = self.stored(id).map(|s| s.guid.clone()).unwrap_or_default();
        json!({"id": id, "guid": guid, "subject": subject, "version": version})
    }

    fn version_json(&self, subject: &str, entry: &VersionEntry) -> Answer {
        let stored = self
            .stored(entry.id)
            .ok_or_else(|| ApiError::new(50001, "a version names a missing schema"))?;
        let mut answer = json!({
            "subject": subject,
            "version": entry.version,
            "id": entry.id,
            "guid": stored.guid,
            "schema": stored.text,
        });
        if !stored.references.is_empty() {
            answer["references"] = json!(stored.references);
        }
        Ok(answer)
    }

    /// `POST /subjects/{subject}`.
    pub(crate) fn lookup(&self, subject: &str, body: &SchemaBody, deleted: bool) -> Answer {
        let entries = self
            .subjects
            .get(subject)
            .filter(|s| deleted || s.live().next().is_some())
            .ok_or_else(|| ApiError::subject_not_found(subject))?;
        let schema = self.parse(body)?;
        let identity = State::identity(&schema, body);
        let entry = self
            .ids
            .get(&identity)
            .and_then(|id| {
                entries
                    .versions
                    .iter()
                    .rfind(|v| v.id == *id && (deleted || !v.deleted))
            })
            .ok_or_else(|| ApiError::schema_not_found("not found under this subject"))?;
        self.version_json(subject, entry)
    }

    /// `GET /subjects/{subject}/versions/{version}`.
    pub(crate) fn version(&self, subject: &str, version: &str, deleted: bool) -> Answer {
        let entry = self.entry(subject, version, deleted)?;
        self.version_json(subject, entry)
    }

    /// `GET /subjects/{subject}/versions`.
    pub(crate) fn versions(&self, subject: &str, deleted: bool) -> Answer {
        let entries = self
            .subjects
            .get(subject)
            .filter(|s| deleted || s.live().next().is_some())
            .ok_or_else(|| ApiError::subject_not_found(subject))?;
        let numbers: Vec<u32> = entries
            .versions
            .iter()
            .filter(|v| deleted || !v.deleted)
            .map(|v| v.version)
            .collect();
        Ok(json!(numbers))
    }

    /// `GET /subjects`.
    pub(crate) fn subjects(&self, deleted: bool) -> Answer {
        let names: Vec<&String> = self
            .subjects
            .iter()
            .filter(|(_, s)| deleted || s.live().next().is_some())
            .map(|(name, _)| name)
            .collect();
        Ok(json!(names))
    }

    /// `DELETE /subjects/{subject}/versions/{version}`.
    pub(crate) fn delete_version(
        &mut self,
        subject: &str,
        version: &str,
        permanent: bool,
    ) -> Answer {
        let entry = self.entry(subject, version, permanent)?;
        let number = entry.version;
        if permanent && !entry.deleted {
            return Err(ApiError::new(
                40407,
                format!(
                    "Subject '{subject}' Version {number} was not deleted first before being permanently deleted"
                ),
            ));
        }
        let used_by = self.schemas.iter().find(|s| {
            s.references
                .iter()
                .any(|r| r.subject == subject && u32::try_from(r.version).ok() == Some(number))
        });
        if used_by.is_some() && !permanent {
            return Err(ApiError::new(
                42206,
                format!(
                    "One or more references exist to the schema {{subject={subject}, version={number}}}"
                ),
            ));
        }
        let entries = self
            .subjects
            .get_mut(subject)
            .ok_or_else(|| ApiError::subject_not_found(subject))?;
        if permanent {
            entries.versions.retain(|v| v.version != number);
        } else if let Some(v) = entries.versions.iter_mut().find(|v| v.version == number) {
            v.deleted = true;
        }
        Ok(json!(number))
    }

    fn schema_json(stored: &Stored) -> Json {
        let mut answer = json!({"schema": stored.text, "guid": stored.guid});
        if !stored.references.is_empty() {
            answer["references"] = json!(stored.references);
        }
        answer
    }

    /// `GET /schemas/ids/{id}`. Ids are global, so a `subject` query
    /// (which Confluent uses to pick a context) changes nothing here.
    pub(crate) fn schema_by_id(&self, id: &str) -> Answer {
        let stored = id
            .parse()
            .ok()
            .and_then(|id| self.stored(id))
            .ok_or_else(|| ApiError::schema_not_found(id))?;
        Ok(State::schema_json(stored))
    }

    /// `GET /schemas/guids/{guid}`.
    pub(crate) fn schema_by_guid(&self, guid: &str) -> Answer {
        let stored = self
            .schemas
            .iter()
            .find(|s| s.guid.eq_ignore_ascii_case(guid))
            .ok_or_else(|| ApiError::schema_not_found(guid))?;
        Ok(State::schema_json(stored))
    }

    /// `GET /schemas/ids/{id}/versions`.
    pub(crate) fn id_versions(&self, id: &str) -> Answer {
        let id: u32 = id
            .parse()
            .ok()
            .filter(|id| self.stored(*id).is_some())
            .ok_or_else(|| ApiError::schema_not_found(id))?;
        let pairs: Vec<Json> = self
            .subjects
            .iter()
            .flat_map(|(name, s)| {
                s.live()
                    .filter(|v| v.id == id)
                    .map(move |v| json!({"subject": name, "version": v.version}))
            })
            .collect();
        Ok(json!(pairs))
    }

    /// `GET /schemas/ids/{id}/subjects`.
    pub(crate) fn id_subjects(&self, id: &str) -> Answer {
        let pairs = self.id_versions(id)?;
        let mut names: Vec<Json> = pairs
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| p["subject"].clone())
            .collect();
        names.dedup();
        Ok(json!(names))
    }

    /// `GET /config` or `GET /config/{subject}`.
    pub(crate) fn config(&self, subject: Option<&str>, default_to_global: bool) -> Answer {
        let level = match subject {
            None => self.level,
            Some(s) => match self.subjects.get(s).and_then(|s| s.level) {
                Some(level) => level,
                None if default_to_global => self.level,
                None => {
                    return Err(ApiError::new(
                        40408,
                        format!(
                            "Subject '{s}' does not have subject-level compatibility configured"
                        ),
                    ));
                }
            },
        };
        Ok(json!({"compatibilityLevel": level.as_str()}))
    }

    /// `PUT /config` or `PUT /config/{subject}`.
    pub(crate) fn set_config(&mut self, subject: Option<&str>, body: &Json) -> Answer {
        let name = body["compatibility"].as_str().unwrap_or_default();
        let level: Compatibility =
            name.parse()
                .map_err(|e: avrox::resolve::UnknownCompatibility| {
                    ApiError::new(42203, e.to_string())
                })?;
        match subject {
            None => self.level = level,
            Some(s) => self.subjects.entry(s.to_owned()).or_default().level = Some(level),
        }
        Ok(json!({"compatibility": level.as_str()}))
    }

    /// `DELETE /config/{subject}`: back to the global level.
    pub(crate) fn delete_config(&mut self, subject: &str) -> Answer {
        let previous = self.subjects.get_mut(subject).and_then(|s| s.level.take());
        let level = previous.unwrap_or(self.level);
        Ok(json!({"compatibilityLevel": level.as_str()}))
    }

    /// `POST /compatibility/subjects/{subject}/versions[/{version}]`.
    pub(crate) fn test_compatibility(
        &self,
        subject: &str,
        version: Option<&str>,
        body: &SchemaBody,
        verbose: bool,
    ) -> Answer {
        let schema = self.parse(body)?;
        let level = self.level_of(subject);
        let (level, against) = match version {
            Some(v) => {
                let entry = self.entry(subject, v, false)?;
                let stored = self
                    .stored(entry.id)
                    .ok_or_else(|| ApiError::new(50001, "a version names a missing schema"))?;
                (level.non_transitive(), vec![stored.parsed.clone()])
            }
            None => (level, self.history(subject)),
        };
        let messages: Vec<String> = match check_history(level, &schema, &against) {
            Ok(()) => Vec::new(),
            Err(issues) => issues.iter().map(ToString::to_string).collect(),
        };
        let mut answer = json!({"is_compatible": messages.is_empty()});
        if verbose {
            answer["messages"] = json!(messages);
        }
        Ok(answer)
    }
}

/// A GUID (RFC 9562 version 8: custom data) made from a schema's digest,
/// so the same schema gets the same GUID in every run.
fn guid(digest: &[u8]) -> String {
    let mut bytes = [0u8; 16];
    for (b, d) in bytes.iter_mut().zip(digest) {
        *b = *d;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
