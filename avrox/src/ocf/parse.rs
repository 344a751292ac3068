//! Reading a container file without reading: the header, block frames,
//! the search for a sync marker past damage, and records, as a state
//! machine over a [`Buffer`].
//!
//! This is the one copy of the format's reading logic. A driver owns the
//! input and a `Buffer`, and calls these parsers; when one returns
//! [`NeedMore`], the driver fills the buffer (blocking in
//! [`BlockReader`](super::BlockReader) and [`Reader`](super::Reader),
//! polling in the async reader) and calls it again. Every step either
//! finishes or leaves its progress in the parser's state (the search past
//! damage) or in the buffer, so it can be asked again after any fill.

use std::io;

use super::block::{BlockFrame, parse_frame};
use super::buffer::{Buffer, Step};
use super::header::{Header, SYNC_SIZE};
use super::read_options::{ReaderOptions, Skipped};
use super::{Codec, RawBlock};
use crate::binary::SliceReader;
use crate::datum::ReadDatum;
use crate::error::{Error, ErrorKind, Limit, Result};
use crate::observe::{self, Framing, Op};

/// The bytes asked of the input at a time while searching for a sync
/// marker past damage.
const SEARCH_CHUNK: usize = 64 << 10;

/// Parses a header from the start of the buffer and consumes it.
pub(crate) fn read_header(buf: &mut Buffer, options: &ReaderOptions) -> Step<Result<Header>> {
    let mut want = 4096;
    loop {
        let available = match buf.want(want)? {
            Ok(available) => available,
            // The header is read ahead of what it needs: when the input
            // fails past its end, the error is for the first block's read
            // (which asks again), not for opening the file.
            Err(e) => match Header::parse_with_limits(buf.available(), options.limits) {
                Ok(Some((header, len))) => {
                    buf.consume(len);
                    return Ok(Ok(header));
                }
                _ => return Ok(Err(Error::from(e).at(buf.input_end() as usize))),
            },
        };
        let may_grow = !buf.at_eof() && available < options.limits.allocation();
        match Header::parse_with_limits(buf.available(), options.limits) {
            Ok(Some((header, len))) => {
                buf.consume(len);
                return Ok(Ok(header));
            }
            Ok(None) if may_grow => {}
            Err(e)
                if may_grow
                    && matches!(
                        e.kind(),
                        ErrorKind::UnexpectedEof { .. } | ErrorKind::InvalidBlockCount { .. }
                    ) => {}
            Ok(None) => {
                return Ok(Err(Error::eof(
                    "the file header (magic, metadata and sync marker)",
                    available,
                    0,
                )));
            }
            Err(e) => return Ok(Err(e)),
        }
        want = available.saturating_mul(2).max(4096);
    }
}

/// Where the block being read lies.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place {
    pub(crate) index: u64,
    pub(crate) offset: u64,
}

/// What is found where a block should start.
enum FrameRead {
    /// A block whose frame and sync marker are sound.
    Sound(BlockFrame),
    /// The end of the file.
    End,
    /// Damage: the error, and the block's count if it was read.
    Damaged(Error, Option<u64>),
    /// The input failed before the frame was read: no damage, and nothing
    /// is consumed, so the frame is read again on the next call.
    InputFailed(io::Error),
}

/// A search for the next sync marker, from the start of a damaged block.
#[derive(Debug)]
struct Resync {
    place: Place,
    records: Option<u64>,
    error: Error,
    /// How many available bytes are searched already.
    searched: usize,
}

/// The blocks of a file after its header: frames checked against their
/// sync marker, damage reported or skipped.
#[derive(Debug)]
pub(crate) struct BlockParser {
    pub(crate) header: Header,
    pub(crate) options: ReaderOptions,
    /// The index of the next block.
    index: u64,
    pub(crate) skipped: Vec<Skipped>,
    pub(crate) done: bool,
    resync: Option<Resync>,
    /// Where the input ended when it last failed (see
    /// [`input_failed`](BlockParser::input_failed)).
    failed_at: Option<u64>,
}

impl BlockParser {
    pub(crate) fn new(header: Header, options: ReaderOptions) -> BlockParser {
        BlockParser {
            header,
            options,
            index: 0,
            skipped: Vec::new(),
            done: false,
            resync: None,
            failed_at: None,
        }
    }

