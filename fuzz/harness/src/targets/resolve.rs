//! Schema resolution: a pair of writer and reader schemas chosen by the
//! first byte (see [`PAIRS`]), the rest a datum of the writer's, read
//! through the pair's compiled plan into a `Value`, and into the derived
//! reader type where the reader is one. A value read must be a value of
//! the reader's schema: it encodes, and decodes back.

use std::sync::OnceLock;

use avrox::resolve::Plan;
use avrox::{AvroSchema, Schema, Value};

use crate::derived::Person;

/// What reads a pair's writer data.
#[derive(Debug, Clone, Copy)]
pub enum Reader {
    /// The derived [`Person`], its plan and its typed reading.
    Person,
    /// A schema's JSON, read into `Value`s.
    Json(&'static str),
}

/// A writer schema, the reader of its data, and a datum of the writer in
/// Avro's JSON encoding (for the seed inputs).
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// The writer schema's JSON.
    pub writer: &'static str,
    /// The reader.
    pub reader: Reader,
    /// A datum of the writer schema in Avro's JSON encoding.
    pub datum: &'static str,
}

/// [`Person`]'s fields as a writer of an older version had them: the name
/// under its old name, no email, score, tags or friends; narrower numbers
/// (promoted), bytes and strings swapped, an extra enum symbol, the union
/// in the other order and a field the reader does not have.
const PERSON_V1: &str = r#"{"type":"record","name":"OldPerson","namespace":"fuzz.evolve","fields":[
    {"name":"id","type":"int"},
    {"name":"full_name","type":"string"},
    {"name":"legacy","type":{"type":"map","values":{"type":"array","items":["null","bytes",{"type":"fixed","name":"Six","size":6}]}}},
    {"name":"count","type":"int"},
    {"name":"ratio","type":"long"},
    {"name":"total","type":"float"},
    {"name":"data","type":"string"},
    {"name":"text","type":"bytes"},
    {"name":"level","type":{"type":"enum","name":"Level","symbols":["Low","Mid","High","Extreme"]}},
    {"name":"choice","type":["long","null"]},
    {"name":"shape","type":["string",{"type":"record","name":"Empty","namespace":"fuzz.derived","fields":[]}]}]}"#;

/// [`Person`] as a newer writer has it: fields in another order, a field
/// the reader lacks, non-union fields where the reader has unions, a union
/// where the reader has none, and renamed nested records.
const PERSON_V3: &str = r#"{"type":"record","name":"Person","namespace":"fuzz.evolve","fields":[
    {"name":"friends","type":{"type":"array","items":{"type":"record","name":"Buddy","fields":[
        {"name":"id","type":"long"},{"name":"nick","type":["null","string"]}]}}},
    {"name":"name","type":"string"},
    {"name":"id","type":"long"},
    {"name":"email","type":"string"},
    {"name":"score","type":["float","null"]},
    {"name":"tags","type":{"type":"array","items":"bytes"}},
    {"name":"count","type":["int","long","string"]},
    {"name":"ratio","type":"float"},
    {"name":"total","type":"long"},
    {"name":"data","type":"bytes"},
    {"name":"text","type":"string"},
    {"name":"level","type":{"type":"enum","name":"Level","symbols":["High","Low"]}},
    {"name":"choice","type":"long"},
    {"name":"shape","type":{"type":"record","name":"Circle","namespace":"fuzz.derived","fields":[{"name":"radius","type":"double"}]}},
    {"name":"extra","type":{"type":"record","name":"Extra","fields":[{"name":"next","type":["null","Extra"]}]}}]}"#;

