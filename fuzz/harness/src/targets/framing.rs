//! Single-object messages read through a [`SchemaStore`] and Confluent
//! messages through a [`MemoryRegistry`], each holding the schemas of the
//! [`schemas`](crate::schemas) set and the derived types': into `Value`s
//! and into derived types, resolved from the message's writer schema. A
//! message read into a `Value` is framed again and must read back the same.

use std::sync::OnceLock;

use avrox::framing::{self, ConfluentReader, MemoryRegistry, SchemaStore};
use avrox::{AvroSchema, Value};

use crate::derived::{Owned, Person};
use crate::schemas;

/// The store and the registry, built once.
struct Framings {
    store: SchemaStore,
    registry: MemoryRegistry,
    reader: ConfluentReader<MemoryRegistry>,
}

fn framings() -> &'static Framings {
    static FRAMINGS: OnceLock<Framings> = OnceLock::new();
    FRAMINGS.get_or_init(|| {
        let mut store = SchemaStore::new();
        for schema in schemas::parsed() {
            store.add(schema.clone());
        }
        store.add(Person::schema().clone());
        store.add(Owned::schema().clone());
        Framings {
            store,
            registry: registry(),
            reader: ConfluentReader::new(registry()),
        }
    })
}

/// A registry of the set's schemas, each under its own subject, and the
/// derived types' under one.
fn registry() -> MemoryRegistry {
    let mut registry = MemoryRegistry::new();
    for (i, schema) in schemas::parsed().iter().enumerate() {
        registry.register(&format!("subject-{i}"), schema.clone());
    }
    registry.register("derived", Person::schema().clone());
    registry.register("derived", Owned::schema().clone());
    registry
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let Framings {
        store,
        registry,
        reader,
    } = framings();

    if let Ok(value) = store.decode::<Value>(data) {
        let (fingerprint, _) = framing::single_object_fingerprint(data)
            .unwrap_or_else(|e| panic!("a message read has no fingerprint: {e}"));
        let schema = store
            .get(fingerprint)
            .expect("the message's schema is in the store");
        let message = framing::to_single_object(&value.with_schema(schema))
            .unwrap_or_else(|e| panic!("a value read does not frame: {e}\nvalue: {value:?}"));
        let again: Value = store
            .decode(&message)
            .unwrap_or_else(|e| panic!("a message framed does not read: {e}\nvalue: {value:?}"));
        assert_eq!(
            framing::to_single_object(&again.with_schema(schema)).ok(),
            Some(message),
            "a single-object message does not read back the same"
        );
    }
    let _ = store.decode::<Person>(data);
    let _ = store.decode::<Owned>(data);
    let _ = store.decode_with::<Value>(data, Person::schema());
    let _ = framing::from_single_object::<Person>(data);

    if let Ok(value) = framing::from_confluent::<Value>(registry, data) {
        let (id, _) = framing::confluent_schema_id(data)
            .unwrap_or_else(|e| panic!("a message read has no schema id: {e}"));
        let schema = avrox::framing::SchemaRegistry::schema_by_id(registry, id)
            .unwrap_or_else(|e| panic!("a message read has no schema: {e}"));
        let mut datum = value
            .to_bytes(&schema)
            .unwrap_or_else(|e| panic!("a value read does not encode: {e}\nvalue: {value:?}"));
        let mut message = vec![framing::CONFLUENT_MAGIC];
        message.extend_from_slice(&id.to_be_bytes());
        message.append(&mut datum);
        let again: Value = framing::from_confluent(registry, &message)
            .unwrap_or_else(|e| panic!("a message framed does not read: {e}\nvalue: {value:?}"));
        assert_eq!(
            again.to_bytes(&schema).ok(),
            Some(message[5..].to_vec()),
            "a Confluent message does not read back the same"
        );
    }
    let _ = framing::from_confluent::<Person>(registry, data);
    let _ = framing::from_confluent_with::<Value>(registry, data, Owned::schema());
    let _ = reader.decode::<Owned>(data);
}
