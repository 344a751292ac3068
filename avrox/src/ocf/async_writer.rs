//! Writing object container files through `tokio::io::AsyncWrite`: a thin
//! driver of the block encoder the blocking [`Writer`](super::Writer)
//! drives (`encoder.rs`).

use std::borrow::Borrow;
use std::future::poll_fn;
use std::io::{self, SeekFrom};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeek, AsyncSeekExt, AsyncWrite, AsyncWriteExt};

use super::RawBlock;
use super::async_io::Filler;
use super::encoder::{BlockEncoder, BlockPlace};
use super::header::{Header, SYNC_SIZE};
use super::parse::read_header;
use super::read_options::ReaderOptions;
use super::writer::{WriterOptions, appendable, check_ends_with_sync, check_schema, new_header};
use crate::datum::WriteDatum;
use crate::error::{Error, Result};
use crate::schema::Schema;

/// Writes an object container file to a `tokio::io::AsyncWrite`: the
/// header, then records in blocks cut when they reach the block size and
/// on [`flush`](AsyncWriter::flush) (feature `tokio`).
///
/// It is the blocking [`Writer`](super::Writer) driven by polls: the same
/// block encoder and [`WriterOptions`], so it writes the same bytes.
///
/// # Cancellation and dropping
///
/// Records wait in memory until their block is cut; each method that
/// writes first finishes writing a block an earlier, dropped call left
/// half written, so the file never gets a block cut in two by another.
///
/// - [`append`](AsyncWriter::append), [`append_encoded`](AsyncWriter::append_encoded):
///   dropped while they wait on the output, the record may or may not
///   have been appended (it has once the block before it is written).
///   Either way the writer stays sound.
/// - [`flush`](AsyncWriter::flush), [`write_raw_block`](AsyncWriter::write_raw_block),
///   [`sync_all`](AsyncWriter::sync_all): dropped, the block being written
///   stays in the writer and is written by the next call.
/// - [`finish`](AsyncWriter::finish) owns the writer: dropped, it is as
///   if the writer were dropped.
/// - Dropping the writer cannot write (drop is not async): the records
///   appended since the last `flush` are lost, and a block left half
///   written by a dropped future ends the file inside that block. Every
///   block written before stays readable: a reader gives its records,
///   then reports the cut block. Call `flush` or `finish` to keep them.
///
/// ```
/// use avrox::ocf::{AsyncReader, AsyncWriter, Codec, WriterOptions};
/// use avrox::Avro;
/// use futures_util::TryStreamExt;
///
/// #[derive(Avro, Debug, Clone, PartialEq)]
/// struct Hit { path: String, ms: i32 }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), avrox::Error> {
/// let options = WriterOptions::new().codec(Codec::Deflate(6));
/// // Any AsyncWrite: a tokio::fs::File, a socket, or here a Vec.
/// let mut w = AsyncWriter::<Hit, _>::with_options(Vec::new(), options).await?;
/// w.append(&Hit { path: "/".into(), ms: 12 }).await?;
/// w.flush().await?; // the block is written
/// w.append(&Hit { path: "/about".into(), ms: 9 }).await?;
/// let file = w.finish().await?;
///
/// let hits: Vec<Hit> = AsyncReader::new(&file[..]).await?.try_collect().await?;
/// assert_eq!(hits.len(), 2);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct AsyncWriter<T: ?Sized, W> {
    inner: W,
    encoder: BlockEncoder<T>,
    /// How much of the sealed block is written.
    written: usize,
}

impl<T: WriteDatum> AsyncWriter<T, tokio::fs::File> {
    /// Creates (or truncates) the file at `path` and writes a header for
    /// `T`'s schema, with the default options.
    pub async fn create(path: impl AsRef<std::path::Path>) -> Result<Self> {
        AsyncWriter::new(tokio::fs::File::create(path).await?).await
    }
}

