//! A container file's blocks as they are on disk: a record count, the
//! byte size of the (compressed) data, the data, the sync marker.

use super::header::SYNC_SIZE;
use crate::binary::{self, SliceReader};
use crate::error::{BlockCountProblem, Error, ErrorKind, Limit, Result};

/// A block as it is stored: its record count and its data, still
/// compressed with the file's codec.
///
/// [`BlockReader`](super::BlockReader) reads them and
/// [`Writer::write_raw_block`](super::Writer::write_raw_block) writes them,
/// so files with one schema and codec can be split and concatenated
/// without decompressing or decoding a record.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RawBlock {
    /// How many records the block holds.
    pub count: u64,
    /// The block's data, compressed with the file's codec.
    pub data: Vec<u8>,
}

impl RawBlock {
    /// Appends the block in its file form, ending with `sync`.
    pub(crate) fn write_to(&self, sync: &[u8; SYNC_SIZE], out: &mut Vec<u8>) {
        write_block(self.count, &self.data, sync, out);
    }
}

/// Appends a block: count, size, data, sync.
pub(crate) fn write_block(count: u64, data: &[u8], sync: &[u8; SYNC_SIZE], out: &mut Vec<u8>) {
    out.reserve(20 + data.len() + SYNC_SIZE);
    binary::write_long(out, i64::try_from(count).unwrap_or(i64::MAX));
    binary::write_long(out, data.len() as i64);
    out.extend_from_slice(data);
    out.extend_from_slice(sync);
}

/// Where a block's parts lie in the bytes that start with it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BlockFrame {
    pub(crate) count: u64,
    /// Where the data starts.
    pub(crate) data_start: usize,
    /// Where the data ends and the sync marker starts.
    pub(crate) data_end: usize,
}

impl BlockFrame {
    /// The length of the whole block, sync marker included.
    pub(crate) fn len(&self) -> usize {
        self.data_end.saturating_add(SYNC_SIZE)
    }

    /// The block's data, in `input` that starts where the block does and
    /// holds all of it (`len` bytes or more: the callers check); empty if
    /// it does not.
    pub(crate) fn data<'a>(&self, input: &'a [u8]) -> &'a [u8] {
        input
            .get(self.data_start..self.data_end)
            .unwrap_or_default()
    }

    /// The block's sync marker, in `input` as for [`data`](Self::data).
    pub(crate) fn sync<'a>(&self, input: &'a [u8]) -> &'a [u8] {
        input.get(self.data_end..self.len()).unwrap_or_default()
    }
}

/// Reads the count and size that start a block, which starts at byte `base`
/// of the file. `None`: `input` ends within them. The size is checked
/// against `max_size` only; whether the data is all there is the caller's
/// business.
pub(crate) fn parse_frame(
    input: &[u8],
    max_size: usize,
    base: usize,
) -> Result<Option<BlockFrame>> {
    let mut reader = SliceReader::new(input);
    let count = match reader.read_long() {
        Ok(count) => count,
        Err(e) if is_eof(&e) => return Ok(None),
        Err(e) => return Err(Error::new(e.kind().clone()).at(base)),
    };
    if count < 0 {
        return Err(Error::new(ErrorKind::InvalidBlockCount {
            count,
            problem: BlockCountProblem::Negative,
        })
        .at(base));
    }
    let size_at = reader.position();
    let size = match reader.read_long() {
        Ok(size) => size,
        Err(e) if is_eof(&e) => return Ok(None),
        Err(e) => return Err(Error::new(e.kind().clone()).at(base + size_at)),
    };
    if size < 0 {
        return Err(Error::new(ErrorKind::NegativeLength(size)).at(base + size_at));
    }
    if size as u64 > max_size as u64 {
        return Err(Error::new(ErrorKind::LimitExceeded {
            limit: Limit::BlockSize,
            max: max_size as u64,
            requested: size as u64,
        })
        .at(base + size_at));
    }
    let data_start = reader.position();
    // Within `max_size`, so the size fits a usize; the sum can only
    // overflow where a usize is 32 bits and the limit is lifted.
    let Some(data_end) = data_start.checked_add(size as usize) else {
        return Err(Error::new(ErrorKind::LimitExceeded {
            limit: Limit::BlockSize,
            max: max_size as u64,
            requested: size as u64,
        })
        .at(base + size_at));
    };
    Ok(Some(BlockFrame {
        count: count as u64,
        data_start,
        data_end,
    }))
}

fn is_eof(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::UnexpectedEof { .. })
}
