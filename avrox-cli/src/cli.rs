//! The command line: every command, its arguments and its `--help` text.
//!
//! Names and flags are fixed by the issue that asked for the tool (other
//! tools and scripts call them); add, never rename.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Inspect, convert, check and generate Apache Avro data.
#[derive(Debug, Parser)]
#[command(name = "avrox", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 done; 1 `compat` or `validate` found problems; \
2 bad input (damaged file, JSON that does not fit the schema, invalid schema) or a usage error.\n\n\
Example:\n  avrox tojson --pretty --head 3 weather.avro"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print each datum of a container file as one line of Avro JSON.
    #[command(after_help = "Examples:\n  avrox tojson weather.avro\n  \
        avrox tojson --reader-schema weather-v2.avsc --head 10 weather.avro\n  \
        cat weather.avro | avrox tojson -")]
    Tojson(TojsonArgs),
    /// Write Avro JSON, one datum a line, into a container file.
    #[command(
        after_help = "Example:\n  avrox fromjson --schema weather.avsc --codec deflate \
        --level 9 weather.jsonl -o weather.avro"
    )]
    Fromjson(FromjsonArgs),
    /// Print a container file's writer schema, as JSON.
    #[command(after_help = "Example:\n  avrox schema weather.avro > weather.avsc")]
    Schema(FileArg),
    /// Print a container file's codec, sync marker, metadata, block and record counts.
    #[command(after_help = "Example:\n  avrox meta weather.avro")]
    Meta(FileArg),
    /// Print the number of records, counted from block headers without decoding.
    #[command(after_help = "Example:\n  avrox count weather.avro")]
    Count(FileArg),
    /// Print a schema's Parsing Canonical Form.
    #[command(after_help = "Example:\n  avrox canonical weather.avsc")]
    Canonical(SchemaFileArg),
    /// Print a schema's fingerprint in lowercase hex.
    #[command(
        after_help = "For rabin, the 8 bytes are printed in the little-endian order \
        they take after C3 01 in single-object encoding, as Python avro and Java print \
        them and as avrox's errors name them.\n\n\
        Examples:\n  avrox fingerprint weather.avsc\n  avrox fingerprint --alg sha256 weather.avsc"
    )]
    Fingerprint(FingerprintArgs),
    /// Check that data written with one schema can be read with another.
    #[command(
        after_help = "Exit code 0 when compatible, 1 when not (every incompatibility \
        is printed with its path).\n\n\
        Example:\n  avrox compat --writer user-v1.avsc --reader user-v2.avsc --level full"
    )]
    Compat(CompatArgs),
    /// Check every record against the constraints carried in the schema.
    #[command(
        after_help = "Prints each violation with its record index and path; exit code 1 \
        if there is any.\n\n\
        Examples:\n  avrox validate users.avro\n  avrox validate --schema users-v2.avsc users.avro"
    )]
    Validate(ValidateArgs),
    /// Rewrite a container file with another codec.
    #[command(
        after_help = "Example:\n  avrox recodec weather.avro weather-zstd.avro \
        --codec zstandard --level 19"
    )]
    Recodec(RecodecArgs),
    /// Concatenate container files of one schema into one.
    #[command(
        after_help = "Blocks are copied without decoding when every input has the first \
        input's schema and codec. Inputs with another codec are decompressed and recompressed \
        with the first input's codec; inputs with another schema are refused.\n\n\
        Example:\n  avrox concat part-0.avro part-1.avro part-2.avro -o all.avro"
    )]
    Concat(ConcatArgs),
    /// Write random data of a schema, respecting its constraints.
    #[command(
        after_help = "Example:\n  avrox random --schema weather.avsc --count 1000000 \
        --seed 7 --codec snappy -o random.avro"
    )]
    Random(RandomArgs),
    /// Print datums outside container files (messages) as Avro JSON lines.
    #[command(
        after_help = "FILE holds the messages one after another (a single message is \
        the common case). With --framing confluent, each message's schema id must equal \
        --schema-id when that is given; without it, the id is printed to stderr (again when it \
        changes).\n\n\
        Examples:\n  avrox decode --schema user.avsc --framing single-object message.bin\n  \
        kcat -C -t users -c 1 -e | avrox decode --schema user.avsc --framing confluent -"
    )]
    Decode(DecodeArgs),
    /// Write Avro JSON lines as datums outside container files (messages).
    #[command(
        after_help = "Each line becomes one message, written one after another. \
        --framing confluent needs --schema-id, the id a schema registry gave the schema.\n\n\
        Example:\n  avrox encode --schema user.avsc --framing confluent --schema-id 42 \
        user.json -o message.bin"
    )]
    Encode(EncodeArgs),
    /// Generate Rust types (`#[derive(avrox::Avro)]`) from .avsc, .avpr and .avdl files.
    #[command(
        after_help = "Files are read by extension: .avsc as a schema, .avpr as a protocol, \
        .avdl as Avro IDL (imports looked for beside the importing file, then in each \
        --import-dir). Schema files are read in order, so one may use the named types of the \
        schema files before it. A protocol's named types are generated, not its messages. \
        Named types go in nested modules by namespace (com.acme.User becomes com::acme::User) \
        unless --flat is given.\n\n\
        Examples:\n  avrox codegen user.avsc order.avsc --map btree --time chrono -o src/schemas.rs\n  \
        avrox codegen --import-dir shared/ shop.avdl mail.avpr"
    )]
    Codegen(CodegenArgs),
    /// Print a schema that fits every line of a JSON lines file, as a starting point.
    #[command(
        after_help = "Numbers widen (int, long, double); a value that is null or missing \
        in some lines becomes a union with null, defaulting to null; several kinds become a \
        union; objects become records, or maps when a key cannot be an Avro name.\n\n\
        Example:\n  avrox infer events.jsonl > events.avsc"
    )]
    Infer(InferArgs),
    /// Print the protocol or schema an Avro IDL file declares, as JSON.
    #[command(
        after_help = "Prints the protocol, or the main schema of a schema file (`schema T;`), \
        or else the list of its named types, as avro-tools idl does. Imports are looked for \
        beside the importing file, then in each --import-dir.\n\n\
        Examples:\n  avrox idl shop.avdl\n  avrox idl --import-dir shared/ shop.avdl shop.avpr"
    )]
    Idl(IdlArgs),
    /// Write one .avsc file per named type of an Avro IDL file.
    #[command(
        after_help = "Each file is named after the type's simple name (User.avsc) and holds \
        the type with the types it uses defined inside it, as avro-tools idl2schemata writes them. \
        DIR is created when missing.\n\n\
        Example:\n  avrox idl2schemata shop.avdl schemas/"
    )]
    Idl2schemata(Idl2schemataArgs),
}

