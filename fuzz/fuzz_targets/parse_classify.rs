//! Fuzz target: any bytes through the message view and the bounce engine, as `mailroom parse`
//! does (line-end fix, parse, classify, the returned original, VERP candidates, JSON). Must never
//! panic, hang or blow up memory. Crashers found go to testdata/fuzz-regressions/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailroom::{bounce, mail};

static HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts in its panic hook, before `mail::Message::parse` can contain a panic
    // of mail-parser as mailroom does. Print panics instead: one that escapes the target is still
    // a crash (libfuzzer-sys aborts when the target unwinds).
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("{info}")));
    });
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
