//! Registries that misbehave: answers that are not JSON or not the API's
//! shape, schemas that do not parse, unknown ids, references that loop or
//! nest too deep, a registry that hangs, server errors (retried) and
//! client errors (not), bodies over the limit, and floods of unknown ids.

use std::time::{Duration, Instant};

use avrox::framing::{ConfluentReader, SchemaRegistry};
use avrox_registry::{ClientBuilder, Error, ErrorCode, ReferenceError, RetryPolicy, blocking};
use serde_json::json;

use crate::scripted::{Reply, Scripted, error, ok};

fn quick_retries() -> RetryPolicy {
    RetryPolicy::new(3, Duration::from_millis(5), Duration::from_millis(20))
}

fn client(server: &Scripted) -> blocking::Client {
    ClientBuilder::new(server.url())
        .retry(quick_retries())
        .timeout(Duration::from_secs(5))
        .build_blocking()
        .expect("client")
}

#[test]
fn a_body_that_is_not_json_is_an_invalid_response() {
    let server = Scripted::start(|_, _| Reply::Body(200, "<html>proxy login</html>".into()));
    let e = client(&server).schema_by_id(1).unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("GET /schemas/ids/1: unexpected response:"),
        "{e}"
    );
    assert!(e.to_string().contains("<html>proxy login</html>"), "{e}");
    assert_eq!(
        server.requests(),
        1,
        "a 200 that cannot be read is not retried"
    );
}