    /// Finds the next block whose frame and sync marker are sound, and
    /// leaves it at the start of the buffer's available bytes.
    pub(crate) fn next_frame(
        &mut self,
        buf: &mut Buffer,
    ) -> Step<Result<Option<(BlockFrame, Place)>>> {
        loop {
            if self.done {
                return Ok(Ok(None));
            }
            if self.resync.is_some() {
                if let Err(e) = self.resync(buf)? {
                    return Ok(Err(self.input_failed(buf, e)));
                }
                continue;
            }
            let place = Place {
                index: self.index,
                offset: buf.offset(),
            };
            match self.frame_at(buf, place)? {
                FrameRead::Sound(frame) => {
                    self.index += 1;
                    return Ok(Ok(Some((frame, place))));
                }
                FrameRead::End => {
                    self.done = true;
                    return Ok(Ok(None));
                }
                FrameRead::InputFailed(e) => return Ok(Err(self.input_failed(buf, e))),
                FrameRead::Damaged(e, count) => {
                    let e = e.in_block(place.index, place.offset);
                    if !self.options.skip_damaged {
                        self.done = true;
                        return Ok(Err(e));
                    }
                    self.index += 1;
                    self.resync = Some(Resync {
                        place,
                        records: count,
                        error: e,
                        // The block's first byte starts its count, never a
                        // sync marker.
                        searched: 1,
                    });
                }
            }
        }
    }

    /// An error of the input, as the caller gets it: no damage, with the
    /// parser left where it was, so the next call reads again from there.
    /// An input that fails again before giving a byte ends the reading, so
    /// a loop that passes over errors ends on an input that never recovers.
    ///
    /// `WouldBlock` is no failure: a non-blocking input has no bytes yet,
    /// and may say so any number of times before it has. It never ends the
    /// reading, so a caller that waits for the input and calls again gets
    /// every record.
    fn input_failed(&mut self, buf: &Buffer, e: io::Error) -> Error {
        let at = buf.input_end();
        if e.kind() != io::ErrorKind::WouldBlock {
            if self.failed_at == Some(at) {
                self.done = true;
            }
            self.failed_at = Some(at);
        }
        Error::from(e).at(at as usize)
    }

    /// Reads the frame of the block at the start of the available bytes.
    /// On damage, the error and the block's count if it was read.
    fn frame_at(&mut self, buf: &mut Buffer, place: Place) -> Step<FrameRead> {
        let base = place.offset as usize;
        let available = match buf.want(20)? {
            Ok(available) => available,
            Err(e) => return Ok(FrameRead::InputFailed(e)),
        };
        if available == 0 {
            return Ok(FrameRead::End);
        }
        let frame = match parse_frame(buf.available(), self.options.max_block_size, base) {
            Ok(Some(frame)) => frame,
            // Whitespace after the last block (a newline some tools add
            // to files, as in avsc's test data) is not a block.
            Ok(None) if buf.available().iter().all(u8::is_ascii_whitespace) => {
                buf.consume(available);
                return Ok(FrameRead::End);
            }
            Ok(None) => {
                let e = Error::eof("a block's count and size", available, base);
                return Ok(FrameRead::Damaged(e, None));
            }
            Err(e) => return Ok(FrameRead::Damaged(e, None)),
        };
        let count = Some(frame.count);
        let available = match buf.want(frame.len())? {
            Ok(available) => available,
            Err(e) => return Ok(FrameRead::InputFailed(e)),
        };
        if available < frame.len() {
            let what = format!(
                "a block of {} records, {} bytes of data and its sync marker",
                frame.count,
                frame.data_end - frame.data_start
            );
            return Ok(FrameRead::Damaged(Error::eof(what, available, base), count));
        }
        // `available` holds the whole frame (checked above).
        let sync = frame.sync(buf.available());
        if sync != self.header.sync() {
            let e = Error::new(ErrorKind::SyncMismatch).at(base + frame.data_end);
            return Ok(FrameRead::Damaged(e, count));
        }
        Ok(FrameRead::Sound(frame))
    }

