//! Interoperability with other Avro implementations (see
//! `avrox_tests::interop`): one test binary, a module per file.
//!
//! - `interop_datum`: canonical forms, fingerprints and datums both ways,
//!   and the book's compatibility matrix;
//! - `interop_files`: container files, single-object messages and evolved
//!   readers both ways, and the book's second matrix.
//!
//! `AVROX_BLESS_INTEROP=1` rewrites the matrices in `book/src/interop.md`.

mod interop_datum;
mod interop_files;
