//! The caches filled from what is read stay bounded under hostile
//! traffic (a flood of unknown fingerprints and ids, thousands of
//! distinct writer schemas), and give many threads sharing one the same
//! results as one thread.

use std::time::Instant;

use avrox::framing::{self, ConfluentReader, MemoryRegistry, SINGLE_OBJECT_MARKER, SchemaStore};
use avrox::resolve::Resolver;
use avrox::schema::Fingerprint;
use avrox::{Avro, ErrorKind, Schema, Value};

#[derive(Avro, Debug, Clone, PartialEq)]
struct Order {
    id: i64,
    customer: String,
    #[avro(default)]
    total: f64,
    #[avro(default)]
    note: Option<String>,
}

/// Four writer versions of `Order`: `id` an int, `total` a float, fields
/// reordered, and a field the reader does not have.
const VERSIONS: [&str; 4] = [
    r#"{"type": "record", "name": "Order", "fields": [
        {"name": "id", "type": "int"}, {"name": "customer", "type": "string"}]}"#,
    r#"{"type": "record", "name": "Order", "fields": [
        {"name": "id", "type": "long"}, {"name": "customer", "type": "string"},
        {"name": "total", "type": "float"}]}"#,
    r#"{"type": "record", "name": "Order", "fields": [
        {"name": "id", "type": "long"}, {"name": "customer", "type": "string"},
        {"name": "total", "type": "double"}, {"name": "note", "type": ["null", "string"]}]}"#,
    r#"{"type": "record", "name": "Order", "fields": [
        {"name": "note", "type": ["null", "string"]}, {"name": "total", "type": "double"},
        {"name": "channel", "type": "string"}, {"name": "customer", "type": "string"},
        {"name": "id", "type": "long"}]}"#,
];

fn versions() -> Vec<Schema> {
    VERSIONS.iter().map(|s| Schema::parse(s).unwrap()).collect()
}

/// Message `i`'s record, as written by its version (`i % 4`).
fn written(i: usize) -> Value {
    let id = i as i64;
    let customer = ("customer", Value::from(format!("c-{}", i % 97)));
    let note = match i % 3 {
        0 => Value::Null,
        _ => Value::from(format!("n{i}")),
    };
    match i % 4 {
        0 => Value::record([("id", Value::Int(id as i32)), customer]),
        1 => Value::record([
            ("id", Value::Long(id)),
            customer,
            ("total", Value::Float(i as f32 * 0.25)),
        ]),
        2 => Value::record([
            ("id", Value::Long(id)),
            customer,
            ("total", Value::Double(i as f64 * 0.5)),
            ("note", note),
        ]),
        _ => Value::record([
            ("note", note),
            ("total", Value::Double(i as f64 * 0.75)),
            ("channel", Value::from("web")),
            customer,
            ("id", Value::Long(id)),
        ]),
    }
}

/// `n` messages of each framing, round-robin over the versions.
fn messages(n: usize, registry: &MemoryRegistry) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let versions = versions();
    let single = (0..n)
        .map(|i| {
            let value = written(i);
            framing::to_single_object(&value.with_schema(&versions[i % 4])).unwrap()
        })
        .collect();
    let confluent = (0..n)
        .map(|i| {
            let value = written(i);
            framing::to_confluent(
                registry,
                "orders-value",
                &value.with_schema(&versions[i % 4]),
            )
            .unwrap()
        })
        .collect();
    (single, confluent)
}

fn registry() -> MemoryRegistry {
    let mut registry = MemoryRegistry::new();
    for schema in versions() {
        registry.register("orders-value", schema);
    }
    registry
}

fn store(max_decoders: usize) -> SchemaStore {
    let mut store = SchemaStore::new().with_max_decoders(max_decoders);
    for schema in versions() {
        store.add(schema);
    }
    store
}

