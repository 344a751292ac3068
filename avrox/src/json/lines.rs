//! One datum of the JSON encoding per line.

use std::io::{BufRead, Write};

use super::parse;
use crate::codec::AvroSchema;
use crate::datum::{ReadDatum, WriteDatum};
use crate::error::{Error, Result};
use crate::observe::{self, Framing, Op, Timer};
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
    /// Metrics and span of the stream.
    observe: observe::Span,
}

impl<W: Write> LinesWriter<W> {
    /// A writer of values of `schema`.
    pub fn new(inner: W, schema: Schema) -> LinesWriter<W> {
        let observe = observe::Span::open(Op::Encode, Framing::Json, &schema, None, None);
        LinesWriter {
            inner,
            schema,
            line: Vec::new(),
            observe,
        }
    }

    /// A writer of values of a derived type.
    pub fn for_type<T: AvroSchema>(inner: W) -> LinesWriter<W> {
        LinesWriter::new(inner, T::schema().clone())
    }

    /// Writes a value as a line, as a datum of the writer's schema: a
    /// [`Value`], or a value of a derived type (whose constraints are
    /// checked first).
    pub fn write<T: WriteDatum + ?Sized>(&mut self, value: &T) -> Result<()> {
        let timer = Timer::start();
        match self.write_line(value) {
            Ok(()) => {
                self.observe.datum(self.line.len(), timer);
                Ok(())
            }
            Err(e) => {
                self.observe.failure(&e);
                Err(e)
            }
        }
    }

    fn write_line<T: WriteDatum + ?Sized>(&mut self, value: &T) -> Result<()> {
        let json = value.write_json(&self.schema)?;
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
/// [`typed`](LinesReader::typed). Blank lines are skipped.
///
/// An error names its line ([`Error::line`], from 1) and has the byte
/// offset where the line starts; [`line`](LinesReader::line) is the number
/// of the line read last. A line that is not a datum of the schema, or
/// whose datum breaks its constraints (see
/// [`with_validation`](LinesReader::with_validation)), is an error for that
/// line, and reading goes on with the next line; an I/O error ends the
/// reading.
///
/// ```
/// use avrox::json::LinesReader;
/// use avrox::{ErrorKind, Schema};
///
/// let schema = Schema::parse(r#"{"type": "int", "avrox.constraints": {"max": 100}}"#)?;
/// let text = "5\n150\n7\n";
/// let lines: Vec<_> = LinesReader::new(text.as_bytes(), schema).collect();
/// assert!(lines[0].is_ok() && lines[2].is_ok());
/// let err = lines[1].as_ref().unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Validation(_)));
/// assert_eq!(err.line(), Some(2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct LinesReader<R> {
    inner: R,
    schema: Schema,
    validate: bool,
    line: String,
    number: u64,
    offset: u64,
    done: bool,
    /// Metrics and span of the stream.
    observe: observe::Span,
}

impl<R: BufRead> LinesReader<R> {
    /// A reader of values of `schema`, checking them against the
    /// constraints the schema carries.
    pub fn new(inner: R, schema: Schema) -> LinesReader<R> {
        LinesReader {
            // Opened on the first line, when the type read is known.
            observe: observe::Span::default(),
            inner,
            schema,
            validate: true,
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

    /// Sets whether values are checked against their constraints (see
    /// [`validate`](crate::validate)): those the schema carries, and
    /// through [`typed`](LinesReader::typed) the derived type's own. On by
    /// default. Turn it off for text this program wrote itself, or to read
    /// what is there anyway.
    ///
    /// ```
    /// use avrox::json::LinesReader;
    /// use avrox::{Schema, Value};
    ///
    /// let schema = Schema::parse(r#"{"type": "int", "avrox.constraints": {"max": 100}}"#)?;
    /// let values = LinesReader::new(&b"150\n"[..], schema)
    ///     .with_validation(false)
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// assert_eq!(values, [Value::Int(150)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_validation(mut self, on: bool) -> LinesReader<R> {
        self.validate = on;
        self
    }

    /// The number (from 1) of the line read last.
    pub fn line(&self) -> u64 {
        self.number
    }

    /// The reader as an iterator of a derived type's values, each checked
    /// against the type's constraints unless validation is off. As for
    /// [`Value`]s, an error names its line and reading goes on after it.
    ///
    /// The lines are read as written with the reader's schema, as
    /// [`from_json_with`](super::from_json_with) reads them: lines of
    /// another schema than the type's (an older version's) are resolved
    /// into the type.
    ///
    /// ```
    /// use avrox::json::LinesReader;
    /// use avrox::{Avro, Schema};
    ///
    /// #[derive(Avro, Debug, PartialEq)]
    /// struct Ping { seq: i64, #[avro(default)] note: String }
    ///
    /// let v1 = Schema::parse(r#"{"type": "record", "name": "Ping", "fields": [
    ///     {"name": "seq", "type": "long"}]}"#)?;
    /// let pings: Vec<Ping> = LinesReader::new(&b"{\"seq\": 1}\n"[..], v1)
    ///     .typed()
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(pings, [Ping { seq: 1, note: String::new() }]);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    pub fn typed<T: ReadDatum>(mut self) -> impl Iterator<Item = Result<T>> {
        // How the lines read as `T`: decided on the first line, kept.
        let mut decoder = None;
        std::iter::from_fn(move || self.read_line(&mut decoder))
    }

    /// Reads the next datum that is not a blank line, as `T`, with the
    /// error placed at its line. `decoder` keeps what
    /// [`ReadDatum::json_decoder`] gave for the reader's schema.
    fn read_line<T: ReadDatum>(
        &mut self,
        decoder: &mut Option<Option<T::Decoder>>,
    ) -> Option<Result<T>> {
        if !self.observe.is_open() {
            // Reported as reads of `T`, of another version when the lines'
            // schema is not `T`'s.
            let reader = T::own_schema().unwrap_or(&self.schema);
            let writer = observe::Writer::differing(&self.schema, reader, None);
            self.observe = observe::Span::open(Op::Decode, Framing::Json, reader, None, writer);
        }
        while !self.done {
            let timer = Timer::start();
            self.line.clear();
            let start = self.offset;
            let read = match self.inner.read_line(&mut self.line) {
                Ok(read) => read,
                Err(e) => {
                    self.done = true;
                    let e = Error::from(e).at(start as usize);
                    self.observe.failure(&e);
                    return Some(Err(e));
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
            let value = parse(text).and_then(|json| {
                if decoder.is_none() {
                    *decoder = Some(T::json_decoder(&self.schema)?);
                }
                let decoder = decoder.as_ref().and_then(Option::as_ref);
                T::read_json(decoder, &self.schema, &json, self.validate)
            });
            let value = value.map_err(|e| e.at(start as usize).in_line(self.number));
            match &value {
                Ok(_) => self.observe.datum(read, timer),
                Err(e) => self.observe.failure(e),
            }
            return Some(value);
        }
        None
    }
}

impl<R: BufRead> Iterator for LinesReader<R> {
    type Item = Result<Value>;

    fn next(&mut self) -> Option<Result<Value>> {
        self.read_line(&mut Some(None))
    }
}