#[derive(Debug, clap::Args)]
pub struct IdlArgs {
    /// The IDL file (`-` for stdin).
    #[arg(value_name = "FILE.avdl")]
    pub input: String,
    /// Write the JSON here instead of stdout.
    #[arg(value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// A folder where imports are looked for (like Java's classpath); repeatable.
    #[arg(long, value_name = "DIR")]
    pub import_dir: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct Idl2schemataArgs {
    /// The IDL file (`-` for stdin).
    #[arg(value_name = "FILE.avdl")]
    pub input: String,
    /// The folder to write the .avsc files into.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// A folder where imports are looked for (like Java's classpath); repeatable.
    #[arg(long, value_name = "DIR")]
    pub import_dir: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TojsonArgs {
    /// The container file (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Resolve the data into this schema.
    #[arg(long, value_name = "S.avsc")]
    pub reader_schema: Option<PathBuf>,
    /// Indented JSON, a datum over several lines.
    #[arg(long)]
    pub pretty: bool,
    /// Stop after N datums.
    #[arg(long, value_name = "N")]
    pub head: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct FromjsonArgs {
    /// The schema of the data.
    #[arg(long, value_name = "S.avsc")]
    pub schema: PathBuf,
    #[command(flatten)]
    pub codec: CodecArgs,
    /// Cut a block when its encoded data reaches this size.
    #[arg(long, value_name = "BYTES", default_value_t = avrox::ocf::WriterOptions::DEFAULT_BLOCK_SIZE)]
    pub block_size: usize,
    /// Avro JSON, one datum a line (`-` for stdin).
    #[arg(value_name = "IN.jsonl")]
    pub input: String,
    /// The container file to write.
    #[arg(short, value_name = "OUT.avro")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct CodecArgs {
    /// How blocks are compressed.
    #[arg(long, value_enum, default_value_t = CodecName::Null)]
    pub codec: CodecName,
    /// The codec's level: deflate 0 to 10 (default 6), zstandard -131072 to 22
    /// (default 3; negative is faster), bzip2 1 to 9 (default 9), xz 0 to 9
    /// (default 6).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub level: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CodecName {
    Null,
    Deflate,
    Snappy,
    Zstandard,
    Bzip2,
    Xz,
}

#[derive(Debug, clap::Args)]
pub struct FileArg {
    /// The container file (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
}

#[derive(Debug, clap::Args)]
pub struct SchemaFileArg {
    /// The schema (`-` for stdin).
    #[arg(value_name = "S.avsc")]
    pub schema: String,
}

#[derive(Debug, clap::Args)]
pub struct FingerprintArgs {
    /// The schema (`-` for stdin).
    #[arg(value_name = "S.avsc")]
    pub schema: String,
    /// The fingerprint algorithm.
    #[arg(long, value_enum, default_value_t = Algorithm::Rabin)]
    pub alg: Algorithm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Algorithm {
    /// CRC-64-AVRO, as single-object encoding uses it.
    Rabin,
    Md5,
    Sha256,
}

#[derive(Debug, clap::Args)]
pub struct CompatArgs {
    /// The schema the data is written with.
    #[arg(long, value_name = "W.avsc")]
    pub writer: PathBuf,
    /// The schema the data is read with.
    #[arg(long, value_name = "R.avsc")]
    pub reader: PathBuf,
    /// backward: the reader reads the writer's data; forward: the writer
    /// reads the reader's data; full: both.
    #[arg(long, value_enum, default_value_t = Level::Backward)]
    pub level: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Backward,
    Forward,
    Full,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The container file (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Resolve the data into this schema and check its constraints instead
    /// of the writer schema's.
    #[arg(long, value_name = "S.avsc")]
    pub schema: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RecodecArgs {
    /// The container file to read (`-` for stdin).
    #[arg(value_name = "IN.avro")]
    pub input: String,
    /// The container file to write.
    #[arg(value_name = "OUT.avro")]
    pub output: PathBuf,
    /// The new codec.
    #[arg(long, value_enum)]
    pub codec: CodecName,
    /// The codec's level: deflate 0 to 10 (default 6), zstandard -131072 to 22
    /// (default 3; negative is faster), bzip2 1 to 9 (default 9), xz 0 to 9
    /// (default 6).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub level: Option<i32>,
}

#[derive(Debug, clap::Args)]
pub struct ConcatArgs {
    /// The container files, in order.
    #[arg(value_name = "IN.avro", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The container file to write.
    #[arg(short, value_name = "OUT.avro")]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RandomArgs {
    /// The schema of the data.
    #[arg(long, value_name = "S.avsc")]
    pub schema: PathBuf,
    /// How many datums.
    #[arg(long, value_name = "N")]
    pub count: u64,
    /// The seed; the same seed and schema give the same data.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    #[command(flatten)]
    pub codec: CodecArgs,
    /// The container file to write.
    #[arg(short, value_name = "OUT.avro")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Framing {
    /// The datum's binary encoding alone.
    Raw,
    /// `C3 01`, the schema's CRC-64-AVRO fingerprint (8 bytes,
    /// little-endian), the datum.
    SingleObject,
    /// `00`, the schema registry id (4 bytes, big-endian), the datum.
    Confluent,
}

#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// The schema the messages were written with.
    #[arg(long, value_name = "S.avsc")]
    pub schema: PathBuf,
    #[arg(long, value_enum, default_value_t = Framing::Raw)]
    pub framing: Framing,
    /// With --framing confluent: refuse messages with another schema id.
    #[arg(long, value_name = "ID")]
    pub schema_id: Option<u32>,
    /// Indented JSON, a datum over several lines.
    #[arg(long)]
    pub pretty: bool,
    /// The messages (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
}

#[derive(Debug, clap::Args)]
pub struct EncodeArgs {
    /// The schema to write the messages with.
    #[arg(long, value_name = "S.avsc")]
    pub schema: PathBuf,
    #[arg(long, value_enum, default_value_t = Framing::Raw)]
    pub framing: Framing,
    /// With --framing confluent (required there): the schema's registry id.
    #[arg(long, value_name = "ID")]
    pub schema_id: Option<u32>,
    /// Avro JSON, one datum a line (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Where to write the messages (stdout when not given).
    #[arg(short, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CodegenArgs {
    /// The schema (`.avsc`), protocol (`.avpr`) and IDL (`.avdl`) files.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// A folder where IDL imports are looked for (like Java's classpath); repeatable.
    #[arg(long, value_name = "DIR")]
    pub import_dir: Vec<PathBuf>,
    /// Write the Rust source here rather than to stdout.
    #[arg(short, long, value_name = "OUT.rs")]
    pub output: Option<PathBuf>,
    /// Every type at the top level, not in modules by namespace.
    #[arg(long)]
    pub flat: bool,
    /// The Rust type of maps.
    #[arg(long, value_name = "KIND", default_value = "hash")]
    pub map: MapKind,
    /// The crate of dates, times and timestamps (default: avrox's own types).
    #[arg(long, value_name = "CRATE")]
    pub time: Option<TimeKind>,
    /// The Rust type of decimals (default: avrox::value::Decimal).
    #[arg(long, value_name = "CRATE")]
    pub decimal: Option<DecimalKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapKind {
    /// std::collections::HashMap.
    Hash,
    /// std::collections::BTreeMap.
    Btree,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimeKind {
    Chrono,
    Time,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DecimalKind {
    #[value(name = "rust_decimal")]
    RustDecimal,
}

#[derive(Debug, clap::Args)]
pub struct InferArgs {
    /// The JSON lines file (`-` for stdin).
    #[arg(value_name = "FILE.jsonl")]
    pub file: String,
    /// The name of the top-level record.
    #[arg(long, value_name = "NAME", default_value = "Root")]
    pub name: String,
}
