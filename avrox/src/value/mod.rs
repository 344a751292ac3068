//! Generic values: data of any schema, known only at run time.
//!
//! A [`Value`] is the `asdict` of avrox: records with named fields, enums
//! with their symbol, unions with their branch, and the logical types as
//! their own variants. Encode and decode one with a [`Schema`]; convert it
//! from and to JSON by the specification's mapping for default values.
//!
//! ```
//! use avrox::{Schema, Value};
//!
//! let schema = Schema::parse(r#"{"type": "record", "name": "test", "fields": [
//!     {"name": "a", "type": "long"}, {"name": "b", "type": "string"}
//! ]}"#).unwrap();
//! let value = Value::record([("a", Value::Long(27)), ("b", Value::from("foo"))]);
//!
//! let bytes = value.to_bytes(&schema).unwrap();
//! assert_eq!(bytes, [0x36, 0x06, 0x66, 0x6f, 0x6f]); // the spec's example
//! assert_eq!(Value::decode(&bytes, &schema).unwrap(), value);
//! ```

pub mod array;
mod constraints;
mod dates;
pub(crate) mod decode;
pub(crate) mod encode;
pub(crate) mod json;
mod logical;
mod with_schema;

use crate::binary::{Limits, SliceReader};
use crate::error::{Error, Result};
use crate::schema::{LogicalType, Schema};

pub use array::Array;
pub use dates::{
    Date, LocalTimestampMicros, LocalTimestampMillis, LocalTimestampNanos, TimeMicros, TimeMillis,
    TimestampMicros, TimestampMillis, TimestampNanos,
};
pub use indexmap::IndexMap;
pub use logical::{Decimal, Duration, ParseError, Uuid};
pub use with_schema::WithSchema;

/// A value of any Avro type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `boolean`.
    Boolean(bool),
    /// `int`.
    Int(i32),
    /// `long`.
    Long(i64),
    /// `float`.
    Float(f32),
    /// `double`.
    Double(f64),
    /// `bytes`.
    Bytes(Vec<u8>),
    /// `string`.
    String(String),
    /// A record: its fields in schema order, with their names.
    Record(Vec<(String, Value)>),
    /// An enum: the symbol's index and the symbol.
    Enum(u32, String),
    /// An array: its items, which may be one value repeated (see
    /// [`Array`]).
    Array(Array),
    /// A map, keeping the order its entries were read or inserted in.
    Map(IndexMap<String, Value>),
    /// A union: the branch index and the value of that branch.
    Union(u32, Box<Value>),
    /// A fixed.
    Fixed(Vec<u8>),
    /// `decimal` (on bytes or fixed); its scale is the schema's.
    Decimal(Decimal),
    /// `big-decimal`: the scale comes with the value.
    BigDecimal(Decimal),
    /// `uuid` (on string or fixed).
    Uuid(Uuid),
    /// `date`: days since 1970-01-01.
    Date(i32),
    /// `time-millis`: milliseconds after midnight.
    TimeMillis(i32),
    /// `time-micros`: microseconds after midnight.
    TimeMicros(i64),
    /// `timestamp-millis`: milliseconds since the Unix epoch.
    TimestampMillis(i64),
    /// `timestamp-micros`: microseconds since the Unix epoch.
    TimestampMicros(i64),
    /// `timestamp-nanos`: nanoseconds since the Unix epoch.
    TimestampNanos(i64),
    /// `local-timestamp-millis`: milliseconds since 1970-01-01T00:00 local time.
    LocalTimestampMillis(i64),
    /// `local-timestamp-micros`.
    LocalTimestampMicros(i64),
    /// `local-timestamp-nanos`.
    LocalTimestampNanos(i64),
    /// `duration`.
    Duration(Duration),
}

