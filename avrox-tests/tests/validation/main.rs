//! Validation: every constraint on the types it applies to, reports (with
//! insta snapshots in `snapshots/`), validation on encode and decode,
//! constraints carried in schemas.

mod validate;
