//! A gallery of `#[derive(Avro)]` types covering every mapping and every
//! attribute of the derive.
//!
//! For each type:
//! - an insta snapshot of its schema, pretty-printed (`{:#}`), in
//!   `snapshots/derive__derive_gallery__<name>.snap`;
//! - the printed schema parses back to a schema with the same canonical form
//!   and the same printed text;
//! - an instance round-trips through `to_vec` / `from_slice`;
//! - the derived encoder agrees with the generic one:
//!   `to_value(&x).to_bytes(T::schema()) == to_vec(&x)`, and the generic
//!   decoder agrees with the derived conversion:
//!   `Value::decode(&bytes, T::schema()) == to_value(&x)`;
//! - for types that own their data, `from_value(to_value(x)) == x` and
//!   `from_value(Value::decode(..)) == x`.
//!
//! New snapshots are written with `INSTA_UPDATE=always cargo test -p
//! avrox-tests --test derive derive_gallery`; review them before checking
//! them in.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Debug;
use std::net::Ipv4Addr;
use std::rc::Rc;
use std::sync::Arc;

use avrox::value::{Decimal, Duration, Uuid};
use avrox::{
    Avro, AvroSchema, Decode, DecodeOwned, Encode, ErrorKind, FromValue, Schema, ToValue, Value,
};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The schema as the snapshots show it: pretty JSON.
fn pretty<T: AvroSchema>() -> String {
    format!("{:#}", T::schema())
}

/// The printed schema parses back to the same schema.
#[track_caller]
fn schema_reparses<T: AvroSchema>() {
    let schema = T::schema();
    let text = schema.to_string();
    let reparsed = Schema::parse(&text)
        .unwrap_or_else(|e| panic!("printed schema does not parse: {e}\n{text}"));
    assert_eq!(reparsed.canonical_form(), schema.canonical_form(), "{text}");
    assert_eq!(reparsed.to_string(), text);
    assert_eq!(reparsed.rabin_fingerprint(), schema.rabin_fingerprint());
}

/// Every check that works for borrowing types: `bytes` must be the encoding
/// of `x`, and is passed in so that the decoded value may borrow from it.
#[track_caller]
fn check_borrowed<'de, T>(x: &T, bytes: &'de [u8])
where
    T: AvroSchema + Encode + ToValue + Decode<'de> + PartialEq + Debug,
{
    schema_reparses::<T>();
    assert_eq!(avrox::to_vec(x).unwrap(), bytes, "to_vec is deterministic");
    let back: T = avrox::from_slice(bytes).unwrap_or_else(|e| panic!("from_slice: {e}"));
    assert_eq!(&back, x, "round trip");
    let value = avrox::to_value(x);
    let generic = value
        .to_bytes(T::schema())
        .unwrap_or_else(|e| panic!("Value encoder: {e}\nvalue: {value:?}"));
    assert_eq!(generic, bytes, "the Value encoder writes the same bytes");
    let decoded =
        Value::decode(bytes, T::schema()).unwrap_or_else(|e| panic!("Value::decode: {e}"));
    assert_eq!(decoded, value, "Value::decode gives to_value");
}

/// Every check, for types that own their data. Returns the encoding.
#[track_caller]
fn check<T>(x: &T) -> Vec<u8>
where
    T: AvroSchema + Encode + ToValue + DecodeOwned + FromValue + PartialEq + Debug,
{
    let bytes = avrox::to_vec(x).unwrap_or_else(|e| panic!("to_vec: {e}"));
    check_borrowed(x, &bytes);
    let value = avrox::to_value(x);
    let back: T = avrox::from_value(value.clone()).unwrap_or_else(|e| panic!("from_value: {e}"));
    assert_eq!(&back, x, "from_value(to_value(x))");
    let decoded = Value::decode(&bytes, T::schema()).unwrap();
    let back: T = avrox::from_value(decoded).unwrap_or_else(|e| panic!("from_value(decode): {e}"));
    assert_eq!(&back, x, "from_value(Value::decode(bytes))");
    bytes
}

/// Snapshot of the schema plus every check.
macro_rules! gallery {
    ($name:literal, $ty:ty, $value:expr) => {{
        insta::assert_snapshot!($name, pretty::<$ty>());
        let value: $ty = $value;
        check(&value)
    }};
}

/// The Avro JSON of field `field` of the record at the root of `T`'s schema.
fn field_json<T: AvroSchema>(field: &str) -> serde_json::Value {
    let json = T::schema().to_json();
    json["fields"]
        .as_array()
        .expect("a record")
        .iter()
        .find(|f| f["name"] == field)
        .unwrap_or_else(|| panic!("no field {field} in {json}"))
        .clone()
}

// ---------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------

/// A small record used inside others.
#[derive(Avro, Debug, Clone, PartialEq, Default)]
#[avro(namespace = "gallery.nested")]
struct Inner {
    x: i32,
    label: String,
}

fn inner(x: i32) -> Inner {
    Inner {
        x,
        label: format!("inner-{x}"),
    }
}

// ---------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------

/// Every primitive width.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Primitives {
    flag: bool,
    i8: i8,
    i16: i16,
    i32: i32,
    i64: i64,
    u8: u8,
    u16: u16,
    u32: u32,
    u64: u64,
    usize: usize,
    f32: f32,
    f64: f64,
    unit: (),
}

fn primitives_min() -> Primitives {
    Primitives {
        flag: false,
        i8: i8::MIN,
        i16: i16::MIN,
        i32: i32::MIN,
        i64: i64::MIN,
        u8: 0,
        u16: 0,
        u32: 0,
        u64: 0,
        usize: 0,
        f32: f32::MIN,
        f64: f64::MIN,
        unit: (),
    }
}

fn primitives_max() -> Primitives {
    Primitives {
        flag: true,
        i8: i8::MAX,
        i16: i16::MAX,
        i32: i32::MAX,
        i64: i64::MAX,
        u8: u8::MAX,
        u16: u16::MAX,
        u32: u32::MAX,
        u64: i64::MAX as u64,
        usize: i64::MAX as usize,
        f32: f32::MAX,
        f64: f64::MAX,
        unit: (),
    }
}

#[test]
fn primitives() {
    gallery!("primitives", Primitives, primitives_min());
    check(&primitives_max());
    let small = Primitives {
        flag: true,
        i8: -1,
        i16: 300,
        i32: -70_000,
        i64: 1 << 40,
        u8: 200,
        u16: 60_000,
        u32: 4_000_000_000,
        u64: 1 << 60,
        usize: 12345,
        f32: -0.0,
        f64: f64::INFINITY,
        unit: (),
    };
    let bytes = check(&small);
    // The spec's encoding of each field, one after the other.
    assert_eq!(
        avrox_tests::hex(&bytes),
        avrox_tests::hex(
            &[
                &[0x01][..],                                             // true
                &[0x01],                                                 // -1
                &[0xd8, 0x04],                                           // 300
                &[0xdf, 0xc5, 0x08],                                     // -70000
                &[0x80, 0x80, 0x80, 0x80, 0x80, 0x40],                   // 2^40
                &[0x90, 0x03],                                           // 200
                &[0xc0, 0xa9, 0x07],                                     // 60000
                &[0x80, 0xa0, 0xd9, 0xe6, 0x1d],                         // 4e9
                &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20], // 2^60
                &[0xf2, 0xc0, 0x01],                                     // 12345
                &(-0.0f32).to_le_bytes(),
                &f64::INFINITY.to_le_bytes(),
            ]
            .concat()
        )
    );
}

#[test]
fn nan_round_trips_by_bits() {
    let x = Primitives {
        f32: f32::NAN,
        f64: f64::NAN,
        ..primitives_min()
    };
    let bytes = avrox::to_vec(&x).unwrap();
    let back: Primitives = avrox::from_slice(&bytes).unwrap();
    assert!(back.f32.is_nan() && back.f64.is_nan());
    assert_eq!(back.f64.to_bits(), f64::NAN.to_bits());
    assert_eq!(
        avrox::to_value(&x).to_bytes(Primitives::schema()).unwrap(),
        bytes
    );
}

/// `u64` and `usize` are `long`: a value above `i64::MAX` fails to encode,
/// and never wraps.
#[test]
fn u64_and_usize_above_i64_max_fail_to_encode() {
    for x in [
        Primitives {
            u64: i64::MAX as u64 + 1,
            ..primitives_min()
        },
        Primitives {
            u64: u64::MAX,
            ..primitives_min()
        },
        Primitives {
            usize: usize::MAX,
            ..primitives_min()
        },
    ] {
        let err = avrox::to_vec(&x).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::OutOfRange { target: "long", .. }),
            "{err}"
        );
        let field = if x.u64 != 0 { "u64" } else { "usize" };
        assert!(err.path().ends_with(field), "{err}");
    }
    // A bare u64 too.
    assert!(avrox::to_vec(&u64::MAX).is_err());
    assert_eq!(
        avrox::to_vec(&(i64::MAX as u64)).unwrap(),
        avrox::to_vec(&i64::MAX).unwrap()
    );
}

