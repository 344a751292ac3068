//! Damaged and hostile container files, built here: each is an error that
//! names the block and its byte offset, after every record of the complete
//! blocks before it; or, when skipping damage, the blocks after it are read
//! and the skipped stretch is reported. Never a panic, a hang or a huge
//! allocation.

use crate::both::{Reader, Writer};
use avrox::binary::{self, Limits};
use avrox::ocf::{BlockReader, Codec, ReaderOptions, WriterOptions};
use avrox::{Avro, Error, ErrorKind, Value};

#[derive(Avro, Debug, Clone, PartialEq)]
struct Event {
    id: i64,
    name: String,
}

const SYNC: [u8; 16] = *b"avrox-sync-16byt";

fn events(n: usize) -> Vec<Event> {
    (0..n)
        .map(|i| Event {
            id: i as i64,
            name: format!("event number {i}"),
        })
        .collect()
}

/// A file of `blocks` blocks of 10 events each, and the offset where each
/// block starts.
fn file(codec: Codec, blocks: usize) -> (Vec<u8>, Vec<usize>) {
    let options = WriterOptions::new().codec(codec).sync_marker(SYNC);
    let mut w = Writer::<Event, _>::with_options(Vec::new(), options).unwrap();
    for chunk in events(10 * blocks).chunks(10) {
        w.extend(chunk).unwrap();
        w.flush().unwrap();
    }
    let bytes = w.finish().unwrap();
    // Each sync marker ends the header or a block; the last ends the file.
    let mut starts: Vec<usize> = bytes
        .windows(16)
        .enumerate()
        .filter(|(_, w)| *w == SYNC)
        .map(|(i, _)| i + 16)
        .collect();
    starts.pop();
    assert_eq!(starts.len(), blocks);
    (bytes, starts)
}

/// Reads all it can: the records, then the error that ended it.
fn read_all(bytes: &[u8], options: ReaderOptions) -> (Vec<Event>, Option<Error>) {
    let reader = match Reader::<Event, _>::with_options(bytes, options) {
        Ok(reader) => reader,
        Err(e) => return (Vec::new(), Some(e)),
    };
    let mut records = Vec::new();
    for result in reader {
        match result {
            Ok(event) => records.push(event),
            Err(e) => return (records, Some(e)),
        }
    }
    (records, None)
}

#[test]
fn truncated_anywhere_gives_the_complete_blocks_then_an_error() {
    for codec in [Codec::Null, Codec::Deflate(6), Codec::Snappy] {
        let (bytes, starts) = file(codec, 4);
        for cut in 0..bytes.len() {
            let (records, err) = read_all(&bytes[..cut], ReaderOptions::new());
            let complete = starts
                .iter()
                .skip(1)
                .chain([&bytes.len()])
                .filter(|&&end| end <= cut)
                .count();
            assert_eq!(records, events(10 * complete), "{codec:?} cut at {cut}");
            if starts.contains(&cut) {
                // Cut between blocks: a shorter file, nothing to see.
                assert!(err.is_none(), "{codec:?} cut at {cut}: {err:?}");
                continue;
            }
            let err = err.unwrap_or_else(|| panic!("{codec:?} cut at {cut}: no error"));
            if cut >= starts[0] {
                assert_eq!(
                    err.block(),
                    Some(complete as u64),
                    "{codec:?} cut at {cut}: {err}"
                );
                assert_eq!(err.block_offset(), Some(starts[complete] as u64), "{err}");
                assert!(
                    matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
                    "{err}"
                );
            } else {
                assert_eq!(err.block(), None, "header: {err}");
            }
        }
        // The whole file reads.
        let (records, err) = read_all(&bytes, ReaderOptions::new());
        assert_eq!(records, events(40));
        assert!(err.is_none(), "{err:?}");
    }
}

