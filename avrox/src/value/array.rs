//! The items of an array [`Value`].

use std::fmt;
use std::iter::FusedIterator;
use std::ops::Index;

use super::Value;

/// The items of a [`Value::Array`]: a list of values, which may be one
/// value repeated.
///
/// Decoding gives the repeated form to an array whose items take no bytes
/// on the wire (`null`, an empty record, a record of nulls): every item of
/// such an array is the same value, so the array is that value and a
/// count. A few bytes can carry millions of such items, and holding each
/// would let a 15-byte message fill the reader's whole allocation limit; a
/// repeated array takes the memory of one item, whatever its length. (The
/// reader's allocation limit still charges each item what it would hold
/// if written out, so the same limits accept the same arrays as when every
/// item was held, and whoever walks one, to JSON say, does work in
/// proportion to the limit.)
///
/// Either form reads the same: [`len`](Array::len), [`get`](Array::get),
/// indexing and iteration see every item, and two arrays with the same
/// items are equal whatever their forms. [`as_mut_vec`](Array::as_mut_vec)
/// and [`into_vec`](Array::into_vec) write the items out (a repeated
/// array's copies are made then, by the caller's choice). Encoding writes
/// a repeated array's item once and copies its bytes; checking constraints
/// looks at the item once, and reports a failure at index 0.
///
/// ```
/// use avrox::value::Array;
/// use avrox::{Schema, Value};
///
/// let schema = Schema::parse(r#"{"type": "array", "items": "null"}"#).unwrap();
/// // One block of 1,000,000 nulls, and the end: four bytes.
/// let value = Value::decode(&[0x80, 0x89, 0x7a, 0x00], &schema).unwrap();
/// let Value::Array(items) = &value else { unreachable!() };
/// assert_eq!(items.len(), 1_000_000);
/// assert_eq!(items.as_repeated(), Some((&Value::Null, 1_000_000)));
/// assert!(items.iter().all(|item| *item == Value::Null));
/// assert_eq!(*items, Array::repeat(Value::Null, 1_000_000));
///
/// let built: Array = vec![Value::Int(1), Value::Int(2)].into();
/// assert_eq!(built[1], Value::Int(2));
/// ```
#[derive(Clone)]
pub struct Array {
    repr: Repr,
}

#[derive(Clone)]
enum Repr {
    Items(Vec<Value>),
    /// `len` copies of `item`, never fewer than one.
    Repeated {
        item: Box<Value>,
        len: usize,
    },
}

impl Array {
    /// An empty array.
    pub const fn new() -> Array {
        Array {
            repr: Repr::Items(Vec::new()),
        }
    }

    /// An empty array with room for `capacity` items.
    pub fn with_capacity(capacity: usize) -> Array {
        Array::from(Vec::with_capacity(capacity))
    }

    /// `len` copies of `item`, held as one.
    pub fn repeat(item: Value, len: usize) -> Array {
        if len == 0 {
            return Array::new();
        }
        Array {
            repr: Repr::Repeated {
                item: Box::new(item),
                len,
            },
        }
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Items(items) => items.len(),
            Repr::Repeated { len, .. } => *len,
        }
    }

    /// Whether the array has no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&Value> {
        match &self.repr {
            Repr::Items(items) => items.get(index),
            Repr::Repeated { item, len } => (index < *len).then_some(&**item),
        }
    }

    /// The first item, if any.
    pub fn first(&self) -> Option<&Value> {
        self.get(0)
    }

    /// The last item, if any.
    pub fn last(&self) -> Option<&Value> {
        self.len().checked_sub(1).and_then(|last| self.get(last))
    }

    /// The items in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: match &self.repr {
                Repr::Items(items) => IterRepr::Items(items.iter()),
                Repr::Repeated { item, len } => IterRepr::Repeated { item, left: *len },
            },
        }
    }

    /// The item and the count of a repeated array; `None` for a list of
    /// items (even if they happen to be equal).
    pub fn as_repeated(&self) -> Option<(&Value, usize)> {
        match &self.repr {
            Repr::Items(_) => None,
            Repr::Repeated { item, len } => Some((item, *len)),
        }
    }

    /// Appends an item (a repeated array's copies are written out first:
    /// `Value`'s `==` cannot tell whether an item is the same, as `0.0` and
    /// `-0.0`, or two maps in different orders, are equal).
    pub fn push(&mut self, value: Value) {
        self.as_mut_vec().push(value);
    }

    /// Removes every item.
    pub fn clear(&mut self) {
        self.repr = Repr::Items(Vec::new());
    }

    /// The items as a vector to change, writing out a repeated array's
    /// copies first.
    pub fn as_mut_vec(&mut self) -> &mut Vec<Value> {
        if let Repr::Repeated { item, len } = &self.repr {
            self.repr = Repr::Items(vec![(**item).clone(); *len]);
        }
        match &mut self.repr {
            Repr::Items(items) => items,
            // Written out just above.
            Repr::Repeated { .. } => unreachable_repeated(),
        }
    }

    /// The items as a vector, writing out a repeated array's copies.
    pub fn into_vec(self) -> Vec<Value> {
        match self.repr {
            Repr::Items(items) => items,
            Repr::Repeated { item, len } => vec![*item; len],
        }
    }
}

