//! `avrox fromjson`: Avro JSON lines into a container file.

use std::path::Path;

use avrox::Value;
use avrox::ocf::{Writer, WriterOptions};

use crate::cli::FromjsonArgs;
use crate::error::{CliError, CliResult, Context, Outcome};
use crate::input;
use crate::jsonl::JsonLines;
use crate::output::write_file;

pub fn run(args: FromjsonArgs) -> CliResult {
    let schema = input::schema(&args.schema)?;
    let codec = input::codec(args.codec.codec, args.codec.level)?;
    if args.block_size == 0 {
        return Err(CliError::new("--block-size must be at least 1 byte"));
    }
    let name = &args.input;
    let mut lines = JsonLines::new(input::open(name, "fromjson", false)?, schema.clone(), name);
    let out_name = args.output.display().to_string();
    let inputs = [Path::new(name), args.schema.as_path()];
    write_file(&args.output, &inputs, |file| {
        let options = WriterOptions::new()
            .codec(codec)
            .block_size(args.block_size);
        let mut writer =
            Writer::<Value, _>::with_schema(file, schema, options).in_file(&out_name)?;
        while let Some(value) = lines.next_value()? {
            writer.append(&value).map_err(|e| lines.error(&e))?;
        }
        writer.finish().in_file(&out_name)?;
        Ok(Outcome::Ok)
    })
}
