//! `mailroom deliver --account NAME [--no-process]`: the program getmail (MDA_external) or
//! fetchmail (mda) pipe each message into. Streams standard input durably into the account's
//! maildir (tmp/, fsync, rename into new/, fsync new/), in bounded memory; until that is done
//! every failure exits 75 (EX_TEMPFAIL), so the fetcher keeps the message and retries. Once stored it exits 0 whatever
//! happens next, and prints nothing on success (getmail treats stderr output as failure): a
//! message whose processing fails waits in new/ for the next run or the watcher.

use std::path::Path;

use super::exit;
use crate::cli::DeliverArgs;
use crate::config::{self, Check};
use crate::lock::AccountLock;
use crate::maildir::{self, DeliverError, Entry, Sub};
use crate::pipeline::{self, Options};

pub fn deliver(config_path: &Path, args: &DeliverArgs) -> i32 {
    let fail = |what: String| {
        eprintln!(
            "mailroom deliver: {what}; the message was not stored (exit 75: try again later)"
        );
        exit::TEMPFAIL
    };
    let config = match config::load(config_path, Check::Syntax) {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let Some(account) = config.accounts.iter().find(|a| a.name == args.account) else {
        return fail(format!(
            "no account named `{}` in {}",
            args.account,
            config.path.display()
        ));
    };
    let dir = account.source_dir();
    if !maildir::is_maildir(&dir) {
        return fail(format!(
            "account `{}`: {} is not a maildir (run `mailroom init`)",
            account.name,
            dir.display()
        ));
    }
    // Streamed into tmp/: memory stays bounded whatever the size of the message.
    let mut input = ParentWatch::new(std::io::stdin().lock());
    let path = match maildir::deliver_from(&dir, &mut input) {
        Ok(p) => p,
        Err(DeliverError::Input(e)) => return fail(format!("cannot read standard input: {e}")),
        Err(e) => return fail(e.to_string()),
    };
    if args.no_process {
        return exit::OK;
    }
    // Stored: from here on, nothing may turn into a non-zero exit or output on stderr.
    let Ok(_lock) = AccountLock::try_acquire_as(&dir, "deliver") else {
        // Another mailroom (a watcher or a run) holds the account; it or the next run files it.
        tracing::debug!("{}: account busy; left in new/", path.display());
        return exit::OK;
    };
    // One small transaction, then exit: no checkpoint on close (see `Db::short_lived`).
    let mut db = match super::open_db(&config).and_then(|mut db| {
        db.short_lived()?;
        Ok(db)
    }) {
        Ok(db) => db,
        Err(e) => {
            tracing::debug!("{}: not processed: {e:#}", path.display());
            return exit::OK;
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let entry = Entry {
        path: path.clone(),
        sub: Sub::New,
        name,
    };
    match pipeline::process_account(
        &config,
        account,
        &mut db,
        &Options::default(),
        &|| {},
        Some(std::slice::from_ref(&entry)),
    ) {
        Ok(s) => tracing::debug!(
            "{}: processed {} ignored {} left {}",
            path.display(),
            s.processed,
            s.ignored,
            s.left_for_retry
        ),
        Err(e) => tracing::debug!("{}: not processed: {e}", path.display()),
    }
    db.finish_short_lived();
    exit::OK
}

/// Standard input, with one check at its end: when the program that started us (the fetcher)
/// is gone by then, the end may be where it was killed, not the end of the message. Stored,
/// a cut message would be filed (its Message-ID in the ledger), and the whole copy the fetcher
/// sends again would then be taken for a copy already filed; so it is refused (exit 75) instead:
/// the fetcher never saw it delivered and fetches it again.
struct ParentWatch<R> {
    inner: R,
    parent: libc::pid_t,
}

impl<R> ParentWatch<R> {
    fn new(inner: R) -> Self {
        // SAFETY: getppid has no preconditions and cannot fail.
        let parent = unsafe { libc::getppid() };
        ParentWatch { inner, parent }
    }
}

impl<R: std::io::Read> std::io::Read for ParentWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        // SAFETY: as above.
        if n == 0 && !buf.is_empty() && unsafe { libc::getppid() } != self.parent {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!(
                    "the program that piped it (process {}) ended before the message did, \
                     so it may be cut short",
                    self.parent
                ),
            ));
        }
        Ok(n)
    }
}
