//! Avro IDL text: read (imports find nothing: no folder is searched); what
//! reads prints as JSON that parses back to the same protocol or schema,
//! and every named type prints as a schema that parses to itself.

use avrox::Schema;
use avrox_idl::IdlReader;
use avrox_protocol::Protocol;

/// Runs one input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = IdlReader::new().read_str(text) else {
        return;
    };
    let json = file.to_json();
    if let Some(protocol) = file.protocol() {
        let again = Protocol::parse(&json.to_string()).unwrap_or_else(|e| {
            panic!("the printed protocol does not parse: {e}\nprinted: {json}")
        });
        assert_eq!(
            again.to_json(),
            json,
            "printing the re-parsed protocol differs"
        );
        assert_eq!(again.md5(), protocol.md5());
    }
    if let Some(schema) = file.schema() {
        let again = Schema::parse(&json.to_string())
            .unwrap_or_else(|e| panic!("the printed schema does not parse: {e}\nprinted: {json}"));
        assert_eq!(again.canonical_form(), schema.canonical_form());
    }
    // A type's standalone schema may be too deep even where the file is not.
    for schema in file.named_types().unwrap_or_default() {
        let printed = schema.to_string();
        let again = Schema::parse(&printed)
            .unwrap_or_else(|e| panic!("a named type does not parse: {e}\nprinted: {printed}"));
        assert_eq!(again.canonical_form(), schema.canonical_form());
    }
}
