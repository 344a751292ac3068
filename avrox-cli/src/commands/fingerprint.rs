//! `avrox fingerprint`: a schema's fingerprint in lowercase hex.

use super::{flush, print_line, stdout};
use crate::cli::{Algorithm, FingerprintArgs};
use crate::error::CliResult;
use crate::input;

pub fn run(args: FingerprintArgs) -> CliResult {
    let schema = input::schema(&args.schema)?;
    // Each prints as the hex of its bytes; for rabin, the 8 bytes in the
    // order they follow `C3 01` in a single-object message, as the library's
    // errors, Python avro and Java print them.
    let text = match args.alg {
        Algorithm::Rabin => schema.rabin_fingerprint().to_string(),
        Algorithm::Md5 => schema.md5_fingerprint().to_string(),
        Algorithm::Sha256 => schema.sha256_fingerprint().to_string(),
    };
    let mut out = stdout();
    print_line(&mut out, text)?;
    flush(&mut out)
}
