//! Schema fingerprints: CRC-64-AVRO (Rabin), MD5 and SHA-256.
//!
//! Each takes the bytes of a Parsing Canonical Form; [`Schema`](super::Schema)
//! has methods that fingerprint its own canonical form.
//!
//! ```
//! use avrox::schema::fingerprint;
//!
//! // The first case of the Apache Avro test suite: the schema "null".
//! assert_eq!(fingerprint::rabin(b"\"null\"") as i64, 7195948357588979594);
//! ```

use md5::Digest as _;

/// The polynomial of CRC-64-AVRO, which is also the fingerprint of the empty
/// message (a single one bit is prepended to every message).
const EMPTY: u64 = 0xc15d_213a_a4d7_a795;

const TABLE: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut fp = i as u64;
        let mut bit = 0;
        while bit < 8 {
            fp = (fp >> 1) ^ (EMPTY & (fp & 1).wrapping_neg());
            bit += 1;
        }
        table[i] = fp;
        i += 1;
    }
    table
};

/// The 64-bit Rabin fingerprint (CRC-64-AVRO) of `bytes`.
///
/// Java prints this number as a signed `long` (`as i64`); single-object
/// encoding stores it as 8 little-endian bytes (`to_le_bytes`).
pub fn rabin(bytes: &[u8]) -> u64 {
    bytes.iter().fold(EMPTY, |fp, &b| {
        (fp >> 8) ^ TABLE[((fp ^ u64::from(b)) & 0xff) as usize]
    })
}

/// The MD5 digest of `bytes`.
pub fn md5(bytes: &[u8]) -> [u8; 16] {
    md5::Md5::digest(bytes).into()
}

/// The SHA-256 digest of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(bytes).into()
}

/// Lowercase hexadecimal of a fingerprint's bytes, as Avro tools print them.
///
/// ```
/// assert_eq!(avrox::schema::fingerprint::to_hex(&[0x0a, 0xff]), "0aff");
/// ```
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_message_is_the_polynomial() {
        assert_eq!(rabin(b""), EMPTY);
    }

    #[test]
    fn well_known_digests() {
        assert_eq!(to_hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            to_hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
