//! The functions that encode and decode one datum of a type with its own
//! schema, and convert it to and from a [`Value`]: re-exported at the crate
//! root (`avrox::to_vec`, `avrox::from_slice`, ...), their one public path.

use super::{AvroSchema, Decode, Encode, FromValue, ToValue, cache};
use crate::binary::{self, Limits, SliceReader};
use crate::error::{Error, Result};
use crate::observe::{self, Framing, Op};
use crate::schema::Schema;
use crate::validate::collector::Collector;
use crate::validate::report::{Code, Failure, Report};
use crate::value::Value;

/// The binary encoding of a value, after checking its constraints.
///
/// An invalid value is refused with [`ErrorKind::Validation`](crate::ErrorKind::Validation), holding the
/// report of every failure; [`to_vec_unchecked`] skips the check.
///
/// ```
/// assert_eq!(avrox::to_vec(&27i64).unwrap(), [0x36]);
/// assert_eq!(avrox::to_vec("foo").unwrap(), [0x06, b'f', b'o', b'o']);
/// ```
pub fn to_vec<T: Encode + AvroSchema + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let result = encode_checked(value, &mut out);
    observed_encode(
        result,
        out.len(),
        cache::schema_id::<T>,
        cache::schema_of::<T>,
    )?;
    Ok(out)
}

/// Reports an encoding call of `T` to [`observe`]: its datum and bytes,
/// or its failure. The functions of the crate root do not read the clock:
/// two reads would cost a twentieth of encoding a small record.
#[inline(always)]
fn observed_encode(
    result: Result<()>,
    bytes: usize,
    id: fn() -> usize,
    schema: fn() -> &'static Schema,
) -> Result<()> {
    match &result {
        Ok(()) => observe::typed_datum(Op::Encode, id, schema, bytes),
        Err(e) => observe::failure(Op::Encode, Framing::Raw, || Some(schema()), e),
    }
    result
}

/// Reports a decoding call of `T` to [`observe`]: its datum and the
/// bytes it read, or its failure.
#[inline(always)]
fn observed_decode<T>(
    result: Result<T>,
    bytes: usize,
    id: fn() -> usize,
    schema: fn() -> &'static Schema,
) -> Result<T> {
    match &result {
        Ok(_) => observe::typed_datum(Op::Decode, id, schema, bytes),
        Err(e) => observe::failure(Op::Decode, Framing::Raw, || Some(schema()), e),
    }
    result
}

/// The binary encoding of a value, without checking its constraints: for
/// values known to be valid (built by this program, checked already) in hot
/// loops.
///
/// ```
/// assert_eq!(avrox::to_vec_unchecked(&27i64).unwrap(), [0x36]);
/// ```
pub fn to_vec_unchecked<T: Encode + AvroSchema + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let result = value.encode(&mut out).map_err(named_root::<T>);
    observed_encode(
        result,
        out.len(),
        cache::schema_id::<T>,
        cache::schema_of::<T>,
    )?;
    Ok(out)
}

/// Appends the binary encoding of a value to `out`, after checking its
/// constraints: what writers of framed data (container file blocks,
/// single-object messages) call for each value. On error `out` is left as it
/// was.
///
/// The unchecked counterpart is the [`Encode::encode`] method itself.
///
/// ```
/// let mut out = vec![0xC3, 0x01];
/// avrox::encode_into(&1i32, &mut out).unwrap();
/// assert_eq!(out, [0xC3, 0x01, 0x02]);
/// ```
pub fn encode_into<T: Encode + AvroSchema + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<()> {
    let start = out.len();
    let result = encode_checked(value, out);
    let bytes = out.len().saturating_sub(start);
    observed_encode(result, bytes, cache::schema_id::<T>, cache::schema_of::<T>)
}