/// A read that fails after the file's 30th block: the reader's error is
/// of category `Io` and keeps the `std::io::Error` (and what it wraps) as
/// its source, while the damage categories do not claim it.
#[test]
fn a_failed_read_keeps_its_io_error() {
    #[derive(Debug)]
    struct Unplugged;
    impl std::fmt::Display for Unplugged {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the disk was unplugged")
        }
    }
    impl std::error::Error for Unplugged {}

    let (bytes, starts) = file(Codec::Null, 40);
    let unplugged = || std::io::Error::new(std::io::ErrorKind::ConnectionReset, Unplugged);
    let failing = std::io::Read::chain(&bytes[..starts[30]], FailingRead(Some(unplugged())));
    // The reader reads ahead: the error comes when it is opened or later.
    // (Not through `both`, which reads its input whole first: the async
    // reader is given a failing source of its own.)
    let blocking = match avrox::ocf::Reader::<Event, _>::new(failing) {
        Err(e) => (0, e),
        Ok(reader) => {
            let results: Vec<_> = reader.collect();
            let good = results.iter().filter(|r| r.is_ok()).count();
            (
                good,
                results.into_iter().find_map(Result::err).expect("an error"),
            )
        }
    };
    let nonblocking = crate::both::block_on(async {
        use futures_util::StreamExt;
        let source = FailingAsync {
            data: bytes[..starts[30]].to_vec(),
            error: Some(unplugged()),
        };
        match avrox::ocf::AsyncReader::<Event, _>::new(source).await {
            Err(e) => (0, e),
            Ok(reader) => {
                let results: Vec<_> = reader.collect().await;
                let good = results.iter().filter(|r| r.is_ok()).count();
                (
                    good,
                    results.into_iter().find_map(Result::err).expect("an error"),
                )
            }
        }
    });
    assert_eq!(blocking.0, 300, "the complete blocks' records come first");
    assert_eq!(format!("{blocking:?}"), format!("{nonblocking:?}"));
    for (_, err) in [&blocking, &nonblocking] {
        assert_eq!(err.category(), avrox::error::Category::Io, "{err:#}");
        let io = std::error::Error::source(err)
            .and_then(|e| e.downcast_ref::<std::io::Error>())
            .expect("the io::Error is the source");
        assert_eq!(io.kind(), std::io::ErrorKind::ConnectionReset);
        assert!(io.get_ref().is_some_and(|e| e.is::<Unplugged>()));
        assert!(
            format!("{err:#}").ends_with("I/O error: the disk was unplugged"),
            "{err:#}"
        );
    }
}

/// An `AsyncRead` that gives its bytes a few at a time, then fails.
struct FailingAsync {
    data: Vec<u8>,
    error: Option<std::io::Error>,
}

impl tokio::io::AsyncRead for FailingAsync {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.data.is_empty() {
            let e = self
                .error
                .take()
                .unwrap_or_else(|| std::io::Error::other("again"));
            return std::task::Poll::Ready(Err(e));
        }
        let n = buf.remaining().min(self.data.len()).min(7);
        buf.put_slice(&self.data[..n]);
        self.data.drain(..n);
        std::task::Poll::Ready(Ok(()))
    }
}

struct FailingRead(Option<std::io::Error>);

impl std::io::Read for FailingRead {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(self
            .0
            .take()
            .unwrap_or_else(|| std::io::Error::other("again")))
    }
}

#[test]
fn a_wrong_sync_marker_names_its_block() {
    let (mut bytes, starts) = file(Codec::Null, 4);
    bytes[starts[3] - 1] ^= 0xff; // the marker that ends block 2
    let (records, err) = read_all(&bytes, ReaderOptions::new());
    let err = err.unwrap();
    assert_eq!(records, events(20));
    assert_eq!(err.kind(), &ErrorKind::SyncMismatch);
    assert_eq!(err.block(), Some(2));
    assert_eq!(err.block_offset(), Some(starts[2] as u64));
    assert_eq!(err.offset(), Some(starts[3] - 16));
    assert!(
        err.to_string()
            .starts_with(&format!("block 2 (at file byte {}): ", starts[2])),
        "{err}"
    );
}

