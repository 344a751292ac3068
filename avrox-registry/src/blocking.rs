//! The blocking client: the same requests, responses, retries and caches
//! as the async [`Client`](crate::Client), over reqwest's blocking client.
//!
//! It implements avrox's [`SchemaRegistry`], so a
//! [`ConfluentReader`](avrox::framing::ConfluentReader) reads messages
//! through it directly. Like `reqwest::blocking`, it must not be built,
//! used or dropped inside an async runtime; use the async client there.

use std::io::Read as _;
use std::sync::Arc;

use avrox::Schema;
use avrox::framing::SchemaRegistry;
use avrox::resolve::Compatibility;
use serde::de::DeserializeOwned;

use crate::cache::lock;
use crate::config::Core;
use crate::error::{Error, Result, to_avrox};
use crate::model::{CompatibilityReport, RegisteredSchema, SchemaSource, SubjectVersion, Version};
use crate::references::{Step, Walk};
use crate::request::Request;
use crate::response::{self, parse_response};
use crate::wire::SchemaId;

/// A blocking client of a Confluent-compatible schema registry.
///
/// ```
/// use avrox::framing::ConfluentReader;
/// use avrox::{Avro, Schema};
/// use avrox_registry::blocking::Client;
/// use avrox_registry_test::TestRegistry;
///
/// #[derive(Avro, Debug, PartialEq)]
/// struct Order { id: i64, #[avro(default)] note: String }
///
/// let registry = TestRegistry::start()?;
/// let client = Client::new(registry.url())?;
/// // An older producer's schema, without `note`.
/// let old = Schema::parse(r#"{"type": "record", "name": "Order",
///     "fields": [{"name": "id", "type": "long"}]}"#)?;
/// let id = client.register("orders-value", &old)?;
/// let mut message = avrox_registry::SchemaId::Id(id).to_bytes();
/// message.push(0x54); // id = 42
///
/// let reader = ConfluentReader::new(client);
/// let order: Order = reader.decode(&message)?;
/// assert_eq!(order, Order { id: 42, note: String::new() });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::blocking::Client,
    core: Arc<Core>,
}

impl Client {
    pub(crate) fn from_parts(http: reqwest::blocking::Client, core: Arc<Core>) -> Client {
        Client { http, core }
    }

    /// A client of the registry at `url` with the defaults of
    /// [`ClientBuilder`](crate::ClientBuilder).
    pub fn new(url: impl Into<String>) -> Result<Client> {
        crate::ClientBuilder::new(url).build_blocking()
    }

    /// Sends `request`, with retries, and reads the answer as `T`.
    pub fn send<T: DeserializeOwned>(&self, request: &Request) -> Result<T> {
        let mut retry = 0;
        loop {
            let result = self
                .attempt(request)
                .and_then(|(status, body)| parse_response(request, status, &body));
            match result {
                Err(e) => match self.core.retry.next(retry, &e) {
                    Some(wait) => {
                        std::thread::sleep(wait);
                        retry += 1;
                    }
                    None => return Err(e),
                },
                ok => return ok,
            }
        }
    }

