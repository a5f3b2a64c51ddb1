//! `mailroom watch`: process the backlog, then wait for new messages in new/ and cur/ of every
//! account's folder (inotify through the notify crate, or polling with `--poll`) and process them
//! as they land; a burst is handled in batches, since each pass takes everything waiting.
//!
//! Holds every watched account's lock for its whole life, so a second watcher refuses to start
//! and batch runs skip those accounts. SIGTERM/SIGINT: the batch in hand is committed and filed,
//! then exit 0. SIGHUP: reload the config (a bad one is reported and the old one kept). Folders
//! removed and recreated are watched again; a queue overflow triggers a rescan; every
//! `RESCAN_EVERY` a full pass catches anything an event missed.

use std::collections::BTreeSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::{exit, open_db, select_accounts};
use crate::cli::WatchArgs;
use crate::config::{self, Check, Config};
use crate::db::Db;
use crate::lock::{AccountLock, LockError};
use crate::pipeline::{self, Options};

/// A full pass over every account this often, whatever the events say.
const RESCAN_EVERY: Duration = Duration::from_secs(60);
/// How often the watched folders are checked for removal or recreation.
const CHECK_FOLDERS_EVERY: Duration = Duration::from_secs(2);
/// The longest wait for an event before looking at signals again.
const TICK: Duration = Duration::from_millis(200);

type Events = Receiver<notify::Result<notify::Event>>;

/// The state of a watcher for one config.
struct Session {
    config: Config,
    /// Names of the accounts watched.
    accounts: Vec<String>,
    _locks: Vec<AccountLock>,
    db: Db,
    watcher: Box<dyn Watcher>,
    events: Events,
    /// The directories watched, with the inode each had when its watch was set.
    watched: Vec<(PathBuf, Option<(u64, u64)>)>,
    /// Print JSON lines on stdout (--json).
    json: bool,
}

pub fn watch(config_path: &Path, args: &WatchArgs) -> Result<i32> {
    let stop = Arc::new(AtomicBool::new(false));
    let reload = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("cannot install signal handler")?;
    }
    signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&reload))
        .context("cannot install signal handler")?;

    let opts = Options {
        stop: Some(Arc::clone(&stop)),
        ..Default::default()
    };
    let mut config = config::load(config_path, Check::MaildirsExist)?;
    loop {
        let mut session = Session::start(config, args, &stop)?;
        tracing::info!(
            "watching {} ({})",
            session.accounts.join(", "),
            if args.poll.is_some() {
                "polling"
            } else {
                "inotify"
            }
        );
        match session.serve(&opts, &stop, &reload, config_path)? {
            None => break,
            // Drop the session (its locks and watches) before the new one takes them.
            Some(new) => {
                drop(session);
                config = new;
                tracing::info!("config reloaded");
            }
        }
    }
    tracing::info!("stopping: everything in hand is committed and filed");
    Ok(exit::OK)
}

impl Session {
    fn start(config: Config, args: &WatchArgs, stop: &AtomicBool) -> Result<Session> {
        let names: Vec<String> = select_accounts(&config, args.account.as_deref())?
            .into_iter()
            .map(|a| a.name.clone())
            .collect();
        let mut locks = Vec::new();
        for a in config.accounts.iter().filter(|a| names.contains(&a.name)) {
            locks.push(lock_for_watch(&a.source_dir(), &a.name, stop)?);
        }
        let db = open_db(&config)?;
        let (tx, rx) = mpsc::channel();
        let watcher: Box<dyn Watcher> = match args.poll {
            Some(secs) => Box::new(PollWatcher::new(
                tx,
                notify::Config::default().with_poll_interval(Duration::from_secs(secs)),
            )?),
            None => Box::new(RecommendedWatcher::new(tx, notify::Config::default())?),
        };
        let mut s = Session {
            config,
            accounts: names,
            _locks: locks,
            db,
            watcher,
            events: rx,
            watched: Vec::new(),
            json: args.json,
        };
        for dir in s.wanted_dirs() {
            s.add_watch(&dir);
        }
        Ok(s)
    }

