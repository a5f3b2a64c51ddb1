//! `mailroom parse`: classify message files, maildirs and directories with the bounce engine and
//! print the results, one JSON line per message (`--json`, the format of docs bounce-types.md)
//! or a table (`--explain` adds the module and the rule or status that decided each reason).
//! Needs no config; given one it uses its bounce rule files and decodes VERP tokens against its
//! bounce accounts (`verified` stays null: no database is consulted).

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::{UsageError, exit, printable};
use crate::bounce::{Engine, Recipient, Report, RuleSet, RulesError};
use crate::cli::ParseArgs;
use crate::config::{self, Check, Config};
use crate::mail::Message;
use crate::verp::{self, Candidate, Identity};

pub fn parse(config_flag: Option<&Path>, args: &ParseArgs) -> Result<i32> {
    let config = load_config(config_flag)?;
    let user_rules = match &config {
        Some(c) if !c.bounce.rules.is_empty() => {
            Some(read_rules(&c.bounce.rules).map_err(|e| UsageError(format!("{e}")))?)
        }
        _ => None,
    };
    let engine = match &user_rules {
        Some(r) => Engine::new(r),
        None => Engine::default(),
    };
    let identities: Vec<Identity<'_>> = config
        .iter()
        .flat_map(|c| c.accounts.iter())
        .filter(|a| a.role == config::Role::Bounce)
        .map(|a| Identity {
            localpart: &a.bounce.localpart,
            domain: &a.bounce.domain,
            separator: &a.bounce.separator,
        })
        .collect();

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    let mut buf = Vec::new();
    for path in &args.paths {
        // `-`: one message on standard input (piped from a mail client, say).
        let stdin = path.as_os_str() == "-";
        let files = if stdin {
            vec![path.clone()]
        } else {
            files_of(path, &mut failed)
        };
        for file in files {
            let read = if stdin {
                buf.clear();
                std::io::stdin().lock().read_to_end(&mut buf)
            } else {
                read_file(&file, &mut buf)
            };
            let raw = match read {
                Ok(n) => &buf[..n],
                Err(e) => {
                    eprintln!("mailroom: cannot read {}: {e}", file.display());
                    failed = true;
                    continue;
                }
            };
            let raw = crate::mail::fix_line_ends(raw);
            let msg = Message::parse_report(&raw);
            let report = engine.classify(&msg);
            let verp = find_token(&msg, &identities);
            if args.json {
                write_json(&mut out, &file, &report, verp.as_ref())?;
            } else {
                write_table(&mut out, &file, &report, verp.as_ref(), args.explain)?;
            }
        }
    }
    out.flush().context("writing the results")?;
    Ok(if failed { exit::FAILED } else { exit::OK })
}

/// Reads the file at `path` into `buf` (grown as needed, kept for the next file) and returns its
/// length. Unlike `fs::read` it asks for no metadata and allocates nothing per file: over a
/// backlog of small files the system calls are a sixth of the time.
fn read_file(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    // One huge message does not keep its memory for the rest of the run.
    if buf.len() > 4 << 20 {
        *buf = Vec::new();
    }
    let mut f = std::fs::File::open(path)?;
    let mut n = 0;
    loop {
        if n == buf.len() {
            buf.resize((buf.len() * 2).max(64 * 1024), 0);
        }
        match f.read(&mut buf[n..]) {
            Ok(0) => return Ok(n),
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The config, when one is named or the default one exists.
fn load_config(flag: Option<&Path>) -> Result<Option<Config>> {
    let path = config::locate(flag);
    let named =
        flag.is_some() || std::env::var_os("MAILROOM_CONFIG").is_some_and(|v| !v.is_empty());
    if !named && !path.is_file() {
        return Ok(None);
    }
    Ok(Some(config::load(&path, Check::Syntax)?))
}

/// Reads the user's rule files and compiles them in front of the built-in rules.
pub fn read_rules(paths: &[PathBuf]) -> Result<RuleSet, RulesError> {
    let mut files = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(p).map_err(|source| RulesError::Read {
            file: p.display().to_string(),
            source,
        })?;
        files.push((p.display().to_string(), text));
    }
    RuleSet::with_user_files(&files)
}

/// The message files below `path` (itself when it is a file), sorted; errors are reported.
fn files_of(path: &Path, failed: &mut bool) -> Vec<PathBuf> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => return vec![path.to_path_buf()],
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            eprintln!("mailroom: {} is not a file or directory", path.display());
            *failed = true;
            return Vec::new();
        }
        Err(e) => {
            eprintln!("mailroom: cannot read {}: {e}", path.display());
            *failed = true;
            return Vec::new();
        }
    }
    let mut out = Vec::new();
    // Sorted by file name, compared as whole paths: siblings' paths are their directory's path
    // and a separator before the name, so the order is the same, without taking each name out
    // of its path at every comparison (`sort_by_file_name` does, at ~470 instructions each).
    let walk =
        walkdir::WalkDir::new(path).sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if !e.file_name().to_string_lossy().starts_with('.') {
                    out.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("mailroom: cannot read {}: {e}", path.display());
                *failed = true;
            }
        }
    }
    out
}

