//! Apache Avro for Rust.
//!
//! avrox implements the [Avro 1.12 specification]: schemas with their
//! Parsing Canonical Form and fingerprints, the binary encoding, and
//! generic values for data whose schema is known only at run time.
//!
//! ```
//! use avrox::{Schema, Value};
//!
//! let schema = Schema::parse(r#"{
//!     "type": "record", "name": "Reading", "namespace": "com.acme.iot",
//!     "fields": [
//!         {"name": "sensor", "type": "string"},
//!         {"name": "celsius", "type": "double"},
//!         {"name": "note", "type": ["null", "string"], "default": null}
//!     ]
//! }"#)?;
//!
//! // Schemas have a canonical form and fingerprints.
//! println!("{}", schema.canonical_form());
//! println!("{}", schema.rabin_fingerprint()); // the hex of its 8 bytes, as Avro tools print it
//!
//! // Values encode to Avro's binary form and back.
//! let reading = Value::record([
//!     ("sensor", Value::from("t-1000")),
//!     ("celsius", Value::Double(21.5)),
//!     ("note", Value::Null),
//! ]);
//! let bytes = reading.to_bytes(&schema)?;
//! let back = Value::decode(&bytes, &schema)?;
//! assert_eq!(back.get("sensor"), Some(&Value::from("t-1000")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Data written with another schema (an older version of a type, another
//! producer's) reads through [`resolve`]: a plan compiled once from the
//! writer's and the reader's schemas, by the specification's resolution
//! rules, decoding into generic values or straight into derived types; with
//! version tags, migration hooks and compatibility checks.
//!
//! Data on disk and on the wire: [`ocf`] reads and writes object container
//! files (with the `deflate`, `snappy`, `zstandard`, `bzip2` and `xz`
//! codecs behind features), [`framing`] single-object messages and the
//! Confluent wire format, and [`json`] Avro's JSON encoding.
//!
//! Decoding untrusted input is safe by default: every length is checked
//! against the input before anything is allocated, and the [`binary::Limits`]
//! of each reader bound allocation, collection sizes and nesting.
//!
//! [Avro 1.12 specification]: https://avro.apache.org/docs/1.12.0/specification/

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// No panic reachable from input or from ordinary use: each exception is
// allowed where it stands, with the invariant that keeps input from it.
// Tests may panic.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod binary;
mod bounded_cache;
pub mod codec;
mod datum;
pub mod error;
pub mod framing;
pub mod json;
pub mod logical;
pub mod observe;
pub mod ocf;
pub mod resolve;
pub mod schema;
#[cfg(feature = "serde")]
pub mod serde;
pub mod validate;
pub mod value;

pub use codec::functions::{
    encode_into, from_slice, from_slice_unchecked, from_slice_with_limits, from_value,
    from_value_unchecked, read_next, read_next_unchecked, to_value, to_vec, to_vec_unchecked,
};
pub use codec::{AvroSchema, Decode, DecodeOwned, Encode, FromValue, ToValue};
pub use datum::{Avro, ReadDatum, WriteDatum};
pub use error::{Error, ErrorKind, Result};
pub use resolve::typed::from_slice_with_writer;

