//! Avro's JSON encoding, read under a schema the first byte chooses (see
//! [`schemas`](crate::schemas)) and into derived types. A value read must
//! be written, and the text written must read back to a value written as
//! the same text.

use avrox::Value;

use crate::derived::{Owned, Person};
use crate::schemas;

/// Runs one input.
pub fn run(data: &[u8]) {
    let Some((schema, rest)) = schemas::choose(data) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if let Ok(value) = avrox::json::from_str_with::<Value>(text, schema) {
        let written = avrox::json::to_string(&value.with_schema(schema)).unwrap_or_else(|e| {
            panic!("a value read does not write: {e}\nvalue: {value:?}\nschema: {schema}")
        });
        let again: Value = avrox::json::from_str_with(&written, schema)
            .unwrap_or_else(|e| panic!("JSON written does not read: {e}\ntext: {written}"));
        let written_again = avrox::json::to_string(&again.with_schema(schema))
            .unwrap_or_else(|e| panic!("a value read does not write: {e}\nvalue: {again:?}"));
        assert_eq!(written, written_again, "JSON does not read back the same");
    }
    if let Ok(owned) = avrox::json::from_str::<Owned>(text) {
        let written = avrox::json::to_string(&owned)
            .unwrap_or_else(|e| panic!("a value read does not write: {e}\nvalue: {owned:?}"));
        let again: Owned = avrox::json::from_str(&written)
            .unwrap_or_else(|e| panic!("JSON written does not read: {e}\ntext: {written}"));
        assert_eq!(
            avrox::json::to_string(&again).ok(),
            Some(written),
            "JSON does not read back the same"
        );
    }
    let _ = avrox::json::from_str::<Person>(text);
}
