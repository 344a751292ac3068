//! The round-trip law of avrox-codegen over the gallery (in three option
//! sets), every `.avsc` and `.avpr` of the conformance data, the IDL
//! suite's inputs and random schemas: each generated root type (each named
//! type of a protocol or IDL file) has its source's Parsing Canonical Form
//! and writes random values of the source back byte for byte.

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
    let mut protocol_values = 0;
    for case in CASES {
        let file = case.files.last().expect("one file at least");
        let file = match case.named {
            Some(named) => format!("{file} {named}"),
            None => (*file).to_owned(),
        };
        let source = match case.source() {
            Ok(source) => source,
            Err(e) => {
                failures.push(format!("{file}: {e}"));
                continue;
            }
        };
        let source = &source;
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
            Ok(n) => {
                values += n;
                if case.named.is_some() {
                    protocol_values += n;
                }
            }
            Err(e) => failures.push(format!("{file} ({}, {}): {e}", case.flavour, case.module)),
        }
    }
    eprintln!(
        "{} generated types, {values} values written back byte for byte; of them from \
         protocols and IDL files: {} types, {protocol_values} values",
        CASES.len(),
        CASES.iter().filter(|case| case.named.is_some()).count()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

/// The day ranges avrox-codegen checks a `chrono` or `time` default
/// against (avrox-codegen's `tests/gallery.rs` generates the first and last
/// day and refuses the days past them) are the crates' own: days from
/// 1970-01-01.
#[test]
fn the_date_ranges_codegen_checks_are_chrono_and_times() {
    let (first, last) = (-96_465_292, 95_026_236);
    assert_eq!(
        chrono::NaiveDate::from_epoch_days(first),
        Some(chrono::NaiveDate::MIN)
    );
    assert_eq!(
        chrono::NaiveDate::from_epoch_days(last),
        Some(chrono::NaiveDate::MAX)
    );
    assert_eq!(chrono::NaiveDate::from_epoch_days(first - 1), None);
    assert_eq!(chrono::NaiveDate::from_epoch_days(last + 1), None);

    let julian = |days: i32| time::Date::from_julian_day(days + 2_440_588);
    let (first, last) = (-4_371_587, 2_932_896);
    assert_eq!(julian(first).ok(), Some(time::Date::MIN));
    assert_eq!(julian(last).ok(), Some(time::Date::MAX));
    assert!(julian(first - 1).is_err());
    assert!(julian(last + 1).is_err());
    assert_eq!(
        julian(0).map(|d| d.to_string()).ok().as_deref(),
        Some("1970-01-01")
    );
}