/// The pairs, chosen by an input's first byte.
pub const PAIRS: &[Pair] = &[
    Pair {
        writer: PERSON_V1,
        reader: Reader::Person,
        datum: r#"{"id":1,"full_name":"Ada","legacy":{"k":[null,{"bytes":"x"},{"fuzz.evolve.Six":"abcdef"}]},"count":2,"ratio":3,"total":4.5,"data":"d","text":"t","level":"Extreme","choice":{"long":5},"shape":{"string":"l"}}"#,
    },
    Pair {
        writer: PERSON_V3,
        reader: Reader::Person,
        datum: r#"{"friends":[{"id":1,"nick":{"string":"n"}}],"name":"Ada","id":1,"email":"a@b","score":{"float":0.5},"tags":["t"],"count":{"int":3},"ratio":1.5,"total":3,"data":"d","text":"t","level":"High","choice":4,"shape":{"radius":1.0},"extra":{"next":{"fuzz.evolve.Extra":{"next":null}}}}"#,
    },
    Pair {
        writer: r#""int""#,
        reader: Reader::Json(r#""double""#),
        datum: "7",
    },
    Pair {
        writer: r#"{"type":"array","items":["int","string","float"]}"#,
        reader: Reader::Json(r#"{"type":"array","items":["string","double","long"]}"#),
        datum: r#"[{"int":1},{"string":"s"},{"float":2.5}]"#,
    },
    Pair {
        writer: r#"{"type":"map","values":"bytes"}"#,
        reader: Reader::Json(r#"{"type":"map","values":"string"}"#),
        datum: r#"{"a":"b"}"#,
    },
    Pair {
        writer: r#"{"type":"enum","name":"E","symbols":["A","B","C","D"]}"#,
        reader: Reader::Json(r#"{"type":"enum","name":"E","symbols":["C","A"],"default":"A"}"#),
        datum: r#""D""#,
    },
    Pair {
        writer: r#"["null",{"type":"fixed","name":"F","size":3},{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}]"#,
        reader: Reader::Json(
            r#"[{"type":"record","name":"S","aliases":["R"],"fields":[{"name":"a","type":"double"},{"name":"b","type":"string","default":"x"}]},{"type":"fixed","name":"G","aliases":["F"],"size":3},"null"]"#,
        ),
        datum: r#"{"R":{"a":1}}"#,
    },
    Pair {
        writer: r#"{"type":"record","name":"L","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","L"]}]}"#,
        reader: Reader::Json(
            r#"{"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]},{"name":"v","type":"float"},{"name":"w","type":{"type":"array","items":"L"},"default":[]}]}"#,
        ),
        datum: r#"{"v":1,"next":{"L":{"v":2,"next":null}}}"#,
    },
    Pair {
        writer: r#"{"type":"record","name":"T","fields":[
            {"name":"d","type":{"type":"int","logicalType":"date"}},
            {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
            {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":8,"scale":2}},
            {"name":"u","type":{"type":"string","logicalType":"uuid"}}]}"#,
        reader: Reader::Json(
            r#"{"type":"record","name":"T","fields":[
            {"name":"d","type":{"type":"long","logicalType":"timestamp-micros"}},
            {"name":"ts","type":{"type":"double"}},
            {"name":"dec","type":"bytes"},
            {"name":"u","type":"string"}]}"#,
        ),
        datum: r#"{"d":1,"ts":2,"dec":"\u0001\u0002","u":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}"#,
    },
];

/// A pair compiled: both schemas and the plan.
struct Compiled {
    writer: Schema,
    plan: Plan,
}

fn compiled() -> &'static [Compiled] {
    static COMPILED: OnceLock<Vec<Compiled>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        PAIRS
            .iter()
            .map(|pair| {
                let writer = Schema::parse(pair.writer).unwrap_or_else(|e| {
                    panic!("a writer schema does not parse: {e}\n{}", pair.writer)
                });
                let reader = reader_schema(pair.reader);
                let plan = Plan::new(&writer, &reader)
                    .unwrap_or_else(|e| panic!("a pair does not resolve: {e}\n{}", pair.writer));
                Compiled { writer, plan }
            })
            .collect()
    })
}

/// The schema of a reader.
pub fn reader_schema(reader: Reader) -> Schema {
    match reader {
        Reader::Person => Person::schema().clone(),
        Reader::Json(json) => Schema::parse(json)
            .unwrap_or_else(|e| panic!("a reader schema does not parse: {e}\n{json}")),
    }
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let Some((&pick, datum)) = data.split_first() else {
        return;
    };
    let index = usize::from(pick) % PAIRS.len();
    let Compiled { writer, plan } = &compiled()[index];
    if let Ok(value) = plan.decode(datum) {
        let reader = plan.reader();
        let bytes = value.to_bytes(reader).unwrap_or_else(|e| {
            panic!("a resolved value is not one of the reader's: {e}\nvalue: {value:?}")
        });
        let again = Value::decode(&bytes, reader)
            .unwrap_or_else(|e| panic!("a resolved value does not decode: {e}\nvalue: {value:?}"));
        assert_eq!(
            again.to_bytes(reader).ok(),
            Some(bytes),
            "a resolved value does not read back the same"
        );
    }
    if let Reader::Person = PAIRS[index].reader
        && let Ok(person) = avrox::from_slice_with_writer::<Person>(datum, writer)
    {
        let bytes = avrox::to_vec(&person)
            .unwrap_or_else(|e| panic!("a resolved value does not encode: {e}\nvalue: {person:?}"));
        let again = avrox::from_slice::<Person>(&bytes)
            .unwrap_or_else(|e| panic!("a resolved value does not decode: {e}\nvalue: {person:?}"));
        assert_eq!(
            avrox::to_vec(&again).ok(),
            Some(bytes),
            "a resolved value does not read back the same"
        );
    }
}
