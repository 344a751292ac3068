//! The resolving deserializer: data written with one schema read into
//! serde types as another, by walking the steps of a compiled
//! [`resolve::Plan`](crate::resolve::Plan) with no `Value` in between.
//!
//! Where the plan says the writer's bytes are the reader's (`Same`, and
//! the string/bytes promotions, which share their encoding), the plain
//! deserializer takes over on the reader's node; everything else is read
//! here: numeric promotions, records (the writer's fields in its order
//! under the reader's names, writer-only fields skipped, then the
//! reader-only fields from their defaults through
//! [`ValueDe`](super::value_de::ValueDe)), enums through the symbol map,
//! arrays and maps block by block, and unions on either side. The
//! mapping's decisions are [`choice`](super::choice)'s, as on the plain
//! path; limits are charged and errors placed as there.

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::blocks::{Blocks, ReadItem};
use super::choice::{self, VariantOf};
use super::de::{At, De, NO_UNION, drain_map, drain_seq};
use super::value_de::ValueDe;
use crate::binary::SliceReader;
use crate::error::{Error, Result};
use crate::resolve::Plan;
use crate::resolve::plan::{FieldStep, Primitive, RecordStep, Step, StepId};
use crate::schema::{NodeId, Record, Type};
use crate::value::decode::approximate_size;

/// A deserializer of the writer's value that comes next, read by `step`.
/// `de` reads with the plan's reader schema, so the plain deserializer
/// can take over where the plan says the bytes are the reader's.
pub(crate) struct Res<'a, 'de, 's> {
    pub(crate) de: &'a mut De<'de, 's>,
    pub(crate) plan: &'s Plan,
    pub(crate) step: StepId,
    /// When `step` reads a reader union's branch already chosen (an
    /// `Option`'s `Some`): the union and the branch's index.
    taken: Option<(NodeId, usize)>,
}

/// What reads the value next: the plain deserializer on the reader's node,
/// or a step of the plan.
enum Next<'a, 'de, 's> {
    Plain(At<'a, 'de, 's>),
    Step(Res<'a, 'de, 's>, &'s Step),
}

impl<'a, 'de, 's> Res<'a, 'de, 's> {
    pub(crate) fn new(de: &'a mut De<'de, 's>, plan: &'s Plan, step: StepId) -> Self {
        Res {
            de,
            plan,
            step,
            taken: None,
        }
    }

