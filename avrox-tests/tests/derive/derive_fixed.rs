//! `#[avro(fixed)]`: a one-field struct of `[u8; N]` is a named `fixed`
//! with its name, namespace, aliases, doc and properties, encoded as its
//! bytes.

use avrox::{Avro, AvroSchema, Schema};
use serde_json::json;

/// An MD5 digest.
#[derive(Avro, Debug, Clone, Copy, PartialEq, Eq)]
#[avro(
    fixed,
    namespace = "org.acme",
    alias = "Digest",
    property(key = "x-algorithm", value = "md5")
)]
struct Md5([u8; 16]);

const SIZE: usize = 3;

#[derive(Avro, Debug, Clone, Copy, PartialEq, Eq)]
#[avro(fixed, name = "Code")]
struct CountryCode([u8; SIZE]);

#[derive(Avro, Debug, Clone, PartialEq)]
#[avro(namespace = "org.acme")]
struct File {
    hash: Md5,
    previous: Option<Md5>,
    country: CountryCode,
}

#[test]
fn a_fixed_struct_is_a_named_fixed() {
    assert_eq!(
        Md5::schema().to_json(),
        json!({
            "type": "fixed", "name": "Md5", "namespace": "org.acme",
            "aliases": ["Digest"], "doc": "An MD5 digest.", "size": 16,
            "x-algorithm": "md5"
        })
    );
    assert_eq!(
        File::schema().canonical_form(),
        r#"{"name":"org.acme.File","type":"record","fields":[{"name":"hash","type":{"name":"org.acme.Md5","type":"fixed","size":16}},{"name":"previous","type":["null","org.acme.Md5"]},{"name":"country","type":{"name":"Code","type":"fixed","size":3}}]}"#
    );
}

#[test]
fn a_fixed_struct_is_its_bytes() {
    let file = File {
        hash: Md5([7; 16]),
        previous: None,
        country: CountryCode(*b"NLD"),
    };
    let bytes = avrox::to_vec(&file).unwrap();
    let mut expected = vec![7; 16];
    expected.extend([0, b'N', b'L', b'D']);
    assert_eq!(bytes, expected);
    assert_eq!(avrox::from_slice::<File>(&bytes).unwrap(), file);
    // The same bytes as the parsed schema's.
    let parsed = Schema::parse(&File::schema().to_string()).unwrap();
    let value = avrox::Value::decode(&bytes, &parsed).unwrap();
    assert_eq!(value.to_bytes(&parsed).unwrap(), bytes);
    assert_eq!(avrox::from_value::<File>(value).unwrap(), file);
    // Truncated and wrong input is an error, not a panic.
    for end in 0..bytes.len() {
        assert!(avrox::from_slice::<File>(&bytes[..end]).is_err(), "{end}");
    }
}

#[test]
fn a_writer_s_fixed_resolves_by_name_or_alias() {
    let writer = Schema::parse(
        r#"{"type": "record", "name": "org.acme.File", "fields": [
            {"name": "hash", "type": {"type": "fixed", "name": "org.acme.Digest", "size": 16}},
            {"name": "previous", "type": ["null", "org.acme.Digest"]},
            {"name": "country", "type": {"type": "fixed", "name": "Code", "size": 3}}]}"#,
    )
    .unwrap();
    let mut bytes = vec![1; 16];
    bytes.extend([
        2, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, b'F', b'R', b'A',
    ]);
    let file: File = avrox::from_slice_with_writer(&bytes, &writer).unwrap();
    assert_eq!(file.hash, Md5([1; 16]));
    assert_eq!(file.previous, Some(Md5([9; 16])));
    assert_eq!(file.country, CountryCode(*b"FRA"));
    let wrong_size =
        Schema::parse(r#"{"type": "fixed", "name": "org.acme.Md5", "size": 15}"#).unwrap();
    assert!(avrox::from_slice_with_writer::<Md5>(&[0; 15], &wrong_size).is_err());
}
