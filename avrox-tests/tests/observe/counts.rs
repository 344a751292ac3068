//! The exact counts after known operations.

use avrox::framing::{self, ConfluentReader, MemoryRegistry, MessageStream, SchemaStore};
use avrox::json::{LinesReader, LinesWriter};
use avrox::ocf::{Writer, WriterOptions};
use avrox::resolve::{Evolve, Resolver};
use avrox::{AvroSchema, Schema, Value};
use futures_util::{StreamExt, stream};

use crate::drivers::{DRIVERS, Driver, block_on};
use crate::{READING, Reading, count, matching, observations, reading, record};

/// Version 1 of `Reading`'s schema, and a datum of it.
fn v1() -> (&'static Schema, Value) {
    let schema = Reading::history().version(1).expect("version 1").schema();
    let value = Value::record([
        ("sensor", Value::from("t-0")),
        ("celsius", Value::Double(20.0)),
    ]);
    (schema, value)
}

#[test]
fn root_functions_count_each_call_its_bytes_and_failures_by_kind_and_code() {
    let mut written = Vec::new();
    let samples = record(|| {
        for celsius in [1.0, 2.0, 3.0] {
            written.push(avrox::to_vec(&reading(celsius)).unwrap());
        }
        // Two refused by the constraint `max = 100.0`.
        assert!(avrox::to_vec(&reading(150.0)).is_err());
        assert!(avrox::to_vec(&reading(200.0)).is_err());
        for bytes in &written {
            avrox::from_slice::<Reading>(bytes).unwrap();
        }
        // Cut short: a data error.
        assert!(avrox::from_slice::<Reading>(&written[0][..3]).is_err());
    });
    let encode = [
        ("schema", READING),
        ("operation", "encode"),
        ("framing", "raw"),
    ];
    let decode = [
        ("schema", READING),
        ("operation", "decode"),
        ("framing", "raw"),
    ];
    let bytes: u64 = written.iter().map(|b| b.len() as u64).sum();
    assert_eq!(count(&samples, "avrox_datums_total", &encode), 3);
    assert_eq!(count(&samples, "avrox_bytes_total", &encode), bytes);
    assert_eq!(count(&samples, "avrox_datums_total", &decode), 3);
    assert_eq!(count(&samples, "avrox_bytes_total", &decode), bytes);
    // The crate root's functions do not read the clock.
    assert!(matching(&samples, "avrox_duration_seconds", &[]).is_empty());
    let refused = [
        ("operation", "encode"),
        ("category", "validation"),
        ("kind", "validation"),
    ];
    assert_eq!(count(&samples, "avrox_failures_total", &refused), 2);
    assert_eq!(
        count(
            &samples,
            "avrox_validation_failures_total",
            &[
                ("schema", READING),
                ("operation", "encode"),
                ("code", "max")
            ]
        ),
        2
    );
    let cut = [
        ("schema", READING),
        ("operation", "decode"),
        ("category", "data"),
        ("kind", "unexpected_eof"),
    ];
    assert_eq!(count(&samples, "avrox_failures_total", &cut), 1);
    assert_eq!(count(&samples, "avrox_failures_total", &[]), 3);
}

#[test]
fn container_files_count_per_block_what_they_delivered_and_refused() {
    for driver in DRIVERS {
        container_file_counts(driver);
    }
}