/// The same record shape as [`Primitives`], with every integer as wide as
/// its Avro type, to write numbers the narrow fields cannot hold.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Primitives", namespace = "gallery")]
struct WidePrimitives {
    flag: bool,
    i8: i32,
    i16: i32,
    i32: i32,
    i64: i64,
    u8: i32,
    u16: i32,
    u32: i64,
    u64: i64,
    usize: i64,
    f32: f32,
    f64: f64,
    unit: (),
}

fn wide_zero() -> WidePrimitives {
    WidePrimitives {
        flag: false,
        i8: 0,
        i16: 0,
        i32: 0,
        i64: 0,
        u8: 0,
        u16: 0,
        u32: 0,
        u64: 0,
        usize: 0,
        f32: 0.0,
        f64: 0.0,
        unit: (),
    }
}

#[test]
fn narrow_integers_check_their_range_when_decoded() {
    assert_eq!(
        Primitives::schema().canonical_form(),
        WidePrimitives::schema().canonical_form()
    );
    type Case = (&'static str, fn(&mut WidePrimitives), &'static str, i128);
    let cases: [Case; 10] = [
        ("i8", |w| w.i8 = 128, "i8", 128),
        ("i8", |w| w.i8 = -129, "i8", -129),
        ("i16", |w| w.i16 = 40_000, "i16", 40_000),
        ("u8", |w| w.u8 = 256, "u8", 256),
        ("u8", |w| w.u8 = -1, "u8", -1),
        ("u16", |w| w.u16 = 65_536, "u16", 65_536),
        ("u16", |w| w.u16 = -1, "u16", -1),
        ("u32", |w| w.u32 = 1 << 32, "u32", 1 << 32),
        ("u32", |w| w.u32 = -1, "u32", -1),
        ("u64", |w| w.u64 = i64::MIN, "u64", i64::MIN as i128),
    ];
    for (field, set, target, number) in cases {
        let mut wide = wide_zero();
        set(&mut wide);
        let bytes = avrox::to_vec(&wide).unwrap();
        let err = avrox::from_slice::<Primitives>(&bytes).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::OutOfRange {
                value: number,
                target
            },
            "{field}: {err}"
        );
        assert_eq!(err.path(), format!("Primitives.{field}"), "{err}");
        // The offset is where the field's number starts: one byte of
        // boolean, then a one-byte zero for each earlier field.
        let position = [
            "flag", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize",
        ]
        .iter()
        .position(|f| *f == field)
        .unwrap();
        assert_eq!(err.offset(), Some(position), "{field}: {err}");
        // The generic route checks the same ranges.
        let value = Value::decode(&bytes, Primitives::schema()).unwrap();
        let err = avrox::from_value::<Primitives>(value).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::OutOfRange { .. }),
            "{field}: {err}"
        );
        assert_eq!(err.path(), field, "{err}");
    }
    let mut wide = wide_zero();
    wide.usize = -5;
    let err = avrox::from_slice::<Primitives>(&avrox::to_vec(&wide).unwrap()).unwrap_err();
    assert_eq!(err.path(), "Primitives.usize");
}

/// Two Rust types that claim one Avro name cannot meet in one schema.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Clash {
    narrow: Primitives,
    wide: WidePrimitives,
}

#[test]
#[should_panic(expected = "the Avro name 'gallery.Primitives' is given to two types")]
fn two_types_claiming_one_name_panic_with_the_names() {
    let _ = Clash::schema();
}

#[test]
fn lone_primitives() {
    // Not derived, but the building blocks of the gallery.
    for (json, schema) in [
        ("\"boolean\"", bool::schema()),
        ("\"int\"", i8::schema()),
        ("\"int\"", u16::schema()),
        ("\"long\"", u32::schema()),
        ("\"long\"", usize::schema()),
        ("\"float\"", f32::schema()),
        ("\"double\"", f64::schema()),
        ("\"null\"", <()>::schema()),
        ("\"string\"", <Arc<str>>::schema()),
        ("\"bytes\"", <Box<[u8]>>::schema()),
    ] {
        assert_eq!(schema.to_string(), json);
    }
}

// ---------------------------------------------------------------------------
// Strings and bytes
// ---------------------------------------------------------------------------

/// Every string type, borrowed and owned.
#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "gallery")]
struct Strings<'a> {
    owned: String,
    borrowed: &'a str,
    cow: Cow<'a, str>,
    boxed: Box<str>,
    arc: Arc<str>,
    rc: Rc<str>,
    keys: BTreeMap<Cow<'a, str>, &'a str>,
    list: Vec<&'a str>,
}

#[test]
fn strings_borrow_from_the_input() {
    insta::assert_snapshot!("strings", pretty::<Strings<'_>>());
    let x = Strings {
        owned: "owned".into(),
        borrowed: "borrowed ✓",
        cow: Cow::Owned("cow".into()),
        boxed: "boxed".into(),
        arc: "arc".into(),
        rc: "".into(),
        keys: BTreeMap::from([(Cow::Borrowed("k"), "v"), ("κλειδί".into(), "τιμή")]),
        list: vec!["a", "", "c"],
    };
    let bytes = avrox::to_vec(&x).unwrap();
    check_borrowed(&x, &bytes);
    let back: Strings<'_> = avrox::from_slice(&bytes).unwrap();
    let range = bytes.as_ptr_range();
    assert!(range.contains(&back.borrowed.as_ptr()));
    assert!(matches!(back.cow, Cow::Borrowed(s) if range.contains(&s.as_ptr())));
    assert!(back.keys.keys().all(|k| matches!(k, Cow::Borrowed(_))));
    assert!(range.contains(&back.list[2].as_ptr()));
}

/// The owned string types also convert from a `Value`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct OwnedStrings {
    owned: String,
    boxed: Box<str>,
    arc: Arc<str>,
    rc: Rc<str>,
}

#[test]
fn owned_strings() {
    gallery!(
        "owned_strings",
        OwnedStrings,
        OwnedStrings {
            owned: "x".repeat(200),
            boxed: "\u{0}nul".into(),
            arc: "🦀".into(),
            rc: "rc".into(),
        }
    );
}

/// Every byte-string type, and a `fixed`.
#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "gallery")]
struct ByteStrings<'a> {
    vec: Vec<u8>,
    slice: &'a [u8],
    cow: Cow<'a, [u8]>,
    boxed: Box<[u8]>,
    deque: VecDeque<u8>,
    fixed: [u8; 4],
    fixed_again: [u8; 4],
    fixed_other: [u8; 16],
    fixed_empty: [u8; 0],
}

#[test]
fn byte_strings_borrow_from_the_input() {
    insta::assert_snapshot!("byte_strings", pretty::<ByteStrings<'_>>());
    let mut deque = VecDeque::from(vec![3u8, 4]);
    deque.push_front(2);
    deque.push_front(1); // two halves in the ring buffer
    let x = ByteStrings {
        vec: vec![0, 255, 128],
        slice: b"slice",
        cow: Cow::Owned(vec![9; 3]),
        boxed: Box::new([]),
        deque,
        fixed: *b"abcd",
        fixed_again: [0xff; 4],
        fixed_other: [7; 16],
        fixed_empty: [],
    };
    let bytes = avrox::to_vec(&x).unwrap();
    check_borrowed(&x, &bytes);
    let back: ByteStrings<'_> = avrox::from_slice(&bytes).unwrap();
    let range = bytes.as_ptr_range();
    assert!(range.contains(&back.slice.as_ptr()));
    assert!(matches!(back.cow, Cow::Borrowed(b) if range.contains(&b.as_ptr())));
    // `fixed` is written raw, without a length.
    assert!(bytes.windows(8).any(|w| w == b"abcd\xff\xff\xff\xff"));
}

/// The owned byte strings, converted from values too.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct OwnedBytes {
    vec: Vec<u8>,
    boxed: Box<[u8]>,
    deque: VecDeque<u8>,
    fixed: [u8; 3],
}

#[test]
fn owned_bytes() {
    gallery!(
        "owned_bytes",
        OwnedBytes,
        OwnedBytes {
            vec: (0..=255).collect(),
            boxed: vec![1, 2].into_boxed_slice(),
            deque: VecDeque::from(vec![5]),
            fixed: [1, 2, 3],
        }
    );
}

// ---------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------

/// Arrays of every sequence type.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Sequences {
    vec: Vec<i32>,
    deque: VecDeque<String>,
    array: [i64; 3],
    boxed: Box<[bool]>,
    nested: Vec<Vec<i16>>,
    of_bytes: Vec<Vec<u8>>,
    of_fixed: Vec<[u8; 2]>,
    of_arrays: [[u16; 2]; 2],
    empty: Vec<f64>,
    none: [u32; 0],
}

