//! Datasets and schemas for the avrox benchmarks.
//!
//! Everything here is generated from a fixed seed by a small SplitMix64
//! generator ([`Rng`]), so every run, and every peer added later, measures
//! exactly the same data.
//!
//! Two datasets, shaped after the `log` and `mesh` datasets of
//! [rust_serialization_benchmark] so that figures can be set beside the ones
//! published there:
//!
//! - [`Log`]: an HTTP access log entry. Schema [`LOG_SCHEMA`].
//! - [`Triangle`]: a triangle of a mesh, three vertices and a normal.
//!   Schema [`MESH_SCHEMA`].
//!
//! Each comes as typed Rust structs (what serde-based peers and the future
//! `#[derive(Avro)]` will encode) and as a [`Dataset`] of [`avrox::Value`]s
//! with its parsed [`Schema`]. A dataset is encoded as a *stream* of datums,
//! one record after another with nothing in between, which is how Avro
//! frames records in a container file block.
//!
//! The typed structs also have a hand-written encoder and decoder
//! ([`Log::encode`], [`Log::read`], ...) made of avrox's binary primitives
//! alone: the floor that generic [`Value`] code, and later generated code,
//! is measured against.
//!
//! [`ORDER_SCHEMA`] is a mid-sized schema (nested records, enums, fixed,
//! arrays, maps, unions, logical types, docs, defaults and aliases) for the
//! schema parsing and fingerprint benchmarks, and [`longs`] makes the
//! integers of the varint benchmarks.
//!
//! [rust_serialization_benchmark]: https://github.com/djkoloski/rust_serialization_benchmark

#![warn(missing_docs)]

use avrox::binary::{self, SliceReader};
use avrox::{Avro, Error, ErrorKind, Schema, Value};
use serde::{Deserialize, Serialize};

pub mod events;
pub mod model_meta;
pub mod peers;
pub mod proto;
pub mod wide;

/// The seed every benchmark uses.
pub const SEED: u64 = 0x6176_726f_7862_656e; // "avroxben"

/// Records in the log dataset (the size rust_serialization_benchmark uses).
pub const LOG_LEN: usize = 10_000;

/// Triangles in the mesh dataset. rust_serialization_benchmark uses 125,000;
/// fewer keep a generic-`Value` iteration short enough for criterion's
/// default sample count on a small machine. Throughput is reported per byte,
/// so the figures stay comparable.
pub const MESH_LEN: usize = 10_000;

/// SplitMix64: a tiny, fast generator with good statistical quality for
/// test data (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014). Not for anything that must be unpredictable.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`), by the multiply-shift method: the bias
    /// is below `n / 2^64`, far below anything a benchmark could notice.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// An index into a slice of `len` items.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A float in `[-1, 1)`, on a grid of 2^-23.
    pub fn unit_f32(&mut self) -> f32 {
        // 24 random bits: exactly representable in an f32.
        let bits = (self.next_u64() >> 40) as f32;
        bits / (1u32 << 23) as f32 - 1.0
    }

    /// A word of `len` characters from `[a-z0-9]`.
    pub fn word(&mut self, len: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| char::from(ALPHABET[self.index(ALPHABET.len())]))
            .collect()
    }
}

/// A decode error for a value that is out of range of the Rust field.
fn out_of_range(what: &str, v: i64) -> Error {
    Error::new(ErrorKind::InvalidValue(format!(
        "{what} {v} is out of range"
    )))
}

// ---------------------------------------------------------------------------
// Log
// ---------------------------------------------------------------------------

/// The Avro schema of [`Log`].
///
/// The address is a record of four `int`s, not a `fixed(4)`: that is the
/// shape every serde-based Avro peer derives from
/// `struct Address { x0: u8, x1: u8, x2: u8, x3: u8 }` (Avro has no byte
/// type), so the peers added later encode the same bytes. It takes 4 to 8
/// bytes on the wire (an octet of 64 or more needs two varint bytes), where a
/// `fixed(4)` would take exactly 4.
///
/// `code` is an `int` (HTTP status, 3 digits: always 2 varint bytes) and
/// `size` a `long` (below 10^8: 1 to 4 varint bytes, mostly 4).
pub const LOG_SCHEMA: &str = r#"{
  "type": "record", "name": "Log", "namespace": "avrox.bench",
  "doc": "An HTTP access log entry, shaped like rust_serialization_benchmark's",
  "fields": [
    {"name": "address", "type": {
      "type": "record", "name": "Address", "doc": "An IPv4 address, one int per octet",
      "fields": [
        {"name": "x0", "type": "int"},
        {"name": "x1", "type": "int"},
        {"name": "x2", "type": "int"},
        {"name": "x3", "type": "int"}
      ]}},
    {"name": "identity", "type": "string"},
    {"name": "userid", "type": "string"},
    {"name": "date", "type": "string"},
    {"name": "request", "type": "string"},
    {"name": "code", "type": "int"},
    {"name": "size", "type": "long"}
  ]
}"#;

