//! Exim's plain-text notices ("This message was created automatically by mail delivery
//! software." or "... by the SMTP relay on ..."; also 1&1, MXLogic, Zoho and other Exim-based services): after "failed:", each
//! recipient on its own line (`address`, `address:` or `<address>: reply`), the error on the
//! indented lines below it, up to the copy of the original ("------ This is a copy ...").
//! Reports with a delivery status part are left to the RFC 3464 module.

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Action, Mail, text};

pub struct Exim;

const START: &str = "This message was created automatically by ";

/// Lines (lower-cased, trimmed) where the returned original begins.
fn is_end(l: &str) -> bool {
    (l.starts_with("---") && (l.contains("copy of the message") || l.contains("original message")))
        || l.starts_with("included is a copy")
        || l.starts_with("------ this is a copy")
        || l.starts_with("------ the body of the message")
        || l.starts_with("--- the header of the original")
        || l.starts_with("received:")
}

/// `address`, `address:`, `<address>:` or `<address>: text` at the start of a line.
fn recipient_line(l: &str) -> Option<(String, &str)> {
    let (head, rest) = match l.split_once(": ") {
        Some((h, r)) => (h, r),
        None => (l.trim_end_matches(':'), ""),
    };
    let head = head.trim_end_matches(':').trim_matches(['<', '>']);
    // Not a header of the returned original ("Message-ID:<...@...>").
    if head.contains([' ', ':', '<', '>']) || !head.contains('@') {
        return None;
    }
    text::clean_address(head).map(|a| (a, rest))
}

/// A bare local part on its own line ("kijitora").
fn is_local_part(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 64
        && l.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+'))
}

/// The first address in `body` (the returned copy's envelope and headers) with this local part.
fn qualified(local: &str, body: &str) -> Option<String> {
    let at = format!("{}@", local.to_ascii_lowercase());
    body.lines()
        .filter(|l| l.to_ascii_lowercase().contains(&at))
        .flat_map(text::addresses)
        .find(|a| a.starts_with(&at))
}

impl Module for Exim {
    fn name(&self) -> &'static str {
        "exim"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        let start = find_in!(START, &mail.body)?;
        if mail.has_dsn_part() {
            return None;
        }
        let delayed = mail.subject.starts_with("Warning: message");
        let mut recipients: Vec<Found> = Vec::new();
        let mut in_list = false;
        let mut current = false;
        for line in mail.body[start..].lines() {
            let t = line.trim();
            let lower = t.to_ascii_lowercase();
            if is_end(&lower) {
                break;
            }
            if !in_list {
                in_list = lower.ends_with("failed:")
                    || lower.ends_with("failed:")
                    || lower.contains("following address")
                    || lower.contains("has not yet been delivered");
                if !(in_list && lower.contains('@')) {
                    continue;
                }
            }
            if t.is_empty() {
                current = false;
                continue;
            }
            let indent = line.len() - line.trim_start().len();
            let found = if indent > 2 {
                None
            } else if in_list && is_local_part(t) {
                // An unqualified recipient ("  kijitora"): the returned copy names it in full.
                qualified(t, &mail.body).map(|a| (a, ""))
            } else {
                recipient_line(t)
            };
            if let Some((a, rest)) = found {
                let mut f = Found::failed(a, rest.trim());
                if delayed {
                    f.action = Action::Delayed;
                }
                recipients.push(f);
                current = true;
                continue;
            }
            if current && let Some(r) = recipients.last_mut() {
                if !r.diagnostic.is_empty() {
                    r.diagnostic.push(' ');
                }
                r.diagnostic.push_str(t);
            }
        }
        if recipients.is_empty() {
            return None;
        }
        let notice = crate::bounce::fallback::notice_text(&mail.body).to_string();
        for r in &mut recipients {
            r.context = Some(notice.clone());
        }
        Some(Decoded {
            kind: None,
            recipients,
        })
    }
}