#[test]
fn sequences() {
    gallery!(
        "sequences",
        Sequences,
        Sequences {
            vec: vec![1, -1, i32::MAX],
            deque: VecDeque::from(vec!["a".to_string(), "b".to_string()]),
            array: [i64::MIN, 0, i64::MAX],
            boxed: vec![true, false].into_boxed_slice(),
            nested: vec![vec![], vec![1, 2], vec![3]],
            of_bytes: vec![vec![], b"xy".to_vec()],
            of_fixed: vec![[1, 2], [3, 4]],
            of_arrays: [[1, 2], [3, 4]],
            empty: vec![],
            none: [],
        }
    );
}

#[test]
fn fixed_size_arrays_check_their_length() {
    // An array of 2 where `[i64; 3]` is expected.
    #[derive(Avro, Debug, PartialEq)]
    #[avro(name = "Arr")]
    struct Two {
        a: Vec<i64>,
    }
    #[derive(Avro, Debug, PartialEq)]
    #[avro(name = "Arr")]
    struct Three {
        a: [i64; 3],
    }
    assert_eq!(
        Two::schema().canonical_form(),
        Three::schema().canonical_form()
    );
    let bytes = avrox::to_vec(&Two { a: vec![1, 2] }).unwrap();
    let err = avrox::from_slice::<Three>(&bytes).unwrap_err();
    assert_eq!(err.path(), "Arr.a", "{err}");
    assert_eq!(err.offset(), Some(0), "{err}");
    let err = avrox::from_value::<Three>(avrox::to_value(&Two { a: vec![1, 2] })).unwrap_err();
    assert_eq!(err.path(), "a", "{err}");
    let ok = avrox::to_vec(&Two { a: vec![1, 2, 3] }).unwrap();
    assert_eq!(
        avrox::from_slice::<Three>(&ok).unwrap(),
        Three { a: [1, 2, 3] }
    );
}

/// Maps with every key type and several value types.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Maps {
    hash: HashMap<String, i64>,
    btree: BTreeMap<String, Vec<String>>,
    boxed_keys: BTreeMap<Box<str>, bool>,
    arc_keys: HashMap<Arc<str>, f32>,
    rc_keys: BTreeMap<Rc<str>, Inner>,
    nullable: BTreeMap<String, Option<i32>>,
    nested: BTreeMap<String, BTreeMap<String, u8>>,
    empty: HashMap<String, String>,
}

#[test]
fn maps() {
    gallery!(
        "maps",
        Maps,
        Maps {
            hash: (0..20).map(|i| (format!("key{i}"), i * 1000)).collect(),
            btree: BTreeMap::from([("a".into(), vec!["x".into()]), ("".into(), vec![]),]),
            boxed_keys: BTreeMap::from([("yes".into(), true), ("no".into(), false)]),
            arc_keys: HashMap::from([("pi".into(), std::f32::consts::PI), ("half".into(), 0.5)]),
            rc_keys: BTreeMap::from([("one".into(), inner(1))]),
            nullable: BTreeMap::from([("null".into(), None), ("some".into(), Some(7))]),
            nested: BTreeMap::from([("outer".into(), BTreeMap::from([("inner".into(), 255)]),)]),
            empty: HashMap::new(),
        }
    );
}

// ---------------------------------------------------------------------------
// Options and pointers
// ---------------------------------------------------------------------------

/// `Option<T>` is `["null", T]` for every kind of `T`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Options {
    none: Option<i32>,
    some: Option<i32>,
    string: Option<String>,
    bytes: Option<Vec<u8>>,
    fixed: Option<[u8; 2]>,
    record: Option<Inner>,
    record_again: Option<Inner>,
    symbol: Option<Suit>,
    array: Option<Vec<i64>>,
    map: Option<HashMap<String, i32>>,
    in_array: Vec<Option<bool>>,
    boxed: Option<Box<f64>>,
}

#[test]
fn options() {
    gallery!(
        "options",
        Options,
        Options {
            none: None,
            some: Some(-5),
            string: Some(String::new()),
            bytes: None,
            fixed: Some([1, 2]),
            record: Some(inner(3)),
            record_again: None,
            symbol: Some(Suit::Hearts),
            array: Some(vec![]),
            map: Some(HashMap::from([("k".into(), 1)])),
            in_array: vec![None, Some(true), Some(false)],
            boxed: Some(Box::new(0.5)),
        }
    );
    let all_none = Options {
        none: None,
        some: None,
        string: None,
        bytes: None,
        fixed: None,
        record: None,
        record_again: None,
        symbol: None,
        array: None,
        map: None,
        in_array: vec![],
        boxed: None,
    };
    // Eleven nulls (branch 0) and one empty array.
    assert_eq!(check(&all_none), [0u8; 12]);
}

/// `Box`, `Rc` and `Arc` are what they hold.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Pointers {
    boxed: Box<i32>,
    rc: Rc<String>,
    arc: Arc<Vec<u8>>,
    boxed_record: Box<Inner>,
    arc_record: Option<Arc<Inner>>,
    rc_list: Vec<Rc<Suit>>,
}

#[test]
fn pointers() {
    gallery!(
        "pointers",
        Pointers,
        Pointers {
            boxed: Box::new(7),
            rc: Rc::new("rc".into()),
            arc: Arc::new(vec![1, 2, 3]),
            boxed_record: Box::new(inner(1)),
            arc_record: Some(Arc::new(inner(2))),
            rc_list: vec![Rc::new(Suit::Clubs), Rc::new(Suit::Joker)],
        }
    );
}

// ---------------------------------------------------------------------------
// avrox's own logical value types
// ---------------------------------------------------------------------------

/// `uuid` on `string`, `big-decimal` on `bytes`, `duration` on `fixed`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Logicals {
    id: Uuid,
    amount: Decimal,
    period: Duration,
    ids: Vec<Uuid>,
    maybe_amount: Option<Decimal>,
    periods: BTreeMap<String, Duration>,
}

#[test]
fn logical_value_types() {
    let bytes = gallery!(
        "logicals",
        Logicals,
        Logicals {
            id: "6ba7b810-9dad-11d1-80b4-00c04fd430c8".parse().unwrap(),
            amount: "-12345678901234567890.0123456789".parse().unwrap(),
            period: Duration::new(1, 2, 3),
            ids: vec![Uuid::from_bytes([0; 16]), Uuid::from_bytes([0xff; 16])],
            maybe_amount: Some(Decimal::from_i128(5, -3)),
            periods: BTreeMap::from([("max".into(), Duration::new(u32::MAX, u32::MAX, u32::MAX))]),
        }
    );
    // The uuid is its 36-character string.
    assert_eq!(bytes[0], 72);
    assert_eq!(&bytes[1..37], b"6ba7b810-9dad-11d1-80b4-00c04fd430c8");
}

// ---------------------------------------------------------------------------
// Nested records and namespaces
// ---------------------------------------------------------------------------

/// A record in another namespace, holding a record of a third.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.other")]
struct Middle {
    inner: Inner,
    flag: bool,
}

/// Records inside records: the first use of a named type defines it, every
/// later use refers to it by name.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Outer {
    first: Inner,
    rest: Vec<Inner>,
    by_name: BTreeMap<String, Inner>,
    maybe: Option<Inner>,
    middle: Middle,
    middles: Vec<Middle>,
    in_null_namespace: Plain,
}

/// A record in the null namespace, used from a namespaced one.
#[derive(Avro, Debug, Clone, PartialEq)]
struct Plain {
    // `name` and `value` are fields like any other (they once clashed with
    // the derive's own variables: /tmp/bugs-derive.md #1).
    value: i64,
    name: String,
}

#[test]
fn nested_records() {
    gallery!(
        "outer",
        Outer,
        Outer {
            first: inner(1),
            rest: vec![inner(2), inner(3)],
            by_name: BTreeMap::from([("four".into(), inner(4))]),
            maybe: Some(inner(5)),
            middle: Middle {
                inner: inner(6),
                flag: true,
            },
            middles: vec![],
            in_null_namespace: Plain {
                value: -1,
                name: "plain".into(),
            },
        }
    );
    let schema = Outer::schema();
    for name in [
        "gallery.Outer",
        "gallery.nested.Inner",
        "gallery.other.Middle",
        "Plain",
    ] {
        assert!(schema.lookup(name).is_some(), "{name}");
    }
}

// ---------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------

/// A card suit: an Avro enum with a default symbol, aliases and renamed
/// symbols.
#[derive(Avro, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[avro(
    namespace = "gallery.cards",
    alias = "CardSuit",
    alias = "legacy.Suit",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
enum Suit {
    Clubs,
    Diamonds,
    Hearts,
    /// The default, for readers that meet a symbol they do not know.
    #[default]
    #[avro(default)]
    Spades,
    #[avro(rename = "joker")]
    Joker,
    OldMaid,
}

