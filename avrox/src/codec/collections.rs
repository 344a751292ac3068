//! Sequences (arrays, or `bytes` for `u8`) and string-keyed maps.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{BuildHasher, Hash};
use std::rc::Rc;
use std::sync::Arc;

use super::{AvroSchema, Decode, Encode, FromValue, ToValue, unwrap_union};
use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::resolve::plan::{Plan, Step, StepId};
use crate::schema::{Node, NodeId, SchemaBuilder, Type};
use crate::value::Value;

/// The schema and constraint checks of the sequence types: an array of
/// `T` (or `bytes` for `u8`), whose items are checked in turn.
macro_rules! sequence_schema {
    ($($seq:ty),*) => {$(
        impl<T: AvroSchema> AvroSchema for $seq {
            fn add_schema(b: &mut SchemaBuilder) -> NodeId {
                T::add_sequence_schema(b)
            }

            const CONSTRAINED: bool = T::CONSTRAINED;

            #[inline]
            fn check_constraints(&self) -> bool {
                !T::CONSTRAINED || self.iter().all(T::check_constraints)
            }

            fn collect_failures(&self, c: &mut crate::validate::collector::Collector) {
                collect_items(self.iter(), c);
            }
        }
    )*};
}

sequence_schema!(Vec<T>, VecDeque<T>, Box<[T]>);

