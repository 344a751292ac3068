//! `avrox meta`: what a container file's header says, and how many blocks
//! and records follow it.

use avrox::ocf::BlockReader;

use super::{flush, print_line, stdout};
use crate::cli::FileArg;
use crate::error::{CliResult, Context};
use crate::input;

pub fn run(args: FileArg) -> CliResult {
    let file = &args.file;
    let mut blocks = BlockReader::new(input::open(file, "meta", false)?).in_file(file)?;
    let header = blocks.header().clone();
    let (mut block_count, mut records) = (0u64, 0u64);
    for block in &mut blocks {
        let block = block.in_file(file)?;
        block_count += 1;
        records = records.saturating_add(block.count);
    }
    let mut out = stdout();
    print_line(&mut out, format_args!("codec: {}", header.codec().name()))?;
    print_line(&mut out, format_args!("sync: {}", hex(header.sync())))?;
    print_line(&mut out, format_args!("blocks: {block_count}"))?;
    print_line(&mut out, format_args!("records: {records}"))?;
    let user: Vec<(&str, &[u8])> = header
        .metadata_entries()
        // The schema and codec have lines of their own.
        .filter(|(key, _)| !matches!(*key, "avro.schema" | "avro.codec"))
        .collect();
    if user.is_empty() {
        print_line(&mut out, "metadata: none")?;
    } else {
        print_line(&mut out, "metadata:")?;
        for (key, value) in user {
            // Text as a JSON string (quoted, escaped); other bytes as hex.
            let shown = match std::str::from_utf8(value) {
                Ok(text) => serde_json::Value::from(text).to_string(),
                Err(_) => format!("0x{}", hex(value)),
            };
            print_line(&mut out, format_args!("  {key}: {shown}"))?;
        }
    }
    flush(&mut out)
}

/// Lowercase hexadecimal, as fingerprints print.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
