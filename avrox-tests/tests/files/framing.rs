//! Single-object encoding and the Confluent wire format: the Apache Avro
//! project's single-object message, round trips of derived types and
//! values, and damaged messages.

use avrox::framing::{self, MemoryRegistry, SchemaRegistry, SchemaStore};
use avrox::resolve::Evolve;
use avrox::{Avro, ErrorKind, Schema, Value};

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "org.apache.avro")]
struct TestMessage {
    id: i64,
    name: String,
    tags: Vec<String>,
}

#[test]
fn the_java_message_v1_decodes() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let dir = dir.join("data/messageV1");
    let message = std::fs::read(dir.join("test_message.bin")).unwrap();
    let schema =
        Schema::parse(&std::fs::read_to_string(dir.join("test_schema.avsc")).unwrap()).unwrap();

    let (fingerprint, _) = framing::single_object_fingerprint(&message).unwrap();
    assert_eq!(fingerprint, schema.rabin_fingerprint());

    let mut store = SchemaStore::new();
    store.add(schema);
    let value: Value = store.decode(&message).unwrap();
    assert_eq!(value.get("id"), Some(&Value::Long(42)));
    assert_eq!(value.get("name"), Some(&Value::from("Bill")));

    let expected = TestMessage {
        id: 42,
        name: "Bill".into(),
        tags: vec!["dog_lover".into(), "cat_hater".into()],
    };
    let typed: TestMessage = framing::from_single_object(&message).unwrap();
    assert_eq!(typed, expected);
    // And avrox writes the same bytes.
    assert_eq!(framing::to_single_object(&expected).unwrap(), message);
}

#[test]
fn single_object_round_trips_for_types_and_values() {
    let m = TestMessage {
        id: -3,
        name: "é".into(),
        tags: vec![],
    };
    let bytes = framing::to_single_object(&m).unwrap();
    assert_eq!(
        framing::from_single_object::<TestMessage>(&bytes).unwrap(),
        m
    );

    let schema = <TestMessage as avrox::AvroSchema>::schema();
    let value = avrox::to_value(&m);
    let from_value = framing::to_single_object(&value.with_schema(schema)).unwrap();
    assert_eq!(from_value, bytes);
    let mut store = SchemaStore::new();
    store.add_type::<TestMessage>();
    assert_eq!(store.len(), 1);
    assert_eq!(store.decode::<Value>(&bytes).unwrap(), value);
    assert_eq!(store.decode_with::<Value>(&bytes, schema).unwrap(), value);
}

/// A versioned type reads a message of its older version, and a type
/// with a `from` chain a message of the older type, each found by the
/// message's fingerprint among what the type can read.
#[test]
fn from_single_object_reads_what_the_type_can_read() {
    #[derive(Avro, Debug, PartialEq)]
    #[avro(version = 2)]
    struct Order {
        id: i64,
        #[avro(default, since = 2)]
        note: String,
    }
    let v1 = Order::history().version(1).unwrap().schema();
    let old = Value::record([("id", Value::Long(9))]);
    let message = framing::to_single_object(&old.with_schema(v1)).unwrap();
    let order: Order = framing::from_single_object(&message).unwrap();
    assert_eq!(
        order,
        Order {
            id: 9,
            note: String::new()
        }
    );

    #[derive(Avro, Debug)]
    struct Cents {
        cents: i64,
    }
    #[derive(Avro, Debug, PartialEq)]
    #[avro(from = Cents)]
    struct Price {
        amount: f64,
    }
    impl From<Cents> for Price {
        fn from(old: Cents) -> Price {
            Price {
                amount: old.cents as f64 / 100.0,
            }
        }
    }
    let message = framing::to_single_object(&Cents { cents: 250 }).unwrap();
    let price: Price = framing::from_single_object(&message).unwrap();
    assert_eq!(price, Price { amount: 2.5 });
    // The newer type's own message still reads, and the older type does
    // not read the newer one.
    let message = framing::to_single_object(&Price { amount: 1.0 }).unwrap();
    assert_eq!(
        framing::from_single_object::<Price>(&message).unwrap(),
        Price { amount: 1.0 }
    );
    let err = framing::from_single_object::<Cents>(&message).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnknownFingerprint(_)),
        "{err}"
    );
}

