//! Decimals with a precision and scale fixed by the schema.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::field_trait;
use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::schema::{
    Fixed, LogicalType, Name, Node, NodeId, SchemaBuilder, Type, max_decimal_precision,
};
use crate::value::{Decimal, Value};

/// A decimal number type: the values the [`DecimalBytes`] and
/// [`DecimalFixed`] adapters accept, converted through
/// [`avrox::value::Decimal`](Decimal).
///
/// Implemented for [`avrox::value::Decimal`](Decimal), whose scale must be
/// the schema's, and with the `rust_decimal` feature for
/// `rust_decimal::Decimal`, which is rescaled exactly when it can be.
pub trait DecimalValue: Sized {
    /// The type's name in error messages.
    const NAME: &'static str;

    /// The number, with its own scale.
    fn to_decimal(&self) -> Cow<'_, Decimal>;

    /// The number with exactly `scale` digits after the point, or an error
    /// if that would change it (drop digits). The default accepts only a
    /// number whose own scale is `scale`.
    fn to_decimal_at(&self, scale: u32) -> Result<Cow<'_, Decimal>> {
        let d = self.to_decimal();
        if i64::from(d.scale()) == i64::from(scale) {
            Ok(d)
        } else {
            Err(Error::invalid(format!(
                "decimal {} has scale {}, the schema's scale is {scale}",
                describe(&d),
                d.scale()
            )))
        }
    }

    /// The value of a decimal, of any scale, or an error if the type cannot
    /// hold it exactly.
    fn from_decimal(decimal: Decimal) -> Result<Self>;
}

/// Taken as it is: encoding checks its scale against the schema's.
impl DecimalValue for Decimal {
    const NAME: &'static str = "avrox::value::Decimal";

    #[inline]
    fn to_decimal(&self) -> Cow<'_, Decimal> {
        Cow::Borrowed(self)
    }

    #[inline]
    fn from_decimal(decimal: Decimal) -> Result<Decimal> {
        Ok(decimal)
    }
}

field_trait! {
    /// A field type the [`DecimalBytes`] and [`DecimalFixed`] adapters
    /// accept: a [`DecimalValue`] `T`, or `Option<T>` for
    /// `["null", decimal]`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot take `#[avro(decimal(..))]`",
        label = "not a decimal type, nor an `Option` of one",
        note = "`decimal(..)` applies to `avrox::value::Decimal`, `rust_decimal::Decimal` (feature `rust_decimal`) and other types implementing `avrox::logical::DecimalValue`"
    )]
    DecimalField: DecimalValue
}

/// A decimal for a message: as text when that is short, otherwise by its
/// parts (the text of a decimal read from the input can be as long as its
/// scale, some two billion digits).
pub(crate) fn describe(d: &Decimal) -> String {
    match d.to_i128() {
        Some(_) if (-40..=40).contains(&d.scale()) => d.to_string(),
        Some(m) => format!("{m}e{}", -i64::from(d.scale())),
        None => format!(
            "of {} unscaled bytes at scale {}",
            d.unscaled_bytes().len(),
            d.scale()
        ),
    }
}

/// The number of decimal digits of a decimal's unscaled integer.
fn digits(d: &Decimal) -> usize {
    match d.to_i128() {
        Some(v) => v
            .unsigned_abs()
            .checked_ilog10()
            .map_or(1, |l| l as usize + 1),
        None => d.digits(),
    }
}

/// The scale as a decimal's `i32` (a scale past `i32::MAX` cannot be a
/// real one; the schema checks refuse it).
fn scale_i32(scale: u32) -> i32 {
    i32::try_from(scale).unwrap_or(i32::MAX)
}

