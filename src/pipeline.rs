//! The pipeline: the only sequencer of a run. Per account: take the account lock, list the
//! waiting messages, and for each batch of `batch_size` messages: read, parse, hand to the role's
//! handler inside a savepoint, write the ledger row, commit the batch durably, and only then move
//! each file into its processed or ignored folder and fsync the folders.
//!
//! Two threads: the caller's reads, hashes and parses the messages in order and runs the
//! handler's [`Prepare`] (the part that needs only the message: for bounces, the tokens and the
//! engine's report); a recorder thread takes them in the same order and does all the rest, so
//! every write and move happens in one thread, in the order a single thread would do them.
//!
//! Invariants: a file is moved only after the commit that records it; a message already in the
//! ledger is moved, never applied again; a temporary failure leaves the file where it is; only a
//! failure that would make every message fail stops the run.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ffi::CString;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, mpsc};
use std::thread;
use std::time::Instant;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::{Account, Config};
use crate::db::{Db, DbError, LedgerEntry, Outcome, Severity};
use crate::fault;
use crate::handlers::{self, Decision, Handler, Incoming, Prepare, Prepared};
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
    };
    // This thread reads, hashes, parses and prepares the messages in order (no database, no
    // order-dependent work); the recorder thread takes them in the same order, batch by batch:
    // savepoints, ledger, commit, moves. Both ends of the hand-over are bounded (READ_AHEAD
    // messages, READ_AHEAD_BYTES bytes), so memory does not grow with the backlog.
    let budget = Budget::default();
    let preparer = handler.preparer();
    let max = config.max_message_bytes;
    let recorded = thread::scope(|scope| {
        let (send, staged) = mpsc::sync_channel(READ_AHEAD);
        let recorder = scope.spawn(|| {
            // However the recorder ends, the reader must not wait for it any longer.
            let _closed = budget.closer();
            ctx.record(db, staged.into_iter().peekable(), &mut s, &budget)
        });
        let mut dirs = Dirs::default();
        for entry in &entries {
            if !budget.wait_for_room() {
                break;
            }
            let st = stage(entry, &mut dirs, max, preparer);
            budget.take(st.bytes());
            tick();
            if send.send((entry, st)).is_err() {
                break;
            }
        }
        drop(send);
        recorder
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    });
    recorded?;
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
}

/// The message bytes read ahead of the recorder at most; a larger message waits until nothing
/// else is in hand. Messages over `max_message_bytes` are never loaded and do not count.
const READ_AHEAD_BYTES: u64 = 32 << 20;

/// How many messages may wait, read and prepared, for the recorder (a batch's worth by default:
/// on a busy machine either thread may lose its core for a while, and the other keeps going).
const READ_AHEAD: usize = 256;

/// The bytes read and not yet recorded, shared by the reader and the recorder.
#[derive(Default)]
struct Budget {
    /// Bytes in hand, and whether the recorder has ended.
    state: Mutex<(u64, bool)>,
    changed: Condvar,
}

impl Budget {
    fn lock(&self) -> MutexGuard<'_, (u64, bool)> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until the bytes in hand are under READ_AHEAD_BYTES (or none are); false when the
    /// recorder has ended.
    fn wait_for_room(&self) -> bool {
        let mut st = self.lock();
        while !st.1 && st.0 >= READ_AHEAD_BYTES {
            st = self.changed.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        !st.1
    }

    fn take(&self, n: u64) {
        self.lock().0 += n;
    }

    /// Gives `n` bytes back when dropped.
    fn held(&self, n: u64) -> impl Drop + '_ {
        struct Held<'b>(&'b Budget, u64);
        impl Drop for Held<'_> {
            fn drop(&mut self) {
                let mut st = self.0.lock();
                st.0 = st.0.saturating_sub(self.1);
                self.0.changed.notify_all();
            }
        }
        Held(self, n)
    }

    /// Marks the recorder ended when dropped.
    fn closer(&self) -> impl Drop + '_ {
        struct Closer<'b>(&'b Budget);
        impl Drop for Closer<'_> {
            fn drop(&mut self) {
                self.0.lock().1 = true;
                self.0.changed.notify_all();
            }
        }
        Closer(self)
    }
}

/// One message read from disk, or why it could not be.
enum Read {
    Bytes { bytes: Vec<u8>, arrived: i64 },
    TooLarge { size: u64, sha256: String },
    Vanished,
    Failed(io::Error),
}

/// A message made ready for the recorder: read, hashed, parsed for its key, with what needs no
/// handler decided (too large, empty, unparseable) and what the handler's [`Prepare`] works
/// out from the message alone.
enum Staged {
    Ready {
        key: String,
        sha: String,
        decided: Option<Decision>,
        arrived: i64,
        /// The bytes as parsed (line ends fixed when they needed it).
        text: Vec<u8>,
        prepared: Option<Prepared>,
    },
    Vanished,
    Failed(io::Error),
}

