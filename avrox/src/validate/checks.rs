//! The traits the derive's constraints check values through: how long a
//! value is, whether it is a multiple of another, and what its elements are.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use super::Collector;
use crate::codec::collections::MapKey;

/// A value with a length, for `length(min = .., max = ..)` and
/// `non_empty`: strings count characters (Unicode scalar values, as
/// pydantic and JSON Schema do), bytes and collections count elements.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no length for `length` or `non_empty` to check",
    label = "`length` and `non_empty` apply to strings, bytes and collections",
    note = "on a number use `min`/`max`; on an `Option` use `inner(length(..))` to check the value inside"
)]
pub trait Length {
    /// What one unit of length is called in messages: `"character"` or
    /// `"item"`.
    const UNIT: &'static str = "item";

    /// The length in units.
    fn length(&self) -> usize;

    /// Whether the length is 0, without counting characters.
    fn is_empty_value(&self) -> bool {
        self.length() == 0
    }
}

macro_rules! text_length {
    ($($t:ty),*) => {$(
        impl Length for $t {
            const UNIT: &'static str = "character";
            #[inline]
            fn length(&self) -> usize {
                let s: &str = self;
                // ASCII (the usual case) counts by bytes.
                if s.is_ascii() { s.len() } else { s.chars().count() }
            }
            #[inline]
            fn is_empty_value(&self) -> bool {
                let s: &str = self;
                s.is_empty()
            }
        }
    )*};
}

text_length!(str, String, Box<str>, Rc<str>, Arc<str>, Cow<'_, str>);

macro_rules! collection_length {
    ($([$($g:tt)*] $t:ty),* $(,)?) => {$(
        impl<$($g)*> Length for $t {
            #[inline]
            fn length(&self) -> usize {
                self.len()
            }
        }
    )*};
}

collection_length!(
    [T] [T],
    [T] Vec<T>,
    [T] VecDeque<T>,
    [T] Box<[T]>,
    [T: Clone] Cow<'_, [T]>,
    [T, const N: usize] [T; N],
    [K, V, S] HashMap<K, V, S>,
    [K, V] BTreeMap<K, V>,
    [T, S] HashSet<T, S>,
    [T] BTreeSet<T>,
);

#[cfg(feature = "bytes")]
impl Length for bytes::Bytes {
    fn length(&self) -> usize {
        self.len()
    }
}

impl<T: Length + ?Sized> Length for &T {
    const UNIT: &'static str = T::UNIT;
    #[inline]
    fn length(&self) -> usize {
        (**self).length()
    }
    #[inline]
    fn is_empty_value(&self) -> bool {
        (**self).is_empty_value()
    }
}

/// A number that can be checked for `multiple_of`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be checked with `multiple_of`",
    label = "`multiple_of` applies to integers, floats and decimals"
)]
pub trait MultipleOf {
    /// Whether `self` is a whole multiple of `of`. A zero `of` (which the
    /// derive refuses when it is a literal) has only 0 as a multiple.
    fn multiple_of(&self, of: &Self) -> bool;
}

macro_rules! int_multiple {
    ($($t:ty),*) => {$(
        impl MultipleOf for $t {
            #[inline]
            fn multiple_of(&self, of: &$t) -> bool {
                match self.checked_rem(*of) {
                    Some(rem) => rem == 0,
                    // x % 0 has no value; MIN % -1 overflows but is 0.
                    None => *of != 0 || *self == 0,
                }
            }
        }
    )*};
}

int_multiple!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

macro_rules! float_multiple {
    ($($t:ty => $rule:ident),*) => {$(
        impl MultipleOf for $t {
            /// Within a relative tolerance of a few ulps of the quotient,
            /// so that 0.3 is a multiple of 0.1 as people mean it.
            #[inline]
            fn multiple_of(&self, of: &$t) -> bool {
                super::tolerance::$rule(*self, *of)
            }
        }
    )*};
}

float_multiple!(f32 => multiple_of_f32, f64 => multiple_of_f64);

