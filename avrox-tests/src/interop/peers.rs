//! Finding the peers `scripts/install-peers` installs, and running them.
//!
//! Each datum peer is a small program of ours in `avrox-tests/peers/` that
//! reads a job (cases: schemas, values in the interop JSON, avrox's
//! encodings) and writes its results; [`run`] drives one. A peer that is not
//! installed is skipped with a loud notice naming `scripts/install-peers`,
//! unless `AVROX_REQUIRE_PEERS=1`, which makes it a failure.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use serde_json::Value as Json;

/// Set to `1`, turns a missing peer from a skip into a failure.
pub const REQUIRE_PEERS_VAR: &str = "AVROX_REQUIRE_PEERS";

/// Where `scripts/install-peers` puts what is not installed system-wide
/// (avsc), and where the suite compiles its Java programs and writes its
/// jobs. Default: `<workspace>/target/peers`.
pub const PEERS_DIR_VAR: &str = "AVROX_PEERS_DIR";

/// The jars of Debian's `libavro-java` and those it needs to parse
/// schemas and read and write datums.
const JAVA_JARS: &[&str] = &[
    "avro.jar",
    "jackson-core-asl.jar",
    "jackson-mapper-asl.jar",
    "slf4j-api.jar",
    "slf4j-nop.jar",
    "commons-compress.jar",
    "paranamer.jar",
    "snappy-java.jar",
    "xz.jar",
];

/// Where Debian installs jars.
const JAVA_DIR: &str = "/usr/share/java";

/// The other implementations the suite runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Peer {
    /// Python `avro`, the official Python implementation (PyPI).
    PythonAvro,
    /// `fastavro` (PyPI).
    Fastavro,
    /// Apache Avro for Java (Debian's `libavro-java`).
    Java,
    /// `avsc`, Avro for JavaScript (npm).
    Avsc,
    /// avro-c's command-line tools (Debian's `avro-bin`).
    AvroC,
    /// Polars (PyPI).
    Polars,
    /// DataFusion (PyPI).
    DataFusion,
    /// Confluent's Python client (`confluent-kafka` from PyPI): its
    /// `SchemaRegistryClient`, `AvroSerializer` and `AvroDeserializer`.
    ConfluentKafka,
}

impl Peer {
    /// Every peer.
    pub const ALL: [Peer; 8] = [
        Peer::PythonAvro,
        Peer::Fastavro,
        Peer::Java,
        Peer::Avsc,
        Peer::AvroC,
        Peer::Polars,
        Peer::DataFusion,
        Peer::ConfluentKafka,
    ];

    /// The peers that encode and decode single datums.
    pub const DATUM: [Peer; 4] = [Peer::PythonAvro, Peer::Fastavro, Peer::Java, Peer::Avsc];

    /// A short stable key: file names, JSON.
    pub fn key(self) -> &'static str {
        match self {
            Peer::PythonAvro => "python-avro",
            Peer::Fastavro => "fastavro",
            Peer::Java => "java",
            Peer::Avsc => "avsc",
            Peer::AvroC => "avro-c",
            Peer::Polars => "polars",
            Peer::DataFusion => "datafusion",
            Peer::ConfluentKafka => "confluent-kafka",
        }
    }

    /// The name readers know it by.
    pub fn title(self) -> &'static str {
        match self {
            Peer::PythonAvro => "Python avro",
            Peer::Fastavro => "fastavro",
            Peer::Java => "Java avro",
            Peer::Avsc => "avsc",
            Peer::AvroC => "avro-c tools",
            Peer::Polars => "Polars",
            Peer::DataFusion => "DataFusion",
            Peer::ConfluentKafka => "confluent-kafka (Python)",
        }
    }
}

/// The folder of installed peers and the suite's scratch files.
pub fn peers_dir() -> PathBuf {
    std::env::var_os(PEERS_DIR_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::workspace_root().join("target").join("peers"))
}

