//! Every peer's encoder and decoder over every dataset, as runnable cases.
//!
//! A [`Case`] is one (dataset, operation, crate): a closure that runs the
//! operation once over the whole dataset. The `compare` binary times the
//! cases interleaved in one process, the `peers` criterion bench times them
//! one by one, and the tests of this module run each once. Before anything
//! is timed, [`Suite::check`] asserts that avrox writes the same bytes as
//! apache-avro (both paths) and serde_avro_fast, and that every peer reads
//! back what it wrote.
//!
//! The operations ([`Op`]):
//!
//! - `encode`: every record, one after another, into one buffer that is
//!   cleared and reused on every run;
//! - `decode`: every record back into owned values (dropping them is
//!   timed too);
//! - `decode_borrowed`: into types whose strings borrow from the input
//!   (`log` and `events`; peers that can borrow);
//! - `ocf_write_null`, `ocf_write_zstd`, `ocf_read_null`, `ocf_read_zstd`:
//!   an object container file into a reused buffer and back (avrox,
//!   apache-avro, serde_avro_fast), zstandard at level 3.
//!
//! The peers ([`Crate`]): avrox (derived), avrox's serde bridge
//! (`avrox::serde`, the same serde types and avrox's schema), postcard,
//! serde_avro_fast,
//! apache-avro's direct serde path and its `Value` path, prost, rmp-serde
//! and serde_json. Protobuf, MessagePack and JSON need framing to carry a
//! stream: prost writes each message length-delimited, rmp-serde and
//! serde_json just concatenate (both are self-delimiting).

use std::fmt::Debug;
use std::hint::black_box;
use std::rc::Rc;

use avrox::binary::SliceReader;
use avrox::{AvroSchema, Decode, DecodeOwned, Encode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::events::{Event, EventRef, events};
use crate::model_meta::{ModelMeta, model_metas};
use crate::proto::{PEvent, PLog, PModelMeta, PTriangle, PWide};
use crate::wide::{Wide, wides};
use crate::{Log, LogRef, Triangle, logs, triangles};

/// An operation that is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    /// Encode every record into a reused buffer.
    Encode,
    /// Decode every record into owned values.
    Decode,
    /// Decode every record into values that borrow their strings.
    DecodeBorrowed,
    /// Write a container file with the null codec.
    OcfWriteNull,
    /// Read a container file with the null codec.
    OcfReadNull,
    /// Write a container file with zstandard, level 3.
    OcfWriteZstd,
    /// Read a container file with zstandard.
    OcfReadZstd,
}

impl Op {
    /// Every operation, in table order.
    pub const ALL: [Op; 7] = [
        Op::Encode,
        Op::Decode,
        Op::DecodeBorrowed,
        Op::OcfWriteNull,
        Op::OcfReadNull,
        Op::OcfWriteZstd,
        Op::OcfReadZstd,
    ];

    /// The name in tables, JSON and case ids.
    pub fn name(self) -> &'static str {
        match self {
            Op::Encode => "encode",
            Op::Decode => "decode",
            Op::DecodeBorrowed => "decode_borrowed",
            Op::OcfWriteNull => "ocf_write_null",
            Op::OcfReadNull => "ocf_read_null",
            Op::OcfWriteZstd => "ocf_write_zstd",
            Op::OcfReadZstd => "ocf_read_zstd",
        }
    }
}

/// A crate that is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Crate {
    /// avrox, with `#[derive(Avro)]`.
    Avrox,
    /// avrox's serde bridge (`avrox::serde::encode_into`, `from_slice`),
    /// with the derived type's schema.
    AvroxSerde,
    /// postcard: the same wire shape as Avro (varints, no field names).
    Postcard,
    /// serde_avro_fast, with avrox's schema.
    SerdeAvroFast,
    /// apache-avro 0.22, its direct serde path (`write_ser`, `read_deser`).
    ApacheAvroDirect,
    /// apache-avro 0.22, through its `Value` (`to_value` then
    /// `write_value_ref`; `read_value` then `from_value`).
    ApacheAvroValue,
    /// prost (protobuf), length-delimited messages.
    Prost,
    /// rmp-serde (MessagePack), structs as arrays.
    RmpSerde,
    /// serde_json.
    SerdeJson,
}

