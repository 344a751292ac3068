//! The schema registry client (`avrox-registry`) and the test registry
//! (`avrox-registry-test`): one test binary, a module per file.
//!
//! - `test_registry`: the test registry's documented behaviour, through the
//!   blocking client;
//! - `client`: caches, single flight, subject strategies, wire formats,
//!   credentials, and both clients under avrox's `ConfluentReader`;
//! - `hostile`: registries that misbehave (scripted by `scripted`);
//! - `python`: both crates against Confluent's own Python client.

mod client;
mod hostile;
mod python;
mod scripted;
mod test_registry;
