//! Validation: every constraint on the types it applies to, the report
//! (paths, codes, parameters, values, messages), where validation runs
//! (on demand, encode, decode, and their unchecked paths), constraints
//! carried in the schema and checked on generic values.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use avrox::binary::{Limits, SliceReader};
use avrox::validate::Code;
use avrox::{Avro, AvroSchema, ErrorKind, Report, Schema, Validate, Value};

/// Each failure as `path|code|value|message`, for compact assertions.
fn lines(report: &Report) -> Vec<String> {
    report
        .failures()
        .iter()
        .map(|f| format!("{}|{}|{}|{}", f.path(), f.code(), f.value(), f.message()))
        .collect()
}

fn failures<T: AvroSchema>(value: &T) -> Vec<String> {
    match value.validate() {
        Ok(()) => Vec::new(),
        Err(report) => {
            assert!(!value.is_valid(), "is_valid disagrees with validate");
            lines(&report)
        }
    }
}

/// The report of a derived value must be the one its schema's constraints
/// give on its generic value: the derive and the schema say the same.
fn same_report_from_schema<T: AvroSchema + avrox::ToValue>(value: &T) {
    let schema = T::schema();
    let reparsed = Schema::parse(&schema.to_string()).unwrap();
    let generic = avrox::to_value(value);
    let from_schema = generic.validate(&reparsed).err().map(|r| lines(&r));
    let derived = value.validate().err().map(|r| lines(&r));
    assert_eq!(from_schema, derived, "schema: {schema}");
}

// ---------------------------------------------------------------- numbers

#[derive(Avro, Debug, Clone, PartialEq)]
struct Numbers {
    #[avro(min = 1, max = 10)]
    small: i32,
    #[avro(min = 0, max = 255)]
    byte: u8,
    #[avro(exclusive_min = -5, exclusive_max = 5)]
    long: i64,
    #[avro(min = 0, max = 1)]
    ratio: f32,
    #[avro(exclusive_min = 0.0, max = 1e3)]
    amount: f64,
    #[avro(multiple_of = 5)]
    step: u32,
    #[avro(multiple_of = 0.25)]
    quarter: f64,
}

fn numbers() -> Numbers {
    Numbers {
        small: 5,
        byte: 0,
        long: 0,
        ratio: 0.5,
        amount: 1.0,
        step: 10,
        quarter: 0.75,
    }
}

#[test]
fn numbers_within_their_bounds_pass() {
    assert_eq!(failures(&numbers()), Vec::<String>::new());
    let edges = Numbers {
        small: 10,
        byte: 255,
        long: 4,
        ratio: 1.0,
        amount: 1000.0,
        step: 0,
        quarter: -2.5,
    };
    assert_eq!(failures(&edges), Vec::<String>::new());
    same_report_from_schema(&edges);
}

#[test]
fn numbers_out_of_bounds_fail_each() {
    let bad = Numbers {
        small: 0,
        byte: 0,
        long: 5,
        ratio: 1.5,
        amount: 0.0,
        step: 12,
        quarter: 0.3,
    };
    assert_eq!(
        failures(&bad),
        [
            "small|min|0|must be at least 1",
            "long|exclusive_max|5|must be less than 5",
            "ratio|max|1.5|must be at most 1.0",
            "amount|exclusive_min|0.0|must be greater than 0.0",
            "step|multiple_of|12|must be a multiple of 5",
            "quarter|multiple_of|0.3|must be a multiple of 0.25",
        ]
    );
    let low = Numbers {
        small: 11,
        long: -5,
        amount: 1000.5,
        ..numbers()
    };
    assert_eq!(
        failures(&low),
        [
            "small|max|11|must be at most 10",
            "long|exclusive_min|-5|must be greater than -5",
            "amount|max|1000.5|must be at most 1000.0",
        ]
    );
    same_report_from_schema(&bad);
    same_report_from_schema(&low);
}

#[test]
fn nan_fails_every_bound() {
    let nan = Numbers {
        ratio: f32::NAN,
        amount: f64::NAN,
        ..numbers()
    };
    assert_eq!(
        failures(&nan),
        [
            "ratio|min|NaN|must be at least 0.0",
            "ratio|max|NaN|must be at most 1.0",
            "amount|exclusive_min|NaN|must be greater than 0.0",
            "amount|max|NaN|must be at most 1000.0",
        ]
    );
}

#[test]
fn failures_carry_their_parameters() {
    let bad = Numbers {
        small: 0,
        ratio: 2.0,
        ..numbers()
    };
    let report = bad.validate().unwrap_err();
    let f = &report.failures()[0];
    assert_eq!(f.code(), Code::Min);
    assert_eq!(f.params()["min"], serde_json::json!(1));
    assert_eq!(report.failures()[1].params()["max"], serde_json::json!(1.0));
}

// ------------------------------------------------ decimals, dates, times

const MIN_PRICE: rust_decimal::Decimal = rust_decimal::Decimal::from_parts(1, 0, 0, false, 2);

#[derive(Avro, Debug)]
struct Priced {
    #[avro(big_decimal, min = MIN_PRICE, multiple_of = rust_decimal::Decimal::new(5, 2))]
    price: rust_decimal::Decimal,
    #[avro(min = chrono::DateTime::UNIX_EPOCH)]
    at: chrono::DateTime<chrono::Utc>,
    #[avro(max = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap())]
    day: chrono::NaiveDate,
    #[avro(unit = millis, exclusive_max = chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap())]
    morning: chrono::NaiveTime,
}

