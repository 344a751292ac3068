//! The deserializer: the schema says what comes next, serde's hints only
//! choose between the ways of handing it over.

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, U8Deserializer};
use serde::de::{
    self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::blocks::{Blocks, ReadItem};
use super::choice::{self, VariantOf};
use crate::binary::SliceReader;
use crate::error::{Error, Result};
use crate::schema::{NodeId, Record, Schema, Type};

/// The reader and the schema it reads with.
pub(crate) struct De<'de, 's> {
    pub(crate) schema: &'s Schema,
    pub(crate) r: SliceReader<'de>,
}

/// A deserializer of the value of node `node` that comes next.
pub(crate) struct At<'a, 'de, 's> {
    pub(crate) de: &'a mut De<'de, 's>,
    pub(crate) node: NodeId,
    /// When `node` is a union's branch whose index is read already (an
    /// `Option`'s, to tell `None` from `Some`): the union, else
    /// [`NO_UNION`]. An enum inside the `Some` needs the whole union to
    /// match its variants' names; everything else reads the branch. (A
    /// sentinel rather than an `Option` keeps `At` two words, passed in
    /// registers.)
    pub(crate) taken: NodeId,
}

/// No union: `At::taken` of a node whose value is not yet begun.
pub(super) const NO_UNION: NodeId = NodeId(u32::MAX);

impl<'a, 'de, 's> At<'a, 'de, 's> {
    /// The value of `node`, nothing of it read yet.
    #[inline(always)]
    pub(crate) fn new(de: &'a mut De<'de, 's>, node: NodeId) -> Self {
        At {
            de,
            node,
            taken: NO_UNION,
        }
    }

    fn ty(&self) -> &'s Type {
        self.de.schema.node(self.node).ty()
    }

    /// Reads a union's branch index, moving to that branch; any other
    /// node stays.
    #[inline(always)]
    fn branch(&mut self) -> Result<&'s Type> {
        match self.ty() {
            Type::Union(u) => self.take_branch(&u.variants),
            ty => Ok(ty),
        }
    }

    fn take_branch(&mut self, variants: &'s [NodeId]) -> Result<&'s Type> {
        let (_, &branch) = self.de.r.read_branch(variants)?;
        self.node = branch;
        Ok(self.ty())
    }

    /// An array's items through `visitor`; for a tuple of `exact` items,
    /// an array of another length is an error.
    fn array<V: Visitor<'de>>(
        self,
        items: NodeId,
        visitor: V,
        exact: Option<usize>,
    ) -> Result<V::Value> {
        self.de.r.enter()?;
        let min = self.de.schema.min_size(items);
        let mut access = Blocks::new(
            NodeItems {
                de: &mut *self.de,
                node: items,
            },
            min,
        );
        let value = visitor.visit_seq(&mut access)?;
        match exact {
            Some(len) if access.more()? => {
                return Err(Error::invalid(format!(
                    "an array of more than {len} items read as a tuple of {len}"
                ))
                .at(access.items.de.r.position()));
            }
            _ => drain_seq(&mut access)?,
        }
        self.de.r.leave();
        Ok(value)
    }

    /// An enum read from a node that is no union: an Avro enum's symbol
    /// or a string, naming a unit variant.
    fn enum_of_branch<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ty() {
            Type::Enum(e) => {
                let (_, symbol) = self.de.r.read_symbol(&e.symbols)?;
                visitor.visit_enum(StrDeserializer::<Error>::new(symbol))
            }
            Type::String => {
                let symbol = self.de.r.read_str()?;
                visitor.visit_enum(BorrowedStrDeserializer::<Error>::new(symbol))
            }
            _ => Err(self.mismatch(choice::ENUM_SOURCES)),
        }
    }

    fn mismatch(&self, wanted: &str) -> Error {
        Error::mismatch(wanted, self.de.schema.node(self.node).describe()).at(self.de.r.position())
    }
}

