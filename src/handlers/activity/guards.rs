//! The activity guards: which messages are not correspondence (spam, auto-replies and other
//! automated mail, list mail, mail without a required case token) and which addresses never become
//! (or, for the mailbox's own and machine addresses, are never linked to) contacts. Each decision
//! comes with a reason `code: detail`. No I/O.

use std::sync::LazyLock;

use regex::Regex;

use crate::config::{ActivityAccount, Config, Role};
use crate::verp::Identity;

/// The header fields of a message, as (name, raw value) pairs in order.
pub type RawHeaders<'a> = [(&'a str, &'a str)];

/// Why a message is not filed, as `code: detail`; None when it passes the header guards.
pub fn reject(headers: &RawHeaders<'_>, subject: &str, a: &ActivityAccount) -> Option<String> {
    let values = |name: &'static str| {
        headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| unfold(v))
    };
    if let Some((name, want)) = &a.spam_header {
        for v in headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| unfold(v))
        {
            let matches = v.eq_ignore_ascii_case(want)
                || v.get(..want.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(want))
                    && v[want.len()..].starts_with([',', ' ', ';']);
            if matches {
                return Some(format!("spam: {name} {}", short(&v)));
            }
        }
    }
    // RFC 3834: anything but "no" marks automatic mail.
    for v in values("Auto-Submitted") {
        if !first_word(&v).eq_ignore_ascii_case("no") {
            return Some(format!("autoreply: Auto-Submitted {}", short(&v)));
        }
    }
    // Vendor markers of auto-replies and out-of-office messages.
    for (name, test) in VENDOR_MARKERS {
        for v in values(name) {
            if test(&v) {
                return Some(format!("autoreply: {name} {}", short(&v)));
            }
        }
    }
    for v in values("Precedence").chain(values("X-Precedence")) {
        let w = first_word(&v).to_ascii_lowercase();
        if matches!(w.as_str(), "bulk" | "junk" | "list" | "auto_reply") {
            return Some(format!("autoreply: Precedence {}", short(&v)));
        }
    }
    let lower = subject.trim_start().to_lowercase();
    if let Some(p) = OOO_SUBJECTS.iter().find(|p| lower.starts_with(*p)) {
        return Some(format!(
            "autoreply: subject starts with \"{}\"",
            p.trim_end()
        ));
    }
    if a.ignore_list_mail
        && let Some(v) = values("List-Id").next()
    {
        return Some(format!("list-mail: List-Id {}", short(&v)));
    }
    if a.require_case_token && case_token(subject).is_none() {
        return Some("no-case-token: the subject has no [case #...]".to_string());
    }
    None
}

type Test = fn(&str) -> bool;

/// Header fields that mark an automatic reply, and the test on their value.
const VENDOR_MARKERS: &[(&str, Test)] = &[
    ("X-Autoreply", |_| true),
    ("X-Autorespond", |_| true),
    ("X-Autoreply-From", |_| true),
    ("X-Mail-Autoreply", |_| true),
    ("X-Vacation", |_| true),
    // Exchange marks its own automatic replies with OOF/AutoReply (or All).
    ("X-Auto-Response-Suppress", |v| {
        let v = v.to_ascii_lowercase();
        v.contains("oof") || v.contains("autoreply") || v.contains("all")
    }),
    ("X-Apple-Action", |v| {
        v.to_ascii_lowercase().contains("vacation")
    }),
    ("X-POST-MessageClass", |v| v.contains("Autoreply")),
    ("X-Mailer", |v| {
        let v = v.to_ascii_lowercase();
        v.starts_with("vacation") || v.contains("autoresponder")
    }),
];

/// Subject prefixes mail systems give automatic replies that carry no header marker.
const OOO_SUBJECTS: &[&str] = &[
    "automatic reply:",
    "auto-reply:",
    "autoreply:",
    "auto reply:",
    "out of office autoreply:",
    "out of office reply:",
    "abwesenheitsnotiz:",
    "réponse automatique",
];

