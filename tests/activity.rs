//! Email to activity (issue 7): filing, contact matching and creation, names, guards, threads,
//! case tokens, attachments (hostile names, limits, the store), HTML-only mail, encoded subjects,
//! missing dates, duplicate copies, and the `activities` and `contact show` commands. Each test
//! runs the real binary on a fresh installation (the example config).

use std::fs;
use std::os::unix::fs::PermissionsExt;

use rusqlite::Connection;

use crate::util::{Env, stderr, stdout};

const ACCOUNT: &str = "activities";

/// A letter with the given header lines (Date and Message-ID added unless given) and body.
fn letter(headers: &[&str], body: &str) -> Vec<u8> {
    let mut h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
    if !headers
        .iter()
        .any(|l| l.to_ascii_lowercase().starts_with("date:"))
    {
        h.push("Date: Mon, 23 Nov 2026 09:14:02 +0000".into());
    }
    format!("{}\n\n{body}\n", h.join("\n")).into_bytes()
}

/// Sets `key = value` in the installation's config (activity keys appear once in it).
fn set(env: &Env, key: &str, value: &str) {
    let p = env.config();
    let text = fs::read_to_string(&p).unwrap();
    let mut found = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(&format!("{key} = ")) {
                found = true;
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(found, "no `{key}` line in the config");
    fs::write(&p, out.join("\n")).unwrap();
}

/// Runs `mailroom run` and asserts it succeeded.
fn run(env: &Env) {
    let o = env.run(&["run"]);
    assert!(
        o.status.success(),
        "run failed: {}{}",
        stdout(&o),
        stderr(&o)
    );
}

fn db(env: &Env) -> Connection {
    Connection::open(env.db()).unwrap()
}

/// The ledger reason of the message with this key.
fn reason(env: &Env, key: &str) -> String {
    db(env)
        .query_row(
            "SELECT outcome || ' ' || reason FROM ledger WHERE account = ?1 AND message_key = ?2",
            [ACCOUNT, key],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("no ledger row for {key}: {e}"))
}

fn strings(env: &Env, sql: &str) -> Vec<String> {
    let c = db(env);
    let mut s = c.prepare(sql).unwrap();
    s.query_map([], |r| r.get::<_, Option<String>>(0))
        .unwrap()
        .map(|r| r.unwrap().unwrap_or_else(|| "NULL".into()))
        .collect()
}

/// One text value.
fn text(env: &Env, sql: &str) -> String {
    let v = strings(env, sql);
    assert_eq!(v.len(), 1, "{sql}: {v:?}");
    v.into_iter().next().unwrap()
}

/// Adds a contact directly: (type, deleted) with one email (primary or not); returns its id.
fn seed_contact(c: &Connection, ctype: &str, deleted: bool, email: &str, primary: bool) -> i64 {
    c.execute(
        "INSERT INTO contacts (contact_type, display_name, is_deleted, created_at) VALUES (?1, ?2, ?3, 't')",
        rusqlite::params![ctype, format!("seeded {ctype}"), deleted as i64],
    )
    .unwrap();
    let id = c.last_insert_rowid();
    c.execute(
        "INSERT INTO emails (contact_id, email, email_lc, is_primary) VALUES (?1, ?2, lower(trim(?2)), ?3)",
        rusqlite::params![id, email, primary as i64],
    )
    .unwrap();
    id
}

#[test]
fn files_one_activity_with_each_contact_once_per_role() {
    let env = Env::new();
    env.deliver(
        ACCOUNT,
        "1",
        &letter(
            &[
                "From: \"Okafor, Ngozi\" <Ngozi.Okafor@Example.net>",
                "To: Ann Lee <ann@example.net>, ngozi.okafor@example.net",
                "Cc: Ann Lee <ANN@example.net>, crm@example.org",
                "Bcc: crm@example.org",
                "Subject: Hello",
                "Message-ID: <m1@example.net>",
            ],
            "Hi Ann.",
        ),
    );
    run(&env);
    assert_eq!(reason(&env, "<m1@example.net>"), "processed activity: 1");
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
    assert_eq!(env.query_i64("SELECT count(*) FROM contacts"), 2);
    let links = strings(
        &env,
        "SELECT ac.role || ' ' || e.email_lc FROM activity_contacts ac
         JOIN emails e ON e.contact_id = ac.contact_id ORDER BY ac.role, e.email_lc",
    );
    assert_eq!(
        links,
        [
            "assignee ngozi.okafor@example.net",
            "source ngozi.okafor@example.net",
            "target ann@example.net",
            "target ngozi.okafor@example.net",
        ]
    );
    let row = text(
        &env,
        "SELECT subject || '|' || activity_type || '|' || status || '|' || activity_date || '|' ||
                details_text || '|' || message_id || '|' || (details_html IS NULL) FROM activities",
    );
    assert_eq!(
        row,
        "Hello|Inbound Email|Completed|2026-11-23T09:14:02Z|Hi Ann.|m1@example.net|1"
    );
}

#[test]
fn names_of_created_contacts() {
    let env = Env::new();
    let cases = [
        ("\"Okafor, Ngozi\" <a@x.net>", "Ngozi Okafor|Ngozi||Okafor"),
        ("Cher <b@x.net>", "Cher|Cher||"),
        ("Ann Lee <c@x.net>", "Ann Lee|Ann||Lee"),
        (
            "Ann Mary Lee Smith <d@x.net>",
            "Ann Mary Lee Smith|Ann|Mary|Lee",
        ),
        (
            "=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <e@x.net>",
            "Jürgen Müller|Jürgen||Müller",
        ),
        (
            "=?ISO-8859-1?Q?M=FCller=2C_J=FCrgen?= <f@x.net>",
            "Jürgen Müller|Jürgen||Müller",
        ),
        ("'Bo Ek' <g@x.net>", "Bo Ek|Bo||Ek"),
        ("h@x.net", "h@x.net|||"),
        ("\"h2@x.net\" <h2@x.net>", "h2@x.net|||"),
    ];
    for (i, (from, _)) in cases.iter().enumerate() {
        env.deliver(
            ACCOUNT,
            &format!("n{i}"),
            &letter(
                &[
                    &format!("From: {from}"),
                    "To: crm@example.org",
                    "Subject: names",
                    &format!("Message-ID: <n{i}@x.net>"),
                ],
                "x",
            ),
        );
    }
    run(&env);
    for (from, want) in cases {
        let addr = from
            .rsplit(['<', ' '])
            .next()
            .unwrap()
            .trim_end_matches('>');
        let got = text(
            &env,
            &format!(
                "SELECT display_name || '|' || coalesce(first_name, '') || '|' ||
                        coalesce(middle_name, '') || '|' || coalesce(last_name, '')
                 FROM contacts c JOIN emails e ON e.contact_id = c.id WHERE e.email_lc = '{addr}'"
            ),
        );
        assert_eq!(got, want, "{from}");
    }
}

#[test]
fn matching_order_primary_then_individual_then_oldest() {
    let env = Env::new();
    let c = db(&env);
    // x@: a deleted contact, an organisation (primary), an individual (not primary), and two
    // individuals with it as primary email: the older of those two wins.
    seed_contact(&c, "Individual", true, "x@m.org", true);
    seed_contact(&c, "Organization", false, "x@m.org", true);
    seed_contact(&c, "Individual", false, "x@m.org", false);
    let want_x = seed_contact(&c, "Individual", false, " X@M.org ", true);
    seed_contact(&c, "Individual", false, "x@m.org", true);
    // y@: primary beats non-primary, then individuals before organisations.
    seed_contact(&c, "Individual", false, "y@m.org", false);
    let want_y = seed_contact(&c, "Organization", false, "y@m.org", true);
    // z@: only a non-primary email of an organisation and of an individual.
    seed_contact(&c, "Organization", false, "z@m.org", false);
    let want_z = seed_contact(&c, "Individual", false, "z@m.org", false);
    drop(c);
    env.deliver(
        ACCOUNT,
        "m",
        &letter(
            &[
                "From: X <x@M.org>",
                "To: y@m.org, \" z@m.org\" <Z@m.org>",
                "Subject: matching",
                "Message-ID: <match@x>",
            ],
            "x",
        ),
    );
    run(&env);
    let got = strings(
        &env,
        "SELECT role || ' ' || contact_id FROM activity_contacts ORDER BY role, contact_id",
    );
    let mut want = vec![
        format!("assignee {want_x}"),
        format!("source {want_x}"),
        format!("target {want_y}"),
        format!("target {want_z}"),
    ];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM contacts"),
        9,
        "none created"
    );
}

