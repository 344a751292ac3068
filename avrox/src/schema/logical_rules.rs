//! The rules of logical types' data, written once: a decimal's unscaled
//! two's-complement bytes (their shortest form, their digits, their text
//! and the precision check), a UUID's text, and a big-decimal's bytes.
//!
//! They take and return plain data (bytes, digits, messages), so the
//! default-value walk ([`json_walk`](super::json_walk)) checks a default
//! with them without knowing `value`'s types, and `value`'s
//! [`Decimal`](crate::value::Decimal) and [`Uuid`](crate::value::Uuid) and
//! its decoder call them rather than keeping rules of their own.

use std::fmt;

use crate::binary::SliceReader;
use crate::error::{Error, Result};

/// The shortest two's-complement form of `bytes`: sign-extension bytes
/// that carry no information dropped; empty bytes (zero) are `[0]`.
pub(crate) fn shortest(bytes: &[u8]) -> &[u8] {
    if bytes.is_empty() {
        return &[0];
    }
    // A leading byte is redundant when it only repeats the sign of the
    // next; pairs leave the last byte.
    let redundant = bytes
        .windows(2)
        .take_while(|pair| {
            matches!(pair, [0, next] if next & 0x80 == 0)
                || matches!(pair, [0xff, next] if next & 0x80 != 0)
        })
        .count();
    bytes.get(redundant..).unwrap_or(bytes)
}

/// Whether two's-complement `bytes` (at least one) are negative.
pub(crate) fn is_negative(bytes: &[u8]) -> bool {
    bytes.first().is_some_and(|b| b & 0x80 != 0)
}

/// A lower bound on the decimal digits of the shortest two's-complement
/// bytes `unscaled`, from their length alone: a shortest form of `n`
/// bytes holds a magnitude of at least 2^(8(n-1)-1).
pub(crate) fn min_digits(unscaled: &[u8]) -> usize {
    let bits = (unscaled.len() * 8).saturating_sub(9);
    ((bits as f64) * std::f64::consts::LOG10_2).floor() as usize + 1
}

/// The magnitude of two's-complement `unscaled` in decimal digits (`"0"`
/// for zero). Quadratic in the length: bound untrusted input with
/// [`min_digits`] first.
pub(crate) fn magnitude_digits(unscaled: &[u8]) -> String {
    // Magnitude as unsigned big-endian bytes.
    let mut magnitude = unscaled.to_vec();
    if is_negative(unscaled) {
        // Two's complement: invert and add one.
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
    // Repeated division by 10^19 keeps this quadratic only in the
    // number of 19-digit chunks.
    const CHUNK: u64 = 10_000_000_000_000_000_000;
    let mut chunks = Vec::new();
    let mut words: Vec<u64> = Vec::new();
    // Big-endian bytes to big-endian 32-bit words.
    let pad = (4 - magnitude.len() % 4) % 4;
    let mut padded = vec![0u8; pad];
    padded.extend_from_slice(&magnitude);
    // `padded` is a multiple of 4 bytes long: no remainder.
    let (quads, _) = padded.as_chunks::<4>();
    words.extend(quads.iter().map(|&w| u64::from(u32::from_be_bytes(w))));
    while words.iter().any(|&w| w != 0) {
        let mut rem: u128 = 0;
        for w in &mut words {
            let cur = (rem << 32) | u128::from(*w);
            *w = (cur / u128::from(CHUNK)) as u64;
            rem = cur % u128::from(CHUNK);
        }
        chunks.push(rem as u64);
    }
    let mut out = String::new();
    for (i, chunk) in chunks.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&chunk.to_string());
        } else {
            out.push_str(&format!("{chunk:019}"));
        }
    }
    if out.is_empty() {
        out.push('0');
    }
    out
}

/// Writes the decimal `unscaled` × 10^-`scale` in the notation of Java's
/// `BigDecimal.toString`: plain digits with a point when the exponent is
/// modest (`-12.345`, `0.001`), scientific otherwise (`1.2E+3` for scale
/// -2, `1E-10`), so that no scale, however extreme, makes the text longer
/// than the digits plus a few characters.
pub(crate) fn write_decimal(out: &mut impl fmt::Write, unscaled: &[u8], scale: i32) -> fmt::Result {
    let digits = magnitude_digits(unscaled);
    let sign = if is_negative(unscaled) { "-" } else { "" };
    let scale = i64::from(scale);
    let adjusted = -scale + (digits.len() as i64 - 1);
    if scale >= 0 && adjusted >= -6 {
        let scale = scale as usize;
        return if scale == 0 {
            write!(out, "{sign}{digits}")
        } else if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            write!(out, "{sign}{int}.{frac}")
        } else {
            write!(out, "{sign}0.{}{digits}", "0".repeat(scale - digits.len()))
        };
    }
    let (first, rest) = digits.split_at(1);
    let point = if rest.is_empty() { "" } else { "." };
    let exp_sign = if adjusted >= 0 { "+" } else { "" };
    write!(out, "{sign}{first}{point}{rest}E{exp_sign}{adjusted}")
}

/// The decimal for a message: in full when its shortest form has at most
/// 32 bytes, else its size, so a hostile value of a megabyte is not
/// printed digit by digit.
pub(crate) fn describe_decimal(unscaled: &[u8], scale: i32) -> String {
    let unscaled = shortest(unscaled);
    if unscaled.len() <= 32 {
        let mut text = String::new();
        // Writing to a String cannot fail.
        _ = write_decimal(&mut text, unscaled, scale);
        text
    } else {
        format!("a decimal of {} bytes", unscaled.len())
    }
}

