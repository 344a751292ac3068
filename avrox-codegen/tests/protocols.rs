//! Protocols (`.avpr`) and IDL files (`.avdl`) as the generator's input:
//! snapshots of the gallery's, the types of messages, import directories,
//! and bad files as errors naming the file and the place in it. The code
//! is compiled and checked against its sources by `avrox-tests/codegen`.

use std::path::{Path, PathBuf};

use avrox_codegen::{Builder, Error, Options, SchemaSet};

fn gallery(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/gallery")
        .join(file)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "avrox-codegen-protocols-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn gallery_protocols_and_idl_files() {
    let shop = Builder::new()
        .file(gallery("shop.avdl"))
        .import_dir(gallery("shared"))
        .to_source()
        .unwrap();
    insta::assert_snapshot!("shop_avdl", shop);
    let events = Builder::new()
        .file(gallery("schema_syntax.avdl"))
        .to_source()
        .unwrap();
    insta::assert_snapshot!("schema_syntax_avdl", events);
    let mail = Builder::new()
        .file(gallery("mail.avpr"))
        .to_source()
        .unwrap();
    insta::assert_snapshot!("mail_avpr", mail);
}

#[test]
fn a_protocol_s_types_and_its_messages_named_types_are_generated() {
    let set = Builder::new()
        .file(gallery("mail.avpr"))
        .schema_set()
        .unwrap();
    let generated = avrox_codegen::generate_with_roots(&set, &Options::new()).unwrap();
    // The protocol's types are the roots, those defined inside a message
    // (a parameter's, the response's) among them, as the protocol parser
    // lists them (and Java does); the request record and the messages are
    // not generated.
    assert_eq!(
        generated.roots,
        [
            "org::acme::mail::Message",
            "org::acme::mail::Bounced",
            "org::acme::mail::Priority",
            "org::acme::mail::Receipt"
        ]
    );
    let named: Vec<&str> = generated
        .named_types
        .iter()
        .map(|(avro, _)| avro.as_str())
        .collect();
    assert_eq!(
        named,
        [
            "org.acme.mail.Message",
            "org.acme.mail.Bounced",
            "org.acme.mail.Priority",
            "org.acme.mail.Receipt",
            "org.acme.mail.MessageId"
        ]
    );
    assert!(!generated.source.contains("pub struct Send"));
    assert!(!generated.source.contains("pub struct Forget"));
}

#[test]
fn an_idl_schema_file_s_main_schema_is_a_root() {
    let generated = avrox_codegen::generate_with_roots(
        &avrox_codegen::read_files(&[gallery("schema_syntax.avdl")]).unwrap(),
        &Options::new(),
    )
    .unwrap();
    assert_eq!(
        generated.roots,
        [
            "org::acme::events::Event",
            "org::acme::events::Kind",
            "SchemaSyntax"
        ]
    );
}

