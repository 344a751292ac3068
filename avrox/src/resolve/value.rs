//! Decoding a generic [`Value`] of the reader's schema under a plan.

use std::mem::size_of;

use super::plan::{FieldStep, Plan, Primitive, Step, StepId, unreadable};
use crate::binary::SliceReader;
use crate::error::{Error, Result};
use crate::observe::{self, Framing, Labels, Op, Timer};
use crate::schema::Type;
use crate::value::Value;
use crate::value::decode::{self, approximate_size};

impl Plan {
    /// Decodes one datum that fills `bytes` exactly, as a value of the
    /// reader's schema, with the default limits.
    pub fn decode(&self, bytes: &[u8]) -> Result<Value> {
        let timer = Timer::start();
        let decode = || {
            let mut reader = SliceReader::new(bytes);
            let value = self.read_checked(&mut reader)?;
            crate::binary::expect_end(&reader)?;
            Ok(value)
        };
        let result = decode();
        match &result {
            Ok(_) => self.meter.call(|| self.labels(), bytes.len(), timer),
            Err(e) => self.failed(e),
        }
        result
    }

    /// Reads the next datum from `reader` as a value of the reader's
    /// schema, leaving what follows unread; the reader's limits apply.
    ///
    /// The value is checked against the constraints the reader's schema
    /// carries (see [`validate`](crate::validate)); one that breaks them is
    /// an [`ErrorKind::Validation`](crate::ErrorKind::Validation) error at
    /// the byte where it starts, and the reader is then past it.
    pub fn read_next(&self, reader: &mut SliceReader<'_>) -> Result<Value> {
        let start = reader.position();
        let result = self.read_checked(reader);
        self.observed_next(result, reader.position().saturating_sub(start))
    }

    /// Reads the next datum from `reader`, like [`read_next`](Self::read_next),
    /// without checking the constraints of the reader's schema.
    pub fn read_next_unchecked(&self, reader: &mut SliceReader<'_>) -> Result<Value> {
        let start = reader.position();
        let result = self.read_unobserved(reader);
        self.observed_next(result, reader.position().saturating_sub(start))
    }

    /// [`read_next`](Self::read_next) without reporting to [`observe`].
    fn read_checked(&self, reader: &mut SliceReader<'_>) -> Result<Value> {
        let start = reader.position();
        let value = self.read_unobserved(reader)?;
        value
            .validate(&self.reader)
            .map_err(|report| self.root_named(Error::from(report).at(start)))?;
        Ok(value)
    }

    pub(crate) fn read_unobserved(&self, reader: &mut SliceReader<'_>) -> Result<Value> {
        reader.begin_datum();
        read(self, self.root, reader).map_err(|e| self.root_named(e))
    }

    /// Reports a datum of many read from the caller's buffer: added to
    /// the thread's batch, without reading the clock.
    fn observed_next(&self, result: Result<Value>, bytes: usize) -> Result<Value> {
        match &result {
            Ok(_) => self.meter.datum(|| self.labels(), bytes),
            Err(e) => self.failed(e),
        }
        result
    }

    fn failed(&self, e: &Error) {
        observe::failure(Op::Decode, Framing::Raw, || Some(&self.reader), e);
    }

    /// The labels of the plan's datums: the reader's schema, and the
    /// writer's when the two differ.
    fn labels(&self) -> Labels<'_> {
        Labels {
            op: Op::Decode,
            framing: Framing::Raw,
            schema: &self.reader,
            writer: observe::Writer::differing(&self.writer, &self.reader, None),
        }
    }
}

