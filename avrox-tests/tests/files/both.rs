//! The container-file tests run against the blocking and the async reader
//! and writer at once: [`Reader`] and [`Writer`] here have the blocking
//! ones' API, and each call is made on both. The blocking reader and
//! `AsyncReader` (fed through [`Trickle`], which gives short reads and
//! returns `Pending` before each) must agree on every record, every error
//! (compared whole, with its offset, block and source) and every skipped
//! stretch, after every step; `Writer` and `AsyncWriter` must write the
//! same bytes (the random sync marker aside). The tests then check the
//! blocking results, which are the async ones.

use std::borrow::Borrow;
use std::fmt::Debug;
use std::future::Future;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use avrox::ocf::{self, AsyncReader, AsyncWriter, Header, RawBlock, ReaderOptions, Skipped};
use avrox::{ReadDatum, WriteDatum};
use avrox::{Result, Schema};
use futures_util::StreamExt;
use tokio::io::{AsyncRead, ReadBuf};

/// Runs a future of in-memory I/O to its end: every `Pending` of
/// [`Trickle`] has woken the task already, so polling again is right.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// An `AsyncRead` over bytes that returns `Pending` before every read and
/// then gives a few bytes: 1, 2, 3, 5, 64 and 4096 in turn, so every
/// parser step is cut at many places.
#[derive(Debug)]
pub struct Trickle {
    data: Vec<u8>,
    pos: usize,
    reads: usize,
    ready: bool,
    sizes: &'static [usize],
}

impl Trickle {
    pub fn new(data: Vec<u8>) -> Trickle {
        Trickle::with_sizes(data, &[1, 2, 3, 5, 64, 4096])
    }

    /// Reads of these sizes in turn.
    pub fn with_sizes(data: Vec<u8>, sizes: &'static [usize]) -> Trickle {
        Trickle {
            data,
            pos: 0,
            reads: 0,
            ready: false,
            sizes,
        }
    }
}

impl AsyncRead for Trickle {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if !self.ready {
            self.ready = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.ready = false;
        let size = self.sizes[self.reads % self.sizes.len()];
        self.reads += 1;
        let n = size.min(buf.remaining()).min(self.data.len() - self.pos);
        buf.put_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

/// Checks the two give the same thing, but for the name of the writer
/// an error message suggests.
fn same<A: Debug, B: Debug>(blocking: &A, nonblocking: &B, what: &str) {
    let a = format!("{blocking:?}");
    let b = format!("{nonblocking:?}").replace("AsyncWriter::", "Writer::");
    assert_eq!(a, b, "the blocking and async readers differ in {what}");
}

/// The blocking reader and the async one over the same bytes, stepped
/// together.
#[derive(Debug)]
pub struct Reader<T: ReadDatum, R> {
    blocking: ocf::Reader<T, &'static [u8]>,
    nonblocking: AsyncReader<T, Trickle>,
    _input: std::marker::PhantomData<R>,
}

impl<T: ReadDatum + Debug + Unpin> Reader<T, std::fs::File> {
    pub fn open(path: impl AsRef<Path>) -> Result<Reader<T, std::fs::File>> {
        Reader::new(std::fs::File::open(path)?)
    }
}

impl<T: ReadDatum + Debug + Unpin, R: Read> Reader<T, R> {
    pub fn new(inner: R) -> Result<Reader<T, R>> {
        Reader::with_options(inner, ReaderOptions::new())
    }

    pub fn with_options(mut inner: R, options: ReaderOptions) -> Result<Reader<T, R>> {
        let mut bytes = Vec::new();
        inner.read_to_end(&mut bytes)?;
        // The blocking reader borrows its input for the test's length.
        let leaked: &'static [u8] = Box::leak(bytes.clone().into_boxed_slice());
        let blocking = ocf::Reader::<T, _>::with_options(leaked, options.clone());
        let nonblocking = block_on(AsyncReader::<T, _>::with_options(
            Trickle::new(bytes),
            options,
        ));
        same(
            &blocking.as_ref().err(),
            &nonblocking.as_ref().err(),
            "opening",
        );
        let (blocking, nonblocking) = (blocking?, nonblocking?);
        same(blocking.header(), nonblocking.header(), "the header");
        Ok(Reader {
            blocking,
            nonblocking,
            _input: std::marker::PhantomData,
        })
    }

    pub fn header(&self) -> &Header {
        self.blocking.header()
    }

    pub fn writer_schema(&self) -> &Schema {
        self.blocking.writer_schema()
    }

    pub fn skipped(&self) -> &[Skipped] {
        self.blocking.skipped()
    }
}

impl<T: ReadDatum + Debug + Unpin, R: Read> Iterator for Reader<T, R>
where
    AsyncReader<T, Trickle>: Unpin,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        let blocking = self.blocking.next();
        let nonblocking = block_on(self.nonblocking.next());
        same(&blocking, &nonblocking, "a record");
        same(
            &self.blocking.skipped(),
            &self.nonblocking.skipped(),
            "what was skipped",
        );
        blocking
    }
}

