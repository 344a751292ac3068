//! Lowercase hexadecimal of a fingerprint's bytes, and back.

use std::fmt;

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The lowercase hexadecimal of `bytes`, two digits a byte, in order.
pub(super) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        // Each half of a byte is below 16, the number of digits.
        #[allow(clippy::indexing_slicing)]
        let [high, low] = [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0xf)]];
        out.push(char::from(high));
        out.push(char::from(low));
    }
    out
}

/// Parses `N` bytes from `2 * N` hex digits of either case.
pub(super) fn decode<const N: usize>(text: &str) -> Result<[u8; N], ParseFingerprintError> {
    let error = |problem| ParseFingerprintError { bytes: N, problem };
    // A "0x" prefix means a number, whose digits run in the other order
    // than the bytes of a little-endian fingerprint: refuse it rather than
    // guess which order was meant.
    if text.starts_with("0x") || text.starts_with("0X") {
        return Err(error(Problem::NumberPrefix));
    }
    let count = text.chars().count();
    if count != 2 * N {
        return Err(error(Problem::Length(count)));
    }
    let mut out = [0u8; N];
    for (at, found) in text.chars().enumerate() {
        let digit = found
            .to_digit(16)
            .ok_or_else(|| error(Problem::Digit { at, found }))?;
        // Two digits a byte, the high one first (2N digits, checked above).
        if let Some(byte) = out.get_mut(at / 2) {
            *byte = *byte << 4 | digit as u8;
        }
    }
    Ok(out)
}

/// Text that is not a fingerprint in hex: the error of the fingerprint
/// types' [`FromStr`](std::str::FromStr).
///
/// ```
/// use avrox::schema::Fingerprint;
///
/// let err = "8f5c393f1ad5757".parse::<Fingerprint>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "a fingerprint of 8 bytes is 16 hex digits, not 15"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFingerprintError {
    /// How many bytes the fingerprint has.
    bytes: usize,
    problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// The text has this many characters.
    Length(usize),
    /// The character at this index (in characters) is not a hex digit.
    Digit { at: usize, found: char },
    /// The text starts with `0x`.
    NumberPrefix,
}

impl fmt::Display for ParseFingerprintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.bytes;
        match self.problem {
            Problem::Length(found) => write!(
                f,
                "a fingerprint of {bytes} bytes is {} hex digits, not {found}",
                2 * bytes
            ),
            Problem::Digit { at, found } => write!(
                f,
                "{found:?} at character {at} is not a hex digit (a fingerprint of {bytes} \
                 bytes is {} hex digits)",
                2 * bytes
            ),
            Problem::NumberPrefix => write!(
                f,
                "a fingerprint is written as its {bytes} bytes in hex, without 0x (which \
                 would make it a number, whose digits run in another order)"
            ),
        }
    }
}

impl std::error::Error for ParseFingerprintError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let bytes = [0x00, 0x0a, 0xff, 0x5c];
        assert_eq!(encode(&bytes), "000aff5c");
        assert_eq!(decode::<4>("000aff5c"), Ok(bytes));
        assert_eq!(decode::<4>("000AFF5C"), Ok(bytes));
    }

    #[test]
    fn errors_say_where() {
        let err = decode::<2>("0g12").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'g' at character 1 is not a hex digit (a fingerprint of 2 bytes is 4 hex digits)"
        );
        // A character of several bytes counts once and is named whole.
        let err = decode::<2>("0é1a").unwrap_err();
        assert_eq!(err.problem, Problem::Digit { at: 1, found: 'é' });
        assert_eq!(decode::<2>("0é1").unwrap_err().problem, Problem::Length(3));
        assert_eq!(
            decode::<2>("0x12").unwrap_err().problem,
            Problem::NumberPrefix
        );
        assert_eq!(decode::<2>("123").unwrap_err().problem, Problem::Length(3));
    }
}
