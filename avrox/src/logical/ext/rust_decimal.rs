//! `rust_decimal::Decimal` (feature `rust_decimal`): a `big-decimal` on
//! `bytes`, whose scale travels with each value.
//!
//! A derived type's field of this type (or its `Option`) must choose
//! between this and a `decimal` with `#[avro(big_decimal)]` or
//! `#[avro(decimal(..))]`: Python `avro` and fastavro read a `big-decimal`
//! as raw bytes, so it is no default for data others read
//! ([`crate::logical::BigDecimalField`]).
//!
//! The layout is Java's and that of [`avrox::value::Decimal`](Decimal):
//! Avro `bytes` holding the unscaled integer as `bytes` (shortest
//! two's-complement big-endian) followed by the scale as an `int`. With
//! `#[avro(decimal(precision = P, scale = S))]` the schema's scale is used
//! instead ([`DecimalBytes`](crate::logical::DecimalBytes),
//! [`DecimalFixed`](crate::logical::DecimalFixed)): the value is rescaled
//! exactly (1.5 is written as 1.50 at scale 2), and one that would lose
//! digits (1.234 at scale 2) is an error.
//!
//! Reading a number `rust_decimal` cannot hold exactly (an unscaled integer
//! beyond 96 bits, or more than 28 significant digits after the point) is
//! an error; trailing zeros after the point are dropped when they must be.

use std::borrow::Cow;

use ::rust_decimal::Decimal as RustDecimal;

use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::logical::{DecimalValue, describe_decimal as describe};
use crate::schema::{LogicalType, Node, NodeId, SchemaBuilder, Type};
use crate::value::{Decimal, Value};
use crate::{AvroSchema, Decode, Encode, FromValue, ToValue};

/// The largest scale a `rust_decimal::Decimal` has.
const MAX_SCALE: i64 = 28;

/// The shortest two's-complement big-endian bytes of `v`: a buffer and
/// where they start in it.
fn minimal_bytes(v: i128) -> ([u8; 16], usize) {
    let bytes = v.to_be_bytes();
    // A leading byte is redundant when it only repeats the sign of the
    // next; the 15 pairs leave at least one byte.
    let start = bytes
        .windows(2)
        .take_while(|pair| {
            matches!(pair, [0, next] if next & 0x80 == 0)
                || matches!(pair, [0xff, next] if next & 0x80 != 0)
        })
        .count();
    (bytes, start)
}

/// The most unscaled bytes a decimal read into a `rust_decimal::Decimal`
/// may have: 64 bytes hold 154 digits, which only trailing zeros after the
/// point could bring down to the 29 a `rust_decimal::Decimal` has. Longer
/// ones are refused without printing them, which takes time quadratic in
/// their length.
const MAX_UNSCALED_BYTES: usize = 64;

/// The unscaled integer and scale of a decimal, when the integer fits an
/// `i128` once trailing zeros after the point are dropped.
fn unscaled_i128(d: &Decimal) -> Option<(i128, i64)> {
    if let Some(m) = d.to_i128() {
        return Some((m, i64::from(d.scale())));
    }
    // More than an i128: only zeros after the point can bring it down.
    if d.scale() <= 0 || d.unscaled_bytes().len() > MAX_UNSCALED_BYTES {
        return None;
    }
    let integer = Decimal::from_unscaled_bytes(d.unscaled_bytes(), 0).to_string();
    let (negative, digits) = match integer.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, integer.as_str()),
    };
    let mut scale = i64::from(d.scale());
    let mut digits = digits;
    while scale > 0
        && digits.len() > 1
        && let Some(rest) = digits.strip_suffix('0')
    {
        digits = rest;
        scale -= 1;
    }
    let magnitude: i128 = digits.parse().ok()?;
    Some((if negative { -magnitude } else { magnitude }, scale))
}

impl DecimalValue for RustDecimal {
    const NAME: &'static str = "rust_decimal::Decimal";

