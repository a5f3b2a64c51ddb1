//! Amazon SES notifications delivered by e-mail (SNS "AWS Notification Message", or an SES
//! feedback forwarding): a JSON document with `notificationType` Bounce, Complaint or Delivery and
//! the recipients with their status and diagnostic. Long lines may have been folded: line breaks
//! are dropped before parsing.

use serde_json::Value;

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Action, Kind, Mail, Reason, text};

pub struct AmazonSes;

/// The JSON notification in the text, when there is one.
fn notification(body: &str) -> Option<Value> {
    let start = body.find("{\"notificationType\"")?;
    let end = body.rfind('}')?;
    if end <= start {
        return None;
    }
    let json: String = body[start..=end]
        .chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .collect();
    serde_json::from_str(&json).ok()
}

fn string(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl Module for AmazonSes {
    fn name(&self) -> &'static str {
        "amazonses"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        if !(mail.from.ends_with("amazonaws.com") || mail.from.ends_with("amazonses.com"))
            || !mail.body.contains("\"notificationType\"")
        {
            return None;
        }
        let n = notification(&mail.body)?;
        let mut recipients = Vec::new();
        let mut kind = None;
        match n.get("notificationType").and_then(Value::as_str)? {
            "Bounce" => {
                let b = n.get("bounce")?;
                let soft = b.get("bounceType").and_then(Value::as_str) == Some("Transient");
                for r in b.get("bouncedRecipients")?.as_array()? {
                    let Some(a) = text::clean_address(&string(r, "emailAddress")) else {
                        continue;
                    };
                    let diag = string(r, "diagnosticCode");
                    let diag = match diag.split_once(';') {
                        Some((t, d)) if !t.contains(' ') => d.trim().to_string(),
                        _ => diag,
                    };
                    let mut f = Found::failed(a, diag);
                    f.status = string(r, "status");
                    if let Some(act) = Action::parse(&string(r, "action")) {
                        f.action = act;
                    } else if soft {
                        f.action = Action::Delayed;
                    }
                    recipients.push(f);
                }
            }
            "Complaint" => {
                let c = n.get("complaint")?;
                let ft = c
                    .get("complaintFeedbackType")
                    .and_then(Value::as_str)
                    .unwrap_or("abuse")
                    .to_string();
                for r in c.get("complainedRecipients")?.as_array()? {
                    let Some(a) = text::clean_address(&string(r, "emailAddress")) else {
                        continue;
                    };
                    let mut f = Found::failed(a, "");
                    f.reason = Some(Reason::Feedback);
                    f.feedbacktype = Some(ft.clone());
                    recipients.push(f);
                }
                kind = Some(Kind::Complaint);
            }
            "Delivery" => {
                let d = n.get("delivery")?;
                let reply = string(d, "smtpResponse");
                for r in d.get("recipients")?.as_array()? {
                    let Some(a) = r.as_str().and_then(text::clean_address) else {
                        continue;
                    };
                    let mut f = Found::failed(a, reply.clone());
                    f.action = Action::Delivered;
                    recipients.push(f);
                }
            }
            _ => return None,
        }
        Some(Decoded { kind, recipients })
    }
}
