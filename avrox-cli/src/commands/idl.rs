//! `avrox idl`: the protocol or schema an IDL file declares, as JSON.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use avrox_idl::{IdlFile, IdlReader};

use super::{flush, print_json, stdout};
use crate::cli::IdlArgs;
use crate::error::{CliError, CliResult, Outcome};
use crate::output::write_file;

pub fn run(args: IdlArgs) -> CliResult {
    let file = read(&args.input, &args.import_dir)?;
    let json = file.to_json();
    match &args.output {
        None => {
            let mut out = stdout();
            print_json(&mut out, &json, true)?;
            flush(&mut out)
        }
        Some(path) => {
            let name = path.display().to_string();
            write_file(path, &[Path::new(&args.input)], |out| {
                serde_json::to_writer_pretty(&mut *out, &json)
                    .map_err(std::io::Error::from)
                    .and_then(|()| out.write_all(b"\n"))
                    .map_err(|e| CliError::about(&name, e))
            })?;
            Ok(Outcome::Ok)
        }
    }
}

/// Reads the IDL file `input` (`-` for stdin), imports looked for beside
/// it and then in `import_dirs`.
pub(super) fn read(input: &str, import_dirs: &[PathBuf]) -> CliResult<IdlFile> {
    let reader = import_dirs
        .iter()
        .fold(IdlReader::new(), |reader, dir| reader.search_dir(dir));
    let read = if input == "-" {
        // One byte past the limit is enough for the reader to refuse it.
        let mut text = String::new();
        std::io::stdin()
            .take(reader.file_size_limit().saturating_add(1))
            .read_to_string(&mut text)
            .map_err(|e| CliError::about("stdin", e))?;
        if text.len() as u64 > reader.file_size_limit() {
            return Err(CliError::about(
                "stdin",
                format!("more than the limit of {} bytes", reader.file_size_limit()),
            ));
        }
        reader.read_str(&text)
    } else {
        reader.read_file(input)
    };
    // The error names the file (and line and column) itself.
    read.map_err(|e| match e.file() {
        Some(_) => CliError::new(e.to_string()),
        None => CliError::about(input, e),
    })
}
