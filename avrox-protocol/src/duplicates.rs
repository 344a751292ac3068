//! Message names given twice in a protocol's text. A JSON object keeps the
//! last of two equal keys, so this is found in the text, before it is one.

use std::collections::HashSet;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// The first message name the text of a protocol object gives twice.
pub(crate) fn duplicate_message(text: &str) -> Option<String> {
    serde_json::from_str::<TopLevel>(text).ok()?.0
}

struct TopLevel(Option<String>);

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TopLevel, D::Error> {
        deserializer.deserialize_map(TopLevelVisitor)
    }
}

struct TopLevelVisitor;

impl<'de> Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a protocol object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "messages" {
                let names: MessageNames = map.next_value()?;
                found = found.or(names.0);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(TopLevel(found))
    }
}

struct MessageNames(Option<String>);

impl<'de> Deserialize<'de> for MessageNames {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<MessageNames, D::Error> {
        deserializer.deserialize_any(MessageNamesVisitor)
    }
}

struct MessageNamesVisitor;

impl<'de> Visitor<'de> for MessageNamesVisitor {
    type Value = MessageNames;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the messages")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MessageNames, A::Error> {
        let mut seen = HashSet::new();
        let mut duplicate = None;
        while let Some(name) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            if !seen.insert(name.clone()) && duplicate.is_none() {
                duplicate = Some(name);
            }
        }
        Ok(MessageNames(duplicate))
    }

    // Anything else is not the messages' object: the parser says so.
    fn visit_unit<E>(self) -> Result<MessageNames, E> {
        Ok(MessageNames(None))
    }

    fn visit_bool<E>(self, _: bool) -> Result<MessageNames, E> {
        Ok(MessageNames(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<MessageNames, E> {
        Ok(MessageNames(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<MessageNames, E> {
        Ok(MessageNames(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<MessageNames, E> {
        Ok(MessageNames(None))
    }

    fn visit_str<E>(self, _: &str) -> Result<MessageNames, E> {
        Ok(MessageNames(None))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<MessageNames, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(MessageNames(None))
    }
}
