//! The buffer between a `std::io::Read` and the slice parsers: it holds at
//! most the block being read and one chunk beyond it.

use std::io::{self, Read};

/// How much is asked of the underlying reader at a time.
const CHUNK: usize = 64 << 10;

#[derive(Debug)]
pub(crate) struct Source<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    eof: bool,
    /// The file offset of `buf[start]`.
    offset: u64,
}

impl<R: Read> Source<R> {
    pub(crate) fn new(inner: R) -> Source<R> {
        Source {
            inner,
            buf: Vec::new(),
            start: 0,
            eof: false,
            offset: 0,
        }
    }

    /// The bytes read and not consumed yet.
    pub(crate) fn available(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// The file offset of the first available byte.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// Whether the underlying reader has ended.
    pub(crate) fn at_eof(&self) -> bool {
        self.eof
    }

    /// Reads until at least `n` bytes are available or the input ends, and
    /// returns how many are available.
    pub(crate) fn fill(&mut self, n: usize) -> io::Result<usize> {
        while self.buf.len() - self.start < n && !self.eof {
            if self.start > 0 && self.buf.capacity() - self.buf.len() < CHUNK {
                self.buf.drain(..self.start);
                self.start = 0;
            }
            let want = (n - (self.buf.len() - self.start)).max(CHUNK);
            let len = self.buf.len();
            self.buf.resize(len + want, 0);
            let read = loop {
                match self.inner.read(&mut self.buf[len..]) {
                    Ok(read) => break read,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.truncate(len);
                        return Err(e);
                    }
                }
            };
            self.buf.truncate(len + read);
            if read == 0 {
                self.eof = true;
            }
        }
        Ok(self.buf.len() - self.start)
    }

    /// Drops `n` available bytes.
    pub(crate) fn consume(&mut self, n: usize) {
        debug_assert!(n <= self.buf.len() - self.start);
        self.start += n;
        self.offset += n as u64;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }

    pub(crate) fn into_inner(self) -> R {
        self.inner
    }

    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }
}
