//! Hostile input to derived decoders: truncated, lying, out-of-range,
//! over-long, deeply nested and random bytes. Each must be an error that
//! says what, where in the value (`err.path()`, in Avro names) and at which
//! byte (`err.offset()`): never a panic, a hang, a stack overflow or an
//! out-of-memory.
//!
//! Where the generic decoder (`Value::decode`) reads the same bytes, it is
//! checked to agree: same verdict, and the same path and offset.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};

use avrox::binary::Limits;
use avrox::value::{Decimal, Duration, Uuid};
use avrox::{Avro, AvroSchema, Decode, Error, ErrorKind, Value};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A zig-zag varint, as the spec writes `int` and `long`.
fn varint(n: i64) -> Vec<u8> {
    let mut out = Vec::new();
    avrox::binary::write_long(&mut out, n);
    out
}

/// Decodes with the derived decoder, which must fail without panicking.
#[track_caller]
fn derived_err<'de, T: Decode<'de> + AvroSchema + std::fmt::Debug>(
    bytes: &'de [u8],
    limits: Limits,
) -> Error {
    match catch_unwind(AssertUnwindSafe(|| {
        avrox::from_slice_with_limits::<T>(bytes, limits)
    })) {
        // Not the value's Debug: a hostile value can be slow to print.
        Ok(Ok(_)) => panic!(
            "{} bytes decoded to a {}",
            bytes.len(),
            std::any::type_name::<T>()
        ),
        Ok(Err(e)) => {
            assert!(!e.to_string().is_empty());
            e
        }
        Err(_) => panic!("the derived decoder panicked on {bytes:02x?}"),
    }
}

/// Decodes with both decoders; both must fail, at the same place.
#[track_caller]
fn both_err<'de, T: Decode<'de> + AvroSchema + std::fmt::Debug>(
    bytes: &'de [u8],
    limits: Limits,
) -> Error {
    let derived = derived_err::<T>(bytes, limits);
    let generic = match catch_unwind(|| Value::decode_with_limits(bytes, T::schema(), limits)) {
        Ok(Ok(_)) => panic!(
            "Value::decode accepts {} bytes; derived says {derived}",
            bytes.len()
        ),
        Ok(Err(e)) => e,
        Err(_) => panic!("Value::decode panicked on {bytes:02x?}"),
    };
    assert_eq!(
        (derived.path(), derived.offset()),
        (generic.path(), generic.offset()),
        "derived: {derived}\ngeneric: {generic}"
    );
    derived
}

fn default_limits() -> Limits {
    Limits::default()
}

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "shop")]
enum Kind {
    Retail,
    Wholesale,
    Internal,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "shop")]
struct Line {
    sku: String,
    qty: u16,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "shop")]
enum Payment {
    Cash,
    Card { number: String, cvv: u16 },
    Voucher(u32),
}

/// An order: the type whose errors the paths are checked on.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "shop")]
struct Order {
    id: i64,
    lines: Vec<Line>,
    attrs: BTreeMap<String, u8>,
    payment: Payment,
    kind: Kind,
    note: Option<String>,
}

