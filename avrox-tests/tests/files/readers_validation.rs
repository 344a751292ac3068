//! Readers of many datums and validation: a datum that decodes cleanly but
//! breaks its constraints is reported with its place and its report, and
//! reading goes on; damaged data still ends its block (or is skipped).

use crate::both::{Reader, Writer};
use avrox::binary::SliceReader;
use avrox::framing::{self, ConfluentReader, MemoryRegistry, SchemaStore};
use avrox::json::{LinesReader, LinesWriter};
use avrox::ocf::ReaderOptions;
use avrox::{Avro, AvroSchema, Error, ErrorKind, Result, Value};

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme.ml")]
struct ModelMetadata {
    model_name: String,
    #[avro(min = 0.0, max = 1.0)]
    accuracy: f32,
}

fn meta(accuracy: f32) -> ModelMetadata {
    ModelMetadata {
        model_name: format!("m-{accuracy}"),
        accuracy,
    }
}

/// A file of one block: accuracy 0.5, 1.3 (invalid), 0.7.
fn file_with_an_invalid_record() -> Vec<u8> {
    let mut w = Writer::<ModelMetadata, _>::new(Vec::new()).unwrap();
    w.append(&meta(0.5)).unwrap();
    w.append_encoded(&avrox::to_vec_unchecked(&meta(1.3)).unwrap())
        .unwrap();
    w.append(&meta(0.7)).unwrap();
    w.finish().unwrap()
}

/// Checks the error is the validation failure of record 1 of block 0.
fn assert_invalid_record_1(err: &Error) {
    assert!(matches!(err.kind(), ErrorKind::Validation(_)), "{err}");
    assert_eq!(err.block(), Some(0), "{err}");
    assert_eq!(err.block_record(), Some(1), "{err}");
    let report = err.report().expect("a report");
    assert_eq!(report.len(), 1, "{report}");
    assert_eq!(report.failures()[0].path(), "accuracy", "{report}");
    assert!(
        err.to_string().starts_with("block 0 (at file byte "),
        "{err}"
    );
    assert!(err.to_string().contains(", record 1: "), "{err}");
    // One place, said once: the record, not also its byte in the block.
    assert!(!err.to_string().contains(" at byte "), "{err}");
}

/// The accuracies of the `Ok` items, and the errors.
fn accuracies<T>(items: &[Result<T>], accuracy: impl Fn(&T) -> f32) -> Vec<Option<f32>> {
    items
        .iter()
        .map(|item| item.as_ref().ok().map(&accuracy))
        .collect()
}

fn value_accuracy(value: &Value) -> f32 {
    match value.get("accuracy") {
        Some(Value::Float(f)) => *f,
        other => panic!("no float accuracy: {other:?}"),
    }
}

// ------------------------------------------------------ container files

