//! Reading the valid datums of a stream and setting the invalid ones
//! aside, each with its place and report.

use std::fmt;
use std::iter::FusedIterator;

use super::Report;
use crate::error::{Error, Result};

/// A datum a reader decoded but that breaks its constraints: where it was
/// and what it breaks. [`valid_only`](ValidOnlyExt::valid_only) collects
/// them.
#[derive(Debug)]
pub struct Rejected {
    index: u64,
    /// Always of kind [`Validation`](crate::ErrorKind::Validation): the
    /// only errors [`ValidOnly`] sets aside.
    error: Error,
}

impl Rejected {
    /// The index (from 0) of the item among all those the reader gave,
    /// valid, rejected or failed.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// What the datum breaks: every failure, with its path in the datum.
    pub fn report(&self) -> &Report {
        match self.error.report() {
            Some(report) => report,
            // `ValidOnly`, the only maker of a `Rejected` (its fields are
            // private), keeps only errors with a report.
            #[allow(clippy::unreachable)]
            None => unreachable!("a rejected datum always has a report"),
        }
    }

    /// The reader's error: where the datum is (a container file's
    /// [`block`](Error::block) and [`block_record`](Error::block_record), a
    /// text's [`line`](Error::line), the byte [`offset`](Error::offset)),
    /// the type it was read as ([`path`](Error::path)), and the report.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The reader's error.
    pub fn into_error(self) -> Error {
        self.error
    }
}

impl fmt::Display for Rejected {
    /// The reader's error with its chain (`{:#}`): its place, then the
    /// report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#}", self.error)
    }
}

/// An iterator of the valid datums of a reader; see
/// [`ValidOnlyExt::valid_only`].
#[derive(Debug)]
pub struct ValidOnly<'a, I> {
    inner: I,
    rejected: &'a mut Vec<Rejected>,
    index: u64,
}

impl<T, I: Iterator<Item = Result<T>>> Iterator for ValidOnly<'_, I> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        loop {
            let item = self.inner.next()?;
            let index = self.index;
            self.index += 1;
            match item {
                Err(error) if error.report().is_some() => {
                    self.rejected.push(Rejected { index, error });
                }
                item => return Some(item),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.inner.size_hint().1)
    }
}

impl<T, I: FusedIterator<Item = Result<T>>> FusedIterator for ValidOnly<'_, I> {}

/// Reading the valid datums of a reader and collecting the invalid ones,
/// as `validate_many(..., raise_errors=False)` does in Python: for any
/// iterator of `Result<T, avrox::Error>`, such as a container file's
/// [`Reader`](crate::ocf::Reader), a [`LinesReader`](crate::json::LinesReader)
/// (or its [`typed`](crate::json::LinesReader::typed) iterator), or
/// messages mapped through a [`SchemaStore`](crate::framing::SchemaStore).
pub trait ValidOnlyExt<T>: Iterator<Item = Result<T>> + Sized {
    /// The valid datums; each datum that decoded but breaks its constraints
    /// (an [`ErrorKind::Validation`](crate::ErrorKind::Validation) error) is
    /// pushed onto `rejected` instead, with its index and the reader's
    /// error (its place and [`Report`]). Every other error (damage, I/O) is
    /// still yielded: invalid data is set aside, broken data is not hidden.
    ///
    /// ```
    /// use avrox::json::LinesReader;
    /// use avrox::validate::ValidOnlyExt;
    /// use avrox::Schema;
    ///
    /// let schema = Schema::parse(r#"{"type": "int", "avrox.constraints": {"max": 100}}"#)?;
    /// let text = "5\n150\n7\n";
    /// let mut rejected = Vec::new();
    /// let good = LinesReader::new(text.as_bytes(), schema)
    ///     .valid_only(&mut rejected)
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// assert_eq!(good.len(), 2);
    /// assert_eq!(rejected.len(), 1);
    /// assert_eq!(rejected[0].index(), 1);
    /// assert_eq!(rejected[0].error().line(), Some(2));
    /// assert_eq!(rejected[0].report().to_string(), "must be at most 100 [code=max, value=150]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn valid_only(self, rejected: &mut Vec<Rejected>) -> ValidOnly<'_, Self> {
        ValidOnly {
            inner: self,
            rejected,
            index: 0,
        }
    }
}

impl<T, I: Iterator<Item = Result<T>>> ValidOnlyExt<T> for I {}
