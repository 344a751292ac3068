//! Reading object container files: blocks, then records.

use std::fs::File;
use std::io::Read;
use std::marker::PhantomData;
use std::path::Path;

use super::block::{BlockFrame, parse_frame};
use super::header::{Header, SYNC_SIZE};
use super::source::Source;
use super::{Codec, RawBlock};
use crate::binary::{Limits, SliceReader};
use crate::datum::ReadDatum;
use crate::error::{Error, ErrorKind, Limit, Result};
use crate::observe::{self, Framing, Op};
use crate::schema::Schema;

/// How a container file is read: limits, what to do with damaged blocks,
/// whether records are validated, and for [`Value`](crate::Value)s the
/// schema to read them as.
///
/// ```
/// use avrox::binary::Limits;
/// use avrox::ocf::ReaderOptions;
///
/// let options = ReaderOptions::new()
///     .limits(Limits::default().max_depth(64))
///     .max_block_size(16 << 20)
///     .skip_damaged(true)
///     .validate(true);
/// # let _ = options;
/// ```
#[derive(Clone, Debug)]
pub struct ReaderOptions {
    limits: Limits,
    max_block_size: usize,
    skip_damaged: bool,
    validate: bool,
    reader_schema: Option<Schema>,
}

impl ReaderOptions {
    /// 512 MiB: the default bound on a block's size, stored and
    /// decompressed. It is also the most memory one block takes.
    pub const DEFAULT_MAX_BLOCK_SIZE: usize = 512 << 20;

    /// The defaults: default [`Limits`], blocks of at most 512 MiB, damage
    /// is an error, and records are validated.
    pub fn new() -> ReaderOptions {
        ReaderOptions {
            limits: Limits::default(),
            max_block_size: ReaderOptions::DEFAULT_MAX_BLOCK_SIZE,
            skip_damaged: false,
            validate: true,
            reader_schema: None,
        }
    }

    /// The limits each record is decoded with (reset per record).
    pub fn limits(mut self, limits: Limits) -> ReaderOptions {
        self.limits = limits;
        self
    }

    /// The largest block, in bytes, as stored and once decompressed. A
    /// larger one is an error (`LimitExceeded` of `max_block_size`), found
    /// before the memory is allocated: this is what stops decompression
    /// bombs.
    pub fn max_block_size(mut self, bytes: usize) -> ReaderOptions {
        self.max_block_size = bytes;
        self
    }

    /// With `true`, a damaged block is skipped: reading goes on after the
    /// next sync marker, and what was skipped is listed by
    /// [`Reader::skipped`]. With `false` (the default), damage is an error
    /// that ends the reading, after every record before it.
    pub fn skip_damaged(mut self, skip: bool) -> ReaderOptions {
        self.skip_damaged = skip;
        self
    }

    /// Sets whether records are checked against their constraints once
    /// decoded (see [`validate`](crate::validate)): a derived type's own, or
    /// for [`Value`](crate::Value)s those the schema they are read as
    /// carries. On by default. A record that breaks them is no damage: the
    /// reader yields an [`ErrorKind::Validation`] error for it, naming its
    /// block and record and carrying the report, and goes on with the next
    /// record. Turn it off for files this program wrote itself, or to read
    /// what is there anyway.
    ///
    /// ```
    /// use avrox::ocf::{Reader, ReaderOptions, Writer};
    /// use avrox::Avro;
    ///
    /// #[derive(Avro, Debug)]
    /// struct Score { #[avro(max = 100)] points: u32 }
    ///
    /// let mut w = Writer::<Score, _>::new(Vec::new())?;
    /// w.append_encoded(&avrox::to_vec_unchecked(&Score { points: 150 })?)?;
    /// let file = w.finish()?;
    ///
    /// let mut checked = Reader::<Score, _>::new(&file[..])?;
    /// assert!(checked.next().unwrap().is_err());
    /// let options = ReaderOptions::new().validate(false);
    /// let mut trusting = Reader::<Score, _>::with_options(&file[..], options)?;
    /// assert_eq!(trusting.next().unwrap()?.points, 150);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn validate(mut self, on: bool) -> ReaderOptions {
        self.validate = on;
        self
    }

    /// The schema to read [`Value`](crate::Value)s as, instead of the
    /// writer's: the writer's schema is resolved to it. A derived type
    /// reads as its own schema only, so a reader of one given another
    /// schema here (by canonical form) fails when it is made.
    ///
    /// ```
    /// use avrox::ocf::{Reader, ReaderOptions, Writer};
    /// use avrox::{Schema, Value};
    ///
    /// let mut w = Writer::<i32, _>::new(Vec::new())?;
    /// w.append(&5)?;
    /// let file = w.finish()?;
    ///
    /// let long = Schema::parse(r#""long""#)?;
    /// let options = ReaderOptions::new().reader_schema(long.clone());
    /// let values = Reader::<Value, _>::with_options(&file[..], options.clone())?
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// assert_eq!(values, [Value::Long(5)]);
    /// // An i64 reads as its own schema, "long": only that one may be given.
    /// assert!(Reader::<i64, _>::with_options(&file[..], options)?.next().is_some());
    /// let int = ReaderOptions::new().reader_schema(Schema::parse(r#""int""#)?);
    /// assert!(Reader::<i64, _>::with_options(&file[..], int).is_err());
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn reader_schema(mut self, schema: Schema) -> ReaderOptions {
        self.reader_schema = Some(schema);
        self
    }
}

