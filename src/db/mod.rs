//! The database: opening SQLite (WAL, busy timeout, foreign keys, synchronous=FULL), migrations,
//! and every SQL statement of the program, behind the operations the handlers and commands need.
//! Nothing outside this module writes SQL, so another backend can be added here alone.
//!
//! Writes take a [`Tx`]: the caller (the pipeline) decides where transactions and per-message
//! savepoints begin and end.

mod activities;
mod bounces;
mod contacts;
mod ledger;
mod mailings;
mod report;
mod responses;
mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

pub use activities::{
    ActivityContact, ActivityFilter, ActivityRow, AttachmentRow, NewActivity, NewAttachment,
};
pub use bounces::{
    EventRow, HoldChange, HoldLogEntry, HoldRow, HoldState, NewBounceEvent, RecipientRow,
    StormGuard, Verified, domain_of,
};
pub use contacts::{
    BounceSummary, ContactDetails, ContactMatch, EmailDetails, GroupMembership, NewContact,
    match_form,
};
pub use ledger::{LedgerEntry, LedgerTotals, Outcome};
pub use mailings::{GroupRow, MailingRow, RecipientAddress};
pub use report::{DomainRow, EventGroup, IncidentRow, MailingFigures};
pub use responses::ConfirmCheck;
pub use schema::MIGRATIONS;

/// How long a statement waits for another process's write lock before failing as busy.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// WAL size past which [`Db::finish_short_lived`] checkpoints and truncates the WAL (about 20
/// delivered letters' worth).
pub const SHORT_LIVED_WAL_BYTES: u64 = 1 << 20;

/// The busy timeout: [`BUSY_TIMEOUT`], or `$MAILROOM_BUSY_TIMEOUT_MS` (for tests and for sites
/// whose other database users hold locks longer).
fn busy_timeout() -> Duration {
    std::env::var("MAILROOM_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(BUSY_TIMEOUT)
}

/// A database failure, naming the database file.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database {path}: {source}{}", read_only_hint(source))]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "database {path} has schema version {found}, but this mailroom knows versions up to {known}: \
         it was written by a newer mailroom; upgrade mailroom (or restore a backup)"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("database {path}: {message}")]
    Other { path: PathBuf, message: String },
    /// A file a handler writes before the commit (an activity attachment) could not be written.
    #[error("{path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not a database failure: a handler asks for this message's writes to be undone and the
    /// message kept for another try (a reply whose forwarding failed, say).
    #[error("{0}")]
    Deferred(String),
}

/// SQLite says "readonly" also when the file is writable but its directory is not (it keeps the
/// write-ahead log beside the file): say what to check.
fn read_only_hint(e: &rusqlite::Error) -> &'static str {
    if e.sqlite_error_code() == Some(ErrorCode::ReadOnly) {
        " (mailroom must be able to write the database file and its directory, where SQLite \
         keeps the -wal and -shm files)"
    } else {
        ""
    }
}

/// What a database failure means for the message at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Another process holds the database past the busy timeout: try again later.
    Busy,
    /// Disk full, I/O error, read-only or corrupt database: every message would fail.
    Fatal,
    /// Something about this message (a constraint, a bad value): the others can go on.
    Message,
}

impl DbError {
    pub fn severity(&self) -> Severity {
        match self {
            DbError::Sqlite { source, .. } => match source.sqlite_error_code() {
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Severity::Busy,
                Some(
                    ErrorCode::DiskFull
                    | ErrorCode::SystemIoFailure
                    | ErrorCode::ReadOnly
                    | ErrorCode::DatabaseCorrupt
                    | ErrorCode::NotADatabase
                    | ErrorCode::CannotOpen
                    | ErrorCode::OutOfMemory
                    | ErrorCode::PermissionDenied,
                ) => Severity::Fatal,
                _ => Severity::Message,
            },
            DbError::TooNew { .. } => Severity::Fatal,
            DbError::Deferred(_) => Severity::Busy,
            DbError::Other { .. } => Severity::Message,
            // A full or read-only disk, or a store that is not a directory, fails every message
            // that has a file to write.
            DbError::File { source, .. } => match source.kind() {
                std::io::ErrorKind::StorageFull
                | std::io::ErrorKind::QuotaExceeded
                | std::io::ErrorKind::ReadOnlyFilesystem
                | std::io::ErrorKind::PermissionDenied
                | std::io::ErrorKind::NotADirectory => Severity::Fatal,
                _ => Severity::Message,
            },
        }
    }
}

/// An open database.
pub struct Db {
    conn: Connection,
    path: PathBuf,
}

