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
//! Derived types go through their [`Value`](crate::Value)s ([`ToValue`](crate::ToValue),
//! [`FromValue`](crate::FromValue)).
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

use crate::datum::{self, ReadDatum, WriteDatum};
use crate::error::{Error, Result};
use crate::observe::{self, Framing, Op, Timer};
use crate::schema::Schema;

/// The JSON encoding of a value, as a JSON tree: of a derived type, or of
/// a [`Value`](crate::Value) paired with its schema by [`Value::with_schema`](crate::Value::with_schema). The
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
    let timer = Timer::start();
    let json = datum::schema_of(value).and_then(|schema| value.write_json(schema));
    // A tree has no length in bytes: only the datum is counted.
    observed(Op::Encode, json, |_| 0, timer, || value.datum_schema())
}

/// The JSON encoding of a value as text: [`to_json`], written compactly.
pub fn to_string<T: WriteDatum + ?Sized>(value: &T) -> Result<String> {
    let timer = Timer::start();
    let text = datum::schema_of(value)
        .and_then(|schema| value.write_json(schema))
        .map(|json| json.to_string());
    observed(Op::Encode, text, String::len, timer, || {
        value.datum_schema()
    })
}

/// Reports a call to [`observe`]: its datum (with `bytes` of its result)
/// and time, or its failure.
fn observed<'s, T>(
    op: Op,
    result: Result<T>,
    bytes: impl FnOnce(&T) -> usize,
    timer: Timer,
    schema: impl FnOnce() -> Option<&'s Schema>,
) -> Result<T> {
    match &result {
        Ok(value) => {
            if let Some(schema) = schema() {
                observe::datum(op, Framing::Json, schema, bytes(value), timer);
            }
        }
        Err(e) => observe::failure(op, Framing::Json, schema, e),
    }
    result
}

/// A value from its JSON encoding, as a JSON tree, written with the
/// value's own schema: a derived type's (or any type with a schema of its
/// own). A record field missing from the JSON takes its default; the value
/// is checked against the type's constraints. A [`Value`](crate::Value) has no schema of
/// its own: read one with [`from_json_with`], which an error says.
///
/// ```
/// use serde_json::json;
///
/// assert_eq!(avrox::json::from_json::<Option<i64>>(&json!({"long": 5}))?, Some(5));
/// let err = avrox::json::from_json::<avrox::Value>(&json!({"long": 5})).unwrap_err();
/// assert!(err.to_string().contains("from_json_with"));
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_json<T: ReadDatum>(json: &serde_json::Value) -> Result<T> {
    let timer = Timer::start();
    let value = datum::read_json(json, None, true);
    observed(Op::Decode, value, |_| 0, timer, T::own_schema)
}

/// A value from its JSON encoding, as a JSON tree, written with `schema`:
/// a [`Value`](crate::Value) is read as `schema`; a derived type whose own schema is
/// another (an older version's, say) is resolved from `schema` into its
/// own, as binary data written with `schema` would be. The value is
/// checked against its constraints: those `schema` carries for a `Value`,
/// the type's own for a derived type.
///
/// ```
/// use avrox::{Avro, Schema, Value};
/// use serde_json::json;
///
/// let v1 = Schema::parse(r#"{"type": "record", "name": "Ping", "fields": [
///     {"name": "seq", "type": "long"}]}"#)?;
/// let json = json!({"seq": 7});
/// let value: Value = avrox::json::from_json_with(&json, &v1)?;
/// assert_eq!(value.get("seq"), Some(&Value::Long(7)));
///
/// // A later version of the record, with a field added with a default.
/// #[derive(Avro, Debug, PartialEq)]
/// struct Ping { seq: i64, #[avro(default)] note: String }
/// let ping: Ping = avrox::json::from_json_with(&json, &v1)?;
/// assert_eq!(ping, Ping { seq: 7, note: String::new() });
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_json_with<T: ReadDatum>(json: &serde_json::Value, schema: &Schema) -> Result<T> {
    let timer = Timer::start();
    let value = datum::read_json(json, Some(schema), true);
    observed(
        Op::Decode,
        value,
        |_| 0,
        timer,
        || T::own_schema().or(Some(schema)),
    )
}

/// A value from its JSON encoding as text, written with the value's own
/// schema: [`from_json`] of the parsed text.
pub fn from_str<T: ReadDatum>(text: &str) -> Result<T> {
    let timer = Timer::start();
    let value = parse(text).and_then(|json| datum::read_json(&json, None, true));
    observed(Op::Decode, value, |_| text.len(), timer, T::own_schema)
}

/// A value from its JSON encoding as text, written with `schema`:
/// [`from_json_with`] of the parsed text.
///
/// ```
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#"["null", "long"]"#)?;
/// let value: Value = avrox::json::from_str_with(r#"{"long": 5}"#, &schema)?;
/// assert_eq!(value, Value::Union(1, Box::new(Value::Long(5))));
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_str_with<T: ReadDatum>(text: &str, schema: &Schema) -> Result<T> {
    let timer = Timer::start();
    let value = parse(text).and_then(|json| datum::read_json(&json, Some(schema), true));
    observed(
        Op::Decode,
        value,
        |_| text.len(),
        timer,
        || T::own_schema().or(Some(schema)),
    )
}

/// The JSON tree of a text.
fn parse(text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(json_error)
}

fn json_error(e: serde_json::Error) -> Error {
    Error::invalid(format!("invalid JSON: {e}"))
}
