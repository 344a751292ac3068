//! The client's own behaviour: caches, single flight, credentials, subject
//! strategies, wire formats, and both clients under avrox's readers.

use std::sync::Arc;
use std::time::Duration;

use avrox::framing::{self, ConfluentReader};
use avrox::{Avro, AvroSchema, Schema, Value};
use avrox_registry::{
    Client, ClientBuilder, Error, Field, SchemaId, SubjectNameStrategy, WireFormat, blocking,
    detect, schema_id_from_headers, split,
};
use avrox_registry_test::TestRegistry;
use serde_json::json;

use crate::scripted::{Reply, Scripted, error, ok};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("runtime")
}

/// A registry that takes 200 ms to answer, so that every lookup started
/// at once is still waiting when the first answer comes.
fn slow(found: bool) -> Scripted {
    Scripted::start(move |_, _| {
        std::thread::sleep(Duration::from_millis(200));
        if found {
            ok(json!({"schema": "\"string\""}))
        } else {
            error(40403, "Schema 9 not found")
        }
    })
}

#[test]
fn concurrent_lookups_of_one_id_make_one_request() {
    let runtime = runtime();
    for found in [true, false] {
        let server = slow(found);
        let client = Client::new(server.url()).expect("client");
        let results = runtime.block_on(async {
            let tasks: Vec<_> = (0..100)
                .map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move { client.schema_by_id(9).await })
                })
                .collect();
            let mut results = Vec::new();
            for task in tasks {
                results.push(task.await.expect("task"));
            }
            results
        });
        assert_eq!(server.requests(), 1, "found: {found}");
        assert_eq!(results.len(), 100);
        if found {
            assert!(
                results
                    .iter()
                    .all(|r| r.as_ref().is_ok_and(|s| s.canonical_form() == "\"string\""))
            );
        } else {
            assert!(
                results
                    .iter()
                    .all(|r| r.as_ref().is_err_and(|e| e.status() == Some(404)))
            );
            // An error is not kept: the next lookup asks again.
            let _ = runtime.block_on(client.schema_by_id(9));
            assert_eq!(server.requests(), 2);
        }
    }
}

#[test]
fn the_hot_path_asks_the_registry_once_per_schema() {
    let registry = TestRegistry::start().expect("registry");
    let client = blocking::Client::new(registry.url()).expect("client");
    let schema = Schema::parse(
        r#"{"type": "record", "name": "P", "fields": [{"name": "x", "type": "int"}]}"#,
    )
    .expect("schema");
    let id = client.register("p-value", &schema).expect("register");
    let start = registry.requests();
    assert_eq!(client.register("p-value", &schema).expect("again"), id);
    assert_eq!(client.id_of("p-value", &schema).expect("id_of"), id);
    let message = framing::to_confluent(
        &client,
        "p-value",
        &Value::record([("x", Value::Int(3))]).with_schema(&schema),
    )
    .expect("encode");
    assert_eq!(
        registry.requests(),
        start,
        "register, id_of and encoding use the cache"
    );
    let reader = ConfluentReader::new(client.clone());
    for _ in 0..10 {
        let value: Value = reader.decode(&message).expect("decode");
        assert_eq!(value.get("x"), Some(&Value::Int(3)));
    }
    assert_eq!(
        registry.requests(),
        start + 1,
        "one fetch of the writer schema"
    );
    assert_eq!(client.cached_schemas(), 1);
}

#[test]
fn credentials_go_with_every_request() {
    let server = Scripted::start(|_, _| ok(json!(["a"])));
    let basic = ClientBuilder::new(server.url())
        .basic_auth("key", "s3cret")
        .build_blocking()
        .expect("client");
    basic.subjects().expect("subjects");
    let bearer = ClientBuilder::new(server.url())
        .bearer_auth("tok")
        .build_blocking()
        .expect("client");
    bearer.subjects().expect("subjects");
    let seen = server.seen();
    // base64("key:s3cret")
    assert_eq!(
        seen[0].header("authorization"),
        Some("Basic a2V5OnMzY3JldA==")
    );
    assert_eq!(seen[1].header("authorization"), Some("Bearer tok"));
    assert_eq!(
        seen[0].header("accept"),
        Some("application/vnd.schemaregistry.v1+json")
    );
    // The configuration's Debug output hides the secrets.
    let debug = format!("{basic:?}");
    assert!(
        !debug.contains("s3cret") && debug.contains("<password>"),
        "{debug}"
    );
}