#[test]
fn decimals_dates_and_times_compare_with_expressions() {
    let good = Priced {
        price: rust_decimal::Decimal::new(1995, 2),
        at: chrono::DateTime::from_timestamp(1, 0).unwrap(),
        day: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
        morning: chrono::NaiveTime::from_hms_opt(9, 5, 0).unwrap(),
    };
    assert!(good.is_valid());
    let bad = Priced {
        price: rust_decimal::Decimal::new(3, 3),
        at: chrono::DateTime::from_timestamp(-1, 0).unwrap(),
        day: chrono::NaiveDate::from_ymd_opt(2100, 1, 2).unwrap(),
        morning: chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
    };
    assert_eq!(
        failures(&bad),
        [
            "price|min|0.003|must be at least 0.01",
            "price|multiple_of|0.003|must be a multiple of 0.05",
            "at|min|1969-12-31T23:59:59Z|must be at least 1970-01-01T00:00:00Z",
            "day|max|2100-01-02|must be at most 2100-01-01",
            "morning|exclusive_max|12:00:00|must be less than 12:00:00",
        ]
    );
    let report = bad.validate().unwrap_err();
    // A bound that is an expression is its `Debug` text.
    assert_eq!(report.failures()[0].params()["min"], "0.01");
    // Expressions do not travel in the schema.
    assert!(!Priced::schema().to_string().contains("avrox.constraints"));
}

// ---------------------------------------------------- strings and lengths

#[derive(Avro, Debug)]
struct Texts<'a> {
    #[avro(length(min = 2, max = 5))]
    name: String,
    #[avro(non_empty)]
    borrowed: &'a str,
    #[avro(pattern = r"^v\d+\.\d+$")]
    version: Cow<'a, str>,
    #[avro(length(max = 2))]
    blob: Vec<u8>,
    #[avro(length(min = 1), non_empty)]
    items: Vec<i32>,
    #[avro(length(max = 1))]
    labels: HashMap<String, String>,
    #[avro(one_of = ["red", "green"])]
    colour: String,
}

#[test]
fn lengths_count_characters_and_items() {
    let ok = Texts {
        name: "héllo".into(),
        borrowed: "x",
        version: Cow::Borrowed("v1.20"),
        blob: vec![1, 2],
        items: vec![1],
        labels: HashMap::new(),
        colour: "red".into(),
    };
    assert_eq!(failures(&ok), Vec::<String>::new());
    let bad = Texts {
        name: "héllo!".into(),
        borrowed: "",
        version: Cow::Owned("1.2".into()),
        blob: vec![1, 2, 3],
        items: vec![],
        labels: HashMap::from([("a".into(), "1".into()), ("b".into(), "2".into())]),
        colour: "blue".into(),
    };
    let got = failures(&bad);
    assert_eq!(
        got[0],
        "name|length|\"héllo!\"|must have at most 5 characters, has 6"
    );
    assert_eq!(got[1], "borrowed|non_empty|\"\"|must not be empty");
    assert_eq!(
        got[2],
        "version|pattern|\"1.2\"|must match the pattern ^v\\d+\\.\\d+$"
    );
    assert_eq!(
        got[3],
        "blob|length|[1, 2, 3]|must have at most 2 items, has 3"
    );
    assert_eq!(got[4], "items|length|[]|must have at least 1 item, has 0");
    assert_eq!(got[5], "items|non_empty|[]|must not be empty");
    assert!(got[6].starts_with("labels|length|{"), "{}", got[6]);
    assert!(
        got[6].ends_with("|must have at most 1 item, has 2"),
        "{}",
        got[6]
    );
    assert_eq!(
        got[7],
        "colour|one_of|\"blue\"|must be one of \"red\", \"green\""
    );
    assert_eq!(got.len(), 8);
    let short = Texts {
        name: "a".into(),
        ..ok
    };
    assert_eq!(
        failures(&short),
        ["name|length|\"a\"|must have at least 2 characters, has 1"]
    );
}

#[test]
fn long_values_are_shortened() {
    let bad = Texts {
        name: "x".repeat(1000),
        borrowed: "x",
        version: Cow::Borrowed("v1.0"),
        blob: vec![],
        items: vec![1],
        labels: HashMap::new(),
        colour: "red".into(),
    };
    let report = bad.validate().unwrap_err();
    let value = report.failures()[0].value();
    assert_eq!(value.chars().count(), Report::VALUE_CHARS);
    assert!(value.ends_with('…'));
}

// ------------------------------------------------ one_of, custom, inner

#[derive(Avro, Debug, Clone, Copy, PartialEq)]
enum Tier {
    Free,
    Pro,
    Enterprise,
}

/// No `Debug`: its value shows as a stand-in.
#[derive(Avro)]
struct Opaque(i32);

fn positive(o: &Opaque) -> Result<(), &'static str> {
    if o.0 > 0 {
        Ok(())
    } else {
        Err("must be positive")
    }
}

fn not_reserved(name: &str) -> Result<(), String> {
    if name == "root" {
        Err(format!("'{name}' is reserved"))
    } else {
        Ok(())
    }
}

