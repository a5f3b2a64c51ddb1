//! mailroom: sorts a CRM's inbound mail (bounces and correspondence) from local maildirs into an
//! embedded SQLite database. The binary (`src/main.rs`) is a thin shell over these modules; see
//! `ARCHITECTURE.md` for the code map and the invariants.

pub mod app;
pub mod attachments;
pub mod bounce;
pub mod cli;
pub mod config;
pub mod db;
pub mod fault;
pub mod forward;
pub mod handlers;
pub mod lock;
pub mod mail;
pub mod maildir;
pub mod pipeline;
pub mod timefmt;
pub mod verp;
