//! `avrox compat`: whether data written with one schema can be read with
//! another, by the specification's resolution rules.

use avrox::Schema;
use avrox::resolve;

use super::{flush, print_line, stdout};
use crate::cli::{CompatArgs, Level};
use crate::error::{CliResult, Outcome};
use crate::input;

pub fn run(args: CompatArgs) -> CliResult {
    let writer = input::schema(&args.writer)?;
    let reader = input::schema(&args.reader)?;
    let backward = matches!(args.level, Level::Backward | Level::Full);
    let forward = matches!(args.level, Level::Forward | Level::Full);
    let mut problems = Vec::new();
    if backward {
        problems.extend(issues(
            "backward",
            "the reader cannot read the writer's data",
            &writer,
            &reader,
        ));
    }
    if forward {
        problems.extend(issues(
            "forward",
            "the writer cannot read the reader's data",
            &reader,
            &writer,
        ));
    }
    let mut out = stdout();
    if problems.is_empty() {
        print_line(&mut out, "compatible")?;
        return flush(&mut out);
    }
    for problem in &problems {
        print_line(&mut out, problem)?;
    }
    flush(&mut out)?;
    Ok(Outcome::Problems)
}

/// Every reason data written with `data` cannot be read with `read_with`,
/// one line each.
fn issues(direction: &str, meaning: &str, data: &Schema, read_with: &Schema) -> Vec<String> {
    match resolve::check(data, read_with) {
        Ok(()) => Vec::new(),
        Err(issues) => issues
            .iter()
            .map(|i| format!("{direction}: {}: {meaning}: {}", path(i.path()), i.reason()))
            .collect(),
    }
}

fn path(path: &str) -> &str {
    if path.is_empty() { "(root)" } else { path }
}
