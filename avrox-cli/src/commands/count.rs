//! `avrox count`: the number of records, from the block headers alone.

use avrox::ocf::BlockReader;

use super::{flush, print_line, stdout};
use crate::cli::FileArg;
use crate::error::{CliError, CliResult, Context};
use crate::input;

pub fn run(args: FileArg) -> CliResult {
    let file = &args.file;
    let blocks = BlockReader::new(input::open(file, "count", false)?).in_file(file)?;
    let mut records: u64 = 0;
    for block in blocks {
        let block = block.in_file(file)?;
        records = records
            .checked_add(block.count)
            .ok_or_else(|| CliError::about(file, "the record count overflows 64 bits"))?;
    }
    let mut out = stdout();
    print_line(&mut out, records)?;
    flush(&mut out)
}
