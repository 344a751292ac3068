//! Booleans, integers, floats and `()`.

use super::{AvroSchema, Decode, Encode, FromValue, ToValue, unwrap_union};
use crate::binary::{self, SliceReader};
use crate::error::{Error, ErrorKind, Result};
use crate::resolve::plan::{Plan, Primitive, Step, StepId};
use crate::schema::{Fixed, Name, Node, NodeId, SchemaBuilder, Type};
use crate::value::Value;

fn out_of_range(value: i128, target: &'static str) -> Error {
    Error::new(ErrorKind::OutOfRange { value, target })
}

impl AvroSchema for () {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::Null))
    }
}

impl Encode for () {
    fn encode(&self, _: &mut Vec<u8>) -> Result<()> {
        Ok(())
    }
}

impl Decode<'_> for () {
    fn decode(_: &mut SliceReader<'_>) -> Result<()> {
        Ok(())
    }
}

impl ToValue for () {
    fn to_value(&self) -> Value {
        Value::Null
    }
}

impl FromValue for () {
    fn from_value(value: Value) -> Result<()> {
        match unwrap_union(value) {
            Value::Null => Ok(()),
            other => Err(Error::mismatch("null", other.kind_name())),
        }
    }
}

/// Types with one Avro primitive of a fixed size: the schema, encoding,
/// decoding and value of each. Conversion from a value differs (the
/// promotions each accepts) and is written out below.
macro_rules! scalar {
    ($($t:ty => $ty:ident, $write:ident, $read:ident, $size:expr, $value:ident, $promote:ident;)*) => {$(
        impl AvroSchema for $t {
            fn add_schema(b: &mut SchemaBuilder) -> NodeId {
                b.add(Node::new(Type::$ty))
            }
        }

        impl Encode for $t {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                binary::$write(out, *self);
                Ok(())
            }
        }

        impl Decode<'_> for $t {
            const MIN_ENCODED_SIZE: usize = $size;
            const FIXED_ENCODED_SIZE: Option<usize> = Some($size);

            #[inline]
            fn decode(r: &mut SliceReader<'_>) -> Result<$t> {
                r.$read()
            }

            #[inline]
            fn decode_resolved(r: &mut SliceReader<'_>, plan: &Plan, step: StepId) -> Result<$t> {
                let step = plan.through_unions(r, step)?;
                match plan.step(step) {
                    Step::Same { .. } => r.$read(),
                    Step::Promote { from, .. } => $promote(r, *from)
                        .unwrap_or_else(|| Err(plan.unsupported(step, stringify!($t)))),
                    _ => Err(plan.unsupported(step, stringify!($t))),
                }
            }
        }

        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::$value(*self)
            }
        }
    )*};
}

/// A promotion into `bool` (none), `f32` or `f64`; `None` for one the
/// type does not take.
fn promote_bool(_: &mut SliceReader<'_>, _: Primitive) -> Option<Result<bool>> {
    None
}

fn promote_f32(r: &mut SliceReader<'_>, from: Primitive) -> Option<Result<f32>> {
    Some(match from {
        Primitive::Int => r.read_int().map(|v| v as f32),
        Primitive::Long => r.read_long().map(|v| v as f32),
        _ => return None,
    })
}

fn promote_f64(r: &mut SliceReader<'_>, from: Primitive) -> Option<Result<f64>> {
    Some(match from {
        Primitive::Int => r.read_int().map(f64::from),
        Primitive::Long => r.read_long().map(|v| v as f64),
        Primitive::Float => r.read_float().map(f64::from),
        _ => return None,
    })
}

scalar! {
    bool => Boolean, write_bool, read_bool, 1, Boolean, promote_bool;
    f32 => Float, write_float, read_float, 4, Float, promote_f32;
    f64 => Double, write_double, read_double, 8, Double, promote_f64;
}

impl FromValue for bool {
    fn from_value(value: Value) -> Result<bool> {
        match unwrap_union(value) {
            Value::Boolean(b) => Ok(b),
            other => Err(Error::mismatch("boolean", other.kind_name())),
        }
    }
}