/// `avrox-tests/peers`, the peer-side programs.
pub fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("peers")
}

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Whether `cmd` runs and exits 0.
fn succeeds(cmd: &mut Command) -> bool {
    cmd.output().map(|o| o.status.success()).unwrap_or(false)
}

/// What is missing for `peer`, or `None` when it is installed.
fn missing(peer: Peer) -> Option<String> {
    let python_module = |module: &str| {
        (!succeeds(Command::new(python()).args(["-c", &format!("import {module}")])))
            .then(|| format!("`{} -c 'import {module}'` fails", python()))
    };
    match peer {
        Peer::PythonAvro => python_module("avro.io"),
        Peer::Fastavro => python_module("fastavro"),
        Peer::Polars => python_module("polars"),
        Peer::DataFusion => python_module("datafusion"),
        Peer::ConfluentKafka => python_module("confluent_kafka.schema_registry.avro"),
        Peer::Java => {
            if !succeeds(Command::new("javac").arg("-version")) {
                return Some("no `javac`".into());
            }
            JAVA_JARS
                .iter()
                .map(|jar| Path::new(JAVA_DIR).join(jar))
                .find(|jar| !jar.is_file())
                .map(|jar| format!("no {}", jar.display()))
        }
        Peer::Avsc => {
            let package = avsc_modules().join("avsc").join("package.json");
            if !succeeds(Command::new("node").arg("--version")) {
                Some("no `node`".into())
            } else {
                (!package.is_file()).then(|| format!("no {}", package.display()))
            }
        }
        // avrocat has no --help or --version that exits 0: look for it.
        Peer::AvroC => (!on_path("avrocat")).then(|| "no `avrocat` on PATH".into()),
    }
}

/// Whether an executable file `name` is in a folder of `PATH`.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

fn avsc_modules() -> PathBuf {
    peers_dir().join("node").join("node_modules")
}

/// Whether `peer` is installed. When it is not: a failure if
/// `AVROX_REQUIRE_PEERS=1`, otherwise `false` after a notice (once per
/// peer and test binary, past the harness's capture) naming the set-up
/// script.
pub fn available(peer: Peer) -> bool {
    static NOTICED: Mutex<Vec<Peer>> = Mutex::new(Vec::new());
    let Some(why) = missing(peer) else {
        return true;
    };
    if std::env::var(REQUIRE_PEERS_VAR).as_deref() == Ok("1") {
        panic!(
            "peer {} is not installed ({why}), and {REQUIRE_PEERS_VAR}=1 requires it: run scripts/install-peers",
            peer.title()
        );
    }
    let mut noticed = NOTICED.lock().unwrap_or_else(|e| e.into_inner());
    if !noticed.contains(&peer) {
        noticed.push(peer);
        let line = "#".repeat(78);
        let _ = writeln!(
            std::io::stderr(),
            "\n{line}\n# SKIPPED: interop peer {} not installed ({why}); its tests did NOT run.\n\
             # Install the peers with scripts/install-peers, or set {REQUIRE_PEERS_VAR}=1 to make this a failure.\n{line}\n",
            peer.title()
        );
    }
    false
}