#[derive(Avro)]
struct Mixed {
    #[avro(one_of = [Tier::Pro, Tier::Enterprise])]
    tier: Tier,
    #[avro(one_of = [1, 2, 3])]
    level: i32,
    #[avro(custom = not_reserved)]
    user: String,
    #[avro(custom = positive)]
    opaque: Opaque,
    #[avro(inner(min = 0, max = 9))]
    digits: Vec<i32>,
    #[avro(inner(length(max = 3)))]
    nickname: Option<String>,
    #[avro(inner(non_empty, inner(exclusive_min = 0.0)))]
    series: BTreeMap<String, Vec<f64>>,
    #[avro(inner(inner(multiple_of = 2)))]
    maybe_evens: Vec<Option<i64>>,
}

#[test]
fn one_of_custom_and_inner() {
    let ok = Mixed {
        tier: Tier::Pro,
        level: 2,
        user: "ann".into(),
        opaque: Opaque(1),
        digits: vec![0, 9],
        nickname: None,
        series: BTreeMap::from([("a".into(), vec![0.5])]),
        maybe_evens: vec![Some(2), None],
    };
    assert!(ok.is_valid());
    let bad = Mixed {
        tier: Tier::Free,
        level: 4,
        user: "root".into(),
        opaque: Opaque(0),
        digits: vec![1, 10, -1],
        nickname: Some("long".into()),
        series: BTreeMap::from([("a".into(), vec![]), ("b".into(), vec![1.0, 0.0])]),
        maybe_evens: vec![Some(3), None, Some(4)],
    };
    assert_eq!(
        failures(&bad),
        [
            "tier|one_of|Free|must be one of Pro, Enterprise",
            "level|one_of|4|must be one of 1, 2, 3",
            "user|custom|\"root\"|'root' is reserved",
            "opaque|custom|<no Debug>|must be positive",
            "digits[1]|max|10|must be at most 9",
            "digits[2]|min|-1|must be at least 0",
            "nickname|length|\"long\"|must have at most 3 characters, has 4",
            "series[\"a\"]|non_empty|[]|must not be empty",
            "series[\"b\"][1]|exclusive_min|0.0|must be greater than 0.0",
            "maybe_evens[0]|multiple_of|3|must be a multiple of 2",
        ]
    );
    let report = bad.validate().unwrap_err();
    assert_eq!(
        report.failures()[2].params()["function"],
        serde_json::json!("not_reserved")
    );
    // The literal lists travel in the schema; the enum's does not.
    let schema = Mixed::schema().to_string();
    assert!(
        schema.contains(r#""avrox.constraints":{"one_of":[1,2,3]}"#),
        "{schema}"
    );
    assert!(
        schema.contains(
            r#""avrox.constraints":{"inner":{"non_empty":true,"inner":{"exclusive_min":0.0}}}"#
        ),
        "{schema}"
    );
}

// ------------------------------------------- nesting, containers, enums

#[derive(Avro, Debug, Clone)]
struct Address {
    #[avro(length(min = 1, max = 3), inner(non_empty))]
    lines: Vec<String>,
    #[avro(pattern = "^[0-9]{5}$")]
    zip: String,
}

#[derive(Avro, Debug, Clone)]
#[avro(validate = adult_or_guardian)]
struct Customer {
    #[avro(min = 0, max = 150)]
    age: u8,
    guardian: Option<String>,
    address: Address,
    previous: Vec<Address>,
    by_label: HashMap<String, Address>,
    billing: Option<Box<Address>>,
}

fn adult_or_guardian(c: &Customer) -> Result<(), String> {
    if c.age < 18 && c.guardian.is_none() {
        Err("a minor needs a guardian".into())
    } else {
        Ok(())
    }
}

fn address(zip: &str) -> Address {
    Address {
        lines: vec!["1 Main St".into()],
        zip: zip.into(),
    }
}

fn customer() -> Customer {
    Customer {
        age: 40,
        guardian: None,
        address: address("12345"),
        previous: vec![address("11111")],
        by_label: HashMap::new(),
        billing: None,
    }
}

#[test]
fn nested_types_are_validated_through_every_container() {
    assert!(customer().is_valid());
    let bad = Customer {
        age: 200,
        address: Address {
            lines: vec![],
            zip: "1".into(),
        },
        previous: vec![address("11111"), address("x"), address("22222")],
        by_label: HashMap::from([("home".into(), address("y"))]),
        billing: Some(Box::new(Address {
            lines: vec![String::new(), String::new(), String::new(), String::new()],
            zip: "00000".into(),
        })),
        ..customer()
    };
    let got = failures(&bad);
    assert_eq!(
        got,
        [
            "age|max|200|must be at most 150",
            "address.lines|length|[]|must have at least 1 item, has 0",
            "address.zip|pattern|\"1\"|must match the pattern ^[0-9]{5}$",
            "previous[1].zip|pattern|\"x\"|must match the pattern ^[0-9]{5}$",
            "by_label[\"home\"].zip|pattern|\"y\"|must match the pattern ^[0-9]{5}$",
            "billing.lines|length|[\"\", \"\", \"\", \"\"]|must have at most 3 items, has 4",
            "billing.lines[0]|non_empty|\"\"|must not be empty",
            "billing.lines[1]|non_empty|\"\"|must not be empty",
            "billing.lines[2]|non_empty|\"\"|must not be empty",
            "billing.lines[3]|non_empty|\"\"|must not be empty",
        ]
    );
    same_report_from_schema(&bad);
}

#[test]
fn the_container_check_runs_after_the_fields_pass() {
    let minor = Customer {
        age: 12,
        ..customer()
    };
    let got = failures(&minor);
    assert_eq!(got.len(), 1);
    assert!(got[0].starts_with("|custom|Customer {"), "{}", got[0]);
    assert!(got[0].ends_with("|a minor needs a guardian"), "{}", got[0]);
    // Not while a field is wrong.
    let both = Customer {
        age: 12,
        address: address("bad"),
        ..customer()
    };
    assert_eq!(
        failures(&both),
        ["address.zip|pattern|\"bad\"|must match the pattern ^[0-9]{5}$"]
    );
}

/// A recursive type: each node checks its own value and its children.
#[derive(Avro, Debug)]
struct Tree {
    #[avro(min = 0)]
    value: i32,
    children: Vec<Tree>,
}

#[test]
fn recursive_types() {
    let tree = Tree {
        value: 1,
        children: vec![
            Tree {
                value: -1,
                children: vec![],
            },
            Tree {
                value: 2,
                children: vec![Tree {
                    value: -2,
                    children: vec![],
                }],
            },
        ],
    };
    assert_eq!(
        failures(&tree),
        [
            "children[0].value|min|-1|must be at least 0",
            "children[1].children[0].value|min|-2|must be at least 0",
        ]
    );
    same_report_from_schema(&tree);
}

#[derive(Avro, Debug)]
enum Shape {
    Circle {
        #[avro(exclusive_min = 0.0)]
        radius: f64,
    },
    Label(#[avro(non_empty)] String),
    Square(#[avro(min = 1)] u32, #[avro(max = 9)] u32),
    Empty,
}

#[derive(Avro, Debug)]
#[avro(transparent)]
struct Percent(#[avro(min = 0, max = 100)] u8);

#[derive(Avro, Debug)]
struct Pair<T> {
    #[avro(non_empty)]
    name: String,
    value: T,
}

#[test]
fn enums_transparent_and_generic_types() {
    assert_eq!(
        failures(&Shape::Circle { radius: 0.0 }),
        ["radius|exclusive_min|0.0|must be greater than 0.0"]
    );
    assert_eq!(
        failures(&Shape::Label(String::new())),
        ["|non_empty|\"\"|must not be empty"]
    );
    assert_eq!(
        failures(&Shape::Square(0, 10)),
        ["_0|min|0|must be at least 1", "_1|max|10|must be at most 9"]
    );
    assert!(Shape::Empty.is_valid());
    assert_eq!(failures(&Percent(101)), ["|max|101|must be at most 100"]);
    // A type's own constraints travel on its node.
    assert_eq!(
        Percent::schema().to_string(),
        r#"{"type":"int","avrox.constraints":{"min":0,"max":100}}"#
    );
    same_report_from_schema(&Percent(101));
    for shape in [
        Shape::Circle { radius: 0.0 },
        Shape::Label(String::new()),
        Shape::Square(0, 10),
        Shape::Empty,
    ] {
        same_report_from_schema(&shape);
    }
    assert!(
        Shape::schema()
            .to_string()
            .contains(r#"{"type":"string","avrox.constraints":{"non_empty":true}}"#)
    );
    let pair = Pair {
        name: String::new(),
        value: Percent(120),
    };
    assert_eq!(
        failures(&pair),
        [
            "name|non_empty|\"\"|must not be empty",
            "value|max|120|must be at most 100",
        ]
    );
}

// ------------------------------------------------- where validation runs

#[test]
fn encoding_refuses_an_invalid_value_with_the_report() {
    let bad = Customer {
        age: 200,
        ..customer()
    };
    let err = avrox::to_vec(&bad).unwrap_err();
    let ErrorKind::Validation(report) = err.kind() else {
        panic!("{err}")
    };
    assert_eq!(lines(report), ["age|max|200|must be at most 150"]);
    assert_eq!(err.path(), "Customer");
    assert_eq!(err.to_string(), "Customer: 1 constraint failed");
    assert_eq!(
        format!("{err:#}"),
        "Customer: 1 constraint failed: age: must be at most 150 [code=max, value=200]"
    );
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(err.report(), Some(report));

    // encode_into leaves the buffer as it was.
    let mut out = vec![7u8];
    assert!(avrox::encode_into(&bad, &mut out).is_err());
    assert_eq!(out, [7]);
    avrox::encode_into(&customer(), &mut out).unwrap();
    assert_eq!(&out[1..], avrox::to_vec(&customer()).unwrap());

    // The unchecked path writes it.
    let bytes = avrox::to_vec_unchecked(&bad).unwrap();
    let mut direct = Vec::new();
    avrox::Encode::encode(&bad, &mut direct).unwrap();
    assert_eq!(bytes, direct);
}

#[test]
fn decoding_refuses_invalid_data_unless_told_not_to() {
    let bad = Customer {
        age: 200,
        address: address("x"),
        ..customer()
    };
    let bytes = avrox::to_vec_unchecked(&bad).unwrap();
    let err = avrox::from_slice::<Customer>(&bytes).unwrap_err();
    assert_eq!(err.report().map(Report::len), Some(2));
    let err = avrox::from_slice_with_limits::<Customer>(&bytes, Limits::default()).unwrap_err();
    assert_eq!(err.report().map(Report::len), Some(2));
    let back: Customer = avrox::from_slice_unchecked(&bytes).unwrap();
    assert_eq!(back.age, 200);

    // A stream: the error says at which byte the refused value starts.
    let good = avrox::to_vec(&customer()).unwrap();
    let mut stream = good.clone();
    stream.extend_from_slice(&bytes);
    let mut reader = SliceReader::new(&stream);
    assert!(avrox::read_next::<Customer>(&mut reader).is_ok());
    let err = avrox::read_next::<Customer>(&mut reader).unwrap_err();
    assert_eq!(err.offset(), Some(good.len()));
    assert!(matches!(err.kind(), ErrorKind::Validation(_)));
    // ... and the reader is past it.
    assert!(reader.is_empty());
    let mut reader = SliceReader::new(&stream);
    assert!(avrox::read_next_unchecked::<Customer>(&mut reader).is_ok());
    assert_eq!(
        avrox::read_next_unchecked::<Customer>(&mut reader)
            .unwrap()
            .age,
        200
    );

    // Corrupt data is still a decode error, not a validation one.
    let err = avrox::from_slice::<Customer>(&bytes[..bytes.len() - 1]).unwrap_err();
    assert!(!matches!(err.kind(), ErrorKind::Validation(_)), "{err}");
}

#[test]
fn generic_values_are_checked_against_the_schema_on_encode_and_decode() {
    let schema = Schema::parse(&Customer::schema().to_string()).unwrap();
    let bad = Customer {
        age: 200,
        ..customer()
    };
    let value = avrox::to_value(&bad);
    let err = value.to_bytes(&schema).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Validation(_)));
    assert_eq!(err.path(), "Customer");
    let bytes = avrox::to_vec_unchecked(&bad).unwrap();
    let err = Value::decode(&bytes, &schema).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "Customer at byte 0: 1 constraint failed: age: must be at most 150 [code=max, value=200]"
    );
    let lenient = Value::decode_unchecked(&bytes, &schema).unwrap();
    assert_eq!(lenient, value);
}

// ------------------------------------------------- constraints in schemas

#[test]
fn constraints_survive_printing_and_leave_the_canonical_form_alone() {
    let json = r#"{"type":"record","name":"M","fields":[{"name":"score","type":"double","avrox.constraints":{"min":0,"max":1}},{"name":"tags","type":{"type":"array","items":"string"},"avrox.constraints":{"length":{"max":4},"inner":{"pattern":"^[a-z]+$"}}}]}"#;
    let with = Schema::parse(json).unwrap();
    assert_eq!(with.to_string(), json);
    let plain = Schema::parse(
        r#"{"type":"record","name":"M","fields":[{"name":"score","type":"double"},{"name":"tags","type":{"type":"array","items":"string"}}]}"#,
    )
    .unwrap();
    assert_eq!(with.canonical_form(), plain.canonical_form());
    assert_eq!(with.rabin_fingerprint(), plain.rabin_fingerprint());
    // Derived schemas carry them the same way, and parse back to themselves.
    let derived = Customer::schema();
    assert_eq!(&Schema::parse(&derived.to_string()).unwrap(), derived);
}

#[test]
fn schema_constraints_check_generic_values() {
    let schema = Schema::parse(
        r#"{"type":"record","name":"Model","fields":[
            {"name":"accuracy","type":"float","avrox.constraints":{"min":0,"max":1}},
            {"name":"epochs","type":"int","avrox.constraints":{"multiple_of":10,"exclusive_min":0}},
            {"name":"stage","type":{"type":"enum","name":"Stage","symbols":["DEV","PROD","OLD"]},
             "avrox.constraints":{"one_of":["DEV","PROD"]}},
            {"name":"owner","type":["null","string"],"avrox.constraints":{"inner":{"non_empty":true}}},
            {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":6,"scale":2},
             "avrox.constraints":{"min":"0.01"}},
            {"name":"metrics","type":{"type":"map","values":"double"},
             "avrox.constraints":{"inner":{"max":1e3}}},
            {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"},
             "avrox.constraints":{"min":0}},
            {"name":"blob","type":"bytes","avrox.constraints":{"length":{"min":1}}},
            {"name":"codes","type":{"type":"array","items":{"type":"string","avrox.constraints":{"pattern":"^[A-Z]{3}$"}}}}
        ]}"#,
    )
    .unwrap();
    let value = Value::record([
        ("accuracy", Value::Float(1.5)),
        ("epochs", Value::Int(15)),
        ("stage", Value::Enum(2, "OLD".into())),
        (
            "owner",
            Value::Union(1, Box::new(Value::String(String::new()))),
        ),
        (
            "price",
            Value::Decimal(avrox::value::Decimal::from_i128(0, 2)),
        ),
        ("metrics", Value::map([("loss", Value::Double(1e4))])),
        ("at", Value::TimestampMillis(-1)),
        ("blob", Value::Bytes(vec![])),
        ("codes", Value::array(vec!["EUR".into(), "usd".into()])),
    ]);
    let report = value.validate(&schema).unwrap_err();
    assert_eq!(
        lines(&report),
        [
            "accuracy|max|1.5|must be at most 1",
            "epochs|multiple_of|15|must be a multiple of 10",
            "stage|one_of|OLD|must be one of \"DEV\", \"PROD\"",
            "owner|non_empty|\"\"|must not be empty",
            "price|min|0.00|must be at least 0.01",
            "metrics[\"loss\"]|max|10000.0|must be at most 1000.0",
            "at|min|-1|must be at least 0",
            "blob|length|[]|must have at least 1 item, has 0",
            "codes[1]|pattern|\"usd\"|must match the pattern ^[A-Z]{3}$",
        ]
    );
    let good = Value::record([
        ("accuracy", Value::Float(0.5)),
        ("epochs", Value::Int(20)),
        ("stage", Value::Enum(1, "PROD".into())),
        ("owner", Value::Union(0, Box::new(Value::Null))),
        (
            "price",
            Value::Decimal(avrox::value::Decimal::from_i128(1, 2)),
        ),
        ("metrics", Value::map([("loss", Value::Double(0.1))])),
        ("at", Value::TimestampMillis(0)),
        ("blob", Value::Bytes(vec![0])),
        ("codes", Value::array(vec!["EUR".into()])),
    ]);
    assert_eq!(good.validate(&schema), Ok(()));
    let bytes = good.to_bytes(&schema).unwrap();
    assert_eq!(Value::decode(&bytes, &schema).unwrap(), good);
}