/// Integers that Avro stores as `int`: encoded by widening, decoded with a
/// range check.
macro_rules! small_int {
    ($($t:ty),*) => {$(
        impl AvroSchema for $t {
            fn add_schema(b: &mut SchemaBuilder) -> NodeId {
                b.add(Node::new(Type::Int))
            }
        }

        impl Encode for $t {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                binary::write_int(out, i32::from(*self));
                Ok(())
            }
        }

        impl Decode<'_> for $t {
            const MIN_ENCODED_SIZE: usize = 1;

            #[inline]
            fn decode(r: &mut SliceReader<'_>) -> Result<$t> {
                let start = r.position();
                let v = r.read_int()?;
                <$t>::try_from(v).map_err(|_| out_of_range(i128::from(v), stringify!($t)).at(start))
            }
        }

        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(i32::from(*self))
            }
        }

        impl FromValue for $t {
            fn from_value(value: Value) -> Result<$t> {
                let v = int_of(value)?;
                <$t>::try_from(v).map_err(|_| out_of_range(i128::from(v), stringify!($t)))
            }
        }
    )*};
}

small_int!(i8, i16, i32, u16);

/// `u8` is an `int` on its own, but a sequence of `u8` is `bytes` and an
/// array `[u8; N]` is a `fixed`: never an array of ints.
impl AvroSchema for u8 {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::Int))
    }

    fn add_sequence_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::Bytes))
    }

    fn add_array_schema<const N: usize>(b: &mut SchemaBuilder) -> NodeId {
        // In a namespace of its own: a reference to a name in the null
        // namespace from inside a namespaced record would, by the
        // specification's rules, mean a name in that namespace.
        // A namespace and a name of letters, `_` and N's digits: valid.
        #[allow(clippy::expect_used)]
        let name = Name::new(&format!("avrox.fixed_{N}")).expect("avrox.fixed_N is a valid name");
        b.named(&name, "[u8; N]", |_, _| {
            Node::new(Type::Fixed(Fixed::new(name.clone(), N)))
        })
    }
}

impl Encode for u8 {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_int(out, i32::from(*self));
        Ok(())
    }

    #[inline]
    fn encode_sequence(parts: [&[u8]; 2], out: &mut Vec<u8>) -> Result<()> {
        let [first, second] = parts;
        binary::write_long(out, (first.len() + second.len()) as i64);
        out.extend_from_slice(first);
        out.extend_from_slice(second);
        Ok(())
    }

    #[inline]
    fn encode_array<const N: usize>(items: &[u8; N], out: &mut Vec<u8>) -> Result<()> {
        binary::write_fixed(out, items);
        Ok(())
    }
}

impl<'de> Decode<'de> for u8 {
    const MIN_ENCODED_SIZE: usize = 1;

    #[inline]
    fn decode(r: &mut SliceReader<'de>) -> Result<u8> {
        let start = r.position();
        let v = r.read_int()?;
        u8::try_from(v).map_err(|_| out_of_range(i128::from(v), "u8").at(start))
    }

    #[inline]
    fn decode_sequence(r: &mut SliceReader<'de>) -> Result<Vec<u8>> {
        let bytes = r.read_bytes()?;
        r.charge_allocation(bytes.len())?;
        Ok(bytes.to_vec())
    }

    #[inline]
    fn decode_array<const N: usize>(r: &mut SliceReader<'de>) -> Result<[u8; N]> {
        r.read_fixed_array()
    }

    /// Bytes, or a string read as bytes.
    fn decode_sequence_resolved(
        r: &mut SliceReader<'de>,
        plan: &Plan,
        step: StepId,
    ) -> Result<Vec<u8>> {
        let step = plan.through_unions(r, step)?;
        match plan.step(step) {
            Step::Same { .. }
            | Step::Promote {
                from: Primitive::String,
                ..
            } => Self::decode_sequence(r),
            _ => Err(plan.unsupported(step, "Vec<u8>")),
        }
    }

    fn decode_array_resolved<const N: usize>(
        r: &mut SliceReader<'de>,
        plan: &Plan,
        step: StepId,
    ) -> Result<[u8; N]> {
        let step = plan.through_unions(r, step)?;
        match plan.step(step) {
            Step::Same { .. } => Self::decode_array::<N>(r),
            _ => Err(plan.unsupported(step, "[u8; N]")),
        }
    }
}

impl ToValue for u8 {
    fn to_value(&self) -> Value {
        Value::Int(i32::from(*self))
    }

    fn sequence_to_value(parts: [&[u8]; 2]) -> Value {
        Value::Bytes([parts[0], parts[1]].concat())
    }

    fn array_to_value<const N: usize>(items: &[u8; N]) -> Value {
        Value::Fixed(items.to_vec())
    }
}

