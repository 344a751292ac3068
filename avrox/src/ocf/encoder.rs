//! Writing a container file without writing: records encoded into the
//! block being filled, and blocks compressed and framed, ready for a
//! driver to write. The one copy of the format's writing logic, under the
//! blocking [`Writer`](super::Writer) and the async writer.

use std::marker::PhantomData;

use super::block::write_block;
use super::codec::Compressor;
use super::header::Header;
use super::{Codec, RawBlock};
use crate::binary;
use crate::datum::{self, WriteDatum};
use crate::error::{Error, Result};
use crate::observe::{self, Framing, Op};

/// Room before a block's records for its count and size (two longs).
const HEADROOM: usize = 20;

/// The records of a block: what follows its headroom (a block is never
/// shorter than that).
fn records(block: &[u8]) -> &[u8] {
    block.get(HEADROOM..).unwrap_or_default()
}

/// The records of the block being filled, and the block ready to write.
///
/// A driver appends records, [`seal`](BlockEncoder::seal)s a block when
/// [`append`](BlockEncoder::append) says it is full (or on flush), writes
/// [`sealed`](BlockEncoder::sealed) and then calls
/// [`written`](BlockEncoder::written). While a block is sealed, nothing
/// else may be appended: the async driver finishes writing it first.
///
/// It also observes the file (see [`observe`](crate::observe)): the file's
/// span and metric handles are made with the encoder, a block's span and
/// clock start when it is sealed, and it is counted once its driver says
/// it is written. Here rather than in a driver, so that the blocking and
/// async writers report the same.
#[derive(Debug)]
pub(crate) struct BlockEncoder<T: ?Sized> {
    header: Header,
    block_size: usize,
    /// The encoded records of the block being filled, after `HEADROOM`
    /// bytes; for `null`, once sealed, framed in place.
    block: Vec<u8>,
    count: u64,
    /// A compressed or raw block, framed.
    out: Vec<u8>,
    compressor: Compressor,
    sealed: Sealed,
    /// The records of the sealed block, when it holds appended records (a
    /// raw block copied from another file is not counted).
    sealed_records: Option<u64>,
    /// Metrics and spans of the file, reported per block.
    observe: observe::Span,
    /// Where the next block goes in the file.
    next: BlockPlace,
    /// Where the block whose write failed starts: the file ends there or
    /// inside that block, and nothing more may be written after it.
    failed: Option<BlockPlace>,
    _marker: PhantomData<fn(&T)>,
}

/// Where a block starts: its file offset, and its index in the file when
/// the writer knows it (it started the file; an appending writer does not
/// count the blocks it found).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BlockPlace {
    pub(crate) index: Option<u64>,
    pub(crate) offset: u64,
}

/// Where the sealed block's bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sealed {
    None,
    /// `block[start..]`: records of the `null` codec, framed in place.
    InBlock(usize),
    /// `out`, and the records in `block` are taken.
    InOut,
}

impl<T: ?Sized + WriteDatum> BlockEncoder<T> {
    /// An encoder whose first block goes at `first`.
    pub(crate) fn new(header: Header, block_size: usize, first: BlockPlace) -> BlockEncoder<T> {
        let observe = observe::Span::open(
            Op::Encode,
            Framing::Ocf,
            header.schema(),
            Some(header.codec().name()),
            None,
        );
        BlockEncoder {
            observe,
            sealed_records: None,
            compressor: Compressor::new(header.codec()),
            header,
            block_size,
            block: vec![0; HEADROOM],
            count: 0,
            out: Vec::new(),
            sealed: Sealed::None,
            next: first,
            failed: None,
            _marker: PhantomData,
        }
    }

    /// Encodes a record into the block. Returns whether the block has
    /// reached its size and should be sealed. A record that does not
    /// encode leaves nothing behind.
    #[inline]
    pub(crate) fn append(&mut self, value: &T) -> Result<bool> {
        debug_assert_eq!(self.sealed, Sealed::None, "a sealed block not written");
        datum::encode_datum(value, self.header.schema(), &mut self.block)
            .inspect_err(|e| self.observe.failure(e))?;
        self.count += 1;
        Ok(self.is_full())
    }

    /// Adds a record already encoded with the file's schema; returns
    /// whether the block should be sealed.
    pub(crate) fn append_encoded(&mut self, datum: &[u8]) -> bool {
        debug_assert_eq!(self.sealed, Sealed::None, "a sealed block not written");
        self.block.extend_from_slice(datum);
        self.count += 1;
        self.is_full()
    }

    fn is_full(&self) -> bool {
        self.block.len() - HEADROOM >= self.block_size
    }
}

impl<T: ?Sized> BlockEncoder<T> {
    /// The header of the file.
    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    /// Records appended and not sealed yet.
    pub(crate) fn pending_records(&self) -> u64 {
        self.count
    }

    /// Frames the pending records as a block (compressed with the file's
    /// codec), unless there are none or a block is sealed already.
    pub(crate) fn seal(&mut self) -> Result<()> {
        if self.count == 0 || self.sealed != Sealed::None {
            return Ok(());
        }
        self.observe.next_block_start();
        let count = self.count;
        self.seal_records().inspect_err(|e| {
            self.observe.failure(e);
            // Nothing was sealed: the next block takes this one's index.
            self.observe.block_abandoned();
        })?;
        self.sealed_records = Some(count);
        Ok(())
    }

