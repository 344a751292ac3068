//! Rust types generated from Apache Avro schemas, protocols and IDL files,
//! for avrox.
//!
//! Each named type of a schema becomes a Rust type with
//! `#[derive(avrox::Avro)]` and the attributes that give it the schema's
//! names, defaults, docs and constraints, so that the derived schema has
//! the Parsing Canonical Form of the source: the generated types read and
//! write the source schema's data byte for byte.
//!
//! | Avro | Rust |
//! |---|---|
//! | `record` | a struct; fields in `snake_case`, renamed where that differs |
//! | `enum` | an enum of unit variants; the default symbol's variant marked |
//! | `fixed` | a newtype over `[u8; N]` with `#[avro(fixed)]` |
//! | `["null", T]` | `Option<T>` |
//! | any other union | a data enum, one newtype variant per branch |
//! | `array`, `map` | `Vec<T>`, `HashMap<String, T>` (or `BTreeMap`) |
//! | a recursive reference | `Box<T>` where the type would be infinite |
//! | logical types | avrox's `Uuid`, `Decimal`, `i64` timestamps, or `chrono`, `time`, `rust_decimal` types |
//! | a protocol (`.avpr`, or `.avdl` with `protocol`) | its named types, and those its messages define; not the messages |
//!
//! Three ways in: [`generate`] over a [`SchemaSet`], a [`Builder`] for
//! `build.rs` (`.avsc`, `.avpr` and `.avdl` files, by extension), and the
//! `avrox codegen` command.
//!
//! ```
//! use avrox_codegen::{Options, SchemaSet};
//!
//! let schema = avrox::Schema::parse(
//!     r#"{"type": "record", "name": "User", "namespace": "com.acme",
//!         "fields": [{"name": "userId", "type": "long"},
//!                    {"name": "email", "type": ["null", "string"], "default": null}]}"#,
//! )?;
//! let mut set = SchemaSet::new();
//! set.add(schema, "user");
//! let source = avrox_codegen::generate(&set, &Options::new())?;
//! assert!(source.contains("pub mod com"));
//! assert!(source.contains(r#"#[avro(rename = "userId")]"#));
//! assert!(source.contains("pub user_id: i64"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod builder;
mod constraints;
mod defaults;
mod emit;
mod error;
mod ident;
mod input;
mod logical_defaults;
mod options;
mod plan;
mod properties;
mod types;

pub use builder::{Builder, read_files};
pub use error::Error;
pub use input::SchemaSet;
pub use options::{DecimalType, Layout, MapType, Options, TimeCrate};

/// The Rust source of every type of `set`, formatted.
///
/// The output is the same for the same input and options: types appear in
/// the order the schemas define them, modules in name order.
///
/// # Errors
/// Two types that would have one Rust path ([`Error::Clash`]).
pub fn generate(set: &SchemaSet, options: &Options) -> Result<String, Error> {
    generate_with_roots(set, options).map(|generated| generated.source)
}

/// [`generate`], also saying which Rust type each schema's root became.
///
/// ```
/// use avrox_codegen::{Options, SchemaSet};
///
/// let mut set = SchemaSet::new();
/// set.add(avrox::Schema::parse(r#"{"type": "fixed", "name": "a.b.Hash", "size": 4}"#)?, "hash");
/// set.add(avrox::Schema::parse(r#"{"type": "array", "items": "long"}"#)?, "ids");
/// let generated = avrox_codegen::generate_with_roots(&set, &Options::new())?;
/// assert_eq!(generated.roots, ["a::b::Hash", "Ids"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`generate`].
pub fn generate_with_roots(set: &SchemaSet, options: &Options) -> Result<Generated, Error> {
    let plan = plan::Plan::new(set, options)?;
    let source = plan.emit()?;
    let path_of = |def: &plan::Def| {
        let mut parts = def.module.clone();
        parts.push(def.ident.clone());
        parts.join("::")
    };
    let roots = plan
        .roots
        .iter()
        .map(|&def| path_of(&plan.defs[def]))
        .collect();
    let named_types = plan
        .defs
        .iter()
        .filter(|def| def.kind == plan::DefKind::Named)
        .filter_map(|def| {
            let name = plan.node(def.node).name()?;
            Some((name.fullname().to_owned(), path_of(def)))
        })
        .collect();
    Ok(Generated {
        source,
        roots,
        named_types,
    })
}

/// Generated source and the types of the schemas' roots.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Generated {
    /// The Rust source, formatted.
    pub source: String,
    /// The path of each schema's root type (relative to where the source
    /// is included), in the order the schemas were added; a protocol's
    /// message parts have none (see [`SchemaSet::add_protocol`]).
    pub roots: Vec<String>,
    /// Every named type generated: its Avro fullname and the path of its
    /// Rust type, in the order met.
    pub named_types: Vec<(String, String)>,
}
