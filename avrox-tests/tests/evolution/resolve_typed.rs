//! Resolution into derived and standard types: the rule table again, each
//! case decoded straight into Rust values (no `Value` in between) and
//! compared with the generic path's answer.

use std::collections::{BTreeMap, HashMap};

use avrox::from_slice_with_writer;
use avrox::resolve::{Evolve, Plan, Resolver, TypedPlan};
use avrox::{Avro, AvroSchema, ErrorKind, FromValue, Value};
use avrox_tests::schema;

/// Writes `value` with `writer`, decodes it as `T` through a plan, and
/// checks the generic path agrees.
fn typed<T>(writer: &str, value: Value) -> T
where
    T: for<'de> avrox::Decode<'de> + AvroSchema + FromValue + PartialEq + std::fmt::Debug,
{
    let w = schema(writer);
    let bytes = value.to_bytes(&w).unwrap();
    let got: T = from_slice_with_writer(&bytes, &w).unwrap_or_else(|e| panic!("{writer}: {e}"));
    let generic = Plan::new(&w, T::schema()).unwrap().decode(&bytes).unwrap();
    assert_eq!(
        T::from_value(generic).unwrap(),
        got,
        "{writer}: typed and generic disagree"
    );
    got
}

#[test]
fn promotions_into_std_types() {
    assert_eq!(typed::<i64>("\"int\"", Value::Int(-5)), -5);
    assert_eq!(typed::<u32>("\"int\"", Value::Int(5)), 5);
    assert_eq!(typed::<f32>("\"int\"", Value::Int(7)), 7.0);
    assert_eq!(
        typed::<f32>("\"long\"", Value::Long(1 << 40)),
        1099511627776.0
    );
    assert_eq!(typed::<f64>("\"long\"", Value::Long(3)), 3.0);
    assert_eq!(
        typed::<f64>("\"float\"", Value::Float(0.1)),
        0.10000000149011612
    );
    assert_eq!(
        typed::<String>("\"bytes\"", Value::Bytes(b"abc".to_vec())),
        "abc"
    );
    assert_eq!(
        typed::<Vec<u8>>("\"string\"", Value::from("hé")),
        "hé".as_bytes()
    );
    assert_eq!(
        typed::<Vec<i64>>(
            r#"{"type":"array","items":"int"}"#,
            Value::array(vec![Value::Int(1), Value::Int(2)])
        ),
        [1, 2]
    );
    assert_eq!(
        typed::<HashMap<String, f64>>(
            r#"{"type":"map","values":"int"}"#,
            Value::map([("k", Value::Int(1))])
        ),
        HashMap::from([("k".to_string(), 1.0)])
    );
    assert_eq!(
        typed::<Option<i64>>(
            r#"["null","int"]"#,
            Value::Union(1, Box::new(Value::Int(4)))
        ),
        Some(4)
    );
    assert_eq!(typed::<Option<i64>>("\"int\"", Value::Int(4)), Some(4));
    assert_eq!(typed::<Option<i64>>("\"null\"", Value::Null), None);
    assert_eq!(
        typed::<i64>(
            r#"["int","long"]"#,
            Value::Union(0, Box::new(Value::Int(9)))
        ),
        9
    );
    // Types that know only their own encoding read promotions whose bytes
    // are already theirs: an int as a timestamp's long, bytes as a UUID's
    // string.
    let w = schema("\"int\"");
    let at: chrono::DateTime<chrono::Utc> =
        from_slice_with_writer(&Value::Int(1_000_000).to_bytes(&w).unwrap(), &w).unwrap();
    assert_eq!(at.timestamp(), 1);
    let w = schema("\"bytes\"");
    let text = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    let id: avrox::value::Uuid =
        from_slice_with_writer(&Value::Bytes(text.into()).to_bytes(&w).unwrap(), &w).unwrap();
    assert_eq!(id.to_string(), text);
    // A writer type that does not resolve is refused before any byte is read.
    let w = schema("\"float\"");
    let err = from_slice_with_writer::<avrox::value::Uuid>(&[0, 0, 0, 0], &w).unwrap_err();
    assert!(format!("{err:#}").contains("cannot be read"), "{err:#}");
    // A range check still applies after a promotion.
    let w = schema("\"int\"");
    let err = from_slice_with_writer::<u32>(&Value::Int(-1).to_bytes(&w).unwrap(), &w).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::OutOfRange { .. }), "{err}");
    // A demotion is refused when the plan is compiled.
    let err = from_slice_with_writer::<i32>(&[0x02], &schema("\"long\"")).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "schemas do not resolve: writer long cannot be read as int: Avro only widens numbers; read it as long (i64 in Rust), float or double"
    );
}

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "shop")]
struct Line {
    sku: String,
    qty: i64,
    #[avro(default = 1.0)]
    weight: f64,
    #[avro(default, alias = "remark")]
    note: Option<String>,
}

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "shop", alias = "Basket")]
struct Order {
    id: i64,
    lines: Vec<Line>,
    labels: BTreeMap<String, i64>,
    #[avro(default)]
    status: Status,
    payment: Payment,
    #[avro(default)]
    coupon: Option<String>,
}

