//! `avrox canonical`: a schema's Parsing Canonical Form.

use super::{flush, print_line, stdout};
use crate::cli::SchemaFileArg;
use crate::error::CliResult;
use crate::input;

pub fn run(args: SchemaFileArg) -> CliResult {
    let schema = input::schema(&args.schema)?;
    let mut out = stdout();
    print_line(&mut out, schema.canonical_form())?;
    flush(&mut out)
}
