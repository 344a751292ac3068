//! Cutting off the incomplete block a writer leaves at the end of a file
//! when it dies, or its disk fills, in the middle of writing one: what
//! makes such a file appendable again.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::block::parse_frame;
use super::buffer::{Buffer, drive};
use super::header::SYNC_SIZE;
use super::parse::read_header;
use super::read_options::ReaderOptions;
use crate::error::{Error, ErrorKind, Result};

/// The most bytes a block's count and size take: two varints of a long.
const MAX_FRAME_HEAD: usize = 20;

/// Cuts off the end of a container file that is not a whole block, so
/// that [`Writer::append_to`](super::Writer::append_to) can continue the
/// file; returns how many bytes were cut (0 when it ends with a whole
/// block).
///
/// A writer that dies (or whose disk fills) while writing a block leaves
/// part of it at the end of the file. Readers read every block before it
/// and then report the truncated block; `append_to` refuses such a file,
/// since blocks appended after the damage would be buried behind it. This
/// walks the blocks from the header on, checking each one's frame and
/// sync marker (the data is skipped, not read), and cuts the file after
/// the last block that checks out: where the block the file ends inside
/// starts. A file whose header itself is incomplete has nothing to keep;
/// nor does one damaged before its end (a block that is all there but
/// does not check out), since cutting there would throw away the blocks
/// after it: both are errors, and the file is left as it is.
///
/// ```
/// use std::fs::OpenOptions;
/// use std::io::Write;
/// use avrox::ocf::{self, Reader, Writer};
///
/// # let dir = std::env::temp_dir().join(format!("avrox-doc-cut-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// let path = dir.join("events.avro");
/// let mut w = Writer::<i64, _>::create(&path)?;
/// w.extend(0..100)?;
/// w.finish()?;
/// // A writer died in the middle of its next block.
/// OpenOptions::new().append(true).open(&path)?.write_all(&[0x02, 0x20, 0x54])?;
///
/// let file = OpenOptions::new().read(true).write(true).open(&path)?;
/// assert!(Writer::<i64, _>::append_to(&file).is_err());
/// assert_eq!(ocf::cut_incomplete_block(&file)?, 3);
/// let mut w = Writer::<i64, _>::append_to(&file)?;
/// w.extend(100..200)?;
/// w.finish()?;
///
/// let all = Reader::<i64, _>::open(&path)?.collect::<Result<Vec<_>, _>>()?;
/// assert_eq!(all, (0..200).collect::<Vec<_>>());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cut_incomplete_block(file: &File) -> Result<u64> {
    let mut input = file;
    input.seek(SeekFrom::Start(0))?;
    let mut buf = Buffer::new();
    let header = drive(&mut input, &mut buf, |buf| {
        read_header(buf, &ReaderOptions::new())
    })?;
    // The header was just consumed: the buffer's offset is its length.
    let header_end = buf.offset();
    let len = input.seek(SeekFrom::End(0))?;
    let end = whole_blocks_end(&mut input, header.sync(), header_end, len)?;
    if end < len {
        file.set_len(end)?;
    }
    Ok(len - end)
}

/// The file offset where the blocks that check out, from `header_end` on,
/// end: the start of the block the file ends inside, or `len`. Searching
/// back for the last sync marker would not do: a block's data may hold
/// the marker's bytes (records can carry the file's own marker).
fn whole_blocks_end(
    input: &mut &File,
    sync: &[u8; SYNC_SIZE],
    header_end: u64,
    len: u64,
) -> Result<u64> {
    let mut at = header_end;
    let mut frame = Vec::with_capacity(MAX_FRAME_HEAD);
    let mut marker = [0; SYNC_SIZE];
    while at < len {
        frame.clear();
        input.seek(SeekFrom::Start(at))?;
        input.take(MAX_FRAME_HEAD as u64).read_to_end(&mut frame)?;
        // The data is skipped by seeking, never held: no size limit needed.
        let base = usize::try_from(at).unwrap_or(usize::MAX);
        let Some(block) = parse_frame(&frame, usize::MAX, base)? else {
            return Ok(at);
        };
        let sync_at = at.saturating_add(block.data_end as u64);
        if sync_at.saturating_add(SYNC_SIZE as u64) > len {
            return Ok(at);
        }
        input.seek(SeekFrom::Start(sync_at))?;
        input.read_exact(&mut marker)?;
        if marker != *sync {
            return Err(Error::new(ErrorKind::SyncMismatch).at(base + block.data_end));
        }
        at = sync_at + SYNC_SIZE as u64;
    }
    Ok(at)
}