/// Delivers each (name, extra headers, subject) and runs once.
fn deliver_all(env: &Env, cases: &[(&str, &[&str], &str)]) {
    for (name, extra, subject) in cases {
        let mut h = vec![
            "From: Ann Lee <ann@example.net>".to_string(),
            "To: crm@example.org".to_string(),
            format!("Subject: {subject}"),
            format!("Message-ID: <{name}@t>"),
        ];
        h.extend(extra.iter().map(|s| s.to_string()));
        let h: Vec<&str> = h.iter().map(String::as_str).collect();
        env.deliver(ACCOUNT, name, &letter(&h, "body"));
    }
    run(env);
}

#[test]
fn guards_ignore_automated_mail_with_a_reason() {
    let env = Env::new();
    deliver_all(
        &env,
        &[
            ("spam", &["X-Spam-Flag: YES"], "hi"),
            ("autosub", &["Auto-Submitted: auto-replied"], "hi"),
            ("autogen", &["Auto-Submitted: auto-generated"], "hi"),
            ("autono", &["Auto-Submitted: no"], "hi"),
            ("xauto", &["X-Autoreply: yes"], "hi"),
            ("bulk", &["Precedence: bulk"], "hi"),
            ("junk", &["Precedence: junk"], "hi"),
            ("plist", &["Precedence: list"], "hi"),
            ("oof", &["X-Auto-Response-Suppress: OOF"], "hi"),
            ("ooosubj", &[], "Automatic reply: away"),
            ("list", &["List-Id: Friends <friends.example.org>"], "hi"),
        ],
    );
    let want = [
        ("spam", "ignored spam: X-Spam-Flag YES"),
        ("autosub", "ignored autoreply: Auto-Submitted auto-replied"),
        (
            "autogen",
            "ignored autoreply: Auto-Submitted auto-generated",
        ),
        ("autono", "processed activity: "),
        ("xauto", "ignored autoreply: X-Autoreply yes"),
        ("bulk", "ignored autoreply: Precedence bulk"),
        ("junk", "ignored autoreply: Precedence junk"),
        ("plist", "ignored autoreply: Precedence list"),
        ("oof", "ignored autoreply: X-Auto-Response-Suppress OOF"),
        ("ooosubj", "ignored autoreply: subject"),
        // ignore_list_mail is off in the example config: list mail is filed.
        ("list", "processed activity: "),
    ];
    for (name, w) in want {
        let r = reason(&env, &format!("<{name}@t>"));
        assert!(r.starts_with(w), "{name}: {r}");
    }
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 2);
    assert_eq!(env.query_i64("SELECT count(*) FROM contacts"), 1);
    let ignored = env.files(ACCOUNT, "CiviMail.ignored");
    assert_eq!(ignored.len(), 9, "{ignored:?}");
}

