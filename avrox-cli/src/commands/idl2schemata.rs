//! `avrox idl2schemata`: one `.avsc` file per named type of an IDL file.

use std::io::Write as _;
use std::path::Path;

use super::idl::read;
use crate::cli::Idl2schemataArgs;
use crate::error::{CliError, CliResult, Outcome};
use crate::output::write_file;

pub fn run(args: Idl2schemataArgs) -> CliResult {
    let file = read(&args.input, &args.import_dir)?;
    let types = file
        .named_types()
        .map_err(|e| CliError::new(e.to_string()))?;
    // Files are named by simple names, which two namespaces may share.
    let mut seen = std::collections::HashMap::new();
    for name in types.iter().filter_map(|s| s.root().name()) {
        if let Some(other) = seen.insert(name.name(), name.fullname()) {
            return Err(CliError::new(format!(
                "types '{other}' and '{}' would both be written to {}.avsc",
                name.fullname(),
                name.name()
            )));
        }
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| CliError::about(args.dir.display(), e))?;
    for schema in &types {
        let Some(name) = schema.root().name() else {
            continue;
        };
        let path = args.dir.join(format!("{}.avsc", name.name()));
        let shown = path.display().to_string();
        write_file(&path, &[Path::new(&args.input)], |out| {
            serde_json::to_writer_pretty(&mut *out, &schema.to_json())
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|e| CliError::about(&shown, e))
        })?;
    }
    Ok(Outcome::Ok)
}
