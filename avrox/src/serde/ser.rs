//! The serializer: serde's calls, walked beside the schema, written
//! straight into the output buffer.

use serde::ser::{self, Serialize};

use crate::binary::{
    write_block_end, write_block_len, write_bool, write_bytes, write_double, write_fixed,
    write_float, write_int, write_long, write_str,
};
use crate::error::{Error, ErrorKind, Result};
use crate::schema::{NodeId, Record, Schema, Type};

/// What a serde call carries, for picking a union's branch.
#[derive(Clone, Copy)]
enum Kind<'a> {
    Null,
    Bool,
    Int(i64),
    Float,
    Double(f64),
    Str(&'a str),
    Bytes(usize),
    Seq,
    Map,
    Record(&'a str),
}

impl Kind<'_> {
    fn describe(&self) -> String {
        match self {
            Kind::Null => "null (None or ())".into(),
            Kind::Bool => "a bool".into(),
            Kind::Int(v) => format!("the integer {v}"),
            Kind::Float => "an f32".into(),
            Kind::Double(_) => "an f64".into(),
            Kind::Str(_) => "a string".into(),
            Kind::Bytes(n) => format!("{n} bytes"),
            Kind::Seq => "a sequence".into(),
            Kind::Map => "a map".into(),
            Kind::Record(name) => format!("the struct {name}"),
        }
    }

    /// Whether a value of this kind can be written as `ty`.
    fn fits(&self, ty: &Type) -> bool {
        match (self, ty) {
            (Kind::Null, Type::Null) | (Kind::Bool, Type::Boolean) => true,
            (Kind::Int(v), Type::Int) => i32::try_from(*v).is_ok(),
            (Kind::Int(_), Type::Long) => true,
            (Kind::Float, Type::Float | Type::Double) => true,
            (Kind::Double(_), Type::Double) => true,
            (Kind::Double(v), Type::Float) => f64::from(*v as f32).to_bits() == v.to_bits(),
            (Kind::Str(_), Type::String) => true,
            (Kind::Str(s), Type::Enum(e)) => e.symbol_index(s).is_some(),
            (Kind::Bytes(_), Type::Bytes) => true,
            (Kind::Bytes(n), Type::Fixed(f)) => f.size == *n,
            (Kind::Seq, Type::Array(_)) => true,
            (Kind::Map | Kind::Record(_), Type::Map(_) | Type::Record(_)) => true,
            _ => false,
        }
    }
}

/// Whether the variant `variant` names a union branch of type `ty`: a
/// named type by its name or fullname, any other by its type's name in
/// any case (`Null`, `Int`, `String`, ...).
pub(crate) fn names_branch(variant: &str, ty: &Type) -> bool {
    match ty {
        Type::Record(r) => r.name.name() == variant || r.name.fullname() == variant,
        Type::Enum(e) => e.name.name() == variant || e.name.fullname() == variant,
        Type::Fixed(f) => f.name.name() == variant || f.name.fullname() == variant,
        other => other.kind_name().eq_ignore_ascii_case(variant),
    }
}

/// For a struct named `name` on a union: when no record of the union is
/// named so and several records could take it, the first of them (a
/// placeholder: the branch is chosen by the struct's first field, below);
/// `None` when the branch can be chosen now.
///
/// serde writes an internally tagged enum's variant (`#[serde(tag =
/// "kind")]`) as a struct named after the enum, the tag its first field
/// and the variant's name its value: that value chooses the record.
fn undecided_record<'s>(schema: &'s Schema, branches: &[NodeId], name: &str) -> Option<&'s Record> {
    let mut records = branches.iter().filter_map(|&b| match schema.node(b).ty() {
        Type::Record(r) => Some(r),
        _ => None,
    });
    let first = records.next()?;
    let mut others = records.peekable();
    if others.peek().is_none() || first.name.name() == name || others.any(|r| r.name.name() == name)
    {
        return None;
    }
    Some(first)
}

fn out_of_range(value: i128, target: &'static str) -> Error {
    Error::new(ErrorKind::OutOfRange { value, target })
}

