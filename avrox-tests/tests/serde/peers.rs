//! The serde bridge against the other serde-driven Avro crates: the harness
//! the gallery (`gallery.rs`) runs its cases through, and the benches'
//! datasets byte for byte.
//!
//! Four writers and readers of serde types take part:
//!
//! | [`Lib`] | writes | reads |
//! | --- | --- | --- |
//! | `avrox` | `avrox::serde::to_vec` | `avrox::serde::from_slice` |
//! | `apache_serde` | apache-avro 0.22's `GenericDatumWriter::write_ser` | `GenericDatumReader::read_deser` |
//! | `apache_value` | `apache_avro::to_value`, then `write_value_ref` | `read_value`, then `apache_avro::from_value` |
//! | `serde_avro_fast` | `serde_avro_fast::to_datum_vec` | `serde_avro_fast::from_datum_slice` |
//!
//! A case is a serde value, its schema and the datum it must become, given
//! in Avro's JSON encoding (tagged unions): avrox's `Value` reads that JSON
//! under the schema and writes the expected bytes, so that what every
//! library is held to comes from the specification's encoding of the
//! datum, not from any one library's serializer. Each library must write
//! exactly those bytes (`Write`) and read them back into the same value
//! (`Read`); since every library's bytes are checked against the same
//! expected bytes, each reads what the others write. A panic inside a
//! library counts as a finding too.

use std::fmt::{self, Debug};
use std::panic::{AssertUnwindSafe, catch_unwind};

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::writer::datum::GenericDatumWriter;
use avrox::Value;
use avrox::schema::Schema;
use avrox_benches::events::Event;
use avrox_benches::model_meta::ModelMeta;
use avrox_benches::peers::Record;
use avrox_benches::wide::Wide;
use avrox_benches::{Log, Triangle};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A serde-driven Avro writer and reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Lib {
    /// `avrox::serde`.
    Avrox,
    /// apache-avro's schema-aware serde path.
    ApacheSerde,
    /// apache-avro through its `Value`.
    ApacheValue,
    /// serde_avro_fast.
    Fast,
}

impl Lib {
    pub(crate) const ALL: [Lib; 4] = [Lib::Avrox, Lib::ApacheSerde, Lib::ApacheValue, Lib::Fast];
}

/// What a library did with a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Op {
    /// Wrote the value as the expected bytes.
    Write,
    /// Read the expected bytes back as the value.
    Read,
}

/// One library not doing what a case expects.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Finding {
    pub(crate) case: &'static str,
    pub(crate) lib: Lib,
    pub(crate) op: Op,
    pub(crate) detail: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} / {:?} / {:?}: {}",
            self.case, self.lib, self.op, self.detail
        )
    }
}

/// Runs `f`, turning a panic into an error message.
fn guarded<R>(f: impl FnOnce() -> Result<R, String>) -> Result<R, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panicked: {msg}"))
        }
    }
}

/// A schema parsed by each library.
pub(crate) struct Schemas {
    pub(crate) avrox: Schema,
    apache: apache_avro::Schema,
    fast: serde_avro_fast::Schema,
}

impl Schemas {
    #[track_caller]
    pub(crate) fn parse(json: &str) -> Schemas {
        Schemas {
            avrox: Schema::parse(json).unwrap_or_else(|e| panic!("avrox rejects {json}: {e}")),
            apache: apache_avro::Schema::parse_str(json)
                .unwrap_or_else(|e| panic!("apache-avro rejects {json}: {e}")),
            fast: json
                .parse()
                .unwrap_or_else(|e| panic!("serde_avro_fast rejects {json}: {e}")),
        }
    }
}

/// `value` written by `lib` under `schemas`.
pub(crate) fn write<T: Serialize>(
    lib: Lib,
    value: &T,
    schemas: &Schemas,
) -> Result<Vec<u8>, String> {
    guarded(|| match lib {
        Lib::Avrox => avrox::serde::to_vec(value, &schemas.avrox).map_err(|e| format!("{e:#}")),
        Lib::ApacheSerde => GenericDatumWriter::builder(&schemas.apache)
            .build()
            .and_then(|w| w.write_ser_to_vec(value))
            .map_err(|e| e.to_string()),
        Lib::ApacheValue => {
            let v = apache_avro::to_value(value).map_err(|e| e.to_string())?;
            let w = GenericDatumWriter::builder(&schemas.apache)
                .build()
                .map_err(|e| e.to_string())?;
            let mut out = Vec::new();
            w.write_value_ref(&mut out, &v).map_err(|e| e.to_string())?;
            Ok(out)
        }
        Lib::Fast => serde_avro_fast::to_datum_vec(
            value,
            &mut serde_avro_fast::ser::SerializerConfig::new(&schemas.fast),
        )
        .map_err(|e| e.to_string()),
    })
}

