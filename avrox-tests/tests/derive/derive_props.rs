//! Property tests of derived types: random instances of several gallery
//! types, from hand-written strategies.
//!
//! For every instance `x` of a derived type `T`:
//! - `from_slice(to_vec(x)) == x` (round trip);
//! - `to_value(x).to_bytes(T::schema()) == to_vec(x)` (the derived encoder
//!   writes what the generic one writes);
//! - `Value::decode(to_vec(x), T::schema()) == to_value(x)` (the generic
//!   decoder reads what the derived conversion gives);
//! - `from_value(to_value(x)) == x`.
//!
//! And for bytes that are not an encoding (a valid encoding cut, mutated or
//! extended): the derived decoder and the generic decoder agree on whether
//! they are valid, and on the value when they are.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Debug;

use avrox::binary::Limits;
use avrox::value::{Decimal, Duration, Uuid};
use avrox::{Avro, AvroSchema, DecodeOwned, Encode, FromValue, ToValue, Value};
use avrox_tests::strategies::config;
use proptest::collection::{btree_map, hash_map, vec, vec_deque};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct Scalars {
    flag: bool,
    a: i8,
    b: i16,
    c: i32,
    d: i64,
    e: u8,
    f: u16,
    g: u32,
    h: u64,
    i: usize,
    x: f32,
    y: f64,
    unit: (),
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct Texty {
    s: String,
    b: Vec<u8>,
    fixed: [u8; 3],
    list: Vec<String>,
    map: BTreeMap<String, i64>,
    hmap: HashMap<String, Vec<u8>>,
    deque: VecDeque<i32>,
    arr: [i16; 2],
    boxed: Box<str>,
}

#[derive(Avro, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[avro(namespace = "props", rename_all = "lowercase")]
enum Kind {
    Alpha,
    #[avro(default)]
    Beta,
    Gamma,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct Inner {
    x: i32,
    tag: Option<String>,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
enum Shape {
    Circle(f64),
    Label(String),
    Origin,
    Rect { w: f32, h: f32 },
    Seg(i32, i32),
    Nested(Inner),
    Kinds(Vec<Kind>),
}

/// Recursion through a vector and through `Option<Box<Self>>`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct Tree {
    label: String,
    kids: Vec<Tree>,
    next: Option<Box<Tree>>,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct Pair<A, B> {
    first: A,
    second: B,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct Logicals {
    id: Uuid,
    amount: Decimal,
    period: Duration,
    maybe: Option<Uuid>,
}

/// All of the above together, with attributes.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props", rename_all = "camelCase")]
struct Everything {
    scalars: Scalars,
    texty: Texty,
    shapes: Vec<Shape>,
    tree: Tree,
    pair: Pair<Kind, Vec<Shape>>,
    logicals: Logicals,
    maybe_inner: Option<Inner>,
    #[avro(default)]
    kind_by_name: BTreeMap<String, Kind>,
    #[avro(skip, default)]
    skipped: Option<String>,
}

/// Logical types by attribute, and the third-party types of avrox's
/// features.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct LogicalAttrs {
    #[avro(unit = millis)]
    ms: i64,
    #[avro(unit = nanos)]
    ns: Option<i64>,
    #[avro(uuid = fixed)]
    id: Uuid,
    #[avro(decimal(precision = 18, scale = 3))]
    price: Decimal,
    #[avro(decimal(precision = 18, scale = 3, size = 8))]
    fixed: Decimal,
    at: chrono::DateTime<chrono::Utc>,
    #[avro(unit = millis)]
    at_ms: chrono::DateTime<chrono::Utc>,
    date: chrono::NaiveDate,
    offset: time::OffsetDateTime,
    #[avro(big_decimal)]
    big: rust_decimal::Decimal,
    #[avro(decimal(precision = 28, scale = 6))]
    scaled: rust_decimal::Decimal,
    uuid: uuid::Uuid,
}

/// A type that borrows from the input.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct Borrowed<'a> {
    s: &'a str,
    b: &'a [u8],
    c: Cow<'a, str>,
    list: Vec<&'a str>,
    map: BTreeMap<Cow<'a, str>, &'a [u8]>,
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// Floats without NaN (which is not equal to itself), with every other
/// class: zeros of both signs, subnormals, infinities.
fn float64() -> impl Strategy<Value = f64> {
    use proptest::num::f64::*;
    NORMAL | SUBNORMAL | ZERO | INFINITE | NEGATIVE | POSITIVE
}

fn float32() -> impl Strategy<Value = f32> {
    use proptest::num::f32::*;
    NORMAL | SUBNORMAL | ZERO | INFINITE | NEGATIVE | POSITIVE
}

/// Short strings, often empty, sometimes outside ASCII.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z]{1,6}",
        ".{0,8}",
        "[\u{80}-\u{10ffff}]{1,3}",
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 0..12)
}

prop_compose! {
    fn scalars()(
        flag in any::<bool>(),
        a in any::<i8>(),
        b in any::<i16>(),
        c in any::<i32>(),
        d in any::<i64>(),
        e in any::<u8>(),
        f in any::<u16>(),
        g in any::<u32>(),
        h in 0..=i64::MAX as u64,
        i in 0..=i64::MAX as usize,
        x in float32(),
        y in float64(),
    ) -> Scalars {
        Scalars { flag, a, b, c, d, e, f, g, h, i, x, y, unit: () }
    }
}

prop_compose! {
    fn texty()(
        s in text(),
        b in bytes(),
        fixed in any::<[u8; 3]>(),
        list in vec(text(), 0..4),
        map in btree_map(text(), any::<i64>(), 0..4),
        hmap in hash_map(text(), bytes(), 0..4),
        deque in vec_deque(any::<i32>(), 0..4),
        arr in any::<[i16; 2]>(),
        boxed in text(),
    ) -> Texty {
        Texty { s, b, fixed, list, map, hmap, deque, arr, boxed: boxed.into() }
    }
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Alpha), Just(Kind::Beta), Just(Kind::Gamma)]
}