/// Reads what is left of an array, map or record a visitor stopped short
/// of, so that the reader stays on the next value.
pub(super) fn drain_seq<'de, A: SeqAccess<'de>>(
    access: &mut A,
) -> std::result::Result<(), A::Error> {
    while access.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

pub(super) fn drain_map<'de, A: MapAccess<'de>>(
    access: &mut A,
) -> std::result::Result<(), A::Error> {
    while access.next_key::<IgnoredAny>()?.is_some() {
        access.next_value::<IgnoredAny>()?;
    }
    Ok(())
}

impl<'de> de::Deserializer<'de> for At<'_, 'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        match self.branch()? {
            Type::Null => visitor.visit_unit(),
            Type::Boolean => visitor.visit_bool(self.de.r.read_bool()?),
            Type::Int => visitor.visit_i32(self.de.r.read_int()?),
            Type::Long => visitor.visit_i64(self.de.r.read_long()?),
            Type::Float => visitor.visit_f32(self.de.r.read_float()?),
            Type::Double => visitor.visit_f64(self.de.r.read_double()?),
            Type::Bytes => visitor.visit_borrowed_bytes(self.de.r.read_bytes()?),
            Type::String => visitor.visit_borrowed_str(self.de.r.read_str()?),
            Type::Fixed(f) => visitor.visit_borrowed_bytes(self.de.r.read_fixed(f.size)?),
            Type::Enum(e) => visitor.visit_str(self.de.r.read_symbol(&e.symbols)?.1),
            Type::Record(record) => {
                self.de.r.enter()?;
                let mut access = Fields {
                    de: &mut *self.de,
                    record,
                    next: 0,
                };
                let value = visitor.visit_map(&mut access)?;
                drain_map(&mut access)?;
                self.de.r.leave();
                Ok(value)
            }
            Type::Array(items) => self.array(*items, visitor, None),
            Type::Map(values) => {
                self.de.r.enter()?;
                // A key takes at least its length byte.
                let min = self.de.schema.min_size(*values).saturating_add(1);
                let mut access = Blocks::new(
                    NodeItems {
                        de: &mut *self.de,
                        node: *values,
                    },
                    min,
                );
                let value = visitor.visit_map(&mut access)?;
                drain_map(&mut access)?;
                self.de.r.leave();
                Ok(value)
            }
            // A union's branch is never a union.
            Type::Union(_) => Err(self.mismatch("a value")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ty() {
            Type::Union(u) => {
                // The index is read once: the branch goes to the value's
                // deserializer with the union it came from (an enum
                // names its branch).
                let (_, &branch) = self.de.r.read_branch(&u.variants)?;
                if matches!(self.de.schema.node(branch).ty(), Type::Null) {
                    visitor.visit_none()
                } else {
                    visitor.visit_some(At {
                        de: self.de,
                        node: branch,
                        taken: self.node,
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
        let taken = std::mem::replace(&mut self.taken, NO_UNION);
        let (u, index) = match taken {
            // A union's branches are of distinct types, so the branch's
            // node is at one index only.
            union if union != NO_UNION => match self.de.schema.node(union).ty() {
                Type::Union(u) => match u.variants.iter().position(|&b| b == self.node) {
                    Some(index) => (u, index),
                    None => return Err(self.mismatch("a branch of its union")),
                },
                _ => return Err(self.mismatch("a union")),
            },
            _ => {
                let Type::Union(u) = self.ty() else {
                    return self.enum_of_branch(visitor);
                };
                let (index, &branch) = self.de.r.read_branch(&u.variants)?;
                self.node = branch;
                (u, index)
            }
        };
        match choice::variant_of(self.de.schema, &u.variants, index, variants) {
            VariantOf::Named(name) | VariantOf::Paired(name) => {
                visitor.visit_enum(Variant { at: self, name })
            }
            VariantOf::Symbol => {
                // `variant_of` says `Symbol` of an enum branch only.
                let Type::Enum(e) = self.ty() else {
                    return Err(self.mismatch("an enum"));
                };
                let (_, symbol) = self.de.r.read_symbol(&e.symbols)?;
                visitor.visit_enum(StrDeserializer::<Error>::new(symbol))
            }
            VariantOf::Text(paired) => {
                let mut peek = self.de.r.clone();
                let text = peek.read_str()?;
                match choice::text_variant(text, paired, variants) {
                    Some(name) => visitor.visit_enum(Variant { at: self, name }),
                    None => {
                        self.de.r = peek;
                        visitor.visit_enum(BorrowedStrDeserializer::<Error>::new(text))
                    }
                }
            }
            VariantOf::Unmatched => Err(choice::unmatched(
                variants,
                self.de.schema.node(self.node).describe(),
            )
            .at(self.de.r.position())),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        match self.branch()? {
            Type::Bytes => visitor.visit_seq(ByteSeq(self.de.r.read_bytes()?.iter())),
            Type::Fixed(f) => visitor.visit_seq(ByteSeq(self.de.r.read_fixed(f.size)?.iter())),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(mut self, len: usize, visitor: V) -> Result<V::Value> {
        let start = self.de.r.position();
        let bytes = match self.branch()? {
            Type::Array(items) => return self.array(*items, visitor, Some(len)),
            Type::Bytes => self.de.r.read_bytes()?,
            Type::Fixed(f) => self.de.r.read_fixed(f.size)?,
            _ => return self.deserialize_seq(visitor),
        };
        if bytes.len() != len {
            return Err(
                Error::invalid(format!("{} bytes read as a tuple of {len}", bytes.len())).at(start),
            );
        }
        visitor.visit_seq(ByteSeq(bytes.iter()))
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

    /// A record whose fields are the struct's, named alike and in the same
    /// order, goes to serde as a sequence (serde's derive matches no
    /// names then); any other as a map of its fields by name.
    fn deserialize_struct<V: Visitor<'de>>(
        mut self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.branch()? {
            Type::Record(record) if choice::has_struct_fields(record, fields) => {
                self.de.r.enter()?;
                let mut access = Fields {
                    de: &mut *self.de,
                    record,
                    next: 0,
                };
                let value = visitor.visit_seq(&mut access)?;
                if access.next < record.fields.len() {
                    drain_seq(&mut access)?;
                }
                self.de.r.leave();
                Ok(value)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        crate::resolve::skip::skip(self.de.schema, self.node, &mut self.de.r)?;
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    // The common scalars straight from their own type; anything else (a
    // union, a promotion a visitor accepts) through deserialize_any.
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ty() {
            Type::Float => visitor.visit_f32(self.de.r.read_float()?),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ty() {
            Type::Double => visitor.visit_f64(self.de.r.read_double()?),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ty() {
            Type::Int => visitor.visit_i32(self.de.r.read_int()?),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ty() {
            Type::Long => visitor.visit_i64(self.de.r.read_long()?),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ty() {
            Type::String => visitor.visit_borrowed_str(self.de.r.read_str()?),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i128 u8 u16 u32 u64 u128 char
        bytes byte_buf unit unit_struct map identifier
    }
}

/// A record's fields, in the schema's order, by name.
struct Fields<'a, 'de, 's> {
    de: &'a mut De<'de, 's>,
    record: &'s Record,
    next: usize,
}

impl<'de> MapAccess<'de> for Fields<'_, 'de, '_> {
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
        let Some(field) = self.record.fields.get(self.next) else {
            return Err(Error::invalid(
                "a record value asked for after its last field",
            ));
        };
        self.next += 1;
        let start = self.de.r.position();
        seed.deserialize(At::new(&mut *self.de, field.schema))
            .map_err(|e| e.at(start).in_field(&field.name))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.record.fields.len() - self.next)
    }
}

impl<'de> SeqAccess<'de> for Fields<'_, 'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some(field) = self.record.fields.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        let start = self.de.r.position();
        seed.deserialize(At::new(&mut *self.de, field.schema))
            .map(Some)
            .map_err(|e| e.at(start).in_field(&field.name))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.record.fields.len() - self.next)
    }
}

/// The plain deserializer's reader of an array's items, or a map's
/// values: the deserializer on their node.
struct NodeItems<'a, 'de, 's> {
    de: &'a mut De<'de, 's>,
    node: NodeId,
}

impl<'de> ReadItem<'de> for NodeItems<'_, 'de, '_> {
    #[inline]
    fn reader(&mut self) -> &mut SliceReader<'de> {
        &mut self.de.r
    }

    #[inline]
    fn read<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        seed.deserialize(At::new(&mut *self.de, self.node))
    }
}

/// The bytes of a `bytes` or `fixed` as a sequence of `u8` (a `Vec<u8>`
/// without `serde_bytes`).
pub(super) struct ByteSeq<'a>(pub(super) std::slice::Iter<'a, u8>);

impl<'de> SeqAccess<'de> for ByteSeq<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.0.next() {
            Some(&b) => seed.deserialize(U8Deserializer::<Error>::new(b)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A union's branch as the variant of a Rust enum named like it.
struct Variant<'a, 'de, 's> {
    at: At<'a, 'de, 's>,
    name: &'static str,
}

impl<'a, 'de, 's> EnumAccess<'de> for Variant<'a, 'de, 's> {
    type Error = Error;
    type Variant = At<'a, 'de, 's>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant)> {
        let value = seed.deserialize(StrDeserializer::<Error>::new(self.name))?;
        Ok((value, self.at))
    }
}

impl<'de> VariantAccess<'de> for At<'_, 'de, '_> {
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