/// `bytes` read by `lib` under `schemas`; every byte must be used.
pub(crate) fn read<T: DeserializeOwned>(
    lib: Lib,
    bytes: &[u8],
    schemas: &Schemas,
) -> Result<T, String> {
    guarded(|| match lib {
        Lib::Avrox => {
            avrox::serde::from_slice::<T>(bytes, &schemas.avrox).map_err(|e| format!("{e:#}"))
        }
        Lib::ApacheSerde => {
            let r = GenericDatumReader::builder(&schemas.apache)
                .build()
                .map_err(|e| e.to_string())?;
            let mut rest = bytes;
            let v = r.read_deser::<T>(&mut rest).map_err(|e| e.to_string())?;
            if rest.is_empty() {
                Ok(v)
            } else {
                Err(format!("{} bytes left", rest.len()))
            }
        }
        Lib::ApacheValue => {
            let r = GenericDatumReader::builder(&schemas.apache)
                .build()
                .map_err(|e| e.to_string())?;
            let mut rest = bytes;
            let v = r.read_value(&mut rest).map_err(|e| e.to_string())?;
            if !rest.is_empty() {
                return Err(format!("{} bytes left", rest.len()));
            }
            apache_avro::from_value::<T>(&v).map_err(|e| e.to_string())
        }
        Lib::Fast => {
            serde_avro_fast::from_datum_slice::<T>(bytes, &schemas.fast).map_err(|e| e.to_string())
        }
    })
}

/// The bytes of the datum `datum_json` (Avro's JSON encoding) under
/// `schema`, written by avrox's `Value`.
#[track_caller]
pub(crate) fn expected_bytes(datum_json: &str, schema: &Schema) -> Vec<u8> {
    let value: Value = avrox::json::from_str_with(datum_json, schema)
        .unwrap_or_else(|e| panic!("{datum_json} is not a datum of the schema: {e:#}"));
    value.to_bytes(schema).expect("a datum encodes")
}

/// Checks every library against one value and its expected bytes,
/// adding what goes wrong to `findings`.
pub(crate) fn check<T>(
    case: &'static str,
    schemas: &Schemas,
    value: &T,
    expected: &[u8],
    findings: &mut Vec<Finding>,
) where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    for lib in Lib::ALL {
        let mut finding = |op, detail| {
            findings.push(Finding {
                case,
                lib,
                op,
                detail,
            })
        };
        match write(lib, value, schemas) {
            Ok(bytes) if bytes == expected => {}
            // apache-avro's `Value` keeps a map in a `HashMap`, so its
            // entries come out in the hash's order: other bytes of the
            // same length, which must hold the same value (read back by
            // serde_avro_fast, which is not the library under test).
            Ok(bytes)
                if lib == Lib::ApacheValue
                    && bytes.len() == expected.len()
                    && read::<T>(Lib::Fast, &bytes, schemas).as_ref() == Ok(value) => {}
            Ok(bytes) => finding(
                Op::Write,
                format!(
                    "writes {} rather than {}",
                    avrox_tests::hex(&bytes),
                    avrox_tests::hex(expected)
                ),
            ),
            Err(e) => finding(Op::Write, format!("cannot write: {e}")),
        }
        match read::<T>(lib, expected, schemas) {
            Ok(back) if back == *value => {}
            Ok(back) => finding(Op::Read, format!("reads {back:?} rather than {value:?}")),
            Err(e) => finding(Op::Read, format!("cannot read: {e}")),
        }
    }
}

// ---------------------------------------------------------------------------
// The benches' datasets
// ---------------------------------------------------------------------------

/// Every library writes and reads a dataset's records as the derive does,
/// under the schema the derive gives: bytes equal to `avrox::to_vec`'s.
fn dataset<T: Record>(n: usize) -> Vec<Finding> {
    let schemas = Schemas::parse(&T::schema().to_string());
    let mut findings = Vec::new();
    for record in T::generate(n, avrox_benches::SEED) {
        let mut expected = Vec::new();
        record.encode(&mut expected).expect("the derive encodes");
        check(T::NAME, &schemas, &record, &expected, &mut findings);
    }
    findings
}

#[test]
fn datasets_byte_for_byte() {
    let mut findings = dataset::<Log>(200);
    findings.extend(dataset::<Triangle>(200));
    findings.extend(dataset::<Event>(200));
    findings.extend(dataset::<ModelMeta>(200));
    findings.extend(dataset::<Wide>(50));
    let shown: Vec<String> = findings.iter().take(20).map(ToString::to_string).collect();
    assert!(
        findings.is_empty(),
        "{} findings on the benches' datasets:\n{}",
        findings.len(),
        shown.join("\n")
    );
}