impl Crate {
    /// Every crate, in table order.
    pub const ALL: [Crate; 9] = [
        Crate::Avrox,
        Crate::AvroxSerde,
        Crate::Postcard,
        Crate::SerdeAvroFast,
        Crate::ApacheAvroDirect,
        Crate::ApacheAvroValue,
        Crate::Prost,
        Crate::RmpSerde,
        Crate::SerdeJson,
    ];

    /// The Avro peers, which every avrox figure is set against.
    pub const AVRO_PEERS: [Crate; 4] = [
        Crate::AvroxSerde,
        Crate::SerdeAvroFast,
        Crate::ApacheAvroDirect,
        Crate::ApacheAvroValue,
    ];

    /// The name in tables, JSON and case ids.
    pub fn name(self) -> &'static str {
        match self {
            Crate::Avrox => "avrox",
            Crate::AvroxSerde => "avrox_serde",
            Crate::Postcard => "postcard",
            Crate::SerdeAvroFast => "serde_avro_fast",
            Crate::ApacheAvroDirect => "apache_avro_direct",
            Crate::ApacheAvroValue => "apache_avro_value",
            Crate::Prost => "prost",
            Crate::RmpSerde => "rmp_serde",
            Crate::SerdeJson => "serde_json",
        }
    }
}

/// One operation of one crate over one dataset.
pub struct Case {
    /// The dataset's name.
    pub dataset: &'static str,
    /// What is done.
    pub op: Op,
    /// Who does it.
    pub krate: Crate,
    /// Records in one run.
    pub records: usize,
    /// Bytes of what one run writes or reads: the encoded stream, or the
    /// container file.
    pub bytes: usize,
    /// Runs the operation once over the dataset; returns a number that
    /// depends on the work (for `black_box`).
    pub run: Box<dyn FnMut() -> usize>,
}

impl Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.id())
    }
}

impl Case {
    /// `dataset/op/crate`, as the command line and criterion name it.
    pub fn id(&self) -> String {
        format!("{}/{}/{}", self.dataset, self.op.name(), self.krate.name())
    }

    /// Runs the case once. Never inlined, so that callgrind can count this
    /// function's instructions alone (`--toggle-collect=*peers*measured*`).
    #[inline(never)]
    pub fn measured(&mut self) -> usize {
        black_box((self.run)())
    }
}

/// What a dataset's type needs for every peer.
pub trait Record:
    Encode
    + avrox::ToValue
    + avrox::FromValue
    + DecodeOwned
    + AvroSchema
    + Serialize
    + DeserializeOwned
    + Clone
    + PartialEq
    + Debug
    + 'static
{
    /// The dataset's name.
    const NAME: &'static str;
    /// Its protobuf mirror.
    type Proto: prost::Message + Default + Clone + PartialEq + for<'a> From<&'a Self> + Into<Self>;
    /// The type that borrows its strings from the input; `Self` where the
    /// dataset has no borrowing variant ([`Record::BORROWS`] false).
    type Ref<'a>: Decode<'a> + AvroSchema + Deserialize<'a> + Debug;
    /// Whether `decode_borrowed` is measured.
    const BORROWS: bool;
    /// An owned copy of a borrowed value.
    fn from_ref(r: &Self::Ref<'_>) -> Self;
    /// `n` records from `seed`.
    fn generate(n: usize, seed: u64) -> Vec<Self>;
}

impl Record for Log {
    const NAME: &'static str = "log";
    type Proto = PLog;
    type Ref<'a> = LogRef<'a>;
    const BORROWS: bool = true;
    fn from_ref(r: &LogRef<'_>) -> Log {
        r.to_owned_log()
    }
    fn generate(n: usize, seed: u64) -> Vec<Log> {
        logs(n, seed)
    }
}

impl Record for Triangle {
    const NAME: &'static str = "mesh";
    type Proto = PTriangle;
    type Ref<'a> = Triangle;
    const BORROWS: bool = false;
    fn from_ref(r: &Triangle) -> Triangle {
        *r
    }
    fn generate(n: usize, seed: u64) -> Vec<Triangle> {
        triangles(n, seed)
    }
}

impl Record for Event {
    const NAME: &'static str = "events";
    type Proto = PEvent;
    type Ref<'a> = EventRef<'a>;
    const BORROWS: bool = true;
    fn from_ref(r: &EventRef<'_>) -> Event {
        r.to_owned_event()
    }
    fn generate(n: usize, seed: u64) -> Vec<Event> {
        events(n, seed)
    }
}

impl Record for ModelMeta {
    const NAME: &'static str = "model_meta";
    type Proto = PModelMeta;
    type Ref<'a> = ModelMeta;
    const BORROWS: bool = false;
    fn from_ref(r: &ModelMeta) -> ModelMeta {
        r.clone()
    }
    fn generate(n: usize, seed: u64) -> Vec<ModelMeta> {
        model_metas(n, seed)
    }
}

impl Record for Wide {
    const NAME: &'static str = "wide";
    type Proto = PWide;
    type Ref<'a> = Wide;
    const BORROWS: bool = false;
    fn from_ref(r: &Wide) -> Wide {
        r.clone()
    }
    fn generate(n: usize, seed: u64) -> Vec<Wide> {
        wides(n, seed)
    }
}

/// The names of the datasets, in table order.
pub const DATASETS: [&str; 5] = ["log", "mesh", "events", "model_meta", "wide"];

/// The zstandard level of the container-file rows (zstd's own default).
pub const ZSTD_LEVEL: u8 = 3;

/// A dataset with its records in every peer's form, and the schemas the
/// Avro peers need.
pub struct Suite<T: Record> {
    /// The records.
    pub records: Vec<T>,
    /// The same records as protobuf messages.
    pub protos: Vec<T::Proto>,
    /// The avrox schema, parsed by apache-avro. Leaked: apache-avro's
    /// writers and readers borrow it, and the cases live as long as the
    /// program.
    pub apache_schema: &'static apache_avro::Schema,
    /// The avrox schema, parsed by serde_avro_fast. (serde_avro_derive
    /// cannot build it: it has no schema for `u8`, `u16` or `u64`.)
    pub fast_schema: serde_avro_fast::Schema,
}

impl<T: Record> Debug for Suite<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Suite")
            .field("dataset", &T::NAME)
            .field("records", &self.records.len())
            .finish_non_exhaustive()
    }
}

