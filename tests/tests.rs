//! The integration tests: one test binary that runs the real `mailroom` binary on real maildirs
//! in temporary directories. Each area has its own module; `util` holds the shared helpers.

mod util;

mod config;
mod parse;
mod pipeline;
