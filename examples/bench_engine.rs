//! Times the bounce engine by stage over the files given (directories are walked): reading,
//! parsing (the message view over mail-parser) and classifying, each in messages/s. The files are
//! read once into memory first, so the parse and classify figures exclude I/O.
//!
//!     cargo run --release --example bench_engine -- DIR...

use std::time::Instant;

use mailroom::bounce::Engine;
use mailroom::mail::{Message, fix_line_ends};

fn main() {
    let mut raws: Vec<Vec<u8>> = Vec::new();
    let t = Instant::now();
    for arg in std::env::args().skip(1) {
        for e in walkdir::WalkDir::new(&arg).sort_by_file_name() {
            let Ok(e) = e else { continue };
            if e.file_type().is_file()
                && let Ok(b) = std::fs::read(e.path())
            {
                raws.push(b);
            }
        }
    }
    let n = raws.len().max(1) as f64;
    let rate = |s: f64| n / s.max(1e-9);
    println!("read:     {:>9.0} msg/s", rate(t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let mut parts = 0usize;
    for raw in &raws {
        let raw = fix_line_ends(raw);
        let m = Message::parse(&raw);
        parts += m.parts().len();
    }
    println!(
        "parse:    {:>9.0} msg/s ({parts} parts)",
        rate(t.elapsed().as_secs_f64())
    );
    let engine = Engine::default();
    let t = Instant::now();
    let mut recipients = 0usize;
    for raw in &raws {
        let raw = fix_line_ends(raw);
        let m = Message::parse(&raw);
        recipients += engine.classify(&m).recipients.len();
    }
    println!(
        "classify: {:>9.0} msg/s incl. parse ({} messages, {recipients} recipients)",
        rate(t.elapsed().as_secs_f64()),
        raws.len()
    );
}
