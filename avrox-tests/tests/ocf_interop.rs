//! Container files exchanged with Python's `fastavro` and `avro` packages
//! in every codec both sides have: files avrox writes read back identically
//! there, and files they write read back identically here.
//!
//! The peers are found on `python3`. Without them the tests print a loud
//! `SKIPPED` banner and pass, unless `AVROX_REQUIRE_PEERS=1`.

use std::io::Write as _;
use std::process::Command;

use avrox::Avro;
use avrox::ocf::{Codec, Reader, Writer, WriterOptions};

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop")]
struct Row {
    name: String,
    n: i64,
    x: f64,
    tags: Vec<String>,
    maybe: Option<i32>,
    raw: Vec<u8>,
}

fn rows() -> Vec<Row> {
    (0..300i32)
        .map(|i| Row {
            name: format!("row {i} é"),
            n: (i as i64 - 150) * 1_000_003,
            x: i as f64 / 8.0,
            tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
            maybe: (i % 2 == 0).then_some(i),
            raw: vec![i as u8, 0, 255],
        })
        .collect()
}

/// The JSON Python prints for the rows: bytes as lists of ints.
fn rows_json(rows: &[Row]) -> serde_json::Value {
    serde_json::Value::Array(
        rows.iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name, "n": r.n, "x": r.x, "tags": r.tags,
                    "maybe": r.maybe, "raw": r.raw,
                })
            })
            .collect(),
    )
}

const PEERS_VAR: &str = "AVROX_REQUIRE_PEERS";

/// Runs a Python script, or `None` (after a banner) when the peers are not
/// installed.
fn python(script: &str, args: &[&str]) -> Option<String> {
    let check = Command::new("python3")
        .args(["-c", "import fastavro, avro"])
        .output();
    if !matches!(&check, Ok(out) if out.status.success()) {
        if std::env::var(PEERS_VAR).as_deref() == Ok("1") {
            panic!("python3 with fastavro and avro is required ({PEERS_VAR}=1)");
        }
        let _ = writeln!(
            std::io::stderr(),
            "\n#####\n# SKIPPED: python3 with fastavro and avro not found; interop tests did NOT run.\n#####\n"
        );
        return None;
    }
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

const READ_SCRIPT: &str = r#"
import json, sys, fastavro
from avro.datafile import DataFileReader
from avro.io import DatumReader
def plain(r):
    return {k: (list(v) if isinstance(v, bytes) else v) for k, v in r.items()}
out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        try:
            fast = [plain(r) for r in fastavro.reader(f)]
        except ValueError as e:
            fast = "unsupported: %s" % e
    try:
        with open(path, "rb") as f:
            reference = [plain(r) for r in DataFileReader(f, DatumReader())]
    except Exception as e:
        reference = "unsupported: %s" % e
    out[path] = {"fastavro": fast, "avro": reference}
print(json.dumps(out))
"#;

fn dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("avrox-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn python_reads_what_avrox_writes() {
    let dir = dir();
    let codecs = [
        Codec::Null,
        Codec::Deflate(6),
        Codec::Snappy,
        Codec::Zstandard(3),
        Codec::Bzip2(9),
        Codec::Xz(6),
    ];
    let mut paths = Vec::new();
    for codec in codecs {
        let path = dir.join(format!("avrox-{}.avro", codec.name()));
        let options = WriterOptions::new().codec(codec).block_size(2000);
        let mut w =
            Writer::<Row, _>::with_options(std::fs::File::create(&path).unwrap(), options).unwrap();
        w.extend(rows()).unwrap();
        w.finish().unwrap();
        paths.push(path.to_str().unwrap().to_owned());
    }
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let Some(out) = python(READ_SCRIPT, &args) else {
        return;
    };
    let out: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expected = rows_json(&rows());
    let mut checked = 0;
    for (codec, path) in codecs.iter().zip(&paths) {
        for peer in ["fastavro", "avro"] {
            let got = &out[path][peer];
            if let Some(reason) = got.as_str() {
                // A codec the peer's optional module is missing for.
                assert!(
                    !matches!(codec, Codec::Null | Codec::Deflate(_)),
                    "{peer} cannot read {codec:?}: {reason}"
                );
                eprintln!("{peer} skipped {codec:?}: {reason}");
                continue;
            }
            assert_eq!(got, &expected, "{peer} reading {codec:?}");
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} files were checked");
}

const WRITE_SCRIPT: &str = r#"
import json, sys, fastavro
schema = json.loads(sys.argv[1])
records = json.loads(sys.argv[2])
for r in records:
    r["raw"] = bytes(r["raw"])
written = []
for codec in ["null", "deflate", "snappy", "zstandard", "bzip2", "xz"]:
    path = "%s/python-%s.avro" % (sys.argv[3], codec)
    try:
        with open(path, "wb") as f:
            fastavro.writer(f, fastavro.parse_schema(schema), records, codec=codec, sync_interval=2000)
        written.append(codec)
    except (ValueError, ImportError) as e:
        pass
print(json.dumps(written))
"#;

#[test]
fn avrox_reads_what_python_writes() {
    let dir = dir();
    let schema = <Row as avrox::AvroSchema>::schema().to_string();
    let records = rows_json(&rows()).to_string();
    let Some(out) = python(WRITE_SCRIPT, &[&schema, &records, dir.to_str().unwrap()]) else {
        return;
    };
    let written: Vec<String> = serde_json::from_str(&out).unwrap();
    assert!(written.len() >= 4, "{written:?}");
    for codec in written {
        let path = dir.join(format!("python-{codec}.avro"));
        let reader = Reader::<Row, _>::open(&path).unwrap();
        assert_eq!(reader.codec().name(), codec);
        let got: Vec<Row> = reader.collect::<Result<_, _>>().unwrap();
        assert_eq!(got, rows(), "{codec}");
    }
}