#[test]
fn ocf_reader_reports_an_invalid_record_and_reads_on() {
    let file = file_with_an_invalid_record();
    let items: Vec<_> = Reader::<ModelMetadata, _>::new(&file[..])
        .unwrap()
        .collect();
    assert_eq!(
        accuracies(&items, |m| m.accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert_invalid_record_1(items[1].as_ref().unwrap_err());
}

#[test]
fn ocf_reader_skipping_damage_still_delivers_the_records_after_an_invalid_one() {
    let file = file_with_an_invalid_record();
    let mut reader = Reader::<ModelMetadata, _>::with_options(
        &file[..],
        ReaderOptions::new().skip_damaged(true),
    )
    .unwrap();
    let items: Vec<_> = reader.by_ref().collect();
    assert_eq!(
        accuracies(&items, |m| m.accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert_invalid_record_1(items[1].as_ref().unwrap_err());
    // An invalid record is no damage: nothing was skipped.
    assert!(reader.skipped().is_empty(), "{:?}", reader.skipped());
}

#[test]
fn ocf_value_reader_reports_an_invalid_record_and_reads_on() {
    let file = file_with_an_invalid_record();
    // The writer's schema carries the constraints ("avrox.constraints").
    let items: Vec<_> = Reader::<Value, _>::new(&file[..]).unwrap().collect();
    assert_eq!(
        accuracies(&items, value_accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert_invalid_record_1(items[1].as_ref().unwrap_err());

    // Read as another schema (through a resolution plan): the reader
    // schema's constraints apply.
    let reader_schema = avrox::Schema::parse(
        r#"{"type": "record", "name": "ModelMetadata", "namespace": "com.acme.ml",
            "fields": [{"name": "accuracy", "type": "double",
                        "avrox.constraints": {"min": 0, "max": 1}}]}"#,
    )
    .unwrap();
    let options = ReaderOptions::new().reader_schema(reader_schema);
    let items: Vec<_> = Reader::<Value, _>::with_options(&file[..], options)
        .unwrap()
        .collect();
    let ok: Vec<bool> = items.iter().map(Result::is_ok).collect();
    assert_eq!(ok, [true, false, true]);
    assert_invalid_record_1(items[1].as_ref().unwrap_err());
}

/// A file of two blocks: 0.5, a record whose bytes are wrong, 0.7; then
/// 0.6.
fn file_with_a_damaged_record() -> Vec<u8> {
    let mut w = Writer::<ModelMetadata, _>::new(Vec::new()).unwrap();
    w.append(&meta(0.5)).unwrap();
    // A model name of length -1.
    w.append_encoded(&[0x01]).unwrap();
    w.append(&meta(0.7)).unwrap();
    w.flush().unwrap();
    w.append(&meta(0.6)).unwrap();
    w.finish().unwrap()
}

#[test]
fn ocf_reader_still_ends_at_damage() {
    let file = file_with_a_damaged_record();
    let items: Vec<_> = Reader::<ModelMetadata, _>::new(&file[..])
        .unwrap()
        .collect();
    assert_eq!(accuracies(&items, |m| m.accuracy), [Some(0.5), None]);
    let err = items[1].as_ref().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NegativeLength(-1)), "{err}");
    assert_eq!(err.block_record(), Some(1), "{err}");
}

#[test]
fn ocf_reader_skipping_damage_still_skips_the_rest_of_the_block() {
    let file = file_with_a_damaged_record();
    let mut reader = Reader::<ModelMetadata, _>::with_options(
        &file[..],
        ReaderOptions::new().skip_damaged(true),
    )
    .unwrap();
    let items: Vec<_> = reader.by_ref().collect();
    assert_eq!(accuracies(&items, |m| m.accuracy), [Some(0.5), Some(0.6)]);
    let skipped = reader.skipped();
    assert_eq!(skipped.len(), 1);
    assert_eq!((skipped[0].block, skipped[0].records), (0, Some(2)));
}

// ------------------------------------------------- datums in one slice

#[test]
fn stream_readers_report_an_invalid_datum_and_are_past_it() {
    let mut stream = avrox::to_vec(&meta(0.5)).unwrap();
    stream.extend(avrox::to_vec_unchecked(&meta(1.3)).unwrap());
    let second = stream.len() - avrox::to_vec_unchecked(&meta(1.3)).unwrap().len();
    stream.extend(avrox::to_vec(&meta(0.7)).unwrap());

    let mut input = SliceReader::new(&stream);
    let items: Vec<Result<ModelMetadata>> = (0..3).map(|_| avrox::read_next(&mut input)).collect();
    assert_eq!(
        accuracies(&items, |m| m.accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert_eq!(items[1].as_ref().unwrap_err().offset(), Some(second));

    let schema = ModelMetadata::schema();
    let mut input = SliceReader::new(&stream);
    let values: Vec<Result<Value>> = (0..3)
        .map(|_| Value::read_next(&mut input, schema))
        .collect();
    assert_eq!(
        accuracies(&values, value_accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    let err = values[1].as_ref().unwrap_err();
    assert!(err.report().is_some(), "{err}");
    assert_eq!(err.offset(), Some(second));

    let plan = avrox::resolve::TypedPlan::<ModelMetadata>::new(schema).unwrap();
    let mut input = SliceReader::new(&stream);
    let items: Vec<Result<ModelMetadata>> = (0..3).map(|_| plan.read_next(&mut input)).collect();
    assert_eq!(
        accuracies(&items, |m| m.accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert!(input.is_empty());
}

// ----------------------------------------------------------- messages

fn registry() -> MemoryRegistry {
    let mut registry = MemoryRegistry::new();
    registry.register("models-value", ModelMetadata::schema().clone());
    registry
}

fn confluent_messages(registry: &MemoryRegistry) -> Vec<Vec<u8>> {
    let mut invalid = framing::to_confluent(registry, "models-value", &meta(0.1)).unwrap();
    invalid.truncate(5);
    invalid.extend(avrox::to_vec_unchecked(&meta(1.3)).unwrap());
    vec![
        framing::to_confluent(registry, "models-value", &meta(0.5)).unwrap(),
        invalid,
        framing::to_confluent(registry, "models-value", &meta(0.7)).unwrap(),
    ]
}

/// Checks the error is a validation failure of the datum after a header of
/// `header` bytes.
fn assert_invalid_message(err: &Error, header: usize) {
    assert!(matches!(err.kind(), ErrorKind::Validation(_)), "{err}");
    assert_eq!(err.offset(), Some(header), "{err}");
    assert_eq!(err.path(), "ModelMetadata", "{err}");
    let report = err.report().expect("a report");
    assert_eq!(report.failures()[0].path(), "accuracy", "{report}");
}

#[test]
fn confluent_reader_reports_an_invalid_message_and_reads_on() {
    let registry = registry();
    let messages = confluent_messages(&registry);
    let reader = ConfluentReader::new(registry);
    let items: Vec<Result<ModelMetadata>> = messages.iter().map(|m| reader.decode(m)).collect();
    assert_eq!(
        accuracies(&items, |m| m.accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert_invalid_message(items[1].as_ref().unwrap_err(), 5);

    let values: Vec<Result<Value>> = messages.iter().map(|m| reader.decode(m)).collect();
    assert_eq!(
        accuracies(&values, value_accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert_invalid_message(values[1].as_ref().unwrap_err(), 5);
}

#[test]
fn schema_store_reports_an_invalid_message_and_reads_on() {
    let mut invalid = framing::to_single_object(&meta(0.1)).unwrap();
    invalid.truncate(10);
    invalid.extend(avrox::to_vec_unchecked(&meta(1.3)).unwrap());
    let messages = [
        framing::to_single_object(&meta(0.5)).unwrap(),
        invalid,
        framing::to_single_object(&meta(0.7)).unwrap(),
    ];
    let mut store = SchemaStore::new();
    store.add_type::<ModelMetadata>();
    let items: Vec<Result<ModelMetadata>> = messages.iter().map(|m| store.decode(m)).collect();
    assert_eq!(
        accuracies(&items, |m| m.accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert_invalid_message(items[1].as_ref().unwrap_err(), 10);

    let values: Vec<Result<Value>> = messages.iter().map(|m| store.decode(m)).collect();
    assert_eq!(
        accuracies(&values, value_accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    assert_invalid_message(values[1].as_ref().unwrap_err(), 10);
}

// ------------------------------------------------------------- JSON lines

/// Lines of accuracy 0.5, 1.3 (invalid), 0.7.
fn lines_with_an_invalid_datum() -> Vec<u8> {
    let mut w = LinesWriter::for_type::<ModelMetadata>(Vec::new());
    w.write(&meta(0.5)).unwrap();
    let mut text = w.into_inner();
    text.extend_from_slice(br#"{"model_name":"m-1.3","accuracy":1.3}"#);
    text.push(b'\n');
    let mut w = LinesWriter::for_type::<ModelMetadata>(text);
    w.write(&meta(0.7)).unwrap();
    w.into_inner()
}

#[test]
fn lines_reader_reports_an_invalid_line_and_reads_on() {
    let text = lines_with_an_invalid_datum();
    let values: Vec<_> = LinesReader::for_type::<ModelMetadata>(&text[..]).collect();
    let ok: Vec<bool> = values.iter().map(Result::is_ok).collect();
    assert_eq!(ok, [true, false, true]);
    let err = values[1].as_ref().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Validation(_)), "{err}");
    assert_eq!(err.line(), Some(2), "{err}");
    assert!(err.to_string().starts_with("line 2: "), "{err}");
    assert_eq!(err.report().unwrap().failures()[0].path(), "accuracy");

    let typed: Vec<_> = LinesReader::for_type::<ModelMetadata>(&text[..])
        .typed::<ModelMetadata>()
        .collect();
    assert_eq!(
        accuracies(&typed, |m| m.accuracy),
        [Some(0.5), None, Some(0.7)]
    );
    let err = typed[1].as_ref().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Validation(_)), "{err}");
    assert_eq!(err.line(), Some(2), "{err}");
    let first_line = text.iter().position(|&b| b == b'\n').unwrap() + 1;
    assert_eq!(err.offset(), Some(first_line), "{err}");
}

/// A constraint only Rust can check (a `custom` function travels in no
/// schema): the typed lines reader checks the type's own constraints.
fn known_model(name: &str) -> std::result::Result<(), String> {
    if name.starts_with("m-") {
        Ok(())
    } else {
        Err(format!("unknown model {name}"))
    }
}

#[derive(Avro, Debug, PartialEq)]
struct Named {
    #[avro(custom = known_model)]
    model_name: String,
}

#[test]
fn typed_lines_reader_checks_the_types_own_constraints() {
    let text = "{\"model_name\":\"m-1\"}\n{\"model_name\":\"x\"}\n{\"model_name\":\"m-2\"}\n";
    let typed: Vec<Result<Named>> = LinesReader::for_type::<Named>(text.as_bytes())
        .typed()
        .collect();
    let ok: Vec<bool> = typed.iter().map(Result::is_ok).collect();
    assert_eq!(ok, [true, false, true]);
    let err = typed[1].as_ref().unwrap_err();
    assert_eq!(err.line(), Some(2), "{err}");
    assert!(err.report().is_some(), "{err}");

    let unchecked: Vec<Named> = LinesReader::for_type::<Named>(text.as_bytes())
        .with_validation(false)
        .typed()
        .collect::<Result<_>>()
        .unwrap();
    assert_eq!(unchecked[1].model_name, "x");
}

// --------------------------------------------------- validation turned off

#[test]
fn every_reader_can_be_told_not_to_validate() {
    let file = file_with_an_invalid_record();
    let options = ReaderOptions::new().validate(false);
    let all: Vec<ModelMetadata> = Reader::with_options(&file[..], options.clone())
        .unwrap()
        .collect::<Result<_>>()
        .unwrap();
    assert_eq!(all[1].accuracy, 1.3);
    let all: Vec<Value> = Reader::with_options(&file[..], options)
        .unwrap()
        .collect::<Result<_>>()
        .unwrap();
    assert_eq!(value_accuracy(&all[1]), 1.3);

    let registry = registry();
    let messages = confluent_messages(&registry);
    let reader = ConfluentReader::new(registry).with_validation(false);
    assert_eq!(
        reader
            .decode::<ModelMetadata>(&messages[1])
            .unwrap()
            .accuracy,
        1.3
    );

    let mut store = SchemaStore::new().with_validation(false);
    store.add_type::<ModelMetadata>();
    let mut message = framing::to_single_object(&meta(0.1)).unwrap();
    message.truncate(10);
    message.extend(avrox::to_vec_unchecked(&meta(1.3)).unwrap());
    assert_eq!(
        store.decode::<ModelMetadata>(&message).unwrap().accuracy,
        1.3
    );

    let text = lines_with_an_invalid_datum();
    let all: Vec<ModelMetadata> = LinesReader::for_type::<ModelMetadata>(&text[..])
        .with_validation(false)
        .typed()
        .collect::<Result<_>>()
        .unwrap();
    assert_eq!(all[1].accuracy, 1.3);
}

// ----------------------------------------------------------- valid_only

mod valid_only {
    use super::*;
    use avrox::validate::ValidOnlyExt;

    #[test]
    fn a_container_file_gives_its_valid_records_and_the_rejected_ones() {
        let file = file_with_an_invalid_record();
        let mut rejected = Vec::new();
        let good: Vec<ModelMetadata> = Reader::<ModelMetadata, _>::new(&file[..])
            .unwrap()
            .valid_only(&mut rejected)
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(good, [meta(0.5), meta(0.7)]);
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].index(), 1);
        assert_invalid_record_1(rejected[0].error());
        assert_eq!(rejected[0].report().failures()[0].path(), "accuracy");
        // The place, then the report.
        assert_eq!(
            rejected[0].to_string(),
            format!("{:#}", rejected[0].error())
        );
        assert!(
            rejected[0]
                .to_string()
                .ends_with(&format!(": {}", rejected[0].report())),
            "{}",
            rejected[0]
        );
    }

    #[test]
    fn lines_give_their_valid_datums_and_the_rejected_ones() {
        let text = lines_with_an_invalid_datum();
        let mut rejected = Vec::new();
        let good: Vec<ModelMetadata> = LinesReader::for_type::<ModelMetadata>(&text[..])
            .typed()
            .valid_only(&mut rejected)
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(good, [meta(0.5), meta(0.7)]);
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].error().line(), Some(2));
    }

    #[test]
    fn damage_is_not_set_aside() {
        let file = file_with_a_damaged_record();
        let mut rejected = Vec::new();
        let items: Vec<_> = Reader::<ModelMetadata, _>::new(&file[..])
            .unwrap()
            .valid_only(&mut rejected)
            .collect();
        assert!(rejected.is_empty());
        assert_eq!(items.len(), 2);
        let err = items[1].as_ref().unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NegativeLength(-1)), "{err}");
    }

    #[test]
    fn messages_give_their_valid_datums_and_the_rejected_ones() {
        let registry = registry();
        let messages = confluent_messages(&registry);
        let reader = ConfluentReader::new(registry);
        let mut rejected = Vec::new();
        let good: Vec<ModelMetadata> = messages
            .iter()
            .map(|m| reader.decode(m))
            .valid_only(&mut rejected)
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(good, [meta(0.5), meta(0.7)]);
        assert_eq!(rejected[0].index(), 1);
        assert_eq!(rejected[0].error().offset(), Some(5));
    }
}

// ------------------------------------------------------------ from_value

#[test]
fn from_value_checks_constraints() {
    let value = avrox::to_value(&meta(1.3));
    let err = avrox::from_value::<ModelMetadata>(value.clone()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Validation(_)), "{err}");
    assert_eq!(err.path(), "ModelMetadata", "{err}");
    assert_eq!(err.report().unwrap().failures()[0].path(), "accuracy");
    let unchecked: ModelMetadata = avrox::from_value_unchecked(value).unwrap();
    assert_eq!(unchecked.accuracy, 1.3);
    assert_eq!(
        avrox::from_value::<ModelMetadata>(avrox::to_value(&meta(0.5))).unwrap(),
        meta(0.5)
    );
}
