//! Every row of `avrox::serde`'s mapping, written and read back, with the
//! bytes it gives where they say something.

use std::collections::{BTreeMap, HashMap};

use avrox::serde::{from_slice, from_slice_with_writer, from_value, to_vec};
use avrox::{ErrorKind, Schema, Value};
use serde::{Deserialize, Serialize};

fn schema(json: &str) -> Schema {
    Schema::parse(json).unwrap()
}

/// [`from_slice`], checked against [`from_value`] on the datum decoded
/// as a `Value`: the Value deserializer follows the same mapping, so it
/// gives the same value, or an error where `from_slice` gives one.
fn read<T>(bytes: &[u8], schema: &Schema) -> avrox::Result<T>
where
    T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let direct = from_slice::<T>(bytes, schema);
    if let Ok(value) = Value::decode(bytes, schema) {
        let through_value = from_value::<T>(&value, schema);
        match (&direct, &through_value) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "from_value of {value:?}"),
            (Err(_), Err(_)) => {}
            _ => panic!("from_slice gave {direct:?}, from_value {through_value:?} of {value:?}"),
        }
    }
    direct
}

/// Writes `value`, checks the bytes, reads them back as `T`.
fn round<T>(value: &T, json: &str, bytes: &[u8])
where
    T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
{
    let schema = schema(json);
    let written = to_vec(value, &schema).unwrap();
    assert_eq!(written, bytes, "{value:?} as {json}");
    let back: T = read(&written, &schema).unwrap();
    assert_eq!(&back, value, "{json}");
}

