//! Binary to [`Value`], guided by a schema.

use std::mem::size_of;

use indexmap::IndexMap;

use super::{Array, Decimal, Duration, Uuid, Value};
use crate::binary::SliceReader;
use crate::error::{Error, Result};
use crate::schema::{LogicalType, NodeId, Schema, Type, logical_rules};

pub(crate) fn read(schema: &Schema, id: NodeId, r: &mut SliceReader<'_>) -> Result<Value> {
    let node = schema.node(id);
    let value = match &node.ty {
        Type::Null => Value::Null,
        Type::Boolean => Value::Boolean(r.read_bool()?),
        Type::Int => {
            let v = r.read_int()?;
            Value::of_int(node.logical, v)
        }
        Type::Long => {
            let v = r.read_long()?;
            Value::of_long(node.logical, v)
        }
        Type::Float => Value::Float(r.read_float()?),
        Type::Double => Value::Double(r.read_double()?),
        Type::Bytes => {
            let start = r.position();
            let bytes = r.read_bytes()?;
            // Every form copies at most these bytes; decimals count too.
            r.charge_allocation(bytes.len())?;
            match node.logical {
                Some(LogicalType::Decimal { scale, .. }) => {
                    Value::Decimal(Decimal::from_unscaled_bytes(bytes, scale_of(scale)))
                }
                Some(LogicalType::BigDecimal) => Value::BigDecimal(big_decimal(bytes, start)?),
                _ => Value::Bytes(bytes.to_vec()),
            }
        }
        Type::String => {
            let start = r.position();
            let s = r.read_str()?;
            match node.logical {
                Some(LogicalType::Uuid) => Value::Uuid(
                    s.parse::<Uuid>()
                        .map_err(|e| Error::invalid(e.to_string()).at(start))?,
                ),
                _ => {
                    r.charge_allocation(s.len())?;
                    Value::String(s.to_owned())
                }
            }
        }
        Type::Fixed(fixed) => {
            let bytes = r.read_fixed(fixed.size)?;
            match node.logical {
                Some(LogicalType::Decimal { scale, .. }) => {
                    r.charge_allocation(bytes.len())?;
                    Value::Decimal(Decimal::from_unscaled_bytes(bytes, scale_of(scale)))
                }
                // The parser gives these logical types only to fixeds of
                // their size (a built schema is parsed again), and
                // `read_fixed` returns `size` bytes.
                #[allow(clippy::expect_used)]
                Some(LogicalType::Uuid) => Value::Uuid(Uuid::from_bytes(
                    bytes.try_into().expect("uuid fixed has 16 bytes"),
                )),
                #[allow(clippy::expect_used)]
                Some(LogicalType::Duration) => Value::Duration(Duration::from_bytes(
                    bytes.try_into().expect("duration fixed has 12 bytes"),
                )),
                _ => {
                    r.charge_allocation(bytes.len())?;
                    Value::Fixed(bytes.to_vec())
                }
            }
        }
        Type::Enum(e) => {
            let (index, symbol) = r.read_symbol(&e.symbols)?;
            r.charge_allocation(symbol.len())?;
            Value::Enum(index as u32, symbol.clone())
        }
        Type::Union(u) => {
            let (index, &branch) = r.read_branch(&u.variants)?;
            r.enter()?;
            r.charge_allocation(size_of::<Value>())?;
            let inner = read(schema, branch, r)?;
            r.leave();
            Value::Union(index as u32, Box::new(inner))
        }
        Type::Record(record) => {
            r.enter()?;
            r.charge_allocation(record.fields.len() * size_of::<(String, Value)>())?;
            let mut fields = Vec::with_capacity(record.fields.len());
            for field in &record.fields {
                let value = read(schema, field.schema, r).map_err(|e| e.in_field(&field.name))?;
                r.charge_allocation(field.name.len())?;
                fields.push((field.name.clone(), value));
            }
            r.leave();
            Value::Record(fields)
        }
        Type::Array(items) => Value::Array(read_array(r, schema.min_size(*items), |r| {
            read(schema, *items, r)
        })?),
        Type::Map(values) => Value::Map(read_map(r, schema.min_size(*values), |r| {
            read(schema, *values, r)
        })?),
    };
    Ok(value)
}