#[test]
fn list_mail_and_case_token_guards() {
    let env = Env::new();
    set(&env, "ignore_list_mail", "true");
    set(&env, "require_case_token", "true");
    deliver_all(
        &env,
        &[
            ("list", &["List-Id: <friends.example.org>"], "[case #12] hi"),
            ("notoken", &[], "no token here"),
            ("digits", &[], "Re: [case #1234] help"),
            ("hex", &[], "=?UTF-8?Q?[Case_#0A1B2C3]_=C3=A9t=C3=A9?="),
            ("badhex", &[], "[case #0a1b2c] six digits"),
        ],
    );
    assert!(reason(&env, "<list@t>").starts_with("ignored list-mail: List-Id"));
    assert!(reason(&env, "<notoken@t>").starts_with("ignored no-case-token"));
    assert!(reason(&env, "<badhex@t>").starts_with("ignored no-case-token"));
    assert_eq!(
        strings(
            &env,
            "SELECT case_ref || ' ' || subject FROM activities ORDER BY id"
        ),
        ["1234 Re: [case #1234] help", "0a1b2c3 [Case #0A1B2C3] été"]
    );
}

#[test]
fn machine_and_own_addresses_never_become_contacts() {
    let env = Env::new();
    set(
        &env,
        "never_create",
        r#"["@lists.example.com", "robot@example.net"]"#,
    );
    let to = "To: crm@example.org, CRM <CRM@Example.ORG>, civimail+b.1.2.abcdefabcdefabcd@example.org, \
              civimail+r.9.9.0000000000000000@example.org, MAILER-DAEMON@mx.example.net, \
              postmaster@example.net, no-reply@shop.example, noreply@shop.example, \
              do-not-reply@shop.example, x@lists.example.com, robot@example.net, friend@example.com";
    env.deliver(
        ACCOUNT,
        "1",
        &letter(
            &[
                "From: Ann <ann@example.net>",
                to,
                "Subject: many",
                "Message-ID: <many@t>",
            ],
            "x",
        ),
    );
    // Only machines and excluded addresses: nothing to file against.
    env.deliver(
        ACCOUNT,
        "2",
        &letter(
            &[
                "From: MAILER-DAEMON@mx.example.net",
                "To: crm@example.org, no-reply@shop.example",
                "Subject: Undeliverable",
                "Message-ID: <daemon@t>",
            ],
            "x",
        ),
    );
    run(&env);
    assert_eq!(
        strings(&env, "SELECT email_lc FROM emails ORDER BY email_lc"),
        ["ann@example.net", "friend@example.com"]
    );
    assert!(reason(&env, "<daemon@t>").starts_with("ignored no-known-contact"));
    // An existing contact for a no-reply address is still matched (never created, not hidden).
    let c = db(&env);
    let robot = seed_contact(&c, "Organization", false, "robot@example.net", true);
    drop(c);
    env.deliver(
        ACCOUNT,
        "3",
        &letter(
            &[
                "From: Robot <robot@example.net>",
                "To: crm@example.org",
                "Subject: r",
                "Message-ID: <r@t>",
            ],
            "x",
        ),
    );
    run(&env);
    assert_eq!(
        env.query_i64(&format!(
            "SELECT count(*) FROM activity_contacts WHERE contact_id = {robot} AND role = 'source'"
        )),
        1
    );
}