/// [`Line`] with every number as wide as its Avro type, to write what the
/// narrow fields cannot hold.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Line", namespace = "shop")]
struct WideLine {
    sku: String,
    qty: i32,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Payment", namespace = "shop")]
enum WidePayment {
    Cash,
    Card { number: String, cvv: i32 },
    Voucher(i64),
}

/// [`Order`] as wide as its schema, with the note as raw bytes (the same
/// encoding as a string, without the UTF-8 check).
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Order", namespace = "shop")]
struct WideOrder {
    id: i64,
    lines: Vec<WideLine>,
    attrs: BTreeMap<String, i32>,
    payment: WidePayment,
    kind: Kind,
    note: Option<Vec<u8>>,
}

fn wide_order() -> WideOrder {
    WideOrder {
        id: 7,
        lines: vec![
            WideLine {
                sku: "a".into(),
                qty: 1,
            },
            WideLine {
                sku: "b".into(),
                qty: 2,
            },
        ],
        attrs: BTreeMap::from([("color".into(), 3)]),
        payment: WidePayment::Card {
            number: "4111".into(),
            cvv: 123,
        },
        kind: Kind::Wholesale,
        note: Some(b"ok".to_vec()),
    }
}

/// A type with every kind of field, for truncation.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "hostile")]
struct Rich {
    flag: bool,
    small: u8,
    n: i32,
    l: i64,
    x: f32,
    y: f64,
    s: String,
    b: Vec<u8>,
    fixed: [u8; 4],
    lines: Vec<Line>,
    map: BTreeMap<String, Option<i64>>,
    hmap: HashMap<String, Vec<String>>,
    kind: Kind,
    payment: Payment,
    id: Uuid,
    amount: Decimal,
    period: Duration,
    arr: [i16; 3],
    next: Option<Box<Rich>>,
    /// Last, and never empty: no strict prefix is a whole encoding.
    tail: u32,
}

fn rich(next: Option<Box<Rich>>) -> Rich {
    Rich {
        flag: true,
        small: 200,
        n: -70_000,
        l: 1 << 40,
        x: 1.5,
        y: -2.25,
        s: "κόσμε".into(),
        b: vec![0, 1, 2],
        fixed: *b"ABCD",
        lines: vec![
            Line {
                sku: "x".into(),
                qty: 1,
            },
            Line {
                sku: "yy".into(),
                qty: 300,
            },
        ],
        map: BTreeMap::from([("a".into(), Some(-1)), ("b".into(), None)]),
        hmap: HashMap::from([("k".into(), vec!["v".into(), "w".into()])]),
        kind: Kind::Internal,
        payment: Payment::Card {
            number: "4111".into(),
            cvv: 999,
        },
        id: Uuid::from_bytes([0x5a; 16]),
        amount: "-123.45".parse().unwrap(),
        period: Duration::new(1, 2, 3),
        arr: [1, -2, 3],
        next,
        tail: 9,
    }
}

/// A recursive list.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "hostile")]
struct LinkedList {
    head: i32,
    next: Option<Box<LinkedList>>,
}

/// A recursive tree through a vector.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "hostile")]
struct Tree {
    label: String,
    kids: Vec<Tree>,
}

/// Recursion through a union's record variant.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "hostile")]
enum Expr {
    Lit(i64),
    Neg { inner: Box<Expr> },
}

// ---------------------------------------------------------------------------
// Truncation and random bytes
// ---------------------------------------------------------------------------

#[test]
fn every_truncation_of_a_rich_value_is_an_error() {
    let x = rich(Some(Box::new(rich(None))));
    let bytes = avrox::to_vec(&x).unwrap();
    assert_eq!(avrox::from_slice::<Rich>(&bytes).unwrap(), x);
    assert!(bytes.len() > 150, "{}", bytes.len());
    for cut in 0..bytes.len() {
        let prefix = &bytes[..cut];
        let err = both_err::<Rich>(prefix, default_limits());
        assert!(
            matches!(
                err.kind(),
                ErrorKind::UnexpectedEof { .. } | ErrorKind::InvalidBlockCount { .. }
            ),
            "cut at {cut}: {err}"
        );
        let offset = err
            .offset()
            .unwrap_or_else(|| panic!("cut at {cut}: no offset: {err}"));
        assert!(offset <= cut, "cut at {cut}: {err}");
        assert!(err.path().starts_with("Rich"), "cut at {cut}: {err}");
    }
}

#[test]
fn every_truncation_of_a_borrowing_value_is_an_error() {
    #[derive(Avro, Debug, PartialEq)]
    #[avro(namespace = "hostile")]
    struct Borrowing<'a> {
        title: &'a str,
        body: Cow<'a, str>,
        raw: &'a [u8],
        tags: Vec<&'a str>,
        meta: BTreeMap<Cow<'a, str>, &'a [u8]>,
        end: i64,
    }
    let x = Borrowing {
        title: "title",
        body: Cow::Borrowed("body"),
        raw: b"raw",
        tags: vec!["a", "b"],
        meta: BTreeMap::from([(Cow::Borrowed("k"), &b"v"[..])]),
        end: -1,
    };
    let bytes = avrox::to_vec(&x).unwrap();
    assert_eq!(avrox::from_slice::<Borrowing<'_>>(&bytes).unwrap(), x);
    for cut in 0..bytes.len() {
        let err = both_err::<Borrowing<'_>>(&bytes[..cut], default_limits());
        assert!(
            err.offset().is_some_and(|o| o <= cut),
            "cut at {cut}: {err}"
        );
    }
}

/// A small deterministic generator, so that failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_and_mutated_bytes_never_panic() {
    let valid = avrox::to_vec(&rich(Some(Box::new(rich(None))))).unwrap();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let limits = Limits::default().max_allocation(1 << 20);
    for round in 0..20_000 {
        let bytes: Vec<u8> = if round % 2 == 0 {
            let len = (rng.next() % 64) as usize;
            (0..len).map(|_| rng.next() as u8).collect()
        } else {
            let mut b = valid.clone();
            for _ in 0..=(rng.next() % 4) {
                let i = (rng.next() as usize) % b.len();
                b[i] = rng.next() as u8;
            }
            b
        };
        let result = catch_unwind(|| {
            let _ = avrox::from_slice_with_limits::<Rich>(&bytes, limits);
            let _ = avrox::from_slice_with_limits::<Order>(&bytes, limits);
            let _ = avrox::from_slice_with_limits::<Tree>(&bytes, limits);
            let _ = avrox::from_slice_with_limits::<Expr>(&bytes, limits);
        });
        assert!(result.is_ok(), "a decoder panicked on {bytes:02x?}");
    }
}

// ---------------------------------------------------------------------------
// Paths and offsets
// ---------------------------------------------------------------------------

/// The offset of `lines[1].qty` in the encoding of `order`.
fn qty_offset(order: &WideOrder) -> usize {
    let mut prefix = avrox::to_vec(&order.id).unwrap();
    prefix.extend(varint(order.lines.len() as i64));
    prefix.extend(avrox::to_vec(&order.lines[0]).unwrap());
    prefix.extend(avrox::to_vec(&order.lines[1].sku).unwrap());
    prefix.len()
}

#[test]
fn errors_carry_the_field_path_and_offset() {
    // The wide twin has the narrow type's wire shape (its note is bytes,
    // which are encoded as a string is).
    let ok = avrox::to_vec(&wide_order()).unwrap();
    assert!(avrox::from_slice::<Order>(&ok).is_ok());

    // An array item's field.
    let mut order = wide_order();
    order.lines[1].qty = 70_000;
    let bytes = avrox::to_vec(&order).unwrap();
    let err = derived_err::<Order>(&bytes, default_limits());
    assert_eq!(err.path(), "Order.lines[1].qty");
    assert_eq!(err.offset(), Some(qty_offset(&order)));
    assert_eq!(
        err.kind(),
        &ErrorKind::OutOfRange {
            value: 70_000,
            target: "u16"
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "Order.lines[1].qty at byte {}: 70000 is out of range for u16",
            qty_offset(&order)
        )
    );

    // A map value.
    let mut order = wide_order();
    order.attrs.insert("color".into(), 300);
    let err = derived_err::<Order>(&avrox::to_vec(&order).unwrap(), default_limits());
    assert_eq!(err.path(), r#"Order.attrs["color"]"#);
    assert!(matches!(
        err.kind(),
        ErrorKind::OutOfRange {
            value: 300,
            target: "u8"
        }
    ));

    // A field of a union's record branch.
    let mut order = wide_order();
    order.payment = WidePayment::Card {
        number: "1".into(),
        cvv: -1,
    };
    let err = derived_err::<Order>(&avrox::to_vec(&order).unwrap(), default_limits());
    assert_eq!(err.path(), "Order.payment.cvv");

    // A newtype branch.
    let mut order = wide_order();
    order.payment = WidePayment::Voucher(-5);
    let bytes = avrox::to_vec(&order).unwrap();
    let err = derived_err::<Order>(&bytes, default_limits());
    assert_eq!(err.path(), "Order.payment");
    assert!(matches!(
        err.kind(),
        ErrorKind::OutOfRange {
            value: -5,
            target: "u32"
        }
    ));
    // The voucher's long starts right after the branch index, which is
    // right after the attributes.
    let mut prefix = avrox::to_vec(&order.id).unwrap();
    prefix.extend(avrox::to_vec(&order.lines).unwrap());
    prefix.extend(avrox::to_vec(&order.attrs).unwrap());
    assert_eq!(err.offset(), Some(prefix.len() + 1));

    // Bad UTF-8 in an optional string.
    let mut order = wide_order();
    order.note = Some(vec![b'o', 0xff, b'k']);
    let bytes = avrox::to_vec(&order).unwrap();
    let err = both_err::<Order>(&bytes, default_limits());
    assert_eq!(err.path(), "Order.note");
    assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { valid_up_to: 1 });
    // The string's length starts 4 bytes from the end: length, o, ff, k.
    assert_eq!(err.offset(), Some(bytes.len() - 4));
}

