//! Fuzz target: any text through the config loader (`config::parse` with `Check::Syntax`, as
//! `deliver` and `init` load it). Must return a config or an error naming the key, never panic
//! or hang. Crashers found go to testdata/fuzz-regressions/config_parse/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailroom::config::{self, Check};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return; // the loader reads the file as UTF-8 and reports anything else
    };
    // No rule files: they would be read from the disk of the fuzzing machine.
    if text.contains("rules") {
        return;
    }
    if let Err(e) = config::parse(text, std::path::Path::new("/nonexistent/fuzz.toml"), Check::Syntax) {
        let _ = e.to_string();
    }
});
