//! Schema fingerprints: CRC-64-AVRO (Rabin), MD5 and SHA-256.
//!
//! Each takes the bytes of a Parsing Canonical Form; [`Schema`](super::Schema)
//! has methods that fingerprint its own canonical form.
//!
//! Every fingerprint prints one way, with `Display` (and `{:x}`): the
//! lowercase hex of its bytes, in the order Avro data carries them. For the
//! 64-bit Rabin fingerprint, a [`Fingerprint`], those are the 8
//! little-endian bytes a single-object message has after `C3 01`; Python
//! avro's `Schema.fingerprint()`, Java's
//! `SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema)` and
//! `avrox fingerprint` give the same bytes. The specification writes the
//! fingerprint as a number instead (`0x7275d51a3f395c8f` for `"int"`),
//! which is [`Fingerprint::as_u64`]; Java's `parsingFingerprint64` and the
//! Apache Avro test suite give it as a signed `long`,
//! [`Fingerprint::as_i64`]. MD5 and SHA-256 fingerprints are [`Digest`]s:
//! their bytes, printed the same way.
//!
//! The types are public at [`schema`](super); the fingerprint of other
//! bytes is [`Fingerprint::of`], [`Md5Fingerprint::of`] and
//! [`Sha256Fingerprint::of`].

mod hex;
#[cfg(feature = "serde")]
mod serde;

use std::fmt;
use std::str::FromStr;

use md5::Digest as _;

pub use hex::ParseFingerprintError;

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
        // Evaluated at compile time, where an index out of range is a
        // compile error; and i < 256, the table's length.
        #[allow(clippy::indexing_slicing)]
        {
            table[i] = fp;
        }
        i += 1;
    }
    table
};

/// The 64-bit Rabin fingerprint (CRC-64-AVRO) of `bytes`.
pub(crate) fn rabin(bytes: &[u8]) -> Fingerprint {
    // Masked to 0..=255, the indexes of the 256-entry table.
    #[allow(clippy::indexing_slicing)]
    Fingerprint(bytes.iter().fold(EMPTY, |fp, &b| {
        (fp >> 8) ^ TABLE[((fp ^ u64::from(b)) & 0xff) as usize]
    }))
}

/// The MD5 digest of `bytes`.
pub(crate) fn md5(bytes: &[u8]) -> Md5Fingerprint {
    Digest(md5::Md5::digest(bytes).into())
}

/// The SHA-256 digest of `bytes`.
pub(crate) fn sha256(bytes: &[u8]) -> Sha256Fingerprint {
    Digest(sha2::Sha256::digest(bytes).into())
}

/// A schema's 64-bit Rabin fingerprint (CRC-64-AVRO), the one Avro names
/// schemas by: single-object messages start with it, and a
/// [`SchemaStore`](crate::framing::SchemaStore) looks schemas up by it.
///
/// It prints (`Display`, `{:x}`) as the hex of its 8 bytes in the
/// little-endian order a message carries them, as Python avro and Java
/// print them, and parses back from that text ([`FromStr`]). The number
/// the specification writes is [`as_u64`](Self::as_u64); Java's `long`
/// is [`as_i64`](Self::as_i64). Serde (feature `serde`) writes the hex
/// text, or the bytes in binary formats.
///
/// ```
/// use avrox::Schema;
/// use avrox::schema::Fingerprint;
///
/// let fingerprint = Schema::parse(r#""int""#)?.rabin_fingerprint();
/// // What Python avro's `Schema.fingerprint().hex()` and `avrox fingerprint` print.
/// assert_eq!(fingerprint.to_string(), "8f5c393f1ad57572");
/// assert_eq!(fingerprint.to_le_bytes(), [0x8f, 0x5c, 0x39, 0x3f, 0x1a, 0xd5, 0x75, 0x72]);
/// // The specification's number for "int".
/// assert_eq!(fingerprint.as_u64(), 0x7275d51a3f395c8f);
///
/// assert_eq!("8f5c393f1ad57572".parse::<Fingerprint>()?, fingerprint);
/// assert_eq!(Fingerprint::from_u64(0x7275d51a3f395c8f), fingerprint);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The Rabin fingerprint (CRC-64-AVRO) of `bytes`: a schema's is that
    /// of its Parsing Canonical Form, which
    /// [`Schema::rabin_fingerprint`](super::Schema::rabin_fingerprint)
    /// computes once.
    ///
    /// ```
    /// use avrox::schema::Fingerprint;
    ///
    /// // The first case of the Apache Avro test suite: the schema "null".
    /// let null = Fingerprint::of(b"\"null\"");
    /// assert_eq!(null.as_i64(), 7195948357588979594);
    /// assert_eq!(null.to_string(), "8a8f25cce724dd63");
    /// assert_eq!(null.as_u64(), 0x63dd24e7cc258f8a);
    /// ```
    pub fn of(bytes: &[u8]) -> Fingerprint {
        rabin(bytes)
    }

    /// The fingerprint whose number is `n` (as the specification writes it:
    /// the first byte of a message's fingerprint is its lowest).
    pub const fn from_u64(n: u64) -> Fingerprint {
        Fingerprint(n)
    }

    /// The fingerprint of these 8 bytes, in the order a single-object
    /// message carries them.
    pub const fn from_le_bytes(bytes: [u8; 8]) -> Fingerprint {
        Fingerprint(u64::from_le_bytes(bytes))
    }

    /// The fingerprint as a number, as the specification writes it.
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// The fingerprint as a signed number: Java's `long`, which
    /// `SchemaNormalization.parsingFingerprint64` returns and the Apache
    /// Avro test suite lists.
    pub const fn as_i64(self) -> i64 {
        self.0 as i64
    }

    /// The 8 bytes in the order a single-object message carries them, the
    /// order `Display` prints.
    pub const fn to_le_bytes(self) -> [u8; 8] {
        self.0.to_le_bytes()
    }
}