impl Value {
    /// A record from `(name, value)` pairs, in schema order.
    pub fn record<K: Into<String>>(fields: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Record(fields.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A map from `(key, value)` pairs.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// An array of `items`.
    ///
    /// ```
    /// use avrox::Value;
    /// let v = Value::array([Value::Int(1), Value::Int(2)]);
    /// assert_eq!(v, Value::Array(vec![Value::Int(1), Value::Int(2)].into()));
    /// ```
    pub fn array(items: impl IntoIterator<Item = Value>) -> Value {
        Value::Array(items.into_iter().collect())
    }

    /// The value of a record's field, or of a map's key.
    ///
    /// ```
    /// use avrox::Value;
    /// let v = Value::record([("id", Value::Long(7))]);
    /// assert_eq!(v.get("id"), Some(&Value::Long(7)));
    /// assert_eq!(v.get("nope"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Record(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            Value::Map(entries) => entries.get(name),
            Value::Union(_, inner) => inner.get(name),
            _ => None,
        }
    }

    /// The value of an `int` with the given logical type: `Date`,
    /// `TimeMillis`, or a plain `Int`.
    pub(crate) fn of_int(logical: Option<LogicalType>, v: i32) -> Value {
        match logical {
            Some(LogicalType::Date) => Value::Date(v),
            Some(LogicalType::TimeMillis) => Value::TimeMillis(v),
            _ => Value::Int(v),
        }
    }

    /// The value of a `long` with the given logical type: a time, a
    /// timestamp, or a plain `Long`.
    pub(crate) fn of_long(logical: Option<LogicalType>, v: i64) -> Value {
        match logical {
            Some(LogicalType::TimeMicros) => Value::TimeMicros(v),
            Some(LogicalType::TimestampMillis) => Value::TimestampMillis(v),
            Some(LogicalType::TimestampMicros) => Value::TimestampMicros(v),
            Some(LogicalType::TimestampNanos) => Value::TimestampNanos(v),
            Some(LogicalType::LocalTimestampMillis) => Value::LocalTimestampMillis(v),
            Some(LogicalType::LocalTimestampMicros) => Value::LocalTimestampMicros(v),
            Some(LogicalType::LocalTimestampNanos) => Value::LocalTimestampNanos(v),
            _ => Value::Long(v),
        }
    }

    /// The number a value holds where Avro reads a `long`: a long, a
    /// long-based logical value, or any int-based one (promoted).
    pub(crate) fn as_long(&self) -> Option<i64> {
        match self {
            Value::Long(v)
            | Value::TimeMicros(v)
            | Value::TimestampMillis(v)
            | Value::TimestampMicros(v)
            | Value::TimestampNanos(v)
            | Value::LocalTimestampMillis(v)
            | Value::LocalTimestampMicros(v)
            | Value::LocalTimestampNanos(v) => Some(*v),
            Value::Int(v) | Value::Date(v) | Value::TimeMillis(v) => Some(i64::from(*v)),
            _ => None,
        }
    }

