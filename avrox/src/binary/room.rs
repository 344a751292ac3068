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
    /// The first block is reserved exactly. A later one that needs more
    /// room doubles the vector at least, so an array sent in many small
    /// blocks does not copy itself for each, and is charged for what that
    /// costs beyond its items: the spare room, and the old buffer, which a
    /// reallocation may copy from while the new one exists.
    pub(crate) fn reserve_block<T>(
        &mut self,
        items: &mut Vec<T>,
        count: usize,
        item_charge: usize,
    ) -> Result<()> {
        let size = size_of::<T>();
        debug_assert!(item_charge >= size);
        self.charge_allocation(count.saturating_mul(item_charge))?;
        let needed = items.len().saturating_add(count);
        let old = items.capacity();
        // A vector of items of no size never allocates (its capacity is
        // `usize::MAX`), so it never gets here.
        if needed <= old {
            return Ok(());
        }
        let new = if old == 0 {
            needed
        } else {
            needed.max(old.saturating_mul(2))
        };
        let growth = (new - needed).saturating_add(old);
        self.charge_allocation(growth.saturating_mul(size))?;
        items
            .try_reserve_exact(new - items.len())
            .map_err(|_| self.allocation_refused(new.saturating_mul(size)))
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
    fn growing_charges_the_spare_room_and_the_old_buffer() {
        let mut r = reader(usize::MAX);
        let mut items: Vec<u64> = Vec::new();
        r.reserve_block(&mut items, 10, 8).unwrap();
        items.extend(0..10);
        // 10 more: the vector doubles to 20 exactly: 80 for the items,
        // 80 for the old buffer.
        let before = r.allocation_left_for_tests();
        r.reserve_block(&mut items, 10, 8).unwrap();
        assert_eq!(items.capacity(), 20);
        assert_eq!(before - r.allocation_left_for_tests(), 160);
        items.extend(0..10);
        // 1 more: 40 of room, 19 spare, 20 old.
        let before = r.allocation_left_for_tests();
        r.reserve_block(&mut items, 1, 8).unwrap();
        assert_eq!(items.capacity(), 40);
        assert_eq!(before - r.allocation_left_for_tests(), 8 * (1 + 19 + 20));
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
