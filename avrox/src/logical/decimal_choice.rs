//! Fields of `rust_decimal::Decimal` must choose their Avro type.
//!
//! `rust_decimal::Decimal` has two Avro mappings and neither is a safe
//! default. Its own impls give a `big-decimal`, whose scale travels with
//! each value, but Python `avro` 1.12 reads that as raw bytes with a
//! warning and fastavro as raw bytes silently. A `decimal` with the
//! schema's precision and scale (`#[avro(decimal(..))]`) is read as a
//! decimal everywhere, but needs the scale up front. So `#[derive(Avro)]`
//! refuses a `rust_decimal::Decimal` or `Option<rust_decimal::Decimal>`
//! field that does not say which it wants, and `#[avro(big_decimal)]`
//! says it.
//!
//! The derive cannot tell a type from its name (a user's own `Decimal`
//! is fine), so the check is made by the compiler: the generated code asks
//! [`MappingProbe`] for the field's mapping; method resolution picks
//! [`DecimalUnchosen`] for exactly the types that need a choice and
//! [`AnyMapping`] for every other, and only the latter's answer satisfies
//! [`MappingChosen`], whose message says what to write.

use std::marker::PhantomData;

use crate::value::Decimal;

/// Asks for a field type's mapping: `(&MappingProbe::<T>::NEW).mapping()`.
pub struct MappingProbe<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> std::fmt::Debug for MappingProbe<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MappingProbe")
    }
}

impl<T: ?Sized> MappingProbe<T> {
    /// The probe of `T`.
    pub const NEW: MappingProbe<T> = MappingProbe(PhantomData);
}

/// The answer for a `rust_decimal::Decimal` field without a choice.
#[derive(Debug)]
pub struct DecimalWithoutMapping;

/// The answer for every other field.
#[derive(Debug)]
pub struct MappingKnown;

/// Resolved first, for the types that need a choice.
pub trait DecimalUnchosen {
    /// The field must choose.
    fn mapping(&self) -> DecimalWithoutMapping {
        DecimalWithoutMapping
    }
}

#[cfg(feature = "rust_decimal")]
impl DecimalUnchosen for MappingProbe<::rust_decimal::Decimal> {}

#[cfg(feature = "rust_decimal")]
impl DecimalUnchosen for MappingProbe<Option<::rust_decimal::Decimal>> {}

/// Resolved through one more reference, for every other type.
pub trait AnyMapping {
    /// The field's type has its mapping.
    fn mapping(&self) -> MappingKnown {
        MappingKnown
    }
}

impl<T: ?Sized> AnyMapping for &MappingProbe<T> {}

/// Holds for a field whose mapping is known.
#[diagnostic::on_unimplemented(
    message = "a `rust_decimal::Decimal` field must choose its Avro type",
    label = "add `#[avro(decimal(precision = P, scale = S))]` or `#[avro(big_decimal)]` to this field",
    note = "`decimal(precision = P, scale = S)` is Avro's `decimal`, which every Avro implementation reads as a decimal number",
    note = "`big_decimal` is Avro's `big-decimal` (each value carries its scale), which Python `avro` and fastavro read as raw bytes"
)]
pub trait MappingChosen {}

// Not offered as a fix: the fix is an attribute, which the message names.
#[diagnostic::do_not_recommend]
impl MappingChosen for MappingKnown {}

/// Compiles when the probe's answer is `MappingKnown`.
#[inline]
pub fn mapping_chosen<M: MappingChosen>(_: M) {}

/// A field type `#[avro(big_decimal)]` applies to: a decimal type whose own
/// schema is Avro's `big-decimal`, or an `Option`, `Vec` or `Box` of one.
///
/// The attribute changes nothing in the encoding: it records that the
/// field means to be a `big-decimal` (see the book's deriving chapter), and
/// this trait makes sure it is written on a decimal.
///
/// ```
/// # #[cfg(feature = "rust_decimal")] {
/// use avrox::{Avro, AvroSchema};
///
/// #[derive(Avro)]
/// struct Ledger {
///     #[avro(big_decimal)]
///     balance: rust_decimal::Decimal,
/// }
///
/// assert_eq!(
///     Ledger::schema().to_string(),
///     r#"{"type":"record","name":"Ledger","fields":[{"name":"balance","type":{"type":"bytes","logicalType":"big-decimal"}}]}"#
/// );
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot take `#[avro(big_decimal)]`",
    label = "not a decimal type, nor an `Option`, `Vec` or `Box` of one",
    note = "`big_decimal` applies to `rust_decimal::Decimal` (feature `rust_decimal`) and `avrox::value::Decimal`"
)]
pub trait BigDecimalField {}

impl BigDecimalField for Decimal {}

#[cfg(feature = "rust_decimal")]
impl BigDecimalField for ::rust_decimal::Decimal {}

impl<T: BigDecimalField> BigDecimalField for Option<T> {}

impl<T: BigDecimalField> BigDecimalField for Vec<T> {}

impl<T: BigDecimalField> BigDecimalField for Box<T> {}

/// Compiles when `T` can take `#[avro(big_decimal)]`.
#[inline]
pub fn big_decimal_field<T: BigDecimalField + ?Sized>() {}
