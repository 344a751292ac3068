//! The derived types the targets decode into: one with every kind of field
//! (borrowed and owned), and the reader types of the evolving schemas the
//! `resolve` target reads through.

use std::borrow::Cow;
use std::collections::BTreeMap;

use avrox::Avro;
use avrox::value::{Decimal, Duration, Uuid};

/// An enum of symbols with a default for symbols a reader does not know.
#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "fuzz.derived")]
pub enum Suit {
    Hearts,
    #[avro(default)]
    Spades,
    Clubs,
}

/// A data enum: a union of a symbol-less record and records.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "fuzz.derived")]
pub enum Shape {
    Empty,
    Circle { radius: f64 },
    Label(String),
}

/// A recursive type, through `Vec` and `Box`.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "fuzz.derived")]
pub struct Tree {
    pub value: i32,
    pub children: Vec<Tree>,
    pub left: Option<Box<Tree>>,
}

/// A nested record.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "fuzz.derived")]
pub struct Item {
    pub id: i32,
    #[avro(length(max = 4))]
    pub tags: Vec<String>,
}

/// Every kind of field, with the strings and bytes that can borrow from
/// the input borrowing. [`Owned`] has the same schema.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Everything", namespace = "fuzz.derived")]
pub struct Borrowed<'a> {
    pub flag: bool,
    pub small: u8,
    pub int: i32,
    pub long: i64,
    pub float: f32,
    pub double: f64,
    pub name: &'a str,
    pub cow: Cow<'a, str>,
    pub raw: &'a [u8],
    pub fixed: [u8; 4],
    pub suit: Suit,
    pub shape: Shape,
    pub maybe: Option<i64>,
    pub maybe_name: Option<&'a str>,
    pub items: Vec<Item>,
    pub map: BTreeMap<String, Option<i64>>,
    pub tree: Tree,
    #[avro(unit = millis)]
    pub at_millis: i64,
    pub at_micros_default: Option<i64>,
    pub uuid: Uuid,
    #[avro(uuid = fixed)]
    pub fixed_uuid: Uuid,
    #[avro(decimal(precision = 10, scale = 2))]
    pub amount: Decimal,
    #[avro(decimal(precision = 9, scale = 3, size = 4))]
    pub fixed_amount: Decimal,
    pub big: Decimal,
    pub period: Duration,
    #[avro(min = 0.0, max = 1.0)]
    pub score: f64,
    #[avro(min = 1, max = 100)]
    pub percent: u32,
    #[avro(length(min = 1, max = 8), pattern = "^[A-Z0-9-]+$")]
    pub code: &'a str,
    #[avro(length(max = 3))]
    pub bounded: Vec<u8>,
}

/// [`Borrowed`] with every string and byte string owned.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(name = "Everything", namespace = "fuzz.derived")]
pub struct Owned {
    pub flag: bool,
    pub small: u8,
    pub int: i32,
    pub long: i64,
    pub float: f32,
    pub double: f64,
    pub name: String,
    pub cow: String,
    pub raw: Vec<u8>,
    pub fixed: [u8; 4],
    pub suit: Suit,
    pub shape: Shape,
    pub maybe: Option<i64>,
    pub maybe_name: Option<String>,
    pub items: Vec<Item>,
    pub map: BTreeMap<String, Option<i64>>,
    pub tree: Tree,
    #[avro(unit = millis)]
    pub at_millis: i64,
    pub at_micros_default: Option<i64>,
    pub uuid: Uuid,
    #[avro(uuid = fixed)]
    pub fixed_uuid: Uuid,
    #[avro(decimal(precision = 10, scale = 2))]
    pub amount: Decimal,
    #[avro(decimal(precision = 9, scale = 3, size = 4))]
    pub fixed_amount: Decimal,
    pub big: Decimal,
    pub period: Duration,
    #[avro(min = 0.0, max = 1.0)]
    pub score: f64,
    #[avro(min = 1, max = 100)]
    pub percent: u32,
    #[avro(length(min = 1, max = 8), pattern = "^[A-Z0-9-]+$")]
    pub code: String,
    #[avro(length(max = 3))]
    pub bounded: Vec<u8>,
}

/// An enum that gained symbols: readers map unknown ones to `Mid`.
#[derive(Avro, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "fuzz.evolve")]
pub enum Level {
    Low,
    #[avro(default)]
    Mid,
    High,
}

/// A nested record of [`Person`], renamed since it was first written.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "fuzz.evolve", alias = "Buddy")]
pub struct Friend {
    pub id: i64,
    #[avro(default)]
    pub since: i32,
}

/// The reader type of the `resolve` target's evolving schemas.
#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "fuzz.evolve", alias = "OldPerson")]
pub struct Person {
    pub id: i64,
    #[avro(alias = "full_name")]
    pub name: String,
    #[avro(default)]
    pub email: Option<String>,
    #[avro(default = 1.0)]
    pub score: f64,
    #[avro(default)]
    pub tags: Vec<String>,
    pub count: i64,
    pub ratio: f32,
    pub total: f64,
    pub data: Vec<u8>,
    pub text: String,
    pub level: Level,
    pub choice: Option<i64>,
    pub shape: Shape,
    #[avro(default)]
    pub friends: Vec<Friend>,
}
