//! Compatibility checks between schemas, at the levels users of schema
//! registries know.

use super::compile;
use super::issue::Incompatibility;
use crate::schema::Schema;

/// Whether `reader` can read every datum written with `writer`: `Ok`, or
/// every place where it cannot, each with its path and reason.
///
/// Stricter than compiling a [`Plan`](super::Plan): a writer's union
/// branch or enum symbol the reader cannot take makes a plan fail only for
/// data that uses it, but is an incompatibility here.
///
/// ```
/// use avrox::Schema;
/// use avrox::resolve::check;
///
/// let v1 = Schema::parse(r#"{"type": "record", "name": "Order", "fields": [
///     {"name": "qty", "type": "long"}, {"name": "sku", "type": "string"}]}"#)?;
/// let v2 = Schema::parse(r#"{"type": "record", "name": "Order", "fields": [
///     {"name": "qty", "type": "int"}, {"name": "note", "type": "string"}]}"#)?;
/// let issues = check(&v1, &v2).unwrap_err();
/// let text: Vec<String> = issues.iter().map(ToString::to_string).collect();
/// assert_eq!(text, [
///     "Order.qty: writer long cannot be read as int: Avro only widens numbers; read it as long (i64 in Rust), float or double",
///     "Order.note: reader field is not in the writer's record and has no default",
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(writer: &Schema, reader: &Schema) -> Result<(), Vec<Incompatibility>> {
    let issues = compile::issues(writer, reader);
    if issues.is_empty() {
        Ok(())
    } else {
        Err(issues)
    }
}

/// A compatibility level: which schemas a new schema must read, or be
/// read by. The names and meanings are those of Confluent Schema Registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compatibility {
    /// No check.
    None,
    /// The new schema reads data written with the latest previous one.
    Backward,
    /// The new schema reads data written with every previous one.
    BackwardTransitive,
    /// The latest previous schema reads data written with the new one.
    Forward,
    /// Every previous schema reads data written with the new one.
    ForwardTransitive,
    /// Backward and forward, against the latest previous schema.
    Full,
    /// Backward and forward, against every previous schema.
    FullTransitive,
}

impl Compatibility {
    /// Every level, weakest first.
    pub const ALL: [Compatibility; 7] = [
        Compatibility::None,
        Compatibility::Backward,
        Compatibility::BackwardTransitive,
        Compatibility::Forward,
        Compatibility::ForwardTransitive,
        Compatibility::Full,
        Compatibility::FullTransitive,
    ];

    /// The level's name in a schema registry's REST API and configuration:
    /// `NONE`, `BACKWARD`, `BACKWARD_TRANSITIVE`, `FORWARD`,
    /// `FORWARD_TRANSITIVE`, `FULL`, `FULL_TRANSITIVE`. It is also what
    /// the level displays as and parses from (in any case).
    ///
    /// ```
    /// use avrox::resolve::Compatibility;
    ///
    /// assert_eq!(Compatibility::FullTransitive.as_str(), "FULL_TRANSITIVE");
    /// assert_eq!("backward".parse::<Compatibility>(), Ok(Compatibility::Backward));
    /// assert!("SIDEWAYS".parse::<Compatibility>().is_err());
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Compatibility::None => "NONE",
            Compatibility::Backward => "BACKWARD",
            Compatibility::BackwardTransitive => "BACKWARD_TRANSITIVE",
            Compatibility::Forward => "FORWARD",
            Compatibility::ForwardTransitive => "FORWARD_TRANSITIVE",
            Compatibility::Full => "FULL",
            Compatibility::FullTransitive => "FULL_TRANSITIVE",
        }
    }

    /// The same level without `_TRANSITIVE`: what checking against one
    /// chosen version means.
    pub fn non_transitive(self) -> Compatibility {
        match self {
            Compatibility::BackwardTransitive => Compatibility::Backward,
            Compatibility::ForwardTransitive => Compatibility::Forward,
            Compatibility::FullTransitive => Compatibility::Full,
            other => other,
        }
    }

    fn backward(self) -> bool {
        matches!(
            self,
            Compatibility::Backward
                | Compatibility::BackwardTransitive
                | Compatibility::Full
                | Compatibility::FullTransitive
        )
    }

    fn forward(self) -> bool {
        matches!(
            self,
            Compatibility::Forward
                | Compatibility::ForwardTransitive
                | Compatibility::Full
                | Compatibility::FullTransitive
        )
    }

    fn transitive(self) -> bool {
        matches!(
            self,
            Compatibility::BackwardTransitive
                | Compatibility::ForwardTransitive
                | Compatibility::FullTransitive
        )
    }
}

/// Checks `new` against `previous` (oldest first) at `level`: `Ok`, or
/// every incompatibility, each reason starting with the pair it concerns
/// (`reading version 1`: the new schema as reader of the first previous
/// schema's data; `read by version 1`: the other way round).
///
/// ```
/// use avrox::Schema;
/// use avrox::resolve::{Compatibility, check_history};
///
/// let v1 = Schema::parse(r#"{"type": "record", "name": "U", "fields": [
///     {"name": "id", "type": "int"}]}"#)?;
/// let v2 = Schema::parse(r#"{"type": "record", "name": "U", "fields": [
///     {"name": "id", "type": "long"}]}"#)?;
/// // int promotes to long: v2 reads v1's data, but not the other way.
/// assert!(check_history(Compatibility::Backward, &v2, &[v1.clone()]).is_ok());
/// let issues = check_history(Compatibility::Full, &v2, &[v1]).unwrap_err();
/// assert_eq!(issues[0].to_string(), "U.id: read by version 1: writer long cannot be read as int: Avro only widens numbers; read it as long (i64 in Rust), float or double");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_history(
    level: Compatibility,
    new: &Schema,
    previous: &[Schema],
) -> Result<(), Vec<Incompatibility>> {
    let against: Vec<(usize, &Schema)> = if level.transitive() {
        previous.iter().enumerate().collect()
    } else {
        previous.iter().enumerate().last().into_iter().collect()
    };
    let mut all = Vec::new();
    for (i, old) in against {
        let version = i + 1;
        if level.backward() {
            for issue in compile::issues(old, new) {
                all.push(Incompatibility {
                    path: issue.path,
                    reason: format!("reading version {version}: {}", issue.reason),
                });
            }
        }
        if level.forward() {
            for issue in compile::issues(new, old) {
                all.push(Incompatibility {
                    path: issue.path,
                    reason: format!("read by version {version}: {}", issue.reason),
                });
            }
        }
    }
    if all.is_empty() { Ok(()) } else { Err(all) }
}

impl std::fmt::Display for Compatibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a compatibility level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCompatibility(pub String);

impl std::fmt::Display for UnknownCompatibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is not a compatibility level (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)",
            self.0
        )
    }
}

impl std::error::Error for UnknownCompatibility {}

impl std::str::FromStr for Compatibility {
    type Err = UnknownCompatibility;

    fn from_str(name: &str) -> Result<Compatibility, UnknownCompatibility> {
        Compatibility::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownCompatibility(name.to_owned()))
    }
}