fn container_file_counts(driver: Driver) {
    let mut file = Vec::new();
    let mut header = 0;
    let samples = record(|| {
        let options = WriterOptions::new().sync_marker([7; 16]);
        let mut w = driver.writer::<Reading>(options);
        header = w.written();
        w.extend([reading(1.0), reading(2.0)]).unwrap();
        w.flush().unwrap();
        // A record that breaks its constraint, written unchecked.
        w.append_encoded(&avrox::to_vec_unchecked(&reading(150.0)).unwrap())
            .unwrap();
        w.extend([reading(3.0), reading(4.0)]).unwrap();
        assert!(w.append(&reading(500.0)).is_err());
        file = w.finish().unwrap();
        let read = driver.read::<Reading>(&file).unwrap();
        assert_eq!(read.iter().filter(|r| r.is_ok()).count(), 4);
    });
    let blocks = (file.len() - header) as u64;
    let encode = [("operation", "encode"), ("framing", "ocf")];
    let decode = [("operation", "decode"), ("framing", "ocf")];
    // Five records in two blocks; the refused append wrote nothing.
    assert_eq!(
        count(&samples, "avrox_datums_total", &encode),
        5,
        "{driver:?}"
    );
    assert_eq!(count(&samples, "avrox_bytes_total", &encode), blocks);
    assert_eq!(
        count(
            &samples,
            "avrox_blocks_total",
            &[
                ("schema", READING),
                ("operation", "encode"),
                ("codec", "null")
            ]
        ),
        2
    );
    assert_eq!(observations(&samples, "avrox_duration_seconds", &encode), 2);
    // Four delivered, one refused by its constraint.
    assert_eq!(count(&samples, "avrox_datums_total", &decode), 4);
    assert_eq!(count(&samples, "avrox_bytes_total", &decode), blocks);
    assert_eq!(
        count(&samples, "avrox_blocks_total", &[("operation", "decode")]),
        2
    );
    assert_eq!(observations(&samples, "avrox_duration_seconds", &decode), 2);
    for op in ["encode", "decode"] {
        let labels = [
            ("schema", READING),
            ("operation", op),
            ("framing", "ocf"),
            ("kind", "validation"),
        ];
        let failures = count(&samples, "avrox_failures_total", &labels);
        assert_eq!(failures, 1, "{op} {driver:?}");
        let labels = [("operation", op), ("framing", "ocf"), ("code", "max")];
        let failures = count(&samples, "avrox_validation_failures_total", &labels);
        assert_eq!(failures, 1, "{op} {driver:?}");
    }
    assert_eq!(count(&samples, "avrox_version_mismatches_total", &[]), 0);
}

#[test]
fn a_damaged_file_counts_its_damage_once() {
    let mut w = Writer::<Reading, _>::new(Vec::new()).unwrap();
    w.extend([reading(1.0), reading(2.0)]).unwrap();
    let mut file = w.finish().unwrap();
    let last = file.len() - 1;
    file[last] ^= 0xff; // the sync marker
    for driver in DRIVERS {
        let samples = record(|| {
            let read = driver.read::<Reading>(&file).unwrap();
            assert!(read.iter().all(|r| r.is_err()));
            // Not a container file at all.
            assert!(driver.read::<Reading>(b"nope").is_err());
        });
        let labels = [("framing", "ocf"), ("category", "container")];
        let failures = count(&samples, "avrox_failures_total", &labels);
        assert_eq!(failures, 2, "{driver:?}");
        let sync = [("kind", "sync_mismatch")];
        assert_eq!(count(&samples, "avrox_failures_total", &sync), 1);
        assert_eq!(count(&samples, "avrox_datums_total", &[]), 0);
    }
}

#[test]
fn files_of_an_older_version_count_their_records_as_version_mismatches() {
    let (v1, value) = v1();
    let mut w =
        Writer::<Value, _>::with_schema(Vec::new(), v1.clone(), WriterOptions::new()).unwrap();
    w.extend([value.clone(), value.clone(), value]).unwrap();
    let file = w.finish().unwrap();
    for driver in DRIVERS {
        let samples = record(|| {
            let read = driver.read::<Reading>(&file).unwrap();
            assert_eq!(read.into_iter().filter(Result::is_ok).count(), 3);
        });
        let labels = [
            ("schema", READING),
            ("framing", "ocf"),
            ("writer_version", "1"),
            ("writer_fingerprint", &v1.rabin_fingerprint().to_string()),
        ];
        let mismatches = count(&samples, "avrox_version_mismatches_total", &labels);
        assert_eq!(mismatches, 3, "{driver:?}");
        let plans = [("schema", READING)];
        assert_eq!(count(&samples, "avrox_plans_compiled_total", &plans), 1);
    }
}

#[test]
fn schema_stores_count_lookups_decoders_plans_and_mismatches() {
    let (v1, value) = v1();
    let old = framing::to_single_object(&value.with_schema(v1)).unwrap();
    let new = framing::to_single_object(&reading(5.0)).unwrap();
    let mut unknown = new.clone();
    unknown[2] ^= 1;
    let mut store = SchemaStore::new();
    store.add_type::<Reading>();
    let samples = record(|| {
        for message in [&old, &old, &new, &new] {
            store.decode::<Reading>(message).unwrap();
        }
        assert!(store.decode::<Reading>(&unknown).is_err());
    });
    let decode = [
        ("schema", READING),
        ("operation", "decode"),
        ("framing", "single_object"),
    ];
    assert_eq!(count(&samples, "avrox_datums_total", &decode), 4);
    let bytes = 2 * (old.len() + new.len()) as u64;
    assert_eq!(count(&samples, "avrox_bytes_total", &decode), bytes);
    let store_cache = [("cache", "schema_store")];
    assert_eq!(count(&samples, "avrox_cache_hits_total", &store_cache), 4);
    assert_eq!(count(&samples, "avrox_cache_misses_total", &store_cache), 1);
    // One decoder per writer schema, compiled on its first message.
    let decoders = [("cache", "decoders")];
    assert_eq!(count(&samples, "avrox_cache_hits_total", &decoders), 2);
    assert_eq!(count(&samples, "avrox_cache_misses_total", &decoders), 2);
    assert_eq!(count(&samples, "avrox_plans_compiled_total", &[]), 1);
    let mismatch = [
        ("framing", "single_object"),
        ("writer_version", "1"),
        ("writer_fingerprint", &v1.rabin_fingerprint().to_string()),
    ];
    assert_eq!(
        count(&samples, "avrox_version_mismatches_total", &mismatch),
        2
    );
    let unknown = [
        ("framing", "single_object"),
        ("category", "framing"),
        ("kind", "unknown_fingerprint"),
    ];
    assert_eq!(count(&samples, "avrox_failures_total", &unknown), 1);
}