#[test]
fn an_unknown_fingerprint_is_named() {
    let bytes = framing::to_single_object(&5i64).unwrap();
    let err = framing::from_single_object::<TestMessage>(&bytes).unwrap_err();
    let fingerprint = <i64 as avrox::AvroSchema>::schema().rabin_fingerprint();
    assert_eq!(err.kind(), &ErrorKind::UnknownFingerprint(fingerprint));
    // Named as its bytes stand in the message (bytes 2..10), as Python avro
    // prints `avro.schema.parse('"long"').fingerprint().hex()`: the same text
    // as `avrox fingerprint` and the fingerprint's `Display`.
    assert_eq!(
        &bytes[2..10],
        [0xb7, 0x1d, 0xf4, 0x93, 0x44, 0xe1, 0x54, 0xd0]
    );
    assert_eq!(
        err.to_string(),
        "at byte 2: no schema with the CRC-64-AVRO fingerprint b71df49344e154d0 is known"
    );
    assert_eq!(fingerprint.to_string(), "b71df49344e154d0");
}

#[test]
fn damaged_single_object_messages_are_errors() {
    let good = framing::to_single_object(&TestMessage {
        id: 1,
        name: "x".into(),
        tags: vec!["a".into()],
    })
    .unwrap();
    let mut store = SchemaStore::new();
    store.add_type::<TestMessage>();
    for cut in 0..good.len() {
        assert!(
            store.decode::<TestMessage>(&good[..cut]).is_err(),
            "cut at {cut}"
        );
        assert!(store.decode::<Value>(&good[..cut]).is_err(), "cut at {cut}");
    }
    let mut trailing = good.clone();
    trailing.push(0);
    let err = store.decode::<TestMessage>(&trailing).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TrailingBytes(1)), "{err}");
    let mut wrong = good.clone();
    wrong[1] = 0x02;
    let err = store.decode::<TestMessage>(&wrong).unwrap_err();
    assert!(
        err.to_string().contains("not a single-object message"),
        "{err}"
    );
    // A string claiming 2^62 bytes.
    let mut hostile = good[..10].to_vec();
    hostile.extend_from_slice(&[0x02, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
    assert!(store.decode::<Value>(&hostile).is_err());
}

#[test]
fn confluent_round_trips_for_types_and_values() {
    let mut registry = MemoryRegistry::new();
    let other = registry.register("other-value", Schema::parse(r#""string""#).unwrap());
    let schema = <TestMessage as avrox::AvroSchema>::schema().clone();
    let id = registry.register("messages-value", schema.clone());
    assert_ne!(id, other);
    // The same schema again keeps its id, under any subject.
    assert_eq!(registry.register("copies-value", schema.clone()), id);
    assert_eq!(registry.versions("messages-value"), [id]);

    let m = TestMessage {
        id: 9,
        name: "n".into(),
        tags: vec!["t".into()],
    };
    let bytes = framing::to_confluent(&registry, "messages-value", &m).unwrap();
    assert_eq!(bytes[0], 0);
    assert_eq!(
        framing::confluent_schema_id(&bytes).unwrap(),
        (id, &avrox::to_vec(&m).unwrap()[..])
    );
    assert_eq!(
        framing::from_confluent::<TestMessage>(&registry, &bytes).unwrap(),
        m
    );

    let value = avrox::to_value(&m);
    let from_value =
        framing::to_confluent(&registry, "messages-value", &value.with_schema(&schema)).unwrap();
    assert_eq!(from_value, bytes);
    assert_eq!(
        framing::from_confluent::<Value>(&registry, &bytes).unwrap(),
        value
    );
    assert_eq!(
        framing::from_confluent_with::<Value>(&registry, &bytes, &schema).unwrap(),
        value
    );
    assert_eq!(
        registry.schema_by_id(id).unwrap().canonical_form(),
        schema.canonical_form()
    );
}

#[test]
fn confluent_errors() {
    let mut registry = MemoryRegistry::new();
    let m = TestMessage {
        id: 9,
        name: "n".into(),
        tags: vec![],
    };
    // Not registered under the subject.
    let err = framing::to_confluent(&registry, "messages-value", &m).unwrap_err();
    assert!(
        err.to_string()
            .contains("not registered under subject 'messages-value'"),
        "{err}"
    );
    let id = registry.register(
        "messages-value",
        <TestMessage as avrox::AvroSchema>::schema().clone(),
    );
    let bytes = framing::to_confluent(&registry, "messages-value", &m).unwrap();
    // An unknown id is named.
    let mut unknown = bytes.clone();
    unknown[1..5].copy_from_slice(&77u32.to_be_bytes());
    let err = framing::from_confluent::<TestMessage>(&registry, &unknown).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::UnknownSchemaId(77));
    assert!(err.to_string().contains("77"), "{err}");
    // A wrong magic byte, a short header, a cut datum.
    let mut wrong = bytes.clone();
    wrong[0] = 1;
    assert!(
        framing::from_confluent::<Value>(&registry, &wrong)
            .unwrap_err()
            .to_string()
            .contains("not a Confluent message")
    );
    for cut in 0..bytes.len() {
        assert!(
            framing::from_confluent::<TestMessage>(&registry, &bytes[..cut]).is_err(),
            "{cut}"
        );
    }
    // A record cannot be read as a long: the schemas do not resolve.
    let err = framing::from_confluent::<i64>(&registry, &bytes).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unresolvable(_)), "{err}");
    let _ = id;
}

