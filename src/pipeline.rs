//! The pipeline: the only sequencer of a run. Per account: take the account lock, list the
//! waiting messages, and for each batch of `batch_size` messages: read, parse, hand to the role's
//! handler inside a savepoint, write the ledger row, commit the batch durably, and only then move
//! each file into its processed or ignored folder and fsync the folders.
//!
//! Invariants: a file is moved only after the commit that records it; a message already in the
//! ledger is moved, never applied again; a temporary failure leaves the file where it is; only a
//! failure that would make every message fail stops the run.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::{Account, Config};
use crate::db::{Db, DbError, LedgerEntry, Outcome, Severity};
use crate::fault;
use crate::handlers::{self, Decision, Handler, Incoming};
use crate::lock::{AccountLock, LockError};
use crate::mail::{self, Message};
use crate::maildir::{self, Entry, MaildirError};
use crate::timefmt;

/// How a run goes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Handle at most this many messages per account.
    pub limit: Option<usize>,
    /// Decide only: roll back every transaction, move nothing.
    pub dry_run: bool,
    /// Set (by a signal handler) to stop after the batch in hand.
    pub stop: Option<Arc<AtomicBool>>,
}

/// What a run did for one account.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AccountSummary {
    pub account: String,
    pub role: String,
    /// Messages found waiting (after --limit).
    pub found: usize,
    /// Filed into processed/ (or, in a dry run, would be).
    pub processed: usize,
    /// Filed into ignored/.
    pub ignored: usize,
    /// Of those filed, how many were already in the ledger and were only moved.
    pub already_handled: usize,
    /// Left in place for the next run (database busy, or the file could not be moved).
    pub left_for_retry: usize,
    /// Files that could not be read; left in place and listed in `problems`.
    pub unreadable: usize,
    pub seconds: f64,
    pub messages_per_second: f64,
    /// Set when the account was not processed at all, with the reason (e.g. its lock is held).
    pub skipped: Option<String>,
    /// Per-message problems worth a look, each naming the file.
    pub problems: Vec<String>,
    /// Ignored messages by reason code, in this run.
    pub ignored_reasons: std::collections::BTreeMap<String, usize>,
}

/// A failure that stops the run: every further message would fail too.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("account `{account}`: {source}")]
    Db { account: String, source: DbError },
    #[error("account `{account}`: {source}")]
    Maildir {
        account: String,
        source: MaildirError,
    },
    #[error("account `{account}`: {source}")]
    Lock { account: String, source: LockError },
}

/// Called once per message handled, for progress bars.
pub type Tick<'a> = &'a dyn Fn();

/// Runs one pass over `account`, taking its lock for the duration (a dry run takes none).
/// When another process holds the lock, the account is skipped and the summary says why.
pub fn run_account(
    config: &Config,
    account: &Account,
    db: &mut Db,
    opts: &Options,
    tick: Tick<'_>,
) -> Result<AccountSummary, PipelineError> {
    let _lock = if opts.dry_run {
        None
    } else {
        match AccountLock::try_acquire(&account.source_dir()) {
            Ok(l) => Some(l),
            Err(LockError::Busy { holder, .. }) => {
                let mut s = AccountSummary::new(account);
                s.skipped = Some(format!("another mailroom is working on it ({holder})"));
                return Ok(s);
            }
            Err(e) => {
                return Err(PipelineError::Lock {
                    account: account.name.clone(),
                    source: e,
                });
            }
        }
    };
    process_account(config, account, db, opts, tick, None)
}