type Check = Result<(), String>;

/// Something that writes a whole dataset into a buffer.
type Writes<'a> = Box<dyn Fn(&mut Vec<u8>) + 'a>;

/// Something that reads `n` records of `T` from bytes.
type Reads<'a, T> = Box<dyn Fn(&[u8], usize) -> Vec<T> + 'a>;

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Check {
    if ok { Ok(()) } else { Err(what()) }
}

impl<T: Record> Suite<T> {
    /// `n` records from `seed`.
    pub fn new(n: usize, seed: u64) -> Suite<T> {
        let records = T::generate(n, seed);
        let protos = records.iter().map(T::Proto::from).collect();
        let json = <T as AvroSchema>::schema().to_string();
        let apache_schema = apache_avro::Schema::parse_str(&json)
            .unwrap_or_else(|e| panic!("apache-avro rejects the schema of {}: {e}", T::NAME));
        let fast_schema = json
            .parse()
            .unwrap_or_else(|e| panic!("serde_avro_fast rejects the schema of {}: {e}", T::NAME));
        Suite {
            records,
            protos,
            apache_schema: Box::leak(Box::new(apache_schema)),
            fast_schema,
        }
    }

    /// avrox's encoding of every record.
    pub fn avrox_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        avrox_encode(&self.records, &mut out);
        out
    }

    /// Asserts that the Avro peers write avrox's bytes and that every peer
    /// reads back what it wrote, borrowing too where it can.
    pub fn check(&self) -> Check {
        let name = T::NAME;
        let avrox = self.avrox_bytes();
        let n = self.records.len();
        for krate in Crate::AVRO_PEERS {
            let mut out = Vec::new();
            self.encoder(krate)(&mut out);
            // apache-avro's `Value` holds a map in a `HashMap`, so its
            // entries come out in the hash's order: other bytes of the same
            // length, which must hold the same records.
            let same = out == avrox
                || krate == Crate::ApacheAvroValue
                    && out.len() == avrox.len()
                    && avrox_decode::<T>(&out, n) == self.records;
            ensure(same, || {
                let at = out.iter().zip(&avrox).position(|(a, b)| a != b);
                format!(
                    "{name}: {} writes other bytes than avrox ({} vs {} bytes, first difference at {at:?})",
                    krate.name(),
                    out.len(),
                    avrox.len()
                )
            })?;
        }
        for krate in Crate::ALL {
            let mut bytes = Vec::new();
            self.encoder(krate)(&mut bytes);
            let back = self.decoder(krate)(&bytes, n);
            ensure(back == self.records, || {
                format!("{name}: {} does not read back its records", krate.name())
            })?;
            if T::BORROWS
                && let Some(decode) = borrowing_decoder::<T>(krate, self)
            {
                let back = decode(&bytes, n);
                ensure(back == self.records, || {
                    format!(
                        "{name}: {} does not read back borrowed records",
                        krate.name()
                    )
                })?;
            }
        }
        for krate in [Crate::Avrox, Crate::ApacheAvroDirect, Crate::SerdeAvroFast] {
            for zstd in [false, true] {
                let mut file = Vec::new();
                self.ocf_writer(krate, zstd)(&mut file);
                ensure(file.starts_with(b"Obj\x01"), || {
                    format!("{name}: {} writes no container file", krate.name())
                })?;
                // Every Avro reader reads every Avro writer's file.
                for reader in [Crate::Avrox, Crate::ApacheAvroDirect, Crate::SerdeAvroFast] {
                    let back = self.ocf_reader(reader)(&file, n);
                    ensure(back == self.records, || {
                        format!(
                            "{name}: {} does not read the file of {} (zstd: {zstd})",
                            reader.name(),
                            krate.name()
                        )
                    })?;
                }
            }
        }
        Ok(())
    }

    /// The encoder of `krate`: appends every record to the buffer.
    fn encoder(&self, krate: Crate) -> Writes<'_> {
        let records = &self.records;
        match krate {
            Crate::Avrox => Box::new(move |out| avrox_encode(records, out)),
            Crate::AvroxSerde => Box::new(move |out| {
                for r in records {
                    avrox::serde::encode_into(r, T::schema(), out).expect("avrox::serde encodes");
                }
            }),
            Crate::Postcard => Box::new(move |out| {
                let mut buf = std::mem::take(out);
                for r in records {
                    buf = postcard::to_extend(r, buf).expect("postcard encodes");
                }
                *out = buf;
            }),
            Crate::SerdeAvroFast => {
                let schema = &self.fast_schema;
                Box::new(move |out| {
                    let mut config = serde_avro_fast::ser::SerializerConfig::new(schema);
                    for r in records {
                        let mut state = serde_avro_fast::ser::SerializerState::from_writer(
                            &mut *out,
                            &mut config,
                        );
                        r.serialize(state.serializer())
                            .expect("serde_avro_fast encodes");
                    }
                })
            }
            Crate::ApacheAvroDirect => {
                let writer =
                    apache_avro::writer::datum::GenericDatumWriter::builder(self.apache_schema)
                        .build()
                        .expect("apache-avro resolves the schema");
                Box::new(move |out| {
                    for r in records {
                        writer.write_ser(out, r).expect("apache-avro encodes");
                    }
                })
            }
            Crate::ApacheAvroValue => {
                let writer =
                    apache_avro::writer::datum::GenericDatumWriter::builder(self.apache_schema)
                        .build()
                        .expect("apache-avro resolves the schema");
                Box::new(move |out| {
                    for r in records {
                        let value = apache_avro::to_value(r).expect("apache-avro converts");
                        writer
                            .write_value_ref(out, &value)
                            .expect("apache-avro encodes");
                    }
                })
            }
            Crate::Prost => {
                let protos = &self.protos;
                Box::new(move |out| {
                    for p in protos {
                        prost::Message::encode_length_delimited(p, out).expect("prost encodes");
                    }
                })
            }
            Crate::RmpSerde => Box::new(move |out| {
                for r in records {
                    rmp_serde::encode::write(out, r).expect("rmp-serde encodes");
                }
            }),
            Crate::SerdeJson => Box::new(move |out| {
                for r in records {
                    serde_json::to_writer(&mut *out, r).expect("serde_json encodes");
                }
            }),
        }
    }

    /// The owned decoder of `krate`: reads `n` records (converted to `T`
    /// for prost, whose own form is its messages).
    fn decoder(&self, krate: Crate) -> Reads<'_, T> {
        match krate {
            Crate::Prost => Box::new(|bytes, n| {
                prost_decode::<T>(bytes, n)
                    .into_iter()
                    .map(Into::into)
                    .collect()
            }),
            _ => self.owned_decoder(krate),
        }
    }

    /// The owned decoder of `krate` into `T` (not prost).
    fn owned_decoder(&self, krate: Crate) -> Reads<'_, T> {
        match krate {
            Crate::Avrox => Box::new(avrox_decode::<T>),
            Crate::AvroxSerde => Box::new(move |bytes, n| {
                // One datum after another from one reader, as the derived
                // path reads them.
                let mut r = SliceReader::new(bytes);
                let mut out = Vec::with_capacity(n);
                for _ in 0..n {
                    out.push(
                        avrox::serde::read_next::<T>(&mut r, T::schema())
                            .expect("avrox::serde decodes"),
                    );
                }
                out
            }),
            Crate::Postcard => Box::new(|mut bytes, n| {
                let mut out = Vec::with_capacity(n);
                for _ in 0..n {
                    let (r, rest) =
                        postcard::take_from_bytes::<T>(bytes).expect("postcard decodes");
                    out.push(r);
                    bytes = rest;
                }
                out
            }),
            Crate::SerdeAvroFast => {
                let schema = &self.fast_schema;
                Box::new(move |bytes, n| {
                    let mut state =
                        serde_avro_fast::de::DeserializerState::from_slice(bytes, schema);
                    let mut out = Vec::with_capacity(n);
                    for _ in 0..n {
                        out.push(
                            T::deserialize(state.deserializer()).expect("serde_avro_fast decodes"),
                        );
                    }
                    out
                })
            }
            Crate::ApacheAvroDirect => {
                let reader =
                    apache_avro::reader::datum::GenericDatumReader::builder(self.apache_schema)
                        .build()
                        .expect("apache-avro resolves the schema");
                Box::new(move |mut bytes, n| {
                    let mut out = Vec::with_capacity(n);
                    for _ in 0..n {
                        out.push(
                            reader
                                .read_deser::<T>(&mut bytes)
                                .expect("apache-avro decodes"),
                        );
                    }
                    out
                })
            }
            Crate::ApacheAvroValue => {
                let reader =
                    apache_avro::reader::datum::GenericDatumReader::builder(self.apache_schema)
                        .build()
                        .expect("apache-avro resolves the schema");
                Box::new(move |mut bytes, n| {
                    let mut out = Vec::with_capacity(n);
                    for _ in 0..n {
                        let value = reader.read_value(&mut bytes).expect("apache-avro decodes");
                        out.push(
                            apache_avro::from_value::<T>(&value).expect("apache-avro converts"),
                        );
                    }
                    out
                })
            }
            Crate::RmpSerde => Box::new(|bytes, n| {
                let mut de = rmp_serde::Deserializer::from_read_ref(bytes);
                (0..n)
                    .map(|_| T::deserialize(&mut de).expect("rmp-serde decodes"))
                    .collect()
            }),
            Crate::SerdeJson => Box::new(|bytes, n| {
                let mut out = Vec::with_capacity(n);
                for r in serde_json::Deserializer::from_slice(bytes).into_iter::<T>() {
                    out.push(r.expect("serde_json decodes"));
                }
                out
            }),
            Crate::Prost => unreachable!("prost decodes into its own messages"),
        }
    }

    /// Writes a container file of every record into the buffer.
    fn ocf_writer(&self, krate: Crate, zstd: bool) -> Writes<'_> {
        let records = &self.records;
        match krate {
            Crate::Avrox => {
                let codec = if zstd {
                    avrox::ocf::Codec::Zstandard(ZSTD_LEVEL.into())
                } else {
                    avrox::ocf::Codec::Null
                };
                Box::new(move |out| {
                    let options = avrox::ocf::WriterOptions::new().codec(codec);
                    let mut w = avrox::ocf::Writer::<T, _>::with_options(out, options)
                        .expect("avrox writes a header");
                    for r in records {
                        w.append(r).expect("avrox appends");
                    }
                    w.finish().expect("avrox finishes");
                })
            }
            Crate::ApacheAvroDirect => {
                let schema = self.apache_schema;
                Box::new(move |out| {
                    let codec = if zstd {
                        apache_avro::Codec::Zstandard(apache_avro::ZstandardSettings::new(
                            ZSTD_LEVEL,
                        ))
                    } else {
                        apache_avro::Codec::Null
                    };
                    let mut w = apache_avro::Writer::with_codec(schema, out, codec)
                        .expect("apache-avro writes a header");
                    for r in records {
                        w.append_ser(r).expect("apache-avro appends");
                    }
                    w.flush().expect("apache-avro flushes");
                })
            }
            Crate::SerdeAvroFast => {
                use serde_avro_fast::object_container_file_encoding::{
                    Compression, CompressionLevel, WriterBuilder,
                };
                let schema = &self.fast_schema;
                Box::new(move |out| {
                    let compression = if zstd {
                        Compression::Zstandard {
                            level: CompressionLevel::new(ZSTD_LEVEL),
                        }
                    } else {
                        Compression::Null
                    };
                    let mut config = serde_avro_fast::ser::SerializerConfig::new(schema);
                    let mut w = WriterBuilder::new(&mut config)
                        .compression(compression)
                        .build(out)
                        .expect("serde_avro_fast writes a header");
                    w.serialize_all(records.iter())
                        .expect("serde_avro_fast appends");
                    w.into_inner().expect("serde_avro_fast finishes");
                })
            }
            other => unreachable!("{} writes no container files", other.name()),
        }
    }

    /// Reads every record of a container file.
    fn ocf_reader(&self, krate: Crate) -> Reads<'_, T> {
        match krate {
            Crate::Avrox => Box::new(|file, n| {
                let mut out = Vec::with_capacity(n);
                for r in avrox::ocf::Reader::<T, _>::new(file).expect("avrox reads the header") {
                    out.push(r.expect("avrox reads a record"));
                }
                out
            }),
            Crate::ApacheAvroDirect => Box::new(|file, n| {
                let reader = apache_avro::Reader::new(file).expect("apache-avro reads the header");
                let mut out = Vec::with_capacity(n);
                for r in reader.into_deser_iter::<T>() {
                    out.push(r.expect("apache-avro reads a record"));
                }
                out
            }),
            Crate::SerdeAvroFast => Box::new(|file, n| {
                let mut reader =
                    serde_avro_fast::object_container_file_encoding::Reader::from_slice(file)
                        .expect("serde_avro_fast reads the header");
                let mut out = Vec::with_capacity(n);
                for r in reader.deserialize::<T>() {
                    out.push(r.expect("serde_avro_fast reads a record"));
                }
                out
            }),
            other => unreachable!("{} reads no container files", other.name()),
        }
    }

    /// The cases of this dataset, sharing its data.
    pub fn cases(self) -> Vec<Case> {
        let suite = Rc::new(self);
        let n = suite.records.len();
        let mut cases = Vec::new();
        let push = |cases: &mut Vec<Case>, op, krate, bytes, run: Box<dyn FnMut() -> usize>| {
            cases.push(Case {
                dataset: T::NAME,
                op,
                krate,
                records: n,
                bytes,
                run,
            })
        };

        for krate in Crate::ALL {
            let mut encoded = Vec::new();
            suite.encoder(krate)(&mut encoded);
            let len = encoded.len();

            let s = Rc::clone(&suite);
            let mut out = Vec::with_capacity(len);
            push(
                &mut cases,
                Op::Encode,
                krate,
                len,
                Box::new(move || {
                    out.clear();
                    s.encoder(krate)(&mut out);
                    out.len()
                }),
            );

            let s = Rc::clone(&suite);
            let bytes = encoded.clone();
            let run: Box<dyn FnMut() -> usize> = if krate == Crate::Prost {
                Box::new(move || prost_decode::<T>(black_box(&bytes), n).len())
            } else {
                Box::new(move || s.owned_decoder(krate)(black_box(&bytes), n).len())
            };
            push(&mut cases, Op::Decode, krate, len, run);

            if T::BORROWS && borrowing_decoder::<T>(krate, &suite).is_some() {
                let s = Rc::clone(&suite);
                let bytes = encoded;
                push(
                    &mut cases,
                    Op::DecodeBorrowed,
                    krate,
                    len,
                    Box::new(move || borrowed_len::<T>(krate, &s, black_box(&bytes), n)),
                );
            }
        }

        for krate in [Crate::Avrox, Crate::ApacheAvroDirect, Crate::SerdeAvroFast] {
            for (zstd, write_op, read_op) in [
                (false, Op::OcfWriteNull, Op::OcfReadNull),
                (true, Op::OcfWriteZstd, Op::OcfReadZstd),
            ] {
                let mut file = Vec::new();
                suite.ocf_writer(krate, zstd)(&mut file);
                let len = file.len();
                let s = Rc::clone(&suite);
                let mut out = Vec::with_capacity(len * 2);
                push(
                    &mut cases,
                    write_op,
                    krate,
                    len,
                    Box::new(move || {
                        out.clear();
                        s.ocf_writer(krate, zstd)(&mut out);
                        out.len()
                    }),
                );
                let s = Rc::clone(&suite);
                push(
                    &mut cases,
                    read_op,
                    krate,
                    len,
                    Box::new(move || s.ocf_reader(krate)(black_box(&file), n).len()),
                );
            }
        }
        cases
    }
}

