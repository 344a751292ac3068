//! Protocol Buffers mirrors of the datasets' types, for the `prost` peer.
//!
//! prost generates its structs from `.proto` files with `protoc`; here
//! they are written by hand with `#[derive(prost::Message)]`, so the
//! benchmarks build without `protoc`. Protobuf cannot share the Avro
//! types (nested messages are `Option`s, enums are `i32`s), so each mirror
//! converts from and to its dataset type, outside the timed code. The
//! `.proto` each stands for is in its doc.

// The fields are the dataset types', documented there.
#![allow(missing_docs)]

use std::collections::BTreeMap;

use crate::events::{Event, EventType};
use crate::model_meta::{Layer, Metrics, ModelMeta};
use crate::wide::Wide;
use crate::{Address, Log, Triangle, Vector3};

/// `message Address { uint32 x0 = 1; uint32 x1 = 2; uint32 x2 = 3; uint32 x3 = 4; }`
#[derive(Clone, PartialEq, prost::Message)]
pub struct PAddress {
    #[prost(uint32, tag = "1")]
    pub x0: u32,
    #[prost(uint32, tag = "2")]
    pub x1: u32,
    #[prost(uint32, tag = "3")]
    pub x2: u32,
    #[prost(uint32, tag = "4")]
    pub x3: u32,
}

/// `message Log { Address address = 1; string identity = 2; string userid = 3;
/// string date = 4; string request = 5; uint32 code = 6; int64 size = 7; }`
#[derive(Clone, PartialEq, prost::Message)]
pub struct PLog {
    #[prost(message, optional, tag = "1")]
    pub address: Option<PAddress>,
    #[prost(string, tag = "2")]
    pub identity: String,
    #[prost(string, tag = "3")]
    pub userid: String,
    #[prost(string, tag = "4")]
    pub date: String,
    #[prost(string, tag = "5")]
    pub request: String,
    #[prost(uint32, tag = "6")]
    pub code: u32,
    #[prost(int64, tag = "7")]
    pub size: i64,
}

impl From<&Log> for PLog {
    fn from(l: &Log) -> PLog {
        let a = &l.address;
        PLog {
            address: Some(PAddress {
                x0: a.x0.into(),
                x1: a.x1.into(),
                x2: a.x2.into(),
                x3: a.x3.into(),
            }),
            identity: l.identity.clone(),
            userid: l.userid.clone(),
            date: l.date.clone(),
            request: l.request.clone(),
            code: l.code.into(),
            size: l.size,
        }
    }
}

impl From<PLog> for Log {
    fn from(p: PLog) -> Log {
        let a = p.address.unwrap_or_default();
        Log {
            address: Address {
                x0: a.x0 as u8,
                x1: a.x1 as u8,
                x2: a.x2 as u8,
                x3: a.x3 as u8,
            },
            identity: p.identity,
            userid: p.userid,
            date: p.date,
            request: p.request,
            code: p.code as u16,
            size: p.size,
        }
    }
}

/// `message Vector3 { float x = 1; float y = 2; float z = 3; }`
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct PVector3 {
    #[prost(float, tag = "1")]
    pub x: f32,
    #[prost(float, tag = "2")]
    pub y: f32,
    #[prost(float, tag = "3")]
    pub z: f32,
}

/// `message Triangle { Vector3 v0 = 1; Vector3 v1 = 2; Vector3 v2 = 3; Vector3 normal = 4; }`
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct PTriangle {
    #[prost(message, optional, tag = "1")]
    pub v0: Option<PVector3>,
    #[prost(message, optional, tag = "2")]
    pub v1: Option<PVector3>,
    #[prost(message, optional, tag = "3")]
    pub v2: Option<PVector3>,
    #[prost(message, optional, tag = "4")]
    pub normal: Option<PVector3>,
}

impl From<Vector3> for PVector3 {
    fn from(v: Vector3) -> PVector3 {
        PVector3 {
            x: v.x,
            y: v.y,
            z: v.z,
        }
    }
}

impl From<Option<PVector3>> for Vector3 {
    fn from(p: Option<PVector3>) -> Vector3 {
        let p = p.unwrap_or_default();
        Vector3 {
            x: p.x,
            y: p.y,
            z: p.z,
        }
    }
}

