//! `avrox compat`: whether data written with one schema can be read with
//! another, by the specification's resolution rules.

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
        if let Err(issues) = resolve::check(&writer, &reader) {
            problems.extend(issues.iter().map(|i| {
                format!(
                    "backward: {}: the reader cannot read the writer's data: {}",
                    path(i.path()),
                    i.reason()
                )
            }));
        }
    }
    if forward {
        if let Err(issues) = resolve::check(&reader, &writer) {
            problems.extend(issues.iter().map(|i| {
                format!(
                    "forward: {}: the writer cannot read the reader's data: {}",
                    path(i.path()),
                    i.reason()
                )
            }));
        }
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

fn path(path: &str) -> &str {
    if path.is_empty() { "(root)" } else { path }
}
