//! The default of a field held as a logical type's Rust type (a UUID, a
//! decimal, a `chrono` or `time` date, time or timestamp) as an expression
//! of that type.
//!
//! A default that type cannot hold is refused here, when the code is
//! generated: the expressions below cannot fail at run time. Those that
//! go through a `chrono` or `time` constructor returning `Option` or
//! `Result` are `const` blocks, so a value out of range could only be a
//! compile error, never a panic.

use std::str::FromStr;

use avrox::schema::LogicalType;
use avrox::value::{Decimal, Uuid};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value as Json;

use crate::options::{DecimalType, TimeCrate};

/// The days from 1970-01-01 of `chrono::NaiveDate::MIN` (January 1 of the
/// year -262143) and `MAX` (December 31, 262142).
const CHRONO_DAYS: (i64, i64) = (-96_465_292, 95_026_236);
/// The days from 1970-01-01 of `time::Date::MIN` (January 1 of the year
/// -9999) and `MAX` (December 31, 9999) without `time`'s `large-dates`
/// feature, which avrox does not turn on (a crate that does still gets
/// only these).
const TIME_DAYS: (i64, i64) = (-4_371_587, 2_932_896);
/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
const SECONDS_PER_DAY: i64 = 86_400;
/// The message of the generated code's `expect`, which cannot fail: the
/// range was checked here.
const CHECKED: &str = "in range, as avrox-codegen checked";

/// The expression for the default `json` of a field whose Avro type has
/// the logical type `logical`, held as `time`'s or `decimal`'s choice, or
/// why there is none.
pub(crate) fn expr(
    logical: &LogicalType,
    json: &Json,
    time: TimeCrate,
    decimal: DecimalType,
) -> Result<TokenStream, String> {
    if time == TimeCrate::Avrox
        && let Some(expr) = own_time_value(logical, json)
    {
        return expr;
    }
    match logical {
        LogicalType::Uuid => uuid(json),
        LogicalType::Decimal { precision, scale } => {
            decimal_expr(&decimal_of(json, *precision, *scale)?, decimal)
        }
        LogicalType::BigDecimal => decimal_expr(&big_decimal_of(json)?, decimal),
        LogicalType::Date => date(int(json)?, time),
        LogicalType::TimeMillis => time_of_day(int(json)?, 1_000, time),
        LogicalType::TimeMicros => time_of_day(int(json)?, 1_000_000, time),
        LogicalType::TimestampMillis => timestamp(int(json)?, Unit::Millis, time, false),
        LogicalType::TimestampMicros => timestamp(int(json)?, Unit::Micros, time, false),
        LogicalType::TimestampNanos => timestamp(int(json)?, Unit::Nanos, time, false),
        LogicalType::LocalTimestampMillis => timestamp(int(json)?, Unit::Millis, time, true),
        LogicalType::LocalTimestampMicros => timestamp(int(json)?, Unit::Micros, time, true),
        LogicalType::LocalTimestampNanos => timestamp(int(json)?, Unit::Nanos, time, true),
        other => Err(format!(
            "has no Rust expression for the logical type {other:?}"
        )),
    }
}

