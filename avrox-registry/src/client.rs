//! The async client: the sans-IO requests and responses sent with reqwest
//! on tokio, with retries, caches and single flight.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use avrox::Schema;
use avrox::framing::{ConfluentReader, SchemaRegistry};
use avrox::resolve::Compatibility;
use serde::de::DeserializeOwned;
use tokio::sync::OnceCell;

use crate::cache::lock;
use crate::config::Core;
use crate::error::{Error, Result, to_avrox};
use crate::model::{CompatibilityReport, RegisteredSchema, SchemaSource, SubjectVersion, Version};
use crate::references::{Step, Walk};
use crate::request::Request;
use crate::response::{self, parse_response};
use crate::wire::SchemaId;

type Flight = Arc<OnceCell<Result<Arc<Schema>>>>;

/// An async client of a Confluent-compatible schema registry (Confluent,
/// Karapace, Redpanda, Apicurio's compatibility API).
///
/// Cloning is cheap and clones share the connection pool and the caches.
/// Schemas by id and ids by (subject, schema) are cached, bounded (see
/// [`ClientBuilder::cache_capacity`](crate::ClientBuilder::cache_capacity)),
/// and concurrent lookups of one id not cached yet make one request.
///
/// ```
/// use avrox::Schema;
/// use avrox_registry::Client;
/// use avrox_registry_test::TestRegistry;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let registry = TestRegistry::start()?;
/// let client = Client::new(registry.url())?;
///
/// let schema = Schema::parse(r#"{"type": "record", "name": "Order",
///     "fields": [{"name": "id", "type": "long"}]}"#)?;
/// let id = client.register("orders-value", &schema).await?;
/// assert_eq!(client.schema_by_id(id).await?.canonical_form(), schema.canonical_form());
/// assert_eq!(client.latest("orders-value").await?.version, 1);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    core: Arc<Core>,
    flights: Arc<Mutex<HashMap<u32, Flight>>>,
}

impl Client {
    pub(crate) fn from_parts(http: reqwest::Client, core: Arc<Core>) -> Client {
        Client {
            http,
            core,
            flights: Arc::default(),
        }
    }

    /// A client of the registry at `url` with the defaults of
    /// [`ClientBuilder`](crate::ClientBuilder).
    pub fn new(url: impl Into<String>) -> Result<Client> {
        crate::ClientBuilder::new(url).build()
    }

    /// Sends `request`, with retries, and reads the answer as `T`.
    pub async fn send<T: DeserializeOwned>(&self, request: &Request) -> Result<T> {
        let mut retry = 0;
        loop {
            let result = match self.attempt(request).await {
                Ok((status, body)) => parse_response(request, status, &body),
                Err(e) => Err(e),
            };
            match result {
                Err(e) => match self.core.retry.next(retry, &e) {
                    Some(wait) => {
                        tokio::time::sleep(wait).await;
                        retry += 1;
                    }
                    None => return Err(e),
                },
                ok => return ok,
            }
        }
    }

