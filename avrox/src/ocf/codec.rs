//! The codecs that compress a container file's blocks.

use std::fmt;
#[cfg(any(feature = "zstandard", feature = "bzip2", feature = "xz"))]
use std::io::Read;
use std::ops::RangeInclusive;

use crate::error::{Error, ErrorKind, Limit, Result};

/// How the blocks of an object container file are compressed.
///
/// Each codec but `null` is behind the cargo feature of its Avro name:
/// `deflate` and `snappy` (pure Rust, on by default), `zstandard` (the
/// reference C library), `bzip2` and `xz` (pure Rust). A file whose codec
/// is off in this build fails to open with an error that names the codec.
///
/// Levels are the codec's own ([`Codec::level_range`]), the default in
/// brackets:
///
/// | codec | levels | |
/// |---|---|---|
/// | deflate | 0 to 10 (6) | 0 stores, 10 is miniz's slowest |
/// | zstandard | -131072 to 22 (3) | libzstd's range: 0 means its default (3), negative levels trade size for speed |
/// | bzip2 | 1 to 9 (9) | |
/// | xz | 0 to 9 (6) | presets |
///
/// A level outside its codec's range is an error when a
/// [`Writer`](super::Writer) is made with it (and from
/// [`compress`](Codec::compress)), never silently clamped. Decompression
/// does not depend on the level.
///
/// ```
/// use avrox::ocf::Codec;
///
/// assert_eq!(Codec::from_name("deflate")?, Codec::Deflate(6));
/// assert_eq!(Codec::Deflate(9).name(), "deflate");
/// assert!(Codec::from_name("lz4").is_err());
///
/// assert_eq!(Codec::with_level("deflate", 9)?, Codec::Deflate(9));
/// assert_eq!(Codec::Deflate(9).level_range(), Some(0..=10));
/// let err = Codec::with_level("deflate", 11).unwrap_err();
/// assert_eq!(err.to_string(), "deflate level 11 is outside its levels 0..=10");
/// assert!(Codec::with_level("snappy", 1).is_err()); // snappy has no levels
/// # Ok::<(), avrox::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Codec {
    /// No compression.
    #[default]
    Null,
    /// Raw deflate (RFC 1951, no zlib header), at a level from 0 to 10.
    #[cfg(feature = "deflate")]
    Deflate(u8),
    /// Snappy, each block followed by the big-endian CRC-32 of its
    /// uncompressed data.
    #[cfg(feature = "snappy")]
    Snappy,
    /// Zstandard, at a level from -131072 to 22 (0 is libzstd's default,
    /// 3; negative levels are faster and compress less).
    #[cfg(feature = "zstandard")]
    Zstandard(i32),
    /// bzip2, at a level from 1 to 9.
    #[cfg(feature = "bzip2")]
    Bzip2(u32),
    /// xz (LZMA2 in the xz container), at a preset from 0 to 9.
    #[cfg(feature = "xz")]
    Xz(u32),
}

impl Codec {
    /// The codec of an `avro.codec` name, at its default level.
    pub fn from_name(name: &str) -> Result<Codec> {
        Ok(match name {
            "null" => Codec::Null,
            #[cfg(feature = "deflate")]
            "deflate" => Codec::Deflate(6),
            #[cfg(feature = "snappy")]
            "snappy" => Codec::Snappy,
            #[cfg(feature = "zstandard")]
            "zstandard" => Codec::Zstandard(3),
            #[cfg(feature = "bzip2")]
            "bzip2" => Codec::Bzip2(9),
            #[cfg(feature = "xz")]
            "xz" => Codec::Xz(6),
            other => {
                return Err(Error::new(ErrorKind::UnknownCodec {
                    name: other.to_owned(),
                    known: Codec::known_names(),
                }));
            }
        })
    }

    /// The codec of an `avro.codec` name at `level`, checked against the
    /// codec's [`level_range`](Codec::level_range). `null` and `snappy`
    /// have no levels: asking for one is an error.
    pub fn with_level(name: &str, level: i32) -> Result<Codec> {
        let codec = Codec::from_name(name)?;
        let Some(range) = codec.level_range() else {
            return Err(Error::invalid(format!("the {name} codec has no levels")));
        };
        if !range.contains(&level) {
            return Err(level_error(name, level, &range));
        }
        // The catch-all is `null` and `snappy`, refused above.
        let leveled = match codec {
            #[cfg(feature = "deflate")]
            Codec::Deflate(_) => Codec::Deflate(level as u8),
            #[cfg(feature = "zstandard")]
            Codec::Zstandard(_) => Codec::Zstandard(level),
            #[cfg(feature = "bzip2")]
            Codec::Bzip2(_) => Codec::Bzip2(level as u32),
            #[cfg(feature = "xz")]
            Codec::Xz(_) => Codec::Xz(level as u32),
            other => other,
        };
        Ok(leveled)
    }