#[cfg(feature = "rust_decimal")]
impl MultipleOf for rust_decimal::Decimal {
    fn multiple_of(&self, of: &Self) -> bool {
        if of.is_zero() {
            return self.is_zero();
        }
        self.checked_rem(*of).is_some_and(|r| r.is_zero())
    }
}

/// A value with elements that `inner(..)` checks: the items of a sequence,
/// the values of a map, the value inside an `Option`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no elements for `inner(..)` to check",
    label = "`inner(..)` applies to sequences, maps and `Option`"
)]
pub trait Elements {
    /// The type of one element.
    type Item: ?Sized;

    /// Whether `f` holds for every element.
    fn all_elements(&self, f: impl FnMut(&Self::Item) -> bool) -> bool;

    /// Calls `f` on every element, with `c` inside the element's path
    /// (`[2]`, `["key"]`, nothing for an `Option`).
    fn each_element(&self, c: &mut Collector, f: impl FnMut(&Self::Item, &mut Collector));
}

macro_rules! sequence_elements {
    ($([$($g:tt)*] $t:ty),* $(,)?) => {$(
        impl<$($g)*> Elements for $t {
            type Item = T;

            #[inline]
            fn all_elements(&self, f: impl FnMut(&T) -> bool) -> bool {
                self.iter().all(f)
            }

            fn each_element(&self, c: &mut Collector, mut f: impl FnMut(&T, &mut Collector)) {
                for (i, item) in self.iter().enumerate() {
                    c.enter_index(i);
                    f(item, c);
                    c.leave();
                }
            }
        }
    )*};
}

sequence_elements!(
    [T] [T],
    [T] Vec<T>,
    [T] VecDeque<T>,
    [T, const N: usize] [T; N],
);

macro_rules! map_elements {
    ($([$($g:tt)*] $t:ty),* $(,)?) => {$(
        impl<$($g)*> Elements for $t {
            type Item = V;

            #[inline]
            fn all_elements(&self, f: impl FnMut(&V) -> bool) -> bool {
                self.values().all(f)
            }

            fn each_element(&self, c: &mut Collector, mut f: impl FnMut(&V, &mut Collector)) {
                for (key, value) in self {
                    c.enter_key(key.as_key());
                    f(value, c);
                    c.leave();
                }
            }
        }
    )*};
}

map_elements!([K: MapKey, V, S] HashMap<K, V, S>, [K: MapKey, V] BTreeMap<K, V>);

impl<T> Elements for Option<T> {
    type Item = T;

    #[inline]
    fn all_elements(&self, f: impl FnMut(&T) -> bool) -> bool {
        self.iter().all(f)
    }

    fn each_element(&self, c: &mut Collector, mut f: impl FnMut(&T, &mut Collector)) {
        if let Some(value) = self {
            f(value, c);
        }
    }
}

impl<E: Elements + ?Sized> Elements for &E {
    type Item = E::Item;

    #[inline]
    fn all_elements(&self, f: impl FnMut(&E::Item) -> bool) -> bool {
        (**self).all_elements(f)
    }

    fn each_element(&self, c: &mut Collector, f: impl FnMut(&E::Item, &mut Collector)) {
        (**self).each_element(c, f)
    }
}

impl<E: Elements + ?Sized> Elements for Box<E> {
    type Item = E::Item;

    #[inline]
    fn all_elements(&self, f: impl FnMut(&E::Item) -> bool) -> bool {
        (**self).all_elements(f)
    }

    fn each_element(&self, c: &mut Collector, f: impl FnMut(&E::Item, &mut Collector)) {
        (**self).each_element(c, f)
    }
}

/// A `pattern` the derive compiled into a DFA at build time: matching is
/// one table lookup a byte. Patterns it could not compile that way use
/// [`Pattern`] (regex-lite) instead; both agree on every input.
#[doc(hidden)]
#[derive(Debug)]
pub struct Dfa {
    /// Byte to byte class.
    pub classes: [u8; 256],
    /// `table[state + class]` is the next state; states are premultiplied
    /// by the number of classes, and a match is sticky.
    pub table: &'static [u16],
    /// The start state.
    pub start: u16,
    /// The states below this accept.
    pub accepting: u16,
}