/// The case reference in a subject: `[case #1234]` (digits) or `[case #` + 7 hex digits + `]`,
/// returned lower-cased without the brackets ("1234", "0a1b2c3").
pub fn case_token(subject: &str) -> Option<String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\[case #([0-9]{1,12}|[0-9a-f]{7})\]").expect("valid case token regex")
    });
    RE.captures(subject).map(|c| c[1].to_ascii_lowercase())
}

fn unfold(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_word(v: &str) -> &str {
    v.split([';', ' ', '\t', '(']).next().unwrap_or("").trim()
}

/// A header value short enough for a reason, with control characters removed.
fn short(v: &str) -> String {
    v.chars().filter(|c| !c.is_control()).take(80).collect()
}

/// What may happen to an address in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Match it to a contact, or create one when the account creates contacts.
    Open,
    /// Match it to an existing contact, but never create one (no-reply, `never_create`).
    MatchOnly,
    /// Never a contact: this mailbox's own address, a VERP address, a mail daemon, not an address.
    Never,
}

/// The addresses an activity account treats specially.
pub struct AddressRules<'a> {
    account: &'a ActivityAccount,
    verp: Vec<Identity<'a>>,
}

impl<'a> AddressRules<'a> {
    pub fn new(config: &'a Config, account: &'a ActivityAccount) -> AddressRules<'a> {
        let verp = config
            .accounts
            .iter()
            .filter(|a| a.role == Role::Bounce)
            .map(|a| Identity {
                localpart: &a.bounce.localpart,
                domain: &a.bounce.domain,
                separator: &a.bounce.separator,
            })
            .collect();
        AddressRules { account, verp }
    }

    /// The standing of `address` (trimmed, lower-cased).
    pub fn standing(&self, address: &str) -> Standing {
        let Some((local, domain)) = address.rsplit_once('@') else {
            return Standing::Never;
        };
        if local.is_empty()
            || domain.is_empty()
            || address.len() > 254
            || address.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Standing::Never;
        }
        if self.account.addresses.iter().any(|a| a == address) {
            return Standing::Never;
        }
        let verp = self.verp.iter().any(|id| {
            id.decode(address).is_some()
                || (!id.localpart.is_empty()
                    && domain.eq_ignore_ascii_case(id.domain)
                    && local.starts_with(&id.localpart.to_ascii_lowercase()))
        });
        if verp || is_daemon(local) {
            return Standing::Never;
        }
        if is_no_reply(local)
            || self
                .account
                .never_create
                .iter()
                .any(|n| match n.strip_prefix('@') {
                    Some(d) => d == domain,
                    None => n == address,
                })
        {
            return Standing::MatchOnly;
        }
        Standing::Open
    }
}

/// A mail system's own mailbox (bounces and reports come from these).
fn is_daemon(local: &str) -> bool {
    let base = local.split('+').next().unwrap_or(local);
    matches!(
        base,
        "mailer-daemon" | "mailer_daemon" | "mailerdaemon" | "postmaster" | "mail-daemon"
    )
}

