//! `mailroom activities` and `mailroom contact show`: what the activity accounts filed, and one
//! contact with its emails, hold state, groups, latest activities and bounces. Read-only; every
//! string from mail is printed through `printable`.

use anyhow::{Result, anyhow};
use serde_json::json;

use super::{exit, open_db, printable};
use crate::cli::{ActivitiesArgs, ContactShowArgs};
use crate::config::Config;
use crate::db::{ActivityFilter, ActivityRow, Tx};

/// How many activities and bounces `contact show` lists.
const LATEST: u32 = 10;

pub fn activities(config: &Config, args: &ActivitiesArgs) -> Result<i32> {
    let since = super::since_arg(args.since.as_deref())?;
    let db = open_db(config)?;
    let r = db.reader();
    let contact_id = match &args.contact {
        None => None,
        Some(email) => Some(contact_of(&r, email)?),
    };
    let rows = r.list_activities(&ActivityFilter {
        contact_id,
        since: since.as_deref(),
        limit: args.limit,
    })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(exit::OK);
    }
    if rows.is_empty() {
        println!("no activities");
    }
    for a in &rows {
        print_activity(a, "");
    }
    Ok(exit::OK)
}

fn contact_of(r: &Tx<'_>, email: &str) -> Result<i64> {
    r.find_contact(email)?.map(|c| c.contact_id).ok_or_else(|| {
        anyhow!(
            "no contact has the email address {}",
            printable(email.trim())
        )
    })
}

/// One activity in a few lines.
fn print_activity(a: &ActivityRow, indent: &str) {
    let case = a
        .case_ref
        .as_deref()
        .map(|c| format!("  [case #{}]", printable(c)))
        .unwrap_or_default();
    println!(
        "{indent}#{:<5} {}  {} ({}, {}){case}",
        a.id,
        a.activity_date,
        printable(&a.activity_type),
        printable(&a.status),
        printable(&a.account)
    );
    let subject = if a.subject.is_empty() {
        "(no subject)".to_string()
    } else {
        printable(&a.subject)
    };
    println!("{indent}       {subject}");
    for role in ["source", "target", "assignee"] {
        let who: Vec<String> = a
            .contacts
            .iter()
            .filter(|c| c.role == role)
            .map(|c| match &c.email {
                Some(e) if *e != c.display_name => {
                    format!("{} <{}>", printable(&c.display_name), printable(e))
                }
                Some(e) => printable(e),
                None => printable(&c.display_name),
            })
            .collect();
        if !who.is_empty() {
            println!("{indent}       {role}: {}", who.join(", "));
        }
    }
    if let Some(p) = a.parent_id {
        println!("{indent}       reply to #{p}");
    }
    for f in &a.attachments {
        println!(
            "{indent}       attachment: {} ({}, {} bytes)",
            printable(&f.file_name),
            printable(&f.mime_type),
            f.size
        );
    }
    for d in &a.dropped_attachments {
        println!("{indent}       dropped: {}", printable(d));
    }
}

pub fn contact_show(config: &Config, args: &ContactShowArgs) -> Result<i32> {
    let db = open_db(config)?;
    let r = db.reader();
    let id = contact_of(&r, &args.email)?;
    let c = r
        .contact_details(id)?
        .ok_or_else(|| anyhow!("contact {id} was deleted"))?;
    let acts = r.list_activities(&ActivityFilter {
        contact_id: Some(id),
        since: None,
        limit: LATEST,
    })?;
    let bounces = r.contact_bounces(id, LATEST)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "contact": c,
                "activities": acts,
                "bounces": bounces,
            }))?
        );
        return Ok(exit::OK);
    }
    println!(
        "contact {} ({}): {}",
        c.id,
        c.contact_type,
        printable(&c.display_name)
    );
    let names: Vec<String> = [
        ("first", &c.first_name),
        ("middle", &c.middle_name),
        ("last", &c.last_name),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_deref().map(|v| format!("{k} {}", printable(v))))
    .collect();
    if !names.is_empty() {
        println!("  names: {}", names.join(", "));
    }
    println!(
        "  created {} by {}{}",
        c.created_at,
        printable(&c.created_by),
        if c.is_opt_out { "; opted out" } else { "" }
    );
    println!("emails:");
    for e in &c.emails {
        let hold = match e.on_hold {
            0 => "not on hold".to_string(),
            n => format!(
                "ON HOLD ({}) since {}",
                if n == 1 { "bounces" } else { "opt-out" },
                e.hold_date.as_deref().unwrap_or("?")
            ),
        };
        let reset = e
            .reset_date
            .as_deref()
            .map(|d| format!(", reset {d}"))
            .unwrap_or_default();
        println!(
            "  {}{}  {hold}{reset}",
            printable(&e.email),
            if e.is_primary { " (primary)" } else { "" }
        );
    }
    println!("groups:");
    if c.groups.is_empty() {
        println!("  none");
    }
    for g in &c.groups {
        println!(
            "  {} ({}) since {}",
            printable(&g.name),
            g.status,
            g.updated_at
        );
    }
    println!("latest activities:");
    if acts.is_empty() {
        println!("  none");
    }
    for a in &acts {
        print_activity(a, "  ");
    }
    println!("latest bounces:");
    if bounces.is_empty() {
        println!("  none");
    }
    for b in &bounces {
        println!(
            "  {}  {}  {}: {}",
            b.recorded_at,
            printable(&b.email),
            b.bounce_type,
            printable(&b.reason)
        );
    }
    Ok(exit::OK)
}