    /// [`seal`](BlockEncoder::seal)'s work, on pending records.
    fn seal_records(&mut self) -> Result<()> {
        if self.header.codec() == Codec::Null {
            // The count and size go into the headroom before the records,
            // so the block is written without copying it.
            let mut prefix = Vec::with_capacity(HEADROOM);
            binary::write_long(&mut prefix, i64::try_from(self.count).unwrap_or(i64::MAX));
            binary::write_long(&mut prefix, (self.block.len() - HEADROOM) as i64);
            let start = HEADROOM - prefix.len();
            // The block starts with HEADROOM bytes (made so in `new`, and
            // truncated to no less), and two varints take at most 20.
            #[allow(clippy::indexing_slicing)]
            self.block[start..HEADROOM].copy_from_slice(&prefix);
            self.block.extend_from_slice(self.header.sync());
            self.sealed = Sealed::InBlock(start);
            return Ok(());
        }
        self.out.clear();
        let mut compressed = Vec::with_capacity(self.block.len() / 2);
        self.compressor
            .compress(records(&self.block), &mut compressed)?;
        write_block(self.count, &compressed, self.header.sync(), &mut self.out);
        self.block.truncate(HEADROOM);
        self.count = 0;
        self.sealed = Sealed::InOut;
        Ok(())
    }

    /// Frames a raw block, after sealing the pending records: those are
    /// to be written first (call again once they are).
    /// Returns whether the raw block is sealed.
    pub(crate) fn seal_raw(&mut self, raw: &RawBlock) -> Result<bool> {
        self.seal()?;
        if self.sealed != Sealed::None {
            return Ok(false);
        }
        self.out.clear();
        raw.write_to(self.header.sync(), &mut self.out);
        self.sealed = Sealed::InOut;
        // Counted once written, as a block of appended records is: its
        // records are in the file all the same.
        self.observe.next_block_start();
        self.sealed_records = Some(raw.count);
        Ok(true)
    }

    /// The sealed block's bytes, empty when none is sealed.
    pub(crate) fn sealed(&self) -> &[u8] {
        match self.sealed {
            Sealed::None => &[],
            // `start` is within the headroom.
            Sealed::InBlock(start) => self.block.get(start..).unwrap_or_default(),
            Sealed::InOut => &self.out,
        }
    }

    /// Writing the sealed block failed with `error`: the error returned,
    /// placed at the block; it is observed, the block is not counted as
    /// written, and the encoder refuses to go on (see
    /// [`check_usable`](BlockEncoder::check_usable)).
    pub(crate) fn write_failed(&mut self, error: std::io::Error) -> Error {
        let place = self.next;
        let error = Error::from(error);
        let error = match place.index {
            Some(index) => error.in_block(index, place.offset),
            None => error.at(place.offset as usize),
        };
        self.failed = Some(place);
        self.sealed_records = None;
        self.observe.failure(&error);
        error
    }

    /// An error once a write has failed: the file may end inside the
    /// block being written, and a block after it would be buried behind
    /// the damage. The blocks before it are whole.
    pub(crate) fn check_usable(&self) -> Result<()> {
        let Some(failed) = self.failed else {
            return Ok(());
        };
        let block = match failed.index {
            Some(index) => format!("block {index}, at file byte {}", failed.offset),
            None => format!("the block at file byte {}", failed.offset),
        };
        Err(Error::invalid(format!(
            "writing {block} failed, so the file may end inside it: the writer stopped. \
             The blocks before that byte are whole; to append to the file, cut it there \
             (ocf::cut_incomplete_block) and open it with append_to"
        )))
    }

    /// Forgets the sealed block: it is written (or, after a failed write,
    /// given up). A written block of appended records is counted here,
    /// whichever driver wrote it.
    pub(crate) fn written(&mut self) {
        let len = self.sealed().len();
        if len > 0 && self.failed.is_none() {
            self.next.offset += len as u64;
            self.next.index = self.next.index.map(|i| i + 1);
        }
        if let Some(records) = self.sealed_records.take() {
            self.observe.block_work_done();
            self.observe.block_end(records, len);
        }
        if let Sealed::InBlock(_) = self.sealed {
            self.block.truncate(HEADROOM);
            self.count = 0;
        }
        self.sealed = Sealed::None;
    }

    /// Writes the pending records as the last block with `write`, for a
    /// writer being dropped, and counts it as written (or its failure).
    pub(crate) fn write_last_block(
        &mut self,
        write: impl FnOnce(&[u8]) -> std::io::Result<()>,
    ) -> Result<()> {
        let records = self.count;
        self.observe.next_block_start();
        let written = self.last_block().and_then(|out| {
            write(&out)?;
            Ok(out.len())
        });
        match written {
            Ok(len) => {
                self.observe.block_work_done();
                self.observe.block_end(records, len);
                Ok(())
            }
            Err(e) => {
                self.observe.failure(&e);
                self.observe.block_abandoned();
                Err(e)
            }
        }
    }

    /// The pending records as a block, compressed by a compressor of its
    /// own, for a writer being dropped (which must not fail halfway).
    fn last_block(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        if self.count == 0 || self.sealed != Sealed::None {
            return Ok(out);
        }
        let mut compressed = Vec::new();
        self.header
            .codec()
            .compress(records(&self.block), &mut compressed)?;
        write_block(self.count, &compressed, self.header.sync(), &mut out);
        Ok(out)
    }
}