#[test]
fn malformed_constraints_are_schema_errors() {
    let cases = [
        (
            r#"{"type":"string","avrox.constraints":{"min":1}}"#,
            "fields[0].avrox.constraints.min: `min` does not apply to a string; use `length` for its length",
        ),
        (
            r#"{"type":"int","avrox.constraints":{"length":{"max":3}}}"#,
            "fields[0].avrox.constraints.length: `length` does not apply to a int",
        ),
        (
            r#"{"type":"int","avrox.constraints":{"minimum":1}}"#,
            "fields[0].avrox.constraints.minimum: unknown constraint `minimum`; expected one of min, max, exclusive_min, exclusive_max, length, non_empty, pattern, one_of, multiple_of, inner",
        ),
        (
            r#"{"type":"string","avrox.constraints":{"pattern":"(unclosed"}}"#,
            "fields[0].avrox.constraints.pattern: invalid pattern",
        ),
        (
            r#"{"type":"int","avrox.constraints":{"min":5,"max":3}}"#,
            "fields[0].avrox.constraints.min: `min` (5) leaves no value below `max` (3)",
        ),
        (
            r#"{"type":"int","avrox.constraints":{"exclusive_min":3,"max":3}}"#,
            "fields[0].avrox.constraints.exclusive_min: `exclusive_min` (3) leaves no value below `max` (3)",
        ),
        (
            r#"{"type":"string","avrox.constraints":{"length":{"min":5,"max":3}}}"#,
            "fields[0].avrox.constraints.length: `length.min` (5) is greater than `length.max` (3)",
        ),
        (
            r#"{"type":"string","avrox.constraints":{"length":{"min":-1}}}"#,
            "fields[0].avrox.constraints.length: `length.min` must be a whole number of at least 0, not -1",
        ),
        (
            r#"{"type":"long","avrox.constraints":{"multiple_of":0}}"#,
            "fields[0].avrox.constraints.multiple_of: must be positive, not 0",
        ),
        (
            r#"{"type":"long","avrox.constraints":{"min":"ten"}}"#,
            "fields[0].avrox.constraints.min: expected a number, found \"ten\"",
        ),
        (
            r#"{"type":"string","avrox.constraints":{"inner":{"non_empty":true}}}"#,
            "fields[0].avrox.constraints.inner: `inner` applies to arrays, maps and unions, not to a string",
        ),
        (
            r#"{"type":{"type":"array","items":"int"},"avrox.constraints":{"inner":{"pattern":"x"}}}"#,
            "fields[0].avrox.constraints.inner.pattern: `pattern` does not apply to a int",
        ),
        (
            r#"{"type":["null","string"],"avrox.constraints":{"non_empty":true}}"#,
            "fields[0].avrox.constraints.non_empty: `non_empty` does not apply to a union",
        ),
        (
            r#"{"type":"int","avrox.constraints":[1]}"#,
            "fields[0].avrox.constraints: constraints are an object, not [1]",
        ),
        (
            r#"{"type":{"type":"array","items":{"type":"string","avrox.constraints":{"min":1}}}}"#,
            "fields[0].type.items.avrox.constraints.min: `min` does not apply to a string",
        ),
        (
            r#"{"type":"int","avrox.constraints":{"one_of":[]}}"#,
            "fields[0].avrox.constraints.one_of: no value could be one of an empty list",
        ),
    ];
    for (field, expected) in cases {
        let json = format!(
            r#"{{"type":"record","name":"R","fields":[{}]}}"#,
            field.replacen('{', r#"{"name":"f","#, 1)
        );
        let err = Schema::parse(&json).unwrap_err().to_string();
        assert!(
            err.starts_with(expected),
            "{field}\n got: {err}\nwant: {expected}"
        );
    }
}

#[test]
fn hostile_patterns_are_refused_or_bounded() {
    // A pattern whose compiled program would be huge is refused, not built.
    let json = r#"{"type":"record","name":"R","fields":[{"name":"f","type":"string",
        "avrox.constraints":{"pattern":"((a{1000}){1000}){1000}"}}]}"#;
    let err = Schema::parse(json).unwrap_err().to_string();
    assert!(err.contains("invalid pattern"), "{err}");
    // A pattern that backtracking engines take exponential time on matches
    // in linear time.
    let json = r#"{"type":"record","name":"R","fields":[{"name":"f","type":"string",
        "avrox.constraints":{"pattern":"^(a+)+$"}}]}"#;
    let schema = Schema::parse(json).unwrap();
    let value = Value::record([("f", Value::String(format!("{}b", "a".repeat(5000))))]);
    assert!(value.validate(&schema).is_err());
}