/// Derives the Avro schema, encoder, decoder and value conversions of a
/// struct or enum. See the [`codec`] module for the types fields can have.
///
/// Custom properties of the schema, which other tools read (Kafka
/// Connect's `connect.name`, Java's `avro.java.string`), are written with
/// `property` on a struct, an enum of unit variants or a field: `value =` a
/// string, number or bool literal, or `json =` the text of any JSON value
/// (checked when the crate compiles). They are printed with the schema and
/// left out of its Parsing Canonical Form, so the data does not change:
///
/// ```
/// use avrox::{Avro, AvroSchema};
///
/// #[derive(Avro)]
/// #[avro(
///     namespace = "com.acme",
///     property(key = "connect.name", value = "com.acme.User"),
///     property(key = "connect.parameters", json = r#"{"source": "crm"}"#)
/// )]
/// struct User {
///     #[avro(property(key = "avro.java.string", value = "String"))]
///     name: String,
/// }
///
/// let json = User::schema().to_json();
/// assert_eq!(json["connect.name"], "com.acme.User");
/// assert_eq!(json["connect.parameters"]["source"], "crm");
/// assert_eq!(json["fields"][0]["avro.java.string"], "String");
/// assert!(!User::schema().canonical_form().contains("connect"));
/// ```
///
/// A struct of one `[u8; N]` field with `#[avro(fixed)]` is a named `fixed`
/// (a bare `[u8; N]` is the anonymous `avrox.fixed_N`):
///
/// ```
/// use avrox::{Avro, AvroSchema};
///
/// #[derive(Avro)]
/// #[avro(fixed, namespace = "org.acme")]
/// struct Md5([u8; 16]);
///
/// assert_eq!(
///     Md5::schema().canonical_form(),
///     r#"{"name":"org.acme.Md5","type":"fixed","size":16}"#
/// );
/// ```
pub use avrox_derive::Avro;
pub use schema::{Schema, SchemaError};
pub use validate::{Report, Validate};
pub use value::Value;

