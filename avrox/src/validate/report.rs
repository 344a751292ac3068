//! The validation report: every failure of a value, each with its path in
//! Avro names, a machine-readable code, the constraint's parameters, the
//! offending value (shortened) and a message.

use std::fmt;

use serde_json::{Map, Value as Json};

/// What kind of constraint failed: the machine-readable part of a
/// [`Failure`], spelled in reports and JSON as the attribute that declares
/// it (`"min"`, `"length"`, `"pattern"`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// Below `min`.
    Min,
    /// Above `max`.
    Max,
    /// At or below `exclusive_min`.
    ExclusiveMin,
    /// At or above `exclusive_max`.
    ExclusiveMax,
    /// A length outside `length(min = .., max = ..)`.
    Length,
    /// A string that does not match `pattern`.
    Pattern,
    /// Not one of the values of `one_of`.
    OneOf,
    /// Not a multiple of `multiple_of`.
    MultipleOf,
    /// Empty, against `non_empty`.
    NonEmpty,
    /// A `custom` function, or a container's `validate` function, refused
    /// the value.
    Custom,
}

impl Code {
    /// The code as reports and JSON spell it: `"min"`, `"exclusive_max"`,
    /// `"one_of"`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Min => "min",
            Code::Max => "max",
            Code::ExclusiveMin => "exclusive_min",
            Code::ExclusiveMax => "exclusive_max",
            Code::Length => "length",
            Code::Pattern => "pattern",
            Code::OneOf => "one_of",
            Code::MultipleOf => "multiple_of",
            Code::NonEmpty => "non_empty",
            Code::Custom => "custom",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One constraint that one value broke.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub(crate) path: String,
    pub(crate) code: Code,
    pub(crate) params: Map<String, Json>,
    pub(crate) value: String,
    pub(crate) message: String,
}

impl Failure {
    /// Where the value is, in Avro names, relative to the value validated:
    /// `address.lines[2]`, `labels["env"]`; empty for the value itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Which constraint failed.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The constraint's parameters, as JSON: `{"min": 0.0}`,
    /// `{"min": 1, "max": 16}` for a `length`, `{"pattern": "^v\\d+$"}`.
    /// A parameter given by a Rust expression that is not a literal is its
    /// `Debug` text.
    pub fn params(&self) -> &Map<String, Json> {
        &self.params
    }

    /// The offending value's `Debug` text, shortened to at most
    /// [`Report::VALUE_CHARS`] characters.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// What is wrong, for people: `must be at most 1.0`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The failure as a JSON object with the keys `path`, `code`, `params`,
    /// `value` and `message`.
    pub fn to_json(&self) -> Json {
        let mut object = Map::new();
        object.insert("path".into(), Json::String(self.path.clone()));
        object.insert("code".into(), Json::String(self.code.as_str().into()));
        object.insert("params".into(), Json::Object(self.params.clone()));
        object.insert("value".into(), Json::String(self.value.clone()));
        object.insert("message".into(), Json::String(self.message.clone()));
        Json::Object(object)
    }
}

impl fmt::Display for Failure {
    /// `path: message (code, value)`, or without `path: ` at the top.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(
            f,
            "{} [code={}, value={}]",
            self.message, self.code, self.value
        )
    }
}

/// Every constraint a value breaks, in the order the value's fields are
/// declared.
///
/// `Display` prints one failure a line; with the `serde` feature the report
/// serializes as a JSON array of failures ([`Report::to_json`] gives the same
/// JSON without the feature).
///
/// ```
/// use avrox::{Avro, Validate};
///
/// #[derive(Avro, Debug)]
/// struct Reading {
///     #[avro(min = -90.0, max = 90.0)]
///     latitude: f64,
///     #[avro(length(min = 1, max = 8))]
///     sensor: String,
/// }
///
/// let report = Reading { latitude: 91.5, sensor: String::new() }.validate().unwrap_err();
/// assert_eq!(report.len(), 2);
/// assert_eq!(report.failures()[0].path(), "latitude");
/// assert_eq!(
///     report.to_string(),
///     "latitude: must be at most 90.0 [code=max, value=91.5]\n\
///      sensor: must have at least 1 character, has 0 [code=length, value=\"\"]"
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub(crate) failures: Vec<Failure>,
}

impl Report {
    /// The most characters of an offending value a failure keeps.
    pub const VALUE_CHARS: usize = 64;

    /// The failures, in the order they were found.
    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    /// How many failures there are.
    pub fn len(&self) -> usize {
        self.failures.len()
    }

    /// Whether there are none (a report that is returned as an error never
    /// is).
    pub fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }

    /// The report as a JSON array of failures (see [`Failure::to_json`]).
    pub fn to_json(&self) -> Json {
        Json::Array(self.failures.iter().map(Failure::to_json).collect())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, failure) in self.failures.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{failure}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a Failure;
    type IntoIter = std::slice::Iter<'a, Failure>;

    fn into_iter(self) -> Self::IntoIter {
        self.failures.iter()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Failure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Failure", 5)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("code", self.code.as_str())?;
        s.serialize_field("params", &self.params)?;
        s.serialize_field("value", &self.value)?;
        s.serialize_field("message", &self.message)?;
        s.end()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.failures)
    }
}

/// The first `max` characters of `text`, with `…` when cut.
pub(crate) fn shorten(mut text: String, max: usize) -> String {
    if let Some((cut, _)) = text.char_indices().nth(max.saturating_sub(1))
        && text
            .get(cut..)
            .is_some_and(|rest| rest.chars().nth(1).is_some())
    {
        text.truncate(cut);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening() {
        assert_eq!(shorten("abc".into(), 3), "abc");
        assert_eq!(shorten("abcd".into(), 3), "ab…");
        assert_eq!(shorten("ééééé".into(), 4), "ééé…");
        assert_eq!(shorten(String::new(), 4), "");
    }
}
