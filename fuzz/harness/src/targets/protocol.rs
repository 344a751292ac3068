//! Protocol JSON: parsed; a protocol that parses prints to text that parses
//! to the same protocol (the same JSON, MD5 and message schemas).

use avrox_protocol::Protocol;

/// Runs one input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(protocol) = Protocol::parse(text) else {
        return;
    };
    let printed = protocol.to_string();
    let again = Protocol::parse(&printed)
        .unwrap_or_else(|e| panic!("the printed protocol does not parse: {e}\nprinted: {printed}"));
    assert_eq!(
        again.to_string(),
        printed,
        "printing the re-parsed protocol differs"
    );
    assert_eq!(again.md5(), protocol.md5());
    for (a, b) in protocol.messages().zip(again.messages()) {
        assert_eq!(a.request().canonical_form(), b.request().canonical_form());
        assert_eq!(a.response().canonical_form(), b.response().canonical_form());
        assert_eq!(a.errors().canonical_form(), b.errors().canonical_form());
    }
}