/// The generic decoder names the same places as the derived one, for every
/// error both of them see (range checks of narrow Rust types aside).
#[test]
fn both_decoders_name_the_same_place() {
    // Wrong branch index of the union, inside the record.
    let mut bytes = avrox::to_vec(&wide_order()).unwrap();
    let ok = bytes.clone();
    let payment_at = {
        let o = wide_order();
        let mut p = avrox::to_vec(&o.id).unwrap();
        p.extend(avrox::to_vec(&o.lines).unwrap());
        p.extend(avrox::to_vec(&o.attrs).unwrap());
        p.len()
    };
    assert_eq!(bytes[payment_at], 2); // branch 1: Card
    bytes[payment_at] = 6; // branch 3 of 3
    let err = both_err::<Order>(&bytes, default_limits());
    assert_eq!(
        err.kind(),
        &ErrorKind::UnionIndex {
            index: 3,
            branches: 3
        }
    );
    assert_eq!(err.path(), "Order.payment");
    assert_eq!(err.offset(), Some(payment_at));

    // Truncated inside an array item's string.
    let sku_at = {
        let o = wide_order();
        let mut p = avrox::to_vec(&o.id).unwrap();
        p.extend(varint(2));
        p.extend(avrox::to_vec(&o.lines[0]).unwrap());
        p.len()
    };
    let err = both_err::<Order>(&ok[..sku_at + 1], default_limits());
    assert_eq!(err.path(), "Order.lines[1].sku");
    assert_eq!(err.offset(), Some(sku_at));
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );

    // An enum index past the symbols.
    let kind_at = ok.len() - 5; // kind, then the note: branch, length, "ok"
    assert_eq!(ok[kind_at], 2); // Wholesale
    let mut bytes = ok.clone();
    bytes[kind_at] = 6;
    let err = both_err::<Order>(&bytes, default_limits());
    assert_eq!(
        err.kind(),
        &ErrorKind::EnumIndex {
            index: 3,
            symbols: 3
        }
    );
    assert_eq!(err.path(), "Order.kind");
    assert_eq!(err.offset(), Some(kind_at));
}

// ---------------------------------------------------------------------------
// Unions and enums
// ---------------------------------------------------------------------------

#[test]
fn wrong_union_branch_indexes() {
    for (index, bytes) in [
        (3, varint(3)),
        (-1, varint(-1)),
        (i64::from(i32::MAX), varint(i64::from(i32::MAX))),
        (1 << 40, varint(1 << 40)),
        (i64::MIN, varint(i64::MIN)),
    ] {
        let err = derived_err::<Payment>(&bytes, default_limits());
        assert_eq!(
            err.kind(),
            &ErrorKind::UnionIndex { index, branches: 3 },
            "{index}: {err}"
        );
        assert_eq!(err.offset(), Some(0));
        assert_eq!(err.path(), "");
    }
    // The `Option` of a field: branch 2 of 2.
    let mut bytes = avrox::to_vec(&wide_order()).unwrap();
    let note_at = bytes.len() - 4;
    assert_eq!(bytes[note_at], 2);
    bytes[note_at] = 4;
    let err = both_err::<Order>(&bytes, default_limits());
    assert_eq!(
        err.kind(),
        &ErrorKind::UnionIndex {
            index: 2,
            branches: 2
        }
    );
    assert_eq!(err.path(), "Order.note");
    // A branch index whose varint never ends.
    let err = derived_err::<Payment>(&[0xff; 11], default_limits());
    assert_eq!(err.kind(), &ErrorKind::VarintTooLong);
    let err = derived_err::<Payment>(&[0x80], default_limits());
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );
}

#[test]
fn wrong_enum_indexes() {
    for (index, bytes) in [(3, varint(3)), (-1, varint(-1)), (1000, varint(1000))] {
        let err = both_err::<Kind>(&bytes, default_limits());
        assert_eq!(err.kind(), &ErrorKind::EnumIndex { index, symbols: 3 });
        assert_eq!(err.offset(), Some(0));
    }
    // An enum index is an int: past 32 bits it is not an index at all.
    let err = both_err::<Kind>(&varint(1 << 33), default_limits());
    assert!(matches!(err.kind(), ErrorKind::IntOutOfRange(_)), "{err}");
}

// ---------------------------------------------------------------------------
// UTF-8
// ---------------------------------------------------------------------------

/// The borrowed fields of a document.
#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "hostile")]
struct Doc<'a> {
    title: &'a str,
    body: Cow<'a, str>,
    tags: Vec<&'a str>,
    meta: BTreeMap<Cow<'a, str>, &'a str>,
    owned: String,
}

/// [`Doc`] with raw bytes where the strings are.
#[derive(Avro, Debug, PartialEq)]
#[avro(name = "Doc", namespace = "hostile")]
struct RawDoc {
    title: Vec<u8>,
    body: Vec<u8>,
    tags: Vec<Vec<u8>>,
    meta: BTreeMap<String, Vec<u8>>,
    owned: Vec<u8>,
}

fn raw_doc() -> RawDoc {
    RawDoc {
        title: b"title".to_vec(),
        body: b"body".to_vec(),
        tags: vec![b"a".to_vec(), b"b".to_vec()],
        meta: BTreeMap::from([("k".into(), b"v".to_vec())]),
        owned: b"owned".to_vec(),
    }
}

