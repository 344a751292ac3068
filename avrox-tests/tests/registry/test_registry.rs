//! The test registry follows the REST API's documented behaviour: ids,
//! versions, lookups, references, deletes, compatibility levels and
//! tests, error codes and statuses. Through the blocking client, and raw
//! HTTP where the client would not send the request.

use std::io::{Read, Write};
use std::net::TcpStream;

use avrox::Schema;
use avrox::resolve::Compatibility;
use avrox_registry::{ErrorCode, SchemaReference, SchemaSource, Version, blocking::Client};
use avrox_registry_test::TestRegistry;
use serde_json::{Value as Json, json};

fn start() -> (TestRegistry, Client) {
    let registry = TestRegistry::start().expect("registry");
    let client = Client::new(registry.url()).expect("client");
    (registry, client)
}

/// Sends one request as raw HTTP/1.1; the status, content type and JSON body.
fn raw(registry: &TestRegistry, method: &str, path: &str, body: &str) -> (u16, String, Json) {
    let address = registry.url().trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("content-type: "))
        .unwrap_or_default()
        .to_owned();
    (
        status,
        content_type,
        serde_json::from_str(body).unwrap_or(Json::Null),
    )
}

/// The status and code of a registry error.
fn code<T: std::fmt::Debug>(result: avrox_registry::Result<T>) -> (u16, ErrorCode) {
    let e = result.unwrap_err();
    (e.status().expect("a status"), e.code().expect("a code"))
}

fn record(fields: &str) -> Schema {
    Schema::parse(&format!(
        r#"{{"type": "record", "name": "R", "fields": [{fields}]}}"#
    ))
    .expect("schema")
}

