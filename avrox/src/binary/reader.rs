//! Reading the binary encoding from a slice.

use super::Limits;
use crate::error::{BlockCountProblem, Error, ErrorKind, Limit, Result};

/// Reads Avro's binary primitives from a byte slice, lending out borrowed
/// `&str` and `&[u8]` where the caller can keep them.
///
/// Every length and count is checked against the bytes that remain before
/// anything is allocated, and against the reader's [`Limits`]; an error
/// carries the byte offset where the failing item starts.
///
/// A hand-written [`Decode`](crate::Decode) reads its parts with the
/// `read_*` methods, or with the `Decode` of the types it is made of: the
/// impls of strings, collections, `Option` and boxes keep the reader's
/// limits on allocation, collection items and nesting, so composing them
/// keeps those limits too.
///
/// ```
/// use avrox::binary::SliceReader;
///
/// // The spec's example record {"a": 27, "b": "foo"} is 36 06 66 6f 6f.
/// let mut r = SliceReader::new(&[0x36, 0x06, 0x66, 0x6f, 0x6f]);
/// assert_eq!(r.read_long().unwrap(), 27);
/// assert_eq!(r.read_str().unwrap(), "foo");
/// assert!(r.is_empty());
///
/// // Ten bytes that claim a string of 2^62 bytes fail at once.
/// let hostile = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00];
/// assert!(SliceReader::new(&hostile).read_str().is_err());
/// ```
#[derive(Debug, Clone)]
pub struct SliceReader<'a> {
    /// The whole input, for offsets.
    input: &'a [u8],
    /// The bytes not read yet: a suffix of `input`. Kept as a slice rather
    /// than an offset, so that taking bytes is one length check.
    rest: &'a [u8],
    limits: Limits,
    /// Bytes the current datum may still allocate.
    allocation_left: usize,
    depth: usize,
}

