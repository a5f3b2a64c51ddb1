//! The attachment store: activity attachments on disk under `attachments_dir`, named by the
//! SHA-256 of their content (`ab/abcdef...`), so identical files are stored once. Files are
//! created 0600, directories 0700. Also owns sanitising the original file names.
//!
//! Durability, at the cost of one flush per batch rather than two fsyncs per file in turn (8 ms a
//! file on the reference machine): [`Store::put`] writes the content to a temporary file in the
//! target directory; [`Store::flush`] fsyncs those files, all at once from a few threads, renames
//! each to its hash name only after its fsync (so a file under its final name is always
//! complete), then fsyncs every directory that gained (or is relied on for) an entry. The pipeline
//! calls `flush` through `Handler::before_commit` before it commits the batch whose rows name
//! the files: a committed attachment row always has its file on disk. A rolled-back message
//! can leave a file no row names; it is harmless, and the next copy of that content reuses it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use sha2::{Digest, Sha256};

/// A failure storing an attachment, naming the path.
#[derive(Debug, thiserror::Error)]
#[error("attachment store {path}: {source}")]
pub struct StoreError {
    pub path: PathBuf,
    pub source: io::Error,
}

/// Longest original file name kept, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Threads that fsync at a flush. They wait on the disk rather than compute: issued together,
/// the fsyncs share the file system's journal commits.
const SYNC_THREADS: usize = 32;

/// How far a file's change time may lag the real clock (the kernel stamps it from a coarse clock).
const CTIME_SLACK: Duration = Duration::from_millis(50);

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A written temporary file to fsync and rename to its final name at the flush.
struct Job {
    tmp: PathBuf,
    dest: PathBuf,
}

/// The batch's bookkeeping (reset by every flush).
#[derive(Default)]
struct Batch {
    /// Hashes written or found in this batch: not written again.
    seen: HashSet<String>,
    /// Directories that must be fsynced before the commit.
    dirs: BTreeSet<PathBuf>,
    /// Written temporary files waiting for their fsync and rename.
    jobs: Vec<Job>,
    /// The staging directory exists (and was swept of stale files) in this batch.
    staging_ready: bool,
}

