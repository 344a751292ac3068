//! A compiled plan: what to do with each part of the writer's data to get a
//! value of the reader's schema, decided once from the two schemas.
//!
//! This file is the plan's data and the steps' small readers; compiling a
//! plan lives in `compile.rs` and decoding a [`Value`] under one in
//! `value.rs`, which both build on this file and not it on them.

use std::fmt;
use std::sync::Arc;

use crate::binary::SliceReader;
use crate::error::{Error, Result};
use crate::observe::Meter;
use crate::schema::{NodeId, Schema};
use crate::value::Value;

use super::issue::Incompatibility;

/// The index of a step in its [`Plan`].
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StepId(pub(crate) u32);

/// An Avro primitive, for promotions.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    /// `int`
    Int,
    /// `long`
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bytes`
    Bytes,
    /// `string`
    String,
}

impl Primitive {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Primitive::Int => "int",
            Primitive::Long => "long",
            Primitive::Float => "float",
            Primitive::Double => "double",
            Primitive::Bytes => "bytes",
            Primitive::String => "string",
        }
    }
}

/// One step of a plan. Generated code matches on it; not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub enum Step {
    /// The writer's and the reader's types encode alike (the same shape,
    /// names that match): read the value as the reader's type.
    Same {
        /// The reader's node.
        reader: NodeId,
    },
    /// A promotion of a primitive.
    Promote {
        /// The writer's type.
        from: Primitive,
        /// The reader's type.
        to: Primitive,
        /// The reader's node (for its logical type).
        reader: NodeId,
    },
    /// Records: the writer's fields in the writer's order, then defaults.
    Record(RecordStep),
    /// Enums: the reader's index of each writer's symbol.
    Enum {
        /// For each writer symbol, the reader's symbol index; `None` where
        /// the reader has neither the symbol nor a default.
        symbols: Box<[Option<u32>]>,
        /// The writer's symbols, for the error of an unknown one.
        writer_symbols: Box<[String]>,
        /// The reader's node.
        reader: NodeId,
    },
    /// Arrays: the item step.
    Array {
        /// How each item is read.
        items: StepId,
        /// The writer's item node, for its size bound.
        writer_items: NodeId,
    },
    /// Maps: the value step.
    Map {
        /// How each value is read.
        values: StepId,
        /// The writer's value node, for its size bound.
        writer_values: NodeId,
    },
    /// The writer wrote a union: read the branch index, then the branch's
    /// step (resolved against the whole reader's type).
    WriterUnion {
        /// Each writer branch's step, or why it cannot be read.
        branches: Box<[std::result::Result<StepId, Arc<str>>]>,
    },
    /// The reader has a union and the writer does not: the value goes to
    /// the reader's branch `index`, read by `step`.
    ReaderUnion {
        /// The reader's branch.
        index: u32,
        /// How the writer's value is read into that branch.
        step: StepId,
        /// The reader's union node.
        reader: NodeId,
    },
    /// A pair that cannot be read (reached only through a writer's union
    /// branch or a recursive reference): reading it is an error.
    Unreadable(Arc<str>),
    /// A slot being compiled; never left in a finished plan.
    Pending,
}

/// How a writer's record is read into the reader's.
#[doc(hidden)]
#[derive(Debug)]
pub struct RecordStep {
    /// One entry for each writer field, in the writer's order.
    pub fields: Box<[FieldStep]>,
    /// The reader's fields the writer does not have, with their defaults as
    /// values of the reader's field types.
    pub defaults: Box<[(usize, Value)]>,
    /// The reader's record node.
    pub reader: NodeId,
    /// Whether the fields read come in the reader's order (the usual case):
    /// then generated code reads each reader field in turn, with no slots.
    pub in_order: bool,
}

/// What to do with one writer field.
#[doc(hidden)]
#[derive(Debug)]
pub enum FieldStep {
    /// Read it into the reader's field at this position.
    Read {
        /// The reader's field position.
        field: usize,
        /// How the value is read.
        step: StepId,
        /// Whether `step` is `Same`: the field's plain decoder reads it
        /// (decided once, so the hot loop skips a lookup per field).
        same: bool,
    },
    /// Skip it: the reader has no such field.
    Skip {
        /// The writer's field type.
        writer: NodeId,
    },
}

/// A resolution of a writer's schema against a reader's, compiled once.
///
/// A plan says, for every part of the writer's data, how it becomes part of
/// a value of the reader's schema, by the rules of the specification's
/// "Schema Resolution": promotions, record fields matched by name or the
/// reader's aliases, writer-only fields skipped, reader-only fields filled
/// from their defaults, enum defaults, and the three cases of unions.
/// Compile it once per pair of schemas and decode any number of datums.
///
/// ```
/// use avrox::{Schema, Value};
/// use avrox::resolve::Plan;
///
/// let v1 = Schema::parse(r#"{"type": "record", "name": "User", "fields": [
///     {"name": "id", "type": "int"}, {"name": "score", "type": "int"}
/// ]}"#)?;
/// let v2 = Schema::parse(r#"{"type": "record", "name": "User", "fields": [
///     {"name": "id", "type": "long"},
///     {"name": "reputation", "type": "double", "aliases": ["score"]},
///     {"name": "role", "type": "string", "default": "member"}
/// ]}"#)?;
///
/// let bytes = Value::record([("id", Value::Int(7)), ("score", Value::Int(40))]).to_bytes(&v1)?;
/// let plan = Plan::new(&v1, &v2)?;
/// assert_eq!(
///     plan.decode(&bytes)?,
///     Value::record([
///         ("id", Value::Long(7)),
///         ("reputation", Value::Double(40.0)),
///         ("role", Value::from("member")),
///     ])
/// );
///
/// // A pair that cannot resolve names every place and rule.
/// let err = Plan::new(&v2, &v1).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "User.id: writer long cannot be read as int: Avro only widens numbers; read it as long (i64 in Rust), float or double; \
///      User.score: reader field is not in the writer's record and has no default"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Plan {
    pub(crate) writer: Schema,
    pub(crate) reader: Schema,
    pub(crate) steps: Vec<Step>,
    pub(crate) root: StepId,
    /// What can fail for some data only: writer union branches and enum
    /// symbols that the reader cannot take.
    pub(crate) partial: Vec<Incompatibility>,
    /// The metric keys of the `Value`s it decodes (see `resolve/value.rs`).
    pub(crate) meter: Meter,
}