    /// The levels the codec accepts; `None` for `null` and `snappy`,
    /// which have none.
    pub fn level_range(&self) -> Option<RangeInclusive<i32>> {
        match self {
            Codec::Null => None,
            #[cfg(feature = "deflate")]
            Codec::Deflate(_) => Some(0..=10),
            #[cfg(feature = "snappy")]
            Codec::Snappy => None,
            // What libzstd itself accepts (it would clamp anything else).
            #[cfg(feature = "zstandard")]
            Codec::Zstandard(_) => Some(zstd::compression_level_range()),
            #[cfg(feature = "bzip2")]
            Codec::Bzip2(_) => Some(1..=9),
            #[cfg(feature = "xz")]
            Codec::Xz(_) => Some(0..=9),
        }
    }

    /// The codec's level, widened so that any stored `u32` fits; `None`
    /// for codecs without levels.
    fn stored_level(&self) -> Option<i64> {
        match *self {
            Codec::Null => None,
            #[cfg(feature = "deflate")]
            Codec::Deflate(level) => Some(i64::from(level)),
            #[cfg(feature = "snappy")]
            Codec::Snappy => None,
            #[cfg(feature = "zstandard")]
            Codec::Zstandard(level) => Some(i64::from(level)),
            #[cfg(feature = "bzip2")]
            Codec::Bzip2(level) => Some(i64::from(level)),
            #[cfg(feature = "xz")]
            Codec::Xz(level) => Some(i64::from(level)),
        }
    }

    /// Checks that the codec's level is within its
    /// [`level_range`](Codec::level_range).
    pub(crate) fn check_level(&self) -> Result<()> {
        match (self.stored_level(), self.level_range()) {
            (Some(level), Some(range))
                if !(i64::from(*range.start())..=i64::from(*range.end())).contains(&level) =>
            {
                Err(level_error(self.name(), level, &range))
            }
            _ => Ok(()),
        }
    }

