//! Reading object container files through `std::io::Read`: the blocking
//! drivers of the parsers in `parse.rs`.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::RawBlock;
use super::buffer::{Buffer, drive};
use super::header::Header;
use super::parse::{BlockParser, RecordParser, read_header};
use super::read_options::{ReaderOptions, Skipped};
use crate::datum::ReadDatum;
use crate::error::Result;
use crate::observe::{self, Framing, Op};
use crate::schema::Schema;

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
///
/// Damage is as for [`Reader`]: an error naming the block, after which the
/// iterator ends, or with [`skip_damaged`](ReaderOptions::skip_damaged) a
/// stretch skipped and listed by [`skipped`](BlockReader::skipped).
///
/// A failed read of the input is no damage: it is an error of category
/// [`Io`](crate::error::Category::Io) (the `std::io::Error` is its
/// source), never listed in [`skipped`](BlockReader::skipped), and the
/// reader keeps its place, so the next call to `next` reads the block
/// again from where the input stopped: a read that fails once loses no
/// block. If the input fails again before giving another byte, that error
/// is the last item and the iterator ends, so a loop that passes over
/// errors ends on an input that never recovers. `WouldBlock` is returned
/// the same way but never ends the iterator: call `next` again once the
/// input is readable. (`Interrupted` is retried, never returned.) The
/// header is read ahead of its end, so an input that fails just past it
/// fails neither [`new`](BlockReader::new) nor a block: the first block's
/// read asks again.
///
/// ```
/// use std::io::{self, Read};
/// use avrox::error::Category;
/// use avrox::ocf::{BlockReader, Writer};
///
/// /// A file behind a connection that drops once, `at` bytes in.
/// struct DropsOnce<'a> { file: &'a [u8], at: usize, dropped: bool }
///
/// impl Read for DropsOnce<'_> {
///     fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
///         if !self.dropped && self.at == 0 {
///             self.dropped = true;
///             return Err(io::ErrorKind::ConnectionReset.into());
///         }
///         let len = if self.dropped { buf.len() } else { buf.len().min(self.at) };
///         let n = self.file.read(&mut buf[..len])?;
///         self.at = self.at.saturating_sub(n);
///         Ok(n)
///     }
/// }
///
/// let mut w = Writer::<i64, _>::new(Vec::new())?;
/// w.extend(0..10_000)?;
/// let file = w.finish()?;
///
/// // Dropped inside a block: the error, then that block read again, whole.
/// let input = DropsOnce { file: &file, at: file.len() / 2, dropped: false };
/// let (mut records, mut dropped) = (0, 0);
/// for block in BlockReader::new(input)? {
///     match block {
///         Ok(block) => records += block.count,
///         Err(e) => {
///             assert_eq!(e.category(), Category::Io);
///             dropped += 1;
///         }
///     }
/// }
/// assert_eq!((records, dropped), (10_000, 1));
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Debug)]
pub struct BlockReader<R> {
    inner: R,
    buf: Buffer,
    parser: BlockParser,
    /// Metrics and spans of the file: its blocks, bytes and failures.
    observe: observe::Span,
    /// How many of the parser's skipped stretches are counted.
    reported: usize,
}

impl<R: Read> BlockReader<R> {
    /// Reads the header, with the default [`ReaderOptions`].
    pub fn new(inner: R) -> Result<BlockReader<R>> {
        BlockReader::with_options(inner, ReaderOptions::new())
    }

    /// Reads the header.
    pub fn with_options(inner: R, options: ReaderOptions) -> Result<BlockReader<R>> {
        BlockReader::open(inner, options)
            .inspect_err(|e| observe::failure(Op::Decode, Framing::Ocf, || None, e))
    }

    /// Reads the header, reporting nothing: [`Reader`] reports its own.
    fn open(mut inner: R, options: ReaderOptions) -> Result<BlockReader<R>> {
        let mut buf = Buffer::new();
        let header = drive(&mut inner, &mut buf, |buf| read_header(buf, &options))?;
        Ok(BlockReader {
            inner,
            buf,
            parser: BlockParser::new(header, options),
            observe: observe::Span::default(),
            reported: 0,
        })
    }

    /// The file's header.
    pub fn header(&self) -> &Header {
        &self.parser.header
    }

    /// What was skipped so far (with
    /// [`skip_damaged`](ReaderOptions::skip_damaged)).
    pub fn skipped(&self) -> &[Skipped] {
        &self.parser.skipped
    }

    /// The underlying reader.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Reads the next raw block, or `None` at the end of the file.
    pub(crate) fn next_block(&mut self) -> Result<Option<RawBlock>> {
        if !self.observe.is_open() {
            // Opened at the first block read raw, so that the blocks a
            // `Reader` reads through it are its own to report.
            let header = &self.parser.header;
            let codec = Some(header.codec().name());
            self.observe =
                observe::Span::open(Op::Decode, Framing::Ocf, header.schema(), codec, None);
        }
        let timer = observe::Timer::start();
        let parser = &mut self.parser;
        let next = drive(&mut self.inner, &mut self.buf, |buf| parser.next_block(buf));
        self.reported = self.parser.report_skipped(self.reported, &mut self.observe);
        match next {
            Ok(Some((block, index, len))) => {
                self.observe.raw_block(index, block.count, len, timer);
                Ok(Some(block))
            }
            Ok(None) => Ok(None),
            Err(e) => {
                self.observe.failure(&e);
                Err(e)
            }
        }
    }
}