    async fn attempt(&self, request: &Request) -> Result<(u16, Vec<u8>)> {
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
        let mut response = builder
            .send()
            .await
            .map_err(|e| Core::transport(request, &e))?;
        let status = response.status().as_u16();
        let limit = self.core.max_response_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(self.core.too_large(request));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Core::transport(request, &e))?
        {
            if body.len() + chunk.len() > limit {
                return Err(self.core.too_large(request));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, body))
    }

    /// Registers `schema` under `subject` (or finds it registered) and
    /// returns its id. Cached: the same (subject, schema) asks once.
    pub async fn register(&self, subject: &str, schema: &Schema) -> Result<u32> {
        self.register_source(subject, &SchemaSource::avro(schema.to_string()))
            .await
    }

    /// Registers a schema given as text, with its references.
    pub async fn register_source(&self, subject: &str, source: &SchemaSource) -> Result<u32> {
        let key = (subject.to_owned(), source.schema.clone());
        if let Some(id) = lock(&self.core.caches.ids).get(&key) {
            return Ok(id);
        }
        let registered: response::Registered =
            self.send(&Request::register(subject, source)).await?;
        lock(&self.core.caches.ids).insert(key, registered.id);
        Ok(registered.id)
    }

    /// The id `schema` has under `subject`, without registering it: a
    /// [`ErrorCode::SchemaNotFound`](crate::ErrorCode::SchemaNotFound) or
    /// [`SubjectNotFound`](crate::ErrorCode::SubjectNotFound) error if it
    /// is not there. Cached.
    pub async fn id_of(&self, subject: &str, schema: &Schema) -> Result<u32> {
        let text = schema.to_string();
        let key = (subject.to_owned(), text);
        if let Some(id) = lock(&self.core.caches.ids).get(&key) {
            return Ok(id);
        }
        let found = self
            .lookup(subject, &SchemaSource::avro(key.1.clone()))
            .await?;
        lock(&self.core.caches.ids).insert(key, found.id);
        Ok(found.id)
    }

    /// `POST /subjects/{subject}`: how a schema is registered under a
    /// subject (id, version), without registering it. Not cached.
    pub async fn lookup(&self, subject: &str, source: &SchemaSource) -> Result<RegisteredSchema> {
        self.send(&Request::lookup(subject, source)).await
    }

    /// The schema with this id, its references resolved, parsed. Cached;
    /// concurrent calls for one id not cached make one request.
    pub async fn schema_by_id(&self, id: u32) -> Result<Arc<Schema>> {
        if let Some(schema) = lock(&self.core.caches.by_id).get(&id) {
            return Ok(schema);
        }
        let flight: Flight = lock(&self.flights).entry(id).or_default().clone();
        let _landing = Landing {
            flights: &self.flights,
            id,
            flight: &flight,
        };
        flight
            .get_or_init(|| async {
                let schema = self.fetch_by_id(id).await.map(Arc::new);
                if let Ok(schema) = &schema {
                    lock(&self.core.caches.by_id).insert(id, schema.clone());
                }
                schema
            })
            .await
            .clone()
    }

    async fn fetch_by_id(&self, id: u32) -> Result<Schema> {
        let found: response::SchemaById = self.send(&Request::schema_by_id(id)).await?;
        self.resolve_named(format!("id {id}"), found.source).await
    }

    /// The schema a message names: by id, GUID or (Apicurio) global id.
    /// A global id is asked for as an id, which is how Apicurio's
    /// Confluent-compatible API serves them when its ids are global ids.
    pub async fn schema_for(&self, id: SchemaId) -> Result<Arc<Schema>> {
        match id {
            SchemaId::Id(id) => self.schema_by_id(id).await,
            SchemaId::GlobalId(global) => match u32::try_from(global) {
                Ok(id) => self.schema_by_id(id).await,
                Err(_) => Err(Error::Framing(format!(
                    "the global id {global} does not fit the registry API's 4-byte ids"
                ))),
            },
            SchemaId::Guid(_) => {
                let guid = id.to_string();
                if let Some(schema) = lock(&self.core.caches.by_guid).get(&guid) {
                    return Ok(schema);
                }
                let found: response::SchemaById =
                    self.send(&Request::schema_by_guid(&guid)).await?;
                let schema = Arc::new(
                    self.resolve_named(format!("GUID {guid}"), found.source)
                        .await?,
                );
                lock(&self.core.caches.by_guid).insert(guid, schema.clone());
                Ok(schema)
            }
        }
    }

    /// The raw schema with this id: text, type and references. Not cached.
    pub async fn source_by_id(&self, id: u32) -> Result<SchemaSource> {
        let found: response::SchemaById = self.send(&Request::schema_by_id(id)).await?;
        Ok(found.source)
    }

    /// Parses `source`, fetching the schemas it references (and theirs),
    /// at most [`max_reference_depth`](crate::ClientBuilder::max_reference_depth)
    /// deep; a loop is an error.
    pub async fn resolve(&self, source: &SchemaSource) -> Result<Schema> {
        self.resolve_named("the given schema".into(), source.clone())
            .await
    }

    async fn resolve_named(&self, what: String, source: SchemaSource) -> Result<Schema> {
        let mut walk = Walk::new(
            what,
            source,
            self.core.max_reference_depth,
            self.core.max_references,
        )?;
        loop {
            match walk.next()? {
                Step::Fetch(subject, version) => {
                    let found = self.version(&subject, version).await?;
                    walk.supply(found.source)?;
                }
                Step::Done(schema) => return Ok(schema),
            }
        }
    }

    /// One version of a subject.
    pub async fn version(&self, subject: &str, version: Version) -> Result<RegisteredSchema> {
        self.send(&Request::version(subject, version)).await
    }

    /// The latest version of a subject.
    pub async fn latest(&self, subject: &str) -> Result<RegisteredSchema> {
        self.version(subject, Version::Latest).await
    }

    /// A subject's version numbers, oldest first.
    pub async fn versions(&self, subject: &str) -> Result<Vec<u32>> {
        self.send(&Request::versions(subject)).await
    }

    /// Every subject.
    pub async fn subjects(&self) -> Result<Vec<String>> {
        self.send(&Request::subjects()).await
    }

    /// The subjects and versions a schema id is registered as.
    pub async fn id_versions(&self, id: u32) -> Result<Vec<SubjectVersion>> {
        self.send(&Request::id_versions(id)).await
    }

    /// The schema types the registry knows (`AVRO`, ...).
    pub async fn schema_types(&self) -> Result<Vec<String>> {
        self.send(&Request::schema_types()).await
    }

    /// Deletes one version of a subject (a soft delete: its id still
    /// resolves); returns the version deleted.
    pub async fn delete_version(&self, subject: &str, version: Version) -> Result<u32> {
        self.send(&Request::delete_version(subject, version)).await
    }

    /// The compatibility level of a subject (its own, else the global one),
    /// or with `None` the global one.
    pub async fn compatibility_level(&self, subject: Option<&str>) -> Result<Compatibility> {
        let request = Request::compatibility_level(subject);
        let config: response::Config = self.send(&request).await?;
        level_of(&request, &config.level)
    }

    /// Sets the compatibility level of a subject, or with `None` the global
    /// one; returns the level set.
    pub async fn set_compatibility_level(
        &self,
        subject: Option<&str>,
        level: Compatibility,
    ) -> Result<Compatibility> {
        let request = Request::set_compatibility_level(subject, level);
        let config: response::Config = self.send(&request).await?;
        level_of(&request, &config.level)
    }

    /// Whether `source` is compatible, at the subject's level, with one
    /// version of the subject (`Some`) or with all of them (`None`).
    pub async fn test_compatibility(
        &self,
        subject: &str,
        version: Option<Version>,
        source: &SchemaSource,
    ) -> Result<CompatibilityReport> {
        self.send(&Request::test_compatibility(subject, version, source))
            .await
    }

    /// A view of this client's schema cache that implements avrox's
    /// (blocking) [`SchemaRegistry`], for a [`ConfluentReader`]: it answers
    /// from the cache only. [`decode`](Client::decode) fetches a message's
    /// schema first, then reads it through the reader.
    pub fn cached(&self) -> CachedSchemas {
        CachedSchemas {
            core: self.core.clone(),
        }
    }

    /// Decodes a Confluent message (`00` + id) through `reader`, fetching
    /// its writer schema first if the cache does not have it.
    ///
    /// ```
    /// use avrox::framing::ConfluentReader;
    /// use avrox::Avro;
    /// use avrox_registry::Client;
    /// use avrox_registry_test::TestRegistry;
    ///
    /// #[derive(Avro, Debug, PartialEq)]
    /// struct Ping { seq: i64 }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let registry = TestRegistry::start()?;
    /// let client = Client::new(registry.url())?;
    /// let id = client.register("pings-value", <Ping as avrox::AvroSchema>::schema()).await?;
    /// let mut message = avrox_registry::SchemaId::Id(id).to_bytes();
    /// message.extend(avrox::to_vec(&Ping { seq: 7 })?);
    ///
    /// let reader = ConfluentReader::new(client.cached());
    /// let ping: Ping = client.decode(&reader, &message).await?;
    /// assert_eq!(ping, Ping { seq: 7 });
    /// # Ok(())
    /// # }
    /// ```
    pub async fn decode<T: avrox::ReadDatum + 'static>(
        &self,
        reader: &ConfluentReader<CachedSchemas>,
        message: &[u8],
    ) -> avrox::Result<T> {
        let (id, _) = avrox::framing::confluent_schema_id(message)?;
        // A small cache shared with other tasks may drop the schema between
        // the fetch and the read; fetching again is then the right thing.
        for _ in 0..3 {
            self.schema_by_id(id)
                .await
                .map_err(|e| to_avrox(e, Some(id)))?;
            match reader.decode(message) {
                Err(e) if matches!(e.kind(), avrox::ErrorKind::Io(_)) => continue,
                other => return other,
            }
        }
        reader.decode(message)
    }

    /// How many schemas the id cache holds.
    pub fn cached_schemas(&self) -> usize {
        lock(&self.core.caches.by_id).len()
    }
}

