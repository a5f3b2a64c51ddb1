//! Sendmail notices without a delivery status part (V5 Sendmail, and V8 set up without DSN): the
//! "----- Transcript of session follows -----" section, read as the session it records. Each
//! "While talking to host:" starts a conversation; ">>> COMMAND" is what was sent, "<<< reply" the
//! server's answer, and `NNN <address>... text` Sendmail's verdict on one recipient. A verdict
//! that follows a reply it has not yet been given to ("Remote protocol error" after "<<< 550
//! Insecure Mail Relay") takes that reply as its diagnostic, with the command it answered; else
//! the verdict's own text is the diagnostic. Reports with a delivery status part are left to the
//! RFC 3464 module.

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, text};

pub struct Sendmail;

const START: &str = "----- Transcript of session follows -----";

/// A verdict line: "550 <a@b>... User unknown" (the code, the address in angle brackets, "...").
fn verdict(line: &str) -> Option<(String, &str)> {
    let (code, rest) = line.split_once(' ')?;
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // V8 puts the status code between ("550 5.1.1 <a@b>... User unknown").
    let rest = rest.trim_start();
    let rest = match rest.split_once(' ') {
        Some((st, after)) if text::find_status(st).is_some_and(|s| s == st) => after,
        _ => rest,
    };
    let rest = rest.trim_start().strip_prefix('<')?;
    let (addr, after) = rest.split_once(">...")?;
    Some((text::clean_address(addr)?, after.trim()))
}

impl Module for Sendmail {
    fn name(&self) -> &'static str {
        "sendmail"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        let start = find_in!(START, &mail.body)?;
        if mail.has_dsn_part()
            // A report whose MIME structure was lost still has its fields in the text.
            || mail.body.as_bytes()[start..]
                .windows(16)
                .any(|w| w.eq_ignore_ascii_case(b"final-recipient:"))
        {
            return None;
        }
        let mut recipients: Vec<Found> = Vec::new();
        // The last command sent and the reply not yet given to a verdict, in this conversation.
        let mut command: Option<&str> = None;
        let mut reply: Option<&str> = None;
        for line in mail.body[start + START.len()..].lines() {
            let l = line.trim();
            if l.starts_with("-----") {
                // "----- Unsent message follows -----" and the like: the transcript ends.
                break;
            }
            let lower = l.to_ascii_lowercase();
            if lower
                .trim_start_matches('.')
                .trim_start()
                .starts_with("while talking to ")
            {
                command = None;
                reply = None;
            } else if let Some(c) = l.strip_prefix(">>>") {
                command = Some(c.trim());
                reply = None;
            } else if let Some(r) = l.strip_prefix("<<<") {
                reply = Some(r.trim());
            } else if let Some((address, own)) = verdict(l) {
                if recipients.iter().any(|r| r.address == address) {
                    continue;
                }
                let mut f = match reply.take() {
                    Some(r) => {
                        let mut f = Found::failed(address, r);
                        // The command the reply answered, as a transcript `command::of` reads.
                        f.context = Some(match command {
                            Some(c) => format!(">>> {c}\n<<< {r}\n"),
                            None => format!("<<< {r}\n"),
                        });
                        f
                    }
                    None => {
                        let mut f = Found::failed(address, own);
                        if text::find_replycode(own).is_none() {
                            f.replycode = l[..3].to_string();
                        }
                        f.context = Some(format!("{l}\n"));
                        f
                    }
                };
                if f.diagnostic.is_empty() {
                    f.diagnostic = l.to_string();
                }
                recipients.push(f);
            }
        }
        (!recipients.is_empty()).then_some(Decoded {
            kind: None,
            recipients,
        })
    }
}
