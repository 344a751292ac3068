//! UUIDs stored as a `fixed` of 16 bytes.

use std::fmt;
use std::marker::PhantomData;

use super::field_trait;
use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::schema::{Fixed, LogicalType, Name, Node, NodeId, SchemaBuilder, Type};
use crate::value::{Uuid, Value};

/// The name of the `fixed` that [`FixedUuid`] defines.
pub(crate) const FIXED_UUID_NAME: &str = "avrox.uuid_fixed";

/// A UUID type: its 16 bytes in RFC 4122 order. Implemented for
/// [`avrox::value::Uuid`](Uuid) and, with the `uuid` feature, `uuid::Uuid`.
pub trait UuidValue: Sized {
    /// The 16 bytes, most significant first.
    fn to_uuid_bytes(&self) -> [u8; 16];

    /// The UUID of these 16 bytes.
    fn from_uuid_bytes(bytes: [u8; 16]) -> Self;
}

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

field_trait! {
    /// A field type the [`FixedUuid`] adapter accepts: a [`UuidValue`] `T`,
    /// or `Option<T>` for `["null", uuid]`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot take `#[avro(uuid = fixed)]`",
        label = "not a UUID type, nor an `Option` of one",
        note = "`uuid = fixed` applies to `avrox::value::Uuid`, `uuid::Uuid` (feature `uuid`) and other types implementing `avrox::logical::UuidValue`"
    )]
    UuidField: UuidValue
}

/// `#[avro(uuid = fixed)]`: a `uuid` on a `fixed` of 16 bytes named
/// `uuid_fixed`, holding the UUID's bytes, rather than the default `uuid` on
/// a 36-character `string`.
///
/// Every field using it shares the one `fixed` definition. The type is a
/// marker, never constructed: `#[derive(Avro)]` calls its functions in
/// place of the field type's own trait impls. Its parameter is the field's
/// type: a [`UuidValue`] or an `Option` of one ([`UuidField`]).
///
/// ```
/// use avrox::binary::SliceReader;
/// use avrox::logical::FixedUuid;
/// use avrox::schema::SchemaBuilder;
/// use avrox::value::Uuid;
///
/// let mut b = SchemaBuilder::new();
/// let root = FixedUuid::<Uuid>::add_schema(&mut b);
/// assert_eq!(
///     b.build(root)?.to_string(),
///     r#"{"type":"fixed","name":"uuid_fixed","namespace":"avrox","size":16,"logicalType":"uuid"}"#
/// );
///
/// let id: Uuid = "6ba7b810-9dad-11d1-80b4-00c04fd430c8".parse()?;
/// let mut out = Vec::new();
/// FixedUuid::<Uuid>::encode(&id, &mut out)?;
/// assert_eq!(out, id.as_bytes());
/// assert_eq!(FixedUuid::<Uuid>::decode(&mut SliceReader::new(&out))?, id);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct FixedUuid<T>(PhantomData<fn() -> T>);

impl<T> fmt::Debug for FixedUuid<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FixedUuid")
    }
}

impl<F> FixedUuid<F> {
    /// Adds the field's schema.
    pub fn add_schema(builder: &mut SchemaBuilder) -> NodeId
    where
        F: UuidField,
    {
        F::add_schema_with(builder, |b| {
            // A constant name, valid by the naming rules (the tests build it).
            #[allow(clippy::expect_used)]
            let name = Name::new(FIXED_UUID_NAME).expect("a valid name");
            b.named(&name, "avrox::logical::FixedUuid", |_, _| {
                Node::new(Type::Fixed(Fixed::new(name.clone(), 16)))
                    .with_logical_type(LogicalType::Uuid)
            })
        })
    }

    /// Appends the 16 bytes (after the branch index, for an `Option`).
    #[inline]
    pub fn encode(value: &F, out: &mut Vec<u8>) -> Result<()>
    where
        F: UuidField,
    {
        value.encode_with(out, |v, out| {
            binary::write_fixed(out, &v.to_uuid_bytes());
            Ok(())
        })
    }

