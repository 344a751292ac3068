//! [`Value`] to binary, guided by a schema.
//!
//! A value is accepted where its type is the schema's, or can be promoted
//! to it by the rules of schema resolution (an `Int` for a `long`, a `Float`
//! for a `double`, a `String` for `bytes`...). A logical type's value is
//! accepted where the underlying type is. A union accepts a `Value::Union`
//! naming its branch, or a plain value, which goes to the first branch of
//! exactly its type, else the first it can be promoted to.

use super::{Decimal, Value};
use crate::binary::{self as bin};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{LogicalType, Node, NodeId, Schema, Type, Union};

pub(super) fn encode(schema: &Schema, value: &Value, out: &mut Vec<u8>) -> Result<()> {
    write(schema, schema.root_id(), value, out)
}

/// Encodes `value` as the node `id` of `schema`.
pub(crate) fn encode_node(
    schema: &Schema,
    id: NodeId,
    value: &Value,
    out: &mut Vec<u8>,
) -> Result<()> {
    write(schema, id, value, out)
}

fn mismatch(schema: &Schema, id: NodeId, value: &Value) -> Error {
    Error::mismatch(schema.node(id).describe(), value.kind_name())
}

fn write(schema: &Schema, id: NodeId, value: &Value, out: &mut Vec<u8>) -> Result<()> {
    let node = schema.node(id);
    match (&node.ty, value) {
        (Type::Union(union), Value::Union(index, inner)) => {
            let Some(&branch) = union.variants.get(*index as usize) else {
                return Err(Error::new(ErrorKind::UnionIndex {
                    index: i64::from(*index),
                    branches: union.variants.len(),
                }));
            };
            bin::write_long(out, i64::from(*index));
            write(schema, branch, inner, out)
        }
        (Type::Union(union), value) => {
            let found = union_branch(schema, union, value)
                .and_then(|index| Some((index, *union.variants.get(index)?)));
            let Some((index, branch)) = found else {
                return Err(mismatch(schema, id, value));
            };
            bin::write_long(out, index as i64);
            write(schema, branch, value, out)
        }
        (Type::Null, Value::Null) => Ok(()),
        (Type::Boolean, Value::Boolean(b)) => {
            bin::write_bool(out, *b);
            Ok(())
        }
        (Type::Int, Value::Int(v) | Value::Date(v) | Value::TimeMillis(v)) => {
            bin::write_int(out, *v);
            Ok(())
        }
        (Type::Long, value) => match value.as_long() {
            Some(v) => {
                bin::write_long(out, v);
                Ok(())
            }
            None => Err(mismatch(schema, id, value)),
        },
        (Type::Float, Value::Float(v)) => {
            bin::write_float(out, *v);
            Ok(())
        }
        (Type::Float, Value::Int(v)) => {
            bin::write_float(out, *v as f32);
            Ok(())
        }
        (Type::Float, Value::Long(v)) => {
            bin::write_float(out, *v as f32);
            Ok(())
        }
        (Type::Double, Value::Double(v)) => {
            bin::write_double(out, *v);
            Ok(())
        }
        (Type::Double, Value::Float(v)) => {
            bin::write_double(out, f64::from(*v));
            Ok(())
        }
        (Type::Double, Value::Int(v)) => {
            bin::write_double(out, f64::from(*v));
            Ok(())
        }
        (Type::Double, Value::Long(v)) => {
            bin::write_double(out, *v as f64);
            Ok(())
        }
        (Type::Bytes, Value::Bytes(b)) => {
            bin::write_bytes(out, b);
            Ok(())
        }
        (Type::Bytes, Value::String(s)) => {
            bin::write_bytes(out, s.as_bytes());
            Ok(())
        }
        // A decimal's layout is the schema's, whichever variant holds it:
        // the unscaled bytes at the schema's scale for `decimal`, bytes and
        // scale together for `big-decimal`; plain `bytes` takes neither.
        (Type::Bytes, Value::Decimal(d) | Value::BigDecimal(d)) => match node.logical {
            Some(LogicalType::Decimal { .. }) => {
                check_decimal(node, d)?;
                bin::write_bytes(out, d.unscaled_bytes());
                Ok(())
            }
            Some(LogicalType::BigDecimal) => {
                let mut inner = Vec::with_capacity(d.unscaled_bytes().len() + 6);
                bin::write_bytes(&mut inner, d.unscaled_bytes());
                bin::write_int(&mut inner, d.scale());
                bin::write_bytes(out, &inner);
                Ok(())
            }
            _ => Err(mismatch(schema, id, value)),
        },
        (Type::String, Value::String(s)) => {
            bin::write_str(out, s);
            Ok(())
        }
        (Type::String, Value::Bytes(b)) => match std::str::from_utf8(b) {
            Ok(s) => {
                bin::write_str(out, s);
                Ok(())
            }
            Err(e) => Err(Error::new(ErrorKind::InvalidUtf8 {
                valid_up_to: e.valid_up_to(),
            })),
        },
        (Type::String, Value::Uuid(u)) => {
            bin::write_str(out, &u.to_string());
            Ok(())
        }
        (Type::Fixed(fixed), value) => {
            let bytes: Vec<u8>;
            let slice: &[u8] = match value {
                Value::Fixed(b) => b,
                Value::Uuid(u) => u.as_bytes(),
                Value::Duration(d) => {
                    bytes = d.to_bytes().to_vec();
                    &bytes
                }
                Value::Decimal(d) | Value::BigDecimal(d)
                    if matches!(node.logical, Some(LogicalType::Decimal { .. })) =>
                {
                    check_decimal(node, d)?;
                    bytes = d.to_fixed_bytes(fixed.size).ok_or_else(|| {
                        Error::invalid(format!(
                            "decimal {} needs {} bytes, more than the fixed's {}",
                            d.describe(),
                            d.unscaled_bytes().len(),
                            fixed.size
                        ))
                    })?;
                    &bytes
                }
                _ => return Err(mismatch(schema, id, value)),
            };
            if slice.len() != fixed.size {
                return Err(Error::invalid(format!(
                    "fixed '{}' holds {} bytes, the value has {}",
                    fixed.name,
                    fixed.size,
                    slice.len()
                )));
            }
            bin::write_fixed(out, slice);
            Ok(())
        }
        (Type::Enum(e), Value::Enum(_, symbol) | Value::String(symbol)) => {
            let index = match value {
                Value::Enum(i, s) if e.symbols.get(*i as usize) == Some(s) => *i as usize,
                _ => e.symbol_index(symbol).ok_or_else(|| {
                    Error::invalid(format!("'{symbol}' is not a symbol of enum '{}'", e.name))
                })?,
            };
            bin::write_int(out, index as i32);
            Ok(())
        }
        (Type::Array(items), Value::Array(values)) => {
            if let Some((item, len)) = values.as_repeated() {
                bin::write_block_len(out, len);
                // One item encoded, then copied: for the items that take
                // no bytes, which decoding repeats, no work at all.
                let start = out.len();
                write(schema, *items, item, out).map_err(|e| e.in_index(0))?;
                let end = out.len();
                if end > start {
                    for _ in 1..len {
                        out.extend_from_within(start..end);
                    }
                }
            } else if !values.is_empty() {
                bin::write_block_len(out, values.len());
                for (i, v) in values.iter().enumerate() {
                    write(schema, *items, v, out).map_err(|e| e.in_index(i))?;
                }
            }
            bin::write_block_end(out);
            Ok(())
        }
        (Type::Map(values), Value::Map(entries)) => {
            if !entries.is_empty() {
                bin::write_block_len(out, entries.len());
                for (k, v) in entries {
                    bin::write_str(out, k);
                    write(schema, *values, v, out).map_err(|e| e.in_key(k))?;
                }
            }
            bin::write_block_end(out);
            Ok(())
        }
        (Type::Record(record), Value::Record(fields)) => {
            for (position, field) in record.fields.iter().enumerate() {
                // Fields in schema order are the common case; any order works.
                let found = match fields.get(position) {
                    Some((name, v)) if *name == field.name => Some(v),
                    _ => fields
                        .iter()
                        .find(|(n, _)| *n == field.name)
                        .map(|(_, v)| v),
                };
                let Some(v) = found else {
                    return Err(Error::new(ErrorKind::MissingField(field.name.clone())));
                };
                write(schema, field.schema, v, out).map_err(|e| e.in_field(&field.name))?;
            }
            if fields.len() != record.fields.len()
                && let Some((unknown, _)) = fields.iter().find(|(n, _)| record.field(n).is_none())
            {
                return Err(Error::invalid(format!(
                    "record '{}' has no field '{unknown}'",
                    record.name
                )));
            }
            Ok(())
        }
        _ => Err(mismatch(schema, id, value)),
    }
}

