//! A [`Value`] of a schema as a serde deserializer: what
//! [`from_value`](super::from_value) reads, and how a resolution plan's
//! defaults (which are `Value`s) reach serde types. The mapping is the
//! binary deserializer's ([`de`](super::de)), with the shared decisions
//! from [`choice`](super::choice); a value is read as the bytes it
//! encodes to would be, with no bytes in between.
//!
//! Strings and bytes are handed over as copies (`visit_str`), so this
//! deserializer serves any `'de`: a default lives in the plan, not in the
//! input a reader borrows from.

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::choice::{self, VariantOf};
use super::de::ByteSeq;
use crate::binary::SliceReader;
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{NodeId, Record, Schema, Type, Union};
use crate::value::{Value, encode};

/// The value `value` of node `node`.
pub(crate) struct ValueDe<'v, 's> {
    schema: &'s Schema,
    node: NodeId,
    value: &'v Value,
    /// When `node` is a union's branch already chosen (an `Option`'s
    /// `Some`): the union and the branch's index, which an enum inside
    /// matches its variants against.
    taken: Option<(NodeId, usize)>,
}

impl<'v, 's> ValueDe<'v, 's> {
    pub(crate) fn new(schema: &'s Schema, node: NodeId, value: &'v Value) -> Self {
        ValueDe {
            schema,
            node,
            value,
            taken: None,
        }
    }

    fn ty(&self) -> &'s Type {
        self.schema.node(self.node).ty()
    }

    fn mismatch(&self, wanted: &str) -> Error {
        Error::mismatch(wanted, self.schema.node(self.node).describe())
    }

    /// The index and value of the branch a value of union `node` is in:
    /// a `Value::Union`'s own, else the branch the encoder would write
    /// it as.
    fn union_branch(&self, union: &'s Union) -> Result<(usize, NodeId, &'v Value)> {
        let (index, value) = match self.value {
            Value::Union(index, inner) => (*index as usize, &**inner),
            value => match encode::union_branch(self.schema, union, value) {
                Some(index) => (index, value),
                None => return Err(self.mismatch_value()),
            },
        };
        match union.variants.get(index) {
            Some(&branch) => Ok((index, branch, value)),
            None => Err(Error::new(ErrorKind::UnionIndex {
                index: index as i64,
                branches: union.variants.len(),
            })),
        }
    }

    fn mismatch_value(&self) -> Error {
        Error::mismatch(
            self.schema.node(self.node).describe(),
            self.value.kind_name(),
        )
    }

    /// Moves into a union's branch; any other node stays.
    fn branch(&mut self) -> Result<&'s Type> {
        if let Type::Union(u) = self.ty() {
            let (_, branch, inner) = self.union_branch(u)?;
            self.node = branch;
            self.value = inner;
        }
        Ok(self.ty())
    }

    /// A value of a type without parts that is not held the way the
    /// schema's type is (a promotion, a logical value, a symbol as a
    /// string): its encoding under the node, read back as that type. The
    /// encoder's rules decide what each node accepts, once.
    fn scalar<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let mut bytes = Vec::new();
        encode::encode_node(self.schema, self.node, self.value, &mut bytes)?;
        let mut r = SliceReader::new(&bytes);
        match self.ty() {
            Type::Null => visitor.visit_unit(),
            Type::Boolean => visitor.visit_bool(r.read_bool()?),
            Type::Int => visitor.visit_i32(r.read_int()?),
            Type::Long => visitor.visit_i64(r.read_long()?),
            Type::Float => visitor.visit_f32(r.read_float()?),
            Type::Double => visitor.visit_f64(r.read_double()?),
            Type::Bytes => visitor.visit_bytes(r.read_bytes()?),
            Type::String => visitor.visit_str(r.read_str()?),
            Type::Fixed(f) => visitor.visit_bytes(r.read_fixed(f.size)?),
            Type::Enum(e) => visitor.visit_str(r.read_symbol(&e.symbols)?.1),
            Type::Record(_) | Type::Array(_) | Type::Map(_) | Type::Union(_) => {
                Err(self.mismatch_value())
            }
        }
    }

    /// The bytes of a `bytes` or `fixed` value, for a sequence of `u8`.
    fn bytes(&self) -> Result<std::borrow::Cow<'v, [u8]>> {
        match self.value {
            Value::Bytes(b) | Value::Fixed(b) => Ok(b.as_slice().into()),
            _ => {
                let mut bytes = Vec::new();
                encode::encode_node(self.schema, self.node, self.value, &mut bytes)?;
                let mut r = SliceReader::new(&bytes);
                let inner = match self.ty() {
                    Type::Fixed(f) => r.read_fixed(f.size)?,
                    _ => r.read_bytes()?,
                };
                Ok(inner.to_vec().into())
            }
        }
    }

    /// The symbol of an enum's value, or a string's text, naming a unit
    /// variant.
    fn symbol(&self) -> Result<&'v str> {
        match (self.ty(), self.value) {
            (Type::Enum(e), Value::Enum(_, s) | Value::String(s)) => match e.symbol_index(s) {
                Some(_) => Ok(s),
                None => Err(Error::invalid(format!(
                    "'{s}' is not a symbol of enum '{}'",
                    e.name
                ))),
            },
            (Type::String, Value::String(s)) => Ok(s),
            _ => Err(self.mismatch_value()),
        }
    }
}

