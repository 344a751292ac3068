//! The header of an object container file: magic, metadata, sync marker.

use indexmap::IndexMap;

use super::Codec;
use crate::binary::{self, Limits, SliceReader};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::Schema;

/// The four bytes every object container file starts with: `Obj` 0x01.
pub const MAGIC: [u8; 4] = *b"Obj\x01";

/// The length of the sync marker that ends the header and every block.
pub(crate) const SYNC_SIZE: usize = 16;

/// The metadata key of the writer schema.
pub(crate) const SCHEMA_KEY: &str = "avro.schema";

/// The metadata key of the codec.
pub(crate) const CODEC_KEY: &str = "avro.codec";

/// The header of an object container file: its writer schema, codec,
/// metadata and sync marker. [`Writer`](super::Writer) writes it from its
/// [`WriterOptions`](super::WriterOptions); [`Reader`](super::Reader) and
/// [`BlockReader`](super::BlockReader) read it first, and lend it out.
///
/// ```
/// use avrox::ocf::{BlockReader, Codec, Writer, WriterOptions};
///
/// let options = WriterOptions::new().metadata("origin", b"test").sync_marker([7; 16]);
/// let file = Writer::<i64, _>::with_options(Vec::new(), options)?.finish()?;
/// let blocks = BlockReader::new(&file[..])?;
/// let header = blocks.header();
/// assert_eq!(header.schema().canonical_form(), r#""long""#);
/// assert_eq!(header.codec(), Codec::Null);
/// assert_eq!(header.metadata("origin"), Some(&b"test"[..]));
/// assert_eq!(header.sync(), &[7; 16]);
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Header {
    schema: Schema,
    codec: Codec,
    metadata: IndexMap<String, Vec<u8>>,
    sync: [u8; SYNC_SIZE],
}

impl Header {
    /// A header of a file of `schema` compressed with `codec`.
    pub(crate) fn new(schema: Schema, codec: Codec, sync: [u8; SYNC_SIZE]) -> Header {
        let mut metadata = IndexMap::new();
        metadata.insert(CODEC_KEY.to_owned(), codec.name().as_bytes().to_vec());
        metadata.insert(SCHEMA_KEY.to_owned(), schema.to_string().into_bytes());
        Header {
            schema,
            codec,
            metadata,
            sync,
        }
    }

    /// Adds a user metadata entry. Keys starting with `avro.` are reserved
    /// for Avro and are refused by [`Writer`](super::Writer).
    pub(crate) fn with_metadata(
        mut self,
        key: impl Into<String>,
        value: impl Into<Vec<u8>>,
    ) -> Header {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// The writer schema (`avro.schema`).
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The codec (`avro.codec`; `null` when absent), at its default level.
    pub fn codec(&self) -> Codec {
        self.codec
    }

    /// The sync marker.
    pub fn sync(&self) -> &[u8; SYNC_SIZE] {
        &self.sync
    }

    /// A metadata entry, `avro.` keys included.
    pub fn metadata(&self, key: &str) -> Option<&[u8]> {
        self.metadata.get(key).map(Vec::as_slice)
    }

    /// Every metadata entry in file order, `avro.` keys included.
    pub fn metadata_entries(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.metadata
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The header's binary form.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        if !self.metadata.is_empty() {
            binary::write_block_len(&mut out, self.metadata.len());
            for (key, value) in &self.metadata {
                binary::write_str(&mut out, key);
                binary::write_bytes(&mut out, value);
            }
        }
        binary::write_block_end(&mut out);
        out.extend_from_slice(&self.sync);
        out
    }

    /// Parses a header from the start of `input`: the header and its length
    /// in bytes, or `None` when `input` ends before the header does (read
    /// more and try again).
    #[cfg(test)]
    pub(crate) fn parse(input: &[u8]) -> Result<Option<(Header, usize)>> {
        Header::parse_with_limits(input, Limits::default())
    }

