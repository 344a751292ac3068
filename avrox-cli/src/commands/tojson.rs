//! `avrox tojson`: a container file's datums as Avro JSON, one a line.

use avrox::Value;
use avrox::ocf::{Reader, ReaderOptions};

use super::{flush, print_json, stdout};
use crate::cli::TojsonArgs;
use crate::error::{CliError, CliResult, Context, in_record};
use crate::input;

pub fn run(args: TojsonArgs) -> CliResult {
    let file = &args.file;
    let reader_schema = args
        .reader_schema
        .as_deref()
        .map(input::schema)
        .transpose()?;
    let mut options = ReaderOptions::new();
    if let Some(schema) = &reader_schema {
        options = options.reader_schema(schema.clone());
    }
    let reader = Reader::<Value, _>::with_options(input::open(file, "tojson", true)?, options)
        .in_file(file)?;
    let schema = reader_schema.unwrap_or_else(|| reader.writer_schema().clone());
    let mut out = stdout();
    let limit = args.head.unwrap_or(u64::MAX);
    for (index, value) in (0..limit).zip(reader) {
        let value = value.map_err(|e| in_record(file, index, &e))?;
        let json = avrox::json::to_json(&value.with_schema(&schema))
            .map_err(|e| CliError::about(file, format!("record {index}: {e:#}")))?;
        print_json(&mut out, &json, args.pretty)?;
    }
    flush(&mut out)
}
