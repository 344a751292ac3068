//! One place where a writer's schema and a reader's do not resolve, and
//! the error of every such place. Data only: it imports nothing of the
//! crate, so that [`Error`](crate::Error) can carry it.

use std::fmt;

/// One place where a reader's schema cannot read a writer's data: where
/// (`Order.lines[].qty`, in the reader's names) and by which rule.
///
/// ```
/// use avrox::Schema;
/// use avrox::resolve::Plan;
///
/// let writer = Schema::parse(r#"{"type": "array", "items": "long"}"#)?;
/// let reader = Schema::parse(r#"{"type": "array", "items": "int"}"#)?;
/// let err = Plan::new(&writer, &reader).unwrap_err();
/// assert_eq!(err.issues()[0].path(), "[]");
/// assert_eq!(err.issues()[0].reason(), "writer long cannot be read as int: Avro only widens numbers; read it as long (i64 in Rust), float or double");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incompatibility {
    pub(crate) path: String,
    pub(crate) reason: String,
}

impl Incompatibility {
    /// Where: record and field names, `[]` for array items, `{}` for map
    /// values, `|N` for a union branch; empty at the top.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The rule that fails.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Incompatibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

/// Why a writer's schema cannot be read with a reader's: every place where
/// the two do not resolve, each with its path and rule.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolveError {
    pub(crate) issues: Vec<Incompatibility>,
}

impl ResolveError {
    /// Each place where the schemas do not resolve, in schema order.
    pub fn issues(&self) -> &[Incompatibility] {
        &self.issues
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.issues.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ResolveError {}