/// The branch of `union` a value that is no `Value::Union` is written
/// as: the first of exactly its type, else the first it can be promoted
/// to. (The serde bridge reads such a value from the same branch.)
pub(crate) fn union_branch(schema: &Schema, union: &Union, value: &Value) -> Option<usize> {
    let pick = |exact| {
        union
            .variants
            .iter()
            .position(|&v| accepts(schema, v, value, exact))
    };
    pick(true).or_else(|| pick(false))
}

/// Checks that a decimal is written at the schema's scale, which would
/// otherwise change the number. Its digits are not checked against the
/// precision: Avro readers do not check them (Java's
/// `Conversions.DecimalConversion` reads bytes and fixed without a look at
/// the precision, and so does [`Value::decode`](crate::Value::decode)), so
/// a decimal read from the wire must write back, as Java's generic data
/// writes back the bytes it read. Java checks the precision only when it
/// converts a `BigDecimal` of the application's; avrox does so for the
/// decimal types of derived fields ([`logical`](crate::logical)).
fn check_decimal(node: &Node, d: &Decimal) -> Result<()> {
    if let Some(LogicalType::Decimal { scale, .. }) = node.logical
        && i64::from(d.scale()) != i64::from(scale)
    {
        return Err(Error::invalid(format!(
            "decimal {} has scale {}, the schema's scale is {scale}",
            d.describe(),
            d.scale()
        )));
    }
    Ok(())
}

