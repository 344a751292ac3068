//! Where a message names its writer schema: the payload's first bytes in
//! one of three formats, or a Kafka header.
//!
//! | format | bytes | names the schema by |
//! |---|---|---|
//! | [`WireFormat::Confluent`] | `00` + 4 bytes | its id, big-endian |
//! | [`WireFormat::ConfluentGuid`] | `01` + 16 bytes | its GUID |
//! | [`WireFormat::Apicurio`] | `00` + 8 bytes | its global id, big-endian |
//!
//! A Confluent payload and an Apicurio one both start with `00`, and an
//! Apicurio id's first four bytes read as a Confluent id, so no reader can
//! tell them apart: [`split`] is told the format, and [`detect`] only
//! chooses between Confluent's two.

use std::fmt;

use crate::error::{Error, Result};
use crate::strategy::Field;

/// How a message's payload starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WireFormat {
    /// `00` and a 4-byte big-endian schema id.
    Confluent,
    /// `01` and a 16-byte GUID (Confluent's newer format).
    ConfluentGuid,
    /// `00` and an 8-byte big-endian global id (Apicurio Registry's
    /// default for its own serializers).
    Apicurio,
}

/// What a message names its writer schema by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemaId {
    /// A registry's 4-byte id.
    Id(u32),
    /// A GUID's 16 bytes.
    Guid([u8; 16]),
    /// Apicurio's 8-byte global id.
    GlobalId(u64),
}

impl fmt::Display for SchemaId {
    /// An id as its number, a GUID in its text form
    /// (`8-4-4-4-12` lowercase hex digits).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaId::Id(id) => write!(f, "{id}"),
            SchemaId::GlobalId(id) => write!(f, "{id}"),
            SchemaId::Guid(bytes) => {
                for (i, byte) in bytes.iter().enumerate() {
                    if matches!(i, 4 | 6 | 8 | 10) {
                        f.write_str("-")?;
                    }
                    write!(f, "{byte:02x}")?;
                }
                Ok(())
            }
        }
    }
}

/// The header Confluent's serializers put a record key's schema id in.
pub const KEY_SCHEMA_ID_HEADER: &str = "__key_schema_id";
/// The header Confluent's serializers put a record value's schema id in.
pub const VALUE_SCHEMA_ID_HEADER: &str = "__value_schema_id";

impl SchemaId {
    /// The bytes of `self` in its format: `00`+id, `01`+GUID, `00`+global
    /// id. What a payload starts with, and what a schema id header holds.
    ///
    /// ```
    /// use avrox_registry::SchemaId;
    ///
    /// assert_eq!(SchemaId::Id(258).to_bytes(), [0, 0, 0, 1, 2]);
    /// assert_eq!(SchemaId::GlobalId(1).to_bytes(), [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    /// assert_eq!(SchemaId::Guid([7; 16]).to_bytes()[..2], [1, 7]);
    /// ```
    pub fn to_bytes(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(17);
        match self {
            SchemaId::Id(id) => {
                out.push(0);
                out.extend_from_slice(&id.to_be_bytes());
            }
            SchemaId::Guid(guid) => {
                out.push(1);
                out.extend_from_slice(&guid);
            }
            SchemaId::GlobalId(id) => {
                out.push(0);
                out.extend_from_slice(&id.to_be_bytes());
            }
        }
        out
    }
}

