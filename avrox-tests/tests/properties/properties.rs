//! Property tests of avrox: random valid schemas and random values of them,
//! from the generators of `avrox_tests::strategies`.
//!
//! The properties:
//! - printing a schema and parsing it back gives an equal schema with the
//!   same canonical form and fingerprints, and the canonical form is a
//!   fixed point (with the one exception the specification forces, see
//!   `schema_print_parse_round_trip`);
//! - binary: decode(encode(v)) == v, and re-encoding gives the same bytes;
//! - the JSON mapping of default values: `to_json` agrees with an
//!   independent implementation written from the specification
//!   (`strategies::spec_json`), and
//!   `from_json(to_json(v))` gives `v` back where the mapping is lossless
//!   (elsewhere a union reads back as the first branch that fits);
//! - decoding any bytes (random, or a mutated or cut valid encoding) returns
//!   `Ok` or `Err`, never panics, and whatever it accepts re-encodes;
//! - `Value::read_next` reads a stream of concatenated datums back in order;
//! - decimal text and `i128` agree.

use avrox::binary::{Limits, SliceReader};
use avrox::schema::{NodeId, Schema, Type};
use avrox::value::Decimal;
use avrox::{Error, Value};
use avrox_tests::strategies::{
    GenSchema, config, parse_generated, schema_and_values, schema_strategy, spec_json,
};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::Value as Json;

/// Limits for decoding untrusted bytes: small, so that a random count of
/// zero-sized items cannot make a case slow; reaching them is an `Err`.
fn fuzz_limits() -> Limits {
    Limits::default()
        .max_allocation(1 << 20)
        .max_collection_items(1 << 12)
}

// ---------------------------------------------------------------------------
// Oracles: the Rabin fingerprint, lossless JSON
// ---------------------------------------------------------------------------

/// CRC-64-AVRO as the specification describes it: the table built from the
/// polynomial, then one table step per byte.
fn rabin(bytes: &[u8]) -> u64 {
    const EMPTY: u64 = 0xc15d_213a_a4d7_a795;
    let table: Vec<u64> = (0..256u64)
        .map(|i| {
            let mut fp = i;
            for _ in 0..8 {
                fp = (fp >> 1) ^ (EMPTY & 0u64.wrapping_sub(fp & 1));
            }
            fp
        })
        .collect();
    let mut fp = EMPTY;
    for &b in bytes {
        fp = (fp >> 8) ^ table[((fp ^ u64::from(b)) & 0xff) as usize];
    }
    fp
}

/// Whether the JSON mapping of `schema`'s values is lossless: no union has
/// two branches whose JSON forms can look alike. Otherwise `from_json`
/// picks the first branch the JSON fits, as the specification says of
/// union defaults, which need not be the branch the value came from (a
/// `long` 3 read back into `["double", "long"]` becomes the double 3.0; a
/// `string` "NaN" into `["float", "string"]` becomes a float NaN; a record
/// ignores keys it does not have, so `{"a": {}}` of a map fits a record
/// whose fields all have defaults).
fn json_lossless(schema: &Schema) -> bool {
    const NULL: u8 = 1;
    const BOOL: u8 = 2;
    const NUMBER: u8 = 4;
    const STRING: u8 = 8;
    const ARRAY: u8 = 16;
    const OBJECT: u8 = 32;
    let class = |id: NodeId| match schema.node(id).ty() {
        Type::Null => NULL,
        Type::Boolean => BOOL,
        Type::Int | Type::Long => NUMBER,
        // Non-finite numbers are the strings "NaN", "Infinity", "-Infinity".
        Type::Float | Type::Double => NUMBER | STRING,
        Type::Bytes | Type::String | Type::Enum(_) | Type::Fixed(_) => STRING,
        Type::Array(_) => ARRAY,
        Type::Map(_) | Type::Record(_) => OBJECT,
        _ => u8::MAX,
    };
    schema.nodes().iter().all(|node| match node.ty() {
        Type::Union(u) => {
            let mut seen = 0u8;
            u.variants.iter().all(|&v| {
                let c = class(v);
                let disjoint = seen & c == 0;
                seen |= c;
                disjoint
            })
        }
        _ => true,
    })
}

