//! Framings of a single datum for messages: Avro's single-object encoding
//! and the Confluent Schema Registry wire format.
//!
//! Both put a small header before the datum's binary encoding, naming the
//! schema it was written with, so a reader can find that schema:
//!
//! | framing | header | names the schema by |
//! |---|---|---|
//! | [single-object](SchemaStore) | `C3 01` | its 8-byte little-endian CRC-64-AVRO fingerprint |
//! | [Confluent](SchemaRegistry) | `00` | a 4-byte big-endian id given by a schema registry |
//!
//! ```
//! use avrox::framing::{self, SchemaStore};
//! use avrox::Avro;
//!
//! #[derive(Avro, Debug, PartialEq)]
//! struct Ping { seq: i64 }
//!
//! let message = framing::to_single_object(&Ping { seq: 7 })?;
//! assert_eq!(&message[..2], [0xc3, 0x01]);
//!
//! let mut store = SchemaStore::new();
//! store.add_type::<Ping>();
//! let ping: Ping = store.decode(&message)?;
//! assert_eq!(ping, Ping { seq: 7 });
//! # Ok::<(), avrox::Error>(())
//! ```
//!
//! With the `tokio` feature, `MessageStream` decodes a stream of
//! messages (a Kafka consumer's payloads, a framed socket) into a stream
//! of records.

mod confluent;
mod decoders;
#[cfg(feature = "tokio")]
mod message_stream;
mod single_object;

pub use confluent::{
    CONFLUENT_MAGIC, ConfluentReader, MemoryRegistry, SchemaRegistry, confluent_schema_id,
    from_confluent, from_confluent_with, to_confluent,
};
#[cfg(feature = "tokio")]
pub use message_stream::{MessageDecoder, MessageStream};
pub use single_object::{
    SINGLE_OBJECT_MARKER, SchemaStore, from_single_object, single_object_fingerprint,
    to_single_object,
};