/// The best VERP token of the first identity that has one, found in the places the bounce
/// handler looks ([`verp::candidates`]), so that `parse` shows the token `run` would verify.
fn find_token(msg: &Message<'_>, ids: &[Identity<'_>]) -> Option<Candidate> {
    ids.iter()
        .find_map(|id| verp::candidates(msg, id).into_iter().next())
}

#[derive(Serialize)]
struct JsonLine<'a> {
    file: String,
    kind: &'static str,
    recipients: &'a [Recipient],
    verp: Option<JsonVerp>,
}

#[derive(Serialize)]
struct JsonVerp {
    action: String,
    /// None for a token in CiviCRM's Message-ID form, which names no job.
    job: Option<u64>,
    queue: u64,
    hash: String,
    verified: Option<bool>,
    /// Where the token was found.
    found_in: &'static str,
}

fn write_json(
    out: &mut impl Write,
    file: &Path,
    r: &Report,
    verp: Option<&Candidate>,
) -> Result<()> {
    let line = JsonLine {
        file: file.to_string_lossy().into_owned(),
        kind: r.kind.as_str(),
        recipients: &r.recipients,
        verp: verp.map(|t| JsonVerp {
            action: t.action.letter().to_string(),
            job: t.job,
            queue: t.queue,
            hash: t.hash.clone(),
            verified: None,
            found_in: t.place,
        }),
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn write_table(
    out: &mut impl Write,
    file: &Path,
    r: &Report,
    verp: Option<&Candidate>,
    explain: bool,
) -> Result<()> {
    write!(
        out,
        "{}  {}",
        printable(&file.to_string_lossy()),
        r.kind.as_str()
    )?;
    if let Some(t) = verp {
        let job = t.job.map_or_else(|| "-".to_string(), |j| j.to_string());
        write!(
            out,
            "  verp {}.{job}.{} ({})",
            t.action.letter(),
            t.queue,
            t.place
        )?;
    }
    writeln!(out)?;
    for x in &r.recipients {
        writeln!(
            out,
            "  {:<40} {:<9} {:<8} {:<4} {:<16} {}",
            printable(&x.address),
            x.action.as_str(),
            if x.status.is_empty() { "-" } else { &x.status },
            if x.replycode.is_empty() {
                "-"
            } else {
                &x.replycode
            },
            x.reason.as_str(),
            x.bounce_type.unwrap_or("-"),
        )?;
        if explain {
            writeln!(
                out,
                "      module {}; {}",
                x.module,
                printable(&x.decided_by)
            )?;
            if !x.diagnostic.is_empty() {
                let d: String = x.diagnostic.chars().take(200).collect();
                writeln!(out, "      diagnostic: {}", printable(&d))?;
            }
        }
    }
    Ok(())
}