/// `as_mut_vec` replaces a repeated form before it matches, so this arm
/// cannot be reached; a function keeps the allowance in one place.
#[allow(clippy::unreachable)]
#[cold]
fn unreachable_repeated() -> ! {
    unreachable!("a repeated array is written out before it is changed")
}

impl Default for Array {
    fn default() -> Array {
        Array::new()
    }
}

impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Array {
    fn eq(&self, other: &Array) -> bool {
        match (&self.repr, &other.repr) {
            (Repr::Repeated { item: a, len: n }, Repr::Repeated { item: b, len: m }) => {
                n == m && a == b
            }
            _ => self.len() == other.len() && self.iter().eq(other.iter()),
        }
    }
}

impl Index<usize> for Array {
    type Output = Value;

    /// The item at `index`.
    ///
    /// # Panics
    ///
    /// If `index` is not below [`len`](Array::len), as a slice does.
    fn index(&self, index: usize) -> &Value {
        match self.get(index) {
            Some(item) => item,
            None => out_of_bounds(index, self.len()),
        }
    }
}

/// Indexing past the end is the caller's bug, as with a slice.
#[allow(clippy::panic)]
#[cold]
fn out_of_bounds(index: usize, len: usize) -> ! {
    panic!("index out of bounds: the array has {len} items but the index is {index}")
}

impl From<Vec<Value>> for Array {
    fn from(items: Vec<Value>) -> Array {
        Array {
            repr: Repr::Items(items),
        }
    }
}

impl From<Array> for Vec<Value> {
    fn from(array: Array) -> Vec<Value> {
        array.into_vec()
    }
}

impl<const N: usize> From<[Value; N]> for Array {
    fn from(items: [Value; N]) -> Array {
        Array::from(Vec::from(items))
    }
}

impl FromIterator<Value> for Array {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Array {
        Array::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl Extend<Value> for Array {
    fn extend<I: IntoIterator<Item = Value>>(&mut self, iter: I) {
        for value in iter {
            self.push(value);
        }
    }
}

impl<'a> IntoIterator for &'a Array {
    type Item = &'a Value;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Array {
    type Item = Value;
    type IntoIter = IntoIter;

