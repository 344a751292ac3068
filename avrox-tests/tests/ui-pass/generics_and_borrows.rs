//! A generic type and a borrowing type derive, and a borrowing value
//! decodes from the input without copying.

use avrox::Avro;

#[derive(Avro, Debug, PartialEq)]
struct Page<T> {
    items: Vec<T>,
    next: Option<i64>,
}

#[derive(Avro, Debug, PartialEq)]
struct Borrowed<'a> {
    key: &'a str,
    raw: &'a [u8],
}

#[derive(Avro, Debug, PartialEq)]
enum Either<'a, T> {
    Left(T),
    Right(&'a str),
}

fn main() {
    let page = Page {
        items: vec![1i32, 2],
        next: None,
    };
    let back: Page<i32> = avrox::from_slice(&avrox::to_vec(&page).unwrap()).unwrap();
    assert_eq!(back, page);

    let bytes = avrox::to_vec(&Borrowed {
        key: "k",
        raw: b"v",
    })
    .unwrap();
    let borrowed: Borrowed<'_> = avrox::from_slice(&bytes).unwrap();
    assert!(bytes.as_ptr_range().contains(&borrowed.key.as_ptr()));

    let either: Either<'_, i64> = Either::Right("r");
    let bytes = avrox::to_vec(&either).unwrap();
    assert_eq!(
        avrox::from_slice::<Either<'_, i64>>(&bytes).unwrap(),
        either
    );
}
