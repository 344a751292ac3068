//! The serde bridge (`avrox::serde`): one test binary, a module per file.
//!
//! - `mapping`: every row of the mapping, both ways, with the bytes it
//!   gives; byte equality with derived types; resolution; errors;
//! - `datums`: serde types in container files, messages and JSON
//!   (`Serde`, `Deserialized`);
//! - `hostile`: truncated, corrupt, huge, deep and random input: errors,
//!   never a panic, a hang or an out-of-memory;
//! - `resolution`: data of another schema through a plan's steps, every
//!   rule against the generic and the derived paths, hostile input.

mod datums;
mod hostile;
mod mapping;
mod resolution;

// The proof against the other serde-driven Avro crates: a gallery of serde
// attributes and the benches' datasets, byte for byte.
mod gallery;
mod peers;