/// A sender nobody reads: noreply@, no-reply@, donotreply@, do-not-reply@ and the like.
fn is_no_reply(local: &str) -> bool {
    let squashed: String = local
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.'))
        .collect();
    squashed.contains("noreply") || squashed.contains("donotreply") || squashed == "bounces"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{CONFIG_REFERENCE, Check, parse};
    use std::path::Path;

    /// The reference config with `key = value` lines replaced.
    fn config(set: &[(&str, &str)]) -> Config {
        let mut set = set.to_vec();
        set.push(("ignore_list_mail", "true"));
        let text: Vec<String> = CONFIG_REFERENCE
            .lines()
            .map(
                |l| match set.iter().find(|(k, _)| l.starts_with(&format!("{k} = "))) {
                    Some((k, v)) => format!("{k} = {v}"),
                    None => l.to_string(),
                },
            )
            .collect();
        parse(&text.join("\n"), Path::new("/x/m.toml"), Check::Syntax).unwrap()
    }

    #[test]
    fn header_guards() {
        let c = config(&[("never_create", r#"["@spam.example", "bot@x.org"]"#)]);
        let a = &c.accounts[1].activity;
        let r = |h: &[(&str, &str)], s: &str| reject(h, s, a);
        assert_eq!(r(&[("Subject", "hi")], "hi"), None);
        assert_eq!(
            r(&[("x-spam-flag", " yes\r\n")], "hi").as_deref(),
            Some("spam: X-Spam-Flag yes")
        );
        assert_eq!(r(&[("X-Spam-Flag", "NO")], "hi"), None);
        assert_eq!(
            r(&[("Auto-Submitted", " auto-replied (vacation)")], "hi").as_deref(),
            Some("autoreply: Auto-Submitted auto-replied (vacation)")
        );
        assert_eq!(r(&[("Auto-Submitted", "no")], "hi"), None);
        assert!(
            r(&[("X-Autoreply", "yes")], "hi")
                .unwrap()
                .starts_with("autoreply: X-Autoreply")
        );
        assert!(r(&[("X-Auto-Response-Suppress", "OOF, AutoReply")], "hi").is_some());
        assert_eq!(r(&[("X-Auto-Response-Suppress", "RN, NRN")], "hi"), None);
        assert_eq!(
            r(&[("Precedence", "bulk")], "hi").as_deref(),
            Some("autoreply: Precedence bulk")
        );
        assert_eq!(r(&[("Precedence", "first-class")], "hi"), None);
        assert!(
            r(&[], "Automatic reply: Question")
                .unwrap()
                .starts_with("autoreply: subject")
        );
        assert_eq!(
            r(&[("List-Id", "Friends <friends.lists.example.org>")], "hi").as_deref(),
            Some("list-mail: List-Id Friends <friends.lists.example.org>")
        );
    }

    #[test]
    fn case_tokens() {
        assert_eq!(case_token("Re: [case #1234] help").as_deref(), Some("1234"));
        assert_eq!(case_token("[Case #0A1B2C3] x").as_deref(), Some("0a1b2c3"));
        assert_eq!(case_token("[case #0a1b2c] x"), None);
        assert_eq!(case_token("[case #abcdefgh]"), None);
        assert_eq!(case_token("case #1234"), None);
    }

    #[test]
    fn required_case_token() {
        let c = config(&[("require_case_token", "true")]);
        let a = &c.accounts[1].activity;
        assert!(
            reject(&[], "no token", a)
                .unwrap()
                .starts_with("no-case-token")
        );
        assert_eq!(reject(&[], "Re: [case #12] token", a), None);
    }

    #[test]
    fn address_standing() {
        let c = config(&[("never_create", r#"["@spam.example", "bot@x.org"]"#)]);
        let r = AddressRules::new(&c, &c.accounts[1].activity);
        assert_eq!(r.standing("ann@example.net"), Standing::Open);
        assert_eq!(r.standing("crm@example.org"), Standing::Never);
        assert_eq!(
            r.standing("civimail+b.1.2.abcdefabcdefabcd@example.org"),
            Standing::Never
        );
        assert_eq!(r.standing("civimail+anything@example.org"), Standing::Never);
        assert_eq!(r.standing("mailer-daemon@mx.example.net"), Standing::Never);
        assert_eq!(r.standing("postmaster@example.net"), Standing::Never);
        assert_eq!(r.standing("not-an-address"), Standing::Never);
        assert_eq!(r.standing("no-reply@shop.example"), Standing::MatchOnly);
        assert_eq!(r.standing("donotreply@shop.example"), Standing::MatchOnly);
        assert_eq!(r.standing("x@spam.example"), Standing::MatchOnly);
        assert_eq!(r.standing("bot@x.org"), Standing::MatchOnly);
        assert_eq!(r.standing("bot2@x.org"), Standing::Open);
        assert_eq!(r.standing("x@sub.spam.example"), Standing::Open);
    }
}