#[derive(Avro, Debug, PartialEq, Default, Clone, Copy)]
#[avro(namespace = "shop")]
enum Status {
    #[default]
    #[avro(default)]
    Unknown,
    Open,
    Shipped,
}

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "shop")]
enum Payment {
    Card { last4: String },
    Cash(i64),
}

const OLD_ORDER: &str = r#"{"type":"record","name":"Basket","namespace":"legacy","fields":[
    {"name":"labels","type":{"type":"map","values":"int"}},
    {"name":"audit","type":{"type":"array","items":{"type":"record","name":"Audit","fields":[
        {"name":"who","type":"string"},{"name":"at","type":"long"}]}}},
    {"name":"id","type":"int"},
    {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[
        {"name":"qty","type":"int"},
        {"name":"remark","type":["null","string"]},
        {"name":"sku","type":"bytes"}]}}},
    {"name":"status","type":{"type":"enum","name":"Status","symbols":["Open","Returned","Shipped"]}},
    {"name":"payment","type":["long",
        {"type":"record","name":"Card","fields":[{"name":"last4","type":"string"}]}]}
]}"#;

fn old_order(status: (u32, &str), payment: Value) -> Value {
    Value::record([
        ("labels", Value::map([("a", Value::Int(1))])),
        (
            "audit",
            Value::array(vec![Value::record([
                ("who", Value::from("x")),
                ("at", Value::Long(5)),
            ])]),
        ),
        ("id", Value::Int(7)),
        (
            "lines",
            Value::array(vec![Value::record([
                ("qty", Value::Int(2)),
                ("remark", Value::Union(1, Box::new(Value::from("gift")))),
                ("sku", Value::Bytes(b"A-1".to_vec())),
            ])]),
        ),
        ("status", Value::Enum(status.0, status.1.into())),
        ("payment", payment),
    ])
}

#[test]
fn derived_records_enums_and_unions_resolve() {
    let order: Order = typed(
        OLD_ORDER,
        old_order(
            (2, "Shipped"),
            Value::Union(1, Box::new(Value::record([("last4", Value::from("4242"))]))),
        ),
    );
    assert_eq!(
        order,
        Order {
            id: 7,
            lines: vec![Line {
                sku: "A-1".into(),
                qty: 2,
                weight: 1.0,
                note: Some("gift".into()),
            }],
            labels: BTreeMap::from([("a".into(), 1)]),
            status: Status::Shipped,
            payment: Payment::Card {
                last4: "4242".into()
            },
            coupon: None,
        }
    );
    // A symbol the reader lacks takes the enum's default; a long payment
    // goes to the Cash branch.
    let order: Order = typed(
        OLD_ORDER,
        old_order((1, "Returned"), Value::Union(0, Box::new(Value::Long(300)))),
    );
    assert_eq!(order.status, Status::Unknown);
    assert_eq!(order.payment, Payment::Cash(300));
}

#[derive(Avro, Debug, PartialEq)]
struct Tree {
    value: i64,
    children: Vec<Tree>,
    next: Option<Box<Tree>>,
    #[avro(default = "leaf".to_string())]
    label: String,
}

#[test]
fn recursive_derived_types_resolve() {
    let writer = r#"{"type":"record","name":"Tree","fields":[
        {"name":"value","type":"int"},
        {"name":"children","type":{"type":"array","items":"Tree"}},
        {"name":"next","type":["null","Tree"]}]}"#;
    let null = || Value::Union(0, Box::new(Value::Null));
    let leaf = |v| {
        Value::record([
            ("value", Value::Int(v)),
            ("children", Value::array(vec![])),
            ("next", null()),
        ])
    };
    let tree: Tree = typed(
        writer,
        Value::record([
            ("value", Value::Int(1)),
            ("children", Value::array(vec![leaf(2), leaf(3)])),
            ("next", Value::Union(1, Box::new(leaf(4)))),
        ]),
    );
    assert_eq!(tree.children.len(), 2);
    assert_eq!(tree.children[1].value, 3);
    assert_eq!(tree.next.as_ref().unwrap().value, 4);
    assert_eq!(tree.label, "leaf");
}

