//! The peers that work on object container files: avro-c's command-line
//! tools, Polars and DataFusion.
//!
//! Container files are not in avrox yet, so this checks only that
//! `scripts/install-peers` installed each of them and that each runs and
//! reports its version; the reading and writing of files in both directions
//! joins this file with container-file support. Without a peer: skipped
//! with a notice, or a failure under `AVROX_REQUIRE_PEERS=1`.

use avrox_tests::interop::peers::{self, Peer};

#[test]
fn file_peers_run() {
    for peer in [Peer::AvroC, Peer::Polars, Peer::DataFusion] {
        if !peers::available(peer) {
            continue;
        }
        let version = peers::version(peer);
        assert!(
            version.chars().next().is_some_and(|c| c.is_ascii_digit()),
            "{} reports no version: {version:?}",
            peer.title()
        );
    }
}