/// Serializes into `out` as the node `node` of `schema`.
pub(crate) struct Ser<'s, 'o> {
    pub(crate) schema: &'s Schema,
    pub(crate) node: NodeId,
    pub(crate) out: &'o mut Vec<u8>,
}

impl<'s, 'o> Ser<'s, 'o> {
    fn ty(&self) -> &'s Type {
        self.schema.node(self.node).ty()
    }

    fn mismatch(&self, kind: Kind<'_>) -> Error {
        Error::mismatch(self.schema.node(self.node).describe(), kind.describe())
    }

    /// The type to write a value of `kind` as: the node's own, or for a
    /// union the first branch it fits (a record of the struct's name
    /// first), whose index is written here.
    #[inline(always)]
    fn target(&mut self, kind: Kind<'_>) -> Result<&'s Type> {
        match self.ty() {
            Type::Union(_) => self.branch(kind),
            ty => Ok(ty),
        }
    }

    /// The union of null and one other type (every `Option`) is decided
    /// first, by the value being null or not: the choice the search below
    /// makes, without the search.
    #[inline(never)]
    fn branch(&mut self, kind: Kind<'_>) -> Result<&'s Type> {
        let schema = self.schema;
        let Type::Union(u) = self.ty() else {
            return Ok(self.ty());
        };
        if let Some((null_at, other)) = self.option_branches(&u.variants) {
            let is_null = matches!(kind, Kind::Null);
            let (index, branch) = match is_null {
                true => (null_at, u.variants.get(null_at).copied().unwrap_or(other)),
                false => (1 - null_at, other),
            };
            let ty = schema.node(branch).ty();
            if is_null || kind.fits(ty) {
                write_long(self.out, index as i64);
                self.node = branch;
                return Ok(ty);
            }
        }
        let branches = || u.variants.iter().copied().enumerate();
        let by_name = match kind {
            Kind::Record(name) => branches().find(
                |&(_, b)| matches!(schema.node(b).ty(), Type::Record(r) if r.name.name() == name),
            ),
            _ => None,
        };
        let (index, branch) = by_name
            .or_else(|| branches().find(|&(_, b)| kind.fits(schema.node(b).ty())))
            .ok_or_else(|| self.mismatch(kind))?;
        write_long(self.out, index as i64);
        self.node = branch;
        Ok(self.ty())
    }

    /// For an enum variant on a union: the branch the variant names,
    /// whose index is written here; `None` when no branch is named so.
    fn variant_branch(&mut self, variant: &str) -> Option<&'s Type> {
        let schema = self.schema;
        let Type::Union(u) = self.ty() else {
            return None;
        };
        let (index, &branch) = (u.variants.iter().enumerate())
            .find(|&(_, &b)| names_branch(variant, schema.node(b).ty()))?;
        write_long(self.out, index as i64);
        self.node = branch;
        Some(self.ty())
    }

    /// For a union of null and one other type (every `Option`): the
    /// index of the null branch and the other branch.
    #[inline(always)]
    fn option_branches(&self, variants: &[NodeId]) -> Option<(usize, NodeId)> {
        match *variants {
            [a, b] if matches!(self.schema.node(a).ty(), Type::Null) => Some((0, b)),
            [a, b] if matches!(self.schema.node(b).ty(), Type::Null) => Some((1, a)),
            _ => None,
        }
    }

    /// A scalar whose node is not of a type it fits as it is: `write`
    /// writes it as a type it fits and says so, or writes nothing. It is
    /// tried on the other branch of a union of null and one type (the
    /// branch [`Ser::branch`] takes for a value that is not null), else
    /// `slow` makes the full choice. Each scalar matches its node's own
    /// type inline and comes here otherwise, so that the common case
    /// builds no `Kind` and makes no call.
    #[cold]
    #[inline(never)]
    fn scalar_in_union(
        self,
        write: impl Fn(&Type, &mut Vec<u8>) -> bool,
        slow: impl FnOnce(Self) -> Result<()>,
    ) -> Result<()> {
        if let Type::Union(u) = self.ty()
            && let Some((null_at, other)) = self.option_branches(&u.variants)
        {
            let at = self.out.len();
            write_long(self.out, 1 - null_at as i64);
            if write(self.schema.node(other).ty(), self.out) {
                return Ok(());
            }
            self.out.truncate(at);
        }
        slow(self)
    }

    /// An integer of 32 bits or fewer: an int as it is, no range check.
    #[inline(always)]
    fn int32(self, v: i32) -> Result<()> {
        match self.ty() {
            Type::Int => {
                write_int(self.out, v);
            }
            Type::Long => {
                write_long(self.out, v.into());
            }
            _ => {
                return self.scalar_in_union(
                    |ty, out| match ty {
                        Type::Int => {
                            write_int(out, v);
                            true
                        }
                        Type::Long => {
                            write_long(out, v.into());
                            true
                        }
                        _ => false,
                    },
                    |ser| ser.int32_slow(v),
                );
            }
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn int32_slow(mut self, v: i32) -> Result<()> {
        match self.target(Kind::Int(v.into()))? {
            Type::Int => write_int(self.out, v),
            Type::Long => write_long(self.out, v.into()),
            _ => return Err(self.mismatch(Kind::Int(v.into()))),
        }
        Ok(())
    }

    #[inline(always)]
    fn int(self, v: i64) -> Result<()> {
        match self.ty() {
            Type::Long => {
                write_long(self.out, v);
            }
            _ => {
                return self.scalar_in_union(
                    |ty, out| match ty {
                        Type::Long => {
                            write_long(out, v);
                            true
                        }
                        _ => false,
                    },
                    |ser| ser.int_slow(v),
                );
            }
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn int_slow(mut self, v: i64) -> Result<()> {
        let ty = self.target(Kind::Int(v))?;
        match ty {
            Type::Int => {
                let v = i32::try_from(v).map_err(|_| out_of_range(v.into(), "int"))?;
                write_int(self.out, v);
            }
            Type::Long => write_long(self.out, v),
            _ => return Err(self.mismatch(Kind::Int(v))),
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn bool_slow(mut self, v: bool) -> Result<()> {
        match self.target(Kind::Bool)? {
            Type::Boolean => {
                write_bool(self.out, v);
                Ok(())
            }
            _ => Err(self.mismatch(Kind::Bool)),
        }
    }

    #[cold]
    #[inline(never)]
    fn f32_slow(mut self, v: f32) -> Result<()> {
        match self.target(Kind::Float)? {
            Type::Float => write_float(self.out, v),
            Type::Double => write_double(self.out, v.into()),
            _ => return Err(self.mismatch(Kind::Float)),
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn f64_slow(mut self, v: f64) -> Result<()> {
        match self.target(Kind::Double(v))? {
            Type::Double => write_double(self.out, v),
            Type::Float if Kind::Double(v).fits(&Type::Float) => write_float(self.out, v as f32),
            _ => return Err(self.mismatch(Kind::Double(v))),
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn str_slow(mut self, v: &str) -> Result<()> {
        match self.target(Kind::Str(v))? {
            Type::String => write_str(self.out, v),
            Type::Enum(e) => match e.symbol_index(v) {
                Some(i) => write_int(self.out, i as i32),
                None => {
                    return Err(Error::invalid(format!(
                        "'{v}' is not a symbol of enum {} (symbols: {})",
                        e.name,
                        e.symbols.join(", ")
                    )));
                }
            },
            _ => return Err(self.mismatch(Kind::Str(v))),
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn bytes_slow(mut self, v: &[u8]) -> Result<()> {
        match self.target(Kind::Bytes(v.len()))? {
            Type::Bytes => write_bytes(self.out, v),
            Type::Fixed(f) if f.size == v.len() => write_fixed(self.out, v),
            _ => return Err(self.mismatch(Kind::Bytes(v.len()))),
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn unit_slow(mut self) -> Result<()> {
        match self.target(Kind::Null)? {
            Type::Null => Ok(()),
            _ => Err(self.mismatch(Kind::Null)),
        }
    }

    #[cold]
    #[inline(never)]
    fn struct_slow(self, name: &'static str, len: usize) -> Result<Compound<'s, 'o>> {
        self.compound(Kind::Record(name), Some(len))
    }

    #[inline]
    fn compound(mut self, kind: Kind<'_>, len: Option<usize>) -> Result<Compound<'s, 'o>> {
        let schema = self.schema;
        if let (Kind::Record(name), Type::Union(u)) = (kind, self.ty())
            && let Some(first) = undecided_record(schema, &u.variants, name)
        {
            return Ok(Compound::Record(RecordSer {
                schema,
                record: first,
                out: self.out,
                next: 0,
                pending: Some(Box::new(Slow {
                    undecided: Some(&u.variants),
                    ..Slow::default()
                })),
            }));
        }
        match self.target(kind)? {
            Type::Array(items) if matches!(kind, Kind::Seq) => {
                Ok(Compound::Block(Block::new(schema, *items, self.out, len)))
            }
            Type::Map(values) if matches!(kind, Kind::Map | Kind::Record(_)) => {
                Ok(Compound::Map(Block::new(schema, *values, self.out, len)))
            }
            Type::Record(record) if matches!(kind, Kind::Map | Kind::Record(_)) => {
                let fields = RecordSer {
                    schema,
                    record,
                    out: self.out,
                    next: 0,
                    pending: None,
                };
                Ok(match kind {
                    Kind::Map => Compound::MapRecord(fields),
                    _ => Compound::Record(fields),
                })
            }
            _ => Err(self.mismatch(kind)),
        }
    }
}

impl<'s, 'o> ser::Serializer for Ser<'s, 'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'s, 'o>;
    type SerializeTuple = Compound<'s, 'o>;
    type SerializeTupleStruct = Compound<'s, 'o>;
    type SerializeTupleVariant = Compound<'s, 'o>;
    type SerializeMap = Compound<'s, 'o>;
    type SerializeStruct = Compound<'s, 'o>;
    type SerializeStructVariant = Compound<'s, 'o>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<()> {
        match self.ty() {
            Type::Boolean => {
                write_bool(self.out, v);
            }
            _ => {
                return self.scalar_in_union(
                    |ty, out| match ty {
                        Type::Boolean => {
                            write_bool(out, v);
                            true
                        }
                        _ => false,
                    },
                    |ser| ser.bool_slow(v),
                );
            }
        }
        Ok(())
    }

    #[inline]
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.int32(v.into())
    }
    #[inline]
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.int32(v.into())
    }
    #[inline]
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.int32(v)
    }
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.int(v)
    }
    #[inline]
    fn serialize_i128(self, v: i128) -> Result<()> {
        self.int(i64::try_from(v).map_err(|_| out_of_range(v, "long"))?)
    }
    #[inline]
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.int32(v.into())
    }
    #[inline]
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.int32(v.into())
    }
    #[inline]
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.int(v.into())
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.int(i64::try_from(v).map_err(|_| out_of_range(v.into(), "long"))?)
    }
    #[inline]
    fn serialize_u128(self, v: u128) -> Result<()> {
        let v = i64::try_from(v).map_err(|_| out_of_range(i128::MAX, "long"))?;
        self.int(v)
    }

    #[inline]
    fn serialize_f32(self, v: f32) -> Result<()> {
        match self.ty() {
            Type::Float => {
                write_float(self.out, v);
            }
            Type::Double => {
                write_double(self.out, v.into());
            }
            _ => {
                return self.scalar_in_union(
                    |ty, out| match ty {
                        Type::Float => {
                            write_float(out, v);
                            true
                        }
                        Type::Double => {
                            write_double(out, v.into());
                            true
                        }
                        _ => false,
                    },
                    |ser| ser.f32_slow(v),
                );
            }
        }
        Ok(())
    }

    #[inline]
    fn serialize_f64(self, v: f64) -> Result<()> {
        match self.ty() {
            Type::Double => {
                write_double(self.out, v);
            }
            _ => {
                return self.scalar_in_union(
                    |ty, out| match ty {
                        Type::Double => {
                            write_double(out, v);
                            true
                        }
                        _ => false,
                    },
                    |ser| ser.f64_slow(v),
                );
            }
        }
        Ok(())
    }

    #[inline]
    fn serialize_char(self, v: char) -> Result<()> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    #[inline]
    fn serialize_str(self, v: &str) -> Result<()> {
        match self.ty() {
            Type::String => {
                write_str(self.out, v);
            }
            _ => {
                return self.scalar_in_union(
                    |ty, out| match ty {
                        Type::String => {
                            write_str(out, v);
                            true
                        }
                        _ => false,
                    },
                    |ser| ser.str_slow(v),
                );
            }
        }
        Ok(())
    }

    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        match self.ty() {
            Type::Bytes => {
                write_bytes(self.out, v);
            }
            _ => {
                return self.scalar_in_union(
                    |ty, out| match ty {
                        Type::Bytes => {
                            write_bytes(out, v);
                            true
                        }
                        _ => false,
                    },
                    |ser| ser.bytes_slow(v),
                );
            }
        }
        Ok(())
    }

    #[inline]
    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    #[inline]
    fn serialize_unit(self) -> Result<()> {
        match self.ty() {
            Type::Null => Ok(()),
            Type::Union(u) => match self.option_branches(&u.variants) {
                Some((null_at, _)) => {
                    write_long(self.out, null_at as i64);
                    Ok(())
                }
                None => self.unit_slow(),
            },
            _ => self.unit_slow(),
        }
    }

    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_unit_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        match self.variant_branch(variant) {
            Some(Type::Null) => Ok(()),
            Some(Type::Record(r)) if r.fields.is_empty() => Ok(()),
            Some(_) => Err(Error::mismatch(
                self.schema.node(self.node).describe(),
                format!("the unit variant {variant}"),
            )),
            None => self.serialize_str(variant),
        }
    }

    #[inline]
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    #[inline]
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.variant_branch(variant);
        value.serialize(self).map_err(|e| e.in_field(variant))
    }

    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'s, 'o>> {
        self.compound(Kind::Seq, len)
    }

    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Compound<'s, 'o>> {
        self.compound(Kind::Seq, Some(len))
    }

    #[inline]
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'s, 'o>> {
        self.compound(Kind::Seq, Some(len))
    }

    #[inline]
    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'s, 'o>> {
        self.variant_branch(variant);
        self.compound(Kind::Seq, Some(len))
    }

    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'s, 'o>> {
        self.compound(Kind::Map, len)
    }

    /// A record node takes the struct as it is, inline; anything else (a
    /// union, a map) makes the full choice out of line.
    #[inline]
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'s, 'o>> {
        match self.ty() {
            Type::Record(record) => Ok(Compound::Record(RecordSer {
                schema: self.schema,
                record,
                out: self.out,
                next: 0,
                pending: None,
            })),
            _ => self.struct_slow(name, len),
        }
    }

    #[inline]
    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'s, 'o>> {
        self.variant_branch(variant);
        self.compound(Kind::Record(variant), Some(len))
    }

    #[inline]
    fn is_human_readable(&self) -> bool {
        false
    }
}

/// The items of an array or map: one block whose count is known up front,
/// or, when serde does not say it, buffered and counted.
pub(crate) struct Block<'s, 'o> {
    schema: &'s Schema,
    items: NodeId,
    out: &'o mut Vec<u8>,
    /// The count serde announced, `usize::MAX` when none.
    expected: usize,
    count: usize,
    /// The items, when serde announced no count (`expected` is then
    /// `usize::MAX`).
    buffer: Vec<u8>,
    /// Where the current map entry's key starts in the sink.
    key_at: usize,
}

impl<'s, 'o> Block<'s, 'o> {
    fn new(schema: &'s Schema, items: NodeId, out: &'o mut Vec<u8>, len: Option<usize>) -> Self {
        if let Some(n) = len
            && n > 0
        {
            write_block_len(out, n);
        }
        Block {
            schema,
            items,
            out,
            expected: len.unwrap_or(usize::MAX),
            key_at: 0,
            count: 0,
            buffer: Vec::new(),
        }
    }

    /// Where items go: the output, or the buffer.
    #[inline]
    fn sink(&mut self) -> &mut Vec<u8> {
        if self.expected == usize::MAX {
            &mut self.buffer
        } else {
            &mut *self.out
        }
    }

    #[inline]
    fn item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let schema = self.schema;
        let node = self.items;
        value.serialize(Ser {
            schema,
            node,
            out: self.sink(),
        })?;
        self.count += 1;
        Ok(())
    }

    fn end(self) -> Result<()> {
        if self.expected == usize::MAX {
            if self.count > 0 {
                write_block_len(self.out, self.count);
                self.out.extend_from_slice(&self.buffer);
            }
        } else if self.count != self.expected {
            return Err(Error::invalid(format!(
                "serde announced {} items but gave {}",
                self.expected, self.count
            )));
        }
        write_block_end(self.out);
        Ok(())
    }
}

/// A record's fields, written in the schema's order: straight into the
/// output while serde gives them in that order (a derived struct whose
/// fields are the record's), through a buffer per field otherwise.
pub(crate) struct RecordSer<'s, 'o> {
    schema: &'s Schema,
    record: &'s Record,
    out: &'o mut Vec<u8>,
    /// The first field not written yet.
    next: usize,
    /// What only records written out of order or from maps need.
    pending: Option<Box<Slow<'s>>>,
}

/// The state of a record written out of its order, or from a map.
#[derive(Default)]
struct Slow<'s> {
    /// Fields that came before their turn, encoded.
    early: Vec<Option<Vec<u8>>>,
    /// The key of the map entry being written.
    key: String,
    /// The branches of the union whose record is not chosen yet: the
    /// first field's value, if it is a record's name, chooses it.
    undecided: Option<&'s [NodeId]>,
}

/// Whether two names are equal: inlined, as names are short.
#[inline(always)]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

impl RecordSer<'_, '_> {
    /// A field: straight into the output when it is the next one and none
    /// came early (a derived struct whose fields are the record's).
    #[inline(always)]
    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        if let Some(f) = self.record.fields.get(self.next)
            && self.pending.is_none()
            && same(&f.name, key)
        {
            value
                .serialize(Ser {
                    schema: self.schema,
                    node: f.schema,
                    out: self.out,
                })
                .map_err(|e| e.in_field(key))?;
            self.next += 1;
            return Ok(());
        }
        self.field_slow(key, value)
    }

    /// A field out of the record's order, or after one that came early.
    #[inline(never)]
    fn field_slow<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        if self.pending.as_ref().is_some_and(|p| p.undecided.is_some()) {
            let mut tag = String::new();
            let tag = match value.serialize(KeySer(&mut tag)) {
                Ok(()) => Some(tag),
                Err(_) => None,
            };
            self.decide(tag.as_deref())?;
            if self.pending.is_none() {
                return self.field(key, value);
            }
        }
        let fields = &self.record.fields;
        let (pos, node) = match fields.get(self.next) {
            Some(f) if same(&f.name, key) => (self.next, f.schema),
            _ => (fields.iter().enumerate())
                .find(|(_, f)| f.name == key)
                .map(|(pos, f)| (pos, f.schema))
                .ok_or_else(|| self.unknown(key))?,
        };
        if pos == self.next {
            value
                .serialize(Ser {
                    schema: self.schema,
                    node,
                    out: self.out,
                })
                .map_err(|e| e.in_field(key))?;
            self.next += 1;
            if self.pending.is_some() {
                self.flush();
            }
            return Ok(());
        }
        let n = fields.len();
        let pending = &mut self.pending.get_or_insert_with(Box::default).early;
        if pending.len() < n {
            pending.resize(n, None);
        }
        // `pending` has a slot per field, and `pos` is a field's.
        let slot = match pending.get_mut(pos) {
            Some(slot) if pos >= self.next && slot.is_none() => slot,
            _ => {
                return Err(Error::invalid(format!(
                    "field '{key}' of record {} given twice",
                    self.record.name
                )));
            }
        };
        let mut buffer = Vec::new();
        value
            .serialize(Ser {
                schema: self.schema,
                node,
                out: &mut buffer,
            })
            .map_err(|e| e.in_field(key))?;
        *slot = Some(buffer);
        Ok(())
    }

    /// Chooses the record of an undecided union: the one named `tag`, else
    /// the first branch a struct fits (as for any struct); writes its index.
    fn decide(&mut self, tag: Option<&str>) -> Result<()> {
        let Some(branches) = self.pending.as_mut().and_then(|p| p.undecided.take()) else {
            return Ok(());
        };
        let schema = self.schema;
        let candidates = || branches.iter().copied().enumerate();
        let named = tag.and_then(|tag| {
            candidates().find(|&(_, b)| {
                matches!(schema.node(b).ty(), Type::Record(r)
                    if r.name.name() == tag || r.name.fullname() == tag)
            })
        });
        let (index, branch) = named
            .or_else(|| candidates().find(|&(_, b)| Kind::Record("").fits(schema.node(b).ty())))
            .ok_or_else(|| Error::invalid("no record of the union for the struct"))?;
        let Type::Record(record) = schema.node(branch).ty() else {
            return Err(Error::mismatch(
                schema.node(branch).describe(),
                "a struct of an internally tagged enum (a record)",
            ));
        };
        write_long(self.out, index as i64);
        self.record = record;
        if self.pending.as_ref().is_some_and(|p| p.early.is_empty()) {
            self.pending = None;
        }
        Ok(())
    }

    /// Writes the fields that came early and are now next.
    fn flush(&mut self) {
        if let Some(pending) = &mut self.pending {
            while let Some(Some(buffer)) = pending.early.get_mut(self.next).map(Option::take) {
                self.out.extend_from_slice(&buffer);
                self.next += 1;
            }
        }
    }

    fn unknown(&self, key: &str) -> Error {
        Error::invalid(format!(
            "record {} has no field '{key}' (fields: {})",
            self.record.name,
            self.record
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// Writes the field at `next` from its default, or fails.
    fn default_next(&mut self) -> Result<()> {
        // Called while `next` is a field's position; past the last there
        // is nothing to write.
        let Some(field) = self.record.fields.get(self.next) else {
            return Ok(());
        };
        let Some(json) = &field.default else {
            return Err(
                Error::new(ErrorKind::MissingField(field.name.clone())).in_field(&field.name)
            );
        };
        let value = crate::value::json::from_json(self.schema, field.schema, json)
            .map_err(|e| e.in_field(&field.name))?;
        crate::value::encode::encode_node(self.schema, field.schema, &value, self.out)
            .map_err(|e| e.in_field(&field.name))?;
        self.next += 1;
        Ok(())
    }

    fn skip(&mut self, key: &str) -> Result<()> {
        self.decide(None)?;
        if self
            .record
            .fields
            .get(self.next)
            .is_some_and(|f| f.name == key)
        {
            self.default_next()?;
            self.flush();
        }
        Ok(())
    }

    #[inline]
    fn end(self) -> Result<()> {
        if self.next == self.record.fields.len() && self.pending.is_none() {
            return Ok(());
        }
        self.end_slow()
    }

    fn end_slow(mut self) -> Result<()> {
        self.decide(None)?;
        while self.next < self.record.fields.len() {
            let early = self
                .pending
                .as_mut()
                .and_then(|p| p.early.get_mut(self.next).and_then(Option::take));
            match early {
                Some(buffer) => {
                    self.out.extend_from_slice(&buffer);
                    self.next += 1;
                }
                None => self.default_next()?,
            }
        }
        Ok(())
    }
}

/// What an array, map, tuple or struct serializes through.
pub(crate) enum Compound<'s, 'o> {
    Block(Block<'s, 'o>),
    /// An Avro map.
    Map(Block<'s, 'o>),
    /// A struct written as a record.
    Record(RecordSer<'s, 'o>),
    /// A map (a struct with a `flatten`ed field) written as a record.
    MapRecord(RecordSer<'s, 'o>),
}

impl Compound<'_, '_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        match self {
            Compound::Block(block) => {
                let i = block.count;
                block.item(value).map_err(|e| e.in_index(i))
            }
            _ => Err(Error::invalid("a sequence element outside an array")),
        }
    }

    fn key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        match self {
            Compound::Map(block) => {
                block.key_at = block.sink().len();
                key.serialize(KeySer(block.sink()))
            }
            Compound::MapRecord(record) => {
                let slow = record.pending.get_or_insert_with(Box::default);
                slow.key.clear();
                key.serialize(KeySer(&mut slow.key))
            }
            _ => Err(Error::invalid("a map key outside a map")),
        }
    }

    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        match self {
            Compound::Map(block) => block.item(value).map_err(|e| {
                // The key, read back from where it was written.
                let key_at = block.key_at;
                let written = block.sink().get(key_at..).unwrap_or_default();
                let key = crate::binary::SliceReader::new(written)
                    .read_str()
                    .unwrap_or("");
                e.in_key(key)
            }),
            Compound::MapRecord(record) => {
                let slow = record.pending.get_or_insert_with(Box::default);
                let key = std::mem::take(&mut slow.key);
                let result = record.field(&key, value);
                if let Some(slow) = &mut record.pending {
                    slow.key = key;
                }
                result
            }
            _ => Err(Error::invalid("a map value outside a map")),
        }
    }

    #[inline]
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<()> {
        match self {
            Compound::Record(record) => record.field(key, value),
            Compound::Map(..) => {
                self.key(key)?;
                self.value(value)
            }
            _ => Err(Error::invalid("a struct field outside a record")),
        }
    }

    fn skip(&mut self, key: &'static str) -> Result<()> {
        match self {
            Compound::Record(record) => record.skip(key),
            _ => Ok(()),
        }
    }

    #[inline]
    fn finish(self) -> Result<()> {
        match self {
            Compound::Block(block) | Compound::Map(block) => block.end(),
            Compound::Record(record) | Compound::MapRecord(record) => record.end(),
        }
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.key(key)
    }
    #[inline]
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.value(value)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    #[inline]
    fn skip_field(&mut self, key: &'static str) -> Result<()> {
        self.skip(key)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    #[inline]
    fn skip_field(&mut self, key: &'static str) -> Result<()> {
        self.skip(key)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// Where a map key goes: written into the output, or kept as text.
trait KeySink {
    fn put(&mut self, key: &str);
}

impl KeySink for Vec<u8> {
    fn put(&mut self, key: &str) {
        write_str(self, key);
    }
}

impl KeySink for String {
    fn put(&mut self, key: &str) {
        self.push_str(key);
    }
}

/// Writes a map key, which Avro requires to be a string.
struct KeySer<'a, S: KeySink>(&'a mut S);

fn key_error() -> Error {
    Error::mismatch("a map key (a string)", "a key that is not a string")
}

impl<S: KeySink> ser::Serializer for KeySer<'_, S> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<()> {
        self.0.put(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.0.put(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<()> {
        Err(key_error())
    }
    fn serialize_i8(self, _: i8) -> Result<()> {
        Err(key_error())
    }
    fn serialize_i16(self, _: i16) -> Result<()> {
        Err(key_error())
    }
    fn serialize_i32(self, _: i32) -> Result<()> {
        Err(key_error())
    }
    fn serialize_i64(self, _: i64) -> Result<()> {
        Err(key_error())
    }
    fn serialize_u8(self, _: u8) -> Result<()> {
        Err(key_error())
    }
    fn serialize_u16(self, _: u16) -> Result<()> {
        Err(key_error())
    }
    fn serialize_u32(self, _: u32) -> Result<()> {
        Err(key_error())
    }
    fn serialize_u64(self, _: u64) -> Result<()> {
        Err(key_error())
    }
    fn serialize_f32(self, _: f32) -> Result<()> {
        Err(key_error())
    }
    fn serialize_f64(self, _: f64) -> Result<()> {
        Err(key_error())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<()> {
        Err(key_error())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<()> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Err(key_error())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_error())
    }
}
