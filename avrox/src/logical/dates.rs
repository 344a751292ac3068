//! The codec traits of avrox's own date and time types
//! ([`crate::value::Date`] and the others of `value::dates`): the logical
//! type's schema, its count as an `int` or `long`, and its [`Value`].

use crate::binary::{self, SliceReader};
use crate::codec::{AvroSchema, Decode, Encode, FromValue, ToValue, unwrap_union};
use crate::error::{Error, Result};
use crate::schema::{LogicalType, Node, NodeId, SchemaBuilder, Type};
use crate::value::{
    Date, LocalTimestampMicros, LocalTimestampMillis, LocalTimestampNanos, TimeMicros, TimeMillis,
    TimestampMicros, TimestampMillis, TimestampNanos, Value,
};

/// The five traits of one type: `$int` on the wire as Avro's `$avro`
/// (`int` or `long`), read back from its own `Value` variant or the bare
/// number (a writer whose schema has no logical type).
macro_rules! count_codec {
    ($($name:ident: $int:ident, $avro:ident, $read:ident, $write:ident, $logical:literal;)*) => {$(
        impl AvroSchema for $name {
            fn add_schema(b: &mut SchemaBuilder) -> NodeId {
                b.add(Node::new(Type::$avro).with_logical_type(LogicalType::$name))
            }
        }

        impl Encode for $name {
            #[inline]
            fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
                binary::$write(out, self.0);
                Ok(())
            }
        }

        impl Decode<'_> for $name {
            const MIN_ENCODED_SIZE: usize = 1;

            #[inline]
            fn decode(r: &mut SliceReader<'_>) -> Result<$name> {
                r.$read().map($name)
            }
        }

        impl ToValue for $name {
            fn to_value(&self) -> Value {
                Value::$name(self.0)
            }
        }

        impl FromValue for $name {
            fn from_value(value: Value) -> Result<$name> {
                match unwrap_union(value) {
                    Value::$name(count) | Value::$avro(count) => Ok($name(count)),
                    other => Err(Error::mismatch($logical, other.kind_name())),
                }
            }
        }
    )*};
}

count_codec! {
    Date: i32, Int, read_int, write_int, "date";
    TimeMillis: i32, Int, read_int, write_int, "time-millis";
    TimeMicros: i64, Long, read_long, write_long, "time-micros";
    TimestampMillis: i64, Long, read_long, write_long, "timestamp-millis";
    TimestampMicros: i64, Long, read_long, write_long, "timestamp-micros";
    TimestampNanos: i64, Long, read_long, write_long, "timestamp-nanos";
    LocalTimestampMillis: i64, Long, read_long, write_long, "local-timestamp-millis";
    LocalTimestampMicros: i64, Long, read_long, write_long, "local-timestamp-micros";
    LocalTimestampNanos: i64, Long, read_long, write_long, "local-timestamp-nanos";
}
