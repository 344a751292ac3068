//! Values of logical types that need a type of their own: decimals, UUIDs
//! and durations.

use std::fmt;
use std::str::FromStr;

use crate::schema::logical_rules;

/// A decimal number: an unscaled integer of any size times 10^-scale.
///
/// The unscaled integer is kept as Avro stores it, two's-complement
/// big-endian bytes, in the shortest form (so equal numbers with equal
/// scales compare equal). Used by both `decimal` (whose scale comes from the
/// schema) and `big-decimal` (whose scale travels with the value).
///
/// ```
/// use avrox::value::Decimal;
///
/// let price: Decimal = "-12.345".parse().unwrap();
/// assert_eq!(price.scale(), 3);
/// assert_eq!(price.to_i128(), Some(-12345));
/// assert_eq!(price.to_string(), "-12.345");
/// assert_eq!(Decimal::from_i128(12345, 2).to_string(), "123.45");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    unscaled: Vec<u8>,
    scale: i32,
}

impl Decimal {
    /// A decimal from two's-complement big-endian bytes of the unscaled
    /// integer (any length; empty means zero) and a scale.
    pub fn from_unscaled_bytes(bytes: &[u8], scale: i32) -> Decimal {
        Decimal {
            unscaled: logical_rules::shortest(bytes).to_vec(),
            scale,
        }
    }

    /// A decimal from an unscaled integer and a scale.
    pub fn from_i128(unscaled: i128, scale: i32) -> Decimal {
        Decimal::from_unscaled_bytes(&unscaled.to_be_bytes(), scale)
    }

    /// The unscaled integer as shortest two's-complement big-endian bytes
    /// (at least one byte).
    pub fn unscaled_bytes(&self) -> &[u8] {
        &self.unscaled
    }

    /// The scale: digits after the decimal point (negative for a big-decimal
    /// that counts tens).
    pub fn scale(&self) -> i32 {
        self.scale
    }

    /// The unscaled integer, if it fits an `i128`.
    pub fn to_i128(&self) -> Option<i128> {
        if self.unscaled.len() > 16 {
            return None;
        }
        let fill = if self.is_negative() { 0xff } else { 0 };
        let mut buf = [fill; 16];
        // At most 16 bytes (checked above), right-aligned.
        let start = 16 - self.unscaled.len();
        for (to, from) in buf.iter_mut().skip(start).zip(&self.unscaled) {
            *to = *from;
        }
        Some(i128::from_be_bytes(buf))
    }

    /// The unscaled bytes sign-extended to exactly `size` bytes, for a
    /// `fixed`; `None` if they need more.
    pub fn to_fixed_bytes(&self, size: usize) -> Option<Vec<u8>> {
        if self.unscaled.len() > size {
            return None;
        }
        let fill = if self.is_negative() { 0xff } else { 0 };
        let mut out = vec![fill; size - self.unscaled.len()];
        out.extend_from_slice(&self.unscaled);
        Some(out)
    }

    fn is_negative(&self) -> bool {
        logical_rules::is_negative(&self.unscaled)
    }

    /// The number of decimal digits of the unscaled integer (1 for zero).
    ///
    /// Exact, and quadratic in the length of the number: for a bound on
    /// untrusted input, compare [`min_digits`](Self::min_digits) first.
    pub fn digits(&self) -> usize {
        logical_rules::magnitude_digits(&self.unscaled).len()
    }

    /// A lower bound on [`digits`](Self::digits), computed from the length
    /// of the bytes alone: a shortest two's-complement form of `n` bytes
    /// holds a magnitude of at least 2^(8(n-1)-1).
    pub fn min_digits(&self) -> usize {
        logical_rules::min_digits(&self.unscaled)
    }

    /// The decimal for a message: in full when short, else its size, so a
    /// hostile value of a megabyte is not printed digit by digit.
    pub(crate) fn describe(&self) -> String {
        logical_rules::describe_decimal(&self.unscaled, self.scale)
    }
}

impl fmt::Display for Decimal {
    /// The notation of Java's `BigDecimal.toString`: plain digits with a
    /// point when the exponent is modest (`-12.345`, `0.001`), scientific
    /// otherwise (`1.2E+3` for scale -2, `1E-10`), so that no scale, however
    /// extreme, makes the text longer than the digits plus a few characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        logical_rules::write_decimal(f, &self.unscaled, self.scale)
    }
}

