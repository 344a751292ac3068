//! What a versioned type can read, and how it learns which version wrote
//! its data:
//!
//! - older versions are built from the schema's model, so a named type
//!   first defined in a field that a version lacks moves to its next use
//!   (or disappears with the field);
//! - a single-object store that knows a type knows its `from`/`try_from`
//!   chain's schemas too;
//! - a writer schema with a version's fields in another order is that
//!   version, for the `migrate` hook;
//! - a record holding a versioned type reads data written when that type
//!   was at an older version.

use std::collections::BTreeMap;
use std::process::Command;

use avrox::framing::{SchemaStore, to_single_object};
use avrox::ocf::{Reader, Writer};
use avrox::resolve::{Evolve, Resolver, TypedPlan};
use avrox::{Avro, AvroSchema, Schema, Value};
use avrox_tests::interop::peers::{self, Peer};

// ---------------------------------------------------------------------------
// Item 1: a `since` field that first uses a named type
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, Default, Clone, PartialEq)]
struct Addr {
    city: String,
}

/// `home` is the first use of `Addr`, and is newer than `work`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(version = 2)]
struct P {
    #[avro(default, since = 2)]
    home: Option<Addr>,
    work: Option<Addr>,
}

#[test]
fn a_named_type_first_defined_in_a_newer_field_moves_to_its_next_use() {
    let history = P::history();
    assert_eq!(history.versions().len(), 2);
    assert_eq!(
        history.version(1).unwrap().schema().canonical_form(),
        r#"{"name":"P","type":"record","fields":[{"name":"work","type":["null",{"name":"Addr","type":"record","fields":[{"name":"city","type":"string"}]}]}]}"#
    );
    assert_eq!(history.latest().unwrap().schema(), P::schema());
}