#[test]
fn without_create_contacts_unknown_addresses_are_skipped() {
    let env = Env::new();
    set(&env, "create_contacts", "false");
    let known = seed_contact(&db(&env), "Individual", false, "known@example.net", true);
    env.deliver(
        ACCOUNT,
        "1",
        &letter(
            &[
                "From: stranger@example.net",
                "To: crm@example.org",
                "Subject: a",
                "Message-ID: <a@t>",
            ],
            "x",
        ),
    );
    env.deliver(
        ACCOUNT,
        "2",
        &letter(
            &[
                "From: stranger@example.net",
                "To: Known <KNOWN@example.net>",
                "Subject: b",
                "Message-ID: <b@t>",
            ],
            "x",
        ),
    );
    run(&env);
    assert_eq!(
        reason(&env, "<a@t>"),
        "ignored no-known-contact: none of its 2 addresses is a contact"
    );
    assert!(reason(&env, "<b@t>").starts_with("processed activity"));
    assert_eq!(env.query_i64("SELECT count(*) FROM contacts"), 1);
    assert_eq!(
        strings(
            &env,
            "SELECT role || ' ' || contact_id FROM activity_contacts"
        ),
        [format!("target {known}")]
    );
}

#[test]
fn threads_link_replies_to_filed_messages() {
    let env = Env::new();
    let base = ["From: Ann <ann@example.net>", "To: crm@example.org"];
    let msg = |id: &str, extra: &[&str]| {
        let mut h: Vec<&str> = base.to_vec();
        let mid = format!("Message-ID: <{id}>");
        let subj = format!("Subject: {id}");
        h.push(&mid);
        h.push(&subj);
        h.extend_from_slice(extra);
        letter(&h, "x")
    };
    env.deliver(ACCOUNT, "1", &msg("root@t", &[]));
    run(&env);
    env.deliver(ACCOUNT, "2", &msg("child@t", &["In-Reply-To: <root@t>"]));
    env.deliver(
        ACCOUNT,
        "3",
        &msg(
            "grandchild@t",
            &["References: <root@t> <child@t> <unknown@t>"],
        ),
    );
    env.deliver(
        ACCOUNT,
        "4",
        &msg("orphan@t", &["In-Reply-To: <never-filed@t>"]),
    );
    env.deliver(ACCOUNT, "5", &msg("self@t", &["In-Reply-To: <self@t>"]));
    run(&env);
    assert_eq!(
        strings(
            &env,
            "SELECT a.message_id || ' ' || coalesce(p.message_id, '-') || ' ' ||
                    coalesce(a.in_reply_to, '-') || ' ' || coalesce(a.references_ids, '-')
             FROM activities a LEFT JOIN activities p ON p.id = a.parent_id ORDER BY a.id"
        ),
        [
            "root@t - - -",
            "child@t root@t root@t -",
            "grandchild@t child@t - root@t child@t unknown@t",
            "orphan@t - never-filed@t -",
            "self@t - self@t -",
        ]
    );
    assert!(reason(&env, "<child@t>").ends_with("reply to 1"));
}

