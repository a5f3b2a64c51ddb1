//! `mailroom report mailing ID`: what became of a mailing — recipients; bounces by type and
//! reason, hard and soft; holds placed and released; incidents; unsubscribes, opt-outs,
//! resubscribes and replies; the top failing domains — as a table, JSON or CSV, and with
//! `--html FILE` as one self-contained page (inline SVG bar charts, no script, no font or image
//! from elsewhere) that reads in a browser and prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::table::Table;
use super::{UsageError, exit, open_db};
use crate::bounce::Reason;
use crate::cli::ReportMailingArgs;
use crate::config::Config;
use crate::db::{DomainRow, IncidentRow, MailingFigures, MailingRow};

/// How many failing domains the report lists.
const TOP_DOMAINS: usize = 10;

#[derive(Debug, Serialize)]
pub struct Report {
    pub mailing: MailingRow,
    /// Recipients with at least one bounce (auto-replies and complaints aside).
    pub bounced_recipients: u64,
    pub bounce_rate: f64,
    pub bounces: Totals,
    pub by_type: Vec<TypeRow>,
    pub by_reason: Vec<ReasonRow>,
    pub holds: Holds,
    pub incidents: Vec<IncidentRow>,
    pub responses: Responses,
    pub top_domains: Vec<DomainRow>,
}

#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub events: u64,
    pub hard: u64,
    pub soft: u64,
}

#[derive(Debug, Serialize)]
pub struct TypeRow {
    pub bounce_type: String,
    pub events: u64,
    pub hard: u64,
    pub soft: u64,
}

#[derive(Debug, Serialize)]
pub struct ReasonRow {
    pub reason: String,
    pub bounce_type: String,
    pub events: u64,
    pub hard: bool,
}

#[derive(Debug, Serialize)]
pub struct Holds {
    pub placed: u64,
    pub released: u64,
}

#[derive(Debug, Serialize)]
pub struct Responses {
    pub unsubscribes: u64,
    pub optouts: u64,
    pub resubscribes: u64,
    pub replies: u64,
}

/// Builds the report from the database's figures.
pub fn build(mailing: MailingRow, f: MailingFigures) -> Report {
    let mut totals = Totals::default();
    let mut by_type: BTreeMap<String, TypeRow> = BTreeMap::new();
    let mut by_reason: BTreeMap<(String, String, bool), u64> = BTreeMap::new();
    for g in &f.groups {
        let hard = Reason::from_name(&g.reason)
            .is_some_and(|r| r.is_hard(&format!("{}.0.0", g.status_class)));
        let t = by_type
            .entry(g.bounce_type.clone())
            .or_insert_with(|| TypeRow {
                bounce_type: g.bounce_type.clone(),
                events: 0,
                hard: 0,
                soft: 0,
            });
        t.events += g.events;
        totals.events += g.events;
        if hard {
            t.hard += g.events;
            totals.hard += g.events;
        } else {
            t.soft += g.events;
            totals.soft += g.events;
        }
        *by_reason
            .entry((g.reason.clone(), g.bounce_type.clone(), hard))
            .or_default() += g.events;
    }
    let mut by_type: Vec<TypeRow> = by_type.into_values().collect();
    by_type.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then(a.bounce_type.cmp(&b.bounce_type))
    });
    let mut by_reason: Vec<ReasonRow> = by_reason
        .into_iter()
        .map(|((reason, bounce_type, hard), events)| ReasonRow {
            reason,
            bounce_type,
            events,
            hard,
        })
        .collect();
    by_reason.sort_by(|a, b| b.events.cmp(&a.events).then(a.reason.cmp(&b.reason)));
    let rate = if mailing.recipients == 0 {
        0.0
    } else {
        f.bounced_recipients as f64 / mailing.recipients as f64
    };
    Report {
        mailing,
        bounced_recipients: f.bounced_recipients,
        bounce_rate: (rate * 10_000.0).round() / 10_000.0,
        bounces: totals,
        by_type,
        by_reason,
        holds: Holds {
            placed: f.holds_placed,
            released: f.holds_released,
        },
        incidents: f.incidents,
        responses: Responses {
            unsubscribes: f.unsubscribes,
            optouts: f.optouts,
            resubscribes: f.resubscribes,
            replies: f.replies,
        },
        top_domains: f.domains,
    }
}

