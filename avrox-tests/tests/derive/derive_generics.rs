//! Generic types with every kind of attribute derive, and round-trip
//! through `to_vec`/`from_slice`, `Value`, resolution and container files.
//!
//! The derive bounds each type parameter by what the fields that use it
//! need (`#[avro(default)]` on any field of a generic type used to fail to
//! compile, with an error about the internal `Evolve` trait).

use std::fmt::Debug;

use avrox::ocf::{Reader, Writer};
use avrox::resolve::Resolver;
use avrox::{Avro, AvroSchema, DecodeOwned, Encode, FromValue, ToValue};

/// The example: the defaulted field does not mention `T`.
#[derive(Avro, Debug, PartialEq)]
struct Env<T> {
    body: T,
    #[avro(default)]
    trace: Option<String>,
}

/// Defaults that do mention the parameters: `Default::default()` of `T`
/// and an empty `Vec<U>`, both written into the schema.
#[derive(Avro, Debug, PartialEq)]
struct Defaults<T, U> {
    id: i32,
    #[avro(default)]
    body: T,
    #[avro(default)]
    extra: Vec<U>,
    #[avro(default = None)]
    maybe: Option<T>,
}

/// A generic enum with defaults inside a data variant.
#[derive(Avro, Debug, PartialEq)]
enum Msg<T> {
    Ping(T),
    Data {
        body: Vec<T>,
        #[avro(default)]
        retries: i32,
    },
}

/// Version 1 of a generic record, and version 2 with a field since 2.
#[derive(Avro, Debug, PartialEq)]
#[avro(name = "Tagged")]
struct TaggedV1<T> {
    body: T,
}

#[derive(Avro, Debug, PartialEq)]
#[avro(name = "Tagged", version = 2)]
struct Tagged<T> {
    body: T,
    #[avro(default, since = 2)]
    tags: Vec<String>,
}

/// Validation attributes on fields of parameter types.
#[derive(Avro, Debug, PartialEq)]
struct Batch<T> {
    #[avro(length(min = 1, max = 3))]
    items: Vec<T>,
    #[avro(default, min = 0)]
    count: i64,
}

/// Nested generics: a generic field inside a generic type.
#[derive(Avro, Debug, PartialEq)]
struct Outer<T> {
    env: Env<Vec<T>>,
    #[avro(default)]
    batches: Vec<Batch<T>>,
}

/// Borrowed fields beside a type parameter, with a borrowed default.
#[derive(Avro, Debug, PartialEq)]
struct Keyed<'a, T> {
    key: &'a str,
    value: Option<T>,
    #[avro(default)]
    note: Option<&'a str>,
}

/// A skipped field rebuilt with `Default`, and a transparent wrapper.
#[derive(Avro, Debug, PartialEq)]
struct Cached<T> {
    value: i64,
    #[avro(skip, default)]
    memo: Vec<T>,
    #[avro(default)]
    label: String,
}

#[derive(Avro, Debug, PartialEq)]
#[avro(transparent)]
struct Wrapper<T>(Env<T>);

fn round_trip<T>(value: &T)
where
    T: AvroSchema + Encode + DecodeOwned + ToValue + FromValue + Debug + PartialEq,
{
    let bytes = avrox::to_vec(value).unwrap();
    assert_eq!(&avrox::from_slice::<T>(&bytes).unwrap(), value);
    assert_eq!(&T::from_value(value.to_value()).unwrap(), value);
}

