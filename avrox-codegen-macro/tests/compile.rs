//! include_schema! compiled by trybuild: the types of a schema, a protocol
//! and an IDL file used, and the compile errors of a bad schema, IDL file
//! and protocol, a missing file and a bad argument.

use std::path::{Path, PathBuf};

/// trybuild builds the tests as a crate of its own in
/// `<target>/tests/trybuild/avrox-codegen-macro`, whose folder is the one
/// `include_schema!` paths start from there: the test schemas are put
/// beside it.
fn trybuild_crate_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder holds tmp/")
        .join("tests/trybuild/avrox-codegen-macro")
}

#[test]
fn ui() {
    let schemas = trybuild_crate_dir().join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/schemas");
    for entry in std::fs::read_dir(ours).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), schemas.join(entry.file_name())).unwrap();
    }
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass_*.rs");
    t.compile_fail("tests/ui/unknown_type.rs");
    t.compile_fail("tests/ui/missing_file.rs");
    t.compile_fail("tests/ui/not_a_string.rs");
    t.compile_fail("tests/ui/bad_idl.rs");
    t.compile_fail("tests/ui/truncated_protocol.rs");
}