impl Dfa {
    /// Whether the pattern matches somewhere in `text`.
    ///
    /// Only generated code builds a `Dfa`, with the derive's tables:
    /// `classes` covers every byte, and each entry of `table` and `start`
    /// is a premultiplied state, so `state + class` is within `table`.
    #[inline]
    #[allow(clippy::indexing_slicing)]
    pub fn is_match(&self, text: &str) -> bool {
        let mut state = usize::from(self.start);
        for &byte in text.as_bytes() {
            state = usize::from(self.table[state + usize::from(self.classes[usize::from(byte)])]);
        }
        state < usize::from(self.accepting)
    }
}

/// A regular expression given as a literal, compiled the first time it is
/// used and kept for the life of the program. The derive's `pattern`
/// puts one in a `static` beside the check when the pattern is too large
/// for a build-time DFA.
///
/// The engine is [`regex-lite`](https://docs.rs/regex-lite): its syntax is
/// the `regex` crate's, without Unicode classes (`\d` and `\w` are ASCII).
#[cfg(feature = "pattern")]
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    regex: std::sync::OnceLock<regex_lite::Regex>,
}

#[cfg(feature = "pattern")]
impl Pattern {
    /// A pattern, not yet compiled.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            regex: std::sync::OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches somewhere in `text` (anchor it with `^`
    /// and `$` to match the whole text).
    ///
    /// # Panics
    /// If the pattern is invalid; the derive checks its literal at compile
    /// time, so only a hand-made `Pattern` can be.
    #[inline]
    pub fn is_match(&self, text: &str) -> bool {
        // Only generated code makes a `Pattern` (it is hidden in
        // `__private`), from a literal the derive compiled with regex-lite
        // at compile time: a compile error if invalid.
        #[allow(clippy::panic)]
        self.regex
            .get_or_init(|| {
                regex_lite::Regex::new(self.source)
                    .unwrap_or_else(|e| panic!("invalid pattern {:?}: {e}", self.source))
            })
            .is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!("héllo".length(), 5);
        assert_eq!(String::from("abc").length(), 3);
        assert_eq!(<String as Length>::UNIT, "character");
        assert_eq!(vec![1u8, 2].length(), 2);
        assert_eq!(<Vec<u8> as Length>::UNIT, "item");
        assert!("".is_empty_value());
        assert!(!Cow::Borrowed("x").is_empty_value());
        assert_eq!(HashMap::from([("a".to_string(), 1)]).length(), 1);
    }

    #[test]
    fn multiples() {
        assert!(15i32.multiple_of(&5));
        assert!(!16i32.multiple_of(&5));
        assert!(0u8.multiple_of(&0));
        assert!(!3u8.multiple_of(&0));
        assert!(i64::MIN.multiple_of(&-1));
        assert!(0.3f64.multiple_of(&0.1));
        assert!(2.5f32.multiple_of(&0.5));
        assert!(!2.55f64.multiple_of(&0.1));
        assert!(!f64::NAN.multiple_of(&0.1));
        assert!(!1.0f64.multiple_of(&0.3));
    }

    #[test]
    fn elements() {
        assert!(vec![1, 2, 3].all_elements(|v| *v > 0));
        assert!(!Some(-1).all_elements(|v| *v > 0));
        assert!(None::<i32>.all_elements(|v| *v > 0));
        let mut c = Collector::new();
        let map = BTreeMap::from([("a".to_string(), 1), ("b".to_string(), -1)]);
        map.each_element(&mut c, |v, c| {
            if *v < 0 {
                c.fail(super::super::Code::Min, &[], v, "must be at least 0");
            }
        });
        let report = c.finish().unwrap_err();
        assert_eq!(report.failures()[0].path(), "[\"b\"]");
    }

    #[cfg(feature = "pattern")]
    #[test]
    fn patterns() {
        static VERSION: Pattern = Pattern::new(r"^v\d+\.\d+$");
        assert!(VERSION.is_match("v1.20"));
        assert!(!VERSION.is_match("v1"));
        assert_eq!(VERSION.as_str(), r"^v\d+\.\d+$");
    }
}
