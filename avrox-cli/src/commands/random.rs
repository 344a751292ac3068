//! `avrox random`: random data of a schema, for tests and benchmarks.
//!
//! Each datum is built as Avro JSON and converted with the schema, which
//! checks the constraints the schema carries (`"avrox.constraints"`, see
//! `avrox::validate`). The generator aims inside them:
//!
//! - `min`, `max`, `exclusive_min`, `exclusive_max` and `multiple_of` on
//!   numbers: drawn from the allowed range, as multiples;
//! - `length` and `non_empty` on strings, bytes, arrays and maps;
//! - `one_of`: one of the listed values;
//! - `inner`: applied to array items and map values;
//! - `pattern`: random strings of several alphabets (letters, digits, hex,
//!   printable ASCII) and of the allowed lengths are tried until one
//!   matches; a pattern none of them matches (a fixed prefix, say) is an
//!   error that suggests a `one_of`. A datum that still breaks a
//!   constraint is drawn again, up to [`TRIES`] times.
//!
//! Recursive types stop growing past [`MAX_DEPTH`]: unions take a branch
//! that ends (null, or a non-recursive one) and collections are empty.

use avrox::Value;
use avrox::ocf::{Writer, WriterOptions};
use avrox::schema::{LogicalType, NodeId, Schema, Type};
use serde_json::{Map, Value as Json, json};

use crate::cli::RandomArgs;
use crate::error::{CliError, CliResult, Context, Outcome};
use crate::input;
use crate::output::write_file;
use crate::progress::{Progress, Unit};

/// How many times a datum that breaks a constraint is drawn again.
const TRIES: usize = 100;
/// How deep records, arrays, maps and unions nest before generation stops
/// growing them.
const MAX_DEPTH: usize = 8;
/// How many random strings are tried against a pattern.
const PATTERN_TRIES: usize = 5000;

pub fn run(args: RandomArgs) -> CliResult {
    let schema = input::schema(&args.schema)?;
    let codec = input::codec(args.codec.codec, args.codec.level)?;
    let out_name = args.output.display().to_string();
    let mut generator = Generator {
        schema: &schema,
        rng: Rng::new(args.seed),
        patterns: Vec::new(),
    };
    let mut progress = Progress::new("random", Unit::Records, Some(args.count));
    write_file(&args.output, &[args.schema.as_path()], |file| {
        let options = WriterOptions::new().codec(codec);
        let mut writer =
            Writer::<Value, _>::with_schema(file, schema.clone(), options).in_file(&out_name)?;
        for index in 0..args.count {
            let value = generator.datum(index)?;
            writer.append(&value).in_file(&out_name)?;
            progress.advance(1);
        }
        writer.finish().in_file(&out_name)?;
        Ok(Outcome::Ok)
    })
}

/// SplitMix64: small, fast and reproducible from a seed; statistical
/// quality far beyond what test data needs.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }

    /// An integer in `lo..=hi`.
    fn between(&mut self, lo: i128, hi: i128) -> i128 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo + 1).min(u64::MAX as i128) as u64;
        lo + self.below(span) as i128
    }

    /// A float in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

struct Generator<'a> {
    schema: &'a Schema,
    rng: Rng,
    /// Compiled patterns, by source.
    patterns: Vec<(String, regex_lite::Regex)>,
}

type Constraints = Map<String, Json>;

