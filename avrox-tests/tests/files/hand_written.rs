//! A type that implements avrox's traits by hand, without the derive: the
//! five traits `AvroSchema`, `Encode`, `Decode`, `ToValue` and `FromValue`,
//! each with only its required items, and nothing else (no `Evolve`: it
//! comes with `AvroSchema`). The umbrella bound `avrox::Avro` covers it,
//! and it goes to and from container files, single-object and Confluent
//! messages and the JSON encoding through the same generic functions as a
//! derived type.

use avrox::binary::SliceReader;
use avrox::framing::{self, MemoryRegistry};
use avrox::ocf::{Reader, Writer};
use avrox::resolve::{Evolve, TypedPlan};
use avrox::schema::{Node, NodeId, SchemaBuilder, Type};
use avrox::{AvroSchema, Decode, Encode, FromValue, ToValue, Value};

/// A temperature, written as a bare Avro `double`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Celsius(f64);

impl AvroSchema for Celsius {
    fn add_schema(builder: &mut SchemaBuilder) -> NodeId {
        builder.add(Node::new(Type::Double))
    }
}

impl Encode for Celsius {
    fn encode(&self, out: &mut Vec<u8>) -> avrox::Result<()> {
        avrox::binary::write_double(out, self.0);
        Ok(())
    }
}

impl<'de> Decode<'de> for Celsius {
    fn decode(reader: &mut SliceReader<'de>) -> avrox::Result<Celsius> {
        Ok(Celsius(reader.read_double()?))
    }
}

impl ToValue for Celsius {
    fn to_value(&self) -> Value {
        Value::Double(self.0)
    }
}

impl FromValue for Celsius {
    fn from_value(value: Value) -> avrox::Result<Celsius> {
        avrox::from_value::<f64>(value).map(Celsius)
    }
}

/// Generic code names one bound.
fn through_everything<T: avrox::Avro + Clone + PartialEq + std::fmt::Debug>(values: &[T]) {
    let mut w = Writer::<T, _>::new(Vec::new()).unwrap();
    for v in values {
        w.append(v).unwrap();
    }
    let file = w.finish().unwrap();
    let back: Vec<T> = Reader::<T, _>::new(&file[..])
        .unwrap()
        .collect::<avrox::Result<_>>()
        .unwrap();
    assert_eq!(back, values);

    let mut registry = MemoryRegistry::new();
    registry.register("t-value", T::schema().clone());
    for v in values {
        let message = framing::to_single_object(v).unwrap();
        assert_eq!(framing::from_single_object::<T>(&message).unwrap(), *v);
        let message = framing::to_confluent(&registry, "t-value", v).unwrap();
        assert_eq!(
            framing::from_confluent::<T>(&registry, &message).unwrap(),
            *v
        );
        let text = avrox::json::to_string(v).unwrap();
        assert_eq!(avrox::json::from_str::<T>(&text).unwrap(), *v);
        assert_eq!(
            avrox::from_slice::<T>(&avrox::to_vec(v).unwrap()).unwrap(),
            *v
        );
    }
}

#[test]
fn a_hand_written_codec_goes_through_files_messages_and_json() {
    through_everything(&[Celsius(21.5), Celsius(-3.0)]);
    // Its schema is the one it built, and its messages carry that
    // schema's fingerprint.
    assert_eq!(Celsius::schema().canonical_form(), r#""double""#);
    let message = framing::to_single_object(&Celsius(1.0)).unwrap();
    assert_eq!(
        message[2..10],
        Celsius::schema().rabin_fingerprint().to_le_bytes()
    );
}

#[test]
fn derived_and_standard_types_meet_the_same_bound() {
    #[derive(avrox::Avro, Debug, Clone, PartialEq)]
    struct Reading {
        sensor: String,
        celsius: f64,
    }
    through_everything(&[Reading {
        sensor: "t-1".into(),
        celsius: 20.0,
    }]);
    through_everything(&[Some(5i64), None]);
}

#[test]
fn a_hand_written_codec_has_one_version_and_reads_through_a_plan() {
    // `Evolve` comes with `AvroSchema`: one version, its own schema.
    assert_eq!(Celsius::VERSION, 1);
    let history = Celsius::history();
    assert_eq!(history.versions().len(), 1);
    assert_eq!(history.latest().unwrap().schema(), Celsius::schema());
    assert_eq!(Celsius::readable_schemas(), [Celsius::schema()]);

    // Data of its own schema takes the plain decoder, and the version is
    // the current one, so no migration runs.
    let plan = TypedPlan::<Celsius>::new(Celsius::schema()).unwrap();
    assert!(plan.is_identity());
    assert_eq!(plan.writer_version(), Some(1));
    assert_eq!(
        plan.decode(&avrox::to_vec(&Celsius(4.5)).unwrap()).unwrap(),
        Celsius(4.5)
    );
}