impl From<&Triangle> for PTriangle {
    fn from(t: &Triangle) -> PTriangle {
        PTriangle {
            v0: Some(t.v0.into()),
            v1: Some(t.v1.into()),
            v2: Some(t.v2.into()),
            normal: Some(t.normal.into()),
        }
    }
}

impl From<PTriangle> for Triangle {
    fn from(p: PTriangle) -> Triangle {
        Triangle {
            v0: p.v0.into(),
            v1: p.v1.into(),
            v2: p.v2.into(),
            normal: p.normal.into(),
        }
    }
}

/// `enum EventType { PAGE_VIEW = 0; CLICK = 1; ADD_TO_CART = 2; PURCHASE = 3; SEARCH = 4; LOGOUT = 5; }`
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum PEventType {
    PageView = 0,
    Click = 1,
    AddToCart = 2,
    Purchase = 3,
    Search = 4,
    Logout = 5,
}

/// `message Event { int64 user_id = 1; EventType event_type = 2; int64 timestamp = 3;
/// optional string session_id = 4; map<string, string> metadata = 5; }`
#[derive(Clone, PartialEq, prost::Message)]
pub struct PEvent {
    #[prost(int64, tag = "1")]
    pub user_id: i64,
    #[prost(enumeration = "PEventType", tag = "2")]
    pub event_type: i32,
    #[prost(int64, tag = "3")]
    pub timestamp: i64,
    #[prost(string, optional, tag = "4")]
    pub session_id: Option<String>,
    #[prost(btree_map = "string, string", tag = "5")]
    pub metadata: BTreeMap<String, String>,
}

impl From<&Event> for PEvent {
    fn from(e: &Event) -> PEvent {
        PEvent {
            user_id: e.user_id,
            event_type: EventType::ALL
                .iter()
                .position(|t| *t == e.event_type)
                .expect("every type is in ALL") as i32,
            timestamp: e.timestamp,
            session_id: e.session_id.clone(),
            metadata: e.metadata.clone(),
        }
    }
}

impl From<PEvent> for Event {
    fn from(p: PEvent) -> Event {
        Event {
            user_id: p.user_id,
            event_type: EventType::ALL[p.event_type as usize],
            timestamp: p.timestamp,
            session_id: p.session_id,
            metadata: p.metadata,
        }
    }
}

/// `message Metrics { float accuracy = 1; float precision = 2; float recall = 3; double loss = 4; }`
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct PMetrics {
    #[prost(float, tag = "1")]
    pub accuracy: f32,
    #[prost(float, tag = "2")]
    pub precision: f32,
    #[prost(float, tag = "3")]
    pub recall: f32,
    #[prost(double, tag = "4")]
    pub loss: f64,
}

/// `message Layer { string kind = 1; int32 units = 2; float dropout = 3; }`
#[derive(Clone, PartialEq, prost::Message)]
pub struct PLayer {
    #[prost(string, tag = "1")]
    pub kind: String,
    #[prost(int32, tag = "2")]
    pub units: i32,
    #[prost(float, tag = "3")]
    pub dropout: f32,
}

/// `message ModelMeta { string name = 1; int32 version = 2; int64 trained_at = 3;
/// Metrics metrics = 4; repeated Layer layers = 5; repeated string tags = 6;
/// optional string parent = 7; }`
#[derive(Clone, PartialEq, prost::Message)]
pub struct PModelMeta {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(int32, tag = "2")]
    pub version: i32,
    #[prost(int64, tag = "3")]
    pub trained_at: i64,
    #[prost(message, optional, tag = "4")]
    pub metrics: Option<PMetrics>,
    #[prost(message, repeated, tag = "5")]
    pub layers: Vec<PLayer>,
    #[prost(string, repeated, tag = "6")]
    pub tags: Vec<String>,
    #[prost(string, optional, tag = "7")]
    pub parent: Option<String>,
}

