//! [`Value`] to and from JSON by the specification's mapping for default
//! values, and by its JSON *encoding*, which differs in one place: a union
//! value is `null` or an object whose one key names the branch.
//!
//! JSON is read by the schema's walk ([`crate::schema::json_walk`], which
//! the parser's check of defaults shares); this module only builds the
//! [`Value`]s it finds.

use indexmap::IndexMap;
use serde_json::{Map, Number, Value as Json};

use super::{Decimal, Duration, Uuid, Value};
use crate::binary::{Limits, SliceReader};
use crate::error::Result;
use crate::schema::json_walk::{self, Build, branch_name};
use crate::schema::{LogicalType, NodeId, Schema, Type};

/// What the schema's JSON walk makes of each node here: a [`Value`].
struct Values;

impl Build for Values {
    type Out = Value;
    type Fields = Vec<(String, Value)>;
    type Entries = IndexMap<String, Value>;
    const EXPANDS_DEFAULTS: bool = true;

    fn null(&mut self) -> Value {
        Value::Null
    }
    fn boolean(&mut self, b: bool) -> Value {
        Value::Boolean(b)
    }
    fn int(&mut self, logical: Option<LogicalType>, v: i32) -> Value {
        Value::of_int(logical, v)
    }
    fn long(&mut self, logical: Option<LogicalType>, v: i64) -> Value {
        Value::of_long(logical, v)
    }
    fn float(&mut self, v: f32) -> Value {
        Value::Float(v)
    }
    fn double(&mut self, v: f64) -> Value {
        Value::Double(v)
    }
    fn bytes(&mut self, bytes: Vec<u8>) -> Value {
        Value::Bytes(bytes)
    }
    fn string(&mut self, s: &str) -> Value {
        Value::String(s.to_owned())
    }
    fn fixed(&mut self, bytes: Vec<u8>) -> Value {
        Value::Fixed(bytes)
    }
    fn decimal(&mut self, unscaled: &[u8], scale: i32) -> Value {
        Value::Decimal(Decimal::from_unscaled_bytes(unscaled, scale))
    }
    fn big_decimal(&mut self, unscaled: &[u8], scale: i32) -> Value {
        Value::BigDecimal(Decimal::from_unscaled_bytes(unscaled, scale))
    }
    fn uuid(&mut self, bytes: [u8; 16]) -> Value {
        Value::Uuid(Uuid::from_bytes(bytes))
    }
    fn duration(&mut self, bytes: [u8; 12]) -> Value {
        Value::Duration(Duration::from_bytes(bytes))
    }
    fn symbol(&mut self, index: u32, symbol: &str) -> Value {
        Value::Enum(index, symbol.to_owned())
    }
    fn union(&mut self, index: u32, value: Value) -> Value {
        Value::Union(index, Box::new(value))
    }
    fn array(&mut self, items: Vec<Value>) -> Value {
        Value::Array(items.into())
    }
    fn entries(&mut self, count: usize) -> IndexMap<String, Value> {
        IndexMap::with_capacity(count)
    }
    fn entry(&mut self, entries: &mut IndexMap<String, Value>, key: &str, value: Value) {
        entries.insert(key.to_owned(), value);
    }
    fn map(&mut self, entries: IndexMap<String, Value>) -> Value {
        Value::Map(entries)
    }
    fn fields(&mut self, count: usize) -> Vec<(String, Value)> {
        Vec::with_capacity(count)
    }
    fn field(&mut self, fields: &mut Vec<(String, Value)>, name: &str, value: Value) {
        fields.push((name.to_owned(), value));
    }
    fn record(&mut self, fields: Vec<(String, Value)>) -> Value {
        Value::Record(fields)
    }
}

/// A value by the defaults' mapping: a union's value is the bare value of
/// the first branch it fits.
pub(crate) fn from_json(schema: &Schema, id: NodeId, json: &Json) -> Result<Value> {
    json_walk::read_default(schema, id, json, Values)
}

/// A value from the JSON encoding: unions tagged with their branch.
pub(crate) fn from_json_encoding(schema: &Schema, id: NodeId, json: &Json) -> Result<Value> {
    json_walk::read_encoding(schema, id, json, Values)
}

fn bytes_string(bytes: &[u8]) -> Json {
    Json::String(bytes.iter().map(|&b| char::from(b)).collect())
}

fn float_json(v: f64) -> Json {
    match Number::from_f64(v) {
        Some(n) => Json::Number(n),
        None if v.is_nan() => Json::String("NaN".into()),
        None if v > 0.0 => Json::String("Infinity".into()),
        None => Json::String("-Infinity".into()),
    }
}