/// A message stream yields one message per poll, so it has no batch to
/// count or trace: each message is counted by the store's `decode` it
/// calls, as a direct call is; an error of the source is the source's.
#[test]
fn message_streams_count_each_message_through_their_decoder() {
    let good = framing::to_single_object(&reading(5.0)).unwrap();
    let cut = good[..good.len() - 1].to_vec();
    let mut store = SchemaStore::new();
    store.add_type::<Reading>();
    let source = vec![
        Ok(good.clone()),
        Ok(cut),
        Err(std::io::Error::other("the broker went away")),
        Ok(good.clone()),
    ];
    let samples = record(|| {
        let stream = MessageStream::<Reading, _, _>::new(stream::iter(source), &store);
        let read: Vec<_> = block_on(stream.collect());
        assert_eq!(read.iter().filter(|r| r.is_ok()).count(), 2);
    });
    let decode = [
        ("schema", READING),
        ("operation", "decode"),
        ("framing", "single_object"),
    ];
    assert_eq!(count(&samples, "avrox_datums_total", &decode), 2);
    let bytes = 2 * good.len() as u64;
    assert_eq!(count(&samples, "avrox_bytes_total", &decode), bytes);
    assert_eq!(observations(&samples, "avrox_duration_seconds", &decode), 2);
    let eof = [("framing", "single_object"), ("kind", "unexpected_eof")];
    assert_eq!(count(&samples, "avrox_failures_total", &eof), 1);
    assert_eq!(count(&samples, "avrox_failures_total", &[]), 1);
}

#[test]
fn single_objects_confluent_messages_and_json_count_per_call() {
    let mut registry = MemoryRegistry::new();
    registry.register("readings-value", Reading::schema().clone());
    let (v1, value) = v1();
    let samples = record(|| {
        let message = framing::to_single_object(&reading(1.0)).unwrap();
        framing::from_single_object::<Reading>(&message).unwrap();
        let old = framing::to_single_object(&value.with_schema(v1)).unwrap();
        framing::from_single_object::<Reading>(&old).unwrap();

        let message = framing::to_confluent(&registry, "readings-value", &reading(2.0)).unwrap();
        let reader = ConfluentReader::new(registry.clone());
        reader.decode::<Reading>(&message).unwrap();
        reader.decode::<Reading>(&message).unwrap();
        assert!(reader.decode::<Reading>(&message[..4]).is_err());

        let text = avrox::json::to_string(&reading(3.0)).unwrap();
        avrox::json::from_str::<Reading>(&text).unwrap();
        assert!(avrox::json::from_str::<Reading>("{").is_err());
    });
    let single = [("framing", "single_object"), ("schema", READING)];
    assert_eq!(count(&samples, "avrox_datums_total", &single), 4);
    let lookups = [("cache", "single_object")];
    assert_eq!(count(&samples, "avrox_cache_hits_total", &lookups), 2);
    let mismatch = [("framing", "single_object"), ("writer_version", "1")];
    assert_eq!(
        count(&samples, "avrox_version_mismatches_total", &mismatch),
        1
    );
    let confluent = [("framing", "confluent"), ("operation", "decode")];
    assert_eq!(count(&samples, "avrox_datums_total", &confluent), 2);
    let cut = [("framing", "confluent"), ("kind", "unexpected_eof")];
    assert_eq!(count(&samples, "avrox_failures_total", &cut), 1);
    let json = [("framing", "json"), ("schema", READING)];
    assert_eq!(count(&samples, "avrox_datums_total", &json), 2);
    let text = avrox::json::to_string(&reading(3.0)).unwrap().len() as u64;
    assert_eq!(count(&samples, "avrox_bytes_total", &json), 2 * text);
    let bad = [("framing", "json"), ("kind", "invalid_value")];
    assert_eq!(count(&samples, "avrox_failures_total", &bad), 1);
}