impl Default for ReaderOptions {
    fn default() -> ReaderOptions {
        ReaderOptions::new()
    }
}

/// A stretch of a file that a reader with
/// [`skip_damaged`](ReaderOptions::skip_damaged) skipped.
#[derive(Debug)]
pub struct Skipped {
    /// The index of the damaged block.
    pub block: u64,
    /// The file offset where the skipped bytes start.
    pub offset: u64,
    /// How many bytes were skipped.
    pub bytes: u64,
    /// How many records were lost, when the block's count could be read.
    pub records: Option<u64>,
    /// The damage.
    pub error: Error,
}

/// Reads the blocks of an object container file as stored, without
/// decompressing or decoding them: for tools that split, concatenate or
/// copy files.
///
/// Each block's sync marker is checked. Blocks can be written to another
/// file of the same schema and codec with
/// [`Writer::write_raw_block`](super::Writer::write_raw_block).
///
/// ```
/// use avrox::ocf::{BlockReader, Writer};
///
/// let mut w = Writer::<i64, _>::new(Vec::new())?;
/// w.extend([1, 2, 3])?;
/// let file = w.finish()?;
///
/// let blocks = BlockReader::new(&file[..])?;
/// let counts: Vec<u64> = blocks.map(|b| b.map(|b| b.count)).collect::<Result<_, _>>()?;
/// assert_eq!(counts, [3]);
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Debug)]
pub struct BlockReader<R> {
    source: Source<R>,
    header: Header,
    options: ReaderOptions,
    /// The index of the next block.
    index: u64,
    skipped: Vec<Skipped>,
    done: bool,
}

/// Where the block being read lies.
#[derive(Clone, Copy, Debug)]
struct Place {
    index: u64,
    offset: u64,
}

/// The bytes asked of the source at a time while searching for a sync
/// marker past damage.
const SEARCH_CHUNK: usize = 64 << 10;

impl<R: Read> BlockReader<R> {
    /// Reads the header, with the default [`ReaderOptions`].
    pub fn new(inner: R) -> Result<BlockReader<R>> {
        BlockReader::with_options(inner, ReaderOptions::new())
    }

    /// Reads the header.
    pub fn with_options(inner: R, options: ReaderOptions) -> Result<BlockReader<R>> {
        let mut source = Source::new(inner);
        let header = read_header(&mut source, &options)?;
        Ok(BlockReader {
            source,
            header,
            options,
            index: 0,
            skipped: Vec::new(),
            done: false,
        })
    }

    /// The file's header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// What was skipped so far (with
    /// [`skip_damaged`](ReaderOptions::skip_damaged)).
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// The underlying reader.
    pub fn into_inner(self) -> R {
        self.source.into_inner()
    }

    /// Finds the next block whose frame and sync marker are sound, and
    /// leaves it at the start of the source's available bytes.
    fn next_frame(&mut self) -> Result<Option<(BlockFrame, Place)>> {
        loop {
            if self.done {
                return Ok(None);
            }
            let place = Place {
                index: self.index,
                offset: self.source.offset(),
            };
            match self.frame_at(place) {
                Ok(Some(frame)) => {
                    self.index += 1;
                    return Ok(Some((frame, place)));
                }
                Ok(None) => {
                    self.done = true;
                    return Ok(None);
                }
                Err((e, count)) => {
                    let e = e.in_block(place.index, place.offset);
                    if !self.options.skip_damaged {
                        self.done = true;
                        return Err(e);
                    }
                    self.index += 1;
                    self.resync(place, count, e)?;
                }
            }
        }
    }

