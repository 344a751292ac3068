//! One module per command; [`run`] dispatches.

mod canonical;
mod codegen;
mod compat;
mod concat;
mod count;
mod decode;
mod encode;
mod fingerprint;
mod fromjson;
mod idl;
mod idl2schemata;
mod infer;
mod meta;
mod random;
mod recodec;
mod schema;
mod tojson;
mod validate;

use std::io::{self, BufWriter, Write};

use crate::cli::Command;
use crate::error::{CliError, CliResult, Outcome};

/// Runs one command.
pub fn run(command: Command) -> CliResult {
    match command {
        Command::Tojson(args) => tojson::run(args),
        Command::Fromjson(args) => fromjson::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Meta(args) => meta::run(args),
        Command::Count(args) => count::run(args),
        Command::Canonical(args) => canonical::run(args),
        Command::Fingerprint(args) => fingerprint::run(args),
        Command::Compat(args) => compat::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Recodec(args) => recodec::run(args),
        Command::Concat(args) => concat::run(args),
        Command::Random(args) => random::run(args),
        Command::Decode(args) => decode::run(args),
        Command::Encode(args) => encode::run(args),
        Command::Idl(args) => idl::run(args),
        Command::Idl2schemata(args) => idl2schemata::run(args),
        Command::Codegen(args) => codegen::run(args),
        Command::Infer(args) => infer::run(args),
    }
}

/// Buffered stdout.
fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Writes one line of text to stdout.
fn print_line(out: &mut impl Write, text: impl std::fmt::Display) -> CliResult<()> {
    writeln!(out, "{text}").map_err(CliError::stdout)
}

/// Flushes stdout, a closed pipe included.
fn flush(out: &mut impl Write) -> CliResult {
    out.flush().map_err(CliError::stdout)?;
    Ok(Outcome::Ok)
}

/// Writes a JSON value as one line (or indented, with `pretty`).
fn print_json(out: &mut impl Write, json: &serde_json::Value, pretty: bool) -> CliResult<()> {
    let written = if pretty {
        serde_json::to_writer_pretty(&mut *out, json)
    } else {
        serde_json::to_writer(&mut *out, json)
    };
    written
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(CliError::stdout)
}