    fn attempt(&self, request: &Request) -> Result<(u16, Vec<u8>)> {
        let mut builder = self
            .http
            .request(Core::method(request), self.core.url(request))
            .header(reqwest::header::ACCEPT, Core::CONTENT_TYPE);
        if let Some(body) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, Core::CONTENT_TYPE)
                .body(body.clone());
        }
        builder = match &self.core.auth {
            Some(crate::Auth::Basic { username, password }) => {
                builder.basic_auth(username, Some(password))
            }
            Some(crate::Auth::Bearer(token)) => builder.bearer_auth(token),
            None => builder,
        };
        let response = builder.send().map_err(|e| Core::transport(request, &e))?;
        let status = response.status().as_u16();
        let limit = self.core.max_response_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(self.core.too_large(request));
        }
        let mut body = Vec::new();
        response
            .take(limit as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| read_error(request, e))?;
        if body.len() > limit {
            return Err(self.core.too_large(request));
        }
        Ok((status, body))
    }

    /// Registers `schema` under `subject` (or finds it registered) and
    /// returns its id. Cached: the same (subject, schema) asks once.
    pub fn register(&self, subject: &str, schema: &Schema) -> Result<u32> {
        self.register_source(subject, &SchemaSource::avro(schema.to_string()))
    }

    /// Registers a schema given as text, with its references.
    pub fn register_source(&self, subject: &str, source: &SchemaSource) -> Result<u32> {
        let key = (subject.to_owned(), source.schema.clone());
        if let Some(id) = lock(&self.core.caches.ids).get(&key) {
            return Ok(id);
        }
        let registered: response::Registered = self.send(&Request::register(subject, source))?;
        lock(&self.core.caches.ids).insert(key, registered.id);
        Ok(registered.id)
    }

    /// The id `schema` has under `subject`, without registering it. Cached.
    pub fn id_of(&self, subject: &str, schema: &Schema) -> Result<u32> {
        let key = (subject.to_owned(), schema.to_string());
        if let Some(id) = lock(&self.core.caches.ids).get(&key) {
            return Ok(id);
        }
        let found = self.lookup(subject, &SchemaSource::avro(key.1.clone()))?;
        lock(&self.core.caches.ids).insert(key, found.id);
        Ok(found.id)
    }

    /// `POST /subjects/{subject}`: how a schema is registered under a
    /// subject, without registering it. Not cached.
    pub fn lookup(&self, subject: &str, source: &SchemaSource) -> Result<RegisteredSchema> {
        self.send(&Request::lookup(subject, source))
    }

    /// The schema with this id, its references resolved, parsed. Cached.
    pub fn schema_by_id(&self, id: u32) -> Result<Arc<Schema>> {
        if let Some(schema) = lock(&self.core.caches.by_id).get(&id) {
            return Ok(schema);
        }
        let found: response::SchemaById = self.send(&Request::schema_by_id(id))?;
        let schema = Arc::new(self.resolve_named(format!("id {id}"), found.source)?);
        lock(&self.core.caches.by_id).insert(id, schema.clone());
        Ok(schema)
    }

    /// The schema a message names: by id, GUID or (Apicurio) global id;
    /// see [`Client::schema_for`](crate::Client::schema_for).
    pub fn schema_for(&self, id: SchemaId) -> Result<Arc<Schema>> {
        match id {
            SchemaId::Id(id) => self.schema_by_id(id),
            SchemaId::GlobalId(global) => match u32::try_from(global) {
                Ok(id) => self.schema_by_id(id),
                Err(_) => Err(Error::Framing(format!(
                    "the global id {global} does not fit the registry API's 4-byte ids"
                ))),
            },
            SchemaId::Guid(_) => {
                let guid = id.to_string();
                if let Some(schema) = lock(&self.core.caches.by_guid).get(&guid) {
                    return Ok(schema);
                }
                let found: response::SchemaById = self.send(&Request::schema_by_guid(&guid))?;
                let schema = Arc::new(self.resolve_named(format!("GUID {guid}"), found.source)?);
                lock(&self.core.caches.by_guid).insert(guid, schema.clone());
                Ok(schema)
            }
        }
    }

    /// The raw schema with this id. Not cached.
    pub fn source_by_id(&self, id: u32) -> Result<SchemaSource> {
        let found: response::SchemaById = self.send(&Request::schema_by_id(id))?;
        Ok(found.source)
    }

    /// Parses `source`, fetching the schemas it references; see
    /// [`Client::resolve`](crate::Client::resolve).
    pub fn resolve(&self, source: &SchemaSource) -> Result<Schema> {
        self.resolve_named("the given schema".into(), source.clone())
    }

    fn resolve_named(&self, what: String, source: SchemaSource) -> Result<Schema> {
        let mut walk = Walk::new(
            what,
            source,
            self.core.max_reference_depth,
            self.core.max_references,
        )?;
        loop {
            match walk.next()? {
                Step::Fetch(subject, version) => {
                    let found = self.version(&subject, version)?;
                    walk.supply(found.source)?;
                }
                Step::Done(schema) => return Ok(schema),
            }
        }
    }

    /// One version of a subject.
    pub fn version(&self, subject: &str, version: Version) -> Result<RegisteredSchema> {
        self.send(&Request::version(subject, version))
    }

    /// The latest version of a subject.
    pub fn latest(&self, subject: &str) -> Result<RegisteredSchema> {
        self.version(subject, Version::Latest)
    }

    /// A subject's version numbers, oldest first.
    pub fn versions(&self, subject: &str) -> Result<Vec<u32>> {
        self.send(&Request::versions(subject))
    }

    /// Every subject.
    pub fn subjects(&self) -> Result<Vec<String>> {
        self.send(&Request::subjects())
    }

    /// The subjects and versions a schema id is registered as.
    pub fn id_versions(&self, id: u32) -> Result<Vec<SubjectVersion>> {
        self.send(&Request::id_versions(id))
    }

    /// The schema types the registry knows.
    pub fn schema_types(&self) -> Result<Vec<String>> {
        self.send(&Request::schema_types())
    }

    /// Deletes one version of a subject (soft); returns the version deleted.
    pub fn delete_version(&self, subject: &str, version: Version) -> Result<u32> {
        self.send(&Request::delete_version(subject, version))
    }

    /// The compatibility level of a subject (else the global one), or with
    /// `None` the global one.
    pub fn compatibility_level(&self, subject: Option<&str>) -> Result<Compatibility> {
        let request = Request::compatibility_level(subject);
        let config: response::Config = self.send(&request)?;
        level_of(&request, &config.level)
    }

    /// Sets the compatibility level of a subject, or the global one.
    pub fn set_compatibility_level(
        &self,
        subject: Option<&str>,
        level: Compatibility,
    ) -> Result<Compatibility> {
        let request = Request::set_compatibility_level(subject, level);
        let config: response::Config = self.send(&request)?;
        level_of(&request, &config.level)
    }

    /// Whether `source` is compatible with one version of the subject
    /// (`Some`) or with all of them (`None`).
    pub fn test_compatibility(
        &self,
        subject: &str,
        version: Option<Version>,
        source: &SchemaSource,
    ) -> Result<CompatibilityReport> {
        self.send(&Request::test_compatibility(subject, version, source))
    }

    /// How many schemas the id cache holds.
    pub fn cached_schemas(&self) -> usize {
        lock(&self.core.caches.by_id).len()
    }
}

fn level_of(request: &Request, name: &str) -> Result<Compatibility> {
    name.parse().map_err(
        |e: avrox::resolve::UnknownCompatibility| Error::InvalidResponse {
            request: request.to_string(),
            reason: e.to_string(),
        },
    )
}

/// A failure while reading the body: a timeout, or the connection lost.
fn read_error(request: &Request, error: std::io::Error) -> Error {
    let timed_out = error.kind() == std::io::ErrorKind::TimedOut
        || std::error::Error::source(&error)
            .and_then(|s| s.downcast_ref::<reqwest::Error>())
            .is_some_and(reqwest::Error::is_timeout);
    if timed_out {
        Error::Timeout {
            request: request.to_string(),
        }
    } else {
        Error::Transport {
            request: request.to_string(),
            message: error.to_string(),
            connect: false,
        }
    }
}

impl SchemaRegistry for Client {
    fn schema_by_id(&self, id: u32) -> avrox::Result<Arc<Schema>> {
        Client::schema_by_id(self, id).map_err(|e| to_avrox(e, Some(id)))
    }

    fn id_of(&self, subject: &str, schema: &Schema) -> avrox::Result<u32> {
        Client::id_of(self, subject, schema).map_err(|e| to_avrox(e, None))
    }
}