/// Ends a flight when a caller is done with it, answered or cancelled:
/// later calls read the cache, or, after an error, ask again, and the map
/// of flights holds only lookups under way, however many ids come.
struct Landing<'a> {
    flights: &'a Mutex<HashMap<u32, Flight>>,
    id: u32,
    flight: &'a Flight,
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        let mut flights = lock(self.flights);
        if flights
            .get(&self.id)
            .is_some_and(|f| Arc::ptr_eq(f, self.flight))
        {
            flights.remove(&self.id);
        }
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

/// The schemas an async [`Client`] has fetched, as avrox's blocking
/// [`SchemaRegistry`]: see [`Client::cached`].
#[derive(Clone, Debug)]
pub struct CachedSchemas {
    core: Arc<Core>,
}

impl SchemaRegistry for CachedSchemas {
    fn schema_by_id(&self, id: u32) -> avrox::Result<Arc<Schema>> {
        lock(&self.core.caches.by_id).get(&id).ok_or_else(|| {
            std::io::Error::other(format!(
                "schema id {id} is not in the client's cache: fetch it with Client::schema_by_id first"
            ))
            .into()
        })
    }

    fn id_of(&self, subject: &str, schema: &Schema) -> avrox::Result<u32> {
        let key = (subject.to_owned(), schema.to_string());
        lock(&self.core.caches.ids).get(&key).ok_or_else(|| {
            std::io::Error::other(format!(
                "the schema's id under {subject:?} is not in the client's cache: \
                 get it with Client::register or Client::id_of first"
            ))
            .into()
        })
    }
}
