//! Writing object container files.

use std::borrow::Borrow;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::buffer::{Buffer, drive};
use super::encoder::{BlockEncoder, BlockPlace};
use super::header::{Header, SYNC_SIZE};
use super::parse::read_header;
use super::read_options::ReaderOptions;
use super::{Codec, RawBlock};
use crate::datum::WriteDatum;
use crate::error::{Error, ErrorKind, Result};
use crate::schema::Schema;

/// How a container file is written: codec, block size, metadata.
///
/// ```
/// use avrox::ocf::{Codec, WriterOptions};
///
/// let options = WriterOptions::new()
///     .codec(Codec::Deflate(9))
///     .block_size(1 << 20)
///     .metadata("origin", "sensor-gateway");
/// # let _ = options;
/// ```
#[derive(Clone, Debug)]
pub struct WriterOptions {
    codec: Codec,
    pub(crate) block_size: usize,
    metadata: Vec<(String, Vec<u8>)>,
    sync: Option<[u8; SYNC_SIZE]>,
}

impl WriterOptions {
    /// 64 KiB: the default size at which a block is cut (before
    /// compression), as Java's writer does.
    pub const DEFAULT_BLOCK_SIZE: usize = 64 << 10;

    /// The defaults: the `null` codec (no compression, as Java's and
    /// Python's writers and `avrox fromjson` default to), blocks of 64 KiB,
    /// no user metadata.
    ///
    /// ```
    /// use avrox::ocf::{Codec, WriterOptions};
    ///
    /// // Compression is asked for, never assumed.
    /// let options = WriterOptions::new().codec(Codec::Deflate(6));
    /// # let _ = options;
    /// ```
    pub fn new() -> WriterOptions {
        WriterOptions {
            codec: Codec::Null,
            block_size: WriterOptions::DEFAULT_BLOCK_SIZE,
            metadata: Vec::new(),
            sync: None,
        }
    }

    /// The codec blocks are compressed with (`null` unless set). When
    /// appending, the file's codec is kept and only the level is taken
    /// from here. A level outside the codec's
    /// [`level_range`](Codec::level_range) fails the writer's creation.
    pub fn codec(mut self, codec: Codec) -> WriterOptions {
        self.codec = codec;
        self
    }

    /// The size in bytes of encoded records at which a block is cut. A
    /// block holds at least one record, however large.
    pub fn block_size(mut self, bytes: usize) -> WriterOptions {
        self.block_size = bytes;
        self
    }

    /// Adds a user metadata entry to the header. Keys starting with
    /// `avro.` are reserved: creating the writer fails on them.
    pub fn metadata(mut self, key: impl Into<String>, value: impl AsRef<[u8]>) -> WriterOptions {
        self.metadata.push((key.into(), value.as_ref().to_vec()));
        self
    }

    /// The sync marker, instead of a random one: for files that must be
    /// byte-for-byte reproducible. Two files with one marker are easy to
    /// confuse when damaged; the random default is better.
    pub fn sync_marker(mut self, sync: [u8; SYNC_SIZE]) -> WriterOptions {
        self.sync = Some(sync);
        self
    }
}

impl Default for WriterOptions {
    fn default() -> WriterOptions {
        WriterOptions::new()
    }
}

