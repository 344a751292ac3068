//! The Apache Avro project's shared test data, read in place from the
//! conformance folder (see `avrox_tests::conformance_dir`).
//!
//! - `data/schema-tests.txt`: 34 schemas with their Parsing Canonical Form
//!   and, for most, the CRC-64-AVRO fingerprint Java computes.
//! - `c-tests/schema_tests/{pass,fail}`: avro-c's schemas that must parse and
//!   schemas that must be rejected.
//! - the interop schemas (`schemas/*.avsc`), the schemas beside data files
//!   (`data/schemas/*/schema.json`), avsc's `js-tests/Person.avsc`, and the
//!   single-object message of `data/messageV1`.
//!
//! Container files (`*.avro`) are read in `ocf_files.rs`.

use std::fs;
use std::path::{Path, PathBuf};

use avrox::binary::SliceReader;
use avrox::{Schema, Value};

/// One case of `schema-tests.txt`.
#[derive(Debug)]
struct Case {
    /// The number after `// `.
    id: String,
    /// The line the case starts on, for messages.
    line: usize,
    input: String,
    canonical: String,
    fingerprint: Option<i64>,
}

/// Parses the format of `schema-tests.txt`:
///
/// ```text
/// // 026
/// <<INPUT {"type": ...}          (one line), or
/// <<INPUT                        (alone, then lines up to a line "INPUT")
/// ...
/// INPUT
/// <<canonical {"name": ...}
/// <<fingerprint -4860222112080293046   (optional)
/// ```
///
/// A `// ` line starts a case only when what follows is a number; other
/// comments (including a commented-out `// <<INPUT`) and `#` lines are
/// ignored.
fn parse_schema_tests(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut input: Option<String> = None;
    let mut canonical: Option<String> = None;
    let mut fingerprint: Option<i64> = None;

    fn finish(
        cases: &mut Vec<Case>,
        current: &mut Option<(String, usize)>,
        input: &mut Option<String>,
        canonical: &mut Option<String>,
        fingerprint: &mut Option<i64>,
    ) {
        if let Some((id, line)) = current.take() {
            cases.push(Case {
                input: input
                    .take()
                    .unwrap_or_else(|| panic!("case {id} (line {line}) has no <<INPUT")),
                canonical: canonical
                    .take()
                    .unwrap_or_else(|| panic!("case {id} (line {line}) has no <<canonical")),
                fingerprint: fingerprint.take(),
                id,
                line,
            });
        }
    }

    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let line_no = n + 1;
        if let Some(rest) = line.strip_prefix("// ") {
            let rest = rest.trim();
            if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
                finish(
                    &mut cases,
                    &mut current,
                    &mut input,
                    &mut canonical,
                    &mut fingerprint,
                );
                current = Some((rest.to_owned(), line_no));
            }
            continue;
        }
        if line.starts_with('#') || line.starts_with("//") || line.trim().is_empty() {
            continue;
        }
        assert!(
            current.is_some(),
            "line {line_no}: {line:?} outside of any case"
        );
        if let Some(rest) = line.strip_prefix("<<INPUT") {
            assert!(input.is_none(), "line {line_no}: a second <<INPUT");
            if rest.trim().is_empty() {
                let mut body = Vec::new();
                loop {
                    let (_, l) = lines
                        .next()
                        .unwrap_or_else(|| panic!("line {line_no}: <<INPUT without its INPUT end"));
                    if l.trim_end() == "INPUT" {
                        break;
                    }
                    body.push(l);
                }
                input = Some(body.join("\n"));
            } else {
                input = Some(rest.trim().to_owned());
            }
        } else if let Some(rest) = line.strip_prefix("<<canonical") {
            assert!(canonical.is_none(), "line {line_no}: a second <<canonical");
            canonical = Some(rest.trim().to_owned());
        } else if let Some(rest) = line.strip_prefix("<<fingerprint") {
            assert!(
                fingerprint.is_none(),
                "line {line_no}: a second <<fingerprint"
            );
            fingerprint = Some(
                rest.trim()
                    .parse()
                    .unwrap_or_else(|e| panic!("line {line_no}: bad fingerprint: {e}")),
            );
        } else {
            panic!("line {line_no}: unexpected line {line:?}");
        }
    }
    finish(
        &mut cases,
        &mut current,
        &mut input,
        &mut canonical,
        &mut fingerprint,
    );
    cases
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The files of a folder, sorted, so that messages come in a stable order.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Parses a schema file, failing with the file's name and the error.
fn parse_file(path: &Path) -> Schema {
    Schema::parse(&read(path)).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
}

