//! A progress line on stderr for long work, drawn only when stderr is a
//! terminal: piped or redirected output stays clean.
//!
//! Hand-written rather than a progress-bar crate: one line of text redrawn
//! at most five times a second is all the commands need, and it keeps the
//! tool's dependencies to clap and avrox.

use std::io::{self, IsTerminal, Read, Write};
use std::time::{Duration, Instant};

const EVERY: Duration = Duration::from_millis(200);

/// Progress through some amount of work: bytes of an input, or records.
#[derive(Debug)]
pub struct Progress {
    label: &'static str,
    unit: Unit,
    total: Option<u64>,
    done: u64,
    last: Option<Instant>,
    enabled: bool,
}

#[derive(Debug, Clone, Copy)]
pub enum Unit {
    Bytes,
    Records,
}

impl Progress {
    /// A progress line, drawn when stderr is a terminal.
    pub fn new(label: &'static str, unit: Unit, total: Option<u64>) -> Progress {
        Progress {
            label,
            unit,
            total,
            done: 0,
            last: None,
            enabled: io::stderr().is_terminal(),
        }
    }

    /// Notes `n` more units done, and redraws if it is time.
    pub fn advance(&mut self, n: u64) {
        self.done += n;
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        match self.last {
            Some(last) if now.duration_since(last) < EVERY => {}
            // The first call only starts the clock: short work draws nothing.
            None => self.last = Some(now),
            Some(_) => {
                self.last = Some(now);
                self.draw();
            }
        }
    }

    fn draw(&self) {
        let amount = |n: u64| match self.unit {
            Unit::Bytes => format!("{:.1} MB", n as f64 / 1e6),
            Unit::Records => format!("{n} records"),
        };
        let line = match self.total {
            Some(total) if total > 0 => {
                let share = (self.done.min(total) as f64 / total as f64 * 100.0) as u32;
                let filled = (share / 5) as usize;
                format!(
                    "{} [{}{}] {share:>3}% {}",
                    self.label,
                    "#".repeat(filled),
                    " ".repeat(20 - filled),
                    amount(self.done)
                )
            }
            _ => format!("{} {}", self.label, amount(self.done)),
        };
        let _ = write!(io::stderr(), "\r{line}\x1b[K");
    }

    /// Clears the line, if one was drawn.
    pub fn finish(&mut self) {
        if self.enabled && self.last.is_some() {
            let _ = write!(io::stderr(), "\r\x1b[K");
        }
        self.enabled = false;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A reader that reports the bytes read through it to a [`Progress`].
#[derive(Debug)]
pub struct Counting<R> {
    inner: R,
    progress: Progress,
}

impl<R> Counting<R> {
    pub fn new(inner: R, progress: Progress) -> Counting<R> {
        Counting { inner, progress }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        if n == 0 {
            self.progress.finish();
        }
        Ok(n)
    }
}
