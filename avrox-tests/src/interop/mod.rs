//! The interop suite's shared parts: the peers (finding and running them),
//! the corpus, and the JSON mapping values cross in.
//!
//! The tests are `tests/interop_*.rs`; the peers' own programs are in
//! `avrox-tests/peers/`; `scripts/install-peers` installs the peers.

pub mod corpus;
pub mod json;
pub mod matrix;
pub mod peers;