#[test]
fn the_parser_of_schema_tests_reads_both_input_forms() {
    let text = "# licence\n// NOTE: not a case\n\n// 000\n<<INPUT \"null\"\n<<canonical \"null\"\n\
                <<fingerprint -5\n\n// 001\n// <<INPUT {\"old\": 1} -- commented out\n<<INPUT\n  {\"type\":\n\"int\"}\nINPUT\n\
                <<canonical \"int\"\n";
    let cases = parse_schema_tests(text);
    assert_eq!(cases.len(), 2);
    assert_eq!(
        (cases[0].id.as_str(), cases[0].input.as_str()),
        ("000", "\"null\"")
    );
    assert_eq!(cases[0].fingerprint, Some(-5));
    assert_eq!(cases[1].input, "  {\"type\":\n\"int\"}");
    assert_eq!(cases[1].canonical, "\"int\"");
    assert_eq!(cases[1].fingerprint, None);
    assert_eq!(cases[1].line, 9);
}

#[test]
fn schema_tests_canonical_forms_and_fingerprints() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let cases = parse_schema_tests(&read(&dir.join("data/schema-tests.txt")));
    assert_eq!(
        cases.len(),
        34,
        "schema-tests.txt should hold 34 cases: {:?}",
        cases.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
    let with_fingerprint = cases.iter().filter(|c| c.fingerprint.is_some()).count();
    assert!(
        with_fingerprint >= 20,
        "only {with_fingerprint} cases have a fingerprint: the file was misread"
    );

    let mut failures = Vec::new();
    for case in &cases {
        let schema = match Schema::parse(&case.input) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!(
                    "case {} (line {}): does not parse: {e}\n  input: {}",
                    case.id, case.line, case.input
                ));
                continue;
            }
        };
        if schema.canonical_form() != case.canonical {
            failures.push(format!(
                "case {} (line {}): canonical form\n  expected: {}\n  actual:   {}",
                case.id,
                case.line,
                case.canonical,
                schema.canonical_form()
            ));
        }
        // The canonical form is itself a schema with the same canonical form.
        match Schema::parse(&case.canonical) {
            Ok(again) if again.canonical_form() == case.canonical => {}
            Ok(again) => failures.push(format!(
                "case {}: the canonical form is not a fixed point: {}",
                case.id,
                again.canonical_form()
            )),
            Err(e) => failures.push(format!(
                "case {}: the canonical form does not parse: {e}",
                case.id
            )),
        }
        if let Some(expected) = case.fingerprint {
            let actual = schema.rabin_fingerprint().as_i64();
            if actual != expected {
                failures.push(format!(
                    "case {} (line {}): Rabin fingerprint expected {expected}, got {actual}",
                    case.id, case.line
                ));
            }
            // The fingerprint is that of the canonical form's bytes.
            assert_eq!(
                avrox::schema::Fingerprint::of(case.canonical.as_bytes()).as_i64(),
                expected,
                "case {}",
                case.id
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn avro_c_pass_schemas_parse() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let files = files_in(&dir.join("c-tests/schema_tests/pass"));
    assert!(files.len() >= 20, "only {} pass schemas found", files.len());
    let mut failures = Vec::new();
    for path in &files {
        match Schema::parse(&read(path)) {
            Ok(schema) => {
                // What parses prints back to a schema with the same canonical form.
                let again = Schema::parse(&schema.to_string()).unwrap_or_else(|e| {
                    panic!("{}: the printed schema does not parse: {e}", path.display())
                });
                assert_eq!(
                    again.canonical_form(),
                    schema.canonical_form(),
                    "{}",
                    path.display()
                );
            }
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "pass schemas rejected:\n{}",
        failures.join("\n")
    );
}

#[test]
fn avro_c_fail_schemas_are_rejected() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let files = files_in(&dir.join("c-tests/schema_tests/fail"));
    assert!(files.len() >= 12, "only {} fail schemas found", files.len());
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let err = match Schema::parse(&read(path)) {
            Ok(schema) => panic!("{name} should be rejected, but parsed as {schema}"),
            Err(e) => e,
        };
        let message = err.to_string();
        eprintln!("{name}: {message}");
        assert!(
            !err.message().trim().is_empty(),
            "{name}: empty error message"
        );
        assert!(
            message.len() >= 12 && message.chars().any(char::is_alphabetic),
            "{name}: message too short to help: {message:?}"
        );
        // Each file is rejected for its own reason; check that the message
        // names it rather than some unrelated complaint.
        let expect: &[&str] = match name.as_str() {
            "enum_nonarray_symbols" => &["symbols"],
            "enum_nonstring_name" => &["name"],
            "enum_without_name" => &["JSON"],
            "fixed_without_name" => &["name"],
            // Its name, "Missing size", is not a valid name either, and the
            // name is checked first; either complaint is right.
            "fixed_without_size" => &["'Missing size'"],
            "illegal_type" => &["panther"],
            "invalid_avro_id" => &["2d2"],
            "record_with_field_missing_name" => &["name"],
            "record_with_field_missing_type" => &["Sponsor", "type"],
            "record_with_invalid_reference" => &["foobar"],
            "record_with_nonarray_fields" => &["JSON"],
            "record_with_nonstring_name" => &["name"],
            _ => &[],
        };
        for word in expect {
            assert!(
                message.contains(word),
                "{name}: the message should mention {word:?}: {message}"
            );
        }
    }
}