impl From<u64> for Fingerprint {
    fn from(n: u64) -> Fingerprint {
        Fingerprint(n)
    }
}

impl From<Fingerprint> for u64 {
    fn from(fingerprint: Fingerprint) -> u64 {
        fingerprint.0
    }
}

impl From<[u8; 8]> for Fingerprint {
    /// As [`Fingerprint::from_le_bytes`].
    fn from(bytes: [u8; 8]) -> Fingerprint {
        Fingerprint::from_le_bytes(bytes)
    }
}

impl From<Fingerprint> for [u8; 8] {
    fn from(fingerprint: Fingerprint) -> [u8; 8] {
        fingerprint.to_le_bytes()
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&hex::encode(&self.to_le_bytes()))
    }
}

/// The same text as `Display`: the bytes, not the number. `{:016x}` on a
/// fingerprint prints what every other Avro tool prints for it; for the
/// number, format [`as_u64`](Fingerprint::as_u64).
impl fmt::LowerHex for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `Display` in capitals.
impl fmt::UpperHex for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&hex::encode(&self.to_le_bytes()).to_ascii_uppercase())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl FromStr for Fingerprint {
    type Err = ParseFingerprintError;

    /// Parses the 16 hex digits `Display` prints (either case).
    fn from_str(text: &str) -> Result<Fingerprint, ParseFingerprintError> {
        hex::decode::<8>(text).map(Fingerprint::from_le_bytes)
    }
}

/// A schema's MD5 fingerprint: 16 bytes.
pub type Md5Fingerprint = Digest<16>;

/// A schema's SHA-256 fingerprint: 32 bytes.
pub type Sha256Fingerprint = Digest<32>;

/// The bytes of a hash of a schema's canonical form: an
/// [`Md5Fingerprint`] or a [`Sha256Fingerprint`].
///
/// Like a [`Fingerprint`], it prints (`Display`, `{:x}`) as the hex of its
/// bytes, parses back from it, and is serialized as that text (feature
/// `serde`). It compares equal to an array of its bytes.
///
/// ```
/// use avrox::Schema;
/// use avrox::schema::Sha256Fingerprint;
///
/// let sha256 = Schema::parse(r#""int""#)?.sha256_fingerprint();
/// let hex = "3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45";
/// assert_eq!(sha256.to_string(), hex);
/// assert_eq!(hex.parse::<Sha256Fingerprint>()?, sha256);
/// assert_eq!(sha256.as_bytes()[..2], [0x3f, 0x2b]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest<const N: usize>([u8; N]);

impl Digest<16> {
    /// The MD5 digest of `bytes`: a schema's is that of its Parsing
    /// Canonical Form ([`Schema::md5_fingerprint`](super::Schema::md5_fingerprint)).
    ///
    /// ```
    /// use avrox::schema::Md5Fingerprint;
    ///
    /// assert_eq!(Md5Fingerprint::of(b"").to_string(), "d41d8cd98f00b204e9800998ecf8427e");
    /// ```
    pub fn of(bytes: &[u8]) -> Md5Fingerprint {
        md5(bytes)
    }
}

