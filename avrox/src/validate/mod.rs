//! Constraints on values, checked on demand, on encode and on decode, with
//! a report of every failure.
//!
//! A derived type declares constraints on its fields, pydantic-style:
//!
//! ```
//! use avrox::{Avro, Validate};
//!
//! #[derive(Avro, Debug)]
//! struct Address {
//!     #[avro(length(min = 1, max = 3), inner(non_empty))]
//!     lines: Vec<String>,
//!     #[avro(pattern = r"^[0-9]{5}$")]
//!     zip: String,
//! }
//!
//! #[derive(Avro, Debug)]
//! struct Customer {
//!     #[avro(min = 18)]
//!     age: u8,
//!     address: Address,
//! }
//!
//! let customer = Customer {
//!     age: 17,
//!     address: Address { lines: vec!["1 Main St".into(), String::new()], zip: "1234".into() },
//! };
//! let report = customer.validate().unwrap_err();
//! let paths: Vec<&str> = report.failures().iter().map(|f| f.path()).collect();
//! assert_eq!(paths, ["age", "address.lines[1]", "address.zip"]);
//!
//! // Encoding refuses the value with the same report ...
//! let err = avrox::to_vec(&customer).unwrap_err();
//! assert!(matches!(err.kind(), avrox::ErrorKind::Validation(r) if r.len() == 3));
//! // ... unless asked not to check, for values already known to be valid.
//! assert!(avrox::to_vec_unchecked(&customer).is_ok());
//! ```
//!
//! The constraints, all in `#[avro(...)]` on a field:
//!
//! | attribute | applies to | the value must |
//! |---|---|---|
//! | `min = x`, `max = x` | numbers, decimals, dates and times (any `PartialOrd`) | be `>= x`, `<= x` |
//! | `exclusive_min = x`, `exclusive_max = x` | the same | be `> x`, `< x` |
//! | `length(min = a, max = b)` | strings (in characters), bytes and collections (in items) | have a length in `a..=b` |
//! | `non_empty` | strings, bytes, collections | not be empty |
//! | `pattern = "regex"` | strings | match the regular expression (regex-lite's syntax; `\d`, `\w`, `\s`, `\b` are ASCII) |
//! | `one_of = [a, b, ..]` | anything comparable with `==` | equal one of them |
//! | `multiple_of = x` | integers, floats, decimals | be a whole multiple of `x` |
//! | `custom = path` | anything | make `path(&value)` return `Ok(())`; its `Err` (any `Display`) is the message |
//! | `inner(..)` | `Vec`, slices, arrays, maps, `Option` | have every element (map value, the `Some` value) meet the constraints inside |
//!
//! A field whose type is itself derived is validated with its own
//! constraints, through `Option`, `Box`, sequences and maps. On the struct
//! or enum, `validate = path` runs `path(&value)` after the fields have
//! passed, for rules across fields (pydantic's model validators).
//!
//! A `pattern` literal is compiled at build time into DFA tables kept in
//! the program; one too large for that is compiled on first use by
//! regex-lite, which needs the `pattern` feature (on by default) and is
//! also what checks the patterns of schemas (without the feature, a
//! schema's patterns are kept and printed but not checked).
//!
//! # Where validation runs
//!
//! - On demand: [`Validate::validate`] (for every type with an Avro schema).
//! - On encode: [`to_vec`](crate::to_vec) and [`encode_into`](crate::encode_into)
//!   refuse an invalid value with [`ErrorKind::Validation`](crate::ErrorKind::Validation).
//!   [`to_vec_unchecked`](crate::to_vec_unchecked) and the [`Encode`](crate::Encode)
//!   trait itself do not check, for trusted hot loops.
//! - On decode: [`from_slice`](crate::from_slice), [`read_next`](crate::read_next),
//!   [`Value::decode`](crate::Value::decode) and the readers of files and
//!   messages ([`ocf::Reader`](crate::ocf::Reader),
//!   [`SchemaStore`](crate::framing::SchemaStore),
//!   [`ConfluentReader`](crate::framing::ConfluentReader),
//!   [`LinesReader`](crate::json::LinesReader)) validate what they decode.
//!   The `_unchecked` functions ([`from_slice_unchecked`](crate::from_slice_unchecked),
//!   [`read_next_unchecked`](crate::read_next_unchecked),
//!   [`Value::decode_unchecked`](crate::Value::decode_unchecked)) and each
//!   reader's option ([`ReaderOptions::validate`](crate::ocf::ReaderOptions::validate),
//!   `with_validation(false)` on the others) turn that off. The
//!   [`Decode`](crate::Decode) trait itself does not check.
//! - From generic values: [`from_value`](crate::from_value) checks the
//!   value it converts; [`from_value_unchecked`](crate::from_value_unchecked)
//!   and the [`FromValue`](crate::FromValue) trait itself do not.
//! - Generic values: [`Value::validate`](crate::Value::validate) checks a value
//!   against the constraints a schema carries; `Value::encode` and
//!   `Value::decode` check them too.
//!
//! A reader of many datums reports a datum that decodes but breaks its
//! constraints as an [`ErrorKind::Validation`](crate::ErrorKind::Validation)
//! error that says where it is (block and record, line, byte offset) and
//! carries the [`Report`], and reads on: such a datum is not damage.
//! [`ValidOnlyExt::valid_only`] reads the valid datums and sets the invalid
//! ones aside.
//!
//! # Constraints in the schema
//!
//! A derived record carries its fields' constraints in the schema, as the
//! field attribute `"avrox.constraints"`: an object whose keys are the
//! attribute names above (`min`, `max`, `exclusive_min`, `exclusive_max`,
//! `length` as `{"min": a, "max": b}`, `non_empty` as `true`, `pattern`,
//! `one_of` as an array, `multiple_of`, `inner` as a nested object).
//! Only constraints given as literals travel (a Rust expression, a
//! `custom` function and a container's `validate` cannot), and none of a
//! field encoded `with` a codec module (whose Avro type the derive cannot
//! see), nor `inner` on bytes; they are all still checked in Rust. The
//! constraints of a `transparent` struct's field or a newtype variant's,
//! which have no record field to hang them on, go on the type itself
//! (`{"type": "int", "avrox.constraints": {"max": 100}}`), which parsing
//! accepts on primitives, arrays and maps. Numbers are JSON
//! numbers (a decimal's bound may also be a string such as `"0.01"`).
//! Parsing a schema checks the object is well formed and suits the field's
//! type; the attribute is kept when the schema is printed and left out of
//! the Parsing Canonical Form, so fingerprints do not change.
//!
//! ```
//! use avrox::{Schema, Value};
//!
//! let schema = Schema::parse(r#"{"type": "record", "name": "Metric", "fields": [
//!     {"name": "score", "type": "double", "avrox.constraints": {"min": 0, "max": 1}}
//! ]}"#)?;
//! let value = Value::record([("score", Value::Double(1.5))]);
//! let report = value.validate(&schema).unwrap_err();
//! assert_eq!(report.to_string(), "score: must be at most 1 [code=max, value=1.5]");
//! assert!(value.to_bytes(&schema).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod checks;
pub(crate) mod collector;
pub(crate) mod message;
mod rejected;
pub(crate) mod report;
pub(crate) mod tolerance;

pub use checks::{Elements, Length, MultipleOf};
pub use collector::Collector;
pub use rejected::{Rejected, ValidOnly, ValidOnlyExt};
pub use report::{Code, Failure, Report};

use crate::AvroSchema;

/// Checking a value against its type's constraints.
///
/// Implemented for every type with an Avro schema: a derived type checks
/// the constraints its attributes declare, and those of the derived types
/// inside it; other types have none of their own and pass.
pub trait Validate {
    /// Checks every constraint and reports every failure.
    fn validate(&self) -> Result<(), Report>;

    /// Whether every constraint holds, without building a report.
    fn is_valid(&self) -> bool;
}

impl<T: AvroSchema + ?Sized> Validate for T {
    #[inline]
    fn validate(&self) -> Result<(), Report> {
        crate::codec::constraint_report(self)
    }

    #[inline]
    fn is_valid(&self) -> bool {
        self.check_constraints()
    }
}