#[test]
fn primitives() {
    round(&true, r#""boolean""#, &[1]);
    round(&-1i8, r#""int""#, &[1]);
    round(&300i16, r#""int""#, &[0xd8, 0x04]);
    round(&i32::MIN, r#""int""#, &[0xff, 0xff, 0xff, 0xff, 0x0f]);
    round(&200u8, r#""int""#, &[0x90, 0x03]);
    round(&65535u16, r#""int""#, &[0xfe, 0xff, 0x07]);
    round(&64i64, r#""long""#, &[0x80, 0x01]);
    round(&u32::MAX, r#""long""#, &[0xfe, 0xff, 0xff, 0xff, 0x1f]);
    round(
        &(i64::MAX as u64),
        r#""long""#,
        &[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
    );
    round(&7i128, r#""long""#, &[0x0e]);
    round(&1.5f32, r#""float""#, &1.5f32.to_le_bytes());
    round(&1.5f64, r#""double""#, &1.5f64.to_le_bytes());
    round(&'é', r#""string""#, &[0x04, 0xc3, 0xa9]);
    round(&"foo".to_owned(), r#""string""#, &[0x06, b'f', b'o', b'o']);
    round(&(), r#""null""#, &[]);
}

#[test]
fn promotions() {
    // Narrow integers into a long, an f32 into a double.
    round(&3i8, r#""long""#, &[0x06]);
    round(&3i32, r#""long""#, &[0x06]);
    round(&1.5f32, r#""double""#, &1.5f64.to_le_bytes());
    // A long that fits goes into an int; one that does not is refused.
    round(&5i64, r#""int""#, &[0x0a]);
    let int = schema(r#""int""#);
    let err = to_vec(&(1i64 << 40), &int).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::OutOfRange { target: "int", .. }),
        "{err}"
    );
    // An f64 goes into a float only when exact.
    round(&0.5f64, r#""float""#, &0.5f32.to_le_bytes());
    let float = schema(r#""float""#);
    assert!(to_vec(&0.1f64, &float).is_err());
    // Reading an int into i64, u8 in range, and out of range.
    let bytes = to_vec(&200i32, &int).unwrap();
    assert_eq!(read::<i64>(&bytes, &int).unwrap(), 200);
    assert_eq!(read::<u8>(&bytes, &int).unwrap(), 200);
    assert!(read::<i8>(&bytes, &int).is_err());
}

#[test]
fn u64_above_i64_max_is_refused() {
    let long = schema(r#""long""#);
    let err = to_vec(&(i64::MAX as u64 + 1), &long).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::OutOfRange { value, target: "long" } if *value == i128::from(i64::MAX) + 1),
        "{err:?}"
    );
    assert!(err.to_string().contains("9223372036854775808"), "{err}");
    assert!(to_vec(&u64::MAX, &long).is_err());
    assert!(to_vec(&u128::MAX, &long).is_err());
    // A negative long does not read into a u64.
    let bytes = to_vec(&-1i64, &long).unwrap();
    assert!(read::<u64>(&bytes, &long).is_err());
}

#[test]
fn bytes_and_fixed() {
    let bytes = serde_bytes::ByteBuf::from(vec![1u8, 2, 3]);
    round(&bytes, r#""bytes""#, &[0x06, 1, 2, 3]);
    round(
        &bytes,
        r#"{"type": "fixed", "name": "F", "size": 3}"#,
        &[1, 2, 3],
    );
    let fixed4 = schema(r#"{"type": "fixed", "name": "F", "size": 4}"#);
    assert!(to_vec(&bytes, &fixed4).is_err());
    // A plain Vec<u8> reads from bytes and fixed too.
    let s = schema(r#""bytes""#);
    assert_eq!(read::<Vec<u8>>(&[0x04, 9, 8], &s).unwrap(), [9, 8]);
    let f = schema(r#"{"type": "fixed", "name": "F", "size": 2}"#);
    assert_eq!(read::<Vec<u8>>(&[9, 8], &f).unwrap(), [9, 8]);
    // So does an array of bytes, of the same length only.
    assert_eq!(read::<[u8; 2]>(&[9, 8], &f).unwrap(), [9, 8]);
    assert_eq!(read::<[u8; 2]>(&[0x04, 9, 8], &s).unwrap(), [9, 8]);
    assert!(read::<[u8; 1]>(&[9, 8], &f).is_err());
    assert!(read::<[u8; 3]>(&[0x04, 9, 8], &s).is_err());
    // Written without serde_bytes, a Vec<u8> is an array of ints.
    let ints = schema(r#"{"type": "array", "items": "int"}"#);
    assert_eq!(
        to_vec(&vec![1u8, 2], &ints).unwrap(),
        [0x04, 0x02, 0x04, 0x00]
    );
    assert_eq!(
        read::<Vec<u8>>(&[0x04, 0x02, 0x04, 0x00], &ints).unwrap(),
        [1, 2]
    );
    // Borrowed from the input.
    let input = [0x04, 9, 8];
    let borrowed: &[u8] = serde_bytes::deserialize(&mut avrox_bytes(&input, &s)).unwrap_or(&[]);
    assert_eq!(borrowed, [9, 8]);
}

/// A borrowed `&[u8]` through `from_slice` (serde_bytes' `Bytes`).
fn avrox_bytes<'a>(input: &'a [u8], schema: &Schema) -> BorrowedBytes<'a> {
    BorrowedBytes(from_slice::<&serde_bytes::Bytes>(input, schema).unwrap())
}

struct BorrowedBytes<'a>(&'a serde_bytes::Bytes);

impl<'de> serde::Deserializer<'de> for &mut BorrowedBytes<'de> {
    type Error = serde::de::value::Error;
    fn deserialize_any<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        v.visit_borrowed_bytes(self.0)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[test]
fn strings_borrow_from_the_input() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Line<'a> {
        text: &'a str,
        #[serde(with = "serde_bytes")]
        raw: &'a [u8],
    }
    let s = schema(
        r#"{"type": "record", "name": "Line", "fields": [
        {"name": "text", "type": "string"}, {"name": "raw", "type": "bytes"}]}"#,
    );
    let bytes = to_vec(
        &Line {
            text: "hi",
            raw: b"\x00\x01",
        },
        &s,
    )
    .unwrap();
    let line: Line<'_> = from_slice(&bytes, &s).unwrap();
    assert_eq!(
        line,
        Line {
            text: "hi",
            raw: b"\x00\x01"
        }
    );
    let start = bytes.as_ptr() as usize;
    let at = line.text.as_ptr() as usize;
    assert!(
        (start..start + bytes.len()).contains(&at),
        "the &str points into the input"
    );
}

#[test]
fn options_are_unions_with_null_anywhere() {
    round(&Some(3i32), r#"["null", "int"]"#, &[0x02, 0x06]);
    round(&None::<i32>, r#"["null", "int"]"#, &[0x00]);
    round(
        &Some("a".to_owned()),
        r#"["string", "null"]"#,
        &[0x00, 0x02, b'a'],
    );
    round(&None::<String>, r#"["string", "null"]"#, &[0x02]);
    // A value that fits no branch.
    let s = schema(r#"["null", "int"]"#);
    let err = to_vec(&Some("x"), &s).unwrap_err();
    assert_eq!(
        err.kind().category(),
        avrox::error::Category::Value,
        "{err}"
    );
}

#[test]
fn unions_pick_the_first_branch_the_kind_fits() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Loose {
        Number(i64),
        Text(String),
        Flag(bool),
    }
    let u = r#"["boolean", "int", "long", "string"]"#;
    round(&Loose::Number(1), u, &[0x02, 0x02]);
    round(
        &Loose::Number(1 << 40),
        u,
        &[0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40],
    );
    round(&Loose::Text("z".into()), u, &[0x06, 0x02, b'z']);
    round(&Loose::Flag(true), u, &[0x00, 0x01]);
    // A struct prefers the record of its name.
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct B {
        x: i32,
    }
    let two = r#"[{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}]},
                  {"type": "record", "name": "B", "fields": [{"name": "x", "type": "int"}]}]"#;
    let written = to_vec(&B { x: 1 }, &schema(two)).unwrap();
    assert_eq!(written, [0x02, 0x02]);
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
enum Suit {
    Hearts,
    Spades,
}

#[test]
fn unit_variants_are_enum_symbols() {
    let e = r#"{"type": "enum", "name": "Suit", "symbols": ["Spades", "Hearts"]}"#;
    round(&Suit::Hearts, e, &[0x02]);
    round(&Suit::Spades, e, &[0x00]);
    // Or strings.
    round(
        &Suit::Hearts,
        r#""string""#,
        &[0x0c, b'H', b'e', b'a', b'r', b't', b's'],
    );
    // A symbol the enum lacks.
    let short = schema(r#"{"type": "enum", "name": "Suit", "symbols": ["Spades"]}"#);
    let err = to_vec(&Suit::Hearts, &short).unwrap_err();
    assert!(err.to_string().contains("Hearts"), "{err}");
    // An enum symbol read into a String.
    let full = schema(e);
    assert_eq!(read::<String>(&[0x02], &full).unwrap(), "Hearts");
}

#[test]
fn data_variants_are_union_branches_by_name() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Circle {
        r: f64,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Shape {
        Circle(Circle),
        Square { side: f64 },
        Int(i32),
        String(String),
        Null,
        Suit(Suit),
    }
    let u = r#"["null",
        {"type": "record", "name": "Square", "fields": [{"name": "side", "type": "double"}]},
        {"type": "record", "name": "geo.Circle", "fields": [{"name": "r", "type": "double"}]},
        "int", "string",
        {"type": "enum", "name": "Suit", "symbols": ["Spades", "Hearts"]}]"#;
    let mut circle = vec![0x04];
    circle.extend(2.0f64.to_le_bytes());
    round(&Shape::Circle(Circle { r: 2.0 }), u, &circle);
    let mut square = vec![0x02];
    square.extend(1.0f64.to_le_bytes());
    round(&Shape::Square { side: 1.0 }, u, &square);
    round(&Shape::Int(-1), u, &[0x06, 0x01]);
    round(&Shape::String("s".into()), u, &[0x08, 0x02, b's']);
    round(&Shape::Null, u, &[0x00]);
    round(&Shape::Suit(Suit::Hearts), u, &[0x0a, 0x02]);

    // An Option of such an enum over the same union.
    round(&Some(Shape::Int(2)), u, &[0x06, 0x04]);
}

/// Variants that name no branch stand for the branches no variant names,
/// in order (null aside), as the serializer picks them by the value.
#[test]
fn data_variants_naming_no_branch_read_back_by_position() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Scalar {
        Int(i32),
        Text(String),
        Flag(bool),
    }
    let u = r#"["int", "string", "boolean"]"#;
    round(&Scalar::Int(1), u, &[0x00, 0x02]);
    round(&Scalar::Text("t".into()), u, &[0x02, 0x02, b't']);
    round(&Scalar::Flag(true), u, &[0x04, 0x01]);
    // A string that is a variant's name reads as that unit variant, as a
    // unit variant writes its name into a string branch.
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Mixed {
        Off,
        On,
    }
    let u = r#"["null", "string"]"#;
    round(&Some(Mixed::On), u, &[0x02, 0x04, b'O', b'n']);
    round(&None::<Mixed>, u, &[0x00]);
    // Under an Option: the null branch stands for no variant.
    let u = r#"["null", "int", "string", "boolean"]"#;
    round(&Some(Scalar::Text("t".into())), u, &[0x04, 0x02, b't']);
    round(&Some(Scalar::Flag(false)), u, &[0x06, 0x00]);
    // A branch no variant stands for is an error naming the variants.
    #[derive(Deserialize, Debug)]
    enum Two {
        #[allow(dead_code)]
        Int(i32),
    }
    let s = schema(r#"["int", "string"]"#);
    let err = from_slice::<Two>(&[0x02, 0x02, b't'], &s).unwrap_err();
    assert!(err.to_string().contains("Int"), "{err}");
}

/// serde writes an internally tagged variant as a struct named after the
/// enum with the tag first: the tag's value chooses the union's record.
#[test]
fn internally_tagged_variants_choose_their_record_by_the_tag() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(tag = "kind")]
    enum Message {
        Ping { id: i64 },
        Pong { text: String },
        Stop {},
    }
    let u = r#"["null",
        {"type": "record", "name": "Ping", "fields": [
            {"name": "kind", "type": "string"}, {"name": "id", "type": "long"}]},
        {"type": "record", "name": "net.Pong", "fields": [
            {"name": "kind", "type": "string"}, {"name": "text", "type": "string"}]},
        {"type": "record", "name": "Stop", "fields": [{"name": "kind", "type": "string"}]}]"#;
    round(
        &Some(Message::Ping { id: 1 }),
        u,
        &[0x02, 0x08, b'P', b'i', b'n', b'g', 0x02],
    );
    round(
        &Some(Message::Pong { text: "x".into() }),
        u,
        &[0x04, 0x08, b'P', b'o', b'n', b'g', 0x02, b'x'],
    );
    round(
        &Some(Message::Stop {}),
        u,
        &[0x06, 0x08, b'S', b't', b'o', b'p'],
    );
    round(&None::<Message>, u, &[0x00]);

    // A struct whose first field names no record takes the first record
    // that fits, as before.
    #[derive(Serialize)]
    struct Other {
        kind: &'static str,
        id: i64,
    }
    let s = schema(u);
    let bytes = to_vec(
        &Some(Other {
            kind: "Nope",
            id: 3,
        }),
        &s,
    )
    .unwrap();
    assert_eq!(bytes, [0x02, 0x08, b'N', b'o', b'p', b'e', 0x06]);
    // The tag names a record the other fields do not fit: an error.
    let err = to_vec(
        &Some(Other {
            kind: "Stop",
            id: 3,
        }),
        &s,
    )
    .unwrap_err();
    assert!(err.to_string().contains("id"), "{err:#}");
}

#[test]
fn unit_variants_in_a_union_of_enum_and_null() {
    let u = r#"["null", {"type": "enum", "name": "Suit", "symbols": ["Spades", "Hearts"]}]"#;
    round(&Some(Suit::Spades), u, &[0x02, 0x00]);
    round(&None::<Suit>, u, &[0x00]);
}

const USER: &str = r#"{"type": "record", "name": "User", "namespace": "com.acme", "fields": [
    {"name": "id", "type": "long"},
    {"name": "display_name", "type": "string"},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "email", "type": ["null", "string"], "default": null}
]}"#;

#[derive(Serialize, Deserialize, Debug, PartialEq, avrox::Avro)]
#[avro(namespace = "com.acme")]
struct User {
    id: i64,
    display_name: String,
    tags: Vec<String>,
    email: Option<String>,
}

fn user() -> User {
    User {
        id: 42,
        display_name: "Ada".into(),
        tags: vec!["a".into(), "b".into()],
        email: Some("ada@example.com".into()),
    }
}

#[test]
fn structs_are_records_byte_for_byte_as_derived() {
    let s = schema(USER);
    let bytes = to_vec(&user(), &s).unwrap();
    assert_eq!(bytes, avrox::to_vec(&user()).unwrap());
    assert_eq!(read::<User>(&bytes, &s).unwrap(), user());
    assert_eq!(avrox::serde::to_vec_derived(&user()).unwrap(), bytes);
    assert_eq!(
        avrox::serde::from_slice_derived::<User>(&bytes).unwrap(),
        user()
    );
    // The same through the generic value.
    assert_eq!(
        Value::decode(&bytes, &s).unwrap().get("id"),
        Some(&Value::Long(42))
    );
}

#[test]
fn renamed_and_reordered_fields() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Renamed {
        tags: Vec<String>,
        #[serde(rename = "email")]
        mail: Option<String>,
        display_name: String,
        id: i64,
    }
    let s = schema(
        r#"{"type": "record", "name": "User", "fields": [
        {"name": "id", "type": "long"},
        {"name": "displayName", "type": "string"},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "email", "type": ["null", "string"]}]}"#,
    );
    let v = Renamed {
        tags: vec!["x".into()],
        mail: None,
        display_name: "Bo".into(),
        id: -3,
    };
    let bytes = to_vec(&v, &s).unwrap();
    // In the schema's order: id, displayName, tags, email.
    assert_eq!(
        bytes,
        [0x05, 0x04, b'B', b'o', 0x02, 0x02, b'x', 0x00, 0x00]
    );
    assert_eq!(read::<Renamed>(&bytes, &s).unwrap(), v);
}

#[test]
fn missing_fields_take_defaults_each_way() {
    // Writing: a record field the struct lacks takes the schema's default.
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Partial {
        id: i64,
        display_name: String,
        tags: Vec<String>,
    }
    let s = schema(USER);
    let p = Partial {
        id: 1,
        display_name: "C".into(),
        tags: vec![],
    };
    let bytes = to_vec(&p, &s).unwrap();
    assert_eq!(bytes, [0x02, 0x02, b'C', 0x00, 0x00]);
    // Reading: the record's email is skipped.
    assert_eq!(read::<Partial>(&bytes, &s).unwrap(), p);

    // skip_serializing_if leaves the default too.
    #[derive(Serialize, Debug)]
    struct Skipping {
        id: i64,
        display_name: String,
        tags: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        email: Option<String>,
    }
    let sk = Skipping {
        id: 1,
        display_name: "C".into(),
        tags: vec![],
        email: None,
    };
    assert_eq!(to_vec(&sk, &s).unwrap(), bytes);

    // A field without a default is an error naming it.
    let strict = schema(
        r#"{"type": "record", "name": "R", "fields": [
        {"name": "id", "type": "long"}, {"name": "needed", "type": "int"}]}"#,
    );
    #[derive(Serialize)]
    struct OnlyId {
        id: i64,
    }
    let err = to_vec(&OnlyId { id: 1 }, &strict).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MissingField(f) if f == "needed"),
        "{err}"
    );

    // Reading: a struct field the record lacks takes serde's default.
    #[derive(Deserialize, Debug, PartialEq)]
    struct More {
        id: i64,
        #[serde(default)]
        extra: u32,
        #[serde(default = "seven")]
        seven: u8,
    }
    fn seven() -> u8 {
        7
    }
    let bytes = to_vec(&OnlyIdAndNeeded { id: 5, needed: 0 }, &strict).unwrap();
    assert_eq!(
        read::<More>(&bytes, &strict).unwrap(),
        More {
            id: 5,
            extra: 0,
            seven: 7
        }
    );
    // Without a default it is serde's missing-field error.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Needs {
        id: i64,
        absent: u32,
    }
    let err = from_slice::<Needs>(&bytes, &strict).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MissingField(f) if f == "absent"),
        "{err}"
    );
}

#[derive(Serialize)]
struct OnlyIdAndNeeded {
    id: i64,
    needed: i32,
}

#[test]
fn unknown_and_repeated_fields_are_errors() {
    #[derive(Serialize)]
    struct Extra {
        id: i64,
        needed: i32,
        stray: bool,
    }
    let s = schema(
        r#"{"type": "record", "name": "R", "fields": [
        {"name": "id", "type": "long"}, {"name": "needed", "type": "int"}]}"#,
    );
    let err = to_vec(
        &Extra {
            id: 1,
            needed: 2,
            stray: true,
        },
        &s,
    )
    .unwrap_err();
    assert!(err.to_string().contains("no field 'stray'"), "{err}");

    let mut map = BTreeMap::new();
    map.insert("id", 1i64);
    let err = to_vec(&map, &s).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MissingField(f) if f == "needed"),
        "{err}"
    );
}