/// An IPv4 address.
#[derive(Avro, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[avro(namespace = "avrox.bench")]
pub struct Address {
    /// First octet.
    pub x0: u8,
    /// Second octet.
    pub x1: u8,
    /// Third octet.
    pub x2: u8,
    /// Fourth octet.
    pub x3: u8,
}

/// An HTTP access log entry, the fields of the Common Log Format.
///
/// Generated by [`logs`]:
/// - `address`: four uniformly random octets;
/// - `identity`, `userid`: words of 0 to 15 characters from `[a-z0-9]`;
/// - `date`: `"dd/Mon/yyyy:hh:mm:ss +hhmm"`, always 26 characters;
/// - `request`: `"METHOD /seg/.../seg[.ext] HTTP/1.x"`, 1 to 4 segments of 3
///   to 10 characters, 17 to 65 characters in all;
/// - `code`: an HTTP status, 200 most of the time;
/// - `size`: uniform below 100,000,000.
#[derive(Avro, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[avro(namespace = "avrox.bench")]
pub struct Log {
    /// Client address.
    pub address: Address,
    /// RFC 1413 identity of the client.
    pub identity: String,
    /// User id of the requester.
    pub userid: String,
    /// When the request was received.
    pub date: String,
    /// The request line.
    pub request: String,
    /// The status code returned.
    pub code: u16,
    /// The size of the response, in bytes. An `i64`, as Avro's `long`:
    /// apache-avro's serde path writes a `u64` as a `fixed`, not a `long`.
    pub size: i64,
}

impl Log {
    /// A random entry.
    pub fn generate(rng: &mut Rng) -> Log {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        const METHODS: [&str; 8] = ["GET", "GET", "GET", "GET", "POST", "PUT", "HEAD", "DELETE"];
        const EXTENSIONS: [&str; 6] = ["", "", ".html", ".png", ".js", ".css"];
        const CODES: [u16; 12] = [200, 200, 200, 200, 200, 201, 204, 301, 304, 403, 404, 500];

        let octet = |rng: &mut Rng| rng.below(256) as u8;
        let address = Address {
            x0: octet(rng),
            x1: octet(rng),
            x2: octet(rng),
            x3: octet(rng),
        };
        let identity = {
            let len = rng.index(16);
            rng.word(len)
        };
        let userid = {
            let len = rng.index(16);
            rng.word(len)
        };
        let date = format!(
            "{:02}/{}/{}:{:02}:{:02}:{:02} {}{:02}00",
            rng.range(1, 28),
            MONTHS[rng.index(12)],
            rng.range(1995, 2025),
            rng.below(24),
            rng.below(60),
            rng.below(60),
            if rng.below(2) == 0 { '+' } else { '-' },
            rng.below(13),
        );
        let mut request = String::from(METHODS[rng.index(METHODS.len())]);
        request.push(' ');
        for _ in 0..rng.range(1, 4) {
            request.push('/');
            let len = rng.range(3, 10) as usize;
            request.push_str(&rng.word(len));
        }
        request.push_str(EXTENSIONS[rng.index(EXTENSIONS.len())]);
        request.push_str(if rng.below(2) == 0 {
            " HTTP/1.0"
        } else {
            " HTTP/1.1"
        });
        Log {
            address,
            identity,
            userid,
            date,
            request,
            code: CODES[rng.index(CODES.len())],
            size: rng.below(100_000_000) as i64,
        }
    }