impl Plan {
    /// The writer's schema.
    pub fn writer(&self) -> &Schema {
        &self.writer
    }

    /// The reader's schema.
    pub fn reader(&self) -> &Schema {
        &self.reader
    }

    /// Whether the writer's data reads as the reader's type with no
    /// resolution at all: the two schemas encode alike.
    pub fn is_identity(&self) -> bool {
        matches!(self.step(self.root), Step::Same { .. })
    }

    /// The writer's union branches and enum symbols that the reader cannot
    /// take: data that uses one fails to decode.
    pub fn partial_issues(&self) -> &[Incompatibility] {
        &self.partial
    }

    /// Starts an error's path with the reader schema's name.
    pub(super) fn root_named(&self, e: Error) -> Error {
        match self.reader.root().name() {
            Some(name) => e.in_root(name.name()),
            None => e,
        }
    }

    /// The root step.
    #[doc(hidden)]
    pub fn root(&self) -> StepId {
        self.root
    }

    /// The step with this id.
    #[doc(hidden)]
    #[inline]
    pub fn step(&self, id: StepId) -> &Step {
        // Step ids are made only by the compiler of this plan (the field
        // is private), which pushes a step for each and removes none; the
        // hidden API that takes them is for the generated code, which
        // passes the plan's own ids.
        #[allow(clippy::indexing_slicing)]
        &self.steps[id.0 as usize]
    }

    /// Follows writer unions: reads each branch index and returns the step
    /// of the branch the data took.
    #[doc(hidden)]
    #[inline(always)]
    pub fn through_unions(&self, r: &mut SliceReader<'_>, id: StepId) -> Result<StepId> {
        match self.step(id) {
            Step::WriterUnion { .. } | Step::Unreadable(_) => self.through_unions_slow(r, id),
            _ => Ok(id),
        }
    }