pub(crate) fn read(plan: &Plan, id: StepId, r: &mut SliceReader<'_>) -> Result<Value> {
    Ok(match plan.step(id) {
        Step::Same { reader } => decode::read(&plan.reader, *reader, r)?,
        Step::Promote { from, to, reader } => {
            let logical = plan.reader.node(*reader).logical;
            match (from, to) {
                (Primitive::Int, Primitive::Long) => {
                    Value::of_long(logical, i64::from(r.read_int()?))
                }
                (Primitive::Int, Primitive::Float) => Value::Float(r.read_int()? as f32),
                (Primitive::Int, Primitive::Double) => Value::Double(f64::from(r.read_int()?)),
                (Primitive::Long, Primitive::Float) => Value::Float(r.read_long()? as f32),
                (Primitive::Long, Primitive::Double) => Value::Double(r.read_long()? as f64),
                (Primitive::Float, Primitive::Double) => Value::Double(f64::from(r.read_float()?)),
                // Bytes and strings are both a length and that many bytes:
                // the reader's decoder reads them (checking UTF-8 for a
                // string, applying a decimal's scale to bytes).
                (Primitive::String, Primitive::Bytes) | (Primitive::Bytes, Primitive::String) => {
                    decode::read(&plan.reader, *reader, r)?
                }
                // The compiler makes only the specification's promotions.
                _ => return Err(plan.unsupported(id, "a value").at(r.position())),
            }
        }
        Step::Record(record) => {
            let Type::Record(schema) = &plan.reader.node(record.reader).ty else {
                // Record steps hold reader records.
                return Err(plan.unsupported(id, "a record").at(r.position()));
            };
            r.enter()?;
            r.charge_allocation(schema.fields.len() * size_of::<(String, Value)>())?;
            // The reader's fields in the reader's order; the plan fills
            // each one, from the writer's data or from its default.
            let mut fields = Vec::with_capacity(schema.fields.len());
            for field in &schema.fields {
                r.charge_allocation(field.name.len())?;
                fields.push((field.name.clone(), Value::Null));
            }
            for field in record.fields.iter() {
                match field {
                    FieldStep::Read { field, step, .. } => {
                        // The compiler takes `field` from the reader's record.
                        let Some(slot) = fields.get_mut(*field) else {
                            return Err(plan.unsupported(id, "a record").at(r.position()));
                        };
                        slot.1 = read(plan, *step, r).map_err(|e| e.in_field(&slot.0))?;
                    }
                    FieldStep::Skip { writer } => plan.skip(r, *writer)?,
                }
            }
            for (field, default) in record.defaults.iter() {
                // A default is copied for every datum: charge its size, so
                // many records of no writer bytes cannot fill memory.
                r.charge_allocation(approximate_size(default))?;
                let Some(slot) = fields.get_mut(*field) else {
                    return Err(plan.unsupported(id, "a record").at(r.position()));
                };
                slot.1 = default.clone();
            }
            r.leave();
            Value::Record(fields)
        }
        Step::Enum { reader, .. } => {
            let index = plan.read_enum(r, id)?;
            // Enum steps hold reader enums, and map to their symbols.
            let symbol = match &plan.reader.node(*reader).ty {
                Type::Enum(e) => e.symbols.get(index),
                _ => None,
            };
            let Some(symbol) = symbol else {
                return Err(plan.unsupported(id, "an enum").at(r.position()));
            };
            r.charge_allocation(symbol.len())?;
            Value::Enum(index as u32, symbol.clone())
        }
        Step::Array {
            items,
            writer_items,
        } => Value::Array(decode::read_array(
            r,
            plan.writer.min_size(*writer_items),
            |r| read(plan, *items, r),
        )?),
        Step::Map {
            values,
            writer_values,
        } => Value::Map(decode::read_map(
            r,
            plan.writer.min_size(*writer_values),
            |r| read(plan, *values, r),
        )?),
        Step::WriterUnion { .. } => {
            let branch = plan.through_unions(r, id)?;
            r.enter()?;
            let value = read(plan, branch, r)?;
            r.leave();
            value
        }
        Step::ReaderUnion { index, step, .. } => {
            r.enter()?;
            // The box, which the writer's bytes do not pay for: a null
            // read as a union takes none.
            r.charge_allocation(size_of::<Value>())?;
            let value = read(plan, *step, r)?;
            r.leave();
            Value::Union(*index, Box::new(value))
        }
        Step::Unreadable(why) => return Err(unreadable(why).at(r.position())),
        // A finished plan has no pending steps.
        Step::Pending => return Err(plan.unsupported(id, "a value").at(r.position())),
    })
}