/// Refuses a decimal (two's-complement `unscaled`, any length) with more
/// digits than `precision`: such a value could never be written, so it is
/// no default, and a union must not take it for its decimal branch.
pub(crate) fn check_precision(
    unscaled: &[u8],
    precision: u32,
    scale: i32,
) -> std::result::Result<(), String> {
    let shortest = shortest(unscaled);
    let precision = precision as usize;
    // The bound from the length first: the exact count is quadratic.
    if min_digits(shortest) > precision || magnitude_digits(shortest).len() > precision {
        return Err(format!(
            "decimal {} has more digits than the schema's precision {precision}",
            describe_decimal(shortest, scale)
        ));
    }
    Ok(())
}

/// A UUID's 16 bytes from its hyphenated text `8-4-4-4-12`, in either case.
pub(crate) fn uuid_from_text(s: &str) -> std::result::Result<[u8; 16], String> {
    let bad = || format!("'{s}' is not a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
    let bytes = s.as_bytes();
    if bytes.len() != 36 || [8, 13, 18, 23].iter().any(|&i| bytes.get(i) != Some(&b'-')) {
        return Err(bad());
    }
    let hex: Vec<u8> = bytes.iter().copied().filter(|&b| b != b'-').collect();
    if hex.len() != 32 {
        return Err(bad());
    }
    let mut out = [0u8; 16];
    let (pairs, _) = hex.as_chunks::<2>();
    for (byte, &[high, low]) in out.iter_mut().zip(pairs) {
        let digit = |c: u8| (c as char).to_digit(16).ok_or_else(bad);
        *byte = (digit(high)? * 16 + digit(low)?) as u8;
    }
    Ok(out)
}

/// A big-decimal's unscaled two's-complement bytes and scale, from the
/// bytes that hold it: the unscaled integer as Avro bytes followed by the
/// scale as an Avro int (the layout of Java's `BigDecimalConversion`),
/// and nothing after. The error has no offset: the caller places it.
pub(crate) fn big_decimal_parts(bytes: &[u8]) -> Result<(&[u8], i32)> {
    let mut inner = SliceReader::new(bytes);
    let parsed = (|| {
        let unscaled = inner.read_bytes()?;
        let scale = inner.read_int()?;
        if !inner.is_empty() {
            return Err(Error::invalid(format!(
                "big-decimal has {} bytes after its scale",
                inner.remaining()
            )));
        }
        Ok((unscaled, scale))
    })();
    parsed.map_err(|e| Error::invalid(format!("malformed big-decimal: {}", e.kind())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_drops_sign_extension_only() {
        assert_eq!(shortest(&[]), [0]);
        assert_eq!(shortest(&[0, 0, 0x7f]), [0x7f]);
        assert_eq!(shortest(&[0, 0x80]), [0, 0x80]);
        assert_eq!(shortest(&[0xff, 0xff, 0x80]), [0x80]);
        assert_eq!(shortest(&[0xff, 0x7f]), [0xff, 0x7f]);
    }

    #[test]
    fn digits_and_text() {
        // 0x03e8 = 1000, 0xfc18 = -1000.
        assert_eq!(magnitude_digits(&[0x03, 0xe8]), "1000");
        assert_eq!(magnitude_digits(&[0xfc, 0x18]), "1000");
        assert_eq!(magnitude_digits(&[0]), "0");
        assert_eq!(describe_decimal(&[0xfc, 0x18], 1), "-100.0");
        assert_eq!(describe_decimal(&[0x0c], -2), "1.2E+3");
        assert_eq!(describe_decimal(&[1; 40], 0), "a decimal of 40 bytes");
    }

    #[test]
    fn precision_counts_digits_of_the_unscaled_integer() {
        // 999 fits three digits; 1000 does not, negative or not.
        assert!(check_precision(&[0x03, 0xe7], 3, 1).is_ok());
        assert_eq!(
            check_precision(&[0x03, 0xe8], 3, 1).unwrap_err(),
            "decimal 100.0 has more digits than the schema's precision 3"
        );
        assert!(check_precision(&[0xfc, 0x18], 3, 0).is_err());
        // Sign extension adds no digits.
        assert!(check_precision(&[0, 0, 0, 0x63], 2, 0).is_ok());
        // A long number is refused by its length, and named by its size.
        assert_eq!(
            check_precision(&[0x7f; 64], 38, 0).unwrap_err(),
            "decimal a decimal of 64 bytes has more digits than the schema's precision 38"
        );
    }

    #[test]
    fn uuid_text() {
        let bytes = uuid_from_text("6BA7B810-9dad-11d1-80b4-00c04fd430c8").unwrap();
        assert_eq!(bytes[..4], [0x6b, 0xa7, 0xb8, 0x10]);
        assert_eq!(bytes[15], 0xc8);
        for bad in [
            "",
            "6ba7b810-9dad-11d1-80b4-00c04fd430cX",
            "6ba7b8109dad-11d1-80b4-00c04fd430c8a",
        ] {
            assert_eq!(
                uuid_from_text(bad).unwrap_err(),
                format!("'{bad}' is not a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
            );
        }
    }

    #[test]
    fn big_decimal_bytes() {
        // Bytes of length 1 (0x05), then scale 2 (zigzag 4).
        assert_eq!(big_decimal_parts(&[2, 5, 4]).unwrap(), (&[5u8][..], 2));
        let err = |b: &[u8]| big_decimal_parts(b).unwrap_err().to_string();
        assert_eq!(
            err(&[2, 5]),
            "malformed big-decimal: unexpected end of input: a varint, but 0 bytes remain"
        );
        assert_eq!(
            err(&[2, 5, 4, 0]),
            "malformed big-decimal: big-decimal has 1 bytes after its scale"
        );
        assert_eq!(err(&[3]), "malformed big-decimal: negative length -2");
    }
}