#[test]
fn idl_imports_are_found_beside_the_file_then_in_import_dirs() {
    // Without the import directory, the error says where it looked.
    let err = Builder::new()
        .file(gallery("shop.avdl"))
        .to_source()
        .unwrap_err();
    assert!(matches!(err, Error::Idl(_)), "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{}:4:5: ", gallery("shop.avdl").display())),
        "{text}"
    );
    assert!(
        text.contains("cannot find the imported file 'money.avsc'"),
        "{text}"
    );
    // An import beside the file.
    let dir = scratch("beside");
    std::fs::copy(gallery("shop.avdl"), dir.join("shop.avdl")).unwrap();
    std::fs::copy(gallery("shared/money.avsc"), dir.join("money.avsc")).unwrap();
    let (source, inputs) = Builder::new()
        .file(dir.join("shop.avdl"))
        .to_source_and_inputs()
        .unwrap();
    assert!(source.contains("pub struct Money"), "{source}");
    assert_eq!(inputs, [dir.join("shop.avdl"), dir.join("money.avsc")]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn schema_protocol_and_idl_files_together() {
    let mut set = SchemaSet::new();
    set.add(
        avrox::Schema::parse(r#"{"type": "enum", "name": "a.Colour", "symbols": ["RED"]}"#)
            .unwrap(),
        "colour",
    );
    assert!(!set.is_empty());
    let source = Builder::new()
        .file(gallery("every_type.avsc"))
        .file(gallery("mail.avpr"))
        .file(gallery("schema_syntax.avdl"))
        .to_source()
        .unwrap();
    for item in [
        "pub struct Receipt",
        "pub struct Event",
        "pub type SchemaSyntax",
    ] {
        assert!(source.contains(item), "{item}");
    }
}

/// A bad protocol or IDL file is an error naming the file and the place:
/// the line and column of invalid JSON or IDL, the JSON path of an
/// invalid protocol.
#[test]
fn bad_protocol_and_idl_files_name_the_file_and_the_place() {
    let dir = scratch("bad");
    let cases = [
        (
            "cut.avpr",
            "{\"protocol\": \"P\", \"types\": [\n  {\"type\": \"record\",",
            "cut.avpr: invalid JSON: EOF while parsing a value at line 2 column 20",
        ),
        (
            "unknown.avpr",
            r#"{"protocol": "P", "messages": {"m": {"request": [], "response": "Nope"}}}"#,
            "unknown.avpr: messages.m.response: unknown type 'Nope'",
        ),
        (
            "cut.avdl",
            "protocol P {\n  record R {\n    string name;\n",
            "cut.avdl:4:1: ",
        ),
        (
            "comment.avdl",
            "protocol P {\n  /* never closed\n}\n",
            "comment.avdl:2:3: ",
        ),
        (
            "unknown.avdl",
            "protocol P {\n  record R { strin name; }\n}\n",
            "unknown.avdl:2:3: field 'name' of 'R': unknown type 'strin' (did you mean 'string'?)",
        ),
        (
            "cycle.avdl",
            "protocol P { import idl \"cycle.avdl\"; }",
            "cycle.avdl:1:14: import cycle: ",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let err = Builder::new().file(&path).to_source().unwrap_err();
        let want = format!("{}/{expected}", dir.display());
        assert!(
            err.to_string().starts_with(&want),
            "{name}: got {err}\nwanted {want}"
        );
    }
    for name in ["corrupt.avpr", "corrupt.avdl"] {
        let path = dir.join(name);
        std::fs::write(&path, [b'{', 0xff, 0xfe, 0x00]).unwrap();
        let err = Builder::new().file(&path).to_source().unwrap_err();
        assert!(err.to_string().contains(name), "{err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every cut of the gallery's protocol and IDL files, and every byte of
/// them replaced, is an error or a set of types, never a panic.
#[test]
fn every_truncation_and_corruption_is_an_error_not_a_panic() {
    let dir = scratch("cuts");
    std::fs::copy(gallery("shared/money.avsc"), dir.join("money.avsc")).unwrap();
    for file in ["shop.avdl", "mail.avpr", "schema_syntax.avdl"] {
        let text = std::fs::read(gallery(file)).unwrap();
        let path = dir.join(file);
        let mut errors = 0;
        for end in 0..text.len() {
            std::fs::write(&path, &text[..end]).unwrap();
            if let Err(e) = Builder::new().file(&path).to_source() {
                assert!(e.to_string().contains(file), "{e}");
                errors += 1;
            }
        }
        assert!(errors > text.len() / 2, "{file}: {errors} cuts refused");
        for at in (0..text.len()).step_by(7) {
            let mut bad = text.clone();
            bad[at] = b"}\"<@\xff"[at % 5];
            std::fs::write(&path, &bad).unwrap();
            if let Err(e) = Builder::new().file(&path).to_source() {
                assert!(e.to_string().contains(file), "{e}");
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
