//! The words of every built-in constraint's failure, written once: the
//! checks the derive generates and the checks of a schema's
//! `avrox.constraints` both record their failures through these, the
//! derive passing only the constraint's code and parameters.
//!
//! A parameter comes with its text as a message shows it: a literal as
//! written, anything else as its `Debug` text.

use serde_json::{Map, Value as Json};

use super::collector::Collector;
use super::report::Code;

/// `must be at least 3`, by the bound's code.
pub(crate) fn bound(code: Code, bound: &str) -> String {
    let verb = match code {
        Code::Min => "must be at least",
        Code::Max => "must be at most",
        Code::ExclusiveMin => "must be greater than",
        _ => "must be less than",
    };
    format!("{verb} {bound}")
}

pub(crate) fn multiple_of(of: &str) -> String {
    format!("must be a multiple of {of}")
}

/// The message of a length outside `min..=max`, `None` when inside (the
/// lower bound is reported when both are broken, which cannot happen).
pub(crate) fn length(min: Option<u64>, max: Option<u64>, len: u64, unit: &str) -> Option<String> {
    if let Some(min) = min.filter(|m| len < *m) {
        Some(format!(
            "must have at least {min} {}, has {len}",
            plural(unit, min)
        ))
    } else {
        max.filter(|m| len > *m)
            .map(|max| format!("must have at most {max} {}, has {len}", plural(unit, max)))
    }
}

pub(crate) const NON_EMPTY: &str = "must not be empty";

pub(crate) fn pattern(source: &str) -> String {
    format!("must match the pattern {source}")
}

/// `must be one of 1, 2, 3`.
pub(crate) fn one_of<S: AsRef<str>>(choices: &[S]) -> String {
    let texts: Vec<&str> = choices.iter().map(AsRef::as_ref).collect();
    format!("must be one of {}", texts.join(", "))
}

/// `unit` or `units`.
fn plural(unit: &str, n: u64) -> String {
    if n == 1 {
        unit.to_owned()
    } else {
        format!("{unit}s")
    }
}

fn params(pairs: Vec<(&str, Json)>) -> Map<String, Json> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

// What the derive's generated code calls (through `avrox::__private`): the
// constraint's code and parameters, the value's text; the words are above.

/// A broken `min`, `max`, `exclusive_min` or `exclusive_max`.
pub fn fail_bound(c: &mut Collector, code: Code, bound: Json, text: &str, value: String) {
    let message = self::bound(code, text);
    c.push(code, params(vec![(code.as_str(), bound)]), value, message);
}

/// A broken `multiple_of`.
pub fn fail_multiple_of(c: &mut Collector, of: Json, text: &str, value: String) {
    let message = multiple_of(text);
    c.push(
        Code::MultipleOf,
        params(vec![("multiple_of", of)]),
        value,
        message,
    );
}

/// A `length` check: records a failure only if `len` is outside the
/// bounds. `params` are the bounds as the derive wrote them (a bound that
/// is no literal is its `Debug` text).
pub fn fail_length(
    c: &mut Collector,
    params: &[(&str, Json)],
    bounds: (Option<usize>, Option<usize>),
    len: usize,
    unit: &str,
    value: String,
) {
    let wide = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let (min, max) = (bounds.0.map(wide), bounds.1.map(wide));
    let Some(message) = length(min, max, wide(len), unit) else {
        return;
    };
    let pairs = params.iter().map(|(k, v)| (*k, v.clone())).collect();
    c.push(Code::Length, self::params(pairs), value, message);
}

/// A broken `non_empty`.
pub fn fail_non_empty(c: &mut Collector, value: String) {
    c.push(Code::NonEmpty, Map::new(), value, NON_EMPTY.to_owned());
}

/// A broken `pattern`.
pub fn fail_pattern(c: &mut Collector, source: &str, value: String) {
    let pairs = vec![("pattern", Json::String(source.to_owned()))];
    c.push(Code::Pattern, params(pairs), value, pattern(source));
}

/// A broken `one_of`: `choices` is the parameter, `texts` the choices as
/// the message shows them.
pub fn fail_one_of<S: AsRef<str>>(c: &mut Collector, choices: Json, texts: &[S], value: String) {
    c.push(
        Code::OneOf,
        params(vec![("one_of", choices)]),
        value,
        one_of(texts),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(bound(Code::Min, "3"), "must be at least 3");
        assert_eq!(bound(Code::Max, "3"), "must be at most 3");
        assert_eq!(bound(Code::ExclusiveMin, "0.5"), "must be greater than 0.5");
        assert_eq!(bound(Code::ExclusiveMax, "N"), "must be less than N");
        assert_eq!(multiple_of("5"), "must be a multiple of 5");
        assert_eq!(pattern("^a+$"), "must match the pattern ^a+$");
        assert_eq!(one_of(&["1", "\"b\""]), "must be one of 1, \"b\"");
    }

    #[test]
    fn lengths() {
        let unit = "character";
        assert_eq!(length(Some(1), Some(3), 2, unit), None);
        assert_eq!(
            length(Some(1), None, 0, unit).unwrap(),
            "must have at least 1 character, has 0"
        );
        assert_eq!(
            length(None, Some(3), 4, "item").unwrap(),
            "must have at most 3 items, has 4"
        );
        assert_eq!(
            length(Some(2), Some(3), 1, unit).unwrap(),
            "must have at least 2 characters, has 1"
        );
    }
}
