//! Avro JSON input, one datum a line, for `fromjson` and `encode`.
//!
//! Read here rather than with `avrox::json::LinesReader` for the sake of
//! the messages: that reader's errors carry the byte offset where the line
//! starts, which says nothing about where in the line the problem is. Here
//! a line that is not JSON is placed by its line and column (1-based,
//! counted in characters as editors count), and a datum that does not fit
//! the schema by its line and schema path alone: the JSON tree has no
//! positions to give.

use std::io::BufRead;

use avrox::{Schema, Value};

use crate::error::{CliError, CliResult};

/// The datums of a file of Avro JSON lines; blank lines are skipped.
#[derive(Debug)]
pub struct JsonLines<R> {
    lines: TextLines<R>,
    schema: Schema,
}

impl<R: BufRead> JsonLines<R> {
    /// Lines of `inner`, named `name` in errors, of values of `schema`.
    pub fn new(inner: R, schema: Schema, name: &str) -> JsonLines<R> {
        JsonLines {
            lines: TextLines::new(inner, name),
            schema,
        }
    }

    /// The next datum, `None` at the end of the input.
    pub fn next_value(&mut self) -> CliResult<Option<Value>> {
        let Some(json) = self.lines.next_json()? else {
            return Ok(None);
        };
        avrox::json::from_json_with(&json, &self.schema)
            .map(Some)
            .map_err(|e| self.error(&e))
    }

    /// An avrox error about the datum of the line read last: its line and
    /// schema path, without the error's offset (not a place in the line).
    pub fn error(&self, e: &avrox::Error) -> CliError {
        let path = e.path();
        let at = if path.is_empty() {
            String::new()
        } else {
            format!("{path}: ")
        };
        CliError::about(
            &self.lines.name,
            format!("line {}: {at}{}", self.lines.number, crate::error::what(e)),
        )
    }
}

/// The JSON values of a file of JSON lines, any JSON (`infer` reads them
/// before there is a schema); blank lines are skipped.
#[derive(Debug)]
pub struct TextLines<R> {
    inner: R,
    name: String,
    buffer: Vec<u8>,
    number: u64,
}

impl<R: BufRead> TextLines<R> {
    /// Lines of `inner`, named `name` in errors.
    pub fn new(inner: R, name: &str) -> TextLines<R> {
        TextLines {
            inner,
            name: name.to_owned(),
            buffer: Vec::new(),
            number: 0,
        }
    }

    /// The next line's JSON, `None` at the end of the input.
    pub fn next_json(&mut self) -> CliResult<Option<serde_json::Value>> {
        loop {
            self.buffer.clear();
            let read = self
                .inner
                .read_until(b'\n', &mut self.buffer)
                .map_err(|e| CliError::about(&self.name, e))?;
            if read == 0 {
                return Ok(None);
            }
            self.number += 1;
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Without its line end, so that serde_json's place is in line 1.
            let text = self.buffer.trim_ascii_end();
            return serde_json::from_slice(text)
                .map(Some)
                .map_err(|e| self.syntax_error(&e));
        }
    }

    /// A line that is not JSON, placed by line and column.
    fn syntax_error(&self, e: &serde_json::Error) -> CliError {
        // serde_json ends its message with the place in the text it was
        // given (always "line 1" here); the place is said once, in front.
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&suffix).unwrap_or(&message);
        CliError::about(
            &self.name,
            format!(
                "line {}, column {}: invalid JSON: {message}",
                self.number,
                column(&self.buffer, e.column())
            ),
        )
    }
}

/// serde_json's column (1-based, in bytes) as a 1-based count of
/// characters.
fn column(line: &[u8], byte_column: usize) -> usize {
    let before = &line[..byte_column.saturating_sub(1).min(line.len())];
    String::from_utf8_lossy(before).chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::parse(
            r#"{"type": "record", "name": "R", "fields": [{"name": "s", "type": "string"}]}"#,
        )
        .unwrap()
    }

    fn errors(text: &str) -> String {
        let mut lines = JsonLines::new(text.as_bytes(), schema(), "in.jsonl");
        loop {
            match lines.next_value() {
                Ok(Some(_)) => {}
                Ok(None) => return String::new(),
                Err(e) => return e.to_string(),
            }
        }
    }

    #[test]
    fn a_line_that_is_not_json_is_placed_by_line_and_column() {
        assert_eq!(
            errors("{\"s\":\"a\"}\n\n  {\"s\": tru}\n"),
            "in.jsonl: line 3, column 12: invalid JSON: expected ident"
        );
        // Columns count characters, not bytes.
        // Cut short: the line's last character, not past its end.
        assert_eq!(
            errors("{\"s\":\n"),
            "in.jsonl: line 1, column 5: invalid JSON: EOF while parsing a value"
        );
        assert_eq!(
            errors("{\"s\":\"é\" x}\r\n"),
            "in.jsonl: line 1, column 10: invalid JSON: expected `,` or `}`"
        );
    }

    #[test]
    fn a_datum_that_does_not_fit_says_its_line_and_path_without_an_offset() {
        assert_eq!(
            errors("{\"s\":\"a\"}\n{\"s\":\"b\"}\n{\"s\":1}\n"),
            "in.jsonl: line 3: R.s: expected string, found the number 1"
        );
    }
}
