//! The batch pipeline end to end: filing, idempotence, crashes, bad input, concurrency,
//! reprocess.

use std::fs;
use std::process::Stdio;

use crate::util::{Env, dsn, message, stderr, stdout};

/// The bounce address of a recipient of a fresh test mailing in `env`.
fn token(env: &Env) -> String {
    env.mailing(&["member@example.net"]).remove(0).2
}

/// A bounce (mailbox full) that comes back to `token`.
fn bounce_with_token(token: &str, id: &str) -> Vec<u8> {
    dsn(id, token, "member@example.net")
}

#[test]
fn mixed_batch_is_filed_with_the_right_rows() {
    let env = Env::new();
    let t = token(&env);
    env.deliver("bounces", "1.a.host", &bounce_with_token(&t, "b1@x"));
    env.deliver(
        "bounces",
        "2.a.host",
        &message("b2@x", "someone@example.org", "no token"),
    );
    // A token in Delivered-To (as getmail adds it) counts too; flags in cur/ names are kept.
    let mut dt = format!("Delivered-To: {t}\n").into_bytes();
    dt.extend(dsn("b3@x", "bounces@example.org", "member@example.net"));
    fs::write(env.maildir("bounces").join("cur/3.a.host:2,S"), dt).unwrap();
    env.deliver(
        "activities",
        "4.a.host",
        &message("a1@x", "crm@example.org", "Hello"),
    );
    env.deliver("activities", "5.a.host", b"no headers at all\n");

    let out = env.run(&["run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let acc = &v["accounts"];
    assert_eq!(acc[0]["account"], "bounces");
    assert_eq!(acc[0]["processed"], 2);
    assert_eq!(acc[0]["ignored"], 1);
    assert_eq!(acc[1]["processed"], 1);
    assert_eq!(acc[1]["ignored"], 1);

    assert_eq!(
        env.files("bounces", "CiviMail.processed"),
        ["1.a.host", "3.a.host:2,S"]
    );
    assert_eq!(env.files("bounces", "CiviMail.ignored"), ["2.a.host"]);
    assert!(
        env.maildir("bounces")
            .join(".CiviMail.processed/cur/3.a.host:2,S")
            .exists()
    );
    assert!(
        env.maildir("bounces")
            .join(".CiviMail.processed/new/1.a.host")
            .exists()
    );
    assert_eq!(env.files("activities", "CiviMail.processed"), ["4.a.host"]);
    assert_eq!(env.files("activities", "CiviMail.ignored"), ["5.a.host"]);
    assert!(env.files("bounces", "").is_empty());

    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 5);
    assert_eq!(
        env.query_i64(
            "SELECT count(*) FROM ledger WHERE reason LIKE 'no-verp-token%' AND message_key = '<b2@x>'"
        ),
        1
    );
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'unparseable%' AND account = 'activities'"),
        1
    );
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE length(file_sha256) = 64"),
        5
    );
}

#[test]
fn a_second_run_changes_nothing() {
    let env = Env::new();
    env.deliver(
        "activities",
        "1.a.host",
        &message("a1@x", "crm@example.org", "Hello"),
    );
    assert!(env.run(&["run"]).status.success());
    let before = fs::read(env.db()).unwrap().len();
    let out = env.run(&["run", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["accounts"][1]["found"], 0);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 1);
    assert!(fs::read(env.db()).unwrap().len() >= before);
}