/// Checks the parameters of a `decimal`, recording what is wrong on the
/// builder.
fn check_parameters<T: DecimalValue>(
    b: &mut SchemaBuilder,
    precision: u32,
    scale: u32,
    size: Option<usize>,
) {
    let what = match size {
        Some(size) => {
            format!(
                "`{}` with `decimal(precision = {precision}, scale = {scale}, size = {size})`",
                T::NAME
            )
        }
        None => format!(
            "`{}` with `decimal(precision = {precision}, scale = {scale})`",
            T::NAME
        ),
    };
    if precision == 0 {
        b.error(format!("{what}: the precision must be at least 1"));
    } else if i32::try_from(precision).is_err() {
        b.error(format!("{what}: the precision must fit a 32-bit int"));
    } else if scale > precision {
        b.error(format!(
            "{what}: the scale must not be greater than the precision"
        ));
    } else if let Some(size) = size {
        let max = max_decimal_precision(size);
        if precision > max {
            // A byte holds more than two digits, so `precision` bytes
            // are always enough.
            let most = precision as usize;
            let needed = (1..=most)
                .find(|&n| max_decimal_precision(n) >= precision)
                .unwrap_or(most);
            b.error(format!(
                "{what}: a fixed of {size} bytes holds at most {max} digits; {precision} digits need a size of at least {needed}"
            ));
        }
    }
}

/// The unscaled integer to write: the value at the schema's scale, within
/// its precision.
#[inline]
fn unscaled_to_write<T: DecimalValue>(
    v: &T,
    precision: u32,
    scale: u32,
) -> Result<Cow<'_, Decimal>> {
    let d = v.to_decimal_at(scale)?;
    check_digits(&d, precision)?;
    Ok(d)
}

/// Refuses a decimal of more digits than the field's precision. Checked
/// when a field is written and when it is read (from bytes or from a
/// `Value`), so that every value a derived type reads, it can write.
fn check_digits(d: &Decimal, precision: u32) -> Result<()> {
    // The cheap bound first: exact digits are quadratic in the length.
    if d.min_digits() > precision as usize {
        return Err(Error::invalid(format!(
            "decimal {} has more digits than the schema's precision {precision}",
            d.describe()
        )));
    }
    let n = digits(d);
    if n > precision as usize {
        return Err(Error::invalid(format!(
            "decimal {d} has {n} digits, more than the schema's precision {precision}"
        )));
    }
    Ok(())
}

/// The value of a decimal: at the schema's scale when it can be, otherwise
/// as it is (and encoding it reports why).
fn decimal_value<T: DecimalValue>(v: &T, scale: u32) -> Value {
    let d = v.to_decimal_at(scale).unwrap_or_else(|_| v.to_decimal());
    Value::Decimal(d.into_owned())
}

/// A decimal from a `Value::Decimal` or `Value::BigDecimal`, or from the
/// unscaled bytes `raw` takes from the underlying type's value; refused
/// when it has more digits than the field's precision.
fn decimal_from_value<T: DecimalValue>(
    value: Value,
    precision: u32,
    scale: u32,
    raw: impl FnOnce(&Value) -> Option<&[u8]>,
) -> Result<T> {
    let d = match value {
        Value::Decimal(d) | Value::BigDecimal(d) => d,
        other => match raw(&other) {
            Some(bytes) => Decimal::from_unscaled_bytes(bytes, scale_i32(scale)),
            None => return Err(Error::mismatch("decimal", other.kind_name())),
        },
    };
    check_digits(&d, precision)?;
    T::from_decimal(d)
}