    /// The entry as a generic value of [`LOG_SCHEMA`].
    pub fn to_value(&self) -> Value {
        let a = &self.address;
        let address = Value::record([
            ("x0", Value::Int(a.x0.into())),
            ("x1", Value::Int(a.x1.into())),
            ("x2", Value::Int(a.x2.into())),
            ("x3", Value::Int(a.x3.into())),
        ]);
        Value::record([
            ("address", address),
            ("identity", Value::from(self.identity.as_str())),
            ("userid", Value::from(self.userid.as_str())),
            ("date", Value::from(self.date.as_str())),
            ("request", Value::from(self.request.as_str())),
            ("code", Value::Int(self.code.into())),
            ("size", Value::Long(self.size)),
        ])
    }

    /// Appends the entry's Avro encoding, written field by field with the
    /// binary primitives: the hand-written baseline.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let a = &self.address;
        for octet in [a.x0, a.x1, a.x2, a.x3] {
            binary::write_int(out, octet.into());
        }
        binary::write_str(out, &self.identity);
        binary::write_str(out, &self.userid);
        binary::write_str(out, &self.date);
        binary::write_str(out, &self.request);
        binary::write_int(out, self.code.into());
        binary::write_long(out, self.size);
    }

    /// Reads one entry written by [`encode`](Self::encode) or by any Avro
    /// writer of [`LOG_SCHEMA`]: the hand-written baseline.
    pub fn read(r: &mut SliceReader<'_>) -> avrox::Result<Log> {
        let mut octet = || {
            let v = r.read_int()?;
            u8::try_from(v).map_err(|_| out_of_range("address octet", v.into()))
        };
        let address = Address {
            x0: octet()?,
            x1: octet()?,
            x2: octet()?,
            x3: octet()?,
        };
        let identity = r.read_str()?.to_owned();
        let userid = r.read_str()?.to_owned();
        let date = r.read_str()?.to_owned();
        let request = r.read_str()?.to_owned();
        let code = r.read_int()?;
        let code = u16::try_from(code).map_err(|_| out_of_range("code", code.into()))?;
        let size = r.read_long()?;
        Ok(Log {
            address,
            identity,
            userid,
            date,
            request,
            code,
            size,
        })
    }
}

/// A [`Log`] entry that borrows its strings from the input: what
/// zero-copy decoders produce. Its Avro schema is [`Log`]'s.
#[derive(Avro, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[avro(name = "Log", namespace = "avrox.bench")]
pub struct LogRef<'a> {
    /// Client address.
    pub address: Address,
    /// RFC 1413 identity of the client.
    pub identity: &'a str,
    /// User id of the requester.
    pub userid: &'a str,
    /// When the request was received.
    pub date: &'a str,
    /// The request line.
    pub request: &'a str,
    /// The status code returned.
    pub code: u16,
    /// The size of the response, in bytes. An `i64`, as Avro's `long`:
    /// apache-avro's serde path writes a `u64` as a `fixed`, not a `long`.
    pub size: i64,
}

impl LogRef<'_> {
    /// An owned copy, to compare with the [`Log`] it was encoded from.
    pub fn to_owned_log(&self) -> Log {
        Log {
            address: self.address.clone(),
            identity: self.identity.to_owned(),
            userid: self.userid.to_owned(),
            date: self.date.to_owned(),
            request: self.request.to_owned(),
            code: self.code,
            size: self.size,
        }
    }
}

/// `n` log entries from `seed`.
pub fn logs(n: usize, seed: u64) -> Vec<Log> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| Log::generate(&mut rng)).collect()
}

// ---------------------------------------------------------------------------
// Mesh
// ---------------------------------------------------------------------------

/// The Avro schema of [`Triangle`]: a record of four `Vector3` records, the
/// named type defined once and referred to by name after that. Every
/// triangle encodes to exactly 48 bytes (12 floats).
pub const MESH_SCHEMA: &str = r#"{
  "type": "record", "name": "Triangle", "namespace": "avrox.bench",
  "doc": "A triangle of a mesh, shaped like rust_serialization_benchmark's",
  "fields": [
    {"name": "v0", "type": {
      "type": "record", "name": "Vector3",
      "fields": [
        {"name": "x", "type": "float"},
        {"name": "y", "type": "float"},
        {"name": "z", "type": "float"}
      ]}},
    {"name": "v1", "type": "Vector3"},
    {"name": "v2", "type": "Vector3"},
    {"name": "normal", "type": "Vector3"}
  ]
}"#;

