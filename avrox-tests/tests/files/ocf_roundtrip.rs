//! Container files written by avrox read back: every codec, several block
//! sizes, appends, raw block copies, values and derived types; and records
//! flushed by a process that is then killed are in the file, wherever the
//! kill lands, and the file appends again.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Cursor};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::both::{Reader, Writer};
use avrox::ocf::{BlockReader, Codec, WriterOptions};
use avrox::{Avro, ErrorKind, Schema, Value};

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.iot")]
struct Reading {
    sensor: String,
    seq: i64,
    celsius: f64,
    tags: Vec<String>,
    note: Option<String>,
}

fn readings(n: usize) -> Vec<Reading> {
    (0..n).map(reading).collect()
}

fn reading(i: usize) -> Reading {
    Reading {
        sensor: format!("sensor-{}", i % 7),
        seq: i as i64,
        celsius: 20.0 + (i % 13) as f64 * 0.5,
        tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
        note: i.is_multiple_of(5).then(|| "calibrated".to_owned()),
    }
}

fn every_codec() -> Vec<Codec> {
    vec![
        Codec::Null,
        Codec::Deflate(0),
        Codec::Deflate(6),
        Codec::Deflate(10),
        Codec::Snappy,
        Codec::Zstandard(1),
        Codec::Zstandard(19),
        Codec::Bzip2(1),
        Codec::Bzip2(9),
        Codec::Xz(0),
        Codec::Xz(6),
    ]
}

fn write(records: &[Reading], options: WriterOptions) -> Vec<u8> {
    let mut w = Writer::<Reading, _>::with_options(Vec::new(), options).unwrap();
    w.extend(records).unwrap();
    w.finish().unwrap()
}

fn read(file: &[u8]) -> Vec<Reading> {
    Reader::<Reading, _>::new(file)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn block_counts(file: &[u8]) -> Vec<u64> {
    BlockReader::new(file)
        .unwrap()
        .map(|b| b.unwrap().count)
        .collect()
}

#[test]
fn every_codec_and_block_size_round_trips() {
    let records = readings(500);
    for codec in every_codec() {
        for block_size in [1, 100, 4096, 1 << 20] {
            let options = WriterOptions::new().codec(codec).block_size(block_size);
            let file = write(&records, options);
            let reader = Reader::<Reading, _>::new(&file[..]).unwrap();
            assert_eq!(
                reader.header().codec(),
                Codec::from_name(codec.name()).unwrap()
            );
            let back: Vec<Reading> = reader.collect::<Result<_, _>>().unwrap();
            assert_eq!(back, records, "{codec:?} block size {block_size}");
            let counts = block_counts(&file);
            assert_eq!(counts.iter().sum::<u64>(), 500);
            match block_size {
                1 => assert_eq!(counts.len(), 500, "{codec:?}"),
                1048576 => assert_eq!(counts, [500], "{codec:?}"),
                _ => assert!(counts.len() > 1, "{codec:?} {block_size}"),
            }
        }
    }
}

#[test]
fn compressing_codecs_make_smaller_files() {
    let records = readings(2000);
    let null = write(&records, WriterOptions::new().codec(Codec::Null)).len();
    for codec in every_codec()
        .into_iter()
        .filter(|c| !matches!(c, Codec::Null | Codec::Deflate(0)))
    {
        let size = write(&records, WriterOptions::new().codec(codec)).len();
        assert!(size < null / 2, "{codec:?}: {size} vs {null}");
    }
}

#[test]
fn values_round_trip_with_a_schema() {
    let schema = <Reading as avrox::AvroSchema>::schema().clone();
    let values: Vec<Value> = readings(50).iter().map(avrox::to_value).collect();
    for codec in every_codec() {
        let options = WriterOptions::new().codec(codec).block_size(256);
        let mut w = Writer::<Value, _>::with_schema(Vec::new(), schema.clone(), options).unwrap();
        w.extend(&values).unwrap();
        let file = w.finish().unwrap();
        // Read back as values, and as the derived type.
        let back: Vec<Value> = Reader::<Value, _>::new(&file[..])
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(back, values);
        assert_eq!(read(&file), readings(50));
    }
}

#[test]
fn a_value_that_does_not_fit_leaves_nothing_behind() {
    let schema = Schema::parse(
        r#"{"type": "record", "name": "P", "fields": [{"name": "x", "type": "int"}]}"#,
    )
    .unwrap();
    let mut w = Writer::<Value, _>::with_schema(Vec::new(), schema, WriterOptions::new()).unwrap();
    w.append(&Value::record([("x", Value::Int(1))])).unwrap();
    let err = w
        .append(&Value::record([("x", Value::from("one"))]))
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }), "{err}");
    w.append(&Value::record([("x", Value::Int(2))])).unwrap();
    let file = w.finish().unwrap();
    let back: Vec<Value> = Reader::<Value, _>::new(&file[..])
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        back,
        [
            Value::record([("x", Value::Int(1))]),
            Value::record([("x", Value::Int(2))])
        ]
    );
}

