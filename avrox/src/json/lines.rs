//! One datum of the JSON encoding per line.

use std::io::{BufRead, Write};

use super::{value_from_str, value_to_json};
use crate::codec::{AvroSchema, FromValue, ToValue};
use crate::error::{Error, Result};
use crate::schema::Schema;
use crate::value::Value;

/// Writes datums in the JSON encoding, one per line.
///
/// ```
/// use avrox::json::{LinesReader, LinesWriter};
///
/// let mut w = LinesWriter::for_type::<Option<i64>>(Vec::new());
/// w.write(&Some(5))?;
/// w.write(&None::<i64>)?;
/// let text = w.into_inner();
/// assert_eq!(text, b"{\"long\":5}\nnull\n");
///
/// let back: Vec<Option<i64>> = LinesReader::for_type::<Option<i64>>(&text[..])
///     .typed()
///     .collect::<Result<_, _>>()?;
/// assert_eq!(back, [Some(5), None]);
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Debug)]
pub struct LinesWriter<W> {
    inner: W,
    schema: Schema,
    line: Vec<u8>,
}

impl<W: Write> LinesWriter<W> {
    /// A writer of values of `schema`.
    pub fn new(inner: W, schema: Schema) -> LinesWriter<W> {
        LinesWriter {
            inner,
            schema,
            line: Vec::new(),
        }
    }

    /// A writer of values of a derived type.
    pub fn for_type<T: AvroSchema>(inner: W) -> LinesWriter<W> {
        LinesWriter::new(inner, T::schema().clone())
    }

    /// Writes a value of a derived type (of the writer's schema) as a line.
    pub fn write<T: ToValue + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.write_value(&value.to_value())
    }

    /// Writes a [`Value`] as a line.
    pub fn write_value(&mut self, value: &Value) -> Result<()> {
        let json = value_to_json(value, &self.schema)?;
        self.line.clear();
        serde_json::to_writer(&mut self.line, &json)
            .map_err(|e| Error::invalid(format!("cannot write JSON: {e}")))?;
        self.line.push(b'\n');
        self.inner.write_all(&self.line)?;
        Ok(())
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> Result<()> {
        self.inner.flush()?;
        Ok(())
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

/// Reads datums in the JSON encoding, one per line: an iterator of
/// [`Value`]s, or of a derived type's values through
/// [`typed`](LinesReader::typed). Blank lines are skipped. An error's
/// offset is the byte offset where its line starts;
/// [`line`](LinesReader::line) is the number of the line read last.
#[derive(Debug)]
pub struct LinesReader<R> {
    inner: R,
    schema: Schema,
    line: String,
    number: u64,
    offset: u64,
    done: bool,
}

impl<R: BufRead> LinesReader<R> {
    /// A reader of values of `schema`.
    pub fn new(inner: R, schema: Schema) -> LinesReader<R> {
        LinesReader {
            inner,
            schema,
            line: String::new(),
            number: 0,
            offset: 0,
            done: false,
        }
    }

    /// A reader of values of a derived type.
    pub fn for_type<T: AvroSchema>(inner: R) -> LinesReader<R> {
        LinesReader::new(inner, T::schema().clone())
    }

    /// The number (from 1) of the line read last.
    pub fn line(&self) -> u64 {
        self.number
    }

    /// The reader as an iterator of a derived type's values.
    pub fn typed<T: FromValue>(self) -> impl Iterator<Item = Result<T>> {
        self.map(|value| value.and_then(T::from_value))
    }
}

impl<R: BufRead> Iterator for LinesReader<R> {
    type Item = Result<Value>;

    fn next(&mut self) -> Option<Result<Value>> {
        while !self.done {
            self.line.clear();
            let start = self.offset;
            let read = match self.inner.read_line(&mut self.line) {
                Ok(read) => read,
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::from(e).at(start as usize)));
                }
            };
            if read == 0 {
                self.done = true;
                return None;
            }
            self.offset += read as u64;
            self.number += 1;
            let text = self.line.trim();
            if text.is_empty() {
                continue;
            }
            return Some(value_from_str(text, &self.schema).map_err(|e| e.at(start as usize)));
        }
        None
    }
}
