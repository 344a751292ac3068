//! Strings and byte strings, owned, shared and borrowed from the input.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use super::{AvroSchema, Decode, Encode, FromValue, ToValue, unwrap_union};
use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::schema::{Node, NodeId, SchemaBuilder, Type};
use crate::value::Value;

fn string_of(value: Value) -> Result<String> {
    match unwrap_union(value) {
        Value::String(s) => Ok(s),
        Value::Uuid(u) => Ok(u.to_string()),
        Value::Bytes(b) => String::from_utf8(b).map_err(|e| {
            Error::new(crate::ErrorKind::InvalidUtf8 {
                valid_up_to: e.utf8_error().valid_up_to(),
            })
        }),
        other => Err(Error::mismatch("string", other.kind_name())),
    }
}

/// Reads a string and accounts for the copy the caller is about to make.
fn read_owned<'de>(r: &mut SliceReader<'de>) -> Result<&'de str> {
    let s = r.read_str()?;
    r.charge_allocation(s.len())?;
    Ok(s)
}

/// The owned string types: their schema, decoding and conversion from a
/// value. Encoding and conversion to a value go through `str`, which
/// `String` derefs to and the pointer impls forward to.
macro_rules! string_like {
    ($([$($generics:tt)*] $t:ty => |$s:ident| $from_str:expr, |$v:ident| $from_string:expr;)*) => {$(
        impl<$($generics)*> AvroSchema for $t {
            fn add_schema(b: &mut SchemaBuilder) -> NodeId {
                b.add(Node::new(Type::String))
            }
        }

        impl<'de, $($generics)*> Decode<'de> for $t where $t: 'de {
            const MIN_ENCODED_SIZE: usize = 1;

            #[inline]
            fn decode(r: &mut SliceReader<'de>) -> Result<$t> {
                let $s: &'de str = read_owned(r)?;
                Ok($from_str)
            }
        }

        impl<$($generics)*> FromValue for $t {
            fn from_value(value: Value) -> Result<$t> {
                let $v = string_of(value)?;
                Ok($from_string)
            }
        }
    )*};
}

string_like! {
    [] String => |s| s.to_owned(), |v| v;
    [] Box<str> => |s| s.into(), |v| v.into_boxed_str();
    [] Arc<str> => |s| s.into(), |v| v.into();
    [] Rc<str> => |s| s.into(), |v| v.into();
}

impl Encode for String {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_str(out, self);
        Ok(())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
}

impl AvroSchema for str {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::String))
    }
}

impl Encode for str {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_str(out, self);
        Ok(())
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl AvroSchema for &str {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::String))
    }
}

impl Encode for &str {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_str(out, self);
        Ok(())
    }
}

/// Borrows from the input: no copy, no allocation.
impl<'de: 'a, 'a> Decode<'de> for &'a str {
    const MIN_ENCODED_SIZE: usize = 1;

    #[inline]
    fn decode(r: &mut SliceReader<'de>) -> Result<&'a str> {
        r.read_str()
    }
}

impl ToValue for &str {
    fn to_value(&self) -> Value {
        Value::String((*self).to_owned())
    }
}

impl AvroSchema for Cow<'_, str> {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::String))
    }
}

impl Encode for Cow<'_, str> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_str(out, self);
        Ok(())
    }
}

/// Borrows from the input.
impl<'de: 'a, 'a> Decode<'de> for Cow<'a, str> {
    const MIN_ENCODED_SIZE: usize = 1;

    #[inline]
    fn decode(r: &mut SliceReader<'de>) -> Result<Cow<'a, str>> {
        r.read_str().map(Cow::Borrowed)
    }
}

impl ToValue for Cow<'_, str> {
    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl FromValue for Cow<'_, str> {
    fn from_value(value: Value) -> Result<Self> {
        string_of(value).map(Cow::Owned)
    }
}

impl AvroSchema for &[u8] {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::Bytes))
    }
}

impl Encode for &[u8] {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_bytes(out, self);
        Ok(())
    }
}

/// Borrows from the input: no copy, no allocation.
impl<'de: 'a, 'a> Decode<'de> for &'a [u8] {
    const MIN_ENCODED_SIZE: usize = 1;

    #[inline]
    fn decode(r: &mut SliceReader<'de>) -> Result<&'a [u8]> {
        r.read_bytes()
    }
}

impl ToValue for &[u8] {
    fn to_value(&self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

impl AvroSchema for Cow<'_, [u8]> {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::Bytes))
    }
}

impl Encode for Cow<'_, [u8]> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_bytes(out, self);
        Ok(())
    }
}

/// Borrows from the input.
impl<'de: 'a, 'a> Decode<'de> for Cow<'a, [u8]> {
    const MIN_ENCODED_SIZE: usize = 1;

    #[inline]
    fn decode(r: &mut SliceReader<'de>) -> Result<Cow<'a, [u8]>> {
        r.read_bytes().map(Cow::Borrowed)
    }
}

impl ToValue for Cow<'_, [u8]> {
    fn to_value(&self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

impl FromValue for Cow<'_, [u8]> {
    fn from_value(value: Value) -> Result<Self> {
        u8::sequence_from_value(value).map(Cow::Owned)
    }
}
