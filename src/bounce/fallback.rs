//! The last resort for messages that look like bounces (see `detect`) but carry no delivery status
//! report and match no mail system's module: recipients are the addresses named in the notice's
//! text (before the returned original), each with the lines that follow it as its diagnostic; when
//! the text names none, the returned original's To.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::module::{Decoded, Found, Module};
use super::{Mail, detect, text};
use crate::mail;

/// At most this many recipients from one notice.
const MAX_RECIPIENTS: usize = 100;

pub struct Text;

/// Lines (lower-cased) that introduce the returned original.
const ORIGINAL_MARKERS: &[&str] = &[
    "below this line is a copy",
    "original message",
    "this is a copy of",
    "copy of the message",
    "headers of the original",
    "message headers follow",
    "header of the original",
    "returned message",
    "unsent message below",
    "message text follows",
    "text of the message",
    "original mail",
    "content-type: message/rfc822",
];

/// The notice's own text: `body` up to the returned original.
pub fn notice_text(body: &str) -> &str {
    // The markers are lower-case: matching them ignoring ASCII case is matching them in the
    // lower-cased line, without a copy of it.
    static MARKERS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(ORIGINAL_MARKERS)
            .ok()
    });
    let starts = |l: &str, h: &str| {
        l.as_bytes()
            .get(..h.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(h.as_bytes()))
    };
    let marked = |l: &str| match MARKERS.as_ref() {
        Some(ac) => ac.is_match(l),
        None => {
            let l = l.to_ascii_lowercase();
            ORIGINAL_MARKERS.iter().any(|m| l.contains(m))
        }
    };
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let l = line.trim();
        let header_start = ["received:", "return-path:", "message-id:"]
            .iter()
            .any(|h| starts(l, h));
        // Sendmail's notice opens with "The original message was received at <date>".
        let received_at = starts(l, "the original message was received");
        if offset > 0 && !received_at && (header_start || marked(l)) {
            return &body[..offset];
        }
        offset += line.len();
    }
    body
}

fn is_system_address(a: &str) -> bool {
    let local = a.split('@').next().unwrap_or("");
    matches!(
        local,
        "mailer-daemon" | "postmaster" | "root" | "abuse" | "noreply" | "no-reply"
    )
}

impl Module for Text {
    fn name(&self) -> &'static str {
        "text"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        if !detect::looks_like_bounce(mail) {
            return None;
        }
        let notice = notice_text(&mail.body);
        let original = mail::original_of(&mail.parts);
        let mut excluded: HashSet<String> = HashSet::new();
        excluded.insert(mail.from.clone());
        for a in mail.msg.to_addresses() {
            excluded.insert(a.to_ascii_lowercase());
        }
        if let Some(o) = &original {
            for name in ["From", "Return-Path", "Sender", "Reply-To"] {
                if let Some(v) = o.header(name) {
                    excluded.extend(text::addresses(v));
                }
            }
        }
        // Exim and others name the failed recipients in a header: then only those count.
        let named: Vec<String> = mail
            .msg
            .header_texts("X-Failed-Recipients")
            .iter()
            .flat_map(|v| text::addresses(v))
            .collect();
        let mut recipients: Vec<Found> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut current: Option<usize> = None;
        for line in crate::mail::lines(notice) {
            let l = line.trim();
            if l.is_empty() {
                current = None;
                continue;
            }
            let found: Vec<String> = text::addresses(l)
                .into_iter()
                .filter(|a| !excluded.contains(a) && !is_system_address(a))
                .filter(|a| !offered_as_contact(l, a))
                .filter(|a| named.is_empty() || named.contains(a))
                .collect();
            if let Some(a) = found.first() {
                if seen.insert(a.clone()) && recipients.len() < MAX_RECIPIENTS {
                    let rest = l
                        .to_ascii_lowercase()
                        .split_once(a.as_str())
                        .map(|(_, r)| r.trim_start_matches(['>', ':', ' ', '.']).to_string())
                        .unwrap_or_default();
                    // "User mailbox exceeds allowed size: a@b": the error is before it.
                    let rest = if rest.trim().is_empty() {
                        let lower = l.to_ascii_lowercase();
                        let before = lower.split_once(a.as_str()).map_or("", |(b, _)| b);
                        let before = before.trim().trim_end_matches(['<', ':', ' ']);
                        if before.chars().filter(char::is_ascii_alphabetic).count() > 3 {
                            before.to_string()
                        } else {
                            String::new()
                        }
                    } else {
                        rest
                    };
                    let mut f = Found::failed(a.clone(), rest.trim());
                    f.context = Some(notice.to_string());
                    recipients.push(f);
                    current = Some(recipients.len() - 1);
                } else {
                    // The same address again (or too many): its line may carry the error.
                    current = recipients.iter().position(|r| &r.address == a);
                    if let Some(i) = current {
                        append(&mut recipients[i].diagnostic, l);
                    }
                }
                continue;
            }
            if let Some(i) = current {
                append(&mut recipients[i].diagnostic, l);
            }
        }
        for a in &named {
            if seen.insert(a.clone()) {
                let mut f = Found::failed(a.clone(), "");
                f.context = Some(notice.to_string());
                recipients.push(f);
            }
        }
        if recipients.is_empty()
            && let Some(o) = &original
        {
            for a in o.to() {
                if let Some(a) = text::clean_address(&a)
                    && seen.insert(a.clone())
                {
                    let mut f = Found::failed(a, "");
                    f.context = Some(notice.to_string());
                    recipients.push(f);
                }
            }
        }
        // A diagnostic without error words gets the whole notice as context (already set).
        Some(Decoded {
            kind: None,
            recipients,
        })
    }
}

/// Words that, right before an address, offer it as someone to write to ("For help write to
/// help@x", "please contact admin@x", "questions to support@x"): a helpdesk, not a recipient.
const CONTACT_WORDS: &[&str] = &[
    "write to",
    "mail to",
    "contact",
    "reply to",
    "questions to",
    "inquiries to",
    "enquiries to",
    "reach us at",
    "email us at",
    "e-mail us at",
];

/// True when the line offers `address` as a contact (see `CONTACT_WORDS`).
fn offered_as_contact(line: &str, address: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    let Some((before, _)) = lower.split_once(address) else {
        return false;
    };
    let before = before.trim_end_matches(['<', ':', ' ', '"', '(']);
    CONTACT_WORDS.iter().any(|w| before.ends_with(w))
}

fn append(diag: &mut String, line: &str) {
    if diag.len() > 2000 {
        return;
    }
    if !diag.is_empty() {
        diag.push(' ');
    }
    diag.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::offered_as_contact;

    #[test]
    fn contact_addresses_are_not_recipients() {
        assert!(offered_as_contact(
            "For help write to desk@x.example.",
            "desk@x.example"
        ));
        assert!(offered_as_contact(
            "Please contact <admin@x.example>",
            "admin@x.example"
        ));
        assert!(!offered_as_contact(
            "<gone@x.example>: user unknown",
            "gone@x.example"
        ));
    }
}