/// One pass over `account` by a caller that holds its lock: every waiting message, or only
/// `only` (file names in new/ or cur/) when given.
pub fn process_account(
    config: &Config,
    account: &Account,
    db: &mut Db,
    opts: &Options,
    tick: Tick<'_>,
    only: Option<&[Entry]>,
) -> Result<AccountSummary, PipelineError> {
    let started = Instant::now();
    let mut s = AccountSummary::new(account);
    let mderr = |source| PipelineError::Maildir {
        account: account.name.clone(),
        source,
    };
    let processed_dir = account.processed_dir();
    let ignored_dir = account.ignored_dir();
    if !opts.dry_run {
        maildir::create(&processed_dir, true).map_err(mderr)?;
        maildir::create(&ignored_dir, true).map_err(mderr)?;
    }
    let mut entries = match only {
        Some(list) => list.to_vec(),
        None => {
            if !opts.dry_run {
                // Leftovers of deliveries killed before their rename (never acknowledged).
                let n = maildir::clean_tmp(&account.source_dir(), maildir::STALE_TMP);
                if n > 0 {
                    tracing::info!("{}: deleted {n} stale files from tmp/", account.name);
                }
            }
            maildir::scan(&account.source_dir()).map_err(mderr)?
        }
    };
    if let Some(n) = opts.limit {
        entries.truncate(n);
    }
    s.found = entries.len();
    let handler = handlers::for_account(config, account);
    let ctx = BatchCtx {
        config,
        account,
        handler: handler.as_ref(),
        opts,
        processed_dir: &processed_dir,
        ignored_dir: &ignored_dir,
        tick,
    };
    for chunk in entries.chunks(config.batch_size) {
        if opts.stop.as_ref().is_some_and(|f| f.load(Ordering::SeqCst)) {
            // Asked to stop: what was in hand is committed and filed; the rest waits.
            break;
        }
        match ctx.run_batch(db, chunk, &mut s)? {
            BatchEnd::Continue => {}
            BatchEnd::Busy => {
                // The database is held by another process past the busy timeout: leave the rest.
                s.left_for_retry = s
                    .found
                    .saturating_sub(s.processed + s.ignored + s.unreadable);
                s.problems.push(format!(
                    "database {} is busy (held by another process); {} messages left for the next run",
                    db.path().display(),
                    s.left_for_retry
                ));
                break;
            }
        }
    }
    s.seconds = started.elapsed().as_secs_f64();
    let handled = (s.processed + s.ignored) as f64;
    s.messages_per_second = if s.seconds > 0.0 {
        handled / s.seconds
    } else {
        0.0
    };
    Ok(s)
}

impl AccountSummary {
    fn new(account: &Account) -> AccountSummary {
        AccountSummary {
            account: account.name.clone(),
            role: account.role.as_str().to_string(),
            ..Default::default()
        }
    }
}

enum BatchEnd {
    Continue,
    /// The batch could not start or commit because the database is busy; its files are untouched.
    Busy,
}

struct BatchCtx<'a> {
    config: &'a Config,
    account: &'a Account,
    handler: &'a dyn Handler,
    opts: &'a Options,
    processed_dir: &'a Path,
    ignored_dir: &'a Path,
    tick: Tick<'a>,
}

/// One message read from disk, or why it could not be.
enum Read {
    Bytes { bytes: Vec<u8>, arrived: i64 },
    TooLarge { size: u64, sha256: String },
    Vanished,
    Failed(io::Error),
}

