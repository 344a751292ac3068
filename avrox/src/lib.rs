//! Apache Avro for Rust.
//!
//! avrox implements the [Avro 1.12 specification]: schemas with their
//! Parsing Canonical Form and fingerprints, the binary encoding, and
//! generic values for data whose schema is known only at run time.
//!
//! ```
//! use avrox::{Schema, Value};
//!
//! let schema = Schema::parse(r#"{
//!     "type": "record", "name": "Reading", "namespace": "com.acme.iot",
//!     "fields": [
//!         {"name": "sensor", "type": "string"},
//!         {"name": "celsius", "type": "double"},
//!         {"name": "note", "type": ["null", "string"], "default": null}
//!     ]
//! }"#)?;
//!
//! // Schemas have a canonical form and fingerprints.
//! println!("{}", schema.canonical_form());
//! println!("{:016x}", schema.rabin_fingerprint());
//!
//! // Values encode to Avro's binary form and back.
//! let reading = Value::record([
//!     ("sensor", Value::from("t-1000")),
//!     ("celsius", Value::Double(21.5)),
//!     ("note", Value::Null),
//! ]);
//! let bytes = reading.to_bytes(&schema)?;
//! let back = Value::decode(&schema, &bytes)?;
//! assert_eq!(back.get("sensor"), Some(&Value::from("t-1000")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Decoding untrusted input is safe by default: every length is checked
//! against the input before anything is allocated, and the [`binary::Limits`]
//! of each reader bound allocation, collection sizes and nesting.
//!
//! [Avro 1.12 specification]: https://avro.apache.org/docs/1.12.0/specification/

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod binary;
pub mod codec;
mod error;
pub mod schema;
pub mod value;

pub use codec::{
    AvroSchema, Decode, DecodeOwned, Encode, FromValue, ToValue, from_slice,
    from_slice_with_limits, from_value, read, to_value, to_vec,
};
pub use error::{Error, ErrorKind, Result};
pub use schema::{Schema, SchemaError};
pub use value::Value;