impl From<&ModelMeta> for PModelMeta {
    fn from(m: &ModelMeta) -> PModelMeta {
        let s = &m.metrics;
        PModelMeta {
            name: m.name.clone(),
            version: m.version,
            trained_at: m.trained_at,
            metrics: Some(PMetrics {
                accuracy: s.accuracy,
                precision: s.precision,
                recall: s.recall,
                loss: s.loss,
            }),
            layers: m
                .layers
                .iter()
                .map(|l| PLayer {
                    kind: l.kind.clone(),
                    units: l.units,
                    dropout: l.dropout,
                })
                .collect(),
            tags: m.tags.clone(),
            parent: m.parent.clone(),
        }
    }
}

impl From<PModelMeta> for ModelMeta {
    fn from(p: PModelMeta) -> ModelMeta {
        let s = p.metrics.unwrap_or_default();
        ModelMeta {
            name: p.name,
            version: p.version,
            trained_at: p.trained_at,
            metrics: Metrics {
                accuracy: s.accuracy,
                precision: s.precision,
                recall: s.recall,
                loss: s.loss,
            },
            layers: p
                .layers
                .into_iter()
                .map(|l| Layer {
                    kind: l.kind,
                    units: l.units,
                    dropout: l.dropout,
                })
                .collect(),
            tags: p.tags,
            parent: p.parent,
        }
    }
}

/// The 25 columns of [`Wide`], each `optional` but the key.
#[derive(Clone, PartialEq, prost::Message)]
pub struct PWide {
    #[prost(int64, tag = "1")]
    pub id: i64,
    #[prost(int64, optional, tag = "2")]
    pub account: Option<i64>,
    #[prost(int64, optional, tag = "3")]
    pub orders: Option<i64>,
    #[prost(int64, optional, tag = "4")]
    pub last_order_at: Option<i64>,
    #[prost(int64, optional, tag = "5")]
    pub points: Option<i64>,
    #[prost(int64, optional, tag = "6")]
    pub referrer: Option<i64>,
    #[prost(int64, optional, tag = "7")]
    pub tickets: Option<i64>,
    #[prost(double, optional, tag = "8")]
    pub spent: Option<f64>,
    #[prost(double, optional, tag = "9")]
    pub basket: Option<f64>,
    #[prost(double, optional, tag = "10")]
    pub latitude: Option<f64>,
    #[prost(double, optional, tag = "11")]
    pub longitude: Option<f64>,
    #[prost(double, optional, tag = "12")]
    pub churn: Option<f64>,
    #[prost(double, optional, tag = "13")]
    pub discount: Option<f64>,
    #[prost(bool, optional, tag = "14")]
    pub verified: Option<bool>,
    #[prost(bool, optional, tag = "15")]
    pub newsletter: Option<bool>,
    #[prost(bool, optional, tag = "16")]
    pub business: Option<bool>,
    #[prost(bool, optional, tag = "17")]
    pub flagged: Option<bool>,
    #[prost(bool, optional, tag = "18")]
    pub two_factor: Option<bool>,
    #[prost(bool, optional, tag = "19")]
    pub closed: Option<bool>,
    #[prost(string, optional, tag = "20")]
    pub first_name: Option<String>,
    #[prost(string, optional, tag = "21")]
    pub last_name: Option<String>,
    #[prost(string, optional, tag = "22")]
    pub email: Option<String>,
    #[prost(string, optional, tag = "23")]
    pub city: Option<String>,
    #[prost(string, optional, tag = "24")]
    pub country: Option<String>,
    #[prost(string, optional, tag = "25")]
    pub note: Option<String>,
}

/// Wide and PWide have the same fields, of the same types.
macro_rules! convert_wide {
    ($from:ty => $to:ident, $($field:ident)*) => {
        impl From<$from> for $to {
            fn from(w: $from) -> $to {
                #[allow(clippy::clone_on_copy)]
                $to { $($field: w.$field.clone()),* }
            }
        }
    };
}

convert_wide!(&Wide => PWide, id account orders last_order_at points referrer tickets
    spent basket latitude longitude churn discount verified newsletter business flagged
    two_factor closed first_name last_name email city country note);
convert_wide!(PWide => Wide, id account orders last_order_at points referrer tickets
    spent basket latitude longitude churn discount verified newsletter business flagged
    two_factor closed first_name last_name email city country note);