    /// Goes on skipping from the start of a damaged block to just after
    /// the next sync marker (or the end of the file), and records what was
    /// skipped. An error of the input is returned with the search kept, to
    /// go on from where it stopped on the next call.
    fn resync(&mut self, buf: &mut Buffer) -> Step<io::Result<()>> {
        let sync = *self.header.sync();
        // Called only with a search under way; without one, nothing to do.
        let Some(search) = self.resync.as_mut() else {
            return Ok(Ok(()));
        };
        loop {
            // Ask for a chunk at a time: drivers read only what is asked.
            let available = match buf.want(search.searched + SEARCH_CHUNK)? {
                Ok(available) => available,
                Err(e) => return Ok(Err(e)),
            };
            let bytes = buf.available();
            let found = (bytes.get(search.searched.min(available)..))
                .unwrap_or_default()
                .windows(SYNC_SIZE)
                .position(|w| w == sync);
            if found.is_some() || buf.at_eof() {
                let end = match found {
                    Some(at) => search.searched + at + SYNC_SIZE,
                    None => {
                        self.done = true;
                        available
                    }
                };
                buf.consume(end);
                let Some(search) = self.resync.take() else {
                    return Ok(Ok(()));
                };
                self.skipped.push(Skipped {
                    block: search.place.index,
                    offset: search.place.offset,
                    bytes: buf.offset() - search.place.offset,
                    records: search.records,
                    error: search.error,
                });
                return Ok(Ok(()));
            }
            // Keep the last bytes, which may start a marker; drop the rest
            // so memory stays bounded however far the marker is.
            let keep_from = available.saturating_sub(SYNC_SIZE - 1).max(1);
            buf.consume(keep_from);
            search.searched = 0;
        }
    }

    /// Counts (and traces) each stretch skipped after the first
    /// `reported` as a failure and a skipped block; returns how many are
    /// reported now.
    pub(crate) fn report_skipped(&self, reported: usize, observe: &mut observe::Span) -> usize {
        for skipped in self.skipped.iter().skip(reported) {
            observe.failure(&skipped.error);
            observe.skipped(skipped.records);
        }
        self.skipped.len()
    }

    /// Reads the next raw block, with its index and its frame's length,
    /// or `None` at the end of the file.
    pub(crate) fn next_block(
        &mut self,
        buf: &mut Buffer,
    ) -> Step<Result<Option<(RawBlock, u64, usize)>>> {
        let (frame, place) = match self.next_frame(buf)? {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(Ok(None)),
            Err(e) => return Ok(Err(e)),
        };
        // `next_frame` returns only frames the buffer holds in full.
        let data = frame.data(buf.available()).to_vec();
        buf.consume(frame.len());
        let block = RawBlock {
            count: frame.count,
            data,
        };
        Ok(Ok(Some((block, place.index, frame.len()))))
    }
}

/// The records of a file's blocks, decoded as `T`: the block being read,
/// its decompressed data and the decoder compiled for the file.
///
/// It also observes the file (see [`observe`](crate::observe)): the file's
/// span and metric handles are made here, once, and each block is counted
/// when it ends. Here rather than in a driver, so that the blocking and
/// async readers report the same.
pub(crate) struct RecordParser<T: ReadDatum> {
    /// How the writer's datums are read as `T`: compiled once per file.
    decoder: T::Decoder,
    /// The decompressed data of the current block (unused for `null`,
    /// whose data is read in place).
    data: Vec<u8>,
    block: Option<Current>,
    /// Whether a record of the writer's schema can take no bytes (null,
    /// fixed(0), records of those): a block of such records may end its
    /// data before its count, so running out of data is no damage.
    zero_size: bool,
    /// Metrics and spans of the file, reported per block.
    observe: observe::Span,
    /// How many of the stretches `BlockParser` skipped are reported as
    /// failures: those it found in a block's frame are reported here,
    /// since it has no span of its own.
    reported: usize,
}

impl<T: ReadDatum> std::fmt::Debug for RecordParser<T> {
    /// The decoder is left out: `Value`'s and derived types' are not
    /// `Debug`, and are the file's schema compiled.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordParser")
            .field("block", &self.block)
            .field("data", &self.data.len())
            .field("zero_size", &self.zero_size)
            .field("observe", &self.observe)
            .finish_non_exhaustive()
    }
}

/// A reader dropped inside a block (a `take(n)`, a consumer that stops
/// early) still reports the records of it delivered, and its bytes: the
/// block is counted when it ends, and this is where it ends. Nothing to
/// report with both features off, so then there is no `Drop` at all.
#[cfg(any(feature = "metrics", feature = "tracing"))]
impl<T: ReadDatum> Drop for RecordParser<T> {
    fn drop(&mut self) {
        if let Some(block) = &self.block {
            self.observe.block_end(block.read, block.frame.len());
        }
    }
}