/// A random sync marker, from the operating system's randomness that seeds
/// the standard library's hash maps.
pub(crate) fn random_sync() -> [u8; SYNC_SIZE] {
    let state = std::collections::hash_map::RandomState::new();
    let mut out = [0; SYNC_SIZE];
    for (i, half) in out.chunks_mut(8).enumerate() {
        let mut hasher = state.build_hasher();
        hasher.write_usize(i);
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    out
}

/// Writes an object container file: the header at once, then records in
/// blocks cut when they reach the block size and on [`flush`](Writer::flush).
///
/// `T` is a derived type (written with its own schema) or
/// [`Value`](crate::Value) (written with the schema the writer is given).
/// The writer owns its schema and borrows nothing.
///
/// # When data reaches the disk
///
/// Records are kept in memory until their block is cut. Cutting a block
/// (by size or by [`flush`](Writer::flush)) writes it whole, with one
/// `write_all`, and `flush` then flushes the underlying writer. For a
/// [`File`], that hands the block to the operating system: from then on
/// another process reads it, and it survives the writer's process dying,
/// but not a crash of the machine or a power cut. For that, call
/// [`sync_all`](Writer::sync_all) (which flushes, then `fsync`s), as
/// often as the data is worth. Dropping a writer flushes it, ignoring
/// errors; [`finish`](Writer::finish) flushes and reports them.
///
/// # When a write fails
///
/// A block is written with one `write_all`, so when the underlying
/// writer fails (a full disk) or a process dies, every block written
/// before is whole in the file, and at most the block being written is
/// partly there. The error is an I/O error (its source the
/// `std::io::Error`) placed at that block: [`Error::block`](crate::Error::block) is its index
/// (for a file this writer started) and [`Error::block_offset`](crate::Error::block_offset) the file byte
/// where it starts, up to which the file is sound. The writer then
/// stops: every later call fails saying why, as a block after the broken
/// one would be unreadable behind it. Its records, and those pending,
/// are lost with it. To go on, cut the file back to its last whole block
/// with [`cut_incomplete_block`](super::cut_incomplete_block) and open it
/// with [`append_to`](Writer::append_to); readers meanwhile read every
/// whole block and report the cut one as truncated.
///
/// "Written before" means handed to the `Write` this writer was given.
/// When that is a buffer in front of the file (a `BufWriter<File>`),
/// blocks it took may still sit in the buffer when the file's write
/// fails, and be lost with the buffer; only those up to the last
/// [`flush`](Writer::flush) that returned `Ok` (it flushes the buffer
/// too) are sure to be in the file. The writer cuts and writes whole
/// blocks itself, so a `File` needs no buffer; given one directly,
/// [`sync_all`](Writer::sync_all) also puts them on the disk.
///
/// ```
/// use avrox::ocf::{Codec, Reader, Writer, WriterOptions};
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#"{"type": "record", "name": "Hit", "fields": [
///     {"name": "path", "type": "string"}, {"name": "ms", "type": "int"}]}"#)?;
/// let options = WriterOptions::new().codec(Codec::Null).metadata("origin", "edge-7");
/// let mut w = Writer::<Value, _>::with_schema(Vec::new(), schema, options)?;
/// w.append(&Value::record([("path", Value::from("/")), ("ms", Value::Int(12))]))?;
/// let file = w.finish()?;
///
/// let r = Reader::<Value, _>::new(&file[..])?;
/// assert_eq!(r.header().metadata("origin"), Some(&b"edge-7"[..]));
/// assert_eq!(r.count(), 1);
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Debug)]
pub struct Writer<T: ?Sized, W: Write> {
    inner: Option<W>,
    encoder: BlockEncoder<T>,
}

impl<T: WriteDatum> Writer<T, File> {
    /// Creates (or truncates) the file at `path` and writes a header for
    /// `T`'s schema, with the default options.
    pub fn create(path: impl AsRef<Path>) -> Result<Writer<T, File>> {
        Writer::new(File::create(path)?)
    }
}

impl<T: ?Sized + WriteDatum> Writer<T, File> {
    /// Flushes, then asks the operating system to put the file's data on
    /// the disk (`File::sync_data`): after this returns, the records
    /// appended so far survive a crash of the machine.
    pub fn sync_all(&mut self) -> Result<()> {
        self.flush()?;
        self.get_ref().sync_data()?;
        Ok(())
    }
}

impl<T: WriteDatum, W: Write> Writer<T, W> {
    /// Writes a header for `T`'s own schema to `inner`, with the default
    /// options. For [`Value`](crate::Value)s, use
    /// [`with_schema`](Writer::with_schema).
    pub fn new(inner: W) -> Result<Writer<T, W>> {
        Writer::with_options(inner, WriterOptions::new())
    }

    /// Writes a header for `T`'s own schema to `inner`.
    pub fn with_options(inner: W, options: WriterOptions) -> Result<Writer<T, W>> {
        let Some(schema) = T::own_schema() else {
            return Err(Error::invalid(
                "a writer of values needs a schema: use Writer::with_schema",
            ));
        };
        Writer::start(inner, schema.clone(), options)
    }
}

impl<T: ?Sized + WriteDatum, W: Write> Writer<T, W> {
    /// Writes a header for `schema` to `inner`. For a derived type, the
    /// schema must be the type's own (same canonical form).
    pub fn with_schema(inner: W, schema: Schema, options: WriterOptions) -> Result<Writer<T, W>>
    where
        T: Sized,
    {
        check_schema::<T>(&schema)?;
        Writer::start(inner, schema, options)
    }

    fn start(mut inner: W, schema: Schema, options: WriterOptions) -> Result<Writer<T, W>> {
        let header = new_header(schema, options.clone())?;
        let bytes = header.to_bytes();
        inner.write_all(&bytes)?;
        let first = BlockPlace {
            index: Some(0),
            offset: bytes.len() as u64,
        };
        Ok(Writer::resume(inner, header, options.block_size, first))
    }

    fn resume(inner: W, header: Header, block_size: usize, first: BlockPlace) -> Writer<T, W> {
        Writer {
            inner: Some(inner),
            encoder: BlockEncoder::new(header, block_size, first),
        }
    }