#[test]
fn flatten_writes_a_map_into_a_record() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Meta {
        display_name: String,
        email: Option<String>,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Flat {
        id: i64,
        #[serde(flatten)]
        meta: Meta,
        tags: Vec<String>,
    }
    let s = schema(USER);
    let flat = Flat {
        id: 42,
        meta: Meta {
            display_name: "Ada".into(),
            email: Some("ada@example.com".into()),
        },
        tags: vec!["a".into(), "b".into()],
    };
    let bytes = to_vec(&flat, &s).unwrap();
    assert_eq!(bytes, avrox::to_vec(&user()).unwrap());
    assert_eq!(read::<Flat>(&bytes, &s).unwrap(), flat);
}

#[test]
fn maps() {
    let mut m = BTreeMap::new();
    m.insert("a".to_owned(), 1i64);
    m.insert("b".to_owned(), -1);
    round(
        &m,
        r#"{"type": "map", "values": "long"}"#,
        &[0x04, 0x02, b'a', 0x02, 0x02, b'b', 0x01, 0x00],
    );
    round(
        &BTreeMap::<String, i64>::new(),
        r#"{"type": "map", "values": "long"}"#,
        &[0x00],
    );
    let hm: HashMap<String, Vec<bool>> = [("k".to_owned(), vec![true])].into();
    round(
        &hm,
        r#"{"type": "map", "values": {"type": "array", "items": "boolean"}}"#,
        &[0x02, 0x02, b'k', 0x02, 0x01, 0x00, 0x00],
    );
    // Keys must be strings.
    let ints: BTreeMap<i32, i32> = [(1, 1)].into();
    let err = to_vec(&ints, &schema(r#"{"type": "map", "values": "int"}"#)).unwrap_err();
    assert!(err.to_string().contains("map key"), "{err}");
    // A struct may be written as a map.
    #[derive(Serialize)]
    struct Two {
        a: i64,
        b: i64,
    }
    let bytes = to_vec(
        &Two { a: 1, b: -1 },
        &schema(r#"{"type": "map", "values": "long"}"#),
    )
    .unwrap();
    assert_eq!(
        bytes,
        to_vec(&m, &schema(r#"{"type": "map", "values": "long"}"#)).unwrap()
    );
}

#[test]
fn sequences_and_tuples_are_arrays() {
    round(
        &vec![1i32, 2],
        r#"{"type": "array", "items": "int"}"#,
        &[0x04, 0x02, 0x04, 0x00],
    );
    round(
        &Vec::<i32>::new(),
        r#"{"type": "array", "items": "int"}"#,
        &[0x00],
    );
    round(
        &(1i64, 2i64),
        r#"{"type": "array", "items": "long"}"#,
        &[0x04, 0x02, 0x04, 0x00],
    );
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Pair(i32, i32);
    round(
        &Pair(3, 4),
        r#"{"type": "array", "items": "int"}"#,
        &[0x04, 0x06, 0x08, 0x00],
    );
    round(
        &[[1i32], [2]],
        r#"{"type": "array", "items": {"type": "array", "items": "int"}}"#,
        &[0x04, 0x02, 0x02, 0x00, 0x02, 0x04, 0x00, 0x00],
    );
    // An iterator without a length is counted.
    struct Counted;
    impl Serialize for Counted {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq((1..=3i32).filter(|n| n % 2 == 1))
        }
    }
    assert_eq!(
        to_vec(&Counted, &schema(r#"{"type": "array", "items": "int"}"#)).unwrap(),
        [0x04, 0x02, 0x06, 0x00]
    );
    // Arrays written in several blocks, with byte sizes, read back.
    let s = schema(r#"{"type": "array", "items": "int"}"#);
    assert_eq!(
        read::<Vec<i32>>(&[0x02, 0x02, 0x03, 0x02, 0x04, 0x06, 0x00], &s).unwrap(),
        [1, 2, 3]
    );
    // A tuple reads only an array of its length.
    assert!(read::<(i32, i32)>(&[0x06, 0x02, 0x04, 0x06, 0x00], &s).is_err());
}

#[test]
fn units_are_null() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Marker;
    round(&Marker, r#""null""#, &[]);
    round(&(), r#"["int", "null"]"#, &[0x02]);
}

#[test]
fn logical_types_are_their_underlying_types() {
    // timestamp-micros: a long.
    round(
        &1_700_000_000_000_000i64,
        r#"{"type": "long", "logicalType": "timestamp-micros"}"#,
        &to_vec(&1_700_000_000_000_000i64, &schema(r#""long""#)).unwrap(),
    );
    // uuid: a string.
    let id = "123e4567-e89b-12d3-a456-426614174000".to_owned();
    let s = schema(r#"{"type": "string", "logicalType": "uuid"}"#);
    let bytes = to_vec(&id, &s).unwrap();
    assert_eq!(
        Value::decode(&bytes, &s).unwrap(),
        Value::decode(
            &bytes,
            &schema(r#"{"type": "string", "logicalType": "uuid"}"#)
        )
        .unwrap()
    );
    assert_eq!(read::<String>(&bytes, &s).unwrap(), id);
    // decimal: its two's-complement bytes (1.00 at scale 2 is 100).
    let dec = schema(r#"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}"#);
    let hundred = serde_bytes::ByteBuf::from(vec![100u8]);
    let bytes = to_vec(&hundred, &dec).unwrap();
    assert_eq!(bytes, [0x02, 100]);
    assert_eq!(
        Value::decode(&bytes, &dec).unwrap(),
        Value::Decimal(avrox::value::Decimal::from_i128(100, 2))
    );
    // date: an int.
    round(
        &19_000i32,
        r#"{"type": "int", "logicalType": "date"}"#,
        &[0xf0, 0xa8, 0x02],
    );
}

#[test]
fn recursive_schemas() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Node {
        value: i32,
        next: Option<Box<Node>>,
    }
    let list = Node {
        value: 1,
        next: Some(Box::new(Node {
            value: 2,
            next: None,
        })),
    };
    round(
        &list,
        r#"{"type": "record", "name": "Node", "fields": [
            {"name": "value", "type": "int"}, {"name": "next", "type": ["null", "Node"]}]}"#,
        &[0x02, 0x02, 0x04, 0x00],
    );
}

#[test]
fn any_reads_what_the_schema_says() {
    let s = schema(USER);
    let bytes = to_vec(&user(), &s).unwrap();
    let json: serde_json::Value = read(&bytes, &s).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"id": 42, "display_name": "Ada", "tags": ["a", "b"], "email": "ada@example.com"})
    );
    // And back: JSON values written with a schema.
    assert_eq!(to_vec(&json, &s).unwrap(), bytes);
}

#[test]
fn trailing_bytes_are_an_error() {
    let s = schema(r#""int""#);
    let err = read::<i32>(&[0x02, 0x00], &s).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TrailingBytes(1)), "{err}");
}

#[test]
fn errors_have_paths_and_offsets() {
    let s = schema(USER);
    // tags[1] is not valid UTF-8.
    let mut bytes = to_vec(&user(), &s).unwrap();
    let at = bytes.iter().position(|&b| b == b'b').unwrap();
    bytes[at] = 0xff;
    let err = read::<User>(&bytes, &s).unwrap_err();
    assert_eq!(err.path(), "User.tags[1]", "{err:#}");
    assert_eq!(err.offset(), Some(at - 1));
    // Writing: the field that failed.
    #[derive(Serialize)]
    struct Bad {
        id: u64,
    }
    let s =
        schema(r#"{"type": "record", "name": "R", "fields": [{"name": "id", "type": "long"}]}"#);
    let err = to_vec(&Bad { id: u64::MAX }, &s).unwrap_err();
    assert_eq!(err.path(), "R.id", "{err:#}");
}

#[test]
fn resolution_with_a_writer_schema() {
    let v1 = schema(
        r#"{"type": "record", "name": "User", "namespace": "com.acme", "fields": [
        {"name": "id", "type": "int"},
        {"name": "display_name", "type": "string"},
        {"name": "gone", "type": "boolean"},
        {"name": "tags", "type": {"type": "array", "items": "string"}}]}"#,
    );
    #[derive(Serialize)]
    struct Old {
        id: i32,
        display_name: String,
        gone: bool,
        tags: Vec<String>,
    }
    let old = to_vec(
        &Old {
            id: 42,
            display_name: "Ada".into(),
            gone: true,
            tags: vec!["a".into(), "b".into()],
        },
        &v1,
    )
    .unwrap();
    let u: User = from_slice_with_writer(&old, &v1, &schema(USER)).unwrap();
    assert_eq!(
        u,
        User {
            email: None,
            ..user()
        }
    );
    // Same schema: a plain read.
    let bytes = to_vec(&user(), &schema(USER)).unwrap();
    assert_eq!(
        from_slice_with_writer::<User>(&bytes, &schema(USER), &schema(USER)).unwrap(),
        user()
    );
    // A pair that does not resolve.
    let err = from_slice_with_writer::<User>(&bytes, &schema(USER), &v1).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unresolvable(_)), "{err}");
    // from_value.
    let value = Value::decode(&bytes, &schema(USER)).unwrap();
    assert_eq!(from_value::<User>(&value, &schema(USER)).unwrap(), user());
    // A Value that is no value of the schema is refused as the encoder
    // refuses it: a field missing, a field the record lacks, a wrong type.
    let Value::Record(fields) = &value else {
        unreachable!()
    };
    let mut missing = fields.clone();
    missing.pop();
    let err = from_value::<User>(&Value::Record(missing), &schema(USER)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::MissingField(_)), "{err}");
    let mut extra = fields.clone();
    extra.push(("nickname".into(), Value::from("x")));
    let err = from_value::<User>(&Value::Record(extra), &schema(USER)).unwrap_err();
    assert!(err.to_string().contains("no field 'nickname'"), "{err}");
    let err = from_value::<User>(&Value::from("x"), &schema(USER)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }), "{err}");
}