    /// Follows the writer's unions (reading their indexes) and the
    /// reader's union a value is put into; hands the bytes that are the
    /// reader's to the plain deserializer.
    #[inline]
    fn next(mut self) -> Result<Next<'a, 'de, 's>> {
        loop {
            let id = self.plan.through_unions(&mut self.de.r, self.step)?;
            match self.plan.step(id) {
                step if reads_plainly(step) => {
                    let (Step::Same { reader } | Step::Promote { reader, .. }) = step else {
                        // `reads_plainly` passes only these steps.
                        return Err(self.unsupported("a value"));
                    };
                    return Ok(Next::Plain(At {
                        de: self.de,
                        node: *reader,
                        taken: self.taken.map_or(NO_UNION, |(union, _)| union),
                    }));
                }
                Step::ReaderUnion { step, .. } => self.step = *step,
                step => {
                    self.step = id;
                    return Ok(Next::Step(self, step));
                }
            }
        }
    }

    fn reader_type(&self, node: NodeId) -> &'s Type {
        self.plan.reader().node(node).ty()
    }

    fn unsupported(&self, rust: &str) -> Error {
        self.plan
            .unsupported(self.step, rust)
            .at(self.de.r.position())
    }

    /// Reads the value of `step` (which is not `Same`, nor a union)
    /// through `visitor`, as `deserialize_any` would.
    fn any<V: Visitor<'de>>(self, step: &'s Step, visitor: V) -> Result<V::Value> {
        let r = &mut self.de.r;
        match step {
            Step::Promote { from, to, .. } => match (from, to) {
                (Primitive::Int, Primitive::Long) => visitor.visit_i64(i64::from(r.read_int()?)),
                (Primitive::Int, Primitive::Float) => visitor.visit_f32(r.read_int()? as f32),
                (Primitive::Int, Primitive::Double) => visitor.visit_f64(f64::from(r.read_int()?)),
                (Primitive::Long, Primitive::Float) => visitor.visit_f32(r.read_long()? as f32),
                (Primitive::Long, Primitive::Double) => visitor.visit_f64(r.read_long()? as f64),
                (Primitive::Float, Primitive::Double) => {
                    visitor.visit_f64(f64::from(r.read_float()?))
                }
                _ => Err(self.unsupported("a value")),
            },
            Step::Record(record) => self.record(record, visitor, false),
            Step::Enum { reader, .. } => {
                let index = self.plan.read_enum(r, self.step)?;
                // Enum steps hold reader enums, and map to their symbols.
                match self.reader_type(*reader) {
                    Type::Enum(e) => match e.symbols.get(index) {
                        Some(symbol) => visitor.visit_str(symbol),
                        None => Err(self.unsupported("an enum")),
                    },
                    _ => Err(self.unsupported("an enum")),
                }
            }
            Step::Array {
                items,
                writer_items,
            } => self.array(*items, *writer_items, visitor, None),
            Step::Map {
                values,
                writer_values,
            } => {
                self.de.r.enter()?;
                let min = self
                    .plan
                    .writer()
                    .min_size(*writer_values)
                    .saturating_add(1);
                let item = StepItems {
                    de: self.de,
                    plan: self.plan,
                    step: *values,
                };
                let mut access = Blocks::new(item, min);
                let value = visitor.visit_map(&mut access)?;
                drain_map(&mut access)?;
                access.items.de.r.leave();
                Ok(value)
            }
            _ => Err(self.unsupported("a value")),
        }
    }

    /// A record's fields, as a sequence when they come in the reader's
    /// order and are the struct's (`as_seq`), else as a map by name.
    fn record<V: Visitor<'de>>(
        self,
        step: &'s RecordStep,
        visitor: V,
        as_seq: bool,
    ) -> Result<V::Value> {
        let Type::Record(record) = self.reader_type(step.reader) else {
            // Record steps hold reader records.
            return Err(self.unsupported("a record"));
        };
        self.de.r.enter()?;
        let mut access = Fields {
            de: &mut *self.de,
            plan: self.plan,
            step,
            record,
            next: 0,
            next_default: 0,
        };
        let value = if as_seq {
            let value = visitor.visit_seq(&mut access)?;
            drain_seq(&mut access)?;
            value
        } else {
            let value = visitor.visit_map(&mut access)?;
            drain_map(&mut access)?;
            value
        };
        self.de.r.leave();
        Ok(value)
    }

    /// An array's items; for a tuple of `exact` items, an array of
    /// another length is an error.
    fn array<V: Visitor<'de>>(
        self,
        items: StepId,
        writer_items: NodeId,
        visitor: V,
        exact: Option<usize>,
    ) -> Result<V::Value> {
        self.de.r.enter()?;
        let min = self.plan.writer().min_size(writer_items);
        let item = StepItems {
            de: self.de,
            plan: self.plan,
            step: items,
        };
        let mut access = Blocks::new(item, min);
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
        access.items.de.r.leave();
        Ok(value)
    }

    /// The symbol of an enum's step: the reader's symbol the writer's
    /// maps to.
    fn symbol(&mut self) -> Result<&'s str> {
        let Step::Enum { reader, .. } = self.plan.step(self.step) else {
            return Err(self.unsupported("an enum"));
        };
        let index = self.plan.read_enum(&mut self.de.r, self.step)?;
        // Enum steps hold reader enums, and map to their symbols.
        let symbol = match self.reader_type(*reader) {
            Type::Enum(e) => e.symbols.get(index),
            _ => None,
        };
        symbol
            .map(String::as_str)
            .ok_or_else(|| self.unsupported("an enum"))
    }
}

/// Whether the writer's bytes under `step` are the reader's, for the
/// plain deserializer to read on the reader's node: the same type, or
/// strings and bytes, which share their encoding (the reader's type
/// decides: a string's UTF-8 is checked).
#[inline]
fn reads_plainly(step: &Step) -> bool {
    matches!(
        step,
        Step::Same { .. }
            | Step::Promote {
                from: Primitive::String | Primitive::Bytes,
                to: Primitive::String | Primitive::Bytes,
                ..
            }
    )
}

/// Whether a record step gives the reader's fields in the reader's order:
/// the fields read in order, then the defaults of the last ones.
fn in_reader_order(step: &RecordStep, record: &Record) -> bool {
    let read = record.fields.len() - step.defaults.len();
    step.in_order
        && step
            .defaults
            .iter()
            .enumerate()
            .all(|(i, (field, _))| *field == read + i)
}