/// The schema id at the start of `payload` in `format`, and the datum
/// after it.
///
/// ```
/// use avrox_registry::{SchemaId, WireFormat, split};
///
/// let payload = [0, 0, 0, 0, 0, 0, 0, 0, 9, 0x54];
/// assert_eq!(split(&payload, WireFormat::Apicurio)?, (SchemaId::GlobalId(9), &[0x54][..]));
/// // The same bytes as Confluent's format: id 0, and a datum of 5 bytes.
/// assert_eq!(split(&payload, WireFormat::Confluent)?.0, SchemaId::Id(0));
/// assert!(split(&[1, 2], WireFormat::ConfluentGuid).is_err());
/// # Ok::<(), avrox_registry::Error>(())
/// ```
pub fn split(payload: &[u8], format: WireFormat) -> Result<(SchemaId, &[u8])> {
    let (magic, len, name) = match format {
        WireFormat::Confluent => (0, 4, "Confluent (00 and a 4-byte id)"),
        WireFormat::ConfluentGuid => (1, 16, "Confluent GUID (01 and a 16-byte GUID)"),
        WireFormat::Apicurio => (0, 8, "Apicurio (00 and an 8-byte global id)"),
    };
    let Some((&first, rest)) = payload.split_first() else {
        return Err(Error::Framing(format!(
            "an empty payload has no {name} header"
        )));
    };
    if first != magic {
        return Err(Error::Framing(format!(
            "not a {name} payload: it starts with {first:#04x}"
        )));
    }
    if rest.len() < len {
        return Err(Error::Framing(format!(
            "a {name} header needs {} bytes; the payload has {}",
            len + 1,
            payload.len()
        )));
    }
    let (id, datum) = rest.split_at(len);
    let id = match format {
        WireFormat::Confluent => SchemaId::Id(u32::from_be_bytes(array(id))),
        WireFormat::ConfluentGuid => SchemaId::Guid(array(id)),
        WireFormat::Apicurio => SchemaId::GlobalId(u64::from_be_bytes(array(id))),
    };
    Ok((id, datum))
}

/// A slice whose length was checked as an array.
fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(bytes);
    out
}

/// The schema id at the start of `payload`, in whichever of Confluent's
/// two formats it is (by its first byte), and the datum after it. Apicurio's
/// format cannot be told from Confluent's: [`split`] it.
///
/// ```
/// use avrox_registry::{SchemaId, detect};
///
/// assert_eq!(detect(&[0, 0, 0, 0, 7, 0x54])?.0, SchemaId::Id(7));
/// let mut guid = vec![1];
/// guid.extend([0xab; 16]);
/// assert_eq!(detect(&guid)?.0, SchemaId::Guid([0xab; 16]));
/// assert!(detect(&[2, 0, 0, 0, 7]).is_err());
/// # Ok::<(), avrox_registry::Error>(())
/// ```
pub fn detect(payload: &[u8]) -> Result<(SchemaId, &[u8])> {
    match payload.first() {
        Some(1) => split(payload, WireFormat::ConfluentGuid),
        _ => split(payload, WireFormat::Confluent),
    }
}

/// The schema id a record's headers carry for its key or value
/// (`__key_schema_id`, `__value_schema_id`, as Confluent's serializers
/// write them: `00`+id or `01`+GUID), or `None` when no header names one.
/// When a header names it, the payload is the bare datum.
///
/// ```
/// use avrox_registry::{Field, SchemaId, schema_id_from_headers};
///
/// let guid = [[1u8].as_slice(), &[0x5a; 16]].concat();
/// let headers = [("trace", b"x".as_slice()), ("__value_schema_id", &guid)];
/// assert_eq!(
///     schema_id_from_headers(headers, Field::Value)?,
///     Some(SchemaId::Guid([0x5a; 16]))
/// );
/// assert_eq!(schema_id_from_headers(headers, Field::Key)?, None);
/// # Ok::<(), avrox_registry::Error>(())
/// ```
pub fn schema_id_from_headers<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    field: Field,
) -> Result<Option<SchemaId>> {
    let wanted = match field {
        Field::Key => KEY_SCHEMA_ID_HEADER,
        Field::Value => VALUE_SCHEMA_ID_HEADER,
    };
    let Some((_, value)) = headers.into_iter().find(|(name, _)| *name == wanted) else {
        return Ok(None);
    };
    let (id, rest) =
        detect(value).map_err(|e| Error::Framing(format!("the header {wanted}: {e}")))?;
    if !rest.is_empty() {
        return Err(Error::Framing(format!(
            "the header {wanted} has {} bytes after the schema id",
            rest.len()
        )));
    }
    Ok(Some(id))
}