// ---------------------------------------------------------------------------
// Value comparison
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Floats {
    /// Bit for bit: the binary encoding keeps NaN payloads and signed zeros.
    Bits,
    /// Any NaN equals any NaN (JSON has one "NaN"); otherwise bit for bit.
    NanIsNan,
}

fn same(a: &Value, b: &Value, floats: Floats) -> bool {
    let nan_is_nan = floats == Floats::NanIsNan;
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            x.to_bits() == y.to_bits() || (nan_is_nan && x.is_nan() && y.is_nan())
        }
        (Value::Double(x), Value::Double(y)) => {
            x.to_bits() == y.to_bits() || (nan_is_nan && x.is_nan() && y.is_nan())
        }
        (Value::Record(x), Value::Record(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((n1, v1), (n2, v2))| n1 == n2 && same(v1, v2, floats))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v1, v2)| same(v1, v2, floats))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v1)| y.get(k).is_some_and(|v2| same(v1, v2, floats)))
        }
        (Value::Union(i, x), Value::Union(j, y)) => i == j && same(x, y, floats),
        _ => a == b,
    }
}

/// Whether `back` is what reading `v`'s JSON by first fit can give: at each
/// union a branch no later than `v`'s, and below a union where the branches
/// agree, the same value.
fn first_fit(v: &Value, back: &Value) -> bool {
    match (v, back) {
        (Value::Union(i, x), Value::Union(j, y)) => j < i || (i == j && first_fit(x, y)),
        (Value::Record(x), Value::Record(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((n1, v1), (n2, v2))| n1 == n2 && first_fit(v1, v2))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v1, v2)| first_fit(v1, v2))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v1)| y.get(k).is_some_and(|v2| first_fit(v1, v2)))
        }
        _ => same(v, back, Floats::NanIsNan),
    }
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

