//! The bounce-processing commands: `contacts import`, `groups`, `mailing create`,
//! `mailing addresses`, `holds`, `unhold` and `explain`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::table::{Table, emit};
use super::{UsageError, exit, open_db};
use crate::cli::{
    ExplainArgs, GroupsArgs, GroupsCommand, HoldsArgs, ImportArgs, MailingAddressesArgs,
    MailingCreateArgs, SubscribeArgs, UnholdArgs,
};
use crate::config::{Account, Config, Role};
use crate::db::{Batch, EventRow, HoldLogEntry, HoldState};
use crate::timefmt;
use crate::verp::{Action, Identity, Token};

/// One row of a contacts CSV file.
#[derive(Debug, Default)]
struct ImportRow {
    line: u64,
    email: String,
    first: Option<String>,
    last: Option<String>,
    organisation: Option<String>,
    groups: Vec<String>,
}

/// Reads a contacts CSV file (header line with at least `email`), naming the file and line of
/// any problem.
fn read_csv(path: &Path) -> Result<Vec<ImportRow>> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    // Spreadsheets in much of Europe export with `;` between the fields: take it when the
    // header line has semicolons and no comma.
    let header = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if header.contains(&b';') && !header.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(delimiter)
        .from_reader(&text[..]);
    let headers: Vec<String> = r
        .headers()
        .with_context(|| format!("{}: cannot read the header line", path.display()))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(email) = col(&["email", "e-mail", "email address"]) else {
        return Err(UsageError(format!(
            "{}: no `email` column in the header line (expected columns: email, first, last, organisation, groups)",
            path.display()
        ))
        .into());
    };
    let first = col(&["first", "first_name", "first name"]);
    let last = col(&["last", "last_name", "last name"]);
    let org = col(&["organisation", "organization", "org"]);
    let groups = col(&["groups", "group"]);
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.with_context(|| format!("{}: bad CSV", path.display()))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let get = |i: Option<usize>| {
            i.and_then(|i| rec.get(i))
                .map(str::to_string)
                .filter(|s| !s.is_empty())
        };
        let Some(addr) = get(Some(email)) else {
            continue;
        };
        if !addr.contains('@') || addr.chars().any(char::is_whitespace) {
            return Err(UsageError(format!(
                "{}, line {line}: `{addr}` is not an email address",
                path.display()
            ))
            .into());
        }
        out.push(ImportRow {
            line,
            email: addr,
            first: get(first),
            last: get(last),
            organisation: get(org),
            groups: get(groups)
                .map(|g| {
                    g.split([';', '|'])
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Imports rows in one transaction; returns (created, matched, contacts in order).
fn import_rows(
    batch: &Batch<'_>,
    rows: &[ImportRow],
    now: &str,
) -> Result<(u64, u64, Vec<crate::db::ContactMatch>)> {
    let tx = batch.tx();
    let (mut created, mut matched) = (0, 0);
    let mut group_ids: BTreeMap<String, i64> = BTreeMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (m, new) = tx
            .import_contact(
                &r.email,
                r.first.as_deref(),
                r.last.as_deref(),
                r.organisation.as_deref(),
                now,
            )
            .with_context(|| format!("line {}", r.line))?;
        if new {
            created += 1
        } else {
            matched += 1
        }
        for g in &r.groups {
            let id = match group_ids.get(g) {
                Some(id) => *id,
                None => {
                    let id = tx.group_id(g, true, now)?.context("group not created")?;
                    group_ids.insert(g.clone(), id);
                    id
                }
            };
            tx.set_membership(id, m.contact_id, "Added", now)?;
        }
        out.push(m);
    }
    Ok((created, matched, out))
}

pub fn import(config: &Config, args: &ImportArgs) -> Result<i32> {
    let rows = read_csv(&args.file)?;
    let mut db = open_db(config)?;
    let now = timefmt::now();
    let batch = db.begin()?;
    let (created, matched, _) =
        import_rows(&batch, &rows, &now).with_context(|| args.file.display().to_string())?;
    batch.commit()?;
    println!(
        "{}: {} rows: {created} contacts created, {matched} matched to existing contacts",
        args.file.display(),
        rows.len()
    );
    Ok(exit::OK)
}

pub fn groups(config: &Config, args: &GroupsArgs) -> Result<i32> {
    if let Some(GroupsCommand::Subscribe(s)) = &args.command {
        return subscribe(config, s);
    }
    let format = args.format;
    let db = open_db(config)?;
    let rows = db.reader().groups()?;
    emit(format, &rows, || {
        let mut t = Table::new(&["group", "added", "removed", "pending"]);
        for g in &rows {
            t.push(vec![
                g.name.clone(),
                g.added.to_string(),
                g.removed.to_string(),
                g.pending.to_string(),
            ]);
        }
        t
    })?;
    Ok(exit::OK)
}

/// `groups subscribe EMAIL --group G`: a Pending membership and its confirm address.
fn subscribe(config: &Config, args: &SubscribeArgs) -> Result<i32> {
    let account = bounce_account(config, args.account.as_deref())?;
    let mut db = open_db(config)?;
    let now = timefmt::now();
    let batch = db.begin()?;
    let tx = batch.tx();
    let Some(group) = tx.group_id(&args.group, false, &now)? else {
        bail!(UsageError(format!(
            "no group named `{}` (see `mailroom groups`)",
            args.group
        )));
    };
    let (contact, _) = tx.import_contact(&args.email, None, None, None, &now)?;
    let (membership, hash, already) = tx.subscribe_pending(group, contact.contact_id, &now)?;
    batch.commit()?;
    if already {
        println!("{} is already a member of {}", args.email, args.group);
        return Ok(exit::OK);
    }
    let id = Identity {
        localpart: &account.bounce.localpart,
        domain: &account.bounce.domain,
        separator: &account.bounce.separator,
    };
    let address = id.encode(&Token {
        action: Action::Confirm,
        job: contact.contact_id as u64,
        queue: membership as u64,
        hash,
    });
    println!(
        "{} is pending in {}; mail to this address confirms it:",
        args.email, args.group
    );
    println!("{address}");
    Ok(exit::OK)
}

/// The bounce account a mailing uses: the named one, else the first.
fn bounce_account<'c>(config: &'c Config, name: Option<&str>) -> Result<&'c Account> {
    let mut bounce = config.accounts.iter().filter(|a| a.role == Role::Bounce);
    match name {
        Some(n) => bounce.find(|a| a.name == n).ok_or_else(|| {
            UsageError(format!(
                "no bounce account named `{n}` in {}",
                config.path.display()
            ))
            .into()
        }),
        None => bounce.next().ok_or_else(|| {
            UsageError(format!("{} has no bounce account", config.path.display())).into()
        }),
    }
}

pub fn mailing_create(config: &Config, args: &MailingCreateArgs) -> Result<i32> {
    let account = bounce_account(config, args.account.as_deref())?;
    let rows = match &args.recipients {
        Some(f) => Some(read_csv(f)?),
        None => None,
    };
    let mut db = open_db(config)?;
    let now = timefmt::now();
    let batch = db.begin()?;
    let tx = batch.tx();
    let (mailing, job) = tx.create_mailing(&args.name, &account.name, &now)?;
    let added = match (&args.group, rows) {
        (Some(g), _) => {
            let Some(gid) = tx.group_id(g, false, &now)? else {
                bail!(UsageError(format!(
                    "no group named `{g}` (see `mailroom groups`)"
                )));
            };
            tx.add_group_recipients(mailing, job, gid)?
        }
        (None, Some(rows)) => {
            let (_, _, contacts) = import_rows(&batch, &rows, &now)?;
            let tx = batch.tx();
            let mut n = 0;
            for m in contacts {
                n += u64::from(tx.add_recipient(job, m)?);
            }
            n
        }
        (None, None) => bail!(UsageError("give --group or --recipients".into())),
    };
    batch.commit()?;
    println!(
        "mailing {mailing} `{}`: {added} recipients (job {job}, account `{}`)",
        args.name, account.name
    );
    println!("their VERP addresses: mailroom mailing addresses {mailing}");
    Ok(exit::OK)
}

pub fn mailing_addresses(config: &Config, args: &MailingAddressesArgs) -> Result<i32> {
    let db = open_db(config)?;
    let r = db.reader();
    let Some(m) = r.mailing(args.id)? else {
        bail!(UsageError(format!("no mailing {}", args.id)));
    };
    let account =
        bounce_account(config, Some(&m.account)).or_else(|_| bounce_account(config, None))?;
    let id = Identity {
        localpart: &account.bounce.localpart,
        domain: &account.bounce.domain,
        separator: &account.bounce.separator,
    };
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    w.write_record([
        "recipient_id",
        "email",
        "bounce",
        "unsubscribe",
        "optout",
        "reply",
    ])?;
    for a in r.recipient_addresses(m.id)? {
        let addr = |action| {
            id.encode(&Token {
                action,
                job: a.job_id as u64,
                queue: a.recipient_id as u64,
                hash: a.hash.clone(),
            })
        };
        w.write_record([
            a.recipient_id.to_string(),
            a.email.clone(),
            addr(Action::Bounce),
            addr(Action::Unsubscribe),
            addr(Action::OptOut),
            addr(Action::Reply),
        ])?;
    }
    w.flush()?;
    Ok(exit::OK)
}

pub fn holds(config: &Config, args: &HoldsArgs) -> Result<i32> {
    let since = super::since_arg(args.since.as_deref())?;
    // A typo must not read as "nobody is on hold".
    if let Some(t) = &args.bounce_type
        && !crate::bounce::BOUNCE_TYPES
            .iter()
            .any(|(name, ..)| name.eq_ignore_ascii_case(t))
    {
        let known: Vec<&str> = crate::bounce::BOUNCE_TYPES.iter().map(|t| t.0).collect();
        bail!(UsageError(format!(
            "--type {t}: no such bounce type (known: {})",
            known.join(", ")
        )));
    }
    let db = open_db(config)?;
    if let Some(g) = &args.group
        && !db.reader().groups()?.iter().any(|row| &row.name == g)
    {
        bail!(UsageError(format!(
            "no group named `{g}` (see `mailroom groups`)"
        )));
    }
    let rows = db.reader().list_holds(
        args.group.as_deref(),
        args.bounce_type.as_deref(),
        since.as_deref(),
    )?;
    emit(args.format, &rows, || {
        let mut t = Table::new(&["email", "contact", "held since", "type", "events"]);
        for h in &rows {
            t.push(vec![
                h.email.clone(),
                h.contact_id.to_string(),
                h.hold_date.clone().unwrap_or_default(),
                h.bounce_type.clone().unwrap_or_default(),
                h.events.to_string(),
            ]);
        }
        t
    })?;
    Ok(exit::OK)
}

pub fn unhold(config: &Config, args: &UnholdArgs) -> Result<i32> {
    if args.all && !args.yes {
        bail!(UsageError(
            "--all takes every address off hold: add --yes to confirm".into()
        ));
    }
    let mut db = open_db(config)?;
    let now = timefmt::now();
    let batch = db.begin()?;
    let tx = batch.tx();
    let mut ids: Vec<(i64, String)> = Vec::new();
    let mut unknown = Vec::new();
    if args.all || args.group.is_some() {
        if let Some(g) = &args.group
            && tx.group_id(g, false, &now)?.is_none()
        {
            bail!(UsageError(format!("no group named `{g}`")));
        }
        ids.extend(
            tx.held_email_ids(args.group.as_deref())?
                .into_iter()
                .map(|i| (i, String::new())),
        );
    }
    for e in &args.emails {
        let states = tx.hold_states(e)?;
        if states.is_empty() {
            unknown.push(e.clone());
        }
        ids.extend(states.into_iter().map(|s| (s.email_id, s.email)));
    }
    let mut n = 0;
    for (id, _) in &ids {
        n += u64::from(tx.unhold(*id, &now)?);
    }
    batch.commit()?;
    println!("{n} address(es) taken off hold; their earlier bounces no longer count");
    for u in &unknown {
        eprintln!("mailroom: {u}: no such address");
    }
    Ok(if unknown.is_empty() {
        exit::OK
    } else {
        exit::FAILED
    })
}

/// One event, and whether it counts toward a hold.
#[derive(Serialize)]
struct ExplainedEvent {
    #[serde(flatten)]
    event: EventRow,
    counts: bool,
    why: String,
}

/// Per bounce type: counting events against the threshold.
#[derive(Serialize)]
struct TypeProgress {
    bounce_type: String,
    counting: u64,
    threshold: u64,
}

#[derive(Serialize)]
struct ExplainedEmail {
    #[serde(flatten)]
    state: HoldState,
    events: Vec<ExplainedEvent>,
    types: Vec<TypeProgress>,
    hold_log: Vec<HoldLogEntry>,
}

pub fn explain(config: &Config, args: &ExplainArgs) -> Result<i32> {
    let db = open_db(config)?;
    let r = db.reader();
    let states = r.hold_states(&args.email)?;
    if states.is_empty() {
        eprintln!(
            "mailroom: {}: no such address in {}",
            args.email,
            config.database.display()
        );
        return Ok(exit::FAILED);
    }
    let types = r.bounce_types()?;
    let mut out = Vec::new();
    for state in states {
        let mut counting: BTreeMap<String, u64> = BTreeMap::new();
        let events: Vec<ExplainedEvent> = r
            .events_of(state.email_id)?
            .into_iter()
            .map(|e| {
                let (counts, why) = if e.threshold == 0 {
                    (false, format!("{} never holds (threshold 0)", e.bounce_type))
                } else if let Some(i) = e.incident_id {
                    (false, format!("part of incident {i}: the receiver objected to the mailing, not the address"))
                } else if state.reset_date.as_deref().is_some_and(|d| e.recorded_at.as_str() < d) {
                    (false, "recorded before the address was last unheld".to_string())
                } else {
                    (true, "counts".to_string())
                };
                if counts {
                    *counting.entry(e.bounce_type.clone()).or_default() += 1;
                }
                ExplainedEvent { event: e, counts, why }
            })
            .collect();
        let progress = types
            .iter()
            .filter(|(t, _)| {
                counting.contains_key(t) || events.iter().any(|e| &e.event.bounce_type == t)
            })
            .map(|(t, th)| TypeProgress {
                bounce_type: t.clone(),
                counting: counting.get(t).copied().unwrap_or(0),
                threshold: *th,
            })
            .collect();
        let hold_log = r.hold_log(state.email_id)?;
        out.push(ExplainedEmail {
            state,
            events,
            types: progress,
            hold_log,
        });
    }
    if args.json {
        println!("{}", serde_json::to_string(&out)?);
        return Ok(exit::OK);
    }
    for e in &out {
        print_explained(e);
    }
    Ok(exit::OK)
}

fn print_explained(e: &ExplainedEmail) {
    use super::printable;
    let s = &e.state;
    let state = match s.on_hold {
        1 => format!("ON HOLD since {}", s.hold_date.as_deref().unwrap_or("?")),
        2 => "opted out (on_hold 2)".to_string(),
        _ => "not on hold".to_string(),
    };
    println!(
        "{} (contact {}): {state}",
        printable(&s.email),
        s.contact_id
    );
    if let Some(d) = &s.reset_date {
        println!("  bounces before {d} no longer count (unheld then)");
    }
    if e.events.is_empty() {
        println!("  no bounce events");
    }
    for ev in &e.events {
        let x = &ev.event;
        println!(
            "  {} {:<8} {:<16} {:<6} {}",
            x.recorded_at,
            x.bounce_type,
            x.reason,
            x.status,
            if ev.counts {
                "counts".to_string()
            } else {
                format!("does not count: {}", ev.why)
            }
        );
        let mut detail = format!("      decided by {} ({})", printable(&x.rule), x.module);
        if let Some(m) = x.mailing_id {
            detail.push_str(&format!(", mailing {m}"));
        }
        if let Some(c) = &x.claimed_date {
            detail.push_str(&format!(", bounce dated {c}"));
        }
        println!("{detail}");
        if !x.diagnostic.is_empty() {
            println!("      {}", printable(&x.diagnostic));
        }
    }
    for t in &e.types {
        let status = if t.threshold == 0 {
            "never holds".to_string()
        } else if t.counting >= t.threshold {
            "threshold reached".to_string()
        } else {
            format!("{} more to hold", t.threshold - t.counting)
        };
        println!(
            "  {:<8} {} of {} counting: {status}",
            t.bounce_type, t.counting, t.threshold
        );
    }
    for l in &e.hold_log {
        println!("  {} {}: {}", l.at, l.action, printable(&l.why));
    }
}
