//! The `avrox` binary run as a user runs it: output (insta snapshots),
//! exit codes, round trips, and damaged input of the conformance set and
//! built here.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    raw: Vec<u8>,
}

impl Run {
    /// Exit code, stdout and stderr, with the scratch and conformance
    /// folders replaced so snapshots do not depend on the machine.
    fn text(&self) -> String {
        let clean = |s: &str| {
            let mut s = s.replace(&scratch_root().display().to_string(), "[tmp]");
            if let Some(dir) = avrox_tests::apache_avro_dir() {
                s = s.replace(&dir.display().to_string(), "[apache-avro]");
            }
            s
        };
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code,
            clean(&self.stdout),
            clean(&self.stderr)
        )
    }
}

fn avrox(args: &[&str]) -> Run {
    avrox_with_stdin(args, None)
}

fn avrox_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    avrox_run(args, stdin, None)
}

/// Runs avrox in the folder `dir`, for relative paths.
fn avrox_in(dir: &Path, args: &[&str]) -> Run {
    avrox_run(args, None, Some(dir))
}

fn avrox_run(args: &[&str], stdin: Option<&[u8]>, dir: Option<&Path>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_avrox"));
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the avrox binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "avrox {args:?} panicked: {stderr}"
    );
    Run {
        code: output
            .status
            .code()
            .expect("avrox exits, not killed by a signal"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
        raw: output.stdout,
    }
}

fn scratch_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("avrox-cli")
}

/// A fresh folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = scratch_root().join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn s(path: &Path) -> String {
    path.display().to_string()
}

const WEATHER: &str = r#"{"type": "record", "name": "Weather", "namespace": "test", "fields": [
    {"name": "station", "type": "string"}, {"name": "time", "type": "long"},
    {"name": "temp", "type": "int"}]}"#;

const WEATHER_JSON: &str = r#"{"station":"011990-99999","time":-619524000000,"temp":0}
{"station":"011990-99999","time":-619506000000,"temp":22}
{"station":"012650-99999","time":-655531200000,"temp":111}
"#;

/// Every kind of Avro type, logical types and nesting included.
const ALL_TYPES: &str = r#"{"type": "record", "name": "All", "namespace": "t", "fields": [
    {"name": "n", "type": "null"}, {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"}, {"name": "l", "type": "long"},
    {"name": "f", "type": "float"}, {"name": "d", "type": "double"},
    {"name": "by", "type": "bytes"}, {"name": "s", "type": "string"},
    {"name": "e", "type": {"type": "enum", "name": "Suit", "symbols": ["HEARTS", "SPADES"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
    {"name": "a", "type": {"type": "array", "items": "long"}},
    {"name": "m", "type": {"type": "map", "values": ["null", "string"]}},
    {"name": "u", "type": ["null", "string", "Suit"]},
    {"name": "date", "type": {"type": "int", "logicalType": "date"}},
    {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2}},
    {"name": "next", "type": ["null", "All"], "default": null}]}"#;

const ALL_JSON: &str = r#"{"n":null,"b":true,"i":-5,"l":1234567890123,"f":1.5,"d":-0.25,"by":"\u0000ÿ","s":"héllo","e":"SPADES","fx":"abcd","a":[1,2,3],"m":{"x":null,"y":{"string":"z"}},"u":{"t.Suit":"HEARTS"},"date":19000,"ts":1700000000000000,"id":"1b4e28ba-2fa1-11d2-883f-0016cb4d6f11","dec":"\u0001","next":{"t.All":{"n":null,"b":false,"i":0,"l":0,"f":0.0,"d":0.0,"by":"","s":"","e":"HEARTS","fx":"\u0000\u0000\u0000\u0000","a":[],"m":{},"u":null,"date":0,"ts":0,"id":"00000000-0000-0000-0000-000000000000","dec":"\u0000","next":null}}}
{"n":null,"b":false,"i":2147483647,"l":-9223372036854775808,"f":"NaN","d":"-Infinity","by":"","s":"","e":"HEARTS","fx":"wxyz","a":[],"m":{},"u":{"string":"s"},"date":-1,"ts":-1,"id":"1b4e28ba-2fa1-11d2-883f-0016cb4d6f11","dec":"ÿ","next":null}
"#;

/// A weather file made with fromjson.
fn weather_file(dir: &Path, codec: &str) -> (String, String) {
    let schema = write(dir, "weather.avsc", WEATHER);
    let json = write(dir, "weather.jsonl", WEATHER_JSON);
    let out = s(&dir.join(format!("weather-{codec}.avro")));
    let run = avrox(&[
        "fromjson", "--schema", &schema, "--codec", codec, &json, "-o", &out,
    ]);
    assert_eq!(run.code, 0, "{}", run.text());
    (schema, out)
}

#[test]
fn fromjson_then_tojson_gives_the_same_lines_with_every_codec() {
    let dir = scratch("round_trip");
    let schema = write(&dir, "all.avsc", ALL_TYPES);
    let json = write(&dir, "all.jsonl", ALL_JSON);
    for codec in ["null", "deflate", "snappy", "zstandard", "bzip2", "xz"] {
        let out = s(&dir.join(format!("all-{codec}.avro")));
        let run = avrox(&[
            "fromjson",
            "--schema",
            &schema,
            "--codec",
            codec,
            "--block-size",
            "100",
            &json,
            "-o",
            &out,
        ]);
        assert_eq!(run.code, 0, "{codec}: {}", run.text());
        let back = avrox(&["tojson", &out]);
        assert_eq!(back.code, 0, "{}", back.text());
        assert_eq!(back.stdout, ALL_JSON, "{codec}");
    }
    // stdin in, and the file through stdin out
    let out = s(&dir.join("stdin.avro"));
    let run = avrox_with_stdin(
        &["fromjson", "--schema", &schema, "-", "-o", &out],
        Some(ALL_JSON.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.text());
    let back = avrox_with_stdin(&["tojson", "-"], Some(&fs::read(&out).unwrap()));
    assert_eq!(back.stdout, ALL_JSON);
}

#[test]
fn tojson_output() {
    let dir = scratch("tojson");
    let (_, file) = weather_file(&dir, "deflate");
    insta::assert_snapshot!("tojson", avrox(&["tojson", &file]).text());
    insta::assert_snapshot!(
        "tojson_head_pretty",
        avrox(&["tojson", "--head", "1", "--pretty", &file]).text()
    );
    let reader = write(
        &dir,
        "v2.avsc",
        r#"{"type": "record", "name": "Weather", "namespace": "test", "fields": [
        {"name": "station", "type": "string"}, {"name": "temp", "type": "double"},
        {"name": "unit", "type": "string", "default": "C"}]}"#,
    );
    insta::assert_snapshot!(
        "tojson_reader_schema",
        avrox(&["tojson", "--reader-schema", &reader, &file]).text()
    );
    let bad = write(
        &dir,
        "bad.avsc",
        r#"{"type": "record", "name": "Weather", "namespace": "test", "fields": [
        {"name": "station", "type": "int"}]}"#,
    );
    insta::assert_snapshot!(
        "tojson_unresolvable",
        avrox(&["tojson", "--reader-schema", &bad, &file]).text()
    );
}