#[test]
fn bad_utf8_in_borrowed_strings() {
    let bytes = avrox::to_vec(&raw_doc()).unwrap();
    let doc: Doc<'_> = avrox::from_slice(&bytes).unwrap();
    assert_eq!(doc.title, "title");

    type Damage = (&'static str, fn(&mut RawDoc), usize);
    let cases: [Damage; 5] = [
        ("Doc.title", |d| d.title = b"ti\xc3".to_vec(), 2),
        ("Doc.body", |d| d.body = b"\xed\xa0\x80".to_vec(), 0), // a surrogate
        ("Doc.tags[1]", |d| d.tags[1] = b"b\xff".to_vec(), 1),
        (
            r#"Doc.meta["k"]"#,
            |d| d.meta.insert("k".into(), b"\x80".to_vec()).map_or((), drop),
            0,
        ),
        (
            "Doc.owned",
            |d| d.owned = b"\xf8\x88\x80\x80\x80".to_vec(),
            0,
        ),
    ];
    for (path, damage, valid_up_to) in cases {
        let mut raw = raw_doc();
        damage(&mut raw);
        let bytes = avrox::to_vec(&raw).unwrap();
        let err = both_err::<Doc<'_>>(&bytes, default_limits());
        assert_eq!(err.path(), path);
        assert_eq!(
            err.kind(),
            &ErrorKind::InvalidUtf8 { valid_up_to },
            "{path}"
        );
    }

    // A bad map key: the key is read before its value, so the error is at
    // the map (no key to name yet).
    let mut bytes = avrox::to_vec(&RawDoc {
        meta: BTreeMap::from([("kk".into(), b"v".to_vec())]),
        ..raw_doc()
    })
    .unwrap();
    let key_at = bytes.windows(2).position(|w| w == b"kk").unwrap();
    bytes[key_at + 1] = 0xfe;
    let err = both_err::<Doc<'_>>(&bytes, default_limits());
    assert_eq!(err.path(), "Doc.meta");
    assert_eq!(err.kind(), &ErrorKind::InvalidUtf8 { valid_up_to: 1 });
    assert_eq!(err.offset(), Some(key_at - 1));
}

// ---------------------------------------------------------------------------
// Lengths and counts past the limits
// ---------------------------------------------------------------------------

#[test]
fn lengths_past_the_limits() {
    #[derive(Avro, Debug, PartialEq)]
    #[avro(namespace = "hostile")]
    struct Blobs<'a> {
        owned: String,
        bytes: Vec<u8>,
        borrowed: &'a [u8],
    }
    let x = Blobs {
        owned: "x".repeat(10),
        bytes: vec![1; 10],
        borrowed: &[2; 100],
    };
    let bytes = avrox::to_vec(&x).unwrap();
    // Borrowed bytes allocate nothing: 20 bytes of allocation are enough.
    let tight = Limits::default().max_allocation(20);
    assert_eq!(
        avrox::from_slice_with_limits::<Blobs<'_>>(&bytes, tight).unwrap(),
        x
    );
    // 19 are not.
    let err = derived_err::<Blobs<'_>>(&bytes, Limits::default().max_allocation(19));
    assert_eq!(err.path(), "Blobs.bytes");
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::Allocation,
                max: 19,
                ..
            }
        ),
        "{err}"
    );
    // A length past the end of the input.
    let mut lying = varint(1 << 40);
    lying.extend(b"short");
    let err = both_err::<Blobs<'_>>(&lying, default_limits());
    assert_eq!(err.path(), "Blobs.owned");
    assert!(
        matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
        "{err}"
    );
    // A negative length.
    let err = both_err::<Blobs<'_>>(&varint(-3), default_limits());
    assert_eq!(err.kind(), &ErrorKind::NegativeLength(-3));
    assert_eq!(err.offset(), Some(0));
}

#[test]
fn collection_counts_past_the_limits() {
    #[derive(Avro, Debug, PartialEq)]
    #[avro(namespace = "hostile")]
    struct Lists {
        ints: Vec<i32>,
        map: HashMap<String, i64>,
    }
    let x = Lists {
        ints: vec![1, 2, 3, 4],
        map: HashMap::from([("a".into(), 1)]),
    };
    let bytes = avrox::to_vec(&x).unwrap();
    let at_four = Limits::default().max_collection_items(4);
    assert_eq!(
        avrox::from_slice_with_limits::<Lists>(&bytes, at_four).unwrap(),
        x
    );
    let at_three = Limits::default().max_collection_items(3);
    let err = both_err::<Lists>(&bytes, at_three);
    assert_eq!(err.path(), "Lists.ints");
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                limit: avrox::error::Limit::CollectionItems,
                max: 3,
                requested: 4
            }
        ),
        "{err}"
    );
    // The count is over all the blocks of one array: two blocks of two.
    let mut blocks = Vec::new();
    for _ in 0..2 {
        blocks.extend(varint(2));
        blocks.extend(varint(1));
        blocks.extend(varint(2));
    }
    blocks.push(0);
    blocks.push(0); // the empty map
    let err = both_err::<Lists>(&blocks, at_three);
    assert!(
        matches!(err.kind(), ErrorKind::LimitExceeded { requested: 4, .. }),
        "{err}"
    );
    // A block with a byte size (negative count) reads the same.
    let mut sized = varint(-2);
    sized.extend(varint(2));
    sized.extend(varint(5));
    sized.extend(varint(6));
    sized.extend([0, 0]);
    let lists: Lists = avrox::from_slice(&sized).unwrap();
    assert_eq!(lists.ints, [5, 6]);
    // A byte size past the end of the input.
    let mut lying = varint(-2);
    lying.extend(varint(100));
    lying.extend(varint(5));
    let err = both_err::<Lists>(&lying, default_limits());
    assert_eq!(err.path(), "Lists.ints");
    // A count that cannot be negated.
    let err = both_err::<Lists>(&varint(i64::MIN), default_limits());
    assert_eq!(
        err.kind(),
        &ErrorKind::InvalidBlockCount {
            count: i64::MIN,
            problem: avrox::error::BlockCountProblem::CannotNegate
        }
    );
    // A count whose items cannot fit in what is left.
    let mut huge = varint(1 << 40);
    huge.extend([2, 4, 6]);
    let err = both_err::<Lists>(&huge, default_limits());
    assert_eq!(
        err.kind(),
        &ErrorKind::InvalidBlockCount {
            count: 1 << 40,
            problem: avrox::error::BlockCountProblem::DoesNotFit
        }
    );
    assert_eq!(err.offset(), Some(0));
}