#[test]
fn skipping_damage_reads_on_after_the_next_sync_marker() {
    let (mut bytes, starts) = file(Codec::Snappy, 5);
    // Damage block 1's data and block 3's marker.
    bytes[starts[1] + 5] ^= 0x55;
    bytes[starts[4] - 3] ^= 0x01;
    let options = ReaderOptions::new().skip_damaged(true);
    let mut reader = Reader::<Event, _>::with_options(&bytes[..], options).unwrap();
    let records: Vec<Event> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    // Block 4 is lost with block 3: the marker that would say where it
    // starts is the damaged one.
    let all = events(50);
    let expected: Vec<Event> = [&all[0..10], &all[20..30]].concat();
    assert_eq!(records, expected);
    let skipped = reader.skipped();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert_eq!(skipped[0].block, 1);
    assert_eq!(skipped[0].offset, starts[1] as u64);
    assert_eq!(skipped[0].records, Some(10));
    assert!(
        matches!(
            skipped[0].error.kind(),
            ErrorKind::ChecksumMismatch { .. } | ErrorKind::Decompress { .. }
        ),
        "{:?}",
        skipped[0].error
    );
    assert_eq!(skipped[1].block, 3);
    assert_eq!(skipped[1].offset, starts[3] as u64);
    assert_eq!(skipped[1].bytes, (bytes.len() - starts[3]) as u64);
    assert_eq!(skipped[1].error.kind(), &ErrorKind::SyncMismatch);
}

#[test]
fn skipping_a_damaged_size_finds_the_next_marker() {
    let (mut bytes, starts) = file(Codec::Null, 3);
    // Block 1's size (after its one-byte count) made enormous.
    bytes[starts[1] + 1] = 0xfe;
    let options = ReaderOptions::new()
        .skip_damaged(true)
        .max_block_size(1 << 20);
    let mut reader = Reader::<Event, _>::with_options(&bytes[..], options).unwrap();
    let records: Vec<Event> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    let all = events(30);
    assert_eq!(records, [&all[..10], &all[20..]].concat());
    assert_eq!(reader.skipped().len(), 1);
    // Without skipping, the same file is an error at block 1.
    let (records, err) = read_all(&bytes, ReaderOptions::new());
    assert_eq!(records, events(10));
    assert_eq!(err.unwrap().block(), Some(1));
}

#[test]
fn a_truncated_tail_is_skipped_to_the_end() {
    let (bytes, starts) = file(Codec::Null, 3);
    let cut = &bytes[..starts[2] + 7];
    let mut reader =
        Reader::<Event, _>::with_options(cut, ReaderOptions::new().skip_damaged(true)).unwrap();
    let records: Vec<Event> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(records, events(20));
    assert_eq!(reader.skipped().len(), 1);
    assert_eq!(reader.skipped()[0].bytes, 7);
}

#[test]
fn a_snappy_checksum_mismatch_is_an_error() {
    let (mut bytes, starts) = file(Codec::Snappy, 2);
    // The last 4 bytes of block 1's data are the CRC-32.
    let crc_at = bytes.len() - 16 - 4;
    bytes[crc_at] ^= 0x80;
    let (records, err) = read_all(&bytes, ReaderOptions::new());
    let err = err.unwrap();
    assert_eq!(records, events(10));
    assert!(
        matches!(err.kind(), ErrorKind::ChecksumMismatch { .. }),
        "{err}"
    );
    assert_eq!(err.block(), Some(1));
    assert_eq!(err.block_offset(), Some(starts[1] as u64));
    assert!(err.to_string().contains("CRC-32"), "{err}");
}

fn header_with(codec: &str) -> Vec<u8> {
    let mut out = b"Obj\x01".to_vec();
    binary::write_block_len(&mut out, 2);
    binary::write_str(&mut out, "avro.schema");
    binary::write_bytes(&mut out, br#""long""#);
    binary::write_str(&mut out, "avro.codec");
    binary::write_bytes(&mut out, codec.as_bytes());
    binary::write_block_end(&mut out);
    out.extend_from_slice(&SYNC);
    out
}

#[test]
fn an_unknown_codec_is_named() {
    let err = Reader::<Value, _>::new(&header_with("lz4")[..]).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnknownCodec { name, .. } if name == "lz4"),
        "{err:?}"
    );
    assert!(err.to_string().contains("unknown codec 'lz4'"), "{err}");
    assert!(err.to_string().contains("deflate"), "{err}");
}

