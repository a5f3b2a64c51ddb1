//! Postfix's plain-text notices without a delivery status part ("This is the Postfix program at
//! host ..." / "This is the mail system at host ..."): after the polite preamble, one paragraph
//! per recipient, `<address>: reason` (or `address: reason`) with indented continuation lines.
//! Reports that do carry a message/delivery-status part are left to the RFC 3464 module.

use crate::bounce::dsn::DSN_TYPES;
use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, text};

pub struct Postfix;

impl Module for Postfix {
    fn name(&self) -> &'static str {
        "postfix"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        let head = mail.body.get(..mail.body.len().min(1000)).unwrap_or(&mail.body);
        if !(head.contains("This is the Postfix program at host")
            || head.contains("This is the mail system at host"))
            || mail
                .parts
                .iter()
                .any(|p| DSN_TYPES.contains(&p.content_type.as_str()))
        {
            return None;
        }
        let notice = crate::bounce::fallback::notice_text(&mail.body);
        let mut recipients: Vec<Found> = Vec::new();
        let mut current = false;
        for line in notice.lines() {
            if line.trim().is_empty() {
                current = false;
                continue;
            }
            if !line.starts_with([' ', '\t'])
                && let Some((head, rest)) = line.split_once(": ")
                && !head.contains(' ')
                && let Some(a) = text::clean_address(head)
            {
                let mut f = Found::failed(a, rest.trim());
                f.context = Some(notice.to_string());
                recipients.push(f);
                current = true;
                continue;
            }
            if current && let Some(r) = recipients.last_mut() {
                r.diagnostic.push(' ');
                r.diagnostic.push_str(line.trim());
            }
        }
        if recipients.is_empty() {
            return None;
        }
        Some(Decoded {
            kind: None,
            recipients,
        })
    }
}