#[test]
fn a_file_and_a_store_of_such_a_type_read() {
    let p = P {
        home: Some(Addr {
            city: "Oslo".into(),
        }),
        work: None,
    };
    let mut w = Writer::<P, _>::new(Vec::new()).unwrap();
    w.append(&p).unwrap();
    let file = w.finish().unwrap();
    let read: Vec<P> = Reader::<P, _>::new(&file[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, std::slice::from_ref(&p));

    let mut store = SchemaStore::new();
    store.add_type::<P>();
    assert_eq!(store.len(), 2);
    let message = to_single_object(&p).unwrap();
    assert_eq!(store.decode::<P>(&message).unwrap(), p);

    // Version 1 data: `work` only.
    let v1 = P::history().version(1).unwrap().schema();
    let bytes = Value::record([(
        "work",
        Value::Union(1, Box::new(Value::record([("city", Value::from("Rome"))]))),
    )])
    .to_bytes(v1)
    .unwrap();
    let old: P = Resolver::new().decode(&bytes, v1).unwrap();
    assert_eq!(
        old,
        P {
            home: None,
            work: Some(Addr {
                city: "Rome".into()
            })
        }
    );
}

#[derive(Avro, Debug, Default, Clone, PartialEq)]
struct Tag {
    label: String,
}

#[derive(Avro, Debug, Default, Clone, PartialEq)]
enum Colour {
    #[default]
    Red,
    Green,
}

#[derive(Avro, Debug, Default, Clone, PartialEq)]
struct Meta {
    tag: Tag,
    colour: Colour,
}

#[derive(Avro, Debug, Default, Clone, PartialEq)]
struct OnlyNew {
    n: i32,
}

/// Named types first defined deep inside fields that version 1 lacks
/// (a nested record, an array, a map, a union), one of them used again
/// later, one (`OnlyNew`) used only by a removed field, and a renamed field
/// that uses a type defined in a removed one.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(version = 3)]
struct Deep {
    #[avro(default, since = 2)]
    meta: Meta,
    #[avro(default, since = 3)]
    tags: Vec<Tag>,
    #[avro(default, since = 2)]
    by_colour: BTreeMap<String, Colour>,
    #[avro(default, since = 3)]
    only_new: Option<OnlyNew>,
    #[avro(alias = "labels", renamed_in = 3)]
    tag_list: Vec<Tag>,
    colour: Colour,
}

#[test]
fn definitions_move_out_of_nested_removed_fields_and_unused_types_go() {
    let history = Deep::history();
    let v1 = history.version(1).unwrap().schema();
    assert_eq!(
        v1.canonical_form(),
        concat!(
            r#"{"name":"Deep","type":"record","fields":["#,
            r#"{"name":"labels","type":{"type":"array","items":{"name":"Tag","type":"record","fields":[{"name":"label","type":"string"}]}}},"#,
            r#"{"name":"colour","type":{"name":"Colour","type":"enum","symbols":["Red","Green"]}}]}"#
        )
    );
    for gone in ["Meta", "OnlyNew"] {
        assert!(v1.lookup(gone).is_none(), "{gone} is in {v1}");
    }
    let v2 = history.version(2).unwrap().schema();
    assert_eq!(
        v2.canonical_form(),
        concat!(
            r#"{"name":"Deep","type":"record","fields":["#,
            r#"{"name":"meta","type":{"name":"Meta","type":"record","fields":[{"name":"tag","type":{"name":"Tag","type":"record","fields":[{"name":"label","type":"string"}]}},{"name":"colour","type":{"name":"Colour","type":"enum","symbols":["Red","Green"]}}]}},"#,
            r#"{"name":"by_colour","type":{"type":"map","values":"Colour"}},"#,
            r#"{"name":"labels","type":{"type":"array","items":"Tag"}},"#,
            r#"{"name":"colour","type":"Colour"}]}"#
        )
    );
    assert!(v2.lookup("OnlyNew").is_none());

    // Data of version 1 reads.
    let bytes = Value::record([
        (
            "labels",
            Value::array(vec![Value::record([("label", Value::from("a"))])]),
        ),
        ("colour", Value::Enum(1, "Green".into())),
    ])
    .to_bytes(v1)
    .unwrap();
    let deep: Deep = Resolver::new().decode(&bytes, v1).unwrap();
    assert_eq!(deep.tag_list, [Tag { label: "a".into() }]);
    assert_eq!(deep.colour, Colour::Green);
    assert_eq!(deep.meta, Meta::default());
}

// ---------------------------------------------------------------------------
// Item 2: a store knows a type's `from`/`try_from` chain
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, Clone, PartialEq)]
struct PriceCents {
    cents: i64,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(try_from = PriceCents)]
struct Price {
    amount: f64,
}

impl TryFrom<PriceCents> for Price {
    type Error = String;
    fn try_from(old: PriceCents) -> Result<Price, String> {
        if old.cents < 0 {
            return Err(format!("negative price {}", old.cents));
        }
        Ok(Price {
            amount: old.cents as f64 / 100.0,
        })
    }
}

#[test]
fn a_store_of_a_type_reads_messages_of_its_chain() {
    let readable = Price::readable_schemas();
    assert_eq!(
        readable
            .iter()
            .map(|s| s.canonical_form())
            .collect::<Vec<_>>(),
        [
            Price::schema().canonical_form(),
            PriceCents::schema().canonical_form()
        ]
    );

    let mut store = SchemaStore::new();
    store.add_type::<Price>();
    let message = to_single_object(&PriceCents { cents: 250 }).unwrap();
    let price: Price = store.decode(&message).unwrap();
    assert_eq!(price, Price { amount: 2.5 });

    // The same schemas in a container file and through a resolver.
    let mut w = Writer::<PriceCents, _>::new(Vec::new()).unwrap();
    w.append(&PriceCents { cents: 100 }).unwrap();
    let file = w.finish().unwrap();
    let read: Vec<Price> = Reader::<Price, _>::new(&file[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, [Price { amount: 1.0 }]);
    let bytes = avrox::to_vec(&PriceCents { cents: 5 }).unwrap();
    let price = Resolver::<Price>::new()
        .decode(&bytes, PriceCents::schema())
        .unwrap();
    assert_eq!(price, Price { amount: 0.05 });
}

// ---------------------------------------------------------------------------
// Item 3: a writer's version with its fields in another order
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(version = 3, migrate = upgrade)]
struct Account {
    id: i64,
    #[avro(alias = "mail", renamed_in = 2)]
    email: String,
    #[avro(default = "member".to_string(), since = 2)]
    role: String,
    #[avro(default, since = 3)]
    notes: String,
}