/// A vector in 3D.
#[derive(Avro, Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[avro(namespace = "avrox.bench")]
pub struct Vector3 {
    /// X coordinate.
    pub x: f32,
    /// Y coordinate.
    pub y: f32,
    /// Z coordinate.
    pub z: f32,
}

impl Vector3 {
    fn generate(rng: &mut Rng) -> Vector3 {
        Vector3 {
            x: rng.unit_f32(),
            y: rng.unit_f32(),
            z: rng.unit_f32(),
        }
    }

    fn sub(self, o: Vector3) -> Vector3 {
        Vector3 {
            x: self.x - o.x,
            y: self.y - o.y,
            z: self.z - o.z,
        }
    }

    fn cross(self, o: Vector3) -> Vector3 {
        Vector3 {
            x: self.y * o.z - self.z * o.y,
            y: self.z * o.x - self.x * o.z,
            z: self.x * o.y - self.y * o.x,
        }
    }

    /// The vector scaled to length 1; the zero vector stays zero.
    fn normalized(self) -> Vector3 {
        let len = (self.x * self.x + self.y * self.y + self.z * self.z).sqrt();
        if len == 0.0 {
            return self;
        }
        Vector3 {
            x: self.x / len,
            y: self.y / len,
            z: self.z / len,
        }
    }

    fn to_value(self) -> Value {
        Value::record([
            ("x", Value::Float(self.x)),
            ("y", Value::Float(self.y)),
            ("z", Value::Float(self.z)),
        ])
    }

    fn encode(self, out: &mut Vec<u8>) {
        binary::write_float(out, self.x);
        binary::write_float(out, self.y);
        binary::write_float(out, self.z);
    }

    fn read(r: &mut SliceReader<'_>) -> avrox::Result<Vector3> {
        Ok(Vector3 {
            x: r.read_float()?,
            y: r.read_float()?,
            z: r.read_float()?,
        })
    }
}

/// A triangle of a mesh.
///
/// Generated by [`triangles`]: vertices uniform in `[-1, 1)^3`, and the unit
/// normal of the plane they span (by the right-hand rule).
#[derive(Avro, Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
#[avro(namespace = "avrox.bench")]
pub struct Triangle {
    /// First vertex.
    pub v0: Vector3,
    /// Second vertex.
    pub v1: Vector3,
    /// Third vertex.
    pub v2: Vector3,
    /// Unit normal.
    pub normal: Vector3,
}

impl Triangle {
    /// A random triangle.
    pub fn generate(rng: &mut Rng) -> Triangle {
        let v0 = Vector3::generate(rng);
        let v1 = Vector3::generate(rng);
        let v2 = Vector3::generate(rng);
        let normal = v1.sub(v0).cross(v2.sub(v0)).normalized();
        Triangle { v0, v1, v2, normal }
    }

    /// The triangle as a generic value of [`MESH_SCHEMA`].
    pub fn to_value(&self) -> Value {
        Value::record([
            ("v0", self.v0.to_value()),
            ("v1", self.v1.to_value()),
            ("v2", self.v2.to_value()),
            ("normal", self.normal.to_value()),
        ])
    }

    /// Appends the triangle's Avro encoding, written with the binary
    /// primitives: the hand-written baseline.
    pub fn encode(&self, out: &mut Vec<u8>) {
        for v in [self.v0, self.v1, self.v2, self.normal] {
            v.encode(out);
        }
    }

    /// Reads one triangle: the hand-written baseline.
    pub fn read(r: &mut SliceReader<'_>) -> avrox::Result<Triangle> {
        Ok(Triangle {
            v0: Vector3::read(r)?,
            v1: Vector3::read(r)?,
            v2: Vector3::read(r)?,
            normal: Vector3::read(r)?,
        })
    }
}

/// `n` triangles from `seed`.
pub fn triangles(n: usize, seed: u64) -> Vec<Triangle> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| Triangle::generate(&mut rng)).collect()
}

// ---------------------------------------------------------------------------
// Generic datasets
// ---------------------------------------------------------------------------

/// A schema and records of it as generic values.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// A short name for benchmark ids: `"log"`, `"mesh"`.
    pub name: &'static str,
    /// The records' schema.
    pub schema: Schema,
    /// The records.
    pub values: Vec<Value>,
}