    /// [`Header::parse`] with limits on the metadata's size.
    pub(crate) fn parse_with_limits(
        input: &[u8],
        limits: Limits,
    ) -> Result<Option<(Header, usize)>> {
        let Some((magic, after_magic)) = input.split_first_chunk::<4>() else {
            return if input.iter().zip(MAGIC).all(|(a, b)| *a == b) {
                Ok(None)
            } else {
                let mut magic = [0; 4];
                magic
                    .iter_mut()
                    .zip(input)
                    .for_each(|(to, from)| *to = *from);
                Err(Error::new(ErrorKind::BadMagic(magic)).at(0))
            };
        };
        if *magic != MAGIC {
            return Err(Error::new(ErrorKind::BadMagic(*magic)).at(0));
        }
        let mut reader = SliceReader::with_limits(after_magic, limits);
        let metadata = match read_metadata(&mut reader) {
            Ok(metadata) => metadata,
            Err(e) if matches!(e.kind(), ErrorKind::UnexpectedEof { .. }) => return Ok(None),
            Err(e) => return Err(e.shifted(4)),
        };
        let end = 4 + reader.position();
        let Some(sync) = after_magic
            .get(reader.position()..)
            .and_then(|rest| rest.first_chunk::<SYNC_SIZE>())
        else {
            return Ok(None);
        };
        let header = Header::from_metadata(metadata, *sync)?;
        Ok(Some((header, end + SYNC_SIZE)))
    }

    fn from_metadata(metadata: IndexMap<String, Vec<u8>>, sync: [u8; SYNC_SIZE]) -> Result<Header> {
        let Some(schema_json) = metadata.get(SCHEMA_KEY) else {
            return Err(invalid("the header has no 'avro.schema' entry"));
        };
        let schema_json = std::str::from_utf8(schema_json)
            .map_err(|_| invalid("the header's 'avro.schema' is not UTF-8"))?;
        let schema = Schema::parse(schema_json)?;
        let codec = match metadata.get(CODEC_KEY) {
            None => Codec::Null,
            Some(name) => {
                let name = std::str::from_utf8(name)
                    .map_err(|_| invalid("the header's 'avro.codec' is not UTF-8"))?;
                Codec::from_name(name)?
            }
        };
        Ok(Header {
            schema,
            codec,
            metadata,
            sync,
        })
    }

    /// Replaces the codec with the same codec at another level, for
    /// appending at the level a writer asks for.
    pub(crate) fn set_codec_level(&mut self, codec: Codec) {
        if codec.name() == self.codec.name() {
            self.codec = codec;
        }
    }
}

/// The metadata map: `map<bytes>`, in blocks.
fn read_metadata(reader: &mut SliceReader<'_>) -> Result<IndexMap<String, Vec<u8>>> {
    let mut metadata = IndexMap::new();
    loop {
        // A key and a value take at least one byte each.
        let count = reader.read_block_len(2)?;
        if count == 0 {
            return Ok(metadata);
        }
        reader.add_collection_items(metadata.len(), count)?;
        for _ in 0..count {
            let start = reader.position();
            let key = reader.read_str().map_err(|e| e.in_field("metadata key"))?;
            let value = reader.read_bytes().map_err(|e| e.in_key(key))?;
            reader
                .charge_allocation(key.len() + value.len())
                .map_err(|e| e.at(start))?;
            metadata.insert(key.to_owned(), value.to_vec());
        }
    }
}

fn invalid(message: &str) -> Error {
    Error::new(ErrorKind::InvalidHeader(message.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_is_sans_io() {
        let schema = Schema::parse(r#""string""#).unwrap();
        let header = Header::new(schema, Codec::Null, [7; 16]).with_metadata("origin", "test");
        let bytes = header.to_bytes();
        for cut in 0..bytes.len() {
            assert!(
                matches!(Header::parse(&bytes[..cut]), Ok(None) | Err(_)),
                "{cut}"
            );
        }
        let (back, len) = Header::parse(&bytes).unwrap().unwrap();
        assert_eq!(len, bytes.len());
        assert_eq!(back.metadata("origin"), Some(&b"test"[..]));
        assert_eq!(back.sync(), &[7; 16]);
    }
}