impl fmt::Debug for Decimal {
    /// Exact for numbers of up to 32 bytes; beyond that the size and scale,
    /// since printing every digit takes time quadratic in the length and a
    /// decoded value may be a hostile megabyte.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.unscaled.len() <= 32 {
            write!(f, "Decimal({self})")
        } else {
            write!(
                f,
                "Decimal({} unscaled bytes, scale {})",
                self.unscaled.len(),
                self.scale
            )
        }
    }
}

/// The error of parsing a [`Decimal`], [`Uuid`] from text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

impl FromStr for Decimal {
    type Err = ParseError;

    /// Parses `-12.345` (scale 3), `100` (scale 0), and the scientific
    /// notation `Display` writes (`1.23E+4`, scale -2); the scale is the
    /// number of digits after the point, less the exponent.
    fn from_str(s: &str) -> Result<Decimal, ParseError> {
        let bad = || ParseError(format!("'{s}' is not a decimal number"));
        let (s, exponent) = match s.split_once(['E', 'e']) {
            Some((mantissa, exp)) => (mantissa, exp.parse::<i64>().map_err(|_| bad())?),
            None => (s, 0),
        };
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() && frac.is_empty() {
            return Err(bad());
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let scale = (frac.len() as i64)
            .checked_sub(exponent)
            .and_then(|scale| i32::try_from(scale).ok())
            .ok_or_else(bad)?;
        // Decimal digits to a big-endian magnitude, one digit at a time.
        let mut magnitude: Vec<u8> = vec![0];
        for d in int.bytes().chain(frac.bytes()) {
            let mut carry = u16::from(d - b'0');
            for b in magnitude.iter_mut().rev() {
                let v = u16::from(*b) * 10 + carry;
                *b = (v & 0xff) as u8;
                carry = v >> 8;
            }
            if carry > 0 {
                magnitude.insert(0, carry as u8);
            }
        }
        // Room for the sign bit.
        magnitude.insert(0, 0);
        if negative {
            for b in &mut magnitude {
                *b = !*b;
            }
            for b in magnitude.iter_mut().rev() {
                let (sum, carry) = b.overflowing_add(1);
                *b = sum;
                if !carry {
                    break;
                }
            }
        }
        Ok(Decimal::from_unscaled_bytes(&magnitude, scale))
    }
}

/// A UUID: 16 bytes, printed in the RFC 4122 hyphenated form.
///
/// ```
/// use avrox::value::Uuid;
///
/// let id: Uuid = "6ba7b810-9dad-11d1-80b4-00c04fd430c8".parse().unwrap();
/// assert_eq!(id.as_bytes()[0], 0x6b);
/// assert_eq!(id.to_string(), "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uuid([u8; 16]);

impl Uuid {
    /// A UUID from its 16 bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Uuid {
        Uuid(bytes)
    }

    /// The 16 bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uuid({self})")
    }
}

impl FromStr for Uuid {
    type Err = ParseError;

    /// Parses the hyphenated form `8-4-4-4-12` in either case.
    fn from_str(s: &str) -> Result<Uuid, ParseError> {
        logical_rules::uuid_from_text(s)
            .map(Uuid)
            .map_err(ParseError)
    }
}

/// An Avro `duration`: months, days and milliseconds, each an unsigned
/// 32-bit number, kept apart because their lengths vary with the calendar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Duration {
    /// Months.
    pub months: u32,
    /// Days.
    pub days: u32,
    /// Milliseconds.
    pub millis: u32,
}

impl Duration {
    /// A duration of the given parts.
    pub const fn new(months: u32, days: u32, millis: u32) -> Duration {
        Duration {
            months,
            days,
            millis,
        }
    }

    /// The 12 bytes Avro stores: three little-endian u32s.
    pub fn to_bytes(&self) -> [u8; 12] {
        let mut out = [0u8; 12];
        out[..4].copy_from_slice(&self.months.to_le_bytes());
        out[4..8].copy_from_slice(&self.days.to_le_bytes());
        out[8..].copy_from_slice(&self.millis.to_le_bytes());
        out
    }