    fn to_decimal(&self) -> Cow<'_, Decimal> {
        Cow::Owned(Decimal::from_i128(self.mantissa(), self.scale() as i32))
    }

    /// Rescales exactly: trailing zeros are added, or dropped when they are
    /// zeros; dropping other digits is an error.
    fn to_decimal_at(&self, scale: u32) -> Result<Cow<'_, Decimal>> {
        let (m, own) = (self.mantissa(), self.scale());
        let target = i32::try_from(scale)
            .map_err(|_| Error::invalid(format!("a decimal scale of {scale} is too large")))?;
        let d = if own == scale {
            Decimal::from_i128(m, target)
        } else if own < scale {
            let zeros = scale - own;
            match 10i128.checked_pow(zeros).and_then(|p| m.checked_mul(p)) {
                Some(unscaled) => Decimal::from_i128(unscaled, target),
                None => {
                    // Past an i128: append the zeros in decimal.
                    let text = format!("{m}{}", "0".repeat(zeros as usize));
                    let integer: Decimal = text
                        .parse()
                        .map_err(|e| Error::invalid(format!("{self} at scale {scale}: {e}")))?;
                    Decimal::from_unscaled_bytes(integer.unscaled_bytes(), target)
                }
            }
        } else {
            // own <= 28, so the divisor fits.
            let divisor = 10i128.pow(own - scale);
            if m % divisor != 0 {
                return Err(Error::invalid(format!(
                    "decimal {self} has {own} digits after the point; the schema's scale {scale} would drop some"
                )));
            }
            Decimal::from_i128(m / divisor, target)
        };
        Ok(Cow::Owned(d))
    }

    fn from_decimal(d: Decimal) -> Result<RustDecimal> {
        let too_big = || {
            Error::invalid(format!(
                "decimal {} does not fit a rust_decimal::Decimal (a 96-bit integer with at most 28 digits after the point)",
                describe(&d)
            ))
        };
        let (mut m, mut scale) = unscaled_i128(&d).ok_or_else(too_big)?;
        if m == 0 {
            return Ok(RustDecimal::new(0, scale.clamp(0, MAX_SCALE) as u32));
        }
        if scale < 0 {
            let factor = u32::try_from(-scale)
                .ok()
                .and_then(|e| 10i128.checked_pow(e))
                .ok_or_else(too_big)?;
            m = m.checked_mul(factor).ok_or_else(too_big)?;
            scale = 0;
        }
        // Each step divides a non-zero i128 by ten: at most 38 of them.
        while scale > MAX_SCALE && m % 10 == 0 {
            m /= 10;
            scale -= 1;
        }
        if scale > MAX_SCALE {
            return Err(too_big());
        }
        RustDecimal::try_from_i128_with_scale(m, scale as u32).map_err(|_| too_big())
    }
}

impl AvroSchema for RustDecimal {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::Bytes).with_logical_type(LogicalType::BigDecimal))
    }
}

impl Encode for RustDecimal {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let (buf, start) = minimal_bytes(self.mantissa());
        let unscaled = buf.get(start..).unwrap_or_default();
        // At most 16 bytes and a scale of at most 28: each varint (the
        // inner length, the scale) takes one byte.
        binary::write_long(out, unscaled.len() as i64 + 2);
        binary::write_bytes(out, unscaled);
        binary::write_int(out, self.scale() as i32);
        Ok(())
    }
}

impl Decode<'_> for RustDecimal {
    const MIN_ENCODED_SIZE: usize = 1;

    fn decode(r: &mut SliceReader<'_>) -> Result<RustDecimal> {
        let start = r.position();
        let d = Decimal::decode(r)?;
        RustDecimal::from_decimal(d).map_err(|e| e.at(start))
    }
}

impl ToValue for RustDecimal {
    fn to_value(&self) -> Value {
        Value::BigDecimal(self.to_decimal().into_owned())
    }
}