/// A multipart message with these (content-disposition params, content type, base64 body) parts.
fn with_attachments(id: &str, parts: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut s = format!(
        "From: Ann <ann@example.net>\nTo: crm@example.org\nSubject: files\n\
         Date: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <{id}>\nMIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"XX\"\n\n--XX\nContent-Type: text/plain\n\nsee attached\n"
    );
    for (disp, ctype, b64) in parts {
        s.push_str(&format!(
            "--XX\nContent-Type: {ctype}\nContent-Disposition: {disp}\nContent-Transfer-Encoding: base64\n\n{b64}\n"
        ));
    }
    s.push_str("--XX--\n");
    s.into_bytes()
}

fn b64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn attachments_with_hostile_names_are_stored_by_hash() {
    let env = Env::new();
    let long = "n".repeat(10_000);
    let pdf = b64(b"%PDF-1.4 report");
    let same = b64(b"same content");
    let parts = [
        (
            "attachment; filename=\"../../etc/passwd\"",
            "text/plain",
            b64(b"root:x:0:0"),
        ),
        (
            "attachment; filename=\"/etc/shadow\"",
            "application/octet-stream",
            b64(b"shadow"),
        ),
        (
            &*format!("attachment; filename=\"{long}.pdf\""),
            "application/pdf",
            pdf,
        ),
        (
            "attachment; filename=\"bad\u{1}na\u{1b}[31mme.txt\"",
            "text/plain",
            b64(b"ctl"),
        ),
        ("attachment", "application/octet-stream", b64(b"no name")),
        ("attachment; filename=\"a.txt\"", "text/plain", same.clone()),
        ("attachment; filename=\"b.txt\"", "text/plain", same),
        (
            "attachment; filename*=UTF-8''%E2%80%AEcod.exe",
            "application/x-msdownload",
            b64(b"MZ"),
        ),
    ];
    let parts: Vec<(&str, &str, &str)> =
        parts.iter().map(|(d, t, b)| (*d, *t, b.as_str())).collect();
    env.deliver(ACCOUNT, "1", &with_attachments("files@t", &parts));
    run(&env);
    assert!(reason(&env, "<files@t>").starts_with("processed activity: 1"));
    let names = strings(&env, "SELECT file_name FROM attachments ORDER BY id");
    let long_name = format!("{}.pdf", "n".repeat(196));
    assert_eq!(
        names,
        [
            "passwd",
            "shadow",
            long_name.as_str(),
            "badna[31mme.txt",
            "attachment",
            "a.txt",
            "b.txt",
            "cod.exe"
        ]
    );
    assert_eq!(
        strings(
            &env,
            "SELECT mime_type || ' ' || size FROM attachments WHERE id IN (1, 3)"
        ),
        ["text/plain 10", "application/pdf 15"]
    );
    assert_eq!(
        env.query_i64("SELECT count(DISTINCT sha256) FROM attachments"),
        7
    );
    assert_eq!(
        text(&env, "SELECT details_text FROM activities"),
        "see attached"
    );
    // The store: one file per distinct content, named by its hash, private.
    let root = env.path().join("attachments");
    assert_eq!(
        fs::metadata(&root).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let mut files = Vec::new();
    for d in fs::read_dir(&root).unwrap() {
        let d = d.unwrap().path();
        assert_eq!(
            fs::metadata(&d).unwrap().permissions().mode() & 0o777,
            0o700
        );
        for f in fs::read_dir(&d).unwrap() {
            let f = f.unwrap().path();
            assert_eq!(
                fs::metadata(&f).unwrap().permissions().mode() & 0o777,
                0o600
            );
            files.push(f);
        }
    }
    assert_eq!(files.len(), 7, "{files:?}");
    let sha = text(
        &env,
        "SELECT sha256 FROM attachments WHERE file_name = 'passwd'",
    );
    assert_eq!(
        fs::read(root.join(&sha[..2]).join(&sha)).unwrap(),
        b"root:x:0:0"
    );
    assert!(!env.path().join("etc").exists());
    // The same content in another message is stored once.
    let again = b64(b"root:x:0:0");
    env.deliver(
        ACCOUNT,
        "2",
        &with_attachments(
            "again@t",
            &[("attachment; filename=p", "text/plain", &again)],
        ),
    );
    run(&env);
    let count: usize = fs::read_dir(&root)
        .unwrap()
        .map(|d| fs::read_dir(d.unwrap().path()).unwrap().count())
        .sum();
    assert_eq!(count, 7);
    assert_eq!(env.query_i64("SELECT count(*) FROM attachments"), 9);
}

#[test]
fn attachment_limits_are_recorded_as_dropped() {
    let env = Env::new();
    set(&env, "max_attachments", "2");
    set(&env, "max_attachment_bytes", "10");
    let small = b64(b"small");
    let big = b64(b"this is more than ten bytes");
    let parts = [
        ("attachment; filename=one.txt", "text/plain", small.as_str()),
        (
            "attachment; filename=big.bin",
            "application/octet-stream",
            big.as_str(),
        ),
        ("attachment; filename=two.txt", "text/plain", small.as_str()),
        (
            "attachment; filename=three.txt",
            "text/plain",
            small.as_str(),
        ),
    ];
    env.deliver(ACCOUNT, "1", &with_attachments("limits@t", &parts));
    run(&env);
    assert_eq!(
        reason(&env, "<limits@t>"),
        "processed activity: 1, 2 attachments dropped"
    );
    assert_eq!(
        strings(&env, "SELECT file_name FROM attachments ORDER BY id"),
        ["one.txt", "two.txt"]
    );
    assert_eq!(
        text(&env, "SELECT dropped_attachments FROM activities"),
        "big.bin (27 bytes): larger than max_attachment_bytes 10\n\
         three.txt (5 bytes): more than max_attachments 2"
    );
    let out = stdout(&env.run(&["activities"]));
    assert!(out.contains("dropped: big.bin (27 bytes)"), "{out}");
}

#[test]
fn a_broken_attachment_store_stops_the_run_with_nothing_moved() {
    let env = Env::new();
    let data = b64(b"payload");
    env.deliver(
        ACCOUNT,
        "1-plain",
        &letter(
            &[
                "From: Ann <ann@example.net>",
                "To: crm@example.org",
                "Subject: p",
                "Message-ID: <p@t>",
            ],
            "x",
        ),
    );
    env.deliver(
        ACCOUNT,
        "2-file",
        &with_attachments(
            "f@t",
            &[("attachment; filename=f.txt", "text/plain", &data)],
        ),
    );
    let root = env.path().join("attachments");
    fs::remove_dir(&root).unwrap();
    fs::write(&root, b"not a directory").unwrap();
    let o = env.run(&["run", "--account", ACCOUNT]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("attachments"), "{}", stderr(&o));
    assert_eq!(env.files(ACCOUNT, ""), ["1-plain", "2-file"]);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 0);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
    // Fixed, the next run files both.
    fs::remove_file(&root).unwrap();
    run(&env);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 2);
    assert_eq!(env.files(ACCOUNT, "CiviMail.processed").len(), 2);
}