/// [`encode_into`] without reporting to [`observe`]: the path of writers
/// that report per block or message themselves.
pub(crate) fn encode_checked<T: Encode + AvroSchema + ?Sized>(
    value: &T,
    out: &mut Vec<u8>,
) -> Result<()> {
    check(value)?;
    let start = out.len();
    value.encode(out).map_err(|e| {
        out.truncate(start);
        named_root::<T>(e)
    })
}

/// The value's constraints, as an error naming the type: the fast check
/// inline, the report out of line.
#[inline]
pub(crate) fn check<T: AvroSchema + ?Sized>(value: &T) -> Result<()> {
    if value.check_constraints() {
        Ok(())
    } else {
        Err(refuse(value))
    }
}

/// The report of a value's constraints: what [`Validate::validate`]
/// returns. Here, below `validate`, so that the codec's own checks use it.
///
/// [`Validate::validate`]: crate::Validate::validate
pub(crate) fn constraint_report<T: AvroSchema + ?Sized>(
    value: &T,
) -> std::result::Result<(), Report> {
    if value.check_constraints() {
        return Ok(());
    }
    Err(failure_report(value))
}

/// The report of a value whose fast check failed. It never checks again:
/// a custom validator may answer differently the second time (a clock, a
/// quota), and a failed check must stay a failure.
fn failure_report<T: AvroSchema + ?Sized>(value: &T) -> Report {
    let mut collector = Collector::new();
    value.collect_failures(&mut collector);
    match collector.finish() {
        Err(report) => report,
        // A check that failed fast but reports nothing: a hand-written
        // impl whose two hooks disagree, or a validator that changed its
        // mind. Say so rather than pass.
        Ok(()) => Report {
            failures: vec![Failure {
                path: String::new(),
                code: Code::Custom,
                params: Default::default(),
                value: String::new(),
                message: "the type's constraint check failed without saying why".into(),
            }],
        },
    }
}

#[cold]
#[inline(never)]
fn refuse<T: AvroSchema + ?Sized>(value: &T) -> Error {
    named_root::<T>(failure_report(value).into())
}

/// Decodes one value that fills `bytes` exactly, with the default
/// [`Limits`], and checks its constraints. Strings and bytes may borrow
/// from `bytes`.
///
/// ```
/// let name: &str = avrox::from_slice(&[0x06, b'f', b'o', b'o']).unwrap();
/// assert_eq!(name, "foo");
/// ```
pub fn from_slice<'de, T: Decode<'de> + AvroSchema>(bytes: &'de [u8]) -> Result<T> {
    from_slice_with_limits(bytes, Limits::default())
}

/// Decodes one value that fills `bytes` exactly, with the given limits,
/// and checks its constraints.
pub fn from_slice_with_limits<'de, T: Decode<'de> + AvroSchema>(
    bytes: &'de [u8],
    limits: Limits,
) -> Result<T> {
    let result = decode_all(bytes, limits).and_then(|value| {
        check(&value)?;
        Ok(value)
    });
    observed_decode(result, bytes.len(), cache::schema_id::<T>, T::schema)
}

/// Decodes one value that fills `bytes` exactly, with the default
/// [`Limits`], without checking its constraints: for data this program
/// wrote itself, or to see what invalid data holds. The counterpart of
/// [`to_vec_unchecked`].
///
/// ```
/// use avrox::Avro;
///
/// #[derive(Avro, Debug)]
/// struct Score(#[avro(max = 100)] u32);
///
/// let bytes = avrox::to_vec_unchecked(&Score(150))?;
/// assert!(avrox::from_slice::<Score>(&bytes).is_err());
/// assert_eq!(avrox::from_slice_unchecked::<Score>(&bytes)?.0, 150);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_slice_unchecked<'de, T: Decode<'de> + AvroSchema>(bytes: &'de [u8]) -> Result<T> {
    let result = decode_all(bytes, Limits::default());
    observed_decode(result, bytes.len(), cache::schema_id::<T>, T::schema)
}

