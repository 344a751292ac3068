//! The `build.rs` way in: schema files to a Rust file in `OUT_DIR`.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::input::SchemaSet;
use crate::options::Options;

/// Generates Rust types from schema files in a build script.
///
/// Files are parsed together (a file may use the named types of those
/// before it), each unnamed root named after its file's stem. `cargo` is
/// told to rerun the script when a file changes.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     avrox_codegen::Builder::new()
///         .file("schemas/user.avsc")
///         .file("schemas/order.avsc")
///         .generate("schemas.rs")?;
///     Ok(())
/// }
/// ```
///
/// and in the crate: `include!(concat!(env!("OUT_DIR"), "/schemas.rs"));`
#[derive(Debug, Default)]
pub struct Builder {
    files: Vec<PathBuf>,
    options: Options,
}

impl Builder {
    /// A builder with no files and the default [`Options`].
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds a schema file (`.avsc`).
    pub fn file(mut self, path: impl AsRef<Path>) -> Builder {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds schema files.
    pub fn files<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Builder {
        self.files
            .extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// The options of the generated code.
    pub fn options(mut self, options: Options) -> Builder {
        self.options = options;
        self
    }

    /// The generated source, without writing it (nor printing to cargo).
    pub fn to_source(&self) -> Result<String, Error> {
        let set = read_files(&self.files)?;
        crate::generate(&set, &self.options)
    }

    /// Writes the source to `OUT_DIR/file_name`, printing the
    /// `cargo::rerun-if-changed` lines of the schema files; returns the
    /// path written.
    ///
    /// # Errors
    /// A file that cannot be read or is not a valid schema, types that
    /// clash, or `OUT_DIR` unset (not in a build script).
    pub fn generate(&self, file_name: &str) -> Result<PathBuf, Error> {
        for file in &self.files {
            println!("cargo::rerun-if-changed={}", file.display());
        }
        let source = self.to_source()?;
        let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| Error::Io {
            path: PathBuf::from("$OUT_DIR"),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "OUT_DIR is not set: Builder::generate runs in a build script",
            ),
        })?;
        let path = Path::new(&out_dir).join(file_name);
        std::fs::write(&path, source).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }
}

/// Reads and parses schema files together, so that a file may refer to
/// the named types of the files before it.
pub fn read_files(paths: &[PathBuf]) -> Result<SchemaSet, Error> {
    let mut texts = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        texts.push(text);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let schemas = match avrox::Schema::parse_list(&refs) {
        Ok(schemas) => schemas,
        Err(source) => {
            // Name the file at fault: the first that fails with the files
            // before it.
            let path = (1..=refs.len())
                .find(|&n| avrox::Schema::parse_list(&refs[..n]).is_err())
                .and_then(|n| paths.get(n - 1).cloned());
            return Err(Error::Schema { path, source });
        }
    };
    let mut set = SchemaSet::new();
    for (schema, path) in schemas.into_iter().zip(paths) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        set.add(schema, &stem);
    }
    Ok(set)
}