pub(crate) fn to_json(schema: &Schema, id: NodeId, value: &Value) -> Result<Json> {
    to_json_with(schema, id, value, false)
}

/// A derived field's default as JSON by the defaults' mapping, for
/// [`SchemaBuilder::field_default_with`](crate::schema::SchemaBuilder::field_default_with):
/// `value` written for node `id`, or why it cannot be (a sentence that
/// follows "the default of `Record.field`").
pub fn default_json(
    schema: &Schema,
    id: NodeId,
    value: &Value,
) -> std::result::Result<Json, String> {
    let json = to_json(schema, id, value).map_err(|e| format!("does not fit its type: {e:#}"))?;
    // Readers take a union's default as its first branch that fits the
    // JSON; a default of a later branch that an earlier one also fits would
    // read back as another value.
    if !reads_back_as(schema, id, &json, value) {
        return Err(format!(
            "is written as {json}, which readers take as a value of an earlier branch of the union; choose a default of that branch, or put the default's branch first"
        ));
    }
    Ok(json)
}

/// Whether `json`, read as node `id` the way readers read defaults, gives
/// the same bytes as `value`.
fn reads_back_as(schema: &Schema, id: NodeId, json: &Json, value: &Value) -> bool {
    let mut expected = Vec::new();
    let mut actual = Vec::new();
    let Ok(back) = from_json(schema, id, json) else {
        return false;
    };
    super::encode::encode_node(schema, id, value, &mut expected).is_ok()
        && super::encode::encode_node(schema, id, &back, &mut actual).is_ok()
        && expected == actual
}

/// JSON of a value by the JSON encoding: unions tagged with their branch.
pub(crate) fn to_json_encoding(schema: &Schema, id: NodeId, value: &Value) -> Result<Json> {
    to_json_with(schema, id, value, true)
}

fn to_json_with(schema: &Schema, id: NodeId, value: &Value, tagged: bool) -> Result<Json> {
    // Encoding and decoding first brings the value to the exact form the
    // schema gives it (promotions applied, union branches chosen, symbols
    // checked), so the conversion below deals with that form alone.
    let mut bytes = Vec::new();
    super::encode::encode_node(schema, id, value, &mut bytes)?;
    let mut r = SliceReader::with_limits(&bytes, Limits::unlimited());
    let exact = super::decode::read(schema, id, &mut r)?;
    Ok(exact_to_json(schema, id, &exact, tagged))
}