impl<T: Encode> Encode for Vec<T> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        T::encode_sequence([self, &[]], out)
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Vec<T> {
    const MIN_ENCODED_SIZE: usize = 1;

    #[inline]
    fn decode(r: &mut SliceReader<'de>) -> Result<Vec<T>> {
        T::decode_sequence(r)
    }

    fn decode_resolved(r: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<Vec<T>> {
        T::decode_sequence_resolved(r, plan, step)
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        T::sequence_to_value([self, &[]])
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(value: Value) -> Result<Vec<T>> {
        T::sequence_from_value(unwrap_union(value))
    }
}

impl<T: Encode> Encode for VecDeque<T> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        let (front, back) = self.as_slices();
        T::encode_sequence([front, back], out)
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for VecDeque<T> {
    const MIN_ENCODED_SIZE: usize = 1;

    fn decode(r: &mut SliceReader<'de>) -> Result<VecDeque<T>> {
        T::decode_sequence(r).map(VecDeque::from)
    }

    fn decode_resolved(r: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<VecDeque<T>> {
        T::decode_sequence_resolved(r, plan, step).map(VecDeque::from)
    }
}

impl<T: ToValue> ToValue for VecDeque<T> {
    fn to_value(&self) -> Value {
        let (front, back) = self.as_slices();
        T::sequence_to_value([front, back])
    }
}

impl<T: FromValue> FromValue for VecDeque<T> {
    fn from_value(value: Value) -> Result<VecDeque<T>> {
        T::sequence_from_value(unwrap_union(value)).map(VecDeque::from)
    }
}

impl<T: Encode> Encode for Box<[T]> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        T::encode_sequence([self, &[]], out)
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Box<[T]> {
    const MIN_ENCODED_SIZE: usize = 1;

    fn decode(r: &mut SliceReader<'de>) -> Result<Box<[T]>> {
        T::decode_sequence(r).map(Vec::into_boxed_slice)
    }

    fn decode_resolved(r: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<Box<[T]>> {
        T::decode_sequence_resolved(r, plan, step).map(Vec::into_boxed_slice)
    }
}

impl<T: ToValue> ToValue for Box<[T]> {
    fn to_value(&self) -> Value {
        T::sequence_to_value([self, &[]])
    }
}

impl<T: FromValue> FromValue for Box<[T]> {
    fn from_value(value: Value) -> Result<Box<[T]>> {
        T::sequence_from_value(unwrap_union(value)).map(Vec::into_boxed_slice)
    }
}

impl<T: AvroSchema, const N: usize> AvroSchema for [T; N] {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        T::add_array_schema::<N>(b)
    }

    const CONSTRAINED: bool = T::CONSTRAINED;

    #[inline]
    fn check_constraints(&self) -> bool {
        !T::CONSTRAINED || self.iter().all(T::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::collector::Collector) {
        collect_items(self.iter(), c);
    }
}

impl<T: Encode, const N: usize> Encode for [T; N] {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        T::encode_array(self, out)
    }
}

impl<'de, T: Decode<'de>, const N: usize> Decode<'de> for [T; N] {
    // An array takes at least its end marker, a fixed of N bytes N: at least
    // one byte, unless N is 0 (a fixed of no bytes).
    const MIN_ENCODED_SIZE: usize = if N == 0 { 0 } else { 1 };

    #[inline]
    fn decode(r: &mut SliceReader<'de>) -> Result<[T; N]> {
        T::decode_array::<N>(r)
    }

    fn decode_resolved(r: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<[T; N]> {
        T::decode_array_resolved::<N>(r, plan, step)
    }
}

impl<T: ToValue, const N: usize> ToValue for [T; N] {
    fn to_value(&self) -> Value {
        T::array_to_value(self)
    }
}

impl<T: FromValue, const N: usize> FromValue for [T; N] {
    fn from_value(value: Value) -> Result<[T; N]> {
        T::array_from_value::<N>(unwrap_union(value))
    }
}

/// A type that can be the key of an Avro map: Avro map keys are strings.
///
/// `String`, `&str`, `Cow<str>`, `Box<str>`, `Arc<str>` and `Rc<str>`
/// are keys. A newtype of a string is one too when it implements this
/// trait, [`OwnedMapKey`] (to be made from a [`Value`]'s key) and
/// [`DecodeMapKey`] (to be decoded):
///
/// ```
/// use std::collections::BTreeMap;
/// use avrox::codec::{DecodeMapKey, MapKey, OwnedMapKey};
///
/// #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
/// struct UserId(String);
///
/// impl MapKey for UserId {
///     fn as_key(&self) -> &str { &self.0 }
/// }
/// impl OwnedMapKey for UserId {
///     fn from_owned_key(key: String) -> UserId { UserId(key) }
/// }
/// impl<'de> DecodeMapKey<'de> for UserId {
///     fn from_key(key: &'de str) -> UserId { UserId(key.to_string()) }
/// }
///
/// #[derive(avrox::Avro, Debug, PartialEq)]
/// struct Scores { by_user: BTreeMap<UserId, i64> }
///
/// let scores = Scores { by_user: BTreeMap::from([(UserId("ada".into()), 3)]) };
/// let bytes = avrox::to_vec(&scores)?;
/// assert_eq!(avrox::from_slice::<Scores>(&bytes)?, scores);
/// assert_eq!(avrox::from_value::<Scores>(avrox::to_value(&scores))?, scores);
/// # Ok::<(), avrox::Error>(())
/// ```
pub trait MapKey {
    /// The key as a string, for encoding.
    fn as_key(&self) -> &str;
}

/// A map key that owns its string, so that it can be made from a
/// [`Value`]'s key ([`FromValue`]); `&str` cannot.
pub trait OwnedMapKey: MapKey + Sized {
    /// A key from an owned string.
    fn from_owned_key(key: String) -> Self;
}

/// A map key that can be read from input living for `'de`, borrowing from it
/// where the type can (`&'de str`, `Cow<'de, str>`).
pub trait DecodeMapKey<'de>: MapKey + Sized {
    /// Whether making the key allocates: borrowed keys are not charged to
    /// the reader's allocation limit.
    const ALLOCATES: bool = true;
    /// A key read from the input.
    fn from_key(key: &'de str) -> Self;
}

macro_rules! map_key {
    ($($t:ty => |$k:ident| $borrowed:expr, |$o:ident| $owned:expr;)*) => {$(
        impl MapKey for $t {
            fn as_key(&self) -> &str {
                self
            }
        }

        impl OwnedMapKey for $t {
            fn from_owned_key($o: String) -> Self {
                $owned
            }
        }

        impl DecodeMapKey<'_> for $t {
            fn from_key($k: &str) -> Self {
                $borrowed
            }
        }
    )*};
}

map_key! {
    String => |k| k.to_owned(), |k| k;
    Box<str> => |k| k.into(), |k| k.into_boxed_str();
    Arc<str> => |k| k.into(), |k| k.into();
    Rc<str> => |k| k.into(), |k| k.into();
}

impl MapKey for Cow<'_, str> {
    fn as_key(&self) -> &str {
        self
    }
}

impl OwnedMapKey for Cow<'_, str> {
    fn from_owned_key(key: String) -> Self {
        Cow::Owned(key)
    }
}