#[test]
fn unit_enum() {
    insta::assert_snapshot!("suit", pretty::<Suit>());
    for (i, suit) in [
        Suit::Clubs,
        Suit::Diamonds,
        Suit::Hearts,
        Suit::Spades,
        Suit::Joker,
        Suit::OldMaid,
    ]
    .into_iter()
    .enumerate()
    {
        let bytes = check(&suit);
        assert_eq!(bytes, [(i as u8) * 2], "{suit:?}");
    }
    assert_eq!(
        avrox::to_value(&Suit::Joker),
        Value::Enum(4, "joker".into())
    );
    assert_eq!(
        avrox::to_value(&Suit::OldMaid),
        Value::Enum(5, "OLD_MAID".into())
    );
    // A symbol is enough to convert from; the index is not trusted.
    assert_eq!(
        avrox::from_value::<Suit>(Value::Enum(0, "HEARTS".into())).unwrap(),
        Suit::Hearts
    );
    assert_eq!(
        avrox::from_value::<Suit>(Value::String("joker".into())).unwrap(),
        Suit::Joker
    );
    assert!(avrox::from_value::<Suit>(Value::String("Joker".into())).is_err());
    // An index past the symbols is an error.
    let err = avrox::from_slice::<Suit>(&[12]).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::EnumIndex {
                index: 6,
                symbols: 6
            }
        ),
        "{err}"
    );
}

/// An enum of one symbol.
#[derive(Avro, Debug, Clone, Copy, PartialEq)]
enum Only {
    One,
}

#[test]
fn single_symbol_enum() {
    gallery!("only", Only, Only::One);
    assert_eq!(avrox::to_vec(&Only::One).unwrap(), [0]);
}

/// A record for a struct variant to hold.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.shapes")]
struct Point {
    x: f64,
    y: f64,
}

/// Every kind of variant in a union.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.shapes")]
enum Shape {
    /// A newtype variant of a primitive is that primitive's branch.
    Radius(f64),
    Label(String),
    /// A unit variant of a data enum is an empty record.
    Origin,
    /// A struct variant is a record named after the variant.
    Rect {
        width: f32,
        height: f32,
    },
    /// A tuple variant is a record with fields `_0`, `_1`, ...
    Segment(Point, Point),
    /// A newtype variant of a record is that record.
    At(Point),
    /// A newtype variant of an array, and of a map.
    Path(Vec<Point>),
    Named(BTreeMap<String, Point>),
    /// Renamed, with aliases and an explicit doc.
    #[avro(
        rename = "Poly",
        alias = "Polygon",
        alias = "legacy.Shape",
        doc = "A closed path."
    )]
    Polygon {
        #[avro(rename = "vertices")]
        points: Vec<Point>,
        #[avro(skip, default)]
        cached_area: Option<f64>,
        #[avro(default = true)]
        closed: bool,
    },
    /// A newtype variant of an enum, and of bytes.
    Suit(Suit),
    Raw(Vec<u8>),
    /// A tuple variant of one element is a newtype; of none an empty record.
    Empty(),
    Nothing {},
}

fn shapes() -> Vec<Shape> {
    let p = |x, y| Point { x, y };
    vec![
        Shape::Radius(1.5),
        Shape::Label("label".into()),
        Shape::Origin,
        Shape::Rect {
            width: 2.0,
            height: 3.0,
        },
        Shape::Segment(p(0.0, 0.0), p(1.0, 1.0)),
        Shape::At(p(-1.0, 2.0)),
        Shape::Path(vec![p(0.0, 1.0), p(1.0, 0.0)]),
        Shape::Named(BTreeMap::from([("a".into(), p(5.0, 5.0))])),
        Shape::Polygon {
            points: vec![p(0.0, 0.0), p(1.0, 0.0), p(0.0, 1.0)],
            cached_area: None,
            closed: false,
        },
        Shape::Suit(Suit::Diamonds),
        Shape::Raw(vec![1, 2, 3]),
        Shape::Empty(),
        Shape::Nothing {},
    ]
}

#[test]
fn data_enum() {
    insta::assert_snapshot!("shape", pretty::<Shape>());
    for (i, shape) in shapes().into_iter().enumerate() {
        let bytes = check(&shape);
        assert_eq!(bytes[0], (i as u8) * 2, "branch of {shape:?}");
        match avrox::to_value(&shape) {
            Value::Union(index, _) => assert_eq!(index as usize, i),
            other => panic!("{other:?}"),
        }
    }
    // A skipped field is not written and comes back as its default.
    let with_cache = Shape::Polygon {
        points: vec![],
        cached_area: Some(2.0),
        closed: true,
    };
    let bytes = avrox::to_vec(&with_cache).unwrap();
    assert_eq!(bytes, [16, 0, 1]);
    assert_eq!(
        avrox::from_slice::<Shape>(&bytes).unwrap(),
        Shape::Polygon {
            points: vec![],
            cached_area: None,
            closed: true,
        }
    );
    // A branch index past the variants is an error.
    let err = avrox::from_slice::<Shape>(&[26]).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::UnionIndex {
                index: 13,
                branches: 13
            }
        ),
        "{err}"
    );
}

/// A union of records in the null namespace, renamed by a rule.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(rename_all = "snake_case")]
enum Request {
    HttpGet { url: String },
    HttpPost { url: String, body: Vec<u8> },
    Ping,
}

#[test]
fn data_enum_rename_all() {
    insta::assert_snapshot!("request", pretty::<Request>());
    for request in [
        Request::HttpGet { url: "/".into() },
        Request::HttpPost {
            url: "/p".into(),
            body: vec![0],
        },
        Request::Ping,
    ] {
        check(&request);
    }
    assert!(Request::schema().lookup("http_get").is_some());
}

// ---------------------------------------------------------------------------
// Generics
// ---------------------------------------------------------------------------

/// A generic record: each instance has a name of its own.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.generic")]
struct Pair<A, B> {
    first: A,
    second: B,
}

/// A generic union.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.generic")]
enum Either<L, R> {
    Left(L),
    Right(R),
}

/// A generic enum with a record variant, whose name takes the labels too.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.generic")]
enum Slot<T> {
    Full { value: T },
    Vacant,
}

/// A generic record with a lifetime.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.generic")]
struct Page<'a, T> {
    items: Vec<T>,
    cursor: Option<&'a str>,
}

/// Several instances of each generic type in one schema.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct UsesGenerics {
    ints: Pair<i32, String>,
    longs: Pair<i64, Inner>,
    ints_again: Pair<i32, String>,
    nested: Pair<Pair<u8, u8>, Vec<Option<bool>>>,
    either: Either<i64, String>,
    either_records: Either<Inner, Point>,
    slot: Slot<Suit>,
    slots: Vec<Slot<Vec<i32>>>,
    mapped: Pair<BTreeMap<String, f32>, [u8; 3]>,
}

fn uses_generics() -> UsesGenerics {
    UsesGenerics {
        ints: Pair {
            first: 1,
            second: "one".into(),
        },
        longs: Pair {
            first: 2,
            second: inner(2),
        },
        ints_again: Pair {
            first: 3,
            second: "three".into(),
        },
        nested: Pair {
            first: Pair {
                first: 4,
                second: 5,
            },
            second: vec![None, Some(true)],
        },
        either: Either::Right("right".into()),
        either_records: Either::Left(inner(6)),
        slot: Slot::Full { value: Suit::Clubs },
        slots: vec![Slot::Vacant, Slot::Full { value: vec![7] }],
        mapped: Pair {
            first: BTreeMap::from([("f".into(), 1.0)]),
            second: [1, 2, 3],
        },
    }
}

#[test]
fn generics() {
    gallery!("uses_generics", UsesGenerics, uses_generics());
    let schema = UsesGenerics::schema();
    for name in [
        "gallery.generic.Pair_int_string",
        "gallery.generic.Pair_long_gallery_nested_Inner",
        "gallery.generic.Pair_int_int",
        "gallery.generic.Pair_gallery_generic_Pair_int_int_array_union_null_boolean",
        "gallery.generic.Full_gallery_cards_Suit",
        "gallery.generic.Vacant_gallery_cards_Suit",
        "gallery.generic.Full_array_int",
        "gallery.generic.Pair_map_float_avrox_fixed_3",
    ] {
        assert!(schema.lookup(name).is_some(), "{name} in {schema}");
    }
    // Each instance on its own.
    insta::assert_snapshot!("pair_int_string", pretty::<Pair<i32, String>>());
    check(&Pair {
        first: 1i32,
        second: "s".to_string(),
    });
    check(&Either::<i64, String>::Left(9));
    let page = Page {
        items: vec![inner(1)],
        cursor: Some("next"),
    };
    insta::assert_snapshot!("page_inner", pretty::<Page<'_, Inner>>());
    let bytes = avrox::to_vec(&page).unwrap();
    check_borrowed(&page, &bytes);
}

/// Two records of one simple name in two namespaces.
mod other_inner {
    #[derive(avrox::Avro, Debug, Clone, PartialEq)]
    #[avro(namespace = "gallery.elsewhere")]
    pub struct Inner {
        pub y: String,
    }
}

/// Instances of one generic type over those two.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct SameSimpleNames {
    here: Pair<Inner, i32>,
    there: Pair<other_inner::Inner, i32>,
}