impl FromValue for u8 {
    fn from_value(value: Value) -> Result<u8> {
        let v = int_of(value)?;
        u8::try_from(v).map_err(|_| out_of_range(i128::from(v), "u8"))
    }

    fn sequence_from_value(value: Value) -> Result<Vec<u8>> {
        match unwrap_union(value) {
            Value::Bytes(b) | Value::Fixed(b) => Ok(b),
            Value::String(s) => Ok(s.into_bytes()),
            other => Err(Error::mismatch("bytes", other.kind_name())),
        }
    }

    fn array_from_value<const N: usize>(value: Value) -> Result<[u8; N]> {
        let bytes = u8::sequence_from_value(value)?;
        let len = bytes.len();
        bytes
            .try_into()
            .map_err(|_| Error::invalid(format!("expected a fixed of {N} bytes, found {len}")))
    }
}

fn int_of(value: Value) -> Result<i32> {
    match unwrap_union(value) {
        Value::Int(v) | Value::Date(v) | Value::TimeMillis(v) => Ok(v),
        Value::Long(v) => i32::try_from(v).map_err(|_| out_of_range(i128::from(v), "int")),
        other => Err(Error::mismatch("int", other.kind_name())),
    }
}

fn long_of(value: Value) -> Result<i64> {
    let value = unwrap_union(value);
    value
        .as_long()
        .ok_or_else(|| Error::mismatch("long", value.kind_name()))
}

/// Integers that Avro stores as `long`. Those wider than `i64` in the
/// positive direction (`u64`, `usize`) fail to encode above `i64::MAX`
/// rather than wrap; every one checks its range when decoded.
macro_rules! long_int {
    ($($t:ty),*) => {$(
        impl AvroSchema for $t {
            fn add_schema(b: &mut SchemaBuilder) -> NodeId {
                b.add(Node::new(Type::Long))
            }
        }

        impl Encode for $t {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                let v = i64::try_from(*self).map_err(|_| out_of_range(*self as i128, "long"))?;
                binary::write_long(out, v);
                Ok(())
            }
        }

        impl Decode<'_> for $t {
            const MIN_ENCODED_SIZE: usize = 1;

            #[inline]
            fn decode(r: &mut SliceReader<'_>) -> Result<$t> {
                let start = r.position();
                let v = r.read_long()?;
                <$t>::try_from(v).map_err(|_| out_of_range(i128::from(v), stringify!($t)).at(start))
            }

            #[inline]
            fn decode_resolved(r: &mut SliceReader<'_>, plan: &Plan, step: StepId) -> Result<$t> {
                let step = plan.through_unions(r, step)?;
                match plan.step(step) {
                    Step::Same { .. } => Self::decode(r),
                    // An int written where this long is read.
                    Step::Promote { from: Primitive::Int, .. } => {
                        let start = r.position();
                        let v = i64::from(r.read_int()?);
                        <$t>::try_from(v).map_err(|_| out_of_range(i128::from(v), stringify!($t)).at(start))
                    }
                    _ => Err(plan.unsupported(step, stringify!($t))),
                }
            }
        }

        impl ToValue for $t {
            /// A `u64` above `i64::MAX` has no `long`; it saturates here,
            /// and fails when encoded.
            fn to_value(&self) -> Value {
                Value::Long(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }

        impl FromValue for $t {
            fn from_value(value: Value) -> Result<$t> {
                let v = long_of(value)?;
                <$t>::try_from(v).map_err(|_| out_of_range(i128::from(v), stringify!($t)))
            }
        }
    )*};
}

long_int!(i64, u32, u64, usize);

impl FromValue for f32 {
    fn from_value(value: Value) -> Result<f32> {
        match unwrap_union(value) {
            Value::Float(v) => Ok(v),
            Value::Int(v) => Ok(v as f32),
            Value::Long(v) => Ok(v as f32),
            other => Err(Error::mismatch("float", other.kind_name())),
        }
    }
}

impl FromValue for f64 {
    fn from_value(value: Value) -> Result<f64> {
        match unwrap_union(value) {
            Value::Double(v) => Ok(v),
            Value::Float(v) => Ok(f64::from(v)),
            Value::Int(v) => Ok(f64::from(v)),
            Value::Long(v) => Ok(v as f64),
            other => Err(Error::mismatch("double", other.kind_name())),
        }
    }
}