    /// Reads the frame of the block at the start of the available bytes.
    /// On damage, the error and the block's count if it was read.
    fn frame_at(
        &mut self,
        place: Place,
    ) -> std::result::Result<Option<BlockFrame>, (Error, Option<u64>)> {
        let base = place.offset as usize;
        let available = self.source.fill(20).map_err(|e| (Error::from(e), None))?;
        if available == 0 {
            return Ok(None);
        }
        let frame = match parse_frame(self.source.available(), self.options.max_block_size, base) {
            Ok(Some(frame)) => frame,
            // Whitespace after the last block (a newline some tools add
            // to files, as in avsc's test data) is not a block.
            Ok(None) if self.source.available().iter().all(u8::is_ascii_whitespace) => {
                self.source.consume(available);
                return Ok(None);
            }
            Ok(None) => {
                return Err((
                    Error::eof("a block's count and size", available, base),
                    None,
                ));
            }
            Err(e) => return Err((e, None)),
        };
        let count = Some(frame.count);
        let available = self
            .source
            .fill(frame.len())
            .map_err(|e| (Error::from(e), count))?;
        if available < frame.len() {
            let what = format!(
                "a block of {} records, {} bytes of data and its sync marker",
                frame.count,
                frame.data_end - frame.data_start
            );
            return Err((Error::eof(what, available, base), count));
        }
        let sync = &self.source.available()[frame.data_end..frame.len()];
        if sync != self.header.sync() {
            return Err((
                Error::new(ErrorKind::SyncMismatch).at(base + frame.data_end),
                count,
            ));
        }
        Ok(Some(frame))
    }

    /// Skips from the start of a damaged block to just after the next sync
    /// marker (or the end of the file), and records what was skipped.
    fn resync(&mut self, place: Place, records: Option<u64>, error: Error) -> Result<()> {
        let sync = *self.header.sync();
        // The block's first byte starts its count, never a sync marker.
        let mut searched = 1;
        loop {
            // Ask for a chunk at a time: the source reads only what is asked.
            let available = self.source.fill(searched + SEARCH_CHUNK)?;
            let bytes = self.source.available();
            if let Some(at) = bytes[searched.min(available)..]
                .windows(SYNC_SIZE)
                .position(|w| w == sync)
            {
                let end = searched + at + SYNC_SIZE;
                self.source.consume(end);
                self.skipped.push(Skipped {
                    block: place.index,
                    offset: place.offset,
                    bytes: self.source.offset() - place.offset,
                    records,
                    error,
                });
                return Ok(());
            }
            if self.source.at_eof() {
                self.source.consume(available);
                self.skipped.push(Skipped {
                    block: place.index,
                    offset: place.offset,
                    bytes: self.source.offset() - place.offset,
                    records,
                    error,
                });
                self.done = true;
                return Ok(());
            }
            // Keep the last bytes, which may start a marker; drop the rest
            // so memory stays bounded however far the marker is.
            let keep_from = available.saturating_sub(SYNC_SIZE - 1).max(1);
            self.source.consume(keep_from);
            searched = 0;
        }
    }

    /// Reads the next raw block, or `None` at the end of the file.
    pub(crate) fn next_block(&mut self) -> Result<Option<RawBlock>> {
        let Some((frame, _)) = self.next_frame()? else {
            return Ok(None);
        };
        let data = self.source.available()[frame.data_start..frame.data_end].to_vec();
        self.source.consume(frame.len());
        Ok(Some(RawBlock {
            count: frame.count,
            data,
        }))
    }
}

impl<R: Read> Iterator for BlockReader<R> {
    type Item = Result<RawBlock>;

    fn next(&mut self) -> Option<Result<RawBlock>> {
        self.next_block().transpose()
    }
}

/// Reads a header from the start of `source` and consumes it.
fn read_header<R: Read>(source: &mut Source<R>, options: &ReaderOptions) -> Result<Header> {
    let mut want = 4096;
    loop {
        let available = source.fill(want)?;
        let may_grow = !source.at_eof() && available < options.limits.allocation();
        match Header::parse_with_limits(source.available(), options.limits) {
            Ok(Some((header, len))) => {
                source.consume(len);
                return Ok(header);
            }
            Ok(None) if may_grow => {}
            Err(e)
                if may_grow
                    && matches!(
                        e.kind(),
                        ErrorKind::UnexpectedEof { .. } | ErrorKind::InvalidBlockCount { .. }
                    ) => {}
            Ok(None) => {
                return Err(Error::eof(
                    "the file header (magic, metadata and sync marker)",
                    available,
                    0,
                ));
            }
            Err(e) => return Err(e),
        }
        want = available.saturating_mul(2).max(4096);
    }
}

