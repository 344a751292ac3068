//! The spans and events of [`observe`](super), through `tracing`: to
//! whatever subscriber the application set.

use tracing::{Level, Span, field};

use super::{Framing, Op, category_label, kind_label};
use crate::error::Error;

/// The span of a file (or stream of JSON lines): `avrox.ocf.read`,
/// `avrox.ocf.write`, `avrox.json.read`, `avrox.json.write`.
pub(super) fn file_span(op: Op, framing: Framing, schema: &str, codec: Option<&str>) -> Span {
    let codec = codec.unwrap_or("");
    match (framing, op) {
        (Framing::Json, Op::Decode) => {
            tracing::span!(target: "avrox", Level::INFO, "avrox.json.read", schema)
        }
        (Framing::Json, Op::Encode) => {
            tracing::span!(target: "avrox", Level::INFO, "avrox.json.write", schema)
        }
        (_, Op::Decode) => {
            tracing::span!(target: "avrox", Level::INFO, "avrox.ocf.read", schema, codec)
        }
        (_, Op::Encode) => {
            tracing::span!(target: "avrox", Level::INFO, "avrox.ocf.write", schema, codec)
        }
    }
}

/// The span of one block, inside its file's: its `records` and `bytes`
/// are filled in when it ends.
pub(super) fn block_span(file: &Span, index: u64) -> Span {
    tracing::span!(
        target: "avrox",
        parent: file,
        Level::DEBUG,
        "avrox.ocf.block",
        index,
        records = field::Empty,
        bytes = field::Empty
    )
}

/// A block ended with `records` and `bytes` in its frame.
pub(super) fn block_end(block: &Span, records: u64, bytes: usize) {
    block.record("records", records);
    block.record("bytes", bytes as u64);
}

/// A failure, as an event with where it is: in `parent` (a block's or
/// file's span) when given, else in the caller's current span.
pub(super) fn failure(
    op: Op,
    framing: Framing,
    schema: &str,
    error: &Error,
    parent: Option<&Span>,
) {
    let path = error.path();
    let offset = error.offset().map(|o| o as u64);
    let (operation, framing) = (op.as_str(), framing.as_str());
    let category = category_label(error.category());
    let kind = kind_label(error.kind());
    match parent {
        Some(parent) => tracing::event!(
            target: "avrox",
            parent: parent,
            Level::WARN,
            operation,
            framing,
            schema,
            category,
            kind,
            path,
            offset,
            "{error}"
        ),
        None => tracing::event!(
            target: "avrox",
            Level::WARN,
            operation,
            framing,
            schema,
            category,
            kind,
            path,
            offset,
            "{error}"
        ),
    }
}
