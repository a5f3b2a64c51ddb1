//! The VERP actions besides bounces, end to end (unsubscribe, opt-out, resubscribe, reply with
//! forwarding, confirm), tokens that fail verification, auto-replies to reply addresses, and the
//! mailing report (table, JSON, CSV and HTML, whose figures must agree).

use std::fs;

use crate::util::{Env, dsn, stderr, stdout};

/// A letter from a person to `to`.
fn letter(id: &str, to: &str, extra: &str) -> Vec<u8> {
    format!(
        "From: Member <member@example.net>\nTo: {to}\nSubject: about the newsletter\n{extra}\
Date: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <{id}>\n\nPlease take me off.\n"
    )
    .into_bytes()
}

/// The address of `action` (u, o, e, r) for a recipient whose bounce address is `bounce`.
fn with_action(bounce: &str, action: char) -> String {
    bounce.replacen("+b.", &format!("+{action}."), 1)
}

/// `address` with its hash replaced by a made-up one.
fn forge(address: &str) -> String {
    let (local, domain) = address.split_once('@').unwrap();
    let (prefix, _) = local.rsplit_once('.').unwrap();
    format!("{prefix}.zzzzzzzzzzzzzzzz@{domain}")
}

fn run(env: &Env) {
    let out = env.run(&["run"]);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(75),
        "{}",
        stderr(&out)
    );
}

fn membership(env: &Env) -> String {
    let c = rusqlite::Connection::open(env.db()).unwrap();
    c.query_row(
        "SELECT gc.status FROM group_contacts gc JOIN emails e ON e.contact_id = gc.contact_id WHERE e.email_lc = 'member@example.net'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn unsubscribe_then_resubscribe() {
    let env = Env::new();
    let r = env.mailing(&["member@example.net"]).remove(0);
    // Resubscribing with nothing to undo changes nothing.
    env.deliver(
        "bounces",
        "0.e",
        &letter("e0@x", &with_action(&r.2, 'e'), ""),
    );
    run(&env);
    assert_eq!(membership(&env), "Added");
    env.deliver(
        "bounces",
        "1.u",
        &letter("u1@x", &with_action(&r.2, 'u'), ""),
    );
    run(&env);
    assert_eq!(membership(&env), "Removed");
    assert_eq!(
        env.query_i64("SELECT count(*) FROM unsubscribe_events WHERE kind = 'unsubscribe'"),
        1
    );
    env.deliver(
        "bounces",
        "2.e",
        &letter("e1@x", &with_action(&r.2, 'e'), ""),
    );
    run(&env);
    assert_eq!(membership(&env), "Added");
    assert_eq!(
        env.query_i64(
            "SELECT count(*) FROM ledger WHERE reason LIKE 'resubscribe: no unsubscribe%'"
        ),
        1
    );
    assert_eq!(
        env.query_i64("SELECT count(*) FROM unsubscribe_events WHERE kind = 'resubscribe'"),
        1
    );
}

#[test]
fn opt_out_stops_all_bulk_mail() {
    let env = Env::new();
    let r = env
        .mailing(&["member@example.net", "other@example.net"])
        .remove(0);
    env.deliver(
        "bounces",
        "1.o",
        &letter("o1@x", &with_action(&r.2, 'o'), ""),
    );
    run(&env);
    assert_eq!(
        env.query_i64("SELECT on_hold FROM emails WHERE email_lc = 'member@example.net'"),
        2
    );
    assert_eq!(env.query_i64("SELECT is_opt_out FROM contacts c JOIN emails e ON e.contact_id = c.id WHERE e.email_lc = 'member@example.net'"), 1);
    // The next mailing leaves them out.
    let out = env.run(&[
        "mailing",
        "create",
        "--name",
        "Next",
        "--group",
        "newsletter",
    ]);
    assert!(stdout(&out).contains("1 recipients"), "{}", stdout(&out));
}

#[test]
fn replies_are_recorded_and_forwarded_but_auto_replies_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let sink = dir.path().join("forwarded");
    let env = Env::with_settings(&[(
        "reply_forward_command",
        &format!("\"cat >> {}\"", sink.display()),
    )]);
    let r = env.mailing(&["member@example.net"]).remove(0);
    let to = with_action(&r.2, 'r');
    env.deliver("bounces", "1.r", &letter("r1@x", &to, ""));
    env.deliver(
        "bounces",
        "2.r",
        &letter("r2@x", &to, "Auto-Submitted: auto-replied\n"),
    );
    env.deliver("bounces", "3.r", &letter("r3@x", &to, "Precedence: bulk\n"));
    run(&env);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM reply_events WHERE forwarded_at IS NOT NULL"),
        1
    );
    let forwarded = fs::read_to_string(&sink).unwrap();
    assert!(
        forwarded.contains("<r1@x>")
            && !forwarded.contains("<r2@x>")
            && !forwarded.contains("<r3@x>")
    );
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'automatic:%'"),
        2
    );
}

#[test]
fn a_failing_forward_keeps_the_reply_for_another_try() {
    let env = Env::with_settings(&[("reply_forward_command", "\"exit 1\"")]);
    let r = env.mailing(&["member@example.net"]).remove(0);
    env.deliver(
        "bounces",
        "1.r",
        &letter("r1@x", &with_action(&r.2, 'r'), ""),
    );
    let out = env.run(&["run"]);
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("reply_forward_command"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.files("bounces", ""), ["1.r"], "kept in place");
    assert_eq!(env.query_i64("SELECT count(*) FROM reply_events"), 0);
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger"), 0);
}

