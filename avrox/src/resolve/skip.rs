//! Skipping a writer's value that the reader has no place for, without
//! building it: by the byte sizes of array and map blocks where the writer
//! gave them, item by item otherwise.

use crate::binary::SliceReader;
use crate::error::Result;
use crate::schema::{NodeId, Schema, Type};

/// Skips one value of `schema`'s node `id`. Every length is checked against
/// the input, collections count against the reader's item limit, and
/// nesting against its depth limit, as when decoding.
pub(crate) fn skip(schema: &Schema, id: NodeId, r: &mut SliceReader<'_>) -> Result<()> {
    match &schema.node(id).ty {
        Type::Null => {}
        Type::Boolean => {
            r.read_bool()?;
        }
        Type::Int => {
            r.read_int()?;
        }
        Type::Long => {
            r.read_long()?;
        }
        Type::Float => r.skip(4)?,
        Type::Double => r.skip(8)?,
        // Skipped text is not checked for UTF-8: it is never seen.
        Type::Bytes | Type::String => {
            r.read_bytes()?;
        }
        Type::Fixed(f) => {
            r.read_fixed(f.size)?;
        }
        Type::Enum(e) => {
            r.read_enum_index(e.symbols.len())?;
        }
        Type::Union(u) => {
            let (_, branch) = r.read_branch(&u.variants)?;
            r.enter()?;
            skip(schema, *branch, r)?;
            r.leave();
        }
        Type::Record(record) => {
            r.enter()?;
            for field in &record.fields {
                skip(schema, field.schema, r).map_err(|e| e.in_field(&field.name))?;
            }
            r.leave();
        }
        Type::Array(items) => {
            r.enter()?;
            skip_blocks(r, schema.min_size(*items), |r, i| {
                skip(schema, *items, r).map_err(|e| e.in_index(i))
            })?;
            r.leave();
        }
        Type::Map(values) => {
            r.enter()?;
            skip_blocks(r, schema.min_size(*values).saturating_add(1), |r, _| {
                let key = r.read_str()?;
                skip(schema, *values, r).map_err(|e| e.in_key(key))
            })?;
            r.leave();
        }
    }
    Ok(())
}

/// Skips the blocks of an array or map: a block with a byte size is
/// stepped over whole; the items of one without are skipped one by one.
fn skip_blocks(
    r: &mut SliceReader<'_>,
    min_item_size: usize,
    mut item: impl FnMut(&mut SliceReader<'_>, usize) -> Result<()>,
) -> Result<()> {
    let mut total = 0;
    loop {
        let (count, size) = r.read_block_header(min_item_size)?;
        if count == 0 {
            return Ok(());
        }
        let first = total;
        total = r.add_collection_items(total, count)?;
        match size {
            Some(size) => r.skip(size)?,
            // Items of no size are one value: the first is read (it may
            // still fail), the rest would read nothing.
            None if min_item_size == 0 => item(r, first)?,
            None => {
                for i in first..total {
                    item(r, i)?;
                }
            }
        }
    }
}