#[test]
fn flush_cuts_a_block() {
    let mut w = Writer::<Reading, _>::new(Vec::new()).unwrap();
    let records = readings(10);
    w.extend(&records[..3]).unwrap();
    w.flush().unwrap();
    w.flush().unwrap(); // nothing pending: no empty block
    w.extend(&records[3..]).unwrap();
    assert_eq!(w.pending_records(), 7);
    let file = w.finish().unwrap();
    assert_eq!(block_counts(&file), [3, 7]);
    assert_eq!(read(&file), records);
}

#[test]
fn a_file_with_no_records_reads_as_empty() {
    let file = write(&[], WriterOptions::new());
    assert_eq!(read(&file), []);
    assert_eq!(block_counts(&file), Vec::<u64>::new());
}

#[test]
fn header_metadata_and_sync_marker() {
    let options = WriterOptions::new()
        .codec(Codec::Snappy)
        .metadata("origin", "edge-7")
        .metadata("bin", [0u8, 255]);
    let file = write(&readings(3), options);
    let reader = Reader::<Reading, _>::new(&file[..]).unwrap();
    assert_eq!(reader.header().metadata("origin"), Some(&b"edge-7"[..]));
    assert_eq!(reader.header().metadata("bin"), Some(&[0u8, 255][..]));
    assert_eq!(reader.header().metadata("avro.codec"), Some(&b"snappy"[..]));
    let schema = Schema::parse(
        std::str::from_utf8(reader.header().metadata("avro.schema").unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        schema.canonical_form(),
        reader.writer_schema().canonical_form()
    );
    // Sync markers are random: two files differ.
    let other = write(&readings(3), WriterOptions::new());
    let sync = *reader.header().sync();
    let other_sync = *Reader::<Reading, _>::new(&other[..])
        .unwrap()
        .header()
        .sync();
    assert_ne!(sync, other_sync);
    // And the marker ends the header and each block.
    assert_eq!(&file[file.len() - 16..], &sync);
}

#[test]
fn reserved_metadata_and_foreign_schemas_are_refused() {
    let err = Writer::<Reading, _>::with_options(
        Vec::new(),
        WriterOptions::new().metadata("avro.codec", "x"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("reserved"), "{err}");
    let other = Schema::parse(r#""long""#).unwrap();
    let err =
        Writer::<Reading, _>::with_schema(Vec::new(), other, WriterOptions::new()).unwrap_err();
    assert!(err.to_string().contains("is not the file's"), "{err}");
    // A value writer needs a schema.
    assert!(Writer::<Value, _>::new(Vec::new()).is_err());
    // Longs cannot be read as records: the schemas do not resolve, which
    // opening the file says before any record is read.
    let longs = {
        let mut w = Writer::<i64, _>::new(Vec::new()).unwrap();
        w.append(&5).unwrap();
        w.finish().unwrap()
    };
    let err = Reader::<Reading, _>::new(&longs[..]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unresolvable(_)), "{err}");
}

#[test]
fn appending_reuses_the_sync_marker_and_codec() {
    let dir = tempdir();
    let path = dir.join("append.avro");
    let records = readings(30);
    for codec in every_codec() {
        let mut w = Writer::<Reading, _>::with_options(
            std::fs::File::create(&path).unwrap(),
            WriterOptions::new().codec(codec).block_size(200),
        )
        .unwrap();
        w.extend(&records[..10]).unwrap();
        let sync = *w.header().sync();
        w.finish().unwrap();
        for chunk in [&records[10..20], &records[20..]] {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)
                .unwrap();
            // The options' codec is ignored for the file's, but its level used.
            let options = WriterOptions::new().codec(Codec::Null).block_size(200);
            let mut w = Writer::<Reading, _>::append_with_options(file, options).unwrap();
            assert_eq!(w.header().sync(), &sync);
            assert_eq!(w.header().codec().name(), codec.name());
            w.extend(chunk).unwrap();
            w.finish().unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(read(&bytes), records, "{codec:?}");
    }
}

#[test]
fn appending_checks_schema_and_the_end_of_the_file() {
    let dir = tempdir();
    let path = dir.join("check.avro");
    std::fs::write(&path, write(&readings(5), WriterOptions::new())).unwrap();
    // Another schema.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    assert!(Writer::<i64, _>::append_to(file).is_err());
    // A file whose last block is incomplete.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.truncate(bytes.len() - 3);
    let err = Writer::<Reading, _>::append_to(Cursor::new(bytes)).unwrap_err();
    assert!(
        err.to_string()
            .contains("does not end with its sync marker"),
        "{err}"
    );
    // Values append to a file written from the derived type.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    let mut w = Writer::<Value, _>::append_to(file).unwrap();
    w.append(&avrox::to_value(&readings(6)[5])).unwrap();
    w.finish().unwrap();
    assert_eq!(read(&std::fs::read(&path).unwrap()), readings(6));
}

#[test]
fn raw_blocks_concatenate_and_split_files() {
    for codec in every_codec() {
        let options = WriterOptions::new().codec(codec).block_size(300);
        let a = write(&readings(40), options.clone());
        let b = write(&readings(25), options);
        // Concatenate b onto a, block by block, without decoding.
        let mut w =
            Writer::<Reading, _>::with_options(Vec::new(), WriterOptions::new().codec(codec))
                .unwrap();
        for file in [&a, &b] {
            for block in BlockReader::new(&file[..]).unwrap() {
                w.write_raw_block(&block.unwrap()).unwrap();
            }
        }
        let joined = w.finish().unwrap();
        let mut expected = readings(40);
        expected.extend(readings(25));
        assert_eq!(read(&joined), expected, "{codec:?}");
        // Split: the first block alone.
        let first = BlockReader::new(&joined[..])
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let mut w =
            Writer::<Reading, _>::with_options(Vec::new(), WriterOptions::new().codec(codec))
                .unwrap();
        w.write_raw_block(&first).unwrap();
        let part = w.finish().unwrap();
        assert_eq!(read(&part).len() as u64, first.count);
    }
}

#[test]
fn records_encoded_elsewhere_are_appended_as_they_are() {
    let records = readings(4);
    let mut w = Writer::<Reading, _>::new(Vec::new()).unwrap();
    for r in &records {
        w.append_encoded(&avrox::to_vec(r).unwrap()).unwrap();
    }
    assert_eq!(read(&w.finish().unwrap()), records);
}

#[test]
fn dropping_a_writer_flushes_it() {
    let mut out = Vec::new();
    {
        let mut w = Writer::<Reading, _>::new(&mut out).unwrap();
        w.extend(readings(3)).unwrap();
    }
    assert_eq!(read(&out), readings(3));
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "avrox-ocf-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The environment variable that makes [`child_writer`] write to a file.
const CHILD_FILE: &str = "AVROX_OCF_CHILD_FILE";

/// The codec [`child_writer_until_killed`] writes with, and whether to a
/// [`Chunked`] file.
const CHILD_CODEC: &str = "AVROX_OCF_CHILD_CODEC";

/// Run by [`flushed_records_survive_a_killed_writer`] in a child process:
/// writes and flushes 100 records, appends 5 more without flushing, says
/// so on stdout and waits to be killed.
#[test]
#[ignore = "run as a child process by flushed_records_survive_a_killed_writer"]
fn child_writer() {
    let path = std::env::var(CHILD_FILE).expect("run by the durability test");
    let records = readings(105);
    let mut w = Writer::<Reading, _>::with_options(
        std::fs::File::create(path).unwrap(),
        WriterOptions::new().block_size(1 << 20),
    )
    .unwrap();
    w.extend(&records[..60]).unwrap();
    w.flush().unwrap();
    w.extend(&records[60..100]).unwrap();
    w.flush().unwrap();
    w.extend(&records[100..]).unwrap();
    println!("flushed");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}

/// Runs the ignored test `child` of this module in a child process
/// writing to `path`, and waits until it prints `ready`.
fn spawn_child(child: &str, path: &std::path::Path, codec: &str, ready: &str) -> Child {
    // The harness names a test by its module path without the crate's name.
    let name = match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::{child}"),
        None => child.to_owned(),
    };
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            name.as_str(),
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_FILE, path)
        .env(CHILD_CODEC, codec)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let started = BufReader::new(stdout)
        .lines()
        .map(Result::unwrap)
        .any(|line| line.contains(ready));
    assert!(started, "the child never said {ready}");
    child
}

#[test]
fn flushed_records_survive_a_killed_writer() {
    let dir = tempdir();
    let path = dir.join("killed.avro");
    let mut child = spawn_child("child_writer", &path, "null", "flushed");
    // SIGKILL: no destructor runs, so the 5 unflushed records are lost.
    child.kill().unwrap();
    child.wait().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let back = read(&bytes);
    assert_eq!(back, readings(100));
    assert_eq!(block_counts(&bytes), [60, 40]);
    // And the file takes more records.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    let mut w = Writer::<Reading, _>::append_to(file).unwrap();
    w.extend(&readings(105)[100..]).unwrap();
    w.finish().unwrap();
    assert_eq!(read(&std::fs::read(&path).unwrap()), readings(105));
}

/// A slow file, written at most 64 bytes a call, as a pipe or a network
/// file system may take it: most of the writer's time is then spent
/// between the writes of a block, where a kill cuts it. (With one fast
/// `write` a block, kills land between blocks.)
struct Chunked(std::fs::File);

impl std::io::Write for Chunked {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::thread::sleep(Duration::from_micros(20));
        self.0.write(&buf[..buf.len().min(64)])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Run by [`a_writer_killed_at_any_moment_leaves_whole_blocks`] in a
/// child process: writes records 0, 1, 2... in blocks of 32 KiB (cut by
/// size, and flushed every 500 records), to a fast file or a slow one
/// ([`Chunked`]), until it is killed; says `writing` once the first block
/// is in the file.
#[test]
#[ignore = "run as a child process by a_writer_killed_at_any_moment_leaves_whole_blocks"]
fn child_writer_until_killed() {
    let path = std::env::var(CHILD_FILE).expect("run by the kill test");
    let how = std::env::var(CHILD_CODEC).unwrap_or_default();
    let codec = match how.starts_with("deflate") {
        true => Codec::Deflate(1),
        false => Codec::Null,
    };
    let options = WriterOptions::new().codec(codec).block_size(32 << 10);
    let file = std::fs::File::create(path).unwrap();
    let file: Box<dyn std::io::Write> = match how.ends_with("slow") {
        true => Box::new(Chunked(file)),
        false => Box::new(file),
    };
    let mut w = avrox::ocf::Writer::<Reading, _>::with_options(file, options).unwrap();
    for i in 0.. {
        w.append(&reading(i)).unwrap();
        if i % 500 == 499 {
            w.flush().unwrap();
            if i == 499 {
                println!("writing");
            }
        }
    }
}

/// A small random number generator (xorshift), seeded per run: the
/// moments of the kills.
struct Moments(u64);

impl Moments {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// A writer killed (SIGKILL) at random moments, 40 times, with and without
/// compression, to a fast file (kills land between blocks, mostly) and a
/// slow one (inside blocks, mostly): its file reads up to its last whole
/// block, with at most a truncated block after it, and once cut back
/// appends again and reads whole.
#[test]
fn a_writer_killed_at_any_moment_leaves_whole_blocks() {
    let dir = tempdir();
    let path = dir.join("killed-loop.avro");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut moments = Moments(seed);
    let started = Instant::now();
    let (mut cut_tails, mut most) = (0, 0);
    for run in 0..40 {
        let codec = ["null", "deflate", "null, slow", "deflate, slow"][run % 4];
        let mut child = spawn_child("child_writer_until_killed", &path, codec, "writing");
        let delay = moments.next(60_000);
        std::thread::sleep(Duration::from_micros(delay));
        child.kill().unwrap();
        child.wait().unwrap();
        let context = format!("run {run} ({codec}), killed {delay} µs in, seed {seed}");

        let bytes = std::fs::read(&path).unwrap();
        let (mut records, mut errors) = (Vec::new(), Vec::new());
        for record in avrox::ocf::Reader::<Reading, _>::new(&bytes[..]).unwrap() {
            match record {
                Ok(r) => records.push(r),
                Err(e) => errors.push(e),
            }
        }
        let n = records.len();
        assert!(n >= 500, "{context}: {n} records");
        assert!(
            records.iter().enumerate().all(|(i, r)| *r == reading(i)),
            "{context}: records out of order or wrong"
        );
        match &errors[..] {
            [] => {}
            [e] => {
                assert!(
                    matches!(e.kind(), ErrorKind::UnexpectedEof { .. }),
                    "{context}: {e:#}"
                );
                cut_tails += 1;
            }
            more => panic!("{context}: {more:?}"),
        }
        most = most.max(n);

        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        let cut = avrox::ocf::cut_incomplete_block(&file).unwrap();
        assert_eq!(cut > 0, !errors.is_empty(), "{context}: cut {cut} bytes");
        let mut w = avrox::ocf::Writer::<Reading, _>::append_to(&file).unwrap();
        w.extend((n..n + 10).map(reading)).unwrap();
        w.finish().unwrap();
        let again = std::fs::read(&path).unwrap();
        let all = avrox::ocf::Reader::<Reading, _>::new(&again[..])
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("{context}: {e:#}"));
        assert_eq!(all.len(), n + 10, "{context}");
        assert!(
            all.iter().enumerate().all(|(i, r)| *r == reading(i)),
            "{context}"
        );
    }
    eprintln!(
        "40 kills in {:?}: {cut_tails} left a truncated block; up to {most} records",
        started.elapsed()
    );
    // The slow runs spend most of their time inside blocks.
    assert!(cut_tails > 0, "no kill landed inside a block");
}

/// A reader that hands out one byte per call, and is interrupted every
/// seventh call, as slow pipes and sockets may be.
struct Trickle<'a> {
    bytes: &'a [u8],
    calls: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls.is_multiple_of(7) {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let Some((&first, rest)) = self.bytes.split_first() else {
            return Ok(0);
        };
        if buf.is_empty() {
            return Ok(0);
        }
        buf[0] = first;
        self.bytes = rest;
        Ok(1)
    }
}

#[test]
fn reading_from_a_trickle_gives_the_same_records() {
    let records = readings(200);
    for codec in [Codec::Null, Codec::Deflate(6), Codec::Snappy] {
        let options = WriterOptions::new()
            .codec(codec)
            .block_size(500)
            .metadata("big", vec![7u8; 10_000]);
        let file = write(&records, options);
        // The blocking reader itself over the trickle (`both` would read
        // it whole first); the async one over its own, a byte a poll.
        let reader = avrox::ocf::Reader::<Reading, _>::new(Trickle {
            bytes: &file,
            calls: 0,
        })
        .unwrap();
        let source = crate::both::Trickle::with_sizes(file.clone(), &[1]);
        let back_async: Vec<Reading> = crate::both::block_on(async {
            use futures_util::TryStreamExt;
            let reader = avrox::ocf::AsyncReader::<Reading, _>::new(source).await?;
            assert_eq!(
                reader.header().metadata("big").map(<[u8]>::len),
                Some(10_000)
            );
            reader.try_collect().await
        })
        .unwrap();
        assert_eq!(back_async, records, "{codec:?}");
        assert_eq!(
            reader.header().metadata("big").map(<[u8]>::len),
            Some(10_000)
        );
        let back: Vec<Reading> = reader.collect::<Result<_, _>>().unwrap();
        assert_eq!(back, records, "{codec:?}");
        let blocks = BlockReader::new(Trickle {
            bytes: &file,
            calls: 0,
        })
        .unwrap();
        assert_eq!(blocks.map(|b| b.unwrap().count).sum::<u64>(), 200);
    }
}

#[test]
fn values_read_as_another_reader_schema_are_resolved() {
    let file = write(&readings(3), WriterOptions::new());
    let same = <Reading as avrox::AvroSchema>::schema().clone();
    let options = avrox::ocf::ReaderOptions::new().reader_schema(same);
    let values: Vec<Value> = Reader::<Value, _>::with_options(&file[..], options)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        values,
        readings(3).iter().map(avrox::to_value).collect::<Vec<_>>()
    );
    // A reader that keeps two fields, promotes none, and adds one with a
    // default: the writer's other fields are skipped.
    let other = Schema::parse(
        r#"{"type": "record", "name": "com.acme.iot.Reading", "fields": [
        {"name": "seq", "type": "double"},
        {"name": "sensor", "type": "string"},
        {"name": "site", "type": "string", "default": "lab"}]}"#,
    )
    .unwrap();
    let options = avrox::ocf::ReaderOptions::new().reader_schema(other);
    let values: Vec<Value> = Reader::<Value, _>::with_options(&file[..], options)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<Value> = (0..3)
        .map(|i| {
            Value::record([
                ("seq", Value::Double(i as f64)),
                ("sensor", Value::String(format!("sensor-{i}"))),
                ("site", Value::String("lab".into())),
            ])
        })
        .collect();
    assert_eq!(values, expected);
    // A reader of another name does not resolve; opening says so, naming it.
    let stranger =
        Schema::parse(r#"{"type": "record", "name": "com.acme.iot.Reaading", "fields": []}"#)
            .unwrap();
    let options = avrox::ocf::ReaderOptions::new().reader_schema(stranger);
    let err = Reader::<Value, _>::with_options(&file[..], options).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unresolvable(_)), "{err}");
    assert!(format!("{err:#}").contains("Reaading"), "{err:#}");
}

