//! The round-trip law of avrox-codegen over the gallery (in three option
//! sets), every `.avsc` of the conformance data and random schemas: each
//! generated root type has its source's Parsing Canonical Form and writes
//! random values of the source back byte for byte.

use avrox::Schema;
use avrox_codegen_tests::CASES;

#[test]
fn every_generated_type_has_its_schemas_canonical_form_and_bytes() {
    assert!(
        CASES.len() > 10,
        "the build script generated {} cases",
        CASES.len()
    );
    let mut failures = Vec::new();
    let mut values = 0;
    for case in CASES {
        let texts: Vec<String> = case
            .files
            .iter()
            .map(|file| std::fs::read_to_string(file).expect("the build script read it"))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let schemas = Schema::parse_list(&texts).expect("the build script parsed them");
        let source = schemas.last().expect("one schema per file");
        let file = case.files.last().expect("one file at least");
        // chrono's, time's and rust_decimal's types hold less than Avro's
        // longs and decimals: those flavours check the values they hold.
        let range_limited = case.flavour != "default";
        match (case.check)(source, range_limited) {
            Ok(0) if !range_limited && !source.has_constraints() => {
                failures.push(format!(
                    "{file} ({}, {}): no value checked",
                    case.flavour, case.module
                ));
            }
            Ok(n) => values += n,
            Err(e) => failures.push(format!("{file} ({}, {}): {e}", case.flavour, case.module)),
        }
    }
    eprintln!(
        "{} generated types, {values} values written back byte for byte",
        CASES.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}
