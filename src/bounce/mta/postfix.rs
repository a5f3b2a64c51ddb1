//! Postfix's plain-text notices without a delivery status part ("This is the Postfix program at
//! host ..." / "This is the mail system at host ..."): after the polite preamble, one paragraph
//! per recipient, `<address>: reason` (or `address: reason`) with indented continuation lines.
//! Reports that do carry a message/delivery-status part are left to the RFC 3464 module.

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, text};

pub struct Postfix;

impl Module for Postfix {
    fn name(&self) -> &'static str {
        "postfix"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        if find_in!("Transcript of session follows.", &mail.body).is_some()
            && find_in!(" In:  RCPT TO:", &mail.body).is_some()
        {
            return transcript(&mail.body);
        }
        let head = mail
            .body
            .get(..mail.body.len().min(1000))
            .unwrap_or(&mail.body);
        if !(find_in!("This is the Postfix program at host", head).is_some()
            || find_in!("This is the mail system at host", head).is_some())
            || mail.has_dsn_part()
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
                && let Some(a) = text::clean_address(head.trim_matches(['<', '>']))
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

/// A Postfix SMTP session transcript (" In:  RCPT TO:<a@b>", " Out: 550 ..."): the recipients are
/// the RCPT TO addresses, the error the last 4xx/5xx reply, the command the last one sent before
/// it.
fn transcript(body: &str) -> Option<Decoded> {
    let mut addresses: Vec<String> = Vec::new();
    let mut last_in = String::new();
    let mut error = String::new();
    for line in body.lines() {
        let t = line.trim();
        if let Some(cmd) = t.strip_prefix("In:") {
            let cmd = cmd.trim();
            if let Some(rest) = cmd.strip_prefix("RCPT TO:") {
                addresses.extend(text::addresses(rest).into_iter().take(1));
            }
            last_in = cmd.split_whitespace().next().unwrap_or("").to_string();
        } else if let Some(reply) = t.strip_prefix("Out:") {
            let reply = reply.trim();
            if reply.starts_with('4') || reply.starts_with('5') {
                error = format!("{reply} (in reply to {last_in} command)");
            }
        }
    }
    if error.is_empty() || addresses.is_empty() {
        return None;
    }
    let recipients = addresses
        .into_iter()
        .map(|a| Found::failed(a, error.clone()))
        .collect();
    Some(Decoded {
        kind: None,
        recipients,
    })
}