    /// The names of the codecs this build knows.
    pub fn known_names() -> Vec<&'static str> {
        #[allow(unused_mut, reason = "with no codec feature on, only null")]
        let mut names = vec!["null"];
        #[cfg(feature = "deflate")]
        names.push("deflate");
        #[cfg(feature = "snappy")]
        names.push("snappy");
        #[cfg(feature = "zstandard")]
        names.push("zstandard");
        #[cfg(feature = "bzip2")]
        names.push("bzip2");
        #[cfg(feature = "xz")]
        names.push("xz");
        names
    }

    /// The codec's name in `avro.codec`.
    pub fn name(&self) -> &'static str {
        match self {
            Codec::Null => "null",
            #[cfg(feature = "deflate")]
            Codec::Deflate(_) => "deflate",
            #[cfg(feature = "snappy")]
            Codec::Snappy => "snappy",
            #[cfg(feature = "zstandard")]
            Codec::Zstandard(_) => "zstandard",
            #[cfg(feature = "bzip2")]
            Codec::Bzip2(_) => "bzip2",
            #[cfg(feature = "xz")]
            Codec::Xz(_) => "xz",
        }
    }

    /// Appends the compressed form of `data` to `out`.
    pub fn compress(&self, data: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.check_level()?;
        #[allow(unused_variables, reason = "unused when every codec feature is off")]
        let fail = |e: &dyn fmt::Display| {
            Error::invalid(format!("{} compression failed: {e}", self.name()))
        };
        match *self {
            Codec::Null => out.extend_from_slice(data),
            #[cfg(feature = "deflate")]
            Codec::Deflate(level) => {
                out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(data, level));
            }
            #[cfg(feature = "snappy")]
            Codec::Snappy => {
                let start = out.len();
                out.resize(start + snap::raw::max_compress_len(data.len()), 0);
                // `out` was resized past `start` just above.
                let target = out.get_mut(start..).unwrap_or_default();
                let written = snap::raw::Encoder::new()
                    .compress(data, target)
                    .map_err(|e| fail(&e))?;
                out.truncate(start + written);
                out.extend_from_slice(&crc32fast::hash(data).to_be_bytes());
            }
            #[cfg(feature = "zstandard")]
            Codec::Zstandard(level) => {
                out.extend_from_slice(&zstd::bulk::compress(data, level).map_err(|e| fail(&e))?);
            }
            #[cfg(feature = "bzip2")]
            Codec::Bzip2(level) => {
                use std::io::Write;
                let level = bzip2::Compression::new(level);
                let mut encoder = bzip2::write::BzEncoder::new(std::mem::take(out), level);
                encoder.write_all(data).map_err(|e| fail(&e))?;
                *out = encoder.finish().map_err(|e| fail(&e))?;
            }
            #[cfg(feature = "xz")]
            Codec::Xz(level) => {
                use std::io::Write;
                let mut options = lzma_rust2::XzOptions::with_preset(level);
                // A dictionary larger than the block is never used, but is
                // allocated and cleared: fit it to the block.
                let fit = u32::try_from(data.len().next_power_of_two()).unwrap_or(u32::MAX);
                options.lzma_options.dict_size = options
                    .lzma_options
                    .dict_size
                    .min(fit.max(lzma_rust2::DICT_SIZE_MIN));
                let mut encoder = lzma_rust2::XzWriter::new(std::mem::take(out), options)
                    .map_err(|e| fail(&e))?;
                encoder.write_all(data).map_err(|e| fail(&e))?;
                *out = encoder.finish().map_err(|e| fail(&e))?;
            }
        }
        Ok(())
    }

    /// Replaces the contents of `out` with the decompressed form of `data`,
    /// refusing to produce more than `limit` bytes: a block that would is
    /// a `LimitExceeded` error (`max_block_size`), found before more than
    /// `limit` bytes are allocated.
    pub fn decompress(&self, data: &[u8], limit: usize, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        match *self {
            Codec::Null => {
                check_size(data.len(), limit)?;
                out.extend_from_slice(data);
            }
            #[cfg(feature = "deflate")]
            Codec::Deflate(_) => {
                use miniz_oxide::inflate::TINFLStatus;
                match miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit) {
                    Ok(bytes) => *out = bytes,
                    Err(e) if e.status == TINFLStatus::HasMoreOutput => {
                        return Err(limit_error(limit, limit as u64 + 1));
                    }
                    Err(e) => return Err(self.error(e)),
                }
            }
            #[cfg(feature = "snappy")]
            Codec::Snappy => {
                let Some((compressed, crc)) = data.split_last_chunk::<4>() else {
                    return Err(self.error("the block is shorter than its 4-byte checksum"));
                };
                let len = snap::raw::decompress_len(compressed).map_err(|e| self.error(e))?;
                check_size(len, limit)?;
                out.resize(len, 0);
                let written = snap::raw::Decoder::new()
                    .decompress(compressed, out)
                    .map_err(|e| self.error(e))?;
                out.truncate(written);
                let stored = u32::from_be_bytes(*crc);
                let computed = crc32fast::hash(out);
                if stored != computed {
                    return Err(Error::new(ErrorKind::ChecksumMismatch { stored, computed }));
                }
            }
            #[cfg(feature = "zstandard")]
            Codec::Zstandard(_) => {
                let decoder =
                    zstd::stream::read::Decoder::with_buffer(data).map_err(|e| self.error(e))?;
                self.read_limited(decoder, limit, out)?;
            }
            #[cfg(feature = "bzip2")]
            Codec::Bzip2(_) => {
                self.read_limited(bzip2::read::MultiBzDecoder::new(data), limit, out)?;
            }
            #[cfg(feature = "xz")]
            Codec::Xz(_) => {
                // The dictionary is the decoder's memory: a hostile header
                // could ask for 4 GiB of it. Preset 9 needs 64 MiB.
                let memory_kib = u32::try_from((limit / 1024).max(64 << 10)).unwrap_or(u32::MAX);
                let decoder = lzma_rust2::XzReader::new_mem_limit(data, true, memory_kib);
                self.read_limited(decoder, limit, out)?;
            }
        }
        Ok(())
    }

    /// Reads a streaming decompressor to its end, at most `limit` bytes.
    #[cfg(any(feature = "zstandard", feature = "bzip2", feature = "xz"))]
    fn read_limited(&self, decoder: impl Read, limit: usize, out: &mut Vec<u8>) -> Result<()> {
        let cap = (limit as u64).saturating_add(1);
        decoder
            .take(cap)
            .read_to_end(out)
            .map_err(|e| self.error(e))?;
        check_size(out.len(), limit)
    }

    #[allow(dead_code, reason = "unused when every codec feature is off")]
    fn error(&self, e: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Decompress {
            codec: self.name(),
            message: e.to_string(),
        })
    }
}