/// What code generated by `#[derive(Avro)]` calls. Not a public API: it
/// changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use std::sync::OnceLock;
    pub use std::vec::Vec;

    pub use crate::codec::cache::build as build_schema;
    pub use crate::codec::{Chain, unwrap_union};
    pub use crate::logical::decimal_choice::{
        AnyMapping, DecimalUnchosen, MappingProbe, big_decimal_field, mapping_chosen,
    };
    pub use crate::resolve::typed::{chain, lineage_through};
    pub use crate::schema::versioning::FieldChange;
    use crate::schema::{Name, NodeId, SchemaBuilder};
    pub use crate::validate::Collector;
    pub use crate::validate::checks::Dfa;
    #[cfg(feature = "pattern")]
    pub use crate::validate::checks::Pattern;
    pub use crate::validate::message::{
        fail_bound, fail_length, fail_multiple_of, fail_non_empty, fail_one_of, fail_pattern,
    };
    pub use crate::validate::{Code, Elements, Length, MultipleOf};
    pub use crate::value::json::default_json;
    pub use serde_json::Value as Json;

    /// The fixed encoded size of a record whose fields have the given
    /// ones: their sum, or `None` when any field's size varies.
    pub const fn fixed_size(fields: &[Option<usize>]) -> Option<usize> {
        let mut total = 0usize;
        let mut rest = fields;
        while let [first, tail @ ..] = rest {
            match first {
                Some(n) => match total.checked_add(*n) {
                    Some(t) => total = t,
                    None => return None,
                },
                None => return None,
            }
            rest = tail;
        }
        Some(total)
    }

    /// An alias of a named type, relative to its namespace unless dotted.
    pub fn alias(alias: &str, namespace: Option<&str>) -> Name {
        Name::alias(alias, namespace)
    }

    /// A constraint's parameter or attribute, from JSON text the derive
    /// wrote.
    pub fn json(text: &str) -> Json {
        // Only generated code calls this, with text the derive printed with
        // serde_json at compile time: it parses.
        #[allow(clippy::expect_used)]
        serde_json::from_str(text).expect("the derive writes valid JSON")
    }

    /// The `Debug` text of a value, through [`DebugText`] when the type has
    /// `Debug` and [`NoDebugText`] when not: `(&Probe(&v)).text()`.
    #[derive(Debug)]
    pub struct Probe<'a, T: ?Sized>(pub &'a T);

    /// See [`Probe`].
    pub trait DebugText {
        /// The `Debug` text.
        fn text(&self) -> String;
    }

    impl<T: ?Sized + std::fmt::Debug> DebugText for Probe<'_, T> {
        fn text(&self) -> String {
            format!("{:?}", self.0)
        }
    }

    /// See [`Probe`].
    pub trait NoDebugText {
        /// A stand-in for a value without `Debug`.
        fn text(&self) -> String;
    }

    impl<T: ?Sized> NoDebugText for &Probe<'_, T> {
        fn text(&self) -> String {
            "<no Debug>".to_owned()
        }
    }

    /// Records a failure whose value and message are text already.
    pub fn fail(
        c: &mut Collector,
        code: Code,
        params: &[(&str, Json)],
        value: String,
        message: String,
    ) {
        let params = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        c.push(code, params, value, message);
    }

    /// The failure of a `custom` or container `validate` function.
    pub fn fail_custom(
        c: &mut Collector,
        function: &str,
        value: String,
        message: &dyn std::fmt::Display,
    ) {
        fail(
            c,
            Code::Custom,
            &[("function", Json::String(function.replace(' ', "")))],
            value,
            message.to_string(),
        );
    }

    /// What one unit of the value's length is called: `"character"`, `"item"`.
    pub fn length_unit<T: Length + ?Sized>(_: &T) -> &'static str {
        T::UNIT
    }

    /// The error of a value of the wrong shape.
    pub fn mismatch(expected: &str, found: &crate::Value) -> crate::Error {
        crate::Error::mismatch(expected, found.kind_name())
    }

    /// The result of a `migrate` hook, its error kept as the source.
    pub fn migrated<T, E>(result: Result<T, E>) -> crate::Result<T>
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        result.map_err(migration_error)
    }

    /// The error of a failed migration or `try_from` conversion.
    pub fn migration_error<E>(e: E) -> crate::Error
    where
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        crate::Error::migration(e)
    }

    /// The error of a record value without a field.
    pub fn missing_field(name: &str) -> crate::Error {
        crate::Error::new(crate::ErrorKind::MissingField(name.to_owned()))
    }

    /// The error of a symbol an enum does not have.
    pub fn unknown_symbol(symbol: &str, enum_name: &str) -> crate::Error {
        crate::Error::invalid(format!("'{symbol}' is not a symbol of enum '{enum_name}'"))
    }

    /// The error of a union index out of range.
    pub fn union_index(index: u32, branches: usize) -> crate::Error {
        crate::Error::new(crate::ErrorKind::UnionIndex {
            index: i64::from(index),
            branches,
        })
    }

    /// A name the derive checked at compile time.
    pub fn name(fullname: &str) -> Name {
        // Only generated code calls this, with a name the derive checked
        // by the same rules at compile time (a compile error otherwise).
        #[allow(clippy::panic)]
        Name::new(fullname)
            .unwrap_or_else(|e| panic!("the derive let an invalid name through: {e}"))
    }

    /// The name of an instance of a generic type: the base name, then the
    /// label of each type argument (`Pair_int`, `Page_shop_Order`), then
    /// each const argument (`Block_16`).
    pub fn generic_name(
        base: &str,
        builder: &SchemaBuilder,
        arguments: &[NodeId],
        constants: &[String],
    ) -> Name {
        let mut fullname = base.to_owned();
        for &argument in arguments {
            fullname.push('_');
            fullname.push_str(&builder.label(argument));
        }
        for constant in constants {
            fullname.push('_');
            push_name_chars(&mut fullname, constant);
        }
        // `base` is a name the derive checked, labels are names with `_` for
        // `.` or kind names, constants went through `push_name_chars`: every
        // part is name characters after a `_`.
        #[allow(clippy::expect_used)]
        Name::new(&fullname).expect("labels are valid name characters")
    }

    /// Appends a const argument's text (an integer, `true`, `false` or a
    /// `char`) in name characters: `-` as `m`, any other character that
    /// cannot be in a name as `u` and its code point in hex (`'.'` is
    /// `u2e`), so that every instance of a generic type has a valid name.
    fn push_name_chars(out: &mut String, constant: &str) {
        use std::fmt::Write;
        for c in constant.chars() {
            match c {
                '-' => out.push('m'),
                c if c.is_ascii_alphanumeric() || c == '_' => out.push(c),
                // Writing to a String cannot fail.
                c => _ = write!(out, "u{:x}", u32::from(c)),
            }
        }
    }
}