// ---------------------------------------------------- the report itself

#[test]
fn report_snapshots() {
    let bad = Customer {
        age: 200,
        address: Address {
            lines: vec!["ok".into(), String::new()],
            zip: "1234".into(),
        },
        previous: vec![address("x")],
        by_label: HashMap::new(),
        billing: None,
        guardian: None,
    };
    let report = bad.validate().unwrap_err();
    insta::assert_snapshot!("customer_report", report.to_string());
    insta::assert_json_snapshot!("customer_report_json", report.to_json());
    // With the `serde` feature, the report serializes to the same JSON.
    assert_eq!(serde_json::to_value(&report).unwrap(), report.to_json());
}

#[test]
fn report_is_an_error_and_iterates() {
    let report = Numbers {
        small: 0,
        ..numbers()
    }
    .validate()
    .unwrap_err();
    let as_error: &dyn std::error::Error = &report;
    assert_eq!(
        as_error.to_string(),
        "small: must be at least 1 [code=min, value=0]"
    );
    assert_eq!((&report).into_iter().count(), 1);
    assert!(!report.is_empty());
}

// ------------------------------------- build-time DFAs agree with regex-lite

/// Patterns the derive compiles into DFAs, each beside the runtime engine
/// (regex-lite) that is the reference for what a pattern means.
#[derive(Avro, Debug)]
struct Patterned {
    #[avro(pattern = r"^v\d+\.\d+$")]
    version: String,
    #[avro(pattern = r"\bab\b|c\w*d")]
    words: String,
    #[avro(pattern = r"^[^\s@]+@[^\s@]+\.[a-zé]{2,3}$")]
    email: String,
    #[avro(pattern = r"^.{2}\D$")]
    dots: String,
    /// Too large for a build-time DFA: the runtime engine checks it.
    #[avro(pattern = r"^[a-c]{3000}$")]
    long: String,
}

