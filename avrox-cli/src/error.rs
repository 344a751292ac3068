//! The error every command returns, and the exit code it maps to.
//!
//! | exit | meaning |
//! |---|---|
//! | 0 | done; for `compat` and `validate`, no problem found |
//! | 1 | `compat` or `validate` found problems (printed on stdout) |
//! | 2 | bad input: a damaged file, JSON that does not fit the schema, an invalid schema, a file that cannot be read or written |
//! | 2 | usage errors, from clap |

use std::fmt;
use std::io::{self, Write as _};
use std::process::ExitCode;

/// What a command that ran to the end found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report (exit 0).
    Ok,
    /// Problems found and printed: incompatibilities, violations (exit 1).
    Problems,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::Problems => ExitCode::from(1),
        }
    }
}

/// Bad input or a failed read or write: one message, exit code 2.
///
/// The message names what it can: the file, and within it the line, the
/// record, the block and the byte offset (avrox's own errors carry the
/// block, offset and schema path).
#[derive(Debug)]
pub struct CliError {
    message: String,
    /// A closed stdout (`avrox tojson big.avro | head`): not an error the
    /// user needs to hear about.
    broken_pipe: bool,
}

impl CliError {
    /// An error with its whole message.
    pub fn new(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            broken_pipe: false,
        }
    }

    /// An error about `what` (a file name, `-` for stdin, ...). The error
    /// is printed with `{:#}`: an avrox error with the errors it wraps.
    pub fn about(what: impl fmt::Display, error: impl fmt::Display) -> CliError {
        CliError::new(format!("{what}: {error:#}"))
    }

    /// A failed write to stdout.
    pub fn stdout(error: io::Error) -> CliError {
        CliError {
            broken_pipe: error.kind() == io::ErrorKind::BrokenPipe,
            message: format!("stdout: {error}"),
        }
    }

    pub fn report(&self) {
        if !self.broken_pipe {
            let _ = writeln!(io::stderr(), "avrox: {}", self.message);
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        if self.broken_pipe {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

pub type CliResult<T = Outcome> = Result<T, CliError>;

/// Adds the file (and what else the closure says) to an avrox error.
pub trait Context<T> {
    fn in_file(self, file: &str) -> CliResult<T>;
}

impl<T> Context<T> for avrox::Result<T> {
    fn in_file(self, file: &str) -> CliResult<T> {
        self.map_err(|e| CliError::about(file, e))
    }
}

impl<T> Context<T> for io::Result<T> {
    fn in_file(self, file: &str) -> CliResult<T> {
        self.map_err(|e| CliError::about(file, e))
    }
}

/// What went wrong, without the error's place: its kind, then the messages
/// of the errors it wraps (an invalid schema's reason, a failed read's I/O
/// error), each after ": ".
pub fn what(e: &avrox::Error) -> String {
    let mut text = e.kind().to_string();
    let mut source = std::error::Error::source(e);
    while let Some(error) = source {
        text.push_str(": ");
        text.push_str(&error.to_string());
        source = error.source();
    }
    text
}

/// An avrox error from reading a container file, for a message that names
/// the record (counted from the file's start), the block, its file offset
/// and the record within the block, as they apply.
pub fn in_record(file: &str, record: u64, e: &avrox::Error) -> CliError {
    let tail = {
        let path = e.path();
        let what = what(e);
        match (path.is_empty(), e.offset()) {
            (true, None) => what,
            (true, Some(offset)) => format!("at byte {offset}: {what}"),
            (false, None) => format!("{path}: {what}"),
            (false, Some(offset)) => format!("{path} at byte {offset}: {what}"),
        }
    };
    let place = match (e.block(), e.block_offset(), e.block_record()) {
        (Some(block), Some(offset), Some(in_block)) => format!(
            "record {record} (block {block} at file byte {offset}, record {in_block} of the block): "
        ),
        (Some(block), Some(offset), None) => format!("block {block} (at file byte {offset}): "),
        _ => String::new(),
    };
    CliError::about(file, format!("{place}{tail}"))
}

/// An avrox error from decoding a message of a file of messages, placed
/// once: by the error's offset moved into the file (the datum starts at
/// file byte `datum_start`), else by the message's start.
pub fn in_message(
    file: &str,
    index: u64,
    message_start: usize,
    datum_start: usize,
    e: &avrox::Error,
) -> CliError {
    let path = e.path();
    let kind = what(e);
    let text = match (path.is_empty(), e.offset()) {
        (true, None) => format!("message {index} (at byte {message_start}): {kind}"),
        (false, None) => format!("message {index} (at byte {message_start}): {path}: {kind}"),
        (true, Some(offset)) => {
            format!("message {index}: at byte {}: {kind}", datum_start + offset)
        }
        (false, Some(offset)) => {
            format!(
                "message {index}: {path} at byte {}: {kind}",
                datum_start + offset
            )
        }
    };
    CliError::about(file, text)
}