fn avrox_encode<T: Encode>(records: &[T], out: &mut Vec<u8>) {
    for r in records {
        r.encode(out).expect("avrox encodes");
    }
}

fn avrox_decode<T: Record>(bytes: &[u8], n: usize) -> Vec<T> {
    let mut r = SliceReader::new(bytes);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(avrox::read_next::<T>(&mut r).expect("avrox decodes"));
    }
    out
}

fn prost_decode<T: Record>(mut bytes: &[u8], n: usize) -> Vec<T::Proto> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(
            <T::Proto as prost::Message>::decode_length_delimited(&mut bytes)
                .expect("prost decodes"),
        );
    }
    out
}

/// A decoder into `T::Ref`, made owned for comparison, where `krate` can
/// borrow (apache-avro and prost cannot).
fn borrowing_decoder<T: Record>(krate: Crate, suite: &Suite<T>) -> Option<Reads<'_, T>> {
    match krate {
        Crate::Avrox
        | Crate::AvroxSerde
        | Crate::Postcard
        | Crate::SerdeAvroFast
        | Crate::RmpSerde
        | Crate::SerdeJson => Some(Box::new(move |bytes, n| {
            let mut owned = Vec::with_capacity(n);
            with_borrowed::<T, _>(krate, suite, bytes, n, |refs| {
                owned.extend(refs.iter().map(T::from_ref));
            });
            owned
        })),
        _ => None,
    }
}