/// Reads an array's blocks, each item with `item`: the one loop of every
/// `Value` decoder (with its writer's schema, or under a resolution plan),
/// so the limits are charged alike. `min_item_size` is the least an item
/// takes in the input.
///
/// Items that take no input (`min_item_size` 0: `null`, empty records and
/// records of them) are all one value, which nothing on the wire can vary:
/// the array is that value read once and a count ([`Array::repeat`]), so a
/// few bytes claiming millions of them cost one item's memory and time.
pub(crate) fn read_array(
    r: &mut SliceReader<'_>,
    min_item_size: usize,
    mut item: impl FnMut(&mut SliceReader<'_>) -> Result<Value>,
) -> Result<Array> {
    r.enter()?;
    let out = if min_item_size == 0 {
        read_repeated(r, item)?
    } else {
        let mut out = Vec::new();
        loop {
            let count = r.read_block_len(min_item_size)?;
            if count == 0 {
                break;
            }
            r.add_collection_items(out.len(), count)?;
            // Every item takes a whole `Value` in the vector (72 bytes):
            // it is charged that.
            r.reserve_block(&mut out, count, size_of::<Value>())?;
            for _ in 0..count {
                let i = out.len();
                out.push(item(r).map_err(|e| e.in_index(i))?);
            }
        }
        Array::from(out)
    };
    r.leave();
    Ok(out)
}

/// The blocks of an array of items that take no input: the first item is
/// read, the rest are counted. Each item is charged what it would hold if
/// it were written out (its [`approximate_size`]: 72 bytes for a null, a
/// default's copy for a record the reader fills from defaults), though one
/// is held: the limit bounds the value's length as it did when every item
/// was a `Value`, so whoever walks it (JSON, encoding, a copy) does work in
/// proportion to the limit; only the memory and the time of decoding are
/// saved.
fn read_repeated(
    r: &mut SliceReader<'_>,
    mut item: impl FnMut(&mut SliceReader<'_>) -> Result<Value>,
) -> Result<Array> {
    // The item, read (and charged what it allocates) with the first block,
    // and what each of its copies is charged.
    let mut first: Option<(Value, usize)> = None;
    let mut len = 0;
    loop {
        let count = r.read_block_len(0)?;
        if count == 0 {
            break;
        }
        len = r.add_collection_items(len, count)?;
        let item_size = match &first {
            Some((_, size)) => *size,
            None => {
                let value = item(r).map_err(|e| e.in_index(0))?;
                let size = approximate_size(&value);
                first = Some((value, size));
                size
            }
        };
        r.charge_allocation(count.saturating_mul(item_size))?;
    }
    Ok(match first {
        Some((value, _)) => Array::repeat(value, len),
        None => Array::new(),
    })
}

/// What one entry of a `Value::Map` really takes: its slot in the map's
/// entries (the key's hash, the key and the value), reserved exactly, and
/// its share of the hash index: a `usize` and a control byte a slot, in a
/// table at most 7/8 full once rounded up to a power of two, so under 21
/// bytes an entry (and a few bytes a map, for a small one).
pub(crate) const MAP_ENTRY_BYTES: usize = size_of::<(u64, String, Value)>() + 24;

/// Reads a map's blocks, each value with `value`; as [`read_array`].
/// `min_value_size` is the least a value takes in the input.
pub(crate) fn read_map(
    r: &mut SliceReader<'_>,
    min_value_size: usize,
    mut value: impl FnMut(&mut SliceReader<'_>) -> Result<Value>,
) -> Result<IndexMap<String, Value>> {
    r.enter()?;
    // Each entry is at least a key length and a value.
    let min = min_value_size.saturating_add(1);
    let mut out = IndexMap::new();
    let mut total = 0;
    loop {
        let count = r.read_block_len(min)?;
        if count == 0 {
            break;
        }
        total = r.add_collection_items(total, count)?;
        r.charge_allocation(count.saturating_mul(MAP_ENTRY_BYTES))?;
        // Exactly: `reserve` would round the entries up to the index's
        // capacity, up to twice what was charged.
        out.try_reserve_exact(count)
            .map_err(|_| r.allocation_refused(count.saturating_mul(MAP_ENTRY_BYTES)))?;
        for _ in 0..count {
            let key = r.read_str()?;
            r.charge_allocation(key.len())?;
            let entry = value(r).map_err(|e| e.in_key(key))?;
            out.insert(key.to_owned(), entry);
        }
    }
    r.leave();
    Ok(out)
}

/// The bytes a copy of `value` allocates, and the value itself: an upper
/// bound, for the allocation limit.
pub(crate) fn approximate_size(value: &Value) -> usize {
    size_of::<Value>()
        + match value {
            Value::Bytes(b) | Value::Fixed(b) => b.len(),
            Value::String(s) | Value::Enum(_, s) => s.len(),
            Value::Decimal(d) | Value::BigDecimal(d) => d.unscaled_bytes().len(),
            Value::Record(fields) => fields
                .iter()
                .map(|(n, v)| size_of::<String>() + n.len() + approximate_size(v))
                .sum(),
            // A copy of a repeated array copies its one item.
            Value::Array(items) => match items.as_repeated() {
                Some((item, _)) => size_of::<Value>() + approximate_size(item),
                None => items.iter().map(approximate_size).sum(),
            },
            // A copied map takes its original's index table, and entries
            // up to that table's capacity: at most twice the entries, and
            // seven for a small map.
            Value::Map(entries) => {
                7 * MAP_ENTRY_BYTES
                    + entries
                        .iter()
                        .map(|(k, v)| 2 * MAP_ENTRY_BYTES + k.len() + approximate_size(v))
                        .sum::<usize>()
            }
            Value::Union(_, inner) => approximate_size(inner),
            _ => 0,
        }
}

/// Decimal scales fit in a `u32` in the schema; a scale beyond `i32` cannot
/// describe a real number and is clamped (it only affects printing).
fn scale_of(scale: u32) -> i32 {
    i32::try_from(scale).unwrap_or(i32::MAX)
}

/// A big-decimal from the bytes that hold it (the rule is the schema's:
/// [`big_decimal_parts`](logical_rules::big_decimal_parts)), placed at
/// `start`.
fn big_decimal(bytes: &[u8], start: usize) -> Result<Decimal> {
    let (unscaled, scale) = logical_rules::big_decimal_parts(bytes).map_err(|e| e.at(start))?;
    Ok(Decimal::from_unscaled_bytes(unscaled, scale))
}
