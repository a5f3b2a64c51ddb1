//! Faults from outside, through the real binary: a full disk (write errors injected with
//! `MAILROOM_FAULT=enospc-*`), a database held by another process past the busy timeout, and
//! the permissions of every file mailroom creates whatever the umask. The same faults on a real
//! full tmpfs are in `scripts/full-disk.sh`; kills at random moments in `scripts/crash-test.py`.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::util::{Env, dsn, message, stderr, stdout};

/// `mailroom deliver --account ACCOUNT` with `bytes` on stdin and extra environment.
fn deliver(env: &Env, account: &str, bytes: &[u8], vars: &[(&str, &str)]) -> Output {
    env.pipe_deliver(&[account], bytes, vars)
}

fn tmp_files(env: &Env, account: &str) -> usize {
    fs::read_dir(env.maildir(account).join("tmp"))
        .unwrap()
        .count()
}

#[test]
fn deliver_on_a_full_disk_exits_75_and_leaves_nothing_half_written() {
    let env = Env::new();
    let msg = message("full@x", "crm@example.org", "Hi");
    let out = deliver(
        &env,
        "activities",
        &msg,
        &[("MAILROOM_FAULT", "enospc-deliver")],
    );
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("No space left on device"),
        "{}",
        stderr(&out)
    );
    assert!(env.files("activities", "").is_empty());
    assert_eq!(tmp_files(&env, "activities"), 0);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
    // Once there is space, the fetcher's retry stores and files it.
    let out = deliver(&env, "activities", &msg, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
}

#[test]
fn deliver_stores_even_when_the_commit_fails_for_lack_of_space() {
    let env = Env::new();
    let out = deliver(
        &env,
        "activities",
        &message("c@x", "crm@example.org", "Hi"),
        &[("MAILROOM_FAULT", "enospc-commit:1")],
    );
    // Stored: exit 0 and silence, the message waits in new/.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(env.files("activities", "").len(), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
    assert!(env.run(&["run"]).status.success());
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 1);
}

#[test]
fn a_batch_on_a_full_disk_stops_cleanly_and_loses_nothing() {
    let env = Env::with_settings(&[("batch_size", "4")]);
    let r = env.mailing(&["member@example.net"]);
    for i in 0..10 {
        env.deliver(
            "activities",
            &format!("{i:02}.a"),
            &message(&format!("a{i}@x"), "crm@example.org", "Hi"),
        );
        env.deliver(
            "bounces",
            &format!("{i:02}.b"),
            &dsn(&format!("b{i}@x"), &r[0].2, "member@example.net"),
        );
    }
    // The disk fills up at the second commit: the first batch (4 bounces) is committed and
    // filed; the run stops with status 1 and the rest waits, untouched.
    let out = env
        .cmd(&["run"])
        .env("MAILROOM_FAULT", "enospc-commit:2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("full"), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.processed").len(), 4);
    assert_eq!(env.files("bounces", "").len(), 6);
    assert_eq!(env.files("activities", "").len(), 10);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 4);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 4);
    // Space again: everything is processed, once.
    let out = env.run(&["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.processed").len(), 10);
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 10);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 20);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 10);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 10);
}

#[test]
fn a_watcher_on_a_full_disk_stops_without_filing_anything_unrecorded() {
    let env = Env::new();
    env.deliver(
        "activities",
        "1.a",
        &message("w@x", "crm@example.org", "Hi"),
    );
    let out = env
        .cmd(&["watch"])
        .env("MAILROOM_FAULT", "enospc-commit:1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(env.files("activities", ""), ["1.a"]);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
}

/// Holds the database's write lock from this process (as another program would).
fn hold_write_lock(env: &Env) -> rusqlite::Connection {
    let holder = rusqlite::Connection::open(env.db()).unwrap();
    holder
        .execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO groups (name, created_at) VALUES ('g', 'now');",
        )
        .unwrap();
    holder
}

