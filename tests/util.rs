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
        Env::with_settings(&[])
    }

    /// A fresh installation with the example config, each `(key, value)` replacing the value of
    /// the first line that sets `key` (uncommenting it if needed).
    pub fn with_settings(settings: &[(&str, &str)]) -> Env {
        let dir = tempfile::tempdir().unwrap();
        if !settings.is_empty() {
            let mut text = fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/mailroom.example.toml"),
            )
            .unwrap();
            for (key, value) in settings {
                let line = text
                    .lines()
                    .find(|l| {
                        let l = l.trim_start_matches("# ");
                        l.starts_with(&format!("{key} =")) || l.starts_with(&format!("{key}="))
                    })
                    .unwrap_or_else(|| panic!("no line sets {key}"))
                    .to_string();
                text = text.replacen(&line, &format!("{key} = {value}"), 1);
            }
            fs::write(dir.path().join("mailroom.toml"), text).unwrap();
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

    /// `mailroom deliver --account ARGS...` with `bytes` on standard input and extra environment
    /// variables, as getmail or fetchmail run it; returns its output, whatever the status.
    pub fn pipe_deliver(&self, args: &[&str], bytes: &[u8], vars: &[(&str, &str)]) -> Output {
        use std::io::Write;
        use std::process::Stdio;
        let mut all = vec!["deliver", "--account"];
        all.extend_from_slice(args);
        let mut c = self.cmd(&all);
        for (k, v) in vars {
            c.env(k, v);
        }
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The binary may exit before reading its input (a delivery it cannot store): a closed
        // pipe is its answer, not the test's failure.
        if let Err(e) = child.stdin.take().unwrap().write_all(bytes) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
        child.wait_with_output().unwrap()
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
    /// Written in tmp/ and renamed into new/, as maildir deliveries are: a watcher never sees a
    /// half-written file.
    pub fn deliver(&self, account: &str, name: &str, bytes: &[u8]) -> PathBuf {
        let tmp = self.maildir(account).join("tmp").join(name);
        let p = self.maildir(account).join("new").join(name);
        fs::write(&tmp, bytes).unwrap();
        fs::rename(&tmp, &p).unwrap();
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

    /// Imports `emails` as contacts of group `newsletter` and creates a mailing to them; returns
    /// (recipient id, email, bounce address) per recipient, as `mailing addresses` prints them.
    pub fn mailing(&self, emails: &[&str]) -> Vec<(i64, String, String)> {
        let mut csv = String::from("email,first,last,organisation,groups\n");
        for (i, e) in emails.iter().enumerate() {
            csv.push_str(&format!("{e},First{i},Last{i},,newsletter\n"));
        }
        let file = self.path().join("contacts.csv");
        fs::write(&file, csv).unwrap();
        let out = self.run(&["contacts", "import", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let out = self.run(&[
            "mailing",
            "create",
            "--name",
            "News",
            "--group",
            "newsletter",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let id = stdout(&out).split_whitespace().nth(1).unwrap().to_string();
        let out = self.run(&["mailing", "addresses", &id]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0].parse().unwrap(), f[1].to_string(), f[2].to_string())
            })
            .collect()
    }

    /// One value from the database.
    pub fn query_i64(&self, sql: &str) -> i64 {
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// One text value from the database.
    pub fn query_string(&self, sql: &str) -> String {
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Runs one SQL statement on the database (to set up a state, such as older events).
    pub fn execute(&self, sql: &str) {
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.execute(sql, []).unwrap();
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

/// A small RFC 3464 bounce sent back to `to` (a VERP address) about `failed`.
pub fn dsn(id: &str, to: &str, failed: &str) -> Vec<u8> {
    format!(
        "From: MAILER-DAEMON@mx.example.net\nTo: {to}\nSubject: Undelivered Mail Returned to Sender\n\
Date: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <{id}>\nMIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n\
--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\
--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n\
Final-Recipient: rfc822; {failed}\nAction: failed\nStatus: 5.2.2\n\
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n\n--B--\n"
    )
    .into_bytes()
}