/// `#[avro(decimal(precision = P, scale = S))]`: a `decimal` on `bytes`,
/// holding the unscaled integer's shortest two's-complement big-endian
/// bytes.
///
/// The type is a marker, never constructed: `#[derive(Avro)]` calls its
/// functions in place of the field type's own trait impls. `T` is the
/// field's type: a [`DecimalValue`] or an `Option` of one
/// ([`DecimalField`]).
///
/// Writing puts the value at scale `S` ([`DecimalValue::to_decimal_at`]:
/// exactly, or an error) and checks that it has at most `P` digits.
/// Reading gives the number at scale `S`, and refuses one of more than `P`
/// digits: Java and the generic [`Value`] read those, but a field that
/// could not write back what it read would fail later, far from the data. A precision of 0, or a scale above the precision,
/// is recorded as an error on the builder, so the schema does not build.
///
/// ```
/// use avrox::binary::SliceReader;
/// use avrox::logical::DecimalBytes;
/// use avrox::schema::SchemaBuilder;
/// use avrox::value::Decimal;
///
/// type Price = DecimalBytes<Decimal, 10, 2>;
///
/// let mut b = SchemaBuilder::new();
/// let root = Price::add_schema(&mut b);
/// assert_eq!(
///     b.build(root)?.to_string(),
///     r#"{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}"#
/// );
///
/// let price: Decimal = "-12.34".parse()?;
/// let mut out = Vec::new();
/// Price::encode(&price, &mut out)?;
/// assert_eq!(out, [0x04, 0xfb, 0x2e]); // -1234
/// assert_eq!(Price::decode(&mut SliceReader::new(&out))?, price);
///
/// // The scale is the schema's: 1.5 is not a decimal of scale 2.
/// let err = Price::encode(&"1.5".parse()?, &mut Vec::new()).unwrap_err();
/// assert_eq!(err.to_string(), "decimal 1.5 has scale 1, the schema's scale is 2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DecimalBytes<T, const P: u32, const S: u32>(PhantomData<fn() -> T>);

impl<T, const P: u32, const S: u32> fmt::Debug for DecimalBytes<T, P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecimalBytes<{P}, {S}>")
    }
}

impl<F, const P: u32, const S: u32> DecimalBytes<F, P, S> {
    /// Adds the field's schema, recording invalid parameters as an error
    /// on the builder.
    pub fn add_schema(builder: &mut SchemaBuilder) -> NodeId
    where
        F: DecimalField,
    {
        F::add_schema_with(builder, |b| {
            check_parameters::<F::Inner>(b, P, S, None);
            b.add(
                Node::new(Type::Bytes).with_logical_type(LogicalType::Decimal {
                    precision: P,
                    scale: S,
                }),
            )
        })
    }

    /// Appends the binary encoding of `value`.
    #[inline]
    pub fn encode(value: &F, out: &mut Vec<u8>) -> Result<()>
    where
        F: DecimalField,
    {
        value.encode_with(out, |v, out| {
            let d = unscaled_to_write(v, P, S)?;
            binary::write_bytes(out, d.unscaled_bytes());
            Ok(())
        })
    }

    /// Reads one value.
    #[inline]
    pub fn decode<'de>(reader: &mut SliceReader<'de>) -> Result<F>
    where
        F: DecimalField,
    {
        F::decode_with(reader, |r| {
            let start = r.position();
            let bytes = r.read_bytes()?;
            r.charge_allocation(bytes.len())?;
            let d = Decimal::from_unscaled_bytes(bytes, scale_i32(S));
            check_digits(&d, P)
                .and_then(|()| F::Inner::from_decimal(d))
                .map_err(|e| e.at(start))
        })
    }

    /// `Value::Decimal`, in a `Value::Union` for an `Option`.
    pub fn to_value(value: &F) -> Value
    where
        F: DecimalField,
    {
        value.to_value_with(|v| decimal_value(v, S))
    }

    /// The field from a `Value::Decimal`, a `Value::BigDecimal`, or the
    /// unscaled integer's `Value::Bytes`.
    pub fn from_value(value: Value) -> Result<F>
    where
        F: DecimalField,
    {
        F::from_value_with(value, |v| {
            decimal_from_value(v, P, S, |v| match v {
                Value::Bytes(b) => Some(b),
                _ => None,
            })
        })
    }
}

