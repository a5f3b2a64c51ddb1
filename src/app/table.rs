//! Listings as a readable table, CSV or JSON: one shape for every listing command.

use std::io::Write;

use anyhow::{Context, Result};
use serde::Serialize;

use super::printable;
use crate::cli::FormatArgs;

/// Rows of text under a header.
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&'static str]) -> Table {
        Table {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Prints as a table (control characters escaped), or as CSV with --csv.
    pub fn print(&self, csv: bool) -> Result<()> {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        if csv {
            let mut w = ::csv::Writer::from_writer(out);
            w.write_record(&self.header)?;
            for r in &self.rows {
                w.write_record(r)?;
            }
            w.flush().context("writing CSV")?;
            return Ok(());
        }
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| printable(c)).collect())
            .collect();
        let mut width: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &cells {
            for (i, c) in r.iter().enumerate() {
                if i < width.len() {
                    width[i] = width[i].max(c.chars().count());
                }
            }
        }
        let line = |r: &[String]| -> String {
            let mut s = String::new();
            for (i, c) in r.iter().enumerate() {
                if i + 1 == r.len() {
                    s.push_str(c);
                } else {
                    s.push_str(&format!("{c:<w$}  ", w = width[i]));
                }
            }
            s.trim_end().to_string()
        };
        let header: Vec<String> = self.header.iter().map(|h| h.to_string()).collect();
        writeln!(out, "{}", line(&header))?;
        for r in &cells {
            writeln!(out, "{}", line(r))?;
        }
        Ok(())
    }
}

/// Prints `rows` as JSON when --json, else `table` as a table or CSV.
pub fn emit<T: Serialize>(
    format: FormatArgs,
    rows: &T,
    table: impl FnOnce() -> Table,
) -> Result<()> {
    if format.json {
        println!("{}", serde_json::to_string(rows)?);
        Ok(())
    } else {
        table().print(format.csv)
    }
}