/// The runtime engine (regex-lite), as a schema's `"avrox.constraints"`
/// pattern runs it on a `Value`.
fn reference(pattern: &'static str, text: &str) -> bool {
    let schema = avrox::Schema::parse_json(&serde_json::json!({
        "type": "string",
        "avrox.constraints": {"pattern": pattern},
    }))
    .unwrap();
    avrox::Value::from(text).validate(&schema).is_ok()
}

proptest::proptest! {
    #[test]
    fn derived_patterns_agree_with_the_runtime_engine(text in "[abcdv0-9.@é٣ \\s_x-]{0,12}") {
        let value = Patterned {
            version: text.clone(),
            words: text.clone(),
            email: text.clone(),
            dots: text.clone(),
            long: text.clone(),
        };
        let failed: Vec<String> = value
            .validate()
            .err()
            .map(|r| r.failures().iter().map(|f| f.path().to_owned()).collect())
            .unwrap_or_default();
        for (field, pattern) in [
            ("version", r"^v\d+\.\d+$"),
            ("words", r"\bab\b|c\w*d"),
            ("email", r"^[^\s@]+@[^\s@]+\.[a-zé]{2,3}$"),
            ("dots", r"^.{2}\D$"),
            ("long", r"^[a-c]{3000}$"),
        ] {
            proptest::prop_assert_eq!(
                !failed.iter().any(|f| f == field),
                reference(pattern, &text),
                "{} on {:?}", pattern, text
            );
        }
    }
}