    fn through_unions_slow(&self, r: &mut SliceReader<'_>, mut id: StepId) -> Result<StepId> {
        loop {
            match self.step(id) {
                Step::WriterUnion { branches } => {
                    let start = r.position();
                    let (_, branch) = r.read_branch(branches)?;
                    id = match branch {
                        Ok(step) => *step,
                        Err(why) => return Err(unreadable(why).at(start)),
                    };
                }
                Step::Unreadable(why) => return Err(unreadable(why).at(r.position())),
                _ => return Ok(id),
            }
        }
    }

    /// Skips one value of the writer's node.
    #[doc(hidden)]
    #[inline]
    pub fn skip(&self, r: &mut SliceReader<'_>, writer: NodeId) -> Result<()> {
        super::skip::skip(&self.writer, writer, r)
    }

    /// Checks that the reader's own decoder reads the writer's value as it
    /// is (after any writer union): the same type, or a promotion whose
    /// bytes are already the reader's (an int's varint is a valid long's;
    /// bytes and strings share their encoding). For codecs and types that
    /// know only their own encoding.
    #[doc(hidden)]
    #[inline]
    pub fn expect_same(&self, r: &mut SliceReader<'_>, id: StepId) -> Result<()> {
        let id = self.through_unions(r, id)?;
        if self.reads_as_is(id) {
            Ok(())
        } else {
            Err(self.unsupported(id, "a field with a codec"))
        }
    }

    /// Whether the reader's own decoder reads the writer's bytes under
    /// this step; see [`expect_same`](Self::expect_same).
    #[doc(hidden)]
    #[inline]
    pub fn reads_as_is(&self, id: StepId) -> bool {
        matches!(
            self.step(id),
            Step::Same { .. }
                | Step::Promote {
                    from: Primitive::Int,
                    to: Primitive::Long,
                    ..
                }
                | Step::Promote {
                    from: Primitive::String | Primitive::Bytes,
                    to: Primitive::String | Primitive::Bytes,
                    ..
                }
        )
    }

    /// Reads an enum index under an `Enum` step, returning the reader's
    /// symbol index.
    #[doc(hidden)]
    pub fn read_enum(&self, r: &mut SliceReader<'_>, id: StepId) -> Result<usize> {
        let Step::Enum {
            symbols,
            writer_symbols,
            reader,
        } = self.step(id)
        else {
            return Err(self.unsupported(id, "an enum"));
        };
        let start = r.position();
        let (index, symbol) = r.read_symbol(symbols)?;
        match symbol {
            Some(i) => Ok(*i as usize),
            None => Err(Error::invalid(format!(
                "symbol '{}' is not in the reader's enum '{}', which has no default",
                writer_symbols.get(index).map_or("", |s| s.as_str()),
                self.reader
                    .node(*reader)
                    .name()
                    .map_or("", |n| n.fullname())
            ))
            .at(start)),
        }
    }

    /// The error of a step that the Rust type being decoded cannot take.
    #[doc(hidden)]
    #[cold]
    pub fn unsupported(&self, id: StepId, rust: &str) -> Error {
        Error::invalid(format!(
            "{rust} cannot be read through this resolution step ({})",
            self.describe(id)
        ))
    }

    fn describe(&self, id: StepId) -> String {
        match self.step(id) {
            Step::Same { .. } => "same type".into(),
            Step::Promote { from, to, .. } => format!("{} to {}", from.name(), to.name()),
            Step::Record(_) => "record".into(),
            Step::Enum { .. } => "enum".into(),
            Step::Array { .. } => "array".into(),
            Step::Map { .. } => "map".into(),
            Step::WriterUnion { .. } => "writer union".into(),
            Step::ReaderUnion { index, .. } => format!("reader union branch {index}"),
            Step::Unreadable(_) | Step::Pending => "unreadable".into(),
        }
    }
}

/// The error of data that takes a path the reader cannot read.
#[cold]
pub(crate) fn unreadable(why: &str) -> Error {
    Error::invalid(format!("the reader's schema cannot read this data: {why}"))
}

impl fmt::Debug for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plan")
            .field("writer", &self.writer.canonical_form())
            .field("reader", &self.reader.canonical_form())
            .field("steps", &self.steps.len())
            .finish()
    }
}