/// The block whose records are being read.
#[derive(Debug)]
struct Current {
    frame: BlockFrame,
    place: Place,
    /// Whether the data is in the buffer (codec `null`) or in `data`.
    in_buffer: bool,
    /// Where the next record starts in the block's data.
    pos: usize,
    /// Records read from this block.
    read: u64,
}

/// An error in a block: the error, the block, the records read from it,
/// its count and its length.
type Damage = (Error, Place, u64, u64, usize);

/// Why a record was not delivered.
enum Refused {
    /// The block's bytes are wrong: the rest of the block is lost.
    Damage(Damage),
    /// The record decoded, but breaks its constraints: the error, already
    /// placed in its block and record. Reading goes on after it.
    Invalid(Error),
}

impl Current {
    /// An error in this block, with what the reader reports of it.
    fn damage(&self, e: Error) -> Damage {
        (e, self.place, self.read, self.frame.count, self.frame.len())
    }
}

impl<T: ReadDatum> RecordParser<T> {
    /// Compiles the decoder of the file's records as `T` (or as the
    /// options' reader schema).
    pub(crate) fn new(blocks: &BlockParser) -> Result<RecordParser<T>> {
        let schema = blocks.header.schema();
        let decoder = T::decoder(schema, blocks.options.reader_schema.as_ref())?;
        let zero_size = schema.min_size(schema.root_id()) == 0;
        let reader = T::own_schema()
            .or(blocks.options.reader_schema.as_ref())
            .unwrap_or(schema);
        let observe = observe::Span::open(
            Op::Decode,
            Framing::Ocf,
            reader,
            Some(blocks.header.codec().name()),
            observe::Writer::differing(schema, reader, T::writer_version(&decoder)),
        );
        Ok(RecordParser {
            decoder,
            data: Vec::new(),
            block: None,
            zero_size,
            observe,
            // Stretches skipped before this parser took over (by a
            // `BlockReader` it is made from) were counted by their reader.
            reported: blocks.skipped.len(),
        })
    }

    /// The next record, an error, or `None` at the end of the file.
    #[inline]
    pub(crate) fn next(
        &mut self,
        blocks: &mut BlockParser,
        buf: &mut Buffer,
    ) -> Step<Option<Result<T>>> {
        loop {
            if self.block.is_some() {
                match self.next_record(blocks, buf) {
                    Some(Ok(value)) => return Ok(Some(Ok(value))),
                    None => {}
                    Some(Err(Refused::Invalid(e))) => {
                        self.observe.refused(&e);
                        return Ok(Some(Err(e)));
                    }
                    Some(Err(Refused::Damage((e, place, read, count, len)))) => {
                        let e = e.in_block_record(place.index, place.offset, read);
                        self.observe.failure(&e);
                        self.observe.block_end(read, len);
                        if !blocks.options.skip_damaged {
                            blocks.done = true;
                            return Ok(Some(Err(e)));
                        }
                        self.observe.skipped(Some(count.saturating_sub(read)));
                        blocks.skipped.push(Skipped {
                            block: place.index,
                            offset: place.offset,
                            bytes: len as u64,
                            records: Some(count.saturating_sub(read)),
                            error: e,
                        });
                        self.reported = blocks.skipped.len();
                    }
                }
                continue;
            }
            match self.start_block(blocks, buf)? {
                Ok(true) => {}
                Ok(false) => return Ok(None),
                Err(e) => return Ok(Some(Err(e))),
            }
        }
    }

    /// Starts the next block: checks its frame, decompresses its data.
    fn start_block(&mut self, blocks: &mut BlockParser, buf: &mut Buffer) -> Step<Result<bool>> {
        loop {
            let next = blocks.next_frame(buf);
            self.report_skipped(blocks);
            let (frame, place) = match next? {
                Ok(Some(found)) => found,
                Ok(None) => return Ok(Ok(false)),
                Err(e) => {
                    self.observe.failure(&e);
                    return Ok(Err(e));
                }
            };
            self.observe.block_start(place.index);
            match self.load(blocks, buf, frame, place) {
                Ok(in_buffer) => {
                    self.observe.block_work_done();
                    self.block = Some(Current {
                        frame,
                        place,
                        in_buffer,
                        pos: 0,
                        read: 0,
                    });
                    return Ok(Ok(true));
                }
                Err(e) => {
                    buf.consume(frame.len());
                    let e = e.in_block(place.index, place.offset);
                    self.observe.failure(&e);
                    self.observe.block_end(0, frame.len());
                    if !blocks.options.skip_damaged {
                        blocks.done = true;
                        return Ok(Err(e));
                    }
                    self.observe.skipped(Some(frame.count));
                    blocks.skipped.push(Skipped {
                        block: place.index,
                        offset: place.offset,
                        bytes: frame.len() as u64,
                        records: Some(frame.count),
                        error: e,
                    });
                    self.reported = blocks.skipped.len();
                }
            }
        }
    }