#[test]
fn a_copy_already_in_the_ledger_is_moved_not_applied_again() {
    let env = Env::new();
    env.deliver(
        "activities",
        "1.a.host",
        &message("same@x", "crm@example.org", "Hello"),
    );
    assert!(env.run(&["run"]).status.success());
    // getmail delivers it again, with a header added on top.
    let mut again = b"Delivered-To: crm@example.org\n".to_vec();
    again.extend(message("same@x", "crm@example.org", "Hello"));
    env.deliver("activities", "2.a.host", &again);
    let out = env.run(&["run", "--json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["accounts"][1]["already_handled"], 1);
    assert_eq!(
        env.files("activities", "CiviMail.processed"),
        ["1.a.host", "2.a.host"]
    );
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
}

#[test]
fn crash_between_commit_and_move_does_no_harm() {
    let env = Env::new();
    for i in 0..5 {
        env.deliver(
            "activities",
            &format!("{i}.a.host"),
            &message(&format!("m{i}@x"), "crm@example.org", "Hi"),
        );
    }
    // The process kills itself right after its first commit, before moving anything.
    let out = env
        .cmd(&["run"])
        .env("MAILROOM_FAULT", "kill-after-commit:1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(env.files("activities", "").len(), 5);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 5);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 5);

    let out = env.run(&["run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["accounts"][1]["already_handled"], 5);
    assert_eq!(env.files("activities", "CiviMail.processed").len(), 5);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 5);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 5);
}

#[test]
fn killed_part_way_then_rerun_files_everything_exactly_once() {
    let env = Env::with_settings(&[("batch_size", "7")]);
    let t = token(&env);
    let n = 60;
    for i in 0..n {
        let to = if i % 3 == 0 {
            "nobody@example.org"
        } else {
            t.as_str()
        };
        env.deliver(
            "bounces",
            &format!("{i:03}.a.host"),
            &bounce_with_token(to, &format!("k{i}@x")),
        );
    }
    // SIGKILL in the middle of moving the third batch.
    let out = env
        .cmd(&["run"])
        .env("MAILROOM_FAULT", "kill-after-move:17")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let processed = env.files("bounces", "CiviMail.processed").len();
    let ignored = env.files("bounces", "CiviMail.ignored").len();
    assert_eq!(processed + ignored, 17);

    assert!(env.run(&["run"]).status.success());
    assert_eq!(env.files("bounces", "CiviMail.processed").len(), 40);
    assert_eq!(env.files("bounces", "CiviMail.ignored").len(), 20);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), n);
    assert_eq!(
        env.query_i64("SELECT count(DISTINCT message_key) FROM ledger"),
        n
    );
}

#[test]
fn bad_input_is_ignored_or_reported_and_the_rest_is_processed() {
    let env = Env::with_settings(&[("max_message_bytes", "1000")]);
    let a = "activities";
    env.deliver(a, "1.good", &message("good@x", "crm@example.org", "Fine"));
    env.deliver(a, "2.empty", b"");
    env.deliver(a, "3.garbage", b"\x00\xff\xfe garbage without any header\n");
    let mut big = message("big@x", "crm@example.org", "Big");
    big.extend(vec![b'x'; 2000]);
    env.deliver(a, "4.big", &big);
    // A file that cannot be read (a symlink loop: even root cannot read it).
    std::os::unix::fs::symlink("5.loop", env.maildir(a).join("new/5.loop")).unwrap();
    env.deliver(
        a,
        "6.good",
        &message("good2@x", "crm@example.org", "Fine too"),
    );

    let out = env.run(&["run", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an unreadable file makes the run report failure"
    );
    assert!(stderr(&out).contains("5.loop"), "{}", stderr(&out));
    assert_eq!(env.files(a, "CiviMail.processed"), ["1.good", "6.good"]);
    assert_eq!(
        env.files(a, "CiviMail.ignored"),
        ["2.empty", "3.garbage", "4.big"]
    );
    assert!(
        env.files(a, "").contains(&"5.loop".to_string()),
        "left in place"
    );
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'too-large:%'"),
        1
    );
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'empty:%'"),
        1
    );
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'unparseable:%'"),
        1
    );
}

#[test]
fn two_runs_at_once_file_each_message_once() {
    let env = Env::with_settings(&[("batch_size", "16")]);
    let t = token(&env);
    let n = 600;
    for i in 0..n {
        let id = format!("c{i}@x");
        if i % 2 == 0 {
            env.deliver(
                "bounces",
                &format!("{i:04}.a.host"),
                &bounce_with_token(&t, &id),
            );
        } else {
            env.deliver(
                "activities",
                &format!("{i:04}.a.host"),
                &message(&id, "crm@example.org", "Concurrent"),
            );
        }
    }
    let spawn = || {
        env.cmd(&["run", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(b.status.success(), "{}", stderr(&b));
    // Whatever one run left (an account it found locked), a third run finishes.
    assert!(env.run(&["run"]).status.success());
    assert_eq!(
        env.files("bounces", "CiviMail.processed").len(),
        n as usize / 2
    );
    assert_eq!(
        env.files("activities", "CiviMail.processed").len(),
        n as usize / 2
    );
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), n);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), n / 2);
}