/// The content-addressed store rooted at one directory.
pub struct Store {
    root: PathBuf,
    batch: Mutex<Batch>,
    /// When this process last started an fsync of each directory that then succeeded: an entry
    /// renamed into it before that is durable.
    synced: Mutex<HashMap<PathBuf, SystemTime>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Store {
    pub fn new(root: &Path) -> Store {
        Store {
            root: root.to_path_buf(),
            batch: Mutex::default(),
            synced: Mutex::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The hex SHA-256 of `content`: its name in the store.
    pub fn hash(content: &[u8]) -> String {
        hex::encode(Sha256::digest(content))
    }

    /// Where the content with hash `sha256` is (or will be) stored.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let fan = sha256.get(..2).unwrap_or("00");
        self.root.join(fan).join(sha256)
    }

    /// Stores `content` (unless it is already there) and returns its hash. The file is durable
    /// once [`Store::flush`] has returned Ok.
    pub fn put(&self, content: &[u8]) -> Result<String, StoreError> {
        let sha = Self::hash(content);
        let dest = self.path_of(&sha);
        let dir = dest.parent().unwrap_or(&self.root).to_path_buf();
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError { path, source }
        };
        let mut batch = lock(&self.batch);
        if batch.seen.contains(&sha) {
            return Ok(sha);
        }
        if let Ok(m) = fs::metadata(&dest)
            && m.is_file()
            && m.len() == content.len() as u64
        {
            // Complete (files get their name only after their fsync). Its directory entry is
            // durable if it was renamed before one of our fsyncs of the directory began (another
            // run may have crashed between its rename and its directory fsync); else the
            // directory is fsynced with this batch's.
            use std::os::unix::fs::MetadataExt;
            let renamed = SystemTime::UNIX_EPOCH
                + Duration::new(
                    m.ctime().max(0) as u64,
                    m.ctime_nsec().clamp(0, 999_999_999) as u32,
                );
            let covered = lock(&self.synced)
                .get(&dir)
                .is_some_and(|t| renamed + CTIME_SLACK < *t);
            batch.seen.insert(sha.clone());
            if !covered {
                batch.dirs.insert(dir);
            }
            return Ok(sha);
        }
        if self.make_dirs(&dir).map_err(err(&dir))? {
            batch.dirs.insert(self.root.clone());
        }
        let staging = self.root.join(".tmp");
        if !batch.staging_ready {
            if staging.is_dir() {
                remove_stale(&staging);
            } else {
                DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(&staging)
                    .map_err(err(&staging))?;
            }
            batch.staging_ready = true;
        }
        let tmp = staging.join(format!(
            "{}-{}-{}",
            &sha[..16],
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let write = || -> io::Result<()> {
            let mut f = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)?;
            f.write_all(content)
        };
        if let Err(e) = write() {
            let _ = fs::remove_file(&tmp);
            return Err(StoreError {
                path: tmp,
                source: e,
            });
        }
        batch.seen.insert(sha.clone());
        batch.dirs.insert(dir);
        batch.jobs.push(Job { tmp, dest });
        Ok(sha)
    }

    /// Makes every file stored since the last flush durable: fsyncs the new files and renames
    /// each to its hash name, then fsyncs the directories that gained (or are relied on for) an
    /// entry, many at a time so that they share the file system's journal commits. The caller
    /// commits only after this returns Ok. A failure is reported once; what was pending is
    /// dropped (its rows are rolled back with the batch).
    pub fn flush(&self) -> Result<(), StoreError> {
        let t0 = Instant::now();
        let Batch { jobs, dirs, .. } = std::mem::take(&mut *lock(&self.batch));
        let files = jobs.len();
        in_parallel(&jobs, |job| {
            let r = File::open(&job.tmp)
                .and_then(|f| f.sync_all())
                .and_then(|()| fs::rename(&job.tmp, &job.dest));
            if r.is_err() {
                let _ = fs::remove_file(&job.tmp);
            }
            r.map_err(|source| StoreError {
                path: job.dest.clone(),
                source,
            })
        })?;
        let files_done = t0.elapsed();
        let dirs: Vec<PathBuf> = dirs.into_iter().collect();
        let started = SystemTime::now();
        in_parallel(&dirs, |d| {
            sync_dir(d).map_err(|source| StoreError {
                path: d.clone(),
                source,
            })
        })?;
        tracing::debug!(
            "attachment store: {files} files synced in {files_done:?}, {} directories in {:?}",
            dirs.len(),
            t0.elapsed() - files_done
        );
        let mut synced = lock(&self.synced);
        for d in dirs {
            synced.insert(d, started);
        }
        Ok(())
    }

    /// Creates the root and `dir` (mode 0700) when missing; true when `dir` was created.
    fn make_dirs(&self, dir: &Path) -> io::Result<bool> {
        if dir.is_dir() {
            return Ok(false);
        }
        let mut b = DirBuilder::new();
        b.recursive(true).mode(0o700);
        if self.root.exists() && !self.root.is_dir() {
            // A setup problem every attachment would hit: fails the run, not just this message.
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", self.root.display()),
            ));
        }
        if !self.root.is_dir() {
            b.create(&self.root)?;
            if let Some(parent) = self.root.parent().filter(|p| !p.as_os_str().is_empty()) {
                sync_dir(parent)?;
            }
        }
        b.create(dir)?;
        Ok(true)
    }
}

/// Runs `f` on every item, on up to `SYNC_THREADS` threads; the first failure, if any.
fn in_parallel<T: Sync>(
    items: &[T],
    f: impl Fn(&T) -> Result<(), StoreError> + Sync,
) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    let chunk = items.len().div_ceil(SYNC_THREADS);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(f).find(Result::is_err).unwrap_or(Ok(()))))
            .collect();
        let mut first = Ok(());
        for h in handles {
            let r = h.join().unwrap_or(Ok(()));
            if first.is_ok() {
                first = r;
            }
        }
        first
    })
}

/// Temporaries older than this were left by a run that died before its flush.
const STALE: Duration = Duration::from_secs(24 * 3600);

