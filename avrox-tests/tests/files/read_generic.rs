//! Reading is one generic function per operation over `ReadDatum`, for
//! derived types and `Value`s: the JSON encoding (`from_json`, `from_str`
//! and their `_with` forms, `LinesReader::typed`), single-object messages
//! (`from_single_object`, `SchemaStore::decode`/`decode_with`), Confluent
//! messages (`from_confluent`/`from_confluent_with`,
//! `ConfluentReader::decode`/`decode_with`) and a container file's reader
//! schema. For each: a typed read, a `Value` read, a `Value` with no
//! schema (where one can be missing), a read resolved to an evolved reader
//! schema, and a derived type given a foreign reader schema.

use avrox::framing::{self, ConfluentReader, MemoryRegistry, SchemaStore};
use avrox::json::{self, LinesReader};
use avrox::ocf::{Reader, ReaderOptions, Writer};
use avrox::{Avro, AvroSchema, ErrorKind, Schema, Value};
use serde_json::json;

/// The first version of `Order`, as another program wrote it.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Order", namespace = "com.acme")]
struct OrderV1 {
    id: i64,
}

/// The current `Order`: a field added with a default.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "com.acme")]
struct Order {
    id: i64,
    #[avro(default = "web".to_string())]
    channel: String,
    #[avro(max = 1000)]
    #[avro(default)]
    qty: i32,
}

fn v1() -> Schema {
    OrderV1::schema().clone()
}

/// The evolved schema as a `Value` reader would be given it.
fn v2() -> Schema {
    Order::schema().clone()
}

fn order(id: i64) -> Order {
    Order {
        id,
        channel: "shop".into(),
        qty: 3,
    }
}

/// A schema of another record altogether.
fn stranger() -> Schema {
    Schema::parse(
        r#"{"type": "record", "name": "com.acme.Invoice", "fields": [
            {"name": "id", "type": "long"}]}"#,
    )
    .unwrap()
}

fn assert_own_schema_error(err: &avrox::Error) {
    assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err:#}");
    assert!(
        err.to_string()
            .contains("a derived type reads as its own schema"),
        "{err:#}"
    );
}

#[test]
fn json_reads_typed_and_values_with_one_function() {
    let text = json::to_string(&order(1)).unwrap();
    let tree: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Typed, with the type's own schema.
    assert_eq!(json::from_str::<Order>(&text).unwrap(), order(1));
    assert_eq!(json::from_json::<Order>(&tree).unwrap(), order(1));
    // The same through `_with` and the type's own schema.
    assert_eq!(
        json::from_str_with::<Order>(&text, &v2()).unwrap(),
        order(1)
    );
    // A `Value` is read as the schema it is given.
    let value: Value = json::from_json_with(&tree, &v2()).unwrap();
    assert_eq!(value, avrox::to_value(&order(1)));
    assert_eq!(json::from_str_with::<Value>(&text, &v2()).unwrap(), value);
    // Without one it is an error that says what to call.
    for err in [
        json::from_json::<Value>(&tree).unwrap_err(),
        json::from_str::<Value>(&text).unwrap_err(),
    ] {
        assert_eq!(
            err.to_string(),
            "a Value has no schema of its own: pass the schema it is \
             written in: json::from_json_with(json, &schema)"
        );
    }
}

#[test]
fn json_of_an_older_schema_resolves_into_the_type() {
    let old = json::to_string(&OrderV1 { id: 7 }).unwrap();
    assert_eq!(old, r#"{"id":7}"#);
    let order: Order = json::from_str_with(&old, &v1()).unwrap();
    assert_eq!(
        order,
        Order {
            id: 7,
            channel: "web".into(),
            qty: 0
        }
    );
    // A `Value` read as the older schema stays as it was written.
    let value: Value = json::from_str_with(&old, &v1()).unwrap();
    assert_eq!(value, Value::record([("id", Value::Long(7))]));
    // Read with its own schema, the older JSON lacks the new fields' values
    // only where they have no default: here both have, so it reads too.
    assert_eq!(json::from_str::<Order>(&old).unwrap(), order);
    // A schema that does not resolve into the type is an error.
    let err = json::from_json_with::<Order>(&json!({"id": 7}), &stranger()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unresolvable(_)), "{err:#}");
}

#[test]
fn json_of_another_schema_is_checked_and_placed_like_json() {
    // The type's constraints hold on the resolved path too.
    let writer = Schema::parse(
        r#"{"type": "record", "name": "com.acme.Order", "fields": [
            {"name": "id", "type": "long"}, {"name": "qty", "type": "int"}]}"#,
    )
    .unwrap();
    let err = json::from_json_with::<Order>(&json!({"id": 1, "qty": 5000}), &writer).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Validation(_)), "{err:#}");
    assert_eq!(err.report().unwrap().failures()[0].path(), "qty");
    // A writer's union branch the type cannot take fails that datum only,
    // with no byte offset: the bytes were avrox's own, not the user's.
    let union = Schema::parse(r#"["long", "string"]"#).unwrap();
    assert_eq!(
        json::from_json_with::<i64>(&json!({"long": 5}), &union).unwrap(),
        5
    );
    let err = json::from_json_with::<i64>(&json!({"string": "x"}), &union).unwrap_err();
    assert_eq!(err.offset(), None, "{err:#}");
    // In a stream of lines, such an error is placed at its line.
    let text = "{\"long\": 1}\n{\"string\": \"x\"}\n{\"long\": 3}\n";
    let read: Vec<_> = LinesReader::new(text.as_bytes(), union)
        .typed::<i64>()
        .collect();
    assert_eq!(read[0].as_ref().unwrap(), &1);
    let err = read[1].as_ref().unwrap_err();
    assert_eq!((err.line(), err.offset()), (Some(2), Some(12)));
    assert_eq!(read[2].as_ref().unwrap(), &3);
}