#[test]
fn json_lines_count_per_line_and_resolvers_their_plans() {
    let (v1, value) = v1();
    let samples = record(|| {
        let mut w = LinesWriter::new(Vec::new(), v1.clone());
        w.write(&value).unwrap();
        w.write(&value).unwrap();
        let text = w.into_inner();
        let lines = LinesReader::new(&text[..], v1.clone()).typed::<Reading>();
        assert_eq!(lines.filter(Result::is_ok).count(), 2);

        let bytes = value.to_bytes(v1).unwrap();
        let mut resolver = Resolver::<Reading>::new();
        for _ in 0..3 {
            resolver.decode(&bytes, v1).unwrap();
        }
    });
    let lines = [("framing", "json"), ("operation", "encode")];
    assert_eq!(count(&samples, "avrox_datums_total", &lines), 2);
    let lines = [
        ("framing", "json"),
        ("operation", "decode"),
        ("schema", READING),
    ];
    assert_eq!(count(&samples, "avrox_datums_total", &lines), 2);
    let json_mismatch = [("framing", "json"), ("writer_version", "unknown")];
    assert_eq!(
        count(&samples, "avrox_version_mismatches_total", &json_mismatch),
        2
    );
    let resolver = [("cache", "resolver")];
    assert_eq!(count(&samples, "avrox_cache_misses_total", &resolver), 1);
    assert_eq!(count(&samples, "avrox_cache_hits_total", &resolver), 2);
    let raw = [("framing", "raw"), ("schema", READING)];
    assert_eq!(count(&samples, "avrox_datums_total", &raw), 3);
    let raw_mismatch = [("framing", "raw"), ("writer_version", "1")];
    assert_eq!(
        count(&samples, "avrox_version_mismatches_total", &raw_mismatch),
        3
    );
}

/// The functions that read or write one datum of many in the caller's
/// buffer count each datum and its bytes, without reading the clock.
#[test]
fn reads_of_one_datum_of_many_count_each_datum_and_its_bytes() {
    let (v1, old) = v1();
    let first = avrox::to_vec(&reading(1.0)).unwrap();
    let mut bytes = first.clone();
    bytes.extend(avrox::to_vec(&reading(2.0)).unwrap());
    bytes.push(0x06); // a third: its first string of 3 bytes, cut short
    let old = old.to_bytes(v1).unwrap();
    let olds = [&old[..], &old[..], &old[..]].concat();
    let plan = avrox::resolve::TypedPlan::<Reading>::new(v1).unwrap();
    let samples = record(|| {
        let mut reader = avrox::binary::SliceReader::new(&bytes);
        avrox::read_next::<Reading>(&mut reader).unwrap();
        avrox::read_next_unchecked::<Reading>(&mut reader).unwrap();
        assert!(avrox::read_next::<Reading>(&mut reader).is_err());
        let mut out = vec![0xC3, 0x01];
        avrox::encode_into(&reading(3.0), &mut out).unwrap();
        assert!(avrox::encode_into(&reading(300.0), &mut out).is_err());

        let mut reader = avrox::binary::SliceReader::new(&olds);
        plan.read_next(&mut reader).unwrap();
        plan.read_next_unchecked(&mut reader).unwrap();
        let mut resolver = Resolver::<Reading>::new();
        resolver.read_next(&mut reader, v1).unwrap();
        assert!(resolver.read_next(&mut reader, v1).is_err());
    });
    let raw = [("schema", READING), ("framing", "raw")];
    let decode = [raw[0], raw[1], ("operation", "decode")];
    let encode = [raw[0], raw[1], ("operation", "encode")];
    assert_eq!(count(&samples, "avrox_datums_total", &decode), 5);
    let read = (bytes.len() - 1 + 3 * old.len()) as u64;
    assert_eq!(count(&samples, "avrox_bytes_total", &decode), read);
    assert_eq!(count(&samples, "avrox_datums_total", &encode), 1);
    let written = avrox::to_vec(&reading(3.0)).unwrap().len() as u64;
    assert_eq!(count(&samples, "avrox_bytes_total", &encode), written);
    let mismatch = [("framing", "raw"), ("writer_version", "1")];
    let mismatches = count(&samples, "avrox_version_mismatches_total", &mismatch);
    assert_eq!(mismatches, 3);
    assert!(matching(&samples, "avrox_duration_seconds", &[]).is_empty());
    let cut = [
        ("operation", "decode"),
        ("framing", "raw"),
        ("kind", "unexpected_eof"),
    ];
    assert_eq!(count(&samples, "avrox_failures_total", &cut), 2);
    let refused = [("operation", "encode"), ("code", "max")];
    assert_eq!(
        count(&samples, "avrox_validation_failures_total", &refused),
        1
    );
}