impl Db {
    /// Opens (creating it, mode 0600, when missing) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        if !path.exists() {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| DbError::Other {
                    path: path.to_path_buf(),
                    message: format!("cannot create its directory: {e}"),
                })?;
            }
            create_private(path).map_err(|e| DbError::Other {
                path: path.to_path_buf(),
                message: format!("cannot create it: {e}"),
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite(path))?;
        let mut db = Db {
            conn,
            path: path.to_path_buf(),
        };
        db.configure()?;
        db.migrate()?;
        Ok(db)
    }

    /// An in-memory database, migrated (for tests).
    pub fn open_in_memory() -> Result<Db, DbError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(sqlite(&path))?;
        let mut db = Db { conn, path };
        db.configure()?;
        db.migrate()?;
        Ok(db)
    }

    fn configure(&mut self) -> Result<(), DbError> {
        let p = self.path.clone();
        self.conn.busy_timeout(busy_timeout()).map_err(sqlite(&p))?;
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 PRAGMA foreign_keys = ON;
                 -- The per-message savepoints journal into memory, not a temporary file.
                 PRAGMA temp_store = MEMORY;
                 -- 32 MiB of page cache: lookups in a large database stay in memory.
                 PRAGMA cache_size = -32768;
                 -- Checkpoint every ~40 MiB of WAL rather than every 4 MiB: a run's batches
                 -- rewrite the same index and table-tail pages, and a checkpoint copies each
                 -- page once however often it changed (commits stay durable in the WAL).
                 PRAGMA wal_autocheckpoint = 10000;",
            )
            .map_err(sqlite(&p))
    }

    /// Applies the migrations this database lacks, in one exclusive transaction. An up-to-date
    /// database is only read, so opening never waits for another process's write lock.
    fn migrate(&mut self) -> Result<(), DbError> {
        let p = self.path.clone();
        let known = MIGRATIONS.len() as i64;
        let version = |c: &Connection| -> Result<i64, DbError> {
            c.query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(sqlite(&p))
        };
        let check = |found: i64| {
            if found > known {
                Err(DbError::TooNew {
                    path: p.clone(),
                    found,
                    known,
                })
            } else {
                Ok(found)
            }
        };
        if check(version(&self.conn)?)? == known {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Exclusive)
            .map_err(sqlite(&p))?;
        // Another process may have migrated it meanwhile: read the version again under the lock.
        let found = check(version(&tx)?)?;
        for (i, m) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(m).map_err(|e| DbError::Other {
                path: p.clone(),
                message: format!("migration {} failed: {e}", i + 1),
            })?;
        }
        tx.pragma_update(None, "user_version", known)
            .map_err(sqlite(&p))?;
        tx.commit().map_err(sqlite(&p))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Tunes this connection for a process that writes one small transaction and exits (the
    /// `deliver` command, started once per message): closing no longer checkpoints the WAL into
    /// the database file, so the WAL and its index are not created, synced, copied back and
    /// deleted by every process (three fsyncs and a directory sync each time). Call
    /// [`Db::finish_short_lived`] before dropping it. Durability is unchanged: a commit still
    /// returns only once the WAL is synced, and the WAL is part of the database (`mailroom
    /// backup` copies both; copy the `-wal` file too if you copy files by hand).
    pub fn short_lived(&mut self) -> Result<(), DbError> {
        let p = self.path.clone();
        self.conn
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                true,
            )
            .map_err(sqlite(&p))?;
        // The checkpoint is `finish_short_lived`'s, not each commit's.
        self.conn
            .pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(sqlite(&p))
    }

    /// Ends a [`Db::short_lived`] connection: once the WAL has grown past
    /// [`SHORT_LIVED_WAL_BYTES`], checkpoints it into the database and truncates it, so the next
    /// process's WAL recovery (which reads the whole WAL) stays cheap. Never waits: when another
    /// process is reading or writing, the checkpoint is left to a later process or to the
    /// long-lived ones (`run` and `watch` checkpoint as they go and on close). Best effort: a
    /// failed checkpoint loses nothing.
    pub fn finish_short_lived(self) {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let big = std::fs::metadata(&wal).is_ok_and(|m| m.len() > SHORT_LIVED_WAL_BYTES);
        if big {
            let _ = self.conn.busy_timeout(Duration::ZERO);
            if let Err(e) = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            {
                tracing::debug!("{}: checkpoint left for later: {e}", self.path.display());
            }
        }
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, DbError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sqlite(&self.path))
    }

    /// Begins a write transaction (taking the write lock now, waiting up to the busy timeout).
    pub fn begin(&mut self) -> Result<Batch<'_>, DbError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite(&self.path))?;
        Ok(Batch {
            tx,
            path: &self.path,
        })
    }

    /// Read-only access to the operations (queries run outside any explicit transaction).
    pub fn reader(&self) -> Tx<'_> {
        Tx {
            conn: &self.conn,
            path: &self.path,
        }
    }

    /// Sets the hold thresholds of the bounce types from the config. Writes (and so takes the
    /// write lock) only when one differs.
    pub fn apply_thresholds<'a>(
        &mut self,
        thresholds: impl IntoIterator<Item = (&'a String, &'a u32)>,
    ) -> Result<(), DbError> {
        let p = self.path.clone();
        let current: std::collections::HashMap<String, u32> = self
            .conn
            .prepare("SELECT name, hold_threshold FROM bounce_types")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(sqlite(&p))?;
        let changes: Vec<(&String, &u32)> = thresholds
            .into_iter()
            .filter(|(n, t)| current.get(n.as_str()) != Some(t))
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction().map_err(sqlite(&p))?;
        for (name, t) in changes {
            tx.execute(
                "UPDATE bounce_types SET hold_threshold = ?2 WHERE name = ?1",
                rusqlite::params![name, t],
            )
            .map_err(sqlite(&p))?;
        }
        tx.commit().map_err(sqlite(&p))
    }

    /// Writes an online copy of the database to `dest` (SQLite backup API), mode 0600.
    pub fn backup_to(&self, dest: &Path) -> Result<(), DbError> {
        create_private(dest).map_err(|e| DbError::Other {
            path: dest.to_path_buf(),
            message: format!("cannot create the backup file: {e}"),
        })?;
        self.conn
            .backup(rusqlite::DatabaseName::Main, dest, None)
            .map_err(sqlite(dest))
    }
}