fn upgrade(mut account: Account, from: Option<u32>) -> Result<Account, String> {
    account.notes = format!("from {from:?}");
    Ok(account)
}

/// Version 2 as another producer wrote it: the same fields, in another
/// order, with a doc.
const REORDERED_V2: &str = r#"{"type": "record", "name": "Account", "doc": "from Python",
    "fields": [
        {"name": "role", "type": "string"},
        {"name": "email", "type": "string"},
        {"name": "id", "type": "long"}]}"#;

#[test]
fn a_reordered_version_is_that_version_for_the_hook() {
    let writer = Schema::parse(REORDERED_V2).unwrap();
    let plan = TypedPlan::<Account>::new(&writer).unwrap();
    assert_eq!(plan.writer_version(), Some(2));
    let bytes = Value::record([
        ("role", Value::from("admin")),
        ("email", Value::from("a@b.c")),
        ("id", Value::Long(7)),
    ])
    .to_bytes(&writer)
    .unwrap();
    let account = plan.decode(&bytes).unwrap();
    assert_eq!(account.notes, "from Some(2)");
    assert_eq!(account.role, "admin");

    // v1 reordered, with its old field name.
    let v1 = Schema::parse(
        r#"{"type": "record", "name": "Account", "fields": [
            {"name": "mail", "type": "string"}, {"name": "id", "type": "long"}]}"#,
    )
    .unwrap();
    assert_eq!(
        TypedPlan::<Account>::new(&v1).unwrap().writer_version(),
        Some(1)
    );
    // Fields of no version: no version.
    let other = Schema::parse(
        r#"{"type": "record", "name": "Account", "fields": [
            {"name": "id", "type": "long"}, {"name": "email", "type": "string"},
            {"name": "nickname", "type": "string"}]}"#,
    )
    .unwrap();
    assert_eq!(
        TypedPlan::<Account>::new(&other).unwrap().writer_version(),
        None
    );
    // The record's name counts too.
    let renamed = Schema::parse(&REORDERED_V2.replace("\"Account\"", "\"Other\"")).unwrap();
    assert!(Account::history().identify(&renamed).is_none());
}

#[test]
fn a_python_avro_file_with_reordered_fields_is_that_version() {
    if !peers::available(Peer::PythonAvro) {
        return;
    }
    let path = std::env::temp_dir().join(format!("avrox-accounts-{}.avro", std::process::id()));
    let script = format!(
        r#"
import avro.schema, avro.datafile, avro.io
schema = avro.schema.parse('''{REORDERED_V2}''')
with open({path:?}, "wb") as out:
    writer = avro.datafile.DataFileWriter(out, avro.io.DatumWriter(), schema)
    writer.append({{"role": "admin", "email": "py@example.org", "id": 9}})
    writer.close()
"#,
        path = path.to_str().unwrap()
    );
    let output = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".into()))
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let accounts: Vec<Account> = Reader::<Account, _>::open(&path)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        accounts,
        [Account {
            id: 9,
            email: "py@example.org".into(),
            role: "admin".into(),
            notes: "from Some(2)".into(),
        }]
    );
}

/// An older type with the new type's name and field names, and another
/// meaning: its exact schema goes through the chain, although the new
/// type's version 1 has the same fields.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Amount")]
struct AmountCents {
    value: i64,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(from = AmountCents)]
struct Amount {
    value: f64,
}

impl From<AmountCents> for Amount {
    fn from(old: AmountCents) -> Amount {
        Amount {
            value: old.value as f64 / 100.0,
        }
    }
}

