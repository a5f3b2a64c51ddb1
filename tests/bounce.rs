//! Bounce processing end to end: real bounces rewritten to carry VERP tokens of a test mailing,
//! filed by the real binary, then holds, incidents, unhold, explain and forgeries checked in the
//! database and through the commands.

use std::fs;

use crate::util::{Env, stderr, stdout, testdata};

/// A recipient of the test mailing: its row id and bounce address.
#[derive(Debug, Clone)]
struct Rcpt {
    id: i64,
    bounce: String,
}

/// Contacts and a mailing to them; returns its recipients.
fn mailing(env: &Env, emails: &[&str]) -> Vec<Rcpt> {
    env.mailing(emails)
        .into_iter()
        .map(|(id, _, bounce)| Rcpt { id, bounce })
        .collect()
}

/// A corpus bounce as it comes back to `token` (X-Original-To, as Postfix adds it), with a
/// Message-ID of its own so that each copy is a new message.
fn bounce(file: &str, token: &str, unique: &str) -> Vec<u8> {
    let raw = fs::read(testdata().join("verp").join(file)).unwrap();
    let text = String::from_utf8_lossy(&raw);
    let mut out = format!("X-Original-To: {token}\n");
    let mut replaced = false;
    for line in text.split_inclusive('\n') {
        if !replaced && line.to_ascii_lowercase().starts_with("message-id:") {
            out.push_str(&format!("Message-ID: <{unique}@test>\n"));
            replaced = true;
        } else {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// A delivery status report with one recipient group (`fields`: its Original-/Final-Recipient
/// lines), an unknown-user failure, and `returned` as the returned header block (none when empty).
fn report(id: &str, fields: &str, returned: &str) -> Vec<u8> {
    let mut r = format!(
        "From: MAILER-DAEMON@mx.example.net\nTo: bounces@example.org\nSubject: Undelivered Mail Returned to Sender\n\
Message-ID: <{id}@mx>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n\
--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\
--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n\
{fields}Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\n"
    );
    if !returned.is_empty() {
        r.push_str(&format!(
            "--B\nContent-Type: text/rfc822-headers\n\n{returned}\n"
        ));
    }
    r.push_str("--B--\n");
    r.into_bytes()
}

fn on_hold(env: &Env, email: &str) -> i64 {
    env.query_i64(&format!(
        "SELECT on_hold FROM emails WHERE email_lc = '{email}'"
    ))
}

fn events(env: &Env) -> i64 {
    env.query_i64("SELECT count(*) FROM bounce_events")
}

fn run(env: &Env) {
    let out = env.run(&["run"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn invalid_holds_at_once_and_explain_says_why() {
    let env = Env::new();
    let r = mailing(&env, &["userunknown@bouncehammer.jp", "other@example.net"]);
    assert_eq!(r.len(), 2);
    env.deliver(
        "bounces",
        "1.b",
        &bounce("rfc3464-01.eml", &r[0].bounce, "inv1"),
    );
    run(&env);
    assert_eq!(on_hold(&env, "userunknown@bouncehammer.jp"), 1);
    assert_eq!(on_hold(&env, "other@example.net"), 0);
    assert_eq!(
        env.query_i64(&format!(
            "SELECT count(*) FROM bounce_events WHERE recipient_id = {} AND reason = 'userunknown' AND status = '5.1.1'",
            r[0].id
        )),
        1
    );
    assert_eq!(env.files("bounces", "CiviMail.processed").len(), 1);

    let out = env.run(&["holds", "--json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v[0]["email"], "userunknown@bouncehammer.jp");
    assert_eq!(v[0]["bounce_type"], "Invalid");
    let out = env.run(&["explain", "userunknown@bouncehammer.jp"]);
    let text = stdout(&out);
    assert!(
        text.contains("ON HOLD") && text.contains("Invalid") && text.contains("threshold reached"),
        "{text}"
    );
    // A held address is not a recipient of the next mailing.
    let out = env.run(&[
        "mailing",
        "create",
        "--name",
        "December",
        "--group",
        "newsletter",
    ]);
    assert!(stdout(&out).contains("1 recipients"), "{}", stdout(&out));
}

#[test]
fn quota_holds_after_the_third_and_unhold_starts_counting_again() {
    let env = Env::new();
    let r = mailing(&env, &["kijitora@example.jp"]);
    for i in 0..2 {
        env.deliver(
            "bounces",
            &format!("{i}.q"),
            &bounce("lhost-amazonses-03.eml", &r[0].bounce, &format!("q{i}")),
        );
    }
    run(&env);
    assert_eq!(events(&env), 2);
    assert_eq!(
        on_hold(&env, "kijitora@example.jp"),
        0,
        "two Quota bounces do not hold"
    );
    env.deliver(
        "bounces",
        "2.q",
        &bounce("lhost-amazonses-03.eml", &r[0].bounce, "q2"),
    );
    run(&env);
    assert_eq!(on_hold(&env, "kijitora@example.jp"), 1, "the third does");
    // Timestamps have one-second resolution and the whole test may run within one second: the
    // three bounces are dated earlier, as they would be in real use, so that the reset date
    // (now) falls after them without the test having to wait.
    env.execute("UPDATE bounce_events SET recorded_at = '2000-01-01T00:00:00Z'");

    let out = env.run(&["unhold", "kijitora@example.jp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(on_hold(&env, "kijitora@example.jp"), 0);
    // A new bounce counts from one: the three before the unhold no longer count.
    env.deliver(
        "bounces",
        "3.q",
        &bounce("lhost-amazonses-03.eml", &r[0].bounce, "q3"),
    );
    run(&env);
    assert_eq!(on_hold(&env, "kijitora@example.jp"), 0);
    let out = env.run(&["explain", "--json", "kijitora@example.jp"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let evs = v[0]["events"].as_array().unwrap();
    assert_eq!(evs.len(), 4);
    // Events recorded in the same second as the unhold may still count; at least the new one does.
    assert_eq!(evs[3]["counts"], true);
    assert_eq!(v[0]["types"][0]["bounce_type"], "Quota");
    assert!(v[0]["reset_date"].is_string());
}

#[test]
fn blocked_never_holds() {
    let env = Env::new();
    let r = mailing(&env, &["kijitora@example.com"]);
    for i in 0..4 {
        env.deliver(
            "bounces",
            &format!("{i}.bl"),
            &bounce("lhost-amazonses-16.eml", &r[0].bounce, &format!("bl{i}")),
        );
    }
    run(&env);
    assert_eq!(events(&env), 4);
    assert_eq!(on_hold(&env, "kijitora@example.com"), 0);
    let out = env.run(&["explain", "kijitora@example.com"]);
    assert!(
        stdout(&out).contains("Blocked never holds"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_incident_does_not_hold_and_releases_holds() {
    let env = Env::new();
    let r = mailing(
        &env,
        &[
            "a@spamcheck.example",
            "b@spamcheck.example",
            "c@other.example",
            "d@other.example",
            "e@x.example",
        ],
    );
    // One Spam rejection holds (threshold 1)...
    env.deliver(
        "bounces",
        "1.s",
        &bounce("lhost-barracuda-01.eml", &r[0].bounce, "s1"),
    );
    run(&env);
    assert_eq!(on_hold(&env, "a@spamcheck.example"), 1);
    // ...until a second recipient at the same domain is rejected the same way: 2 of 5
    // recipients reach storm_share (0.2), so the receiver objected to the mailing.
    env.deliver(
        "bounces",
        "2.s",
        &bounce("lhost-barracuda-01.eml", &r[1].bounce, "s2"),
    );
    run(&env);
    assert_eq!(on_hold(&env, "a@spamcheck.example"), 0, "released");
    assert_eq!(on_hold(&env, "b@spamcheck.example"), 0, "never held");
    assert_eq!(
        env.query_i64("SELECT count(*) FROM incidents WHERE domain = 'spamcheck.example'"),
        1
    );
    assert_eq!(
        env.query_i64("SELECT count(*) FROM bounce_events WHERE incident_id IS NOT NULL"),
        2
    );
    let out = env.run(&["explain", "a@spamcheck.example"]);
    let text = stdout(&out);
    assert!(
        text.contains("part of incident") && text.contains("release"),
        "{text}"
    );
}

#[test]
fn autoreplies_and_complaints_make_their_events() {
    let env = Env::new();
    let r = mailing(
        &env,
        &["kijitora@apple.example.com", "kijitora@y.example.com"],
    );
    env.deliver(
        "bounces",
        "1.v",
        &bounce("rfc3834-03.eml", &r[0].bounce, "v1"),
    );
    env.deliver("bounces", "2.c", &bounce("arf-14.eml", &r[1].bounce, "c1"));
    run(&env);
    let t = |id: i64| {
        env.query_i64(&format!(
            "SELECT count(*) FROM bounce_events b JOIN bounce_types t ON t.id = b.bounce_type_id
              WHERE b.recipient_id = {id} AND t.name = '{}'",
            if id == r[0].id { "Away" } else { "AOL" }
        ))
    };
    assert_eq!(t(r[0].id), 1);
    assert_eq!(t(r[1].id), 1);
    assert_eq!(
        on_hold(&env, "kijitora@apple.example.com"),
        0,
        "one vacation reply does not hold"
    );
    assert_eq!(
        on_hold(&env, "kijitora@y.example.com"),
        1,
        "a complaint holds at once"
    );
}

#[test]
fn forged_and_foreign_tokens_change_nothing() {
    let env = Env::new();
    let r = mailing(&env, &["userunknown@bouncehammer.jp"]);
    let good = &r[0].bounce;
    let (local, domain) = good.split_once('@').unwrap();
    let parts: Vec<&str> = local.split('.').collect(); // civimail+b, job, queue, hash
    let wrong_hash = format!(
        "{}.{}.{}.{}@{domain}",
        parts[0], parts[1], parts[2], "zzzzzzzzzzzzzzzz"
    );
    let wrong_job = format!("{}.{}.{}.{}@{domain}", parts[0], 99, parts[2], parts[3]);
    let no_row = format!("{}.{}.{}.{}@{domain}", parts[0], parts[1], 4242, parts[3]);
    let other_domain = format!("{local}@elsewhere.example");
    for (i, t) in [&wrong_hash, &wrong_job, &no_row, &other_domain]
        .iter()
        .enumerate()
    {
        env.deliver(
            "bounces",
            &format!("{i}.f"),
            &bounce("rfc3464-01.eml", t, &format!("f{i}")),
        );
    }
    // The right token, but only in running text of the body.
    let mut body_only = fs::read(testdata().join("verp/rfc3464-01.eml")).unwrap();
    body_only.extend(format!("\nPlease write to {good} to unsubscribe.\n").as_bytes());
    let body_only = String::from_utf8_lossy(&body_only)
        .replace("Message-Id: <201310160515", "Message-Id: <bodyonly");
    env.deliver("bounces", "9.f", body_only.as_bytes());
    run(&env);
    assert_eq!(events(&env), 0);
    assert_eq!(on_hold(&env, "userunknown@bouncehammer.jp"), 0);
    assert_eq!(env.files("bounces", "CiviMail.ignored").len(), 5);
    assert_eq!(
        env.query_i64(
            "SELECT count(*) FROM ledger WHERE reason LIKE 'verp-unverified:%wrong hash%'"
        ),
        1
    );
    assert_eq!(
        env.query_i64(
            "SELECT count(*) FROM ledger WHERE reason LIKE 'verp-unverified:%belongs to job%'"
        ),
        1
    );
    assert_eq!(
        env.query_i64(
            "SELECT count(*) FROM ledger WHERE reason LIKE 'verp-unverified:%no recipient 4242%'"
        ),
        1
    );
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'no-verp-token%'"),
        2
    );
}

#[test]
fn a_bounce_without_a_token_is_matched_only_when_trusted() {
    let env = Env::new();
    mailing(&env, &["userunknown@bouncehammer.jp"]);
    let raw = fs::read(testdata().join("verp/rfc3464-01.eml")).unwrap();
    env.deliver("bounces", "1.n", &raw);
    run(&env);
    assert_eq!(events(&env), 0);
    assert_eq!(env.files("bounces", "CiviMail.ignored").len(), 1);

    let env = Env::with_settings(&[("trust_unverified", "true")]);
    mailing(&env, &["userunknown@bouncehammer.jp"]);
    env.deliver("bounces", "1.n", &raw);
    run(&env);
    assert_eq!(events(&env), 1);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM bounce_events WHERE recipient_id IS NULL"),
        1
    );
    assert_eq!(on_hold(&env, "userunknown@bouncehammer.jp"), 1);
}

/// An alias expanded on the way: the report names the mailbox it was delivered to
/// (Final-Recipient) and the address we mailed (Original-Recipient); matching by address finds
/// the contact by the one we know, and records the event under it.
#[test]
fn an_expanded_alias_is_matched_by_the_address_we_mailed() {
    let env = Env::with_settings(&[("trust_unverified", "true")]);
    mailing(&env, &["info@club.example", "other@club.example"]);
    let dsn = report(
        "alias-test",
        "Original-Recipient: rfc822; info@club.example\n\
         Final-Recipient: rfc822; k.hofmann@mailstore.club.example\n",
        "",
    );
    env.deliver("bounces", "1.a", &dsn);
    run(&env);
    assert_eq!(events(&env), 1);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM bounce_events WHERE email = 'info@club.example'"),
        1
    );
    assert_eq!(on_hold(&env, "info@club.example"), 1);
    assert_eq!(on_hold(&env, "other@club.example"), 0);

    let processed = env.maildir("bounces").join(".CiviMail.processed");
    let parsed = env.run(&["parse", "--json", processed.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&parsed.stdout)
            .contains(r#""address":"k.hofmann@mailstore.club.example""#),
        "{}",
        String::from_utf8_lossy(&parsed.stdout)
    );
    assert!(
        String::from_utf8_lossy(&parsed.stdout)
            .contains(r#""original_recipient":"info@club.example""#)
    );
}

/// Two failed mailboxes of one list or role address (`info@`, expanded into several): each is
/// reported with the address we mailed as its Original-Recipient. One bounce is one event for
/// that address, never one per member.
#[test]
fn members_of_an_expanded_address_count_one_bounce_once() {
    let env = Env::new();
    let r = mailing(&env, &["info@club.example"]);
    let dsn = report(
        "list-token",
        "Original-Recipient: rfc822; info@club.example\n\
         Final-Recipient: rfc822; left-long-ago@mailstore.club.example\n\
         Action: failed\nStatus: 5.1.1\n\n\
         Original-Recipient: rfc822; info@club.example\n\
         Final-Recipient: rfc822; also-gone@mailstore.club.example\n",
        &format!(
            "Return-Path: <{}>\nTo: info@club.example\nSubject: November news\n",
            r[0].bounce
        ),
    );
    env.deliver("bounces", "1.l", &dsn);
    run(&env);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM bounce_events WHERE email = 'info@club.example'"),
        1
    );
}

/// Without a token, several different mailboxes reported under one Original-Recipient show
/// that address was a list: its members' failures do not put the list address on hold (the
/// others still get the mail).
#[test]
fn failed_members_of_a_list_do_not_hold_the_list_address() {
    let env = Env::with_settings(&[("trust_unverified", "true")]);
    mailing(&env, &["info@club.example"]);
    let dsn = report(
        "list-untrusted",
        "Original-Recipient: rfc822; info@club.example\n\
         Final-Recipient: rfc822; left-long-ago@mailstore.club.example\n\
         Action: failed\nStatus: 5.1.1\n\n\
         Original-Recipient: rfc822; info@club.example\n\
         Final-Recipient: rfc822; also-gone@mailstore.club.example\n",
        "",
    );
    env.deliver("bounces", "1.u", &dsn);
    run(&env);
    assert_eq!(events(&env), 0);
    assert_eq!(on_hold(&env, "info@club.example"), 0);
    let reason = env.query_string("SELECT reason FROM ledger");
    assert!(reason.contains("info@club.example"), "{reason}");
}

/// An alias we wrote to expanded to two mailboxes: one got the message, the other is dead. The
/// alias works: no event for it (nor for the dead member under the alias's name), no hold.
#[test]
fn an_alias_that_reached_one_member_is_not_held_for_another() {
    let env = Env::with_settings(&[("trust_unverified", "true")]);
    mailing(&env, &["team@club.example"]);
    let dsn = report(
        "alias-partly",
        "Original-Recipient: rfc822; team@club.example\n\
         Final-Recipient: rfc822; ann@mailstore.club.example\n\
         Action: delivered\nStatus: 2.0.0\n\n\
         Original-Recipient: rfc822; team@club.example\n\
         Final-Recipient: rfc822; bob@mailstore.club.example\n",
        "",
    );
    env.deliver("bounces", "1.a", &dsn);
    run(&env);
    assert_eq!(events(&env), 0);
    assert_eq!(on_hold(&env, "team@club.example"), 0);
}

/// A feedback report that is no complaint (an RFC 6591 authentication failure report, a
/// "not-spam" report) makes no event; an abuse report holds at once.
#[test]
fn only_an_abuse_report_is_a_complaint_that_holds() {
    for (ftype, held) in [("auth-failure", 0), ("not-spam", 0), ("abuse", 1)] {
        let env = Env::with_settings(&[("trust_unverified", "true")]);
        mailing(&env, &["reader@fbl.example"]);
        let arf = format!(
            "From: fbl@isp.example\nTo: bounces@example.org\nSubject: Feedback report\n\
Message-ID: <fb-{ftype}@isp.example>\nMIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\n\n\
--F\nContent-Type: text/plain\n\nA feedback report.\n\
--F\nContent-Type: message/feedback-report\n\nFeedback-Type: {ftype}\nVersion: 1\n\
Original-Rcpt-To: <reader@fbl.example>\n\n\
--F\nContent-Type: text/rfc822-headers\n\nTo: reader@fbl.example\nSubject: News\n\n--F--\n"
        );
        env.deliver("bounces", "1.f", arf.as_bytes());
        run(&env);
        assert_eq!(events(&env), held, "{ftype}");
        assert_eq!(on_hold(&env, "reader@fbl.example"), held, "{ftype}");
    }
}

#[test]
fn a_token_in_the_returned_original_identifies_the_recipient() {
    let env = Env::new();
    let r = mailing(&env, &["someone@example.net"]);
    let dsn = report(
        "orig-test",
        "Final-Recipient: rfc822; someone@example.net\n",
        &format!(
            "Return-Path: <{}>\nX-CiviMail-Bounce: {}\nTo: someone@example.net\nSubject: November news\n",
            r[0].bounce, r[0].bounce
        ),
    );
    env.deliver("bounces", "1.o", &dsn);
    run(&env);
    assert_eq!(
        env.query_i64(&format!(
            "SELECT count(*) FROM bounce_events WHERE recipient_id = {}",
            r[0].id
        )),
        1
    );
    assert_eq!(on_hold(&env, "someone@example.net"), 1);
}

/// `parse` looks for tokens where the bounce handler does (here CiviCRM's Message-ID form in
/// the returned original, which names no job), and says where it found one.
#[test]
fn parse_shows_the_token_run_verifies() {
    let env = Env::new();
    let r = mailing(&env, &["someone@example.net"]);
    // civimail+b.JOB.QUEUE.HASH@domain -> civimail+m.QUEUE.HASH@domain
    let (local, domain) = r[0].bounce.split_once('@').unwrap();
    let parts: Vec<&str> = local.split('.').collect();
    let mid = format!("civimail+m.{}.{}@{domain}", parts[2], parts[3]);
    let dsn = report(
        "mid-test",
        "Final-Recipient: rfc822; someone@example.net\n",
        &format!("Message-ID: <{mid}>\nTo: someone@example.net\nSubject: November news\n"),
    );
    let file = env.deliver("bounces", "1.m", &dsn);
    let out = env.run(&["parse", "--json", file.to_str().unwrap()]);
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["verp"]["queue"], r[0].id, "{line}");
    assert!(line["verp"]["job"].is_null(), "{line}");
    assert_eq!(line["verp"]["found_in"], "the original's Message-ID");
    let out = env.run(&["parse", file.to_str().unwrap()]);
    assert!(
        stdout(&out).contains(&format!("verp b.-.{} (the original's Message-ID)", r[0].id)),
        "{}",
        stdout(&out)
    );
    run(&env);
    assert_eq!(
        env.query_i64(&format!(
            "SELECT count(*) FROM bounce_events WHERE recipient_id = {}",
            r[0].id
        )),
        1
    );
}

#[test]
fn import_and_mailing_errors_name_the_file_and_line() {
    let env = Env::new();
    let file = env.path().join("bad.csv");
    fs::write(
        &file,
        "email,first\nok@example.org,Ok\nnot an address,Bad\n",
    )
    .unwrap();
    let out = env.run(&["contacts", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.csv") && stderr(&out).contains("line 3"),
        "{}",
        stderr(&out)
    );
    fs::write(&file, "name\nx\n").unwrap();
    let out = env.run(&["contacts", "import", file.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("no `email` column"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["mailing", "create", "--name", "x", "--group", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));
    let out = env.run(&["unhold", "--all"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `run` classifies a report whose returned message is followed by more parts as the whole
/// message reads (the bounce handler's preparation parses only part of some reports): the
/// footer's "mailbox full" names the reason, and an ARF marker in the returned body makes a
/// complaint, not a bounce.
#[test]
fn run_reads_what_follows_the_returned_message() {
    let env = Env::new();
    let r = mailing(&env, &["a@x.example"]);
    for (i, file) in ["01-footer-after.eml", "23-arf-marker-in-returned-body.eml"]
        .iter()
        .enumerate()
    {
        let raw = fs::read(testdata().join("report-cuts").join(file)).unwrap();
        let mut text = format!("X-Original-To: {}\n", r[0].bounce);
        text.push_str(
            &String::from_utf8_lossy(&raw).replace("Message-ID: <", &format!("Message-ID: <{i}.")),
        );
        env.deliver("bounces", &format!("{i}.eml"), text.as_bytes());
    }
    run(&env);
    let count = |sql: &str| env.query_i64(sql);
    assert_eq!(
        count(
            "SELECT count(*) FROM bounce_events WHERE email = 'a@x.example' AND reason = 'mailboxfull'"
        ),
        1
    );
    assert_eq!(
        count("SELECT count(*) FROM ledger WHERE reason LIKE 'complaint:%'"),
        1
    );
}
