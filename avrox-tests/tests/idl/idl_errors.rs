//! IDL errors name the file, line and column, and say what was expected.

use avrox_idl::{IdlError, IdlReader};

fn error(text: &str) -> IdlError {
    match IdlReader::new().read_str(text) {
        Ok(file) => panic!("accepted: {text}\n{}", file.to_json()),
        Err(e) => e,
    }
}

fn at(text: &str) -> String {
    error(text).to_string()
}

#[test]
fn syntax_errors_say_where_and_what_was_expected() {
    assert_eq!(
        at("protocol P {\n  record R {\n    string name\n  }\n}"),
        "4:3: expected ',' or ';' after a field, found '}'"
    );
    assert_eq!(
        at("protocol P { record { } }"),
        "1:21: expected the record's name, found '{'"
    );
    assert_eq!(
        at("protocol P { fixed F(x); }"),
        "1:22: expected the fixed type's size, found 'x'"
    );
    assert_eq!(
        at("protocol P { import foo \"x.avdl\"; }"),
        "1:21: expected 'idl', 'protocol' or 'schema' after 'import', found 'foo'"
    );
    assert_eq!(
        at("protocol P { int add(int a int b); }"),
        "1:28: expected ',' or ')' after a parameter, found 'int'"
    );
    assert_eq!(
        at("protocol P {"),
        "1:13: expected '}' to close the protocol, found the end of the file"
    );
    assert_eq!(
        at("protocol P { record R { int x = ; } }"),
        "1:33: expected a JSON value, found ';'"
    );
    assert_eq!(
        at("protocol P { } record R {}"),
        "1:16: expected the end of the file after the protocol, found 'record'"
    );
    assert_eq!(
        at("schema int; protocol P {}"),
        "1:13: a protocol must be the only declaration of its file"
    );
    assert_eq!(
        at("protocol P { record R { int # x; } }"),
        "1:29: unexpected character '#'"
    );
}

#[test]
fn schema_errors_point_at_the_declaration() {
    let e = error("protocol P {\n  record R { strin name; }\n}");
    assert_eq!((e.line(), e.column()), (2, 3));
    assert!(e.message().contains("unknown type 'strin'"), "{e}");
    assert!(e.message().contains("did you mean 'string'?"), "{e}");
    let e = error("protocol P {\n  record R { int x = \"one\"; }\n}");
    assert_eq!((e.line(), e.column()), (2, 3));
    let e = error("protocol P {\n  record R {}\n  R get() throws R;\n}");
    assert_eq!((e.line(), e.column()), (3, 3));
    assert!(e.message().contains("not an error type"), "{e}");
    let e = error("protocol P {\n  void a();\n  void a();\n}");
    assert_eq!(e.to_string(), "3:3: message 'a' is declared twice");
    let e = error("protocol P {\n  record R {}\n  enum R { A }\n}");
    assert_eq!(
        e.to_string(),
        "3:3: type 'R' is defined twice (first at 2:3)"
    );
    assert_eq!(
        at("protocol P { record R {} record S { @order(\"x\") R r; } }"),
        "1:49: annotations cannot apply to a reference to the named type 'R': annotate its declaration"
    );
}

#[test]
fn a_missing_import_names_the_places_looked_in() {
    let e = IdlReader::new()
        .search_dir("/nonexistent/dir")
        .read_str("protocol P { import idl \"gone.avdl\"; }")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "1:14: cannot find the imported file 'gone.avdl' (looked in: /nonexistent/dir)"
    );
}

#[test]
fn the_1_12_schema_syntax_and_shorthands() {
    let file = IdlReader::new()
        .read_str(
            "namespace org.acme;\nschema array<Item>;\n\
             /** An item. */ record Item { uuid id; date day; time_ms at; timestamp_ms ts;\n\
             local_timestamp_ms lts; decimal(9, 2) price; string? note; int? n = 1;\n\
             @logicalType(\"timestamp-micros\") long micros; map<Kind> kinds = {}; }\n\
             enum Kind { A, B } = A;",
        )
        .unwrap();
    let json = file.to_json();
    let item = &json["items"];
    assert_eq!(item["namespace"], "org.acme");
    assert_eq!(item["doc"], "An item.");
    let types: Vec<String> = item["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["type"].to_string())
        .collect();
    assert_eq!(
        types,
        [
            r#"{"type":"string","logicalType":"uuid"}"#,
            r#"{"type":"int","logicalType":"date"}"#,
            r#"{"type":"int","logicalType":"time-millis"}"#,
            r#"{"type":"long","logicalType":"timestamp-millis"}"#,
            r#"{"type":"long","logicalType":"local-timestamp-millis"}"#,
            r#"{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}"#,
            r#"["null","string"]"#,
            r#"["int","null"]"#,
            r#"{"type":"long","logicalType":"timestamp-micros"}"#,
            r#"{"type":"map","values":{"type":"enum","name":"Kind","symbols":["A","B"],"default":"A"}}"#,
        ]
    );
    assert_eq!(file.named_types().unwrap().len(), 2);
}

/// Review finding 4: syntax of Java's grammar (Idl.g4) that was refused.
#[test]
fn syntax_java_accepts() {
    let idl = IdlReader::new()
        .read_str(
            "\u{feff}@namespace(\"x\") protocol P {\n\
             record org.acme.User { decimal(9) cents; string s = \"it\\'s\"; }\n\
             enum E { /** A. */ @deprecated(true) A, B }\n\
             record Uses { org.acme.User user; E e; }\n\
             }",
        )
        .unwrap();
    let json = idl.to_json();
    let user = &json["types"][0];
    assert_eq!(user["name"], "User");
    assert_eq!(user["namespace"], "org.acme");
    assert_eq!(user["fields"][0]["type"]["precision"], 9);
    assert_eq!(user["fields"][0]["type"]["scale"], 0);
    assert_eq!(user["fields"][1]["default"], "it's");
    assert_eq!(json["types"][1]["symbols"], serde_json::json!(["A", "B"]));
    assert_eq!(json["types"][2]["fields"][0]["type"], "org.acme.User");
    // Not in the specification's grammar, nor taken: a sign or a leading
    // point on a number.
    assert!(
        IdlReader::new()
            .read_str("record R { double d = +1.5; }")
            .is_err()
    );
    assert!(
        IdlReader::new()
            .read_str("record R { double d = .5; }")
            .is_err()
    );
}
