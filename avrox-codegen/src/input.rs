//! What the generator reads: schemas, each with a name for its root when
//! the root is not a named type.
//!
//! A protocol's types (a list of schemas sharing one name table) are a
//! [`SchemaSet`] too: each type is added as a schema, and a type defined
//! in several of them is generated once.

use avrox::Schema;

/// Schemas to generate Rust types from.
///
/// Named types are generated once each, however many schemas define or
/// refer to them; a schema whose root is not a named type (a union, an
/// array, a primitive) becomes a type alias, or a data enum for a union,
/// with the name it is added under.
///
/// ```
/// use avrox::Schema;
/// use avrox_codegen::{Options, SchemaSet};
///
/// let mut set = SchemaSet::new();
/// set.add(Schema::parse(r#"["int", "string"]"#)?, "IntOrText");
/// let source = avrox_codegen::generate(&set, &Options::new())?;
/// assert!(source.contains("pub enum IntOrText"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct SchemaSet {
    pub(crate) sources: Vec<Source>,
}

#[derive(Debug)]
pub(crate) struct Source {
    pub(crate) schema: Schema,
    /// The Avro-style name of an unnamed root (a file's stem).
    pub(crate) root_name: String,
}

impl SchemaSet {
    /// An empty set.
    pub fn new() -> SchemaSet {
        SchemaSet::default()
    }

    /// Adds a schema; `root_name` names its root if the root is unnamed
    /// (for a file, its stem), and is ignored otherwise.
    pub fn add(&mut self, schema: Schema, root_name: &str) -> &mut SchemaSet {
        self.sources.push(Source {
            schema,
            root_name: root_name.to_owned(),
        });
        self
    }

    /// Whether no schema was added.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }
}
