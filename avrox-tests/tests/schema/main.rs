//! Schemas and datums against the specification and the Apache Avro
//! project's data: one test binary, a module per file.
//!
//! - `attribute_order`: a schema's own attributes print in the order they
//!   were written;
//! - `conformance`: the shared test data (canonical forms and fingerprints,
//!   avro-c's good and bad schemas, the interop schemas, a single-object
//!   message);
//! - `decimal_digits`: a decimal read from the wire writes back, whatever
//!   its digits;
//! - `fingerprints`: canonical forms and fingerprints against Python `avro`
//!   and `fastavro`;
//! - `schema_errors`: invalid schemas give errors that say where and what;
//! - `spec_examples`: every byte example of the specification;
//! - `hostile`: truncated, over-long, out-of-range and random input.

mod attribute_order;
mod conformance;
mod decimal_digits;
mod fingerprints;
mod hostile;
mod items_of_no_size;
mod schema_errors;
mod spec_examples;
