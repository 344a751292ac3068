//! Opening what the commands read and write: files or `-` for stdin,
//! schema files, codecs.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read};
use std::path::Path;

use avrox::Schema;
use avrox::ocf::Codec;

use crate::cli::CodecName;
use crate::error::{CliError, CliResult, Context};
use crate::progress::{Counting, Progress, Unit};

/// A file or stdin, buffered, with a progress line over its bytes.
pub type Input = BufReader<Counting<Box<dyn Read>>>;

/// Opens `name` (`-` for stdin) for reading, with a progress line labelled
/// `label`. A command that prints its results as it reads (`prints`) draws
/// none when stdout is a terminal too: the lines would tangle.
pub fn open(name: &str, label: &'static str, prints: bool) -> CliResult<Input> {
    let (inner, total): (Box<dyn Read>, Option<u64>) = if name == "-" {
        (Box::new(io::stdin().lock()), None)
    } else {
        let file = File::open(name).in_file(name)?;
        let len = file.metadata().ok().map(|m| m.len());
        (Box::new(file), len)
    };
    let mut progress = Progress::new(label, Unit::Bytes, total);
    if prints && io::stdout().is_terminal() {
        progress.finish();
    }
    Ok(BufReader::with_capacity(
        256 * 1024,
        Counting::new(inner, progress),
    ))
}

/// Reads and parses a schema file (`-` for stdin).
pub fn schema(path: impl AsRef<Path>) -> CliResult<Schema> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = if name == "-" {
        io::read_to_string(io::stdin()).in_file(&name)?
    } else {
        std::fs::read_to_string(path).in_file(&name)?
    };
    Schema::parse(&text).map_err(|e| CliError::about(&name, format!("invalid schema: {e}")))
}

/// The codec of a name and an optional level (else the codec's default),
/// the level checked by avrox against the codec's range.
pub fn codec(name: CodecName, level: Option<i32>) -> CliResult<Codec> {
    let name = name_of(name);
    match level {
        None => Codec::from_name(name),
        Some(level) => Codec::with_level(name, level),
    }
    .map_err(|e| CliError::new(format!("{e:#}")))
}

fn name_of(name: CodecName) -> &'static str {
    match name {
        CodecName::Null => "null",
        CodecName::Deflate => "deflate",
        CodecName::Snappy => "snappy",
        CodecName::Zstandard => "zstandard",
        CodecName::Bzip2 => "bzip2",
        CodecName::Xz => "xz",
    }
}
