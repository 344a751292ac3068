//! Old `events` data read into serde types: the cost of resolution
//! through `avrox::serde::Plan`, set against a plain serde read of the
//! same records and the derived type's resolution. For instruction
//! counts under callgrind:
//!
//! ```text
//! cargo build --release -p avrox-benches --bin serde_resolve
//! valgrind --tool=callgrind --toggle-collect='serde_resolve::measured' \
//!     target/release/serde_resolve steps      # or plain, derived
//! ```
//!
//! The evolution: the writer had `user_id` as an int and a string field
//! `legacy`; the reader (the benches' `Event` with one field more)
//! promotes `user_id` to long, drops `legacy` and adds `source`, a
//! string with the default `"web"`. The records are the `events`
//! dataset's, user ids cut to 31 bits (what an int held). `measured`
//! reads them all twice; divide callgrind's count by twice the records.

use std::collections::BTreeMap;
use std::hint::black_box;

use avrox::resolve::TypedPlan;
use avrox::{Avro, AvroSchema, Schema, ToValue, Value};
use avrox_benches::SEED;
use avrox_benches::events::{EventType, events};
use serde::Deserialize;

/// The reader's event: the benches' `Event` and `source`.
#[derive(Avro, Deserialize, Debug, PartialEq)]
#[avro(name = "Event", namespace = "avrox.bench")]
struct EventV2 {
    user_id: i64,
    event_type: EventType,
    timestamp: i64,
    session_id: Option<String>,
    metadata: BTreeMap<String, String>,
    #[avro(default = "web".to_string())]
    source: String,
}

/// The writer's schema: `user_id` an int, `legacy` a string, no
/// `source`.
fn writer_schema() -> Schema {
    Schema::parse(&format!(
        r#"{{"type": "record", "name": "Event", "namespace": "avrox.bench", "fields": [
            {{"name": "user_id", "type": "int"}},
            {{"name": "event_type", "type": {}}},
            {{"name": "timestamp", "type": "long"}},
            {{"name": "legacy", "type": "string"}},
            {{"name": "session_id", "type": ["null", "string"]}},
            {{"name": "metadata", "type": {{"type": "map", "values": "string"}}}}]}}"#,
        EventType::schema()
    ))
    .expect("the writer's schema parses")
}

/// The datums as the writer wrote them, and the same records written with
/// the reader's schema (for the plain read).
fn datums(writer: &Schema, n: usize) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let plan = avrox::resolve::Plan::new(writer, EventV2::schema()).expect("the schemas resolve");
    events(n, SEED)
        .iter()
        .map(|e| {
            let Value::Record(fields) = e.to_value() else {
                unreachable!("an event is a record")
            };
            let field = |name: &str| {
                fields
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .expect("the event has the field")
            };
            let old = Value::record([
                (
                    "user_id",
                    Value::Int((e.user_id & i64::from(i32::MAX)) as i32),
                ),
                ("event_type", field("event_type")),
                ("timestamp", field("timestamp")),
                ("legacy", Value::from("client-7")),
                ("session_id", field("session_id")),
                ("metadata", field("metadata")),
            ])
            .to_bytes(writer)
            .expect("the old event encodes");
            let new = plan
                .decode(&old)
                .and_then(|v| v.to_bytes(EventV2::schema()))
                .expect("the old event resolves");
            (old, new)
        })
        .unzip()
}

#[derive(Clone, Copy)]
enum Path {
    /// `avrox::serde::Plan::decode` of the writer's datums.
    Steps,
    /// `avrox::serde::from_slice` of the reader's datums.
    Plain,
    /// `TypedPlan::<EventV2>::decode` of the writer's datums.
    Derived,
}

struct Inputs {
    old: Vec<Vec<u8>>,
    new: Vec<Vec<u8>>,
    plan: avrox::serde::Plan,
    typed: TypedPlan<EventV2>,
}

/// What callgrind counts: [`read_all`] called from here only.
#[inline(never)]
fn measured(path: Path, inputs: &Inputs) -> usize {
    read_all(path, inputs)
}

/// Reads every datum by `path`.
#[inline(never)]
fn read_all(path: Path, inputs: &Inputs) -> usize {
    let mut n = 0;
    let mut seen = |e: EventV2| n += e.metadata.len() + e.source.len() + e.user_id as usize;
    match path {
        Path::Steps => {
            for d in &inputs.old {
                seen(inputs.plan.decode(d).expect("resolves"));
            }
        }
        Path::Plain => {
            for d in &inputs.new {
                seen(avrox::serde::from_slice(d, EventV2::schema()).expect("decodes"));
            }
        }
        Path::Derived => {
            for d in &inputs.old {
                seen(inputs.typed.decode(d).expect("resolves"));
            }
        }
    }
    n
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = match args.next().as_deref() {
        Some("steps") => Path::Steps,
        Some("plain") => Path::Plain,
        Some("derived") => Path::Derived,
        _ => {
            eprintln!("usage: serde_resolve steps|plain|derived [RECORDS]");
            std::process::exit(2);
        }
    };
    let records = args
        .next()
        .map_or(1_000, |n| n.parse().expect("RECORDS is a number"));
    let writer = writer_schema();
    let (old, new) = datums(&writer, records);
    let inputs = Inputs {
        plan: avrox::serde::Plan::new(&writer, EventV2::schema()).expect("the schemas resolve"),
        typed: TypedPlan::new(&writer).expect("the schemas resolve"),
        old,
        new,
    };
    // Every path reads the same events (and warms the allocator).
    let check = read_all(Path::Steps, &inputs);
    assert_eq!(read_all(Path::Plain, &inputs), check);
    assert_eq!(read_all(Path::Derived, &inputs), check);
    let runs = [measured(path, &inputs), measured(path, &inputs)];
    black_box(runs);
    println!(
        "{records} records, {} bytes as written; `measured` read them twice: \
         divide its count by {} for one datum",
        inputs.old.iter().map(Vec::len).sum::<usize>(),
        2 * records
    );
}
