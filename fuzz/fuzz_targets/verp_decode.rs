//! Fuzz target: any string through VERP decoding (`Identity::decode` and `decode_message_id`)
//! with a few identities; a decoded token must encode back to an address that decodes to it.
//! Never panics. Crashers found go to testdata/fuzz-regressions/verp_decode/.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailroom::verp::Identity;

const IDS: [Identity<'static>; 3] = [
    Identity { localpart: "civimail+", domain: "example.org", separator: "." },
    Identity { localpart: "b", domain: "ÉXAMPLE.org", separator: "-" },
    Identity { localpart: "ü", domain: "x", separator: "é" },
];

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    for id in IDS {
        if let Some(t) = id.decode(&s) {
            assert_eq!(id.decode(&id.encode(&t)), Some(t));
        }
        let _ = id.decode_message_id(&s);
    }
});