#[test]
fn headers_without_a_schema_or_with_bad_magic_are_errors() {
    let mut no_schema = b"Obj\x01".to_vec();
    binary::write_block_end(&mut no_schema);
    no_schema.extend_from_slice(&SYNC);
    let err = Reader::<Value, _>::new(&no_schema[..]).unwrap_err();
    assert!(err.to_string().contains("avro.schema"), "{err}");

    let mut old = header_with("null");
    old[3] = 0;
    let err = Reader::<Value, _>::new(&old[..]).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BadMagic(*b"Obj\0"));
    assert!(err.to_string().contains("before Avro 1.3"), "{err}");

    let err = Reader::<Value, _>::new(&b"PAR1...."[..]).unwrap_err();
    assert!(
        err.to_string()
            .contains("not an Avro object container file"),
        "{err}"
    );
    assert!(Reader::<Value, _>::new(&b"Ob"[..]).is_err());
    assert!(Reader::<Value, _>::new(&b""[..]).is_err());

    // A metadata map that claims more entries than the file holds.
    let mut hostile = b"Obj\x01".to_vec();
    binary::write_long(&mut hostile, 1 << 40);
    let err = Reader::<Value, _>::new(&hostile[..]).unwrap_err();
    assert!(err.offset().is_some(), "{err}");
}

/// A file of `"long"`s with one hand-made block.
fn with_block(codec: &str, count: i64, data: &[u8]) -> Vec<u8> {
    let mut out = header_with(codec);
    binary::write_long(&mut out, count);
    binary::write_long(&mut out, data.len() as i64);
    out.extend_from_slice(data);
    out.extend_from_slice(&SYNC);
    out
}

fn read_longs(bytes: &[u8], options: ReaderOptions) -> (usize, Error) {
    let mut n = 0;
    for r in Reader::<i64, _>::with_options(bytes, options).unwrap() {
        match r {
            Ok(_) => n += 1,
            Err(e) => return (n, e),
        }
    }
    panic!("no error after {n} records");
}

#[test]
fn block_counts_that_disagree_with_their_bytes() {
    // Five longs in the data, but a count of 7: the five, then an error.
    let data = [2u8, 4, 6, 8, 10];
    let (n, err) = read_longs(&with_block("null", 7, &data), ReaderOptions::new());
    assert_eq!(n, 5);
    assert_eq!(
        err.kind(),
        &ErrorKind::BlockCountMismatch {
            declared: 7,
            found: 5,
            left_over: 0
        }
    );
    assert_eq!((err.block(), err.block_record()), (Some(0), Some(5)));
    // A count of 3: three, then the two left over.
    let (n, err) = read_longs(&with_block("null", 3, &data), ReaderOptions::new());
    assert_eq!(n, 3);
    assert_eq!(
        err.kind(),
        &ErrorKind::BlockCountMismatch {
            declared: 3,
            found: 3,
            left_over: 2
        }
    );
    // A count of 2^62: the five there are, then the error.
    let (n, err) = read_longs(&with_block("null", 1 << 62, &data), ReaderOptions::new());
    assert_eq!(n, 5);
    assert!(
        matches!(err.kind(), ErrorKind::BlockCountMismatch { found: 5, .. }),
        "{err}"
    );
    // A negative count.
    let (_, err) = read_longs(&with_block("null", -1, &data), ReaderOptions::new());
    assert!(
        matches!(
            err.kind(),
            ErrorKind::InvalidBlockCount {
                count: -1,
                problem: avrox::error::BlockCountProblem::Negative
            }
        ),
        "{err}"
    );
}