#[test]
fn generic_types_with_defaults_round_trip() {
    round_trip(&Env {
        body: 7i32,
        trace: Some("t".into()),
    });
    round_trip(&Env {
        body: "s".to_string(),
        trace: None,
    });
    round_trip(&Defaults {
        id: 1,
        body: "b".to_string(),
        extra: vec![1.5f64],
        maybe: Some("m".to_string()),
    });
    round_trip(&Msg::Ping(3i64));
    round_trip(&Msg::Data {
        body: vec![1i64, 2],
        retries: 2,
    });
    round_trip(&Batch {
        items: vec![true],
        count: 1,
    });
    round_trip(&Outer {
        env: Env {
            body: vec![1i32],
            trace: None,
        },
        batches: vec![Batch {
            items: vec![2],
            count: 0,
        }],
    });
    round_trip(&Wrapper(Env {
        body: 1u8,
        trace: None,
    }));
    let keyed = Keyed {
        key: "k",
        value: Some(5i32),
        note: Some("n"),
    };
    let bytes = avrox::to_vec(&keyed).unwrap();
    assert_eq!(avrox::from_slice::<Keyed<'_, i32>>(&bytes).unwrap(), keyed);
}

#[test]
fn defaults_of_parameter_types_are_in_the_schema() {
    let schema = Defaults::<String, f64>::schema().to_json();
    let fields = &schema["fields"];
    assert_eq!(fields[1]["default"], "");
    assert_eq!(fields[2]["default"], serde_json::json!([]));
    assert_eq!(fields[3]["default"], serde_json::Value::Null);
    let schema = Env::<i32>::schema().to_json();
    assert_eq!(schema["fields"][1]["default"], serde_json::Value::Null);
}

#[test]
fn a_skipped_parameter_field_takes_its_default() {
    let bytes = avrox::to_vec(&Cached {
        value: 4,
        memo: vec![1i32],
        label: "l".into(),
    })
    .unwrap();
    assert_eq!(
        avrox::from_slice::<Cached<i32>>(&bytes).unwrap(),
        Cached {
            value: 4,
            memo: vec![],
            label: "l".into(),
        }
    );
}

#[test]
fn validation_runs_on_parameter_fields() {
    let too_many = Batch {
        items: vec![1, 2, 3, 4],
        count: 4,
    };
    assert!(avrox::to_vec(&too_many).is_err());
}

#[test]
fn a_versioned_generic_reads_its_older_version() {
    let old = avrox::to_vec(&TaggedV1 { body: 9i32 }).unwrap();
    let mut resolver = Resolver::<Tagged<i32>>::new();
    let read = resolver.decode(&old, TaggedV1::<i32>::schema()).unwrap();
    assert_eq!(
        read,
        Tagged {
            body: 9,
            tags: vec![]
        }
    );
    let history = <Tagged<i32> as avrox::resolve::Evolve>::history();
    assert_eq!(history.versions().len(), 2);
}

#[test]
fn generic_types_round_trip_through_container_files() {
    let envs = [
        Env {
            body: vec![1i64],
            trace: None,
        },
        Env {
            body: vec![],
            trace: Some("x".into()),
        },
    ];
    let mut w = Writer::<Env<Vec<i64>>, _>::new(Vec::new()).unwrap();
    for env in &envs {
        w.append(env).unwrap();
    }
    let file = w.finish().unwrap();
    let read: Vec<Env<Vec<i64>>> = Reader::<Env<Vec<i64>>, _>::new(&file[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, envs);

    // Data written by version 1 of a generic type loads as version 2.
    let mut w = Writer::<TaggedV1<String>, _>::new(Vec::new()).unwrap();
    w.append(&TaggedV1 { body: "a".into() }).unwrap();
    let file = w.finish().unwrap();
    let read: Vec<Tagged<String>> = Reader::<Tagged<String>, _>::new(&file[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        read,
        [Tagged {
            body: "a".into(),
            tags: vec![]
        }]
    );
}

/// A const parameter of any type names its instances: a `char` that is no
/// name character is spelled by its code point, a negative number with `m`.
#[derive(Avro, Debug, PartialEq)]
struct Marked<const C: char> {
    id: i32,
}

#[derive(Avro, Debug, PartialEq)]
struct Offset<const N: i8> {
    id: i32,
}

#[test]
fn every_const_argument_gives_a_valid_name() {
    // Each of these panicked in `schema()` ("labels are valid name
    // characters") before const arguments were spelled out.
    let name = |schema: &avrox::Schema| schema.root().name().unwrap().fullname().to_owned();
    assert_eq!(name(Marked::<'a'>::schema()), "Marked_a");
    assert_eq!(name(Marked::<'.'>::schema()), "Marked_u2e");
    assert_eq!(name(Marked::<'é'>::schema()), "Marked_ue9");
    assert_eq!(name(Marked::<' '>::schema()), "Marked_u20");
    assert_eq!(name(Offset::<-3>::schema()), "Offset_m3");
    let bytes = avrox::to_vec(&Marked::<'.'> { id: 7 }).unwrap();
    assert_eq!(
        avrox::from_slice::<Marked<'.'>>(&bytes).unwrap(),
        Marked { id: 7 }
    );
}