/// From a `Value::BigDecimal` or `Value::Decimal`.
impl FromValue for RustDecimal {
    fn from_value(value: Value) -> Result<RustDecimal> {
        RustDecimal::from_decimal(Decimal::from_value(value)?)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::ErrorKind;
    use crate::logical::testing::{adapter, check_plain};
    use crate::logical::{DecimalBytes, DecimalFixed};

    fn rd(s: &str) -> RustDecimal {
        RustDecimal::from_str(s).unwrap()
    }

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn schemas() {
        assert_eq!(
            RustDecimal::schema().to_string(),
            r#"{"type":"bytes","logicalType":"big-decimal"}"#
        );
        assert_eq!(
            Option::<RustDecimal>::schema().to_string(),
            r#"["null",{"type":"bytes","logicalType":"big-decimal"}]"#
        );
        assert_eq!(
            adapter!(DecimalBytes<RustDecimal, 10, 2>)
                .schema()
                .to_string(),
            r#"{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}"#
        );
        assert_eq!(
            adapter!(DecimalFixed<Option<RustDecimal>, 18, 4, 8>)
                .schema()
                .to_string(),
            r#"["null",{"type":"fixed","name":"decimal_8_18_4","namespace":"avrox","size":8,"logicalType":"decimal","precision":18,"scale":4}]"#
        );
        let err = adapter!(DecimalBytes<RustDecimal, 2, 5>)
            .try_schema()
            .unwrap_err();
        assert!(
            err.contains("`rust_decimal::Decimal` with `decimal(precision = 2, scale = 5)`: the scale must not be greater than the precision"),
            "{err}"
        );
    }

    #[test]
    fn big_decimal_round_trips() {
        for text in [
            "0",
            "1",
            "-1",
            "0.01",
            "-0.01",
            "123.4500",
            "-128",
            "127",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "-7.9228162514264337593543950335",
        ] {
            let x = rd(text);
            let bytes = check_plain(&x);
            let back: RustDecimal = crate::from_slice(&bytes).unwrap();
            assert_eq!(back.scale(), x.scale(), "{text}: the scale travels");
            // The layout of avrox's own decimal.
            assert_eq!(
                bytes,
                crate::to_vec(&dec(text)).unwrap(),
                "{text}: same bytes as avrox::value::Decimal"
            );
        }
        check_plain(&Some(rd("2.5")));
        check_plain(&None::<RustDecimal>);
        assert_eq!(
            rd("-1.5").to_value(),
            Value::BigDecimal(Decimal::from_i128(-15, 1))
        );
    }

    #[test]
    fn from_avrox_decimals() {
        let from = RustDecimal::from_decimal;
        // A negative scale counts tens.
        assert_eq!(from(Decimal::from_i128(5, -2)).unwrap(), rd("500"));
        assert_eq!(from(Decimal::from_i128(0, -200)).unwrap(), rd("0"));
        assert_eq!(from(Decimal::from_i128(0, 40)).unwrap(), rd("0"));
        // Zeros past 28 digits after the point are dropped.
        let one = from(Decimal::from_i128(10i128.pow(35), 35)).unwrap();
        assert_eq!(one, rd("1"));
        assert_eq!(one.scale(), 28);
        // Even from beyond an i128.
        let big = dec("1.000000000000000000000000000000000000000000000000");
        assert_eq!(from(big).unwrap(), rd("1"));
        // Digits that cannot be kept.
        for d in [
            dec("0.00000000000000000000000000001"),
            dec("79228162514264337593543950336"),
            dec("123456789012345678901234567890123456789012345"),
            Decimal::from_i128(1, -40),
        ] {
            let err = from(d.clone()).unwrap_err();
            assert!(
                err.to_string()
                    .contains("does not fit a rust_decimal::Decimal"),
                "{d}: {err}"
            );
        }
    }

    #[test]
    fn decoding_what_does_not_fit() {
        let mut bytes = vec![2]; // the Some branch
        bytes.extend(crate::to_vec(&dec("79228162514264337593543950336")).unwrap());
        let err = crate::from_slice::<Option<RustDecimal>>(&bytes).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err}");
        assert_eq!(err.offset(), Some(1));
        // A malformed big-decimal.
        assert!(crate::from_slice::<RustDecimal>(&[0x02, 0x7f]).is_err());
    }