impl<'a> SliceReader<'a> {
    /// A reader over `input` with the default [`Limits`].
    pub fn new(input: &'a [u8]) -> SliceReader<'a> {
        SliceReader::with_limits(input, Limits::default())
    }

    /// A reader over `input` with the given limits.
    pub fn with_limits(input: &'a [u8], limits: Limits) -> SliceReader<'a> {
        SliceReader {
            input,
            rest: input,
            limits,
            allocation_left: limits.allocation(),
            depth: 0,
        }
    }

    /// Starts a new datum: the allocation budget is per datum.
    pub(crate) fn begin_datum(&mut self) {
        self.allocation_left = self.limits.allocation();
        self.depth = 0;
    }

    /// The offset of the next byte to read.
    pub fn position(&self) -> usize {
        self.input.len() - self.rest.len()
    }

    /// The offset at which `rest_len` bytes were left: readers note
    /// `rest.len()` where an item starts (one load) and turn it into an
    /// offset only for an error.
    fn offset(&self, rest_len: usize) -> usize {
        self.input.len() - rest_len
    }

    /// The number of bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Takes `n` bytes, or fails saying what they were for.
    #[inline]
    fn take(&mut self, n: usize, what: impl FnOnce() -> String) -> Result<&'a [u8]> {
        match self.rest.split_at_checked(n) {
            Some((taken, rest)) => {
                self.rest = rest;
                Ok(taken)
            }
            None => Err(self.eof(what)),
        }
    }

    /// Takes `N` bytes as an array, or fails saying what they were for.
    #[inline(always)]
    fn take_array<const N: usize>(&mut self, what: impl FnOnce() -> String) -> Result<[u8; N]> {
        match self.rest.split_first_chunk::<N>() {
            Some((&taken, rest)) => {
                self.rest = rest;
                Ok(taken)
            }
            None => Err(self.eof(what)),
        }
    }

    /// The error of input that ends before what `what` names. Out of line
    /// and cold, so that the readers that inline `take` stay small enough
    /// to be inlined in turn (into derived decoders).
    #[cold]
    #[inline(never)]
    fn eof(&self, what: impl FnOnce() -> String) -> Error {
        Error::eof(what(), self.remaining(), self.position())
    }

    /// Reads a varint of at most `MAX` bytes, without zig-zag decoding.
    ///
    /// Only the one-byte case is inlined: it is most varints (lengths,
    /// union and enum indexes, small numbers), and keeping the callers
    /// small lets them inline into derived decoders.
    #[inline(always)]
    fn read_varint<const MAX: usize>(&mut self) -> Result<u64> {
        if let Some((&b, rest)) = self.rest.split_first()
            && b < 0x80
        {
            self.rest = rest;
            return Ok(u64::from(b));
        }
        self.read_varint_multi::<MAX>()
    }

    /// A varint of two bytes or more, or at the end of the input.
    #[inline(never)]
    fn read_varint_multi<const MAX: usize>(&mut self) -> Result<u64> {
        let rest = self.rest;
        // With MAX bytes in hand the loop needs no bounds checks, and it
        // unrolls: timestamps and other large longs are 8 to 10 bytes.
        if let Some(bytes) = rest.first_chunk::<MAX>() {
            let mut value = 0u64;
            for (i, &b) in bytes.iter().enumerate() {
                if i == 9 && b > 1 {
                    break;
                }
                value |= u64::from(b & 0x7f) << (7 * i);
                if b < 0x80 {
                    // `bytes` is the first MAX bytes of `rest` and i < MAX.
                    #[allow(clippy::indexing_slicing)]
                    let after = &rest[i + 1..];
                    self.rest = after;
                    return Ok(value);
                }
            }
            return Err(Error::new(ErrorKind::VarintTooLong).at(self.position()));
        }
        self.read_varint_slow(MAX)
    }

    /// The varint reader near the end of the input, checking every byte.
    #[cold]
    fn read_varint_slow(&mut self, max_bytes: usize) -> Result<u64> {
        let start = self.rest.len();
        let mut value = 0u64;
        for i in 0..max_bytes {
            let Some((&b, rest)) = self.rest.split_first() else {
                return Err(Error::eof("a varint", start, self.offset(start)));
            };
            self.rest = rest;
            // The tenth byte of a long has room for one bit only.
            if i == 9 && b > 1 {
                return Err(Error::new(ErrorKind::VarintTooLong).at(self.offset(start)));
            }
            value |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err(Error::new(ErrorKind::VarintTooLong).at(self.offset(start)))
    }

    /// Reads a zig-zag varint `long`.
    #[inline]
    pub fn read_long(&mut self) -> Result<i64> {
        let z = self.read_varint::<10>()?;
        Ok(((z >> 1) as i64) ^ -((z & 1) as i64))
    }

    /// Reads a zig-zag varint `int`: at most 5 bytes, and within 32 bits.
    #[inline]
    pub fn read_int(&mut self) -> Result<i32> {
        let start = self.rest.len();
        let z = self.read_varint::<5>()?;
        let v = ((z >> 1) as i64) ^ -((z & 1) as i64);
        match i32::try_from(v) {
            Ok(v) => Ok(v),
            Err(_) => Err(int_out_of_range(v, self.offset(start))),
        }
    }

    /// Reads a boolean: one byte, 0 or 1.
    #[inline]
    pub fn read_bool(&mut self) -> Result<bool> {
        let start = self.rest.len();
        let [b] = self.take_array(|| "a boolean".into())?;
        match b {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(Error::new(ErrorKind::InvalidBoolean(b)).at(self.offset(start))),
        }
    }

    /// Reads a float: 4 bytes, little-endian.
    #[inline]
    pub fn read_float(&mut self) -> Result<f32> {
        Ok(f32::from_le_bytes(
            self.take_array(|| "a float (4 bytes)".into())?,
        ))
    }

    /// Reads a double: 8 bytes, little-endian.
    #[inline]
    pub fn read_double(&mut self) -> Result<f64> {
        Ok(f64::from_le_bytes(
            self.take_array(|| "a double (8 bytes)".into())?,
        ))
    }

    /// Reads the length of `bytes` or a string and takes that many bytes.
    #[inline]
    fn read_length_prefixed(&mut self, what: &'static str) -> Result<&'a [u8]> {
        let start = self.rest.len();
        let len = self.read_long()?;
        if len < 0 {
            return Err(Error::new(ErrorKind::NegativeLength(len)).at(self.offset(start)));
        }
        let remaining = self.remaining();
        if len as u64 > remaining as u64 {
            return Err(Error::eof(
                format!("{what} of {len} bytes"),
                remaining,
                self.offset(start),
            ));
        }
        let len = len as usize;
        let (bytes, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(bytes)
    }

    /// Reads `bytes`, borrowed from the input.
    #[inline]
    pub fn read_bytes(&mut self) -> Result<&'a [u8]> {
        self.read_length_prefixed("a byte string")
    }

    /// Reads a string, borrowed from the input and checked as UTF-8.
    #[inline]
    pub fn read_str(&mut self) -> Result<&'a str> {
        let start = self.rest.len();
        let bytes = self.read_length_prefixed("a string")?;
        std::str::from_utf8(bytes).map_err(|e| {
            Error::new(ErrorKind::InvalidUtf8 {
                valid_up_to: e.valid_up_to(),
            })
            .at(self.offset(start))
        })
    }

    /// Reads a fixed of `size` bytes, borrowed from the input.
    #[inline]
    pub fn read_fixed(&mut self, size: usize) -> Result<&'a [u8]> {
        self.take(size, || format!("a fixed of {size} bytes"))
    }

    /// Reads a union branch index and checks it against the number of
    /// branches.
    #[inline]
    pub fn read_union_index(&mut self, branches: usize) -> Result<usize> {
        let start = self.rest.len();
        let index = self.read_long()?;
        if index < 0 || index as u64 >= branches as u64 {
            return Err(
                Error::new(ErrorKind::UnionIndex { index, branches }).at(self.offset(start))
            );
        }
        Ok(index as usize)
    }

    /// Reads a union branch index and returns it with the branch it
    /// selects: an index past `branches` is an error, never a panic.
    #[inline]
    pub(crate) fn read_branch<'s, T>(&mut self, branches: &'s [T]) -> Result<(usize, &'s T)> {
        let start = self.rest.len();
        let index = self.read_long()?;
        let found = usize::try_from(index)
            .ok()
            .and_then(|i| Some((i, branches.get(i)?)));
        found.ok_or_else(|| {
            Error::new(ErrorKind::UnionIndex {
                index,
                branches: branches.len(),
            })
            .at(self.offset(start))
        })
    }

