//! One module per fuzz target: its `run` takes the fuzzer's bytes.

pub mod derived_decode;
pub mod framing;
pub mod idl;
pub mod json;
pub mod ocf;
pub mod protocol;
pub mod resolve;
pub mod schema_json;
pub mod value_decode;