// ------------------------------------------------------- generic fields

fn never<T>(_: &T) -> Result<(), &'static str> {
    Err("refused")
}

#[derive(Avro)]
struct Holder<T> {
    #[avro(custom = never)]
    value: T,
}

#[test]
fn a_generic_field_without_a_debug_bound_shows_a_stand_in() {
    let report = Holder { value: 5i32 }.validate().unwrap_err();
    // In a generic impl the derive cannot know that `T` has `Debug`.
    assert_eq!(lines(&report), ["value|custom|<no Debug>|refused"]);
}

// ------------------------------------------------------ hostile input

proptest::proptest! {
    /// Whatever the bytes, decoding with validation on is a value or an
    /// error, never a panic; and a value it returns is valid.
    #[test]
    fn arbitrary_bytes_decode_to_a_valid_value_or_an_error(
        bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
    ) {
        if let Ok(c) = avrox::from_slice::<Customer>(&bytes) {
            proptest::prop_assert!(c.is_valid());
        }
        let schema = Customer::schema();
        if let Ok(v) = Value::decode(&bytes, schema) {
            proptest::prop_assert!(v.validate(schema).is_ok());
        }
        if let Ok(c) = avrox::from_slice_unchecked::<Customer>(&bytes) {
            // The report of whatever was read is built without panicking.
            let _ = c.validate().map_err(|r| r.to_string());
        }
    }

    /// Valid customers round-trip through every checked path.
    #[test]
    fn valid_values_pass_every_checked_path(age in 18u8..=150, zip in "[0-9]{5}") {
        let value = Customer { age, address: address(&zip), ..customer() };
        let bytes = avrox::to_vec(&value).unwrap();
        let back: Customer = avrox::from_slice(&bytes).unwrap();
        proptest::prop_assert_eq!(back.address.zip, zip);
        let schema = Customer::schema();
        proptest::prop_assert_eq!(Value::decode(&bytes, schema).unwrap().to_bytes(schema).unwrap(), bytes);
    }
}

