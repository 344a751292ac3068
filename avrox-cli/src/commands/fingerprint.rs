//! `avrox fingerprint`: a schema's fingerprint in lowercase hex.

use super::meta::hex;
use super::{flush, print_line, stdout};
use crate::cli::{Algorithm, FingerprintArgs};
use crate::error::CliResult;
use crate::input;

pub fn run(args: FingerprintArgs) -> CliResult {
    let schema = input::schema(&args.schema)?;
    let text = match args.alg {
        // Little-endian: the bytes in the order they follow `C3 01` in a
        // single-object message, so the hex can be matched against one.
        Algorithm::Rabin => hex(&schema.rabin_fingerprint().to_le_bytes()),
        Algorithm::Md5 => hex(&schema.md5_fingerprint()),
        Algorithm::Sha256 => hex(&schema.sha256_fingerprint()),
    };
    let mut out = stdout();
    print_line(&mut out, text)?;
    flush(&mut out)
}
