//! The buffer between a `std::io::Read` and the slice parsers: it holds at
//! most the block being read and one chunk beyond it.

use std::io::{self, Read};

/// The least that is asked of the underlying reader at a time.
const CHUNK: usize = 64 << 10;

#[derive(Debug)]
pub(crate) struct Source<R> {
    inner: R,
    /// Bytes `start..end` are read and not consumed; the rest is room to
    /// read into (zeroed once, when the buffer grows).
    buf: Vec<u8>,
    start: usize,
    end: usize,
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
            end: 0,
            eof: false,
            offset: 0,
        }
    }

    /// The bytes read and not consumed yet.
    pub(crate) fn available(&self) -> &[u8] {
        &self.buf[self.start..self.end]
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
        while self.end - self.start < n && !self.eof {
            // A buffer of twice what is wanted (and at least four chunks),
            // so that reads are never tiny and the unread bytes, moved to
            // the front when the wanted bytes would not fit behind them or
            // there is no room left to read into, move rarely.
            let room = n.saturating_mul(2).max(4 * CHUNK);
            let grow = self.buf.len() < room;
            if grow || self.buf.len() - self.start < n || self.end == self.buf.len() {
                if self.start > 0 {
                    self.buf.copy_within(self.start..self.end, 0);
                    self.end -= self.start;
                    self.start = 0;
                }
                if grow {
                    self.buf.resize(room, 0);
                }
            }
            let read = loop {
                match self.inner.read(&mut self.buf[self.end..]) {
                    Ok(read) => break read,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.end += read;
            if read == 0 {
                self.eof = true;
            }
        }
        Ok(self.end - self.start)
    }

    /// Drops `n` available bytes.
    pub(crate) fn consume(&mut self, n: usize) {
        debug_assert!(n <= self.end - self.start);
        self.start += n;
        self.offset += n as u64;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
    }

    pub(crate) fn into_inner(self) -> R {
        self.inner
    }

    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }
}
