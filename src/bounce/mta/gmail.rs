//! Gmail's plain-text notices (mailer-daemon@googlemail.com / gmail.com, before Google moved to
//! multipart/report): "Delivery to the following recipient(s) failed permanently:" (or
//! "temporarily"), the indented addresses, then "Technical details of permanent failure:" and a
//! paragraph with the remote server's reply, the original after "----- Original message -----".

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, text};

pub struct Gmail;

const START: &str = "delivery to the following recipient";
const DETAILS: &str = "technical details of ";

impl Module for Gmail {
    fn name(&self) -> &'static str {
        "gmail"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        if !(mail.from.ends_with("@googlemail.com") || mail.from.ends_with("@gmail.com"))
            || !mail.body.contains("Delivery to the following recipient")
        {
            return None;
        }
        let mut addresses: Vec<String> = Vec::new();
        let mut details = String::new();
        let mut state = 0; // 0 before the list, 1 in the list, 2 in the details
        let mut delayed = false;
        for line in mail.body.lines() {
            let l = line.trim();
            let lower = l.to_ascii_lowercase();
            if lower.starts_with("----- original message")
                || lower.starts_with("----- message header follows")
            {
                break;
            }
            if lower.starts_with(START) {
                delayed = lower.contains("delayed");
                state = 1;
                continue;
            }
            if lower.starts_with(DETAILS) {
                state = 2;
                continue;
            }
            match state {
                1 => {
                    if let Some(a) = (!l.contains(' ')).then(|| text::clean_address(l)).flatten() {
                        addresses.push(a);
                    } else if !l.is_empty() && !addresses.is_empty() {
                        // A warning's text follows the list directly ("will be retried ...").
                        state = 2;
                        details.push_str(l);
                    }
                }
                2 if !l.is_empty() => {
                    if !details.is_empty() {
                        details.push(' ');
                    }
                    details.push_str(l);
                }
                _ => {}
            }
        }
        if addresses.is_empty() {
            return None;
        }
        // "The error that the other server returned was: 550 ..." is the diagnostic proper.
        let diagnostic = match details.find("returned was:") {
            Some(i) => details[i + "returned was:".len()..].trim().to_string(),
            None => details.clone(),
        };
        let recipients = addresses
            .into_iter()
            .map(|a| {
                let mut f = Found::failed(a, diagnostic.clone());
                if delayed {
                    f.action = crate::bounce::Action::Delayed;
                }
                f.context = Some(details.clone());
                f
            })
            .collect();
        Some(Decoded {
            kind: None,
            recipients,
        })
    }
}