#[test]
fn encode_into_appends_and_restores_on_error() {
    let s = schema(r#"{"type": "array", "items": "int"}"#);
    let mut out = vec![0xaa];
    avrox::serde::encode_into(&[1i32], &s, &mut out).unwrap();
    assert_eq!(out, [0xaa, 0x02, 0x02, 0x00]);
    let err = avrox::serde::encode_into(&[1i64 << 40], &s, &mut out).unwrap_err();
    assert_eq!(err.path(), "[0]", "{err:#}");
    assert_eq!(out, [0xaa, 0x02, 0x02, 0x00]);
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, avrox::Avro)]
enum Level {
    Low,
    High,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, avrox::Avro)]
struct Circle {
    r: f64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, avrox::Avro)]
struct Square {
    side: f32,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, avrox::Avro)]
enum Shape {
    Circle(Circle),
    Square(Square),
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, avrox::Avro)]
struct Rich {
    level: Level,
    shape: Shape,
    maybe: Option<i64>,
    scores: BTreeMap<String, f64>,
    #[serde(with = "serde_bytes")]
    blob: Vec<u8>,
    nested: Vec<Circle>,
    small: u16,
    big: u32,
    flag: bool,
    name: String,
}

#[test]
fn richer_types_byte_for_byte_as_derived() {
    let values = [
        Rich {
            level: Level::High,
            shape: Shape::Square(Square { side: 2.5 }),
            maybe: Some(-7),
            scores: [("a".to_owned(), 1.5), ("b".to_owned(), -0.0)].into(),
            blob: vec![0, 255, 7],
            nested: vec![Circle { r: 1.0 }, Circle { r: 2.0 }],
            small: 65535,
            big: u32::MAX,
            flag: true,
            name: "ünï".into(),
        },
        Rich {
            level: Level::Low,
            shape: Shape::Circle(Circle { r: 0.5 }),
            maybe: None,
            scores: BTreeMap::new(),
            blob: vec![],
            nested: vec![],
            small: 0,
            big: 0,
            flag: false,
            name: String::new(),
        },
    ];
    let schema = <Rich as avrox::AvroSchema>::schema();
    for v in &values {
        let derived = avrox::to_vec(v).unwrap();
        assert_eq!(to_vec(v, schema).unwrap(), derived, "{v:?}");
        assert_eq!(&read::<Rich>(&derived, schema).unwrap(), v);
        assert_eq!(
            &avrox::from_slice::<Rich>(&to_vec(v, schema).unwrap()).unwrap(),
            v
        );
    }
}