// ------------------------------------ what the schema cannot carry

mod as_text {
    use avrox::binary::SliceReader;
    use avrox::schema::{Node, NodeId, SchemaBuilder, Type};

    pub fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        b.add(Node::new(Type::String))
    }
    pub fn encode(v: &u32, out: &mut Vec<u8>) -> avrox::Result<()> {
        avrox::Encode::encode(v.to_string().as_str(), out)
    }
    pub fn decode(r: &mut SliceReader<'_>) -> avrox::Result<u32> {
        let s: &str = avrox::Decode::decode(r)?;
        s.parse()
            .map_err(|_| avrox::Error::new(avrox::ErrorKind::InvalidValue(s.into())))
    }
    pub fn to_value(v: &u32) -> avrox::Value {
        avrox::Value::String(v.to_string())
    }
    pub fn from_value(v: avrox::Value) -> avrox::Result<u32> {
        match v {
            avrox::Value::String(s) => s
                .parse()
                .map_err(|_| avrox::Error::new(avrox::ErrorKind::InvalidValue(s))),
            other => Err(avrox::Error::new(avrox::ErrorKind::InvalidValue(format!(
                "{other:?}"
            )))),
        }
    }
}

#[derive(Avro, Debug)]
struct Uncarried {
    /// A codec decides the Avro type (a string here): the bound is checked
    /// in Rust but not written into the schema.
    #[avro(with = as_text, max = 10)]
    count: u32,
    /// Bytes: `inner` checks each byte in Rust; the schema cannot say it.
    #[avro(inner(max = 127), length(max = 4))]
    ascii: Vec<u8>,
}

#[test]
fn constraints_a_schema_cannot_hold_are_checked_in_rust_only() {
    let schema = Uncarried::schema().to_string();
    assert_eq!(
        schema,
        r#"{"type":"record","name":"Uncarried","fields":[{"name":"count","type":"string","doc":"A codec decides the Avro type (a string here): the bound is checked\nin Rust but not written into the schema."},{"name":"ascii","type":"bytes","doc":"Bytes: `inner` checks each byte in Rust; the schema cannot say it.","avrox.constraints":{"length":{"max":4}}}]}"#
    );
    let bad = Uncarried {
        count: 11,
        ascii: vec![200],
    };
    assert_eq!(
        failures(&bad),
        [
            "count|max|11|must be at most 10",
            "ascii[0]|max|200|must be at most 127"
        ]
    );
}

// ------------------------------------------- containers skip what has none

#[test]
fn containers_of_unconstrained_types_are_not_walked_and_others_are() {
    // Strings and numbers have no constraints of their own: a container of
    // them has nothing to check (and does not loop over its items).
    const { assert!(!<Vec<String> as AvroSchema>::CONSTRAINED) };
    const { assert!(!<BTreeMap<String, Option<Vec<f64>>> as AvroSchema>::CONSTRAINED) };
    const { assert!(!<Box<[i32]> as AvroSchema>::CONSTRAINED) };
    // A derived type may have some, and so may anything holding it.
    const { assert!(<Numbers as AvroSchema>::CONSTRAINED) };
    const { assert!(<HashMap<String, Vec<Option<Box<Numbers>>>> as AvroSchema>::CONSTRAINED) };
    // And a failure deep inside such a container is still found.
    let mut bad = numbers();
    bad.small = 11;
    let nested = HashMap::from([(
        "k".to_owned(),
        vec![None, Some(Box::new(numbers())), Some(Box::new(bad))],
    )]);
    assert!(!nested.check_constraints());
    assert!(nested.validate().is_err());
    let fine = HashMap::from([("k".to_owned(), vec![Some(Box::new(numbers()))])]);
    assert!(fine.check_constraints());
}

/// A validator whose answer changes between calls (it consults a clock, a
/// quota, a counter): here it refuses its first call only.
#[derive(Avro, Debug)]
#[avro(validate = refuse_first_call)]
struct Quota {
    used: u32,
}

static QUOTA_CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn refuse_first_call(_: &Quota) -> Result<(), String> {
    if QUOTA_CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
        Err("over quota".into())
    } else {
        Ok(())
    }
}

#[test]
fn a_validator_that_changes_its_mind_gives_an_error_not_a_panic() {
    // The encoder checked, saw a failure, and asked for the report; the
    // report's own check passed, and that was an `unreachable!` panic.
    let err = avrox::to_vec(&Quota { used: 1 }).unwrap_err();
    assert_eq!(err.category(), avrox::error::Category::Validation, "{err}");
    assert!(err.to_string().contains("Quota"), "{err}");
}