#[test]
fn a_failed_attachment_sync_rolls_the_batch_back() {
    use sha2::{Digest, Sha256};
    let env = Env::new();
    let content = b"blocked content";
    let sha = hex::encode(Sha256::digest(content));
    // The file's final name is taken by a directory: its rename fails at the flush.
    let blocker = env.path().join("attachments").join(&sha[..2]).join(&sha);
    fs::create_dir_all(blocker.join("sub")).unwrap();
    env.deliver(
        ACCOUNT,
        "1-plain",
        &letter(
            &[
                "From: Ann <ann@example.net>",
                "To: crm@example.org",
                "Subject: p",
                "Message-ID: <p@t>",
            ],
            "x",
        ),
    );
    let data = b64(content);
    env.deliver(
        ACCOUNT,
        "2-file",
        &with_attachments(
            "f@t",
            &[("attachment; filename=f.txt", "text/plain", &data)],
        ),
    );
    let o = env.run(&["run", "--account", ACCOUNT]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains(&sha), "{}", stderr(&o));
    assert_eq!(env.files(ACCOUNT, ""), ["1-plain", "2-file"]);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
    fs::remove_dir_all(&blocker).unwrap();
    run(&env);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 2);
    assert_eq!(fs::read(&blocker).unwrap(), content);
}