#[test]
fn fromjson_names_the_line_that_does_not_fit() {
    let dir = scratch("fromjson_bad");
    let schema = write(&dir, "weather.avsc", WEATHER);
    let json = write(
        &dir,
        "bad.jsonl",
        "{\"station\":\"a\",\"time\":1,\"temp\":2}\n\n{\"station\":\"a\",\"time\":\"x\",\"temp\":2}\n",
    );
    let out = dir.join("out.avro");
    let run = avrox(&["fromjson", "--schema", &schema, &json, "-o", &s(&out)]);
    insta::assert_snapshot!("fromjson_bad_line", run.text());
    assert!(!out.exists(), "a failed fromjson leaves no file behind");
    let not_json = write(&dir, "not.jsonl", "{\"station\":\n");
    insta::assert_snapshot!(
        "fromjson_not_json",
        avrox(&["fromjson", "--schema", &schema, &not_json, "-o", &s(&out)]).text()
    );
    let bad_schema = write(&dir, "bad.avsc", r#"{"type": "record", "name": "R"}"#);
    insta::assert_snapshot!(
        "fromjson_invalid_schema",
        avrox(&["fromjson", "--schema", &bad_schema, &json, "-o", &s(&out)]).text()
    );
    insta::assert_snapshot!(
        "fromjson_bad_level",
        avrox(&[
            "fromjson",
            "--schema",
            &schema,
            "--codec",
            "deflate",
            "--level",
            "11",
            &json,
            "-o",
            &s(&out)
        ])
        .text()
    );
}

/// `--help` gives every codec's levels as the library checks them, and the
/// command accepts exactly those.
#[test]
fn codec_levels_are_the_library_s_in_help_and_in_use() {
    let dir = scratch("levels");
    let schema = write(&dir, "weather.avsc", WEATHER);
    let json = write(&dir, "weather.jsonl", WEATHER_JSON);
    let out = s(&dir.join("out.avro"));
    let help = avrox(&["fromjson", "--help"]).stdout;
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for name in avrox::ocf::Codec::known_names() {
        let Some(range) = avrox::ocf::Codec::from_name(name).unwrap().level_range() else {
            continue;
        };
        let said = format!("{name} {} to {}", range.start(), range.end());
        assert!(help.contains(&said), "--help lacks '{said}': {help}");
        let run = |level: i32| {
            let level = level.to_string();
            avrox(&[
                "fromjson", "--schema", &schema, "--codec", name, "--level", &level, &json, "-o",
                &out,
            ])
        };
        for level in [*range.start(), *range.end()] {
            assert_eq!(run(level).code, 0, "{name} {level}: {}", run(level).text());
        }
        for level in [range.start() - 1, range.end() + 1] {
            let refused = run(level);
            assert_eq!(refused.code, 2, "{name} {level}");
            assert!(
                refused.stderr.contains(&format!(
                    "{name} level {level} is outside its levels {}..={}",
                    range.start(),
                    range.end()
                )),
                "{}",
                refused.stderr
            );
        }
    }
    // Without --codec, the file is not compressed: the library's default too.
    let run = avrox(&["fromjson", "--schema", &schema, &json, "-o", &out]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert!(avrox(&["meta", &out]).stdout.starts_with("codec: null\n"));
}

/// JSON errors are placed in the line (a column, as editors count), not
/// by the byte offset where the line starts.
#[test]
fn json_errors_say_the_line_and_column_not_the_line_s_offset() {
    let dir = scratch("json_columns");
    let schema = write(&dir, "weather.avsc", WEATHER);
    let first = WEATHER_JSON.lines().next().unwrap();
    let not_json = write(
        &dir,
        "not.jsonl",
        &format!("{first}\n{{\"station\":\"é\",\"time\":1,\"temp\":2,}}\n"),
    );
    let misfit = write(
        &dir,
        "misfit.jsonl",
        &format!("{first}\n\n{{\"station\":\"a\",\"time\":\"x\",\"temp\":2}}\n"),
    );
    let out = s(&dir.join("out"));
    for command in ["fromjson", "encode"] {
        let run = avrox(&[command, "--schema", &schema, &not_json, "-o", &out]);
        assert_eq!(run.code, 2, "{}", run.text());
        assert!(
            run.stderr
                .ends_with("not.jsonl: line 2, column 34: invalid JSON: trailing comma\n"),
            "{command}: {}",
            run.stderr
        );
        let run = avrox(&[command, "--schema", &schema, &misfit, "-o", &out]);
        assert_eq!(run.code, 2, "{}", run.text());
        assert!(
            run.stderr.ends_with(
                "misfit.jsonl: line 3: Weather.time: expected long, found the string \"x\"\n"
            ),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn schema_meta_count() {
    let dir = scratch("inspect");
    let (_, file) = weather_file(&dir, "snappy");
    insta::assert_snapshot!("schema", avrox(&["schema", &file]).text());
    let meta = avrox(&["meta", &file]);
    // The sync marker is random: checked for shape, then masked.
    let sync = meta
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("sync: "))
        .unwrap()
        .to_owned();
    assert_eq!(sync.len(), 32);
    assert!(
        sync.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    insta::assert_snapshot!("meta", meta.text().replace(&sync, "[sync]"));
    insta::assert_snapshot!("count", avrox(&["count", &file]).text());
    insta::assert_snapshot!(
        "missing_file",
        avrox(&["count", &s(&dir.join("nope.avro"))]).text()
    );
}

#[test]
fn meta_and_count_of_conformance_files() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let weather = s(&dir.join("data/weather.avro"));
    insta::assert_snapshot!(
        "conformance_meta_weather",
        avrox(&["meta", &weather]).text()
    );
    insta::assert_snapshot!(
        "conformance_tojson_weather",
        avrox(&["tojson", &weather]).text()
    );
    for name in [
        "weather-deflate.avro",
        "weather-snappy.avro",
        "weather-zstd.avro",
        "weather-sorted.avro",
        "syncInMeta.avro",
    ] {
        let run = avrox(&["count", &s(&dir.join("data").join(name))]);
        assert_eq!(run.code, 0, "{name}: {}", run.text());
        let n: u64 = run.stdout.trim().parse().unwrap();
        let lines = avrox(&["tojson", &s(&dir.join("data").join(name))]);
        assert_eq!(lines.code, 0, "{}", lines.text());
        assert_eq!(lines.stdout.lines().count() as u64, n, "{name}");
    }
}

/// Java wrote `weather.json` from `weather.avro`: our JSON must be its
/// JSON, from the file in every codec.
#[test]
fn tojson_matches_the_conformance_json() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let expected = fs::read_to_string(dir.join("data/weather.json")).unwrap();
    for name in [
        "weather.avro",
        "weather-deflate.avro",
        "weather-snappy.avro",
        "weather-zstd.avro",
    ] {
        let run = avrox(&["tojson", &s(&dir.join("data").join(name))]);
        assert_eq!(run.code, 0, "{name}: {}", run.text());
        assert_eq!(run.stdout.trim_end(), expected.trim_end(), "{name}");
    }
    // And back: fromjson of that JSON, with the file's own schema.
    let scratch = scratch("conformance_json");
    let weather = s(&dir.join("data/weather.avro"));
    let schema = scratch.join("weather.avsc");
    fs::write(&schema, avrox(&["schema", &weather]).raw).unwrap();
    let out = s(&scratch.join("weather.avro"));
    let json = s(&dir.join("data/weather.json"));
    let run = avrox(&["fromjson", "--schema", &s(&schema), &json, "-o", &out]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert_eq!(
        avrox(&["tojson", &out]).stdout.trim_end(),
        expected.trim_end()
    );
}

/// A file with Avro's own metadata beyond schema and codec (`avro.sync`)
/// and several blocks: recodec and concat keep every record.
#[test]
fn recodec_and_concat_of_a_conformance_file() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let file = s(&dir.join("data/syncInMeta.avro"));
    insta::assert_snapshot!(
        "conformance_meta_sync_in_meta",
        avrox(&["meta", &file]).text()
    );
    let expected = avrox(&["tojson", &file]).stdout;
    let scratch = scratch("conformance_recodec");
    let snappy = s(&scratch.join("snappy.avro"));
    let run = avrox(&["recodec", &file, &snappy, "--codec", "snappy"]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert_eq!(avrox(&["tojson", &snappy]).stdout, expected);
    let both = s(&scratch.join("both.avro"));
    let run = avrox(&["concat", &file, &snappy, "-o", &both]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert_eq!(avrox(&["tojson", &both]).stdout, expected.repeat(2));
    assert_eq!(avrox(&["count", &both]).stdout, "12002\n");
}

#[test]
fn every_damaged_conformance_file_is_exit_2_with_a_message() {
    let Some(dir) = avrox_tests::apache_avro_dir() else {
        return;
    };
    for name in [
        "avro-1238-truncated.avro",
        "avro-1237-bad-union-discriminant.avro",
    ] {
        let file = s(&dir.join("c-tests").join(name));
        for command in ["tojson", "validate"] {
            let run = avrox(&[command, &file]);
            insta::assert_snapshot!(format!("damaged_{command}_{name}"), run.text());
            assert_eq!(run.code, 2);
        }
    }
    // count reads block headers only: a bad union branch inside a block is
    // not its business, a truncated block is.
    let truncated = s(&dir.join("c-tests/avro-1238-truncated.avro"));
    insta::assert_snapshot!(
        "damaged_count_truncated",
        avrox(&["count", &truncated]).text()
    );
    // The good twins read.
    for name in ["avro-1238-good.avro", "avro-1237-good.avro"] {
        let run = avrox(&["tojson", &s(&dir.join("c-tests").join(name))]);
        assert_eq!(run.code, 0, "{name}: {}", run.text());
    }
}

#[test]
fn damaged_files_built_here_never_panic() {
    let dir = scratch("damaged");
    let (_, file) = weather_file(&dir, "deflate");
    let good = fs::read(&file).unwrap();
    let bad = dir.join("bad.avro");
    let bad_name = s(&bad);
    // Every truncation: exit 2 with a message, or 0 when the cut falls
    // between blocks (then the records before it are all there).
    for len in 0..good.len() {
        fs::write(&bad, &good[..len]).unwrap();
        for command in ["tojson", "count", "meta", "validate", "schema"] {
            let run = avrox(&[command, &bad_name]);
            assert!(
                run.code == 0 || run.code == 2,
                "{command} of {len} bytes: {}",
                run.text()
            );
            if run.code == 2 {
                assert!(
                    run.stderr.starts_with(&format!("avrox: {bad_name}: ")),
                    "{}",
                    run.stderr
                );
                assert_eq!(run.stderr.lines().count(), 1, "one message: {}", run.stderr);
            }
        }
    }
    // Every byte flipped.
    for at in 0..good.len() {
        let mut bytes = good.clone();
        bytes[at] ^= 0xff;
        fs::write(&bad, &bytes).unwrap();
        for command in ["tojson", "count", "validate"] {
            let run = avrox(&[command, &bad_name]);
            assert!(
                run.code == 0 || run.code == 2,
                "{command} flip at {at}: {}",
                run.text()
            );
        }
    }
    fs::write(&bad, b"not an avro file at all").unwrap();
    insta::assert_snapshot!(
        "not_avro",
        avrox(&["tojson", &bad_name])
            .text()
            .replace(&bad_name, "[bad]")
    );
}

#[test]
fn canonical_and_fingerprint() {
    let dir = scratch("fingerprint");
    let schema = write(&dir, "weather.avsc", WEATHER);
    insta::assert_snapshot!("canonical", avrox(&["canonical", &schema]).text());
    let rabin = avrox(&["fingerprint", &schema]);
    insta::assert_snapshot!("fingerprint_rabin", rabin.text());
    insta::assert_snapshot!(
        "fingerprint_md5",
        avrox(&["fingerprint", "--alg", "md5", &schema]).text()
    );
    insta::assert_snapshot!(
        "fingerprint_sha256",
        avrox(&["fingerprint", "--alg", "sha256", &schema]).text()
    );
    // The rabin bytes are those after C3 01 in a single-object message.
    let json = write(&dir, "one.jsonl", WEATHER_JSON.lines().next().unwrap());
    let message = avrox(&[
        "encode",
        "--schema",
        &schema,
        "--framing",
        "single-object",
        &json,
    ])
    .raw;
    let hex: String = message[2..10].iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(rabin.stdout.trim(), hex);
    // ... and the library's fingerprint as it prints it (in errors too).
    let parsed = avrox::Schema::parse(WEATHER).unwrap();
    assert_eq!(rabin.stdout.trim(), parsed.rabin_fingerprint().to_string());
    assert_eq!(
        avrox(&["fingerprint", "--alg", "sha256", &schema])
            .stdout
            .trim(),
        parsed.sha256_fingerprint().to_string()
    );
    // The specification's example: "int" has the fingerprint 0x7275d51a3f395c8f.
    let int = write(&dir, "int.avsc", "\"int\"");
    assert_eq!(
        avrox(&["fingerprint", &int]).stdout.trim(),
        "8f5c393f1ad57572"
    );
}

#[test]
fn compat_exit_codes_and_paths() {
    let dir = scratch("compat");
    let v1 = write(
        &dir,
        "v1.avsc",
        r#"{"type": "record", "name": "Order", "fields": [
        {"name": "qty", "type": "int"}, {"name": "sku", "type": "string"}]}"#,
    );
    let v2 = write(
        &dir,
        "v2.avsc",
        r#"{"type": "record", "name": "Order", "fields": [
        {"name": "qty", "type": "long"}, {"name": "note", "type": "string", "default": ""}]}"#,
    );
    insta::assert_snapshot!(
        "compat_backward_ok",
        avrox(&["compat", "--writer", &v1, "--reader", &v2]).text()
    );
    insta::assert_snapshot!(
        "compat_forward_bad",
        avrox(&[
            "compat", "--writer", &v1, "--reader", &v2, "--level", "forward"
        ])
        .text()
    );
    insta::assert_snapshot!(
        "compat_full_bad",
        avrox(&[
            "compat", "--writer", &v1, "--reader", &v2, "--level", "full"
        ])
        .text()
    );
    assert_eq!(
        avrox(&[
            "compat", "--writer", &v1, "--reader", &v1, "--level", "full"
        ])
        .code,
        0
    );
}

const CONSTRAINED: &str = r#"{"type": "record", "name": "User", "fields": [
    {"name": "name", "type": "string", "avrox.constraints": {"length": {"min": 2, "max": 8}, "pattern": "^[a-z]+$"}},
    {"name": "age", "type": "int", "avrox.constraints": {"min": 18, "max": 130}},
    {"name": "score", "type": "double", "avrox.constraints": {"exclusive_min": 0, "max": 1}},
    {"name": "step", "type": "long", "avrox.constraints": {"multiple_of": 5, "min": 100, "max": 200}},
    {"name": "role", "type": "string", "avrox.constraints": {"one_of": ["admin", "user"]}},
    {"name": "code", "type": "string", "avrox.constraints": {"pattern": "^[0-9a-f]{4}$"}},
    {"name": "tags", "type": {"type": "array", "items": "string"},
     "avrox.constraints": {"non_empty": true, "length": {"max": 3}, "inner": {"length": {"min": 1, "max": 4}}}},
    {"name": "nick", "type": ["null", "string"]}]}"#;