/// 8 threads × `per_thread` messages through one shared store and one
/// shared reader, each thread starting at another message: every result
/// is the one a single thread got. Returns the time the threads took.
fn eight_threads_agree_with_one(n: usize, per_thread: usize, max_decoders: usize) -> f64 {
    let registry = registry();
    let (single, confluent) = messages(n, &registry);
    let store = store(max_decoders);
    let reader = ConfluentReader::new(registry).with_max_decoders(max_decoders);
    let one: Vec<Order> = single
        .iter()
        .map(|m| store.decode::<Order>(m).unwrap())
        .collect();
    for (i, (order, message)) in one.iter().zip(&confluent).enumerate() {
        assert_eq!(
            reader.decode::<Order>(message).unwrap(),
            *order,
            "message {i}"
        );
    }
    // A few by hand: the resolution did what the versions say.
    assert_eq!(one[4].total, 0.0, "v1 has no total: the default");
    assert_eq!(one[4].note, None);
    assert_eq!(one[5].total, 1.25, "v2's float, promoted");
    assert_eq!(one[7].note.as_deref(), Some("n7"));
    let started = Instant::now();
    std::thread::scope(|scope| {
        for thread in 0..8 {
            let (store, reader, one) = (&store, &reader, &one);
            let (single, confluent) = (&single, &confluent);
            scope.spawn(move || {
                for k in 0..per_thread {
                    let i = (thread * 12_347 + k * 7) % n;
                    let order = match k % 2 {
                        0 => store.decode::<Order>(&single[i]),
                        _ => reader.decode::<Order>(&confluent[i]),
                    };
                    let order =
                        order.unwrap_or_else(|e| panic!("thread {thread}, message {i}: {e:#}"));
                    assert_eq!(order, one[i], "thread {thread}, message {i}");
                }
            });
        }
    });
    assert!(store.cached_decoders() <= max_decoders.min(4));
    assert!(reader.cached_decoders() <= max_decoders.min(4));
    started.elapsed().as_secs_f64()
}

/// 8 threads × 100,000 messages of four writer versions, half
/// single-object and half Confluent, in every build CI runs (8 s in a
/// debug build, 0.7 s in release).
#[test]
fn eight_threads_through_shared_caches_agree_with_one() {
    let took = eight_threads_agree_with_one(20_000, 100_000, SchemaStore::DEFAULT_MAX_DECODERS);
    eprintln!("8 threads x 100000 messages: {took:.2} s");
}

/// With room for fewer decoders than the versions, the threads evict each
/// other's decoders all the time, and still agree with one thread.
#[test]
fn threads_evicting_each_other_s_decoders_agree_with_one() {
    eight_threads_agree_with_one(2_000, 2_000, 2);
}

/// A message naming the fingerprint `n`, with one byte of datum.
fn unknown_single_object(n: u64) -> Vec<u8> {
    let mut message = SINGLE_OBJECT_MARKER.to_vec();
    message.extend_from_slice(&n.to_le_bytes());
    message.push(0x02);
    message
}

