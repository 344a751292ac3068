//! Errors of the input are no damage: the blocking and async readers
//! return them, lose nothing to them, and read on when asked again; an
//! input that fails again without giving a byte ends the reading.

use std::io::{self, Read};
use std::pin::Pin;
use std::task::{Context, Poll};

use avrox::error::Category;
use avrox::ocf::{AsyncReader, BlockReader, Reader, ReaderOptions, Writer, WriterOptions};
use avrox::{Error, Result};
use futures_util::StreamExt;
use tokio::io::{AsyncRead, ReadBuf};

use crate::both::block_on;

/// A file of four blocks (500, 700, 1 and 600 records, some 9 KB: more
/// than the header's read-ahead) and its records.
fn file() -> (Vec<u8>, Vec<i64>) {
    let mut w = Writer::<i64, _>::with_options(Vec::new(), WriterOptions::new()).unwrap();
    let mut records = Vec::new();
    for (block, n) in [500, 700, 1, 600].into_iter().enumerate() {
        for i in 0..n {
            let record = block as i64 * 1_000_000 + i * 997;
            w.append(&record).unwrap();
            records.push(record);
        }
        w.flush().unwrap();
    }
    (w.finish().unwrap(), records)
}

/// The length of the file's header: up to its first sync marker.
fn header_len(file: &[u8]) -> usize {
    let sync = *BlockReader::new(file).unwrap().header().sync();
    file.windows(16).position(|w| w == sync).unwrap() + 16
}

/// A source that gives at most 7 bytes a read and fails with `TimedOut`
/// when a read starts at byte `fail_at`: once, or every time.
#[derive(Debug)]
struct Flaky {
    data: Vec<u8>,
    pos: usize,
    fail_at: usize,
    forever: bool,
}

impl Flaky {
    fn new(data: &[u8], fail_at: usize, forever: bool) -> Flaky {
        Flaky {
            data: data.to_vec(),
            pos: 0,
            fail_at,
            forever,
        }
    }

    fn give(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.fail_at {
            if !self.forever {
                self.fail_at = usize::MAX;
            }
            return Err(io::Error::new(io::ErrorKind::TimedOut, "the disk is slow"));
        }
        let mut end = (self.pos + out.len().min(7)).min(self.data.len());
        if self.fail_at > self.pos {
            end = end.min(self.fail_at);
        }
        let n = end - self.pos;
        out[..n].copy_from_slice(&self.data[self.pos..end]);
        self.pos = end;
        Ok(n)
    }
}

impl Read for Flaky {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.give(out)
    }
}

impl AsyncRead for Flaky {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = self.give(buf.initialize_unfilled())?;
        buf.advance(n);
        Poll::Ready(Ok(()))
    }
}

/// What a loop that passes over errors gets: the records, the errors, and
/// what was skipped; `Err` if the reader could not be opened.
type Outcome = std::result::Result<(Vec<i64>, Vec<Error>, usize), Error>;

fn read_blocking(source: Flaky, options: ReaderOptions) -> Outcome {
    let reader = Reader::<i64, _>::with_options(source, options)?;
    let (mut records, mut errors) = (Vec::new(), Vec::new());
    let mut reader = reader.into_iter();
    for result in reader.by_ref() {
        match result {
            Ok(record) => records.push(record),
            Err(e) => errors.push(e),
        }
        assert!(errors.len() <= 10, "the reader yields errors forever");
    }
    Ok((records, errors, reader.skipped().len()))
}

fn read_async(source: Flaky, options: ReaderOptions) -> Outcome {
    block_on(async {
        let mut reader = AsyncReader::<i64, _>::with_options(source, options).await?;
        let (mut records, mut errors) = (Vec::new(), Vec::new());
        while let Some(result) = reader.next().await {
            match result {
                Ok(record) => records.push(record),
                Err(e) => errors.push(e),
            }
            assert!(errors.len() <= 10, "the reader yields errors forever");
        }
        Ok((records, errors, reader.skipped().len()))
    })
}

