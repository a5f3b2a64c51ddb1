//! The admin commands: `status`, `reprocess`, `prune`, `backup` and `config check`.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::{UsageError, exit, open_db, select_accounts};
use crate::cli::{BackupArgs, PruneArgs, ReprocessArgs, StatusArgs};
use crate::config::Config;
use crate::db::{LedgerTotals, Outcome};
use crate::lock::AccountLock;
use crate::maildir::{self, Sub};
use crate::pipeline;
use crate::timefmt;

#[derive(Serialize)]
struct AccountStatus {
    account: String,
    role: String,
    folder: String,
    waiting: usize,
    #[serde(flatten)]
    ledger: LedgerTotals,
}

pub fn status(config: &Config, args: &StatusArgs) -> Result<i32> {
    let db = open_db(config)?;
    let r = db.reader();
    let mut rows = Vec::new();
    for a in &config.accounts {
        rows.push(AccountStatus {
            account: a.name.clone(),
            role: a.role.as_str().into(),
            folder: a.source_dir().display().to_string(),
            waiting: maildir::count(&a.source_dir()),
            ledger: r.ledger_totals(&a.name)?,
        });
    }
    if args.json {
        println!(
            "{}",
            serde_json::json!({ "database": config.database, "accounts": rows })
        );
        return Ok(exit::OK);
    }
    println!("database: {}", config.database.display());
    println!(
        "{:<16} {:<8} {:>8} {:>10} {:>9}  last handled",
        "account", "role", "waiting", "processed", "ignored"
    );
    for s in &rows {
        println!(
            "{:<16} {:<8} {:>8} {:>10} {:>9}  {}",
            s.account,
            s.role,
            s.waiting,
            s.ledger.processed,
            s.ledger.ignored,
            s.ledger.last_handled.as_deref().unwrap_or("never")
        );
        if !s.ledger.ignored_by_reason.is_empty() {
            let r: Vec<String> = s
                .ledger
                .ignored_by_reason
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            println!("{:<16} ignored: {}", "", r.join(", "));
        }
    }
    Ok(exit::OK)
}

/// Does `reason` match the --reason filter: the code (before ':'), the whole reason, or a prefix
/// given as `text*`.
fn reason_matches(filter: &str, reason: &str) -> bool {
    match filter.strip_suffix('*') {
        Some(prefix) => reason.starts_with(prefix),
        None => reason == filter || reason.split(':').next() == Some(filter),
    }
}

pub fn reprocess(config: &Config, args: &ReprocessArgs) -> Result<i32> {
    let since = super::since_arg(args.since.as_deref())?;
    let accounts = select_accounts(config, args.account.as_deref())?;
    let mut db = open_db(config)?;
    let mut total = 0usize;
    for a in accounts {
        let src = a.source_dir();
        let _lock = AccountLock::try_acquire(&src).with_context(|| {
            format!(
                "account `{}`: cannot reprocess while another mailroom holds it (a watcher: \
                 stop it, e.g. `systemctl stop mailroom-watch`, reprocess, start it again)",
                a.name
            )
        })?;
        let ignored = a.ignored_dir();
        let files = maildir::scan(&ignored)?;
        let mut moved = 0usize;
        for chunk in files.chunks(config.batch_size) {
            let batch = db.begin()?;
            let tx = batch.tx();
            let mut back = Vec::new();
            for e in chunk {
                let bytes = match fs::read(&e.path) {
                    Ok(b) => b,
                    Err(err) => {
                        tracing::warn!("{}: cannot read: {err}", e.path.display());
                        continue;
                    }
                };
                // Its row under whichever key the run gave it (an ignored row first: a message
                // filed as too large is keyed by its file name, and a copy by its Message-ID may
                // have been processed).
                let mut found = None;
                for key in pipeline::ledger_keys(&e.name, &bytes) {
                    if let Some(r) = tx.ledger_get(&a.name, &key)? {
                        let ignored = r.outcome == Outcome::Ignored;
                        if found.is_none() || ignored {
                            found = Some((key, r));
                        }
                        if ignored {
                            break;
                        }
                    }
                }
                let (key, row) = match found {
                    Some((k, r)) => (k, Some(r)),
                    None => (String::new(), None),
                };
                let wanted = match &row {
                    Some(r) => {
                        r.outcome == Outcome::Ignored
                            && args
                                .reason
                                .as_deref()
                                .is_none_or(|f| reason_matches(f, &r.reason))
                            && since.as_deref().is_none_or(|s| r.handled_at.as_str() >= s)
                    }
                    // No ledger row (pruned, or filed by hand): only when no filter asks for one.
                    None => args.reason.is_none() && since.is_none(),
                };
                if wanted {
                    if row.is_some() {
                        tx.ledger_forget(&a.name, &key)?;
                    }
                    back.push(e);
                }
            }
            batch.commit()?;
            // The ledger rows are gone; now move the files back. A crash here leaves them in
            // ignored/ with no row: a second reprocess (without filters) brings them back.
            for e in &back {
                // A message kept as maybe cut short comes back as whole: the administrator
                // asked for it.
                maildir::move_into_as_whole(&e.path, &e.name, &src, e.sub)?;
                moved += 1;
            }
            if !back.is_empty() {
                for sub in [Sub::New, Sub::Cur] {
                    maildir::sync_dir(&src.join(sub.dir_name()))?;
                    maildir::sync_dir(&ignored.join(sub.dir_name()))?;
                }
            }
        }
        println!("{}: {moved} messages moved back for the next run", a.name);
        total += moved;
    }
    if total > 0 {
        println!("run `mailroom run` to handle them again");
    }
    Ok(exit::OK)
}

