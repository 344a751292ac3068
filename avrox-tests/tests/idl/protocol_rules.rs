//! The specification's rules on protocols: each broken one is an error at
//! its path; the model gives each message's schemas.

use avrox::Value;
use avrox_protocol::Protocol;

fn error(text: &str) -> String {
    match Protocol::parse(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

const GREETINGS: &str = r#"{
    "protocol": "HelloWorld", "namespace": "com.acme", "doc": "Protocol Greetings",
    "version": "3", "javaAnnotation": ["A", "B"],
    "types": [
        {"name": "Greeting", "type": "record", "fields": [{"name": "message", "type": "string"}]},
        {"name": "Curse", "type": "error", "fields": [{"name": "message", "type": "string"}]}
    ],
    "messages": {
        "hello": {
            "doc": "Say hello.", "idempotent": true,
            "request": [{"name": "greeting", "type": "Greeting", "customProp": "x"}],
            "response": "Greeting",
            "errors": ["Curse"]
        },
        "Greeting": {"request": [], "response": "null", "one-way": true}
    }
}"#;

#[test]
fn the_model_holds_every_part() {
    let protocol = Protocol::parse(GREETINGS).unwrap();
    assert_eq!(protocol.name().fullname(), "com.acme.HelloWorld");
    assert_eq!(protocol.doc(), Some("Protocol Greetings"));
    assert_eq!(protocol.properties()["version"], "3");
    assert_eq!(protocol.types().len(), 2);
    let hello = protocol.message("hello").unwrap();
    assert_eq!(hello.doc(), Some("Say hello."));
    assert_eq!(hello.properties()["idempotent"], true);
    assert!(!hello.is_one_way());
    assert_eq!(hello.declared_errors(), 1);
    assert_eq!(
        hello.request().canonical_form(),
        r#"{"name":"com.acme.hello","type":"record","fields":[{"name":"greeting","type":{"name":"com.acme.Greeting","type":"record","fields":[{"name":"message","type":"string"}]}}]}"#
    );
    assert_eq!(
        hello.errors().canonical_form(),
        r#"["string",{"name":"com.acme.Curse","type":"record","fields":[{"name":"message","type":"string"}]}]"#
    );
    // A message named like a type gets a request record of another name.
    let greeting = protocol.message("Greeting").unwrap();
    assert!(greeting.is_one_way());
    assert_eq!(
        greeting.request().root().name().unwrap().fullname(),
        "com.acme.Greeting_"
    );

    // The schemas encode: a request is its parameters, one after the other.
    let request = Value::record([("greeting", Value::record([("message", Value::from("hi"))]))]);
    let bytes = request.to_bytes(hello.request()).unwrap();
    assert_eq!(bytes, b"\x04hi");
    // An error is sent in the effective union: branch 1 is Curse.
    let curse = Value::Union(
        1,
        Box::new(Value::record([("message", Value::from("bah"))])),
    );
    assert_eq!(curse.to_bytes(hello.errors()).unwrap(), b"\x02\x06bah");
}

#[test]
fn printing_keeps_properties_and_parses_back() {
    let protocol = Protocol::parse(GREETINGS).unwrap();
    let json = protocol.to_json();
    assert_eq!(json["javaAnnotation"], serde_json::json!(["A", "B"]));
    assert_eq!(json["messages"]["hello"]["request"][0]["customProp"], "x");
    assert_eq!(
        json["messages"]["hello"]["errors"],
        serde_json::json!(["Curse"])
    );
    assert_eq!(json["messages"]["hello"]["response"], "Greeting");
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "protocol",
            "namespace",
            "doc",
            "version",
            "javaAnnotation",
            "types",
            "messages"
        ]
    );
    let again = Protocol::parse(&protocol.to_string()).unwrap();
    assert_eq!(again.to_json(), json);
    assert_eq!(again.md5(), protocol.md5());
}

