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
        let head: String = mail
            .body
            .chars()
            .take(600)
            .collect::<String>()
            .to_ascii_lowercase();
        if !head.contains(START) {
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