#[test]
fn dry_run_writes_and_moves_nothing() {
    let env = Env::new();
    let t = token(&env);
    env.deliver("bounces", "1.a.host", &bounce_with_token(&t, "d1@x"));
    let out = env.run(&["run", "--dry-run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["accounts"][0]["processed"], 1);
    assert_eq!(env.files("bounces", ""), ["1.a.host"]);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
}

#[test]
fn limit_and_account_select_what_is_handled() {
    let env = Env::new();
    let t = token(&env);
    for i in 0..4 {
        env.deliver(
            "bounces",
            &format!("{i}.a.host"),
            &bounce_with_token(&t, &format!("l{i}@x")),
        );
    }
    env.deliver(
        "activities",
        "9.a.host",
        &message("act@x", "crm@example.org", "Hi"),
    );
    let out = env.run(&["run", "--account", "bounces", "--limit", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.processed").len(), 3);
    assert_eq!(env.files("activities", "").len(), 1);
    let out = env.run(&["run", "--account", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nope") && stderr(&out).contains("bounces"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_busy_database_leaves_messages_for_the_next_run() {
    let env = Env::new();
    let t = token(&env);
    env.deliver("bounces", "1.a.host", &bounce_with_token(&t, "busy@x"));
    let holder = rusqlite::Connection::open(env.db()).unwrap();
    holder
        .execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO groups (name, created_at) VALUES ('g', 'now');",
        )
        .unwrap();
    let out = env
        .cmd(&["run"])
        .env("MAILROOM_BUSY_TIMEOUT_MS", "50")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert!(stderr(&out).contains("busy"), "{}", stderr(&out));
    assert_eq!(env.files("bounces", ""), ["1.a.host"]);
    holder.execute_batch("ROLLBACK").unwrap();
    assert!(env.run(&["run"]).status.success());
    assert_eq!(env.files("bounces", "CiviMail.processed"), ["1.a.host"]);
}

#[test]
fn reprocess_brings_ignored_messages_back() {
    let env = Env::new();
    env.deliver(
        "bounces",
        "1.a.host",
        &message("r1@x", "someone@example.org", "no token"),
    );
    env.deliver("bounces", "2.a.host", b"");
    assert!(env.run(&["run"]).status.success());
    assert_eq!(env.files("bounces", "CiviMail.ignored").len(), 2);

    let out = env.run(&["reprocess", "--reason", "no-verp-token"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("bounces: 1 messages moved back"),
        "{}",
        stdout(&out)
    );
    assert_eq!(env.files("bounces", "CiviMail.ignored"), ["2.a.host"]);
    assert!(env.maildir("bounces").join("new/1.a.host").exists());
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 1);
    // The next run handles it afresh.
    assert!(env.run(&["run"]).status.success());
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 2);

    let out = env.run(&["reprocess", "--since", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn status_prune_and_backup() {
    let env = Env::new();
    env.deliver(
        "activities",
        "1.a.host",
        &message("s1@x", "crm@example.org", "Hi"),
    );
    env.deliver(
        "activities",
        "2.a.host",
        &message("s2@x", "crm@example.org", "Hi"),
    );
    assert!(env.run(&["run", "--limit", "1"]).status.success());
    let out = env.run(&["status", "--json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["accounts"][1]["waiting"], 1);
    assert_eq!(v["accounts"][1]["processed"], 1);

    let out = env.run(&["prune", "--older-than", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        env.files("activities", "CiviMail.processed").len(),
        1,
        "too recent to prune"
    );
    let out = env.run(&["prune", "--older-than", "0"]);
    assert!(out.status.success());
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);

    let copy = env.path().join("copy.db");
    let out = env.run(&["backup", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let c = rusqlite::Connection::open(&copy).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM activities", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    let out = env.run(&["backup", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "refuses to overwrite");
}

#[test]
fn demo_runs_in_a_fresh_directory() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("demo");
    let out = std::process::Command::new(crate::util::bin())
        .args(["demo", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("What happened"), "{text}");
    assert!(target.join("mailroom.db").exists());
    // A non-empty directory is refused.
    let out = std::process::Command::new(crate::util::bin())
        .args(["demo", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn messages_over_the_read_ahead_budget_are_each_filed_once() {
    // 5 × 8 MiB is more than the reader may hold ahead of the recorder (32 MiB): it waits for
    // the recorder to finish some before it reads more. Batches of 2 make the recorder commit
    // in between.
    let env = Env::with_settings(&[("batch_size", "2")]);
    let t = token(&env);
    let line = format!("{}\n", "x".repeat(1023));
    for i in 0..5 {
        let mut m = message(&format!("big{i}@x"), "someone@example.org", "big");
        m.extend(line.repeat(8 * 1024).as_bytes());
        env.deliver("bounces", &format!("{i}.big.host"), &m);
    }
    env.deliver("bounces", "9.small.host", &bounce_with_token(&t, "last@x"));
    let out = env.run(&["run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["accounts"][0]["processed"], 1, "{v}");
    assert_eq!(v["accounts"][0]["ignored"], 5, "{v}");
    assert!(env.files("bounces", "").is_empty());
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 6);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 1);
}