#[test]
fn same_schema_takes_the_plain_decoder() {
    let plan = TypedPlan::<Order>::new(Order::schema()).unwrap();
    assert!(plan.is_identity());
    assert_eq!(plan.writer_version(), Some(1));
    let plan = TypedPlan::<Order>::new(&schema(OLD_ORDER)).unwrap();
    assert!(!plan.is_identity());
    assert_eq!(plan.writer_version(), None);
}

#[test]
fn resolver_caches_a_plan_per_writer_schema() {
    let w = schema(OLD_ORDER);
    let bytes = old_order((0, "Open"), Value::Union(0, Box::new(Value::Long(1))))
        .to_bytes(&w)
        .unwrap();
    let mut resolver = Resolver::<Order>::new();
    let first = resolver.plan(&w).unwrap();
    let again = resolver.plan(&schema(OLD_ORDER)).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    assert_eq!(resolver.decode(&bytes, &w).unwrap().id, 7);
    // A stream of two datums.
    let twice = [bytes.clone(), bytes].concat();
    let mut r = avrox::binary::SliceReader::new(&twice);
    assert_eq!(resolver.read_next(&mut r, &w).unwrap().id, 7);
    assert_eq!(resolver.read_next(&mut r, &w).unwrap().id, 7);
    assert!(r.is_empty());
    assert_eq!(resolver.cached_plans(), 1);
    // Plans can be shared between threads.
    fn shared<T: Send + Sync>() {}
    shared::<Plan>();
    shared::<TypedPlan<Order>>();
    shared::<Resolver<Order>>();
}

// ---- hostile and corrupt data under a plan ----

#[test]
fn truncated_and_corrupt_data_under_a_plan_are_errors() {
    let w = schema(OLD_ORDER);
    let bytes = old_order(
        (2, "Shipped"),
        Value::Union(1, Box::new(Value::record([("last4", Value::from("4242"))]))),
    )
    .to_bytes(&w)
    .unwrap();
    let value_plan = Plan::new(&w, Order::schema()).unwrap();
    let typed_plan = TypedPlan::<Order>::new(&w).unwrap();
    for end in 0..bytes.len() {
        assert!(value_plan.decode(&bytes[..end]).is_err(), "prefix {end}");
        assert!(typed_plan.decode(&bytes[..end]).is_err(), "prefix {end}");
    }
    // Every single-byte corruption: an error or a value, never a panic.
    for i in 0..bytes.len() {
        for b in [0x00, 0x01, 0x7f, 0x80, 0xff] {
            let mut bad = bytes.clone();
            bad[i] = b;
            let _ = value_plan.decode(&bad);
            let _ = typed_plan.decode(&bad);
        }
    }
    // A writer union branch index out of range.
    let mut bad = bytes.clone();
    let last = bad.len() - 6; // the payment's branch index (1) precedes "4242"
    assert_eq!(bad[last], 0x02);
    bad[last] = 0x08;
    let err = typed_plan.decode(&bad).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::UnionIndex { .. }), "{err}");
}

#[test]
fn skipped_collections_are_bounded() {
    // A writer-only array of nulls claiming 2^62 items in two bytes: the
    // item limit stops the skip at once.
    let writer = schema(
        r#"{"type":"record","name":"R","fields":[
            {"name":"junk","type":{"type":"array","items":"null"}},
            {"name":"a","type":"int"}]}"#,
    );
    let reader = schema(r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#);
    let plan = Plan::new(&writer, &reader).unwrap();
    let hostile = [
        0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x02,
    ];
    let err = plan.decode(&hostile).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::CollectionItems,
                ..
            }
        ),
        "{err}"
    );
    // A writer-only map in a block with a byte size is stepped over.
    let writer = schema(
        r#"{"type":"record","name":"R","fields":[
            {"name":"junk","type":{"type":"map","values":"null"}},
            {"name":"a","type":"int"}]}"#,
    );
    let plan = Plan::new(&writer, &reader).unwrap();
    // One entry in 2 bytes ("k" -> null), the end, then a = 1.
    let got = plan.decode(&[0x01, 0x04, 0x02, b'k', 0x00, 0x02]).unwrap();
    assert_eq!(got, Value::record([("a", Value::Int(1))]));
}

