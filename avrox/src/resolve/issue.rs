//! One place where a writer's schema and a reader's do not resolve.

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