#[test]
fn records_of_no_size_are_bounded_by_the_collection_limit() {
    let mut out = b"Obj\x01".to_vec();
    binary::write_block_len(&mut out, 1);
    binary::write_str(&mut out, "avro.schema");
    binary::write_bytes(&mut out, br#""null""#);
    binary::write_block_end(&mut out);
    out.extend_from_slice(&SYNC);
    binary::write_long(&mut out, i64::MAX);
    binary::write_long(&mut out, 0);
    out.extend_from_slice(&SYNC);
    let options = ReaderOptions::new().limits(Limits::default().max_collection_items(1000));
    let results: Vec<_> = Reader::<Value, _>::with_options(&out[..], options)
        .unwrap()
        .collect();
    assert_eq!(results.len(), 1);
    assert!(results[0].is_err());
}

#[test]
fn decompression_bombs_stop_at_the_limit() {
    let zeros = vec![0u8; 4 << 20];
    let options = || ReaderOptions::new().max_block_size(1 << 20);
    for codec in [
        Codec::Deflate(9),
        Codec::Snappy,
        Codec::Zstandard(3),
        Codec::Bzip2(9),
        Codec::Xz(6),
    ] {
        let mut compressed = Vec::new();
        codec.compress(&zeros, &mut compressed).unwrap();
        assert!(compressed.len() < 1 << 20, "{codec:?}");
        let bytes = with_block(codec.name(), 1, &compressed);
        let (n, err) = read_longs(&bytes, options());
        assert_eq!(n, 0);
        assert!(
            avrox_tests::is_limit(&err, avrox::error::Limit::BlockSize),
            "{codec:?}: {err}"
        );
        assert_eq!(err.block(), Some(0));
        // Decompressing into a fresh buffer stops at the limit too.
        let mut out = Vec::new();
        assert!(codec.decompress(&compressed, 1 << 20, &mut out).is_err());
        assert!(out.capacity() <= 2 << 20, "{codec:?}: {}", out.capacity());
    }
    // A stored block larger than the limit is refused from its size alone.
    let bytes = with_block("null", 1, &vec![2u8; 2 << 20]);
    let (_, err) = read_longs(&bytes, options());
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::BlockSize),
        "{err}"
    );
}

#[test]
fn garbage_in_place_of_compressed_data_is_an_error() {
    for codec in [
        Codec::Deflate(6),
        Codec::Snappy,
        Codec::Zstandard(3),
        Codec::Bzip2(9),
        Codec::Xz(6),
    ] {
        let bytes = with_block(codec.name(), 1, b"this is not compressed at all");
        let (n, err) = read_longs(&bytes, ReaderOptions::new());
        assert_eq!(n, 0);
        assert!(
            matches!(
                err.kind(),
                ErrorKind::Decompress { .. } | ErrorKind::ChecksumMismatch { .. }
            ),
            "{codec:?}: {err}"
        );
        assert_eq!(err.block(), Some(0));
    }
}

#[test]
fn random_damage_never_panics_or_hangs() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for codec in [
        Codec::Null,
        Codec::Deflate(6),
        Codec::Snappy,
        Codec::Zstandard(3),
        Codec::Bzip2(1),
        Codec::Xz(1),
    ] {
        let (bytes, _) = file(codec, 3);
        for _ in 0..300 {
            let mut damaged = bytes.clone();
            for _ in 0..=next() % 4 {
                let i = (next() % damaged.len() as u64) as usize;
                damaged[i] = next() as u8;
            }
            for skip in [false, true] {
                let options = ReaderOptions::new()
                    .skip_damaged(skip)
                    .max_block_size(1 << 20);
                if let Ok(reader) = Reader::<Event, _>::with_options(&damaged[..], options) {
                    assert!(reader.take(1000).count() <= 1000);
                }
                if let Ok(blocks) = BlockReader::new(&damaged[..]) {
                    assert!(blocks.take(100).count() <= 100);
                }
            }
        }
    }
}

#[test]
fn a_file_cut_in_its_header_is_an_error() {
    let options = WriterOptions::new().sync_marker(SYNC);
    let bytes = Writer::<String, _>::with_options(Vec::new(), options)
        .unwrap()
        .finish()
        .unwrap();
    for cut in 0..bytes.len() {
        assert!(BlockReader::new(&bytes[..cut]).is_err(), "{cut}");
    }
    assert_eq!(BlockReader::new(&bytes[..]).unwrap().header().sync(), &SYNC);
}

#[test]
fn a_record_that_does_not_decode_is_placed_in_its_block() {
    // Two good longs, then a varint that never ends.
    let mut data = vec![2u8, 4];
    data.extend([0xff; 11]);
    let bytes = with_block("null", 3, &data);
    let (n, err) = read_longs(&bytes, ReaderOptions::new());
    assert_eq!(n, 2);
    assert_eq!(err.kind(), &ErrorKind::VarintTooLong);
    assert_eq!((err.block(), err.block_record()), (Some(0), Some(2)));
    // The offset is in the block's data: the third record starts at 2.
    assert_eq!(err.offset(), Some(2));
    assert!(
        err.to_string().starts_with(&format!(
            "block 0 (at file byte {}), record 2: at byte 2: ",
            header_with("null").len()
        )),
        "{err}"
    );
}