/// A write transaction: per-message savepoints inside, committed once for the batch.
pub struct Batch<'c> {
    tx: Transaction<'c>,
    path: &'c Path,
}

impl Batch<'_> {
    /// Runs `f` inside a savepoint: its writes are kept when it returns Ok, undone when Err.
    pub fn savepoint<T>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        let path = self.path;
        // Prepared once per connection: a savepoint per message is on the hot path.
        let run = |sql: &str| {
            self.tx
                .prepare_cached(sql)
                .and_then(|mut s| s.execute([]))
                .map(drop)
                .map_err(sqlite(path))
        };
        run("SAVEPOINT message")?;
        match f(&Tx {
            conn: &self.tx,
            path,
        }) {
            Ok(v) => {
                run("RELEASE message")?;
                Ok(v)
            }
            Err(e) => {
                run("ROLLBACK TO message")?;
                run("RELEASE message")?;
                Err(e)
            }
        }
    }

    /// Commits the batch (durably: synchronous=FULL).
    pub fn commit(self) -> Result<(), DbError> {
        if crate::fault::fails(crate::fault::Point::Commit) {
            // As SQLite fails on a full disk; dropping the transaction rolls it back.
            return Err(DbError::Sqlite {
                path: self.path.to_path_buf(),
                source: rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
                    Some("database or disk is full (injected by MAILROOM_FAULT)".into()),
                ),
            });
        }
        self.tx.commit().map_err(sqlite(self.path))
    }

    /// Undoes the batch.
    pub fn rollback(self) -> Result<(), DbError> {
        self.tx.rollback().map_err(sqlite(self.path))
    }

    /// The operations, directly on the transaction (no savepoint).
    pub fn tx(&self) -> Tx<'_> {
        Tx {
            conn: &self.tx,
            path: self.path,
        }
    }
}

/// The operations on an open transaction or savepoint. Every method is one small piece of SQL.
pub struct Tx<'c> {
    conn: &'c Connection,
    path: &'c Path,
}

impl Tx<'_> {
    fn err(&self) -> impl Fn(rusqlite::Error) -> DbError + '_ {
        sqlite(self.path)
    }
}

fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> DbError + '_ {
    move |source| DbError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates an empty file readable by its owner only.
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_to_the_latest_version() {
        let db = Db::open_in_memory().unwrap();
        assert_eq!(db.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let n: i64 = db
            .conn
            .query_row("SELECT count(*) FROM bounce_types", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 12);
    }

    #[test]
    fn refuses_a_newer_database() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.db");
        drop(Db::open(&p).unwrap());
        let c = Connection::open(&p).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        drop(c);
        let e = Db::open(&p).err().unwrap().to_string();
        assert!(e.contains("schema version 99") && e.contains("m.db"), "{e}");
    }

    #[test]
    fn reopening_is_idempotent_and_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.db");
        drop(Db::open(&p).unwrap());
        let db = Db::open(&p).unwrap();
        assert_eq!(db.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0);
    }

    #[test]
    fn savepoint_rolls_back_one_message_only() {
        let mut db = Db::open_in_memory().unwrap();
        let mut b = db.begin().unwrap();
        b.savepoint(|tx| tx.ledger_insert(&LedgerEntry::test("a", "<1@x>")))
            .unwrap();
        let e: Result<(), DbError> = b.savepoint(|tx| {
            tx.ledger_insert(&LedgerEntry::test("a", "<2@x>"))?;
            Err(DbError::Other {
                path: "x".into(),
                message: "boom".into(),
            })
        });
        assert!(e.is_err());
        b.commit().unwrap();
        let r = db.reader();
        assert!(r.ledger_get("a", "<1@x>").unwrap().is_some());
        assert!(r.ledger_get("a", "<2@x>").unwrap().is_none());
    }
}
