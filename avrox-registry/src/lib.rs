//! A client of Confluent-compatible schema registries (Confluent Schema
//! Registry, Karapace, Redpanda, Apicurio's compatibility API) for
//! [avrox].
//!
//! - [`Client`] (async, reqwest on tokio) and [`blocking::Client`] send the
//!   same [`Request`]s and read the answers with the same
//!   [`parse_response`]: the REST API is a sans-IO core, and each client
//!   only moves bytes, retrying 5xx answers and failed connections with
//!   backoff ([`RetryPolicy`]), never a 4xx.
//! - Schemas by id and ids by (subject, schema) are cached and bounded;
//!   the async client makes one request for concurrent lookups of one id.
//! - Schema references are resolved recursively, with a depth limit and a
//!   loop check.
//! - [`SubjectNameStrategy`] names subjects as Confluent's serializers do;
//!   [`split`], [`detect`] and [`schema_id_from_headers`] read the ids
//!   messages carry (`00`+id, `01`+GUID, Apicurio's `00`+global id, or a
//!   Kafka header).
//!
//! The blocking client implements avrox's
//! [`SchemaRegistry`](avrox::framing::SchemaRegistry), so a
//! [`ConfluentReader`](avrox::framing::ConfluentReader) reads messages
//! through it; the async client offers [`Client::cached`] and
//! [`Client::decode`] for the same.
//!
//! ```
//! use avrox::{Avro, AvroSchema};
//! use avrox_registry::{Field, SubjectNameStrategy, blocking::Client};
//! use avrox_registry_test::TestRegistry;
//!
//! #[derive(Avro, Debug, PartialEq)]
//! #[avro(namespace = "com.acme")]
//! struct Order { id: i64 }
//!
//! let registry = TestRegistry::start()?;
//! let client = Client::new(registry.url())?;
//! let subject = SubjectNameStrategy::TopicName.subject("orders", Field::Value, Order::schema())?;
//! let id = client.register(&subject, Order::schema())?;
//!
//! let mut message = avrox_registry::SchemaId::Id(id).to_bytes();
//! message.extend(avrox::to_vec(&Order { id: 7 })?);
//! let order: Order = avrox::framing::from_confluent(&client, &message)?;
//! assert_eq!(order, Order { id: 7 });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The registry in these examples is
//! [`avrox-registry-test`](https://docs.rs/avrox-registry-test)'s
//! in-memory one, which users' own tests can start the same way.

pub mod blocking;
mod cache;
mod client;
mod config;
mod error;
mod model;
mod references;
mod request;
mod response;
mod retry;
mod strategy;
mod wire;

pub use client::{CachedSchemas, Client};
pub use config::{Auth, ClientBuilder};
pub use error::{Error, ErrorCode, ReferenceError, Result};
pub use model::{
    CompatibilityReport, RegisteredSchema, SchemaReference, SchemaSource, SubjectVersion, Version,
};
pub use request::{CONTENT_TYPE, Method, Request};
pub use response::parse_response;
pub use retry::RetryPolicy;
pub use strategy::{Field, SubjectNameStrategy};
pub use wire::{
    KEY_SCHEMA_ID_HEADER, SchemaId, VALUE_SCHEMA_ID_HEADER, WireFormat, detect,
    schema_id_from_headers, split,
};