impl Staged {
    fn bytes(&self) -> u64 {
        match self {
            Staged::Ready { text, .. } => text.len() as u64,
            _ => 0,
        }
    }
}

/// The ledger keys a run may have given the file `name` whose content is `bytes`, most likely
/// first: the key of its header block (after the line-end fix, as `stage` does it), and
/// `file:NAME`, the key of a file that was empty, had no header or was over
/// `max_message_bytes` (which may have been smaller then). What `reprocess` finds a filed
/// message's row by.
pub fn ledger_keys(name: &str, bytes: &[u8]) -> Vec<String> {
    let text = mail::fix_line_ends(bytes);
    let mut keys = Vec::with_capacity(2);
    if !text.is_empty()
        && let Some(k) = mail::key_from_headers(&text)
    {
        keys.push(k);
    }
    keys.push(format!("file:{name}"));
    keys
}

/// Reads, hashes and parses one message, and runs the handler's [`Prepare`] on it. No
/// database, nothing that depends on other messages.
fn stage(
    entry: &Entry,
    dirs: &mut Dirs,
    max: u64,
    preparer: Option<&(dyn Prepare + Sync)>,
) -> Staged {
    let (sha, decided, arrived, bytes) = match read_message(dirs.open(&entry.path), max) {
        // Gone (another process filed it), unless the name is still there: a symbolic link
        // to a missing file, which would otherwise wait unseen for ever.
        Read::Vanished if fs::symlink_metadata(&entry.path).is_ok() => {
            return Staged::Failed(io::Error::other("a symbolic link to a missing file"));
        }
        Read::Vanished => return Staged::Vanished,
        Read::Failed(e) => return Staged::Failed(e),
        Read::TooLarge { size, sha256 } => (
            sha256,
            Some(Decision::ignored(format!(
                "too-large: {size} bytes (max_message_bytes is {max})"
            ))),
            0,
            Vec::new(),
        ),
        Read::Bytes { bytes, arrived } => {
            let sha = hex::encode(Sha256::digest(&bytes));
            (sha, None, arrived, bytes)
        }
    };
    // Stored by `deliver` after the program piping it had ended: perhaps cut short, so nothing
    // in it is acted on, and it is keyed by its name, not by its Message-ID (the whole copy,
    // fetched again, is then no copy already filed).
    let decided = match decided {
        None if maildir::is_maybe_cut(&entry.name) => Some(Decision::ignored(
            "maybe-cut: the program that piped it into `mailroom deliver` ended before the \
             message did, so it may be cut short; nothing in it was acted on (a fetcher fetches \
             the whole message again). If it is whole, `mailroom reprocess --reason maybe-cut` \
             files it",
        )),
        d => d,
    };
    // Files with CR-only line ends (old Mac mailers) parse as one line otherwise.
    let text = match mail::fix_line_ends(&bytes) {
        Cow::Owned(v) => v,
        Cow::Borrowed(_) => bytes,
    };
    // A handler that prepares work ahead (the bounce handler: it classifies) needs the message
    // parsed here, for classifying (`parse_report`); the others parse it in `handle`, so only the
    // header block is read here, for the key.
    let mail = match (&decided, preparer) {
        (None, Some(_)) => Some(Message::parse_report(&text)),
        _ => None,
    };
    let key = match &mail {
        Some(m) => m.is_parsed().then(|| mail::message_key(m)),
        None if decided.is_none() => mail::key_from_headers(&text),
        None => None,
    };
    let (key, decided) = match (decided, key) {
        (Some(d), _) => (format!("file:{}", entry.name), Some(d)),
        (None, _) if text.is_empty() => (
            format!("file:{}", entry.name),
            Some(Decision::ignored("empty: 0-byte file")),
        ),
        (None, None) => (
            format!("file:{}", entry.name),
            Some(Decision::ignored("unparseable: no message header found")),
        ),
        (None, Some(key)) => (key, None),
    };
    let prepared = match (&decided, preparer, &mail) {
        (None, Some(p), Some(m)) => Some(p.prepare(m)),
        _ => None,
    };
    drop(mail);
    Staged::Ready {
        key,
        sha,
        decided,
        arrived,
        text,
        prepared,
    }
}

type Stream<'e> = std::iter::Peekable<mpsc::IntoIter<(&'e Entry, Staged)>>;