#[test]
fn json_lines_of_an_older_schema_read_typed() {
    let text = "{\"id\": 1}\n\n{\"id\": 2}\n";
    let orders: Vec<Order> = LinesReader::new(text.as_bytes(), v1())
        .typed()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(orders.iter().map(|o| o.id).collect::<Vec<_>>(), [1, 2]);
    assert!(orders.iter().all(|o| o.channel == "web"));
    // The same lines as values of the schema they are written in.
    let values: Vec<Value> = LinesReader::new(text.as_bytes(), v1())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(values[1], Value::record([("id", Value::Long(2))]));
    // Lines of a schema that does not resolve into the type: each line is
    // that error, placed at its line.
    let read: Vec<_> = LinesReader::new(text.as_bytes(), stranger())
        .typed::<Order>()
        .collect();
    assert_eq!(read.len(), 2);
    for (result, line) in read.iter().zip([1, 3]) {
        let err = result.as_ref().unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Unresolvable(_)), "{err:#}");
        assert_eq!(err.line(), Some(line));
    }
}

#[test]
fn single_object_messages_read_with_one_function() {
    let message = framing::to_single_object(&order(2)).unwrap();
    let old = framing::to_single_object(&OrderV1 { id: 9 }).unwrap();
    // Typed: the type's own schemas.
    assert_eq!(
        framing::from_single_object::<Order>(&message).unwrap(),
        order(2)
    );
    // A `Value` has no schema of its own: the error says to use a store.
    let err = framing::from_single_object::<Value>(&message).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a Value has no schema of its own: add the schemas messages are \
         written with to a SchemaStore and use store.decode(message)"
    );

    let mut store = SchemaStore::new();
    store.add(v1());
    store.add(v2());
    assert_eq!(store.decode::<Order>(&message).unwrap(), order(2));
    assert_eq!(
        store.decode_with::<Order>(&message, &v2()).unwrap(),
        order(2)
    );
    // A `Value` as the writer's schema, or resolved to an evolved one.
    let as_written: Value = store.decode(&old).unwrap();
    assert_eq!(as_written, Value::record([("id", Value::Long(9))]));
    let as_v2: Value = store.decode_with(&old, &v2()).unwrap();
    assert_eq!(as_v2.get("channel"), Some(&Value::from("web")));
    // The plan for one reader schema is not used for another.
    assert_eq!(store.decode::<Value>(&old).unwrap(), as_written);
    // A derived type given a foreign reader schema refuses it.
    assert_own_schema_error(&store.decode_with::<Order>(&old, &v1()).unwrap_err());
    assert_own_schema_error(
        &store
            .decode_with::<Order>(&message, &stranger())
            .unwrap_err(),
    );
}

#[test]
fn confluent_messages_read_with_one_function() {
    let mut registry = MemoryRegistry::new();
    registry.register("orders-value", v1());
    registry.register("orders-value", v2());
    let message = framing::to_confluent(&registry, "orders-value", &order(3)).unwrap();
    let old = framing::to_confluent(&registry, "orders-value", &OrderV1 { id: 4 }).unwrap();

    // The function.
    assert_eq!(
        framing::from_confluent::<Order>(&registry, &message).unwrap(),
        order(3)
    );
    assert_eq!(
        framing::from_confluent::<Value>(&registry, &old).unwrap(),
        Value::record([("id", Value::Long(4))])
    );
    let as_v2: Value = framing::from_confluent_with(&registry, &old, &v2()).unwrap();
    assert_eq!(as_v2.get("channel"), Some(&Value::from("web")));
    assert_eq!(
        framing::from_confluent_with::<Order>(&registry, &old, &v2()).unwrap(),
        Order {
            id: 4,
            channel: "web".into(),
            qty: 0
        }
    );
    assert_own_schema_error(
        &framing::from_confluent_with::<Order>(&registry, &message, &v1()).unwrap_err(),
    );

    // The reader of a stream.
    let reader = ConfluentReader::new(registry);
    assert_eq!(reader.decode::<Order>(&message).unwrap(), order(3));
    assert_eq!(
        reader.decode_with::<Order>(&message, &v2()).unwrap(),
        order(3)
    );
    let as_v2: Value = reader.decode_with(&old, &v2()).unwrap();
    assert_eq!(as_v2.get("qty"), Some(&Value::Int(0)));
    assert_eq!(
        reader.decode::<Value>(&old).unwrap(),
        Value::record([("id", Value::Long(4))])
    );
    assert_own_schema_error(&reader.decode_with::<Order>(&old, &stranger()).unwrap_err());
}

#[test]
fn a_typed_file_reader_refuses_a_foreign_reader_schema() {
    let mut w = Writer::<OrderV1, _>::new(Vec::new()).unwrap();
    w.append(&OrderV1 { id: 5 }).unwrap();
    let file = w.finish().unwrap();
    // The type's own schema is what it reads as anyway.
    let own = ReaderOptions::new().reader_schema(v2());
    let orders: Vec<Order> = Reader::<Order, _>::with_options(&file[..], own.clone())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(orders[0].channel, "web");
    let values: Vec<Value> = Reader::<Value, _>::with_options(&file[..], own)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(values[0].get("channel"), Some(&Value::from("web")));
    // Another schema is refused when the reader is made, not ignored.
    let foreign = ReaderOptions::new().reader_schema(v1());
    let err = Reader::<Order, _>::with_options(&file[..], foreign).unwrap_err();
    assert_own_schema_error(&err);
}