impl<'de: 'a, 'a> DecodeMapKey<'de> for Cow<'a, str> {
    const ALLOCATES: bool = false;
    fn from_key(key: &'de str) -> Self {
        Cow::Borrowed(key)
    }
}

impl MapKey for &str {
    fn as_key(&self) -> &str {
        self
    }
}

impl<'de: 'a, 'a> DecodeMapKey<'de> for &'a str {
    const ALLOCATES: bool = false;
    fn from_key(key: &'de str) -> Self {
        key
    }
}

/// Collects the failures of each item, at its index.
fn collect_items<'a, T: AvroSchema + 'a>(
    items: impl Iterator<Item = &'a T>,
    c: &mut crate::validate::collector::Collector,
) {
    for (i, item) in items.enumerate() {
        if !item.check_constraints() {
            c.enter_index(i);
            item.collect_failures(c);
            c.leave();
        }
    }
}

/// Writes the entries as one block, then the end marker.
fn encode_map<'a, K: MapKey + 'a, V: Encode + 'a>(
    len: usize,
    entries: impl Iterator<Item = (&'a K, &'a V)>,
    out: &mut Vec<u8>,
) -> Result<()> {
    if len > 0 {
        binary::write_block_len(out, len);
        for (k, v) in entries {
            binary::write_str(out, k.as_key());
            v.encode(out).map_err(|e| e.in_key(k.as_key()))?;
        }
    }
    binary::write_block_end(out);
    Ok(())
}

/// What a map's entry is charged. The map grows as it likes as entries
/// are inserted: a hash map holds up to 16/7 of its entries' slots (a
/// power of two, 7/8 full) and, while it grows, the old table beside the
/// new one (8/7 more); a B-tree's nodes are at least half full. Four
/// times the entry covers each, and [`MIN_ITEM_CHARGE`] entries of no
/// size.
///
/// [`MIN_ITEM_CHARGE`]: crate::binary::MIN_ITEM_CHARGE
fn map_entry_charge<K, V>() -> usize {
    (4 * std::mem::size_of::<(K, V)>()).max(crate::binary::MIN_ITEM_CHARGE)
}

/// Reads every block, handing each entry to `insert`.
fn decode_map<'de, K: DecodeMapKey<'de>, V: Decode<'de>>(
    r: &mut SliceReader<'de>,
    mut insert: impl FnMut(K, V),
) -> Result<()> {
    r.enter()?;
    let mut total = 0;
    loop {
        // An entry is at least a key length and a value.
        let count = r.read_block_len(V::MIN_ENCODED_SIZE.saturating_add(1))?;
        if count == 0 {
            break;
        }
        total = r.add_collection_items(total, count)?;
        r.charge_allocation(count.saturating_mul(map_entry_charge::<K, V>()))?;
        for _ in 0..count {
            let key = r.read_str()?;
            if K::ALLOCATES {
                r.charge_allocation(key.len())?;
            }
            let value = V::decode(r).map_err(|e| e.in_key(key))?;
            insert(K::from_key(key), value);
        }
    }
    r.leave();
    Ok(())
}

/// Reads every block of a map written with another schema, each value
/// through the plan's value step.
fn decode_map_resolved<'de, K: DecodeMapKey<'de>, V: Decode<'de>>(
    r: &mut SliceReader<'de>,
    plan: &Plan,
    step: StepId,
    mut insert: impl FnMut(K, V),
) -> Result<()> {
    let step = plan.through_unions(r, step)?;
    let (values, writer_values) = match plan.step(step) {
        Step::Same { .. } => return decode_map::<K, V>(r, insert),
        Step::Map {
            values,
            writer_values,
        } => (*values, *writer_values),
        _ => return Err(plan.unsupported(step, "a map")),
    };
    r.enter()?;
    let min = plan.writer().min_size(writer_values).saturating_add(1);
    let mut total = 0;
    loop {
        let count = r.read_block_len(min)?;
        if count == 0 {
            break;
        }
        total = r.add_collection_items(total, count)?;
        r.charge_allocation(count.saturating_mul(map_entry_charge::<K, V>()))?;
        for _ in 0..count {
            let key = r.read_str()?;
            if K::ALLOCATES {
                r.charge_allocation(key.len())?;
            }
            let value = V::decode_resolved(r, plan, values).map_err(|e| e.in_key(key))?;
            insert(K::from_key(key), value);
        }
    }
    r.leave();
    Ok(())
}