    /// Processes the backlog, then events, until stopped (None) or the config was reloaded
    /// successfully (Some: the new config).
    fn serve(
        &mut self,
        opts: &Options,
        stop: &AtomicBool,
        reload: &AtomicBool,
        config_path: &Path,
    ) -> Result<Option<Config>> {
        let mut dirty: BTreeSet<String> = self.accounts.iter().cloned().collect();
        let mut last_rescan = Instant::now();
        let mut last_check = Instant::now();
        let mut ready = false;
        while !stop.load(Ordering::SeqCst) {
            self.process(&mut dirty, opts)?;
            if !ready {
                ready = true;
                self.emit(&serde_json::json!({ "event": "ready", "accounts": self.accounts }));
            }
            match self.events.recv_timeout(TICK) {
                Ok(ev) => {
                    self.note(ev, &mut dirty);
                    // Take whatever else is queued: a burst becomes one pass.
                    while let Ok(ev) = self.events.try_recv() {
                        self.note(ev, &mut dirty);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => bail!("the file watcher stopped"),
            }
            if last_check.elapsed() >= CHECK_FOLDERS_EVERY {
                self.check_folders(&mut dirty);
                last_check = Instant::now();
            }
            if last_rescan.elapsed() >= RESCAN_EVERY {
                dirty.extend(self.accounts.iter().cloned());
                last_rescan = Instant::now();
            }
            if reload.swap(false, Ordering::SeqCst) {
                match config::load(config_path, Check::MaildirsExist) {
                    Err(e) => {
                        tracing::error!("config reload failed; keeping the old config: {e}");
                        self.emit(&serde_json::json!({
                            "event": "reload", "ok": false, "error": e.to_string()
                        }));
                    }
                    Ok(new) => {
                        self.emit(&serde_json::json!({ "event": "reload", "ok": true }));
                        return Ok(Some(new));
                    }
                }
            }
        }
        Ok(None)
    }

    /// new/ and cur/ of every watched account's folder.
    fn wanted_dirs(&self) -> Vec<PathBuf> {
        self.config
            .accounts
            .iter()
            .filter(|a| self.accounts.contains(&a.name))
            .flat_map(|a| {
                let src = a.source_dir();
                [src.join("new"), src.join("cur")]
            })
            .collect()
    }

    fn add_watch(&mut self, dir: &Path) {
        let ino = inode(dir);
        match self.watcher.watch(dir, RecursiveMode::NonRecursive) {
            Ok(()) => self.watched.push((dir.to_path_buf(), ino)),
            Err(e) => tracing::warn!("cannot watch {}: {e}; will retry", dir.display()),
        }
    }

    /// Watches again every folder that was removed, recreated or could not be watched; marks
    /// the accounts whose folders changed as dirty.
    fn check_folders(&mut self, dirty: &mut BTreeSet<String>) {
        let mut changed = false;
        for dir in self.wanted_dirs() {
            let now = inode(&dir);
            let pos = self.watched.iter().position(|(d, _)| *d == dir);
            let stale = match pos {
                Some(i) => self.watched[i].1 != now,
                None => now.is_some(),
            };
            if !stale {
                continue;
            }
            if let Some(i) = pos {
                let _ = self.watcher.unwatch(&dir);
                self.watched.remove(i);
            }
            if now.is_some() {
                tracing::info!("watching {} again", dir.display());
                self.add_watch(&dir);
            }
            changed = true;
        }
        if changed {
            dirty.extend(self.accounts.iter().cloned());
        }
    }

    /// Marks the account an event concerns as dirty (every account on an error or overflow).
    fn note(&mut self, ev: notify::Result<notify::Event>, dirty: &mut BTreeSet<String>) {
        let ev = match ev {
            Ok(ev) => ev,
            Err(e) => {
                tracing::warn!("file watcher: {e}; rescanning");
                dirty.extend(self.accounts.iter().cloned());
                return;
            }
        };
        if ev.need_rescan() || matches!(ev.kind, EventKind::Other) {
            dirty.extend(self.accounts.iter().cloned());
            return;
        }
        // A watched folder itself removed: its watch is gone with it. Forget it, so the next
        // folder check watches the folder made in its place even when it got the same inode
        // number (file systems reuse them at once).
        if matches!(ev.kind, EventKind::Remove(_)) {
            let before = self.watched.len();
            self.watched.retain(|(d, _)| !ev.paths.contains(d));
            if self.watched.len() != before {
                dirty.extend(self.accounts.iter().cloned());
                return;
            }
        }
        // Opening and reading bring no mail, and a pass opens every file it reads: counting
        // them, a message that stays in new/ (a folder that refuses the move, a FIFO) made the
        // watcher pass again and again, flooding the log. A write finished in place still counts.
        if let EventKind::Access(kind) = ev.kind
            && kind != AccessKind::Close(AccessMode::Write)
        {
            return;
        }
        for p in &ev.paths {
            for a in self
                .config
                .accounts
                .iter()
                .filter(|a| self.accounts.contains(&a.name))
            {
                if p.starts_with(a.source_dir().join("new"))
                    || p.starts_with(a.source_dir().join("cur"))
                {
                    dirty.insert(a.name.clone());
                }
            }
        }
    }

    /// One pass over each dirty account.
    fn process(&mut self, dirty: &mut BTreeSet<String>, opts: &Options) -> Result<()> {
        while let Some(name) = dirty.pop_first() {
            let Some(account) = self.config.accounts.iter().find(|a| a.name == name) else {
                continue;
            };
            let s =
                pipeline::process_account(&self.config, account, &mut self.db, opts, &|| {}, None)?;
            for p in &s.problems {
                tracing::warn!("{}: {p}", s.account);
            }
            if s.processed + s.ignored + s.left_for_retry + s.unreadable > 0 {
                self.emit(&serde_json::json!({ "event": "pass", "summary": s }));
                tracing::info!(
                    "{}: processed {}, ignored {}, left {} ({:.0} msg/s)",
                    s.account,
                    s.processed,
                    s.ignored,
                    s.left_for_retry,
                    s.messages_per_second
                );
            }
        }
        Ok(())
    }
}

impl Session {
    /// One JSON line on stdout, flushed at once, when --json.
    fn emit(&self, v: &serde_json::Value) {
        if self.json {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{v}");
            let _ = out.flush();
        }
    }
}

/// The (device, inode) of a directory, to notice it was replaced.
fn inode(dir: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

/// Takes an account's lock for a watcher: refuses when another watcher holds it; waits while a
/// batch run or a delivery finishes.
fn lock_for_watch(dir: &Path, account: &str, stop: &AtomicBool) -> Result<AccountLock> {
    let mut said = false;
    loop {
        match AccountLock::try_acquire_as(dir, "watch") {
            Ok(l) => return Ok(l),
            Err(LockError::Busy { holder, .. }) if holder.ends_with("watch") => {
                bail!("account `{account}` is already watched by {holder}")
            }
            Err(LockError::Busy { holder, .. }) => {
                if !said {
                    tracing::info!("account `{account}`: waiting for {holder} to finish");
                    said = true;
                }
                if stop.load(Ordering::SeqCst) {
                    bail!("stopped while waiting for account `{account}`");
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => return Err(e.into()),
        }
    }
}
