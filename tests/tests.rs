//! The integration tests: one test binary that runs the real `mailroom` binary on real maildirs
//! in temporary directories. Each area has its own module; `util` holds the shared helpers.

mod util;

mod actions;
mod activity;
mod admin_edges;
mod bounce;
mod config;
mod faults;
mod fuzzed;
mod hostile;
mod modes;
mod parse;
mod pipeline;