#[test]
fn random_messages_never_panic() {
    let mut registry = MemoryRegistry::new();
    registry.register("s", <TestMessage as avrox::AvroSchema>::schema().clone());
    let mut store = SchemaStore::new();
    store.add_type::<TestMessage>();
    let fingerprint = <TestMessage as avrox::AvroSchema>::schema().rabin_fingerprint();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..5000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 40) as usize;
        let body: Vec<u8> = (0..len)
            .map(|i| (state >> (i % 8 * 8)) as u8 ^ i as u8)
            .collect();
        let mut single = vec![0xc3, 0x01];
        single.extend_from_slice(&fingerprint.to_le_bytes());
        single.extend_from_slice(&body);
        let _ = store.decode::<TestMessage>(&single);
        let _ = store.decode::<Value>(&single);
        let mut confluent = vec![0, 0, 0, 0, 1];
        confluent.extend_from_slice(&body);
        let _ = framing::from_confluent::<Value>(&registry, &confluent);
    }
}

/// A `Value` has no schema of its own: the one-datum writers refuse it
/// bare, say how to pair it, and write nothing.
#[test]
fn a_bare_value_is_refused_with_the_way_to_pair_it() {
    let value = Value::Long(1);
    let err = framing::to_single_object(&value).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a Value has no schema of its own: pass value.with_schema(&schema)"
    );
    let schema = Schema::parse(r#""long""#).unwrap();
    let mut registry = MemoryRegistry::new();
    registry.register("n-value", schema.clone());
    let err = framing::to_confluent(&registry, "n-value", &value).unwrap_err();
    assert!(err.to_string().contains("with_schema"), "{err}");
    // Paired, the same value writes the bytes the typed value does.
    assert_eq!(
        framing::to_confluent(&registry, "n-value", &value.with_schema(&schema)).unwrap(),
        framing::to_confluent(&registry, "n-value", &1i64).unwrap()
    );
}