/// A type argument's label is its fullname, so instances over two types of
/// one simple name are two types (they once shared one schema:
/// /tmp/bugs-derive.md #3).
#[test]
fn generic_instances_over_types_of_one_simple_name() {
    let x = SameSimpleNames {
        here: Pair {
            first: inner(1),
            second: 1,
        },
        there: Pair {
            first: other_inner::Inner { y: "y".into() },
            second: 2,
        },
    };
    check(&x);
    let schema = SameSimpleNames::schema();
    assert!(
        schema
            .lookup("gallery.generic.Pair_gallery_nested_Inner_int")
            .is_some()
    );
    assert!(
        schema
            .lookup("gallery.generic.Pair_gallery_elsewhere_Inner_int")
            .is_some()
    );
}

// ---------------------------------------------------------------------------
// Recursion
// ---------------------------------------------------------------------------

/// A linked list: recursion through `Option<Box<Self>>`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.rec")]
struct LinkedList {
    value: i32,
    next: Option<Box<LinkedList>>,
}

fn list(values: &[i32]) -> Option<Box<LinkedList>> {
    values.iter().rev().fold(None, |next, &value| {
        Some(Box::new(LinkedList { value, next }))
    })
}

/// A tree: recursion through `Vec<Self>` and a map.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.rec")]
struct Tree {
    label: String,
    children: Vec<Tree>,
    by_key: BTreeMap<String, Rc<Tree>>,
}

/// An expression: recursion through a union's record variants.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.rec")]
enum Expr {
    Lit(i64),
    Var(String),
    Neg { inner: Box<Expr> },
    Add(Box<Expr>, Box<Expr>),
    Call { name: String, args: Vec<Expr> },
}

/// Mutual recursion: a directory holds entries, an entry may be a directory.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.rec")]
struct Dir {
    name: String,
    entries: Vec<Entry>,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.rec")]
struct File {
    name: String,
    size: u64,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.rec")]
enum Entry {
    File(File),
    Dir(Dir),
    Link { target: Option<Box<Dir>> },
}

#[test]
fn recursion() {
    let x = *list(&[1, 2, 3]).unwrap();
    let bytes = gallery!("linked_list", LinkedList, x);
    assert_eq!(bytes, [2, 2, 4, 2, 6, 0]);

    let leaf = |l: &str| Tree {
        label: l.into(),
        children: vec![],
        by_key: BTreeMap::new(),
    };
    gallery!(
        "tree",
        Tree,
        Tree {
            label: "root".into(),
            children: vec![
                leaf("a"),
                Tree {
                    label: "b".into(),
                    children: vec![leaf("c")],
                    by_key: BTreeMap::from([("d".into(), Rc::new(leaf("d")))]),
                }
            ],
            by_key: BTreeMap::new(),
        }
    );

    let lit = |v| Box::new(Expr::Lit(v));
    gallery!(
        "expr",
        Expr,
        Expr::Call {
            name: "f".into(),
            args: vec![
                Expr::Add(lit(1), Box::new(Expr::Neg { inner: lit(2) })),
                Expr::Var("x".into()),
            ],
        }
    );

    gallery!(
        "dir",
        Dir,
        Dir {
            name: "/".into(),
            entries: vec![
                Entry::File(File {
                    name: "a".into(),
                    size: 10,
                }),
                Entry::Dir(Dir {
                    name: "sub".into(),
                    entries: vec![Entry::Link {
                        target: Some(Box::new(Dir {
                            name: "t".into(),
                            entries: vec![Entry::Link { target: None }]
                        })),
                    }],
                }),
            ],
        }
    );
    check(&Entry::Dir(Dir {
        name: "e".into(),
        entries: vec![],
    }));
}

// ---------------------------------------------------------------------------
// Struct shapes: transparent, newtype, tuple, unit
// ---------------------------------------------------------------------------

/// A transparent newtype is its field's type.
#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(transparent)]
struct UserId(u64);

/// A transparent struct with a named field.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(transparent)]
struct Email {
    address: String,
}

/// A transparent struct whose other field is skipped.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(transparent)]
struct Cached {
    values: Vec<i32>,
    #[avro(skip, default)]
    sum: Option<i64>,
}

/// A generic transparent wrapper.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(transparent)]
struct Wrapped<T>(T);

/// A newtype that is not transparent is a record with a field `_0`.
#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "gallery")]
struct Meters(f64);

/// A tuple struct: fields `_0`, `_1`, ...
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Rgb(u8, u8, u8, Option<String>);

/// A unit struct: a record without fields.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Marker;

/// A braced struct without fields.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct Empty {}

/// The shapes side by side.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery")]
struct StructShapes {
    id: UserId,
    email: Email,
    cached: Cached,
    wrapped: Wrapped<Inner>,
    wrapped_int: Wrapped<i32>,
    meters: Meters,
    color: Rgb,
    marker: Marker,
    empty: Empty,
    markers: Vec<Marker>,
}

#[test]
fn struct_shapes() {
    assert_eq!(UserId::schema().to_string(), r#""long""#);
    assert_eq!(Email::schema().to_string(), r#""string""#);
    assert_eq!(avrox::to_vec(&UserId(3)).unwrap(), [6]);
    check(&UserId(i64::MAX as u64));
    assert!(avrox::to_vec(&UserId(u64::MAX)).is_err());
    check(&Email {
        address: "a@b".into(),
    });
    insta::assert_snapshot!("meters", pretty::<Meters>());
    check(&Meters(1.0));
    insta::assert_snapshot!("marker", pretty::<Marker>());
    assert_eq!(check(&Marker), Vec::<u8>::new());
    assert_eq!(check(&Empty {}), Vec::<u8>::new());
    assert_eq!(avrox::to_value(&Marker), Value::Record(vec![]));
    gallery!(
        "struct_shapes",
        StructShapes,
        StructShapes {
            id: UserId(42),
            email: Email {
                address: "x@y.z".into(),
            },
            cached: Cached {
                values: vec![1, 2],
                sum: None,
            },
            wrapped: Wrapped(inner(1)),
            wrapped_int: Wrapped(-1),
            meters: Meters(2.5),
            color: Rgb(255, 128, 0, Some("orange".into())),
            marker: Marker,
            empty: Empty {},
            markers: vec![Marker, Marker, Marker],
        }
    );
    // The skipped field of a transparent struct is rebuilt from its default.
    let cached = Cached {
        values: vec![3],
        sum: Some(3),
    };
    let bytes = avrox::to_vec(&cached).unwrap();
    assert_eq!(bytes, avrox::to_vec(&vec![3i32]).unwrap());
    let back: Cached = avrox::from_slice(&bytes).unwrap();
    assert_eq!(back.sum, None);
    assert_eq!(
        avrox::from_value::<Cached>(avrox::to_value(&cached))
            .unwrap()
            .sum,
        None
    );
}

// ---------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------

/// A codec for `#[avro(with = ...)]`: an IPv4 address as its dotted string.
mod ip_as_string {
    use std::net::Ipv4Addr;

    use avrox::binary::SliceReader;
    use avrox::schema::{Node, NodeId, SchemaBuilder, Type};
    use avrox::{Error, ErrorKind, Result, Value};

    pub fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::String))
    }

    pub fn encode(ip: &Ipv4Addr, out: &mut Vec<u8>) -> Result<()> {
        avrox::binary::write_str(out, &ip.to_string());
        Ok(())
    }

    pub fn decode(r: &mut SliceReader<'_>) -> Result<Ipv4Addr> {
        let start = r.position();
        let s = r.read_str()?;
        s.parse()
            .map_err(|e| Error::new(ErrorKind::InvalidValue(format!("{s:?}: {e}"))).at(start))
    }

    pub fn to_value(ip: &Ipv4Addr) -> Value {
        Value::String(ip.to_string())
    }

    pub fn from_value(value: Value) -> Result<Ipv4Addr> {
        match value {
            Value::String(s) => s
                .parse()
                .map_err(|e| Error::new(ErrorKind::InvalidValue(format!("{s:?}: {e}")))),
            other => Err(Error::new(ErrorKind::Mismatch {
                expected: "string".into(),
                found: other.kind_name().into(),
            })),
        }
    }
}

/// A codec for `#[avro(with = ...)]` that writes a named type: a
/// `std::time::Duration` as a record of seconds and nanoseconds.
mod std_duration {
    use std::time::Duration;

    use avrox::binary::SliceReader;
    use avrox::schema::{Field, Name, Node, NodeId, Record, SchemaBuilder, Type};
    use avrox::{Decode, Encode, FromValue, Result, Value};

    pub fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        let name = Name::new("gallery.codec.StdDuration").unwrap();
        b.named(&name, "std::time::Duration", |b, _| {
            let secs = b.add(Node::new(Type::Long));
            let nanos = b.add(Node::new(Type::Int));
            Node::new(Type::Record(Record::new(
                name.clone(),
                vec![Field::new("secs", secs), Field::new("nanos", nanos)],
            )))
        })
    }

