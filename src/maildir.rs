//! Maildirs on disk: creating them, listing the messages waiting in new/ and cur/, moving a
//! message into a Maildir++ folder (never over another file), durable delivery (tmp/, fsync,
//! rename into new/, fsync new/), cleaning what killed deliveries leave in tmp/, and fsyncing
//! directories. The only module besides `db` and
//! `lock` that touches the file system for mail.

use std::ffi::CString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Which of a maildir's two message directories a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    New,
    Cur,
}

impl Sub {
    pub fn dir_name(self) -> &'static str {
        match self {
            Sub::New => "new",
            Sub::Cur => "cur",
        }
    }
}

/// One message file waiting in a maildir.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: PathBuf,
    pub sub: Sub,
    /// The file name (with its maildir info such as `:2,S`, kept when the file moves).
    pub name: String,
}

/// An I/O failure, naming the path.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct MaildirError {
    pub path: PathBuf,
    pub source: io::Error,
}

fn err(path: &Path) -> impl FnOnce(io::Error) -> MaildirError + '_ {
    move |source| MaildirError {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates `dir` with cur/, new/ and tmp/ (and the `maildirfolder` marker for a Maildir++
/// subfolder). Safe to call on an existing maildir.
/// The directories follow the umask (a fetcher or an IMAP server running as another user may
/// have to deliver into them or serve them; the systemd unit sets `UMask=0077`); the marker file
/// is created 0600 whatever the umask.
pub fn create(dir: &Path, subfolder: bool) -> Result<(), MaildirError> {
    for sub in ["cur", "new", "tmp"] {
        let p = dir.join(sub);
        fs::create_dir_all(&p).map_err(err(&p))?;
    }
    if subfolder {
        let marker = dir.join("maildirfolder");
        if !marker.exists() {
            OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(&marker)
                .map_err(err(&marker))?;
        }
    }
    Ok(())
}

/// True when `dir` has cur/ and new/.
pub fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

/// The messages waiting in new/ and cur/ of `dir`, in name order (which is delivery order for
/// the usual `<seconds>.<unique>.<host>` names). Hidden files and directories are skipped.
pub fn scan(dir: &Path) -> Result<Vec<Entry>, MaildirError> {
    let mut out = Vec::new();
    for sub in [Sub::Cur, Sub::New] {
        let d = dir.join(sub.dir_name());
        let rd = match fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(err(&d)(e)),
        };
        for ent in rd {
            let ent = ent.map_err(err(&d))?;
            let name = ent.file_name();
            let Some(name) = name.to_str() else {
                // Not UTF-8: still a message; keep it by its lossy name for reports.
                let lossy = name.to_string_lossy().into_owned();
                if !lossy.starts_with('.') {
                    out.push(Entry {
                        path: ent.path(),
                        sub,
                        name: lossy,
                    });
                }
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            if ent.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                continue;
            }
            out.push(Entry {
                path: ent.path(),
                sub,
                name: name.to_string(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Counts the messages waiting in new/ and cur/ of `dir` without sorting them (as [`scan`]
/// lists them: no hidden files, no directories).
pub fn count(dir: &Path) -> usize {
    ["new", "cur"]
        .iter()
        .filter_map(|s| fs::read_dir(dir.join(s)).ok())
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| {
                    !e.file_name().as_encoded_bytes().starts_with(b".")
                        && !e.file_type().is_ok_and(|t| t.is_dir())
                })
                .count()
        })
        .sum()
}

/// Moves `from` into `<folder>/<sub>/`, keeping its name (and so its maildir flags), byte for
/// byte (`name`, the name as text, is lossy for a name that is not UTF-8). Never replaces an
/// existing file: on a name clash the moved file gets a `.dupN` suffix before its info.
/// Returns the new path. The caller fsyncs the directories (see `sync_dir`).
pub fn move_into(
    from: &Path,
    name: &str,
    folder: &Path,
    sub: Sub,
) -> Result<PathBuf, MaildirError> {
    let name = from
        .file_name()
        .map_or(name.as_bytes(), |n| n.as_bytes())
        .to_vec();
    move_as(from, name, folder, sub)
}

/// [`move_into`], dropping [`MAYBE_CUT`] from the name: what `reprocess` moves back, to be
/// filed as any message.
pub fn move_into_as_whole(
    from: &Path,
    name: &str,
    folder: &Path,
    sub: Sub,
) -> Result<PathBuf, MaildirError> {
    let mut name = from
        .file_name()
        .map_or(name.as_bytes(), |n| n.as_bytes())
        .to_vec();
    let end = name.iter().position(|&b| b == b':').unwrap_or(name.len());
    if let Some(i) = name[..end]
        .windows(MAYBE_CUT.len())
        .position(|w| w == MAYBE_CUT.as_bytes())
    {
        name.drain(i..i + MAYBE_CUT.len());
    }
    move_as(from, name, folder, sub)
}

fn move_as(from: &Path, name: Vec<u8>, folder: &Path, sub: Sub) -> Result<PathBuf, MaildirError> {
    use std::ffi::OsStr;
    let dir = folder.join(sub.dir_name());
    let mut target = dir.join(OsStr::from_bytes(&name));
    for n in 1..1000 {
        match rename_noreplace(from, &target) {
            Ok(()) => return Ok(target),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let (base, info) = match name.iter().position(|&b| b == b':') {
                    Some(i) => name.split_at(i),
                    None => (&name[..], &[][..]),
                };
                let mut dup = base.to_vec();
                dup.extend_from_slice(format!(".dup{n}").as_bytes());
                dup.extend_from_slice(info);
                target = dir.join(OsStr::from_bytes(&dup));
            }
            Err(e) => return Err(err(from)(e)),
        }
    }
    Err(err(from)(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "too many files named like {} in {}",
            String::from_utf8_lossy(&name),
            dir.display()
        ),
    )))
}

/// rename(2) that fails with AlreadyExists instead of replacing `to`.
fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    let cfrom = CString::new(from.as_os_str().as_bytes())?;
    let cto = CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them like rename(2).
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            cfrom.as_ptr(),
            libc::AT_FDCWD,
            cto.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        // File systems without RENAME_NOREPLACE: link (which never replaces), then unlink.
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => {
            fs::hard_link(from, to)?;
            fs::remove_file(from)
        }
        _ => Err(e),
    }
}

