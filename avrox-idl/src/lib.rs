//! Avro IDL for avrox: `.avdl` files read into protocols and schemas.
//!
//! Avro IDL is the language of Apache Avro's `idl-language` document: a
//! protocol with its named types and messages, or (since Avro 1.12) a file
//! of named types with an optional main schema. [`IdlReader`] reads one,
//! with the files it imports (`import idl`, `import protocol`, `import
//! schema`, found beside the importing file or in search directories), into
//! an [`IdlFile`]: an [`avrox_protocol::Protocol`] or an avrox
//! [`Schema`], printed as JSON the way `avro-tools idl` does.
//! Errors name the file, line and column and say what was expected.
//!
//! ```
//! use avrox_idl::IdlReader;
//!
//! let idl = IdlReader::new().read_str(r#"
//!     @namespace("org.acme")
//!     protocol Shop {
//!         /** One line of an order. */
//!         record Line { string sku; int quantity = 1; decimal(9, 2)? price = null; }
//!         error OutOfStock { string sku; }
//!         Line add(string sku) throws OutOfStock;
//!         void ping() oneway;
//!     }
//! "#)?;
//! let protocol = idl.protocol().unwrap();
//! assert_eq!(protocol.name().fullname(), "org.acme.Shop");
//! assert!(protocol.message("ping").unwrap().is_one_way());
//! let json = idl.to_json();
//! assert_eq!(json["types"][0]["doc"], "One line of an order.");
//! assert_eq!(json["types"][0]["fields"][2]["type"][1]["logicalType"], "decimal");
//! # Ok::<(), avrox_idl::IdlError>(())
//! ```

use std::io::Read as _;
use std::path::{Path, PathBuf};

use avrox::Schema;
use avrox_protocol::Protocol;
use serde_json::Value as Json;

mod error;
mod lexer;
mod parser;
mod reader;

pub use error::IdlError;

/// How IDL files are read: where imports are looked for, and the limits
/// that keep hostile input from costing without bound.
///
/// ```
/// use avrox_idl::IdlReader;
///
/// let reader = IdlReader::new().search_dir("schemas/shared").max_depth(2);
/// assert!(reader.read_str("schema array<int>;").is_ok());
/// let error = reader.read_str("schema array<array<array<int>>>;").unwrap_err();
/// assert_eq!(error.to_string(), "1:20: nesting deeper than 2 levels");
/// ```
#[derive(Clone, Debug)]
pub struct IdlReader {
    search_dirs: Vec<PathBuf>,
    max_depth: usize,
    max_file_size: u64,
}

impl Default for IdlReader {
    fn default() -> IdlReader {
        IdlReader {
            search_dirs: Vec::new(),
            max_depth: 32,
            max_file_size: 16 << 20,
        }
    }
}

impl IdlReader {
    /// A reader with no search directories, a nesting limit of 32 and a
    /// file size limit of 16 MiB.
    pub fn new() -> IdlReader {
        IdlReader::default()
    }

    /// Adds a directory where imports are looked for when they are not
    /// beside the importing file (Java's classpath), in the order added.
    ///
    /// This does not confine imports: as in Java, an import may name any
    /// readable file, by an absolute path or through `..`, and its content
    /// goes into the output (or into an error message). Read untrusted
    /// files with care: as a user that can read nothing else of value, or
    /// after checking their imports.
    ///
    /// ```
    /// use avrox_idl::IdlReader;
    ///
    /// // Not found beside the text (there is no file) nor in the directory:
    /// // an error, but a path outside it would have been read.
    /// let error = IdlReader::new()
    ///     .search_dir("no-such-dir")
    ///     .read_str(r#"protocol P { import schema "../missing.avsc"; }"#)
    ///     .unwrap_err();
    /// assert!(error.message().starts_with("cannot find the imported file '../missing.avsc'"));
    /// ```
    pub fn search_dir(mut self, dir: impl Into<PathBuf>) -> IdlReader {
        self.search_dirs.push(dir.into());
        self
    }

    /// How deep types (`array<array<...>>`), JSON values and imports may
    /// nest; deeper is an error.
    pub fn max_depth(mut self, depth: usize) -> IdlReader {
        self.max_depth = depth;
        self
    }

    /// The largest file, in bytes, that is read (the file itself or an
    /// import); larger is an error, found without reading more than one
    /// byte past the limit.
    pub fn max_file_size(mut self, bytes: u64) -> IdlReader {
        self.max_file_size = bytes;
        self
    }

    /// The largest file, in bytes, that is read: for text read from
    /// elsewhere (`avrox idl -` reads at most one byte more from stdin).
    pub fn file_size_limit(&self) -> u64 {
        self.max_file_size
    }

    /// Reads the IDL file at `path`; its imports are looked for beside it,
    /// then in the search directories. Imports may name any readable file
    /// (see [`IdlReader::search_dir`]).
    ///
    /// ```no_run
    /// let file = avrox_idl::IdlReader::new().read_file("schemas/shop.avdl")?;
    /// # Ok::<(), avrox_idl::IdlError>(())
    /// ```
    pub fn read_file(&self, path: impl AsRef<Path>) -> Result<IdlFile, IdlError> {
        let path = path.as_ref();
        let text = self
            .load(path)
            .map_err(|message| IdlError::new(Some(path), (0, 0), message))?;
        reader::read(self, &text, Some(path))
    }