impl<'de> de::Deserializer<'de> for Res<'_, 'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_any(visitor),
            Next::Step(res, step) => res.any(step, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let id = self.plan.through_unions(&mut self.de.r, self.step)?;
        match self.plan.step(id) {
            // The writer's value goes into the reader union's branch: null
            // is `None`, any other `Some`, with the union for an enum
            // inside (as on the plain path, whose index is read once).
            Step::ReaderUnion {
                index,
                step,
                reader,
            } => {
                // Reader union steps hold reader unions and a branch of theirs.
                let branch = match self.reader_type(*reader) {
                    Type::Union(u) => u.variants.get(*index as usize),
                    _ => None,
                };
                let Some(&branch) = branch else {
                    return Err(self.unsupported("an option"));
                };
                if matches!(self.reader_type(branch), Type::Null) {
                    visitor.visit_none()
                } else {
                    visitor.visit_some(Res {
                        de: self.de,
                        plan: self.plan,
                        step: *step,
                        taken: Some((*reader, *index as usize)),
                    })
                }
            }
            Step::Same { reader } => At::new(self.de, *reader).deserialize_option(visitor),
            _ => {
                self.step = id;
                visitor.visit_some(self)
            }
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        mut self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let (union, index) = match self.taken {
            Some(taken) => taken,
            None => {
                let id = self.plan.through_unions(&mut self.de.r, self.step)?;
                self.step = id;
                match self.plan.step(id) {
                    Step::ReaderUnion {
                        index,
                        step,
                        reader,
                    } => {
                        self.step = *step;
                        (*reader, *index as usize)
                    }
                    // An enum outside a union: the reader's symbol names
                    // a unit variant.
                    Step::Enum { .. } => {
                        let symbol = self.symbol()?;
                        return visitor.visit_enum(StrDeserializer::<Error>::new(symbol));
                    }
                    _ => {
                        return match self.next()? {
                            Next::Plain(at) => at.deserialize_enum(name, variants, visitor),
                            Next::Step(res, _) => Err(res.unsupported("an enum")),
                        };
                    }
                }
            }
        };
        let Type::Union(u) = self.reader_type(union) else {
            // A taken branch is a union's.
            return Err(self.unsupported("an enum"));
        };
        // The reader's bytes read as the plain path reads them, with the
        // union, so that its decision is the one made.
        if reads_plainly(self.plan.step(self.step)) {
            self.taken = Some((union, index));
            return match self.next()? {
                Next::Plain(at) => at.deserialize_enum(name, variants, visitor),
                Next::Step(res, _) => Err(res.unsupported("an enum")),
            };
        }
        self.taken = None;
        match choice::variant_of(self.plan.reader(), &u.variants, index, variants) {
            VariantOf::Named(name) | VariantOf::Paired(name) => {
                visitor.visit_enum(Variant { res: self, name })
            }
            VariantOf::Symbol => {
                let symbol = self.symbol()?;
                visitor.visit_enum(StrDeserializer::<Error>::new(symbol))
            }
            // A string branch is read by the plain path (above); a number
            // promoted into a string does not exist.
            VariantOf::Text(_) => Err(self.unsupported("an enum")),
            VariantOf::Unmatched => Err(choice::unmatched(
                variants,
                u.variants
                    .get(index)
                    .map_or_else(String::new, |&b| self.plan.reader().node(b).describe()),
            )
            .at(self.de.r.position())),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_seq(visitor),
            Next::Step(res, step) => res.any(step, visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_tuple(len, visitor),
            Next::Step(
                res,
                Step::Array {
                    items,
                    writer_items,
                },
            ) => res.array(*items, *writer_items, visitor, Some(len)),
            Next::Step(res, step) => res.any(step, visitor),
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
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_struct(name, fields, visitor),
            Next::Step(res, Step::Record(step)) => {
                let Type::Record(record) = res.reader_type(step.reader) else {
                    // Record steps hold reader records.
                    return Err(res.unsupported("a record"));
                };
                let as_seq =
                    in_reader_order(step, record) && choice::has_struct_fields(record, fields);
                res.record(step, visitor, as_seq)
            }
            Next::Step(res, step) => res.any(step, visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_ignored_any(visitor),
            Next::Step(res, step) => res.any(step, visitor),
        }
    }

    fn is_human_readable(&self) -> bool {
        false
    }

    // The plain path's typed reads where the bytes are the reader's; a
    // step reads what it has.
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_f32(visitor),
            Next::Step(res, step) => res.any(step, visitor),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_f64(visitor),
            Next::Step(res, step) => res.any(step, visitor),
        }
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_i32(visitor),
            Next::Step(res, step) => res.any(step, visitor),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_i64(visitor),
            Next::Step(res, step) => res.any(step, visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            Next::Plain(at) => at.deserialize_str(visitor),
            Next::Step(res, step) => res.any(step, visitor),
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

/// A writer's record read as the reader's: the writer's fields in the
/// writer's order under the reader's names, writer-only fields skipped,
/// then the reader's fields the writer lacks, from their defaults.
struct Fields<'a, 'de, 's> {
    de: &'a mut De<'de, 's>,
    plan: &'s Plan,
    step: &'s RecordStep,
    /// The reader's record.
    record: &'s Record,
    /// The next of the writer's fields.
    next: usize,
    /// The next default, once the writer's fields are read.
    next_default: usize,
}

impl<'de, 's> Fields<'_, 'de, 's> {
    /// Skips the writer's fields the reader has no place for, up to the
    /// next one it reads; the reader's position of the field that comes
    /// next (read or a default), if any.
    fn upcoming(&mut self) -> Result<Option<usize>> {
        while let Some(field) = self.step.fields.get(self.next) {
            match field {
                FieldStep::Read { field, .. } => return Ok(Some(*field)),
                FieldStep::Skip { writer } => {
                    let start = self.de.r.position();
                    self.plan
                        .skip(&mut self.de.r, *writer)
                        .map_err(|e| e.at(start))?;
                    self.next += 1;
                }
            }
        }
        Ok(self.step.defaults.get(self.next_default).map(|(f, _)| *f))
    }

    /// The value of the field that comes next, through `seed`.
    fn value<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.upcoming()?.is_none() {
            return Ok(None);
        }
        let start = self.de.r.position();
        if let Some(FieldStep::Read { field, step, same }) = self.step.fields.get(self.next) {
            self.next += 1;
            // The compiler takes `field` from the reader's record.
            let Some(field) = self.record.fields.get(*field) else {
                return Err(self.plan.unsupported(*step, "a field").at(start));
            };
            let value = if *same {
                seed.deserialize(At::new(&mut *self.de, field.schema))
            } else {
                seed.deserialize(Res::new(&mut *self.de, self.plan, *step))
            };
            return value
                .map(Some)
                .map_err(|e| e.at(start).in_field(&field.name));
        }
        // `upcoming` found a field to read or a default to give.
        let Some((position, default)) = self.step.defaults.get(self.next_default) else {
            return Ok(None);
        };
        self.next_default += 1;
        let Some(field) = self.record.fields.get(*position) else {
            return Ok(None);
        };
        // A default is copied for every datum: its size is charged, so
        // that records of no writer bytes cannot fill memory.
        self.de
            .r
            .charge_allocation(approximate_size(default))
            .map_err(|e| e.at(start).in_field(&field.name))?;
        seed.deserialize(ValueDe::new(self.plan.reader(), field.schema, default))
            .map(Some)
            .map_err(|e| e.at(start).in_field(&field.name))
    }

    fn left(&self) -> usize {
        let reads = (self.step.fields.iter().skip(self.next))
            .filter(|f| matches!(f, FieldStep::Read { .. }))
            .count();
        reads + self.step.defaults.len().saturating_sub(self.next_default)
    }
}

