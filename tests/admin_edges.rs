//! What an administrator meets at the edges: output piped into `head`, a message reprocessed
//! after a limit was raised, a folder that refuses a move, file names that are not UTF-8.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::process::{Command, Stdio};

use crate::util::{Env, dsn, message, stderr, stdout, testdata};

/// Runs `cmd` with its standard output closed before it writes (as `| head -1` does once it has
/// its line): the command must end quietly with status 0.
fn assert_quiet_on_closed_stdout(mut cmd: Command, what: &str) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(&out));
    assert_eq!(stderr(&out), "", "{what}");
}

#[test]
fn output_piped_into_head_is_not_an_error() {
    let env = Env::new();
    // More than a pipe holds (64 KiB), so the writes do meet the closed pipe.
    let emails: Vec<String> = (0..400).map(|i| format!("m{i}@example.net")).collect();
    let emails: Vec<&str> = emails.iter().map(String::as_str).collect();
    env.mailing(&emails);
    assert_quiet_on_closed_stdout(env.cmd(&["mailing", "addresses", "1"]), "mailing addresses");
    let corpus = testdata().join("sisimai");
    let mut parse = env.cmd(&["parse", "--json"]);
    parse.arg(&corpus);
    assert_quiet_on_closed_stdout(parse, "parse --json");
    let mut parse = env.cmd(&["parse", "--explain"]);
    parse.arg(&corpus);
    assert_quiet_on_closed_stdout(parse, "parse --explain");
}

#[test]
fn a_message_too_large_is_reprocessed_once_the_limit_is_raised() {
    let env = Env::with_settings(&[("max_message_bytes", "300")]);
    let token = env.mailing(&["member@example.net"]).remove(0).2;
    let bounce = dsn("big@mx", &token, "member@example.net");
    assert!(bounce.len() > 300);
    env.deliver("bounces", "1.a.host", &bounce);
    let out = env.run(&["run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.ignored"), ["1.a.host"]);

    let cfg = fs::read_to_string(env.config()).unwrap();
    fs::write(
        env.config(),
        cfg.replacen("max_message_bytes = 300", "max_message_bytes = 100000", 1),
    )
    .unwrap();
    let out = env.run(&["reprocess", "--reason", "too-large"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("bounces: 1 messages moved back"),
        "{}",
        stdout(&out)
    );
    assert_eq!(env.files("bounces", ""), ["1.a.host"]);

    let out = env.run(&["run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.processed"), ["1.a.host"]);
    // One row for the one message (the too-large row was forgotten), one bounce event.
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 1);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE outcome = 'processed'"),
        1
    );
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 1);
}

#[test]
fn a_folder_that_refuses_the_move_is_named_and_nothing_is_applied_twice() {
    let env = Env::new();
    let token = env.mailing(&["member@example.net"]).remove(0).2;
    env.deliver(
        "bounces",
        "1.a.host",
        &dsn("b1@mx", &token, "member@example.net"),
    );
    // The move into processed/ fails as on a folder the user may not write.
    let target = env.maildir("bounces").join(".CiviMail.processed/new");
    let out = env
        .cmd(&["run"])
        .env("MAILROOM_FAULT", "eacces-move:1")
        .output()
        .unwrap();
    // Recorded, left for the next run: the temporary-failure status.
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&target.display().to_string()), "{err}");
    assert!(err.contains("1.a.host"), "{err}");
    assert!(err.contains("the next run moves it"), "{err}");
    assert_eq!(env.files("bounces", ""), ["1.a.host"]);

    let out = env.run(&["run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.processed"), ["1.a.host"]);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 1);
}

