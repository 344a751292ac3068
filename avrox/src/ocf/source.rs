//! The buffer between a `std::io::Read` and the slice parsers: it holds at
//! most the block being read and what was asked for beyond it.

use std::io::{self, Read};

#[derive(Debug)]
pub(crate) struct Source<R> {
    inner: R,
    /// Bytes `start..` are read and not consumed. The buffer's length is
    /// what has been read: reading appends into its spare capacity, which
    /// is never zeroed (`read_to_end` lends it to readers that take
    /// uninitialised memory, as slices and files do).
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
    ///
    /// Asks for exactly the bytes missing, so that nothing is read (or
    /// waited for, on a pipe) past what the caller needs; callers ask for
    /// whole blocks, so the reads are large where the data is.
    pub(crate) fn fill(&mut self, n: usize) -> io::Result<usize> {
        let available = self.buf.len() - self.start;
        if available >= n || self.eof {
            return Ok(available);
        }
        let missing = n - available;
        // The unread bytes move to the front only when the missing ones
        // would not fit behind them without growing the buffer.
        if self.start > 0 && self.buf.capacity() - self.buf.len() < missing {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.reserve(missing);
        let before = self.buf.len();
        let read = (&mut self.inner)
            .take(missing as u64)
            .read_to_end(&mut self.buf);
        // Bytes read before an error stay in the buffer, as they were read.
        if self.buf.len() - before < missing && read.is_ok() {
            self.eof = true;
        }
        read?;
        Ok(self.buf.len() - self.start)
    }

    /// Drops `n` available bytes.
    pub(crate) fn consume(&mut self, n: usize) {
        debug_assert!(n <= self.buf.len() - self.start);
        self.start += n;
        self.offset += n as u64;
        if self.start == self.buf.len() {
            self.start = 0;
            self.buf.clear();
        }
    }

    pub(crate) fn into_inner(self) -> R {
        self.inner
    }

    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out at most three bytes a read, then fails once after
    /// `fail_after` bytes, as a pipe or a socket may.
    struct Trickle<'a> {
        data: &'a [u8],
        fail_after: usize,
        given: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.given == self.fail_after {
                self.fail_after = usize::MAX;
                return Err(io::Error::other("broken"));
            }
            let n = buf.len().min(3).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            self.given += n;
            Ok(n)
        }
    }

    #[test]
    fn reads_exactly_what_is_asked() {
        let data: Vec<u8> = (0..100).collect();
        let mut s = Source::new(Trickle {
            data: &data,
            fail_after: usize::MAX,
            given: 0,
        });
        assert_eq!(s.fill(10).unwrap(), 10);
        assert_eq!(s.get_ref().given, 10, "nothing read past what was asked");
        assert_eq!(s.available(), &data[..10]);
        s.consume(4);
        assert_eq!(s.offset(), 4);
        assert_eq!(s.fill(50).unwrap(), 50);
        assert_eq!(s.available(), &data[4..54]);
        s.consume(50);
        assert!(!s.at_eof());
        assert_eq!(s.fill(1000).unwrap(), 46);
        assert!(s.at_eof());
        assert_eq!(s.available(), &data[54..]);
        assert_eq!(s.fill(2000).unwrap(), 46);
    }

    #[test]
    fn keeps_the_bytes_read_before_an_error() {
        let data: Vec<u8> = (0..20).collect();
        let mut s = Source::new(Trickle {
            data: &data,
            fail_after: 6,
            given: 0,
        });
        assert!(s.fill(10).is_err());
        assert!(!s.at_eof());
        assert_eq!(s.available(), &data[..6]);
        assert_eq!(s.fill(10).unwrap(), 10);
        assert_eq!(s.available(), &data[..10]);
    }
}
