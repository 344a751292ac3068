#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| avrox_fuzz_harness::targets::idl::run(data));
