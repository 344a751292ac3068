//! The container-file readers and writers, blocking and async, behind one
//! API: each file case of `counts` and `spans` runs through both drivers,
//! which must report the same metrics and spans (they share the parser and
//! encoder that observe the file).

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use avrox::ocf::{AsyncReader, AsyncWriter, Reader, ReaderOptions, Writer, WriterOptions};
use avrox::{ReadDatum, Result, WriteDatum};
use futures_util::StreamExt;

/// A driver of container files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Driver {
    Blocking,
    Async,
}

pub const DRIVERS: [Driver; 2] = [Driver::Blocking, Driver::Async];

/// Runs a future of in-memory I/O to its end: slices and `Vec`s are
/// always ready, so polling again is right.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

impl Driver {
    /// Every record of `file` read as `T`, or the error of opening it.
    pub fn read<T: ReadDatum + Unpin>(self, file: &[u8]) -> Result<Vec<Result<T>>>
    where
        T::Decoder: Unpin,
    {
        self.read_with(file, ReaderOptions::new())
    }

    /// Every record of `file` read as `T` with `options`, or the error of
    /// opening it.
    pub fn read_with<T: ReadDatum + Unpin>(
        self,
        file: &[u8],
        options: ReaderOptions,
    ) -> Result<Vec<Result<T>>>
    where
        T::Decoder: Unpin,
    {
        match self {
            Driver::Blocking => Ok(Reader::<T, _>::with_options(file, options)?.collect()),
            Driver::Async => block_on(async {
                let reader = AsyncReader::<T, _>::with_options(file, options).await?;
                Ok(reader.collect().await)
            }),
        }
    }

    /// The first `n` records of `file` read as `T` through `take(n)`; the
    /// reader is dropped after them.
    pub fn read_first<T: ReadDatum + Unpin>(self, file: &[u8], n: usize) -> Result<Vec<T>>
    where
        T::Decoder: Unpin,
    {
        match self {
            Driver::Blocking => Reader::<T, _>::new(file)?.take(n).collect(),
            Driver::Async => block_on(async {
                let reader = AsyncReader::<T, _>::new(file).await?;
                reader
                    .take(n)
                    .collect::<Vec<_>>()
                    .await
                    .into_iter()
                    .collect()
            }),
        }
    }

    /// A writer of a new file of `T`'s own schema into a `Vec`.
    pub fn writer<T: WriteDatum>(self, options: WriterOptions) -> FileWriter<T> {
        match self {
            Driver::Blocking => {
                FileWriter::Blocking(Writer::with_options(Vec::new(), options).unwrap())
            }
            Driver::Async => {
                FileWriter::Async(block_on(AsyncWriter::with_options(Vec::new(), options)).unwrap())
            }
        }
    }
}

/// A blocking or async writer into a `Vec`, with the blocking API.
pub enum FileWriter<T: WriteDatum> {
    Blocking(Writer<T, Vec<u8>>),
    Async(AsyncWriter<T, Vec<u8>>),
}

impl<T: WriteDatum> FileWriter<T> {
    /// The bytes written so far.
    pub fn written(&self) -> usize {
        match self {
            FileWriter::Blocking(w) => w.get_ref().len(),
            FileWriter::Async(w) => w.get_ref().len(),
        }
    }

    pub fn append(&mut self, value: &T) -> Result<()> {
        match self {
            FileWriter::Blocking(w) => w.append(value),
            FileWriter::Async(w) => block_on(w.append(value)),
        }
    }

    pub fn extend(&mut self, values: impl IntoIterator<Item = T>) -> Result<()> {
        values.into_iter().try_for_each(|v| self.append(&v))
    }

    pub fn append_encoded(&mut self, datum: &[u8]) -> Result<()> {
        match self {
            FileWriter::Blocking(w) => w.append_encoded(datum),
            FileWriter::Async(w) => block_on(w.append_encoded(datum)),
        }
    }

    pub fn write_raw_block(&mut self, block: &avrox::ocf::RawBlock) -> Result<()> {
        match self {
            FileWriter::Blocking(w) => w.write_raw_block(block),
            FileWriter::Async(w) => block_on(w.write_raw_block(block)),
        }
    }

    pub fn flush(&mut self) -> Result<()> {
        match self {
            FileWriter::Blocking(w) => w.flush(),
            FileWriter::Async(w) => block_on(w.flush()),
        }
    }

    pub fn finish(self) -> Result<Vec<u8>> {
        match self {
            FileWriter::Blocking(w) => w.finish(),
            FileWriter::Async(w) => block_on(w.finish()),
        }
    }
}
