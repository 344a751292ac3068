//! `#[avro(property(..))]`: custom properties on records, enums and fields
//! are printed with the derived schema, read back by the parser, and left
//! out of the Parsing Canonical Form (so the data does not change).

use avrox::{Avro, AvroSchema, Schema};
use serde_json::json;

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(
    namespace = "com.acme",
    property(key = "connect.name", value = "com.acme.User"),
    property(
        key = "connect.parameters",
        json = r#"{"source": "crm", "version": 2}"#
    )
)]
struct User {
    #[avro(property(key = "avro.java.string", value = "String"))]
    name: String,
    #[avro(property(key = "x-weight", value = -1.5), property(key = "x-tags", json = r#"["a", "b"]"#))]
    score: f64,
    #[avro(property(key = "x-flag", value = true))]
    status: Status,
}

#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "com.acme", property(key = "x-since", value = 3))]
enum Status {
    Active,
    Closed,
}

#[test]
fn properties_are_printed_where_they_are_written() {
    assert_eq!(
        User::schema().to_json(),
        json!({
            "type": "record",
            "name": "User",
            "namespace": "com.acme",
            "fields": [
                {"name": "name", "type": "string", "avro.java.string": "String"},
                {"name": "score", "type": "double", "x-weight": -1.5, "x-tags": ["a", "b"]},
                {"name": "status", "x-flag": true, "type": {
                    "type": "enum", "name": "Status", "symbols": ["Active", "Closed"],
                    "x-since": 3
                }}
            ],
            "connect.name": "com.acme.User",
            "connect.parameters": {"source": "crm", "version": 2}
        })
    );
}

#[test]
fn the_parser_reads_them_back_and_the_canonical_form_leaves_them_out() {
    let printed = User::schema().to_json();
    let parsed = Schema::parse_json(&printed).unwrap();
    assert_eq!(parsed.to_json(), printed);
    assert_eq!(
        User::schema().canonical_form(),
        r#"{"name":"com.acme.User","type":"record","fields":[{"name":"name","type":"string"},{"name":"score","type":"double"},{"name":"status","type":{"name":"com.acme.Status","type":"enum","symbols":["Active","Closed"]}}]}"#
    );
    let user = User {
        name: "ann".into(),
        score: 0.5,
        status: Status::Closed,
    };
    let bytes = avrox::to_vec(&user).unwrap();
    assert_eq!(
        avrox::Value::decode(&bytes, &parsed)
            .unwrap()
            .to_bytes(&parsed)
            .unwrap(),
        bytes
    );
    assert_eq!(avrox::from_slice::<User>(&bytes).unwrap(), user);
}