/// Decodes `n` borrowing records and returns how many: the timed form.
fn borrowed_len<T: Record>(krate: Crate, suite: &Suite<T>, bytes: &[u8], n: usize) -> usize {
    let mut len = 0;
    with_borrowed::<T, _>(krate, suite, bytes, n, |refs| len = refs.len());
    len
}

/// Decodes `n` records of `T::Ref` borrowing from `bytes` and hands them
/// to `f`.
fn with_borrowed<'b, T: Record, F: FnOnce(&[T::Ref<'b>])>(
    krate: Crate,
    suite: &Suite<T>,
    mut bytes: &'b [u8],
    n: usize,
    f: F,
) {
    let mut out: Vec<T::Ref<'b>> = Vec::with_capacity(n);
    match krate {
        Crate::Avrox => {
            let mut r = SliceReader::new(bytes);
            for _ in 0..n {
                out.push(avrox::read_next::<T::Ref<'b>>(&mut r).expect("avrox decodes"));
            }
        }
        Crate::AvroxSerde => {
            let mut r = SliceReader::new(bytes);
            for _ in 0..n {
                out.push(
                    avrox::serde::read_next::<T::Ref<'b>>(&mut r, T::schema())
                        .expect("avrox::serde decodes"),
                );
            }
        }
        Crate::Postcard => {
            for _ in 0..n {
                let (r, rest) =
                    postcard::take_from_bytes::<T::Ref<'b>>(bytes).expect("postcard decodes");
                out.push(r);
                bytes = rest;
            }
        }
        Crate::SerdeAvroFast => {
            let mut state =
                serde_avro_fast::de::DeserializerState::from_slice(bytes, &suite.fast_schema);
            for _ in 0..n {
                out.push(
                    T::Ref::<'b>::deserialize(state.deserializer())
                        .expect("serde_avro_fast decodes"),
                );
            }
        }
        Crate::RmpSerde => {
            let mut de = rmp_serde::Deserializer::from_read_ref(bytes);
            for _ in 0..n {
                out.push(T::Ref::<'b>::deserialize(&mut de).expect("rmp-serde decodes"));
            }
        }
        Crate::SerdeJson => {
            for r in serde_json::Deserializer::from_slice(bytes).into_iter::<T::Ref<'b>>() {
                out.push(r.expect("serde_json decodes"));
            }
        }
        other => unreachable!("{} cannot borrow", other.name()),
    }
    f(&out);
}

/// The cases of the datasets whose names `keep` accepts, `n` records each
/// (the default sizes when `None`), checked first.
///
/// # Panics
/// If a check fails: a peer that writes other bytes, or reads back other
/// records, would make its figures meaningless.
pub fn cases(n: Option<usize>, keep: impl Fn(&str) -> bool) -> Vec<Case> {
    cases_checked(n, keep, true)
}

/// [`cases`], with the checks run only if `check` (under callgrind they
/// would take minutes; the tests run them).
pub fn cases_checked(n: Option<usize>, keep: impl Fn(&str) -> bool, check: bool) -> Vec<Case> {
    fn one<T: Record>(n: usize, check: bool, cases: &mut Vec<Case>) {
        let suite = Suite::<T>::new(n, crate::SEED);
        if check && let Err(e) = suite.check() {
            panic!("check failed: {e}");
        }
        cases.extend(suite.cases());
    }
    let mut cases = Vec::new();
    for name in DATASETS {
        if !keep(name) {
            continue;
        }
        match name {
            "log" => one::<Log>(n.unwrap_or(crate::LOG_LEN), check, &mut cases),
            "mesh" => one::<Triangle>(n.unwrap_or(crate::MESH_LEN), check, &mut cases),
            "events" => one::<Event>(n.unwrap_or(crate::events::EVENTS_LEN), check, &mut cases),
            "model_meta" => one::<ModelMeta>(
                n.unwrap_or(crate::model_meta::MODEL_META_LEN),
                check,
                &mut cases,
            ),
            "wide" => one::<Wide>(n.unwrap_or(crate::wide::WIDE_LEN), check, &mut cases),
            _ => unreachable!(),
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: Record>() {
        let suite = Suite::<T>::new(300, crate::SEED);
        suite.check().unwrap();
    }

    #[test]
    fn log_peers_agree() {
        check::<Log>();
    }

    #[test]
    fn mesh_peers_agree() {
        check::<Triangle>();
    }

    #[test]
    fn events_peers_agree() {
        check::<Event>();
    }

    #[test]
    fn model_meta_peers_agree() {
        check::<ModelMeta>();
    }

    #[test]
    fn wide_peers_agree() {
        check::<Wide>();
    }

    #[test]
    fn every_case_runs() {
        let mut cases = cases(Some(50), |_| true);
        for case in &mut cases {
            assert!(case.measured() > 0, "{}", case.id());
        }
        // Every dataset has every crate's encode and decode, and three
        // container-file writers.
        for dataset in DATASETS {
            let of = |op| {
                cases
                    .iter()
                    .filter(|c| c.dataset == dataset && c.op == op)
                    .count()
            };
            assert_eq!(of(Op::Encode), Crate::ALL.len(), "{dataset}");
            assert_eq!(of(Op::Decode), Crate::ALL.len(), "{dataset}");
            assert_eq!(of(Op::OcfWriteZstd), 3, "{dataset}");
        }
        // The serde bridge is measured beside the derive, borrowing where
        // the dataset's types borrow.
        for (dataset, op) in [
            ("log", Op::Encode),
            ("mesh", Op::Decode),
            ("log", Op::DecodeBorrowed),
            ("events", Op::DecodeBorrowed),
        ] {
            assert!(
                cases
                    .iter()
                    .any(|c| c.dataset == dataset && c.op == op && c.krate == Crate::AvroxSerde),
                "{dataset} {op:?}"
            );
        }
    }

    #[test]
    fn the_check_catches_a_peer_that_writes_other_bytes() {
        let mut suite = Suite::<Log>::new(20, crate::SEED);
        // The same fields in another order: serde_avro_fast follows the
        // schema, so it writes `userid` before `identity`.
        let json = <Log as AvroSchema>::schema()
            .to_string()
            .replace(r#""identity""#, "\"__swap\"")
            .replace(r#""userid""#, r#""identity""#)
            .replace("\"__swap\"", r#""userid""#);
        suite.fast_schema = json.parse().unwrap();
        let err = suite.check().unwrap_err();
        assert!(err.contains("serde_avro_fast writes other bytes"), "{err}");
    }
}