    /// The header written: schema, codec, metadata, sync marker.
    pub fn header(&self) -> &Header {
        self.encoder.header()
    }

    /// Appends a record. It is written when its block is cut.
    ///
    /// A record that does not encode is an error and leaves nothing
    /// behind: the writer goes on with the next.
    pub fn append(&mut self, value: &T) -> Result<()> {
        self.check_usable()?;
        if self.encoder.append(value)? {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Appends every record of `values`.
    pub fn extend<I>(&mut self, values: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Borrow<T>,
    {
        for value in values {
            self.append(value.borrow())?;
        }
        Ok(())
    }

    /// Appends a record already encoded with the writer's schema, without
    /// checking it: for copying records between files of one schema.
    pub fn append_encoded(&mut self, datum: &[u8]) -> Result<()> {
        self.check_usable()?;
        if self.encoder.append_encoded(datum) {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Writes a block as read by a [`BlockReader`](super::BlockReader)
    /// from a file of the same schema and codec, without decompressing it.
    /// The records appended before it are written first.
    pub fn write_raw_block(&mut self, block: &RawBlock) -> Result<()> {
        self.write_pending()?;
        self.check_usable()?;
        self.encoder.seal_raw(block)?;
        self.write_sealed()
    }

    /// Cuts the current block (if it holds records) and flushes the
    /// underlying writer: the records appended so far are then in the file
    /// for any other reader. See [when data reaches the disk](Writer#when-data-reaches-the-disk).
    pub fn flush(&mut self) -> Result<()> {
        self.write_pending()?;
        self.inner_mut()?.flush()?;
        Ok(())
    }

    /// Writes the records still pending as a last block, flushes, and
    /// returns the underlying writer. Dropping a writer writes the pending
    /// block too, but cannot report an error: call `finish` to see one.
    pub fn finish(mut self) -> Result<W> {
        self.flush()?;
        self.inner.take().ok_or_else(finished)
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        // Only `finish`, which consumes the writer, and `drop` take it.
        #[allow(clippy::expect_used)]
        self.inner
            .as_ref()
            .expect("the writer is there until finished")
    }

    /// Records appended but not written yet.
    pub fn pending_records(&self) -> u64 {
        self.encoder.pending_records()
    }

    fn check_usable(&self) -> Result<()> {
        self.encoder.check_usable()
    }

    fn inner_mut(&mut self) -> Result<&mut W> {
        self.check_usable()?;
        self.inner.as_mut().ok_or_else(finished)
    }

    /// Compresses and writes the pending records as one block.
    fn write_pending(&mut self) -> Result<()> {
        self.check_usable()?;
        self.encoder.seal()?;
        self.write_sealed()
    }

    /// Writes the sealed block, if any, with one `write_all`.
    fn write_sealed(&mut self) -> Result<()> {
        let inner = self.inner.as_mut().ok_or_else(finished)?;
        let result = match self.encoder.sealed() {
            [] => Ok(()),
            sealed => inner.write_all(sealed),
        };
        let result = result.map_err(|e| self.encoder.write_failed(e));
        self.encoder.written();
        result
    }
}

impl<T: ?Sized + WriteDatum, W: Read + Write + Seek> Writer<T, W> {
    /// Opens an existing file for appending: reads its header, checks its
    /// schema is the one records will be written with, and writes new
    /// blocks at its end with its codec and sync marker.
    ///
    /// Fails when the file does not end with its sync marker (its last
    /// block is incomplete, as a writer that died mid-block leaves it):
    /// appending would bury the damage inside the file.
    /// [`cut_incomplete_block`](super::cut_incomplete_block) cuts such a
    /// file back to its last whole block.
    pub fn append_to(file: W) -> Result<Writer<T, W>>
    where
        T: Sized,
    {
        Writer::append_with_options(file, WriterOptions::new())
    }

    /// [`append_to`](Writer::append_to), with options: the codec's level
    /// and the block size are taken from them (the codec itself is the
    /// file's; metadata and the sync marker cannot change).
    pub fn append_with_options(mut file: W, options: WriterOptions) -> Result<Writer<T, W>>
    where
        T: Sized,
    {
        file.seek(SeekFrom::Start(0))?;
        let mut buf = Buffer::new();
        let header = drive(&mut file, &mut buf, |buf| {
            read_header(buf, &ReaderOptions::new())
        })?;
        let header = appendable::<T>(header, &options)?;
        let end = file.seek(SeekFrom::End(-(SYNC_SIZE as i64)))?;
        let mut last = [0; SYNC_SIZE];
        file.read_exact(&mut last)?;
        check_ends_with_sync(&header, &last, end)?;
        let offset = file.seek(SeekFrom::End(0))?;
        let first = BlockPlace {
            index: None,
            offset,
        };
        Ok(Writer::resume(file, header, options.block_size, first))
    }
}

impl<T: ?Sized, W: Write> Drop for Writer<T, W> {
    fn drop(&mut self) {
        if self.inner.is_some()
            && self.encoder.check_usable().is_ok()
            && self.encoder.pending_records() > 0
        {
            // As `BufWriter` does: errors cannot be reported from here;
            // `finish` reports them.
            let _ = self.flush_on_drop();
        }
    }
}

/// The error of a writer used after `finish` took its output: only `drop`
/// can meet it, since `finish` consumes the writer.
fn finished() -> Error {
    Error::invalid("the writer is finished")
}

impl<T: ?Sized, W: Write> Writer<T, W> {
    fn flush_on_drop(&mut self) -> Result<()> {
        let inner = self.inner.as_mut().ok_or_else(finished)?;
        self.encoder.write_last_block(|out| {
            inner.write_all(out)?;
            inner.flush()
        })
    }
}

/// The header of a new file of `schema`, as the options ask.
pub(crate) fn new_header(schema: Schema, options: WriterOptions) -> Result<Header> {
    options.codec.check_level()?;
    let sync = options.sync.unwrap_or_else(random_sync);
    let mut header = Header::new(schema, options.codec, sync);
    for (key, value) in options.metadata {
        if key.starts_with("avro.") {
            return Err(Error::invalid(format!(
                "metadata key '{key}' is reserved: keys starting with 'avro.' belong to Avro"
            )));
        }
        header = header.with_metadata(key, value);
    }
    Ok(header)
}

/// The header to append to a file with, given the file's: its schema
/// must be `T`'s, and the codec's level is the options'.
pub(crate) fn appendable<T: WriteDatum>(
    mut header: Header,
    options: &WriterOptions,
) -> Result<Header> {
    check_schema::<T>(header.schema())?;
    header.set_codec_level(options.codec);
    header.codec().check_level()?;
    Ok(header)
}

/// Checks that the last bytes of a file, from byte `end` on, are its
/// header's sync marker: else its last block is incomplete.
pub(crate) fn check_ends_with_sync(
    header: &Header,
    last: &[u8; SYNC_SIZE],
    end: u64,
) -> Result<()> {
    if last == header.sync() {
        return Ok(());
    }
    Err(Error::new(ErrorKind::InvalidHeader(format!(
        "the file does not end with its sync marker (its last block, before byte {}, is incomplete): cut it back to its last whole block (ocf::cut_incomplete_block) before appending",
        end + SYNC_SIZE as u64
    ))))
}

/// Checks that a derived type is written with its own schema.
pub(crate) fn check_schema<T: WriteDatum>(schema: &Schema) -> Result<()> {
    match T::own_schema() {
        Some(own) => check_same(schema, own),
        None => Ok(()),
    }
}

fn check_same(file: &Schema, own: &Schema) -> Result<()> {
    if file.canonical_form() == own.canonical_form() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "the records' schema {} is not the file's {}",
        own.canonical_form(),
        file.canonical_form()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;

    fn schema() -> Schema {
        Schema::parse(r#""long""#).unwrap()
    }

    #[test]
    fn the_default_codec_is_null_as_in_java_and_python() {
        let w =
            Writer::<Value, _>::with_schema(Vec::new(), schema(), WriterOptions::new()).unwrap();
        assert_eq!(w.header().codec(), Codec::Null);
        assert_eq!(WriterOptions::default().codec, Codec::Null);
    }

    #[test]
    fn a_level_outside_the_codec_s_range_fails_the_writer() {
        #[allow(unused_mut, reason = "with no level codec on, the list stays empty")]
        let mut bad: Vec<(Codec, &str)> = Vec::new();
        #[cfg(feature = "deflate")]
        bad.push((
            Codec::Deflate(11),
            "deflate level 11 is outside its levels 0..=10",
        ));
        #[cfg(feature = "zstandard")]
        bad.push((
            Codec::Zstandard(23),
            "zstandard level 23 is outside its levels",
        ));
        #[cfg(feature = "bzip2")]
        bad.push((Codec::Bzip2(0), "bzip2 level 0 is outside its levels 1..=9"));
        #[cfg(feature = "xz")]
        bad.push((Codec::Xz(10), "xz level 10 is outside its levels 0..=9"));
        for (codec, message) in bad {
            let options = WriterOptions::new().codec(codec);
            let err = Writer::<Value, _>::with_schema(Vec::new(), schema(), options).unwrap_err();
            assert!(err.to_string().starts_with(message), "{err}");
            assert!(codec.compress(b"x", &mut Vec::new()).is_err(), "{codec:?}");
        }
    }
}
