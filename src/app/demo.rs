//! `mailroom demo [DIR]`: a complete small installation in a fresh directory (a new temporary
//! one by default): the example config, a bounce and an activity account whose maildirs are
//! seeded with real bounces and ordinary correspondence from testdata/, contacts and a mailing
//! whose recipients are the bounced addresses (so the bounces carry real VERP tokens), one batch
//! run, and a tour of what happened and where it is: holds, an explanation, filed letters.
//! Touches nothing outside that directory.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{Output, init, printable, run};
use crate::cli::RunArgs;
use crate::db::{ActivityFilter, RecipientAddress};
use crate::maildir;
use crate::timefmt;
use crate::verp::{Action, Identity, Token};

/// The bounces: real messages from the Sisimai corpus (BSD-2-Clause, testdata/demo/bounces),
/// each with the member of the demo mailing it comes back for (None: it arrives without a VERP
/// token, as a catch-all mailbox receives them).
const BOUNCES: &[(&str, &[u8], Option<&str>)] = &[
    (
        "lhost-gmail-01",
        include_bytes!("../../testdata/demo/bounces/lhost-gmail-01.eml"),
        Some("userunknown@example.jp"),
    ),
    (
        "lhost-qmail-01",
        include_bytes!("../../testdata/demo/bounces/lhost-qmail-01.eml"),
        Some("kijitora@example.ne.jp"),
    ),
    (
        "lhost-amazonses-03",
        include_bytes!("../../testdata/demo/bounces/lhost-amazonses-03.eml"),
        Some("kijitora@example.jp"),
    ),
    (
        "lhost-amazonses-16",
        include_bytes!("../../testdata/demo/bounces/lhost-amazonses-16.eml"),
        Some("kijitora@example.com"),
    ),
    (
        "lhost-barracuda-01",
        include_bytes!("../../testdata/demo/bounces/lhost-barracuda-01.eml"),
        Some("kijitora@example.org"),
    ),
    (
        "rfc3834-03",
        include_bytes!("../../testdata/demo/bounces/rfc3834-03.eml"),
        Some("kijitora@apple.example.com"),
    ),
    (
        "rfc3464-01",
        include_bytes!("../../testdata/demo/bounces/rfc3464-01.eml"),
        None,
    ),
];

/// Members of the demo newsletter who do not bounce: (email, first name, last name).
const QUIET_MEMBERS: &[(&str, &str, &str)] = &[
    ("ngozi.okafor@example.net", "Ngozi", "Okafor"),
    ("priya@example.com", "Priya", "Natarajan"),
    ("sam.lee@example.org.uk", "Sam", "Lee"),
    ("jmueller@example.de", "Jürgen", "Müller"),
];

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

    // The newsletter: contacts, a group, a mailing with a recipient row (and hash) per member.
    let recipients = seed_mailing(&config, &bounces.name)?;
    let id = Identity {
        localpart: &bounces.bounce.localpart,
        domain: &bounces.bounce.domain,
        separator: &bounces.bounce.separator,
    };
    let token = |email: &str, hash: Option<&str>| {
        recipients.iter().find(|r| r.email == email).map(|r| {
            id.encode(&Token {
                action: Action::Bounce,
                job: r.job_id as u64,
                queue: r.recipient_id as u64,
                hash: hash.unwrap_or(&r.hash).to_string(),
            })
        })
    };
    // Bounces come back to their VERP address (Postfix records it in X-Original-To).
    let mut with_token = 0;
    for (_, bytes, member) in BOUNCES {
        let mut msg = Vec::new();
        if let Some(t) = member.and_then(|m| token(m, None)) {
            msg.extend_from_slice(format!("X-Original-To: {t}\n").as_bytes());
            with_token += 1;
        }
        msg.extend_from_slice(bytes);
        maildir::deliver(&bounces.source_dir(), &msg)?;
    }
    // And a forgery: a real bounce sent again with a made-up hash. It must change nothing.
    if let Some(forged) = token("userunknown@example.jp", Some("zzzzzzzzzzzzzzzz")) {
        let raw = String::from_utf8_lossy(BOUNCES[0].1).replacen(
            "Message-ID: <",
            "Message-ID: <forged.",
            1,
        );
        maildir::deliver(
            &bounces.source_dir(),
            format!("X-Original-To: {forged}\n{raw}").as_bytes(),
        )?;
    }
    for (_, bytes) in LETTERS {
        maildir::deliver(&letters.source_dir(), bytes)?;
    }

    println!("mailroom demo in {}\n", dir.display());
    println!(
        "A mailing to {} members; {} bounces came back ({with_token} at VERP addresses, one forged) to {}, and {} letters to {}.\n",
        recipients.len(),
        BOUNCES.len() + 1,
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
    println!("Addresses on hold after this mailing:");
    for h in r.list_holds(None, None, None)? {
        println!(
            "  {:<28} {:<8} since {}",
            printable(&h.email),
            h.bounce_type.as_deref().unwrap_or("?"),
            h.hold_date.as_deref().unwrap_or("?")
        );
    }
    println!("Not held: a full mailbox (Quota: 1 of 3), a blocked sender (Blocked never holds),");
    println!(
        "an out-of-office reply (Away: 1 of 30); the forged and the token-less bounce changed nothing."
    );
    println!();
    println!(
        "$ mailroom --config {} explain kijitora@example.jp",
        config_path.display()
    );
    super::bounces::explain(
        &config,
        &crate::cli::ExplainArgs {
            email: "kijitora@example.jp".into(),
            json: false,
        },
    )?;
    let report_path = dir.join("report-mailing-1.html");
    let figures = r.mailing_figures(1, 10)?;
    if let Some(m) = r.mailing(1)? {
        let report = super::report::build(m, figures);
        fs::write(&report_path, super::report::html(&report))
            .with_context(|| format!("cannot write {}", report_path.display()))?;
        println!();
        println!(
            "The mailing report: {} of {} recipients bounced, {} holds placed; open {} in a browser",
            report.bounced_recipients,
            report.mailing.recipients,
            report.holds.placed,
            report_path.display()
        );
        println!(
            "(or: mailroom --config {} report mailing 1)",
            config_path.display()
        );
    }
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
    println!("  mailroom --config {} holds", config_path.display());
    println!(
        "  mailroom --config {} explain userunknown@example.jp",
        config_path.display()
    );
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

/// Contacts for the demo newsletter's members (the bouncing ones and some quiet ones), the
/// group `newsletter`, and a mailing to it; returns its recipients.
fn seed_mailing(config: &crate::config::Config, account: &str) -> Result<Vec<RecipientAddress>> {
    let mut db = super::open_db(config)?;
    let now = timefmt::now();
    let batch = db.begin()?;
    let tx = batch.tx();
    let group = tx
        .group_id("newsletter", true, &now)?
        .context("group not created")?;
    let members = BOUNCES
        .iter()
        .filter_map(|b| b.2.map(|e| (e, None, None)))
        .chain(
            QUIET_MEMBERS
                .iter()
                .map(|(e, f, l)| (*e, Some(*f), Some(*l))),
        );
    for (email, first, last) in members {
        let (m, _) = tx.import_contact(email, first, last, None, &now)?;
        tx.set_membership(group, m.contact_id, "Added", &now)?;
    }
    let (mailing, job) = tx.create_mailing("November newsletter", account, &now)?;
    tx.add_group_recipients(mailing, job, group)?;
    let recipients = tx.recipient_addresses(mailing)?;
    batch.commit()?;
    Ok(recipients)
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