impl fmt::Display for Codec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn level_error(name: &str, level: impl fmt::Display, range: &RangeInclusive<i32>) -> Error {
    Error::invalid(format!(
        "{name} level {level} is outside its levels {}..={}",
        range.start(),
        range.end()
    ))
}

fn check_size(len: usize, limit: usize) -> Result<()> {
    if len > limit {
        return Err(limit_error(limit, len as u64));
    }
    Ok(())
}

fn limit_error(limit: usize, requested: u64) -> Error {
    Error::new(ErrorKind::LimitExceeded {
        limit: Limit::BlockSize,
        max: limit as u64,
        requested,
    })
}

/// A codec with the state it compresses with, kept from block to block:
/// setting up deflate's and zstandard's compressors costs more than
/// compressing a small block.
pub(crate) struct Compressor {
    codec: Codec,
    #[cfg(feature = "deflate")]
    deflate: Option<Box<miniz_oxide::deflate::core::CompressorOxide>>,
    #[cfg(feature = "zstandard")]
    zstd: Option<zstd::bulk::Compressor<'static>>,
}

impl fmt::Debug for Compressor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Compressor")
            .field("codec", &self.codec)
            .finish_non_exhaustive()
    }
}

impl Compressor {
    pub(crate) fn new(codec: Codec) -> Compressor {
        Compressor {
            codec,
            #[cfg(feature = "deflate")]
            deflate: None,
            #[cfg(feature = "zstandard")]
            zstd: None,
        }
    }

