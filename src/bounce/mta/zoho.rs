//! Zoho Mail's delay warnings: "THIS IS A WARNING MESSAGE ONLY." and one bracketed line per
//! recipient, `[Status: Error, Address: <a@b>, ResponseCode 421, , Host not reachable.]`. Its
//! failure notices are Exim-style and handled by the Exim module.

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Action, Mail, Reason, text};

pub struct Zoho;

impl Module for Zoho {
    fn name(&self) -> &'static str {
        "zoho"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        find_in!("[Status: ", &mail.body)?;
        let warning = mail.body.contains("THIS IS A WARNING MESSAGE ONLY");
        let mut recipients = Vec::new();
        for l in mail.body.lines().map(str::trim) {
            let Some(inner) = l.strip_prefix("[Status: ").map(|r| r.trim_end_matches(']')) else {
                continue;
            };
            let fields: Vec<&str> = inner.split(", ").collect();
            let Some(a) = fields
                .iter()
                .find_map(|f| f.strip_prefix("Address: "))
                .and_then(|a| text::addresses(a).into_iter().next())
            else {
                continue;
            };
            let code = fields
                .iter()
                .find_map(|f| f.strip_prefix("ResponseCode "))
                .unwrap_or("");
            let diag = fields.last().copied().unwrap_or("").trim();
            let mut f = Found::failed(a, diag);
            f.replycode = code.trim().to_string();
            if warning {
                // Still being retried: the delivery is late, not refused.
                f.action = Action::Delayed;
                f.reason = Some(Reason::Expired);
            }
            recipients.push(f);
        }
        (!recipients.is_empty()).then_some(Decoded {
            kind: None,
            recipients,
        })
    }
}
