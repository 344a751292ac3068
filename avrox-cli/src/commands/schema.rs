//! `avrox schema`: a container file's writer schema.

use avrox::ocf::BlockReader;

use super::{flush, print_line, stdout};
use crate::cli::FileArg;
use crate::error::{CliResult, Context};
use crate::input;

pub fn run(args: FileArg) -> CliResult {
    let file = &args.file;
    let blocks = BlockReader::new(input::open(file, "schema", false)?).in_file(file)?;
    let mut out = stdout();
    // Indented: the schema is read by people more often than by programs,
    // and both read it the same.
    print_line(&mut out, format_args!("{:#}", blocks.header().schema()))?;
    flush(&mut out)
}
