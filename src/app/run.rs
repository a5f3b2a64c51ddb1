//! `mailroom run`: one pass over every account (or one), with a progress bar on a terminal and a
//! summary per account.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use super::{Output, exit, open_db, select_accounts};
use crate::cli::RunArgs;
use crate::config::Config;
use crate::maildir;
use crate::pipeline::{self, AccountSummary, Options};

pub fn run(config: &Config, args: &RunArgs, out: Output) -> Result<i32> {
    let accounts = select_accounts(config, args.account.as_deref())?;
    let mut db = open_db(config)?;
    let opts = Options {
        limit: args.limit,
        dry_run: args.dry_run,
        ..Default::default()
    };
    let bar = if out.progress && !args.json {
        let total: usize = accounts
            .iter()
            .map(|a| {
                let n = maildir::count(&a.source_dir());
                args.limit.map_or(n, |l| n.min(l))
            })
            .sum();
        let b = ProgressBar::new(total as u64);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} {pos}/{len} messages [{bar:30}] {per_sec} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Some(b)
    } else {
        None
    };
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1)
        }
    };
    let mut summaries = Vec::new();
    for a in accounts {
        let s = pipeline::run_account(config, a, &mut db, &opts, &tick)?;
        summaries.push(s);
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for s in &summaries {
        for p in &s.problems {
            tracing::warn!("{}: {}", s.account, p);
        }
        if let Some(why) = &s.skipped {
            tracing::warn!("account `{}` skipped: {why}", s.account);
        }
    }
    if args.json {
        let v = serde_json::json!({ "dry_run": args.dry_run, "accounts": summaries });
        println!("{v}");
    } else if !out.quiet {
        print_table(&summaries, args.dry_run);
    }
    Ok(exit_status(&summaries))
}

fn print_table(summaries: &[AccountSummary], dry_run: bool) {
    if dry_run {
        println!("dry run: nothing was written or moved");
    }
    println!(
        "{:<16} {:<8} {:>9} {:>9} {:>7} {:>7} {:>8} {:>9}",
        "account", "role", "processed", "ignored", "retry", "failed", "seconds", "msg/s"
    );
    for s in summaries {
        if let Some(why) = &s.skipped {
            println!("{:<16} {:<8} skipped: {why}", s.account, s.role);
            continue;
        }
        println!(
            "{:<16} {:<8} {:>9} {:>9} {:>7} {:>7} {:>8.2} {:>9.0}",
            s.account,
            s.role,
            s.processed,
            s.ignored,
            s.left_for_retry,
            s.unreadable,
            s.seconds,
            s.messages_per_second
        );
        if !s.ignored_reasons.is_empty() {
            let r: Vec<String> = s
                .ignored_reasons
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            println!("{:<16} ignored: {}", "", r.join(", "));
        }
        if s.already_handled > 0 {
            // Counted above, but applied before: say so, or a copy looks like a second event.
            println!(
                "{:<16} of these, {} already in the ledger (a copy delivered again, or left by an interrupted run): only moved, not applied again",
                "", s.already_handled
            );
        }
    }
}

/// 1 when a message could not be read, else 75 when some were left for the next run (database
/// busy, a file that could not be moved), else 0.
fn exit_status(summaries: &[AccountSummary]) -> i32 {
    if summaries.iter().any(|s| s.unreadable > 0) {
        exit::FAILED
    } else if summaries.iter().any(|s| s.left_for_retry > 0) {
        exit::TEMPFAIL
    } else {
        exit::OK
    }
}
