//! `avrox recodec`: a container file rewritten with another codec, block
//! by block: each block is decompressed and compressed again, its records
//! left as they are (not decoded), its boundaries and the file's user
//! metadata kept.

use std::io::{Read, Write};
use std::path::Path;

use avrox::Value;
use avrox::ocf::{BlockReader, Codec, Header, RawBlock, ReaderOptions, Writer, WriterOptions};

use crate::cli::RecodecArgs;
use crate::error::{CliError, CliResult, Context, Outcome};
use crate::input;
use crate::output::write_file;

pub fn run(args: RecodecArgs) -> CliResult {
    let codec = input::codec(args.codec, args.level)?;
    let name = &args.input;
    let mut blocks = BlockReader::new(input::open(name, "recodec", false)?).in_file(name)?;
    let header = blocks.header().clone();
    let out_name = args.output.display().to_string();
    write_file(&args.output, &[Path::new(name)], |file| {
        let mut writer = Writer::<Value, _>::with_schema(
            file,
            header.schema().clone(),
            options_like(&header, codec),
        )
        .in_file(&out_name)?;
        copy_blocks(&mut blocks, name, header.codec(), &mut writer, codec)?;
        writer.finish().in_file(&out_name)?;
        Ok(Outcome::Ok)
    })
}

/// Writer options with `header`'s user metadata and `codec`.
///
/// Keys under `avro.` are Avro's own: the writer sets `avro.schema` and
/// `avro.codec` itself, and others (`avro.sync`, which some writers add)
/// describe the old file, not the new one, so they are not carried over.
pub(super) fn options_like(header: &Header, codec: Codec) -> WriterOptions {
    header
        .metadata_entries()
        .filter(|(key, _)| !key.starts_with("avro."))
        .fold(
            WriterOptions::new().codec(codec),
            |options, (key, value)| options.metadata(key, value),
        )
}

/// Copies every block of `blocks` (compressed with `from`) to `writer`
/// (which compresses with `to`): as stored when the codecs are the same,
/// else decompressed and compressed again.
pub(super) fn copy_blocks<R: Read, W: Write>(
    blocks: &mut BlockReader<R>,
    name: &str,
    from: Codec,
    writer: &mut Writer<Value, W>,
    to: Codec,
) -> CliResult<()> {
    let same = from.name() == to.name();
    let mut plain = Vec::new();
    for (index, block) in blocks.enumerate() {
        let mut block = block.in_file(name)?;
        if !same {
            from.decompress(
                &block.data,
                ReaderOptions::DEFAULT_MAX_BLOCK_SIZE,
                &mut plain,
            )
            .map_err(|e| CliError::about(name, format!("block {index}: {e:#}")))?;
            let mut data = Vec::with_capacity(plain.len() / 2);
            to.compress(&plain, &mut data)
                .map_err(|e| CliError::about(name, format!("block {index}: {e:#}")))?;
            block = RawBlock {
                count: block.count,
                data,
            };
        }
        writer
            .write_raw_block(&block)
            .map_err(|e| CliError::new(format!("writing block {index}: {e:#}")))?;
    }
    Ok(())
}