impl<T: ?Sized + WriteDatum> AsyncWriter<T, tokio::fs::File> {
    /// Flushes, then asks the operating system to put the file's data on
    /// the disk (`File::sync_data`): after this returns, the records
    /// appended so far survive a crash of the machine.
    pub async fn sync_all(&mut self) -> Result<()> {
        self.flush().await?;
        self.inner.sync_data().await?;
        Ok(())
    }
}

impl<T: WriteDatum, W: AsyncWrite + Unpin> AsyncWriter<T, W> {
    /// Writes a header for `T`'s own schema to `inner`, with the default
    /// options. For [`Value`](crate::Value)s, use
    /// [`with_schema`](AsyncWriter::with_schema).
    pub async fn new(inner: W) -> Result<AsyncWriter<T, W>> {
        AsyncWriter::with_options(inner, WriterOptions::new()).await
    }

    /// Writes a header for `T`'s own schema to `inner`.
    pub async fn with_options(inner: W, options: WriterOptions) -> Result<AsyncWriter<T, W>> {
        let Some(schema) = T::own_schema() else {
            return Err(Error::invalid(
                "a writer of values needs a schema: use AsyncWriter::with_schema",
            ));
        };
        AsyncWriter::start(inner, schema.clone(), options).await
    }

    /// Writes a header for `schema` to `inner`. For a derived type, the
    /// schema must be the type's own (same canonical form).
    pub async fn with_schema(
        inner: W,
        schema: Schema,
        options: WriterOptions,
    ) -> Result<AsyncWriter<T, W>> {
        check_schema::<T>(&schema)?;
        AsyncWriter::start(inner, schema, options).await
    }

    async fn start(mut inner: W, schema: Schema, options: WriterOptions) -> Result<Self> {
        let block_size = options.block_size;
        let header = new_header(schema, options)?;
        let bytes = header.to_bytes();
        inner.write_all(&bytes).await?;
        let first = BlockPlace {
            index: Some(0),
            offset: bytes.len() as u64,
        };
        Ok(AsyncWriter::resume(inner, header, block_size, first))
    }
}

impl<T: ?Sized + WriteDatum, W: AsyncWrite + Unpin> AsyncWriter<T, W> {
    fn resume(inner: W, header: Header, block_size: usize, first: BlockPlace) -> AsyncWriter<T, W> {
        AsyncWriter {
            inner,
            encoder: BlockEncoder::new(header, block_size, first),
            written: 0,
        }
    }

