//! Cutting off the incomplete block a writer leaves at the end of a file
//! when it dies, or its disk fills, in the middle of writing one: what
//! makes such a file appendable again.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::buffer::{Buffer, drive};
use super::header::SYNC_SIZE;
use super::parse::read_header;
use super::read_options::ReaderOptions;
use crate::error::Result;

/// The bytes searched at a time, from the end, for the last sync marker.
const SEARCH_CHUNK: u64 = 64 << 10;

/// Cuts off the end of a container file that is not a whole block, so
/// that [`Writer::append_to`](super::Writer::append_to) can continue the
/// file; returns how many bytes were cut (0 when it ends with a whole
/// block).
///
/// A writer that dies (or whose disk fills) while writing a block leaves
/// part of it at the end of the file. Readers read every block before it
/// and then report the truncated block; `append_to` refuses such a file,
/// since blocks appended after the damage would be buried behind it. This
/// cuts the file just after its last sync marker: the end of the last
/// block written whole (or of the header, when none was). Only the end of
/// the file is read; damage further in is left for the reader to report.
/// A file whose header itself is incomplete has nothing to keep: that is
/// an error, and the file is left as it is.
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
    let end = last_sync_end(&mut input, header.sync(), header_end, len)?;
    if end < len {
        file.set_len(end)?;
    }
    Ok(len - end)
}

/// The file offset just past the last sync marker between the header's
/// (which ends at `header_end`) and `len`.
fn last_sync_end(
    input: &mut &File,
    sync: &[u8; SYNC_SIZE],
    header_end: u64,
    len: u64,
) -> Result<u64> {
    let floor = header_end - SYNC_SIZE as u64;
    let mut high = len;
    let mut chunk = Vec::new();
    loop {
        let low = high.saturating_sub(SEARCH_CHUNK).max(floor);
        chunk.resize((high - low) as usize, 0);
        input.seek(SeekFrom::Start(low))?;
        input.read_exact(&mut chunk)?;
        if let Some(at) = chunk.windows(SYNC_SIZE).rposition(|w| w == sync) {
            return Ok(low + (at + SYNC_SIZE) as u64);
        }
        if low == floor {
            // Not even the header's marker: the file changed under us.
            return Ok(header_end);
        }
        // The next chunk overlaps this one by a marker's length less one,
        // so a marker across the boundary is found whole.
        high = low + SYNC_SIZE as u64 - 1;
    }
}