/// Items that take no bytes: only the limits bound their count.
#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "hostile")]
struct Nulls {
    items: Vec<()>,
}

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "hostile")]
struct Marker;

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "hostile")]
struct Markers {
    items: Vec<Marker>,
    fixed: Vec<[u8; 0]>,
}

#[test]
fn huge_counts_of_empty_items() {
    // 2^40 nulls in 6 bytes.
    let mut bytes = varint(1 << 40);
    bytes.push(0);
    let err = derived_err::<Nulls>(&bytes, default_limits());
    assert_eq!(err.path(), "Nulls.items");
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::CollectionItems),
        "{err}"
    );
    // i64::MAX of them, in one block and in a block with a byte size.
    let mut bytes = varint(i64::MAX);
    bytes.push(0);
    derived_err::<Nulls>(&bytes, default_limits());
    let mut bytes = varint(-i64::MAX);
    bytes.extend(varint(0));
    bytes.push(0);
    derived_err::<Nulls>(&bytes, default_limits());
    // Many blocks, each under the limit, add up past it.
    let limits = Limits::default().max_collection_items(1000);
    let mut bytes = Vec::new();
    for _ in 0..3 {
        bytes.extend(varint(400));
    }
    bytes.push(0);
    let err = derived_err::<Nulls>(&bytes, limits);
    assert!(
        matches!(
            err.kind(),
            ErrorKind::LimitExceeded {
                requested: 1200,
                ..
            }
        ),
        "{err}"
    );
    // Up to the limit is fine.
    let mut bytes = varint(1000);
    bytes.push(0);
    let nulls: Nulls = avrox::from_slice_with_limits(&bytes, limits).unwrap();
    assert_eq!(nulls.items.len(), 1000);
    // Empty records and empty fixeds likewise.
    let mut bytes = varint(1 << 30);
    bytes.push(0);
    bytes.push(0);
    let err = derived_err::<Markers>(&bytes, default_limits());
    assert_eq!(err.path(), "Markers.items");
    let mut bytes = vec![0];
    bytes.extend(varint(1 << 30));
    bytes.push(0);
    let err = derived_err::<Markers>(&bytes, default_limits());
    assert_eq!(err.path(), "Markers.fixed");
}

/// Arrays of arrays of nulls: each inner array stays under the limit on
/// items, so only the allocation charge for each item (at least 16 bytes,
/// even for zero-sized ones) bounds the total (/tmp/bugs-derive.md #9,
/// fixed).
#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "hostile")]
struct NestedNulls {
    items: Vec<Vec<()>>,
}

#[test]
fn nested_arrays_of_nulls_are_bounded() {
    let mut bytes = varint(40);
    for _ in 0..40 {
        bytes.extend(varint((1 << 24) - 1));
        bytes.push(0);
    }
    bytes.push(0);
    assert_eq!(bytes.len(), 202);
    let start = std::time::Instant::now();
    let result = avrox::from_slice::<NestedNulls>(&bytes);
    let elapsed = start.elapsed();
    // 671 million items from 202 bytes: the limits stop this, as they stop
    // the generic decoder.
    let err = result.expect_err("accepted");
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
    assert!(
        avrox_tests::is_limit(&err, avrox::error::Limit::Allocation),
        "{err}"
    );
    assert!(err.path().starts_with("NestedNulls.items["), "{err}");
    assert!(Value::decode(&bytes, NestedNulls::schema()).is_err());
    // Nulls in the thousands are fine.
    let mut small = varint(3);
    for _ in 0..3 {
        small.extend(varint(1000));
        small.push(0);
    }
    small.push(0);
    let nulls: NestedNulls = avrox::from_slice(&small).unwrap();
    assert_eq!(nulls.items.iter().map(Vec::len).sum::<usize>(), 3000);
}

// ---------------------------------------------------------------------------
// Deep recursion
// ---------------------------------------------------------------------------

/// `levels` nested lists, written by hand (a Rust value that deep would
/// overflow the stack when dropped).
fn deep_list(levels: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(2 * levels + 2);
    for _ in 0..levels {
        bytes.extend([2, 2]); // head 1, then branch 1 of the Option
    }
    bytes.extend([2, 0]); // head 1, then None
    bytes
}

fn deep_tree(levels: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for _ in 0..levels {
        bytes.extend([0, 2]); // label "", then a block of one kid
    }
    bytes.extend([0, 0]); // the innermost: label "", no kids
    bytes.extend(std::iter::repeat_n(0, levels)); // each array's end
    bytes
}

fn deep_expr(levels: usize) -> Vec<u8> {
    let mut bytes = vec![2; levels]; // branch 1: Neg
    bytes.extend([0, 0]); // branch 0: Lit(0)
    bytes
}