/// Reads an object container file record by record: typed values of a
/// derived type, or [`Value`](crate::Value)s.
///
/// Reading streams: memory holds one block (as stored and decompressed)
/// and one record at a time, whatever the size of the file. The header
/// is read when the reader is made, so the writer schema, codec and
/// metadata are known before the first record.
///
/// A record that decodes but breaks its constraints (see
/// [`ReaderOptions::validate`]) is no damage: it is an
/// [`ErrorKind::Validation`] error that names its block and record
/// ([`Error::block_record`]) and carries the [`Report`](crate::Report),
/// and reading goes on with the next record.
///
/// A damaged file gives every record of every complete block before the
/// damage, then an error that names the block ([`Error::block`]) and the
/// file offset where the block starts ([`Error::block_offset`]); the
/// iterator then ends. With
/// [`skip_damaged`](ReaderOptions::skip_damaged), damaged blocks are
/// skipped instead and listed by [`skipped`](Reader::skipped).
///
/// A file may end with a little ASCII whitespace after its last block (a
/// newline some tools append): too short to hold a block's count and size,
/// it is ignored.
///
/// ```
/// use avrox::ocf::{Reader, Writer};
/// use avrox::Avro;
///
/// #[derive(Avro, Debug, PartialEq)]
/// struct Reading { sensor: String, celsius: f64 }
///
/// let mut w = Writer::<Reading, _>::new(Vec::new())?;
/// w.append(&Reading { sensor: "t-1".into(), celsius: 21.5 })?;
/// let file = w.finish()?;
///
/// let reader = Reader::<Reading, _>::new(&file[..])?;
/// assert_eq!(reader.header().codec().name(), "null"); // the default codec
/// let readings = reader.collect::<Result<Vec<_>, _>>()?;
/// assert_eq!(readings, [Reading { sensor: "t-1".into(), celsius: 21.5 }]);
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Debug)]
pub struct Reader<T: ReadDatum, R> {
    blocks: BlockReader<R>,
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
    _marker: PhantomData<fn() -> T>,
}

/// The block whose records are being read.
#[derive(Debug)]
struct Current {
    frame: BlockFrame,
    place: Place,
    /// Whether the data is in the source (codec `null`) or in `data`.
    in_source: bool,
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

impl<T: ReadDatum> Reader<T, File> {
    /// Opens the file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Reader<T, File>> {
        Reader::new(File::open(path)?)
    }
}

impl<T: ReadDatum, R: Read> Reader<T, R> {
    /// Reads the header from `inner`, with the default [`ReaderOptions`].
    pub fn new(inner: R) -> Result<Reader<T, R>> {
        Reader::with_options(inner, ReaderOptions::new())
    }

    /// Reads the header from `inner`.
    ///
    /// Fails when the header is damaged, names an unknown codec, or when
    /// the records cannot be read as `T` (or as the options' reader schema).
    pub fn with_options(inner: R, options: ReaderOptions) -> Result<Reader<T, R>> {
        let opened = BlockReader::with_options(inner, options).and_then(Reader::from_blocks);
        opened.inspect_err(|e| observe::failure(Op::Decode, Framing::Ocf, T::own_schema, e))
    }

    /// Reads the records of the blocks `blocks` has not read yet.
    pub fn from_blocks(blocks: BlockReader<R>) -> Result<Reader<T, R>> {
        let decoder = T::decoder(
            blocks.header.schema(),
            blocks.options.reader_schema.as_ref(),
        )?;
        let schema = blocks.header.schema();
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
        Ok(Reader {
            blocks,
            decoder,
            data: Vec::new(),
            block: None,
            zero_size,
            observe,
            _marker: PhantomData,
        })
    }

    /// The file's header: writer schema, codec, metadata, sync marker.
    pub fn header(&self) -> &Header {
        &self.blocks.header
    }

    /// The schema the file was written with.
    pub fn writer_schema(&self) -> &Schema {
        self.blocks.header.schema()
    }

    /// What was skipped so far (with
    /// [`skip_damaged`](ReaderOptions::skip_damaged)).
    pub fn skipped(&self) -> &[Skipped] {
        &self.blocks.skipped
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        self.blocks.source.get_ref()
    }

    /// The underlying reader; the bytes read ahead into the reader's
    /// buffer are lost.
    pub fn into_inner(self) -> R {
        self.blocks.into_inner()
    }