    #[test]
    fn hostile_scales_and_lengths() {
        // Scales of ±2^31 and long integers are refused at once, and the
        // message does not print two billion zeros.
        for d in [
            Decimal::from_i128(1, i32::MAX),
            Decimal::from_i128(-1, i32::MIN),
            Decimal::from_unscaled_bytes(&[0x7f; 17], i32::MIN),
            Decimal::from_unscaled_bytes(&[0x7f; 17], i32::MAX),
            Decimal::from_unscaled_bytes(&[0x7f; 100_000], 5),
        ] {
            let bytes = crate::to_vec(&d).unwrap();
            let err = crate::from_slice::<RustDecimal>(&bytes).unwrap_err();
            assert!(err.to_string().len() < 200, "{err}");
            assert_eq!(err.offset(), Some(0));
        }
        assert_eq!(describe(&Decimal::from_i128(1, i32::MAX)), "1e-2147483647");
        // Zeros after the point past an i128 are still dropped.
        let ten_pow_40: Decimal = "10000000000000000000000000000000000000000".parse().unwrap();
        let one = Decimal::from_unscaled_bytes(ten_pow_40.unscaled_bytes(), 40);
        assert_eq!(RustDecimal::from_decimal(one).unwrap(), rd("1"));
    }

    #[test]
    fn adapters_rescale_exactly() {
        let a = adapter!(DecimalBytes<RustDecimal, 6, 2>);
        // 1.5 is written as 1.50, and read back as 1.50.
        assert_eq!(a.check(&rd("1.5")), [0x04, 0x00, 0x96]);
        assert_eq!(a.decode_all(&[0x04, 0x00, 0x96]).unwrap().scale(), 2);
        assert_eq!(
            a.bytes(&rd("1.5")).unwrap(),
            adapter!(DecimalBytes<Decimal, 6, 2>)
                .bytes(&dec("1.50"))
                .unwrap()
        );
        // Zeros are dropped; other digits are not.
        assert_eq!(
            a.bytes(&rd("1.2300")).unwrap(),
            a.bytes(&rd("1.23")).unwrap()
        );
        let err = a.bytes(&rd("1.234")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "decimal 1.234 has 3 digits after the point; the schema's scale 2 would drop some"
        );
        // The precision counts the digits at the schema's scale.
        a.check(&rd("9999.99"));
        let err = a.bytes(&rd("10000")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "decimal 10000.00 has 7 digits, more than the schema's precision 6"
        );
        a.check(&rd("-9999.99"));
        adapter!(DecimalBytes<Option<RustDecimal>, 6, 2>).check(&Some(rd("-0.5")));
        adapter!(DecimalBytes<Option<RustDecimal>, 6, 2>).check(&None);
        assert_eq!(
            DecimalBytes::<RustDecimal, 6, 2>::to_value(&rd("1.5")),
            Value::Decimal(dec("1.50"))
        );
        // Past an i128 once rescaled.
        adapter!(DecimalBytes<RustDecimal, 60, 50>).check(&rd("-1.5"));
        // A digit 30 places after the point does not fit.
        assert_eq!(
            adapter!(DecimalBytes<RustDecimal, 40, 30>)
                .decode_all(&[0x02, 0x01])
                .unwrap_err()
                .offset(),
            Some(0)
        );
    }

    #[test]
    fn fixed_adapter() {
        let a = adapter!(DecimalFixed<RustDecimal, 18, 4, 8>);
        assert_eq!(a.check(&rd("-0.0001")), [0xff; 8]);
        a.check(&rd("99999999999999.9999"));
        a.check(&rd("-99999999999999.9999"));
        assert!(a.bytes(&rd("100000000000000")).is_err());
        let o = adapter!(DecimalFixed<Option<RustDecimal>, 18, 4, 8>);
        o.check(&Some(rd("3.14")));
        o.check(&None);
        assert_eq!(
            DecimalFixed::<RustDecimal, 18, 4, 8>::from_value(Value::Fixed(vec![
                0, 0, 0, 0, 0, 0, 0, 1
            ]))
            .unwrap(),
            rd("0.0001")
        );
    }
}
