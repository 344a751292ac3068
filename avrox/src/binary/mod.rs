//! The wire primitives of Avro's binary encoding: zig-zag varints, floats,
//! length-prefixed bytes and strings, fixed, and array and map blocks.
//!
//! [`SliceReader`] reads from a slice and lends out borrowed data; the
//! `write_*` functions append to a `Vec<u8>`. Everything else in avrox
//! (generic values, derived types, container files) is built on these.
//!
//! ```
//! use avrox::binary::{self, SliceReader};
//!
//! let mut out = Vec::new();
//! binary::write_long(&mut out, 64);
//! binary::write_str(&mut out, "é");
//! assert_eq!(out, [0x80, 0x01, 0x04, 0xc3, 0xa9]);
//!
//! let mut r = SliceReader::new(&out);
//! assert_eq!(r.read_long().unwrap(), 64);
//! assert_eq!(r.read_str().unwrap(), "é");
//! ```

mod limits;
mod reader;
mod room;
mod writer;

pub use limits::Limits;
pub use reader::SliceReader;
pub(crate) use reader::expect_end;
pub(crate) use room::MIN_ITEM_CHARGE;
pub use writer::{
    write_block_end, write_block_len, write_bool, write_bytes, write_double, write_fixed,
    write_float, write_int, write_long, write_str,
};
