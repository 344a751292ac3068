//! `Option<T>` as a union with null; `Box`, `Rc` and `Arc` as what they
//! hold; and the value types of avrox's own logical types.

use std::rc::Rc;
use std::sync::Arc;

use super::{AvroSchema, Decode, Encode, FromValue, ToValue, unwrap_union};
use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::resolve::plan::{Plan, Step, StepId};
use crate::schema::{Fixed, LogicalType, Name, Node, NodeId, SchemaBuilder, Type};
use crate::value::{Decimal, Duration, Uuid, Value};

/// `["null", T]`: `None` is branch 0, so a field of this type can default
/// to `null`.
impl<T: AvroSchema> AvroSchema for Option<T> {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        let null = b.add(Node::new(Type::Null));
        let some = T::add_schema(b);
        b.union(vec![null, some])
    }

    const CONSTRAINED: bool = T::CONSTRAINED;

    #[inline]
    fn check_constraints(&self) -> bool {
        self.as_ref().is_none_or(T::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::collector::Collector) {
        if let Some(v) = self {
            v.collect_failures(c);
        }
    }
}

impl<T: Encode> Encode for Option<T> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            None => {
                out.push(0);
                Ok(())
            }
            Some(v) => {
                out.push(2); // the zig-zag varint of branch 1
                v.encode(out)
            }
        }
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Option<T> {
    const MIN_ENCODED_SIZE: usize = 1;

    #[inline]
    fn decode(r: &mut SliceReader<'de>) -> Result<Option<T>> {
        match r.read_union_index(2)? {
            0 => Ok(None),
            _ => T::decode(r).map(Some),
        }
    }

    fn decode_resolved(r: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<Option<T>> {
        let step = plan.through_unions(r, step)?;
        match plan.step(step) {
            Step::Same { .. } => Self::decode(r),
            Step::ReaderUnion { index: 0, .. } => Ok(None),
            Step::ReaderUnion { step, .. } => T::decode_resolved(r, plan, *step).map(Some),
            _ => Err(plan.unsupported(step, "Option")),
        }
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            None => Value::Union(0, Box::new(Value::Null)),
            Some(v) => Value::Union(1, Box::new(v.to_value())),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> Result<Option<T>> {
        match value {
            Value::Null => Ok(None),
            Value::Union(_, inner) if *inner == Value::Null => Ok(None),
            Value::Union(_, inner) => T::from_value(*inner).map(Some),
            other => T::from_value(other).map(Some),
        }
    }
}

/// Smart pointers encode as what they point to. Decoding through one counts
/// as a level of nesting: recursive types recurse through a pointer or a
/// collection, so the depth limit holds them.
macro_rules! pointer {
    ($($p:ident),*) => {$(
        impl<T: AvroSchema> AvroSchema for $p<T> {
            fn add_schema(b: &mut SchemaBuilder) -> NodeId {
                T::add_schema(b)
            }

            const CONSTRAINED: bool = T::CONSTRAINED;

            #[inline]
            fn check_constraints(&self) -> bool {
                (**self).check_constraints()
            }

            fn collect_failures(&self, c: &mut crate::validate::collector::Collector) {
                (**self).collect_failures(c)
            }
        }

        impl<T: Encode + ?Sized> Encode for $p<T> {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                (**self).encode(out)
            }
        }

        impl<'de, T: Decode<'de>> Decode<'de> for $p<T> {
            const MIN_ENCODED_SIZE: usize = T::MIN_ENCODED_SIZE;
            const FIXED_ENCODED_SIZE: Option<usize> = T::FIXED_ENCODED_SIZE;

            #[inline]
            fn decode(r: &mut SliceReader<'de>) -> Result<$p<T>> {
                r.enter()?;
                r.charge_allocation(pointee_charge::<T>())?;
                let v = T::decode(r)?;
                r.leave();
                Ok($p::new(v))
            }

            fn decode_resolved(r: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<$p<T>> {
                r.enter()?;
                r.charge_allocation(pointee_charge::<T>())?;
                let v = T::decode_resolved(r, plan, step)?;
                r.leave();
                Ok($p::new(v))
            }
        }

        impl<T: ToValue + ?Sized> ToValue for $p<T> {
            fn to_value(&self) -> Value {
                (**self).to_value()
            }
        }

        impl<T: FromValue> FromValue for $p<T> {
            fn from_value(value: Value) -> Result<$p<T>> {
                T::from_value(value).map($p::new)
            }
        }
    )*};
}

pointer!(Box, Rc, Arc);

/// What a pointer's allocation is charged: the value, and the two counts
/// of an `Rc` or `Arc` (a `Box` is charged them too, for one rule). A type
/// may hold much more than its encoding takes (an `Option` of a large
/// array is one byte when `None`), so the input alone does not bound it.
fn pointee_charge<T>() -> usize {
    std::mem::size_of::<T>() + 2 * std::mem::size_of::<usize>()
}

impl AvroSchema for Uuid {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::String).with_logical_type(LogicalType::Uuid))
    }
}

