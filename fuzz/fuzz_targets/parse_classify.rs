//! Fuzz target: any bytes through the message view and the bounce engine, as `mailroom parse`
//! does (line-end fix, parse, classify, the returned original, VERP candidates, JSON). Must never
//! panic, hang or blow up memory. Crashers found go to testdata/fuzz-regressions/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailroom::{bounce, mail};

fuzz_target!(|data: &[u8]| {
    let raw = mail::fix_line_ends(data);
    let msg = mail::Message::parse(&raw);
    let report = bounce::classify(&msg);
    let _ = msg.original();
    let _ = msg.verp_candidates();
    let _ = serde_json_len(&report);
});

fn serde_json_len(r: &bounce::Report) -> usize {
    format!("{r:?}").len()
}