/// Decodes one value that fills `bytes` exactly, unchecked.
fn decode_all<'de, T: Decode<'de> + AvroSchema>(bytes: &'de [u8], limits: Limits) -> Result<T> {
    let mut reader = SliceReader::with_limits(bytes, limits);
    let value = T::decode(&mut reader).map_err(|e| named_root::<T>(e))?;
    binary::expect_end(&reader)?;
    Ok(value)
}

/// Reads the next value from `reader`, leaving what follows unread, and
/// checks its constraints: for values written one after another. A value
/// that breaks them is an [`ErrorKind::Validation`](crate::ErrorKind::Validation) error at the byte where
/// it starts; the reader is then past it, at the next value.
pub fn read_next<'de, T: Decode<'de> + AvroSchema>(reader: &mut SliceReader<'de>) -> Result<T> {
    let start = reader.position();
    let result = read_unobserved::<T>(reader).and_then(|value| {
        check(&value).map_err(|e| e.at(start))?;
        Ok(value)
    });
    observed_decode(
        result,
        reader.position().saturating_sub(start),
        cache::schema_id::<T>,
        T::schema,
    )
}

/// Reads the next value from `reader`, leaving what follows unread,
/// without checking its constraints (see [`read_next`]). The reader's
/// [`Limits`] start afresh for the value.
///
/// ```
/// use avrox::binary::SliceReader;
///
/// let mut reader = SliceReader::new(&[0x02, 0x04]);
/// let first: i64 = avrox::read_next_unchecked(&mut reader)?;
/// let second: i64 = avrox::read_next_unchecked(&mut reader)?;
/// assert_eq!((first, second), (1, 2));
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn read_next_unchecked<'de, T: Decode<'de> + AvroSchema>(
    reader: &mut SliceReader<'de>,
) -> Result<T> {
    let start = reader.position();
    let result = read_unobserved::<T>(reader);
    observed_decode(
        result,
        reader.position().saturating_sub(start),
        cache::schema_id::<T>,
        T::schema,
    )
}

/// The next value, unchecked and not reported to [`observe`].
#[inline(always)]
fn read_unobserved<'de, T: Decode<'de> + AvroSchema>(reader: &mut SliceReader<'de>) -> Result<T> {
    reader.begin_datum();
    T::decode(reader).map_err(|e| named_root::<T>(e))
}

/// Starts an error's path with the type's Avro name, when it has one,
/// without building the schema (which an invalid type could not).
pub(crate) fn named_root<T: AvroSchema + ?Sized>(e: Error) -> Error {
    match T::ERROR_ROOT {
        Some(name) => e.in_root(name),
        None => e,
    }
}

/// The value of `value` as a generic [`Value`].
pub fn to_value<T: ToValue + ?Sized>(value: &T) -> Value {
    value.to_value()
}

/// A `T` from a generic [`Value`], checked against `T`'s constraints, as
/// every other way into a `T` is (decoding, reading files and messages,
/// JSON). A value that breaks them is an [`ErrorKind::Validation`](crate::ErrorKind::Validation) error
/// with the report.
///
/// ```
/// use avrox::{Avro, ErrorKind, Value};
///
/// #[derive(Avro, Debug)]
/// struct Score { #[avro(max = 100)] points: u32 }
///
/// let value = Value::record([("points", Value::Long(150))]);
/// let err = avrox::from_value::<Score>(value.clone()).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Validation(_)));
/// assert_eq!(avrox::from_value_unchecked::<Score>(value)?.points, 150);
/// # Ok::<(), avrox::Error>(())
/// ```
pub fn from_value<T: FromValue + AvroSchema>(value: Value) -> Result<T> {
    let value = T::from_value(value)?;
    check(&value)?;
    Ok(value)
}

/// A `T` from a generic [`Value`], without checking `T`'s constraints:
/// the [`FromValue`] conversion alone.
pub fn from_value_unchecked<T: FromValue>(value: Value) -> Result<T> {
    T::from_value(value)
}
