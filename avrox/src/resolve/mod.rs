//! Schema resolution: reading data written with one schema as values of
//! another, by the rules of the specification's "Schema Resolution".
//!
//! A [`Plan`] is compiled once from a writer's schema and a reader's, and
//! decodes any number of datums: writer-only fields are skipped without
//! being built, reader-only fields take their defaults, promotions and
//! union branches are decided at compile time. A pair that cannot resolve
//! is a [`ResolveError`] naming every place and rule.
//!
//! - generic values: [`Plan::decode`] / [`Plan::read_next`];
//! - derived and standard types: [`from_slice_with_writer`](crate::from_slice_with_writer), or a
//!   [`Resolver`] that caches a [`TypedPlan`] per writer schema and takes
//!   the plain decoder when the writer's schema is the type's own;
//! - compatibility checks between schemas and over a history:
//!   [`check`] and [`Compatibility`];
//! - a type's versions: [`Evolve::history`] and [`SchemaHistory`].
//!
//! ```
//! use avrox::{Schema, Value};
//! use avrox::resolve::Plan;
//!
//! let writer = Schema::parse(r#"["null", "int"]"#)?;
//! let reader = Schema::parse(r#"["null", "double"]"#)?;
//! let plan = Plan::new(&writer, &reader)?;
//! let bytes = Value::Union(1, Box::new(Value::Int(3))).to_bytes(&writer)?;
//! assert_eq!(plan.decode(&bytes)?, Value::Union(1, Box::new(Value::Double(3.0))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod compat;
mod compile;
mod history;
mod identify;
pub(crate) mod issue;
mod older;
pub(crate) mod plan;
pub(crate) mod skip;
pub(crate) mod typed;
pub(crate) mod value;

pub use compat::{Compatibility, UnknownCompatibility, check, check_history};
pub use history::{SchemaHistory, Version};
pub use issue::{Incompatibility, ResolveError};
pub use plan::Plan;
#[doc(hidden)]
pub use plan::{FieldStep, Primitive, RecordStep, Step, StepId};
pub use typed::{Evolve, Resolver, TypedPlan};