fn ok<T>(result: Result<T, Error>, what: &str, schema: &Schema) -> Result<T, TestCaseError> {
    result.map_err(|e| fail(format!("{what} failed: {e}\nschema: {schema}")))
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(1024))]

    /// parse(print(s)) == s, with the same canonical form and fingerprints;
    /// the canonical form is a fixed point; the names defined are the ones
    /// the specification's namespace rules give.
    #[test]
    fn schema_print_parse_round_trip(g in schema_strategy()) {
        let text = g.json.to_string();
        let s = Schema::parse(&text)
            .map_err(|e| fail(format!("a valid schema was rejected: {e}\n{text}")))?;

        // The namespace rules: every fullname the generator meant.
        let mut names: Vec<String> = s.named_types().map(|(n, _)| n.fullname().to_owned()).collect();
        let mut expected = g.fullnames.clone();
        names.sort();
        expected.sort();
        prop_assert_eq!(&names, &expected, "named types of {}", text);

        let printed = s.to_string();
        let back = Schema::parse(&printed)
            .map_err(|e| fail(format!("the printed schema was rejected: {e}\n{printed}")))?;
        prop_assert_eq!(&back, &s, "printed: {}", printed);
        prop_assert_eq!(back.to_string(), printed.clone(), "printing is not a fixed point");
        let pretty = Schema::parse(&format!("{s:#}"))
            .map_err(|e| fail(format!("the pretty-printed schema was rejected: {e}")))?;
        prop_assert_eq!(&pretty, &s);
        prop_assert_eq!(s.to_json(), back.to_json());

        let canonical = s.canonical_form();
        prop_assert_eq!(back.canonical_form(), canonical);
        prop_assert_eq!(back.rabin_fingerprint(), s.rabin_fingerprint());
        prop_assert_eq!(back.md5_fingerprint(), s.md5_fingerprint());
        prop_assert_eq!(back.sha256_fingerprint(), s.sha256_fingerprint());
        prop_assert_eq!(s.rabin_fingerprint().as_u64(), rabin(canonical.as_bytes()));
        // The canonical form is JSON and re-serialises to itself: no
        // whitespace, no escapes beyond JSON's own.
        let canonical_json: Json = serde_json::from_str(canonical)
            .map_err(|e| fail(format!("the canonical form is not JSON: {e}\n{canonical}")))?;
        prop_assert_eq!(canonical_json.to_string(), canonical);

        // A fixed point, except where the specification's transformation
        // itself loses a null namespace (see GenSchema::null_ns_nested).
        if !g.null_ns_nested {
            let c = Schema::parse(canonical)
                .map_err(|e| fail(format!("the canonical form was rejected: {e}\n{canonical}")))?;
            prop_assert_eq!(c.canonical_form(), canonical);
            prop_assert_eq!(c.rabin_fingerprint(), s.rabin_fingerprint());
            prop_assert_eq!(c.md5_fingerprint(), s.md5_fingerprint());
            prop_assert_eq!(c.sha256_fingerprint(), s.sha256_fingerprint());
            let mut c_names: Vec<String> =
                c.named_types().map(|(n, _)| n.fullname().to_owned()).collect();
            c_names.sort();
            prop_assert_eq!(c_names, expected);
        }
    }

    /// decode(encode(v)) == v, bit for bit for floats; re-encoding gives the
    /// same bytes.
    #[test]
    fn binary_round_trip(case in schema_and_values(1..4)) {
        let s = &case.schema;
        for v in &case.values {
            let bytes = ok(v.to_bytes(s), "encode", s)?;
            let back = ok(Value::decode(&bytes, s), "decode", s)?;
            prop_assert!(same(&back, v, Floats::Bits),
                "decoded {:?}\nexpected {:?}\nschema {}", back, v, s);
            let again = ok(back.to_bytes(s), "re-encode", s)?;
            prop_assert_eq!(&again, &bytes);
            // With limits that only the size of the input bounds, too.
            let unlimited = ok(Value::decode_with_limits(&bytes, s, Limits::unlimited()),
                "decode (unlimited)", s)?;
            prop_assert!(same(&unlimited, v, Floats::Bits));
        }
    }

    /// The JSON mapping of default values: `to_json` agrees with the
    /// specification's table; `from_json` reads it back, exactly where the
    /// mapping is lossless and by first fit elsewhere; a record field left
    /// out of the JSON takes its default.
    #[test]
    fn json_round_trip(case in schema_and_values(1..3)) {
        let s = &case.schema;
        let lossless = json_lossless(s);
        for v in &case.values {
            let json = ok(v.to_default_json(s), "to_json", s)?;
            prop_assert_eq!(&json, &spec_json(s, s.root_id(), v), "value {:?}", v);
            let back = ok(Value::from_default_json(&json, s), "from_json", s)?;
            let encoded = back.to_bytes(s);
            if lossless {
                ok(encoded, "encode of from_json", s)?;
                prop_assert!(same(&back, v, Floats::NanIsNan),
                    "from_json gave {:?}\nexpected {:?}\nschema {}", back, v, s);
            } else {
                ok(encoded, "encode of from_json", s)?;
                ok(back.to_default_json(s), "to_json of from_json", s)?;
                // The first branch that fits may come before the value's own
                // (which always fits); where it is the same, all below agrees.
                prop_assert!(first_fit(v, &back),
                    "from_json gave {:?}\nfor {:?}\nschema {}", back, v, s);
            }

            // Leaving out a field with a default is writing its default.
            if let (Type::Record(r), Json::Object(object)) = (s.root().ty(), &json) {
                for f in r.fields.iter().filter(|f| f.default.is_some()) {
                    let mut without = object.clone();
                    without.remove(&f.name);
                    let mut with = object.clone();
                    with.insert(f.name.clone(), f.default.clone().expect("a default"));
                    let a = ok(Value::from_default_json(&Json::Object(without), s), "from_json", s)?;
                    let b = ok(Value::from_default_json(&Json::Object(with), s), "from_json", s)?;
                    prop_assert!(same(&a, &b, Floats::Bits),
                        "field {} left out gave {:?}, its default {:?}", f.name, a, b);
                }
            }
        }
    }

    /// Decoding random bytes never panics; what it accepts re-encodes and
    /// decodes to the same value.
    #[test]
    fn decode_random_bytes_never_panics(
        case in schema_and_values(0..1),
        bytes in vec(prop_oneof![3 => any::<u8>(), 2 => 0u8..4, 1 => Just(0x80u8)], 0..64),
    ) {
        check_untrusted(&case.schema, &bytes)?;
    }

    /// Mutations of a valid encoding (bytes changed, inserted, deleted, the
    /// end cut off) never make decoding panic; every strict prefix of a valid
    /// encoding fails, and so does the encoding with a byte appended.
    #[test]
    fn decode_mutated_encodings_never_panics(
        case in schema_and_values(1..2),
        mutations in vec((0u8..6, any::<usize>(), any::<u8>()), 1..4),
    ) {
        let s = &case.schema;
        let bytes = ok(case.values[0].to_bytes(s), "encode", s)?;
        for cut in 0..bytes.len() {
            prop_assert!(Value::decode(&bytes[..cut], s).is_err(),
                "the prefix of {} of {} bytes decoded", cut, bytes.len());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        prop_assert!(Value::decode(&longer, s).is_err(), "a trailing byte was accepted");

        let mut mutated = bytes;
        for (kind, at, byte) in mutations {
            let len = mutated.len();
            match kind {
                0 if len > 0 => mutated[at % len] ^= byte | 1,
                1 if len > 0 => mutated[at % len] = byte,
                2 => mutated.insert(at % (len + 1), byte),
                3 if len > 0 => {
                    mutated.remove(at % len);
                }
                4 => mutated.truncate(at % (len + 1)),
                _ => mutated.push(byte),
            }
            check_untrusted(s, &mutated)?;
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// `Value::read_next` takes datums one after another off one reader.
    #[test]
    fn read_stream_of_datums(case in schema_and_values(1..6)) {
        let s = &case.schema;
        let mut stream = Vec::new();
        let mut ends = Vec::new();
        for v in &case.values {
            ok(v.encode(s, &mut stream), "encode", s)?;
            ends.push(stream.len());
        }
        let mut reader = SliceReader::new(&stream);
        for (v, end) in case.values.iter().zip(ends) {
            let back = ok(Value::read_next(&mut reader, s), "read", s)?;
            prop_assert!(same(&back, v, Floats::Bits),
                "read {:?}\nexpected {:?}", back, v);
            prop_assert_eq!(reader.position(), end);
        }
        prop_assert!(reader.is_empty());
    }

    /// Decimal text and `i128` agree at every scale; digits are counted as
    /// the magnitude's; the text stays short however extreme the scale.
    #[test]
    fn decimal_text_round_trip(
        unscaled in any::<i128>(),
        scale in prop_oneof![
            3 => -45i32..45,
            1 => any::<i32>(),
            1 => prop::sample::select(vec![i32::MIN, i32::MAX, i32::MIN + 1, -7, -6]),
        ],
    ) {
        let d = Decimal::from_i128(unscaled, scale);
        let text = d.to_string();
        let parsed: Decimal = text.parse().map_err(|e| fail(format!("{text}: {e}")))?;
        prop_assert_eq!(&parsed, &d, "{}", text);
        prop_assert_eq!(parsed.scale(), scale);
        prop_assert_eq!(d.to_i128(), Some(unscaled));
        let magnitude = unscaled.unsigned_abs().to_string();
        prop_assert_eq!(d.digits(), magnitude.len());
        prop_assert!(text.len() <= magnitude.len() + 16, "{} is long", text);
        let mantissa = text.split(['E', 'e']).next().unwrap_or_default();
        let digits_only: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        prop_assert_eq!(
            digits_only.trim_start_matches('0'),
            magnitude.trim_start_matches('0'),
            "{}", text
        );
    }
}

/// Untrusted bytes: decoding returns, and what it accepts is a value of the
/// schema that encodes (unless it breaks a rule decoding does not check,
/// such as a decimal's precision) and decodes back to itself.
fn check_untrusted(s: &Schema, bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(v) = Value::decode_with_limits(bytes, s, fuzz_limits()) else {
        return Ok(());
    };
    let Ok(again) = v.to_bytes(s) else {
        return Ok(());
    };
    let back = ok(Value::decode(&again, s), "decode of a re-encoded value", s)?;
    prop_assert!(
        same(&back, &v, Floats::Bits),
        "re-encoded {:?} came back as {:?}",
        v,
        back
    );
    // Reading it as one datum of a stream gives the same and stops at its end.
    let mut reader = SliceReader::with_limits(bytes, fuzz_limits());
    let streamed = ok(Value::read_next(&mut reader, s), "read", s)?;
    prop_assert!(same(&streamed, &v, Floats::Bits));
    prop_assert!(reader.is_empty());
    Ok(())
}

// ---------------------------------------------------------------------------
// Schema resolution
// ---------------------------------------------------------------------------

/// The generated schema as the field `pre` of a record whose other field
/// is `a: int`: a writer whose `pre` a reader of `a` alone must skip.
fn wrapped(g: &GenSchema) -> Schema {
    let json = serde_json::json!({
        "type": "record", "name": "ZzWrap",
        "fields": [{"name": "pre", "type": g.json}, {"name": "a", "type": "int"}]
    });
    parse_generated(&json)
}

proptest! {
    #![proptest_config(config(512))]

    /// A schema resolved against itself is the identity, and decodes what
    /// the plain decoder does.
    #[test]
    fn resolving_a_schema_against_itself(case in schema_and_values(1..4)) {
        let s = &case.schema;
        let plan = avrox::resolve::Plan::new(s, s)
            .map_err(|e| fail(format!("a schema does not resolve against itself: {e}")))?;
        prop_assert!(plan.is_identity());
        for v in &case.values {
            let bytes = ok(v.to_bytes(s), "encode", s)?;
            let back = ok(plan.decode(&bytes), "plan decode", s)?;
            prop_assert!(same(&back, v, Floats::Bits), "{:?}\nexpected {:?}", back, v);
        }
    }

    /// Skipping a value of any schema leaves the reader exactly after it:
    /// the field after it reads back.
    #[test]
    fn skipping_any_writer_only_field(case in schema_and_values(1..4)) {
        let writer = wrapped(&case.g);
        let reader = Schema::parse(
            r#"{"type":"record","name":"ZzWrap","fields":[{"name":"a","type":"int"}]}"#,
        ).unwrap();
        let plan = avrox::resolve::Plan::new(&writer, &reader)
            .map_err(|e| fail(format!("{e}")))?;
        for v in &case.values {
            let record = Value::record([("pre", v.clone()), ("a", Value::Int(-7))]);
            let bytes = ok(record.to_bytes(&writer), "encode", &writer)?;
            let back = ok(plan.decode(&bytes), "plan decode", &writer)?;
            prop_assert_eq!(back, Value::record([("a", Value::Int(-7))]));
            // Any prefix is an error, never a panic.
            for end in 0..bytes.len() {
                prop_assert!(plan.decode(&bytes[..end]).is_err());
            }
        }
    }

    /// Random bytes under a skipping plan: an error or a value, never a
    /// panic, a hang or an unbounded allocation.
    #[test]
    fn random_bytes_under_a_plan(
        g in schema_strategy(),
        bytes in vec(any::<u8>(), 0..256),
    ) {
        let writer = wrapped(&g);
        let reader = Schema::parse(
            r#"{"type":"record","name":"ZzWrap","fields":[{"name":"a","type":"long"},
                {"name":"b","type":"string","default":"x"}]}"#,
        ).unwrap();
        let plan = avrox::resolve::Plan::new(&writer, &reader)
            .map_err(|e| fail(format!("{e}")))?;
        let mut r = SliceReader::with_limits(&bytes, fuzz_limits());
        let _ = plan.read_next(&mut r);
    }
}
