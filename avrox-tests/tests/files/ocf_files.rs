//! The Apache Avro project's container files, read in place from the
//! conformance folder (see `avrox_tests::conformance_dir`): the weather
//! files in every codec, a sync marker inside the metadata, avro-c's
//! damaged files, avsc's files, and the pre-1.3 format.

use std::fs;
use std::path::{Path, PathBuf};

use crate::both::Reader;
use avrox::ocf::{Codec, ReaderOptions};
use avrox::{Avro, ErrorKind, Value};

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "test")]
struct Weather {
    station: String,
    time: i64,
    temp: i32,
}

fn data(path: &str) -> Option<PathBuf> {
    Some(avrox_tests::apache_avro_dir()?.join(path))
}

fn weather_json(dir: &Path) -> Vec<Weather> {
    let text = fs::read_to_string(dir.join("data/weather.json")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let json: serde_json::Value = serde_json::from_str(line).unwrap();
            Weather {
                station: json["station"].as_str().unwrap().to_owned(),
                time: json["time"].as_i64().unwrap(),
                temp: json["temp"].as_i64().unwrap() as i32,
            }
        })
        .collect()
}

#[test]
fn weather_in_every_codec_gives_weather_json() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let expected = weather_json(&dir);
    assert!(!expected.is_empty());
    for (file, codec) in [
        ("weather.avro", "null"),
        ("weather-deflate.avro", "deflate"),
        ("weather-snappy.avro", "snappy"),
        ("weather-zstd.avro", "zstandard"),
        ("weather-sorted.avro", "deflate"),
    ] {
        let path = dir.join("data").join(file);
        let reader = Reader::<Weather, _>::open(&path).unwrap();
        assert_eq!(reader.header().codec().name(), codec, "{file}");
        assert_eq!(
            reader.writer_schema().canonical_form(),
            Weather::schema_canonical()
        );
        let got: Vec<Weather> = reader.collect::<Result<_, _>>().unwrap();
        if file == "weather-sorted.avro" {
            // The same records, sorted by time.
            let mut sorted = expected.clone();
            sorted.sort_by_key(|w| w.time);
            let mut got_sorted = got.clone();
            got_sorted.sort_by_key(|w| w.time);
            assert_eq!(got_sorted, sorted, "{file}");
        } else {
            assert_eq!(got, expected, "{file}");
        }
        // And as generic values.
        let values: Vec<Value> = Reader::<Value, _>::open(&path)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(values.len(), expected.len());
        assert_eq!(
            values[0].get("station"),
            Some(&Value::from(got[0].station.as_str()))
        );
    }
}

trait Canonical {
    fn schema_canonical() -> &'static str;
}

impl Canonical for Weather {
    fn schema_canonical() -> &'static str {
        <Weather as avrox::AvroSchema>::schema().canonical_form()
    }
}

#[test]
fn sync_marker_inside_metadata_gives_6001_records() {
    let Some(path) = data("data/syncInMeta.avro") else {
        return;
    };
    let reader = Reader::<Value, _>::open(path).unwrap();
    let records: Vec<Value> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(records.len(), 6001);
    assert!(matches!(records[0].get("ID"), Some(Value::Long(_))));
}

#[test]
fn bad_union_discriminant_is_an_error_and_its_twin_reads() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let good: Vec<Value> = Reader::<Value, _>::open(dir.join("c-tests/avro-1237-good.avro"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!good.is_empty());
    let results: Vec<_> =
        Reader::<Value, _>::open(dir.join("c-tests/avro-1237-bad-union-discriminant.avro"))
            .unwrap()
            .collect();
    let err = results
        .iter()
        .find_map(|r| r.as_ref().err())
        .expect("a bad union discriminant is an error");
    assert!(matches!(err.kind(), ErrorKind::UnionIndex { .. }), "{err}");
    assert_eq!(err.block(), Some(0));
    assert!(
        err.to_string().starts_with("block 0 (at file byte "),
        "{err}"
    );
    // The error ends the reading.
    assert!(results.last().unwrap().is_err());
}