    pub fn encode(d: &Duration, out: &mut Vec<u8>) -> Result<()> {
        d.as_secs().encode(out)?;
        d.subsec_nanos().encode(out)
    }

    pub fn decode(r: &mut SliceReader<'_>) -> Result<Duration> {
        let secs = u64::decode(r)?;
        let start = r.position();
        let nanos = i32::decode(r)?;
        let nanos = u32::try_from(nanos)
            .ok()
            .filter(|n| *n < 1_000_000_000)
            .ok_or_else(|| {
                avrox::Error::new(avrox::ErrorKind::InvalidValue("nanos".into())).at(start)
            })?;
        Ok(Duration::new(secs, nanos))
    }

    pub fn to_value(d: &Duration) -> Value {
        Value::record([
            ("secs", Value::Long(d.as_secs() as i64)),
            ("nanos", Value::Int(d.subsec_nanos() as i32)),
        ])
    }

    pub fn from_value(value: Value) -> Result<Duration> {
        let secs = u64::from_value(value.get("secs").cloned().unwrap_or(Value::Null))?;
        let nanos = u32::from_value(value.get("nanos").cloned().unwrap_or(Value::Null))?;
        Ok(Duration::new(secs, nanos))
    }
}

/// Every field attribute and most container ones.
///
/// The doc comment becomes the record's doc,
/// joined line by line.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(
    name = "Account",
    namespace = "com.acme.bank",
    alias = "User",
    alias = "com.legacy.Customer",
    rename_all = "camelCase"
)]
struct AttributeGallery {
    /// `rename_all` makes this `userId`.
    user_id: u64,
    #[avro(rename = "DisplayName")]
    display_name: String,
    #[avro(alias = "mail", alias = "e_mail")]
    email_address: String,
    /// A doc comment on a field.
    balance_cents: i64,
    /// This comment is overridden by the attribute.
    #[avro(doc = "An explicit doc.")]
    notes: Option<String>,
    r#type: String,
    #[avro(default)]
    retries: u32,
    #[avro(default = 5)]
    limit: i32,
    #[avro(default = -2.5)]
    ratio: f64,
    #[avro(default = String::from("EUR"))]
    currency: String,
    #[avro(default = Suit::Hearts)]
    suit: Suit,
    #[avro(default)]
    default_suit: Suit,
    #[avro(default)]
    tags: Vec<String>,
    #[avro(default = vec![1, 2])]
    counts: Vec<i64>,
    #[avro(default)]
    labels: BTreeMap<String, String>,
    #[avro(default)]
    maybe: Option<i64>,
    #[avro(default = vec![0, 1, b'A', 0xe9, 0xff])]
    blob: Vec<u8>,
    #[avro(default = *b"AVRO")]
    magic: [u8; 4],
    #[avro(default)]
    inner: Inner,
    #[avro(skip, default)]
    cache: Option<String>,
    #[avro(skip, default = 42)]
    computed: i32,
    #[avro(with = ip_as_string)]
    address: Ipv4Addr,
    #[avro(with = std_duration)]
    timeout: std::time::Duration,
    #[avro(with = std_duration, default = std::time::Duration::from_millis(1500))]
    grace: std::time::Duration,
    #[avro(order = descending)]
    rank: i32,
    #[avro(order = ignore)]
    scratch: Vec<u8>,
    #[avro(order = ascending)]
    sort_key: String,
    #[avro(rename = "renamed_with_alias", alias = "old", doc = "All at once.", default, order = descending)]
    everything: i16,
}

fn attribute_gallery() -> AttributeGallery {
    AttributeGallery {
        user_id: 7,
        display_name: "Ann".into(),
        email_address: "ann@example.com".into(),
        balance_cents: -100,
        notes: None,
        r#type: "checking".into(),
        retries: 0,
        limit: 5,
        ratio: -2.5,
        currency: "EUR".into(),
        suit: Suit::Hearts,
        default_suit: Suit::Spades,
        tags: vec!["a".into()],
        counts: vec![1, 2],
        labels: BTreeMap::new(),
        maybe: None,
        blob: vec![0, 1, b'A', 0xe9, 0xff],
        magic: *b"AVRO",
        inner: Inner::default(),
        cache: None,
        computed: 42,
        address: Ipv4Addr::new(192, 168, 0, 1),
        timeout: std::time::Duration::new(30, 5),
        grace: std::time::Duration::from_millis(1500),
        rank: 1,
        scratch: vec![],
        sort_key: "k".into(),
        everything: -3,
    }
}

#[test]
fn attributes() {
    let x = attribute_gallery();
    gallery!("attribute_gallery", AttributeGallery, x.clone());
    type A = AttributeGallery;
    // Names.
    let schema = A::schema();
    assert_eq!(
        schema.root().name().map(|n| n.fullname()),
        Some("com.acme.bank.Account")
    );
    // Defaults in Avro JSON.
    let default = |f: &str| field_json::<A>(f)["default"].clone();
    assert_eq!(default("retries"), serde_json::json!(0));
    assert_eq!(default("limit"), serde_json::json!(5));
    assert_eq!(default("ratio"), serde_json::json!(-2.5));
    assert_eq!(default("currency"), serde_json::json!("EUR"));
    assert_eq!(default("suit"), serde_json::json!("HEARTS"));
    assert_eq!(default("defaultSuit"), serde_json::json!("SPADES"));
    assert_eq!(default("tags"), serde_json::json!([]));
    assert_eq!(default("counts"), serde_json::json!([1, 2]));
    assert_eq!(default("labels"), serde_json::json!({}));
    assert_eq!(default("maybe"), serde_json::Value::Null);
    assert_eq!(
        default("blob"),
        serde_json::json!("\u{0}\u{1}A\u{e9}\u{ff}")
    );
    assert_eq!(default("magic"), serde_json::json!("AVRO"));
    assert_eq!(default("inner"), serde_json::json!({"x": 0, "label": ""}));
    assert_eq!(
        default("grace"),
        serde_json::json!({"secs": 1, "nanos": 500_000_000})
    );
    assert_eq!(default("renamed_with_alias"), serde_json::json!(0));
    // Fields without a default have none; skipped fields are absent.
    assert!(field_json::<A>("userId").get("default").is_none());
    let names: Vec<String> = schema.to_json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n == "cache" || n == "computed"),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "type"), "{names:?}");
    // Orders.
    assert_eq!(field_json::<A>("rank")["order"], "descending");
    assert_eq!(field_json::<A>("scratch")["order"], "ignore");
    // Skipped fields are rebuilt from their defaults.
    let changed = AttributeGallery {
        cache: Some("stale".into()),
        computed: 0,
        ..x.clone()
    };
    let bytes = avrox::to_vec(&changed).unwrap();
    assert_eq!(bytes, avrox::to_vec(&x).unwrap());
    assert_eq!(avrox::from_slice::<A>(&bytes).unwrap(), x);
    // A missing field with a default is filled in by from_value; one
    // without is an error naming it.
    let Value::Record(mut fields) = avrox::to_value(&x) else {
        unreachable!()
    };
    fields.retain(|(name, _)| name != "limit" && name != "grace");
    let back = avrox::from_value::<A>(Value::Record(fields.clone())).unwrap();
    assert_eq!(back, x);
    fields.retain(|(name, _)| name != "userId");
    let err = avrox::from_value::<A>(Value::Record(fields)).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::MissingField("userId".into()));
    // The `with` codec's error carries the path.
    let mut bad = avrox::to_value(&x);
    if let Value::Record(fields) = &mut bad {
        for (name, value) in fields {
            if name == "address" {
                *value = Value::String("999.1.1.1".into());
            }
        }
    }
    let bytes = bad.to_bytes(schema).unwrap();
    let err = avrox::from_slice::<A>(&bytes).unwrap_err();
    assert_eq!(err.path(), "Account.address", "{err}");
    assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err}");
}

/// `crate = path` for a re-exported runtime, and an explicit container doc
/// that wins over the comment.
mod runtime {
    pub use avrox as renamed;
}

/// This comment is overridden.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(crate = self::runtime::renamed, doc = "Explicit container doc.")]
struct WithCrate {
    number: i32,
    inner: Inner,
}

/// A data enum and a unit enum through the renamed crate too.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(crate = self::runtime::renamed)]
enum WithCrateEnum {
    A(i32),
    B { s: String },
}

#[test]
fn crate_path_and_explicit_doc() {
    gallery!(
        "with_crate",
        WithCrate,
        WithCrate {
            number: 1,
            inner: inner(1),
        }
    );
    assert_eq!(
        WithCrate::schema().to_json()["doc"],
        "Explicit container doc."
    );
    check(&WithCrateEnum::A(1));
    check(&WithCrateEnum::B { s: "b".into() });
}

