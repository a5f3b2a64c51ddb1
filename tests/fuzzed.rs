//! Every kept input of the fuzz targets in `fuzz/` (see `scripts/fuzz.sh`), through the same
//! calls the targets make: the config loader, VERP decoding and the name parser. (The
//! parse+classify inputs are run by `parse::every_corpus_file_parses`.) A crash or hang found by
//! fuzzing is kept under `testdata/fuzz-regressions/<target>/` and stays fixed.

use std::fs;
use std::path::{Path, PathBuf};

use mailroom::config::{self, Check};
use mailroom::handlers::activity::names;
use mailroom::verp::Identity;

use crate::util::testdata;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = testdata().join("fuzz-regressions").join(target);
    let mut v: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            let b = fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no inputs in {}", dir.display());
    v
}

#[test]
fn config_parse_inputs() {
    for (p, data) in inputs("config_parse") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        if let Err(e) = config::parse(text, Path::new("/nonexistent/fuzz.toml"), Check::Syntax) {
            assert!(!e.to_string().is_empty(), "{}", p.display());
        }
    }
}

#[test]
fn verp_decode_inputs() {
    let ids = [
        Identity {
            localpart: "civimail+",
            domain: "example.org",
            separator: ".",
        },
        Identity {
            localpart: "b",
            domain: "ÉXAMPLE.org",
            separator: "-",
        },
        Identity {
            localpart: "ü",
            domain: "x",
            separator: "é",
        },
    ];
    for (p, data) in inputs("verp_decode") {
        let s = String::from_utf8_lossy(&data);
        for id in ids {
            if let Some(t) = id.decode(&s) {
                assert_eq!(id.decode(&id.encode(&t)), Some(t), "{}", p.display());
            }
            let _ = id.decode_message_id(&s);
        }
    }
}

#[test]
fn names_inputs() {
    for (p, data) in inputs("names") {
        let s = String::from_utf8_lossy(&data);
        let (display, address) = s.split_once('\0').unwrap_or((&s, "someone@example.net"));
        let n = names::parse(Some(display), address);
        for f in [&n.first, &n.middle, &n.last].into_iter().flatten() {
            assert!(f.chars().count() <= 128, "{}", p.display());
        }
    }
}
