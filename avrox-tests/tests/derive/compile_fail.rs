//! Compile-fail tests of `#[derive(Avro)]`: each file in `tests/ui/` is one
//! misuse, and its `.stderr` the errors rustc must print, each at the
//! attribute at fault. Files in `tests/ui-pass/` must compile.
//!
//! After changing a message, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p avrox-tests --test derive compile_fail`
//! and read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui-pass/*.rs");
}
