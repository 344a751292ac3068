//! Fingerprints with serde (feature `serde`): the hex text they print as
//! in human-readable formats (JSON, TOML), their bytes in binary ones.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use super::{Digest, Fingerprint};

fn serialize_bytes<S: Serializer>(
    serializer: S,
    text: String,
    bytes: &[u8],
) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        serializer.serialize_str(&text)
    } else {
        serializer.serialize_bytes(bytes)
    }
}

/// Reads a fingerprint of `N` bytes from hex text or from its bytes, and
/// makes a `T` of them.
struct BytesVisitor<const N: usize, T>(PhantomData<T>);

impl<'de, const N: usize, T> Visitor<'de> for BytesVisitor<N, T>
where
    T: From<[u8; N]> + FromStr<Err = super::ParseFingerprintError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a fingerprint: {} hex digits or {N} bytes", 2 * N)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
        <[u8; N]>::try_from(bytes)
            .map(T::from)
            .map_err(|_| E::invalid_length(bytes.len(), &self))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        // Formats without a bytes type write them as a sequence of numbers.
        let mut out = [0u8; N];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(i, &self))?;
        }
        if seq.next_element::<u8>()?.is_some() {
            return Err(de::Error::invalid_length(N + 1, &self));
        }
        Ok(T::from(out))
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_bytes(serializer, self.to_string(), &self.to_le_bytes())
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let visitor = BytesVisitor::<8, Fingerprint>(PhantomData);
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(visitor)
        } else {
            deserializer.deserialize_bytes(visitor)
        }
    }
}

impl<const N: usize> Serialize for Digest<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_bytes(serializer, self.to_string(), self.as_bytes())
    }
}

impl<'de, const N: usize> Deserialize<'de> for Digest<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let visitor = BytesVisitor::<N, Digest<N>>(PhantomData);
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(visitor)
        } else {
            deserializer.deserialize_bytes(visitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Md5Fingerprint, rabin};
    use super::*;

    #[test]
    fn json_is_the_hex_text() {
        let fp = rabin(b"\"int\"");
        let json = serde_json::to_string(&fp).unwrap();
        assert_eq!(json, "\"8f5c393f1ad57572\"");
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fp);
        let err = serde_json::from_str::<Fingerprint>("\"8f5c\"").unwrap_err();
        assert!(err.to_string().contains("16 hex digits, not 4"), "{err}");

        let md5 = Md5Fingerprint::from([7; 16]);
        let json = serde_json::to_string(&md5).unwrap();
        assert_eq!(json, format!("\"{}\"", "07".repeat(16)));
        assert_eq!(serde_json::from_str::<Md5Fingerprint>(&json).unwrap(), md5);
    }
}