    /// Starts the next block: checks its frame, decompresses its data.
    fn start_block(&mut self) -> Result<bool> {
        loop {
            let next = self.blocks.next_frame();
            let Some((frame, place)) = next.inspect_err(|e| self.observe.failure(e))? else {
                return Ok(false);
            };
            self.observe.block_start(place.index);
            match self.load(frame, place) {
                Ok(in_source) => {
                    self.observe.block_work_done();
                    self.block = Some(Current {
                        frame,
                        place,
                        in_source,
                        pos: 0,
                        read: 0,
                    });
                    return Ok(true);
                }
                Err(e) => {
                    self.blocks.source.consume(frame.len());
                    let e = e.in_block(place.index, place.offset);
                    self.observe.failure(&e);
                    self.observe.block_end(0, frame.len());
                    if !self.blocks.options.skip_damaged {
                        self.blocks.done = true;
                        return Err(e);
                    }
                    self.blocks.skipped.push(Skipped {
                        block: place.index,
                        offset: place.offset,
                        bytes: frame.len() as u64,
                        records: Some(frame.count),
                        error: e,
                    });
                }
            }
        }
    }

    /// Decompresses a block's data and checks its count can be right.
    /// Returns whether the data is read in place.
    fn load(&mut self, frame: BlockFrame, place: Place) -> Result<bool> {
        let options = &self.blocks.options;
        let stored = &self.blocks.source.available()[frame.data_start..frame.data_end];
        let codec = self.blocks.header.codec();
        let in_source = codec == Codec::Null;
        if !in_source {
            codec
                .decompress(stored, options.max_block_size, &mut self.data)
                .map_err(|e| e.at(place.offset as usize + frame.data_start))?;
        }
        // Records of no size would let a tiny block claim billions of
        // them: bound those by the collection limit. (Records of some size
        // are bounded by the data, which ends the block early.)
        let schema = self.blocks.header.schema();
        let limit = options.limits.collection_items() as u64;
        if schema.min_size(schema.root_id()) == 0 && frame.count > limit {
            return Err(Error::new(ErrorKind::LimitExceeded {
                limit: Limit::CollectionItems,
                max: limit,
                requested: frame.count,
            }));
        }
        Ok(in_source)
    }

    /// Reads the next record of the current block, or ends the block.
    /// Damage comes with its block, the records read from it, its count and
    /// its length; an invalid record with its place, the block going on.
    #[inline]
    fn next_record(&mut self) -> Option<Result<T, Refused>> {
        let block = self.block.as_mut()?;
        let data = if block.in_source {
            &self.blocks.source.available()[block.frame.data_start..block.frame.data_end]
        } else {
            &self.data[..]
        };
        if block.read == block.frame.count {
            let left_over = data.len() - block.pos;
            let block = self.block.take().expect("a current block");
            self.blocks.source.consume(block.frame.len());
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
        if block.pos == data.len() && !self.zero_size {
            let block = self.block.take().expect("a current block");
            self.blocks.source.consume(block.frame.len());
            let e = Error::new(ErrorKind::BlockCountMismatch {
                declared: block.frame.count,
                found: block.read,
                left_over: 0,
            })
            .at(block.pos);
            return Some(Err(Refused::Damage(block.damage(e))));
        }
        // Offsets within the record are moved to the block's data on error.
        let mut input = SliceReader::with_limits(&data[block.pos..], self.blocks.options.limits);
        match T::read_datum(&self.decoder, &mut input) {
            Ok(value) => {
                let (start, record) = (block.pos, block.read);
                block.pos += input.position();
                block.read += 1;
                // Checked after the record's bytes are consumed: a record
                // that breaks its constraints is reported, and the next one
                // is read as usual.
                if self.blocks.options.validate
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
                let block = self.block.take().expect("a current block");
                self.blocks.source.consume(block.frame.len());
                Some(Err(Refused::Damage(block.damage(e.shifted(block.pos)))))
            }
        }
    }
}

impl<T: ReadDatum, R: Read> Iterator for Reader<T, R> {
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        loop {
            if self.block.is_some() {
                match self.next_record() {
                    Some(Ok(value)) => return Some(Ok(value)),
                    None => {}
                    Some(Err(Refused::Invalid(e))) => {
                        self.observe.refused(&e);
                        return Some(Err(e));
                    }
                    Some(Err(Refused::Damage((e, place, read, count, len)))) => {
                        let e = e.in_block_record(place.index, place.offset, read);
                        self.observe.failure(&e);
                        self.observe.block_end(read, len);
                        if !self.blocks.options.skip_damaged {
                            self.blocks.done = true;
                            return Some(Err(e));
                        }
                        self.blocks.skipped.push(Skipped {
                            block: place.index,
                            offset: place.offset,
                            bytes: len as u64,
                            records: Some(count.saturating_sub(read)),
                            error: e,
                        });
                    }
                }
                continue;
            }
            match self.start_block() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