/// `rename_all` with every rule, on fields.
macro_rules! rename_rule {
    // BUG /tmp/bugs-derive.md #2: `$rule:literal` is rejected by the derive.
    ($ty:ident, $rule:tt, $snap:literal, [$($expected:literal),*]) => {
        #[derive(Avro, Debug, Clone, PartialEq)]
        #[avro(namespace = "gallery.rename", rename_all = $rule)]
        struct $ty {
            user_id: i32,
            http_status_code: i32,
            x: i32,
        }

        insta::assert_snapshot!($snap, pretty::<$ty>());
        let names: Vec<String> = $ty::schema().to_json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, [$($expected),*]);
        check(&$ty {
            user_id: 1,
            http_status_code: 2,
            x: 3,
        });
    };
}

#[test]
fn rename_all_rules() {
    rename_rule!(
        Lower,
        "lowercase",
        "rename_lowercase",
        ["userid", "httpstatuscode", "x"]
    );
    rename_rule!(
        Upper,
        "UPPERCASE",
        "rename_uppercase",
        ["USERID", "HTTPSTATUSCODE", "X"]
    );
    rename_rule!(
        Pascal,
        "PascalCase",
        "rename_pascal",
        ["UserId", "HttpStatusCode", "X"]
    );
    rename_rule!(
        Camel,
        "camelCase",
        "rename_camel",
        ["userId", "httpStatusCode", "x"]
    );
    rename_rule!(
        Snake,
        "snake_case",
        "rename_snake",
        ["user_id", "http_status_code", "x"]
    );
    rename_rule!(
        Screaming,
        "SCREAMING_SNAKE_CASE",
        "rename_screaming",
        ["USER_ID", "HTTP_STATUS_CODE", "X"]
    );
}

/// `rename_all` on the symbols of an enum.
#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(rename_all = "camelCase", doc = "Status codes.")]
enum Status {
    NotFound,
    #[avro(rename = "OK")]
    Ok,
    InternalServerError,
}

#[test]
fn enum_rename_all_and_doc() {
    gallery!("status", Status, Status::InternalServerError);
    assert_eq!(
        Status::schema().to_json()["symbols"],
        serde_json::json!(["notFound", "OK", "internalServerError"])
    );
    assert_eq!(Status::schema().to_json()["doc"], "Status codes.");
}