#[test]
fn an_exact_schema_of_the_chain_wins_over_a_version_with_its_fields() {
    let bytes = avrox::to_vec(&AmountCents { value: 250 }).unwrap();
    let plan = TypedPlan::<Amount>::new(AmountCents::schema()).unwrap();
    assert_eq!(plan.writer_version(), None);
    assert_eq!(plan.decode(&bytes).unwrap(), Amount { value: 2.5 });
    // Its fields in another order would be the new type's version: with
    // one field there is no other order, so a doc-only change stays exact.
    let documented = Schema::parse(
        r#"{"type": "record", "name": "Amount", "doc": "cents",
            "fields": [{"name": "value", "type": "long"}]}"#,
    )
    .unwrap();
    let plan = TypedPlan::<Amount>::new(&documented).unwrap();
    assert_eq!(plan.decode(&bytes).unwrap(), Amount { value: 2.5 });
}

// ---------------------------------------------------------------------------
// Item 4: versioned types nested in other types
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(version = 2)]
struct Inner {
    a: i32,
    #[avro(default, since = 2)]
    b: i32,
}

/// Version 1 of `Inner`, as it was written then.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Inner")]
struct InnerV1 {
    a: i32,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(version = 3)]
struct Other {
    x: String,
    #[avro(default, since = 2)]
    y: String,
    #[avro(default, since = 3)]
    z: String,
}

#[derive(Avro, Debug, Clone, PartialEq)]
struct Outer {
    id: i32,
    inner: Inner,
    others: Vec<Other>,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Outer")]
struct OuterOld {
    id: i32,
    inner: InnerV1,
    others: Vec<Other>,
}

#[test]
fn a_record_reads_data_of_its_nested_types_older_versions() {
    // 2 versions of Inner × 3 of Other: 6 schemas, one of them the current.
    let readable = Outer::readable_schemas();
    assert_eq!(readable.len(), 6);
    assert_eq!(readable[0], Outer::schema());
    assert!(
        readable
            .iter()
            .any(|s| s.canonical_form() == OuterOld::schema().canonical_form())
    );
    let variant = Outer::history()
        .find(OuterOld::schema())
        .expect("Inner at version 1 is readable");
    assert_eq!(variant.number(), 1);
    assert_eq!(variant.nested(), [("Inner".to_string(), 1)]);

    let old = OuterOld {
        id: 1,
        inner: InnerV1 { a: 5 },
        others: vec![Other {
            x: "x".into(),
            y: "y".into(),
            z: "z".into(),
        }],
    };
    let mut store = SchemaStore::new();
    store.add_type::<Outer>();
    assert_eq!(store.len(), 6);
    let message = to_single_object(&old).unwrap();
    let outer: Outer = store.decode(&message).unwrap();
    assert_eq!(outer.inner, Inner { a: 5, b: 0 });
    assert_eq!(outer.others, old.others);
}

#[test]
fn too_many_nested_combinations_vary_one_type_at_a_time() {
    // Nine versioned parts of two versions each (512 combinations) are
    // more than the cap: each is varied alone.
    #[derive(Avro, Debug, Clone, PartialEq)]
    struct Many {
        i0: I0,
        i1: I1,
        i2: I2,
        i3: I3,
        i4: I4,
        i5: I5,
        i6: I6,
        i7: I7,
        i8: I8,
    }
    macro_rules! parts {
        ($($t:ident),*) => {$(
            #[derive(Avro, Debug, Clone, PartialEq)]
            #[avro(version = 2)]
            struct $t {
                #[avro(default, since = 2)]
                v: i32,
            }
        )*};
    }
    parts!(I0, I1, I2, I3, I4, I5, I6, I7, I8);
    assert_eq!(Many::readable_schemas().len(), 1 + 9);
}

/// A history made of no schemas has no latest version and nothing to
/// check; before, both panicked ("a history has a version").
#[test]
fn an_empty_history_has_no_latest_version() {
    use avrox::resolve::{Compatibility, SchemaHistory};
    let empty = SchemaHistory::new(Vec::<Schema>::new());
    assert!(empty.latest().is_none());
    assert!(empty.check(Compatibility::Full).is_ok());
    assert!(empty.version(1).is_none());
    assert!(empty.identify(P::schema()).is_none());
}