#[test]
fn truncated_file_gives_its_complete_records_then_an_error() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let good: Vec<Value> = Reader::<Value, _>::open(dir.join("c-tests/avro-1238-good.avro"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let results: Vec<_> = Reader::<Value, _>::open(dir.join("c-tests/avro-1238-truncated.avro"))
        .unwrap()
        .collect();
    let (last, records) = results.split_last().unwrap();
    let err = last.as_ref().unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );
    assert!(
        err.block().is_some() && err.block_offset().is_some(),
        "{err:?}"
    );
    let records: Vec<Value> = records
        .iter()
        .map(|r| r.as_ref().unwrap().clone())
        .collect();
    assert_eq!(records[..], good[..records.len()]);
    assert!(records.len() < good.len());
}

#[test]
fn avro_1279_files_read_and_agree() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    // One names its codec ("null"), the other leaves the key out.
    let codec = Reader::<Value, _>::open(dir.join("c-tests/avro-1279-codec.avro")).unwrap();
    assert_eq!(codec.header().metadata("avro.codec"), Some(&b"null"[..]));
    assert_eq!(codec.header().codec(), Codec::Null);
    let with_codec: Vec<Value> = codec.collect::<Result<_, _>>().unwrap();
    let plain = Reader::<Value, _>::open(dir.join("c-tests/avro-1279-no-codec.avro")).unwrap();
    assert_eq!(plain.header().metadata("avro.codec"), None);
    assert_eq!(plain.header().codec(), Codec::Null);
    let without: Vec<Value> = plain.collect::<Result<_, _>>().unwrap();
    assert!(!with_codec.is_empty());
    assert_eq!(with_codec, without);
}

#[derive(Avro, Debug, Clone, PartialEq)]
enum Gender {
    #[avro(rename = "FEMALE")]
    Female,
    #[avro(rename = "MALE")]
    Male,
}

#[derive(Avro, Debug, Clone, PartialEq)]
struct Address {
    zipcode: i32,
}

#[derive(Avro, Debug, Clone, PartialEq)]
struct Person {
    name: String,
    #[avro(default)]
    age: Option<i32>,
    gender: Gender,
    address: Address,
}

#[test]
fn avsc_person_files_read() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let compressed: Vec<Person> = Reader::<Person, _>::open(dir.join("js-tests/person-10.avro"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let plain: Vec<Person> =
        Reader::<Person, _>::open(dir.join("js-tests/person-10.no-codec.avro"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(compressed.len(), 10);
    // `person-10.no-codec.avro` ends with a newline after its last block,
    // which is ignored.
    assert_eq!(compressed, plain);
}

#[test]
fn data_files_beside_their_schemas_read() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    for name in ["simple", "withUnion"] {
        let folder = dir.join("data/schemas").join(name);
        let schema =
            avrox::Schema::parse(&fs::read_to_string(folder.join("schema.json")).unwrap()).unwrap();
        let reader = Reader::<Value, _>::open(folder.join("data.avro")).unwrap();
        assert_eq!(
            reader.writer_schema().canonical_form(),
            schema.canonical_form(),
            "{name}"
        );
        let values: Vec<Value> = reader.collect::<Result<_, _>>().unwrap();
        assert!(!values.is_empty(), "{name}");
    }
}

#[test]
fn pre_1_3_format_is_a_clear_error() {
    let Some(path) = data("data/test.avro12") else {
        return;
    };
    let err = Reader::<Value, _>::open(path).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BadMagic(*b"Obj\0"));
    assert!(err.to_string().contains("before Avro 1.3"), "{err}");
}

#[test]
fn files_read_with_small_limits_fail_cleanly() {
    let Some(path) = data("data/weather-deflate.avro") else {
        return;
    };
    let options = ReaderOptions::new().max_block_size(16);
    let results: Vec<_> =
        Reader::<Weather, _>::with_options(fs::File::open(path).unwrap(), options)
            .unwrap()
            .collect();
    assert_eq!(results.len(), 1);
    assert!(avrox_tests::is_limit(
        results[0].as_ref().unwrap_err(),
        avrox::error::Limit::BlockSize
    ));
}
