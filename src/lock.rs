//! Per-account run locks: one process at a time works on an account's source folder. The lock is
//! an advisory `flock` on `mailroom.lock` in that folder (released by the kernel when the process
//! dies, so a crash never leaves a stale lock); the holder writes its pid there so a second
//! process can say who holds it. The lock file is created mode 0600.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use fs2::FileExt;

/// The file name of the lock inside an account's source folder.
pub const LOCK_FILE: &str = "mailroom.lock";

/// A held lock; released on drop.
#[derive(Debug)]
pub struct AccountLock {
    file: File,
    path: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{path} is held by {holder}")]
    Busy { path: PathBuf, holder: String },
    #[error("cannot open lock {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl AccountLock {
    /// Takes the lock of the folder `dir` without waiting, as a `run`.
    pub fn try_acquire(dir: &Path) -> Result<AccountLock, LockError> {
        AccountLock::try_acquire_as(dir, "run")
    }

    /// Takes the lock of the folder `dir` without waiting; `what` (run, watch, deliver, ...) is
    /// written beside the pid so that others can say who holds it.
    pub fn try_acquire_as(dir: &Path, what: &str) -> Result<AccountLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(io)?;
        if file.try_lock_exclusive().is_err() {
            let mut s = String::new();
            let _ = file.read_to_string(&mut s);
            let holder = match s.trim() {
                "" => "another process".to_string(),
                held => match held.split_once(' ') {
                    Some((pid, what)) => format!("process {pid}, mailroom {what}"),
                    None => format!("process {held}"),
                },
            };
            return Err(LockError::Busy { path, holder });
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        write!(file, "{} {what}", std::process::id()).map_err(io)?;
        Ok(AccountLock { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for AccountLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = FileExt::unlock(&self.file);
    }
}