/// `#[avro(decimal(precision = P, scale = S, size = N))]`: a `decimal` on a
/// `fixed` of N bytes named `decimal_N_P_S`, holding the unscaled integer
/// sign-extended to N bytes.
///
/// Every field with the same N, P and S shares the one `fixed`
/// definition, whatever its Rust type. The type is a marker, never
/// constructed: `#[derive(Avro)]` calls its functions in place of the
/// field type's own trait impls. `T` is the field's type: a
/// [`DecimalValue`] or an `Option` of one ([`DecimalField`]).
///
/// Writing and reading are as for [`DecimalBytes`]. Besides a precision of
/// 0 or a scale above the precision, a precision the `fixed` cannot hold
/// (more than 2 digits in 1 byte, 4 in 2, 9 in 4, 18 in 8, 38 in 16) is
/// recorded as an error on the builder, so the schema does not build.
///
/// ```
/// use avrox::logical::DecimalFixed;
/// use avrox::schema::SchemaBuilder;
/// use avrox::value::Decimal;
///
/// type Amount = DecimalFixed<Option<Decimal>, 18, 4, 8>;
///
/// let mut b = SchemaBuilder::new();
/// let root = Amount::add_schema(&mut b);
/// assert_eq!(
///     b.build(root)?.to_string(),
///     r#"["null",{"type":"fixed","name":"decimal_8_18_4","namespace":"avrox","size":8,"logicalType":"decimal","precision":18,"scale":4}]"#
/// );
///
/// let mut out = Vec::new();
/// Amount::encode(&Some(Decimal::from_i128(-1, 4)), &mut out)?;
/// assert_eq!(out, [0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
///
/// // 19 digits do not fit 8 bytes: the schema does not build.
/// let mut b = SchemaBuilder::new();
/// let root = DecimalFixed::<Decimal, 19, 0, 8>::add_schema(&mut b);
/// assert!(b.build(root).unwrap_err().to_string().contains("holds at most 18 digits"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct DecimalFixed<T, const P: u32, const S: u32, const N: usize>(PhantomData<fn() -> T>);

impl<T, const P: u32, const S: u32, const N: usize> fmt::Debug for DecimalFixed<T, P, S, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecimalFixed<{P}, {S}, {N}>")
    }
}

impl<F, const P: u32, const S: u32, const N: usize> DecimalFixed<F, P, S, N> {
    /// Adds the field's schema, recording invalid parameters as an error
    /// on the builder.
    pub fn add_schema(builder: &mut SchemaBuilder) -> NodeId
    where
        F: DecimalField,
    {
        F::add_schema_with(builder, |b| {
            check_parameters::<F::Inner>(b, P, S, Some(N));
            // A namespace and a name of letters, `_` and digits: valid.
            #[allow(clippy::expect_used)]
            let name = Name::new(&format!("avrox.decimal_{N}_{P}_{S}")).expect("a valid name");
            b.named(&name, "avrox::logical::DecimalFixed", |_, _| {
                Node::new(Type::Fixed(Fixed::new(name.clone(), N))).with_logical_type(
                    LogicalType::Decimal {
                        precision: P,
                        scale: S,
                    },
                )
            })
        })
    }

    /// Appends the binary encoding of `value`.
    #[inline]
    pub fn encode(value: &F, out: &mut Vec<u8>) -> Result<()>
    where
        F: DecimalField,
    {
        value.encode_with(out, |v, out| {
            let d = unscaled_to_write(v, P, S)?;
            let bytes = d.unscaled_bytes();
            if bytes.len() > N {
                return Err(Error::invalid(format!(
                    "decimal {d} needs {} bytes, more than the fixed's {N}",
                    bytes.len()
                )));
            }
            let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
            let fill = if negative { 0xff } else { 0 };
            out.resize(out.len() + N - bytes.len(), fill);
            out.extend_from_slice(bytes);
            Ok(())
        })
    }

