//! Container files, messages and the JSON encoding: one test binary, a
//! module per file.
//!
//! - `both`: the blocking and async container-file readers and writers
//!   driven together, so the container-file tests below run on both;
//! - `ocf_async`: what only the async ones have: cancellation, dropped
//!   writers, hostile streams, object stores, message streams;
//! - `ocf_files`: the Apache Avro project's container files;
//! - `ocf_roundtrip`: every codec and block size, appends, raw blocks, a
//!   writer killed after `flush`, and one killed at 40 random moments,
//!   then cut back and appended to (the binary runs itself with
//!   `--ignored --exact ocf_roundtrip::child_writer*`);
//! - `ocf_damage`: damaged and hostile container files;
//! - `ocf_input_errors`: inputs that fail, once or for good;
//! - `ocf_faults`: a sink that fills up at every byte (whole and short
//!   writes) and an input not ready, interrupted or short at every byte
//!   lose nothing;
//! - `readers_validation`: readers that validate what they read;
//! - `framing`: single-object messages and the Confluent wire format;
//! - `caches`: the resolver's and the framings' caches bounded under a
//!   flood of unknown or distinct schemas, and shared by 8 threads;
//! - `json_encoding`: Avro's JSON encoding;
//! - `read_generic`: every reading function is one over `ReadDatum`, for
//!   derived types and values, with a `_with` form given a schema;
//! - `hand_written`: a codec written by hand through files, messages and
//!   JSON;
//! - `java_interop`: files and the JSON encoding against Java Avro.

mod both;
mod caches;
mod framing;
mod hand_written;
mod java_interop;
mod json_encoding;
mod ocf_async;
mod ocf_damage;
mod ocf_faults;
mod ocf_files;
mod ocf_input_errors;
mod ocf_roundtrip;
mod read_generic;
mod readers_validation;