pub fn prune(config: &Config, args: &PruneArgs) -> Result<i32> {
    let accounts = select_accounts(config, args.account.as_deref())?;
    let cutoff = timefmt::days_ago(args.older_than);
    let cutoff_secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as i64
        - i64::from(args.older_than) * 86_400;
    let mut db = open_db(config)?;
    for a in accounts {
        let mut files = 0usize;
        for folder in [a.processed_dir(), a.ignored_dir()] {
            files += prune_folder(&folder, cutoff_secs)?;
        }
        // No lock (a watcher holds its account's for good): keeping the rows of the files
        // waiting now is conservative whatever a run does meanwhile (a row it writes is new).
        let waiting: Vec<String> = maildir::scan(&a.source_dir())?
            .into_iter()
            .map(|e| e.name)
            .collect();
        let batch = db.begin()?;
        let rows = batch.tx().ledger_prune(Some(&a.name), &cutoff, &waiting)?;
        batch.commit()?;
        println!(
            "{}: deleted {files} filed messages and {rows} ledger rows older than {} days",
            a.name, args.older_than
        );
    }
    Ok(exit::OK)
}

/// Deletes the messages of a filed folder that were filed before `cutoff` (seconds): the time a
/// file was moved in is its inode change time, which a rename sets.
fn prune_folder(folder: &Path, cutoff: i64) -> Result<usize> {
    use std::os::unix::fs::MetadataExt;
    let mut n = 0;
    for e in maildir::scan(folder)? {
        let meta = match fs::metadata(&e.path) {
            Ok(m) => m,
            Err(_) => continue,
        };
        if meta.ctime() <= cutoff {
            fs::remove_file(&e.path)
                .with_context(|| format!("cannot delete {}", e.path.display()))?;
            n += 1;
        }
    }
    Ok(n)
}

pub fn backup(config: &Config, args: &BackupArgs) -> Result<i32> {
    if args.file.exists() {
        return Err(UsageError(format!(
            "{} already exists; give a new file name",
            args.file.display()
        ))
        .into());
    }
    let db = open_db(config)?;
    db.backup_to(&args.file)?;
    println!(
        "copied {} to {}",
        config.database.display(),
        args.file.display()
    );
    Ok(exit::OK)
}

pub fn config_check(config: &Config) -> Result<i32> {
    println!("config {}: ok", config.path.display());
    println!("database: {}", config.database.display());
    println!("attachments: {}", config.attachments_dir.display());
    for a in &config.accounts {
        println!("account `{}` ({})", a.name, a.role.as_str());
        println!("  reads      {}", a.source_dir().display());
        println!("  processed  {}", a.processed_dir().display());
        println!("  ignored    {}", a.ignored_dir().display());
        if a.role == crate::config::Role::Bounce {
            println!(
                "  VERP       {}b{s}<job>{s}<queue>{s}<hash>@{}",
                a.bounce.localpart,
                a.bounce.domain,
                s = a.bounce.separator
            );
        }
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::reason_matches;

    #[test]
    fn reason_filter() {
        assert!(reason_matches("no-verp-token", "no-verp-token"));
        assert!(reason_matches("too-large", "too-large: 5 bytes"));
        assert!(reason_matches("too*", "too-large: 5 bytes"));
        assert!(!reason_matches("too", "too-large: 5 bytes"));
    }
}