/// Both drivers over the same source: they must agree.
fn read_both(file: &[u8], fail_at: usize, forever: bool, options: ReaderOptions) -> Outcome {
    let blocking = read_blocking(Flaky::new(file, fail_at, forever), options.clone());
    let nonblocking = read_async(Flaky::new(file, fail_at, forever), options);
    assert_eq!(
        format!("{blocking:?}"),
        format!("{nonblocking:?}"),
        "the blocking and async readers differ, failing at byte {fail_at}"
    );
    blocking
}

fn assert_timed_out(e: &Error) {
    assert_eq!(e.category(), Category::Io, "{e:#}");
    let io = std::error::Error::source(e)
        .and_then(|s| s.downcast_ref::<io::Error>())
        .expect("the io::Error is the source");
    assert_eq!(io.kind(), io::ErrorKind::TimedOut);
    assert_eq!(
        e.block(),
        None,
        "an error of the input is in no block: {e:#}"
    );
}

/// A read that fails once, at any byte of the file: after it, reading
/// goes on and gives every record, and nothing is taken for damage. (A
/// failure in what the header's read took ahead of the header is met
/// again by no one: the first block's read asks again.)
#[test]
fn a_read_failing_once_anywhere_loses_nothing() {
    let (file, records) = file();
    let header = header_len(&file);
    for skip in [false, true] {
        let options = ReaderOptions::new().skip_damaged(skip);
        let mut reported = 0;
        for fail_at in 0..=file.len() {
            match read_both(&file, fail_at, false, options.clone()) {
                Err(e) => {
                    assert!(fail_at < header, "failed opening at byte {fail_at}: {e:#}");
                    assert_timed_out(&e);
                }
                Ok((read, errors, skipped)) => {
                    assert!(fail_at >= header, "the header read failed, at {fail_at}");
                    assert_eq!(read, records, "failing at {fail_at}, skip_damaged {skip}");
                    assert!(errors.len() <= 1, "failing at {fail_at}: {errors:?}");
                    errors.iter().for_each(assert_timed_out);
                    reported += errors.len();
                    assert_eq!(skipped, 0, "failing at {fail_at}, skip_damaged {skip}");
                }
            }
        }
        assert!(reported > file.len() / 4, "only {reported} failures met");
    }
}

/// A read that fails for good: the records before it, then the error,
/// once more on the retry, and the end; nothing is taken for damage.
#[test]
fn a_read_failing_for_good_ends_after_its_retry() {
    let (file, records) = file();
    let header = header_len(&file);
    for skip in [false, true] {
        let options = ReaderOptions::new().skip_damaged(skip);
        for fail_at in header..file.len() {
            let (read, errors, skipped) = read_both(&file, fail_at, true, options.clone())
                .unwrap_or_else(|e| panic!("failing at {fail_at}: {e:#}"));
            assert!(records.starts_with(&read), "failing at {fail_at}");
            assert!(read.len() < records.len(), "failing at {fail_at}");
            assert_eq!(errors.len(), 2, "failing at {fail_at}: {errors:?}");
            errors.iter().for_each(assert_timed_out);
            assert_eq!(skipped, 0, "failing at {fail_at}, skip_damaged {skip}");
        }
    }
}

/// The reader is usable after an error of the input: `next` is the retry.
#[test]
fn next_after_an_input_error_retries() -> Result<()> {
    let (file, records) = file();
    let fail_at = file.len() - 100;
    let mut reader = Reader::<i64, _>::new(Flaky::new(&file, fail_at, false))?;
    let mut read = Vec::new();
    let e = loop {
        match reader.next().expect("an error before the end") {
            Ok(record) => read.push(record),
            Err(e) => break e,
        }
    };
    assert_timed_out(&e);
    assert_eq!(e.offset(), Some(fail_at), "{e:#}");
    read.extend(reader.collect::<Result<Vec<_>>>()?);
    assert_eq!(read, records);
    Ok(())
}
