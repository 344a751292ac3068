//! serde types through the readers and writers of files, messages and
//! JSON: `avrox::serde::Serde` and `Deserialized`.

use avrox::ocf::{Reader, ReaderOptions, Writer, WriterOptions};
use avrox::serde::{Deserialized, Serde};
use avrox::{ErrorKind, Schema};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Hit {
    page: String,
    ms: u32,
    referrer: Option<String>,
}

fn v1() -> Schema {
    Schema::parse(
        r#"{"type": "record", "name": "Hit", "fields": [
        {"name": "page", "type": "string"}, {"name": "ms", "type": "int"},
        {"name": "referrer", "type": ["null", "string"]}]}"#,
    )
    .unwrap()
}

fn hits() -> Vec<Hit> {
    (0..100)
        .map(|i| Hit {
            page: format!("/p/{i}"),
            ms: i * 3,
            referrer: (i % 2 == 0).then(|| "x".to_owned()),
        })
        .collect()
}

fn file(schema: &Schema) -> Vec<u8> {
    // The values a writer of `Serde` pairs takes live as long as it.
    let hits = hits();
    let options = WriterOptions::new().block_size(256);
    let mut w =
        Writer::<Serde<'_, Hit>, _>::with_schema(Vec::new(), schema.clone(), options).unwrap();
    for hit in &hits {
        w.append(&Serde(hit, schema)).unwrap();
    }
    w.finish().unwrap()
}

#[test]
fn container_files_both_ways() {
    let schema = v1();
    let file = file(&schema);
    let back: Vec<Hit> = Reader::<Deserialized<Hit>, _>::new(&file[..])
        .unwrap()
        .map(|h| h.map(|Deserialized(h)| h))
        .collect::<avrox::Result<_>>()
        .unwrap();
    assert_eq!(back, hits());
    // The records are the ones the Value reader sees.
    let values: Vec<avrox::Value> = Reader::<avrox::Value, _>::new(&file[..])
        .unwrap()
        .collect::<avrox::Result<_>>()
        .unwrap();
    assert_eq!(values.len(), 100);
    assert_eq!(values[3].get("page"), Some(&avrox::Value::from("/p/3")));
}

#[test]
fn container_files_resolved_into_a_reader_schema() {
    let file = file(&v1());
    #[derive(Deserialize, Debug, PartialEq)]
    struct HitV2 {
        page: String,
        ms: i64,
        region: String,
    }
    let v2 = Schema::parse(
        r#"{"type": "record", "name": "Hit", "fields": [
        {"name": "page", "type": "string"}, {"name": "ms", "type": "long"},
        {"name": "region", "type": "string", "default": "eu"}]}"#,
    )
    .unwrap();
    let options = ReaderOptions::new().reader_schema(v2);
    let back: Vec<HitV2> = Reader::<Deserialized<HitV2>, _>::with_options(&file[..], options)
        .unwrap()
        .map(|h| h.map(|Deserialized(h)| h))
        .collect::<avrox::Result<_>>()
        .unwrap();
    assert_eq!(
        back[2],
        HitV2 {
            page: "/p/2".into(),
            ms: 6,
            region: "eu".into()
        }
    );
}

#[test]
fn a_value_that_does_not_fit_leaves_nothing_in_the_file() {
    let schema = v1();
    let too_slow = Hit {
        page: "/".into(),
        ms: u32::MAX,
        referrer: None,
    };
    let first = hits()[0].clone();
    let mut w =
        Writer::<Serde<'_, Hit>, _>::with_schema(Vec::new(), schema.clone(), WriterOptions::new())
            .unwrap();
    let err = w.append(&Serde(&too_slow, &schema)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::OutOfRange { .. }), "{err}");
    w.append(&Serde(&first, &schema)).unwrap();
    let file = w.finish().unwrap();
    let back: Vec<Deserialized<Hit>> = Reader::new(&file[..])
        .unwrap()
        .collect::<avrox::Result<_>>()
        .unwrap();
    assert_eq!(back, [Deserialized(hits()[0].clone())]);
}

#[test]
fn messages_and_json() {
    let schema = v1();
    let hit = &hits()[0];
    let message = avrox::framing::to_single_object(&Serde(hit, &schema)).unwrap();
    let mut store = avrox::framing::SchemaStore::new();
    store.add(schema.clone());
    assert_eq!(store.decode::<Deserialized<Hit>>(&message).unwrap().0, *hit);

    let json = avrox::json::to_json(&Serde(hit, &schema)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"page": "/p/0", "ms": 0, "referrer": {"string": "x"}})
    );
    let Deserialized(back) =
        avrox::json::from_json_with::<Deserialized<Hit>>(&json, &schema).unwrap();
    assert_eq!(back, *hit);
}

#[test]
fn damaged_files_are_errors() {
    let file = file(&v1());
    for end in (0..file.len()).step_by(7) {
        if let Ok(reader) = Reader::<Deserialized<Hit>, _>::new(&file[..end]) {
            let results: Vec<_> = reader.collect();
            assert!(
                results.iter().any(Result::is_err) || results.len() < 100,
                "{end}"
            );
        }
    }
}
