//! Container files and the JSON encoding checked against Java Avro (the
//! Debian `libavro-java` jars, run with the machine's `java`): Java reads
//! the files avrox writes in every codec it has (null, deflate, snappy,
//! bzip2, xz) and prints each record with its JSON encoder, which must be
//! what avrox's JSON encoding gives; and Java decodes avrox's JSON lines
//! and writes them as container files in each codec, which avrox reads.
//!
//! Without `java` and the jars the tests print a loud `SKIPPED` banner and
//! pass, unless `AVROX_REQUIRE_PEERS=1`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use avrox::Avro;
use avrox::json::LinesWriter;
use avrox::ocf::{Codec, Reader, Writer, WriterOptions};

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop.java")]
enum Level {
    Low,
    High,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop.java")]
struct Inner {
    label: String,
}

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "interop.java")]
struct Row {
    name: String,
    n: i64,
    small: i32,
    x: f64,
    tags: Vec<String>,
    maybe: Option<i32>,
    inner: Option<Inner>,
    raw: Vec<u8>,
    level: Level,
    code: [u8; 3],
    flag: bool,
}

fn rows() -> Vec<Row> {
    (0..200i32)
        .map(|i| Row {
            name: format!("row {i} é ✓"),
            n: (i64::from(i) - 100) * 1_000_000_007,
            small: -i,
            x: f64::from(i) / 8.0 + 0.5,
            tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
            maybe: (i % 2 == 0).then_some(i),
            inner: (i % 3 == 0).then(|| Inner {
                label: format!("in{i}"),
            }),
            raw: vec![i as u8, 0, 255, 128],
            level: if i % 2 == 0 { Level::Low } else { Level::High },
            code: [b'a', i as u8, 0xff],
            flag: i % 5 == 0,
        })
        .collect()
}

const JAVA: &str = r#"
import java.io.*;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.file.*;
import org.apache.avro.generic.*;
import org.apache.avro.io.*;

public class Interop {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("read")) {
            for (int i = 1; i < args.length; i++) {
                File f = new File(args[i]);
                DataFileReader<GenericRecord> r =
                    new DataFileReader<>(f, new GenericDatumReader<GenericRecord>());
                Schema s = r.getSchema();
                System.out.println("--- " + f.getName() + " " + r.getMetaString("avro.codec"));
                GenericDatumWriter<GenericRecord> w = new GenericDatumWriter<>(s);
                for (GenericRecord rec : r) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    JsonEncoder e = EncoderFactory.get().jsonEncoder(s, out);
                    w.write(rec, e);
                    e.flush();
                    System.out.println(new String(out.toByteArray(), StandardCharsets.UTF_8));
                }
                r.close();
            }
        } else {
            // write SCHEMA_FILE JSON_LINES DIR
            Schema s = new Schema.Parser().parse(new File(args[1]));
            String[] codecs = {"null", "deflate", "snappy", "bzip2", "xz"};
            for (String codec : codecs) {
                DataFileWriter<GenericRecord> w =
                    new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(s));
                w.setCodec(CodecFactory.fromString(codec));
                w.setSyncInterval(2000);
                w.create(s, new File(args[3], "java-" + codec + ".avro"));
                GenericDatumReader<GenericRecord> dr = new GenericDatumReader<>(s);
                BufferedReader lines = new BufferedReader(new InputStreamReader(
                    new FileInputStream(args[2]), StandardCharsets.UTF_8));
                String line;
                while ((line = lines.readLine()) != null) {
                    w.append(dr.read(null, DecoderFactory.get().jsonDecoder(s, line)));
                }
                w.close();
            }
            System.out.println(String.join(",", codecs));
        }
    }
}
"#;

const JARS: [&str; 8] = [
    "avro.jar",
    "slf4j-api.jar",
    "slf4j-nop.jar",
    "jackson-core-asl.jar",
    "jackson-mapper-asl.jar",
    "commons-compress.jar",
    "snappy-java.jar",
    "xz.jar",
];

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("avrox-java-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the Java program, or `None` (after a banner) without Java.
fn java(args: &[&str]) -> Option<String> {
    let jars: Vec<PathBuf> = JARS
        .iter()
        .map(|j| Path::new("/usr/share/java").join(j))
        .collect();
    let have_java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_java || jars.iter().any(|j| !j.is_file()) {
        if std::env::var("AVROX_REQUIRE_PEERS").as_deref() == Ok("1") {
            panic!("java and the libavro-java jars are required (AVROX_REQUIRE_PEERS=1)");
        }
        let _ = writeln!(
            std::io::stderr(),
            "\n#####\n# SKIPPED: java or the libavro-java jars not found; Java interop tests did NOT run.\n#####\n"
        );
        return None;
    }
    let source = dir().join("Interop.java");
    std::fs::write(&source, JAVA).unwrap();
    let classpath = jars
        .iter()
        .map(|j| j.to_str().unwrap())
        .collect::<Vec<_>>()
        .join(":");
    let out = Command::new("java")
        .args(["-cp", &classpath, source.to_str().unwrap()])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "java failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn java_reads_avrox_files_and_agrees_on_the_json_encoding() {
    let dir = dir();
    let codecs = [
        Codec::Null,
        Codec::Deflate(6),
        Codec::Snappy,
        Codec::Bzip2(9),
        Codec::Xz(6),
    ];
    let mut paths = Vec::new();
    for codec in codecs {
        let path = dir.join(format!("avrox-{}.avro", codec.name()));
        let options = WriterOptions::new().codec(codec).block_size(1500);
        let mut w =
            Writer::<Row, _>::with_options(std::fs::File::create(&path).unwrap(), options).unwrap();
        w.extend(rows()).unwrap();
        w.finish().unwrap();
        paths.push(path.to_str().unwrap().to_owned());
    }
    let mut args = vec!["read"];
    args.extend(paths.iter().map(String::as_str));
    let Some(out) = java(&args) else {
        return;
    };
    let expected: Vec<serde_json::Value> = rows()
        .iter()
        .map(|r| avrox::json::to_json(r).unwrap())
        .collect();
    let sections: Vec<&str> = out.split("--- ").filter(|s| !s.is_empty()).collect();
    assert_eq!(sections.len(), codecs.len());
    for (section, codec) in sections.iter().zip(codecs) {
        let mut lines = section.lines();
        let title = lines.next().unwrap();
        assert!(title.ends_with(codec.name()), "{title}");
        let got: Vec<serde_json::Value> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(got.len(), expected.len(), "{codec:?}");
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(g, e, "{codec:?}");
        }
    }
}

#[test]
fn avrox_reads_java_files_written_from_its_json_lines() {
    let dir = dir();
    let schema_path = dir.join("row.avsc");
    std::fs::write(
        &schema_path,
        <Row as avrox::AvroSchema>::schema().to_string(),
    )
    .unwrap();
    let mut lines = LinesWriter::for_type::<Row>(Vec::new());
    for r in rows() {
        lines.write(&r).unwrap();
    }
    let lines_path = dir.join("rows.jsonl");
    std::fs::write(&lines_path, lines.into_inner()).unwrap();
    let Some(out) = java(&[
        "write",
        schema_path.to_str().unwrap(),
        lines_path.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]) else {
        return;
    };
    for codec in out.trim().split(',') {
        let reader = Reader::<Row, _>::open(dir.join(format!("java-{codec}.avro"))).unwrap();
        assert_eq!(reader.header().codec().name(), codec);
        let got: Vec<Row> = reader.collect::<Result<_, _>>().unwrap();
        assert_eq!(got, rows(), "{codec}");
    }
}