/// The crate root's functions find a type's keys from the last type the
/// thread counted: types taking turns each count under their own schema.
#[test]
fn types_taking_turns_count_each_under_its_own_schema() {
    let samples = record(|| {
        for i in 0..3i64 {
            let long = avrox::to_vec(&i).unwrap();
            let record = avrox::to_vec(&reading(1.0)).unwrap();
            avrox::from_slice::<i64>(&long).unwrap();
            avrox::from_slice::<Reading>(&record).unwrap();
        }
    });
    for schema in ["long", READING] {
        for op in ["encode", "decode"] {
            let labels = [("schema", schema), ("operation", op), ("framing", "raw")];
            let datums = count(&samples, "avrox_datums_total", &labels);
            assert_eq!(datums, 3, "{schema} {op}");
        }
    }
}

/// Counts go to the recorder current when they are made: to each of
/// recorders installed one after another at the same place (the stack
/// frame of `record`), and to an inner recorder while it is installed,
/// through the crate root's functions as through objects kept across
/// them, which build their keys once and register them at each count.
#[test]
fn counts_go_to_the_recorder_current_when_they_are_made() {
    let (v1, old) = v1();
    let old = old.to_bytes(v1).unwrap();
    let plan = avrox::resolve::TypedPlan::<Reading>::new(v1).unwrap();
    let message = framing::to_single_object(&reading(1.0)).unwrap();
    let mut store = SchemaStore::new();
    store.add_type::<Reading>();
    let value_plan = avrox::resolve::Plan::new(v1, Reading::schema()).unwrap();
    let each = |samples: &[crate::Sample], n: u64, at: &str| {
        let raw = [("framing", "raw"), ("schema", READING)];
        let single = [("framing", "single_object")];
        assert_eq!(count(samples, "avrox_datums_total", &raw), 4 * n, "{at}");
        assert_eq!(count(samples, "avrox_datums_total", &single), n, "{at}");
        let mismatch = [("writer_version", "1")];
        let mismatches = count(samples, "avrox_version_mismatches_total", &mismatch);
        assert_eq!(mismatches, n, "{at}");
        let mismatch = [("writer_version", "unknown")];
        let mismatches = count(samples, "avrox_version_mismatches_total", &mismatch);
        assert_eq!(mismatches, n, "{at}");
    };
    let calls = || {
        let bytes = avrox::to_vec(&reading(1.0)).unwrap();
        avrox::from_slice::<Reading>(&bytes).unwrap();
        plan.decode(&old).unwrap();
        value_plan.decode(&old).unwrap();
        store.decode::<Reading>(&message).unwrap();
    };
    for round in 0..3 {
        let samples = record(calls);
        each(&samples, 1, &format!("round {round}"));
    }
    let mut inner = Vec::new();
    let outer = record(|| {
        calls();
        inner = record(calls);
        calls();
    });
    each(&outer, 2, "outer");
    each(&inner, 1, "inner");
}

#[test]
fn records_before_damage_in_a_block_count_as_delivered() {
    let mut w = Writer::<Reading, _>::new(Vec::new()).unwrap();
    let header = w.get_ref().len();
    w.extend([reading(1.0), reading(2.0)]).unwrap();
    let mut file = w.finish().unwrap();
    assert_eq!(file[header], 0x04, "the block's count, 2");
    file[header] = 0x06; // it claims 3
    for driver in DRIVERS {
        let samples = record(|| {
            let read = driver.read::<Reading>(&file).unwrap();
            assert_eq!(read.len(), 3);
            assert!(read[2].is_err());
        });
        assert_eq!(count(&samples, "avrox_datums_total", &[]), 2, "{driver:?}");
        let damage = [("framing", "ocf"), ("kind", "block_count_mismatch")];
        assert_eq!(count(&samples, "avrox_failures_total", &damage), 1);
        assert_eq!(count(&samples, "avrox_blocks_total", &[]), 1);
    }
}