#[test]
fn json_of_the_wrong_shape_is_an_invalid_response() {
    for body in [
        json!({"schemaa": "x"}),
        json!([1, 2]),
        json!({"schema": 7}),
        json!(null),
    ] {
        let server = Scripted::start(move |_, _| ok(body.clone()));
        let e = client(&server).schema_by_id(1).unwrap_err();
        assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    }
    let server = Scripted::start(|_, _| ok(json!({"compatibilityLevel": "SIDEWAYS"})));
    let e = client(&server).compatibility_level(None).unwrap_err();
    assert!(
        e.to_string()
            .contains("\"SIDEWAYS\" is not a compatibility level"),
        "{e}"
    );
    let server = Scripted::start(|_, _| ok(json!({"id": -1})));
    let e = client(&server)
        .register("s", &avrox::Schema::parse(r#""int""#).unwrap())
        .unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
}

#[test]
fn an_error_status_without_a_registry_body_keeps_the_status() {
    let server = Scripted::start(|_, _| Reply::Body(418, "teapot".into()));
    let e = client(&server).subjects().unwrap_err();
    assert_eq!(e.status(), Some(418));
    assert_eq!(e.code(), None);
    assert_eq!(
        e.to_string(),
        "GET /subjects: the registry answered 418: \"teapot\""
    );
}

#[test]
fn a_schema_that_does_not_parse_is_a_schema_error() {
    let server = Scripted::start(|_, _| ok(json!({"schema": "{\"type\": \"recrod\"}"})));
    let e = client(&server).schema_by_id(5).unwrap_err();
    let Error::Schema { what, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(what, "id 5");
    let server = Scripted::start(|_, _| ok(json!({"schema": "{", "schemaType": "AVRO"})));
    assert!(matches!(
        client(&server).schema_by_id(5),
        Err(Error::Schema { .. })
    ));
    let server = Scripted::start(|_, _| {
        ok(json!({"schema": "syntax = \"proto3\";", "schemaType": "PROTOBUF"}))
    });
    let e = client(&server).schema_by_id(5).unwrap_err();
    assert!(e.to_string().contains("PROTOBUF schema, not Avro"), "{e}");
}

#[test]
fn an_unknown_id_is_avroxs_unknown_schema_id_through_the_reader() {
    let server = Scripted::start(|_, _| error(40403, "Schema 77 not found"));
    let client = client(&server);
    let e = client.schema_by_id(77).unwrap_err();
    assert_eq!(e.code(), Some(ErrorCode::SchemaNotFound));
    assert_eq!(e.status(), Some(404));
    let e = SchemaRegistry::schema_by_id(&client, 77).unwrap_err();
    assert!(
        matches!(e.kind(), avrox::ErrorKind::UnknownSchemaId(77)),
        "{e:?}"
    );
    let reader = ConfluentReader::new(client);
    let e = reader
        .decode::<avrox::Value>(&[0, 0, 0, 0, 77, 2])
        .unwrap_err();
    assert!(
        matches!(e.kind(), avrox::ErrorKind::UnknownSchemaId(77)),
        "{e:?}"
    );
    assert_eq!(
        server.requests(),
        3,
        "an error is not cached, and a 4xx is not retried"
    );
}

#[test]
fn truncated_and_foreign_frames_are_errors_before_any_request() {
    let server = Scripted::start(|_, _| error(40403, "none"));
    let reader = ConfluentReader::new(client(&server));
    for frame in [
        &[][..],
        &[0],
        &[0, 0, 0, 1],
        &[1, 0, 0, 0, 1, 2],
        &[0x7b, 0x22],
    ] {
        assert!(reader.decode::<avrox::Value>(frame).is_err());
    }
    assert_eq!(server.requests(), 0);
}

/// `GET /subjects/{s}/versions/{v}` answers of a registry whose
/// references are `chain(s)`.
fn referencing(next: impl Fn(&str) -> Vec<String> + Send + Sync + 'static) -> Scripted {
    Scripted::start(move |seen, _| {
        let subject = match seen.path.strip_prefix("/subjects/") {
            Some(rest) => rest.split('/').next().unwrap_or_default().to_owned(),
            None => "root".to_owned(),
        };
        let references: Vec<_> = next(&subject)
            .into_iter()
            .map(|s| json!({"name": format!("T{s}"), "subject": s, "version": 1}))
            .collect();
        ok(json!({
            "subject": subject, "id": 1, "version": 1,
            "schema": format!("{{\"type\": \"fixed\", \"name\": \"T{subject}\", \"size\": 1}}"),
            "references": references,
        }))
    })
}

#[test]
fn references_that_loop_are_an_error_naming_the_loop() {
    // root -> a -> b -> a
    let server = referencing(|s| match s {
        "root" => vec!["a".into()],
        "a" => vec!["b".into()],
        _ => vec!["a".into()],
    });
    let e = client(&server).schema_by_id(1).unwrap_err();
    assert_eq!(
        e,
        Error::References(ReferenceError::Cycle(vec![
            "a 1".into(),
            "b 1".into(),
            "a 1".into()
        ]))
    );
    assert_eq!(e.to_string(), "schema references loop: a 1 -> b 1 -> a 1");
    assert_eq!(server.requests(), 3);
}

#[test]
fn references_nested_past_the_limit_are_an_error() {
    // root -> 1 -> 2 -> 3 -> ... without end.
    let server = referencing(|s| match s {
        "root" => vec!["1".into()],
        n => vec![(n.parse::<u32>().unwrap_or(0) + 1).to_string()],
    });
    let client = ClientBuilder::new(server.url())
        .max_reference_depth(5)
        .build_blocking()
        .expect("client");
    let e = client.schema_by_id(1).unwrap_err();
    assert_eq!(e, Error::References(ReferenceError::TooDeep { limit: 5 }));
    assert_eq!(server.requests(), 6, "the root and five levels");
}

#[test]
fn too_many_references_are_an_error() {
    let server = referencing(|s| match s {
        "root" => (0..1000).map(|i| i.to_string()).collect(),
        _ => Vec::new(),
    });
    let client = ClientBuilder::new(server.url())
        .max_references(20)
        .build_blocking()
        .expect("client");
    let e = client.schema_by_id(1).unwrap_err();
    assert_eq!(e, Error::References(ReferenceError::TooMany { limit: 20 }));
    assert_eq!(server.requests(), 21);
}

#[test]
fn a_registry_that_hangs_times_out() {
    let server = Scripted::start(|_, _| Reply::Hang(Duration::from_secs(20)));
    let client = ClientBuilder::new(server.url())
        .timeout(Duration::from_millis(300))
        .retry(quick_retries())
        .build_blocking()
        .expect("client");
    let start = Instant::now();
    let e = client.schema_by_id(1).unwrap_err();
    assert_eq!(
        e,
        Error::Timeout {
            request: "GET /schemas/ids/1".into()
        }
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.requests(), 1, "a timeout is not retried");
}

#[test]
fn a_registry_that_hangs_times_out_the_async_client_too() {
    let server = Scripted::start(|_, _| Reply::Hang(Duration::from_secs(20)));
    let client = ClientBuilder::new(server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let start = Instant::now();
    let e = runtime.block_on(client.schema_by_id(1)).unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn server_errors_are_retried_until_an_answer() {
    let server = Scripted::start(|_, i| match i {
        0 => Reply::Body(503, "unavailable".into()),
        1 => error(50001, "store"),
        _ => ok(json!({"schema": "\"long\""})),
    });
    let schema = client(&server)
        .schema_by_id(3)
        .expect("the third attempt succeeds");
    assert_eq!(schema.canonical_form(), "\"long\"");
    assert_eq!(server.requests(), 3);
}

#[test]
fn server_errors_are_retried_as_the_policy_says_then_returned() {
    let server = Scripted::start(|_, _| error(50002, "timeout in the store"));
    let e = client(&server).subjects().unwrap_err();
    assert_eq!(e.code(), Some(ErrorCode::OperationTimeout));
    assert_eq!(e.status(), Some(500));
    assert_eq!(server.requests(), 4, "one attempt and three retries");
    let server = Scripted::start(|_, _| Reply::Body(502, String::new()));
    let none = ClientBuilder::new(server.url())
        .retry(RetryPolicy::none())
        .build_blocking()
        .expect("client");
    assert_eq!(none.subjects().unwrap_err().status(), Some(502));
    assert_eq!(server.requests(), 1);
}

#[test]
fn client_errors_are_not_retried() {
    for code in [40401, 40402, 42201, 409, 42203] {
        let server = Scripted::start(move |_, _| error(code, "no"));
        let e = client(&server).versions("s").unwrap_err();
        assert_eq!(e.code().map(|c| c.code()), Some(i64::from(code)));
        assert!(!e.is_retryable());
        assert_eq!(server.requests(), 1, "code {code}");
    }
}

#[test]
fn a_refused_connection_is_retried_then_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let client = ClientBuilder::new(format!("http://127.0.0.1:{port}"))
        .retry(quick_retries())
        .build_blocking()
        .expect("client");
    let e = client.subjects().unwrap_err();
    assert!(matches!(e, Error::Transport { connect: true, .. }), "{e:?}");
    assert!(e.is_retryable());
}

#[test]
fn bodies_over_the_limit_are_refused() {
    let big = format!("{{\"schema\": \"{}\"}}", "x".repeat(2 << 20));
    let server = Scripted::start(move |seen, _| {
        if seen.path.ends_with("/1") {
            Reply::Body(200, big.clone())
        } else {
            Reply::Unsized(200, vec![b' '; 3 << 20])
        }
    });
    let client = ClientBuilder::new(server.url())
        .max_response_bytes(1 << 20)
        .build_blocking()
        .expect("client");
    let e = client.schema_by_id(1).unwrap_err();
    assert_eq!(
        e,
        Error::ResponseTooLarge {
            request: "GET /schemas/ids/1".into(),
            limit: 1 << 20
        }
    );
    // Without a length: counted as it arrives.
    let e = client.schema_by_id(2).unwrap_err();
    assert!(matches!(e, Error::ResponseTooLarge { .. }), "{e:?}");

    let async_client = ClientBuilder::new(server.url())
        .max_response_bytes(1 << 20)
        .build()
        .expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for id in [1, 2] {
        let e = runtime.block_on(async_client.schema_by_id(id)).unwrap_err();
        assert!(matches!(e, Error::ResponseTooLarge { .. }), "{e:?}");
    }
}

#[test]
fn a_flood_of_unknown_ids_keeps_the_cache_bounded() {
    // Ids below 100 exist; every other id is unknown.
    let server = Scripted::start(|seen, _| {
        let id: u32 = seen
            .path
            .rsplit('/')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if id < 100 {
            ok(
                json!({"schema": format!("{{\"type\": \"fixed\", \"name\": \"F{id}\", \"size\": 1}}")}),
            )
        } else {
            error(40403, "not found")
        }
    });
    let client = ClientBuilder::new(server.url())
        .cache_capacity(8)
        .build_blocking()
        .expect("client");
    for id in 0..100 {
        client.schema_by_id(id).expect("known");
    }
    assert_eq!(client.cached_schemas(), 8);
    for id in 100..600 {
        assert_eq!(
            client.schema_by_id(id).unwrap_err().code(),
            Some(ErrorCode::SchemaNotFound)
        );
    }
    assert_eq!(client.cached_schemas(), 8);
    // The most recently used known ids are still cached.
    let before = server.requests();
    client.schema_by_id(99).expect("cached");
    assert_eq!(server.requests(), before);
}

#[test]
fn the_async_client_retries_server_errors_and_not_client_errors() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = Scripted::start(|_, i| match i {
        0 => error(50003, "forwarding"),
        _ => ok(json!(["a"])),
    });
    let client = ClientBuilder::new(server.url())
        .retry(quick_retries())
        .build()
        .expect("client");
    assert_eq!(runtime.block_on(client.subjects()).expect("retried"), ["a"]);
    assert_eq!(server.requests(), 2);
    let server = Scripted::start(|_, _| error(40401, "Subject 's' not found."));
    let client = ClientBuilder::new(server.url())
        .retry(quick_retries())
        .build()
        .expect("client");
    let e = runtime.block_on(client.versions("s")).unwrap_err();
    assert_eq!(e.code(), Some(ErrorCode::SubjectNotFound));
    assert_eq!(server.requests(), 1);
}

#[test]
fn error_codes_map_to_their_statuses() {
    for (code, status) in [
        (ErrorCode::SubjectNotFound, 404),
        (ErrorCode::Incompatible, 409),
        (ErrorCode::InvalidSchema, 422),
        (ErrorCode::BackendStore, 500),
        (ErrorCode::Other(40499), 404),
    ] {
        assert_eq!(code.http_status(), status, "{code:?}");
        assert_eq!(ErrorCode::from_code(code.code()), code);
    }
}