#[test]
fn the_md5_is_that_of_the_printed_text() {
    let protocol = Protocol::parse(r#"{"protocol": "P", "messages": {}}"#).unwrap();
    assert_eq!(
        protocol.to_string(),
        r#"{"protocol":"P","types":[],"messages":{}}"#
    );
    assert_eq!(
        protocol.md5(),
        avrox::schema::Md5Fingerprint::of(br#"{"protocol":"P","types":[],"messages":{}}"#)
    );
}

#[test]
fn a_type_used_before_its_place_in_the_list_is_printed_there_once() {
    let protocol = Protocol::parse(
        r#"{"protocol": "P", "namespace": "n", "types": [
            {"type": "record", "name": "A", "fields": [{"name": "b", "type": {"type": "fixed", "name": "B", "size": 2}}]},
            {"type": "record", "name": "C", "fields": [{"name": "b", "type": "B"}, {"name": "o", "type": {"type": "enum", "name": "o.E", "symbols": ["X"]}}]}
        ]}"#,
    )
    .unwrap();
    let json = protocol.to_json();
    assert_eq!(json["types"].as_array().unwrap().len(), 2);
    assert_eq!(json["types"][1]["fields"][0]["type"], "B");
    assert_eq!(json["types"][1]["fields"][1]["type"]["namespace"], "o");
}

#[test]
fn broken_rules_are_errors_at_their_path() {
    assert_eq!(error("[]"), "a protocol is a JSON object, found an array");
    assert_eq!(
        error(r#"{"protocl": "P"}"#),
        "missing the protocol's name, attribute 'protocol' (did you mean 'protocl'?)"
    );
    assert_eq!(
        error(r#"{"protocol": "1P"}"#).split(':').next(),
        Some("protocol")
    );
    assert_eq!(
        error(r#"{"protocol": "P", "types": ["int"]}"#),
        "types[0]: a protocol's types are definitions of named types (record, error, enum, fixed), found the reference 'int'"
    );
    assert_eq!(
        error(
            r#"{"protocol": "P", "types": [{"type": "record", "name": "R", "fields": [{"name": "f", "type": "Strin"}]}]}"#
        ),
        "types[0].fields[0].type: unknown type 'Strin' (did you mean 'string'?)"
    );
    // Forward references are not permitted.
    assert!(
        error(
            r#"{"protocol": "P", "types": [
            {"type": "record", "name": "A", "fields": [{"name": "b", "type": "B"}]},
            {"type": "record", "name": "B", "fields": []}]}"#
        )
        .starts_with("types[0].fields[0].type: unknown type 'B'")
    );
    assert_eq!(
        error(r#"{"protocol": "P", "messages": {"m": {"response": "int"}}}"#),
        "messages.m: missing 'request'"
    );
    assert_eq!(
        error(
            r#"{"protocol": "P", "messages": {"m": {"request": [{"name": "a", "type": "nope"}], "response": "int"}}}"#
        ),
        "messages.m.request[0].type: unknown type 'nope'"
    );
    assert_eq!(
        error(
            r#"{"protocol": "P", "messages": {"m": {"request": [], "response": "int", "one-way": true}}}"#
        ),
        "messages.m.response: a one-way message has the response \"null\""
    );
    assert_eq!(
        error(
            r#"{"protocol": "P", "types": [{"type": "error", "name": "E", "fields": []}],
            "messages": {"m": {"request": [], "response": "null", "errors": ["E"], "one-way": true}}}"#
        ),
        "messages.m.errors: a one-way message declares no errors"
    );
    assert_eq!(
        error(
            r#"{"protocol": "P", "types": [{"type": "error", "name": "Kaboom", "fields": []}],
            "messages": {"m": {"request": [], "response": "null", "errors": ["Kabom"]}}}"#
        ),
        "messages.m.errors[0]: unknown error type 'Kabom' (did you mean 'Kaboom'?)"
    );
    assert_eq!(
        error(
            r#"{"protocol": "P", "types": [{"type": "record", "name": "R", "fields": []}],
            "messages": {"m": {"request": [], "response": "null", "errors": ["R"]}}}"#
        ),
        "messages.m.errors[0]: 'R' is not an error type: errors are declared with \"type\": \"error\""
    );
    assert_eq!(
        error(
            r#"{"protocol": "P", "messages": {"m": {"request": [], "response": "null", "one-way": "yes"}}}"#
        ),
        "messages.m.one-way: 'one-way' is true or false, found a string"
    );
    assert_eq!(
        error(r#"{"protocol": "P", "messages": {"m-1": {"request": [], "response": "null"}}}"#)
            .split(':')
            .next(),
        Some("messages.m-1")
    );
    assert!(error(r#"{"protocol": "P", "types": [{"type": "record", "name": "R", "fields": []}, {"type": "enum", "name": "R", "symbols": []}]}"#).starts_with("types[1]"));
}

/// Review finding 5: as in Java, a type a message defines is a type of the
/// protocol, which later messages may use.
#[test]
fn a_type_defined_inside_a_message_is_a_type_of_the_protocol() {
    let text = r#"{"protocol":"P","namespace":"x","types":[],"messages":{
        "a":{"request":[{"name":"p","type":{"type":"record","name":"Inline","fields":[]}}],"response":"null"},
        "b":{"request":[{"name":"q","type":"Inline"}],"response":{"type":"array","items":"Inline"}}}}"#;
    let protocol = Protocol::parse(text).unwrap();
    let json = protocol.to_json();
    assert_eq!(json["types"][0]["name"], "Inline");
    assert_eq!(json["messages"]["a"]["request"][0]["type"], "Inline");
    assert_eq!(json["messages"]["b"]["request"][0]["type"], "Inline");
    assert_eq!(Protocol::parse_json(&json).unwrap().to_json(), json);
    // Defined again differently: an error naming both messages.
    let e = error(
        r#"{"protocol":"P","messages":{
        "a":{"request":[],"response":{"type":"record","name":"T","fields":[]}},
        "b":{"request":[],"response":{"type":"enum","name":"T","symbols":["A"]}}}}"#,
    );
    assert_eq!(
        e,
        "messages.b: type 'T' is defined inline in message 'a' and differently here"
    );
    // An unknown name is shown as written.
    let e = error(
        r#"{"protocol":"P","namespace":"x","messages":{"b":{"request":[{"name":"q","type":"Inline"}],"response":"null"}}}"#,
    );
    assert!(e.contains("unknown type 'Inline'"), "{e}");
}