pub fn mailing(config: &Config, args: &ReportMailingArgs) -> Result<i32> {
    let db = open_db(config)?;
    let r = db.reader();
    let Some(m) = r.mailing(args.id)? else {
        bail!(UsageError(format!(
            "no mailing {} in {}",
            args.id,
            config.database.display()
        )));
    };
    let report = build(m, r.mailing_figures(args.id, TOP_DOMAINS)?);
    if let Some(path) = &args.html {
        std::fs::write(path, html(&report))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.format.json {
        println!("{}", serde_json::to_string(&report)?);
    } else if args.format.csv {
        rows(&report).print(true)?;
    } else {
        print_text(&report);
        if let Some(path) = &args.html {
            println!("\nHTML report: {}", path.display());
        }
    }
    Ok(exit::OK)
}

/// Every figure as (section, name, value) rows, for CSV.
fn rows(r: &Report) -> Table {
    let mut t = Table::new(&["section", "name", "value"]);
    let mut add = |s: &str, n: &str, v: String| t.push(vec![s.to_string(), n.to_string(), v]);
    add("mailing", "id", r.mailing.id.to_string());
    add("mailing", "name", r.mailing.name.clone());
    add("mailing", "recipients", r.mailing.recipients.to_string());
    add(
        "bounces",
        "bounced_recipients",
        r.bounced_recipients.to_string(),
    );
    add("bounces", "bounce_rate", r.bounce_rate.to_string());
    add("bounces", "events", r.bounces.events.to_string());
    add("bounces", "hard", r.bounces.hard.to_string());
    add("bounces", "soft", r.bounces.soft.to_string());
    for x in &r.by_type {
        add("by_type", &x.bounce_type, x.events.to_string());
    }
    for x in &r.by_reason {
        add("by_reason", &x.reason, x.events.to_string());
    }
    add("holds", "placed", r.holds.placed.to_string());
    add("holds", "released", r.holds.released.to_string());
    for x in &r.incidents {
        add("incidents", &x.domain, x.events.to_string());
    }
    add(
        "responses",
        "unsubscribes",
        r.responses.unsubscribes.to_string(),
    );
    add("responses", "optouts", r.responses.optouts.to_string());
    add(
        "responses",
        "resubscribes",
        r.responses.resubscribes.to_string(),
    );
    add("responses", "replies", r.responses.replies.to_string());
    for x in &r.top_domains {
        add("top_domains", &x.domain, x.failed.to_string());
    }
    t
}

fn print_text(r: &Report) {
    use super::printable;
    let m = &r.mailing;
    println!(
        "Mailing {} `{}` (account {}, created {})",
        m.id,
        printable(&m.name),
        m.account,
        m.created_at
    );
    println!("  recipients          {}", m.recipients);
    println!(
        "  bounced recipients  {} ({:.2}%)",
        r.bounced_recipients,
        r.bounce_rate * 100.0
    );
    println!(
        "  bounce events       {} ({} hard, {} soft)",
        r.bounces.events, r.bounces.hard, r.bounces.soft
    );
    println!(
        "  holds               {} placed, {} released",
        r.holds.placed, r.holds.released
    );
    println!(
        "  responses           {} unsubscribed, {} opted out, {} resubscribed, {} replies",
        r.responses.unsubscribes,
        r.responses.optouts,
        r.responses.resubscribes,
        r.responses.replies
    );
    if !r.by_type.is_empty() {
        println!("\nBy type:");
        for x in &r.by_type {
            println!(
                "  {:<10} {:>8}  ({} hard, {} soft)",
                x.bounce_type, x.events, x.hard, x.soft
            );
        }
        println!("\nBy reason:");
        for x in &r.by_reason {
            println!(
                "  {:<16} {:<9} {:>8}  {}",
                x.reason,
                x.bounce_type,
                x.events,
                if x.hard { "hard" } else { "soft" }
            );
        }
    }
    if !r.incidents.is_empty() {
        println!("\nIncidents (the receiver objected to the mailing; these events do not hold):");
        for x in &r.incidents {
            println!(
                "  {:<30} {} events since {}",
                x.domain, x.events, x.created_at
            );
        }
    }
    if !r.top_domains.is_empty() {
        println!("\nTop failing domains:");
        for x in &r.top_domains {
            println!(
                "  {:<30} {} of {} recipients failed",
                printable(&x.domain),
                x.failed,
                x.recipients
            );
        }
    }
}

/// Text for HTML: the five markup characters escaped, control characters dropped.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => o.push(c),
        }
    }
    o
}

/// A horizontal bar chart as inline SVG; `key` prefixes each bar's data-figure attribute.
fn bars(title: &str, key: &str, items: &[(String, u64)]) -> String {
    if items.is_empty() {
        return format!("<p class=\"empty\">No {}.</p>", esc(&title.to_lowercase()));
    }
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1) as f64;
    let (label_w, bar_w, row_h) = (190.0, 380.0, 24.0);
    let height = row_h * items.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{}\" width=\"640\" height=\"{height}\" viewBox=\"0 0 640 {height}\">",
        esc(title)
    );
    for (i, (label, v)) in items.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let w = (*v as f64 / max * bar_w).max(1.0);
        let _ = write!(
            s,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\" class=\"label\">{}</text>\
             <rect x=\"{:.0}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.0}\" class=\"bar\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"value\" data-figure=\"{}.{}\">{v}</text>",
            label_w - 8.0,
            y + 16.0,
            esc(label),
            label_w,
            y + 3.0,
            row_h - 6.0,
            label_w + w + 6.0,
            y + 16.0,
            esc(key),
            esc(label),
        );
    }
    s.push_str("</svg>");
    s
}