#[test]
fn deep_recursion_is_an_error_not_a_stack_overflow() {
    // Run where the stack is the ordinary 2 MiB of a spawned thread.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            // The two decoders stop at different depths (BUG
            // /tmp/bugs-derive.md #8), so each is checked on its own.
            let max_depth = |e: &Error| avrox_tests::is_limit(e, avrox::error::Limit::Depth);
            let levels = 100_000;
            let list = deep_list(levels);
            let err = derived_err::<LinkedList>(&list, default_limits());
            assert!(max_depth(&err), "{err}");
            assert!(
                err.path().starts_with("LinkedList.next.next"),
                "{}",
                err.path()
            );
            assert!(err.offset().is_some_and(|o| o < 1000), "{err}");
            let err = Value::decode(&list, LinkedList::schema()).unwrap_err();
            assert!(max_depth(&err), "{err}");

            let tree = deep_tree(levels);
            let err = derived_err::<Tree>(&tree, default_limits());
            assert!(max_depth(&err), "{err}");
            assert!(
                err.path().starts_with("Tree.kids[0].kids[0]"),
                "{}",
                err.path()
            );
            let err = Value::decode(&tree, Tree::schema()).unwrap_err();
            assert!(max_depth(&err), "{err}");

            let expr = deep_expr(levels);
            let err = derived_err::<Expr>(&expr, default_limits());
            assert!(max_depth(&err), "{err}");
            let err = Value::decode(&expr, Expr::schema()).unwrap_err();
            assert!(max_depth(&err), "{err}");

            // A smaller limit stops sooner; shallow data still decodes.
            let shallow = Limits::default().max_depth(8);
            derived_err::<LinkedList>(&deep_list(100), shallow);
            let list: LinkedList = avrox::from_slice_with_limits(&deep_list(2), shallow).unwrap();
            assert_eq!(list.next.unwrap().next.unwrap().next, None);
            // What the default limit allows decodes.
            assert!(avrox::from_slice::<LinkedList>(&deep_list(100)).is_ok());
            assert!(avrox::from_slice::<Tree>(&deep_tree(100)).is_ok());
        })
        .unwrap();
    handle.join().expect("no stack overflow, no panic");
}

/// `max_depth` bounds recursion in both decoders, counted where each can
/// recurse: the generic decoder counts every record, array, map and union;
/// a derived type counts the pointers and collections a Rust type recurses
/// through. A linked list of `Option<Box<Self>>` is one level a node for a
/// derived type and two for the generic decoder.
#[test]
fn depth_limit_counts_where_each_decoder_recurses() {
    for depth in [2, 5, 10, 32] {
        let limits = Limits::default().max_depth(depth);
        let derived_ok = |levels| {
            avrox::from_slice_with_limits::<LinkedList>(&deep_list(levels), limits).is_ok()
        };
        let generic_ok = |levels| {
            Value::decode_with_limits(&deep_list(levels), LinkedList::schema(), limits).is_ok()
        };
        assert!(
            derived_ok(depth - 1) && !derived_ok(depth + 1),
            "derived, max_depth {depth}"
        );
        assert!(
            generic_ok(depth / 2 - 1) && !generic_ok(depth / 2 + 1),
            "generic, max_depth {depth}"
        );
    }
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "hostile")]
struct Narrow {
    a: u8,
    b: u16,
    c: i8,
    d: u32,
    e: u64,
    f: i16,
    g: usize,
    h: i32,
}

#[derive(Avro, Debug, PartialEq)]
#[avro(name = "Narrow", namespace = "hostile")]
struct Wide {
    a: i32,
    b: i32,
    c: i32,
    d: i64,
    e: i64,
    f: i32,
    g: i64,
    h: i32,
}

fn wide_zero() -> Wide {
    Wide {
        a: 0,
        b: 0,
        c: 0,
        d: 0,
        e: 0,
        f: 0,
        g: 0,
        h: 0,
    }
}