impl BatchCtx<'_> {
    /// The recorder: batch after batch of the staged messages, until they run out, the
    /// database is busy, or the run is asked to stop.
    fn record(
        &self,
        db: &mut Db,
        mut staged: Stream<'_>,
        s: &mut AccountSummary,
        budget: &Budget,
    ) -> Result<(), PipelineError> {
        while staged.peek().is_some() {
            if self
                .opts
                .stop
                .as_ref()
                .is_some_and(|f| f.load(Ordering::SeqCst))
            {
                // Asked to stop: what was in hand is committed and filed; the rest waits.
                break;
            }
            match self.run_batch(db, &mut staged, s, budget)? {
                BatchEnd::Continue => {}
                BatchEnd::Busy => {
                    // The database is held by another process past the busy timeout: leave the
                    // rest.
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
        Ok(())
    }

    /// One batch: up to `batch_size` staged messages in one transaction, then their moves.
    fn run_batch(
        &self,
        db: &mut Db,
        staged: &mut Stream<'_>,
        s: &mut AccountSummary,
        budget: &Budget,
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
        let mut moves: Vec<(&Entry, Outcome, String)> = Vec::with_capacity(self.config.batch_size);
        for (entry, st) in staged.by_ref().take(self.config.batch_size) {
            // The reader may read more once this message's bytes are dropped.
            let _held = budget.held(st.bytes());
            let (key, sha, decided, arrived, text, prepared) = match st {
                Staged::Vanished => continue,
                Staged::Failed(e) => {
                    s.unreadable += 1;
                    s.problems.push(format!(
                        "{}: cannot read: {e}; left in place",
                        entry.path.display()
                    ));
                    continue;
                }
                Staged::Ready {
                    key,
                    sha,
                    decided,
                    arrived,
                    text,
                    prepared,
                } => (key, sha, decided, arrived, text, prepared),
            };
            let incoming = Incoming {
                key: &key,
                file_name: &entry.name,
                raw: &text,
                parsed: OnceCell::new(),
                arrived,
                now: &now,
                dry_run: self.opts.dry_run,
                prepared: prepared.as_ref(),
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
                let moved = if fault::fails(fault::Point::Move) {
                    Err(maildir::MaildirError {
                        path: entry.path.clone(),
                        source: io::Error::from_raw_os_error(libc::EACCES),
                    })
                } else {
                    maildir::move_into(&entry.path, &entry.name, folder, entry.sub)
                };
                match moved {
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
                        s.problems.push(format!(
                            "{}: recorded, but cannot move it into {}: {}; the next run moves it",
                            entry.path.display(),
                            folder.join(entry.sub.dir_name()).display(),
                            e.source
                        ));
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

/// The directories messages are read from, kept open: a message is opened relative to its
/// directory (`openat`) instead of walking its whole path again.
#[derive(Default)]
struct Dirs {
    open: Vec<(PathBuf, Option<fs::File>)>,
}

impl Dirs {
    /// Opens `path` for reading, non-blocking (so that a FIFO is refused at once instead of
    /// waiting for a writer; reads of a regular file ignore the flag).
    fn open(&mut self, path: &Path) -> io::Result<fs::File> {
        use std::os::fd::{AsRawFd, FromRawFd};
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::OpenOptionsExt;
        let flags = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_CLOEXEC;
        if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
            let i = match self.open.iter().position(|(p, _)| p == parent) {
                Some(i) => i,
                None => {
                    let dir = fs::OpenOptions::new()
                        .read(true)
                        .custom_flags(libc::O_DIRECTORY)
                        .open(parent)
                        .ok();
                    self.open.push((parent.to_path_buf(), dir));
                    self.open.len() - 1
                }
            };
            if let (Some(dir), Ok(name)) = (&self.open[i].1, CString::new(name.as_bytes())) {
                // SAFETY: a valid directory descriptor and a NUL-terminated name.
                let fd = unsafe { libc::openat(dir.as_raw_fd(), name.as_ptr(), flags) };
                if fd < 0 {
                    return Err(io::Error::last_os_error());
                }
                // SAFETY: `fd` was just opened and is owned by nothing else.
                return Ok(unsafe { fs::File::from_raw_fd(fd) });
            }
        }
        fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
    }
}

/// Reads a message file (opened by the caller), refusing to load one over `max` bytes (it is
/// hashed as a stream). Its size and type come from the open file, and it is read into a buffer
/// of that size.
fn read_message(opened: io::Result<fs::File>, max: u64) -> Read {
    let gone = |e: io::Error| {
        if e.kind() == io::ErrorKind::NotFound {
            Read::Vanished
        } else {
            Read::Failed(e)
        }
    };
    let mut file = match opened {
        Ok(f) => f,
        Err(e) => return gone(e),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return gone(e),
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
        let mut h = Sha256::new();
        return match io::copy(&mut file, &mut h) {
            Ok(_) => Read::TooLarge {
                size: meta.len(),
                sha256: hex::encode(h.finalize()),
            },
            Err(e) => gone(e),
        };
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    match file.read_to_end(&mut bytes) {
        Ok(_) => Read::Bytes { bytes, arrived },
        Err(e) => gone(e),
    }
}
