//! `avrox decode`: datums outside container files (messages: raw, in
//! single-object encoding or in Confluent's wire format) as Avro JSON.
//!
//! A file of messages holds them one after another. Messages are small
//! (a Kafka record, a queue item), so the file is read whole; each datum
//! is decoded with the `--schema`, which a single-object message's
//! fingerprint must match.

use std::io::{Read as _, Write as _};

use avrox::Value;
use avrox::binary::SliceReader;
use avrox::framing::{confluent_schema_id, single_object_fingerprint};

use super::{flush, print_json, stdout};
use crate::cli::{DecodeArgs, Framing};
use crate::error::{CliError, CliResult, Context, in_message};
use crate::input;

pub fn run(args: DecodeArgs) -> CliResult {
    let schema = input::schema(&args.schema)?;
    let name = &args.file;
    let mut bytes = Vec::new();
    input::open(name, "decode", true)?
        .read_to_end(&mut bytes)
        .in_file(name)?;
    if bytes.is_empty() {
        return Err(CliError::about(name, "no message: the input is empty"));
    }
    let fingerprint = schema.rabin_fingerprint();
    let mut out = stdout();
    let mut position = 0;
    let mut index = 0u64;
    let mut last_id = None;
    while position < bytes.len() {
        let message = &bytes[position..];
        let fail = |e: &dyn std::fmt::Display| {
            CliError::about(name, format!("message {index} (at byte {position}): {e:#}"))
        };
        let datum = match args.framing {
            Framing::Raw => message,
            Framing::SingleObject => {
                let (found, datum) = single_object_fingerprint(message)
                    .map_err(|e| in_message(name, index, position, position, &e))?;
                if found != fingerprint {
                    return Err(fail(&format_args!(
                        "written with the schema of fingerprint {found}, not {}'s {fingerprint}",
                        args.schema.display(),
                    )));
                }
                datum
            }
            Framing::Confluent => {
                let (id, datum) = confluent_schema_id(message)
                    .map_err(|e| in_message(name, index, position, position, &e))?;
                match args.schema_id {
                    Some(expected) if expected != id => {
                        return Err(fail(&format_args!(
                            "written with schema id {id}, not {expected}"
                        )));
                    }
                    Some(_) => {}
                    // Printed when it first appears or changes, so that a
                    // file of one schema's messages says it once.
                    None if last_id != Some(id) => {
                        let _ = writeln!(std::io::stderr(), "message {index}: schema id {id}");
                        last_id = Some(id);
                    }
                    None => {}
                }
                datum
            }
        };
        let header = message.len() - datum.len();
        let mut reader = SliceReader::new(datum);
        let value = Value::read_next(&mut reader, &schema)
            .map_err(|e| in_message(name, index, position, position + header, &e))?;
        let json = avrox::json::to_json(&value.with_schema(&schema)).map_err(|e| fail(&e))?;
        print_json(&mut out, &json, args.pretty)?;
        position += header + reader.position();
        index += 1;
    }
    flush(&mut out)
}
