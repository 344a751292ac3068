//! Every attribute that does not need an optional feature, used correctly
//! at once. The schema must build and a value must round-trip.

use avrox::Avro;

/// A codec for `with`: a `u16` port stored as an Avro `int`.
mod port {
    use avrox::binary::SliceReader;
    use avrox::schema::{NodeId, SchemaBuilder};
    use avrox::{AvroSchema, Decode, Encode, FromValue, Result, ToValue, Value};

    pub fn add_schema(b: &mut SchemaBuilder) -> NodeId {
        i32::add_schema(b)
    }
    pub fn encode(port: &u16, out: &mut Vec<u8>) -> Result<()> {
        i32::from(*port).encode(out)
    }
    pub fn decode(r: &mut SliceReader<'_>) -> Result<u16> {
        u16::decode(r)
    }
    pub fn to_value(port: &u16) -> Value {
        i32::from(*port).to_value()
    }
    pub fn from_value(value: Value) -> Result<u16> {
        u16::from_value(value)
    }
}

/// A server.
#[derive(Avro, Debug, PartialEq)]
#[avro(
    name = "Server",
    namespace = "com.acme.net",
    alias = "Host",
    rename_all = "camelCase"
)]
#[avro(doc = "A server we deploy to.", crate = ::avrox)]
struct ServerV1 {
    host_name: String,
    #[avro(rename = "port_number", alias = "port", doc = "TCP port", with = port)]
    port: u16,
    #[avro(order = descending, default)]
    weight: i32,
    #[avro(default = vec!["prod".to_owned()])]
    tags: Vec<String>,
    #[avro(skip, default = 7)]
    cached: u8,
    state: State,
    contact: Contact,
    id: ServerId,
}

#[derive(Avro, Debug, PartialEq)]
#[avro(rename_all = "SCREAMING_SNAKE_CASE")]
enum State {
    Up,
    #[avro(default)]
    Down,
}

#[derive(Avro, Debug, PartialEq)]
enum Contact {
    Nobody,
    Email(String),
    #[avro(rename = "PhoneNumber", alias = "Phone")]
    Phone {
        #[avro(rename = "digits")]
        number: String,
    },
}

#[derive(Avro, Debug, PartialEq)]
#[avro(transparent)]
struct ServerId(i64);

fn main() {
    let schema = <ServerV1 as avrox::AvroSchema>::schema().to_string();
    for part in [
        r#""name":"Server","namespace":"com.acme.net""#,
        r#""aliases":["Host"]"#,
        r#""name":"hostName""#,
        r#""name":"port_number","type":"int""#,
        r#""order":"descending""#,
        r#""default":["prod"]"#,
        r#""symbols":["UP","DOWN"],"default":"DOWN""#,
        r#""name":"PhoneNumber""#,
        r#""name":"digits""#,
        r#""name":"id","type":"long""#,
    ] {
        assert!(schema.contains(part), "{part} not in {schema}");
    }
    assert!(!schema.contains("cached"), "{schema}");
    let server = ServerV1 {
        host_name: "a".into(),
        port: 8080,
        weight: 1,
        tags: vec![],
        cached: 7,
        state: State::Down,
        contact: Contact::Phone { number: "1".into() },
        id: ServerId(3),
    };
    let bytes = avrox::to_vec(&server).unwrap();
    let back: ServerV1 = avrox::from_slice(&bytes).unwrap();
    assert_eq!(back, server);
    let value = avrox::to_value(&server);
    assert_eq!(avrox::from_value::<ServerV1>(value).unwrap(), server);
}
