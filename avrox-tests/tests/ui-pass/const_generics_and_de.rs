//! Const parameters make each instance its own Avro type, and a type's own
//! lifetime may be called `'de`.
use avrox::{Avro, AvroSchema, Value};

#[derive(Avro, Debug, PartialEq)]
struct Block<const N: usize> {
    data: [u8; N],
}

#[derive(Avro, Debug, PartialEq)]
struct Borrowed<'de> {
    text: &'de str,
}

fn main() {
    assert_eq!(Block::<4>::schema().root().name().unwrap().fullname(), "Block_4");
    assert_eq!(Block::<8>::schema().root().name().unwrap().fullname(), "Block_8");
    let block = Block { data: [7u8; 8] };
    let bytes = avrox::to_vec(&block).unwrap();
    assert_eq!(Value::decode(&bytes, Block::<8>::schema()).unwrap(), avrox::to_value(&block));
    let b: Borrowed<'_> = avrox::from_slice(&[0x02, b'x']).unwrap();
    assert_eq!(b.text, "x");
}