    /// Appends the compressed form of `data` to `out`, as
    /// [`Codec::compress`] does.
    pub(crate) fn compress(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.codec.check_level()?;
        match self.codec {
            #[cfg(feature = "deflate")]
            Codec::Deflate(level) => {
                use miniz_oxide::deflate::core::{
                    CompressorOxide, TDEFLFlush, TDEFLStatus, compress,
                    create_comp_flags_from_zip_params,
                };
                let compressor = self.deflate.get_or_insert_with(|| {
                    // Negative window bits: raw deflate, no zlib wrapper.
                    let flags = create_comp_flags_from_zip_params(i32::from(level), -15, 0);
                    Box::new(CompressorOxide::new(flags))
                });
                compressor.reset();
                let start = out.len();
                let mut written = start;
                out.resize(start + (data.len() / 2).max(64), 0);
                let mut input = data;
                loop {
                    // The compressor writes within the slice it is given and
                    // reads within its input: `written` and `read` stay in range.
                    let target = out.get_mut(written..).unwrap_or_default();
                    let (status, read, wrote) =
                        compress(compressor, input, target, TDEFLFlush::Finish);
                    written += wrote;
                    input = input.get(read..).unwrap_or_default();
                    match status {
                        TDEFLStatus::Done => break,
                        TDEFLStatus::Okay => {
                            if out.len() - written < 64 {
                                out.resize(out.len() * 2, 0);
                            }
                        }
                        other => {
                            return Err(Error::invalid(format!(
                                "deflate compression failed: {other:?}"
                            )));
                        }
                    }
                }
                out.truncate(written);
                Ok(())
            }
            #[cfg(feature = "zstandard")]
            Codec::Zstandard(level) => {
                let fail = |e: std::io::Error| {
                    Error::invalid(format!("zstandard compression failed: {e}"))
                };
                let compressor = match &mut self.zstd {
                    Some(compressor) => compressor,
                    None => self
                        .zstd
                        .insert(zstd::bulk::Compressor::new(level).map_err(fail)?),
                };
                out.extend_from_slice(&compressor.compress(data).map_err(fail)?);
                Ok(())
            }
            codec => codec.compress(data, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_codec() -> Vec<Codec> {
        Codec::known_names()
            .into_iter()
            .map(|name| Codec::from_name(name).unwrap())
            .collect()
    }

    #[cfg(feature = "deflate")]
    #[test]
    fn a_level_out_of_range_is_refused() {
        assert!(Codec::Deflate(10).check_level().is_ok());
        assert!(Codec::Deflate(11).check_level().is_err());
        assert!(Codec::Deflate(11).compress(b"x", &mut Vec::new()).is_err());
    }

    #[test]
    fn every_codec_round_trips_with_and_without_kept_state() {
        let data: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        for codec in every_codec() {
            let mut compressor = Compressor::new(codec);
            for input in [&data[..], b"", b"x", &data[..1000]] {
                for compressed in [
                    {
                        let mut out = vec![9];
                        codec.compress(input, &mut out).unwrap();
                        out.remove(0);
                        out
                    },
                    {
                        let mut out = Vec::new();
                        compressor.compress(input, &mut out).unwrap();
                        out
                    },
                ] {
                    let mut back = vec![1, 2, 3];
                    codec
                        .decompress(&compressed, input.len(), &mut back)
                        .unwrap();
                    assert_eq!(back, input, "{codec:?}");
                    if !input.is_empty() {
                        let err = codec.decompress(&compressed, input.len() - 1, &mut back);
                        assert!(err.is_err(), "{codec:?} ignores the limit");
                    }
                }
            }
        }
    }

    #[test]
    fn names_and_default_levels() {
        for codec in every_codec() {
            assert_eq!(Codec::from_name(codec.name()).unwrap(), codec);
            assert_eq!(codec.to_string(), codec.name());
        }
        let err = Codec::from_name("lzo").unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::UnknownCodec {
                name: "lzo".into(),
                known: Codec::known_names()
            }
        );
        assert_eq!(
            err.to_string(),
            format!(
                "unknown codec 'lzo' (this build knows: {})",
                Codec::known_names().join(", ")
            )
        );
    }

    #[test]
    fn levels_are_checked_against_each_codec_s_range() {
        for name in Codec::known_names() {
            let codec = Codec::from_name(name).unwrap();
            // Every default level is in range.
            codec.check_level().unwrap();
            let Some(range) = codec.level_range() else {
                let err = Codec::with_level(name, 1).unwrap_err();
                assert_eq!(err.to_string(), format!("the {name} codec has no levels"));
                continue;
            };
            for level in [*range.start(), *range.end()] {
                let codec = Codec::with_level(name, level).unwrap();
                assert_eq!(codec.name(), name);
                codec.compress(b"abc", &mut Vec::new()).unwrap();
            }
            for level in [range.start().saturating_sub(1), range.end() + 1] {
                let err = Codec::with_level(name, level).unwrap_err();
                assert_eq!(
                    err.to_string(),
                    format!(
                        "{name} level {level} is outside its levels {}..={}",
                        range.start(),
                        range.end()
                    )
                );
            }
        }
    }

    #[cfg(feature = "zstandard")]
    #[test]
    fn zstandard_takes_libzstd_s_whole_range() {
        assert_eq!(
            Codec::Zstandard(0).level_range(),
            Some(-131_072..=22),
            "the range the docs give"
        );
        for level in [-131_072, -7, -3, 0, 1, 22] {
            Codec::Zstandard(level).check_level().unwrap();
        }
    }

    #[cfg(feature = "deflate")]
    #[test]
    fn deflate_is_raw_without_a_zlib_header() {
        let mut out = Vec::new();
        Codec::Deflate(6).compress(b"aaaaaaaaaa", &mut out).unwrap();
        assert_eq!(
            miniz_oxide::inflate::decompress_to_vec(&out).unwrap(),
            b"aaaaaaaaaa"
        );
        // A zlib stream starts 0x78; raw deflate of this input does not.
        assert_ne!(out[0], 0x78);
    }

    #[cfg(feature = "snappy")]
    #[test]
    fn snappy_ends_with_the_big_endian_crc32() {
        let mut out = Vec::new();
        Codec::Snappy.compress(b"123456789", &mut out).unwrap();
        // The CRC-32 check value of "123456789".
        assert_eq!(out[out.len() - 4..], 0xcbf4_3926u32.to_be_bytes());
        let last = out.len() - 1;
        out[last] ^= 1;
        let err = Codec::Snappy
            .decompress(&out, 100, &mut Vec::new())
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::ChecksumMismatch { .. }));
    }
}