const PLAIN: &str = r#"{"type": "record", "name": "User", "fields": [
    {"name": "name", "type": "string"}, {"name": "age", "type": "int"},
    {"name": "score", "type": "double"}, {"name": "step", "type": "long"},
    {"name": "role", "type": "string"}, {"name": "code", "type": "string"},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "nick", "type": ["null", "string"]}]}"#;

#[test]
fn validate_reports_every_violation_with_record_and_path() {
    let dir = scratch("validate");
    let plain = write(&dir, "plain.avsc", PLAIN);
    let constrained = write(&dir, "constrained.avsc", CONSTRAINED);
    let json = write(
        &dir,
        "users.jsonl",
        concat!(
            r#"{"name":"ann","age":30,"score":0.5,"step":105,"role":"user","code":"00ff","tags":["a"],"nick":null}"#,
            "\n",
            r#"{"name":"B","age":3,"score":0,"step":101,"role":"root","code":"xyz","tags":[],"nick":{"string":"long"}}"#,
            "\n",
            r#"{"name":"bob","age":40,"score":1,"step":200,"role":"admin","code":"abcd","tags":["toolong"],"nick":{"string":"b"}}"#,
            "\n"
        ),
    );
    let file = s(&dir.join("users.avro"));
    assert_eq!(
        avrox(&["fromjson", "--schema", &plain, &json, "-o", &file]).code,
        0
    );
    // The writer schema has no constraints: nothing to break, and it says so.
    let run = avrox(&["validate", &file]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.ends_with(
            "users.avro: 3 records read; the schema carries no constraints \
             (\"avrox.constraints\"), so there was nothing to check\n"
        ),
        "{}",
        run.stderr
    );
    // With constraints and no violation: silent, as before.
    let good = s(&dir.join("good.avro"));
    let text = fs::read_to_string(&json).unwrap();
    let first = write(&dir, "first.jsonl", text.lines().next().unwrap());
    let run = avrox(&["fromjson", "--schema", &constrained, &first, "-o", &good]);
    assert_eq!(run.code, 0, "{}", run.text());
    let run = avrox(&["validate", &good]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    insta::assert_snapshot!(
        "validate_problems",
        avrox(&["validate", "--schema", &constrained, &file]).text()
    );
    // fromjson checks the constraints as it writes.
    let refused = avrox(&[
        "fromjson",
        "--schema",
        &constrained,
        &json,
        "-o",
        &s(&dir.join("x.avro")),
    ]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("line 2:"), "{}", refused.stderr);
}

#[test]
fn random_respects_constraints_and_seeds() {
    let dir = scratch("random");
    let constrained = write(&dir, "constrained.avsc", CONSTRAINED);
    let a = s(&dir.join("a.avro"));
    let b = s(&dir.join("b.avro"));
    let run = avrox(&[
        "random",
        "--schema",
        &constrained,
        "--count",
        "300",
        "--seed",
        "9",
        "-o",
        &a,
    ]);
    assert_eq!(run.code, 0, "{}", run.text());
    let run = avrox(&[
        "random",
        "--schema",
        &constrained,
        "--count",
        "300",
        "--seed",
        "9",
        "--codec",
        "zstandard",
        "-o",
        &b,
    ]);
    assert_eq!(run.code, 0, "{}", run.text());
    let validate = avrox(&["validate", &a]);
    assert_eq!(validate.code, 0, "{}", validate.text());
    assert_eq!(avrox(&["count", &a]).stdout, "300\n");
    // Same seed, same data (sync markers differ, so compare the JSON).
    let (ja, jb) = (avrox(&["tojson", &a]).stdout, avrox(&["tojson", &b]).stdout);
    assert_eq!(ja, jb);
    let c = s(&dir.join("c.avro"));
    avrox(&[
        "random",
        "--schema",
        &constrained,
        "--count",
        "300",
        "--seed",
        "10",
        "-o",
        &c,
    ]);
    assert_ne!(avrox(&["tojson", &c]).stdout, ja);
    // Every kind of type, recursion included.
    let all = write(&dir, "all.avsc", ALL_TYPES);
    let d = s(&dir.join("d.avro"));
    let run = avrox(&["random", "--schema", &all, "--count", "200", "-o", &d]);
    assert_eq!(run.code, 0, "{}", run.text());
    let back = avrox(&["tojson", &d]);
    assert_eq!(back.code, 0, "{}", back.text());
    assert_eq!(back.stdout.lines().count(), 200);
    // A pattern random strings do not hit.
    let hard = write(
        &dir,
        "hard.avsc",
        r#"{"type": "record", "name": "R", "fields": [
        {"name": "id", "type": "string", "avrox.constraints": {"pattern": "^ORD-[0-9]{6}$"}}]}"#,
    );
    let run = avrox(&[
        "random",
        "--schema",
        &hard,
        "--count",
        "1",
        "-o",
        &s(&dir.join("e.avro")),
    ]);
    insta::assert_snapshot!("random_pattern_unreachable", run.text());
}

