//! `Value` decoding under a schema the first byte chooses (see
//! [`schemas`](crate::schemas)), with the default limits. A value that
//! decodes must encode, and decoding that encoding gives a value that
//! encodes to the same bytes.

use avrox::Value;
use avrox::binary::SliceReader;

use crate::schemas;

/// Runs one input.
pub fn run(data: &[u8]) {
    let Some((schema, datum)) = schemas::choose(data) else {
        return;
    };
    if let Ok(value) = Value::decode(datum, schema) {
        let bytes = value.to_bytes(schema).unwrap_or_else(|e| {
            panic!("a decoded value does not encode: {e}\nvalue: {value:?}\nschema: {schema}")
        });
        let again = Value::decode(&bytes, schema)
            .unwrap_or_else(|e| panic!("an encoded value does not decode: {e}\nvalue: {value:?}"));
        let bytes_again = again
            .to_bytes(schema)
            .unwrap_or_else(|e| panic!("a decoded value does not encode: {e}\nvalue: {again:?}"));
        assert_eq!(
            bytes, bytes_again,
            "decode and encode are not inverse; value: {value:?}"
        );
    }

    // Values read one after another, as framed data is, without the check
    // of constraints; a value of no bytes (a `null`) would never end it.
    let mut reader = SliceReader::new(datum);
    while !reader.is_empty() {
        let before = reader.position();
        if Value::read_next_unchecked(&mut reader, schema).is_err() || reader.position() == before {
            break;
        }
    }
}
