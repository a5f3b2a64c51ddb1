//! Fuzz target: any display name and address through the contact name parser
//! (`handlers::activity::names::parse`). Never panics; each name field is at most 128
//! characters. Crashers found go to testdata/fuzz-regressions/names/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailroom::handlers::activity::names;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let (display, address) = s.split_once('\0').unwrap_or((&s, "someone@example.net"));
    let n = names::parse(Some(display), address);
    for f in [&n.first, &n.middle, &n.last].into_iter().flatten() {
        assert!(f.chars().count() <= 128);
    }
    let _ = names::parse(None, address);
});
