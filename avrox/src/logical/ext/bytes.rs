//! `bytes::Bytes` (feature `bytes`): Avro `bytes`.
//!
//! Decoding copies the bytes into a new `Bytes`: a
//! [`SliceReader`](crate::binary::SliceReader) lends a `&[u8]` of its input,
//! which a `Bytes` cannot share. A field that should borrow from the input
//! without copying is a `&[u8]` (or a `Cow<[u8]>`).

use ::bytes::Bytes;

use crate::binary::{self, SliceReader};
use crate::error::Result;
use crate::schema::{Node, NodeId, SchemaBuilder, Type};
use crate::value::Value;
use crate::{AvroSchema, Decode, Encode, FromValue, ToValue};

impl AvroSchema for Bytes {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::Bytes))
    }
}

impl Encode for Bytes {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_bytes(out, self);
        Ok(())
    }
}

/// Copies: see the module's documentation.
impl Decode<'_> for Bytes {
    const MIN_ENCODED_SIZE: usize = 1;

    #[inline]
    fn decode(r: &mut SliceReader<'_>) -> Result<Bytes> {
        let bytes = r.read_bytes()?;
        r.charge_allocation(bytes.len())?;
        Ok(Bytes::copy_from_slice(bytes))
    }
}

impl ToValue for Bytes {
    fn to_value(&self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

/// From `Value::Bytes` (without a copy), `Value::Fixed` or `Value::String`.
impl FromValue for Bytes {
    fn from_value(value: Value) -> Result<Bytes> {
        u8::sequence_from_value(value).map(Bytes::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Limits;
    use crate::logical::testing::check_plain;
    use crate::{ErrorKind, Value};

    #[test]
    fn schema() {
        assert_eq!(Bytes::schema().to_string(), r#""bytes""#);
        assert_eq!(Option::<Bytes>::schema().to_string(), r#"["null","bytes"]"#);
        assert_eq!(
            Vec::<Bytes>::schema().to_string(),
            r#"{"type":"array","items":"bytes"}"#
        );
    }

    #[test]
    fn round_trips() {
        assert_eq!(check_plain(&Bytes::new()), [0]);
        assert_eq!(
            check_plain(&Bytes::from_static(b"foo")),
            [0x06, b'f', b'o', b'o']
        );
        check_plain(&Bytes::from(vec![0u8; 300]));
        check_plain(&Some(Bytes::from_static(&[0xff, 0])));
        check_plain(&vec![Bytes::from_static(b"a"), Bytes::new()]);
        // The same bytes as a Vec<u8>.
        assert_eq!(
            crate::to_vec(&Bytes::from_static(b"xyz")).unwrap(),
            crate::to_vec(&b"xyz".to_vec()).unwrap()
        );
        assert_eq!(
            Bytes::from_value(Value::String("hi".into())).unwrap(),
            Bytes::from_static(b"hi")
        );
        assert_eq!(
            Bytes::from_value(Value::Fixed(vec![1, 2])).unwrap(),
            Bytes::from_static(&[1, 2])
        );
        assert!(Bytes::from_value(Value::Long(1)).is_err());
    }

    #[test]
    fn decoding_copies_within_the_limits() {
        let bytes = crate::to_vec(&Bytes::from(vec![7u8; 64])).unwrap();
        let err =
            crate::from_slice_with_limits::<Bytes>(&bytes, Limits::default().max_allocation(10))
                .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::LimitExceeded { .. }));
        // A length beyond the input fails before anything is allocated.
        let err = crate::from_slice::<Bytes>(&[0xfe, 0xff, 0xff, 0xff, 0x0f]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::UnexpectedEof { .. }));
    }
}