/// Whether `value` can be written as `id`, for picking a union branch:
/// `exact` asks for the value's own type, otherwise promotions count too.
fn accepts(schema: &Schema, id: NodeId, value: &Value, exact: bool) -> bool {
    let node = schema.node(id);
    let logical = node.logical;
    let same = match (&node.ty, value) {
        (Type::Null, Value::Null) | (Type::Boolean, Value::Boolean(_)) => true,
        (Type::Int, Value::Int(_)) => logical.is_none(),
        (Type::Int, Value::Date(_)) => logical == Some(LogicalType::Date),
        (Type::Int, Value::TimeMillis(_)) => logical == Some(LogicalType::TimeMillis),
        (Type::Long, Value::Long(_)) => logical.is_none(),
        (Type::Long, v) => logical.is_some() && logical_of(v) == logical,
        (Type::Float, Value::Float(_)) | (Type::Double, Value::Double(_)) => true,
        (Type::Bytes, Value::Bytes(_)) => logical.is_none(),
        (Type::Bytes | Type::Fixed(_), Value::Decimal(d)) => match (logical, &node.ty) {
            // A decimal goes to a branch it fits: the scale, and for a fixed, the size.
            (Some(LogicalType::Decimal { scale, .. }), Type::Fixed(f)) => {
                i64::from(d.scale()) == i64::from(scale) && d.unscaled_bytes().len() <= f.size
            }
            (Some(LogicalType::Decimal { scale, .. }), _) => {
                i64::from(d.scale()) == i64::from(scale)
            }
            _ => false,
        },
        (Type::Bytes, Value::BigDecimal(_)) => logical == Some(LogicalType::BigDecimal),
        (Type::String, Value::String(_)) => logical.is_none(),
        (Type::String | Type::Fixed(_), Value::Uuid(_)) => logical == Some(LogicalType::Uuid),
        (Type::Fixed(_), Value::Duration(_)) => logical == Some(LogicalType::Duration),
        (Type::Fixed(f), Value::Fixed(b)) => b.len() == f.size,
        (Type::Enum(e), Value::Enum(_, s)) => e.symbol_index(s).is_some(),
        (Type::Array(_), Value::Array(_)) | (Type::Map(_), Value::Map(_)) => true,
        (Type::Record(r), Value::Record(fields)) => {
            fields.len() == r.fields.len()
                && r.fields
                    .iter()
                    .all(|f| fields.iter().any(|(n, _)| *n == f.name))
        }
        _ => false,
    };
    if same || exact {
        return same;
    }
    // Promotions, and logical values written as their underlying type.
    matches!(
        (&node.ty, value),
        (
            Type::Int,
            Value::Int(_) | Value::Date(_) | Value::TimeMillis(_)
        ) | (Type::Long, _)
            | (Type::Float, Value::Int(_) | Value::Long(_))
            | (
                Type::Double,
                Value::Int(_) | Value::Long(_) | Value::Float(_)
            )
            | (Type::Bytes, Value::Bytes(_) | Value::String(_))
            | (Type::String, Value::String(_) | Value::Bytes(_))
    ) && (!matches!(node.ty, Type::Long) || value.as_long().is_some())
}

fn logical_of(value: &Value) -> Option<LogicalType> {
    Some(match value {
        Value::TimeMicros(_) => LogicalType::TimeMicros,
        Value::TimestampMillis(_) => LogicalType::TimestampMillis,
        Value::TimestampMicros(_) => LogicalType::TimestampMicros,
        Value::TimestampNanos(_) => LogicalType::TimestampNanos,
        Value::LocalTimestampMillis(_) => LogicalType::LocalTimestampMillis,
        Value::LocalTimestampMicros(_) => LogicalType::LocalTimestampMicros,
        Value::LocalTimestampNanos(_) => LogicalType::LocalTimestampNanos,
        _ => return None,
    })
}
