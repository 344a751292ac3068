//! What the generator reads: schemas, each with a name for its root when
//! the root is not a named type; protocols and IDL files, whose named
//! types are added the same way.

use crate::Error;
use avrox::Schema;
use avrox_idl::IdlFile;
use avrox_protocol::Protocol;

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
    pub(crate) root: Root,
}

/// What becomes of a schema's root.
#[derive(Debug)]
pub(crate) enum Root {
    /// A type of its own; the Avro-style name of an unnamed root (a
    /// file's stem).
    Type(String),
    /// Only the named types inside are generated (a message's parts): the
    /// root itself too when it is a named type, unless `skip_root` (a
    /// request record, which stands for the message's parameters).
    NamedTypesOnly { skip_root: bool },
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
            root: Root::Type(root_name.to_owned()),
        });
        self
    }

    /// Adds a protocol's named types: each of its types is added as a
    /// schema (a type defined inside a message is one of them, as the
    /// protocol parser and Java list it), then the named types its
    /// messages' requests, responses and errors use. Messages themselves are
    /// not generated.
    ///
    /// ```
    /// use avrox_codegen::{Options, SchemaSet};
    ///
    /// let protocol = avrox_protocol::Protocol::parse(r#"{
    ///     "protocol": "Mail", "namespace": "org.acme",
    ///     "types": [{"type": "record", "name": "Message",
    ///                "fields": [{"name": "to", "type": "string"}]}],
    ///     "messages": {"send": {
    ///         "request": [{"name": "message", "type": "Message"}],
    ///         "response": {"type": "fixed", "name": "Receipt", "size": 8}}}
    /// }"#)?;
    /// let mut set = SchemaSet::new();
    /// set.add_protocol(&protocol);
    /// let generated = avrox_codegen::generate_with_roots(&set, &Options::new())?;
    /// assert_eq!(generated.roots, ["org::acme::Message", "org::acme::Receipt"]);
    /// assert!(generated.source.contains("pub struct Receipt(pub [u8; 8]);"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_protocol(&mut self, protocol: &Protocol) -> &mut SchemaSet {
        for schema in protocol.types() {
            self.add(schema.clone(), "");
        }
        for message in protocol.messages() {
            let parts = [
                (message.request(), true),
                (message.response(), false),
                (message.errors(), false),
            ];
            for (schema, skip_root) in parts {
                self.sources.push(Source {
                    schema: schema.clone(),
                    root: Root::NamedTypesOnly { skip_root },
                });
            }
        }
        self
    }

    /// Adds what an IDL file declares: its protocol's types (as
    /// [`add_protocol`](SchemaSet::add_protocol)), or the named types of a
    /// schema file and its main schema (`schema T;`), named `root_name`
    /// when it is not a named type.
    ///
    /// ```
    /// use avrox_codegen::{Options, SchemaSet};
    ///
    /// let file = avrox_idl::read_str(r#"
    ///     namespace org.acme;
    ///     schema array<Line>;
    ///     record Line { string sku; int quantity = 1; }
    /// "#)?;
    /// let mut set = SchemaSet::new();
    /// set.add_idl(&file, "lines")?;
    /// let generated = avrox_codegen::generate_with_roots(&set, &Options::new())?;
    /// assert_eq!(generated.roots, ["org::acme::Line", "Lines"]);
    /// assert!(generated.source.contains("pub type Lines = Vec<org::acme::Line>;"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// The file's named types are built as schemas of their own here, which
    /// can fail where reading the file did not (a type that, with the types
    /// it uses inside it, nests too deep or grows past the IDL reader's
    /// budget): that is an [`Error::Idl`](crate::Error::Idl).
    pub fn add_idl(&mut self, file: &IdlFile, root_name: &str) -> Result<&mut SchemaSet, Error> {
        if let Some(protocol) = file.protocol() {
            return Ok(self.add_protocol(protocol));
        }
        for schema in file.named_types().map_err(Error::Idl)? {
            self.add(schema, "");
        }
        if let Some(main) = file.schema() {
            self.add(main.clone(), root_name);
        }
        Ok(self)
    }

    /// Whether no schema was added.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }
}