#[test]
fn deep_writer_only_nesting_hits_the_depth_limit() {
    let writer = schema(
        r#"{"type":"record","name":"R","fields":[
            {"name":"junk","type":["null","R"]},
            {"name":"a","type":"int"}]}"#,
    );
    let reader = schema(r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#);
    let plan = Plan::new(&writer, &reader).unwrap();
    let mut bytes = vec![0x02; 100_000];
    bytes.push(0x00);
    let err = plan.decode(&bytes).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::Depth,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn defaults_copied_per_datum_count_against_the_allocation_limit() {
    // Records of no writer bytes whose reader default is a long string:
    // the copies are charged, so the limit stops them.
    let writer = schema(r#"{"type":"array","items":{"type":"record","name":"E","fields":[]}}"#);
    let big = "x".repeat(10_000);
    let reader = schema(&format!(
        r#"{{"type":"array","items":{{"type":"record","name":"E","fields":[
            {{"name":"s","type":"string","default":"{big}"}}]}}}}"#
    ));
    let plan = Plan::new(&writer, &reader).unwrap();
    // 100,000 empty records in one block.
    let mut bytes = vec![0xc0, 0x9a, 0x0c];
    bytes.push(0x00);
    let limits = avrox::binary::Limits::default().max_allocation(1 << 20);
    let mut r = avrox::binary::SliceReader::with_limits(&bytes, limits);
    let err = plan.read_next(&mut r).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::Allocation,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn evolve_is_derived_with_version_one_by_default() {
    assert_eq!(Order::VERSION, 1);
    assert_eq!(Order::history().versions().len(), 1);
    assert_eq!(Order::history().latest().unwrap().schema(), Order::schema());
}

/// A user's own `migrate` method on a derived type.
trait Archive {
    fn migrate(self, to: &str) -> String;
}

impl Archive for Suit {
    fn migrate(self, to: &str) -> String {
        format!("{self:?} to {to}")
    }
}

#[test]
fn the_migrate_hook_is_no_method_that_hides_the_users() {
    // `AvroSchema` is in scope and `Suit` implements it: were its hidden
    // `migrate` hook a method taking `self`, this call would pick it (or be
    // ambiguous) instead of the user's.
    assert_eq!(
        Suit::Spades.migrate("cold storage"),
        "Spades to cold storage"
    );
}

#[derive(Avro, Debug, PartialEq, Clone, Copy)]
enum Suit {
    Hearts,
    Spades,
}

#[test]
fn an_unknown_symbol_without_default_fails_the_datum_that_uses_it() {
    let writer = schema(r#"{"type":"enum","name":"Suit","symbols":["Clubs","Spades","Hearts"]}"#);
    let plan = TypedPlan::<Suit>::new(&writer).unwrap();
    assert_eq!(plan.decode(&[0x02]).unwrap(), Suit::Spades);
    assert_eq!(plan.decode(&[0x04]).unwrap(), Suit::Hearts);
    let err = plan.decode(&[0x00]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Suit at byte 0: symbol 'Clubs' is not in the reader's enum 'Suit', which has no default"
    );
    // The generic path says the same.
    let err = Plan::new(&writer, Suit::schema())
        .unwrap()
        .decode(&[0x00])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Suit at byte 0: symbol 'Clubs' is not in the reader's enum 'Suit', which has no default"
    );
}

#[test]
fn a_writer_union_reads_into_a_plain_derived_record() {
    let writer = r#"["null", {"type":"record","name":"Line","namespace":"shop","fields":[
        {"name":"sku","type":"string"},{"name":"qty","type":"int"}]}]"#;
    let line: Line = typed(
        writer,
        Value::Union(
            1,
            Box::new(Value::record([
                ("sku", Value::from("B")),
                ("qty", Value::Int(3)),
            ])),
        ),
    );
    assert_eq!(
        line,
        Line {
            sku: "B".into(),
            qty: 3,
            weight: 1.0,
            note: None
        }
    );
    let w = schema(writer);
    let err = from_slice_with_writer::<Line>(&[0x00], &w).unwrap_err();
    assert!(
        err.to_string().contains("writer union branch 0 (null)"),
        "{err}"
    );
}

#[derive(Avro, Debug, PartialEq)]
struct Stamped {
    #[avro(unit = millis)]
    at: chrono::DateTime<chrono::Utc>,
    #[avro(uuid = fixed)]
    id: avrox::value::Uuid,
}