#[test]
fn confirm_makes_a_pending_membership_added() {
    let env = Env::new();
    env.mailing(&["someone@example.net"]);
    let out = env.run(&[
        "groups",
        "subscribe",
        "member@example.net",
        "--group",
        "newsletter",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let address = stdout(&out).lines().last().unwrap().trim().to_string();
    assert!(address.starts_with("civimail+c."), "{address}");
    assert_eq!(membership(&env), "Pending");
    // A forged confirm (wrong hash) changes nothing.
    let forged = forge(&address);
    env.deliver("bounces", "0.c", &letter("c0@x", &forged, ""));
    run(&env);
    assert_eq!(membership(&env), "Pending");
    assert_eq!(env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'verp-unverified: wrong hash for membership%'"), 1);
    env.deliver("bounces", "1.c", &letter("c1@x", &address, ""));
    run(&env);
    assert_eq!(membership(&env), "Added");
    assert_eq!(env.query_i64("SELECT count(*) FROM confirm_events"), 1);
}

#[test]
fn unverified_action_tokens_change_nothing() {
    let env = Env::new();
    let r = env.mailing(&["member@example.net"]).remove(0);
    env.deliver(
        "bounces",
        "1.u",
        &letter("u1@x", &forge(&with_action(&r.2, 'u')), ""),
    );
    env.deliver(
        "bounces",
        "2.o",
        &letter("o1@x", &forge(&with_action(&r.2, 'o')), ""),
    );
    run(&env);
    assert_eq!(membership(&env), "Added");
    assert_eq!(
        env.query_i64("SELECT on_hold FROM emails WHERE email_lc = 'member@example.net'"),
        0
    );
    assert_eq!(env.query_i64("SELECT count(*) FROM unsubscribe_events"), 0);
    assert_eq!(
        env.query_i64("SELECT count(*) FROM ledger WHERE reason LIKE 'verp-unverified:%'"),
        2
    );
}

#[test]
fn the_report_agrees_in_every_format() {
    let env = Env::new();
    let r = env.mailing(&[
        "a@example.net",
        "b@example.net",
        "c@example.org",
        "member@example.net",
    ]);
    env.deliver("bounces", "1.b", &dsn("b1@x", &r[0].2, "a@example.net"));
    env.deliver("bounces", "2.b", &dsn("b2@x", &r[2].2, "c@example.org"));
    env.deliver(
        "bounces",
        "3.u",
        &letter("u1@x", &with_action(&r[3].2, 'u'), ""),
    );
    env.deliver(
        "bounces",
        "4.r",
        &letter("r1@x", &with_action(&r[1].2, 'r'), ""),
    );
    run(&env);
    let html_path = env.path().join("report.html");
    let out = env.run(&[
        "report",
        "mailing",
        "1",
        "--json",
        "--html",
        html_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["mailing"]["recipients"], 4);
    assert_eq!(v["bounced_recipients"], 2);
    assert_eq!(v["bounces"]["events"], 2);
    assert_eq!(v["responses"]["unsubscribes"], 1);
    assert_eq!(v["responses"]["replies"], 1);
    assert_eq!(v["by_type"][0]["bounce_type"], "Quota");
    assert_eq!(v["top_domains"].as_array().unwrap().len(), 2);

    // The HTML is well-formed (XML-parseable), self-contained, and shows the same figures.
    let html = fs::read_to_string(&html_path).unwrap();
    assert!(
        !html.contains("<script") && !html.contains("http://")
            || html.contains("http://www.w3.org/2000/svg")
    );
    assert!(
        !html.contains("https://"),
        "nothing is loaded from elsewhere"
    );
    let body = html.trim_start_matches("<!DOCTYPE html>");
    let figures = figures_of(body);
    for (key, json) in [
        ("recipients", &v["mailing"]["recipients"]),
        ("bounced_recipients", &v["bounced_recipients"]),
        ("bounces.events", &v["bounces"]["events"]),
        ("bounces.hard", &v["bounces"]["hard"]),
        ("holds.placed", &v["holds"]["placed"]),
        ("responses.unsubscribes", &v["responses"]["unsubscribes"]),
        ("responses.replies", &v["responses"]["replies"]),
        ("by_type.Quota", &v["by_type"][0]["events"]),
    ] {
        assert_eq!(
            figures.get(key).map(String::as_str),
            Some(json.to_string().as_str()),
            "{key}"
        );
    }
    // CSV and the table say the same.
    let out = env.run(&["report", "mailing", "1", "--csv"]);
    assert!(
        stdout(&out).contains("responses,unsubscribes,1"),
        "{}",
        stdout(&out)
    );
    let out = env.run(&["report", "mailing", "1"]);
    assert!(
        stdout(&out).contains("bounced recipients  2"),
        "{}",
        stdout(&out)
    );
    let out = env.run(&["report", "mailing", "9"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Every `data-figure="key"` element's text, from a well-formed document (panics otherwise).
fn figures_of(xml: &str) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        let gt = rest[lt..].find('>').expect("unclosed tag") + lt;
        let tag = &rest[lt + 1..gt];
        let after = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
        } else if !tag.ends_with('/') && !tag.starts_with('!') {
            let name = tag.split_whitespace().next().unwrap().to_string();
            if let Some(k) = tag.split("data-figure=\"").nth(1) {
                let key = k.split('"').next().unwrap().to_string();
                let text = after.split('<').next().unwrap().to_string();
                out.insert(key, text);
            }
            stack.push(name);
        }
        rest = after;
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    out
}