fn java_classpath() -> String {
    JAVA_JARS
        .iter()
        .map(|jar| format!("{JAVA_DIR}/{jar}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Compiles `avrox-tests/peers/JavaPeer.java` into the peers folder when
/// its class is missing or older than the source; returns the class folder.
fn compile_java() -> PathBuf {
    static COMPILING: Mutex<()> = Mutex::new(());
    let _guard = COMPILING.lock().unwrap_or_else(|e| e.into_inner());
    let source = programs_dir().join("JavaPeer.java");
    let classes = peers_dir().join("java-classes");
    let class = classes.join("JavaPeer.class");
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    if modified(&class).is_none() || modified(&class) < modified(&source) {
        std::fs::create_dir_all(&classes).expect("create the Java classes folder");
        let out = Command::new("javac")
            .args(["-nowarn", "-cp", &java_classpath(), "-d"])
            .arg(&classes)
            .arg(&source)
            .output()
            .expect("run javac");
        assert!(
            out.status.success(),
            "javac {} failed:\n{}",
            source.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    classes
}

/// Runs a datum peer on `job` (`{"cases": [...]}`) and returns its
/// results. `tag` names the job's files under the peers folder.
///
/// # Panics
/// When the peer program fails or writes no results: that is a bug in the
/// suite or a broken install, not a disagreement.
pub fn run(peer: Peer, tag: &str, job: &Json) -> Json {
    let work = peers_dir().join("work");
    std::fs::create_dir_all(&work).expect("create the peers' work folder");
    let job_path = work.join(format!("{}-{tag}.job.json", peer.key()));
    let out_path = work.join(format!("{}-{tag}.out.json", peer.key()));
    std::fs::write(&job_path, serde_json::to_vec(job).expect("job JSON")).expect("write the job");
    let _ = std::fs::remove_file(&out_path);
    let programs = programs_dir();
    let mut cmd = match peer {
        Peer::PythonAvro | Peer::Fastavro => {
            let mut c = Command::new(python());
            c.arg(programs.join("python_peer.py")).arg(match peer {
                Peer::PythonAvro => "avro",
                _ => "fastavro",
            });
            c
        }
        Peer::Java => {
            let classes = compile_java();
            let mut c = Command::new("java");
            c.arg("-cp")
                .arg(format!("{}:{}", classes.display(), java_classpath()))
                .arg("JavaPeer");
            c
        }
        Peer::Avsc => {
            let mut c = Command::new("node");
            c.env("NODE_PATH", avsc_modules())
                .arg(programs.join("avsc_peer.js"));
            c
        }
        Peer::ConfluentKafka => {
            let mut c = Command::new(python());
            c.arg(programs.join("registry_peer.py"));
            c
        }
        Peer::AvroC | Peer::Polars | Peer::DataFusion => {
            panic!("{} reads and writes files, not datums", peer.title())
        }
    };
    let out = cmd
        .arg(&job_path)
        .arg(&out_path)
        .output()
        .unwrap_or_else(|e| panic!("start {}: {e}", peer.title()));
    assert!(
        out.status.success(),
        "{} failed on {}:\n{}",
        peer.title(),
        job_path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read(&out_path)
        .unwrap_or_else(|e| panic!("{} wrote no {}: {e}", peer.title(), out_path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|e| {
        panic!(
            "{} wrote bad JSON to {}: {e}",
            peer.title(),
            out_path.display()
        )
    })
}

/// The installed version of a file peer (avro-c, Polars, DataFusion), as
/// the peer reports it.
pub fn version(peer: Peer) -> String {
    let text = match peer {
        Peer::AvroC => Command::new("dpkg-query")
            .args(["-W", "-f=${Version}", "avro-bin"])
            .output(),
        Peer::Polars
        | Peer::DataFusion
        | Peer::PythonAvro
        | Peer::Fastavro
        | Peer::ConfluentKafka => {
            let dist = match peer {
                Peer::ConfluentKafka => "confluent-kafka",
                Peer::Polars => "polars",
                Peer::DataFusion => "datafusion",
                Peer::PythonAvro => "avro",
                _ => "fastavro",
            };
            Command::new(python())
                .args([
                    "-c",
                    &format!("import importlib.metadata as m; print(m.version('{dist}'), end='')"),
                ])
                .output()
        }
        Peer::Java => Command::new("dpkg-query")
            .args(["-W", "-f=${Version}", "libavro-java"])
            .output(),
        Peer::Avsc => Command::new("node")
            .arg("-p")
            .arg(format!(
                "require('{}').version",
                avsc_modules().join("avsc").join("package.json").display()
            ))
            .output(),
    };
    let out = text.unwrap_or_else(|e| panic!("ask {} its version: {e}", peer.title()));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
