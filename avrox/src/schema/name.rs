//! Names of named types (record, enum, fixed) and the rules that make them.

use std::fmt;

/// The fullname of a named type: an optional namespace and a simple name.
///
/// Stored as one string (`com.acme.Order`) with the position where the simple
/// name starts, so the fullname, used for every lookup, costs nothing to get.
///
/// ```
/// use avrox::schema::Name;
///
/// let name = Name::new("com.acme.Order").unwrap();
/// assert_eq!(name.name(), "Order");
/// assert_eq!(name.namespace(), Some("com.acme"));
/// assert_eq!(name.fullname(), "com.acme.Order");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    fullname: String,
    name_start: usize,
}

impl Name {
    /// Parses a fullname: `Order` (null namespace) or `com.acme.Order`.
    ///
    /// Every dot-separated part must be a valid Avro name.
    pub fn new(fullname: &str) -> Result<Name, String> {
        match fullname.rsplit_once('.') {
            None => Name::with_namespace(fullname, None),
            Some((namespace, name)) => {
                // In a dotted fullname the namespace cannot be empty.
                check_namespace(namespace)?;
                Name::with_namespace(name, Some(namespace))
            }
        }
    }

    /// Builds a name from a simple name and a namespace; `None` or `""` is
    /// the null namespace.
    pub fn with_namespace(name: &str, namespace: Option<&str>) -> Result<Name, String> {
        check_simple_name(name)?;
        match namespace {
            None | Some("") => Ok(Name {
                fullname: name.to_owned(),
                name_start: 0,
            }),
            Some(ns) => {
                check_namespace(ns)?;
                Ok(Name {
                    fullname: format!("{ns}.{name}"),
                    name_start: ns.len() + 1,
                })
            }
        }
    }

    /// Resolves a `name` attribute the way the specification says: a name
    /// with a dot is a fullname (any namespace given is ignored); otherwise
    /// the explicit namespace is used, or else the enclosing one.
    pub(crate) fn resolve(
        name: &str,
        namespace: Option<&str>,
        enclosing: Option<&str>,
    ) -> Result<Name, String> {
        if name.contains('.') {
            Name::new(name)
        } else {
            Name::with_namespace(name, namespace.or(enclosing))
        }
    }

    /// An alias of a type in `namespace`: a dotted alias is a fullname,
    /// otherwise it is relative to the type's namespace. The specification
    /// accepts any string as an alias, so nothing is checked.
    pub(crate) fn alias(alias: &str, namespace: Option<&str>) -> Name {
        match (alias.rfind('.'), namespace) {
            (Some(dot), _) => Name {
                fullname: alias.to_owned(),
                name_start: dot + 1,
            },
            (None, Some(ns)) if !ns.is_empty() => Name {
                fullname: format!("{ns}.{alias}"),
                name_start: ns.len() + 1,
            },
            (None, _) => Name {
                fullname: alias.to_owned(),
                name_start: 0,
            },
        }
    }

    /// The fullname: `namespace.name`, or `name` in the null namespace.
    pub fn fullname(&self) -> &str {
        &self.fullname
    }

    /// The simple name, without namespace.
    pub fn name(&self) -> &str {
        // `name_start` follows the namespace's `.`, or is 0.
        self.fullname.get(self.name_start..).unwrap_or_default()
    }

    /// The namespace, or `None` for the null namespace.
    pub fn namespace(&self) -> Option<&str> {
        let dot = self.name_start.checked_sub(1)?;
        self.fullname.get(..dot)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fullname)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({:?})", self.fullname)
    }
}

/// Whether `s` matches `[A-Za-z_][A-Za-z0-9_]*`, the rule for simple names,
/// field names and enum symbols.
pub(crate) fn is_valid_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

pub(crate) fn check_simple_name(name: &str) -> Result<(), String> {
    if is_valid_name(name) {
        Ok(())
    } else {
        Err(format!(
            "invalid name '{name}': a name starts with [A-Za-z_] and continues with [A-Za-z0-9_]"
        ))
    }
}

pub(crate) fn check_namespace(ns: &str) -> Result<(), String> {
    if ns.split('.').all(is_valid_name) {
        Ok(())
    } else {
        Err(format!(
            "invalid namespace '{ns}': a namespace is names joined by dots, each starting with [A-Za-z_] and continuing with [A-Za-z0-9_]"
        ))
    }
}

/// The eight primitive type names, which can never name a defined type.
pub(crate) const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// Edit distance between two short strings (names), for "did you mean".
///
/// `prev` and `cur` have a slot for each prefix of `b`, 0 to `b.len()`,
/// and `j < b.len()`.
#[allow(clippy::indexing_slicing)]
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The longest name [`did_you_mean`] looks for.
const MAX_SUGGESTED_LENGTH: usize = 256;

/// The candidate closest to `wanted`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = wanted.chars().count();
    // The distance costs the product of the lengths: a name this long is
    // not a typo worth the time (a hostile schema could make it quadratic).
    if length > MAX_SUGGESTED_LENGTH {
        return None;
    }
    let limit = (length / 3).max(1);
    let wanted = wanted.to_lowercase();
    candidates
        .into_iter()
        // The distance is at least the difference in length.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(&wanted, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_syntax() {
        assert!(is_valid_name("_a1"));
        assert!(is_valid_name("Z"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("2d2"));
        assert!(!is_valid_name("a-b"));
        assert!(!is_valid_name("é"));
    }

    #[test]
    fn resolution_rules() {
        let n = Name::resolve("X", Some("org.foo"), Some("ignored")).unwrap();
        assert_eq!(n.fullname(), "org.foo.X");
        let n = Name::resolve("a.full.Name", Some("ignored"), None).unwrap();
        assert_eq!((n.name(), n.namespace()), ("Name", Some("a.full")));
        let n = Name::resolve("X", None, Some("outer")).unwrap();
        assert_eq!(n.fullname(), "outer.X");
        let n = Name::resolve("X", Some(""), Some("outer")).unwrap();
        assert_eq!((n.fullname(), n.namespace()), ("X", None));
        assert!(Name::new("a..b").is_err());
        assert!(Name::new(".b").is_err());
        assert!(Name::new("a.1b").is_err());
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("Adress", "Address"), 1);
        assert_eq!(
            did_you_mean("Adress", ["Order", "Address"]),
            Some("Address")
        );
        assert_eq!(did_you_mean("zzz", ["Order", "Address"]), None);
    }
}