#[test]
fn avro_c_fail_schemas_say_where() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let fail = dir.join("c-tests/schema_tests/fail");
    for (file, path) in [
        ("record_with_field_missing_name", "fields[0]"),
        ("record_with_field_missing_type", "fields[0]"),
        ("record_with_invalid_reference", "fields[1].type.items"),
        ("enum_nonarray_symbols", "symbols"),
        ("enum_nonstring_name", "name"),
        ("record_with_nonstring_name", "name"),
    ] {
        let err = Schema::parse(&read(&fail.join(file))).unwrap_err();
        assert_eq!(err.path(), path, "{file}: {err}");
    }
}

#[test]
fn interop_avsc_schemas_parse() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let files: Vec<PathBuf> = files_in(&dir.join("schemas"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "avsc"))
        .collect();
    assert!(files.len() >= 5, "only {} .avsc files found", files.len());
    for path in &files {
        let schema = parse_file(path);
        assert!(
            schema.root().name().is_some(),
            "{}: expected a named root",
            path.display()
        );
    }
    // The interop schema holds every kind of type.
    let interop = parse_file(&dir.join("schemas/interop.avsc"));
    let canonical = interop.canonical_form();
    for kind in [
        "\"record\"",
        "\"enum\"",
        "\"fixed\"",
        "\"array\"",
        "\"map\"",
        "\"null\"",
        "\"bytes\"",
    ] {
        assert!(canonical.contains(kind), "{kind} missing from {canonical}");
    }
}

#[test]
fn data_file_schemas_parse() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let mut found = 0;
    for entry in fs::read_dir(dir.join("data/schemas")).expect("data/schemas") {
        let path = entry.expect("entry").path().join("schema.json");
        if path.is_file() {
            parse_file(&path);
            found += 1;
        }
    }
    assert!(found >= 2, "only {found} data/schemas/*/schema.json found");
}

#[test]
fn js_person_schema_parses() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let schema = parse_file(&dir.join("js-tests/Person.avsc"));
    assert!(schema.root().name().is_some());
}

/// `data/messageV1`: a message Java wrote in single-object encoding: `C3 01`,
/// the schema's Rabin fingerprint as 8 little-endian bytes, then the datum.
/// The framing itself is a later issue; this checks the fingerprint and the
/// datum with the runtime core.
#[test]
fn message_v1_fingerprint_and_datum() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let schema = parse_file(&dir.join("data/messageV1/test_schema.avsc"));
    let message = fs::read(dir.join("data/messageV1/test_message.bin")).expect("test_message.bin");
    assert_eq!(message[..2], [0xc3, 0x01], "single-object marker");
    assert_eq!(
        message[2..10],
        schema.rabin_fingerprint().to_le_bytes(),
        "the message's fingerprint is the schema's, little-endian"
    );
    let value = Value::decode(&message[10..], &schema).expect("the datum decodes");
    let expected = Value::record([
        ("id", Value::Long(42)),
        ("name", Value::from("Bill")),
        (
            "tags",
            Value::array(vec![Value::from("dog_lover"), Value::from("cat_hater")]),
        ),
    ]);
    assert_eq!(value, expected);
    // And back to the very same bytes.
    assert_eq!(expected.to_bytes(&schema).unwrap(), message[10..]);
    // A streaming read stops exactly at the end of the datum.
    let mut reader = SliceReader::new(&message[10..]);
    Value::read_next(&mut reader, &schema).unwrap();
    assert!(reader.is_empty());
}

/// Every schema of the conformance data prints to JSON that parses back to
/// an equal schema.
#[test]
fn every_conformance_schema_round_trips_through_json() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let mut texts: Vec<(String, String)> = Vec::new();
    for case in parse_schema_tests(&read(&dir.join("data/schema-tests.txt"))) {
        texts.push((format!("schema-tests.txt case {}", case.id), case.input));
    }
    let mut paths = files_in(&dir.join("c-tests/schema_tests/pass"));
    paths.extend(
        files_in(&dir.join("schemas"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "avsc")),
    );
    paths.push(dir.join("js-tests/Person.avsc"));
    paths.push(dir.join("data/messageV1/test_schema.avsc"));
    for path in paths {
        texts.push((path.display().to_string(), read(&path)));
    }
    assert!(texts.len() > 60);
    for (label, text) in &texts {
        let schema = Schema::parse(text).unwrap_or_else(|e| panic!("{label}: {e}"));
        for printed in [schema.to_string(), format!("{schema:#}")] {
            let again = Schema::parse(&printed)
                .unwrap_or_else(|e| panic!("{label}: printed form does not parse: {e}\n{printed}"));
            assert_eq!(again, schema, "{label}: printed as {printed}");
            assert_eq!(again.canonical_form(), schema.canonical_form(), "{label}");
        }
    }
}