#[test]
fn dry_run_writes_no_attachment() {
    let env = Env::new();
    let data = b64(b"dry");
    env.deliver(
        ACCOUNT,
        "1",
        &with_attachments(
            "dry@t",
            &[("attachment; filename=d.txt", "text/plain", &data)],
        ),
    );
    let o = env.run(&["run", "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let root = env.path().join("attachments");
    assert_eq!(fs::read_dir(&root).unwrap().count(), 0);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 0);
    assert_eq!(env.files(ACCOUNT, "").len(), 1);
}

#[test]
fn html_only_mail_becomes_readable_text() {
    let env = Env::new();
    env.deliver(
        ACCOUNT,
        "1",
        &letter(
            &[
                "From: Ann <ann@example.net>",
                "To: crm@example.org",
                "Subject: html",
                "Message-ID: <html@t>",
                "MIME-Version: 1.0",
                "Content-Type: text/html; charset=utf-8",
            ],
            "<html><head><style>p{color:red}</style><script>evil()</script></head><body>\
             <p>Dear&nbsp;team,</p><p>see <a href=\"https://example.org/a\">this</a><br>and\n   that</p>\
             <ul><li>one</li><li>two &amp; three</li></ul></body></html>",
        ),
    );
    run(&env);
    assert_eq!(
        text(&env, "SELECT details_text FROM activities"),
        "Dear team,\n\nsee this <https://example.org/a>\nand that\n\n- one\n- two & three"
    );
    assert!(text(&env, "SELECT details_html FROM activities").contains("<ul><li>one</li>"));
}

#[test]
fn encoded_folded_subject_is_decoded_to_one_line() {
    let env = Env::new();
    env.deliver(
        ACCOUNT,
        "1",
        &letter(
            &[
                "From: Ann <ann@example.net>",
                "To: crm@example.org",
                "Subject: =?UTF-8?Q?Anmeldung_zur_Jahresversammlung_=E2=80=93?=\n =?UTF-8?B?IDIgUGVyc29uZW4=?=\n\tnoch etwas",
                "Message-ID: <enc@t>",
            ],
            "x",
        ),
    );
    run(&env);
    assert_eq!(
        text(&env, "SELECT subject FROM activities"),
        "Anmeldung zur Jahresversammlung – 2 Personen noch etwas"
    );
}

#[test]
fn missing_or_bad_date_uses_the_arrival_time() {
    let env = Env::new();
    for (name, date) in [
        ("nodate", None),
        ("baddate", Some("Date: yesterday-ish")),
        ("epoch", Some("Date: Thu, 01 Jan 1970 00:00:00 +0000")),
    ] {
        let mut h = vec![
            "From: Ann <ann@example.net>".to_string(),
            "To: crm@example.org".to_string(),
            "Subject: dates".to_string(),
            format!("Message-ID: <{name}@t>"),
        ];
        // `letter` adds a Date unless one is given: give a harmless other header instead.
        h.push(
            date.map(str::to_string)
                .unwrap_or_else(|| "X-Date: none".into()),
        );
        let mut bytes = format!("{}\n\nx\n", h.join("\n")).into_bytes();
        if date.is_some() {
            bytes = letter(&h.iter().map(String::as_str).collect::<Vec<_>>(), "x");
        }
        let p = env.deliver(ACCOUNT, name, &bytes);
        // Arrived on 2025-06-01 12:00:00 UTC.
        let f = fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_748_779_200))
            .unwrap();
    }
    run(&env);
    assert_eq!(
        strings(&env, "SELECT activity_date FROM activities ORDER BY id"),
        ["2025-06-01T12:00:00Z"; 3]
    );
}

