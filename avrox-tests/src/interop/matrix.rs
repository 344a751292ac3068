//! What the interop suites share about their compatibility matrices: the
//! kinds of known disagreement, and keeping a generated table in the book.

use std::path::Path;

/// Whose a known disagreement with a peer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GapKind {
    /// The peer does not support the feature (a missing logical type, a
    /// codec or algorithm it does not offer, a value its data model cannot
    /// hold).
    Unsupported,
    /// The peer departs from the specification; the reason quotes it.
    OffSpec,
    /// Both encodings are valid by the specification, and decode to the
    /// same value in both, but the bytes differ.
    Differs,
}

impl GapKind {
    /// The kind's key in the suites' JSON results.
    pub fn key(self) -> &'static str {
        match self {
            GapKind::Unsupported => "unsupported",
            GapKind::OffSpec => "off-spec",
            GapKind::Differs => "differs",
        }
    }

    /// The kind's mark in a matrix cell.
    pub fn symbol(self) -> &'static str {
        match self {
            GapKind::Unsupported => "–",
            GapKind::OffSpec => "✗",
            GapKind::Differs => "≠",
        }
    }

    /// The kind as the book's legend says it.
    pub fn label(self) -> &'static str {
        match self {
            GapKind::Unsupported => "not supported by the peer",
            GapKind::OffSpec => "the peer departs from the specification",
            GapKind::Differs => "different bytes, both valid",
        }
    }
}

/// Checks that the part of the book page `page` (relative to the workspace
/// root) between the markers `start` and `end` is `table`. Under
/// `AVROX_BLESS_INTEROP=1` a stale part is rewritten instead; otherwise
/// it fails, naming `generated`, the file under `target/` that holds the
/// table the suite made.
pub fn check_book_table(
    root: &Path,
    page: &str,
    start: &str,
    end: &str,
    table: &str,
    generated: &str,
) {
    let page_path = root.join(page);
    let text = std::fs::read_to_string(&page_path).unwrap_or_else(|e| panic!("read {page}: {e}"));
    let (before, rest) = text
        .split_once(start)
        .unwrap_or_else(|| panic!("{page} has no {start}"));
    let (current, after) = rest
        .split_once(end)
        .unwrap_or_else(|| panic!("{page} has no {end}"));
    let wanted = format!("\n{table}");
    if current == wanted {
        return;
    }
    if std::env::var("AVROX_BLESS_INTEROP").as_deref() == Ok("1") {
        std::fs::write(&page_path, format!("{before}{start}{wanted}{end}{after}"))
            .unwrap_or_else(|e| panic!("rewrite {page}: {e}"));
        return;
    }
    panic!(
        "the table in {page} between {start} and {end} is out of date: compare it with \
         {generated}, or rerun with AVROX_BLESS_INTEROP=1 to rewrite it"
    );
}