    /// A duration from the 12 bytes Avro stores.
    pub fn from_bytes(bytes: [u8; 12]) -> Duration {
        let [m0, m1, m2, m3, d0, d1, d2, d3, l0, l1, l2, l3] = bytes;
        Duration {
            months: u32::from_le_bytes([m0, m1, m2, m3]),
            days: u32::from_le_bytes([d0, d1, d2, d3]),
            millis: u32::from_le_bytes([l0, l1, l2, l3]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_normal_form() {
        assert_eq!(
            Decimal::from_unscaled_bytes(&[0, 0, 0x7f], 0).unscaled_bytes(),
            [0x7f]
        );
        assert_eq!(
            Decimal::from_unscaled_bytes(&[0, 0x80], 0).unscaled_bytes(),
            [0, 0x80]
        );
        assert_eq!(
            Decimal::from_unscaled_bytes(&[0xff, 0xff, 0x80], 0).unscaled_bytes(),
            [0x80]
        );
        assert_eq!(
            Decimal::from_unscaled_bytes(&[], 2),
            Decimal::from_i128(0, 2)
        );
        assert_eq!(
            Decimal::from_i128(-1, 0).to_fixed_bytes(3),
            Some(vec![0xff; 3])
        );
        assert_eq!(Decimal::from_i128(300, 0).to_fixed_bytes(1), None);
    }

    #[test]
    fn decimal_text() {
        for (text, unscaled, scale) in [
            ("0", 0i128, 0),
            ("0.01", 1, 2),
            ("-0.5", -5, 1),
            ("12.345", 12345, 3),
            ("-128", -128, 0),
            ("170141183460469231731687303715884105727", i128::MAX, 0),
        ] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(d, Decimal::from_i128(unscaled, scale), "{text}");
            assert_eq!(d.to_string(), text);
        }
        assert_eq!(
            Decimal::from_i128(i128::MIN, 0).to_string(),
            i128::MIN.to_string()
        );
        // Java's notation for extreme exponents.
        assert_eq!(Decimal::from_i128(5, -2).to_string(), "5E+2");
        assert_eq!(Decimal::from_i128(123, -2).to_string(), "1.23E+4");
        assert_eq!(Decimal::from_i128(1, 10).to_string(), "1E-10");
        assert_eq!(Decimal::from_i128(1, 6).to_string(), "0.000001");
        assert_eq!(Decimal::from_i128(1, i32::MIN).to_string(), "1E+2147483648");
        assert_eq!(
            Decimal::from_i128(-15, i32::MAX).to_string(),
            "-1.5E-2147483646"
        );
        for text in ["5E+2", "1.23E+4", "1E-10", "-1.5E-2147483646"] {
            assert_eq!(text.parse::<Decimal>().unwrap().to_string(), text);
        }
        assert!("1.2.3".parse::<Decimal>().is_err());
        assert!("".parse::<Decimal>().is_err());
        assert!("-".parse::<Decimal>().is_err());
        let big: Decimal = "123456789012345678901234567890123456789012345"
            .parse()
            .unwrap();
        assert_eq!(
            big.to_string(),
            "123456789012345678901234567890123456789012345"
        );
        assert_eq!(big.digits(), 45);
        assert_eq!(big.to_i128(), None);
    }

    #[test]
    fn min_digits_is_a_lower_bound() {
        for v in [
            0i128,
            1,
            9,
            10,
            127,
            128,
            255,
            256,
            -1,
            -128,
            -129,
            99_999,
            i128::MAX,
            i128::MIN,
        ] {
            let d = Decimal::from_i128(v, 0);
            assert!(d.min_digits() <= d.digits(), "{v}");
        }
        // A megabyte of unscaled bytes is refused by the bound alone.
        let huge = Decimal::from_unscaled_bytes(&vec![0x7f; 1 << 20], 0);
        assert!(huge.min_digits() > 2_000_000);
        assert_eq!(huge.describe(), "a decimal of 1048576 bytes");
    }

    #[test]
    fn uuid_text() {
        assert!(
            "6ba7b810-9dad-11d1-80b4-00c04fd430c"
                .parse::<Uuid>()
                .is_err()
        );
        assert!(
            "6ba7b810+9dad-11d1-80b4-00c04fd430c8"
                .parse::<Uuid>()
                .is_err()
        );
        assert!(
            "6ba7b810-9dad-11d1-80b4-00c04fd430cg"
                .parse::<Uuid>()
                .is_err()
        );
        let upper: Uuid = "6BA7B810-9DAD-11D1-80B4-00C04FD430C8".parse().unwrap();
        assert_eq!(upper.to_string(), "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    }

    #[test]
    fn duration_bytes() {
        let d = Duration::new(1, 2, 3);
        assert_eq!(Duration::from_bytes(d.to_bytes()), d);
        assert_eq!(d.to_bytes()[..4], [1, 0, 0, 0]);
    }
}
