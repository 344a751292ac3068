//! `avrox fromjson`: Avro JSON lines into a container file.

use std::io::Write as _;

use avrox::Value;
use avrox::json::LinesReader;
use avrox::ocf::{Writer, WriterOptions};

use super::write_file;
use crate::cli::FromjsonArgs;
use crate::error::{CliError, CliResult, Context, Outcome};
use crate::input;

pub fn run(args: FromjsonArgs) -> CliResult {
    let schema = input::schema(&args.schema)?;
    let codec = input::codec(args.codec.codec, args.codec.level)?;
    if args.block_size == 0 {
        return Err(CliError::new("--block-size must be at least 1 byte"));
    }
    let name = &args.input;
    let mut lines = LinesReader::new(input::open(name, "fromjson", false)?, schema.clone());
    let out_name = args.output.display().to_string();
    write_file(&args.output, |file| {
        let options = WriterOptions::new()
            .codec(codec)
            .block_size(args.block_size);
        let mut writer =
            Writer::<Value, _>::with_schema(file, schema, options).in_file(&out_name)?;
        while let Some(value) = lines.next() {
            let line = lines.line();
            // The reader's error names its line itself.
            let value = value.map_err(|e| CliError::about(name, e.to_string()))?;
            writer
                .append(&value)
                .map_err(|e| CliError::about(name, format!("line {line}: {e}")))?;
        }
        let mut file = writer.finish().in_file(&out_name)?;
        file.flush().in_file(&out_name)?;
        Ok(Outcome::Ok)
    })
}