/// A reader that stops inside a block (`take(n)`, or dropped) reports the
/// records of it delivered and the block's bytes, as if it had ended.
#[test]
fn a_reader_stopped_inside_a_block_counts_what_it_delivered() {
    let mut w = Writer::<Reading, _>::new(Vec::new()).unwrap();
    let header = w.get_ref().len();
    w.extend([reading(1.0), reading(2.0)]).unwrap();
    w.flush().unwrap();
    let first_block = (w.get_ref().len() - header) as u64;
    w.extend([reading(3.0), reading(4.0), reading(5.0)])
        .unwrap();
    let file = w.finish().unwrap();
    let both_blocks = (file.len() - header) as u64;
    let decode = [("operation", "decode"), ("framing", "ocf")];
    // Into the last block, and into the first.
    for (n, blocks, bytes) in [(4, 2, both_blocks), (1, 1, first_block)] {
        for driver in DRIVERS {
            let samples = record(|| {
                let read = driver.read_first::<Reading>(&file, n).unwrap();
                assert_eq!(read.len(), n);
            });
            let at = format!("{driver:?}, {n} records");
            assert_eq!(
                count(&samples, "avrox_datums_total", &decode),
                n as u64,
                "{at}"
            );
            let read_blocks = [("operation", "decode")];
            assert_eq!(
                count(&samples, "avrox_blocks_total", &read_blocks),
                blocks,
                "{at}"
            );
            assert_eq!(count(&samples, "avrox_bytes_total", &decode), bytes, "{at}");
            let timed = observations(&samples, "avrox_duration_seconds", &decode);
            assert_eq!(timed, blocks as usize, "{at}");
        }
    }
}

/// Three blocks of one record, the middle one's sync marker damaged.
pub fn file_with_a_damaged_frame() -> Vec<u8> {
    let options = WriterOptions::new().block_size(1);
    let mut w = Writer::<Reading, _>::with_options(Vec::new(), options).unwrap();
    let mut ends = Vec::new();
    for celsius in [1.0, 2.0, 3.0] {
        w.append(&reading(celsius)).unwrap();
        w.flush().unwrap();
        ends.push(w.get_ref().len());
    }
    let mut file = w.finish().unwrap();
    file[ends[1] - 1] ^= 0xff;
    file
}

/// Damage in a block's frame is one failure, whether it ends the reading
/// or is skipped (then found by the block parser, past the record parser).
#[test]
fn damage_in_a_frame_counts_once_with_or_without_skip_damaged() {
    let file = file_with_a_damaged_frame();
    for skip in [false, true] {
        for driver in DRIVERS {
            let options = avrox::ocf::ReaderOptions::new().skip_damaged(skip);
            let samples = record(|| {
                let read = driver.read_with::<Reading>(&file, options).unwrap();
                // Skipped: the damaged block and the one after its marker.
                let good = read.iter().filter(|r| r.is_ok()).count();
                assert_eq!(good, 1, "{driver:?}, skip_damaged {skip}");
            });
            let sync = [
                ("framing", "ocf"),
                ("category", "container"),
                ("kind", "sync_mismatch"),
            ];
            let at = format!("{driver:?}, skip_damaged {skip}");
            assert_eq!(count(&samples, "avrox_failures_total", &sync), 1, "{at}");
            assert_eq!(count(&samples, "avrox_failures_total", &[]), 1, "{at}");
            // One stretch, from the damaged block to the next marker: the
            // damaged block's one record is known lost (the next block's,
            // whose marker ended the stretch, is not counted).
            let file = [("schema", READING), ("codec", "null")];
            let skipped = count(&samples, "avrox_blocks_skipped_total", &file);
            assert_eq!(skipped, u64::from(skip), "{at}");
            let lost = count(&samples, "avrox_records_skipped_total", &file);
            assert_eq!(lost, u64::from(skip), "{at}");
        }
    }
}

/// Damage found inside a block's records (after its frame checked out)
/// skips the rest of the block: the records of it not read are lost.
#[test]
fn skipped_records_are_the_damaged_block_s_unread_ones() {
    let mut w = Writer::<Reading, _>::new(Vec::new()).unwrap();
    let header = w.get_ref().len();
    w.extend([reading(1.0), reading(2.0)]).unwrap();
    let mut file = w.finish().unwrap();
    file[header] = 0x08; // the block claims 4 records: 2 are there
    for driver in DRIVERS {
        let options = avrox::ocf::ReaderOptions::new().skip_damaged(true);
        let samples = record(|| {
            let read = driver.read_with::<Reading>(&file, options).unwrap();
            assert_eq!(read.iter().filter(|r| r.is_ok()).count(), 2);
        });
        let at = format!("{driver:?}");
        assert_eq!(count(&samples, "avrox_datums_total", &[]), 2, "{at}");
        let skipped = count(&samples, "avrox_blocks_skipped_total", &[]);
        assert_eq!(skipped, 1, "{at}");
        let lost = count(&samples, "avrox_records_skipped_total", &[]);
        assert_eq!(lost, 2, "{at}");
    }
}

