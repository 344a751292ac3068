//! Room for the items of an array, within the reader's allocation limit.

use super::SliceReader;
use crate::error::{Error, ErrorKind, Limit, Result};

/// The least an item is charged, whatever its size: an item of no size
/// (`()`, an empty struct) allocates nothing, but reading it is still work,
/// and a datum's items stay in proportion to its allocation limit only if
/// each costs something. Its real memory is what [`reserve_block`]
/// reserves: none.
///
/// [`reserve_block`]: SliceReader::reserve_block
pub(crate) const MIN_ITEM_CHARGE: usize = 16;

impl SliceReader<'_> {
    /// Charges a block of `count` items at `item_charge` bytes each (at
    /// least their size), then makes room for them in `items`, so that the
    /// vector never grows past what was charged.
    ///
    /// The vector's whole capacity stays charged, and each item's charge
    /// beyond its size is charged when it comes: room reserved ahead is
    /// paid for once, when reserved, not again when items fill it. So an
    /// array costs the same in one block or many, but for the room the last
    /// growth left empty.
    ///
    /// The first block is reserved exactly. A later one that needs more
    /// room doubles the vector at least, so an array sent in many small
    /// blocks copies itself a logarithmic number of times, but never past
    /// what the limit can still fill with items. The old buffer, which a
    /// reallocation may copy from while the new one exists, is freed at
    /// once, so it is not kept charged: the growth is chosen so it fits in
    /// what is left when it can, and otherwise (the array nearly fills the
    /// limit) it is the slack the limit documents.
    pub(crate) fn reserve_block<T>(
        &mut self,
        items: &mut Vec<T>,
        count: usize,
        item_charge: usize,
    ) -> Result<()> {
        let size = size_of::<T>();
        debug_assert!(item_charge >= size);
        let beyond_size = item_charge - size;
        self.charge_allocation(count.saturating_mul(beyond_size))?;
        let needed = items.len().saturating_add(count);
        let old = items.capacity();
        // A vector of items of no size never allocates (its capacity is
        // `usize::MAX`), so it never gets here.
        if needed <= old {
            return Ok(());
        }
        let new = self.grown_capacity(old, needed, size, item_charge);
        self.charge_allocation((new - old).saturating_mul(size))?;
        items
            .try_reserve_exact(new - items.len())
            .map_err(|_| self.allocation_refused(new.saturating_mul(size)))
    }

    /// The capacity a vector of `old` grows to for `needed` items of
    /// `size` bytes: doubled (exactly `needed` for the first block), but no
    /// more than the items the limit can still pay for, so that filling the
    /// room never fails where one block would not; and no more than lets
    /// the old buffer fit beside the new one, if `needed` still does.
    /// Below `needed` only when `needed` itself is past the limit, which
    /// charging it then reports.
    fn grown_capacity(&self, old: usize, needed: usize, size: usize, item_charge: usize) -> usize {
        let wanted = if old == 0 {
            needed
        } else {
            needed.max(old.saturating_mul(2))
        };
        let left = self.allocation_left();
        // The room past `needed` costs `item_charge` an item (its buffer
        // and, when filled, the rest of its charge); up to `needed` the
        // block's items paid all but the buffer beyond `old`.
        let to_needed = (needed - old).saturating_mul(size);
        let Some(spare_budget) = left.checked_sub(to_needed) else {
            return needed;
        };
        let affordable = needed.saturating_add(spare_budget / item_charge.max(1));
        let new = wanted.min(affordable);
        // The old buffer beside the new one: `new * size` must fit in
        // `left` (the old buffer is charged already).
        let with_copy = left / size.max(1);
        if new <= with_copy || with_copy < needed {
            new
        } else {
            with_copy
        }
    }

    /// The error of an allocation of `bytes` that the system refused
    /// (beyond what `usize` counts, or more than it has): only possible
    /// under [`Limits::unlimited`](super::Limits::unlimited) or a limit
    /// above the machine's memory.
    #[cold]
    pub(crate) fn allocation_refused(&self, bytes: usize) -> Error {
        Error::new(ErrorKind::LimitExceeded {
            limit: Limit::Allocation,
            max: self.limits().allocation() as u64,
            requested: bytes as u64,
        })
        .at(self.position())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Limits;

    fn reader(limit: usize) -> SliceReader<'static> {
        SliceReader::with_limits(&[], Limits::default().max_allocation(limit))
    }

    #[test]
    fn the_first_block_is_reserved_exactly_and_charged() {
        let mut r = reader(1000);
        let mut items: Vec<u64> = Vec::new();
        r.reserve_block(&mut items, 100, 8).unwrap();
        assert_eq!(items.capacity(), 100);
        // 800 charged: 25 more items fit, 26 do not.
        assert!(
            reader(799)
                .reserve_block(&mut Vec::<u64>::new(), 100, 8)
                .is_err()
        );
        let mut rest: Vec<u64> = Vec::new();
        r.reserve_block(&mut rest, 25, 8).unwrap();
        assert!(r.reserve_block(&mut Vec::<u64>::new(), 1, 8).is_err());
    }

    #[test]
    fn growing_charges_the_new_room_once() {
        let mut r = reader(usize::MAX);
        let mut items: Vec<u64> = Vec::new();
        r.reserve_block(&mut items, 10, 8).unwrap();
        items.extend(0..10);
        // 10 more: the vector doubles to 20 exactly: 80 for the new room.
        let before = r.allocation_left();
        r.reserve_block(&mut items, 10, 8).unwrap();
        assert_eq!(items.capacity(), 20);
        assert_eq!(before - r.allocation_left(), 80);
        items.extend(0..10);
        // 1 more: 40 of room, the 20 new slots charged now...
        let before = r.allocation_left();
        r.reserve_block(&mut items, 1, 8).unwrap();
        items.extend(0..1);
        assert_eq!(items.capacity(), 40);
        assert_eq!(before - r.allocation_left(), 8 * 20);
        // ...and not again when items fill them.
        let before = r.allocation_left();
        r.reserve_block(&mut items, 19, 8).unwrap();
        assert_eq!(items.capacity(), 40);
        assert_eq!(before - r.allocation_left(), 0);
    }

    /// Reads `total` items in blocks of `block` under `limit`, as a
    /// decoder does: whether they fit.
    fn fits_in_blocks(limit: usize, total: usize, block: usize, item_charge: usize) -> bool {
        let mut r = reader(limit);
        let mut items: Vec<[u64; 2]> = Vec::new();
        let mut read = 0;
        while read < total {
            let count = block.min(total - read);
            if r.reserve_block(&mut items, count, item_charge).is_err() {
                return false;
            }
            assert!(items.capacity() >= items.len() + count);
            items.extend((0..count).map(|_| [0, 0]));
            read += count;
        }
        true
    }

    #[test]
    fn many_blocks_fit_where_one_does() {
        for item_charge in [16, 24, 40] {
            let limit = 1000 * item_charge;
            for block in [1, 3, 100, 999, 1000] {
                assert!(
                    fits_in_blocks(limit, 1000, block, item_charge),
                    "blocks of {block}, {item_charge} an item"
                );
                assert!(
                    !fits_in_blocks(limit - 1, 1000, block, item_charge),
                    "blocks of {block}, {item_charge} an item, a byte less"
                );
            }
        }
    }

    #[test]
    fn growth_leaves_room_for_the_old_buffer_when_it_can() {
        fn grown(limit: usize) -> (usize, usize) {
            let mut r = reader(limit);
            let mut items: Vec<[u64; 2]> = Vec::new();
            r.reserve_block(&mut items, 10, 16).unwrap();
            items.extend((0..10).map(|_| [0, 0]));
            r.reserve_block(&mut items, 5, 16).unwrap();
            (items.capacity(), r.allocation_left())
        }
        // 10 items take 160 bytes; 5 more double them to 20 (320), with
        // the old 160 beside: 480 bytes at once.
        assert_eq!(grown(480), (20, 160));
        // Under 450 the vector grows to what leaves the old buffer room:
        // (450 - 160) / 16 = 18 items.
        assert_eq!(grown(450), (18, 162));
        // Under 380 even the 15 needed leave it none: the vector doubles
        // anyway (the limit can fill it), the copy being the slack
        // `Limits` documents.
        assert_eq!(grown(380), (20, 60));
    }

    #[test]
    fn items_of_no_size_cost_their_charge_and_no_memory() {
        let mut r = reader(16 * 1000);
        let mut items: Vec<()> = Vec::new();
        r.reserve_block(&mut items, 1000, MIN_ITEM_CHARGE).unwrap();
        assert!(r.reserve_block(&mut items, 1, MIN_ITEM_CHARGE).is_err());
    }

    #[test]
    fn a_reservation_the_system_refuses_is_an_error() {
        let mut r = SliceReader::with_limits(&[], Limits::unlimited());
        let err = r
            .reserve_block(&mut Vec::<u64>::new(), usize::MAX / 4, 8)
            .unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: Limit::Allocation,
                ..
            }
        ));
    }
}