/// The blocking writer and the async one, given the same calls: the
/// blocking one writes to the test's output (through a [`Tee`] that keeps
/// a copy), the async one to a cursor over a copy of it.
#[derive(Debug)]
pub struct Writer<T: ?Sized, W: Write> {
    blocking: ocf::Writer<T, Tee<W>>,
    nonblocking: AsyncWriter<T, Cursor<Vec<u8>>>,
    /// Where the async writer started writing.
    start: usize,
}

/// A writer that keeps a copy of what is written through it.
#[derive(Debug)]
pub struct Tee<W> {
    inner: W,
    copy: Vec<u8>,
}

impl<W: Write> Write for Tee<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.copy.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Read> Read for Tee<W> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<W: Seek> Seek for Tee<W> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

fn both<A: Debug, B: Debug>(blocking: Result<A>, nonblocking: Result<B>) -> Result<(A, B)> {
    same(
        &blocking.as_ref().err(),
        &nonblocking.as_ref().err(),
        "an error",
    );
    Ok((blocking?, nonblocking?))
}

fn tee<W>(inner: W) -> Tee<W> {
    Tee {
        inner,
        copy: Vec::new(),
    }
}

impl<T: WriteDatum + Debug, W: Write + Debug> Writer<T, W> {
    pub fn new(inner: W) -> Result<Writer<T, W>> {
        Writer::with_options(inner, ocf::WriterOptions::new())
    }

    pub fn with_options(inner: W, options: ocf::WriterOptions) -> Result<Writer<T, W>> {
        let b = ocf::Writer::with_options(tee(inner), options.clone());
        let a = block_on(AsyncWriter::with_options(Cursor::new(Vec::new()), options));
        let (blocking, nonblocking) = both(b, a)?;
        Ok(Writer {
            blocking,
            nonblocking,
            start: 0,
        })
    }

    pub fn with_schema(
        inner: W,
        schema: Schema,
        options: ocf::WriterOptions,
    ) -> Result<Writer<T, W>> {
        let b = ocf::Writer::with_schema(tee(inner), schema.clone(), options.clone());
        let a = block_on(AsyncWriter::with_schema(
            Cursor::new(Vec::new()),
            schema,
            options,
        ));
        let (blocking, nonblocking) = both(b, a)?;
        Ok(Writer {
            blocking,
            nonblocking,
            start: 0,
        })
    }
}

impl<T: WriteDatum + Debug, W: Read + Write + Seek + Debug> Writer<T, W> {
    pub fn append_to(file: W) -> Result<Writer<T, W>> {
        Writer::append_with_options(file, ocf::WriterOptions::new())
    }

    pub fn append_with_options(mut file: W, options: ocf::WriterOptions) -> Result<Writer<T, W>> {
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(0))?;
        file.read_to_end(&mut bytes)?;
        let start = bytes.len();
        let b = ocf::Writer::append_with_options(tee(file), options.clone());
        let a = block_on(AsyncWriter::append_with_options(
            Cursor::new(bytes),
            options,
        ));
        let (blocking, nonblocking) = both(b, a)?;
        Ok(Writer {
            blocking,
            nonblocking,
            start,
        })
    }
}

impl<T: ?Sized + WriteDatum + Debug, W: Write + Debug> Writer<T, W> {
    pub fn header(&self) -> &Header {
        same(
            self.blocking.header().schema(),
            self.nonblocking.header().schema(),
            "the schema",
        );
        self.blocking.header()
    }

    pub fn pending_records(&self) -> u64 {
        let n = self.blocking.pending_records();
        assert_eq!(n, self.nonblocking.pending_records());
        n
    }

    pub fn append(&mut self, value: &T) -> Result<()> {
        let b = self.blocking.append(value);
        let a = block_on(self.nonblocking.append(value));
        both(b, a).map(drop)
    }

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

    pub fn append_encoded(&mut self, datum: &[u8]) -> Result<()> {
        let b = self.blocking.append_encoded(datum);
        let a = block_on(self.nonblocking.append_encoded(datum));
        both(b, a).map(drop)
    }

    pub fn write_raw_block(&mut self, block: &RawBlock) -> Result<()> {
        let b = self.blocking.write_raw_block(block);
        let a = block_on(self.nonblocking.write_raw_block(block));
        both(b, a).map(drop)
    }

    pub fn flush(&mut self) -> Result<()> {
        let b = self.blocking.flush();
        let a = block_on(self.nonblocking.flush());
        both(b, a).map(drop)
    }

    /// The blocking writer's output, once what it wrote is checked to be
    /// what the async one wrote, with its sync marker in place of the
    /// other's.
    pub fn finish(self) -> Result<W> {
        let b_sync = *self.blocking.header().sync();
        let a_sync = *self.nonblocking.header().sync();
        let (b, a) = both(self.blocking.finish(), block_on(self.nonblocking.finish()))?;
        let a = a.into_inner();
        assert_eq!(
            b.copy,
            replace(&a[self.start..], &a_sync, &b_sync),
            "the blocking and async writers wrote other bytes"
        );
        Ok(b.inner)
    }
}

/// `bytes` with every `from` replaced by `to` (sync markers, which no
/// other 16 bytes of a test's file equal).
fn replace(bytes: &[u8], from: &[u8; 16], to: &[u8; 16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += 16;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}
