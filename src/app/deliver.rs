//! `mailroom deliver --account NAME [--no-process]`: the program getmail (MDA_external) or
//! fetchmail (mda) pipe each message into. Streams standard input durably into the account's
//! maildir (tmp/, fsync, rename into new/, fsync new/), in bounded memory; until that is done
//! every failure exits 75 (EX_TEMPFAIL), so the fetcher keeps the message and retries. Once stored it exits 0 whatever
//! happens next, and prints nothing on success (getmail treats stderr output as failure): a
//! message whose processing fails waits in new/ for the next run or the watcher.

use std::cell::Cell;
use std::os::fd::AsFd;
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
    let parent_gone = Cell::new(false);
    let mut input = ParentWatch::new(std::io::stdin().lock(), &parent_gone);
    let path = match maildir::deliver_from(&dir, &mut input, &|| parent_gone.get()) {
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

/// Standard input, with one check at its end: whether the program that started us (the fetcher)
/// is gone by then. Its end may then be where the fetcher was killed, not the end of the message;
/// and a cut copy filed under its Message-ID would make the whole copy, fetched again, look
/// already filed. Refusing it (exit 75) is no answer: the parent that goes first may as well be
/// a script that ran `producer | mailroom deliver &` and ended (or `nohup`, `setsid -f`), and
/// nobody would fetch that message again. So it is stored, never lost, with `.maybe-cut` in its
/// name (see [`maildir::MAYBE_CUT`]): runs file it as ignored without acting on it, keyed by its
/// file name, so the whole copy is filed and counted as usual.
///
/// Standard input that is a regular file ends where the file does, whoever started us (getmail
/// hands over the message as a complete temporary file): no check then.
struct ParentWatch<'a, R> {
    inner: R,
    /// The parent when we started; None when standard input is a regular file.
    parent: Option<libc::pid_t>,
    /// Set when the parent was gone at the end of the input.
    gone: &'a Cell<bool>,
}

impl<'a, R> ParentWatch<'a, R> {
    fn new(inner: R, gone: &'a Cell<bool>) -> Self {
        let regular = std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(std::fs::File::from)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.file_type().is_file());
        // SAFETY: getppid has no preconditions and cannot fail.
        let parent = (!regular).then(|| unsafe { libc::getppid() });
        ParentWatch {
            inner,
            parent,
            gone,
        }
    }
}

impl<R: std::io::Read> std::io::Read for ParentWatch<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0
            && !buf.is_empty()
            && let Some(parent) = self.parent
            // SAFETY: as above.
            && unsafe { libc::getppid() } != parent
        {
            self.gone.set(true);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn only_piped_input_is_marked_when_the_parent_is_gone() {
        let read_all = |parent: Option<libc::pid_t>| {
            let gone = Cell::new(false);
            let mut w = ParentWatch {
                inner: &b"Subject: x\n\nbody\n"[..],
                parent,
                gone: &gone,
            };
            let mut out = Vec::new();
            w.read_to_end(&mut out).unwrap();
            assert_eq!(out, b"Subject: x\n\nbody\n", "read whole either way");
            gone.get()
        };
        // SAFETY: getppid has no preconditions.
        let now = unsafe { libc::getppid() };
        assert!(!read_all(Some(now)), "the same parent at the end");
        assert!(read_all(Some(now + 1)), "another parent at the end");
        assert!(!read_all(None), "a regular file ends where it ends");
    }
}