/// A default held by avrox's own date and time types (`avrox::value::Date`,
/// ...): the count as it is, in the type's integer; `None` for other
/// logical types.
fn own_time_value(logical: &LogicalType, json: &Json) -> Option<Result<TokenStream, String>> {
    let narrow = match logical {
        LogicalType::Date | LogicalType::TimeMillis => true,
        LogicalType::TimeMicros
        | LogicalType::TimestampMillis
        | LogicalType::TimestampMicros
        | LogicalType::TimestampNanos
        | LogicalType::LocalTimestampMillis
        | LogicalType::LocalTimestampMicros
        | LogicalType::LocalTimestampNanos => false,
        _ => return None,
    };
    let ty = crate::types::own_time_type(logical);
    Some(int(json).and_then(|n| {
        let count = if narrow {
            i32_literal(n)?
        } else {
            signed(i128::from(n))
        };
        Ok(quote!(::avrox::value::#ty(#count)))
    }))
}

/// Whether `json` is a default of the logical type on a `string`,
/// `bytes` or `fixed` (a UUID's text, a decimal within its precision, a
/// big-decimal's encoding), as the parser takes a union's first branch
/// that fits; `true` for other logical types.
pub(crate) fn fits(logical: Option<&LogicalType>, json: &Json) -> bool {
    match logical {
        Some(LogicalType::Uuid) => json.as_str().is_some_and(|s| s.parse::<Uuid>().is_ok()),
        Some(LogicalType::Decimal { precision, scale }) => {
            decimal_of(json, *precision, *scale).is_ok()
        }
        Some(LogicalType::BigDecimal) => big_decimal_of(json).is_ok(),
        _ => true,
    }
}

/// A `decimal`'s default: the unscaled integer's bytes.
fn decimal_of(json: &Json, precision: u32, scale: u32) -> Result<Decimal, String> {
    let scale = i32::try_from(scale).map_err(|_| format!("scale {scale} is too large"))?;
    let value = Decimal::from_unscaled_bytes(&bytes(json)?, scale);
    // A longer default would fail the derived schema's own check when the
    // program first builds it.
    let precision = usize::try_from(precision).unwrap_or(usize::MAX);
    if value.min_digits() > precision || value.digits() > precision {
        return Err(format!("has more digits than the precision, {precision}"));
    }
    Ok(value)
}

/// A `big-decimal`'s default: the bytes of the unscaled integer's bytes,
/// then the scale, both in Avro's binary encoding.
fn big_decimal_of(json: &Json) -> Result<Decimal, String> {
    let raw = bytes(json)?;
    let mut reader = avrox::binary::SliceReader::new(&raw);
    let unscaled = reader
        .read_bytes()
        .map_err(|e| format!("is not a big-decimal's bytes: {e}"))?;
    let scale = reader
        .read_int()
        .map_err(|e| format!("is not a big-decimal's bytes: {e}"))?;
    if reader.remaining() != 0 {
        return Err("has bytes after the big-decimal's scale".to_owned());
    }
    Ok(Decimal::from_unscaled_bytes(unscaled, scale))
}

fn uuid(json: &Json) -> Result<TokenStream, String> {
    let text = json.as_str().ok_or("is not a string")?;
    let uuid: Uuid = text
        .parse()
        .map_err(|e| format!("{text:?} is not a UUID: {e}"))?;
    // The UUID's 32 hex digits in one literal read better than 16 bytes.
    let hex = format!("0x{:032x}", u128::from_be_bytes(*uuid.as_bytes()));
    let hex = Literal::from_str(&hex).map_err(|e| format!("{text:?}: {e}"))?;
    Ok(quote!(::avrox::value::Uuid::from_bytes(u128::to_be_bytes(#hex))))
}

fn decimal_expr(value: &Decimal, decimal: DecimalType) -> Result<TokenStream, String> {
    let scale = value.scale();
    let scale_literal = signed(i128::from(scale));
    match (decimal, value.to_i128()) {
        (DecimalType::Avrox, Some(unscaled)) => {
            let unscaled = signed(unscaled);
            Ok(quote!(::avrox::value::Decimal::from_i128(#unscaled, #scale_literal)))
        }
        (DecimalType::Avrox, None) => {
            let bytes = value
                .unscaled_bytes()
                .iter()
                .map(|b| Literal::u8_unsuffixed(*b));
            Ok(quote!(::avrox::value::Decimal::from_unscaled_bytes(&[#(#bytes),*], #scale_literal)))
        }
        (DecimalType::RustDecimal, unscaled) => {
            // rust_decimal holds 96 bits of unscaled integer and scales
            // 0 to 28; `from_i128_with_scale` panics outside them.
            const MAX_UNSCALED: i128 = (1 << 96) - 1;
            let scale = u32::try_from(scale).ok().filter(|s| *s <= 28);
            match (unscaled.filter(|u| u.abs() <= MAX_UNSCALED), scale) {
                (Some(unscaled), Some(_)) => {
                    let unscaled = signed(unscaled);
                    Ok(
                        quote!(::rust_decimal::Decimal::from_i128_with_scale(#unscaled, #scale_literal)),
                    )
                }
                _ => Err(format!(
                    "{value} does not fit rust_decimal::Decimal (96 bits, scale 0 to 28): generate avrox's Decimal for it"
                )),
            }
        }
    }
}

/// A date held by the `chrono` or `time` crate.
fn date(days: i64, time: TimeCrate) -> Result<TokenStream, String> {
    match time {
        TimeCrate::Chrono => {
            in_days(days, CHRONO_DAYS, "chrono::NaiveDate")?;
            let days = i32_literal(days)?;
            Ok(const_some(
                quote!(::chrono::NaiveDate::from_epoch_days(#days)),
            ))
        }
        TimeCrate::Time => {
            in_days(days, TIME_DAYS, "time::Date")?;
            let julian = i32_literal(days + UNIX_EPOCH_JULIAN_DAY)?;
            Ok(const_ok(quote!(::time::Date::from_julian_day(#julian))))
        }
        _ => Err("has no date type".to_owned()),
    }
}

/// A time of day, `count` units of `per_second` after midnight.
fn time_of_day(count: i64, per_second: i64, time: TimeCrate) -> Result<TokenStream, String> {
    let secs = count.div_euclid(per_second);
    if !(0..SECONDS_PER_DAY).contains(&secs) {
        return Err(format!("{count} is not a time of day (0 to 24 hours)"));
    }
    // Below a second: at most 999 999 999 nanoseconds.
    let nanos = u32::try_from(count.rem_euclid(per_second) * (1_000_000_000 / per_second))
        .map_err(|_| format!("{count} is not a time of day"))?;
    let nanos = Literal::u32_unsuffixed(nanos);
    match time {
        TimeCrate::Chrono => {
            let secs = Literal::i64_unsuffixed(secs);
            Ok(const_some(
                quote!(::chrono::NaiveTime::from_num_seconds_from_midnight_opt(#secs, #nanos)),
            ))
        }
        TimeCrate::Time => {
            let (h, m, s) = (
                Literal::i64_unsuffixed(secs / 3600),
                Literal::i64_unsuffixed(secs / 60 % 60),
                Literal::i64_unsuffixed(secs % 60),
            );
            Ok(const_ok(
                quote!(::time::Time::from_hms_nano(#h, #m, #s, #nanos)),
            ))
        }
        _ => Err("has no time-of-day type".to_owned()),
    }
}

#[derive(Clone, Copy)]
enum Unit {
    Millis,
    Micros,
    Nanos,
}

impl Unit {
    fn per_second(self) -> i64 {
        match self {
            Unit::Millis => 1_000,
            Unit::Micros => 1_000_000,
            Unit::Nanos => 1_000_000_000,
        }
    }
}

/// A timestamp, in UTC or (`local`) on no time zone.
fn timestamp(count: i64, unit: Unit, time: TimeCrate, local: bool) -> Result<TokenStream, String> {
    let days = count
        .div_euclid(unit.per_second())
        .div_euclid(SECONDS_PER_DAY);
    let count_literal = signed(i128::from(count));
    match time {
        TimeCrate::Chrono => {
            in_days(days, CHRONO_DAYS, "chrono's timestamps")?;
            let local = local.then(|| quote!(.naive_utc()));
            let call = match unit {
                Unit::Millis => quote!(::chrono::DateTime::from_timestamp_millis(#count_literal)),
                Unit::Micros => quote!(::chrono::DateTime::from_timestamp_micros(#count_literal)),
                // Every i64 of nanoseconds is in chrono's range.
                Unit::Nanos => {
                    return Ok(
                        quote!(::chrono::DateTime::from_timestamp_nanos(#count_literal) #local),
                    );
                }
            };
            Ok(quote!(const { #call.expect(#CHECKED) #local }))
        }
        TimeCrate::Time => {
            in_days(days, TIME_DAYS, "time's timestamps")?;
            let nanos = i128::from(count) * i128::from(1_000_000_000 / unit.per_second());
            let nanos = signed(nanos);
            let utc = quote!(::time::OffsetDateTime::from_unix_timestamp_nanos(#nanos));
            Ok(if local {
                quote!(const {
                    if let Ok(utc) = #utc {
                        ::time::PrimitiveDateTime::new(utc.date(), utc.time())
                    } else {
                        panic!(#CHECKED)
                    }
                })
            } else {
                const_ok(utc)
            })
        }
        _ => Err("has no timestamp type".to_owned()),
    }
}

/// The `Some` of a `const fn`'s result, evaluated when the crate
/// compiles. (No `match`: a token stream in an attribute is printed with
/// `=>` apart.)
fn const_some(call: TokenStream) -> TokenStream {
    quote!(const { #call.expect(#CHECKED) })
}

/// The `Ok` of a `const fn`'s result, evaluated when the crate compiles
/// (`Result::expect` is not `const`).
fn const_ok(call: TokenStream) -> TokenStream {
    quote!(const {
        if let Ok(value) = #call {
            value
        } else {
            panic!(#CHECKED)
        }
    })
}

fn in_days(days: i64, (min, max): (i64, i64), holder: &str) -> Result<(), String> {
    if (min..=max).contains(&days) {
        Ok(())
    } else {
        Err(format!(
            "is {days} days from 1970-01-01, outside {holder} ({min} to {max}): generate avrox's own types for it"
        ))
    }
}

fn int(json: &Json) -> Result<i64, String> {
    json.as_i64()
        .ok_or_else(|| format!("{json} is not an integer"))
}

fn i32_literal(n: i64) -> Result<TokenStream, String> {
    i32::try_from(n)
        .map(|n| signed(i128::from(n)))
        .map_err(|_| format!("{n} is not an int"))
}

/// The bytes a JSON string stands for: each character one byte.
fn bytes(json: &Json) -> Result<Vec<u8>, String> {
    json.as_str()
        .ok_or("is not a string of bytes")?
        .chars()
        .map(|c| u8::try_from(u32::from(c)).map_err(|_| format!("has {c:?}, not a byte")))
        .collect()
}

/// An integer literal, its sign a separate token.
fn signed(n: i128) -> TokenStream {
    let magnitude = Literal::u128_unsuffixed(n.unsigned_abs());
    if n < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}
