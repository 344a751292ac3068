//! Object container files, of any codec: read to the end by the plain
//! reader and the one that skips damaged blocks, into `Value`s and into a
//! derived type (resolved against the file's writer schema), and block by
//! block. Blocks are held to 16 MiB, far under the fuzzer's memory limit,
//! so any allocation the limit trips is past what the reader allows.

use std::io::Cursor;

use avrox::Value;
use avrox::binary::Limits;
use avrox::ocf::{BlockReader, Reader, ReaderOptions};

use crate::derived::Person;

/// The largest block the target's readers accept.
pub const MAX_BLOCK_SIZE: usize = 16 << 20;

fn options() -> ReaderOptions {
    ReaderOptions::new()
        .max_block_size(MAX_BLOCK_SIZE)
        .limits(Limits::default().max_allocation(MAX_BLOCK_SIZE))
}

/// Runs one input.
pub fn run(data: &[u8]) {
    for skip in [false, true] {
        let options = options().skip_damaged(skip);
        if let Ok(reader) = Reader::<Value, _>::with_options(Cursor::new(data), options.clone()) {
            drain(reader, skip);
        }
        if let Ok(reader) = Reader::<Person, _>::with_options(Cursor::new(data), options) {
            drain(reader, skip);
        }
    }
    if let Ok(blocks) = BlockReader::with_options(Cursor::new(data), options()) {
        for block in blocks {
            if block.is_err() {
                break;
            }
        }
    }
}

/// Reads every record. Without skipping, the first error ends the file; a
/// reader that skips damage may deliver records after one.
fn drain<T>(reader: impl Iterator<Item = avrox::Result<T>>, skip: bool) {
    for record in reader {
        if record.is_err() && !skip {
            break;
        }
    }
}