/// Field attributes inside a struct variant and on a newtype variant.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.events")]
enum Event {
    #[avro(doc = "A login.")]
    Login {
        #[avro(rename = "user", alias = "username", doc = "Who.")]
        who: String,
        #[avro(with = ip_as_string)]
        from: Ipv4Addr,
        #[avro(default = 1)]
        attempts: u8,
        #[avro(order = descending)]
        at: i64,
    },
    Address(#[avro(with = ip_as_string)] Ipv4Addr),
    Logout(UserId),
}

#[test]
fn variant_field_attributes() {
    insta::assert_snapshot!("event", pretty::<Event>());
    check(&Event::Login {
        who: "ann".into(),
        from: Ipv4Addr::LOCALHOST,
        attempts: 2,
        at: 1_700_000_000,
    });
    // The newtype variant's codec is the branch's schema: a string.
    let bytes = check(&Event::Address(Ipv4Addr::new(10, 0, 0, 1)));
    assert_eq!(&bytes[..2], [2, 16]);
    assert_eq!(&bytes[2..], b"10.0.0.1");
    check(&Event::Logout(UserId(5)));
    let login = field_json_of(&Event::schema().to_json()[0], "user");
    assert_eq!(login["aliases"], serde_json::json!(["username"]));
    assert_eq!(login["doc"], "Who.");
    let attempts = field_json_of(&Event::schema().to_json()[0], "attempts");
    assert_eq!(attempts["default"], 1);
}

fn field_json_of(record: &serde_json::Value, field: &str) -> serde_json::Value {
    record["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("not a record: {record}"))
        .iter()
        .find(|f| f["name"] == field)
        .unwrap_or_else(|| panic!("no field {field} in {record}"))
        .clone()
}

/// Values of the gallery convert to JSON by the schema and back.
#[test]
fn json_mapping_of_gallery_values() {
    fn json_round_trip<T: AvroSchema + ToValue>(x: &T) {
        let value = avrox::to_value(x);
        let json = value
            .to_default_json(T::schema())
            .unwrap_or_else(|e| panic!("to_json: {e}"));
        let back = Value::from_default_json(&json, T::schema())
            .unwrap_or_else(|e| panic!("from_json: {e}"));
        // JSON carries no union branch for a null or a record; re-encoding
        // is the comparison that matters.
        assert_eq!(
            back.to_bytes(T::schema()).unwrap(),
            value.to_bytes(T::schema()).unwrap(),
            "{json}"
        );
    }
    // Unions of records are left out: the JSON of a union's value does not
    // say its branch, so a record may be read back as another branch.
    json_round_trip(&primitives_min());
    json_round_trip(&primitives_max());
    json_round_trip(&attribute_gallery());
    json_round_trip(&Pair {
        first: inner(1),
        second: vec![Suit::Clubs],
    });
}

// ---------------------------------------------------------------------------
// Logical types chosen by attribute (`unit`, `uuid`, `decimal`)
// ---------------------------------------------------------------------------

/// The logical-type attributes on avrox's own types and on `i64` counts.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.logical")]
struct LogicalAttributes {
    #[avro(unit = millis)]
    created_ms: i64,
    #[avro(unit = micros)]
    created_us: i64,
    #[avro(unit = nanos)]
    created_ns: i64,
    #[avro(unit = millis)]
    maybe_ms: Option<i64>,
    #[avro(unit = "micros", default = 0)]
    since: i64,
    #[avro(uuid = fixed)]
    id: Uuid,
    #[avro(uuid = fixed)]
    maybe_id: Option<Uuid>,
    #[avro(uuid = fixed)]
    other_id: Uuid,
    #[avro(uuid = string)]
    id_string: Uuid,
    #[avro(decimal(precision = 10, scale = 2))]
    price: Decimal,
    #[avro(decimal(precision = 18, scale = 4, size = 8))]
    fixed_price: Decimal,
    #[avro(decimal(precision = 5))]
    whole: Decimal,
    #[avro(decimal(precision = 10, scale = 2))]
    maybe_price: Option<Decimal>,
    #[avro(decimal(precision = 4, scale = 1), default = Decimal::from_i128(15, 1))]
    rate: Decimal,
}

fn logical_attributes() -> LogicalAttributes {
    LogicalAttributes {
        created_ms: 1_700_000_000_123,
        created_us: -1,
        created_ns: i64::MAX,
        maybe_ms: Some(0),
        since: 5,
        id: "6ba7b810-9dad-11d1-80b4-00c04fd430c8".parse().unwrap(),
        maybe_id: None,
        other_id: Uuid::from_bytes([0xff; 16]),
        id_string: Uuid::from_bytes([1; 16]),
        price: Decimal::from_i128(-12_345, 2),
        fixed_price: Decimal::from_i128(999_999_999_999_999_999, 4),
        whole: Decimal::from_i128(99_999, 0),
        maybe_price: Some(Decimal::from_i128(1, 2)),
        rate: Decimal::from_i128(15, 1),
    }
}

#[test]
fn logical_attributes_on_avrox_types() {
    let x = logical_attributes();
    let bytes = gallery!("logical_attributes", LogicalAttributes, x.clone());
    // `uuid = fixed` writes the 16 bytes raw.
    assert!(bytes.windows(16).any(|w| w == x.id.as_bytes()));
    // `decimal(.., size = 8)` writes 8 bytes, sign-extended.
    assert!(
        bytes
            .windows(8)
            .any(|w| w == 999_999_999_999_999_999i64.to_be_bytes())
    );
    // A default through the adapter is the adapter's JSON.
    assert_eq!(field_json::<LogicalAttributes>("since")["default"], 0);
    assert_eq!(
        field_json::<LogicalAttributes>("rate")["default"],
        serde_json::json!("\u{f}")
    );
    assert_eq!(
        avrox::to_value(&x).get("created_ms"),
        Some(&Value::TimestampMillis(1_700_000_000_123))
    );
    // A value the schema cannot hold fails to encode, naming the field.
    for bad in [
        LogicalAttributes {
            price: Decimal::from_i128(1, 3), // scale 3, the schema's is 2
            ..x.clone()
        },
        LogicalAttributes {
            whole: Decimal::from_i128(100_000, 0), // 6 digits, precision 5
            ..x.clone()
        },
    ] {
        let err = avrox::to_vec(&bad).unwrap_err();
        assert!(
            err.path().ends_with("price") || err.path().ends_with("whole"),
            "{err}"
        );
    }
}

/// `chrono`'s types, with and without a unit.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.chrono")]
struct ChronoTypes {
    date: chrono::NaiveDate,
    time: chrono::NaiveTime,
    at: chrono::DateTime<chrono::Utc>,
    local: chrono::NaiveDateTime,
    #[avro(unit = millis)]
    time_ms: chrono::NaiveTime,
    #[avro(unit = millis)]
    at_ms: chrono::DateTime<chrono::Utc>,
    #[avro(unit = nanos)]
    at_ns: chrono::DateTime<chrono::Utc>,
    #[avro(unit = nanos)]
    local_ns: chrono::NaiveDateTime,
    #[avro(unit = millis)]
    maybe_at: Option<chrono::DateTime<chrono::Utc>>,
    dates: Vec<chrono::NaiveDate>,
}

#[test]
fn chrono_types() {
    use chrono::{NaiveDate, NaiveTime};
    let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let before_epoch = NaiveDate::from_ymd_opt(1969, 7, 20).unwrap();
    let time = NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap();
    let ms = NaiveTime::from_hms_milli_opt(12, 0, 0, 1).unwrap();
    let at = date.and_time(time).and_utc();
    let at_ms = before_epoch.and_time(ms).and_utc();
    let at_ns = date
        .and_time(NaiveTime::from_hms_nano_opt(1, 2, 3, 456_789_012).unwrap())
        .and_utc();
    let x = ChronoTypes {
        date,
        time,
        at,
        local: at.naive_utc(),
        time_ms: ms,
        at_ms,
        at_ns,
        local_ns: at_ns.naive_utc(),
        maybe_at: Some(at_ms),
        dates: vec![before_epoch, NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()],
    };
    gallery!("chrono_types", ChronoTypes, x.clone());
    let value = avrox::to_value(&x);
    assert_eq!(value.get("date"), Some(&Value::Date(19_782)));
    assert_eq!(
        value.get("at_ns"),
        Some(&Value::TimestampNanos(at_ns.timestamp_nanos_opt().unwrap()))
    );
    // A timestamp past 2262 has no `long` of nanoseconds.
    let far = NaiveDate::from_ymd_opt(2300, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let err = avrox::to_vec(&ChronoTypes {
        at_ns: far,
        ..x.clone()
    })
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::OutOfRange { .. }), "{err}");
    assert!(err.path().ends_with("at_ns"), "{err}");
    // Writing floors to the unit: half a millisecond before the epoch is
    // -1 millisecond.
    let almost = chrono::DateTime::from_timestamp(-1, 999_500_000).unwrap();
    let floored = ChronoTypes {
        at_ms: almost,
        ..x.clone()
    };
    let back: ChronoTypes = avrox::from_slice(&avrox::to_vec(&floored).unwrap()).unwrap();
    assert_eq!(back.at_ms.timestamp_millis(), -1);
}

/// A time of day in nanoseconds has no Avro type: the schema does not
/// build, and says why.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.chrono")]
struct NanoTimeOfDay {
    #[avro(unit = nanos)]
    time: chrono::NaiveTime,
}

#[test]
#[should_panic(expected = "time-nanos")]
fn time_of_day_in_nanos_has_no_schema() {
    let _ = NanoTimeOfDay::schema();
}

/// `time`'s types, with and without a unit.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.time")]
struct TimeTypes {
    date: time::Date,
    time: time::Time,
    at: time::OffsetDateTime,
    utc: time::UtcDateTime,
    local: time::PrimitiveDateTime,
    #[avro(unit = millis)]
    time_ms: time::Time,
    #[avro(unit = nanos)]
    at_ns: time::OffsetDateTime,
    #[avro(unit = millis)]
    local_ms: Option<time::PrimitiveDateTime>,
}

#[test]
fn time_types() {
    use time::{Date, Month, PrimitiveDateTime, Time, UtcDateTime};
    let date = Date::from_calendar_date(2024, Month::February, 29).unwrap();
    let time = Time::from_hms_micro(23, 59, 59, 999_999).unwrap();
    let local = PrimitiveDateTime::new(date, time);
    let at_ns = PrimitiveDateTime::new(date, Time::from_hms_nano(1, 2, 3, 456_789_012).unwrap());
    let x = TimeTypes {
        date,
        time,
        at: local.assume_utc(),
        utc: UtcDateTime::new(date, time),
        local,
        time_ms: Time::from_hms_milli(0, 0, 0, 1).unwrap(),
        at_ns: at_ns.assume_utc(),
        local_ms: Some(PrimitiveDateTime::new(
            Date::from_calendar_date(1960, Month::January, 1).unwrap(),
            Time::from_hms_milli(12, 30, 0, 500).unwrap(),
        )),
    };
    gallery!("time_types", TimeTypes, x);
}

/// `uuid::Uuid` as a string, and as a fixed by attribute.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.uuid")]
struct UuidTypes {
    id: uuid::Uuid,
    #[avro(uuid = fixed)]
    fixed: uuid::Uuid,
    maybe: Option<uuid::Uuid>,
    #[avro(uuid = fixed)]
    maybe_fixed: Option<uuid::Uuid>,
    ids: Vec<uuid::Uuid>,
}

#[test]
fn uuid_types() {
    let id = uuid::Uuid::from_bytes([
        0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ]);
    let x = UuidTypes {
        id,
        fixed: id,
        maybe: Some(uuid::Uuid::nil()),
        maybe_fixed: Some(uuid::Uuid::max()),
        ids: vec![id, uuid::Uuid::nil()],
    };
    let bytes = gallery!("uuid_types", UuidTypes, x.clone());
    assert_eq!(bytes[0], 72);
    assert_eq!(&bytes[1..37], b"6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assert_eq!(&bytes[37..53], id.as_bytes());
    // The same bytes as avrox's own Uuid with the same attributes.
    #[derive(Avro, Debug, Clone, PartialEq)]
    #[avro(name = "UuidTypes", namespace = "gallery.uuid")]
    struct Own {
        id: Uuid,
        #[avro(uuid = fixed)]
        fixed: Uuid,
        maybe: Option<Uuid>,
        #[avro(uuid = fixed)]
        maybe_fixed: Option<Uuid>,
        ids: Vec<Uuid>,
    }
    assert_eq!(
        UuidTypes::schema().canonical_form(),
        Own::schema().canonical_form()
    );
    let own: Own = avrox::from_slice(&bytes).unwrap();
    assert_eq!(own.id.as_bytes(), id.as_bytes());
    assert_eq!(avrox::to_vec(&own).unwrap(), bytes);
    // Reading accepts the hyphenated form in either case (RFC 4122: "case
    // insensitive on input"), as the generic decoder does ...
    let mut upper = bytes.clone();
    upper[1..37].make_ascii_uppercase();
    assert_eq!(avrox::from_slice::<UuidTypes>(&upper).unwrap(), x);
    assert!(Value::decode(&upper, UuidTypes::schema()).is_ok());
    // ... and nothing else: here 36 characters without the hyphens' places.
    let mut shifted = bytes.clone();
    shifted[1..37].copy_from_slice(b"6ba7b8109dad11d180b400c04fd430c8----");
    let err = avrox::from_slice::<UuidTypes>(&shifted).unwrap_err();
    assert_eq!(err.path(), "UuidTypes.id");
    assert_eq!(err.offset(), Some(0));
    assert!(Value::decode(&shifted, UuidTypes::schema()).is_err());
}

// (`big_decimal`: a field of it must choose; the doc comment is in the
// snapshot.)
/// `rust_decimal::Decimal` as a `big-decimal`, and as a `decimal` of
/// bytes or fixed by attribute.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "gallery.decimal")]
struct RustDecimals {
    #[avro(big_decimal)]
    big: rust_decimal::Decimal,
    #[avro(decimal(precision = 12, scale = 3))]
    bytes: rust_decimal::Decimal,
    #[avro(decimal(precision = 12, scale = 3, size = 6))]
    fixed: rust_decimal::Decimal,
    #[avro(decimal(precision = 28, scale = 10))]
    maybe: Option<rust_decimal::Decimal>,
    #[avro(big_decimal)]
    list: Vec<rust_decimal::Decimal>,
}

#[test]
fn rust_decimal_types() {
    use rust_decimal::Decimal as D;
    let x = RustDecimals {
        big: D::new(-123_456_789, 4),
        bytes: D::new(1_234_567_890, 3),
        fixed: D::new(-999_999_999_999, 3),
        maybe: Some(D::new(1, 10)),
        list: vec![D::ZERO, D::MAX, D::MIN, D::new(5, 28)],
    };
    gallery!("rust_decimals", RustDecimals, x.clone());
    // A number is rescaled to the schema's scale when that keeps it exact.
    let rescaled = RustDecimals {
        bytes: D::new(15, 1), // 1.5 is 1.500
        ..x.clone()
    };
    let back: RustDecimals = avrox::from_slice(&avrox::to_vec(&rescaled).unwrap()).unwrap();
    assert_eq!(back.bytes, D::new(1500, 3));
    assert_eq!(back.bytes.to_string(), "1.500");
    // Not when it would drop digits.
    let err = avrox::to_vec(&RustDecimals {
        bytes: D::new(12_345, 4),
        ..x.clone()
    })
    .unwrap_err();
    assert!(err.path().ends_with("bytes"), "{err}");
    // Nor past the precision.
    let err = avrox::to_vec(&RustDecimals {
        fixed: D::new(1_000_000_000_000, 3),
        ..x
    })
    .unwrap_err();
    assert!(err.path().ends_with("fixed"), "{err}");
}
