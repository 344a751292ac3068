//! Hostile input to `avrox::serde::from_slice`: every error, never a panic,
//! a hang or an out-of-memory.