    /// Reads an enum index and returns it with the symbol it selects: an
    /// index past `symbols` is an error, never a panic.
    #[inline]
    pub(crate) fn read_symbol<'s, S>(&mut self, symbols: &'s [S]) -> Result<(usize, &'s S)> {
        let start = self.rest.len();
        let index = i64::from(self.read_int()?);
        let found = usize::try_from(index)
            .ok()
            .and_then(|i| Some((i, symbols.get(i)?)));
        found.ok_or_else(|| {
            Error::new(ErrorKind::EnumIndex {
                index,
                symbols: symbols.len(),
            })
            .at(self.offset(start))
        })
    }

    /// Reads a fixed of `N` bytes as an array.
    #[inline]
    pub(crate) fn read_fixed_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        self.take_array(|| format!("a fixed of {N} bytes"))
    }

    /// Reads an enum index and checks it against the number of symbols.
    #[inline]
    pub fn read_enum_index(&mut self, symbols: usize) -> Result<usize> {
        let start = self.rest.len();
        let index = i64::from(self.read_int()?);
        if index < 0 || index as u64 >= symbols as u64 {
            return Err(Error::new(ErrorKind::EnumIndex { index, symbols }).at(self.offset(start)));
        }
        Ok(index as usize)
    }

    /// Reads an array or map block header and returns the number of items in
    /// the block; 0 ends the array or map.
    ///
    /// A negative count is followed by the block's size in bytes, which is
    /// checked and then not needed. `min_item_size` is a lower bound on the
    /// bytes of one item (see the schema); a count whose items could not fit
    /// in the rest of the input is rejected before any item is read.
    #[inline]
    pub fn read_block_len(&mut self, min_item_size: usize) -> Result<usize> {
        Ok(self.read_block_header(min_item_size)?.0)
    }

    /// Like [`read_block_len`](Self::read_block_len), and also returns the
    /// block's byte size when the writer gave one, for skipping the block.
    pub(crate) fn read_block_header(
        &mut self,
        min_item_size: usize,
    ) -> Result<(usize, Option<usize>)> {
        let start = self.rest.len();
        let count = self.read_long()?;
        let (count, size) = if count >= 0 {
            (count, None)
        } else {
            let count = count.checked_neg().ok_or_else(|| {
                Error::new(ErrorKind::InvalidBlockCount {
                    count,
                    problem: BlockCountProblem::CannotNegate,
                })
                .at(self.offset(start))
            })?;
            let size_at = self.position();
            let size = self.read_long()?;
            if size < 0 {
                return Err(Error::new(ErrorKind::NegativeLength(size)).at(size_at));
            }
            if size as u64 > self.remaining() as u64 {
                return Err(Error::eof(
                    format!("a block of {size} bytes"),
                    self.remaining(),
                    size_at,
                ));
            }
            (count, Some(size as usize))
        };
        let fits = (count as u64)
            .checked_mul(min_item_size as u64)
            .is_some_and(|needed| needed <= self.remaining() as u64);
        if !fits || count as u64 > usize::MAX as u64 {
            return Err(Error::new(ErrorKind::InvalidBlockCount {
                count,
                problem: BlockCountProblem::DoesNotFit,
            })
            .at(self.offset(start)));
        }
        Ok((count as usize, size))
    }

    /// Checks that a collection which had `so_far` items may take `more`,
    /// and returns the new total.
    #[inline]
    pub(crate) fn add_collection_items(&self, so_far: usize, more: usize) -> Result<usize> {
        let Some(total) = so_far.checked_add(more) else {
            return Err(Error::new(ErrorKind::InvalidBlockCount {
                count: i64::try_from(more).unwrap_or(i64::MAX),
                problem: BlockCountProblem::TotalOverflows,
            })
            .at(self.position()));
        };
        if total > self.limits.collection_items() {
            return Err(Error::new(ErrorKind::LimitExceeded {
                limit: Limit::CollectionItems,
                max: self.limits.collection_items() as u64,
                requested: total as u64,
            })
            .at(self.position()));
        }
        Ok(total)
    }

    /// Accounts for `bytes` the current datum is about to allocate, failing
    /// when that would pass the allocation limit.
    #[inline]
    pub(crate) fn charge_allocation(&mut self, bytes: usize) -> Result<()> {
        match self.allocation_left.checked_sub(bytes) {
            Some(left) => {
                self.allocation_left = left;
                Ok(())
            }
            None => Err(Error::new(ErrorKind::LimitExceeded {
                limit: Limit::Allocation,
                max: self.limits.allocation() as u64,
                requested: ((self.limits.allocation() - self.allocation_left) as u64)
                    .saturating_add(bytes as u64),
            })
            .at(self.position())),
        }
    }

    /// What the current datum may still allocate, in bytes.
    #[inline]
    pub(crate) fn allocation_left(&self) -> usize {
        self.allocation_left
    }

    /// The reader's limits.
    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    /// Enters a nested record, array, map or union; fails past the depth
    /// limit. Pair with [`leave`](Self::leave).
    #[inline]
    pub(crate) fn enter(&mut self) -> Result<()> {
        if self.depth >= self.limits.depth() {
            return Err(Error::new(ErrorKind::LimitExceeded {
                limit: Limit::Depth,
                max: self.limits.depth() as u64,
                requested: self.depth as u64 + 1,
            })
            .at(self.position()));
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves a nested value entered with [`enter`](Self::enter).
    #[inline]
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Skips `n` bytes.
    pub fn skip(&mut self, n: usize) -> Result<()> {
        self.take(n, || format!("{n} bytes to skip")).map(|_| ())
    }
}

/// The error of an `int` whose value needs more than 32 bits. Cold and out
/// of line, as [`SliceReader::eof`] is.
#[cold]
#[inline(never)]
fn int_out_of_range(v: i64, start: usize) -> Error {
    Error::new(ErrorKind::IntOutOfRange(v)).at(start)
}

/// The error of bytes left after a datum that should fill its input.
pub(crate) fn expect_end(reader: &SliceReader<'_>) -> Result<()> {
    if reader.is_empty() {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::TrailingBytes(reader.remaining())).at(reader.position()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(bytes: &[u8]) -> Result<i64> {
        SliceReader::new(bytes).read_long()
    }

    #[test]
    fn spec_varints() {
        for (value, bytes) in [
            (0i64, &[0x00][..]),
            (-1, &[0x01]),
            (1, &[0x02]),
            (-2, &[0x03]),
            (2, &[0x04]),
            (-64, &[0x7f]),
            (64, &[0x80, 0x01]),
        ] {
            assert_eq!(long(bytes).unwrap(), value, "{bytes:02x?}");
        }
    }

    #[test]
    fn extreme_longs() {
        let max = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(long(&max).unwrap(), i64::MAX);
        let min = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(long(&min).unwrap(), i64::MIN);
        // Non-minimal encodings within ten bytes are accepted, as Java does.
        assert_eq!(long(&[0x80, 0x00]).unwrap(), 0);
    }

    #[test]
    fn overlong_varints_are_errors() {
        let eleven = [0x80; 11];
        assert_eq!(long(&eleven).unwrap_err().kind(), &ErrorKind::VarintTooLong);
        let bits_past_64 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(
            long(&bits_past_64).unwrap_err().kind(),
            &ErrorKind::VarintTooLong
        );
        let six_byte_int = [0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
        let err = SliceReader::new(&six_byte_int).read_int().unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::VarintTooLong);
        // 2^31 as zig-zag: does not fit an int.
        let too_big = [0x80, 0x80, 0x80, 0x80, 0x10];
        let err = SliceReader::new(&too_big).read_int().unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::IntOutOfRange(1 << 31));
    }

    #[test]
    fn truncated_varint() {
        let err = long(&[0x80, 0x80]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::UnexpectedEof { .. }));
        assert_eq!(err.offset(), Some(0));
    }

    #[test]
    fn block_counts() {
        // -2 items in 3 bytes, then the items.
        let mut r = SliceReader::new(&[0x03, 0x06, 0x02, 0x04, 0x06, 0x00]);
        assert_eq!(r.read_block_header(1).unwrap(), (2, Some(3)));
        // i64::MIN cannot be negated.
        let min = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        let err = SliceReader::new(&min).read_block_len(1).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::InvalidBlockCount {
                count: i64::MIN,
                problem: BlockCountProblem::CannotNegate
            }
        );
        assert_eq!(
            err.to_string(),
            "at byte 0: block count -9223372036854775808 cannot be negated"
        );
        // A count whose items cannot fit in what remains.
        let err = SliceReader::new(&[0x7e, 0x00])
            .read_block_len(1)
            .unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::InvalidBlockCount {
                count: 63,
                problem: BlockCountProblem::DoesNotFit
            }
        );
    }

    #[test]
    fn limits() {
        let mut r =
            SliceReader::with_limits(&[], Limits::default().max_allocation(10).max_depth(1));
        r.charge_allocation(6).unwrap();
        assert!(r.charge_allocation(5).is_err());
        r.begin_datum();
        r.charge_allocation(10).unwrap();
        r.enter().unwrap();
        assert!(r.enter().is_err());
        assert!(
            r.add_collection_items(Limits::DEFAULT_MAX_COLLECTION_ITEMS, 1)
                .is_err()
        );
    }

    #[test]
    fn a_collection_length_that_overflows_is_refused() {
        // Without limits, only the sum's overflow stops the count.
        let r = SliceReader::with_limits(&[], Limits::unlimited());
        assert_eq!(
            r.add_collection_items(usize::MAX - 1, 1).unwrap(),
            usize::MAX
        );
        let err = r.add_collection_items(usize::MAX - 1, 2).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::InvalidBlockCount {
                count: 2,
                problem: BlockCountProblem::TotalOverflows
            }
        );
    }
}