#[test]
fn out_of_range_integers() {
    type Case = (fn(&mut Wide), &'static str, i128, &'static str, usize);
    let cases: [Case; 13] = [
        (|w| w.a = 256, "a", 256, "u8", 0),
        (|w| w.a = -1, "a", -1, "u8", 0),
        (|w| w.b = 65_536, "b", 65_536, "u16", 1),
        (|w| w.b = i32::MIN, "b", i128::from(i32::MIN), "u16", 1),
        (|w| w.c = 128, "c", 128, "i8", 2),
        (|w| w.c = -129, "c", -129, "i8", 2),
        (|w| w.d = 1 << 32, "d", 1 << 32, "u32", 3),
        (|w| w.d = -1, "d", -1, "u32", 3),
        (|w| w.e = -1, "e", -1, "u64", 4),
        (|w| w.e = i64::MIN, "e", i128::from(i64::MIN), "u64", 4),
        (|w| w.f = 40_000, "f", 40_000, "i16", 5),
        (|w| w.g = -1, "g", -1, "usize", 6),
        (|w| w.g = i64::MIN, "g", i128::from(i64::MIN), "usize", 6),
    ];
    for (set, field, value, target, offset) in cases {
        let mut wide = wide_zero();
        set(&mut wide);
        let bytes = avrox::to_vec(&wide).unwrap();
        let err = derived_err::<Narrow>(&bytes, default_limits());
        assert_eq!(
            err.kind(),
            &ErrorKind::OutOfRange { value, target },
            "{field}: {err}"
        );
        assert_eq!(err.path(), format!("Narrow.{field}"));
        assert_eq!(err.offset(), Some(offset), "{field}: {err}");
        // The generic decoder accepts the bytes (they fit the schema); the
        // conversion to the Rust type refuses them.
        let value = Value::decode(&bytes, Narrow::schema()).unwrap();
        let err = avrox::from_value::<Narrow>(value).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::OutOfRange { .. }),
            "{field}: {err}"
        );
    }

    // An `int` whose varint holds more than 32 bits, and varints too long.
    let mut zeros = avrox::to_vec(&wide_zero()).unwrap();
    zeros.pop(); // the last field, `h`
    let mut bytes = zeros.clone();
    bytes.extend(varint(1 << 31));
    let err = both_err::<Narrow>(&bytes, default_limits());
    assert_eq!(err.kind(), &ErrorKind::IntOutOfRange(1 << 31));
    assert_eq!(err.path(), "Narrow.h");
    let mut bytes = zeros.clone();
    bytes.extend([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    let err = both_err::<Narrow>(&bytes, default_limits());
    assert!(
        matches!(
            err.kind(),
            ErrorKind::VarintTooLong | ErrorKind::IntOutOfRange(_)
        ),
        "{err}"
    );
    let mut bytes = vec![0; 4];
    bytes.extend([0xff; 10]);
    bytes.push(0x01);
    let err = both_err::<Narrow>(&bytes, default_limits());
    assert_eq!(err.kind(), &ErrorKind::VarintTooLong);
    assert_eq!(err.path(), "Narrow.e");
    assert_eq!(err.offset(), Some(4));
}

#[test]
fn bad_booleans_floats_and_fixeds() {
    #[derive(Avro, Debug, PartialEq)]
    #[avro(namespace = "hostile")]
    struct Misc {
        flag: bool,
        x: f32,
        y: f64,
        fixed: [u8; 4],
    }
    let ok = avrox::to_vec(&Misc {
        flag: true,
        x: 1.0,
        y: 2.0,
        fixed: [1; 4],
    })
    .unwrap();
    let mut bad = ok.clone();
    bad[0] = 2;
    let err = both_err::<Misc>(&bad, default_limits());
    assert_eq!(err.kind(), &ErrorKind::InvalidBoolean(2));
    assert_eq!(err.path(), "Misc.flag");
    assert_eq!(err.offset(), Some(0));
    // Cut in the float, the double and the fixed.
    for (cut, path) in [(3, "Misc.x"), (9, "Misc.y"), (15, "Misc.fixed")] {
        let err = both_err::<Misc>(&ok[..cut], default_limits());
        assert_eq!(err.path(), path, "cut at {cut}");
        assert!(
            matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
            "{err}"
        );
    }
}

// ---------------------------------------------------------------------------
// Trailing bytes
// ---------------------------------------------------------------------------

#[test]
fn trailing_bytes_are_an_error() {
    let ok = avrox::to_vec(&wide_order()).unwrap();
    for extra in [&[0u8][..], &[1, 2, 3], &[0xff; 100]] {
        let mut bytes = ok.clone();
        bytes.extend_from_slice(extra);
        let err = derived_err::<Order>(&bytes, default_limits());
        assert_eq!(err.kind(), &ErrorKind::TrailingBytes(extra.len()));
        assert_eq!(err.offset(), Some(ok.len()));
        assert!(Value::decode(&bytes, Order::schema()).is_err());
    }
    // A unit struct is zero bytes: any byte is trailing.
    let err = derived_err::<Marker>(&[0], default_limits());
    assert_eq!(err.kind(), &ErrorKind::TrailingBytes(1));
    // `read` leaves what follows for the next value instead.
    let mut two = ok.clone();
    two.extend(&ok);
    let mut reader = avrox::binary::SliceReader::new(&two);
    for _ in 0..2 {
        avrox::read_next::<Order>(&mut reader).unwrap();
    }
    assert!(reader.is_empty());
}

// ---------------------------------------------------------------------------
// FromValue with values of the wrong shape
// ---------------------------------------------------------------------------

#[test]
fn from_value_refuses_values_of_the_wrong_shape() {
    let err = avrox::from_value::<Order>(Value::Int(1)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }), "{err}");
    let err = avrox::from_value::<Payment>(Value::Union(7, Box::new(Value::Null))).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::UnionIndex {
            index: 7,
            branches: 3
        }
    );
    let err = avrox::from_value::<Payment>(Value::Int(1)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }), "{err}");
    let err = avrox::from_value::<Kind>(Value::Enum(0, "Nope".into())).unwrap_err();
    assert!(err.to_string().contains("Nope"), "{err}");
    // A field of the wrong type is named.
    let mut value = avrox::to_value(
        &avrox::from_slice::<Order>(&avrox::to_vec(&wide_order()).unwrap()).unwrap(),
    );
    if let Value::Record(fields) = &mut value {
        fields[1].1 = Value::array(vec![Value::record([
            ("sku", Value::from("s")),
            ("qty", Value::String("many".into())),
        ])]);
    }
    let err = avrox::from_value::<Order>(value).unwrap_err();
    assert_eq!(err.path(), "lines[0].qty");
    // A missing field.
    let err = avrox::from_value::<Line>(Value::record([("sku", Value::from("s"))])).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::MissingField("qty".into()));
}

// ---------------------------------------------------------------------------
// Logical types
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "hostile")]
struct Stamps {
    at: chrono::DateTime<chrono::Utc>,
    #[avro(unit = millis)]
    time: chrono::NaiveTime,
    date: chrono::NaiveDate,
    offset: time::OffsetDateTime,
    id: uuid::Uuid,
    #[avro(uuid = fixed)]
    fixed_id: Uuid,
    #[avro(decimal(precision = 4, scale = 2))]
    price: Decimal,
    #[avro(decimal(precision = 18, scale = 0, size = 8))]
    fixed_price: Decimal,
    #[avro(big_decimal)]
    big: rust_decimal::Decimal,
}

/// [`Stamps`] with the underlying Avro types.
#[derive(Avro, Debug, PartialEq)]
#[avro(name = "Stamps", namespace = "hostile")]
struct RawStamps {
    at: i64,
    time: i32,
    date: i32,
    offset: i64,
    id: String,
    fixed_id: [u8; 16],
    price: Vec<u8>,
    fixed_price: [u8; 8],
    big: Vec<u8>,
}

fn raw_stamps() -> RawStamps {
    RawStamps {
        at: 0,
        time: 0,
        date: 0,
        offset: 0,
        id: "6ba7b810-9dad-11d1-80b4-00c04fd430c8".into(),
        fixed_id: [7; 16],
        price: vec![0x04, 0xd2], // 12.34
        fixed_price: 5i64.to_be_bytes(),
        big: big_decimal(&[0x01], 1), // 0.1
    }
}

/// A `big-decimal`'s bytes: the unscaled integer's bytes, then the scale.
fn big_decimal(unscaled: &[u8], scale: i32) -> Vec<u8> {
    let mut out = Vec::new();
    avrox::binary::write_bytes(&mut out, unscaled);
    avrox::binary::write_int(&mut out, scale);
    out
}