/// A million messages of unknown fingerprints and a million of unknown
/// ids (a quarter of each in debug builds, where they take 13 s): each is
/// an error naming what it named, and nothing is kept.
#[test]
fn a_flood_of_unknown_fingerprints_and_ids_keeps_nothing() {
    let flood: u64 = if cfg!(debug_assertions) {
        250_000
    } else {
        1_000_000
    };
    let store = store(SchemaStore::DEFAULT_MAX_DECODERS);
    let known: Vec<u64> = versions()
        .iter()
        .map(|s| s.rabin_fingerprint().as_u64())
        .collect();
    let reader = ConfluentReader::new(registry());
    let started = Instant::now();
    for n in 0..flood {
        let fingerprint = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        if known.contains(&fingerprint) {
            continue;
        }
        let e = store
            .decode::<Order>(&unknown_single_object(fingerprint))
            .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::UnknownFingerprint(f) if *f == Fingerprint::from_u64(fingerprint)),
            "{e:#}"
        );
        let id = n as u32 + 100;
        let mut message = vec![0];
        message.extend_from_slice(&id.to_be_bytes());
        message.push(0x02);
        let e = reader.decode::<Order>(&message).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::UnknownSchemaId(i) if *i == id),
            "{e:#}"
        );
    }
    assert_eq!(store.len(), 4);
    assert_eq!(store.cached_decoders(), 0);
    assert_eq!(reader.cached_decoders(), 0);
    let e = store
        .decode::<Order>(&unknown_single_object(0x0123_4567_89ab_cdef))
        .unwrap_err();
    let named = Fingerprint::from_u64(0x0123_4567_89ab_cdef).to_string();
    assert!(e.to_string().contains(&named), "{e} does not name {named}");
    eprintln!(
        "2 x {flood} unknown messages: {:.2} s",
        started.elapsed().as_secs_f64()
    );
}

/// Writer schema `k` of many: `Order` with a field of its own.
fn distinct_writer(k: usize) -> Schema {
    Schema::parse(&format!(
        r#"{{"type": "record", "name": "Order", "fields": [
            {{"name": "id", "type": "long"}}, {{"name": "customer", "type": "string"}},
            {{"name": "extra_{k}", "type": "int"}}]}}"#
    ))
    .unwrap()
}

/// 1500 distinct writer schemas: the resolver and the readers keep at
/// most their bound of plans and decoders, and decode every message.
#[test]
fn many_distinct_writer_schemas_keep_at_most_the_bound() {
    let n = Resolver::<Order>::DEFAULT_MAX_PLANS + 476;
    let writers: Vec<Schema> = (0..n).map(distinct_writer).collect();
    let datum = |k: usize| {
        let mut bytes = Vec::new();
        avrox::encode_into(&(k as i64), &mut bytes).unwrap();
        bytes.extend([0x02, b'c']);
        avrox::encode_into(&(k as i32), &mut bytes).unwrap();
        bytes
    };
    let expected = |k: usize| Order {
        id: k as i64,
        customer: "c".into(),
        total: 0.0,
        note: None,
    };

    let mut resolver = Resolver::<Order>::new();
    assert_eq!(resolver.max_plans(), Resolver::<Order>::DEFAULT_MAX_PLANS);
    for (k, writer) in writers.iter().enumerate() {
        assert_eq!(resolver.decode(&datum(k), writer).unwrap(), expected(k));
        assert!(resolver.cached_plans() <= Resolver::<Order>::DEFAULT_MAX_PLANS);
    }
    assert_eq!(
        resolver.cached_plans(),
        Resolver::<Order>::DEFAULT_MAX_PLANS
    );

    let mut registry = MemoryRegistry::new();
    let mut store = SchemaStore::new().with_max_decoders(100);
    for writer in &writers {
        registry.register("orders-value", writer.clone());
        store.add(writer.clone());
    }
    // The store holds what it was given: schemas are not a cache.
    assert_eq!(store.len(), n);
    let reader = ConfluentReader::new(registry).with_max_decoders(100);
    for (k, writer) in writers.iter().enumerate() {
        let mut single = SINGLE_OBJECT_MARKER.to_vec();
        single.extend_from_slice(&writer.rabin_fingerprint().to_le_bytes());
        single.extend(datum(k));
        assert_eq!(store.decode::<Order>(&single).unwrap(), expected(k));
        let mut confluent = vec![0];
        confluent.extend_from_slice(&(k as u32 + 1).to_be_bytes());
        confluent.extend(datum(k));
        assert_eq!(reader.decode::<Order>(&confluent).unwrap(), expected(k));
        assert!(store.cached_decoders() <= 100 && reader.cached_decoders() <= 100);
    }
    assert_eq!(store.cached_decoders(), 100);
    assert_eq!(reader.cached_decoders(), 100);
}