    /// The items by value; a repeated array's copies are made one at a
    /// time, as they are taken.
    fn into_iter(self) -> IntoIter {
        IntoIter {
            inner: match self.repr {
                Repr::Items(items) => IntoIterRepr::Items(items.into_iter()),
                Repr::Repeated { item, len } => IntoIterRepr::Repeated { item, left: len },
            },
        }
    }
}

/// The items of an [`Array`], by reference.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    inner: IterRepr<'a>,
}

#[derive(Clone, Debug)]
enum IterRepr<'a> {
    Items(std::slice::Iter<'a, Value>),
    Repeated { item: &'a Value, left: usize },
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Value;

    fn next(&mut self) -> Option<&'a Value> {
        match &mut self.inner {
            IterRepr::Items(items) => items.next(),
            IterRepr::Repeated { item, left } => {
                *left = left.checked_sub(1)?;
                Some(item)
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = match &self.inner {
            IterRepr::Items(items) => items.len(),
            IterRepr::Repeated { left, .. } => *left,
        };
        (len, Some(len))
    }

    // A repeated array's items are all at hand: no walk to skip or count.
    fn nth(&mut self, n: usize) -> Option<&'a Value> {
        match &mut self.inner {
            IterRepr::Items(items) => items.nth(n),
            IterRepr::Repeated { item, left } => {
                if n >= *left {
                    *left = 0;
                    return None;
                }
                *left -= n + 1;
                Some(item)
            }
        }
    }

    fn count(self) -> usize {
        self.len()
    }

    fn last(mut self) -> Option<&'a Value> {
        self.next_back()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            IterRepr::Items(items) => items.next_back(),
            IterRepr::Repeated { item, left } => {
                *left = left.checked_sub(1)?;
                Some(item)
            }
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}
impl FusedIterator for Iter<'_> {}

/// The items of an [`Array`], by value.
#[derive(Debug)]
pub struct IntoIter {
    inner: IntoIterRepr,
}

#[derive(Debug)]
enum IntoIterRepr {
    Items(std::vec::IntoIter<Value>),
    Repeated { item: Box<Value>, left: usize },
}

impl Iterator for IntoIter {
    type Item = Value;

    fn next(&mut self) -> Option<Value> {
        match &mut self.inner {
            IntoIterRepr::Items(items) => items.next(),
            IntoIterRepr::Repeated { item, left } => {
                *left = left.checked_sub(1)?;
                Some((**item).clone())
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = match &self.inner {
            IntoIterRepr::Items(items) => items.len(),
            IntoIterRepr::Repeated { left, .. } => *left,
        };
        (len, Some(len))
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Value> {
        match &mut self.inner {
            IntoIterRepr::Items(items) => items.next_back(),
            IntoIterRepr::Repeated { .. } => self.next(),
        }
    }
}

impl ExactSizeIterator for IntoIter {}
impl FusedIterator for IntoIter {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_read_alike() {
        let repeated = Array::repeat(Value::Null, 3);
        let items = Array::from(vec![Value::Null; 3]);
        assert_eq!(repeated, items);
        assert_eq!(items, repeated);
        assert_eq!(repeated.len(), 3);
        assert_eq!(repeated.get(2), Some(&Value::Null));
        assert_eq!(repeated.get(3), None);
        assert_eq!(repeated.last(), Some(&Value::Null));
        assert_eq!(repeated.iter().len(), 3);
        assert_eq!(repeated.iter().rev().count(), 3);
        assert_eq!(
            repeated.clone().into_iter().collect::<Vec<_>>(),
            items.clone().into_vec()
        );
        assert_eq!(format!("{repeated:?}"), format!("{items:?}"));
        assert_ne!(repeated, Array::repeat(Value::Null, 2));
        assert_ne!(
            Array::repeat(Value::Int(1), 2),
            Array::from(vec![Value::Int(1), Value::Int(2)])
        );
    }

    #[test]
    fn an_empty_repeat_is_an_empty_list() {
        let empty = Array::repeat(Value::Null, 0);
        assert!(empty.is_empty());
        assert_eq!(empty.as_repeated(), None);
        assert_eq!(empty, Array::new());
    }

    #[test]
    fn pushing_writes_the_copies_out_and_keeps_what_was_pushed() {
        let mut a = Array::repeat(Value::Double(0.0), 2);
        // Equal to the item, but not the same: its sign must survive.
        a.push(Value::Double(-0.0));
        assert_eq!(a.as_repeated(), None);
        let Value::Double(last) = a[2] else { panic!() };
        assert!(last.is_sign_negative());
        a.extend([Value::Null]);
        assert_eq!(a.len(), 4);
        a.clear();
        assert!(a.is_empty());
    }

    #[test]
    fn changing_writes_the_copies_out() {
        let mut a = Array::repeat(Value::Int(7), 2);
        a.as_mut_vec()[1] = Value::Int(8);
        assert_eq!(a, Array::from(vec![Value::Int(7), Value::Int(8)]));
    }

    #[test]
    #[should_panic(expected = "index out of bounds")]
    fn indexing_past_the_end_panics_as_a_slice_does() {
        let _ = &Array::repeat(Value::Null, 1)[1];
    }
}