#[test]
fn bodies_are_sent_with_the_registry_content_type() {
    let server = Scripted::start(|_, _| ok(json!({"id": 4})));
    let client = blocking::Client::new(server.url()).expect("client");
    client
        .register("a/b value", &Schema::parse(r#""int""#).expect("schema"))
        .expect("register");
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/subjects/a%2Fb%20value/versions");
    assert_eq!(
        seen.header("content-type"),
        Some("application/vnd.schemaregistry.v1+json")
    );
}

#[test]
fn a_bad_url_is_a_configuration_error() {
    let e = Client::new("localhost:8081").unwrap_err();
    assert!(matches!(e, Error::Config(_)), "{e:?}");
}

#[test]
fn record_strategies_need_a_named_schema() {
    let int = Schema::parse(r#""int""#).expect("schema");
    assert_eq!(
        SubjectNameStrategy::TopicName
            .subject("t", Field::Key, &int)
            .expect("topic"),
        "t-key"
    );
    for strategy in [
        SubjectNameStrategy::RecordName,
        SubjectNameStrategy::TopicRecordName,
    ] {
        let e = strategy.subject("t", Field::Value, &int).unwrap_err();
        assert!(matches!(e, Error::Subject(_)), "{e:?}");
    }
    let e = SubjectNameStrategy::RecordName
        .subject("t", Field::Value, &int)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the RecordName strategy needs a named schema, and its root is a int"
    );
}

#[test]
fn wire_formats_round_trip_and_refuse_what_they_are_not() {
    let datum = [0x54, 0x02];
    for (id, format) in [
        (SchemaId::Id(0xdead_beef), WireFormat::Confluent),
        (SchemaId::Guid([0x42; 16]), WireFormat::ConfluentGuid),
        (SchemaId::GlobalId(u64::MAX - 1), WireFormat::Apicurio),
    ] {
        let mut message = id.to_bytes();
        message.extend(datum);
        assert_eq!(split(&message, format).expect("split"), (id, &datum[..]));
        for cut in 0..message.len() - datum.len() {
            assert!(
                split(&message[..cut], format).is_err(),
                "{format:?} cut at {cut}"
            );
        }
        if format != WireFormat::Apicurio {
            assert_eq!(detect(&message).expect("detect").0, id);
        }
    }
    assert!(split(&[1; 20], WireFormat::Confluent).is_err());
    assert!(split(&[0; 20], WireFormat::ConfluentGuid).is_err());
    assert!(detect(&[7, 0, 0, 0, 1]).is_err());
    assert_eq!(
        SchemaId::Guid([0xab; 16]).to_string(),
        "abababab-abab-abab-abab-abababababab"
    );
}

#[test]
fn schema_id_headers_are_read_strictly() {
    let id = SchemaId::Id(5).to_bytes();
    let key = [("__key_schema_id", id.as_slice())];
    assert_eq!(
        schema_id_from_headers(key, Field::Key).expect("key"),
        Some(SchemaId::Id(5))
    );
    assert_eq!(
        schema_id_from_headers(key, Field::Value).expect("value"),
        None
    );
    let long = [0, 0, 0, 0, 5, 9];
    let e = schema_id_from_headers([("__value_schema_id", &long[..])], Field::Value).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the header __value_schema_id has 1 bytes after the schema id"
    );
    for bad in [&[][..], &[1, 2, 3], &[9, 0, 0, 0, 1]] {
        assert!(schema_id_from_headers([("__value_schema_id", bad)], Field::Value).is_err());
    }
}

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "com.acme")]
struct Order {
    id: i64,
    #[avro(default)]
    note: String,
}

#[test]
fn the_async_client_decodes_through_a_confluent_reader() {
    let registry = TestRegistry::start().expect("registry");
    let client = ClientBuilder::new(registry.url())
        .cache_capacity(1)
        .build()
        .expect("client");
    let old = Schema::parse(
        r#"{"type": "record", "name": "Order", "namespace": "com.acme",
        "fields": [{"name": "id", "type": "long"}]}"#,
    )
    .expect("schema");
    let runtime = runtime();
    let (old_id, new_id) = runtime.block_on(async {
        (
            client
                .register("orders-value", &old)
                .await
                .expect("register"),
            client
                .register("orders-value", Order::schema())
                .await
                .expect("register"),
        )
    });
    assert_ne!(old_id, new_id);
    let mut old_message = SchemaId::Id(old_id).to_bytes();
    old_message.push(0x54);
    let mut new_message = SchemaId::Id(new_id).to_bytes();
    new_message.extend(
        avrox::to_vec(&Order {
            id: 1,
            note: "n".into(),
        })
        .expect("encode"),
    );
    let reader = ConfluentReader::new(client.cached());
    runtime.block_on(async {
        // A cache of one schema: each message's writer evicts the other's.
        for _ in 0..3 {
            let order: Order = client.decode(&reader, &old_message).await.expect("old");
            assert_eq!(
                order,
                Order {
                    id: 42,
                    note: String::new()
                }
            );
            let order: Order = client.decode(&reader, &new_message).await.expect("new");
            assert_eq!(
                order,
                Order {
                    id: 1,
                    note: "n".into()
                }
            );
        }
    });
    assert_eq!(client.cached_schemas(), 1);
    // The cache view refuses what it has not fetched, saying what to do.
    let e = reader
        .decode::<Order>(&SchemaId::Id(999).to_bytes())
        .unwrap_err();
    // avrox prints an I/O error's cause with `{:#}`, as it does for files.
    assert!(
        format!("{e:#}").contains("fetch it with Client::schema_by_id first"),
        "{e:#}"
    );
}

#[test]
fn a_blocking_client_shared_by_threads() {
    let registry = TestRegistry::start().expect("registry");
    let client = blocking::Client::new(registry.url()).expect("client");
    let id = client
        .register("orders-value", Order::schema())
        .expect("register");
    let mut message = SchemaId::Id(id).to_bytes();
    message.extend(
        avrox::to_vec(&Order {
            id: 8,
            note: String::new(),
        })
        .expect("encode"),
    );
    let reader = Arc::new(ConfluentReader::new(client));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (reader, message) = (reader.clone(), message.clone());
            std::thread::spawn(move || reader.decode::<Order>(&message).expect("decode").id)
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().expect("thread"), 8);
    }
}

#[test]
fn a_global_id_past_four_bytes_is_refused_without_a_request() {
    let server = Scripted::start(|_, _| Reply::Body(500, String::new()));
    let client = blocking::Client::new(server.url()).expect("client");
    let e = client.schema_for(SchemaId::GlobalId(1 << 40)).unwrap_err();
    assert!(matches!(e, Error::Framing(_)), "{e:?}");
    assert_eq!(server.requests(), 0);
}