/// The report as one self-contained, well-formed HTML page.
pub fn html(r: &Report) -> String {
    let m = &r.mailing;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <title>Mailing {id}: {name}</title><style>{CSS}</style></head><body>\
         <h1>Mailing {id}: {name}</h1><p class=\"meta\">Bounce account {acct}, created {created}.</p>",
        id = m.id,
        name = esc(&m.name),
        acct = esc(&m.account),
        created = esc(&m.created_at),
    );
    let fig = |h: &mut String, label: &str, key: &str, value: String| {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}</th><td data-figure=\"{}\">{}</td></tr>",
            esc(label),
            key,
            esc(&value)
        );
    };
    h.push_str("<section><h2>Summary</h2><table class=\"figures\"><tbody>");
    fig(&mut h, "Recipients", "recipients", m.recipients.to_string());
    fig(
        &mut h,
        "Bounced recipients",
        "bounced_recipients",
        r.bounced_recipients.to_string(),
    );
    fig(
        &mut h,
        "Bounce rate",
        "bounce_rate",
        format!("{:.2}%", r.bounce_rate * 100.0),
    );
    fig(
        &mut h,
        "Bounce events",
        "bounces.events",
        r.bounces.events.to_string(),
    );
    fig(&mut h, "Hard", "bounces.hard", r.bounces.hard.to_string());
    fig(&mut h, "Soft", "bounces.soft", r.bounces.soft.to_string());
    fig(
        &mut h,
        "Holds placed",
        "holds.placed",
        r.holds.placed.to_string(),
    );
    fig(
        &mut h,
        "Holds released",
        "holds.released",
        r.holds.released.to_string(),
    );
    fig(
        &mut h,
        "Unsubscribes",
        "responses.unsubscribes",
        r.responses.unsubscribes.to_string(),
    );
    fig(
        &mut h,
        "Opt-outs",
        "responses.optouts",
        r.responses.optouts.to_string(),
    );
    fig(
        &mut h,
        "Resubscribes",
        "responses.resubscribes",
        r.responses.resubscribes.to_string(),
    );
    fig(
        &mut h,
        "Replies",
        "responses.replies",
        r.responses.replies.to_string(),
    );
    h.push_str("</tbody></table></section>");

    let types: Vec<(String, u64)> = r
        .by_type
        .iter()
        .map(|x| (x.bounce_type.clone(), x.events))
        .collect();
    let _ = write!(
        h,
        "<section><h2>Bounces by type</h2>{}</section>",
        bars("Bounces by type", "by_type", &types)
    );
    let reasons: Vec<(String, u64)> = r
        .by_reason
        .iter()
        .map(|x| (x.reason.clone(), x.events))
        .collect();
    let _ = write!(
        h,
        "<section><h2>Bounces by reason</h2>{}</section>",
        bars("Bounces by reason", "by_reason", &reasons)
    );
    let domains: Vec<(String, u64)> = r
        .top_domains
        .iter()
        .map(|x| (x.domain.clone(), x.failed))
        .collect();
    let _ = write!(
        h,
        "<section><h2>Top failing domains</h2>{}</section>",
        bars("Failed recipients by domain", "top_domains", &domains)
    );
    let responses = vec![
        ("unsubscribes".to_string(), r.responses.unsubscribes),
        ("optouts".to_string(), r.responses.optouts),
        ("resubscribes".to_string(), r.responses.resubscribes),
        ("replies".to_string(), r.responses.replies),
    ];
    let _ = write!(
        h,
        "<section><h2>Responses</h2>{}</section>",
        bars("Responses", "responses_chart", &responses)
    );
    h.push_str("<section><h2>Incidents</h2>");
    if r.incidents.is_empty() {
        h.push_str("<p class=\"empty\">No incidents: no receiving domain objected to the mailing as a whole.</p>");
    } else {
        h.push_str("<p>The receiver objected to the mailing, not to the addresses: these events do not hold.</p><table><thead><tr><th>Domain</th><th>Events</th><th>Since</th></tr></thead><tbody>");
        for x in &r.incidents {
            let _ = write!(
                h,
                "<tr><td>{}</td><td data-figure=\"incidents.{}\">{}</td><td>{}</td></tr>",
                esc(&x.domain),
                esc(&x.domain),
                x.events,
                esc(&x.created_at)
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section><footer>Made by mailroom.</footer></body></html>\n");
    h
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:720px;margin:2em auto;\
padding:0 1em;color:#222}h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #ccc;padding-bottom:.2em;\
margin-top:1.6em}table{border-collapse:collapse}th,td{padding:.2em .8em;text-align:left}\
table.figures td{text-align:right;font-variant-numeric:tabular-nums}.meta,.empty,footer{color:#666}\
svg .bar{fill:#3b6ea8}svg text{font-size:12px;font-family:inherit}svg .label{fill:#333}svg .value{fill:#222}\
footer{margin-top:2em;font-size:.85em}@media print{body{margin:0}section{break-inside:avoid}svg .bar{fill:#555}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">&'\u{1b}[31m"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;[31m"
        );
    }
}
