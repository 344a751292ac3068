//! avrox's own types for the date and time logical types: a count in the
//! logical type's unit, held in a type that carries the logical type, for
//! programs that use neither `chrono` nor `time`.
//!
//! A plain `i64` with `#[avro(unit = ..)]` is a timestamp only as a record
//! field; these types keep their logical type anywhere a type goes (the
//! items of an array, the values of a map, a union's branch), and they are
//! what code generation maps dates, times of day and local timestamps to
//! when no time crate is chosen.

/// Declares one newtype over its count, with the conversions every one has.
macro_rules! count_type {
    ($(#[$meta:meta])* $name:ident($int:ty), $logical:literal) => {
        $(#[$meta])*
        ///
        #[doc = concat!("Its schema is `", $logical, "`; the count is stored as it is, with no check of its range.")]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub $int);

        impl From<$int> for $name {
            fn from(count: $int) -> $name {
                $name(count)
            }
        }

        impl From<$name> for $int {
            fn from(value: $name) -> $int {
                value.0
            }
        }
    };
}

count_type! {
    /// A calendar date: days since 1970-01-01 (negative before).
    ///
    /// ```
    /// use avrox::AvroSchema;
    /// use avrox::value::Date;
    ///
    /// #[derive(avrox::Avro, Debug, PartialEq)]
    /// struct Shipment {
    ///     ship_by: Date,
    ///     holidays: Vec<Date>,
    /// }
    ///
    /// let schema = Shipment::schema().to_string();
    /// assert!(schema.contains(r#"{"name":"ship_by","type":{"type":"int","logicalType":"date"}}"#));
    /// assert!(schema.contains(r#""items":{"type":"int","logicalType":"date"}"#));
    ///
    /// let shipment = Shipment { ship_by: Date(20_454), holidays: vec![Date(20_453)] };
    /// let bytes = avrox::to_vec(&shipment)?;
    /// assert_eq!(avrox::from_slice::<Shipment>(&bytes)?, shipment);
    /// # Ok::<(), avrox::Error>(())
    /// ```
    Date(i32), "date"
}

count_type! {
    /// A time of day: milliseconds after midnight.
    TimeMillis(i32), "time-millis"
}

count_type! {
    /// A time of day: microseconds after midnight.
    TimeMicros(i64), "time-micros"
}

count_type! {
    /// An instant: milliseconds since 1970-01-01T00:00:00Z.
    TimestampMillis(i64), "timestamp-millis"
}

count_type! {
    /// An instant: microseconds since 1970-01-01T00:00:00Z.
    TimestampMicros(i64), "timestamp-micros"
}

count_type! {
    /// An instant: nanoseconds since 1970-01-01T00:00:00Z.
    TimestampNanos(i64), "timestamp-nanos"
}

count_type! {
    /// A date and time in no time zone: milliseconds since 1970-01-01T00:00:00
    /// local time.
    LocalTimestampMillis(i64), "local-timestamp-millis"
}

count_type! {
    /// A date and time in no time zone: microseconds since
    /// 1970-01-01T00:00:00 local time.
    LocalTimestampMicros(i64), "local-timestamp-micros"
}

count_type! {
    /// A date and time in no time zone: nanoseconds since 1970-01-01T00:00:00
    /// local time.
    LocalTimestampNanos(i64), "local-timestamp-nanos"
}
