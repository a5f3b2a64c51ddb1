//! qmail (and its descendants, netqmail and vpopmail setups): a plain-text notice from
//! qmail-send, one `<address>:` paragraph per recipient, the original after
//! "--- Below this line is a copy of the message."

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, text};

pub struct Qmail;

const START: &str = "this is the qmail-send program";

impl Module for Qmail {
    fn name(&self) -> &'static str {
        "qmail"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        // Within the first 600 characters, any case; no copy of them.
        let end = if mail.body.as_bytes()[..mail.body.len().min(600)].is_ascii() {
            // 600 one-byte characters (or fewer, all the text).
            mail.body.len().min(600)
        } else {
            mail.body
                .char_indices()
                .nth(600)
                .map_or(mail.body.len(), |(i, _)| i)
        };
        let head = &mail.body.as_bytes()[..end];
        let first = START.as_bytes()[0];
        let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
        if !memchr::memchr2_iter(lower, upper, head).any(|i| {
            head.get(i..i + START.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(START.as_bytes()))
        }) {
            return None;
        }
        let mut recipients: Vec<Found> = Vec::new();
        for line in mail.body.lines() {
            let l = line.trim_end_matches('\r');
            if l.starts_with("--- ") && l.to_ascii_lowercase().contains("below this line") {
                break;
            }
            if l.starts_with('<') && l.trim_end().ends_with(">:") {
                if let Some(a) =
                    text::clean_address(l.trim_end().trim_end_matches(':').trim_matches(['<', '>']))
                {
                    recipients.push(Found::failed(a, ""));
                }
                continue;
            }
            if let Some(r) = recipients.last_mut()
                && !l.trim().is_empty()
            {
                if !r.diagnostic.is_empty() {
                    r.diagnostic.push(' ');
                }
                r.diagnostic.push_str(l.trim());
            }
        }
        Some(Decoded {
            kind: None,
            recipients,
        })
    }
}