/// Constraints the generator cannot meet: the error says which one the
/// last try broke (the report is the avrox error's source).
#[test]
fn random_that_cannot_fit_says_why() {
    let dir = scratch("random_unfit");
    let unfit = write(
        &dir,
        "unfit.avsc",
        r#"{"type": "int", "avrox.constraints": {"min": 1, "max": 9, "multiple_of": 10}}"#,
    );
    let run = avrox(&[
        "random",
        "--schema",
        &unfit,
        "--count",
        "1",
        "-o",
        &s(&dir.join("e.avro")),
    ]);
    assert_eq!(run.code, 2, "{}", run.text());
    assert!(
        run.stderr.contains("; the last try: ")
            && run.stderr.contains(" failed: must be ")
            && run.stderr.contains("[code="),
        "{}",
        run.text()
    );
}

#[test]
fn recodec_and_concat() {
    let dir = scratch("recodec");
    let (schema, file) = weather_file(&dir, "null");
    let expected = avrox(&["tojson", &file]).stdout;
    for codec in ["deflate", "snappy", "zstandard", "bzip2", "xz", "null"] {
        let out = s(&dir.join(format!("re-{codec}.avro")));
        let run = avrox(&["recodec", &file, &out, "--codec", codec]);
        assert_eq!(run.code, 0, "{}", run.text());
        assert!(
            avrox(&["meta", &out])
                .stdout
                .starts_with(&format!("codec: {codec}\n"))
        );
        assert_eq!(avrox(&["tojson", &out]).stdout, expected);
    }
    let xz = s(&dir.join("re-xz.avro"));
    let all = s(&dir.join("all.avro"));
    let run = avrox(&["concat", &file, &file, &xz, "-o", &all]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert_eq!(avrox(&["tojson", &all]).stdout, expected.repeat(3));
    let meta = avrox(&["meta", &all]).stdout;
    assert!(
        meta.contains("codec: null\n") && meta.contains("blocks: 3\n"),
        "{meta}"
    );
    // Same schema and codec: the blocks are the input's bytes.
    let one = s(&dir.join("one.avro"));
    avrox(&["concat", &file, "-o", &one]);
    // Same header (only the sync marker differs), same blocks: same length.
    let (a, b) = (fs::read(&file).unwrap(), fs::read(&one).unwrap());
    assert_eq!(a.len(), b.len());
    // Another schema is refused.
    let other_schema = write(
        &dir,
        "other.avsc",
        r#"{"type": "record", "name": "X", "fields": [{"name": "a", "type": "int"}]}"#,
    );
    let other_json = write(&dir, "other.jsonl", "{\"a\":1}\n");
    let other = s(&dir.join("other.avro"));
    avrox(&[
        "fromjson",
        "--schema",
        &other_schema,
        &other_json,
        "-o",
        &other,
    ]);
    let out = dir.join("mixed.avro");
    let run = avrox(&["concat", &file, &other, "-o", &s(&out)]);
    insta::assert_snapshot!("concat_other_schema", run.text());
    assert!(!out.exists());
    // Writing over an input is refused, and the input is left whole.
    let before = fs::read(&file).unwrap();
    let run = avrox(&["concat", &file, &xz, "-o", &file]);
    assert_eq!(run.code, 2, "{}", run.text());
    assert!(run.stderr.contains("is also an input"), "{}", run.stderr);
    assert_eq!(
        avrox(&["recodec", &file, &file, "--codec", "deflate"]).code,
        2
    );
    assert_eq!(fs::read(&file).unwrap(), before);
    let _ = schema;
}

/// Every file of a folder, by name, with its bytes.
fn folder(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, fs::read(entry.path()).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn writing_commands_refuse_to_write_over_an_input() {
    let dir = scratch("over_input");
    write(&dir, "w.avsc", WEATHER);
    write(&dir, "w.jsonl", WEATHER_JSON);
    let made = avrox_in(
        &dir,
        &["fromjson", "--schema", "w.avsc", "w.jsonl", "-o", "w.avro"],
    );
    assert_eq!(made.code, 0, "{}", made.text());
    fs::hard_link(dir.join("w.jsonl"), dir.join("hard.jsonl")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("w.avro", dir.join("soft.avro")).unwrap();
    let before = folder(&dir);
    let mut cases: Vec<Vec<&str>> = vec![
        vec![
            "fromjson",
            "--schema",
            "w.avsc",
            "w.jsonl",
            "-o",
            "./w.jsonl",
        ],
        vec!["fromjson", "--schema", "w.avsc", "w.jsonl", "-o", "w.avsc"],
        vec![
            "fromjson",
            "--schema",
            "w.avsc",
            "w.jsonl",
            "-o",
            "hard.jsonl",
        ],
        vec!["encode", "--schema", "w.avsc", "w.jsonl", "-o", "./w.jsonl"],
        vec![
            "encode",
            "--schema",
            "w.avsc",
            "w.jsonl",
            "-o",
            "../over_input/w.avsc",
        ],
        vec!["recodec", "w.avro", "./w.avro", "--codec", "deflate"],
        vec!["concat", "w.avro", "w.avro", "-o", "./w.avro"],
        vec![
            "random", "--schema", "w.avsc", "--count", "3", "-o", "w.avsc",
        ],
    ];
    #[cfg(unix)]
    cases.extend([
        vec!["recodec", "w.avro", "soft.avro", "--codec", "snappy"],
        vec!["concat", "soft.avro", "-o", "w.avro"],
    ]);
    for args in cases {
        let run = avrox_in(&dir, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.text());
        assert!(
            run.stderr.contains("is also an input"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(folder(&dir), before, "{args:?} changed the folder");
    }
}

#[test]
fn a_failed_write_leaves_the_old_output_and_no_temporary_file() {
    let dir = scratch("failed_write");
    write(&dir, "w.avsc", WEATHER);
    write(&dir, "w.jsonl", WEATHER_JSON);
    let bad = format!("{WEATHER_JSON}{{\"station\":\"a\",\"time\":\"x\",\"temp\":2}}\n");
    // Bad on line 4: three good records are written before it.
    write(&dir, "bad.jsonl", &bad);
    write(&dir, "out.avro", "a good file");
    write(&dir, "out.bin", "good messages");
    let before = folder(&dir);
    for args in [
        [
            "fromjson",
            "--schema",
            "w.avsc",
            "bad.jsonl",
            "-o",
            "out.avro",
        ],
        ["encode", "--schema", "w.avsc", "bad.jsonl", "-o", "out.bin"],
    ] {
        let run = avrox_in(&dir, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.text());
        assert!(run.stderr.contains("line 4"), "{}", run.stderr);
        assert_eq!(folder(&dir), before, "{args:?} left the folder changed");
    }
    // A run that works replaces the file, with nothing left beside it.
    let run = avrox_in(
        &dir,
        &[
            "fromjson", "--schema", "w.avsc", "w.jsonl", "-o", "out.avro",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.text());
    let names: Vec<String> = folder(&dir).into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        ["bad.jsonl", "out.avro", "out.bin", "w.avsc", "w.jsonl"]
    );
    assert_eq!(avrox_in(&dir, &["tojson", "out.avro"]).stdout, WEATHER_JSON);
    // Through a symbolic link, the link's target is replaced and the link kept.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("out.avro", dir.join("link.avro")).unwrap();
        let run = avrox_in(&dir, &["recodec", "link.avro", "re.avro", "--codec", "xz"]);
        assert_eq!(run.code, 0, "{}", run.text());
        let run = avrox_in(
            &dir,
            &["recodec", "re.avro", "link.avro", "--codec", "snappy"],
        );
        assert_eq!(run.code, 0, "{}", run.text());
        assert!(
            fs::symlink_metadata(dir.join("link.avro"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let meta = avrox_in(&dir, &["meta", "out.avro"]).stdout;
        assert!(meta.starts_with("codec: snappy\n"), "{meta}");
    }
}

#[test]
fn encode_and_decode_every_framing() {
    let dir = scratch("framing");
    let schema = write(&dir, "all.avsc", ALL_TYPES);
    let json = write(&dir, "all.jsonl", ALL_JSON);
    for (framing, extra) in [
        ("raw", None),
        ("single-object", None),
        ("confluent", Some("42")),
    ] {
        let mut args = vec!["encode", "--schema", &schema, "--framing", framing];
        if let Some(id) = extra {
            args.extend(["--schema-id", id]);
        }
        args.push(&json);
        let encoded = avrox(&args);
        assert_eq!(encoded.code, 0, "{}", encoded.text());
        let messages = dir.join(format!("{framing}.bin"));
        fs::write(&messages, &encoded.raw).unwrap();
        let mut args = vec!["decode", "--schema", &schema, "--framing", framing];
        if let Some(id) = extra {
            args.extend(["--schema-id", id]);
        }
        let name = s(&messages);
        args.push(&name);
        let decoded = avrox(&args);
        assert_eq!(decoded.code, 0, "{}", decoded.text());
        assert_eq!(decoded.stdout, ALL_JSON, "{framing}");
        // Every truncation of the messages is exit 2, naming the message.
        for len in 1..encoded.raw.len() {
            fs::write(&messages, &encoded.raw[..len]).unwrap();
            let run = avrox(&args);
            // A cut between messages leaves fewer, whole messages.
            if run.code == 0 {
                assert!(decoded.stdout.starts_with(&run.stdout));
                assert!(run.stdout.len() < decoded.stdout.len());
                continue;
            }
            assert_eq!(run.code, 2, "{framing} cut at {len}: {}", run.text());
            assert!(run.stderr.contains("message "), "{}", run.stderr);
        }
    }
    let weather = write(&dir, "weather.avsc", WEATHER);
    let one = write(&dir, "one.jsonl", WEATHER_JSON.lines().next().unwrap());
    let msg = avrox(&[
        "encode",
        "--schema",
        &weather,
        "--framing",
        "confluent",
        "--schema-id",
        "7",
        &one,
    ])
    .raw;
    assert_eq!(&msg[..5], [0, 0, 0, 0, 7]);
    let file = dir.join("confluent.bin");
    fs::write(&file, &msg).unwrap();
    insta::assert_snapshot!(
        "decode_confluent",
        avrox(&[
            "decode",
            "--schema",
            &weather,
            "--framing",
            "confluent",
            &s(&file)
        ])
        .text()
    );
    insta::assert_snapshot!(
        "decode_confluent_wrong_id",
        avrox(&[
            "decode",
            "--schema",
            &weather,
            "--framing",
            "confluent",
            "--schema-id",
            "8",
            &s(&file)
        ])
        .text()
    );
    // A single-object message of another schema, and a raw datum read as single-object.
    let so = dir.join("so.bin");
    fs::write(
        &so,
        avrox(&[
            "encode",
            "--schema",
            &schema,
            "--framing",
            "single-object",
            &json,
        ])
        .raw,
    )
    .unwrap();
    insta::assert_snapshot!(
        "decode_wrong_fingerprint",
        avrox(&[
            "decode",
            "--schema",
            &weather,
            "--framing",
            "single-object",
            &s(&so)
        ])
        .text()
    );
    insta::assert_snapshot!(
        "decode_not_single_object",
        avrox(&[
            "decode",
            "--schema",
            &weather,
            "--framing",
            "single-object",
            &s(&file)
        ])
        .text()
    );
    insta::assert_snapshot!(
        "encode_confluent_without_id",
        avrox(&[
            "encode",
            "--schema",
            &weather,
            "--framing",
            "confluent",
            &one
        ])
        .text()
    );
}

/// A message that does not decode is placed once: the byte of the file
/// and the path in the schema.
#[test]
fn decode_errors_give_one_position_in_the_file() {
    let dir = scratch("decode_position");
    let schema = write(
        &dir,
        "user.avsc",
        r#"{"type": "record", "name": "User", "fields": [
            {"name": "id", "type": "long"}, {"name": "email", "type": "string"}]}"#,
    );
    // Two single-object messages; the second's email (3 bytes) is not UTF-8.
    let json = write(
        &dir,
        "users.jsonl",
        "{\"id\":1,\"email\":\"a@b\"}\n{\"id\":2,\"email\":\"c@d\"}\n",
    );
    let mut bytes = avrox(&[
        "encode",
        "--schema",
        &schema,
        "--framing",
        "single-object",
        &json,
    ])
    .raw;
    // Each message: C3 01, 8 bytes of fingerprint, id, length 3, "x@y".
    assert_eq!(bytes.len(), 2 * 15);
    bytes[15 + 13] = 0xff;
    let file = dir.join("users.bin");
    fs::write(&file, &bytes).unwrap();
    let run = avrox(&[
        "decode",
        "--schema",
        &schema,
        "--framing",
        "single-object",
        &s(&file),
    ]);
    assert_eq!(run.code, 2, "{}", run.text());
    // The string starts at file byte 15 + 10 + 1 (its length prefix).
    assert!(
        run.stderr
            .ends_with("users.bin: message 1: User.email at byte 26: string is not valid UTF-8\n"),
        "{}",
        run.stderr
    );
    // A cut inside the second message's header: the message's start.
    fs::write(&file, &bytes[..20]).unwrap();
    let run = avrox(&[
        "decode",
        "--schema",
        &schema,
        "--framing",
        "single-object",
        &s(&file),
    ]);
    assert_eq!(run.code, 2, "{}", run.text());
    assert!(
        run.stderr
            .contains("users.bin: message 1: at byte 15: unexpected end of input"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches(" byte ").count(), 1, "{}", run.stderr);
}

/// Long work draws indicatif's bar (rate, time left) when stderr is a
/// terminal, and nothing when it is not. The terminal is util-linux's
/// `script`, skipped where it is missing.
#[test]
fn progress_is_drawn_on_a_terminal_only() {
    let dir = scratch("progress");
    let schema = write(&dir, "weather.avsc", WEATHER);
    let out = s(&dir.join("big.avro"));
    let args = [
        "random", "--schema", &schema, "--count", "200000", "-o", &out,
    ];
    let piped = avrox(&args);
    assert_eq!(
        (piped.code, piped.stderr.as_str()),
        (0, ""),
        "{}",
        piped.text()
    );
    let command = format!("{} {}", env!("CARGO_BIN_EXE_avrox"), args.join(" "));
    let Ok(tty) = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
    else {
        eprintln!("no `script` to give avrox a terminal: skipped");
        return;
    };
    let screen = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{screen}");
    assert!(
        screen.contains("random ") && screen.contains("records") && screen.contains("/s ETA "),
        "{screen}"
    );
    // The bar is cleared when the work ends.
    assert!(screen.ends_with("\r\x1b[2K"), "{screen:?}");
}

#[test]
fn usage_errors_follow_clap() {
    let run = avrox(&["tojson"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Usage:"), "{}", run.stderr);
    let run = avrox(&["fingerprint", "--alg", "crc32", "x.avsc"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
    assert_eq!(avrox(&["frobnicate"]).code, 2);
    assert_eq!(avrox(&["--version"]).code, 0);
}

#[test]
fn every_command_has_help_with_an_example() {
    let commands = [
        "tojson",
        "fromjson",
        "schema",
        "meta",
        "count",
        "canonical",
        "fingerprint",
        "compat",
        "validate",
        "recodec",
        "concat",
        "random",
        "decode",
        "encode",
        "codegen",
        "infer",
        "idl",
        "idl2schemata",
    ];
    for command in commands {
        let run = avrox(&[command, "--help"]);
        assert_eq!(run.code, 0, "{command}");
        assert!(run.stdout.contains("Example"), "{command}: {}", run.stdout);
        assert!(
            run.stdout.contains(&format!("avrox {command} ")),
            "{command}: {}",
            run.stdout
        );
    }
    insta::assert_snapshot!("help", avrox(&["--help"]).text());
    insta::assert_snapshot!("help_tojson", avrox(&["tojson", "--help"]).text());
}

/// Every type fastavro's JSON tools handle: not logical types (its JSON
/// writer turns them into Python objects first), nor recursion (its JSON
/// encoder's grammar fails on a recursive union), nor a union of a string
/// and an enum (Python holds both as `str`, and fastavro writes the first
/// branch that fits).
const PEER_TYPES: &str = r#"{"type": "record", "name": "Peer", "namespace": "t", "fields": [
    {"name": "n", "type": "null"}, {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"}, {"name": "l", "type": "long"},
    {"name": "d", "type": "double"},
    {"name": "by", "type": "bytes"}, {"name": "s", "type": "string"},
    {"name": "e", "type": {"type": "enum", "name": "Suit", "symbols": ["HEARTS", "SPADES"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
    {"name": "a", "type": {"type": "array", "items": "long"}},
    {"name": "m", "type": {"type": "map", "values": ["null", "string"]}},
    {"name": "u", "type": ["null", "string", "long"]}]}"#;

/// fastavro: reads a container file and prints its records as Avro JSON
/// (`read FILE`), or writes Avro JSON lines into one (`write SCHEMA JSON
/// CODEC OUT`).
const FASTAVRO: &str = r#"
import json, sys, fastavro
if sys.argv[1] == "read":
    with open(sys.argv[2], "rb") as f:
        reader = fastavro.reader(f)
        fastavro.json_writer(sys.stdout, reader.writer_schema, reader)
else:
    schema = fastavro.parse_schema(json.load(open(sys.argv[2])))
    with open(sys.argv[3]) as f:
        records = list(fastavro.json_reader(f, schema))
    with open(sys.argv[5], "wb") as out:
        fastavro.writer(out, schema, records, codec=sys.argv[4])
"#;

fn python() -> Option<String> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", "import fastavro, cramjam, zstandard"])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var("AVROX_REQUIRE_PEERS").as_deref() != Ok("1"),
        "fastavro (with cramjam and zstandard) is required by AVROX_REQUIRE_PEERS=1"
    );
    eprintln!("SKIPPED: fastavro not found (set PYTHON, or run scripts/install-peers)");
    None
}

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Files the command writes, read by fastavro; files fastavro writes, read
/// by the command; the same records both ways, with every codec.
#[test]
fn fastavro_reads_what_avrox_writes_and_the_other_way() {
    let Some(python) = python() else { return };
    let dir = scratch("fastavro");
    let schema = write(&dir, "peer.avsc", PEER_TYPES);
    let data = s(&dir.join("random.avro"));
    let run = avrox(&[
        "random", "--schema", &schema, "--count", "300", "--seed", "3", "-o", &data,
    ]);
    assert_eq!(run.code, 0, "{}", run.text());
    let json_text = avrox(&["tojson", &data]).stdout;
    let json = write(&dir, "random.jsonl", &json_text);
    let expected = json_lines(&json_text);
    let script = write(&dir, "peer.py", FASTAVRO);
    for codec in ["null", "deflate", "snappy", "zstandard", "bzip2", "xz"] {
        let ours = s(&dir.join(format!("ours-{codec}.avro")));
        let run = avrox(&[
            "fromjson", "--schema", &schema, "--codec", codec, &json, "-o", &ours,
        ]);
        assert_eq!(run.code, 0, "{}", run.text());
        let read = Command::new(&python)
            .args([&script, "read", &ours])
            .output()
            .unwrap();
        assert!(
            read.status.success(),
            "{codec}: {}",
            String::from_utf8_lossy(&read.stderr)
        );
        assert_eq!(
            json_lines(&String::from_utf8(read.stdout).unwrap()),
            expected,
            "fastavro reading {codec}"
        );

        let theirs = s(&dir.join(format!("theirs-{codec}.avro")));
        let wrote = Command::new(&python)
            .args([&script, "write", &schema, &json, codec, &theirs])
            .output()
            .unwrap();
        assert!(
            wrote.status.success(),
            "{codec}: {}",
            String::from_utf8_lossy(&wrote.stderr)
        );
        let run = avrox(&["tojson", &theirs]);
        assert_eq!(run.code, 0, "{}", run.text());
        assert_eq!(
            json_lines(&run.stdout),
            expected,
            "avrox reading fastavro's {codec}"
        );
        assert_eq!(avrox(&["count", &theirs]).stdout, "300\n");
    }
}

/// `avrox codegen` writes what avrox-codegen generates (compiled and
/// checked in avrox-tests/codegen) with each flag, to stdout or `-o`.
#[test]
fn codegen_with_each_flag() {
    let dir = scratch("codegen");
    let all = write(&dir, "all.avsc", ALL_TYPES);
    let run = avrox(&["codegen", &all]);
    assert_eq!(run.code, 0, "{}", run.text());
    insta::assert_snapshot!("codegen_all_types", run.stdout);

    let flagged = avrox(&[
        "codegen",
        &all,
        "--flat",
        "--map",
        "btree",
        "--time",
        "chrono",
        "--decimal",
        "rust_decimal",
    ]);
    assert_eq!(flagged.code, 0, "{}", flagged.text());
    assert!(!flagged.stdout.contains("pub mod t"), "{}", flagged.stdout);
    assert!(
        flagged
            .stdout
            .contains("::std::collections::BTreeMap<String")
    );
    assert!(flagged.stdout.contains("pub date: ::chrono::NaiveDate"));
    assert!(flagged.stdout.contains("pub dec: ::rust_decimal::Decimal"));

    let out = dir.join("out.rs");
    let written = avrox(&["codegen", &all, "-o", &s(&out)]);
    assert_eq!((written.code, written.stdout.as_str()), (0, ""));
    assert_eq!(fs::read_to_string(&out).unwrap(), run.stdout);

    // A second file may use the first's types.
    let order = write(
        &dir,
        "order.avsc",
        r#"{"type": "record", "name": "t.Order", "fields": [{"name": "item", "type": "t.All"}]}"#,
    );
    let both = avrox(&["codegen", &all, &order]);
    assert_eq!(both.code, 0, "{}", both.text());
    assert!(both.stdout.contains("pub item: All"), "{}", both.stdout);

    let alone = avrox(&["codegen", &order]);
    assert_eq!(alone.code, 2);
    assert!(
        alone.stderr.contains("order.avsc: ") && alone.stderr.contains("unknown type 't.All'"),
        "{}",
        alone.stderr
    );
    assert_eq!(avrox(&["codegen", &all, "--time", "jiff"]).code, 2);
    assert_eq!(avrox(&["codegen"]).code, 2);
    let clash = write(
        &dir,
        "clash.avsc",
        r#"{"type": "record", "name": "a.User", "fields": [
            {"name": "other", "type": {"type": "record", "name": "b.User", "fields": []}}]}"#,
    );
    let flat = avrox(&["codegen", "--flat", &clash]);
    assert_eq!(flat.code, 2);
    assert!(
        flat.stderr.contains("'a.User' and 'b.User'"),
        "{}",
        flat.stderr
    );
}

/// `avrox codegen` reads protocols and IDL files by extension, IDL imports
/// in each `--import-dir`; bad ones are exit 2 naming the file and the
/// place, at every cut of the file.
#[test]
fn codegen_of_protocols_and_idl_files() {
    let dir = scratch("codegen_protocols");
    let shared = dir.join("shared");
    fs::create_dir_all(&shared).unwrap();
    write(
        &shared,
        "money.avsc",
        r#"{"type": "fixed", "name": "org.acme.Money", "size": 8}"#,
    );
    let shop = write(&dir, "shop.avdl", SHOP);
    let import_dir = s(&shared);
    let run = avrox(&["codegen", &shop]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!(
            "{shop}:4:3: cannot find the imported file 'money.avsc'"
        )),
        "{}",
        run.stderr
    );
    // A file named without a folder: its imports are looked for in ".".
    let run = avrox_in(&dir, &["codegen", "shop.avdl"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("shop.avdl:4:3: cannot find the imported file 'money.avsc' (looked in: .)"),
        "{}",
        run.stderr
    );
    let run = avrox(&["codegen", "--import-dir", &import_dir, &shop]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("codegen_idl", run.stdout);

    let mail = write(
        &dir,
        "mail.avpr",
        r#"{"protocol": "Mail", "namespace": "org.acme.mail",
            "types": [{"type": "record", "name": "Message", "fields": [{"name": "to", "type": "string"}]}],
            "messages": {"send": {"request": [{"name": "m", "type": "Message"}],
                                  "response": {"type": "enum", "name": "Outcome", "symbols": ["SENT"]}}}}"#,
    );
    let run = avrox(&[
        "codegen",
        "--flat",
        &mail,
        "--import-dir",
        &import_dir,
        &shop,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for item in [
        "pub struct Message",
        "pub enum Outcome",
        "pub struct Line",
        "pub enum Kind",
    ] {
        assert!(run.stdout.contains(item), "{item}: {}", run.stdout);
    }
    assert!(!run.stdout.contains("pub struct Send"), "{}", run.stdout);

    // Every cut of either file is an error naming it, never a crash.
    for (file, text) in [
        ("mail.avpr", fs::read(&mail).unwrap()),
        ("shop.avdl", SHOP.as_bytes().to_vec()),
    ] {
        let cut = dir.join(format!("cut-{file}"));
        for end in 0..text.len() {
            fs::write(&cut, &text[..end]).unwrap();
            let run = avrox(&["codegen", "--import-dir", &import_dir, &s(&cut)]);
            assert!(
                run.code == 0 || run.code == 2,
                "{file}[..{end}]: {}",
                run.text()
            );
            if run.code == 2 {
                assert!(run.stderr.contains(&s(&cut)), "{}", run.stderr);
            }
        }
    }
    let corrupt = write(
        &dir,
        "corrupt.avpr",
        "{\"protocol\": \"P\", \"types\": [1]}",
    );
    let run = avrox(&["codegen", &corrupt]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!("{corrupt}: types[0]: ")),
        "{}",
        run.stderr
    );
    let corrupt = write(
        &dir,
        "corrupt.avdl",
        "protocol P {\n  record R { int \u{0} x; }\n}\n",
    );
    let run = avrox(&["codegen", &corrupt]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!("{corrupt}:2:")),
        "{}",
        run.stderr
    );
}

/// `avrox infer` prints a schema every line fits: numbers widened, missing
/// and null values optional, objects as records; bad input is exit 2.
#[test]
fn infer_fits_every_line() {
    let dir = scratch("infer");
    let lines = write(
        &dir,
        "events.jsonl",
        "{\"id\": 1, \"user\": {\"name\": \"ann\", \"age\": 31}, \"tags\": [\"a\"]}\n\n\
         {\"id\": 7000000000, \"user\": {\"name\": \"bob\"}, \"score\": 0.5}\n",
    );
    let run = avrox(&["infer", &lines]);
    assert_eq!(run.code, 0, "{}", run.text());
    insta::assert_snapshot!("infer_events", run.stdout);
    // The schema is the starting point it claims to be: fromjson takes it.
    let schema = write(&dir, "events.avsc", &run.stdout);
    assert_eq!(avrox(&["canonical", &schema]).code, 0);

    let named = avrox(&["infer", "--name", "Event", &lines]);
    assert!(
        named.stdout.contains("\"name\": \"Event\""),
        "{}",
        named.stdout
    );
    // Review finding 6: the top level keeps the given name, and a nested
    // key of that name yields.
    let nested = write(&dir, "nested.jsonl", "{\"Event\": {\"id\": 1}}\n");
    let run = avrox(&["infer", "--name", "Event", &nested]);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(schema["name"], "Event", "{}", run.stdout);
    assert_eq!(
        schema["fields"][0]["type"]["name"], "Event2",
        "{}",
        run.stdout
    );
    let bad = write(&dir, "bad.jsonl", "{\"a\": tru}\n");
    let run = avrox(&["infer", &bad]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("line 1, column 10: invalid JSON"),
        "{}",
        run.stderr
    );
    let empty = write(&dir, "empty.jsonl", "\n");
    assert_eq!(avrox(&["infer", &empty]).code, 2);
    let deep = write(
        &dir,
        "deep.jsonl",
        &format!("{}{}\n", "[".repeat(5000), "]".repeat(5000)),
    );
    assert_eq!(avrox(&["infer", &deep]).code, 2);
}

const SHOP: &str = r#"/** The shop. */
@namespace("org.acme")
protocol Shop {
  import schema "money.avsc";
  record Line { string sku; Money price; }
  @namespace("org.acme.audit") enum Kind { ADD, REMOVE }
  Line add(string sku, org.acme.audit.Kind kind = "ADD");
}
"#;

#[test]
fn idl_prints_the_protocol_and_idl2schemata_writes_each_type() {
    let dir = scratch("idl");
    let shared = dir.join("shared");
    fs::create_dir_all(&shared).unwrap();
    write(
        &shared,
        "money.avsc",
        r#"{"type": "fixed", "name": "org.acme.Money", "size": 8}"#,
    );
    let shop = write(&dir, "shop.avdl", SHOP);
    let import_dir = s(&shared);

    // Without the import folder, the error says where it looked.
    let run = avrox(&["idl", &shop]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("idl_missing_import", run.text());

    let run = avrox(&["idl", "--import-dir", &import_dir, &shop]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("idl_protocol", run.text());
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed["doc"], "The shop.");

    // To a file: the same JSON.
    let out = dir.join("shop.avpr");
    let run = avrox(&["idl", "--import-dir", &import_dir, &shop, &s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written, printed);

    let schemas = dir.join("schemas");
    let run = avrox(&[
        "idl2schemata",
        "--import-dir",
        &import_dir,
        &shop,
        &s(&schemas),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = fs::read_dir(&schemas)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["Kind.avsc", "Line.avsc", "Money.avsc"]);
    // Each file stands alone: Line defines the Money it uses.
    let line =
        avrox::Schema::parse(&fs::read_to_string(schemas.join("Line.avsc")).unwrap()).unwrap();
    assert_eq!(
        line.canonical_form(),
        r#"{"name":"org.acme.Line","type":"record","fields":[{"name":"sku","type":"string"},{"name":"price","type":{"name":"org.acme.Money","type":"fixed","size":8}}]}"#
    );

    // The schema syntax, from stdin.
    let run = avrox_with_stdin(
        &["idl", "-"],
        Some(b"namespace a; schema R; record R { int x; }"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("idl_schema", run.text());

    // Errors give the file, line and column.
    let bad = write(
        &dir,
        "bad.avdl",
        "protocol P {\n  record R { int x = \"one\"; }\n}\n",
    );
    let run = avrox(&["idl", &bad]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("idl_error", run.text());

    // Two types of one simple name would write one file.
    let clash = write(
        &dir,
        "clash.avdl",
        "protocol P { @namespace(\"a\") record R {} @namespace(\"b\") record R {} }",
    );
    let run = avrox(&["idl2schemata", &clash, &s(&dir.join("clash"))]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "avrox: types 'a.R' and 'b.R' would both be written to R.avsc\n"
    );
}

#[test]
fn idl_of_the_conformance_suite_matches_its_expected_output() {
    let Some(apache) = avrox_tests::apache_avro_dir() else {
        return;
    };
    let idl = apache.join("idl");
    let run = avrox(&["idl", &s(&idl.join("input/simple.avdl"))]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(idl.join("output/simple.avpr")).unwrap()).unwrap();
    assert_eq!(got, expected);
}

/// Review finding 10: `avrox idl -` read all of stdin before checking its
/// size. It reads one byte past the limit (16 MiB), so a writer of 64 MiB
/// finds the pipe closed long before the end.
#[test]
fn idl_reads_no_more_of_stdin_than_the_limit() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_avrox"))
        .args(["idl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the avrox binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 16];
        let mut written = 0usize;
        while written < 64 << 20 {
            match stdin.write(&chunk) {
                Ok(n) => written += n,
                Err(_) => break,
            }
        }
        written
    });
    let output = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "avrox: stdin: more than the limit of 16777216 bytes"
    );
    assert!(written < 20 << 20, "{written} bytes taken from the writer");
}
