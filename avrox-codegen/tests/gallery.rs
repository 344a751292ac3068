//! Snapshots of the code generated for the gallery (`tests/gallery/`):
//! every type, logical types in each option set, recursion, namespaces,
//! keywords, unions, constraints, unnamed roots. The code itself is
//! compiled and checked against its schemas by `avrox-tests/codegen`.

use std::path::{Path, PathBuf};

use avrox_codegen::{Builder, DecimalType, Error, Layout, MapType, Options, TimeCrate};

fn gallery(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/gallery")
        .join(format!("{name}.avsc"))
}

fn generate(name: &str, options: Options) -> String {
    Builder::new()
        .file(gallery(name))
        .options(options)
        .to_source()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_gallery_schema() {
    for name in [
        "every_type",
        "logical",
        "recursion",
        "namespaces",
        "keywords",
        "unions",
        "constraints",
        "root_union",
        "root_array",
        "properties",
    ] {
        insta::assert_snapshot!(name, generate(name, Options::new()));
    }
}

#[test]
fn logical_types_with_chrono_and_rust_decimal() {
    let options = Options::new()
        .time(TimeCrate::Chrono)
        .decimal(DecimalType::RustDecimal);
    insta::assert_snapshot!(generate("logical", options));
}

#[test]
fn logical_types_with_time() {
    insta::assert_snapshot!(generate("logical", Options::new().time(TimeCrate::Time)));
}

#[test]
fn flat_with_btree_maps() {
    let options = Options::new()
        .layout(Layout::Flat)
        .map_type(MapType::BTreeMap);
    insta::assert_snapshot!(generate("namespaces", options));
}

#[test]
fn output_is_deterministic() {
    for name in ["every_type", "unions", "recursion"] {
        assert_eq!(
            generate(name, Options::new()),
            generate(name, Options::new())
        );
    }
}

#[test]
fn a_flat_clash_names_both_types() {
    let schema = avrox::Schema::parse(
        r#"{"type": "record", "name": "a.User", "fields": [
            {"name": "other", "type": {"type": "record", "name": "b.User", "fields": []}}]}"#,
    )
    .unwrap();
    let mut set = avrox_codegen::SchemaSet::new();
    set.add(schema, "user");
    let err = avrox_codegen::generate(&set, &Options::new().layout(Layout::Flat)).unwrap_err();
    assert!(matches!(err, Error::Clash { .. }));
    assert_eq!(
        err.to_string(),
        "'a.User' and 'b.User' would both be the Rust type `User`; give one of them another name, or another namespace with nested modules"
    );
    // Nested, they are a::User and b::User.
    assert!(avrox_codegen::generate(&set, &Options::new()).is_ok());
}

#[test]
fn a_bad_schema_file_is_named() {
    let dir = std::env::temp_dir().join(format!("avrox-codegen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.avsc");
    let bad = dir.join("bad.avsc");
    std::fs::write(&good, r#"{"type": "enum", "name": "E", "symbols": ["A"]}"#).unwrap();
    std::fs::write(
        &bad,
        r#"{"type": "record", "name": "R", "fields": [{"name": "e", "type": "F"}]}"#,
    )
    .unwrap();
    let err = Builder::new()
        .file(&good)
        .file(&bad)
        .to_source()
        .unwrap_err();
    assert!(
        err.to_string().starts_with(&format!("{}: ", bad.display())),
        "{err}"
    );
    assert!(err.to_string().contains("unknown type 'F'"), "{err}");
    let missing = Builder::new()
        .file(dir.join("missing.avsc"))
        .to_source()
        .unwrap_err();
    assert!(matches!(missing, Error::Io { .. }), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn truncated_and_hostile_files_are_errors() {
    let dir = std::env::temp_dir().join(format!("avrox-codegen-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(gallery("every_type")).unwrap();
    let path = dir.join("cut.avsc");
    // Every cut of a valid schema is an error or a schema, never a panic.
    for end in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
        std::fs::write(&path, &text[..end]).unwrap();
        let _ = Builder::new().file(&path).to_source();
    }
    // Deep nesting is refused by the parser, not a stack overflow here.
    let deep = format!(
        "{}\"int\"{}",
        "{\"type\":\"array\",\"items\":".repeat(5000),
        "}".repeat(5000)
    );
    std::fs::write(&path, deep).unwrap();
    assert!(Builder::new().file(&path).to_source().is_err());
    std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
    assert!(Builder::new().file(&path).to_source().is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