#[test]
fn fields_with_codecs_read_what_their_encoding_allows() {
    // An int written where a timestamp-millis long is read: the adapter
    // reads the int's varint as its long.
    let writer = schema(
        r#"{"type":"record","name":"Stamped","fields":[
            {"name":"at","type":"int"},
            {"name":"id","type":{"type":"fixed","name":"avrox.uuid_fixed","size":16}}]}"#,
    );
    let mut bytes = vec![0xd0, 0x0f]; // 1000
    bytes.extend([0x11; 16]);
    let got: Stamped = from_slice_with_writer(&bytes, &writer).unwrap();
    assert_eq!(got.at.timestamp_millis(), 1000);
    assert_eq!(got.id.as_bytes(), &[0x11; 16]);
    // A double cannot be read by the adapter, whose encoding is a long.
    let writer = schema(
        r#"{"type":"record","name":"Stamped","fields":[
            {"name":"at","type":"double"},
            {"name":"id","type":{"type":"fixed","name":"avrox.uuid_fixed","size":16}}]}"#,
    );
    assert!(avrox::resolve::Plan::new(&writer, Stamped::schema()).is_err());
}

/// Field names that generated code also uses for its own locals.
#[derive(Avro, Debug, PartialEq)]
struct Stepper {
    step: i64,
    index: i64,
    same: i64,
    writer: i64,
    next: i64,
}

#[test]
fn fields_named_like_the_generated_locals_resolve() {
    // Written in another order, with `step` as an int: the out-of-order
    // path with a promotion.
    let got: Stepper = typed(
        r#"{"type": "record", "name": "Stepper", "fields": [
            {"name": "next", "type": "long"}, {"name": "writer", "type": "long"},
            {"name": "same", "type": "long"}, {"name": "index", "type": "long"},
            {"name": "step", "type": "int"}]}"#,
        Value::record([
            ("next", Value::Long(5)),
            ("writer", Value::Long(4)),
            ("same", Value::Long(3)),
            ("index", Value::Long(2)),
            ("step", Value::Int(1)),
        ]),
    );
    assert_eq!(
        got,
        Stepper {
            step: 1,
            index: 2,
            same: 3,
            writer: 4,
            next: 5
        }
    );
}

/// A reader type with constraints: data read through a plan is checked
/// against them, as data read with the type's own schema is.
#[derive(Avro, Debug, PartialEq)]
#[avro(name = "Score")]
struct BoundedScore {
    #[avro(min = 0, max = 100)]
    points: i64,
    #[avro(default = 1)]
    weight: i32,
}

#[test]
fn data_read_through_a_plan_is_validated() {
    let writer = schema(
        r#"{"type": "record", "name": "Score", "fields": [{"name": "points", "type": "int"}]}"#,
    );
    let ok = Value::record([("points", Value::Int(40))])
        .to_bytes(&writer)
        .unwrap();
    let bad = Value::record([("points", Value::Int(400))])
        .to_bytes(&writer)
        .unwrap();

    let got: BoundedScore = from_slice_with_writer(&ok, &writer).unwrap();
    assert_eq!(
        got,
        BoundedScore {
            points: 40,
            weight: 1
        }
    );
    let err = from_slice_with_writer::<BoundedScore>(&bad, &writer).unwrap_err();
    let report = err
        .report()
        .unwrap_or_else(|| panic!("not a report: {err}"));
    assert_eq!(report.failures()[0].path(), "points", "{report}");

    let plan = TypedPlan::<BoundedScore>::new(&writer).unwrap();
    assert!(plan.decode(&bad).unwrap_err().report().is_some());
    // A reader that does not validate reads the value as it is.
    let mut input = avrox::binary::SliceReader::new(&bad);
    assert_eq!(plan.read_next_unchecked(&mut input).unwrap().points, 400);

    // Generic values of the reader's schema carry its constraints too.
    let generic = Plan::new(&writer, BoundedScore::schema()).unwrap();
    assert!(generic.decode(&ok).is_ok());
    assert!(generic.decode(&bad).unwrap_err().report().is_some());

    // Container files read through the plan: the bad record is refused with
    // its place, the good one before it delivered.
    let mut w = avrox::ocf::Writer::<Value, _>::with_schema(
        Vec::new(),
        writer.clone(),
        avrox::ocf::WriterOptions::new(),
    )
    .unwrap();
    w.append(&Value::record([("points", Value::Int(40))]))
        .unwrap();
    w.append(&Value::record([("points", Value::Int(400))]))
        .unwrap();
    let file = w.finish().unwrap();
    let results: Vec<_> = avrox::ocf::Reader::<BoundedScore, _>::new(&file[..])
        .unwrap()
        .collect();
    assert_eq!(results[0].as_ref().unwrap().points, 40);
    let err = results[1].as_ref().unwrap_err();
    assert!(err.report().is_some(), "{err}");
    assert_eq!(err.block_record(), Some(1), "{err}");
}
