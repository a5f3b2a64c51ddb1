//! `mailroom parse`: classify messages with the bounce engine and print the results.
//! (Built by the bounce engine issue.)

use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::ParseArgs;

pub fn parse(_config: Option<&Path>, _args: &ParseArgs) -> Result<i32> {
    bail!("`mailroom parse` is not built yet (bounce engine issue)")
}