impl Dataset {
    /// `n` [`Log`] entries from `seed`, as values of [`LOG_SCHEMA`].
    pub fn log(n: usize, seed: u64) -> Dataset {
        Dataset {
            name: "log",
            schema: Schema::parse(LOG_SCHEMA).expect("LOG_SCHEMA parses"),
            values: logs(n, seed).iter().map(Log::to_value).collect(),
        }
    }

    /// `n` [`Triangle`]s from `seed`, as values of [`MESH_SCHEMA`].
    pub fn mesh(n: usize, seed: u64) -> Dataset {
        Dataset {
            name: "mesh",
            schema: Schema::parse(MESH_SCHEMA).expect("MESH_SCHEMA parses"),
            values: triangles(n, seed).iter().map(Triangle::to_value).collect(),
        }
    }

    /// Appends every record's encoding to `out`, one after another.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> avrox::Result<()> {
        for value in &self.values {
            value.encode(&self.schema, out)?;
        }
        Ok(())
    }

    /// Every record's encoding, one after another.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out)
            .expect("generated values fit their schema");
        out
    }

    /// Reads records of this dataset's schema until `bytes` is used up.
    pub fn decode(&self, bytes: &[u8]) -> avrox::Result<Vec<Value>> {
        let mut r = SliceReader::new(bytes);
        let mut values = Vec::with_capacity(self.values.len());
        while !r.is_empty() {
            values.push(Value::read_next(&mut r, &self.schema)?);
        }
        Ok(values)
    }
}

// ---------------------------------------------------------------------------
// Schemas and integers
// ---------------------------------------------------------------------------

/// A mid-sized schema (about 4 KB of JSON, 2.8 KB canonical, 16 named types) for the schema
/// benchmarks: an order of an online shop, with nested records, enums, a
/// fixed, arrays, maps, nullable unions, logical types (decimal, uuid,
/// date, timestamp-micros), docs, defaults, aliases, custom attributes and
/// references to named types, some in other namespaces.
pub const ORDER_SCHEMA: &str = r#"{
  "type": "record", "name": "Order", "namespace": "com.example.shop",
  "doc": "An order placed in the online shop.",
  "aliases": ["PurchaseOrder"],
  "fields": [
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}, "doc": "Order id."},
    {"name": "placed_at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "status", "type": {"type": "enum", "name": "Status",
      "symbols": ["PENDING", "PAID", "PACKED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"],
      "default": "PENDING"}},
    {"name": "customer", "type": {
      "type": "record", "name": "Customer", "namespace": "com.example.crm",
      "fields": [
        {"name": "id", "type": "long"},
        {"name": "email", "type": "string", "pii": true},
        {"name": "name", "type": ["null", "string"], "default": null},
        {"name": "tier", "type": {"type": "enum", "name": "Tier",
          "symbols": ["BRONZE", "SILVER", "GOLD", "PLATINUM"], "default": "BRONZE"}},
        {"name": "since", "type": {"type": "int", "logicalType": "date"}},
        {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []}
      ]}},
    {"name": "shipping", "type": {
      "type": "record", "name": "PostalAddress",
      "fields": [
        {"name": "street", "type": {"type": "array", "items": "string"}},
        {"name": "city", "type": "string"},
        {"name": "region", "type": ["null", "string"], "default": null},
        {"name": "postcode", "type": "string", "aliases": ["zip"]},
        {"name": "country", "type": {"type": "fixed", "name": "CountryCode", "size": 2}},
        {"name": "location", "type": ["null", {
          "type": "record", "name": "GeoPoint",
          "fields": [
            {"name": "lat", "type": "double"},
            {"name": "lon", "type": "double"}
          ]}], "default": null}
      ]}},
    {"name": "billing", "type": ["null", "PostalAddress"], "default": null},
    {"name": "lines", "type": {"type": "array", "items": {
      "type": "record", "name": "Line",
      "fields": [
        {"name": "sku", "type": "string"},
        {"name": "title", "type": "string"},
        {"name": "quantity", "type": "int", "default": 1},
        {"name": "unit_price", "type": {"type": "bytes", "logicalType": "decimal",
          "precision": 12, "scale": 2}},
        {"name": "discount", "type": ["null", {"type": "record", "name": "Discount",
          "fields": [
            {"name": "code", "type": "string"},
            {"name": "kind", "type": {"type": "enum", "name": "DiscountKind",
              "symbols": ["PERCENT", "AMOUNT", "FREE_SHIPPING"]}},
            {"name": "value", "type": {"type": "bytes", "logicalType": "decimal",
              "precision": 12, "scale": 2}}
          ]}], "default": null},
        {"name": "attributes", "type": {"type": "map", "values": "string"}, "default": {}}
      ]}}},
    {"name": "currency", "type": {"type": "fixed", "name": "Currency", "size": 3}},
    {"name": "total", "type": {"type": "fixed", "name": "Amount", "size": 8,
      "logicalType": "decimal", "precision": 18, "scale": 2}},
    {"name": "payment", "type": [
      {"type": "record", "name": "Card", "fields": [
        {"name": "network", "type": {"type": "enum", "name": "Network",
          "symbols": ["VISA", "MASTERCARD", "AMEX", "OTHER"]}},
        {"name": "last4", "type": "string"},
        {"name": "expires", "type": {"type": "int", "logicalType": "date"}}
      ]},
      {"type": "record", "name": "BankTransfer", "fields": [
        {"name": "iban", "type": "string"},
        {"name": "reference", "type": ["null", "string"], "default": null}
      ]},
      {"type": "record", "name": "GiftCard", "fields": [
        {"name": "number", "type": "string"},
        {"name": "balance_after", "type": "Amount"}
      ]}
    ]},
    {"name": "notes", "type": {"type": "map", "values": ["null", "string", "long", "double", "boolean"]},
      "default": {}},
    {"name": "previous", "type": ["null", {"type": "array", "items": "Order"}], "default": null,
      "doc": "Earlier orders this one replaces: a recursive reference."}
  ]
}"#;

