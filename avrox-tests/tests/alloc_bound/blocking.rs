//! The same items cost the same whatever blocks they come in: the least
//! allocation limit that takes an array in one block takes it in blocks
//! of 1, 100 or 4096, through the derived, `Value` and serde decoders.
//! (Growing a vector in many blocks was once charged its spare room and
//! its old buffer besides its items, up to three times as much.)

use avrox::binary::Limits;
use avrox::{Avro, AvroSchema, Schema, Value};
use serde::Deserialize;

const ITEMS: usize = 10_000;

#[derive(Avro, Deserialize, Debug)]
#[allow(dead_code)]
struct Pair {
    a: i64,
    b: i64,
}

#[derive(Avro, Deserialize, Debug)]
#[allow(dead_code)]
struct Pairs {
    items: Vec<Pair>,
}

fn zigzag(n: i64, out: &mut Vec<u8>) {
    let mut z = ((n << 1) ^ (n >> 63)) as u64;
    while z >= 0x80 {
        out.push((z as u8) | 0x80);
        z >>= 7;
    }
    out.push(z as u8);
}

/// An array of `items` items (each written by `item`) in blocks of
/// `block`.
fn blocked(items: usize, block: usize, item: impl Fn(usize, &mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::new();
    let mut written = 0;
    while written < items {
        let count = block.min(items - written);
        zigzag(count as i64, &mut out);
        for i in written..written + count {
            item(i, &mut out);
        }
        written += count;
    }
    out.push(0);
    out
}

fn pairs(items: usize, block: usize) -> Vec<u8> {
    blocked(items, block, |i, out| {
        zigzag(i as i64, out);
        zigzag(-(i as i64), out);
    })
}

/// The least allocation limit under which `decode` takes `bytes`.
fn least_limit(bytes: &[u8], decode: impl Fn(&[u8], Limits) -> bool) -> usize {
    let (mut refused, mut taken) = (0, 64 << 20);
    assert!(decode(bytes, Limits::default().max_allocation(taken)));
    while taken - refused > 1 {
        let mid = refused + (taken - refused) / 2;
        if decode(bytes, Limits::default().max_allocation(mid)) {
            taken = mid;
        } else {
            refused = mid;
        }
    }
    taken
}

/// The least limit that takes the items in one block takes them in blocks
/// of any size, and one byte less refuses them.
fn check_blocking(
    what: &str,
    encode: impl Fn(usize) -> Vec<u8>,
    decode: impl Fn(&[u8], Limits) -> bool,
) {
    let least = least_limit(&encode(ITEMS), &decode);
    for block in [1, 100, 4096] {
        let bytes = encode(block);
        assert!(
            decode(&bytes, Limits::default().max_allocation(least)),
            "{what}: blocks of {block} refused under {least}, which takes one block"
        );
        assert!(
            !decode(&bytes, Limits::default().max_allocation(least - 1)),
            "{what}: blocks of {block} taken under {}",
            least - 1
        );
    }
}

#[test]
fn derived_vectors_cost_the_same_in_any_blocks() {
    check_blocking(
        "derived",
        |block| pairs(ITEMS, block),
        |bytes, limits| avrox::from_slice_with_limits::<Pairs>(bytes, limits).is_ok(),
    );
}

#[test]
fn value_arrays_cost_the_same_in_any_blocks() {
    let schema = Schema::parse(r#"{"type":"array","items":"long"}"#).unwrap();
    check_blocking(
        "Value",
        |block| blocked(ITEMS, block, |i, out| zigzag(i as i64, out)),
        |bytes, limits| Value::decode_with_limits(bytes, &schema, limits).is_ok(),
    );
}

#[test]
fn serde_vectors_cost_the_same_in_any_blocks() {
    check_blocking(
        "serde",
        |block| pairs(ITEMS, block),
        |bytes, limits| {
            avrox::serde::from_slice_with_limits::<Pairs>(bytes, Pairs::schema(), limits).is_ok()
        },
    );
}

/// 9,000,000 items of 16 bytes (144 MB) fit the default 512 MiB through
/// serde, as through the derive: here at 1/64 the scale, 140,625 items
/// under 8 MiB. (Serde's vectors were once charged four times their
/// items, which capped them at 8,388,608 such items.)
#[test]
fn serde_vectors_of_nine_million_pairs_fit_the_default_limit() {
    const SCALE: usize = 64;
    let items = 9_000_000 / SCALE;
    let limits = Limits::default().max_allocation(Limits::DEFAULT_MAX_ALLOCATION / SCALE);
    for block in [items, 4096] {
        let bytes = pairs(items, block);
        let decoded =
            avrox::serde::from_slice_with_limits::<Pairs>(&bytes, Pairs::schema(), limits)
                .unwrap_or_else(|e| panic!("blocks of {block}: {e}"));
        assert_eq!(decoded.items.len(), items);
        let derived = avrox::from_slice_with_limits::<Pairs>(&bytes, limits).unwrap();
        assert_eq!(derived.items.len(), items);
    }
}
