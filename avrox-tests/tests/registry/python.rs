//! The test registry and avrox-registry checked against Confluent's own
//! Python client (`confluent-kafka`): its `SchemaRegistryClient` against
//! the test registry, its `AvroSerializer`'s messages (both framings)
//! read by avrox through the new client, and avrox's messages read by its
//! `AvroDeserializer`. One peer process does all of it
//! (`avrox-tests/peers/registry_peer.py`).

use avrox::framing::{self, ConfluentReader};
use avrox::{Schema, Value};
use avrox_registry::{Field, SchemaId, blocking::Client, schema_id_from_headers};
use avrox_registry_test::TestRegistry;
use avrox_tests::interop::peers::{self, Peer};
use serde_json::{Value as Json, json};

const V1: &str = r#"{"type": "record", "name": "Order", "namespace": "com.acme", "fields": [
    {"name": "id", "type": "long"}]}"#;
const V2: &str = r#"{"type": "record", "name": "Order", "namespace": "com.acme", "fields": [
    {"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}]}"#;
/// Not backward compatible with V2: `id` cannot be read as `int`.
const BAD: &str = r#"{"type": "record", "name": "Order", "namespace": "com.acme", "fields": [
    {"name": "id", "type": "int"}]}"#;

/// Every kind of field the two sides map the same way.
const PAYMENT: &str = r#"{"type": "record", "name": "Payment", "namespace": "com.acme", "fields": [
    {"name": "id", "type": "long"},
    {"name": "payer", "type": "string"},
    {"name": "amount", "type": "double"},
    {"name": "settled", "type": "boolean"},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "limits", "type": {"type": "map", "values": "int"}},
    {"name": "note", "type": ["null", "string"], "default": null},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}}]}"#;

fn records() -> Vec<Json> {
    vec![
        json!({"id": 1, "payer": "ada", "amount": 12.5, "settled": true, "tags": ["a", "b"],
               "limits": {"day": 3}, "note": null, "status": "NEW"}),
        json!({"id": -9_007_199_254_740_993_i64, "payer": "ünï", "amount": -0.25, "settled": false,
               "tags": [], "limits": {}, "note": "late", "status": "PAID"}),
    ]
}

#[test]
fn confluent_python_client_serializer_and_deserializer() {
    if !peers::available(Peer::ConfluentKafka) {
        return;
    }
    let registry = TestRegistry::start().expect("start the test registry");
    let client = Client::new(registry.url()).expect("client");
    let payment = Schema::parse(PAYMENT).expect("schema");

    // avrox's messages, framed with the ids and GUIDs the new client gets.
    let subject = "rs-payments-value";
    let id = client.register(subject, &payment).expect("register");
    let guid = client
        .latest(subject)
        .expect("latest")
        .guid
        .expect("a GUID");
    let mut messages = Vec::new();
    for record in records() {
        let value = Value::from_default_json(&record, &payment).expect("value");
        let prefixed =
            framing::to_confluent(&client, subject, &value.with_schema(&payment)).expect("frame");
        assert_eq!(prefixed[1..5], id.to_be_bytes());
        messages.push(json!({"payload": hex(&prefixed), "headers": []}));
        let mut header = vec![1];
        header.extend(parse_guid(&guid));
        let datum = avrox::framing::confluent_schema_id(&prefixed)
            .expect("split")
            .1;
        messages.push(json!({"payload": hex(datum),
            "headers": [["__value_schema_id", hex(&header)]]}));
    }

    let job = json!({
        "url": registry.url(),
        "admin": {"subject": "py-orders-value", "v1": V1, "v2": V2, "incompatible": BAD},
        "serialize": {"topic": "py-payments", "schema": PAYMENT, "records": records()},
        "deserialize": {"topic": "rs-payments", "messages": messages},
    });
    let out = peers::run(Peer::ConfluentKafka, "registry", &job);

    // The registry as Confluent's client sees it.
    let admin = &out["admin"];
    assert_eq!(
        admin["schema1"],
        json!(V1),
        "the schema comes back as registered"
    );
    assert_eq!(admin["latest1"], 1);
    assert_eq!(admin["compatible_v2"], true);
    assert_eq!(admin["compatible_bad"], false);
    assert_eq!(admin["compatible_bad_all"], false);
    assert_eq!(admin["versions2"], json!([1, 2]));
    assert_eq!(admin["register_bad"], json!([409, 409]));
    assert_eq!(admin["level_default"], "BACKWARD");
    assert_eq!(admin["set_level"], json!({"compatibility": "NONE"}));
    assert_eq!(admin["level_subject"], "NONE");
    assert_eq!(admin["version2"], admin["id2"]);
    assert_eq!(admin["lookup1"], 1);
    assert_eq!(admin["deleted"], 3);
    assert_eq!(admin["versions_after_delete"], json!([1, 2]));
    assert_eq!(
        admin["id3_after_delete"], true,
        "a soft-deleted version's id still resolves"
    );
    assert_eq!(admin["id_versions"], json!([["py-orders-value", 1]]));
    assert_eq!(admin["unknown_id"], json!([404, 40403]));
    let subjects = admin["subjects"].as_array().expect("subjects");
    assert!(subjects.contains(&json!("py-orders-value")) && subjects.contains(&json!(subject)));
    // The same registry through avrox's client.
    let ids: Vec<u64> = ["id1", "id2", "id3"]
        .iter()
        .map(|k| admin[k].as_u64().expect("id"))
        .collect();
    let v1 = Schema::parse(V1).expect("v1");
    assert_eq!(
        client.id_of("py-orders-value", &v1).expect("id_of"),
        ids[0] as u32
    );
    assert_eq!(
        client.versions("py-orders-value").expect("versions"),
        [1, 2]
    );

    // AvroSerializer's messages, read by avrox through the client.
    let written = &out["serialize"];
    let reader = ConfluentReader::new(client.clone());
    for (i, record) in records().iter().enumerate() {
        let prefixed = unhex(written["prefix"][i].as_str().expect("hex"));
        let value: Value = reader.decode(&prefixed).expect("decode a prefixed message");
        let (id, _) = framing::confluent_schema_id(&prefixed).expect("id");
        let writer = client.schema_by_id(id).expect("writer");
        assert_eq!(&value.to_default_json(&writer).expect("json"), record);

        let framed = &written["header"][i];
        let headers: Vec<(String, Vec<u8>)> = framed["headers"]
            .as_array()
            .expect("headers")
            .iter()
            .map(|h| {
                (
                    h[0].as_str().expect("name").to_owned(),
                    unhex(h[1].as_str().expect("hex")),
                )
            })
            .collect();
        let id = schema_id_from_headers(
            headers.iter().map(|(k, v)| (k.as_str(), v.as_slice())),
            Field::Value,
        )
        .expect("header")
        .expect("a schema id header");
        assert!(matches!(id, SchemaId::Guid(_)), "{id:?}");
        let writer = client.schema_for(id).expect("schema by GUID");
        let payload = unhex(framed["payload"].as_str().expect("hex"));
        let value = Value::decode(&payload, &writer).expect("decode a bare datum");
        assert_eq!(&value.to_default_json(&writer).expect("json"), record);
    }

    // avrox's messages, read by AvroDeserializer: each record twice (prefix, header).
    let read = out["deserialize"].as_array().expect("records");
    let expected: Vec<Json> = records().into_iter().flat_map(|r| [r.clone(), r]).collect();
    assert_eq!(read, &expected);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn parse_guid(text: &str) -> Vec<u8> {
    unhex(&text.replace('-', ""))
}