/// JSON of a value exactly as the decoder produces it for `id`.
fn exact_to_json(schema: &Schema, id: NodeId, value: &Value, tagged: bool) -> Json {
    let node = schema.node(id);
    match (&node.ty, value) {
        (Type::Union(union), Value::Union(i, inner)) => {
            // `value` was decoded under this schema: its index is a branch's.
            #[allow(clippy::indexing_slicing)]
            let branch = union.variants[*i as usize];
            let json = exact_to_json(schema, branch, inner, tagged);
            if !tagged || json.is_null() {
                return json;
            }
            let mut object = Map::new();
            object.insert(branch_name(schema, branch).to_owned(), json);
            Json::Object(object)
        }
        (Type::Record(record), Value::Record(fields)) => {
            let mut object = Map::new();
            for (field, (name, v)) in record.fields.iter().zip(fields) {
                object.insert(name.clone(), exact_to_json(schema, field.schema, v, tagged));
            }
            Json::Object(object)
        }
        (Type::Array(items), Value::Array(values)) => Json::Array(
            values
                .iter()
                .map(|v| exact_to_json(schema, *items, v, tagged))
                .collect(),
        ),
        (Type::Map(values), Value::Map(entries)) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), exact_to_json(schema, *values, v, tagged)))
                .collect(),
        ),
        // Decoded from this fixed: its bytes fit it.
        #[allow(clippy::expect_used)]
        (Type::Fixed(fixed), Value::Decimal(d)) => bytes_string(
            &d.to_fixed_bytes(fixed.size)
                .expect("decoded from this fixed"),
        ),
        (Type::Fixed(_), Value::Uuid(u)) => bytes_string(u.as_bytes()),
        (_, Value::Null) => Json::Null,
        (_, Value::Boolean(b)) => Json::Bool(*b),
        (_, Value::Int(v) | Value::Date(v) | Value::TimeMillis(v)) => Json::from(*v),
        (
            _,
            Value::Long(v)
            | Value::TimeMicros(v)
            | Value::TimestampMillis(v)
            | Value::TimestampMicros(v)
            | Value::TimestampNanos(v)
            | Value::LocalTimestampMillis(v)
            | Value::LocalTimestampMicros(v)
            | Value::LocalTimestampNanos(v),
        ) => Json::from(*v),
        // Through the float's shortest decimal form, so 0.93f32 prints as
        // 0.93 rather than 0.9300000071525574, and reads back as the same f32.
        (_, Value::Float(v)) if v.is_finite() => {
            float_json(v.to_string().parse().unwrap_or(f64::from(*v)))
        }
        (_, Value::Float(v)) => float_json(f64::from(*v)),
        (_, Value::Double(v)) => float_json(*v),
        (_, Value::Bytes(b) | Value::Fixed(b)) => bytes_string(b),
        (_, Value::String(s)) => Json::String(s.clone()),
        (_, Value::Enum(_, symbol)) => Json::String(symbol.clone()),
        (_, Value::Decimal(d)) => bytes_string(d.unscaled_bytes()),
        (_, Value::BigDecimal(d)) => {
            let mut inner = Vec::new();
            crate::binary::write_bytes(&mut inner, d.unscaled_bytes());
            crate::binary::write_int(&mut inner, d.scale());
            bytes_string(&inner)
        }
        (_, Value::Uuid(u)) => Json::String(u.to_string()),
        (_, Value::Duration(d)) => bytes_string(&d.to_bytes()),
        // The decoder pairs each node with one value shape; the arms above
        // cover them all.
        #[allow(clippy::unreachable)]
        (_, Value::Record(_) | Value::Array(_) | Value::Map(_) | Value::Union(..)) => {
            unreachable!("decoded values match their schema")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: &str) -> Schema {
        Schema::parse(json).unwrap()
    }

    #[test]
    fn union_default_takes_first_fitting_branch() {
        let s = schema(r#"["null", "string", "long"]"#);
        let v = Value::from_default_json(&serde_json::json!(3), &s).unwrap();
        assert_eq!(v, Value::Union(2, Box::new(Value::Long(3))));
        let v = Value::from_default_json(&serde_json::json!("x"), &s).unwrap();
        assert_eq!(v, Value::Union(1, Box::new(Value::String("x".into()))));
    }

    #[test]
    fn bytes_are_code_points() {
        let s = schema(r#""bytes""#);
        let v = Value::from_default_json(&serde_json::json!("\u{00ff}a"), &s).unwrap();
        assert_eq!(v, Value::Bytes(vec![0xff, b'a']));
        assert_eq!(
            v.to_default_json(&s).unwrap(),
            serde_json::json!("\u{00ff}a")
        );
        assert!(Value::from_default_json(&serde_json::json!("\u{0100}"), &s).is_err());
    }

    #[test]
    fn a_decimal_default_must_fit_its_precision() {
        // 0x03e8 = 1000: four digits, where the precision allows three.
        let err = Schema::parse(
            r#"{"type": "record", "name": "R", "fields": [{"name": "d", "default": "\u0003\u00e8",
                "type": {"type": "bytes", "logicalType": "decimal", "precision": 3, "scale": 1}}]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("precision 3"), "{err}");
        // 0x63 = 99 fits.
        Schema::parse(
            r#"{"type": "record", "name": "R", "fields": [{"name": "d", "default": "c",
                "type": {"type": "bytes", "logicalType": "decimal", "precision": 3, "scale": 1}}]}"#,
        )
        .unwrap();
    }

    #[test]
    fn non_finite_floats_round_trip() {
        let s = schema(r#""double""#);
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let json = Value::Double(v).to_default_json(&s).unwrap();
            let back = Value::from_default_json(&json, &s).unwrap();
            let Value::Double(b) = back else { panic!() };
            assert!(b.is_nan() && v.is_nan() || b == v);
        }
    }

    #[test]
    fn self_referential_default_is_bounded() {
        // Java accepts this schema: a default is checked against the fields
        // it gives, not expanded into the defaults it leaves out.
        let s = Schema::parse(
            r#"{"type": "record", "name": "A", "fields": [{"name": "a", "type": "A", "default": {}}]}"#,
        )
        .unwrap();
        // Building the value would never end; it is refused.
        let err = Value::from_default_json(&serde_json::json!({}), &s).unwrap_err();
        assert!(err.to_string().contains("nest too deeply"), "{err}");
    }
}