impl<R: Read> Iterator for BlockReader<R> {
    type Item = Result<RawBlock>;

    fn next(&mut self) -> Option<Result<RawBlock>> {
        self.next_block().transpose()
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
/// [`ErrorKind::Validation`](crate::ErrorKind::Validation) error that names its block and record
/// ([`Error::block_record`](crate::Error::block_record)) and carries the [`Report`](crate::Report),
/// and reading goes on with the next record.
///
/// A damaged file gives every record of every complete block before the
/// damage, then an error that names the block ([`Error::block`](crate::Error::block)) and the
/// file offset where the block starts ([`Error::block_offset`](crate::Error::block_offset)); the
/// iterator then ends. With
/// [`skip_damaged`](ReaderOptions::skip_damaged), damaged blocks are
/// skipped instead and listed by [`skipped`](Reader::skipped).
///
/// A failed read of the input is no damage: it is an error of category
/// [`Io`](crate::error::Category::Io) (the `std::io::Error` is its
/// source), never listed in [`skipped`](Reader::skipped), and the reader
/// keeps its place, so the next call to `next` reads again from where the
/// input stopped and a read that fails once loses no record. If the input
/// fails again before giving another byte, that error is the last item:
/// the iterator then ends, so a loop that passes over errors ends on an
/// input that never recovers. (`Interrupted` is retried, never returned.)
///
/// `WouldBlock`, from a non-blocking input with no bytes ready, is
/// returned the same way but never ends the iterator, however often it
/// comes: wait until the input is readable (or sleep) and call `next`
/// again, and every record arrives, as from a slice. The header is read
/// when the reader is made, so an input that is not ready then fails
/// [`new`](Reader::new) and the bytes it read are lost: make the reader
/// once the header has arrived, or read with the
/// [`AsyncReader`](super::AsyncReader) (feature `tokio`).
///
/// ```
/// use std::io::{self, Read};
/// use avrox::ErrorKind;
/// use avrox::ocf::{Reader, Writer};
///
/// /// Not ready on every other read, as a non-blocking socket may be.
/// struct Nonblocking<'a> { data: &'a [u8], ready: bool }
///
/// impl Read for Nonblocking<'_> {
///     fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
///         self.ready = !self.ready;
///         if !self.ready {
///             return Err(io::ErrorKind::WouldBlock.into());
///         }
///         self.data.read(out)
///     }
/// }
///
/// let mut w = Writer::<i64, _>::new(Vec::new())?;
/// let header = w.get_ref().len(); // written when the writer is made
/// for block in 0..3 {
///     w.extend(block * 10..block * 10 + 10)?;
///     w.flush()?;
/// }
/// let file = w.finish()?;
///
/// let blocks = Nonblocking { data: &file[header..], ready: false };
/// let reader = Reader::<i64, _>::new(file[..header].chain(blocks))?;
/// let mut records = Vec::new();
/// for record in reader {
///     match record {
///         Ok(n) => records.push(n),
///         Err(e) if matches!(e.kind(), ErrorKind::Io(io) if io.kind() == io::ErrorKind::WouldBlock) => {
///             // Here a program waits until the input is readable.
///         }
///         Err(e) => return Err(e),
///     }
/// }
/// assert_eq!(records, (0..30).collect::<Vec<_>>());
/// # Ok::<(), avrox::Error>(())
/// ```
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
    records: RecordParser<T>,
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
        let opened = BlockReader::open(inner, options).and_then(Reader::from_blocks);
        opened.inspect_err(|e| observe::failure(Op::Decode, Framing::Ocf, T::own_schema, e))
    }

    /// Reads the records of the blocks `blocks` has not read yet.
    pub fn from_blocks(blocks: BlockReader<R>) -> Result<Reader<T, R>> {
        let records = RecordParser::new(&blocks.parser)?;
        Ok(Reader { blocks, records })
    }

    /// The file's header: writer schema, codec, metadata, sync marker.
    pub fn header(&self) -> &Header {
        &self.blocks.parser.header
    }

    /// The schema the file was written with.
    pub fn writer_schema(&self) -> &Schema {
        self.blocks.parser.header.schema()
    }

    /// What was skipped so far (with
    /// [`skip_damaged`](ReaderOptions::skip_damaged)).
    pub fn skipped(&self) -> &[Skipped] {
        &self.blocks.parser.skipped
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.blocks.inner
    }

    /// The underlying reader; the bytes read ahead into the reader's
    /// buffer are lost.
    pub fn into_inner(self) -> R {
        self.blocks.into_inner()
    }
}

impl<T: ReadDatum, R: Read> Iterator for Reader<T, R> {
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        let BlockReader {
            inner, buf, parser, ..
        } = &mut self.blocks;
        let records = &mut self.records;
        drive(inner, buf, |buf| records.next(parser, buf))
    }
}
