//! Helpers for the integration tests: a temporary installation (config, maildirs, database) and
//! running the real binary against it.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mailroom"))
}

/// The repository's testdata/ directory.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// A temporary installation: `mailroom init` run in a fresh directory.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    /// A fresh installation with the example config (a bounce and an activity account).
    pub fn new() -> Env {
        Env::with_config(None)
    }

    /// A fresh installation; `extra` is appended to the example config's top-level keys.
    pub fn with_config(top: Option<&str>) -> Env {
        let dir = tempfile::tempdir().unwrap();
        if let Some(top) = top {
            let example = fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/mailroom.example.toml"),
            )
            .unwrap();
            fs::write(
                dir.path().join("mailroom.toml"),
                format!("{top}\n{example}"),
            )
            .unwrap();
        }
        let env = Env { dir };
        let out = env.cmd(&["init"]).output().unwrap();
        assert!(
            out.status.success(),
            "init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> PathBuf {
        self.path().join("mailroom.toml")
    }

    pub fn db(&self) -> PathBuf {
        self.path().join("mailroom.db")
    }

    /// `mailroom --config <this> ARGS...`, run in the installation's directory.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.current_dir(self.path())
            .arg("--config")
            .arg(self.config())
            .args(args)
            .env_remove("MAILROOM_CONFIG")
            .env_remove("MAILROOM_FAULT");
        c
    }

    /// Runs the binary and returns its output, whatever the status.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// The source maildir of an account of the example config.
    pub fn maildir(&self, account: &str) -> PathBuf {
        self.path().join("mail").join(account)
    }

    /// Puts a message into `new/` of an account's maildir under `name`.
    pub fn deliver(&self, account: &str, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.maildir(account).join("new").join(name);
        fs::write(&p, bytes).unwrap();
        p
    }

    /// The file names in `<maildir>/<folder>/{new,cur}`, sorted ("" = the source folder).
    pub fn files(&self, account: &str, folder: &str) -> Vec<String> {
        let base = if folder.is_empty() {
            self.maildir(account)
        } else {
            self.maildir(account).join(format!(".{folder}"))
        };
        let mut v = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(rd) = fs::read_dir(base.join(sub)) {
                for e in rd {
                    v.push(e.unwrap().file_name().to_string_lossy().into_owned());
                }
            }
        }
        v.sort();
        v
    }

    /// One value from the database.
    pub fn query_i64(&self, sql: &str) -> i64 {
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small message with a Message-ID and the given To.
pub fn message(id: &str, to: &str, subject: &str) -> Vec<u8> {
    format!(
        "From: Someone <someone@example.net>\nTo: {to}\nSubject: {subject}\nDate: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <{id}>\n\nHello.\n"
    )
    .into_bytes()
}
