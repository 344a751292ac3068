//! Derived decoding of a type with every kind of field (see
//! [`derived`](crate::derived)), borrowed and owned, with its constraints
//! checked. Both must agree; a value that decodes must encode, and decode
//! from that encoding to a value that encodes to the same bytes.

use avrox::{ErrorKind, Validate};

use crate::derived::{Borrowed, Owned};

/// Runs one input.
pub fn run(data: &[u8]) {
    let borrowed = avrox::from_slice::<Borrowed<'_>>(data);
    let owned = avrox::from_slice::<Owned>(data);
    match (&borrowed, &owned) {
        (Ok(b), Ok(o)) => {
            let from_borrowed = avrox::to_vec(b)
                .unwrap_or_else(|e| panic!("a decoded value does not encode: {e}\nvalue: {b:?}"));
            let from_owned = avrox::to_vec(o)
                .unwrap_or_else(|e| panic!("a decoded value does not encode: {e}\nvalue: {o:?}"));
            assert_eq!(
                from_borrowed, from_owned,
                "borrowed and owned encode differently"
            );
            assert!(o.validate().is_ok(), "a decoded value is invalid: {o:?}");
            let again = avrox::from_slice::<Owned>(&from_owned)
                .unwrap_or_else(|e| panic!("an encoded value does not decode: {e}\nvalue: {o:?}"));
            let bytes_again = avrox::to_vec(&again).unwrap_or_else(|e| {
                panic!("a decoded value does not encode: {e}\nvalue: {again:?}")
            });
            assert_eq!(
                from_owned, bytes_again,
                "decode and encode are not inverse; value: {o:?}"
            );
        }
        (Err(_), Err(_)) => {}
        _ => panic!("borrowed and owned decoding disagree: {borrowed:?} / {owned:?}"),
    }

    // Without the check of constraints, what the checked decoding refused
    // as invalid decodes, and its validation fails.
    if let (Err(checked), Ok(unchecked)) = (&owned, avrox::from_slice_unchecked::<Owned>(data)) {
        assert!(
            matches!(checked.kind(), ErrorKind::Validation(_)),
            "refused with {checked}, yet decodes unchecked"
        );
        assert!(
            unchecked.validate().is_err(),
            "refused as invalid, yet valid: {unchecked:?}"
        );
    }
}
