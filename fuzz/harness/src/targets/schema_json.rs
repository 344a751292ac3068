//! Schema JSON: parsed; a schema that parses is printed, and the printed
//! text must parse to the same schema (the same Parsing Canonical Form and
//! fingerprints) and print to the same text; its canonical form must parse
//! to itself.

use avrox::Schema;

/// Runs one input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(schema) = Schema::parse(text) else {
        return;
    };
    let printed = schema.to_string();
    let again = Schema::parse(&printed)
        .unwrap_or_else(|e| panic!("the printed schema does not parse: {e}\nprinted: {printed}"));
    assert_eq!(
        schema.canonical_form(),
        again.canonical_form(),
        "printing changed the canonical form; printed: {printed}"
    );
    assert_eq!(schema.rabin_fingerprint(), again.rabin_fingerprint());
    assert_eq!(schema.md5_fingerprint(), again.md5_fingerprint());
    assert_eq!(schema.sha256_fingerprint(), again.sha256_fingerprint());
    assert_eq!(
        again.to_string(),
        printed,
        "printing the re-parsed schema gives other text"
    );

    let canonical = schema.canonical_form();
    let from_canonical = Schema::parse(canonical).unwrap_or_else(|e| {
        panic!("the canonical form does not parse: {e}\ncanonical: {canonical}")
    });
    assert_eq!(
        from_canonical.canonical_form(),
        canonical,
        "the canonical form of the canonical form differs"
    );
}