#[test]
fn ids_are_global_and_versions_count_per_subject() {
    let (registry, client) = start();
    let v1 = record(r#"{"name": "a", "type": "int"}"#);
    let v2 = record(r#"{"name": "a", "type": "int"}, {"name": "b", "type": "int", "default": 0}"#);
    let id1 = client.register("one", &v1).expect("register");
    // The same schema, written otherwise, under another subject: the same id.
    let spaced = SchemaSource::avro(
        r#"{ "fields": [ {"type": "int", "name": "a"} ], "name": "R", "type": "record" }"#,
    );
    assert_eq!(
        client.register_source("two", &spaced).expect("register"),
        id1
    );
    let id2 = client.register("one", &v2).expect("register");
    assert_ne!(id1, id2);
    // Registering a version again changes nothing.
    assert_eq!(
        raw(
            &registry,
            "POST",
            "/subjects/one/versions",
            &json!({"schema": v1.to_string()}).to_string()
        )
        .2["version"],
        1
    );
    assert_eq!(client.versions("one").expect("versions"), [1, 2]);
    assert_eq!(client.versions("two").expect("versions"), [1]);
    let latest = client.latest("one").expect("latest");
    assert_eq!(
        (latest.subject.as_str(), latest.version, latest.id),
        ("one", 2, id2)
    );
    assert_eq!(
        client.version("one", Version::Number(1)).expect("v1").id,
        id1
    );
    assert_eq!(client.subjects().expect("subjects"), ["one", "two"]);
    let pairs: Vec<(String, u32)> = client
        .id_versions(id1)
        .expect("id versions")
        .into_iter()
        .map(|sv| (sv.subject, sv.version))
        .collect();
    assert_eq!(pairs, [("one".into(), 1), ("two".into(), 1)]);
    assert_eq!(client.schema_types().expect("types"), ["AVRO"]);
    let found = client
        .lookup("one", &SchemaSource::avro(v2.to_string()))
        .expect("lookup");
    assert_eq!((found.version, found.id), (2, id2));
    // A GUID per schema, the same under every subject.
    let guid = client
        .version("two", Version::Latest)
        .expect("two")
        .guid
        .expect("guid");
    assert_eq!(
        client.version("one", Version::Number(1)).expect("one").guid,
        Some(guid)
    );
}

#[test]
fn errors_have_their_codes_and_statuses() {
    let (registry, client) = start();
    client
        .register("s", &record(r#"{"name": "a", "type": "int"}"#))
        .expect("register");
    assert_eq!(
        code(client.latest("missing")),
        (404, ErrorCode::SubjectNotFound)
    );
    assert_eq!(
        code(client.version("s", Version::Number(9))),
        (404, ErrorCode::VersionNotFound)
    );
    assert_eq!(
        code(client.source_by_id(99)),
        (404, ErrorCode::SchemaNotFound)
    );
    assert_eq!(
        code(client.register_source("s", &SchemaSource::avro("{\"type\": \"recrod\"}"))),
        (422, ErrorCode::InvalidSchema)
    );
    assert_eq!(
        code(client.lookup("s", &SchemaSource::avro("\"string\""))),
        (404, ErrorCode::SchemaNotFound)
    );
    let (status, content_type, body) = raw(&registry, "GET", "/subjects/s/versions/first", "");
    assert_eq!((status, body["error_code"].as_i64()), (422, Some(42202)));
    assert_eq!(content_type, "application/vnd.schemaregistry.v1+json");
    let (status, _, body) = raw(
        &registry,
        "PUT",
        "/config",
        r#"{"compatibility": "SIDEWAYS"}"#,
    );
    assert_eq!((status, body["error_code"].as_i64()), (422, Some(42203)));
    let (status, _, body) = raw(&registry, "GET", "/config/s", "");
    assert_eq!((status, body["error_code"].as_i64()), (404, Some(40408)));
    let (status, _, body) = raw(&registry, "POST", "/subjects/s/versions", "not json");
    assert_eq!((status, body["error_code"].as_i64()), (422, Some(422)));
    let (status, _, _) = raw(&registry, "GET", "/no/such/route", "");
    assert_eq!(status, 404);
    let (status, _, body) = raw(
        &registry,
        "POST",
        "/subjects/s/versions",
        &json!({"schema": "{}", "schemaType": "PROTOBUF"}).to_string(),
    );
    assert_eq!((status, body["error_code"].as_i64()), (422, Some(42201)));
}

#[test]
fn the_subject_query_of_a_schema_by_id_changes_nothing() {
    let (registry, client) = start();
    let id = client
        .register("s", &record(r#"{"name": "a", "type": "int"}"#))
        .expect("register");
    let (status, _, plain) = raw(&registry, "GET", &format!("/schemas/ids/{id}"), "");
    let (_, _, with) = raw(
        &registry,
        "GET",
        &format!("/schemas/ids/{id}?subject=other"),
        "",
    );
    assert_eq!(status, 200);
    assert_eq!(plain, with);
    let (_, _, subjects) = raw(&registry, "GET", &format!("/schemas/ids/{id}/subjects"), "");
    assert_eq!(subjects, json!(["s"]));
}

#[test]
fn references_resolve_and_protect_what_they_use() {
    let (_registry, client) = start();
    let address = Schema::parse(
        r#"{"type": "record", "name": "Address", "namespace": "com.acme",
        "fields": [{"name": "city", "type": "string"}]}"#,
    )
    .expect("address");
    client
        .register("address-value", &address)
        .expect("register");
    let customer = SchemaSource::avro_with_references(
        r#"{"type": "record", "name": "Customer", "namespace": "com.acme",
            "fields": [{"name": "home", "type": "Address"}]}"#,
        vec![SchemaReference::new("com.acme.Address", "address-value", 1)],
    );
    let id = client
        .register_source("customer-value", &customer)
        .expect("register");
    let schema = client.schema_by_id(id).expect("resolved");
    assert!(schema.lookup("com.acme.Address").is_some());
    let raw = client.source_by_id(id).expect("source");
    assert_eq!(raw.references, customer.references);
    // One level more: an order that uses the customer (and so the address).
    let order = SchemaSource::avro_with_references(
        r#"{"type": "record", "name": "Order", "namespace": "com.acme",
            "fields": [{"name": "by", "type": "Customer"}, {"name": "to", "type": "Address"}]}"#,
        vec![
            SchemaReference::new("com.acme.Customer", "customer-value", 1),
            SchemaReference::new("com.acme.Address", "address-value", -1),
        ],
    );
    let order_id = client
        .register_source("order-value", &order)
        .expect("register");
    let order_schema = client.schema_by_id(order_id).expect("resolved");
    let value = avrox::Value::record([
        (
            "by",
            avrox::Value::record([("home", avrox::Value::record([("city", "Oslo".into())]))]),
        ),
        ("to", avrox::Value::record([("city", "Rome".into())])),
    ]);
    let mut bytes = Vec::new();
    value.encode(&order_schema, &mut bytes).expect("encode");
    assert_eq!(
        avrox::Value::decode(&bytes, &order_schema).expect("decode"),
        value
    );
    // A reference to nothing registered, and deleting a version in use.
    let dangling = SchemaSource::avro_with_references(
        r#"{"type": "record", "name": "X", "fields": [{"name": "a", "type": "Nope"}]}"#,
        vec![SchemaReference::new("Nope", "nope-value", 1)],
    );
    let e = client.register_source("x-value", &dangling).unwrap_err();
    assert_eq!(e.code(), Some(ErrorCode::InvalidSchema));
    let e = client
        .delete_version("address-value", Version::Number(1))
        .unwrap_err();
    assert_eq!(e.code(), Some(ErrorCode::ReferenceExists));
}

#[test]
fn deletes_are_soft_then_permanent() {
    let (registry, client) = start();
    let v1 = record(r#"{"name": "a", "type": "int"}"#);
    let v2 = record(r#"{"name": "a", "type": "int"}, {"name": "b", "type": "int", "default": 0}"#);
    client.register("s", &v1).expect("register");
    let id2 = client.register("s", &v2).expect("register");
    let (status, _, body) = raw(
        &registry,
        "DELETE",
        "/subjects/s/versions/1?permanent=true",
        "",
    );
    assert_eq!((status, body["error_code"].as_i64()), (404, Some(40407)));
    assert_eq!(
        client.delete_version("s", Version::Latest).expect("delete"),
        2
    );
    assert_eq!(client.versions("s").expect("versions"), [1]);
    assert_eq!(client.latest("s").expect("latest").version, 1);
    assert_eq!(
        client.version("s", Version::Number(2)).unwrap_err().code(),
        Some(ErrorCode::VersionNotFound)
    );
    // A soft-deleted version's id still resolves: messages carry it.
    assert!(client.schema_by_id(id2).is_ok());
    let (_, _, versions) = raw(&registry, "GET", "/subjects/s/versions?deleted=true", "");
    assert_eq!(versions, json!([1, 2]));
    let (status, _, body) = raw(
        &registry,
        "DELETE",
        "/subjects/s/versions/2?permanent=true",
        "",
    );
    assert_eq!((status, body), (200, json!(2)));
    let (_, _, versions) = raw(&registry, "GET", "/subjects/s/versions?deleted=true", "");
    assert_eq!(versions, json!([1]));
    // A new version numbers on from the last one kept.
    let v3 = record(r#"{"name": "a", "type": "int"}, {"name": "c", "type": "int", "default": 0}"#);
    client.register("s", &v3).expect("register");
    assert_eq!(client.latest("s").expect("latest").version, 2);
    assert_eq!(
        client
            .delete_version("s", Version::Number(1))
            .expect("delete"),
        1
    );
    assert_eq!(
        client
            .delete_version("s", Version::Number(2))
            .expect("delete"),
        2
    );
    assert_eq!(
        client.versions("s").unwrap_err().code(),
        Some(ErrorCode::SubjectNotFound)
    );
    assert!(client.subjects().expect("subjects").is_empty());
}

/// Three versions where each pair of neighbours is fully compatible, but
/// the third and the first are compatible neither way: `a` is an int in
/// one and a string in the other.
fn lineage() -> [Schema; 3] {
    [
        record(r#"{"name": "a", "type": "int", "default": 0}"#),
        record(""),
        record(r#"{"name": "a", "type": "string", "default": ""}"#),
    ]
}

#[test]
fn compatibility_levels_are_checked_with_avroxs_rules() {
    use Compatibility::*;
    // (level, whether each of versions 2 and 3 is accepted)
    let cases = [
        (None, [true, true]),
        (Backward, [true, true]),
        (BackwardTransitive, [true, false]),
        (Forward, [true, true]),
        (ForwardTransitive, [true, false]),
        (Full, [true, true]),
        (FullTransitive, [true, false]),
    ];
    let (registry, client) = start();
    for (level, accepted) in cases {
        let subject = level.to_string();
        assert_eq!(
            client
                .set_compatibility_level(Some(&subject), level)
                .expect("set"),
            level
        );
        assert_eq!(
            client.compatibility_level(Some(&subject)).expect("get"),
            level
        );
        let [v1, v2, v3] = lineage();
        client.register(&subject, &v1).expect("v1");
        for (schema, accepted) in [(v2, accepted[0]), (v3, accepted[1])] {
            let source = SchemaSource::avro(schema.to_string());
            let report = client
                .test_compatibility(&subject, Option::None, &source)
                .expect("test");
            assert_eq!(report.is_compatible, accepted, "{level}: {schema}");
            assert_eq!(report.messages.is_empty(), accepted, "{report:?}");
            let registered = client.register(&subject, &schema);
            assert_eq!(registered.is_ok(), accepted, "{level}: {schema}");
            if !accepted {
                let e = registered.unwrap_err();
                assert_eq!(
                    (e.status(), e.code()),
                    (Some(409), Some(ErrorCode::Incompatible))
                );
            }
        }
    }
    // Deleting a subject's level falls back to the global one.
    let (status, _, body) = raw(&registry, "DELETE", "/config/BACKWARD_TRANSITIVE", "");
    assert_eq!(
        (status, body),
        (200, json!({"compatibilityLevel": "BACKWARD_TRANSITIVE"}))
    );
    assert_eq!(
        client
            .compatibility_level(Some("BACKWARD_TRANSITIVE"))
            .expect("level"),
        Backward
    );
    // The default and the global level.
    assert_eq!(
        client.compatibility_level(Option::None).expect("global"),
        Backward
    );
    assert_eq!(
        client
            .compatibility_level(Some("unset"))
            .expect("falls back"),
        Backward
    );
    // Backward: a field without a default cannot be added.
    let v1 = record(r#"{"name": "a", "type": "int"}"#);
    client.register("b", &v1).expect("v1");
    let added = record(r#"{"name": "a", "type": "int"}, {"name": "b", "type": "int"}"#);
    let e = client.register("b", &added).unwrap_err();
    assert!(
        e.to_string().contains(
            "R.b: reading version 1: reader field is not in the writer's record and has no default"
        ),
        "{e}"
    );
    client
        .set_compatibility_level(Option::None, Forward)
        .expect("set global");
    client.register("b", &added).expect("forward accepts it");
}

#[test]
fn compatibility_tests_against_one_version() {
    let (_registry, client) = start();
    let subject = "bt";
    client
        .set_compatibility_level(Some(subject), Compatibility::BackwardTransitive)
        .expect("set");
    let [v1, v2, v3] = lineage();
    client.register(subject, &v1).expect("v1");
    client.register(subject, &v2).expect("v2");
    let source = SchemaSource::avro(v3.to_string());
    // Against one version the level's transitivity does not apply.
    assert!(
        client
            .test_compatibility(subject, Some(Version::Latest), &source)
            .expect("latest")
            .is_compatible
    );
    let report = client
        .test_compatibility(subject, Some(Version::Number(1)), &source)
        .expect("v1");
    assert!(!report.is_compatible);
    assert_eq!(report.messages.len(), 1, "{report:?}");
    assert!(
        !client
            .test_compatibility(subject, None, &source)
            .expect("all")
            .is_compatible
    );
    let e = client
        .test_compatibility("missing", Some(Version::Latest), &source)
        .unwrap_err();
    assert_eq!(e.code(), Some(ErrorCode::SubjectNotFound));
}

#[test]
fn a_stopped_registry_refuses_connections() {
    let (registry, client) = start();
    client.subjects().expect("running");
    let url = registry.url().to_owned();
    registry.stop();
    let client = avrox_registry::ClientBuilder::new(url)
        .retry(avrox_registry::RetryPolicy::none())
        .build_blocking()
        .expect("client");
    assert!(matches!(
        client.subjects(),
        Err(avrox_registry::Error::Transport { .. })
    ));
}
