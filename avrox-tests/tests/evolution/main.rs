//! Schema resolution and evolution: one test binary, a module per file.
//!
//! - `resolve_rules`: every rule of schema resolution through `Value`;
//! - `resolve_typed`: the same rules into derived and standard types;
//! - `resolve_typed_props`: property: typed and generic resolution agree;
//! - `resolve_fastavro`: 300 random pairs replayed against fastavro's
//!   results (`data/`);
//! - `evolution_story`: `User` v1 to v3, with a history snapshot
//!   (`snapshots/`);
//! - `evolution_history`: versioned types, their histories and stores.

mod evolution_history;
mod evolution_story;
mod resolve_fastavro;
mod resolve_rules;
mod resolve_typed;
mod resolve_typed_props;
