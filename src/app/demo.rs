//! `mailroom demo [DIR]`: a complete small installation in a fresh directory (a new temporary
//! one by default): the example config, a bounce and an activity account whose maildirs are
//! seeded with real bounces and ordinary correspondence from testdata/, one batch run, and a
//! tour of what happened and where it is. Touches nothing outside that directory.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{Output, init, printable, run};
use crate::cli::RunArgs;
use crate::db::ActivityFilter;
use crate::maildir;

/// The bounces: real messages from the Sisimai corpus (BSD-2-Clause, testdata/demo/bounces).
const BOUNCES: &[(&str, &[u8])] = &[
    (
        "lhost-postfix-01",
        include_bytes!("../../testdata/demo/bounces/lhost-postfix-01.eml"),
    ),
    (
        "lhost-exim-02",
        include_bytes!("../../testdata/demo/bounces/lhost-exim-02.eml"),
    ),
    (
        "lhost-gmail-01",
        include_bytes!("../../testdata/demo/bounces/lhost-gmail-01.eml"),
    ),
    (
        "lhost-office365-01",
        include_bytes!("../../testdata/demo/bounces/lhost-office365-01.eml"),
    ),
    (
        "lhost-sendmail-01",
        include_bytes!("../../testdata/demo/bounces/lhost-sendmail-01.eml"),
    ),
    (
        "lhost-qmail-01",
        include_bytes!("../../testdata/demo/bounces/lhost-qmail-01.eml"),
    ),
    (
        "rfc3464-01",
        include_bytes!("../../testdata/demo/bounces/rfc3464-01.eml"),
    ),
    (
        "rfc3834-03",
        include_bytes!("../../testdata/demo/bounces/rfc3834-03.eml"),
    ),
];

/// How many of the bounces come back at a VERP address of the demo mailing (the rest arrive
/// without a token, as a catch-all mailbox receives them).
const WITH_TOKEN: usize = 6;

/// Correspondence (testdata/demo/activities).
const LETTERS: &[(&str, &[u8])] = &[
    (
        "01-question",
        include_bytes!("../../testdata/demo/activities/01-question.eml"),
    ),
    (
        "02-reply",
        include_bytes!("../../testdata/demo/activities/02-reply.eml"),
    ),
    (
        "03-encoded",
        include_bytes!("../../testdata/demo/activities/03-encoded.eml"),
    ),
    (
        "04-attachment",
        include_bytes!("../../testdata/demo/activities/04-attachment.eml"),
    ),
    (
        "05-no-date",
        include_bytes!("../../testdata/demo/activities/05-no-date.eml"),
    ),
    (
        "06-garbage",
        include_bytes!("../../testdata/demo/activities/06-garbage.eml"),
    ),
    (
        "07-html-reply",
        include_bytes!("../../testdata/demo/activities/07-html-reply.eml"),
    ),
    (
        "08-case-token",
        include_bytes!("../../testdata/demo/activities/08-case-token.eml"),
    ),
    (
        "09-out-of-office",
        include_bytes!("../../testdata/demo/activities/09-out-of-office.eml"),
    ),
    (
        "10-cc-copy",
        include_bytes!("../../testdata/demo/activities/10-cc-copy.eml"),
    ),
    (
        "11-no-reply",
        include_bytes!("../../testdata/demo/activities/11-no-reply.eml"),
    ),
];

