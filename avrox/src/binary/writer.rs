//! Writing the binary encoding into a buffer.
//!
//! Free functions over `&mut Vec<u8>`, so that any code, generated or
//! written by hand, appends straight to the output it already holds.

/// Appends a zig-zag varint `long`.
#[inline]
pub fn write_long(out: &mut Vec<u8>, value: i64) {
    write_varint(out, ((value << 1) ^ (value >> 63)) as u64);
}

/// Appends a zig-zag varint `int` (the same encoding as a long).
#[inline]
pub fn write_int(out: &mut Vec<u8>, value: i32) {
    write_long(out, i64::from(value));
}

/// Appends an unsigned LEB128 varint: the encoding under the zig-zag.
///
/// Each turn of the loop shifts 7 of v's 64 bits out, so at most 9 turns
/// run before v < 0x80: `i` stays below 10, the length of `buf`.
#[inline(always)]
#[allow(clippy::indexing_slicing)]
fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    if v < 0x80 {
        out.push(v as u8);
        return;
    }
    let mut buf = [0u8; 10];
    let mut i = 0;
    while v >= 0x80 {
        buf[i] = (v as u8) | 0x80;
        v >>= 7;
        i += 1;
    }
    buf[i] = v as u8;
    out.extend_from_slice(&buf[..=i]);
}

/// Appends a boolean: one byte, 0 or 1.
#[inline]
pub fn write_bool(out: &mut Vec<u8>, value: bool) {
    out.push(u8::from(value));
}

/// Appends a float: its IEEE 754 bits, little-endian (NaN payloads kept).
#[inline]
pub fn write_float(out: &mut Vec<u8>, value: f32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// Appends a double: its IEEE 754 bits, little-endian (NaN payloads kept).
#[inline]
pub fn write_double(out: &mut Vec<u8>, value: f64) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// Appends `bytes`: the length as a long, then the bytes.
#[inline]
pub fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_long(out, bytes.len() as i64);
    out.extend_from_slice(bytes);
}

/// Appends a string: its UTF-8 length as a long, then the UTF-8 bytes.
#[inline]
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    write_bytes(out, s.as_bytes());
}

/// Appends a fixed: the bytes alone, with no length.
#[inline]
pub fn write_fixed(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(bytes);
}

/// Appends the header of an array or map block of `count` items.
///
/// avrox writes each non-empty array or map as one block with a positive
/// count (no byte size), followed by the end marker that
/// [`write_block_end`] writes: the form every Avro reader accepts.
#[inline]
pub fn write_block_len(out: &mut Vec<u8>, count: usize) {
    write_long(out, count as i64);
}

/// Appends the zero count that ends an array or map.
#[inline]
pub fn write_block_end(out: &mut Vec<u8>) {
    out.push(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_varints() {
        for (value, bytes) in [
            (0i64, &[0x00][..]),
            (-1, &[0x01]),
            (1, &[0x02]),
            (-2, &[0x03]),
            (2, &[0x04]),
            (-64, &[0x7f]),
            (64, &[0x80, 0x01]),
            (
                i64::MAX,
                &[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
            ),
            (
                i64::MIN,
                &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
            ),
        ] {
            let mut out = Vec::new();
            write_long(&mut out, value);
            assert_eq!(out, bytes, "{value}");
        }
    }

    #[test]
    fn spec_string() {
        let mut out = Vec::new();
        write_str(&mut out, "foo");
        assert_eq!(out, [0x06, 0x66, 0x6f, 0x6f]);
    }
}
