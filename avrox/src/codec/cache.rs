//! The schemas of Rust types, built once per type.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use super::AvroSchema;
use crate::schema::{Schema, SchemaBuilder};

/// The schema of `T`, built on first use and kept for the life of the
/// program.
///
/// Types without generic parameters (derived ones among them) keep their
/// schema in a static of their own; generic types cannot, since a static in
/// a generic function is shared by every instantiation, so they share this
/// cache. It is keyed by the address of `T::add_schema`: two types whose
/// builders compile to one function have one schema anyway. It holds
/// immutable schemas only; nothing about how avrox behaves is global.
///
/// # Panics
/// If `T`'s schema is invalid; see [`AvroSchema::schema`].
pub fn schema_of<T: AvroSchema + ?Sized>() -> &'static Schema {
    static CACHE: OnceLock<RwLock<HashMap<usize, &'static Schema>>> = OnceLock::new();
    let key = schema_id::<T>();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(schema) = cache.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return schema;
    }
    // Built outside the lock: building may need the schemas of other types.
    let schema = build::<T>();
    let mut map = cache.write().unwrap_or_else(|e| e.into_inner());
    map.entry(key)
        .or_insert_with(|| Box::leak(Box::new(schema)))
}

/// A number that stands for `T`'s schema without building it: the
/// address of `T::add_schema`, as [`schema_of`] keys its cache. Two types
/// with one builder function have one schema.
#[cfg_attr(not(feature = "metrics"), allow(dead_code))]
pub(crate) fn schema_id<T: AvroSchema + ?Sized>() -> usize {
    T::add_schema as fn(&mut SchemaBuilder) -> crate::schema::NodeId as usize
}

/// Builds `T`'s schema from scratch.
///
/// # Panics
/// If the schema is invalid.
pub fn build<T: AvroSchema + ?Sized>() -> Schema {
    let mut builder = SchemaBuilder::new();
    let root = T::add_schema(&mut builder);
    // A type's schema does not depend on data: an invalid one is a program
    // whose types disagree (two claiming one Avro name), found the first
    // time the type is used, and documented under Panics on
    // `AvroSchema::schema`, whose `&'static Schema` has no error to give.
    #[allow(clippy::panic)]
    builder.build(root).unwrap_or_else(|e| {
        panic!(
            "the Avro schema of `{}` is invalid: {e}",
            std::any::type_name::<T>()
        )
    })
}