/// Records that take no bytes (null, fixed(0), records of those): a block
/// of them has data of size 0 whatever its count, as Java, Python avro and
/// fastavro write it, and reads as that many records.
#[test]
fn records_of_no_bytes_read_by_their_count() {
    for schema in [
        r#""null""#,
        r#"{"type":"fixed","name":"Empty","size":0}"#,
        r#"{"type":"record","name":"R","fields":[{"name":"a","type":"null"}]}"#,
    ] {
        let schema = avrox::Schema::parse(schema).unwrap();
        let sync = [7u8; 16];
        let options = WriterOptions::new().sync_marker(sync);
        let mut file =
            avrox::ocf::Writer::<avrox::Value, _>::with_schema(Vec::new(), schema.clone(), options)
                .unwrap()
                .finish()
                .unwrap();
        // Two blocks: 3 records, then 2, each of data size 0.
        for count in [6u8, 4] {
            file.extend([count, 0]);
            file.extend(sync);
        }
        let values: Vec<avrox::Value> = avrox::ocf::Reader::<avrox::Value, _>::new(&file[..])
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{schema}: {e}"));
        assert_eq!(values.len(), 5, "{schema}");
        // avrox writes such files the same way, and reads them back.
        let mut w = avrox::ocf::Writer::<avrox::Value, _>::with_schema(
            Vec::new(),
            schema.clone(),
            WriterOptions::new(),
        )
        .unwrap();
        w.extend(&values).unwrap();
        let written = w.finish().unwrap();
        let again = avrox::ocf::Reader::<avrox::Value, _>::new(&written[..])
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(again, values, "{schema}");
    }
}
