//! `avrox encode`: Avro JSON lines as datums outside container files, one
//! message a line, written one after another: raw, in single-object
//! encoding, or in Confluent's wire format with the `--schema-id` given.

use std::io::{self, Write};

use avrox::framing::{CONFLUENT_MAGIC, SINGLE_OBJECT_MARKER};
use avrox::json::LinesReader;

use super::write_file;
use crate::cli::{EncodeArgs, Framing};
use crate::error::{CliError, CliResult, Context, Outcome};
use crate::input;

pub fn run(args: EncodeArgs) -> CliResult {
    let schema = input::schema(&args.schema)?;
    let header: Vec<u8> = match (args.framing, args.schema_id) {
        (Framing::Raw, None) => Vec::new(),
        (Framing::SingleObject, None) => {
            let mut header = SINGLE_OBJECT_MARKER.to_vec();
            header.extend_from_slice(&schema.rabin_fingerprint().to_le_bytes());
            header
        }
        (Framing::Confluent, Some(id)) => {
            let mut header = vec![CONFLUENT_MAGIC];
            header.extend_from_slice(&id.to_be_bytes());
            header
        }
        (Framing::Confluent, None) => {
            return Err(CliError::new(
                "--framing confluent needs --schema-id, the id a schema registry gave the schema",
            ));
        }
        (_, Some(_)) => {
            return Err(CliError::new(
                "--schema-id goes with --framing confluent only",
            ));
        }
    };
    let name = &args.file;
    let mut lines = LinesReader::new(
        input::open(name, "encode", args.output.is_none())?,
        schema.clone(),
    );
    let mut encode_all = |out: &mut dyn Write, out_name: &str| -> CliResult<()> {
        let mut message = Vec::new();
        while let Some(value) = lines.next() {
            let line = lines.line();
            let fail = |e: avrox::Error| CliError::about(name, format!("line {line}: {e}"));
            // The reader's error names its line itself.
            let value = value.map_err(|e| CliError::about(name, e.to_string()))?;
            message.clear();
            message.extend_from_slice(&header);
            value.encode(&schema, &mut message).map_err(fail)?;
            out.write_all(&message).in_file(out_name)?;
        }
        out.flush().in_file(out_name)
    };
    match &args.output {
        Some(path) => write_file(path, |mut file| {
            encode_all(&mut file, &path.display().to_string())?;
            Ok(Outcome::Ok)
        }),
        None => {
            let mut out = io::stdout().lock();
            encode_all(&mut out, "stdout")?;
            Ok(Outcome::Ok)
        }
    }
}