#[test]
fn datums_one_after_another() {
    let s = schema(USER);
    let mut bytes = Vec::new();
    for id in 0..3 {
        avrox::serde::encode_into(&User { id, ..user() }, &s, &mut bytes).unwrap();
    }
    let mut reader = avrox::binary::SliceReader::new(&bytes);
    for id in 0..3 {
        let u: User = avrox::serde::read_next(&mut reader, &s).unwrap();
        assert_eq!(u.id, id);
    }
    assert!(reader.is_empty());
    // A datum that fails leaves the reader where it was.
    let mut bad = avrox::binary::SliceReader::new(&bytes[..5]);
    assert!(avrox::serde::read_next::<User>(&mut bad, &s).is_err());
    assert_eq!(bad.position(), 0);
    // The allocation limit starts afresh for each datum: ten longs (80
    // bytes as u64s, charged twice that, what serde's doubling Vec holds
    // at most) fit 200 bytes, twenty would not.
    let longs = schema(r#"{"type": "array", "items": "long"}"#);
    let mut two = Vec::new();
    for _ in 0..2 {
        two.push(0x14);
        two.extend([0u8; 10]);
        two.push(0x00);
    }
    let strict = avrox::binary::Limits::default().max_allocation(200);
    let mut reader = avrox::binary::SliceReader::with_limits(&two, strict);
    for _ in 0..2 {
        let v: Vec<u64> = avrox::serde::read_next(&mut reader, &longs).unwrap();
        assert_eq!(v.len(), 10);
    }
    let mut twenty = vec![0x28];
    twenty.extend([0u8; 20]);
    twenty.push(0x00);
    let mut reader = avrox::binary::SliceReader::with_limits(&twenty, strict);
    assert!(avrox::serde::read_next::<Vec<u64>>(&mut reader, &longs).is_err());
}

#[test]
fn constraints_are_not_checked_on_the_serde_path() {
    let s = schema(
        r#"{"type": "record", "name": "Tag", "fields": [
        {"name": "label", "type": "string", "avrox.constraints": {"length": {"max": 2}}}]}"#,
    );
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Tag {
        label: String,
    }
    let long = Tag {
        label: "longer".into(),
    };
    let bytes = to_vec(&long, &s).unwrap();
    assert_eq!(read::<Tag>(&bytes, &s).unwrap(), long);
    // The generic value does check them.
    let value = Value::record([("label", Value::from("longer"))]);
    assert!(value.to_bytes(&s).is_err());
    assert_eq!(from_value::<Tag>(&value, &s).unwrap(), long);
}

