//! Sequences (arrays, or `bytes` for `u8`) and string-keyed maps.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::{BuildHasher, Hash};
use std::rc::Rc;
use std::sync::Arc;

use super::{AvroSchema, Decode, Encode, FromValue, ToValue, unwrap_union};
use crate::binary::{self, SliceReader};
use crate::error::{Error, Result};
use crate::resolve::{Plan, Step, StepId};
use crate::schema::{Node, NodeId, SchemaBuilder, Type};
use crate::value::Value;

impl<T: AvroSchema> AvroSchema for Vec<T> {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        T::add_sequence_schema(b)
    }

    #[inline]
    fn check_constraints(&self) -> bool {
        self.iter().all(T::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::Collector) {
        collect_items(self.iter(), c);
    }
}

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

impl<T: AvroSchema> AvroSchema for VecDeque<T> {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        T::add_sequence_schema(b)
    }

    #[inline]
    fn check_constraints(&self) -> bool {
        self.iter().all(T::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::Collector) {
        collect_items(self.iter(), c);
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

impl<T: AvroSchema> AvroSchema for Box<[T]> {
    fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        T::add_sequence_schema(b)
    }

    #[inline]
    fn check_constraints(&self) -> bool {
        self.iter().all(T::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::Collector) {
        collect_items(self.iter(), c);
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

    #[inline]
    fn check_constraints(&self) -> bool {
        self.iter().all(T::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::Collector) {
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
pub trait MapKey: Sized {
    /// The key as a string, for encoding.
    fn as_key(&self) -> &str;
    /// A key from an owned string, for [`FromValue`].
    fn from_owned_key(key: String) -> Self;
}

/// A map key that can be read from input living for `'de`, borrowing from it
/// where the type can (`Cow<'de, str>`).
pub trait DecodeMapKey<'de>: MapKey {
    /// A key read from the input.
    fn from_key(key: &'de str) -> Self;
}

macro_rules! map_key {
    ($($t:ty => |$k:ident| $borrowed:expr, |$o:ident| $owned:expr;)*) => {$(
        impl MapKey for $t {
            fn as_key(&self) -> &str {
                self
            }
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
    fn from_owned_key(key: String) -> Self {
        Cow::Owned(key)
    }
}

impl<'de: 'a, 'a> DecodeMapKey<'de> for Cow<'a, str> {
    fn from_key(key: &'de str) -> Self {
        Cow::Borrowed(key)
    }
}

/// Collects the failures of each item, at its index.
fn collect_items<'a, T: AvroSchema + 'a>(
    items: impl Iterator<Item = &'a T>,
    c: &mut crate::validate::Collector,
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

/// Reads every block, handing each entry to `insert`.
fn decode_map<'de, K: DecodeMapKey<'de>, V: Decode<'de>>(
    r: &mut SliceReader<'de>,
    mut insert: impl FnMut(K, V),
) -> Result<()> {
    r.enter()?;
    let mut total = 0;
    loop {
        // An entry is at least a key length and a value.
        let count = r.read_block_len(1 + V::MIN_ENCODED_SIZE)?;
        if count == 0 {
            break;
        }
        total = r.add_collection_items(total, count)?;
        r.charge_allocation(count.saturating_mul(std::mem::size_of::<(K, V)>().max(16)))?;
        for _ in 0..count {
            let key = r.read_str()?;
            if std::mem::size_of::<K>() > 0 {
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
    let min = 1 + plan.writer().min_size(writer_values);
    let mut total = 0;
    loop {
        let count = r.read_block_len(min)?;
        if count == 0 {
            break;
        }
        total = r.add_collection_items(total, count)?;
        r.charge_allocation(count.saturating_mul(std::mem::size_of::<(K, V)>().max(16)))?;
        for _ in 0..count {
            let key = r.read_str()?;
            if std::mem::size_of::<K>() > 0 {
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

    #[inline]
    fn check_constraints(&self) -> bool {
        self.values().all(V::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::Collector) {
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
    K: MapKey + Eq + Hash,
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

    #[inline]
    fn check_constraints(&self) -> bool {
        self.values().all(V::check_constraints)
    }

    fn collect_failures(&self, c: &mut crate::validate::Collector) {
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

impl<K: MapKey + Ord, V: FromValue> FromValue for BTreeMap<K, V> {
    fn from_value(value: Value) -> Result<Self> {
        Ok(map_values_from::<V>(value)?
            .into_iter()
            .map(|(k, v)| (K::from_owned_key(k), v))
            .collect())
    }
}