    /// The header written: schema, codec, metadata, sync marker.
    pub fn header(&self) -> &Header {
        self.encoder.header()
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// Records appended but not written yet.
    pub fn pending_records(&self) -> u64 {
        self.encoder.pending_records()
    }

    /// Appends a record. It is written when its block is cut (see
    /// [cancellation](AsyncWriter#cancellation-and-dropping)).
    ///
    /// A record that does not encode is an error and leaves nothing
    /// behind: the writer goes on with the next.
    pub async fn append(&mut self, value: &T) -> Result<()> {
        self.write_sealed().await?;
        if self.encoder.append(value)? {
            self.write_pending().await?;
        }
        Ok(())
    }

    /// Appends every record of `values`.
    pub async fn extend<I>(&mut self, values: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Borrow<T>,
    {
        for value in values {
            self.append(value.borrow()).await?;
        }
        Ok(())
    }

    /// Appends a record already encoded with the writer's schema, without
    /// checking it: for copying records between files of one schema.
    pub async fn append_encoded(&mut self, datum: &[u8]) -> Result<()> {
        self.write_sealed().await?;
        if self.encoder.append_encoded(datum) {
            self.write_pending().await?;
        }
        Ok(())
    }

    /// Writes a block as read by a [`BlockReader`](super::BlockReader)
    /// from a file of the same schema and codec, without decompressing it.
    /// The records appended before it are written first.
    pub async fn write_raw_block(&mut self, block: &RawBlock) -> Result<()> {
        loop {
            self.write_sealed().await?;
            if self.encoder.seal_raw(block)? {
                return self.write_sealed().await;
            }
        }
    }

    /// Cuts the current block (if it holds records), writes it and
    /// flushes the underlying writer: the records appended so far are then
    /// in the file for any other reader.
    pub async fn flush(&mut self) -> Result<()> {
        self.write_pending().await?;
        self.inner.flush().await?;
        Ok(())
    }

    /// Writes the records still pending as a last block, flushes, and
    /// returns the underlying writer. A writer dropped without it loses
    /// the records appended since the last flush.
    pub async fn finish(mut self) -> Result<W> {
        self.flush().await?;
        Ok(self.inner)
    }

    /// Seals the pending records as a block and writes it.
    async fn write_pending(&mut self) -> Result<()> {
        self.write_sealed().await?;
        self.check_usable()?;
        self.encoder.seal()?;
        self.write_sealed().await
    }

    /// Writes what is left of the sealed block, if any.
    async fn write_sealed(&mut self) -> Result<()> {
        self.check_usable()?;
        poll_fn(|cx| self.poll_write_sealed(cx)).await
    }

    fn poll_write_sealed(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        loop {
            let sealed = self.encoder.sealed();
            if self.written == sealed.len() {
                self.encoder.written();
                self.written = 0;
                return Poll::Ready(Ok(()));
            }
            // `written` counts bytes of `sealed` the writer took, and a
            // writer cannot take more than it was given.
            let rest = sealed.get(self.written..).unwrap_or_default();
            let e = match Pin::new(&mut self.inner).poll_write(cx, rest) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(0)) => io::Error::from(io::ErrorKind::WriteZero),
                Poll::Ready(Ok(n)) => {
                    self.written += n;
                    continue;
                }
                Poll::Ready(Err(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
                Poll::Ready(Err(e)) => e,
            };
            return Poll::Ready(Err(self.encoder.write_failed(e)));
        }
    }

    fn check_usable(&self) -> Result<()> {
        self.encoder.check_usable()
    }
}

impl<T: WriteDatum, W: AsyncRead + AsyncWrite + AsyncSeek + Unpin> AsyncWriter<T, W> {
    /// Opens an existing file for appending: reads its header, checks its
    /// schema is the one records will be written with, and writes new
    /// blocks at its end with its codec and sync marker.
    ///
    /// Fails when the file does not end with its sync marker (its last
    /// block is incomplete, as a writer that died mid-block leaves it):
    /// appending would bury the damage inside the file.
    /// [`cut_incomplete_block`](super::cut_incomplete_block) cuts such a
    /// file back to its last whole block.
    pub async fn append_to(file: W) -> Result<AsyncWriter<T, W>> {
        AsyncWriter::append_with_options(file, WriterOptions::new()).await
    }

    /// [`append_to`](AsyncWriter::append_to), with options: the codec's
    /// level and the block size are taken from them (the codec itself is
    /// the file's; metadata and the sync marker cannot change).
    pub async fn append_with_options(
        mut file: W,
        options: WriterOptions,
    ) -> Result<AsyncWriter<T, W>> {
        file.seek(SeekFrom::Start(0)).await?;
        let header = Filler::new()
            .drive(&mut file, |buf| read_header(buf, &ReaderOptions::new()))
            .await?;
        let header = appendable::<T>(header, &options)?;
        let end = file.seek(SeekFrom::End(-(SYNC_SIZE as i64))).await?;
        let mut last = [0; SYNC_SIZE];
        file.read_exact(&mut last).await?;
        check_ends_with_sync(&header, &last, end)?;
        let offset = file.seek(SeekFrom::End(0)).await?;
        let first = BlockPlace {
            index: None,
            offset,
        };
        Ok(AsyncWriter::resume(file, header, options.block_size, first))
    }
}
