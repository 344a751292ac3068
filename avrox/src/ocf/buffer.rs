//! The bytes between an input and the slice parsers: at most the block
//! being read and what was asked for beyond it.
//!
//! The parsers never read: when the bytes they need are not there they
//! say how many they want ([`NeedMore`]), and a driver fills the buffer
//! from its input and asks again. [`Buffer::fill_from`] is the
//! `std::io::Read` driver's filling; the `tokio` one is in
//! `ocf/async_io.rs`. Both leave the same state behind, so the parsers
//! cannot tell them apart.

use std::io::{self, Read};

/// A parser needs this many bytes available (or the input's end) before
/// it can go on; it keeps no state of the attempt, so it is asked again
/// from the same place once they are there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NeedMore(pub(crate) usize);

/// What a parser step gives: its result, or the bytes it needs first.
pub(crate) type Step<T> = Result<T, NeedMore>;

/// Runs a parser step, filling `buf` from `inner` as it asks: the
/// blocking driver.
#[inline]
pub(crate) fn drive<R: Read, T>(
    inner: &mut R,
    buf: &mut Buffer,
    mut step: impl FnMut(&mut Buffer) -> Step<T>,
) -> T {
    loop {
        match step(buf) {
            Ok(done) => return done,
            Err(NeedMore(n)) => buf.fill_from(inner, n),
        }
    }
}

/// The most room reserved ahead of the bytes that fill it.
const RESERVE_AHEAD: usize = 1 << 20;

#[derive(Debug, Default)]
pub(crate) struct Buffer {
    /// Bytes `start..` are read and not consumed. The buffer's length is
    /// what has been read: the blocking driver appends into its spare
    /// capacity, which is never zeroed (`read_to_end` lends it to readers
    /// that take uninitialised memory, as slices and files do).
    buf: Vec<u8>,
    start: usize,
    eof: bool,
    /// The file offset of `buf[start]`.
    offset: u64,
    /// An error the input gave while filling, handed to the parser at its
    /// next [`want`](Buffer::want), where a blocking read would have
    /// returned it.
    error: Option<io::Error>,
}

impl Buffer {
    pub(crate) fn new() -> Buffer {
        Buffer::default()
    }

    /// The bytes read and not consumed yet.
    pub(crate) fn available(&self) -> &[u8] {
        // `start` only moves over bytes in `buf` (`consume` is given
        // counts of available bytes), and compaction moves both.
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// The file offset of the first available byte.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// The file offset just past the bytes read so far: it moves only when
    /// the input gives bytes.
    pub(crate) fn input_end(&self) -> u64 {
        self.offset + (self.buf.len() - self.start) as u64
    }

    /// Whether the input has ended.
    pub(crate) fn at_eof(&self) -> bool {
        self.eof
    }

    /// How many bytes are available, once at least `n` are or the input
    /// has ended; else how many the parser needs. An error of the input
    /// met while filling is returned here, once.
    #[inline]
    pub(crate) fn want(&mut self, n: usize) -> Result<io::Result<usize>, NeedMore> {
        if let Some(e) = self.error.take() {
            return Ok(Err(e));
        }
        let available = self.buf.len() - self.start;
        if available >= n || self.eof {
            Ok(Ok(available))
        } else {
            Err(NeedMore(n))
        }
    }

    /// How many bytes are missing for `n` to be available (0 at the end
    /// of the input), after making room for them behind the unread ones.
    pub(crate) fn prepare(&mut self, n: usize) -> usize {
        let available = self.buf.len() - self.start;
        if available >= n || self.eof {
            return 0;
        }
        let missing = n - available;
        // The unread bytes move to the front only when the missing ones
        // would not fit behind them without growing the buffer.
        if self.start > 0 && self.buf.capacity() - self.buf.len() < missing {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        // Room for what a block claims is taken as its bytes come, past
        // the first MiB: a short input claiming a huge block costs what it
        // holds, not what it claims.
        self.buf.reserve(missing.min(RESERVE_AHEAD));
        missing
    }

    /// The vector reads append to (after [`prepare`](Buffer::prepare)).
    #[cfg(feature = "tokio")]
    pub(crate) fn tail(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Notes that the input ended.
    #[cfg(feature = "tokio")]
    pub(crate) fn set_eof(&mut self) {
        self.eof = true;
    }

    /// Keeps an error of the input for the parser's next `want`.
    #[cfg(feature = "tokio")]
    pub(crate) fn set_error(&mut self, e: io::Error) {
        self.error = Some(e);
    }

    /// Reads from `inner` until at least `n` bytes are available or the
    /// input ends; an error is kept for the parser (see
    /// [`want`](Buffer::want)).
    ///
    /// Asks for exactly the bytes missing, so that nothing is read (or
    /// waited for, on a pipe) past what the parser needs; parsers ask for
    /// whole blocks, so the reads are large where the data is.
    pub(crate) fn fill_from<R: Read>(&mut self, inner: &mut R, n: usize) {
        let missing = self.prepare(n);
        if missing == 0 {
            return;
        }
        let before = self.buf.len();
        let read = inner.take(missing as u64).read_to_end(&mut self.buf);
        // Bytes read before an error stay in the buffer, as they were read.
        match read {
            Ok(_) if self.buf.len() - before < missing => self.eof = true,
            Ok(_) => {}
            Err(e) => self.error = Some(e),
        }
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

    fn fill(b: &mut Buffer, inner: &mut Trickle<'_>, n: usize) -> io::Result<usize> {
        drive(inner, b, |b| b.want(n))
    }

    #[test]
    fn reads_exactly_what_is_asked() {
        let data: Vec<u8> = (0..100).collect();
        let mut t = Trickle {
            data: &data,
            fail_after: usize::MAX,
            given: 0,
        };
        let mut s = Buffer::new();
        assert_eq!(fill(&mut s, &mut t, 10).unwrap(), 10);
        assert_eq!(t.given, 10, "nothing read past what was asked");
        assert_eq!(s.available(), &data[..10]);
        s.consume(4);
        assert_eq!(s.offset(), 4);
        assert_eq!(fill(&mut s, &mut t, 50).unwrap(), 50);
        assert_eq!(s.available(), &data[4..54]);
        s.consume(50);
        assert!(!s.at_eof());
        assert_eq!(fill(&mut s, &mut t, 1000).unwrap(), 46);
        assert!(s.at_eof());
        assert_eq!(s.available(), &data[54..]);
        assert_eq!(fill(&mut s, &mut t, 2000).unwrap(), 46);
    }

    #[test]
    fn keeps_the_bytes_read_before_an_error() {
        let data: Vec<u8> = (0..20).collect();
        let mut t = Trickle {
            data: &data,
            fail_after: 6,
            given: 0,
        };
        let mut s = Buffer::new();
        assert!(fill(&mut s, &mut t, 10).is_err());
        assert!(!s.at_eof());
        assert_eq!(s.available(), &data[..6]);
        assert_eq!(fill(&mut s, &mut t, 10).unwrap(), 10);
        assert_eq!(s.available(), &data[..10]);
    }
}
