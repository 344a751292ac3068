//! Apache's IDL suite, read in place from the conformance data.

use std::path::{Path, PathBuf};

use avrox_idl::IdlReader;
use avrox_protocol::Protocol;
use serde_json::Value as Json;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/idl/fixtures")
}

fn read_json(path: &Path) -> Json {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The expected output of `input/NAME.avdl`: `NAME.avpr`, or for the
/// schema syntax (`NAME_schema.avdl`) `NAME.avsc`.
fn expected_output(output: &Path, stem: &str) -> PathBuf {
    let protocol = output.join(format!("{stem}.avpr"));
    if protocol.exists() {
        return protocol;
    }
    output.join(format!("{}.avsc", stem.trim_end_matches("_schema")))
}

#[test]
fn every_input_gives_its_expected_output() {
    let Some(apache) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let idl = apache.join("idl");
    let reader = IdlReader::new()
        .search_dir(idl.join("putOnClassPath"))
        .search_dir(fixtures());
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(idl.join("input"))
        .expect("the suite's input folder")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "avdl"))
        .collect();
    inputs.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for input in &inputs {
        let stem = input
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name");
        let expected_path = expected_output(&idl.join("output"), stem);
        if !expected_path.exists() {
            // An input only imported by others (status_schema.avdl has
            // status.avsc; the rest are imports).
            continue;
        }
        let expected = read_json(&expected_path);
        match reader.read_file(input) {
            Ok(file) => {
                let got = file.to_json();
                if got != expected {
                    failures.push(format!(
                        "{stem}: got\n{}\nexpected\n{}",
                        serde_json::to_string_pretty(&got).unwrap_or_default(),
                        serde_json::to_string_pretty(&expected).unwrap_or_default()
                    ));
                }
            }
            Err(e) => failures.push(format!("{stem}: {e}")),
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(
        checked, 13,
        "the suite has 13 inputs with an expected output"
    );
}

/// Every `.avpr` in the conformance data: parsed, printed, parsed again to
/// the same JSON and the same MD5.
#[test]
fn every_protocol_round_trips() {
    let Some(apache) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let mut stack = vec![apache];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "avpr") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 17, "found only {} protocols", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a readable file");
        let protocol = Protocol::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let printed = protocol.to_string();
        let again = Protocol::parse(&printed)
            .unwrap_or_else(|e| panic!("{} printed: {e}\n{printed}", path.display()));
        assert_eq!(again.to_json(), protocol.to_json(), "{}", path.display());
        assert_eq!(again.md5(), protocol.md5(), "{}", path.display());
        // Nothing of the original is lost: it parses to the same protocol.
        let original: Json = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            Protocol::parse_json(&original).expect("parses").to_json(),
            protocol.to_json()
        );
        for (a, b) in protocol.messages().zip(again.messages()) {
            assert_eq!(a.request().canonical_form(), b.request().canonical_form());
            assert_eq!(a.response().canonical_form(), b.response().canonical_form());
            assert_eq!(a.errors().canonical_form(), b.errors().canonical_form());
        }
    }
}