/// `avrox::serde::Plan`: the plan compiled once, many datums read
/// through it, one after another from one reader; the reader left where
/// it was when a datum fails; a pair that does not resolve refused by
/// `new`.
#[test]
fn a_plan_compiles_once_reads_many() {
    use avrox::binary::SliceReader;
    use avrox::serde::Plan;

    let v1 =
        schema(r#"{"type": "record", "name": "P", "fields": [{"name": "id", "type": "int"}]}"#);
    let v2 = schema(
        r#"{"type": "record", "name": "P", "fields": [
            {"name": "id", "type": "long"},
            {"name": "tag", "type": ["null", "string"], "default": null}]}"#,
    );
    #[derive(Serialize)]
    struct Old {
        id: i32,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct New {
        id: i64,
        tag: Option<String>,
    }
    let plan = Plan::new(&v1, &v2).unwrap();
    assert!(!plan.is_identity());
    let mut bytes = Vec::new();
    for id in [1, -2, 300] {
        avrox::serde::encode_into(&Old { id }, &v1, &mut bytes).unwrap();
    }
    let mut r = SliceReader::new(&bytes);
    for id in [1, -2, 300] {
        let p: New = plan.read_next(&mut r).unwrap();
        assert_eq!(p, New { id, tag: None });
    }
    assert!(r.is_empty());
    // decode: one datum filling the slice, and no more.
    let one = to_vec(&Old { id: 7 }, &v1).unwrap();
    assert_eq!(plan.decode::<New>(&one).unwrap().id, 7);
    let mut two = one.clone();
    two.push(0);
    assert!(plan.decode::<New>(&two).is_err());
    // A truncated datum: an error, the reader unmoved.
    let truncated = [0x80u8];
    let mut r = SliceReader::new(&truncated);
    assert!(plan.read_next::<New>(&mut r).is_err());
    assert_eq!(r.position(), 0);
    // Equal schemas read directly.
    let same = Plan::new(&v2, &v2).unwrap();
    assert!(same.is_identity());
    let bytes = to_vec(&serde_json::json!({"id": 5, "tag": "x"}), &v2).unwrap();
    assert_eq!(
        same.decode::<New>(&bytes).unwrap(),
        New {
            id: 5,
            tag: Some("x".into())
        }
    );
    // A pair that does not resolve (a long cannot be read as an int).
    let err = Plan::new(&v2, &v1).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unresolvable(_)), "{err}");
}