/// A blocking writer dropped with records pending writes them as a last
/// block: counted as every written block is.
#[test]
fn a_writer_dropped_with_pending_records_counts_its_last_block() {
    let mut file = Vec::new();
    let mut header = 0;
    let samples = record(|| {
        let mut w = Writer::<Reading, _>::new(&mut file).unwrap();
        header = w.get_ref().len();
        w.extend([reading(1.0), reading(2.0)]).unwrap();
        drop(w);
    });
    let read = avrox::ocf::Reader::<Reading, _>::new(&file[..]).unwrap();
    assert_eq!(read.count(), 2);
    let encode = [
        ("schema", READING),
        ("operation", "encode"),
        ("framing", "ocf"),
    ];
    assert_eq!(count(&samples, "avrox_datums_total", &encode), 2);
    let bytes = (file.len() - header) as u64;
    assert_eq!(count(&samples, "avrox_bytes_total", &encode), bytes);
    let blocks = [("operation", "encode"), ("codec", "null")];
    assert_eq!(count(&samples, "avrox_blocks_total", &blocks), 1);
    assert_eq!(observations(&samples, "avrox_duration_seconds", &encode), 1);
}

/// A `BlockReader` counts the blocks it reads as stored, their bytes,
/// time and failures, and what it skips; it decodes no record, so it
/// counts no datum. A `Reader` made from it counts its own.
#[test]
fn block_readers_count_blocks_bytes_skips_and_failures() {
    let file = file_with_a_damaged_frame();
    // The first block's frame: a file of its one record, less the header.
    let mut one = Writer::<Reading, _>::new(Vec::new()).unwrap();
    let header = one.get_ref().len();
    one.append(&reading(1.0)).unwrap();
    let first = one.finish().unwrap().len() - header;
    let samples = record(|| {
        let options = avrox::ocf::ReaderOptions::new().skip_damaged(true);
        let blocks = avrox::ocf::BlockReader::with_options(&file[..], options).unwrap();
        let raw: Vec<_> = blocks.collect::<avrox::Result<_>>().unwrap();
        assert_eq!(raw.len(), 1);
        let blocks = avrox::ocf::BlockReader::new(&file[..]).unwrap();
        assert_eq!(blocks.filter(Result::is_err).count(), 1);
        assert!(avrox::ocf::BlockReader::new(&b"Obj\x01"[..]).is_err());
    });
    let decode = [("operation", "decode"), ("framing", "ocf")];
    assert_eq!(count(&samples, "avrox_datums_total", &[]), 0);
    // The first block, read twice (skipping the damage, then stopped by it).
    let blocks = [("operation", "decode"), ("codec", "null")];
    assert_eq!(count(&samples, "avrox_blocks_total", &blocks), 2);
    assert_eq!(
        count(&samples, "avrox_bytes_total", &decode),
        2 * first as u64
    );
    assert_eq!(observations(&samples, "avrox_duration_seconds", &decode), 2);
    assert_eq!(count(&samples, "avrox_blocks_skipped_total", &[]), 1);
    assert_eq!(count(&samples, "avrox_records_skipped_total", &[]), 1);
    let sync = [("framing", "ocf"), ("kind", "sync_mismatch")];
    assert_eq!(count(&samples, "avrox_failures_total", &sync), 2);
    let cut = [("framing", "ocf"), ("kind", "unexpected_eof")];
    assert_eq!(count(&samples, "avrox_failures_total", &cut), 1);
    assert_eq!(count(&samples, "avrox_failures_total", &[]), 3);
}