fn map_values_from<V: FromValue>(value: Value) -> Result<Vec<(String, V)>> {
    match unwrap_union(value) {
        Value::Map(entries) => entries
            .into_iter()
            .map(|(k, v)| {
                let v = V::from_value(v).map_err(|e| e.in_key(&k))?;
                Ok((k, v))
            })
            .collect(),
        other => Err(Error::mismatch("map", other.kind_name())),
    }
}

impl<K: MapKey, V: AvroSchema, S> AvroSchema for HashMap<K, V, S> {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        let values = V::add_schema(b);
        b.add(Node::new(Type::Map(values)))
    }

    const CONSTRAINED: bool = V::CONSTRAINED;

    #[inline]
    fn check_constraints(&self) -> bool {
        !V::CONSTRAINED || self.values().all(V::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::collector::Collector) {
        for (k, v) in self {
            c.enter_key(k.as_key());
            v.collect_failures(c);
            c.leave();
        }
    }
}

impl<K: MapKey, V: Encode, S> Encode for HashMap<K, V, S> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode_map(self.len(), self.iter(), out)
    }
}

impl<'de, K, V, S> Decode<'de> for HashMap<K, V, S>
where
    K: DecodeMapKey<'de> + Eq + Hash,
    V: Decode<'de>,
    S: BuildHasher + Default,
{
    const MIN_ENCODED_SIZE: usize = 1;

    fn decode(r: &mut SliceReader<'de>) -> Result<Self> {
        let mut map = HashMap::with_hasher(S::default());
        decode_map::<K, V>(r, |k, v| {
            map.insert(k, v);
        })?;
        Ok(map)
    }

    fn decode_resolved(r: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<Self> {
        let mut map = HashMap::with_hasher(S::default());
        decode_map_resolved::<K, V>(r, plan, step, |k, v| {
            map.insert(k, v);
        })?;
        Ok(map)
    }
}

impl<K: MapKey, V: ToValue, S> ToValue for HashMap<K, V, S> {
    fn to_value(&self) -> Value {
        Value::Map(
            self.iter()
                .map(|(k, v)| (k.as_key().to_owned(), v.to_value()))
                .collect(),
        )
    }
}

impl<K, V, S> FromValue for HashMap<K, V, S>
where
    K: OwnedMapKey + Eq + Hash,
    V: FromValue,
    S: BuildHasher + Default,
{
    fn from_value(value: Value) -> Result<Self> {
        Ok(map_values_from::<V>(value)?
            .into_iter()
            .map(|(k, v)| (K::from_owned_key(k), v))
            .collect())
    }
}

impl<K: MapKey, V: AvroSchema> AvroSchema for BTreeMap<K, V> {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        let values = V::add_schema(b);
        b.add(Node::new(Type::Map(values)))
    }

    const CONSTRAINED: bool = V::CONSTRAINED;

    #[inline]
    fn check_constraints(&self) -> bool {
        !V::CONSTRAINED || self.values().all(V::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::collector::Collector) {
        for (k, v) in self {
            c.enter_key(k.as_key());
            v.collect_failures(c);
            c.leave();
        }
    }
}

impl<K: MapKey, V: Encode> Encode for BTreeMap<K, V> {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode_map(self.len(), self.iter(), out)
    }
}

impl<'de, K: DecodeMapKey<'de> + Ord, V: Decode<'de>> Decode<'de> for BTreeMap<K, V> {
    const MIN_ENCODED_SIZE: usize = 1;

    fn decode(r: &mut SliceReader<'de>) -> Result<Self> {
        let mut map = BTreeMap::new();
        decode_map::<K, V>(r, |k, v| {
            map.insert(k, v);
        })?;
        Ok(map)
    }

    fn decode_resolved(r: &mut SliceReader<'de>, plan: &Plan, step: StepId) -> Result<Self> {
        let mut map = BTreeMap::new();
        decode_map_resolved::<K, V>(r, plan, step, |k, v| {
            map.insert(k, v);
        })?;
        Ok(map)
    }
}

impl<K: MapKey, V: ToValue> ToValue for BTreeMap<K, V> {
    fn to_value(&self) -> Value {
        Value::Map(
            self.iter()
                .map(|(k, v)| (k.as_key().to_owned(), v.to_value()))
                .collect(),
        )
    }
}