#[test]
fn file_names_that_are_not_utf8_are_kept_byte_for_byte() {
    let env = Env::new();
    let name = OsStr::from_bytes(b"1.caf\xe9.host:2,S");
    let dir = env.maildir("activities");
    fs::write(
        dir.join("cur").join(name),
        message("latin1@x", "crm@example.org", "Hi"),
    )
    .unwrap();
    let out = env.run(&["run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.join(".CiviMail.processed/cur").join(name).exists(),
        "{:?}",
        env.files("activities", "CiviMail.processed")
    );
    assert!(env.files("activities", "").is_empty());
}

#[test]
fn the_run_summary_says_when_a_copy_was_only_moved() {
    let env = Env::new();
    let letter = message("twice@x", "crm@example.org", "Hello");
    env.deliver("activities", "1.a.host", &letter);
    env.deliver("activities", "2.a.host", &letter);
    let out = env.run(&["run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("of these, 1 already in the ledger"),
        "{}",
        stdout(&out)
    );
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
}

#[test]
fn holds_with_a_typo_in_the_type_or_group_is_an_error_not_an_empty_list() {
    let env = Env::new();
    env.mailing(&["member@example.net"]);
    let out = env.run(&["holds", "--type", "Qouta"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("Quota"), "{}", stderr(&out));
    let out = env.run(&["holds", "--group", "newsleter"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("newsleter"), "{}", stderr(&out));
    // The right names still list (nobody is on hold yet), whatever the case of the type.
    let out = env.run(&["holds", "--type", "quota", "--group", "newsletter"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn prune_keeps_the_row_of_a_message_recorded_but_not_yet_moved() {
    let env = Env::new();
    let token = env.mailing(&["member@example.net"]).remove(0).2;
    env.deliver(
        "bounces",
        "1.a.host",
        &dsn("p1@mx", &token, "member@example.net"),
    );
    let out = env
        .cmd(&["run"])
        .env("MAILROOM_FAULT", "eacces-move:1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    // Recorded long ago; the folder refused the move ever since.
    env.execute("UPDATE ledger SET handled_at = '2020-01-01T00:00:00Z'");
    let out = env.run(&["prune", "--older-than", "30"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 1);
    let out = env.run(&["run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.processed"), ["1.a.host"]);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 1);
}

#[test]
fn contacts_exported_by_a_european_spreadsheet_import() {
    let env = Env::new();
    // UTF-8 BOM, `;` between fields, CRLF line ends; two groups in one quoted field.
    let file = env.path().join("export.csv");
    fs::write(
        &file,
        "\u{feff}email;first;last;organisation;groups\r\nana@example.net;Ana;Silva;;\"news;members\"\r\nbo@example.net;Bo;Ek;;news\r\n",
    )
    .unwrap();
    let out = env.run(&["contacts", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("2 contacts created"),
        "{}",
        stdout(&out)
    );
    let out = env.run(&["groups", "--csv"]);
    let groups = stdout(&out);
    assert!(groups.contains("news,2"), "{groups}");
    assert!(groups.contains("members,1"), "{groups}");
}

#[test]
fn what_is_no_message_is_reported_or_not_counted_as_waiting() {
    let env = Env::new();
    let new = env.maildir("bounces").join("new");
    fs::create_dir(new.join("a-directory")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/message", new.join("dangling")).unwrap();
    let out = env.run(&["status", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["accounts"][0]["waiting"], 1, "{v}");
    let out = env.run(&["run"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("dangling"), "{err}");
    assert!(err.contains("symbolic link to a missing file"), "{err}");
    assert!(new.join("a-directory").is_dir());
}

/// Pipes `bytes` into `deliver --account bounces` started by a shell that ends before the
/// input does (a fetcher killed part-way, or `producer | mailroom deliver &` in a script that
/// ends at once): `deliver` is reparented before it reads the end of its input. Returns what
/// `deliver` said on stderr, once it has exited.
fn deliver_under_a_parent_that_ends_first(env: &Env, bytes: &[u8]) -> String {
    use std::io::{Read, Write};
    let fifo = env.path().join("pipe");
    let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // The parent: a shell that starts `deliver` on the pipe, then ends when told to.
    let mut parent = Command::new("sh")
        .arg("-c")
        .arg(r#""$0" --config "$1" deliver --account bounces < "$2" & read line"#)
        .arg(crate::util::bin())
        .arg(env.config())
        .arg(&fifo)
        .env_remove("MAILROOM_CONFIG")
        .env_remove("MAILROOM_FAULT")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    pipe.write_all(bytes).unwrap();
    // deliver has started (and noted its parent) once its file is in tmp/.
    let tmp = env.maildir("bounces").join("tmp");
    while fs::read_dir(&tmp).unwrap().next().is_none() {
        std::thread::yield_now();
    }
    // The parent ends before the input does.
    writeln!(parent.stdin.take().unwrap()).unwrap();
    let mut err = String::new();
    let mut stderr_pipe = parent.stderr.take().unwrap();
    assert!(parent.wait().unwrap().success());
    drop(pipe);
    // deliver's stderr closes when it exits.
    stderr_pipe.read_to_string(&mut err).unwrap();
    fs::remove_file(&fifo).unwrap();
    assert!(fs::read_dir(&tmp).unwrap().next().is_none());
    err
}

#[test]
fn a_fetcher_killed_while_piping_leaves_no_cut_message_to_count() {
    let env = Env::new();
    let token = env.mailing(&["member@example.net"]).remove(0).2;
    let whole = dsn("cut@mx", &token, "member@example.net");
    let err = deliver_under_a_parent_that_ends_first(&env, &whole[..whole.len() / 2]);
    // Kept, never lost, but not acted on: filed as ignored, under its file name.
    assert!(err.is_empty(), "{err}");
    assert!(env.files("bounces", "").is_empty());
    let ignored = env.files("bounces", "CiviMail.ignored");
    assert_eq!(ignored.len(), 1, "{ignored:?}");
    assert!(ignored[0].contains(".maybe-cut"), "{ignored:?}");
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 0);
    let reason = env.query_string("SELECT reason FROM ledger");
    assert!(reason.starts_with("maybe-cut:"), "{reason}");
    assert_eq!(
        env.query_string("SELECT message_key FROM ledger"),
        format!("file:{}", ignored[0])
    );

    // Fetched again, whole: filed and counted, once.
    let out = env.pipe_deliver(&["bounces"], &whole, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.processed").len(), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 1);
}

#[test]
fn a_whole_message_piped_by_a_parent_that_ends_first_is_never_lost() {
    // `producer | mailroom deliver &` in a script that ends at once, `nohup`, `setsid -f`: the
    // parent goes before the input ends though nothing is cut, and nobody reads the exit
    // status, so a refusal (exit 75) would lose the message.
    let env = Env::new();
    let token = env.mailing(&["member@example.net"]).remove(0).2;
    let whole = dsn("whole@mx", &token, "member@example.net");
    deliver_under_a_parent_that_ends_first(&env, &whole);
    let kept: usize = ["", "CiviMail.ignored", "CiviMail.processed"]
        .iter()
        .map(|f| env.files("bounces", f).len())
        .sum();
    assert_eq!(kept, 1, "the message was not stored");
    let ignored = env.files("bounces", "CiviMail.ignored");
    assert_eq!(ignored.len(), 1, "{ignored:?}");
    let stored = fs::read(
        env.maildir("bounces")
            .join(".CiviMail.ignored/new")
            .join(&ignored[0]),
    )
    .unwrap();
    assert_eq!(stored, whole, "stored byte for byte");
}

#[test]
fn parse_reads_a_message_on_standard_input() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(crate::util::bin())
        .args(["parse", "--json", "-"])
        .env_remove("MAILROOM_CONFIG")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&dsn("stdin@mx", "bounces@example.org", "gone@example.net"))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["file"], "-", "{v}");
    assert!(v.to_string().contains("gone@example.net"), "{v}");
}

#[test]
fn a_message_kept_as_maybe_cut_is_filed_by_reprocess() {
    // The administrator sees it is whole (nobody fetches it again): reprocess files it.
    let env = Env::new();
    let token = env.mailing(&["member@example.net"]).remove(0).2;
    let whole = dsn("reprocessed@mx", &token, "member@example.net");
    deliver_under_a_parent_that_ends_first(&env, &whole);
    assert_eq!(env.files("bounces", "CiviMail.ignored").len(), 1);
    let out = env.run(&["reprocess", "--reason", "maybe-cut"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let waiting = env.files("bounces", "");
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert!(!waiting[0].contains("maybe-cut"), "{waiting:?}");
    let out = env.run(&["run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.files("bounces", "CiviMail.processed").len(), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 1);
}