/// An `Option` reads its union's index once and hands the branch on: an
/// enum inside the `Some` still matches its variant against the whole
/// union, by name or paired in order, an `Option<Option<_>>` is `Some` of
/// `Some` on a branch other than null, a skipped field still skips the
/// branch's value, and null may come in either position.
#[test]
fn option_hands_its_branch_on() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Shape {
        A { x: i32 },
        B { y: String },
    }
    let shapes = r#"["null",
        {"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}]},
        {"type": "record", "name": "B", "fields": [{"name": "y", "type": "string"}]}]"#;
    round(&Some(Shape::B { y: "b".into() }), shapes, &[4, 2, b'b']);
    round(&Some(Shape::A { x: 1 }), shapes, &[2, 2]);
    round(&None::<Shape>, shapes, &[0]);

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Scalar {
        Num(i32),
        Text(String),
    }
    let scalars = r#"["int", "string", "null"]"#;
    round(&Some(Scalar::Text("t".into())), scalars, &[2, 2, b't']);
    round(&Some(Scalar::Num(3)), scalars, &[0, 6]);
    round(&None::<Scalar>, scalars, &[4]);

    // Null second, and an unknown index: an error, not a panic.
    round(&Some(5i64), r#"["long", "null"]"#, &[0, 10]);
    round(&None::<i64>, r#"["long", "null"]"#, &[2]);
    assert!(read::<Option<i64>>(&[4, 0], &schema(r#"["long", "null"]"#)).is_err());

    let nested: Option<Option<i32>> = read(&[2, 6], &schema(r#"["null", "int"]"#)).unwrap();
    assert_eq!(nested, Some(Some(3)));

    // A field the struct does not have, of an optional type: skipped
    // whole, index and value.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Last {
        last: i32,
    }
    let s = schema(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "skipped", "type": ["null", "string"]},
            {"name": "last", "type": "int"}]}"#,
    );
    let bytes = to_vec(&serde_json::json!({"skipped": "abc", "last": 9}), &s).unwrap();
    assert_eq!(read::<Last>(&bytes, &s).unwrap(), Last { last: 9 });
}

/// A Rust enum with a unit variant and a `Text(String)` variant, over a
/// union holding a string and an enum whose symbols include the unit
/// variant's name, in either order, and with the variants in either
/// order: the unit variant goes to the first branch that takes its name
/// (the string or the enum), `Text` to the string, and each reads back as
/// itself; so does an `Option` of it. (`Text` was read as the unit
/// variant before: the enum branch and the unit variant counted in the
/// pairing of the variants that name no branch.) A `Text` whose text is a
/// unit variant's name reads back as that unit variant: the documented
/// ambiguity.
#[test]
fn unit_and_text_variants_over_string_and_enum() {
    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
    enum UnitFirst {
        A,
        Text(String),
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
    enum TextFirst {
        Text(String),
        A,
    }
    const KIND: &str = r#"{"type": "enum", "name": "Kind", "symbols": ["A", "B"]}"#;
    fn check<T>(values: &[T], json: &str) -> Vec<Vec<u8>>
    where
        T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let s = schema(json);
        values
            .iter()
            .map(|v| {
                let bytes = to_vec(v, &s).unwrap();
                assert_eq!(&read::<T>(&bytes, &s).unwrap(), v, "{v:?} over {json}");
                bytes
            })
            .collect()
    }
    let text = || "x".to_owned();
    for (union, a, x) in [
        // The string first: the unit variant is written as its name.
        (
            format!(r#"["string", {KIND}]"#),
            vec![0, 2, b'A'],
            vec![0, 2, b'x'],
        ),
        // The enum first: as its symbol.
        (
            format!(r#"[{KIND}, "string"]"#),
            vec![0, 0],
            vec![2, 2, b'x'],
        ),
    ] {
        let expected = [a.clone(), x.clone()];
        assert_eq!(
            check(&[UnitFirst::A, UnitFirst::Text(text())], &union),
            expected
        );
        assert_eq!(
            check(&[TextFirst::A, TextFirst::Text(text())], &union),
            expected
        );
        // Text("A") is written as the unit variant is, and reads as it.
        let s = schema(&union);
        let bytes = to_vec(&UnitFirst::Text("A".into()), &s).unwrap();
        assert_eq!(bytes, a);
        assert_eq!(read::<UnitFirst>(&bytes, &s).unwrap(), UnitFirst::A);
    }
    for union in [
        format!(r#"["null", "string", {KIND}]"#),
        format!(r#"[{KIND}, "null", "string"]"#),
    ] {
        let bytes = check(
            &[None, Some(UnitFirst::A), Some(UnitFirst::Text(text()))],
            &union,
        );
        assert_eq!(bytes.len(), 3);
        check(
            &[None, Some(TextFirst::A), Some(TextFirst::Text(text()))],
            &union,
        );
    }
}

/// A record remembers the struct field list it last matched (by the
/// list's address): structs of the same number of fields in another
/// order, read from one schema in turn and from two threads at once,
/// still get their fields by name.
#[test]
fn structs_of_the_same_fields_in_another_order_read_by_name() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct InOrder {
        a: i64,
        b: i64,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Swapped {
        b: i64,
        a: i64,
    }
    let schema = schema(
        r#"{"type": "array", "items": {"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "long"}, {"name": "b", "type": "long"}]}}"#,
    );
    // [{a: 1, b: 2}, {a: 3, b: 4}]
    let bytes = [0x04, 0x02, 0x04, 0x06, 0x08, 0x00];
    let in_order = || vec![InOrder { a: 1, b: 2 }, InOrder { a: 3, b: 4 }];
    let swapped = || vec![Swapped { b: 2, a: 1 }, Swapped { b: 4, a: 3 }];
    for _ in 0..3 {
        assert_eq!(read::<Vec<InOrder>>(&bytes, &schema).unwrap(), in_order());
        assert_eq!(read::<Vec<Swapped>>(&bytes, &schema).unwrap(), swapped());
    }
    // A clone of a schema that matched the lists reads them as well.
    let cloned = schema.clone();
    assert_eq!(read::<Vec<Swapped>>(&bytes, &cloned).unwrap(), swapped());
    assert_eq!(read::<Vec<InOrder>>(&bytes, &cloned).unwrap(), in_order());
    std::thread::scope(|s| {
        let schema = &schema;
        s.spawn(move || {
            for _ in 0..500 {
                assert_eq!(
                    from_slice::<Vec<InOrder>>(&bytes, schema).unwrap(),
                    in_order()
                );
            }
        });
        s.spawn(move || {
            for _ in 0..500 {
                assert_eq!(
                    from_slice::<Vec<Swapped>>(&bytes, schema).unwrap(),
                    swapped()
                );
            }
        });
    });
}
