//! Object container files: Avro's file format.
//!
//! A container file is a header (the magic `Obj` 0x01, a metadata map
//! holding the writer schema under `avro.schema` and the codec under
//! `avro.codec`, and a random 16-byte sync marker), then blocks: a record
//! count, the byte size of the data, the records' binary encoding
//! compressed by the codec, and the sync marker again. Every Avro
//! implementation reads and writes them; Spark, Flink, Hive and the Python
//! and Java libraries among them.
//!
//! - [`Writer`] writes records of a derived type or [`Value`](crate::Value)s,
//!   cutting blocks at a size ([`WriterOptions::block_size`]) and on
//!   [`flush`](Writer::flush), and appends to existing files
//!   ([`Writer::append_to`]).
//! - [`Reader`] is an iterator of records, streaming block by block; the
//!   header's schema, codec and metadata are known when it is made.
//!   Damaged files give every complete block before the damage, then an
//!   error naming the block and its byte offset, or with
//!   [`ReaderOptions::skip_damaged`] skip to the next sync marker.
//! - [`BlockReader`] and [`Writer::write_raw_block`] move blocks without
//!   decompressing them, to split and concatenate files.
//! - [`Codec`]: `null`, and behind features `deflate`, `snappy`,
//!   `zstandard`, `bzip2`, `xz`.
//!
//! With the `tokio` feature, `AsyncReader` and `AsyncWriter` do the same
//! over `tokio::io::AsyncRead` and `AsyncWrite`, and with `object_store`,
//! `ObjectReader` reads a file from an object store in ranges.
//!
//! The format's logic is written once and does no I/O: the header, block
//! and record parsers say how many bytes they need, and the block encoder
//! hands out sealed blocks. The blocking and the async readers and writers
//! are thin drivers that feed them from their input and write what they
//! give, so both give the same records, errors and bytes.
//!
//! ```
//! use avrox::ocf::{Codec, Reader, Writer, WriterOptions};
//! use avrox::Avro;
//!
//! #[derive(Avro, Debug, Clone, PartialEq)]
//! struct Weather { station: String, time: i64, temp: i32 }
//!
//! let options = WriterOptions::new().codec(Codec::Null).block_size(4096);
//! let mut w = Writer::<Weather, _>::with_options(Vec::new(), options)?;
//! for i in 0..1000 {
//!     w.append(&Weather { station: "011990-99999".into(), time: i, temp: 22 })?;
//! }
//! let file = w.finish()?;
//!
//! let n = Reader::<Weather, _>::new(&file[..])?.filter(|w| w.is_ok()).count();
//! assert_eq!(n, 1000);
//! # Ok::<(), avrox::Error>(())
//! ```

#[cfg(feature = "tokio")]
mod async_io;
#[cfg(feature = "tokio")]
mod async_reader;
#[cfg(feature = "tokio")]
mod async_writer;
mod block;
mod buffer;
mod codec;
mod encoder;
mod header;
mod incomplete;
#[cfg(feature = "object_store")]
mod object_reader;
mod parse;
mod read_options;
mod reader;
mod writer;

#[cfg(feature = "tokio")]
pub use async_reader::AsyncReader;
#[cfg(feature = "tokio")]
pub use async_writer::AsyncWriter;
pub use block::RawBlock;
pub use codec::Codec;
pub use header::{Header, MAGIC};
pub use incomplete::cut_incomplete_block;
#[cfg(feature = "object_store")]
pub use object_reader::ObjectReader;
pub use read_options::{ReaderOptions, Skipped};
pub use reader::{BlockReader, Reader};
pub use writer::{Writer, WriterOptions};
