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
        "defaults",
        "docs",
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
fn defaults_with_chrono_and_rust_decimal() {
    let options = Options::new()
        .time(TimeCrate::Chrono)
        .decimal(DecimalType::RustDecimal);
    insta::assert_snapshot!(generate("defaults", options));
}

#[test]
fn defaults_with_time() {
    insta::assert_snapshot!(generate("defaults", Options::new().time(TimeCrate::Time)));
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

/// The error generating `schema` with `options` gives, as text.
fn default_error(schema: &str, options: &Options) -> Option<String> {
    let mut set = avrox_codegen::SchemaSet::new();
    set.add(avrox::Schema::parse(schema).unwrap(), "r");
    match avrox_codegen::generate(&set, options) {
        Ok(_) => None,
        Err(e) => {
            assert!(matches!(e, Error::Default { .. }), "{e}");
            Some(e.to_string())
        }
    }
}

fn with_default(ty: &str, default: &str) -> String {
    format!(
        r#"{{"type": "record", "name": "a.R", "fields": [{{"name": "at", "type": {ty}, "default": {default}}}]}}"#
    )
}

#[test]
fn a_default_the_rust_type_cannot_hold_is_an_error_naming_the_field() {
    let chrono = Options::new().time(TimeCrate::Chrono);
    let time = Options::new().time(TimeCrate::Time);
    let rust_decimal = Options::new().decimal(DecimalType::RustDecimal);
    let date = r#"{"type": "int", "logicalType": "date"}"#;
    // The last days chrono and time (without large-dates) hold, and the
    // next: avrox-tests/codegen checks these against the crates.
    for (options, last, first) in [
        (&chrono, 95_026_236, -96_465_292),
        (&time, 2_932_896, -4_371_587),
    ] {
        assert_eq!(
            default_error(&with_default(date, &last.to_string()), options),
            None
        );
        assert_eq!(
            default_error(&with_default(date, &first.to_string()), options),
            None
        );
        let error = default_error(&with_default(date, &(last + 1).to_string()), options)
            .expect("past the last day");
        assert!(error.starts_with("the default of 'a.R.at' is "), "{error}");
        assert!(default_error(&with_default(date, &(first - 1).to_string()), options).is_some());
    }
    // Without a date type the default is a plain int.
    assert_eq!(
        default_error(&with_default(date, "2147483647"), &Options::new()),
        None
    );

    // 300 000 000 000 000 ms is in the year 11 476.
    let millis = r#"{"type": "long", "logicalType": "timestamp-millis"}"#;
    assert_eq!(
        default_error(&with_default(millis, "300000000000000"), &chrono),
        None
    );
    let error = default_error(&with_default(millis, "300000000000000"), &time).unwrap();
    assert!(
        error.contains("'a.R.at'") && error.contains("time's timestamps"),
        "{error}"
    );
    let local = r#"["null", {"type": "long", "logicalType": "local-timestamp-micros"}]"#;
    assert!(default_error(&with_default(local, "-9223372036854775808"), &chrono).is_some());
    assert_eq!(default_error(&with_default(local, "null"), &chrono), None);

    let time_of_day = r#"{"type": "int", "logicalType": "time-millis"}"#;
    assert_eq!(
        default_error(&with_default(time_of_day, "86399999"), &time),
        None
    );
    for bad in ["86400000", "-1"] {
        let error = default_error(&with_default(time_of_day, bad), &chrono).unwrap();
        assert!(error.contains("is not a time of day"), "{error}");
    }

    // 2^96: one past rust_decimal's unscaled integers.
    let decimal = r#"{"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 2}"#;
    let two_to_96 =
        r#""\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000""#;
    assert_eq!(
        default_error(&with_default(decimal, two_to_96), &Options::new()),
        None
    );
    let error = default_error(&with_default(decimal, two_to_96), &rust_decimal).unwrap();
    assert!(error.contains("rust_decimal"), "{error}");
    let deep = r#"{"type": "bytes", "logicalType": "big-decimal"}"#;
    // Scale 29: past rust_decimal's 28.
    assert!(default_error(&with_default(deep, r#""\u0002\u0001:""#), &rust_decimal).is_some());
    assert_eq!(
        default_error(&with_default(deep, r#""\u0002\u0001:""#), &Options::new()),
        None
    );
}

/// A union's default is matched to its branches in full, within a budget
/// of steps far above a large valid default: 150 000 items are kept.
#[test]
fn a_large_union_default_is_kept() {
    let items = vec!["7"; 150_000].join(",");
    let schema = format!(
        r#"{{"type": "record", "name": "a.R", "fields": [{{"name": "xs",
            "type": [{{"type": "array", "items": "int"}}, "string"], "default": [{items}]}}]}}"#
    );
    let mut set = avrox_codegen::SchemaSet::new();
    set.add(avrox::Schema::parse(&schema).unwrap(), "r");
    let source = avrox_codegen::generate(&set, &Options::new()).unwrap();
    assert!(
        source.contains("default = RXs::Array("),
        "{}",
        &source[..400]
    );
    assert_eq!(source.matches('7').count(), 150_000);
}