    /// Reads one value.
    #[inline]
    pub fn decode<'de>(reader: &mut SliceReader<'de>) -> Result<F>
    where
        F: UuidField,
    {
        F::decode_with(reader, |r| {
            Ok(F::Inner::from_uuid_bytes(r.read_fixed_array()?))
        })
    }

    /// `Value::Uuid`, in a `Value::Union` for an `Option`.
    pub fn to_value(value: &F) -> Value
    where
        F: UuidField,
    {
        value.to_value_with(|v| Value::Uuid(Uuid::from_bytes(v.to_uuid_bytes())))
    }

    /// The field from a `Value::Uuid`, a `Value::Fixed` of 16 bytes, or a
    /// `Value::String` in the hyphenated form.
    pub fn from_value(value: Value) -> Result<F>
    where
        F: UuidField,
    {
        F::from_value_with(value, |v| {
            let bytes = match v {
                Value::Uuid(u) => *u.as_bytes(),
                Value::Fixed(b) => <[u8; 16]>::try_from(b)
                    .map_err(|b| Error::mismatch("uuid", Value::Fixed(b).kind_name()))?,
                Value::String(s) => *s
                    .parse::<Uuid>()
                    .map_err(|e| Error::invalid(e.to_string()))?
                    .as_bytes(),
                other => return Err(Error::mismatch("uuid", other.kind_name())),
            };
            Ok(F::Inner::from_uuid_bytes(bytes))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::logical::testing::{adapter, check_plain};

    fn id() -> Uuid {
        "6ba7b810-9dad-11d1-80b4-00c04fd430c8".parse().unwrap()
    }

    #[test]
    fn schema() {
        assert_eq!(
            adapter!(FixedUuid<Uuid>).schema().to_string(),
            r#"{"type":"fixed","name":"uuid_fixed","namespace":"avrox","size":16,"logicalType":"uuid"}"#
        );
        assert_eq!(
            adapter!(FixedUuid<Option<Uuid>>).schema().to_string(),
            r#"["null",{"type":"fixed","name":"uuid_fixed","namespace":"avrox","size":16,"logicalType":"uuid"}]"#
        );
    }

    #[test]
    fn round_trips() {
        assert_eq!(adapter!(FixedUuid<Uuid>).check(&id()), id().as_bytes());
        adapter!(FixedUuid<Uuid>).check(&Uuid::from_bytes([0xff; 16]));
        let bytes = adapter!(FixedUuid<Option<Uuid>>).check(&Some(id()));
        assert_eq!(bytes[0], 2);
        assert_eq!(&bytes[1..], id().as_bytes());
        assert_eq!(adapter!(FixedUuid<Option<Uuid>>).check(&None), [0]);
    }

    #[test]
    fn fixed_or_string() {
        // Without the attribute, the same UUID is a 36-character string.
        let string = check_plain(&id());
        assert_eq!(&string[1..], id().to_string().as_bytes());
        let fixed = adapter!(FixedUuid<Uuid>).check(&id());
        assert_eq!(fixed.len(), 16);
        assert_eq!(
            FixedUuid::<Uuid>::to_value(&id()),
            crate::ToValue::to_value(&id())
        );
    }

    #[test]
    fn from_values() {
        let from = FixedUuid::<Uuid>::from_value;
        assert_eq!(from(Value::Fixed(id().as_bytes().to_vec())).unwrap(), id());
        assert_eq!(from(Value::String(id().to_string())).unwrap(), id());
        assert!(matches!(
            from(Value::String("not-a-uuid".into())).unwrap_err().kind(),
            ErrorKind::InvalidValue(_)
        ));
        assert!(from(Value::Fixed(vec![0; 15])).is_err());
        assert!(from(Value::Null).is_err());
    }

    #[test]
    fn short_input() {
        let err = adapter!(FixedUuid<Option<Uuid>>)
            .decode_all(&[2, 0, 0])
            .unwrap_err();
        assert_eq!(err.offset(), Some(1));
    }
}