#[test]
fn logical_values_the_rust_type_cannot_hold() {
    let ok = avrox::to_vec(&raw_stamps()).unwrap();
    let stamps: Stamps = avrox::from_slice(&ok).unwrap();
    assert_eq!(stamps.price, Decimal::from_i128(1234, 2));
    assert_eq!(stamps.big.to_string(), "0.1");

    type Case = (&'static str, fn(&mut RawStamps));
    let cases: [Case; 9] = [
        ("at", |r| r.at = i64::MAX),
        ("at", |r| r.at = i64::MIN),
        ("time", |r| r.time = 86_400_000),
        ("time", |r| r.time = -1),
        ("date", |r| r.date = i32::MAX),
        ("offset", |r| r.offset = i64::MAX),
        ("id", |r| r.id = "not a uuid".into()),
        ("id", |r| {
            r.id = "6ba7b810-9dad-11d1-80b4-00c04fd430c8 ".into()
        }),
        // 2^100: more than rust_decimal's 96 bits.
        ("big", |r| {
            let mut two_to_the_100 = vec![0x10];
            two_to_the_100.extend([0; 12]);
            r.big = big_decimal(&two_to_the_100, 0);
        }),
    ];
    for (field, damage) in cases {
        let mut raw = raw_stamps();
        damage(&mut raw);
        let bytes = avrox::to_vec(&raw).unwrap();
        let err = derived_err::<Stamps>(&bytes, default_limits());
        assert_eq!(err.path(), format!("Stamps.{field}"), "{err}");
        assert!(err.offset().is_some(), "{field}: no offset: {err}");
    }

    // A decimal with more digits than the precision is refused when read,
    // as it is when written: a derived field only reads what it can write
    // back (the generic Value reads and writes it, as Java's generic data).
    let mut raw = raw_stamps();
    raw.price = vec![0x27, 0x10]; // 100.00: 5 digits, precision 4
    let bytes = avrox::to_vec(&raw).unwrap();
    let err = derived_err::<Stamps>(&bytes, default_limits());
    assert_eq!(err.path(), "Stamps.price", "{err}");
    assert!(err.to_string().contains("precision 4"), "{err}");
    assert!(err.offset().is_some(), "no offset: {err}");
}

#[test]
fn huge_decimals_are_read_quickly() {
    // A decimal of a megabyte (2.5 million digits) where the schema allows
    // 4: refused, and quickly (counting its digits exactly is quadratic, so
    // the check bounds them from the byte length first).
    let mut raw = raw_stamps();
    raw.price = vec![0x7f; 1 << 20];
    let bytes = avrox::to_vec(&raw).unwrap();
    let start = std::time::Instant::now();
    let err = derived_err::<Stamps>(&bytes, default_limits());
    assert_eq!(err.path(), "Stamps.price", "{err}");
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    // The allocation limit bounds it.
    let err = derived_err::<Stamps>(&bytes, Limits::default().max_allocation(1 << 19));
    assert_eq!(err.path(), "Stamps.price");
    // A big-decimal of a megabyte, into rust_decimal.
    let mut raw = raw_stamps();
    raw.big = big_decimal(&vec![0x7f; 1 << 20], 3);
    let bytes = avrox::to_vec(&raw).unwrap();
    let start = std::time::Instant::now();
    let err = derived_err::<Stamps>(&bytes, default_limits());
    assert_eq!(err.path(), "Stamps.big");
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}

// ---------------------------------------------------------------------------
// Records of one size: the length is checked once, errors stay per field
// ---------------------------------------------------------------------------

#[derive(Avro, Debug, PartialEq, Clone, Copy)]
#[avro(namespace = "test.fixed")]
struct Point {
    x: f64,
    y: f32,
    on: bool,
}

#[derive(Avro, Debug, PartialEq, Clone)]
#[avro(namespace = "test.fixed")]
struct Segment {
    from: Point,
    to: Box<Point>,
}

#[derive(Avro, Debug, PartialEq)]
#[avro(namespace = "test.fixed")]
struct Labelled {
    at: Point,
    label: String,
}

#[test]
fn records_of_one_size_know_it() {
    assert_eq!(<Point as Decode>::FIXED_ENCODED_SIZE, Some(13));
    assert_eq!(<Segment as Decode>::FIXED_ENCODED_SIZE, Some(26));
    assert_eq!(<Labelled as Decode>::FIXED_ENCODED_SIZE, None);
    assert_eq!(<Point as Decode>::MIN_ENCODED_SIZE, 13);
}

#[test]
fn every_truncation_of_a_fixed_size_record_names_the_cut_field() {
    let p = Point {
        x: 1.5,
        y: -2.0,
        on: true,
    };
    let segment = Segment {
        from: p,
        to: Box::new(Point { on: false, ..p }),
    };
    let bytes = avrox::to_vec(&segment).unwrap();
    assert_eq!(bytes.len(), 26);
    assert_eq!(avrox::from_slice::<Segment>(&bytes).unwrap(), segment);
    // Each field's start and path: a cut inside a field fails there.
    let fields = [
        (0, "Segment.from.x"),
        (8, "Segment.from.y"),
        (12, "Segment.from.on"),
        (13, "Segment.to.x"),
        (21, "Segment.to.y"),
        (25, "Segment.to.on"),
    ];
    for end in 0..bytes.len() {
        let err = avrox::from_slice::<Segment>(&bytes[..end]).unwrap_err();
        let (start, path) = fields.iter().rev().find(|(s, _)| *s <= end).unwrap();
        assert!(
            matches!(err.kind(), ErrorKind::UnexpectedEof { .. }),
            "{end}: {err}"
        );
        assert_eq!(err.path(), *path, "{end} bytes");
        assert_eq!(err.offset(), Some(*start), "{end} bytes");
    }
    // A bad value on the checked-once path is still an error at its field.
    let mut bad = bytes.clone();
    bad[25] = 2;
    let err = avrox::from_slice::<Segment>(&bad).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidBoolean(2));
    assert_eq!(err.path(), "Segment.to.on");
    assert_eq!(err.offset(), Some(25));
    // Records one after another: each reads exactly its bytes.
    let mut two = bytes.clone();
    two.extend_from_slice(&bytes);
    let mut r = avrox::binary::SliceReader::new(&two);
    assert_eq!(avrox::read_next::<Segment>(&mut r).unwrap(), segment);
    assert_eq!(r.position(), 26);
    assert_eq!(avrox::read_next::<Segment>(&mut r).unwrap(), segment);
    assert!(r.is_empty());
}