impl<'de> MapAccess<'de> for Fields<'_, 'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        // `upcoming` gives positions of the reader's record's fields.
        match self
            .upcoming()?
            .and_then(|field| self.record.fields.get(field))
        {
            Some(field) => seed
                .deserialize(StrDeserializer::<Error>::new(&field.name))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.value(seed)?
            .ok_or_else(|| Error::invalid("a record value asked for after its last field"))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left())
    }
}

impl<'de> SeqAccess<'de> for Fields<'_, 'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        self.value(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left())
    }
}

/// An array's items, or a map's values, read by the plan's step for them.
struct StepItems<'a, 'de, 's> {
    de: &'a mut De<'de, 's>,
    plan: &'s Plan,
    step: StepId,
}

impl<'de> ReadItem<'de> for StepItems<'_, 'de, '_> {
    #[inline]
    fn reader(&mut self) -> &mut SliceReader<'de> {
        &mut self.de.r
    }

    #[inline]
    fn read<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        seed.deserialize(Res::new(&mut *self.de, self.plan, self.step))
    }
}

/// A union's branch as the variant of a Rust enum named like it.
struct Variant<'a, 'de, 's> {
    res: Res<'a, 'de, 's>,
    name: &'static str,
}

impl<'a, 'de, 's> EnumAccess<'de> for Variant<'a, 'de, 's> {
    type Error = Error;
    type Variant = Res<'a, 'de, 's>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant)> {
        let value = seed.deserialize(StrDeserializer::<Error>::new(self.name))?;
        Ok((value, self.res))
    }
}

impl<'de> VariantAccess<'de> for Res<'_, 'de, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        match self.next()? {
            Next::Plain(at) => at.unit_variant(),
            // A writer's record read as an empty one: its fields skipped.
            Next::Step(res, step @ Step::Record(record))
                if choice::is_unit_branch(res.reader_type(record.reader)) =>
            {
                res.any(step, de::IgnoredAny).map(drop)
            }
            Next::Step(res, _) => Err(res.unsupported(choice::UNIT_BRANCH)),
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