impl Encode for Uuid {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_str(out, &self.to_string());
        Ok(())
    }
}

impl Decode<'_> for Uuid {
    const MIN_ENCODED_SIZE: usize = 1;

    fn decode(r: &mut SliceReader<'_>) -> Result<Uuid> {
        let start = r.position();
        r.read_str()?
            .parse()
            .map_err(|e: crate::value::ParseError| Error::invalid(e.to_string()).at(start))
    }
}

impl ToValue for Uuid {
    fn to_value(&self) -> Value {
        Value::Uuid(*self)
    }
}

impl FromValue for Uuid {
    fn from_value(value: Value) -> Result<Uuid> {
        match unwrap_union(value) {
            Value::Uuid(u) => Ok(u),
            Value::String(s) => s
                .parse()
                .map_err(|e: crate::value::ParseError| Error::invalid(e.to_string())),
            Value::Fixed(b) => <[u8; 16]>::try_from(b)
                .map(Uuid::from_bytes)
                .map_err(|b| Error::mismatch("uuid", Value::Fixed(b).kind_name())),
            other => Err(Error::mismatch("uuid", other.kind_name())),
        }
    }
}

/// Without a precision and scale of its own, a decimal is a `big-decimal`.
impl AvroSchema for Decimal {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::Bytes).with_logical_type(LogicalType::BigDecimal))
    }
}

impl Encode for Decimal {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let mut inner = Vec::with_capacity(self.unscaled_bytes().len() + 6);
        binary::write_bytes(&mut inner, self.unscaled_bytes());
        binary::write_int(&mut inner, self.scale());
        binary::write_bytes(out, &inner);
        Ok(())
    }
}

impl Decode<'_> for Decimal {
    const MIN_ENCODED_SIZE: usize = 1;

    fn decode(r: &mut SliceReader<'_>) -> Result<Decimal> {
        let start = r.position();
        let bytes = r.read_bytes()?;
        r.charge_allocation(bytes.len())?;
        let mut inner = SliceReader::new(bytes);
        let parsed = (|| {
            let unscaled = inner.read_bytes()?;
            let scale = inner.read_int()?;
            if !inner.is_empty() {
                return Err(Error::invalid("bytes left after the scale"));
            }
            Ok(Decimal::from_unscaled_bytes(unscaled, scale))
        })();
        parsed.map_err(|e| Error::invalid(format!("malformed big-decimal: {}", e.kind())).at(start))
    }
}

impl ToValue for Decimal {
    fn to_value(&self) -> Value {
        Value::BigDecimal(self.clone())
    }
}

impl FromValue for Decimal {
    fn from_value(value: Value) -> Result<Decimal> {
        match unwrap_union(value) {
            Value::Decimal(d) | Value::BigDecimal(d) => Ok(d),
            other => Err(Error::mismatch("decimal", other.kind_name())),
        }
    }
}

/// The name Java Avro gives the `fixed` of its recommended duration schema.
const DURATION_NAME: &str = "time.Duration";

impl AvroSchema for Duration {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        // A constant name, valid by the naming rules (the tests build it).
        #[allow(clippy::expect_used)]
        let name = Name::new(DURATION_NAME).expect("a valid name");
        b.named(&name, "avrox::value::Duration", |_, _| {
            Node::new(Type::Fixed(Fixed::new(name.clone(), 12)))
                .with_logical_type(LogicalType::Duration)
        })
    }
}

impl Encode for Duration {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        binary::write_fixed(out, &self.to_bytes());
        Ok(())
    }
}

impl Decode<'_> for Duration {
    const MIN_ENCODED_SIZE: usize = 12;
    const FIXED_ENCODED_SIZE: Option<usize> = Some(12);

    fn decode(r: &mut SliceReader<'_>) -> Result<Duration> {
        Ok(Duration::from_bytes(r.read_fixed_array()?))
    }
}

impl ToValue for Duration {
    fn to_value(&self) -> Value {
        Value::Duration(*self)
    }
}

impl FromValue for Duration {
    fn from_value(value: Value) -> Result<Duration> {
        match unwrap_union(value) {
            Value::Duration(d) => Ok(d),
            Value::Fixed(b) => <[u8; 12]>::try_from(b)
                .map(Duration::from_bytes)
                .map_err(|b| Error::mismatch("duration", Value::Fixed(b).kind_name())),
            other => Err(Error::mismatch("duration", other.kind_name())),
        }
    }
}
