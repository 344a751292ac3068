//! `avrox validate`: every record checked against the constraints its
//! schema carries (`"avrox.constraints"`), every violation printed.

use avrox::Value;
use avrox::ocf::{Reader, ReaderOptions};

use super::{flush, print_line, stdout};
use crate::cli::ValidateArgs;
use crate::error::{CliResult, Context, Outcome, in_record};
use crate::input;

pub fn run(args: ValidateArgs) -> CliResult {
    let file = &args.file;
    let schema = args.schema.as_deref().map(input::schema).transpose()?;
    // Every record is read unchecked and checked below, so that each
    // failure is printed in this command's own format.
    let mut options = ReaderOptions::new().validate(false);
    if let Some(schema) = &schema {
        options = options.reader_schema(schema.clone());
    }
    let reader = Reader::<Value, _>::with_options(input::open(file, "validate", true)?, options)
        .in_file(file)?;
    let schema = schema.unwrap_or_else(|| reader.writer_schema().clone());
    let mut out = stdout();
    let mut bad_records = 0u64;
    let mut records = 0u64;
    for (index, value) in (0u64..).zip(reader) {
        let value = value.map_err(|e| in_record(file, index, &e))?;
        records += 1;
        if let Err(report) = value.validate(&schema) {
            bad_records += 1;
            for failure in report.failures() {
                print_line(&mut out, format_args!("record {index}: {failure}"))?;
            }
        }
    }
    flush(&mut out)?;
    if !schema.has_constraints() {
        // Exit 0 says the records are sound, not that they were checked:
        // say that there was nothing to check, where the summary goes.
        eprintln!(
            "avrox: {file}: {records} records read; the schema carries no constraints \
             (\"avrox.constraints\"), so there was nothing to check"
        );
        Ok(Outcome::Ok)
    } else if bad_records == 0 {
        Ok(Outcome::Ok)
    } else {
        eprintln!("avrox: {file}: {bad_records} of {records} records break a constraint");
        Ok(Outcome::Problems)
    }
}
