//! The `build.rs` way in: schema, protocol and IDL files to a Rust file
//! in `OUT_DIR`.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::input::SchemaSet;
use crate::options::Options;

/// Generates Rust types from schema files in a build script.
///
/// Files are read by extension: `.avpr` as a protocol, `.avdl` as Avro
/// IDL (its imports found beside it, then in the [import
/// directories](Builder::import_dir)), anything else (`.avsc`) as a JSON
/// schema. Schema files are parsed together (one may use the named types
/// of those before it), each unnamed root named after its file's stem;
/// a protocol or IDL file stands alone. `cargo` is told to rerun the
/// script when a file, or a file an IDL file imports, changes.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     avrox_codegen::Builder::new()
///         .file("schemas/user.avsc")
///         .file("schemas/shop.avdl")
///         .import_dir("schemas/shared")
///         .generate("schemas.rs")?;
///     Ok(())
/// }
/// ```
///
/// and in the crate: `include!(concat!(env!("OUT_DIR"), "/schemas.rs"));`
#[derive(Debug, Default)]
pub struct Builder {
    files: Vec<PathBuf>,
    import_dirs: Vec<PathBuf>,
    options: Options,
}

/// What the files gave: the schemas, and every file read (imports too).
struct Read {
    set: SchemaSet,
    watched: Vec<PathBuf>,
}

impl Builder {
    /// A builder with no files and the default [`Options`].
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds a schema (`.avsc`), protocol (`.avpr`) or IDL (`.avdl`) file.
    pub fn file(mut self, path: impl AsRef<Path>) -> Builder {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds files, as [`file`](Builder::file).
    pub fn files<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Builder {
        self.files
            .extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// Adds a directory where IDL imports are looked for when they are not
    /// beside the importing file (as `avrox idl --import-dir`), in the
    /// order added.
    pub fn import_dir(mut self, dir: impl AsRef<Path>) -> Builder {
        self.import_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// The options of the generated code.
    pub fn options(mut self, options: Options) -> Builder {
        self.options = options;
        self
    }

    /// The schemas of the files, as [`generate`](crate::generate) takes them.
    ///
    /// # Errors
    /// A file that cannot be read or is not a valid schema, protocol or IDL
    /// file.
    pub fn schema_set(&self) -> Result<SchemaSet, Error> {
        self.read().map(|read| read.set)
    }

    /// The generated source, without writing it (nor printing to cargo).
    ///
    /// # Errors
    /// As [`generate`](Builder::generate), but for `OUT_DIR`.
    pub fn to_source(&self) -> Result<String, Error> {
        crate::generate(&self.schema_set()?, &self.options)
    }

    /// The generated source and every file read for it: the files given,
    /// then the files their IDL imports name (what a tool that regenerates
    /// on change watches).
    ///
    /// # Errors
    /// As [`to_source`](Builder::to_source).
    pub fn to_source_and_inputs(&self) -> Result<(String, Vec<PathBuf>), Error> {
        let read = self.read()?;
        let source = crate::generate(&read.set, &self.options)?;
        Ok((source, read.watched))
    }

    /// Writes the source to `OUT_DIR/file_name`, printing the
    /// `cargo::rerun-if-changed` lines of the files read; returns the
    /// path written.
    ///
    /// # Errors
    /// A file that cannot be read or is not a valid schema, protocol or IDL
    /// file, types that clash, or `OUT_DIR` unset (not in a build script).
    pub fn generate(&self, file_name: &str) -> Result<PathBuf, Error> {
        // The files given are watched even when reading fails, so that
        // fixing one reruns the script.
        for file in &self.files {
            println!("cargo::rerun-if-changed={}", file.display());
        }
        for dir in &self.import_dirs {
            println!("cargo::rerun-if-changed={}", dir.display());
        }
        let read = self.read()?;
        for file in read.watched.iter().skip(self.files.len()) {
            println!("cargo::rerun-if-changed={}", file.display());
        }
        let source = crate::generate(&read.set, &self.options)?;
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

    fn read(&self) -> Result<Read, Error> {
        let schema_files: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|path| kind(path) == Kind::Schema)
            .cloned()
            .collect();
        let mut schemas = parse_schema_files(&schema_files)?.into_iter();
        let idl = self
            .import_dirs
            .iter()
            .fold(avrox_idl::IdlReader::new(), |reader, dir| {
                reader.search_dir(dir)
            });
        let mut set = SchemaSet::new();
        let mut watched = self.files.clone();
        for path in &self.files {
            match kind(path) {
                Kind::Schema => {
                    if let Some(schema) = schemas.next() {
                        set.add(schema, &stem(path));
                    }
                }
                Kind::Protocol => {
                    let text = read_text(path)?;
                    let protocol = avrox_protocol::Protocol::parse(&text).map_err(|source| {
                        Error::Protocol {
                            path: path.clone(),
                            source,
                        }
                    })?;
                    set.add_protocol(&protocol);
                }
                Kind::Idl => {
                    let file = idl.read_file(path).map_err(Error::Idl)?;
                    set.add_idl(&file, &stem(path))?;
                    watched.extend(file.imports().iter().cloned());
                }
            }
        }
        Ok(Read { set, watched })
    }
}

/// How a file is read, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Schema,
    Protocol,
    Idl,
}

fn kind(path: &Path) -> Kind {
    match path.extension().and_then(|e| e.to_str()) {
        Some("avpr") => Kind::Protocol,
        Some("avdl") => Kind::Idl,
        _ => Kind::Schema,
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads files by extension, as [`Builder`] does (IDL imports only beside
/// the importing file: [`Builder::import_dir`] adds more places).
///
/// # Errors
/// A file that cannot be read or is not a valid schema, protocol or IDL
/// file.
pub fn read_files(paths: &[PathBuf]) -> Result<SchemaSet, Error> {
    Builder::new().files(paths).schema_set()
}

/// Parses schema files together, so that a file may refer to the named
/// types of the files before it.
fn parse_schema_files(paths: &[PathBuf]) -> Result<Vec<avrox::Schema>, Error> {
    let texts = paths
        .iter()
        .map(|path| read_text(path))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    avrox::Schema::parse_list(&refs).map_err(|source| {
        // Name the file at fault: the first that fails with the files
        // before it.
        let path = (1..=refs.len())
            .find(|&n| avrox::Schema::parse_list(&refs[..n]).is_err())
            .and_then(|n| paths.get(n - 1).cloned());
        Error::Schema { path, source }
    })
}