/// fsyncs a directory, so renames into and out of it survive a crash.
pub fn sync_dir(dir: &Path) -> Result<(), MaildirError> {
    File::open(dir).and_then(|f| f.sync_all()).map_err(err(dir))
}

/// How old a file in tmp/ must be before it is taken for the leftover of an interrupted delivery
/// (the maildir convention: 36 hours).
pub const STALE_TMP: std::time::Duration = std::time::Duration::from_secs(36 * 3600);

/// Deletes the files in `<dir>/tmp` last modified more than `older_than` ago: what a delivery
/// killed between creating its file and renaming it into new/ leaves behind (that message was
/// never acknowledged, so the fetcher delivers it again). Returns how many were deleted; errors
/// are ignored (the next pass tries again).
pub fn clean_tmp(dir: &Path, older_than: std::time::Duration) -> usize {
    let Ok(rd) = fs::read_dir(dir.join("tmp")) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    rd.filter_map(Result::ok)
        .filter(|e| {
            e.metadata().is_ok_and(|m| {
                m.is_file()
                    && m.modified()
                        .ok()
                        .and_then(|t| now.duration_since(t).ok())
                        .is_some_and(|age| age > older_than)
            })
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A name unique to this delivery: `<secs>.M<micros>P<pid>Q<n>.<host>`.
pub fn unique_name() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{}.M{}P{}Q{}.{}",
        now.as_secs(),
        now.subsec_micros(),
        std::process::id(),
        n,
        hostname()
    )
}

fn hostname() -> String {
    let h = fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_else(|_| "localhost".into());
    // Maildir names may not contain '/' or ':'.
    h.trim().replace('/', "\\057").replace(':', "\\072")
}

/// Why a delivery did not store the message.
#[derive(Debug, thiserror::Error)]
pub enum DeliverError {
    /// The message could not be read (standard input broke off).
    #[error("cannot read the message: {0}")]
    Input(io::Error),
    /// It could not be written or renamed into new/ (disk full, permissions, ...).
    #[error(transparent)]
    Store(#[from] MaildirError),
}

/// In a file name, before its info: a message `mailroom deliver` stored though its input may be
/// cut short (the program that piped it ended first). Runs file such a message as ignored,
/// keyed by its file name, and act on nothing in it: a whole copy fetched again is then filed
/// and counted as usual.
pub const MAYBE_CUT: &str = ".maybe-cut";

/// True for a file name [`MAYBE_CUT`] marks (also once a clash added `.dupN`).
pub fn is_maybe_cut(name: &str) -> bool {
    name.split(':')
        .next()
        .is_some_and(|b| b.contains(MAYBE_CUT))
}

/// Stores `bytes` durably as a new message in `dir`; see [`deliver_from`].
pub fn deliver(dir: &Path, bytes: &[u8]) -> Result<PathBuf, MaildirError> {
    deliver_from(dir, &mut &bytes[..], &|| false).map_err(|e| match e {
        DeliverError::Store(e) => e,
        // Reading a slice cannot fail.
        DeliverError::Input(source) => MaildirError {
            path: dir.to_path_buf(),
            source,
        },
    })
}

/// Stores what `input` yields durably as a new message in `dir`, streaming it (memory stays
/// bounded whatever its size): a unique file in tmp/ (created exclusively, mode 0600), written
/// and fsynced, renamed into new/, new/ fsynced. Nothing is left in tmp/ on failure. Returns the
/// path in new/. When `maybe_cut` says so once the input has ended, the name in new/ ends with
/// [`MAYBE_CUT`] (decided before the rename, so no run ever sees the file without it).
pub fn deliver_from(
    dir: &Path,
    input: &mut dyn Read,
    maybe_cut: &dyn Fn() -> bool,
) -> Result<PathBuf, DeliverError> {
    let name = unique_name();
    let tmp = dir.join("tmp").join(&name);
    let mut write = || -> Result<(), DeliverError> {
        let store = |e| DeliverError::Store(err(&tmp)(e));
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(store)?;
        let fail_part_way = crate::fault::fails(crate::fault::Point::DeliverWrite);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match input.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(DeliverError::Input(e)),
            };
            if fail_part_way {
                // A disk that fills up part-way through the message.
                f.write_all(&buf[..n / 2]).map_err(store)?;
                return Err(store(io::Error::from_raw_os_error(libc::ENOSPC)));
            }
            f.write_all(&buf[..n]).map_err(store)?;
        }
        if fail_part_way {
            return Err(store(io::Error::from_raw_os_error(libc::ENOSPC)));
        }
        f.sync_all().map_err(store)
    };
    if let Err(e) = write() {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    let new = if maybe_cut() {
        dir.join("new").join(format!("{name}{MAYBE_CUT}"))
    } else {
        dir.join("new").join(&name)
    };
    if let Err(e) = rename_noreplace(&tmp, &new) {
        let _ = fs::remove_file(&tmp);
        return Err(err(&new)(e).into());
    }
    sync_dir(&dir.join("new"))?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliver_scan_and_move_keep_names() {
        let t = tempfile::tempdir().unwrap();
        let src = t.path().join("m");
        let dst = t.path().join("m/.done");
        create(&src, false).unwrap();
        create(&dst, true).unwrap();
        let p = deliver(&src, b"Subject: x\n\nhi\n").unwrap();
        fs::write(src.join("cur/1.a.host:2,S"), b"x").unwrap();
        fs::write(src.join("cur/.hidden"), b"x").unwrap();
        let list = scan(&src).unwrap();
        assert_eq!(list.len(), 2);
        assert!(fs::read_dir(src.join("tmp")).unwrap().next().is_none());
        let cur = list.iter().find(|e| e.sub == Sub::Cur).unwrap();
        let moved = move_into(&cur.path, &cur.name, &dst, Sub::Cur).unwrap();
        assert!(moved.ends_with("cur/1.a.host:2,S"));
        // A clash never replaces: the second file gets a suffix before its flags.
        fs::write(src.join("cur/1.a.host:2,S"), b"y").unwrap();
        let again = move_into(
            &src.join("cur/1.a.host:2,S"),
            "1.a.host:2,S",
            &dst,
            Sub::Cur,
        )
        .unwrap();
        assert!(again.ends_with("cur/1.a.host.dup1:2,S"));
        assert_eq!(fs::read(&moved).unwrap(), b"x");
        assert!(p.starts_with(src.join("new")));
    }

    #[test]
    fn only_stale_tmp_files_are_cleaned() {
        let t = tempfile::tempdir().unwrap();
        create(t.path(), false).unwrap();
        let old = t.path().join("tmp/1.killed");
        fs::write(&old, b"half a mess").unwrap();
        let two_days = std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600);
        File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(two_days)
            .unwrap();
        fs::write(t.path().join("tmp/2.writing"), b"in progress").unwrap();
        assert_eq!(clean_tmp(t.path(), STALE_TMP), 1);
        assert!(!old.exists());
        assert!(t.path().join("tmp/2.writing").exists());
    }
}
