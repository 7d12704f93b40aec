//! See `chartcheck::fuzz_checks::template_read`: what is checked on each input.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| chartcheck::fuzz_checks::template_read(bytes));
