//! The attachment store: activity attachments on disk under `attachments_dir`, named by the
//! SHA-256 of their content (`ab/abcdef...`), so identical files are stored once. A file is
//! written to a temporary name, fsynced, renamed into place and its directory fsynced before
//! [`Store::put`] returns: the handler calls it before the transaction that records the file
//! commits, so a committed attachment row always has its file. (A rolled-back message can leave a
//! file no row names; it is harmless, and the next copy of that content reuses it.)
//! Files are created 0600, directories 0700. Also owns sanitising the original file names.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// The content-addressed store rooted at one directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    pub fn new(root: &Path) -> Store {
        Store {
            root: root.to_path_buf(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The hex SHA-256 of `content`: its name in the store.
    pub fn hash(content: &[u8]) -> String {
        hex::encode(Sha256::digest(content))
    }

    /// Where the content with hash `sha256` is (or would be) stored.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let fan = sha256.get(..2).unwrap_or("00");
        self.root.join(fan).join(sha256)
    }

    /// Stores `content` durably (unless it is already there) and returns its hash.
    pub fn put(&self, content: &[u8]) -> Result<String, StoreError> {
        let sha = Self::hash(content);
        let dest = self.path_of(&sha);
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError { path, source }
        };
        if let Ok(m) = fs::metadata(&dest)
            && m.is_file()
            && m.len() == content.len() as u64
        {
            return Ok(sha);
        }
        let dir = dest.parent().unwrap_or(&self.root).to_path_buf();
        let created = self.make_dirs(&dir).map_err(err(&dir))?;
        let tmp = dir.join(format!(
            ".tmp-{}-{}-{}",
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
            f.write_all(content)?;
            f.sync_all()?;
            drop(f);
            fs::rename(&tmp, &dest)?;
            sync_dir(&dir)?;
            if created {
                sync_dir(&self.root)?;
            }
            Ok(())
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&tmp);
            StoreError {
                path: dest.clone(),
                source: e,
            }
        })?;
        Ok(sha)
    }

    /// Creates the root and `dir` (mode 0700) when missing; true when `dir` was created.
    fn make_dirs(&self, dir: &Path) -> io::Result<bool> {
        if dir.is_dir() {
            return Ok(false);
        }
        let mut b = DirBuilder::new();
        b.recursive(true).mode(0o700);
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
    fn a_truncated_file_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let sha = store.put(b"content").unwrap();
        fs::write(store.path_of(&sha), b"cont").unwrap();
        store.put(b"content").unwrap();
        assert_eq!(fs::read(store.path_of(&sha)).unwrap(), b"content");
    }
}