    /// Counts (and traces) the stretches the block parser skipped since
    /// the last call: damage in a block's frame, found before the block is
    /// this parser's.
    fn report_skipped(&mut self, blocks: &BlockParser) {
        self.reported = blocks.report_skipped(self.reported, &mut self.observe);
    }

    /// Decompresses a block's data and checks its count can be right.
    /// Returns whether the data is read in place.
    fn load(
        &mut self,
        blocks: &BlockParser,
        buf: &Buffer,
        frame: BlockFrame,
        place: Place,
    ) -> Result<bool> {
        let options = &blocks.options;
        // The block parser hands over only frames the buffer holds in full.
        let stored = frame.data(buf.available());
        let codec = blocks.header.codec();
        let in_buffer = codec == Codec::Null;
        if !in_buffer {
            codec
                .decompress(stored, options.max_block_size, &mut self.data)
                .map_err(|e| e.at(place.offset as usize + frame.data_start))?;
        }
        // Records of no size would let a tiny block claim billions of
        // them: bound those by the collection limit. (Records of some size
        // are bounded by the data, which ends the block early.)
        let limit = options.limits.collection_items() as u64;
        if self.zero_size && frame.count > limit {
            return Err(Error::new(ErrorKind::LimitExceeded {
                limit: Limit::CollectionItems,
                max: limit,
                requested: frame.count,
            }));
        }
        Ok(in_buffer)
    }

    /// Reads the next record of the current block, or ends the block.
    /// Damage comes with its block, the records read from it, its count and
    /// its length; an invalid record with its place, the block going on.
    #[inline]
    fn next_record(
        &mut self,
        blocks: &BlockParser,
        buf: &mut Buffer,
    ) -> Option<std::result::Result<T, Refused>> {
        let block = self.block.as_mut()?;
        let data = if block.in_buffer {
            block.frame.data(buf.available())
        } else {
            &self.data[..]
        };
        // `pos` only advances over records read from `data[pos..]`.
        let rest = data.get(block.pos..).unwrap_or_default();
        if block.read == block.frame.count {
            let left_over = rest.len();
            let block = self.block.take()?;
            buf.consume(block.frame.len());
            if left_over > 0 {
                // Counted with the damage, in `next`.
                let e = Error::new(ErrorKind::BlockCountMismatch {
                    declared: block.frame.count,
                    found: block.read,
                    left_over,
                })
                .at(block.pos);
                return Some(Err(Refused::Damage(block.damage(e))));
            }
            self.observe.block_end(block.read, block.frame.len());
            return None;
        }
        if rest.is_empty() && !self.zero_size {
            let block = self.block.take()?;
            buf.consume(block.frame.len());
            let e = Error::new(ErrorKind::BlockCountMismatch {
                declared: block.frame.count,
                found: block.read,
                left_over: 0,
            })
            .at(block.pos);
            return Some(Err(Refused::Damage(block.damage(e))));
        }
        // Offsets within the record are moved to the block's data on error.
        let mut input = SliceReader::with_limits(rest, blocks.options.limits);
        match T::read_datum(&self.decoder, &mut input) {
            Ok(value) => {
                let (start, record) = (block.pos, block.read);
                block.pos += input.position();
                block.read += 1;
                // Checked after the record's bytes are consumed: a record
                // that breaks its constraints is reported, and the next one
                // is read as usual.
                if blocks.options.validate
                    && let Err(e) = T::validate_datum(&self.decoder, &value)
                {
                    let place = block.place;
                    let e = e
                        .at(start)
                        .in_block_record(place.index, place.offset, record);
                    return Some(Err(Refused::Invalid(e)));
                }
                Some(Ok(value))
            }
            Err(e) => {
                let block = self.block.take()?;
                buf.consume(block.frame.len());
                Some(Err(Refused::Damage(block.damage(e.shifted(block.pos)))))
            }
        }
    }
}
