//! The `tokio` driver of the parsers: fills a [`Buffer`] from an
//! `AsyncRead`, as [`Buffer::fill_from`] does from a `std::io::Read`.

use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};

use super::buffer::{Buffer, NeedMore, Step};

/// The most read into [`Filler::scratch`] at a time.
const SCRATCH: usize = 64 << 10;

/// A buffer and the scratch space reads land in before they are appended
/// to it (so the buffer's spare capacity is never handed out, and no
/// `unsafe` is needed to claim it).
#[derive(Debug)]
pub(crate) struct Filler {
    pub(crate) buf: Buffer,
    scratch: Vec<u8>,
}

impl Filler {
    pub(crate) fn new() -> Filler {
        Filler {
            buf: Buffer::new(),
            scratch: Vec::new(),
        }
    }

    /// Reads from `inner` until at least `n` bytes are available or the
    /// input ends, keeping what each read gives: a `Pending` leaves the
    /// bytes read so far in the buffer, so a dropped future loses nothing.
    /// An error is kept for the parser, as [`Buffer::fill_from`] does.
    pub(crate) fn poll_fill<R: AsyncRead + Unpin>(
        &mut self,
        cx: &mut Context<'_>,
        inner: &mut R,
        n: usize,
    ) -> Poll<()> {
        loop {
            let missing = self.buf.prepare(n);
            if missing == 0 {
                return Poll::Ready(());
            }
            let chunk = missing.min(SCRATCH);
            if self.scratch.len() < chunk {
                self.scratch.resize(chunk, 0);
            }
            // Resized above to at least `chunk`.
            #[allow(clippy::indexing_slicing)]
            let mut read = ReadBuf::new(&mut self.scratch[..chunk]);
            match Pin::new(&mut *inner).poll_read(cx, &mut read) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(())) if read.filled().is_empty() => {
                    self.buf.set_eof();
                    return Poll::Ready(());
                }
                Poll::Ready(Ok(())) => self.buf.tail().extend_from_slice(read.filled()),
                Poll::Ready(Err(e)) if e.kind() == io::ErrorKind::Interrupted => {}
                Poll::Ready(Err(e)) => {
                    self.buf.set_error(e);
                    return Poll::Ready(());
                }
            }
        }
    }

    /// Runs a parser step to its end, filling the buffer as it asks.
    pub(crate) async fn drive<R: AsyncRead + Unpin, T>(
        &mut self,
        inner: &mut R,
        mut step: impl FnMut(&mut Buffer) -> Step<T>,
    ) -> T {
        loop {
            match step(&mut self.buf) {
                Ok(done) => return done,
                Err(NeedMore(n)) => poll_fn(|cx| self.poll_fill(cx, inner, n)).await,
            }
        }
    }
}
