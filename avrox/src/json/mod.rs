//! Avro's JSON encoding: values as JSON text, by the specification's rules.
//!
//! The JSON encoding maps each type to JSON as a field default does, with
//! one difference: a union value is `null` for the `null` branch, and
//! otherwise an object with one key, the branch's name (a named type's
//! fullname, else the type's name: `"string"`, `"array"`, `"map"`), whose
//! value is the branch's value. Bytes and fixed are strings whose
//! characters are code points 0 to 255, one per byte. Logical types are
//! written as their underlying type (a `timestamp-millis` as its long, a
//! `uuid` as its string, a `decimal` as its bytes).
//!
//! JSON has no NaN or infinities. A `float` or `double` that is NaN,
//! infinite or negative infinite is written as the string `"NaN"`,
//! `"Infinity"` or `"-Infinity"` (as Java's encoder does), and those
//! strings read back as the numbers.
//!
//! Derived types go through their [`Value`]s ([`ToValue`], [`FromValue`]).
//! As with the binary encoding, values are checked against their
//! constraints (see [`validate`](crate::validate)) when written and when
//! read: a derived type's own, or those a schema carries.
//! [`LinesWriter`] and [`LinesReader`] stream one datum per line.
//!
//! ```
//! use avrox::Avro;
//!
//! #[derive(Avro, Debug, PartialEq)]
//! #[avro(namespace = "com.acme")]
//! struct Reading { sensor: String, note: Option<String>, raw: Vec<u8> }
//!
//! let r = Reading { sensor: "t-1".into(), note: Some("ok".into()), raw: vec![0, 255] };
//! let text = avrox::json::to_string(&r)?;
//! assert_eq!(text, r#"{"sensor":"t-1","note":{"string":"ok"},"raw":"\u0000ÿ"}"#);
//! assert_eq!(avrox::json::from_str::<Reading>(&text)?, r);
//! # Ok::<(), avrox::Error>(())
//! ```

mod lines;

pub use lines::{LinesReader, LinesWriter};

use crate::codec::{AvroSchema, FromValue, check};
use crate::datum::{self, WriteDatum};
use crate::error::{Error, Result};
use crate::schema::Schema;
use crate::value::{Value, json};

/// The JSON encoding of a value, as a JSON tree: of a derived type, or of
/// a [`Value`] paired with its schema by [`Value::with_schema`]. The
/// value's constraints are checked first. A bare `Value`, which has no
/// schema, is an error.
///
/// ```
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#"["null", "long"]"#)?;
/// let value = Value::Union(1, Box::new(Value::Long(5)));
/// let json = avrox::json::to_json(&value.with_schema(&schema))?;
/// assert_eq!(json, serde_json::json!({"long": 5}));
/// assert_eq!(avrox::json::to_json(&Some(5i64))?, json);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn to_json<T: WriteDatum + ?Sized>(value: &T) -> Result<serde_json::Value> {
    value.write_json(datum::schema_of(value)?)
}

/// The JSON encoding of a value as text: [`to_json`], written compactly.
pub fn to_string<T: WriteDatum + ?Sized>(value: &T) -> Result<String> {
    Ok(to_json(value)?.to_string())
}

/// A [`Value`] of `schema` from its JSON encoding, as a JSON tree. A
/// record field missing from the JSON takes its default.
pub fn value_from_json(json: &serde_json::Value, schema: &Schema) -> Result<Value> {
    let value = json::from_json_encoding(schema, schema.root_id(), json)?;
    value.validate(schema)?;
    Ok(value)
}

/// A [`Value`] of `schema` from its JSON encoding as text.
pub fn value_from_str(text: &str, schema: &Schema) -> Result<Value> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(json_error)?;
    value_from_json(&json, schema)
}

/// A value of a derived type from its JSON encoding as text.
pub fn from_str<T: FromValue + AvroSchema>(text: &str) -> Result<T> {
    let value = T::from_value(value_from_str(text, T::schema())?)?;
    check(&value)?;
    Ok(value)
}

/// A value of a derived type from its JSON encoding, as a JSON tree.
pub fn from_json<T: FromValue + AvroSchema>(json: &serde_json::Value) -> Result<T> {
    let value = T::from_value(value_from_json(json, T::schema())?)?;
    check(&value)?;
    Ok(value)
}

fn json_error(e: serde_json::Error) -> Error {
    Error::invalid(format!("invalid JSON: {e}"))
}
