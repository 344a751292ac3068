//! Subject name strategies: which subject a topic's keys or values are
//! registered under.

use avrox::Schema;

use crate::error::{Error, Result};

/// Which part of a Kafka record a schema is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The record's key.
    Key,
    /// The record's value.
    Value,
}

impl Field {
    /// `key` or `value`, as subjects and header names write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Value => "value",
        }
    }
}

/// How a subject is named, as Confluent's serializers name them.
///
/// ```
/// use avrox::Schema;
/// use avrox_registry::{Field, SubjectNameStrategy};
///
/// let schema = Schema::parse(r#"{"type": "record", "name": "Order", "namespace": "com.acme",
///     "fields": [{"name": "id", "type": "long"}]}"#)?;
/// let subject = |strategy: SubjectNameStrategy, field| strategy.subject("orders", field, &schema);
/// assert_eq!(subject(SubjectNameStrategy::TopicName, Field::Value)?, "orders-value");
/// assert_eq!(subject(SubjectNameStrategy::TopicName, Field::Key)?, "orders-key");
/// assert_eq!(subject(SubjectNameStrategy::RecordName, Field::Value)?, "com.acme.Order");
/// assert_eq!(subject(SubjectNameStrategy::TopicRecordName, Field::Value)?, "orders-com.acme.Order");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SubjectNameStrategy {
    /// `<topic>-key` or `<topic>-value`: one schema lineage per topic (the default).
    #[default]
    TopicName,
    /// The record's fullname: one lineage per record type, shared by every
    /// topic that carries it.
    RecordName,
    /// `<topic>-<fullname>`: one lineage per record type in each topic, so
    /// a topic can carry several types.
    TopicRecordName,
}

impl SubjectNameStrategy {
    /// The subject for `schema` as the `field` of records in `topic`. The
    /// record strategies need a named schema (a record, enum or fixed).
    pub fn subject(self, topic: &str, field: Field, schema: &Schema) -> Result<String> {
        let fullname = || {
            schema
                .root()
                .name()
                .map(|name| name.fullname().to_owned())
                .ok_or_else(|| {
                    Error::Subject(format!(
                        "the {self:?} strategy needs a named schema, and its root is a {}",
                        schema.root().ty().kind_name()
                    ))
                })
        };
        Ok(match self {
            SubjectNameStrategy::TopicName => format!("{topic}-{}", field.as_str()),
            SubjectNameStrategy::RecordName => fullname()?,
            SubjectNameStrategy::TopicRecordName => format!("{topic}-{}", fullname()?),
        })
    }
}
