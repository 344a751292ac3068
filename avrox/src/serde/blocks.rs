//! The items of an array, or the entries of a map, handed to serde block
//! by block. The plain and the resolving deserializers read blocks alike
//! (counts checked against the input, every item charged, errors placed
//! by index or key) and differ only in what reads one item: the plain
//! deserializer on the items' node, or the plan's step for them.
//! [`ValueDe`](super::value_de::ValueDe) has no blocks, only the values
//! of an array or map already read, and keeps its own accesses. The
//! deserializers name this file, not it them: what reads an item comes
//! in as a [`ReadItem`].

use std::mem::size_of;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess};

use crate::binary::{MIN_ITEM_CHARGE, SliceReader};
use crate::error::{Error, Result};

/// What an item of an array is charged, at least its size twice: what
/// serde's `Vec` holds for it at most, since it starts empty (the hint
/// [`Blocks`] gives before the first block is 0) and doubles as it grows.
/// Its old buffer, beside the new one while it grows, is the slack
/// [`Limits`](crate::binary::Limits) documents, as for avrox's own
/// vectors. At least [`MIN_ITEM_CHARGE`], for items of no size (see
/// there).
fn seq_item_charge<T>() -> usize {
    (2 * size_of::<T>()).max(MIN_ITEM_CHARGE)
}

/// What a key or value of a map is charged, at least its size four times:
/// serde's maps grow as they please, and the worst of them, a hash map,
/// holds up to 16/7 of its entries' slots and, while it grows, the old
/// table beside the new one (8/7 more). At least [`MIN_ITEM_CHARGE`].
fn map_item_charge<T>() -> usize {
    (4 * size_of::<T>()).max(MIN_ITEM_CHARGE)
}

/// What reads one item of an array or one value of a map, and the
/// reader it reads from.
pub(super) trait ReadItem<'de> {
    fn reader(&mut self) -> &mut SliceReader<'de>;
    fn read<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value>;
}

/// Where an array's or a map's blocks are: how many items are left in
/// the current block and how many came before, for the item limit and
/// the paths.
struct BlockCount {
    /// The fewest bytes an item takes (a map's key included), to refuse a
    /// count the input cannot hold.
    min: usize,
    /// Items left in the current block.
    left: usize,
    /// Items so far.
    count: usize,
    done: bool,
}

impl BlockCount {
    #[inline]
    fn new(min: usize) -> Self {
        BlockCount {
            min,
            left: 0,
            count: 0,
            done: false,
        }
    }

    /// Whether another item follows, reading the next block's header when
    /// the current one is used up.
    #[inline]
    fn more(&mut self, r: &mut SliceReader<'_>) -> Result<bool> {
        if self.left == 0 {
            if self.done {
                return Ok(false);
            }
            let n = r.read_block_len(self.min)?;
            if n == 0 {
                self.done = true;
                return Ok(false);
            }
            r.add_collection_items(self.count, n)?;
            self.left = n;
        }
        self.left -= 1;
        self.count += 1;
        Ok(true)
    }
}

/// The items of an array, or the entries of a map, block by block, each
/// item read by `items`.
pub(super) struct Blocks<'de, I> {
    pub(super) items: I,
    blocks: BlockCount,
    key: &'de str,
}

impl<'de, I: ReadItem<'de>> Blocks<'de, I> {
    /// `min` is the fewest bytes an item takes, a map's key included.
    #[inline]
    pub(super) fn new(items: I, min: usize) -> Self {
        Blocks {
            items,
            blocks: BlockCount::new(min),
            key: "",
        }
    }

    /// Whether another item follows (counted as read).
    #[inline]
    pub(super) fn more(&mut self) -> Result<bool> {
        self.blocks.more(self.items.reader())
    }

    #[inline]
    fn item<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        let start = self.items.reader().position();
        self.items.read(seed).map_err(|e| e.at(start))
    }
}

impl<'de, I: ReadItem<'de>> SeqAccess<'de> for Blocks<'de, I> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.more()? {
            return Ok(None);
        }
        // The Rust value an item becomes: items that take no bytes (nulls,
        // empty records) would otherwise make values of any size from none.
        self.items
            .reader()
            .charge_allocation(seq_item_charge::<T::Value>())?;
        let index = self.blocks.count - 1;
        self.item(seed).map(Some).map_err(|e| e.in_index(index))
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        Some(self.blocks.left)
    }
}

impl<'de, I: ReadItem<'de>> MapAccess<'de> for Blocks<'de, I> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.more()? {
            return Ok(None);
        }
        let r = self.items.reader();
        r.charge_allocation(map_item_charge::<K::Value>())?;
        self.key = r.read_str()?;
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(self.key))
            .map(Some)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.items
            .reader()
            .charge_allocation(map_item_charge::<V::Value>())?;
        let key = self.key;
        self.item(seed).map_err(|e| e.in_key(key))
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        Some(self.blocks.left)
    }
}
