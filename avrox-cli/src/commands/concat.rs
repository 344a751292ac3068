//! `avrox concat`: container files of one schema joined into one.
//!
//! Blocks are copied as stored when an input has the first input's schema
//! and codec. An input with another codec has its blocks decompressed and
//! compressed with the first input's codec (its records are not decoded).
//! An input with another schema is refused: joining its records would
//! need a choice of schema the user should make (with `tojson
//! --reader-schema` and `fromjson`).

use std::path::{Path, PathBuf};

use avrox::Value;
use avrox::ocf::{BlockReader, Writer};

use super::recodec::{copy_blocks, options_like};
use crate::cli::ConcatArgs;
use crate::error::{CliError, CliResult, Context, Outcome};
use crate::input;
use crate::output::write_file;

pub fn run(args: ConcatArgs) -> CliResult {
    let inputs: Vec<&Path> = args.inputs.iter().map(PathBuf::as_path).collect();
    let out_name = args.output.display().to_string();
    let first_name = args.inputs[0].display().to_string();
    let first =
        BlockReader::new(input::open(&first_name, "concat", false)?).in_file(&first_name)?;
    let header = first.header().clone();
    let schema_json = header.schema().to_json();
    let codec = header.codec();
    let mut first = Some(first);
    write_file(&args.output, &inputs, |file| {
        let mut writer = Writer::<Value, _>::with_schema(
            file,
            header.schema().clone(),
            options_like(&header, codec),
        )
        .in_file(&out_name)?;
        for path in &args.inputs {
            let name = path.display().to_string();
            let mut blocks = match first.take() {
                Some(blocks) => blocks,
                None => BlockReader::new(input::open(&name, "concat", false)?).in_file(&name)?,
            };
            if blocks.header().schema().to_json() != schema_json {
                return Err(CliError::about(
                    &name,
                    format!(
                        "its schema differs from {first_name}'s; concat joins files of one schema \
                         (convert it first: avrox tojson --reader-schema, then avrox fromjson)"
                    ),
                ));
            }
            let from = blocks.header().codec();
            copy_blocks(&mut blocks, &name, from, &mut writer, codec)?;
        }
        writer.finish().in_file(&out_name)?;
        Ok(Outcome::Ok)
    })
}