impl<K: OwnedMapKey + Ord, V: FromValue> FromValue for BTreeMap<K, V> {
    fn from_value(value: Value) -> Result<Self> {
        Ok(map_values_from::<V>(value)?
            .into_iter()
            .map(|(k, v)| (K::from_owned_key(k), v))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::Limits;
    use crate::error::ErrorKind;

    /// `{"a": 1, "bc": 2}` as one block, then the end marker.
    const TWO_ENTRIES: [u8; 9] = [0x04, 0x02, b'a', 0x02, 0x04, b'b', b'c', 0x04, 0x00];

    #[test]
    fn str_keys_borrow_from_the_input() {
        let map: HashMap<&str, i32> = crate::from_slice(&TWO_ENTRIES).unwrap();
        assert_eq!(map, HashMap::from([("a", 1), ("bc", 2)]));
        let key = *map.keys().find(|k| **k == "bc").unwrap();
        // The key points into the input, not into a copy.
        assert_eq!(key.as_ptr(), TWO_ENTRIES[5..].as_ptr());

        let map: BTreeMap<&str, i32> = crate::from_slice(&TWO_ENTRIES).unwrap();
        assert_eq!(map, BTreeMap::from([("a", 1), ("bc", 2)]));
        let map: BTreeMap<Cow<'_, str>, i32> = crate::from_slice(&TWO_ENTRIES).unwrap();
        assert!(map.keys().all(|k| matches!(k, Cow::Borrowed(_))));
    }

    #[test]
    fn str_keys_encode_as_owned_keys_do() {
        let borrowed = BTreeMap::from([("a", 1), ("bc", 2)]);
        assert_eq!(crate::to_vec(&borrowed).unwrap(), TWO_ENTRIES);
        let owned: BTreeMap<String, i32> = crate::from_slice(&TWO_ENTRIES).unwrap();
        assert_eq!(crate::to_vec(&owned).unwrap(), TWO_ENTRIES);
        assert_eq!(
            borrowed.to_value(),
            owned.to_value(),
            "the same generic value"
        );
        assert_eq!(
            crate::codec::schema_of::<HashMap<&str, i32>>(),
            crate::codec::schema_of::<HashMap<String, i32>>()
        );
    }

    #[test]
    fn borrowed_keys_reject_bad_input() {
        // Truncated anywhere: an error, never a panic.
        for end in 0..TWO_ENTRIES.len() {
            assert!(
                crate::from_slice::<HashMap<&str, i32>>(&TWO_ENTRIES[..end]).is_err(),
                "{end} bytes"
            );
        }
        // A key that is not UTF-8.
        let bad = [0x02, 0x02, 0xff, 0x02, 0x00];
        let err = crate::from_slice::<HashMap<&str, i32>>(&bad).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidUtf8 { .. }), "{err}");
        // A key length past the input.
        let long = [0x02, 0x7e, b'a', 0x02, 0x00];
        assert!(crate::from_slice::<BTreeMap<&str, i32>>(&long).is_err());
        // A count the input cannot hold is refused before any entry.
        let many = [0xfe, 0xff, 0xff, 0xff, 0x0f, 0x00];
        let err = crate::from_slice::<HashMap<&str, i32>>(&many).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::InvalidBlockCount { .. }),
            "{err}"
        );
    }

    #[test]
    fn only_owned_keys_are_charged_as_allocations() {
        // The map's slots (map_entry_charge), plus the key's bytes when
        // the key owns them.
        let limits = Limits::default().max_allocation(2 * map_entry_charge::<&str, i32>());
        let borrowed = crate::from_slice_with_limits::<BTreeMap<&str, i32>>(&TWO_ENTRIES, limits);
        assert!(borrowed.is_ok(), "{borrowed:?}");
        let slots = 2 * map_entry_charge::<String, i32>();
        let limits = Limits::default().max_allocation(slots + 2);
        let err = crate::from_slice_with_limits::<BTreeMap<String, i32>>(&TWO_ENTRIES, limits)
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::LimitExceeded { .. }),
            "{err}"
        );
        let limits = Limits::default().max_allocation(slots + 3);
        assert!(
            crate::from_slice_with_limits::<BTreeMap<String, i32>>(&TWO_ENTRIES, limits).is_ok()
        );
    }
}
