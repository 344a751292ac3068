//! Reading object container files through `tokio::io::AsyncRead`: a
//! thin driver of the same parsers the blocking [`Reader`](super::Reader)
//! drives (`parse.rs`).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio::io::AsyncRead;

use super::async_io::Filler;
use super::header::Header;
use super::parse::{BlockParser, RecordParser, read_header};
use super::read_options::{ReaderOptions, Skipped};
use crate::datum::ReadDatum;
use crate::error::Result;
use crate::observe::{self, Framing, Op};
use crate::schema::Schema;

/// Reads an object container file from a `tokio::io::AsyncRead`, as a
/// [`Stream`] of records: typed values of a derived type, or
/// [`Value`](crate::Value)s (feature `tokio`).
///
/// It is the blocking [`Reader`](super::Reader) driven by polls: the same
/// parsers, decoder and [`ReaderOptions`], so it gives the same records,
/// the same errors (damage named by block and offset, invalid records by
/// block and record) and, with
/// [`skip_damaged`](ReaderOptions::skip_damaged), the same
/// [`skipped`](AsyncReader::skipped) list. Memory holds one block (as
/// stored and decompressed) and one record at a time.
///
/// An error of the `AsyncRead` is handled as the blocking reader handles
/// one of its `Read`: an error of category
/// [`Io`](crate::error::Category::Io), no damage, nothing skipped, and the
/// next poll reads again from where the input stopped; an input that
/// fails again before giving another byte ends the stream after that
/// error.
///
/// # Cancellation
///
/// - The future of [`new`](AsyncReader::new) or
///   [`with_options`](AsyncReader::with_options) owns the input: dropped,
///   it drops the input and whatever of the header it had read.
/// - Polling the stream is cancel-safe: a record is only taken from the
///   reader when `poll_next` returns it, and bytes read before a `Pending`
///   stay in the reader's buffer. Dropping a `next()` future (in a
///   `select!`, a timeout) loses nothing; the next poll goes on where the
///   last stopped.
///
/// ```
/// use avrox::ocf::{AsyncReader, Writer};
/// use avrox::Avro;
/// use futures_util::TryStreamExt;
///
/// #[derive(Avro, Debug, PartialEq)]
/// struct Reading { sensor: String, celsius: f64 }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), avrox::Error> {
/// let mut w = Writer::<Reading, _>::new(Vec::new())?;
/// w.append(&Reading { sensor: "t-1".into(), celsius: 21.5 })?;
/// let file = w.finish()?;
///
/// // Any AsyncRead: a tokio::fs::File, a socket, or here a slice.
/// let reader = AsyncReader::<Reading, _>::new(&file[..]).await?;
/// assert_eq!(reader.header().codec().name(), "null");
/// let readings: Vec<Reading> = reader.try_collect().await?;
/// assert_eq!(readings, [Reading { sensor: "t-1".into(), celsius: 21.5 }]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct AsyncReader<T: ReadDatum, R> {
    inner: R,
    filler: Filler,
    blocks: BlockParser,
    records: RecordParser<T>,
}

impl<T: ReadDatum> AsyncReader<T, tokio::fs::File> {
    /// Opens the file at `path` (on tokio's blocking pool, as
    /// `tokio::fs` does).
    pub async fn open(path: impl AsRef<std::path::Path>) -> Result<Self> {
        AsyncReader::new(tokio::fs::File::open(path).await?).await
    }
}

impl<T: ReadDatum, R: AsyncRead + Unpin> AsyncReader<T, R> {
    /// Reads the header from `inner`, with the default [`ReaderOptions`].
    pub async fn new(inner: R) -> Result<AsyncReader<T, R>> {
        AsyncReader::with_options(inner, ReaderOptions::new()).await
    }

    /// Reads the header from `inner`.
    ///
    /// Fails when the header is damaged, names an unknown codec, or when
    /// the records cannot be read as `T` (or as the options' reader schema).
    pub async fn with_options(inner: R, options: ReaderOptions) -> Result<AsyncReader<T, R>> {
        let opened = AsyncReader::start(inner, options).await;
        opened.inspect_err(|e| observe::failure(Op::Decode, Framing::Ocf, T::own_schema, e))
    }

    /// [`with_options`](AsyncReader::with_options)'s work; its failure is
    /// observed there, as the blocking reader's is.
    async fn start(mut inner: R, options: ReaderOptions) -> Result<AsyncReader<T, R>> {
        let mut filler = Filler::new();
        let header = filler
            .drive(&mut inner, |buf| read_header(buf, &options))
            .await?;
        let blocks = BlockParser::new(header, options);
        let records = RecordParser::new(&blocks)?;
        Ok(AsyncReader {
            inner,
            filler,
            blocks,
            records,
        })
    }
}

impl<T: ReadDatum, R> AsyncReader<T, R> {
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
        &self.inner
    }

    /// The underlying reader; the bytes read ahead into the reader's
    /// buffer are lost.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<T: ReadDatum, R: AsyncRead + Unpin> Stream for AsyncReader<T, R>
where
    Self: Unpin,
{
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = self.get_mut();
        loop {
            match this.records.next(&mut this.blocks, &mut this.filler.buf) {
                Ok(item) => return Poll::Ready(item),
                Err(need) => {
                    if this
                        .filler
                        .poll_fill(cx, &mut this.inner, need.0)
                        .is_pending()
                    {
                        return Poll::Pending;
                    }
                }
            }
        }
    }
}
