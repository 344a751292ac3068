//! Protocols and Avro IDL: one test binary, a module per file.
//!
//! - `suite`: Apache's IDL test suite (every input gives its expected
//!   protocol or schema) and every `.avpr` of the conformance data printed
//!   and parsed back;
//! - `protocol_rules`: the specification's rules on protocols, with the
//!   errors that say where;
//! - `idl_errors`: IDL errors with their file, line and column;
//! - `hostile`: unterminated comments and strings, import cycles, deep
//!   nesting, huge and random input: errors, never a panic or a hang.

mod hostile;
mod idl_errors;
mod protocol_rules;
mod suite;