/// A resolution plan decoding `Value`s counts each datum, its bytes and
/// version mismatch, and its failures; `decode` (a whole datum) is timed,
/// `read_next` (one of many in the caller's buffer) is not.
#[test]
fn value_plans_count_their_datums_and_failures() {
    let (v1, old) = v1();
    let old = old.to_bytes(v1).unwrap();
    let plan = avrox::resolve::Plan::new(v1, Reading::schema()).unwrap();
    let two = [&old[..], &old[..]].concat();
    let samples = record(|| {
        plan.decode(&old).unwrap();
        let mut reader = avrox::binary::SliceReader::new(&two);
        plan.read_next(&mut reader).unwrap();
        plan.read_next_unchecked(&mut reader).unwrap();
        assert!(plan.decode(&old[..2]).is_err());
    });
    let decode = [
        ("schema", READING),
        ("operation", "decode"),
        ("framing", "raw"),
    ];
    assert_eq!(count(&samples, "avrox_datums_total", &decode), 3);
    assert_eq!(
        count(&samples, "avrox_bytes_total", &decode),
        3 * old.len() as u64
    );
    assert_eq!(observations(&samples, "avrox_duration_seconds", &decode), 1);
    let mismatch = [("writer_version", "unknown"), ("framing", "raw")];
    let mismatches = count(&samples, "avrox_version_mismatches_total", &mismatch);
    assert_eq!(mismatches, 3);
    let cut = [("schema", READING), ("kind", "unexpected_eof")];
    assert_eq!(count(&samples, "avrox_failures_total", &cut), 1);
}

/// Blocks copied with `write_raw_block` are counted as written blocks are,
/// with the records they carry, and take the next block index.
#[test]
fn raw_blocks_count_as_written_blocks() {
    let mut w = Writer::<Reading, _>::new(Vec::new()).unwrap();
    w.extend([reading(1.0), reading(2.0), reading(3.0)])
        .unwrap();
    let source = w.finish().unwrap();
    let raw: Vec<_> = avrox::ocf::BlockReader::new(&source[..])
        .unwrap()
        .collect::<avrox::Result<_>>()
        .unwrap();
    assert_eq!(raw.len(), 1);
    for driver in DRIVERS {
        let mut file = Vec::new();
        let mut header = 0;
        let samples = record(|| {
            let mut w = driver.writer::<Reading>(WriterOptions::new());
            header = w.written();
            w.append(&reading(4.0)).unwrap();
            w.write_raw_block(&raw[0]).unwrap();
            file = w.finish().unwrap();
        });
        let encode = [("operation", "encode"), ("framing", "ocf")];
        let at = format!("{driver:?}");
        assert_eq!(count(&samples, "avrox_datums_total", &encode), 4, "{at}");
        let bytes = (file.len() - header) as u64;
        assert_eq!(count(&samples, "avrox_bytes_total", &encode), bytes, "{at}");
        let blocks = [("operation", "encode")];
        assert_eq!(count(&samples, "avrox_blocks_total", &blocks), 2, "{at}");
    }
}

/// A `Reader` made from a `BlockReader` that already skipped a damaged
/// stretch reads on from there: the stretch was counted once, by the
/// `BlockReader`, and is not counted again.
#[test]
fn a_reader_from_blocks_counts_no_stretch_its_block_reader_skipped() {
    // Five blocks of one record; the second one's sync marker damaged, so
    // the stretch skipped runs from it through the third.
    let options = WriterOptions::new().block_size(1);
    let mut w = Writer::<Reading, _>::with_options(Vec::new(), options).unwrap();
    let mut ends = Vec::new();
    for celsius in [1.0, 2.0, 3.0, 4.0, 5.0] {
        w.append(&reading(celsius)).unwrap();
        w.flush().unwrap();
        ends.push(w.get_ref().len());
    }
    let mut file = w.finish().unwrap();
    file[ends[1] - 1] ^= 0xff;
    let samples = record(|| {
        let options = avrox::ocf::ReaderOptions::new().skip_damaged(true);
        let mut blocks = avrox::ocf::BlockReader::with_options(&file[..], options).unwrap();
        // The first block, then the fourth, past the skipped stretch.
        assert_eq!(blocks.next().unwrap().unwrap().count, 1);
        assert_eq!(blocks.next().unwrap().unwrap().count, 1);
        assert_eq!(blocks.skipped().len(), 1);
        let reader = avrox::ocf::Reader::<Reading, _>::from_blocks(blocks).unwrap();
        assert_eq!(reader.skipped().len(), 1);
        let rest: Vec<_> = reader.collect::<avrox::Result<_>>().unwrap();
        assert_eq!(rest, [reading(5.0)]);
    });
    assert_eq!(count(&samples, "avrox_blocks_skipped_total", &[]), 1);
    assert_eq!(count(&samples, "avrox_records_skipped_total", &[]), 1);
    let sync = [("framing", "ocf"), ("kind", "sync_mismatch")];
    assert_eq!(count(&samples, "avrox_failures_total", &sync), 1);
    let decode = [("operation", "decode"), ("framing", "ocf")];
    assert_eq!(count(&samples, "avrox_datums_total", &decode), 1);
}