    /// Reads IDL text; its imports are looked for in the search directories,
    /// and may name any readable file (see [`IdlReader::search_dir`]).
    pub fn read_str(&self, text: &str) -> Result<IdlFile, IdlError> {
        if text.len() as u64 > self.max_file_size {
            return Err(IdlError::new(
                None,
                (0, 0),
                format!(
                    "the text is {} bytes, more than the limit of {}",
                    text.len(),
                    self.max_file_size
                ),
            ));
        }
        reader::read(self, text, None)
    }

    fn load(&self, path: &Path) -> Result<String, String> {
        let size = std::fs::metadata(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .len();
        if size > self.max_file_size {
            return Err(format!(
                "{} is {size} bytes, more than the limit of {}",
                path.display(),
                self.max_file_size
            ));
        }
        // The size found above may be wrong (procfs reports 0) or the file
        // may grow: read no more than one byte past the limit.
        let mut text = String::new();
        std::fs::File::open(path)
            .and_then(|file| {
                file.take(self.max_file_size.saturating_add(1))
                    .read_to_string(&mut text)
            })
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if text.len() as u64 > self.max_file_size {
            return Err(format!(
                "{} is more than the limit of {} bytes",
                path.display(),
                self.max_file_size
            ));
        }
        Ok(text)
    }
}

/// Reads the IDL file at `path` with the default [`IdlReader`].
pub fn read_file(path: impl AsRef<Path>) -> Result<IdlFile, IdlError> {
    IdlReader::new().read_file(path)
}

/// Reads IDL text with the default [`IdlReader`].
pub fn read_str(text: &str) -> Result<IdlFile, IdlError> {
    IdlReader::new().read_str(text)
}

/// What an IDL file declares: a protocol, a main schema, or only named types.
#[derive(Clone, Debug)]
pub struct IdlFile {
    output: Output,
    definitions: reader::Definitions,
    imports: Vec<PathBuf>,
}

#[derive(Clone, Debug)]
enum Output {
    Protocol(Protocol),
    Schema(Schema),
    /// The named types as printed, each defined at its first use.
    Types(Vec<Json>),
}

impl IdlFile {
    /// The protocol, when the file declares one.
    pub fn protocol(&self) -> Option<&Protocol> {
        match &self.output {
            Output::Protocol(protocol) => Some(protocol),
            _ => None,
        }
    }

    /// The main schema (`schema T;`) of a schema file.
    pub fn schema(&self) -> Option<&Schema> {
        match &self.output {
            Output::Schema(schema) => Some(schema),
            _ => None,
        }
    }

    /// Every named type of the file and its imports, in the order declared,
    /// each a schema of its own (with the types it uses inside it): one
    /// `.avsc` each, as `avrox idl2schemata` writes them.
    ///
    /// These are built when asked for, not when the file is read: a type
    /// with every type it uses inside it can nest deeper than a schema may
    /// (more than 120 JSON levels) where the file, which defines each type
    /// once, does not. That is the error here, as is a total size past a
    /// budget in proportion to the types (many types that each copy in one
    /// large type).
    ///
    /// ```
    /// let idl = avrox_idl::read_str("record A { int x; } record B { A a; }")?;
    /// let types = idl.named_types()?;
    /// assert_eq!(types[1].root().name().unwrap().fullname(), "B");
    /// assert_eq!(types[1].canonical_form(),
    ///     r#"{"name":"B","type":"record","fields":[{"name":"a","type":{"name":"A","type":"record","fields":[{"name":"x","type":"int"}]}}]}"#);
    /// # Ok::<(), avrox_idl::IdlError>(())
    /// ```
    pub fn named_types(&self) -> Result<Vec<Schema>, IdlError> {
        self.definitions.standalone()
    }

    /// The files imported, directly or through other imports, in the order
    /// read (each once), as found: beside the importing file or in a search
    /// directory. A build script watches them with the file itself.
    ///
    /// ```no_run
    /// let file = avrox_idl::read_file("schemas/shop.avdl")?;
    /// for import in file.imports() {
    ///     println!("cargo::rerun-if-changed={}", import.display());
    /// }
    /// # Ok::<(), avrox_idl::IdlError>(())
    /// ```
    pub fn imports(&self) -> &[PathBuf] {
        &self.imports
    }

    /// The file as JSON, as `avro-tools idl` prints it: the protocol, or
    /// the main schema, or else the list of named types.
    pub fn to_json(&self) -> Json {
        match &self.output {
            Output::Protocol(protocol) => protocol.to_json(),
            Output::Schema(schema) => schema.to_json(),
            Output::Types(types) => Json::Array(types.clone()),
        }
    }
}

pub(crate) fn is_primitive(name: &str) -> bool {
    avrox_protocol::schema_json::is_primitive(name)
}
