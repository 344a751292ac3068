//! A progress bar on stderr for long work (indicatif's, the bar users of
//! Rust command-line tools know: rate, ETA, fitted to the terminal's
//! width), drawn only when stderr is a terminal: piped or redirected
//! output stays clean.

use std::fmt;
use std::io::{self, IsTerminal, Read};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How long work runs before its bar appears: short work draws nothing,
/// rather than a bar that flashes and vanishes.
const DELAY: Duration = Duration::from_millis(300);
/// Redraws a second.
const REFRESH_HZ: u8 = 8;

/// Progress through some amount of work: bytes of an input, or records.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    /// Whether the bar may be drawn: stderr is a terminal, and the work is
    /// not finished.
    enabled: bool,
    /// Whether the bar draws on stderr yet (after [`DELAY`]).
    shown: bool,
}

#[derive(Debug, Clone, Copy)]
pub enum Unit {
    Bytes,
    Records,
}

impl Progress {
    /// A progress bar, drawn when stderr is a terminal.
    pub fn new(label: &'static str, unit: Unit, total: Option<u64>) -> Progress {
        // Hidden until DELAY has passed; hidden for good when stderr is
        // not a terminal.
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden())
            .with_style(style(unit, total.is_some()))
            .with_message(label);
        Progress {
            bar,
            started: Instant::now(),
            enabled: io::stderr().is_terminal(),
            shown: false,
        }
    }

    /// Notes `n` more units done.
    pub fn advance(&mut self, n: u64) {
        self.bar.inc(n);
        if self.enabled && !self.shown && self.started.elapsed() >= DELAY {
            self.shown = true;
            self.bar
                .set_draw_target(ProgressDrawTarget::stderr_with_hz(REFRESH_HZ));
        }
    }

    /// Clears the bar, if one was drawn, and draws no more.
    pub fn finish(&mut self) {
        if self.shown {
            self.bar.finish_and_clear();
        }
        self.enabled = false;
        self.shown = false;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The bar's look: the label, a bar fitted to the terminal when the total
/// is known (else a spinner), the amount, the rate and the time left.
fn style(unit: Unit, known_total: bool) -> ProgressStyle {
    // The templates are constants, checked by `every_template_parses`;
    // indicatif's own style stands in rather than a panic.
    ProgressStyle::with_template(template(unit, known_total))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("#>-")
        // indicatif's `per_sec` gives four decimals of records a second.
        .with_key(
            "records_per_sec",
            |state: &ProgressState, out: &mut dyn fmt::Write| {
                let _ = write!(out, "{:.0}/s", state.per_sec());
            },
        )
}

fn template(unit: Unit, known_total: bool) -> &'static str {
    match (unit, known_total) {
        (Unit::Bytes, true) => {
            "{msg} {wide_bar} {percent:>3}% {binary_bytes}/{binary_total_bytes} \
             {binary_bytes_per_sec} ETA {eta}"
        }
        (Unit::Bytes, false) => "{msg} {spinner} {binary_bytes} {binary_bytes_per_sec}",
        (Unit::Records, true) => {
            "{msg} {wide_bar} {percent:>3}% {human_pos}/{human_len} records {records_per_sec} ETA {eta}"
        }
        (Unit::Records, false) => "{msg} {spinner} {human_pos} records {records_per_sec}",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        for unit in [Unit::Bytes, Unit::Records] {
            for known_total in [true, false] {
                let template = template(unit, known_total);
                assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
            }
        }
    }
}
