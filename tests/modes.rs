//! `deliver` (the getmail/fetchmail pipe) and `watch`, with real processes: exit statuses,
//! silence on success, and exactly-once filing when everything runs at once. The watcher is
//! followed through its `--json` lines, never by sleeping.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Stdio};

use crate::util::{Env, message, stderr, stdout};

fn deliver(env: &Env, args: &[&str], bytes: &[u8]) -> std::process::Output {
    env.pipe_deliver(args, bytes, &[])
}

#[test]
fn deliver_stores_and_processes_silently() {
    let env = Env::new();
    let out = deliver(
        &env,
        &["activities"],
        &message("d1@x", "crm@example.org", "Hi"),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
    assert!(env.files("activities", "").is_empty());
    // Nothing is left in tmp/.
    assert_eq!(
        std::fs::read_dir(env.maildir("activities").join("tmp"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn deliver_keeps_the_wal_small_and_loses_no_commit() {
    // Each deliver leaves its commit in the WAL (no checkpoint on close); once the WAL passes
    // 1 MiB a deliver checkpoints and truncates it, so it never grows without bound.
    let env = Env::new();
    let wal = {
        let mut p = env.db().into_os_string();
        p.push("-wal");
        std::path::PathBuf::from(p)
    };
    let mut biggest = 0;
    let mut truncated = false;
    for i in 0..60 {
        let body = format!("{}\n", "x".repeat(20_000));
        let mut msg = message(&format!("wal{i}@x"), "crm@example.org", "Hi");
        msg.extend_from_slice(body.as_bytes());
        let out = deliver(&env, &["activities"], &msg);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        truncated |= len < biggest;
        biggest = biggest.max(len);
    }
    assert!(
        truncated,
        "the WAL was never checkpointed (largest {biggest} bytes)"
    );
    assert!(biggest < 2 << 20, "the WAL grew to {biggest} bytes");
    // Every commit is there, whether still in the WAL or checkpointed.
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 60);
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 60);
}

#[test]
fn deliver_stores_any_input_even_garbage() {
    let env = Env::new();
    let out = deliver(&env, &["bounces", "--no-process"], b"\x00\x01 not mail");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files = env.files("bounces", "");
    assert_eq!(files.len(), 1);
    let stored = std::fs::read(env.maildir("bounces").join("new").join(&files[0])).unwrap();
    assert_eq!(stored, b"\x00\x01 not mail");
    // Processing it later files it in ignored.
    let out = deliver(&env, &["bounces"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(env.run(&["run"]).status.success());
    assert_eq!(env.files("bounces", "CiviMail.ignored").len(), 2);
}

#[test]
fn deliver_exits_75_when_it_cannot_store() {
    let env = Env::new();
    let out = deliver(&env, &["nosuch"], b"Subject: x\n\nx\n");
    assert_eq!(out.status.code(), Some(75));
    assert!(stderr(&out).contains("nosuch"), "{}", stderr(&out));
    // A broken config is a temporary failure too: getmail keeps the message.
    std::fs::write(env.config(), "not = [valid").unwrap();
    let out = deliver(&env, &["activities"], b"Subject: x\n\nx\n");
    assert_eq!(out.status.code(), Some(75));
    assert!(stderr(&out).contains("mailroom.toml"), "{}", stderr(&out));
    // A maildir that cannot be written to.
    let env = Env::new();
    std::fs::remove_dir_all(env.maildir("activities").join("tmp")).unwrap();
    let out = deliver(&env, &["activities"], b"Subject: x\n\nx\n");
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert!(env.files("activities", "").is_empty());
}

/// A running watcher, followed through its JSON lines.
struct Watcher {
    child: Child,
    lines: BufReader<ChildStdout>,
    filed: u64,
}

impl Watcher {
    fn start(env: &Env) -> Watcher {
        Watcher::start_with(env, &[])
    }

    /// A watcher with extra environment variables (fault injection).
    fn start_with(env: &Env, vars: &[(&str, &str)]) -> Watcher {
        let mut cmd = env.cmd(&["watch", "--json"]);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap());
        let mut w = Watcher {
            child,
            lines,
            filed: 0,
        };
        w.wait_for(|v| v["event"] == "ready");
        w
    }

    /// Reads lines until one satisfies `f`; counts what the passes filed on the way.
    fn wait_for(&mut self, f: impl Fn(&serde_json::Value) -> bool) {
        loop {
            let mut line = String::new();
            let n = self.lines.read_line(&mut line).unwrap();
            assert!(n > 0, "the watcher exited early");
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            if v["event"] == "pass" {
                let s = &v["summary"];
                self.filed += s["processed"].as_u64().unwrap() + s["ignored"].as_u64().unwrap();
                self.filed -= s["already_handled"].as_u64().unwrap();
            }
            if f(&v) {
                return;
            }
        }
    }

    fn wait_until_filed(&mut self, n: u64) {
        while self.filed < n {
            self.wait_for(|_| true);
        }
    }

    fn stop(self) -> std::process::Output {
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        self.child.wait_with_output().unwrap()
    }
}

#[test]
fn watch_files_the_backlog_then_new_mail_and_stops_on_sigterm() {
    let env = Env::new();
    env.deliver(
        "activities",
        "1.backlog",
        &message("w1@x", "crm@example.org", "Old"),
    );
    let mut w = Watcher::start(&env);
    assert_eq!(env.files("activities", "CiviMail.processed"), ["1.backlog"]);
    w.filed = 0;
    for i in 0..3 {
        let out = deliver(
            &env,
            &["activities", "--no-process"],
            &message(&format!("w{i}n@x"), "crm@example.org", "New"),
        );
        assert_eq!(out.status.code(), Some(0));
    }
    w.wait_until_filed(3);
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 4);

    // A second watcher refuses, naming the first.
    let out = env.run(&["watch"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already watched by process"),
        "{}",
        stderr(&out)
    );
    // A batch run skips the watched accounts and says why.
    let out = env.run(&["run"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("skipped"), "{}", stdout(&out));

    let out = w.stop();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn watch_survives_a_recreated_folder_and_a_bad_reload() {
    let env = Env::new();
    let mut w = Watcher::start(&env);
    let new = env.maildir("activities").join("new");
    std::fs::remove_dir(&new).unwrap();
    std::fs::create_dir(&new).unwrap();
    // A bad config on SIGHUP is reported and the old one kept.
    let good = std::fs::read_to_string(env.config()).unwrap();
    std::fs::write(env.config(), "broken = [").unwrap();
    unsafe {
        libc::kill(w.child.id() as i32, libc::SIGHUP);
    }
    // Its --json line says the reload failed (only then may the good config come back).
    w.wait_for(|v| v["event"] == "reload" && v["ok"] == false);
    env.deliver(
        "activities",
        "9.after",
        &message("r1@x", "crm@example.org", "After"),
    );
    w.wait_until_filed(1);
    std::fs::write(env.config(), good).unwrap();
    assert_eq!(env.files("activities", "CiviMail.processed"), ["9.after"]);
    let out = w.stop();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("keeping the old config"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn everything_at_once_files_each_message_exactly_once() {
    let env = Env::with_settings(&[("batch_size", "32")]);
    let n_backlog = 1500;
    for i in 0..n_backlog {
        env.deliver(
            "activities",
            &format!("{i:05}.backlog"),
            &message(&format!("b{i}@x"), "crm@example.org", "Old"),
        );
    }
    let spawn_run = || {
        env.cmd(&["run"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let runs: Vec<Child> = vec![spawn_run(), spawn_run()];
    let mut w = Watcher::start(&env);
    let n_delivered = 300;
    std::thread::scope(|s| {
        for t in 0..4 {
            let env = &env;
            s.spawn(move || {
                for i in 0..n_delivered / 4 {
                    let id = format!("d{t}-{i}@x");
                    let out = deliver(
                        env,
                        &["activities"],
                        &message(&id, "crm@example.org", "New"),
                    );
                    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
                }
            });
        }
    });
    for r in runs {
        let out = r.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let total = (n_backlog + n_delivered) as u64;
    // Whatever the runs filed before the watcher took over, the watcher files the rest, and
    // says so in a line after each pass.
    while (env.files("activities", "CiviMail.processed").len() as u64) < total {
        w.wait_for(|_| true);
    }
    let out = w.stop();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        env.files("activities", "CiviMail.processed").len() as u64,
        total
    );
    assert!(env.files("activities", "").is_empty());
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger") as u64, total);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM activities") as u64,
        total
    );
    assert_eq!(
        env.query_i64("SELECT count(DISTINCT message_id) FROM activities") as u64,
        total
    );
}

#[test]
fn a_message_that_cannot_be_moved_does_not_make_the_watcher_spin() {
    let env = Env::new();
    // Every move fails, as into a folder the user may not write.
    let mut w = Watcher::start_with(&env, &[("MAILROOM_FAULT", "eacces-move:1")]);
    env.deliver(
        "bounces",
        "1.stuck",
        b"From: a@example.net\nSubject: x\nMessage-ID: <stuck@x>\n\nhi\n",
    );
    let mut bounce_passes = 0;
    w.wait_for(|v| v["event"] == "pass" && v["summary"]["account"] == "bounces");
    bounce_passes += 1;
    // Another account's mail: until its pass, the stuck message must not be passed over again
    // (its pass read the file, and reading is no new mail).
    env.deliver(
        "activities",
        "2.letter",
        &message("w2@x", "crm@example.org", "Hello"),
    );
    loop {
        let mut line = String::new();
        assert!(w.lines.read_line(&mut line).unwrap() > 0);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        if v["event"] != "pass" {
            continue;
        }
        if v["summary"]["account"] == "bounces" {
            bounce_passes += 1;
        } else {
            break;
        }
    }
    assert_eq!(
        bounce_passes, 1,
        "the watcher passed over the stuck message again"
    );
    let out = w.stop();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.files("bounces", ""), ["1.stuck"]);
}