#[test]
fn a_type_defined_again_the_same_way_in_messages_is_one_type() {
    let text = r#"{"protocol": "P", "namespace": "n", "messages": {
        "a": {"request": [{"name": "x", "type": {"type": "record", "name": "X", "fields": []}},
                          {"name": "y", "type": "X"}],
              "response": {"type": "record", "name": "X", "fields": []}},
        "b": {"request": [], "response": {"type": "record", "name": "X", "fields": []}}}}"#;
    let protocol = Protocol::parse(text).unwrap();
    let json = protocol.to_json();
    // Defined the same way again: a reference to the first definition.
    assert_eq!(json["types"][0]["name"], "X");
    assert_eq!(json["messages"]["a"]["request"][0]["type"], "X");
    assert_eq!(json["messages"]["a"]["request"][1]["type"], "X");
    assert_eq!(json["messages"]["a"]["response"], "X");
    assert_eq!(json["messages"]["b"]["response"], "X");
    let again = Protocol::parse(&protocol.to_string()).unwrap();
    assert_eq!(again.to_json(), json);
}

/// Review finding 15: a JSON object keeps the last of two equal keys, so a
/// message declared twice passed unseen.
#[test]
fn a_message_declared_twice_is_an_error() {
    assert_eq!(
        error(
            r#"{"protocol":"P","messages":{"m":{"request":[],"response":"int"},"m":{"request":[],"response":"string"}}}"#
        ),
        "messages.m: message 'm' is declared twice (no two messages may have the same name)"
    );
    // Equal keys elsewhere are not messages.
    Protocol::parse(
        r#"{"protocol":"P","x":1,"x":2,"messages":{"m":{"request":[],"response":"int"}}}"#,
    )
    .unwrap();
}