impl Generator<'_> {
    /// A valid datum, or an error saying why none could be made.
    fn datum(&mut self, index: u64) -> CliResult<Value> {
        let mut last = None;
        for _ in 0..TRIES {
            let json = self.node(self.schema.root_id(), None, 0, "")?;
            match avrox::json::from_json_with(&json, self.schema) {
                Ok(value) => return Ok(value),
                Err(e) => last = Some(e),
            }
        }
        let e = last.map(|e| format!("{e:#}")).unwrap_or_default();
        Err(CliError::new(format!(
            "could not make datum {index} fit the schema's constraints in {TRIES} tries; the last try: {e}"
        )))
    }

    fn node(
        &mut self,
        id: NodeId,
        cs: Option<&Constraints>,
        depth: usize,
        path: &str,
    ) -> CliResult<Json> {
        let node = self.schema.node(id);
        // one_of on a union field applies to its branch, chosen below.
        if let Some(choices) = cs.and_then(|c| c.get("one_of")).and_then(Json::as_array)
            && !matches!(node.ty(), Type::Union(_))
            && !choices.is_empty()
        {
            return Ok(choices[self.rng.below(choices.len() as u64) as usize].clone());
        }
        let logical = node.logical_type().cloned();
        Ok(match node.ty() {
            Type::Null => Json::Null,
            Type::Boolean => Json::Bool(self.rng.coin()),
            Type::Int => json!(self.integer(
                cs,
                int_range(logical.as_ref()),
                i32::MIN.into(),
                i32::MAX.into()
            )),
            Type::Long => json!(self.integer(
                cs,
                long_range(logical.as_ref()),
                i64::MIN.into(),
                i64::MAX.into()
            )),
            Type::Float => json!(self.float(cs) as f32),
            Type::Double => json!(self.float(cs)),
            Type::String => Json::String(self.string(cs, logical.as_ref(), path)?),
            Type::Bytes => {
                let bytes = match logical {
                    Some(LogicalType::Decimal { .. }) => vec![self.rng.below(10) as u8],
                    _ => {
                        let len = self.length(cs, 16);
                        (0..len).map(|_| self.rng.next() as u8).collect()
                    }
                };
                Json::String(bytes_text(&bytes))
            }
            Type::Fixed(fixed) => {
                let size = fixed.size;
                let bytes: Vec<u8> = match logical {
                    // A small positive unscaled value fits every precision.
                    Some(LogicalType::Decimal { .. }) => (0..size)
                        .map(|i| {
                            if i + 1 == size {
                                self.rng.below(10) as u8
                            } else {
                                0
                            }
                        })
                        .collect(),
                    _ => (0..size).map(|_| self.rng.next() as u8).collect(),
                };
                Json::String(bytes_text(&bytes))
            }
            Type::Enum(e) => {
                let symbols = &e.symbols;
                Json::String(symbols[self.rng.below(symbols.len() as u64) as usize].clone())
            }
            Type::Array(items) => {
                let items = *items;
                let len = if depth >= MAX_DEPTH {
                    0
                } else {
                    self.length(cs, 5)
                };
                let inner = inner(cs);
                let mut out = Vec::with_capacity(len);
                for i in 0..len {
                    out.push(self.node(
                        items,
                        inner.as_ref(),
                        depth + 1,
                        &format!("{path}[{i}]"),
                    )?);
                }
                Json::Array(out)
            }
            Type::Map(values) => {
                let values = *values;
                let len = if depth >= MAX_DEPTH {
                    0
                } else {
                    self.length(cs, 5)
                };
                let inner = inner(cs);
                let mut out = Map::new();
                for i in 0..len {
                    let key = format!("k{i}");
                    let value =
                        self.node(values, inner.as_ref(), depth + 1, &format!("{path}[{key}]"))?;
                    out.insert(key, value);
                }
                Json::Object(out)
            }
            Type::Union(union) => {
                let variants = union.variants.clone();
                let pick = if depth >= MAX_DEPTH {
                    variants
                        .iter()
                        .position(|v| !self.can_grow(*v))
                        .unwrap_or(0)
                } else {
                    self.rng.below(variants.len() as u64) as usize
                };
                let branch = variants[pick];
                let branch_node = self.schema.node(branch);
                if matches!(branch_node.ty(), Type::Null) {
                    Json::Null
                } else {
                    let name = match branch_node.name() {
                        Some(name) => name.fullname().to_owned(),
                        None => branch_node.ty().kind_name().to_owned(),
                    };
                    let value = self.node(branch, cs, depth + 1, path)?;
                    let mut object = Map::new();
                    object.insert(name, value);
                    Json::Object(object)
                }
            }
            Type::Record(record) => {
                let fields: Vec<_> = record
                    .fields
                    .iter()
                    .map(|f| {
                        (
                            f.name.clone(),
                            f.schema,
                            f.attributes
                                .get("avrox.constraints")
                                .and_then(Json::as_object)
                                .cloned(),
                        )
                    })
                    .collect();
                let mut out = Map::new();
                for (name, field, cs) in fields {
                    let field_path = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}.{name}")
                    };
                    let value = self.node(field, cs.as_ref(), depth + 1, &field_path)?;
                    out.insert(name, value);
                }
                Json::Object(out)
            }
            other => {
                return Err(CliError::new(format!(
                    "avrox random cannot make values of {} yet",
                    other.kind_name()
                )));
            }
        })
    }

    /// Whether values of this type can hold further values (so that a
    /// recursive type would keep growing through it).
    fn can_grow(&self, id: NodeId) -> bool {
        matches!(
            self.schema.node(id).ty(),
            Type::Record(_) | Type::Array(_) | Type::Map(_) | Type::Union(_)
        )
    }

    fn integer(
        &mut self,
        cs: Option<&Constraints>,
        (lo, hi): (i128, i128),
        min: i128,
        max: i128,
    ) -> i128 {
        let (mut lo, mut hi) = (lo, hi);
        if let Some(cs) = cs {
            let get = |key: &str| cs.get(key).and_then(Json::as_f64);
            if let Some(v) = get("min") {
                lo = lo.max(v.ceil() as i128);
                hi = hi.max(lo);
            }
            if let Some(v) = get("exclusive_min") {
                lo = lo.max(v.floor() as i128 + 1);
                hi = hi.max(lo);
            }
            if let Some(v) = get("max") {
                hi = hi.min(v.floor() as i128);
                lo = lo.min(hi);
            }
            if let Some(v) = get("exclusive_max") {
                hi = hi.min(v.ceil() as i128 - 1);
                lo = lo.min(hi);
            }
            lo = lo.clamp(min, max);
            hi = hi.clamp(min, max);
            if let Some(m) = cs
                .get("multiple_of")
                .and_then(Json::as_i64)
                .filter(|m| *m > 0)
            {
                let m = m as i128;
                let k_lo = lo.div_euclid(m) + i128::from(lo.rem_euclid(m) != 0);
                let k_hi = hi.div_euclid(m);
                return self.rng.between(k_lo, k_hi.max(k_lo)) * m;
            }
        }
        self.rng.between(lo, hi)
    }

    fn float(&mut self, cs: Option<&Constraints>) -> f64 {
        let (mut lo, mut hi) = (-1000.0f64, 1000.0f64);
        if let Some(cs) = cs {
            let get = |key: &str| cs.get(key).and_then(Json::as_f64);
            (lo, hi) = match (
                get("min").or(get("exclusive_min")),
                get("max").or(get("exclusive_max")),
            ) {
                (Some(l), Some(h)) => (l, h.max(l)),
                (Some(l), None) => (l, l + 1000.0),
                (None, Some(h)) => (h - 1000.0, h),
                (None, None) => (lo, hi),
            };
            if let Some(m) = cs
                .get("multiple_of")
                .and_then(Json::as_f64)
                .filter(|m| *m > 0.0)
            {
                let k = self
                    .rng
                    .between((lo / m).ceil() as i128, (hi / m).floor() as i128);
                return k as f64 * m;
            }
        }
        // Exclusive bounds: the draw is in [lo, hi), and a draw of exactly
        // lo is drawn again through the datum's retry.
        lo + self.rng.unit() * (hi - lo)
    }

    /// A length within the `length` and `non_empty` constraints, up to
    /// `usual` when they set no maximum.
    fn length(&mut self, cs: Option<&Constraints>, usual: u64) -> usize {
        let (mut lo, mut hi) = (0u64, usual);
        if let Some(cs) = cs {
            if cs.get("non_empty").and_then(Json::as_bool) == Some(true) {
                lo = 1;
            }
            if let Some(length) = cs.get("length") {
                if let Some(min) = length.get("min").and_then(Json::as_u64) {
                    lo = lo.max(min);
                }
                if let Some(max) = length.get("max").and_then(Json::as_u64) {
                    hi = max;
                }
            }
        }
        let hi = hi.max(lo).min(lo.saturating_add(64));
        self.rng.between(lo.into(), hi.into()) as usize
    }

    fn string(
        &mut self,
        cs: Option<&Constraints>,
        logical: Option<&LogicalType>,
        path: &str,
    ) -> CliResult<String> {
        if matches!(logical, Some(LogicalType::Uuid)) {
            let b: [u8; 16] = std::array::from_fn(|_| self.rng.next() as u8);
            let hex = super::meta::hex(&b);
            return Ok(format!(
                "{}-{}-4{}-a{}-{}",
                &hex[..8],
                &hex[8..12],
                &hex[13..16],
                &hex[17..20],
                &hex[20..32]
            ));
        }
        let Some(pattern) = cs.and_then(|c| c.get("pattern")).and_then(Json::as_str) else {
            let len = self.length(cs, 16);
            return Ok(self.text(ALNUM, len));
        };
        let regex = self.regex(pattern, path)?;
        const ALPHABETS: &[&[u8]] = &[LOWER, UPPER, DIGITS, ALNUM, HEX, PRINTABLE];
        for attempt in 0..PATTERN_TRIES {
            let alphabet = ALPHABETS[attempt % ALPHABETS.len()];
            let len = self.length(cs, 16);
            let candidate = self.text(alphabet, len);
            if regex.is_match(&candidate) {
                return Ok(candidate);
            }
        }
        Err(CliError::new(format!(
            "{}: no random string matched the pattern {pattern} in {PATTERN_TRIES} tries; \
             give the field a `one_of` list for avrox random to pick from",
            if path.is_empty() { "(root)" } else { path }
        )))
    }

    fn regex(&mut self, pattern: &str, path: &str) -> CliResult<regex_lite::Regex> {
        if let Some((_, regex)) = self.patterns.iter().find(|(p, _)| p == pattern) {
            return Ok(regex.clone());
        }
        let regex = regex_lite::Regex::new(pattern)
            .map_err(|e| CliError::new(format!("{path}: invalid pattern {pattern}: {e}")))?;
        self.patterns.push((pattern.to_owned(), regex.clone()));
        Ok(regex)
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.rng.below(alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &[u8] = b"0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const PRINTABLE: &[u8] =
    b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The constraints of the items or values of a collection.
fn inner(cs: Option<&Constraints>) -> Option<Constraints> {
    cs.and_then(|c| c.get("inner"))
        .and_then(Json::as_object)
        .cloned()
}

/// Bytes in the JSON encoding: a string of code points 0 to 255.
fn bytes_text(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Plausible values of an int: dates in 1970-2040, times within a day.
fn int_range(logical: Option<&LogicalType>) -> (i128, i128) {
    match logical {
        Some(LogicalType::Date) => (0, 25_567),
        Some(LogicalType::TimeMillis) => (0, 86_399_999),
        _ => (-1_000_000, 1_000_000),
    }
}

/// Plausible values of a long: instants in 1970-2040.
fn long_range(logical: Option<&LogicalType>) -> (i128, i128) {
    const SECONDS: i128 = 2_208_988_800;
    match logical {
        Some(LogicalType::TimeMicros) => (0, 86_399_999_999),
        Some(LogicalType::TimestampMillis | LogicalType::LocalTimestampMillis) => {
            (0, SECONDS * 1000)
        }
        Some(LogicalType::TimestampMicros | LogicalType::LocalTimestampMicros) => {
            (0, SECONDS * 1_000_000)
        }
        Some(LogicalType::TimestampNanos | LogicalType::LocalTimestampNanos) => {
            (0, SECONDS * 1_000_000_000)
        }
        _ => (-1_000_000_000, 1_000_000_000),
    }
}