impl<'de> de::Deserializer<'de> for ValueDe<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        match (self.branch()?, self.value) {
            (Type::Null, Value::Null) => visitor.visit_unit(),
            (Type::Boolean, Value::Boolean(b)) => visitor.visit_bool(*b),
            (Type::Int, Value::Int(v)) => visitor.visit_i32(*v),
            (Type::Long, Value::Long(v)) => visitor.visit_i64(*v),
            (Type::Float, Value::Float(v)) => visitor.visit_f32(*v),
            (Type::Double, Value::Double(v)) => visitor.visit_f64(*v),
            (Type::Bytes, Value::Bytes(b)) => visitor.visit_bytes(b),
            (Type::String, Value::String(s)) => visitor.visit_str(s),
            (Type::Fixed(f), Value::Fixed(b)) if b.len() == f.size => visitor.visit_bytes(b),
            (Type::Record(record), Value::Record(fields)) => {
                let mut access = Fields::new(self.schema, record, fields);
                let value = visitor.visit_map(&mut access)?;
                access.rest()?;
                Ok(value)
            }
            (Type::Array(items), Value::Array(values)) => {
                visitor.visit_seq(Items::new(self.schema, *items, values))
            }
            (Type::Map(values), Value::Map(entries)) => visitor.visit_map(Entries {
                schema: self.schema,
                values: *values,
                entries: entries.iter(),
                value: None,
            }),
            _ => self.scalar(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ty() {
            Type::Union(u) => {
                let (index, branch, inner) = self.union_branch(u)?;
                if matches!(self.schema.node(branch).ty(), Type::Null) {
                    visitor.visit_none()
                } else {
                    visitor.visit_some(ValueDe {
                        schema: self.schema,
                        node: branch,
                        value: inner,
                        taken: Some((self.node, index)),
                    })
                }
            }
            Type::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        mut self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let (union, index) = match self.taken.take() {
            Some(taken) => taken,
            None => match self.ty() {
                Type::Union(u) => {
                    let (index, branch, inner) = self.union_branch(u)?;
                    let union = self.node;
                    self.node = branch;
                    self.value = inner;
                    (union, index)
                }
                Type::Enum(_) | Type::String => {
                    return visitor.visit_enum(StrDeserializer::<Error>::new(self.symbol()?));
                }
                _ => return Err(self.mismatch(choice::ENUM_SOURCES)),
            },
        };
        let Type::Union(u) = self.schema.node(union).ty() else {
            return Err(self.mismatch("a union"));
        };
        match choice::variant_of(self.schema, &u.variants, index, variants) {
            VariantOf::Named(name) | VariantOf::Paired(name) => {
                visitor.visit_enum(Variant { de: self, name })
            }
            VariantOf::Symbol => visitor.visit_enum(StrDeserializer::<Error>::new(self.symbol()?)),
            VariantOf::Text(paired) => {
                let text = self.symbol()?;
                match choice::text_variant(text, paired, variants) {
                    Some(name) => visitor.visit_enum(Variant { de: self, name }),
                    None => visitor.visit_enum(StrDeserializer::<Error>::new(text)),
                }
            }
            VariantOf::Unmatched => Err(choice::unmatched(
                variants,
                self.schema.node(self.node).describe(),
            )),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        match self.branch()? {
            Type::Bytes | Type::Fixed(_) => visitor.visit_seq(ByteSeq(self.bytes()?.iter())),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(mut self, len: usize, visitor: V) -> Result<V::Value> {
        match (self.branch()?, self.value) {
            (Type::Array(_), Value::Array(items)) if items.len() > len => Err(Error::invalid(
                format!("an array of more than {len} items read as a tuple of {len}"),
            )),
            (Type::Bytes | Type::Fixed(_), _) => {
                let bytes = self.bytes()?;
                if bytes.len() != len {
                    return Err(Error::invalid(format!(
                        "{} bytes read as a tuple of {len}",
                        bytes.len()
                    )));
                }
                visitor.visit_seq(ByteSeq(bytes.iter()))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        mut self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match (self.branch()?, self.value) {
            (Type::Record(record), Value::Record(values))
                if choice::has_struct_fields(record, fields) =>
            {
                let mut access = Fields::new(self.schema, record, values);
                let value = visitor.visit_seq(&mut access)?;
                access.rest()?;
                Ok(value)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct map identifier
    }
}

/// A record value's fields in the schema's order, found by name when the
/// value holds them in another.
struct Fields<'v, 's> {
    schema: &'s Schema,
    record: &'s Record,
    values: &'v [(String, Value)],
    next: usize,
}

impl<'v, 's> Fields<'v, 's> {
    fn new(schema: &'s Schema, record: &'s Record, values: &'v [(String, Value)]) -> Self {
        Fields {
            schema,
            record,
            values,
            next: 0,
        }
    }

    /// The next field's value, as a deserializer of its type.
    fn take(&mut self) -> Result<Option<(&'s str, ValueDe<'v, 's>)>> {
        let Some(field) = self.record.fields.get(self.next) else {
            return Ok(None);
        };
        let found = match self.values.get(self.next) {
            Some((name, v)) if *name == field.name => Some(v),
            _ => self
                .values
                .iter()
                .find(|(n, _)| *n == field.name)
                .map(|(_, v)| v),
        };
        let Some(value) = found else {
            return Err(Error::new(ErrorKind::MissingField(field.name.clone())));
        };
        self.next += 1;
        Ok(Some((
            &field.name,
            ValueDe::new(self.schema, field.schema, value),
        )))
    }

    /// Checks the fields a visitor did not ask for: each must be there,
    /// and no other, as when the value is encoded.
    fn rest(&mut self) -> Result<()> {
        while self.take()?.is_some() {}
        if self.values.len() != self.record.fields.len()
            && let Some((unknown, _)) = self
                .values
                .iter()
                .find(|(n, _)| self.record.field(n).is_none())
        {
            return Err(Error::invalid(format!(
                "record '{}' has no field '{unknown}'",
                self.record.name
            )));
        }
        Ok(())
    }
}

impl<'de> MapAccess<'de> for Fields<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.record.fields.get(self.next) {
            Some(field) => seed
                .deserialize(StrDeserializer::<Error>::new(&field.name))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.take()? {
            Some((name, de)) => seed.deserialize(de).map_err(|e| e.in_field(name)),
            None => Err(Error::invalid(
                "a record value asked for after its last field",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.record.fields.len() - self.next)
    }
}

impl<'de> SeqAccess<'de> for Fields<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.take()? {
            Some((name, de)) => seed.deserialize(de).map(Some).map_err(|e| e.in_field(name)),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.record.fields.len() - self.next)
    }
}

/// An array value's items.
struct Items<'v, 's> {
    schema: &'s Schema,
    items: NodeId,
    values: std::iter::Enumerate<crate::value::array::Iter<'v>>,
}

impl<'v, 's> Items<'v, 's> {
    fn new(schema: &'s Schema, items: NodeId, values: &'v crate::value::Array) -> Self {
        Items {
            schema,
            items,
            values: values.iter().enumerate(),
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some((index, value)) = self.values.next() else {
            return Ok(None);
        };
        seed.deserialize(ValueDe::new(self.schema, self.items, value))
            .map(Some)
            .map_err(|e| e.in_index(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.values.len())
    }
}

/// A map value's entries.
struct Entries<'v, 's> {
    schema: &'s Schema,
    values: NodeId,
    entries: indexmap::map::Iter<'v, String, Value>,
    /// The value of the key just handed out.
    value: Option<(&'v str, &'v Value)>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        seed.deserialize(StrDeserializer::<Error>::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let Some((key, value)) = self.value.take() else {
            return Err(Error::invalid("a map value asked for before its key"));
        };
        seed.deserialize(ValueDe::new(self.schema, self.values, value))
            .map_err(|e| e.in_key(key))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A union's branch as the variant of a Rust enum named like it.
struct Variant<'v, 's> {
    de: ValueDe<'v, 's>,
    name: &'static str,
}

impl<'de, 'v, 's> EnumAccess<'de> for Variant<'v, 's> {
    type Error = Error;
    type Variant = ValueDe<'v, 's>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant)> {
        let value = seed.deserialize(StrDeserializer::<Error>::new(self.name))?;
        Ok((value, self.de))
    }
}

impl<'de> VariantAccess<'de> for ValueDe<'_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        if choice::is_unit_branch(self.ty()) {
            Ok(())
        } else {
            Err(self.mismatch(choice::UNIT_BRANCH))
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}
