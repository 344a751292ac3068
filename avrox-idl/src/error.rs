//! The error of an IDL file that cannot be read.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why an IDL file cannot be read, and where: the file, line and column.
///
/// ```
/// let error = avrox_idl::IdlReader::new()
///     .read_str("protocol P { record R { strin name; } }")
///     .unwrap_err();
/// // The declaration of the type in error.
/// assert_eq!((error.line(), error.column()), (1, 14));
/// assert_eq!(
///     error.to_string(),
///     "1:14: field 'name' of 'R': unknown type 'strin' (did you mean 'string'?)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdlError {
    file: Option<PathBuf>,
    line: usize,
    column: usize,
    message: String,
}

impl IdlError {
    pub(crate) fn new(
        file: Option<&Path>,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> IdlError {
        IdlError {
            file: file.map(Path::to_path_buf),
            line,
            column,
            message: message.into(),
        }
    }

    /// The file the error is in; `None` for text read with
    /// [`IdlReader::read_str`](crate::IdlReader::read_str).
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The line, from 1; 0 when the error is about the file as a whole.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column, in characters from 1; 0 when the error is about the
    /// file as a whole.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for IdlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", file.display())?;
        }
        if self.line > 0 {
            write!(f, "{}:{}: ", self.line, self.column)?;
        } else if self.file.is_some() {
            f.write_str(" ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for IdlError {}
