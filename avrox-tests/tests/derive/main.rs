//! `#[derive(Avro)]`: one test binary, a module per file.
//!
//! - `derive_gallery`: every mapping and attribute, with insta snapshots of
//!   the schemas (`snapshots/derive__derive_gallery__*.snap`);
//! - `derive_apache`: byte equality with the `apache-avro` crate;
//! - `derive_generics`: generic types with every kind of attribute;
//! - `derive_hostile`: hostile input to derived decoders;
//! - `derive_props`: property tests of derived types;
//! - `derive_properties`: custom schema properties (`#[avro(property(..))]`);
//! - `derive_fixed`: named `fixed` types (`#[avro(fixed)]`);
//! - `compile_fail`: the trybuild UI tests (`tests/ui/`, `tests/ui-pass/`).

mod compile_fail;
mod derive_apache;
mod derive_dates;
mod derive_fixed;
mod derive_gallery;
mod derive_generics;
mod derive_hostile;
mod derive_properties;
mod derive_props;