/// How the integers of [`longs`] are spread over varint lengths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LongMix {
    /// All in `-64..64`: one varint byte each, the fast path.
    Small,
    /// Like real data: half one byte, a quarter two bytes, 15% three to
    /// five bytes, 10% any 64-bit value (mostly ten bytes).
    Mixed,
    /// `timestamp-micros` of 2020 to 2025, as real event data holds
    /// them: eight bytes each.
    Timestamps,
    /// Any 64-bit value: nine or ten bytes each, almost always.
    Large,
}

impl LongMix {
    /// Every mix, for looping over in benchmarks.
    pub const ALL: [LongMix; 4] = [
        LongMix::Small,
        LongMix::Mixed,
        LongMix::Timestamps,
        LongMix::Large,
    ];

    /// A short name for benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            LongMix::Small => "small",
            LongMix::Mixed => "mixed",
            LongMix::Timestamps => "timestamps",
            LongMix::Large => "large",
        }
    }
}

/// `n` longs from `seed`, spread over varint lengths by `mix`.
///
/// A long whose magnitude has `b` significant bits takes
/// `ceil((b + 1) / 7)` varint bytes (the `+ 1` is the zig-zag sign bit).
pub fn longs(n: usize, seed: u64, mix: LongMix) -> Vec<i64> {
    // 2020-01-01T00:00:00Z and five years later, in microseconds.
    const FROM_2020: u64 = 1_577_836_800_000_000;
    const FIVE_YEARS: u64 = 5 * 365 * 86_400_000_000;
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            if mix == LongMix::Timestamps {
                return (FROM_2020 + rng.below(FIVE_YEARS)) as i64;
            }
            // Significant bits of the magnitude, before the sign.
            let bits = match mix {
                LongMix::Small => 6,
                LongMix::Large | LongMix::Timestamps => 64,
                LongMix::Mixed => match rng.below(100) {
                    0..50 => 6,
                    50..75 => 13,
                    75..90 => rng.range(14, 34) as u32,
                    _ => 64,
                },
            };
            if bits == 64 {
                return rng.next_u64() as i64;
            }
            let magnitude = rng.below(1 << bits) as i64;
            if rng.below(2) == 0 {
                magnitude
            } else {
                -magnitude - 1
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use avrox::schema::Fingerprint;

    #[test]
    fn rng_is_deterministic_and_spread() {
        let a: Vec<u64> = {
            let mut r = Rng::new(SEED);
            (0..100).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(SEED);
            (0..100).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, {
            let mut r = Rng::new(SEED + 1);
            (0..100).map(|_| r.next_u64()).collect::<Vec<_>>()
        });
        // SplitMix64's published first output for seed 0.
        assert_eq!(Rng::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);

        let mut r = Rng::new(SEED);
        for _ in 0..10_000 {
            assert!(r.below(10) < 10);
            let x = r.unit_f32();
            assert!((-1.0..1.0).contains(&x), "{x}");
            assert!((3..=5).contains(&r.range(3, 5)));
        }
    }

    #[test]
    fn datasets_are_deterministic() {
        assert_eq!(logs(200, SEED), logs(200, SEED));
        assert_ne!(logs(200, SEED), logs(200, SEED ^ 1));
        assert_eq!(triangles(200, SEED), triangles(200, SEED));
        assert_eq!(
            Dataset::log(200, SEED).values,
            Dataset::log(200, SEED).values
        );
        assert_eq!(
            Dataset::mesh(200, SEED).values,
            Dataset::mesh(200, SEED).values
        );
        for mix in LongMix::ALL {
            assert_eq!(longs(500, SEED, mix), longs(500, SEED, mix));
        }
        // Pin the bytes, so that a change to a generator is noticed: every
        // benchmark figure measured before it would no longer compare.
        let log = Dataset::log(100, SEED).encode();
        let mesh = Dataset::mesh(100, SEED).encode();
        assert_eq!(
            (log.len(), Fingerprint::of(&log).as_u64()),
            (9_423, 0x5c15_c602_16fe_2fef),
            "log"
        );
        assert_eq!(
            (mesh.len(), Fingerprint::of(&mesh).as_u64()),
            (4_800, 0x6233_6a45_c95b_38a7),
            "mesh"
        );
    }

    #[test]
    fn generated_values_look_right() {
        for log in logs(1_000, SEED) {
            assert!(log.identity.len() < 16 && log.userid.len() < 16);
            assert_eq!(log.date.len(), 26, "{}", log.date);
            assert!((17..=65).contains(&log.request.len()), "{}", log.request);
            assert!(log.request.ends_with(" HTTP/1.0") || log.request.ends_with(" HTTP/1.1"));
            assert!((200..600).contains(&log.code));
            assert!(log.size < 100_000_000);
        }
        for t in triangles(1_000, SEED) {
            let n = t.normal;
            let len = (n.x * n.x + n.y * n.y + n.z * n.z).sqrt();
            assert!((len - 1.0).abs() < 1e-3, "{t:?}");
            // The normal is perpendicular to an edge.
            let e = t.v1.sub(t.v0);
            assert!((e.x * n.x + e.y * n.y + e.z * n.z).abs() < 1e-3, "{t:?}");
        }
    }

    #[test]
    fn value_round_trip() {
        for data in [Dataset::log(500, SEED), Dataset::mesh(500, SEED)] {
            let bytes = data.encode();
            assert_eq!(data.decode(&bytes).unwrap(), data.values, "{}", data.name);
        }
    }

    #[test]
    fn hand_written_codec_matches_value_codec() {
        let typed = logs(500, SEED);
        let data = Dataset::log(500, SEED);
        let mut bytes = Vec::new();
        typed.iter().for_each(|l| l.encode(&mut bytes));
        assert_eq!(bytes, data.encode());
        let mut r = SliceReader::new(&bytes);
        for log in &typed {
            assert_eq!(&Log::read(&mut r).unwrap(), log);
        }
        assert!(r.is_empty());

        let typed = triangles(500, SEED);
        let data = Dataset::mesh(500, SEED);
        let mut bytes = Vec::new();
        typed.iter().for_each(|t| t.encode(&mut bytes));
        assert_eq!(bytes.len(), 48 * 500);
        assert_eq!(bytes, data.encode());
        let mut r = SliceReader::new(&bytes);
        for t in &typed {
            assert_eq!(&Triangle::read(&mut r).unwrap(), t);
        }
        assert!(r.is_empty());
    }

    #[test]
    fn hand_written_decoder_rejects_out_of_range_fields() {
        let mut log = logs(1, SEED).remove(0).to_value();
        let Value::Record(fields) = &mut log else {
            unreachable!()
        };
        fields[5].1 = Value::Int(70_000); // code: not a u16
        let bytes = log.to_bytes(&Schema::parse(LOG_SCHEMA).unwrap()).unwrap();
        let err = Log::read(&mut SliceReader::new(&bytes)).unwrap_err();
        assert!(err.to_string().contains("code 70000"), "{err}");
        // Truncated input is an error, not a panic.
        for end in 0..bytes.len() {
            assert!(Log::read(&mut SliceReader::new(&bytes[..end])).is_err());
        }
    }

    #[test]
    fn longs_have_the_documented_lengths() {
        let encoded_len = |mix| {
            let mut out = Vec::new();
            for v in longs(1_000, SEED, mix) {
                binary::write_long(&mut out, v);
            }
            let mut r = SliceReader::new(&out);
            for v in longs(1_000, SEED, mix) {
                assert_eq!(r.read_long().unwrap(), v);
            }
            out.len()
        };
        assert_eq!(encoded_len(LongMix::Small), 1_000);
        let mixed = encoded_len(LongMix::Mixed);
        assert!((2_000..3_500).contains(&mixed), "{mixed}");
        assert_eq!(encoded_len(LongMix::Timestamps), 8_000);
        assert!(encoded_len(LongMix::Large) > 9_000);
    }

    #[test]
    fn order_schema_parses_and_its_canonical_form_is_stable() {
        let schema = Schema::parse(ORDER_SCHEMA).unwrap();
        assert_eq!(schema.named_types().count(), 16);
        let canonical = schema.canonical_form();
        let again = Schema::parse(canonical).unwrap();
        assert_eq!(again.canonical_form(), canonical);
        assert_eq!(again.rabin_fingerprint(), schema.rabin_fingerprint());
    }
}

/// A typical record with five constraints, for the validation benchmark
/// (`benches/validate.rs`) and the instruction counts of
/// `examples/validate_callgrind.rs`.
pub mod metadata {
    use super::{Rng, SEED};
    use avrox::Avro;

    /// Records per iteration.
    pub const RECORDS: usize = 1_000;

    /// Model metadata with five constraints (the fields are what their
    /// names say).
    #[allow(missing_docs)]
    #[derive(Avro, Debug, Clone)]
    pub struct Metadata {
        #[avro(non_empty)]
        pub model_name: String,
        #[avro(pattern = r"^v\d+\.\d+$")]
        pub version: String,
        #[avro(min = 0.0, max = 1.0)]
        pub accuracy: f32,
        #[avro(min = 0.0, max = 1.0)]
        pub f1_score: f32,
        #[avro(length(max = 16))]
        pub tags: Vec<String>,
        pub trained_at: i64,
        pub parent: Option<String>,
    }

    /// The same record with four constraints: no pattern.
    #[allow(missing_docs)]
    #[derive(Avro, Debug, Clone)]
    #[avro(name = "Metadata")]
    pub struct NoPattern {
        #[avro(non_empty)]
        pub model_name: String,
        pub version: String,
        #[avro(min = 0.0, max = 1.0)]
        pub accuracy: f32,
        #[avro(min = 0.0, max = 1.0)]
        pub f1_score: f32,
        #[avro(length(max = 16))]
        pub tags: Vec<String>,
        pub trained_at: i64,
        pub parent: Option<String>,
    }

    /// [`RECORDS`] records, the same every run, all valid.
    pub fn dataset() -> Vec<Metadata> {
        let mut rng = Rng::new(SEED);
        let names = [
            "resnet50",
            "bert-base",
            "gpt-small",
            "xgb-churn",
            "lgbm-fraud",
        ];
        let tags = ["prod", "eu", "gpu", "nightly", "baseline", "ab-test"];
        (0..RECORDS)
            .map(|i| Metadata {
                model_name: format!("{}-{i}", names[rng.index(names.len())]),
                version: format!("v{}.{}", rng.below(5), rng.below(40)),
                accuracy: rng.unit_f32().abs(),
                f1_score: rng.unit_f32().abs(),
                tags: (0..rng.below(4))
                    .map(|_| tags[rng.index(tags.len())].to_string())
                    .collect(),
                trained_at: 1_700_000_000_000_000 + rng.below(1 << 40) as i64,
                parent: (rng.below(2) == 0).then(|| format!("run-{}", rng.below(10_000))),
            })
            .collect()
    }

    /// The record as a [`NoPattern`].
    pub fn without_pattern(m: &Metadata) -> NoPattern {
        NoPattern {
            model_name: m.model_name.clone(),
            version: m.version.clone(),
            accuracy: m.accuracy,
            f1_score: m.f1_score,
            tags: m.tags.clone(),
            trained_at: m.trained_at,
            parent: m.parent.clone(),
        }
    }
}