#[test]
fn duplicate_copies_are_filed_once() {
    let env = Env::new();
    let bcc = letter(
        &[
            "From: Ann <ann@example.net>",
            "To: Bob <bob@example.net>",
            "Bcc: crm@example.org",
            "Subject: once",
            "Message-ID: <dup@t>",
        ],
        "x",
    );
    let cc = letter(
        &[
            "Delivered-To: crm@example.org",
            "From: Ann <ann@example.net>",
            "To: Bob <bob@example.net>",
            "Cc: crm@example.org, Carol <carol@example.net>",
            "Subject: once",
            "Message-ID: <dup@t>",
        ],
        "x",
    );
    env.deliver(ACCOUNT, "1-bcc", &bcc);
    env.deliver(ACCOUNT, "2-cc", &cc);
    run(&env);
    // getmail delivers it again, with another header on top.
    let mut again = b"X-Getmail-Retrieved-From: pop.example.org\n".to_vec();
    again.extend_from_slice(&bcc);
    env.deliver(ACCOUNT, "3-again", &again);
    run(&env);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
    assert_eq!(env.files(ACCOUNT, "CiviMail.processed").len(), 3);
    // Even with its ledger row gone (pruned), the handler does not file it twice.
    db(&env).execute("DELETE FROM ledger", []).unwrap();
    env.deliver(ACCOUNT, "4-late", &cc);
    run(&env);
    assert_eq!(env.query_i64("SELECT count(*) FROM activities"), 1);
    assert_eq!(
        reason(&env, "<dup@t>"),
        "processed duplicate: already filed as activity 1"
    );
}

#[test]
fn activities_and_contact_show_commands() {
    let env = Env::new();
    env.deliver(
        ACCOUNT,
        "1",
        &letter(
            &[
                "From: \"Okafor, Ngozi\" <ngozi@example.net>",
                "To: crm@example.org, Bo <bo@example.net>",
                "Subject: =?UTF-8?B?G1szMW1yZWQbWzBt?= subject",
                "Message-ID: <c1@t>",
            ],
            "first",
        ),
    );
    env.deliver(
        ACCOUNT,
        "2",
        &letter(
            &[
                "From: Bo <bo@example.net>",
                "To: crm@example.org",
                "Subject: later",
                "Date: Tue, 01 Dec 2026 10:00:00 +0000",
                "Message-ID: <c2@t>",
                "In-Reply-To: <c1@t>",
            ],
            "second",
        ),
    );
    run(&env);
    let o = env.run(&["activities"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Control characters are dropped from the subject when it is filed (and escaped on output).
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(out.contains("       [31mred[0m subject\n"), "{out}");
    assert!(
        out.find("later").unwrap() < out.find("subject").unwrap(),
        "newest first"
    );
    assert!(out.contains("reply to #1"), "{out}");
    assert!(
        out.contains("source: Ngozi Okafor <ngozi@example.net>"),
        "{out}"
    );

    let o = env.run(&["activities", "--contact", " NGOZI@example.net", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["details_text"], "first");
    assert_eq!(v[0]["contacts"][0]["role"], "source");

    let o = env.run(&["activities", "--since", "2026-11-30", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["subject"], "later");
    assert_eq!(v[0]["parent_id"], 1);

    let o = env.run(&["activities", "--since", "last week"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = env.run(&["activities", "--contact", "nobody@example.net"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no contact has the email address nobody@example.net"));

    let o = env.run(&["contact", "show", "bo@example.net"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "contact 2 (Individual): Bo",
        "bo@example.net (primary)  not on hold",
        "groups:\n  none",
        "later",
        "latest bounces:\n  none",
    ] {
        assert!(out.contains(want), "{want:?} in {out}");
    }
    let o = env.run(&["contact", "show", "ngozi@example.net", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["contact"]["first_name"], "Ngozi");
    assert_eq!(v["contact"]["last_name"], "Okafor");
    assert_eq!(v["activities"].as_array().unwrap().len(), 1);
}
