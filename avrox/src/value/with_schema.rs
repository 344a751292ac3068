//! A [`Value`] paired with the schema it is written as.

use super::Value;
use crate::schema::Schema;

/// A [`Value`] with the schema it is written as, from
/// [`Value::with_schema`]: what the functions that write one datum
/// ([`framing::to_single_object`](crate::framing::to_single_object),
/// [`framing::to_confluent`](crate::framing::to_confluent),
/// [`json::to_string`](crate::json::to_string)) take for a `Value`, where
/// a derived type brings its own schema.
#[derive(Clone, Copy, Debug)]
pub struct WithSchema<'a> {
    value: &'a Value,
    schema: &'a Schema,
}

impl<'a> WithSchema<'a> {
    pub(crate) fn new(value: &'a Value, schema: &'a Schema) -> WithSchema<'a> {
        WithSchema { value, schema }
    }

    /// The value.
    pub fn value(&self) -> &'a Value {
        self.value
    }

    /// The schema it is written as.
    pub fn schema(&self) -> &'a Schema {
        self.schema
    }
}
