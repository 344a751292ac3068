//! Property tests of schemas and values, over the generators of
//! `avrox_tests::strategies`.

mod properties;