prop_compose! {
    fn inner()(x in any::<i32>(), tag in proptest::option::of(text())) -> Inner {
        Inner { x, tag }
    }
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        float64().prop_map(Shape::Circle),
        text().prop_map(Shape::Label),
        Just(Shape::Origin),
        (float32(), float32()).prop_map(|(w, h)| Shape::Rect { w, h }),
        any::<(i32, i32)>().prop_map(|(a, b)| Shape::Seg(a, b)),
        inner().prop_map(Shape::Nested),
        vec(kind(), 0..4).prop_map(Shape::Kinds),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = text().prop_map(|label| Tree {
        label,
        kids: vec![],
        next: None,
    });
    leaf.prop_recursive(4, 24, 3, |element| {
        (
            text(),
            vec(element.clone(), 0..3),
            proptest::option::of(element.prop_map(Box::new)),
        )
            .prop_map(|(label, kids, next)| Tree { label, kids, next })
    })
}

fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i128>(), -3..20i32).prop_map(|(n, s)| Decimal::from_i128(n, s)),
        (vec(any::<u8>(), 0..24), 0..40i32).prop_map(|(b, s)| Decimal::from_unscaled_bytes(&b, s)),
    ]
}

prop_compose! {
    fn logicals()(
        id in any::<[u8; 16]>(),
        amount in decimal(),
        period in any::<(u32, u32, u32)>(),
        maybe in proptest::option::of(any::<[u8; 16]>()),
    ) -> Logicals {
        Logicals {
            id: Uuid::from_bytes(id),
            amount,
            period: Duration::new(period.0, period.1, period.2),
            maybe: maybe.map(Uuid::from_bytes),
        }
    }
}

prop_compose! {
    fn logical_attrs()(
        ms in any::<i64>(),
        ns in proptest::option::of(any::<i64>()),
        id in any::<[u8; 16]>(),
        price in -999_999_999_999_999_999i128..=999_999_999_999_999_999,
        fixed in -999_999_999_999_999_999i128..=999_999_999_999_999_999,
        at in -8_000_000_000_000_000_000i64..8_000_000_000_000_000_000,
        at_ms in -8_000_000_000_000_000i64..8_000_000_000_000_000,
        days in -90_000_000i32..90_000_000,
        offset in -62_000_000_000_000_000i64..253_000_000_000_000_000,
        big in (-(1i128 << 95)..(1i128 << 95), 0..=28u32),
        scaled in -(10i128.pow(22) - 1)..10i128.pow(22),
        uuid in any::<[u8; 16]>(),
    ) -> LogicalAttrs {
        LogicalAttrs {
            ms,
            ns,
            id: Uuid::from_bytes(id),
            price: Decimal::from_i128(price, 3),
            fixed: Decimal::from_i128(fixed, 3),
            at: chrono::DateTime::from_timestamp_micros(at).expect("in chrono's range"),
            at_ms: chrono::DateTime::from_timestamp_millis(at_ms).expect("in chrono's range"),
            date: chrono::NaiveDate::from_epoch_days(days).expect("in chrono's range"),
            offset: time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(offset) * 1000)
                .expect("in time's range"),
            big: rust_decimal::Decimal::try_from_i128_with_scale(big.0, big.1).expect("96 bits"),
            scaled: rust_decimal::Decimal::from_i128_with_scale(scaled, 6),
            uuid: uuid::Uuid::from_bytes(uuid),
        }
    }
}