/// Removes what a crashed run left in the staging directory (best effort; a running one's
/// temporaries live for one batch, seconds).
fn remove_stale(staging: &Path) {
    let Ok(entries) = fs::read_dir(staging) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE));
        if old {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The original file name made safe to show and store: only its last path component, no control
/// or bidirectional-override characters, no leading dots or spaces, at most
/// [`MAX_NAME_CHARS`] characters (keeping a short extension); "attachment" when nothing is left.
pub fn sanitise_name(name: Option<&str>) -> String {
    let name = name.unwrap_or("");
    let last = name
        .rsplit(['/', '\\'])
        .find(|s| !s.trim().is_empty())
        .unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_invisible(*c))
        .collect();
    let cleaned = cleaned.trim_start_matches(['.', ' ']).trim_end();
    if cleaned.is_empty() {
        return "attachment".to_string();
    }
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return cleaned.to_string();
    }
    match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.chars().count() <= 16 => {
            let keep = MAX_NAME_CHARS - ext.chars().count() - 1;
            let stem: String = stem.chars().take(keep).collect();
            format!("{stem}.{ext}")
        }
        _ => cleaned.chars().take(MAX_NAME_CHARS).collect(),
    }
}

/// Characters that change how a name reads without showing: bidi overrides and zero-width ones.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn hostile_names() {
        assert_eq!(sanitise_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(sanitise_name(Some("/etc/shadow")), "shadow");
        assert_eq!(
            sanitise_name(Some("C:\\Users\\x\\report.pdf")),
            "report.pdf"
        );
        assert_eq!(sanitise_name(Some("..")), "attachment");
        assert_eq!(sanitise_name(Some("dir/")), "dir");
        assert_eq!(sanitise_name(Some(".bashrc")), "bashrc");
        assert_eq!(sanitise_name(Some("a\u{0}b\nc\u{1b}[2J.txt")), "abc[2J.txt");
        assert_eq!(
            sanitise_name(Some("invoice\u{202e}fdp.exe")),
            "invoicefdp.exe"
        );
        assert_eq!(sanitise_name(None), "attachment");
        assert_eq!(sanitise_name(Some("  ")), "attachment");
        let long = format!("{}.pdf", "é".repeat(10_000));
        let s = sanitise_name(Some(&long));
        assert_eq!(s.chars().count(), MAX_NAME_CHARS);
        assert!(s.ends_with(".pdf"));
        let s = sanitise_name(Some(&"x".repeat(10_000)));
        assert_eq!(s.chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn stores_once_privately() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(&dir.path().join("att"));
        let a = store.put(b"hello").unwrap();
        let b = store.put(b"hello").unwrap();
        assert_eq!(a, b);
        store.flush().unwrap();
        let p = store.path_of(&a);
        assert_eq!(fs::read(&p).unwrap(), b"hello");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        for d in [
            store.root().to_path_buf(),
            p.parent().unwrap().to_path_buf(),
        ] {
            assert_eq!(fs::metadata(&d).unwrap().permissions().mode() & 0o077, 0);
        }
        let names: Vec<_> = fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary files left");
    }

    #[test]
    fn many_files_in_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let shas: Vec<String> = (0..100)
            .map(|i| store.put(format!("file {i}").as_bytes()).unwrap())
            .collect();
        store.flush().unwrap();
        for (i, sha) in shas.iter().enumerate() {
            assert_eq!(
                fs::read(store.path_of(sha)).unwrap(),
                format!("file {i}").as_bytes()
            );
        }
        // Nothing pending: a second flush has nothing to do.
        store.flush().unwrap();
    }

    #[test]
    fn a_failed_sync_is_reported_by_flush() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let sha = Store::hash(b"x");
        // Its final name is taken by a directory: the rename fails.
        fs::create_dir_all(store.path_of(&sha).join("sub")).unwrap();
        store.put(b"x").unwrap();
        let e = store.flush().unwrap_err().to_string();
        assert!(e.contains(&sha), "{e}");
        store.flush().unwrap();
    }

    #[test]
    fn stale_temporaries_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let staging = dir.path().join(".tmp");
        fs::create_dir_all(&staging).unwrap();
        let old = staging.join("old");
        let fresh = staging.join("fresh");
        fs::write(&old, b"x").unwrap();
        fs::write(&fresh, b"x").unwrap();
        let f = File::options().write(true).open(&old).unwrap();
        f.set_modified(SystemTime::now() - 2 * STALE).unwrap();
        let store = Store::new(dir.path());
        store.put(b"y").unwrap();
        store.flush().unwrap();
        assert!(!old.exists());
        assert!(fresh.exists());
    }

    #[test]
    fn a_truncated_file_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let sha = store.put(b"content").unwrap();
        store.flush().unwrap();
        fs::write(store.path_of(&sha), b"cont").unwrap();
        store.put(b"content").unwrap();
        store.flush().unwrap();
        assert_eq!(fs::read(store.path_of(&sha)).unwrap(), b"content");
    }
}