    /// Reads one value.
    #[inline]
    pub fn decode<'de>(reader: &mut SliceReader<'de>) -> Result<F>
    where
        F: DecimalField,
    {
        F::decode_with(reader, |r| {
            let start = r.position();
            let bytes = r.read_fixed(N)?;
            let d = Decimal::from_unscaled_bytes(bytes, scale_i32(S));
            check_digits(&d, P)
                .and_then(|()| F::Inner::from_decimal(d))
                .map_err(|e| e.at(start))
        })
    }

    /// `Value::Decimal`, in a `Value::Union` for an `Option`.
    pub fn to_value(value: &F) -> Value
    where
        F: DecimalField,
    {
        value.to_value_with(|v| decimal_value(v, S))
    }

    /// The field from a `Value::Decimal`, a `Value::BigDecimal`, or the
    /// unscaled integer's `Value::Fixed` of N bytes.
    pub fn from_value(value: Value) -> Result<F>
    where
        F: DecimalField,
    {
        F::from_value_with(value, |v| {
            decimal_from_value(v, P, S, |v| match v {
                Value::Fixed(b) if b.len() == N => Some(b),
                _ => None,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::logical::testing::{adapter, check_plain};

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn schemas() {
        assert_eq!(
            adapter!(DecimalBytes<Decimal, 4, 2>).schema().to_string(),
            r#"{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}"#
        );
        assert_eq!(
            adapter!(DecimalBytes<Option<Decimal>, 4, 0>)
                .schema()
                .to_string(),
            r#"["null",{"type":"bytes","logicalType":"decimal","precision":4,"scale":0}]"#
        );
        assert_eq!(
            adapter!(DecimalFixed<Decimal, 9, 3, 4>)
                .schema()
                .to_string(),
            r#"{"type":"fixed","name":"decimal_4_9_3","namespace":"avrox","size":4,"logicalType":"decimal","precision":9,"scale":3}"#
        );
    }

    #[test]
    fn parameter_errors() {
        let err = adapter!(DecimalBytes<Decimal, 0, 0>)
            .try_schema()
            .unwrap_err();
        assert!(
            err.contains("`avrox::value::Decimal` with `decimal(precision = 0, scale = 0)`: the precision must be at least 1"),
            "{err}"
        );
        let err = adapter!(DecimalBytes<Option<Decimal>, 2, 3>)
            .try_schema()
            .unwrap_err();
        assert!(
            err.contains("the scale must not be greater than the precision"),
            "{err}"
        );
        let err = adapter!(DecimalFixed<Decimal, 10, 2, 4>)
            .try_schema()
            .unwrap_err();
        assert!(
            err.contains("`avrox::value::Decimal` with `decimal(precision = 10, scale = 2, size = 4)`: a fixed of 4 bytes holds at most 9 digits; 10 digits need a size of at least 5"),
            "{err}"
        );
    }

    #[test]
    fn bytes_round_trips() {
        let a = adapter!(DecimalBytes<Decimal, 4, 2>);
        assert_eq!(a.check(&dec("0.00")), [0x02, 0x00]);
        assert_eq!(a.check(&dec("-0.01")), [0x02, 0xff]);
        assert_eq!(a.check(&dec("99.99")), [0x04, 0x27, 0x0f]);
        a.check(&dec("-99.99"));
        let o = adapter!(DecimalBytes<Option<Decimal>, 4, 2>);
        assert_eq!(o.check(&Some(dec("1.28"))), [0x02, 0x04, 0x00, 0x80]);
        assert_eq!(o.check(&None), [0x00]);
        // A large precision: more than an i128 holds.
        let big = dec("123456789012345678901234567890123456789012.345");
        adapter!(DecimalBytes<Decimal, 45, 3>).check(&big);
    }

    #[test]
    fn big_decimal_without_an_attribute() {
        // The scale travels with the value: bytes(unscaled) then int(scale).
        assert_eq!(check_plain(&dec("-0.01")), [0x06, 0x02, 0xff, 0x04]);
        // With the attribute, only the unscaled integer.
        assert_eq!(
            adapter!(DecimalBytes<Decimal, 4, 2>).check(&dec("-0.01")),
            [0x02, 0xff]
        );
    }

    #[test]
    fn fixed_round_trips() {
        let a = adapter!(DecimalFixed<Decimal, 9, 3, 4>);
        assert_eq!(a.check(&dec("-0.001")), [0xff; 4]);
        assert_eq!(a.check(&dec("1.000")), [0, 0, 0x03, 0xe8]);
        a.check(&dec("999999.999"));
        a.check(&dec("-999999.999"));
        let o = adapter!(DecimalFixed<Option<Decimal>, 2, 1, 1>);
        assert_eq!(o.check(&Some(dec("-9.9"))), [0x02, 0x9d]);
        assert_eq!(o.check(&None), [0x00]);
    }

    #[test]
    fn precision_and_scale_errors() {
        let a = adapter!(DecimalBytes<Decimal, 4, 2>);
        let err = a.bytes(&dec("100.00")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "decimal 100.00 has 5 digits, more than the schema's precision 4"
        );
        let err = a.bytes(&dec("1.000")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "decimal 1.000 has scale 3, the schema's scale is 2"
        );
        // The generic encoder agrees: the value keeps the wrong scale.
        let value = DecimalBytes::<Decimal, 4, 2>::to_value(&dec("1.000"));
        assert_eq!(value, Value::Decimal(dec("1.000")));
        assert!(value.to_bytes(&a.schema()).is_err());
        let f = adapter!(DecimalFixed<Decimal, 9, 3, 4>);
        assert!(f.bytes(&dec("1000000.000")).is_err());
        assert!(matches!(
            f.bytes(&dec("1.0")).unwrap_err().kind(),
            ErrorKind::InvalidValue(_)
        ));
    }

    #[test]
    fn from_values() {
        let from = DecimalBytes::<Decimal, 4, 2>::from_value;
        assert_eq!(from(Value::Bytes(vec![0xff])).unwrap(), dec("-0.01"));
        assert_eq!(from(Value::BigDecimal(dec("1.5"))).unwrap(), dec("1.5"));
        assert!(from(Value::Fixed(vec![1])).is_err());
        let from = DecimalFixed::<Option<Decimal>, 9, 3, 4>::from_value;
        assert_eq!(
            from(Value::Union(1, Box::new(Value::Fixed(vec![0, 0, 0, 1])))).unwrap(),
            Some(dec("0.001"))
        );
        assert_eq!(from(Value::Null).unwrap(), None);
        assert!(from(Value::Fixed(vec![0, 1])).is_err());
    }

    /// A decimal of more digits than the field's precision is refused when
    /// read, as when written: found by the `derived_decode` fuzz target (a
    /// fixed of 4 bytes holds 10 digits, the field allows 9), whose value
    /// read could not be written back.
    #[test]
    fn reading_refuses_what_writing_would() {
        let too_many = |err: Error, digits: &str| {
            assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err}");
            assert_eq!(err.offset(), Some(0));
            assert!(err.to_string().contains(digits), "{err}");
        };
        let f = adapter!(DecimalFixed<Decimal, 9, 3, 4>);
        too_many(
            f.decode_all(&[0x7f, 0xff, 0xff, 0xff]).unwrap_err(),
            "than the schema's precision 9",
        );
        assert_eq!(
            f.decode_all(&[0x3b, 0x9a, 0xc9, 0xff]).unwrap(),
            dec("999999.999")
        );
        let b = adapter!(DecimalBytes<Decimal, 2, 0>);
        too_many(
            b.decode_all(&[0x04, 0x03, 0xe8]).unwrap_err(),
            "than the schema's precision 2",
        );
        assert_eq!(b.decode_all(&[0x02, 0x63]).unwrap(), dec("99"));
        let o = adapter!(DecimalFixed<Option<Decimal>, 2, 1, 1>);
        assert!(o.decode_all(&[0x02, 0x7f]).is_err());

        // From a Value: what the JSON encoding and resolution read.
        let from = DecimalBytes::<Decimal, 2, 0>::from_value;
        assert!(from(Value::Decimal(dec("1000"))).is_err());
        assert!(from(Value::Bytes(vec![0x03, 0xe8])).is_err());
        assert_eq!(from(Value::Decimal(dec("-99"))).unwrap(), dec("-99"));
    }

    #[test]
    fn short_input() {
        let err = adapter!(DecimalFixed<Decimal, 9, 3, 4>)
            .decode_all(&[0, 0])
            .unwrap_err();
        assert_eq!(err.offset(), Some(0));
        assert!(matches!(err.kind(), ErrorKind::UnexpectedEof { .. }));
    }
}
