//! `uuid::Uuid` (feature `uuid`): a `uuid` on `string`, written in the
//! lowercase hyphenated form; `#[avro(uuid = fixed)]` stores its 16 bytes in
//! a `fixed` instead ([`FixedUuid`](crate::logical::FixedUuid)).
//!
//! Reading accepts the hyphenated form in either case, as the generic
//! decoder does; anything else is an error at the string's offset.

use ::uuid::Uuid;

use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::logical::UuidValue;
use crate::schema::{LogicalType, Node, NodeId, SchemaBuilder, Type};
use crate::value::{self, Value};
use crate::{AvroSchema, Decode, Encode, FromValue, ToValue};

impl UuidValue for Uuid {
    #[inline]
    fn to_uuid_bytes(&self) -> [u8; 16] {
        *self.as_bytes()
    }

    #[inline]
    fn from_uuid_bytes(bytes: [u8; 16]) -> Uuid {
        Uuid::from_bytes(bytes)
    }
}

impl AvroSchema for Uuid {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::String).with_logical_type(LogicalType::Uuid))
    }
}

impl Encode for Uuid {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let mut buf = Uuid::encode_buffer();
        binary::write_str(out, self.hyphenated().encode_lower(&mut buf));
        Ok(())
    }
}

impl Decode<'_> for Uuid {
    const MIN_ENCODED_SIZE: usize = 1;

    fn decode(r: &mut SliceReader<'_>) -> Result<Uuid> {
        let start = r.position();
        let text = r.read_str()?;
        // avrox's own parser, so that exactly what the generic decoder
        // accepts is accepted here.
        let parsed: value::Uuid = text
            .parse()
            .map_err(|e: value::ParseError| Error::invalid(e.to_string()).at(start))?;
        Ok(Uuid::from_bytes(*parsed.as_bytes()))
    }
}

impl ToValue for Uuid {
    fn to_value(&self) -> Value {
        Value::Uuid(value::Uuid::from_bytes(*self.as_bytes()))
    }
}

/// From a `Value::Uuid`, a hyphenated `Value::String` or a `Value::Fixed`
/// of 16 bytes.
impl FromValue for Uuid {
    fn from_value(value: Value) -> Result<Uuid> {
        value::Uuid::from_value(value).map(|u| Uuid::from_bytes(*u.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::logical::FixedUuid;
    use crate::logical::testing::{adapter, check_plain};

    const TEXT: &str = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

    fn id() -> Uuid {
        Uuid::parse_str(TEXT).unwrap()
    }

    #[test]
    fn schemas() {
        assert_eq!(
            Uuid::schema().to_string(),
            r#"{"type":"string","logicalType":"uuid"}"#
        );
        assert_eq!(
            Option::<Uuid>::schema().to_string(),
            r#"["null",{"type":"string","logicalType":"uuid"}]"#
        );
        assert_eq!(
            adapter!(FixedUuid<Uuid>).schema().to_string(),
            r#"{"type":"fixed","name":"uuid_fixed","namespace":"avrox","size":16,"logicalType":"uuid"}"#
        );
    }

    #[test]
    fn round_trips() {
        let bytes = check_plain(&id());
        assert_eq!(bytes[0], 72); // 36 characters
        assert_eq!(&bytes[1..], TEXT.as_bytes());
        check_plain(&Uuid::nil());
        check_plain(&Uuid::max());
        check_plain(&Some(id()));
        check_plain(&None::<Uuid>);
        // The same bytes as avrox's own UUID type.
        let ours: value::Uuid = TEXT.parse().unwrap();
        assert_eq!(bytes, crate::to_vec(&ours).unwrap());
        assert_eq!(id().to_value(), Value::Uuid(ours));
        assert_eq!(adapter!(FixedUuid<Uuid>).check(&id()), id().as_bytes());
        adapter!(FixedUuid<Option<Uuid>>).check(&Some(id()));
        adapter!(FixedUuid<Option<Uuid>>).check(&None);
    }

    #[test]
    fn uppercase_is_read() {
        let upper = TEXT.to_uppercase();
        let mut bytes = Vec::new();
        binary::write_str(&mut bytes, &upper);
        assert_eq!(crate::from_slice::<Uuid>(&bytes).unwrap(), id());
        assert_eq!(Uuid::from_value(Value::String(upper)).unwrap(), id());
    }

    #[test]
    fn malformed_strings() {
        for bad in [
            "",
            "6ba7b810-9dad-11d1-80b4-00c04fd430c",
            "6ba7b8109dad11d180b400c04fd430c8",
            "{6ba7b810-9dad-11d1-80b4-00c04fd430c8}",
            "6ba7b810-9dad-11d1-80b4-00c04fd430cg",
            "6ba7b810_9dad-11d1-80b4-00c04fd430c8",
        ] {
            // After a union index, so the offset is not 0.
            let mut bytes = vec![2];
            binary::write_str(&mut bytes, bad);
            let err = crate::from_slice::<Option<Uuid>>(&bytes).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::InvalidValue(m) if m.contains("is not a UUID")),
                "{bad}: {err}"
            );
            assert_eq!(err.offset(), Some(1), "{bad}");
            assert!(Uuid::from_value(Value::String(bad.into())).is_err());
        }
        assert!(Uuid::from_value(Value::Long(1)).is_err());
    }
}
