//! Faults that lose nothing: a writer whose sink fills up (at every byte
//! of a file, writing whole or short) leaves every block it reported
//! written readable, says which block failed, and the file appends again
//! once cut back; a reader whose input is not ready (`WouldBlock`), is
//! interrupted or reads short, at every byte, gives a caller that loops
//! on it every record.

use std::io::{self, Read, Seek, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use avrox::error::Category;
use avrox::ocf::{self, AsyncWriter, Reader, ReaderOptions, Writer, WriterOptions};
use avrox::{Error, ErrorKind};
use tokio::io::AsyncWrite;

use crate::both::block_on;

/// The records of the files below, in groups: each group is flushed as
/// one block. No group has 5, 6 or 16 records, whose counts encode as
/// ASCII whitespace: a block cut after its count byte would then pass
/// for the whitespace some tools leave after the last block.
fn groups() -> Vec<Vec<i64>> {
    [1, 40, 3, 120, 2, 77, 9, 31]
        .iter()
        .enumerate()
        .map(|(g, &n)| (0..n).map(|i| g as i64 * 1_000_000 - i * 7919).collect())
        .collect()
}

/// A sink that takes at most `capacity` bytes, as a disk that fills up:
/// the write that reaches the end is short, and the next fails with
/// `StorageFull`. With `short`, every write takes at most 1 to 7 bytes.
#[derive(Debug)]
struct FillingDisk {
    bytes: Vec<u8>,
    capacity: usize,
    short: bool,
    calls: usize,
}

impl FillingDisk {
    fn new(capacity: usize, short: bool) -> FillingDisk {
        FillingDisk {
            bytes: Vec::new(),
            capacity,
            short,
            calls: 0,
        }
    }

    fn take(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.calls += 1;
        let room = self.capacity - self.bytes.len();
        if room == 0 && !buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ));
        }
        let mut n = buf.len().min(room);
        if self.short {
            n = n.min(1 + self.calls % 7);
        }
        self.bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl Write for FillingDisk {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.take(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl AsyncWrite for FillingDisk {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(self.take(buf))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// What a writer did before its sink filled: the bytes that reached the
/// sink, how many groups' flushes returned `Ok`, and the first error (none
/// if the file fit).
struct Written {
    bytes: Vec<u8>,
    flushed: usize,
    error: Option<Error>,
    /// The error of a call after the first, which must refuse to go on.
    after: Option<Error>,
}

/// Writes the groups with the blocking writer into a disk of `capacity`
/// bytes; `None` if even the header did not fit (the error checked).
fn write_blocking(capacity: usize, short: bool) -> Option<Written> {
    let options = WriterOptions::new().block_size(1 << 20);
    let mut w = match Writer::<i64, _>::with_options(FillingDisk::new(capacity, short), options) {
        Ok(w) => w,
        Err(e) => {
            assert_storage_full(&e);
            return None;
        }
    };
    let mut flushed = 0;
    let mut error = None;
    for group in groups() {
        let wrote = w.extend(&group).and_then(|()| w.flush());
        match wrote {
            Ok(()) => flushed += 1,
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let after = error.as_ref().map(|_| {
        w.append(&1)
            .and_then(|()| w.flush())
            .expect_err("a writer goes on after a failed write")
    });
    let bytes = match error {
        None => w.finish().expect("the file fit").bytes,
        Some(_) => w.get_ref().bytes.clone(),
    };
    Some(Written {
        bytes,
        flushed,
        error,
        after,
    })
}

/// [`write_blocking`] with the async writer.
fn write_async(capacity: usize, short: bool) -> Option<Written> {
    block_on(async {
        let options = WriterOptions::new().block_size(1 << 20);
        let disk = FillingDisk::new(capacity, short);
        let mut w = match AsyncWriter::<i64, _>::with_options(disk, options).await {
            Ok(w) => w,
            Err(e) => {
                assert_storage_full(&e);
                return None;
            }
        };
        let mut flushed = 0;
        let mut error = None;
        for group in groups() {
            let wrote = match w.extend(&group).await {
                Ok(()) => w.flush().await,
                Err(e) => Err(e),
            };
            match wrote {
                Ok(()) => flushed += 1,
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        let after = match &error {
            None => None,
            Some(_) => Some(match w.append(&1).await {
                Ok(()) => w
                    .flush()
                    .await
                    .expect_err("a writer goes on after a failed write"),
                Err(e) => e,
            }),
        };
        let bytes = match error {
            None => w.finish().await.expect("the file fit").bytes,
            Some(_) => w.get_ref().bytes.clone(),
        };
        Some(Written {
            bytes,
            flushed,
            error,
            after,
        })
    })
}

fn io_kind(e: &Error) -> Option<io::ErrorKind> {
    match e.kind() {
        ErrorKind::Io(io) => Some(io.kind()),
        _ => None,
    }
}

fn assert_storage_full(e: &Error) {
    assert_eq!(e.category(), Category::Io, "{e:#}");
    assert_eq!(io_kind(e), Some(io::ErrorKind::StorageFull), "{e:#}");
    assert!(
        format!("{e:#}").contains("no space left on device"),
        "{e:#}"
    );
}

/// The file offset where each block starts in a file written whole, and
/// the offset past the last one: each ends with the sync marker.
fn block_starts(file: &[u8]) -> Vec<u64> {
    let sync = *ocf::BlockReader::new(file).unwrap().header().sync();
    (0..=file.len() - 16)
        .filter(|&at| file[at..at + 16] == sync)
        .map(|at| (at + 16) as u64)
        .collect()
}

fn header_len(file: &[u8]) -> usize {
    let sync = *ocf::BlockReader::new(file).unwrap().header().sync();
    file.windows(16).position(|w| w == sync).unwrap() + 16
}

/// Every record a plain reader gives of `bytes`, and its errors.
fn read_all(bytes: &[u8]) -> (Vec<i64>, Vec<Error>) {
    let (mut records, mut errors) = (Vec::new(), Vec::new());
    for record in Reader::<i64, _>::new(bytes).unwrap() {
        match record {
            Ok(r) => records.push(r),
            Err(e) => errors.push(e),
        }
    }
    (records, errors)
}

/// Checks what a writer whose disk held `capacity` bytes left: exactly the
/// groups whose flush returned `Ok`, an error naming the block that
/// failed, a refusal to go on, and a file that appends again once cut.
fn check_fault(capacity: usize, written: Written, starts: &[u64], what: &str) {
    let all = groups();
    let Written {
        bytes,
        flushed,
        error,
        after,
    } = written;
    let context = format!("{what}, disk of {capacity} bytes");
    assert_eq!(bytes.len(), capacity.min(*starts.last().unwrap() as usize));
    let expected: Vec<i64> = all[..flushed].concat();
    let (records, errors) = read_all(&bytes);
    assert_eq!(records, expected, "{context}");
    let Some(error) = error else {
        assert_eq!(flushed, all.len(), "{context}");
        assert!(errors.is_empty(), "{context}: {errors:?}");
        return;
    };
    // The failure: an I/O error placed at the block being written, which
    // starts where the blocks flushed end.
    assert_storage_full(&error);
    assert_eq!(error.block(), Some(flushed as u64), "{context}: {error:#}");
    assert_eq!(
        error.block_offset(),
        Some(starts[flushed]),
        "{context}: {error:#}"
    );
    assert!(
        error.to_string().starts_with(&format!(
            "block {flushed} (at file byte {})",
            starts[flushed]
        )),
        "{context}: {error}"
    );
    let after = after.expect("checked with the error");
    assert!(
        after.to_string().contains(&format!(
            "writing block {flushed}, at file byte {}",
            starts[flushed]
        )),
        "{context}: {after}"
    );
    // The reader reports the cut block as truncated, and nothing else.
    let partial = &bytes[starts[flushed] as usize..];
    match &errors[..] {
        [] => assert!(
            partial.iter().all(u8::is_ascii_whitespace),
            "{context}: a partial block read as nothing"
        ),
        [e] => {
            assert!(
                matches!(e.kind(), ErrorKind::UnexpectedEof { .. }),
                "{context}: {e:#}"
            );
            assert_eq!(e.block(), Some(flushed as u64), "{context}: {e:#}");
        }
        more => panic!("{context}: {more:?}"),
    }
    check_append_after(&bytes, starts[flushed], flushed, &context);
}

/// The file a failed writer left takes more records: `append_to` refuses
/// it while it ends inside a block, saying so, and takes it once cut back.
fn check_append_after(bytes: &[u8], sound: u64, flushed: usize, context: &str) {
    let path = std::env::temp_dir().join(format!(
        "avrox-faults-{}-{:?}.avro",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&path, bytes).unwrap();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    let ends_whole = bytes.len() as u64 == sound;
    match Writer::<i64, _>::append_to(&file) {
        Ok(_) => assert!(ends_whole, "{context}: appended after a partial block"),
        Err(e) => {
            assert!(!ends_whole, "{context}: {e}");
            assert!(
                e.to_string().contains("does not end with its sync marker"),
                "{context}: {e}"
            );
        }
    }
    let cut = ocf::cut_incomplete_block(&file).unwrap();
    assert_eq!(cut, bytes.len() as u64 - sound, "{context}");
    let all = groups();
    let mut w = Writer::<i64, _>::append_to(&file).unwrap();
    for group in &all[flushed..] {
        w.extend(group).unwrap();
        w.flush().unwrap();
    }
    w.finish().unwrap();
    (&file).rewind().unwrap();
    let mut again = Vec::new();
    (&file).read_to_end(&mut again).unwrap();
    let (records, errors) = read_all(&again);
    assert!(errors.is_empty(), "{context}: {errors:?}");
    assert_eq!(records, all.concat(), "{context}");
    std::fs::remove_file(&path).unwrap();
}

/// A disk that fills at every byte of the file, with whole and short
/// writes, under the blocking and the async writer.
#[test]
fn a_full_disk_at_any_byte_keeps_every_block_flushed_before() {
    let complete = write_blocking(usize::MAX, false).unwrap();
    assert!(complete.error.is_none());
    let starts = block_starts(&complete.bytes);
    assert_eq!(starts.len(), groups().len() + 1);
    let header = starts[0] as usize;
    let mut faults = 0;
    for capacity in 0..=complete.bytes.len() {
        for short in [false, true] {
            for (what, written) in [
                ("blocking", write_blocking(capacity, short)),
                ("async", write_async(capacity, short)),
            ] {
                let what = format!("{what} writer, short writes {short}");
                let Some(written) = written else {
                    assert!(capacity < header, "{what}: the header fit in {capacity}");
                    continue;
                };
                faults += usize::from(written.error.is_some());
                check_fault(capacity, written, &starts, &what);
            }
        }
    }
    assert_eq!(faults, 4 * (complete.bytes.len() - header));
}

/// An input that is not ready (`WouldBlock`) twice, then interrupted, then
/// gives `step` bytes, at every read past the header (the reader is made
/// once the header has arrived, as its docs ask).
#[derive(Debug)]
struct Stuttering {
    data: Vec<u8>,
    pos: usize,
    calm_until: usize,
    step: usize,
    calls: usize,
    would_block: usize,
}

impl Read for Stuttering {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.calm_until {
            self.calls += 1;
            match self.calls % 4 {
                1 | 2 => {
                    self.would_block += 1;
                    return Err(io::ErrorKind::WouldBlock.into());
                }
                3 => return Err(io::ErrorKind::Interrupted.into()),
                _ => {}
            }
        }
        let n = out.len().min(self.step).min(self.data.len() - self.pos);
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A caller's loop over a reader of a non-blocking input: `WouldBlock`
/// means wait and call again; any other error fails the test.
fn read_looping(source: Stuttering, options: ReaderOptions) -> (Vec<i64>, usize) {
    let mut reader = Reader::<i64, _>::with_options(source, options).unwrap();
    let (mut records, mut waits) = (Vec::new(), 0);
    for record in reader.by_ref() {
        match record {
            Ok(r) => records.push(r),
            Err(e) if io_kind(&e) == Some(io::ErrorKind::WouldBlock) => {
                assert_eq!(e.category(), Category::Io);
                assert_eq!(e.block(), None, "not ready is no damage: {e:#}");
                waits += 1;
                assert!(waits < 1_000_000, "the reader never gets on");
            }
            Err(e) => panic!("{e:#}"),
        }
    }
    assert!(reader.skipped().is_empty());
    // The header is read ahead of its end: a `WouldBlock` met there is
    // dropped (the first block's read asks again), the others returned.
    let met = reader.get_ref().would_block;
    assert!(
        met == waits || met == waits + 1,
        "{met} met, {waits} returned"
    );
    (records, waits)
}

/// `WouldBlock`, `Interrupted` and short reads at every position give the
/// records a slice gives, in both damage modes and for several codecs.
#[test]
fn a_stuttering_input_reads_like_a_slice() {
    let mut codecs = vec![ocf::Codec::Null, ocf::Codec::Deflate(6)];
    codecs.push(ocf::Codec::Zstandard(3));
    for codec in codecs {
        let options = WriterOptions::new().codec(codec).block_size(1 << 20);
        let mut w = Writer::<i64, _>::with_options(Vec::new(), options).unwrap();
        for group in groups() {
            w.extend(&group).unwrap();
            w.flush().unwrap();
        }
        let file = w.finish().unwrap();
        let (from_slice, errors) = read_all(&file);
        assert!(errors.is_empty());
        let header = header_len(&file);
        for step in [1, 2, 3, 7, 4096] {
            for skip in [false, true] {
                let source = Stuttering {
                    data: file.clone(),
                    pos: 0,
                    calm_until: header,
                    step,
                    calls: 0,
                    would_block: 0,
                };
                let options = ReaderOptions::new().skip_damaged(skip);
                let (records, waits) = read_looping(source, options);
                assert_eq!(records, from_slice, "{codec:?}, {step} bytes a read");
                assert!(waits > 0);
            }
        }
    }
}

/// A reader made before the header has arrived fails with the
/// `WouldBlock`, as documented: the header is read when it is made.
#[test]
fn a_header_not_ready_fails_the_opening_with_would_block() {
    let mut w = Writer::<i64, _>::new(Vec::new()).unwrap();
    w.extend(0..10).unwrap();
    let file = w.finish().unwrap();
    let source = Stuttering {
        data: file,
        pos: 0,
        calm_until: 0,
        step: 7,
        calls: 0,
        would_block: 0,
    };
    let e = Reader::<i64, _>::new(source).unwrap_err();
    assert_eq!(io_kind(&e), Some(io::ErrorKind::WouldBlock), "{e:#}");
}

/// A file cut inside its header has nothing to keep: cutting it is an
/// error, and the file is left as it was.
#[test]
fn a_file_cut_inside_its_header_is_not_cut_further() {
    let mut w = Writer::<i64, _>::new(Vec::new()).unwrap();
    w.extend(0..10).unwrap();
    let file = w.finish().unwrap();
    let path =
        std::env::temp_dir().join(format!("avrox-faults-header-{}.avro", std::process::id()));
    for len in [0, 3, 4, 20, header_len(&file) - 1] {
        std::fs::write(&path, &file[..len]).unwrap();
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        let e = ocf::cut_incomplete_block(&f).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::UnexpectedEof { .. }
                    | ErrorKind::BadMagic(_)
                    | ErrorKind::InvalidHeader(_)
            ),
            "{len} bytes: {e:#}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), file[..len], "{len} bytes");
    }
    std::fs::remove_file(&path).unwrap();
}

/// A torn last block whose records hold the file's sync marker (here a
/// fixed marker, and records that carry it): searching back for the
/// marker cut the file inside that block (14 of its 33 bytes), appending
/// was then allowed, and the appended blocks were buried behind the
/// broken one. Walking the blocks forward cuts the whole torn block.
#[test]
fn a_torn_block_holding_the_sync_bytes_is_cut_whole() {
    let sync = [0xA5; 16];
    let record = vec![0xA5_u8; 16];
    let options = WriterOptions::new().sync_marker(sync);
    let mut w = Writer::<Vec<u8>, _>::with_options(Vec::new(), options).unwrap();
    w.append(&vec![1, 2, 3]).unwrap();
    w.flush().unwrap();
    let whole = w.get_ref().len();
    // Two records of 17 bytes: count, size, 34 bytes of data, the marker.
    w.extend([record.clone(), record.clone()]).unwrap();
    let bytes = w.finish().unwrap();
    assert_eq!(bytes.len(), whole + 52);

    let path = std::env::temp_dir().join(format!("avrox-faults-sync-{}.avro", std::process::id()));
    std::fs::write(&path, &bytes[..whole + 33]).unwrap();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    assert_eq!(ocf::cut_incomplete_block(&file).unwrap(), 33);
    assert_eq!(std::fs::read(&path).unwrap(), bytes[..whole]);
    let mut w = Writer::<Vec<u8>, _>::append_to(&file).unwrap();
    w.append(&record).unwrap();
    w.finish().unwrap();
    let all = Reader::<Vec<u8>, _>::open(&path)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(all, [vec![1, 2, 3], record]);
    std::fs::remove_file(&path).unwrap();
}

/// A block that is all there but whose marker is wrong is damage, not a
/// torn end: cutting there would throw away the blocks after it, so the
/// file is refused and left as it is.
#[test]
fn a_file_damaged_before_its_end_is_not_cut() {
    let mut w = Writer::<i64, _>::new(Vec::new()).unwrap();
    w.extend(0..10).unwrap();
    w.flush().unwrap();
    let first_end = w.get_ref().len();
    w.extend(10..20).unwrap();
    let mut bytes = w.finish().unwrap();
    // The first block's marker, its last 16 bytes.
    bytes[first_end - 1] ^= 0xFF;
    let path =
        std::env::temp_dir().join(format!("avrox-faults-damaged-{}.avro", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    let e = ocf::cut_incomplete_block(&file).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::SyncMismatch), "{e:#}");
    assert_eq!(e.offset(), Some(first_end - 16), "{e:#}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    std::fs::remove_file(&path).unwrap();
}