impl BatchCtx<'_> {
    fn run_batch(
        &self,
        db: &mut Db,
        chunk: &[Entry],
        s: &mut AccountSummary,
    ) -> Result<BatchEnd, PipelineError> {
        let dberr = |source| PipelineError::Db {
            account: self.account.name.clone(),
            source,
        };
        let mut batch = match db.begin() {
            Ok(b) => b,
            Err(e) if e.severity() == Severity::Busy => return Ok(BatchEnd::Busy),
            Err(e) => return Err(dberr(e)),
        };
        let now = timefmt::now();
        let mut moves: Vec<(&Entry, Outcome, String)> = Vec::with_capacity(chunk.len());
        for entry in chunk {
            (self.tick)();
            let read = read_message(&entry.path, self.config.max_message_bytes);
            let (key, sha, decided, arrived, bytes) = match read {
                Read::Vanished => continue,
                Read::Failed(e) => {
                    s.unreadable += 1;
                    s.problems.push(format!(
                        "{}: cannot read: {e}; left in place",
                        entry.path.display()
                    ));
                    continue;
                }
                Read::TooLarge { size, sha256 } => (
                    format!("file:{}", entry.name),
                    sha256,
                    Some(Decision::ignored(format!(
                        "too-large: {size} bytes (max_message_bytes is {})",
                        self.config.max_message_bytes
                    ))),
                    0,
                    Vec::new(),
                ),
                Read::Bytes { bytes, arrived } => {
                    let sha = hex::encode(Sha256::digest(&bytes));
                    (String::new(), sha, None, arrived, bytes)
                }
            };
            // Files with CR-only line ends (old Mac mailers) parse as one line otherwise.
            let fixed = mail::fix_line_ends(&bytes);
            let mail = Message::parse(&fixed);
            let (key, decided) = match decided {
                Some(d) => (key, Some(d)),
                None if bytes.is_empty() => (
                    format!("file:{}", entry.name),
                    Some(Decision::ignored("empty: 0-byte file")),
                ),
                None if !mail.is_parsed() => (
                    format!("file:{}", entry.name),
                    Some(Decision::ignored("unparseable: no message header found")),
                ),
                None => (mail::message_key(&mail), None),
            };
            let incoming = Incoming {
                key: &key,
                file_name: &entry.name,
                mail: &mail,
                arrived,
                now: &now,
                dry_run: self.opts.dry_run,
            };
            let ledger = |d: &Decision| LedgerEntry {
                account: self.account.name.clone(),
                message_key: key.clone(),
                file_sha256: sha.clone(),
                outcome: d.outcome,
                reason: d.reason.clone(),
                file_name: entry.name.clone(),
                handled_at: now.clone(),
            };
            let result = batch.savepoint(|tx| {
                if let Some(prev) = tx.ledger_get(&self.account.name, &key)? {
                    return Ok((prev.outcome, prev.reason, true));
                }
                let d = match &decided {
                    Some(d) => d.clone(),
                    None => self.handler.handle(&incoming, tx)?,
                };
                tx.ledger_insert(&ledger(&d))?;
                Ok((d.outcome, d.reason, false))
            });
            let (outcome, reason, seen) = match result {
                Ok(r) => r,
                Err(e) => match e.severity() {
                    Severity::Busy => {
                        s.left_for_retry += 1;
                        if let DbError::Deferred(why) = &e {
                            s.problems.push(format!(
                                "{}: kept for another try: {why}",
                                entry.path.display()
                            ));
                        }
                        continue;
                    }
                    Severity::Fatal => {
                        let _ = batch.rollback();
                        return Err(dberr(e));
                    }
                    Severity::Message => {
                        // This message's writes were undone; file it as ignored, with the error.
                        let d = Decision::ignored(format!("error: {e}"));
                        s.problems.push(format!("{}: {e}", entry.path.display()));
                        match batch.savepoint(|tx| tx.ledger_insert(&ledger(&d))) {
                            Ok(()) => (d.outcome, d.reason, false),
                            Err(e) if e.severity() == Severity::Busy => {
                                s.left_for_retry += 1;
                                continue;
                            }
                            Err(e) => {
                                let _ = batch.rollback();
                                return Err(dberr(e));
                            }
                        }
                    }
                },
            };
            if seen {
                s.already_handled += 1;
            }
            moves.push((entry, outcome, reason));
        }
        if self.opts.dry_run {
            batch.rollback().map_err(dberr)?;
        } else {
            if let Err(e) = self.handler.before_commit() {
                let _ = batch.rollback();
                return Err(dberr(e));
            }
            match batch.commit() {
                Ok(()) => {}
                Err(e) if e.severity() == Severity::Busy => return Ok(BatchEnd::Busy),
                Err(e) => return Err(dberr(e)),
            }
            fault::reached(fault::Point::AfterCommit);
        }
        let mut touched: Vec<PathBuf> = Vec::new();
        let src = self.account.source_dir();
        for (entry, outcome, reason) in moves {
            if !self.opts.dry_run {
                let folder = match outcome {
                    Outcome::Processed => self.processed_dir,
                    Outcome::Ignored => self.ignored_dir,
                };
                match maildir::move_into(&entry.path, &entry.name, folder, entry.sub) {
                    Ok(_) => {
                        fault::reached(fault::Point::AfterMove);
                        // Both ends of the rename must reach the disk.
                        for d in [
                            folder.join(entry.sub.dir_name()),
                            src.join(entry.sub.dir_name()),
                        ] {
                            if !touched.contains(&d) {
                                touched.push(d);
                            }
                        }
                    }
                    Err(e) if e.source.kind() == io::ErrorKind::NotFound => continue,
                    Err(e) => {
                        // Recorded but not moved: the next run finds the ledger row and moves it.
                        s.left_for_retry += 1;
                        s.problems.push(format!("cannot file it: {e}"));
                        continue;
                    }
                }
            }
            match outcome {
                Outcome::Processed => s.processed += 1,
                Outcome::Ignored => {
                    s.ignored += 1;
                    let code = reason.split(':').next().unwrap_or("").to_string();
                    *s.ignored_reasons.entry(code).or_default() += 1;
                }
            }
        }
        if !touched.is_empty() {
            for d in touched {
                maildir::sync_dir(&d).map_err(|source| PipelineError::Maildir {
                    account: self.account.name.clone(),
                    source,
                })?;
            }
        }
        Ok(BatchEnd::Continue)
    }
}

/// Reads a message file, refusing to load one over `max` bytes (it is hashed as a stream).
fn read_message(path: &Path, max: u64) -> Read {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Read::Vanished,
        Err(e) => return Read::Failed(e),
    };
    if !meta.is_file() {
        // A FIFO or device would block or never end; a directory is no message.
        return Read::Failed(io::Error::other("not a regular file"));
    }
    let arrived = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    if meta.len() > max {
        let hashed = fs::File::open(path).and_then(|mut f| {
            let mut h = Sha256::new();
            io::copy(&mut f, &mut h)?;
            Ok(hex::encode(h.finalize()))
        });
        return match hashed {
            Ok(sha256) => Read::TooLarge {
                size: meta.len(),
                sha256,
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => Read::Vanished,
            Err(e) => Read::Failed(e),
        };
    }
    match fs::read(path) {
        Ok(bytes) => Read::Bytes { bytes, arrived },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Read::Vanished,
        Err(e) => Read::Failed(e),
    }
}
