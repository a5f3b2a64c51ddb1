//! Hostile and forged mail through the real binary: MIME bombs, a 100 MiB header line, NUL bytes
//! and invalid UTF-8 in every field, SQL metacharacters, terminal escapes in what the commands
//! print, attachment names that try to leave the store, and forged VERP tokens. Each message is
//! filed within the limits and the run goes on; nothing a stranger mails changes a contact.
//! Peak memory on these inputs is measured by `scripts/hostile-rss.py`, not here.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::util::{Env, dsn, stderr, stdout};

/// Runs the batch and asserts it succeeded; returns its JSON summary.
fn run(env: &Env) -> serde_json::Value {
    let out = env.run(&["run", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(stdout(&out).trim()).unwrap()
}

/// The ledger outcome and reason of the message with `key`.
fn ledger(env: &Env, key: &str) -> (String, String) {
    let c = rusqlite::Connection::open(env.db()).unwrap();
    c.query_row(
        "SELECT outcome, reason FROM ledger WHERE message_key = ?1",
        [key],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap_or_else(|e| panic!("no ledger row for {key}: {e}"))
}

/// Output a terminal may show: no escape, NUL or other C0/C1 control besides line ends.
fn assert_printable(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(
        bad.is_empty(),
        "{what} prints control characters {bad:?}:\n{text}"
    );
}

const HEAD: &str = "From: Ann <ann@example.net>\nTo: crm@example.org\nSubject: hostile\n\
Date: Mon, 23 Nov 2026 09:14:02 +0000\nMIME-Version: 1.0\n";

#[test]
fn mime_nested_ten_thousand_deep_is_cut_at_the_nesting_limit() {
    let env = Env::new();
    let mut m = format!("{HEAD}Message-ID: <deep@t>\n");
    for i in 0..10_000 {
        m.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\n\n--b{i}\n"
        ));
    }
    m.push_str("Content-Type: text/plain\n\ninnermost\n");
    env.deliver("activities", "1.deep", m.as_bytes());
    // The same bytes as a bounce.
    let b = m.replace("deep@t", "deep-bounce@t");
    env.deliver("bounces", "1.deep", b.as_bytes());
    let v = run(&env);
    assert_eq!(v["accounts"][0]["found"], 1);
    assert_eq!(v["accounts"][1]["found"], 1);
    assert!(env.files("activities", "").is_empty());
    assert!(env.files("bounces", "").is_empty());
    ledger(&env, "<deep@t>");
    ledger(&env, "<deep-bounce@t>");
    // `parse` copes too.
    let p = env
        .maildir("activities")
        .join(".CiviMail.processed/new/1.deep");
    let p = if p.exists() {
        p
    } else {
        env.maildir("activities")
            .join(".CiviMail.ignored/new/1.deep")
    };
    let out = env.run(&["parse", "--json", p.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_hundred_thousand_parts_are_cut_at_the_part_limit() {
    let env = Env::new();
    let mut m =
        format!("{HEAD}Message-ID: <parts@t>\nContent-Type: multipart/mixed; boundary=\"p\"\n\n");
    for i in 0..100_000 {
        m.push_str(&format!(
            "--p\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"f{i}.txt\"\n\nx{i}\n"
        ));
    }
    m.push_str("--p--\n");
    env.deliver("activities", "1.parts", m.as_bytes());
    run(&env);
    let (outcome, _) = ledger(&env, "<parts@t>");
    assert_eq!(outcome, "processed");
    // At most max_attachments (100) are stored; the rest is not even parsed.
    assert!(env.query_i64("SELECT count(*) FROM attachments") <= 100);
    assert!(
        fs::read_dir(env.path().join("attachments"))
            .unwrap()
            .count()
            <= 256
    );
}

#[test]
fn a_100_mib_header_line_is_handled_within_the_limits() {
    // Over max_message_bytes (the default 50 MiB): ignored unread, hashed as a stream.
    let env = Env::new();
    let big = 100 * 1024 * 1024;
    let write = |p: &Path| {
        let mut f = fs::File::create(p).unwrap();
        f.write_all(b"From: Ann <ann@example.net>\nMessage-ID: <long@t>\nX-Long: ")
            .unwrap();
        let chunk = vec![b'a'; 1024 * 1024];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\nSubject: after\n\nbody\n").unwrap();
    };
    write(&env.maildir("activities").join("new/1.long"));
    run(&env);
    assert_eq!(env.files("activities", "CiviMail.ignored"), ["1.long"]);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'too-large:%'"),
        1
    );

    // Allowed by the size limit: read, but parsed only up to the long line.
    let env = Env::with_settings(&[("max_message_bytes", &(2 * big).to_string())]);
    write(&env.maildir("activities").join("new/1.long"));
    run(&env);
    assert!(env.files("activities", "").is_empty());
    let (_, reason) = ledger(&env, "<long@t>");
    assert!(!reason.is_empty());
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 1);
}

/// A message with NUL bytes and invalid UTF-8 in every header, the body and an attachment name.
fn binary_junk(id: &str, to: &[u8]) -> Vec<u8> {
    let j = b"\x00\xff\xfe\xc3\x28\x80";
    let mut m = Vec::new();
    for (k, v) in [
        (&b"From"[..], &b"An\x00n \xff <ann\x00@exa\xffmple.net>"[..]),
        (b"To", to),
        (b"Cc", b"\xc3\x28 <c\xffc@example.net>, \x00"),
        (b"Subject", b"sub\x00ject \xff\xfe"),
        (b"Date", b"Mon, 2\x003 Nov 2026 \xff"),
        (b"Message-ID", format!("<{id}>").as_bytes()),
        (b"In-Reply-To", b"<\x00\xff@x>"),
        (b"References", b"<\xff> <\x00>"),
        (b"Reply-To", b"\xff@\x00"),
        (b"X-Anything", j),
        (b"MIME-Version", b"1.0"),
        (b"Content-Type", b"multipart/mixed; boundary=\"J\x00\""),
    ] {
        m.extend_from_slice(k);
        m.extend_from_slice(b": ");
        m.extend_from_slice(v);
        m.push(b'\n');
    }
    m.extend_from_slice(
        b"\n--J\x00\nContent-Type: text/plain; charset=\"\xff\"\n\nbody \x00\xff\n",
    );
    m.extend_from_slice(
        b"--J\x00\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"a\x00b\xff.txt\"\n\n\x00\xff\n--J\x00--\n",
    );
    m
}

#[test]
fn nul_bytes_and_invalid_utf8_in_every_field() {
    let env = Env::new();
    let r = env.mailing(&["member@example.net"]);
    env.deliver(
        "activities",
        "1.junk",
        &binary_junk("junk@t", b"crm@example.org, \x00\xff <d\xff@example.net>"),
    );
    env.deliver(
        "bounces",
        "1.junk",
        &binary_junk("junk-b@t", r[0].2.as_bytes()),
    );
    // A bounce whose delivery-status fields carry the junk.
    let mut d = dsn("junk-dsn@t", &r[0].2, "member@example.net");
    let at = d.windows(7).position(|w| w == b"Status:").unwrap();
    d.splice(at..at, b"X-Junk: \x00\xff\n".iter().copied());
    let d = [&d[..], b"\n\x00\xff\xfe trailing junk\n"].concat();
    env.deliver("bounces", "2.junk", &d);
    // Nothing but junk, no header at all.
    env.deliver("activities", "2.junk", b"\x00\xff\xfe\x00\n\x00");
    run(&env);
    assert!(env.files("activities", "").is_empty());
    assert!(env.files("bounces", "").is_empty());
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 4);
    // Whatever was stored is valid text and shows without control characters.
    for args in [
        vec!["activities"],
        vec!["status"],
        vec!["explain", "member@example.net"],
        vec!["holds"],
    ] {
        let out = env.run(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_printable(&format!("{args:?}"), &out.stdout);
    }
}

#[test]
fn sql_metacharacters_in_every_header_are_stored_as_text() {
    let env = Env::new();
    let sql = "'; DROP TABLE contacts; -- \" OR 1=1 % _ \\ `x` $1 ?1 :a";
    // In the From display name as a well-formed quoted string (backslash escapes).
    let quoted = sql.replace('\\', "\\\\").replace('"', "\\\"");
    let m = format!(
        "From: \"{quoted}\" <o'brien+%_@example.net>\nTo: crm@example.org, \"x'); DELETE FROM ledger; --\" <x'y@example.net>\n\
Cc: \"a\" <\"q;--\"@example.net>\nSubject: {sql}\nDate: Mon, 23 Nov 2026 09:14:02 +0000\n\
Message-ID: <'--;DROP@t>\nIn-Reply-To: <' OR '1'='1@t>\nReferences: <%@t> <_@t>\nX-Custom: {sql}\n\n{sql}\n"
    );
    env.deliver("activities", "1.sql", m.as_bytes());
    let r = env.mailing(&["victim@example.net"]);
    let b = String::from_utf8(dsn(
        "'; DROP TABLE bounce_events;--@t",
        &r[0].2,
        "victim@example.net",
    ))
    .unwrap()
    .replace("Mailbox full", sql);
    env.deliver("bounces", "1.sql", b.as_bytes());
    let forged = format!(
        "civimail+b.1' OR '1'='1.{}.aaaaaaaaaaaaaaaa@example.org",
        r[0].0
    );
    env.deliver(
        "bounces",
        "2.sql",
        &dsn("forged-sql@t", &forged, "victim@example.net"),
    );
    run(&env);
    let c = rusqlite::Connection::open(env.db()).unwrap();
    let subject: String = c
        .query_row("SELECT subject FROM activities", [], |r| r.get(0))
        .unwrap();
    assert_eq!(subject, sql);
    let sender: i64 = c
        .query_row(
            "SELECT count(*) FROM emails WHERE email_lc = 'o''brien+%_@example.net'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sender, 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 3);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 1);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE message_key = '<''--;DROP@t>'"),
        1
    );
    for args in [
        vec!["contact", "show", "o'brien+%_@example.net"],
        vec!["explain", "victim@example.net"],
        vec!["activities", "--contact", "o'brien+%_@example.net"],
    ] {
        let out = env.run(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    // A LIKE pattern in a filter is only text.
    let out = env.run(&["explain", "%"]);
    assert!(!out.status.success());
}

#[test]
fn terminal_escapes_are_escaped_when_the_commands_print() {
    let env = Env::new();
    let r = env.mailing(&["esc@example.net"]);
    let esc = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[31m\u{9b}31m";
    // Raw and as encoded words (which decode to control characters).
    let m = format!(
        "From: \"Eve {esc} Evil\" <eve@example.net>\nTo: \"=?UTF-8?Q?=1B[2J_Target?=\" <target@example.net>, crm@example.org\n\
Subject: =?UTF-8?Q?=1B]0;title=07_hello?= {esc}\nDate: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <esc@t>\n\
MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"E\"\n\n--E\nContent-Type: text/plain\n\nbody {esc}\n\
--E\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"x{esc}.txt\"\n\nfile\n--E--\n"
    );
    env.deliver("activities", "1.esc", m.as_bytes());
    let b = String::from_utf8(dsn("esc-b@t", &r[0].2, "esc@example.net"))
        .unwrap()
        .replace("552 5.2.2 Mailbox full", &format!("552 5.2.2 {esc} full"))
        .replace("Status: 5.2.2", &format!("Status: 5.2.2 {esc}"));
    env.deliver("bounces", "1.esc", b.as_bytes());
    run(&env);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM bounce_events"), 1);
    // Hold it, so that `holds` lists it.
    let c = rusqlite::Connection::open(env.db()).unwrap();
    c.execute("UPDATE emails SET on_hold = 1, hold_date = '2026-11-23T00:00:00Z' WHERE email_lc = 'esc@example.net'", [])
        .unwrap();
    for args in [
        vec!["activities"],
        vec!["contact", "show", "eve@example.net"],
        vec!["contact", "show", "target@example.net"],
        vec!["contact", "show", "esc@example.net"],
        vec!["explain", "esc@example.net"],
        vec!["holds"],
        vec!["status"],
    ] {
        let out = env.run(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_printable(&format!("{args:?}"), &out.stdout);
    }
    // An address on the command line is echoed escaped in errors too.
    let out = env.run(&["contact", "show", "\u{1b}[2J@example.net"]);
    assert!(!out.status.success());
    assert_printable("contact show error", &out.stderr);
}

#[test]
fn attachment_names_never_leave_the_attachment_store() {
    let env = Env::new();
    let names = [
        "../../../../../../tmp/mailroom-escape-a",
        "..\\..\\..\\mailroom-escape-b",
        "/etc/mailroom-escape-c",
        "../mailroom.db",
        "..",
        ".",
        "",
        "a/../../b",
        "\u{0}../../x",
    ];
    let mut m = format!(
        "{HEAD}Message-ID: <escape@t>\nContent-Type: multipart/mixed; boundary=\"A\"\n\n--A\nContent-Type: text/plain\n\nsee\n"
    );
    for (i, n) in names.iter().enumerate() {
        m.push_str(&format!(
            "--A\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"{n}\"\n\ncontent {i}\n"
        ));
        m.push_str(&format!(
            "--A\nContent-Type: application/octet-stream; name=\"{n}\"\n\nother {i}\n"
        ));
    }
    m.push_str("--A--\n");
    env.deliver("activities", "1.esc", m.as_bytes());
    run(&env);
    assert!(!Path::new("/tmp/mailroom-escape-a").exists());
    assert!(!Path::new("/etc/mailroom-escape-c").exists());
    assert!(env.query_i64("SELECT count(*) FROM attachments") >= names.len() as i64);
    // Every file in the installation is where it belongs; stored files are named by hash.
    let root = env.path();
    for e in walk(root) {
        let rel = e.strip_prefix(root).unwrap().to_string_lossy().into_owned();
        if let Some(rest) = rel.strip_prefix("attachments/") {
            let (fan, name) = rest.split_once('/').unwrap();
            assert!(name.len() == 64 && name.starts_with(fan), "{rel}");
            assert!(name.bytes().all(|b| b.is_ascii_hexdigit()), "{rel}");
        } else {
            assert!(
                rel.starts_with("mail/") || rel.starts_with("mailroom.") || rel == "contacts.csv",
                "unexpected file {rel}"
            );
        }
    }
    let stored: Vec<String> = {
        let c = rusqlite::Connection::open(env.db()).unwrap();
        let mut s = c.prepare("SELECT file_name FROM attachments").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for n in stored {
        assert!(
            !n.contains('/') && !n.contains('\\') && !n.starts_with('.'),
            "{n}"
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// Forged mail: a token that does not verify changes nothing, and each attempt is in the ledger.

/// The parts of a VERP address: (prefix with the action letter, job, queue, hash, domain).
fn parts(addr: &str) -> (String, String, String, String, String) {
    let (local, domain) = addr.split_once('@').unwrap();
    let p: Vec<&str> = local.split('.').collect();
    (
        p[0].to_string(),
        p[1].to_string(),
        p[2].to_string(),
        p[3].to_string(),
        domain.to_string(),
    )
}

/// The state forged mail must not change: holds, events, contacts, emails, unsubscribes.
fn snapshot(env: &Env) -> Vec<i64> {
    [
        "SELECT count(*) FROM bounce_events",
        "SELECT count(*) FROM emails WHERE on_hold <> 0",
        "SELECT count(*) FROM contacts",
        "SELECT count(*) FROM emails",
        "SELECT count(*) FROM unsubscribe_events",
        "SELECT count(*) FROM hold_log",
        "SELECT count(*) FROM contacts WHERE is_opt_out <> 0",
    ]
    .iter()
    .map(|q| env.query_i64(q))
    .collect()
}

#[test]
fn a_burst_of_forged_bounces_for_one_address_changes_nothing() {
    let env = Env::new();
    let r = env.mailing(&["target@example.net", "other@example.net"]);
    let before = snapshot(&env);
    let (pre, job, queue, hash, domain) = parts(&r[0].2);
    let mut n = 0;
    // 200 guesses at the hash, the right hash with wrong jobs, and the other recipient's hash.
    for i in 0..200 {
        let guess = format!("{:016x}", 0x1234_5678_9abc_def0_u64.wrapping_mul(i + 1));
        let t = format!("{pre}.{job}.{queue}.{guess}@{domain}");
        env.deliver(
            "bounces",
            &format!("{i}.g"),
            &dsn(&format!("g{i}@t"), &t, "target@example.net"),
        );
        n += 1;
    }
    for j in 2..50 {
        let t = format!("{pre}.{j}.{queue}.{hash}@{domain}");
        env.deliver(
            "bounces",
            &format!("{j}.j"),
            &dsn(&format!("j{j}@t"), &t, "target@example.net"),
        );
        n += 1;
    }
    let (_, _, _, other_hash, _) = parts(&r[1].2);
    let t = format!("{pre}.{job}.{queue}.{other_hash}@{domain}");
    env.deliver("bounces", "1.o", &dsn("o@t", &t, "target@example.net"));
    n += 1;
    run(&env);
    assert_eq!(snapshot(&env), before);
    assert_eq!(env.files("bounces", "CiviMail.ignored").len(), n);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE outcome = 'ignored' AND reason LIKE 'verp-unverified:%'"),
        n as i64
    );
}

#[test]
fn forged_unsubscribes_and_tokens_in_the_wrong_place_change_nothing() {
    let env = Env::new();
    let r = env.mailing(&["target@example.net", "other@example.net"]);
    let before = snapshot(&env);
    let (pre, job, queue, _, domain) = parts(&r[0].2);
    let letters = pre.trim_end_matches('b');
    // An unsubscribe token with a wrong hash, and one with another recipient's hash.
    let (_, _, _, other_hash, _) = parts(&r[1].2);
    let unsub = |h: &str| format!("{letters}u.{job}.{queue}.{h}@{domain}");
    let request = |id: &str, to: &str| {
        format!(
            "From: Mallory <mallory@example.net>\nTo: {to}\nSubject: unsubscribe\n\
Date: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <{id}>\n\nunsubscribe\n"
        )
        .into_bytes()
    };
    env.deliver(
        "bounces",
        "1.u",
        &request("u1@t", &unsub("zzzzzzzzzzzzzzzz")),
    );
    env.deliver("bounces", "2.u", &request("u2@t", &unsub(&other_hash)));
    // Someone else's own, valid unsubscribe address, with a request naming the target: only the
    // token's recipient can be unsubscribed (checked after the snapshot below).
    let own_unsub = r[1].2.replacen("+b.", "+u.", 1);
    let mut named = request("u3@t", &own_unsub);
    named.extend(b"Please also unsubscribe target@example.net.\n");
    env.deliver("bounces", "3.u", &named);
    // The right bounce token, but only in a Reply-To and the Subject (not where bounces carry it).
    let m = format!(
        "From: MAILER-DAEMON@mx.example.net\nTo: bounces@example.org\nReply-To: {}\nSubject: {}\n\
Date: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <place@t>\n\nReturned.\n",
        r[0].2, r[0].2
    );
    env.deliver("bounces", "4.u", m.as_bytes());
    // The token in an HTML body only.
    let m = format!(
        "From: MAILER-DAEMON@mx.example.net\nTo: bounces@example.org\nSubject: returned\n\
Date: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <html@t>\nContent-Type: text/html\n\n\
<a href=\"mailto:{}\">unsubscribe</a>\n",
        r[0].2
    );
    env.deliver("bounces", "5.u", m.as_bytes());
    run(&env);
    // Exactly one change: the other recipient's own unsubscribe event.
    let mut expected = before.clone();
    expected[4] += 1;
    assert_eq!(snapshot(&env), expected);
    assert_eq!(
        env.query_i64(
            "SELECT count(*) FROM unsubscribe_events u JOIN emails e ON e.contact_id = u.contact_id
              WHERE e.email_lc = 'target@example.net'"
        ),
        0
    );
    assert_eq!(env.files("bounces", "CiviMail.ignored").len(), 4);
    let (_, r1) = ledger(&env, "<u1@t>");
    assert!(
        r1.starts_with("verp-unverified:") && r1.contains("wrong hash"),
        "{r1}"
    );
    let (_, r2) = ledger(&env, "<u2@t>");
    assert!(
        r2.starts_with("verp-unverified:") && r2.contains("wrong hash"),
        "{r2}"
    );
    let (o3, r3) = ledger(&env, "<u3@t>");
    assert!(o3 == "processed" && r3.starts_with("unsubscribe:"), "{r3}");
    for k in ["<place@t>", "<html@t>"] {
        let (o, r) = ledger(&env, k);
        assert_eq!(o, "ignored", "{k}: {r}");
    }
}

#[test]
fn a_message_that_makes_the_parser_panic_is_filed_and_the_run_goes_on() {
    // Found by fuzzing: it trips a debug assertion inside mail-parser (this test binary and the
    // mailroom it runs are debug builds, so the assertion fires).
    let env = Env::new();
    let raw =
        fs::read(crate::util::testdata().join("fuzz-regressions/parser-debug-assert.eml")).unwrap();
    env.deliver("bounces", "1.panic", &raw);
    env.deliver("activities", "1.panic", &raw);
    env.deliver(
        "activities",
        "2.after",
        &crate::util::message("after@t", "crm@example.org", "still filed"),
    );
    let v = run(&env);
    assert_eq!(v["accounts"][0]["ignored"], 1);
    assert_eq!(v["accounts"][1]["found"], 2);
    assert!(env.files("bounces", "").is_empty());
    assert!(env.files("activities", "").is_empty());
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
}