prop_compose! {
    fn everything()(
        scalars in scalars(),
        texty in texty(),
        shapes in vec(shape(), 0..4),
        tree in tree(),
        pair in (kind(), vec(shape(), 0..3)),
        logicals in logicals(),
        maybe_inner in proptest::option::of(inner()),
        kind_by_name in btree_map(text(), kind(), 0..3),
    ) -> Everything {
        Everything {
            scalars,
            texty,
            shapes,
            tree,
            pair: Pair { first: pair.0, second: pair.1 },
            logicals,
            maybe_inner,
            kind_by_name,
            skipped: None,
        }
    }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// The four properties of the module docs, as a test-case result.
fn holds<T>(x: &T) -> Result<Vec<u8>, TestCaseError>
where
    T: AvroSchema + Encode + ToValue + DecodeOwned + FromValue + PartialEq + Debug,
{
    let bytes = avrox::to_vec(x).map_err(|e| TestCaseError::fail(format!("to_vec: {e}")))?;
    let back: T =
        avrox::from_slice(&bytes).map_err(|e| TestCaseError::fail(format!("from_slice: {e}")))?;
    prop_assert_eq!(&back, x);
    let value = avrox::to_value(x);
    let generic = value
        .to_bytes(T::schema())
        .map_err(|e| TestCaseError::fail(format!("Value::to_bytes: {e}")))?;
    prop_assert_eq!(&generic, &bytes);
    let decoded = Value::decode(&bytes, T::schema())
        .map_err(|e| TestCaseError::fail(format!("Value::decode: {e}")))?;
    prop_assert_eq!(&decoded, &value);
    let from: T =
        avrox::from_value(value).map_err(|e| TestCaseError::fail(format!("from_value: {e}")))?;
    prop_assert_eq!(&from, x);
    Ok(bytes)
}

/// Bytes derived from a valid encoding: cut short, one byte changed, a
/// byte inserted, or extended.
fn damaged(bytes: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = bytes.len();
    let b1 = bytes.clone();
    let b2 = bytes.clone();
    let b3 = bytes.clone();
    prop_oneof![
        (0..=len).prop_map(move |cut| b1[..cut].to_vec()),
        (0..len.max(1), any::<u8>()).prop_map(move |(i, v)| {
            let mut b = b2.clone();
            let n = b.len();
            if n > 0 {
                b[i % n] = v;
            }
            b
        }),
        (0..=len, any::<u8>()).prop_map(move |(i, v)| {
            let mut b = b3.clone();
            b.insert(i, v);
            b
        }),
        vec(any::<u8>(), 1..4).prop_map(move |tail| {
            let mut b = bytes.clone();
            b.extend(tail);
            b
        }),
    ]
}

/// The value with every map's entries sorted by key.
fn sorted_maps(value: Value) -> Value {
    match value {
        Value::Map(entries) => {
            let mut entries: Vec<_> = entries
                .into_iter()
                .map(|(k, v)| (k, sorted_maps(v)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Map(entries.into_iter().collect())
        }
        Value::Record(fields) => Value::Record(
            fields
                .into_iter()
                .map(|(k, v)| (k, sorted_maps(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(sorted_maps).collect()),
        Value::Union(i, inner) => Value::Union(i, Box::new(sorted_maps(*inner))),
        other => other,
    }
}

/// The derived decoder and the generic one accept the same damaged bytes,
/// and decode them to the same value. Neither panics.
///
/// Holds for types whose Rust fields are exactly as wide as their Avro
/// types (no `u8` in an `int`, no `[T; N]` of an array), whose only
/// difference from the generic decoder would be a range check.
fn decoders_agree<T>(bytes: &[u8]) -> Result<(), TestCaseError>
where
    T: AvroSchema + ToValue + DecodeOwned + Debug,
{
    let limits = Limits::default().max_allocation(1 << 20);
    let derived = avrox::from_slice_with_limits::<T>(bytes, limits);
    let generic = Value::decode_with_limits(bytes, T::schema(), limits);
    match (derived, generic) {
        // Compared by their encodings, since damage can make a NaN, which is
        // not equal to itself; with map entries in one order, since a
        // `HashMap` gives them back in its own.
        (Ok(x), Ok(v)) => prop_assert_eq!(
            sorted_maps(avrox::to_value(&x))
                .to_bytes(T::schema())
                .unwrap(),
            sorted_maps(v).to_bytes(T::schema()).unwrap()
        ),
        (Err(_), Err(_)) => {}
        (Ok(x), Err(e)) => {
            return Err(TestCaseError::fail(format!(
                "derived accepts {bytes:02x?} as {x:?}; Value::decode says {e}"
            )));
        }
        (Err(e), Ok(v)) => {
            return Err(TestCaseError::fail(format!(
                "Value::decode accepts {bytes:02x?} as {v:?}; derived says {e}"
            )));
        }
    }
    Ok(())
}

/// A record whose Rust fields are as wide as their Avro types.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "props")]
struct Exact {
    flag: bool,
    n: i32,
    l: i64,
    x: f64,
    s: String,
    b: Vec<u8>,
    list: Vec<i64>,
    map: BTreeMap<String, Option<String>>,
    kind: Kind,
    shape: Shape,
    inner: Option<Inner>,
}

prop_compose! {
    fn exact()(
        flag in any::<bool>(),
        n in any::<i32>(),
        l in any::<i64>(),
        x in float64(),
        s in text(),
        b in bytes(),
        list in vec(any::<i64>(), 0..4),
        map in btree_map(text(), proptest::option::of(text()), 0..3),
        kind in kind(),
        shape in shape(),
        inner in proptest::option::of(inner()),
    ) -> Exact {
        Exact { flag, n, l, x, s, b, list, map, kind, shape, inner }
    }
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn scalars_hold(x in scalars()) {
        holds(&x)?;
    }

    #[test]
    fn texty_holds(x in texty()) {
        holds(&x)?;
    }

    #[test]
    fn shapes_hold(x in shape()) {
        let bytes = holds(&x)?;
        // The branch index is the variant's position.
        let Value::Union(index, _) = avrox::to_value(&x) else {
            return Err(TestCaseError::fail("not a union"));
        };
        prop_assert_eq!(u32::from(bytes[0] / 2), index);
    }

    #[test]
    fn trees_hold(x in tree()) {
        holds(&x)?;
    }

    #[test]
    fn logicals_hold(x in logicals()) {
        holds(&x)?;
    }

    #[test]
    fn logical_attributes_hold(x in logical_attrs()) {
        holds(&x)?;
    }

    #[test]
    fn generic_pairs_hold(first in kind(), second in vec(shape(), 0..4)) {
        holds(&Pair { first, second })?;
    }

    #[test]
    fn borrowed_holds(
        s in text(),
        b in bytes(),
        c in text(),
        list in vec(text(), 0..4),
        map in btree_map(text(), bytes(), 0..3),
    ) {
        let x = Borrowed {
            s: &s,
            b: &b,
            c: Cow::Borrowed(&c),
            list: list.iter().map(String::as_str).collect(),
            map: map.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), v.as_slice())).collect(),
        };
        let bytes = avrox::to_vec(&x).unwrap();
        let back: Borrowed<'_> = avrox::from_slice(&bytes).unwrap();
        prop_assert_eq!(&back, &x);
        let value = avrox::to_value(&x);
        prop_assert_eq!(value.to_bytes(Borrowed::schema()).unwrap(), bytes.clone());
        prop_assert_eq!(Value::decode(&bytes, Borrowed::schema()).unwrap(), value);
    }

    /// NaN is not equal to itself, so floats with NaN are compared by their
    /// encoding: it survives a round trip bit for bit.
    #[test]
    fn floats_with_nan_keep_their_bits(x in any::<f32>(), y in any::<f64>()) {
        let s = Scalars { x, y, ..Scalars {
            flag: false, a: 0, b: 0, c: 0, d: 0, e: 0, f: 0, g: 0, h: 0, i: 0,
            x: 0.0, y: 0.0, unit: (),
        } };
        let bytes = avrox::to_vec(&s).unwrap();
        let back: Scalars = avrox::from_slice(&bytes).unwrap();
        prop_assert_eq!(back.x.to_bits(), x.to_bits());
        prop_assert_eq!(back.y.to_bits(), y.to_bits());
        prop_assert_eq!(avrox::to_value(&s).to_bytes(Scalars::schema()).unwrap(), bytes);
    }

    #[test]
    fn damaged_bytes_decode_alike((bytes, _) in exact().prop_flat_map(|x| {
        let bytes = avrox::to_vec(&x).unwrap();
        (damaged(bytes), Just(x))
    })) {
        decoders_agree::<Exact>(&bytes)?;
    }
}

proptest! {
    // The largest type: fewer cases keep the run short in debug builds.
    #![proptest_config(config(512))]

    #[test]
    fn everything_holds(x in everything()) {
        holds(&x)?;
    }

    #[test]
    fn damaged_everything_never_panics((bytes, _) in everything().prop_flat_map(|x| {
        let bytes = avrox::to_vec(&x).unwrap();
        (damaged(bytes), Just(x))
    })) {
        let limits = Limits::default().max_allocation(1 << 20);
        // Either result is fine; a panic fails the test.
        let _ = avrox::from_slice_with_limits::<Everything>(&bytes, limits);
        let _ = Value::decode_with_limits(&bytes, Everything::schema(), limits);
    }
}