#[test]
fn deliver_stores_and_exits_0_when_the_database_is_held() {
    let env = Env::new();
    let holder = hold_write_lock(&env);
    let out = deliver(
        &env,
        "activities",
        &message("busy@x", "crm@example.org", "Hi"),
        &[("MAILROOM_BUSY_TIMEOUT_MS", "50")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(env.files("activities", "").len(), 1);
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
    let out = env.run(&["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
}

#[test]
fn a_run_leaves_every_message_in_place_while_the_database_is_held() {
    let env = Env::with_settings(&[("batch_size", "2")]);
    for i in 0..5 {
        env.deliver(
            "activities",
            &format!("{i}.a"),
            &message(&format!("h{i}@x"), "crm@example.org", "Hi"),
        );
    }
    let holder = hold_write_lock(&env);
    let out = env
        .cmd(&["run", "--json"])
        .env("MAILROOM_BUSY_TIMEOUT_MS", "50")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["accounts"][1]["left_for_retry"], 5);
    assert_eq!(env.files("activities", "").len(), 5);
    holder.execute_batch("ROLLBACK").unwrap();
    assert!(env.run(&["run"]).status.success());
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 5);
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// `mailroom ARGS` for `env` under umask 000, so only the modes mailroom sets itself count.
fn under_umask_0(env: &Env, args: &[&str], stdin: &[u8]) -> Output {
    let mut c = Command::new("sh");
    c.current_dir(env.path())
        .arg("-c")
        .arg("umask 000; exec \"$@\"")
        .arg("sh")
        .arg(crate::util::bin())
        .arg("--config")
        .arg(env.config())
        .args(args)
        .env_remove("MAILROOM_FAULT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn files_mailroom_creates_are_private_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let env = Env { dir };
    let out = under_umask_0(&env, &["init", env.path().to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    let att = "Content-Type: multipart/mixed; boundary=\"Z\"\nMIME-Version: 1.0\n\n--Z\nContent-Type: text/plain\n\nhi\n\
--Z\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"a.bin\"\n\nsecret\n--Z--\n";
    let mut msg = message("perm@x", "crm@example.org", "Hi");
    let at = msg.windows(2).position(|w| w == b"\n\n").unwrap() + 1;
    msg.truncate(at);
    msg.extend_from_slice(att.as_bytes());
    let out = under_umask_0(&env, &["deliver", "--account", "activities"], &msg);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = under_umask_0(
        &env,
        &["deliver", "--account", "bounces", "--no-process"],
        b"x",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let backup = env.path().join("backup.db");
    let out = under_umask_0(&env, &["backup", backup.to_str().unwrap()], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.query_i64("SELECT count(*) FROM attachments"), 1);
    // A watcher keeps the database open, so its -wal and -shm files exist while we look.
    let mut watcher = Command::new("sh")
        .current_dir(env.path())
        .arg("-c")
        .arg("umask 000; exec \"$@\"")
        .arg("sh")
        .arg(crate::util::bin())
        .arg("--config")
        .arg(env.config())
        .args(["watch", "--json"])
        .env_remove("MAILROOM_FAULT")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(watcher.stdout.take().unwrap());
    let mut ready = String::new();
    lines.read_line(&mut ready).unwrap();
    assert!(ready.contains("ready"), "{ready}");

    let mut files = Vec::new();
    let mut dirs = Vec::new();
    let mut stack = vec![env.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p.clone());
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for want in [
        "mailroom.db",
        "mailroom.db-wal",
        "mailroom.db-shm",
        "mailroom.lock",
        "mailroom.toml",
        "backup.db",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} not created: {names:?}"
        );
    }
    for f in &files {
        assert_eq!(mode(f) & 0o077, 0, "{} is mode {:o}", f.display(), mode(f));
    }
    // Directories follow the umask (a fetcher running as another user delivers into the
    // maildirs), except the attachment store, which is private.
    for d in dirs
        .iter()
        .filter(|d| d.starts_with(env.path().join("attachments")))
    {
        assert_eq!(mode(d) & 0o077, 0, "{} is mode {:o}", d.display(), mode(d));
    }
    // SAFETY: kill(2) on a child we spawned and have not yet waited for.
    unsafe {
        libc::kill(watcher.id() as i32, libc::SIGTERM);
    }
    assert!(watcher.wait().unwrap().success());
}

#[test]
fn a_run_deletes_what_killed_deliveries_left_in_tmp_after_36_hours() {
    let env = Env::new();
    let tmp = env.maildir("activities").join("tmp");
    let stale = tmp.join("1.killed");
    fs::write(&stale, b"From: half").unwrap();
    let two_days = std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(two_days)
        .unwrap();
    let fresh = tmp.join("2.being-written");
    fs::write(&fresh, b"From: still").unwrap();
    assert!(env.run(&["run", "--dry-run"]).status.success());
    assert!(stale.exists(), "a dry run deletes nothing");
    assert!(env.run(&["run"]).status.success());
    assert!(!stale.exists());
    assert!(fresh.exists());
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
}

#[test]
fn a_watcher_killed_after_a_commit_leaves_nothing_for_a_second_application() {
    let env = Env::with_settings(&[("batch_size", "2")]);
    for i in 0..5 {
        env.deliver(
            "activities",
            &format!("{i}.w"),
            &message(&format!("w{i}@x"), "crm@example.org", "Hi"),
        );
    }
    // SIGKILL right after the first commit, before its files move.
    let out = env
        .cmd(&["watch"])
        .env("MAILROOM_FAULT", "kill-after-commit:1")
        .output()
        .unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&out.status),
        Some(libc::SIGKILL)
    );
    assert_eq!(env.files("activities", "").len(), 5);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 2);
    let out = env.run(&["run", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["accounts"][1]["already_handled"], 2);
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 5);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 5);
}

#[test]
fn a_deliver_killed_after_its_commit_is_filed_once_by_the_next_run() {
    let env = Env::new();
    let msg = message("dk@x", "crm@example.org", "Hi");
    let out = deliver(
        &env,
        "activities",
        &msg,
        &[("MAILROOM_FAULT", "kill-after-commit:1")],
    );
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&out.status),
        Some(libc::SIGKILL)
    );
    // Not acknowledged: the fetcher delivers it again.
    let out = deliver(&env, "activities", &msg, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = env.run(&["run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(env.files("activities", "").is_empty());
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 2);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
}