pub fn demo(dir: Option<&Path>, out: Output) -> Result<i32> {
    let dir = match dir {
        Some(d) => {
            if d.exists()
                && fs::read_dir(d)
                    .map(|mut r| r.next().is_some())
                    .unwrap_or(true)
            {
                bail!(
                    "{} is not empty; give a new or empty directory for the demo",
                    d.display()
                );
            }
            d.to_path_buf()
        }
        None => fresh_temp_dir()?,
    };
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let config_path = dir.join("mailroom.toml");
    let config = init::init_at(&config_path, false)?;
    let bounces = config
        .accounts
        .iter()
        .find(|a| a.role == crate::config::Role::Bounce)
        .context("the example config has no bounce account")?;
    let letters = config
        .accounts
        .iter()
        .find(|a| a.role == crate::config::Role::Activity)
        .context("the example config has no activity account")?;

    // Bounces come back the way getmail delivers them: with a Delivered-To header on top, here
    // the VERP address of the recipient the bounce is about.
    for (i, (_, bytes)) in BOUNCES.iter().enumerate() {
        let mut msg = Vec::new();
        if i < WITH_TOKEN {
            let b = &bounces.bounce;
            msg.extend_from_slice(
                format!(
                    "Delivered-To: {}b{s}1{s}{}{s}demo{:012}@{}\n",
                    b.localpart,
                    101 + i,
                    i,
                    b.domain,
                    s = b.separator
                )
                .as_bytes(),
            );
        }
        msg.extend_from_slice(bytes);
        maildir::deliver(&bounces.source_dir(), &msg)?;
    }
    for (_, bytes) in LETTERS {
        maildir::deliver(&letters.source_dir(), bytes)?;
    }

    println!("mailroom demo in {}\n", dir.display());
    println!(
        "Delivered {} bounces ({WITH_TOKEN} at VERP addresses) to {} and {} letters to {}.\n",
        BOUNCES.len(),
        rel(&dir, &bounces.source_dir()),
        LETTERS.len(),
        rel(&dir, &letters.source_dir())
    );
    println!("$ mailroom --config {} run", config_path.display());
    let args = RunArgs {
        account: None,
        limit: None,
        dry_run: false,
        json: false,
    };
    let code = run::run(&config, &args, out)?;

    let db = super::open_db(&config)?;
    let r = db.reader();
    println!();
    println!("What happened:");
    println!(
        "- {} activities filed, {} contacts in the database",
        r.count_activities(&letters.name)?,
        r.count_contacts()?
    );
    for a in [bounces, letters] {
        println!(
            "- {}: processed messages are in {}, ignored ones in {}",
            a.name,
            rel(&dir, &a.processed_dir()),
            rel(&dir, &a.ignored_dir())
        );
    }
    println!(
        "- every decision, with its reason, is in the ledger of {}",
        rel(&dir, &config.database)
    );
    println!(
        "- attachments are stored by content hash in {}",
        rel(&dir, &config.attachments_dir)
    );
    println!();
    println!("Correspondence filed (newest first):");
    let filed = r.list_activities(&ActivityFilter {
        contact_id: None,
        since: None,
        limit: 20,
    })?;
    for a in &filed {
        let from = a
            .contacts
            .iter()
            .find(|c| c.role == "source")
            .map(|c| printable(&c.display_name))
            .unwrap_or_else(|| "?".into());
        let mut notes = Vec::new();
        if let Some(p) = a.parent_id {
            notes.push(format!("reply to #{p}"));
        }
        if let Some(c) = &a.case_ref {
            notes.push(format!("case #{}", printable(c)));
        }
        if !a.attachments.is_empty() {
            let names: Vec<String> = a
                .attachments
                .iter()
                .map(|f| printable(&f.file_name))
                .collect();
            notes.push(format!("attached: {}", names.join(", ")));
        }
        if a.has_html {
            notes.push("HTML kept".into());
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  [{}]", notes.join("; "))
        };
        println!(
            "  #{:<3} {}  {:<22} {}{notes}",
            a.id,
            &a.activity_date[..10.min(a.activity_date.len())],
            from,
            printable(&a.subject)
        );
    }
    println!();
    println!("Try:");
    println!("  mailroom --config {} status", config_path.display());
    println!("  mailroom --config {} activities", config_path.display());
    println!(
        "  mailroom --config {} contact show ngozi.okafor@example.net",
        config_path.display()
    );
    println!(
        "  sqlite3 {} 'SELECT outcome, reason, file_name FROM ledger'",
        config.database.display()
    );
    Ok(code)
}

fn rel(base: &Path, p: &Path) -> String {
    p.strip_prefix(base).unwrap_or(p).display().to_string()
}

/// A new directory under the system temp dir, named for this run.
fn fresh_temp_dir() -> Result<PathBuf> {
    let base = std::env::temp_dir();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    for n in 0..100 {
        let d = base.join(format!(
            "mailroom-demo-{}-{}-{n}",
            stamp.as_secs(),
            std::process::id()
        ));
        match fs::create_dir(&d) {
            Ok(()) => return Ok(d),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot create {}", d.display())),
        }
    }
    bail!("cannot create a demo directory in {}", base.display())
}
