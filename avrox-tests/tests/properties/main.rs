//! Property tests of random schemas and values.

mod properties;
