//! The mail systems' own bounce formats, one small module per system (registered in
//! `module::MODULES`). Each checks cheaply (sender, subject, a telltale line) whether a message
//! is its kind before decoding anything.

pub mod amazonses;
pub mod dragonfly;
pub mod exchange2003;
pub mod exim;
pub mod fml;
pub mod gmail;
pub mod googlegroups;
pub mod kddi;
pub mod mailmarshal;
pub mod notes;
pub mod postfix;
pub mod qmail;
pub mod sendmail;
pub mod verizon;
pub mod zoho;