impl Digest<32> {
    /// The SHA-256 digest of `bytes`: a schema's is that of its Parsing
    /// Canonical Form ([`Schema::sha256_fingerprint`](super::Schema::sha256_fingerprint)).
    pub fn of(bytes: &[u8]) -> Sha256Fingerprint {
        sha256(bytes)
    }
}

impl<const N: usize> Digest<N> {
    /// The digest of these bytes.
    pub const fn from_bytes(bytes: [u8; N]) -> Digest<N> {
        Digest(bytes)
    }

    /// Its bytes.
    pub const fn as_bytes(&self) -> &[u8; N] {
        &self.0
    }

    /// A copy of its bytes.
    pub const fn to_bytes(self) -> [u8; N] {
        self.0
    }
}

impl<const N: usize> From<[u8; N]> for Digest<N> {
    fn from(bytes: [u8; N]) -> Digest<N> {
        Digest(bytes)
    }
}

impl<const N: usize> From<Digest<N>> for [u8; N] {
    fn from(digest: Digest<N>) -> [u8; N] {
        digest.0
    }
}

impl<const N: usize> AsRef<[u8]> for Digest<N> {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl<const N: usize> PartialEq<[u8; N]> for Digest<N> {
    fn eq(&self, bytes: &[u8; N]) -> bool {
        self.0 == *bytes
    }
}

impl<const N: usize> PartialEq<Digest<N>> for [u8; N] {
    fn eq(&self, digest: &Digest<N>) -> bool {
        *self == digest.0
    }
}

impl<const N: usize> fmt::Display for Digest<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&hex::encode(&self.0))
    }
}

/// The same text as `Display`.
impl<const N: usize> fmt::LowerHex for Digest<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `Display` in capitals.
impl<const N: usize> fmt::UpperHex for Digest<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&hex::encode(&self.0).to_ascii_uppercase())
    }
}

impl<const N: usize> fmt::Debug for Digest<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl<const N: usize> FromStr for Digest<N> {
    type Err = ParseFingerprintError;

    /// Parses the `2 * N` hex digits `Display` prints (either case).
    fn from_str(text: &str) -> Result<Digest<N>, ParseFingerprintError> {
        hex::decode::<N>(text).map(Digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_message_is_the_polynomial() {
        assert_eq!(rabin(b"").as_u64(), EMPTY);
    }

    #[test]
    fn well_known_digests() {
        assert_eq!(md5(b"").to_string(), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            sha256(b"").to_string(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    /// Every rendering of a fingerprint is the one text: the bytes.
    #[test]
    fn one_rendering() {
        let fp = Fingerprint::from_u64(0x7275_d51a_3f39_5c8f);
        assert_eq!(fp.to_string(), "8f5c393f1ad57572");
        assert_eq!(format!("{fp:x}"), "8f5c393f1ad57572");
        assert_eq!(format!("{fp:016x}"), "8f5c393f1ad57572");
        assert_eq!(format!("{fp:X}"), "8F5C393F1AD57572");
        assert_eq!(format!("{fp:?}"), "Fingerprint(8f5c393f1ad57572)");
        assert_eq!(format!("{fp:>18}"), "  8f5c393f1ad57572");
        assert_eq!("8F5C393F1AD57572".parse::<Fingerprint>(), Ok(fp));
        assert_eq!(Fingerprint::from(fp.to_le_bytes()), fp);
        assert_eq!(u64::from(fp), 0x7275_d51a_3f39_5c8f);

        let digest = Digest::from([0xab, 0x01]);
        assert_eq!(digest.to_string(), "ab01");
        assert_eq!(format!("{digest:X}"), "AB01");
        assert_eq!(format!("{digest:?}"), "Digest(ab01)");
        assert_eq!("ab01".parse::<Digest<2>>(), Ok(digest));
        assert_eq!(digest, [0xab, 0x01]);
    }

    #[test]
    fn a_number_is_not_taken_for_bytes() {
        let err = "0x7275d51a3f395c8f".parse::<Fingerprint>().unwrap_err();
        assert!(err.to_string().contains("without 0x"), "{err}");
    }
}
