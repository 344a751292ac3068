//! `avrox codegen`: Rust types from schema, protocol and IDL files,
//! through avrox-codegen.

use avrox_codegen::{Builder, DecimalType, Layout, MapType, Options, TimeCrate};

use super::{flush, stdout};
use crate::cli::{CodegenArgs, DecimalKind, MapKind, TimeKind};
use crate::error::{CliError, CliResult};

pub fn run(args: CodegenArgs) -> CliResult {
    let mut options = Options::new().map_type(match args.map {
        MapKind::Hash => MapType::HashMap,
        MapKind::Btree => MapType::BTreeMap,
    });
    if args.flat {
        options = options.layout(Layout::Flat);
    }
    match args.time {
        Some(TimeKind::Chrono) => options = options.time(TimeCrate::Chrono),
        Some(TimeKind::Time) => options = options.time(TimeCrate::Time),
        None => {}
    }
    if let Some(DecimalKind::RustDecimal) = args.decimal {
        options = options.decimal(DecimalType::RustDecimal);
    }
    let builder = args
        .import_dir
        .iter()
        .fold(Builder::new(), |builder, dir| builder.import_dir(dir));
    let source = builder
        .files(&args.files)
        .options(options)
        .to_source()
        .map_err(|e| CliError::new(e.to_string()))?;
    match &args.output {
        Some(path) => {
            let inputs: Vec<&std::path::Path> = args.files.iter().map(|f| f.as_path()).collect();
            crate::output::write_file(path, &inputs, |out| {
                std::io::Write::write_all(out, source.as_bytes())
                    .map_err(|e| CliError::about(path.display(), e))
            })?;
            Ok(crate::error::Outcome::Ok)
        }
        None => {
            let mut out = stdout();
            std::io::Write::write_all(&mut out, source.as_bytes()).map_err(CliError::stdout)?;
            flush(&mut out)
        }
    }
}
