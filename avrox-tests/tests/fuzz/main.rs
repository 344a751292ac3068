//! The fuzzing campaign's inputs replayed on stable Rust: every committed
//! corpus file and crash reproducer under `fuzz/` run through the harness
//! function of its target (the same function the cargo-fuzz binaries
//! call), and the seed inputs the harness makes.

mod replay;