    /// A short name of the value's kind, for messages: `"long"`, `"record"`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Boolean(_) => "boolean",
            Value::Int(_) => "int",
            Value::Long(_) => "long",
            Value::Float(_) => "float",
            Value::Double(_) => "double",
            Value::Bytes(_) => "bytes",
            Value::String(_) => "string",
            Value::Record(_) => "record",
            Value::Enum(..) => "enum",
            Value::Array(_) => "array",
            Value::Map(_) => "map",
            Value::Union(..) => "union",
            Value::Fixed(_) => "fixed",
            Value::Decimal(_) => "decimal",
            Value::BigDecimal(_) => "big-decimal",
            Value::Uuid(_) => "uuid",
            Value::Date(_) => "date",
            Value::TimeMillis(_) => "time-millis",
            Value::TimeMicros(_) => "time-micros",
            Value::TimestampMillis(_) => "timestamp-millis",
            Value::TimestampMicros(_) => "timestamp-micros",
            Value::TimestampNanos(_) => "timestamp-nanos",
            Value::LocalTimestampMillis(_) => "local-timestamp-millis",
            Value::LocalTimestampMicros(_) => "local-timestamp-micros",
            Value::LocalTimestampNanos(_) => "local-timestamp-nanos",
            Value::Duration(_) => "duration",
        }
    }

    /// Appends the value's binary encoding to `out`.
    ///
    /// On error, `out` may hold part of the value; truncate it to its
    /// earlier length to drop that part.
    ///
    /// A schema that carries constraints (`"avrox.constraints"`, see
    /// [`validate`](crate::validate)) has them checked first: a value that
    /// breaks one is refused with [`ErrorKind::Validation`](crate::ErrorKind::Validation).
    pub fn encode(&self, schema: &Schema, out: &mut Vec<u8>) -> Result<()> {
        self.validate(schema)
            .map_err(|report| root_named(report.into(), schema))?;
        encode::encode(schema, self, out).map_err(|e| root_named(e, schema))
    }

    /// Checks the value against the constraints `schema` carries
    /// (`"avrox.constraints"` on fields, see [`validate`](crate::validate)),
    /// and reports every failure. A schema without constraints passes every
    /// value at once.
    ///
    /// ```
    /// use avrox::{Schema, Value};
    ///
    /// let schema = Schema::parse(r#"{"type": "record", "name": "Tag", "fields": [
    ///     {"name": "labels", "type": {"type": "array", "items": "string"},
    ///      "avrox.constraints": {"length": {"max": 2}, "inner": {"pattern": "^[a-z]+$"}}}
    /// ]}"#)?;
    /// let value = Value::record([(
    ///     "labels",
    ///     Value::array(vec!["ok".into(), "Not-OK".into(), "x".into()]),
    /// )]);
    /// let report = value.validate(&schema).unwrap_err();
    /// assert_eq!(
    ///     report.to_string(),
    ///     "labels: must have at most 2 items, has 3 [code=length, value=[\"ok\", \"Not-OK\", \"x\"]]\n\
    ///      labels[1]: must match the pattern ^[a-z]+$ [code=pattern, value=\"Not-OK\"]"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(
        &self,
        schema: &Schema,
    ) -> std::result::Result<(), crate::validate::report::Report> {
        constraints::validate(schema, self)
    }

    /// The value's binary encoding.
    pub fn to_bytes(&self, schema: &Schema) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.encode(schema, &mut out)?;
        Ok(out)
    }

    /// The value paired with the schema it is written as: what the
    /// functions that write one datum on its own take for a `Value`, where
    /// a derived type brings its own schema.
    ///
    /// ```
    /// use avrox::{Schema, Value};
    ///
    /// let schema = Schema::parse(r#"{"type": "record", "name": "Ping", "fields": [
    ///     {"name": "seq", "type": "long"}]}"#)?;
    /// let ping = Value::record([("seq", Value::Long(7))]);
    /// let message = avrox::framing::to_single_object(&ping.with_schema(&schema))?;
    /// assert_eq!(message[2..10], schema.rabin_fingerprint().to_le_bytes());
    /// assert_eq!(avrox::json::to_string(&ping.with_schema(&schema))?, r#"{"seq":7}"#);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn with_schema<'a>(&'a self, schema: &'a Schema) -> WithSchema<'a> {
        WithSchema::new(self, schema)
    }

    /// Decodes one datum that fills `bytes` exactly, with the default
    /// [`Limits`], and checks the constraints the schema carries.
    pub fn decode(bytes: &[u8], schema: &Schema) -> Result<Value> {
        Value::decode_with_limits(bytes, schema, Limits::default())
    }

    /// Decodes one datum that fills `bytes` exactly, with the given limits,
    /// and checks the constraints the schema carries.
    pub fn decode_with_limits(bytes: &[u8], schema: &Schema, limits: Limits) -> Result<Value> {
        let mut reader = SliceReader::with_limits(bytes, limits);
        let value = Value::read_next(&mut reader, schema)?;
        crate::binary::expect_end(&reader)?;
        Ok(value)
    }

    /// Decodes one datum that fills `bytes` exactly, with the default
    /// [`Limits`], without checking the constraints the schema carries:
    /// to see what invalid data holds.
    ///
    /// ```
    /// use avrox::{Schema, Value};
    ///
    /// let schema = Schema::parse(r#"{"type": "int", "avrox.constraints": {"max": 100}}"#)?;
    /// let bytes = [0xac, 0x02]; // 150
    /// assert!(Value::decode(&bytes, &schema).is_err());
    /// assert_eq!(Value::decode_unchecked(&bytes, &schema)?, Value::Int(150));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode_unchecked(bytes: &[u8], schema: &Schema) -> Result<Value> {
        let mut reader = SliceReader::new(bytes);
        let value = Value::read_next_unchecked(&mut reader, schema)?;
        crate::binary::expect_end(&reader)?;
        Ok(value)
    }

    /// Reads the next datum from `reader`, leaving what follows it unread:
    /// for a stream of datums one after another. Checks the constraints the
    /// schema carries; a value that breaks them is an
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) error at the byte where it starts, and the
    /// reader is then past it.
    pub fn read_next(reader: &mut SliceReader<'_>, schema: &Schema) -> Result<Value> {
        let start = reader.position();
        let value = Value::read_next_unchecked(reader, schema)?;
        value
            .validate(schema)
            .map_err(|report| root_named(Error::from(report).at(start), schema))?;
        Ok(value)
    }

    /// Reads the next datum from `reader`, like [`read_next`](Self::read_next),
    /// without checking the constraints the schema carries.
    pub fn read_next_unchecked(reader: &mut SliceReader<'_>, schema: &Schema) -> Result<Value> {
        reader.begin_datum();
        decode::read(schema, schema.root_id(), reader).map_err(|e| root_named(e, schema))
    }

    /// Converts JSON to a value of `schema`, by the specification's mapping
    /// for default values: bytes and fixed as strings of code points 0-255,
    /// a union as the value of the first branch it fits, records and maps
    /// as objects. Missing record fields take their defaults.
    ///
    /// This is the mapping of a field's `"default"` in a schema, not Avro's
    /// JSON encoding (where a union is an object naming its branch): for
    /// that, see [`json`](crate::json).
    ///
    /// ```
    /// use avrox::{Schema, Value};
    /// let schema = Schema::parse(r#"["null", "long"]"#).unwrap();
    /// let v = Value::from_default_json(&serde_json::json!(5), &schema).unwrap();
    /// assert_eq!(v, Value::Union(1, Box::new(Value::Long(5))));
    /// ```
    pub fn from_default_json(json: &serde_json::Value, schema: &Schema) -> Result<Value> {
        json::from_json(schema, schema.root_id(), json).map_err(|e| root_named(e, schema))
    }

    /// Converts the value to JSON by the same mapping as
    /// [`from_default_json`](Self::from_default_json). NaN and the infinities, which JSON
    /// numbers cannot hold, become the strings `"NaN"`, `"Infinity"` and
    /// `"-Infinity"`, as Java's JSON tools write them. For Avro's JSON
    /// encoding, see [`json`](crate::json).
    pub fn to_default_json(&self, schema: &Schema) -> Result<serde_json::Value> {
        json::to_json(schema, schema.root_id(), self).map_err(|e| root_named(e, schema))
    }
}

/// Starts an error's path with the root type's name, when it has one.
fn root_named(e: Error, schema: &Schema) -> Error {
    match schema.root().name() {
        Some(name) => e.in_root(name.name()),
        None => e,
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Boolean(v)
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Value {
        Value::Int(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Long(v)
    }
}

impl From<f32> for Value {
    fn from(v: f32) -> Value {
        Value::Float(v)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Double(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::String(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::String(v)
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Bytes(v)
    }
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Value {
        Value::Bytes(v.to_vec())
    }
}

impl From<Uuid> for Value {
    fn from(v: Uuid) -> Value {
        Value::Uuid(v)
    }
}

impl From<Duration> for Value {
    fn from(v: Duration) -> Value {
        Value::Duration(v)
    }
}
