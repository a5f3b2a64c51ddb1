//! RFC 3464 delivery status notifications: the message/delivery-status part (or, in reports that
//! lost their MIME structure, the same fields in the text). Per-recipient groups with
//! Original-/Final-Recipient, X-Actual-Recipient, Action, Status, Diagnostic-Code, Remote-MTA.

use super::module::{Decoded, Found, Module};
use super::text;
use super::{Action, Mail};

/// Content types that carry delivery status fields.
pub const DSN_TYPES: &[&str] = &[
    "message/delivery-status",
    "message/global-delivery-status",
    "text/delivery-status",
];

/// One per-recipient group of a DSN.
#[derive(Debug, Default, Clone)]
pub struct DsnRecipient {
    pub original: Option<String>,
    pub final_: Option<String>,
    pub actual: Option<String>,
    pub action: Option<String>,
    pub status: Option<String>,
    pub diagnostic_type: String,
    pub diagnostic: Option<String>,
    pub remote_mta: Option<String>,
}

impl DsnRecipient {
    /// The recipient's address: Final-Recipient, else X-Actual-Recipient, else Original-Recipient.
    pub fn address(&self) -> Option<String> {
        usable(&self.final_)
            .or_else(|| usable(&self.actual))
            .or_else(|| usable(&self.original))
            .or_else(|| {
                self.final_
                    .as_deref()
                    .and_then(text::field_address)
                    .filter(|a| !a.starts_with('@'))
            })
    }

    /// The Original-Recipient (the address the sender gave), when it is usable and not `address`.
    pub fn original_other_than(&self, address: &str) -> Option<String> {
        usable(&self.original).filter(|o| !o.eq_ignore_ascii_case(address))
    }

    fn has_recipient(&self) -> bool {
        self.original.is_some() || self.final_.is_some()
    }
}

/// The address of a recipient field, unless it is a source route ("@relay:user@host") or has an
/// empty local part.
fn usable(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .and_then(text::field_address)
        .filter(|a| a.contains('@') && !a.starts_with('@') && !a.contains(':'))
}

/// Parses the per-recipient groups of delivery status text.
pub fn parse_fields(status_text: &str) -> Vec<DsnRecipient> {
    let mut out: Vec<DsnRecipient> = Vec::new();
    let mut cur = DsnRecipient::default();
    let mut cur_group = usize::MAX;
    for f in text::fields(status_text) {
        let recipient_field = f.is("original-recipient") || f.is("final-recipient");
        let starts_new = (f.is("original-recipient") && cur.original.is_some())
            || (f.is("final-recipient") && cur.final_.is_some())
            || (f.group != cur_group && cur.has_recipient() && recipient_field);
        if starts_new {
            out.push(std::mem::take(&mut cur));
        }
        cur_group = f.group;
        let value = || f.value.clone().into_owned();
        if f.is("original-recipient") {
            cur.original = Some(value());
        } else if f.is("final-recipient") {
            cur.final_ = Some(value());
        } else if f.is("x-actual-recipient") {
            cur.actual = Some(value());
        } else if f.is("action") {
            cur.action = Some(value());
        } else if f.is("status") {
            cur.status = Some(value());
        } else if f.is("remote-mta") {
            cur.remote_mta = Some(value());
        } else if f.is("diagnostic-code") {
            let (t, d) = match f.value.split_once(';') {
                Some((t, d)) if !t.contains(' ') || t.len() < 12 => {
                    (t.trim().to_ascii_lowercase(), d.trim().to_string())
                }
                _ => (String::new(), value()),
            };
            cur.diagnostic_type = t;
            cur.diagnostic = Some(d);
        }
        if out.len() > 1024 {
            break;
        }
    }
    if cur.has_recipient() {
        out.push(cur);
    }
    out
}

/// Turns parsed groups into found recipients; `context` is the report's human-readable text.
pub fn found_from(groups: Vec<DsnRecipient>, context: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for g in groups {
        let Some(address) = g.address().or_else(|| listed_address(context)) else {
            continue;
        };
        let status = g
            .status
            .as_deref()
            .and_then(text::find_status)
            .unwrap_or_default();
        let action =
            g.action
                .as_deref()
                .and_then(Action::parse)
                .unwrap_or(if status.starts_with('2') {
                    Action::Delivered
                } else {
                    Action::Failed
                });
        let mut diagnostic = g.diagnostic.clone().unwrap_or_default();
        if diagnostic.trim().is_empty() {
            diagnostic = transcript_for(&address, context);
        }
        let mut ctx = String::new();
        if g.diagnostic_type == "x-unix" {
            ctx.push_str("x-unix; ");
        }
        ctx.push_str(context);
        let original = g.original_other_than(&address);
        let mut f = Found::failed(address, diagnostic);
        f.original = original;
        f.action = action;
        f.status = status;
        f.context = Some(ctx);
        out.push(f);
    }
    out
}

/// The address a Sendmail-style notice lists under "The following addresses had ...", for a
/// report whose Final-Recipient is unusable (an empty local part).
fn listed_address(notice: &str) -> Option<String> {
    let mut lines = crate::mail::lines(notice);
    lines.find(|l| l.contains("following address"))?;
    lines
        .map(str::trim)
        .find(|l| !l.is_empty())
        .and_then(|l| text::addresses(l).into_iter().next())
}

/// The lines of the notice's text that mention the recipient's local part (a session transcript
/// like "550 <a@b>... User unknown"), for a report that has no Diagnostic-Code.
pub fn transcript_for(address: &str, notice: &str) -> String {
    let local = address.split('@').next().unwrap_or("");
    if local.len() < 2 {
        return String::new();
    }
    let local = local.to_ascii_lowercase();
    let mut out = String::new();
    for line in crate::mail::lines(super::fallback::notice_text(notice)) {
        let l = line.trim();
        if l.starts_with("-----") || l.starts_with("(expanded from") {
            continue;
        }
        if l.to_ascii_lowercase().contains(&local) && out.len() < 2000 {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(l);
        }
    }
    out
}

/// The RFC 3464 module.
pub struct Rfc3464;

impl Module for Rfc3464 {
    fn name(&self) -> &'static str {
        "rfc3464"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        let mut groups = Vec::new();
        // The report's own status parts; a returned original that is itself a bounce has its
        // own (deeper) ones, which are not about this message's recipients.
        let depth = mail
            .parts
            .iter()
            .filter(|p| DSN_TYPES.contains(&p.content_type.as_str()))
            .map(|p| p.depth)
            .min();
        if depth.is_some_and(|d| d > 0) && super::detect::forwards_own_bounce(mail) {
            return None;
        }
        for p in mail
            .parts
            .iter()
            .filter(|p| DSN_TYPES.contains(&p.content_type.as_str()) && Some(p.depth) == depth)
        {
            groups.extend(parse_fields(&p.text));
        }
        if groups.is_empty() && mail.body.contains("\n> ") {
            // A report forwarded as quoted text ("> Final-Recipient: ...").
            let unquoted: String = mail
                .body
                .lines()
                .map(|l| l.trim_start_matches('>').trim_start())
                .collect::<Vec<_>>()
                .join("\n");
            let lower = unquoted.to_ascii_lowercase();
            if lower.contains("\nfinal-recipient:") && lower.contains("\nstatus:") {
                groups = parse_fields(&unquoted);
                let recipients = found_from(groups, &unquoted);
                return Some(Decoded {
                    kind: None,
                    recipients,
                });
            }
        }
        if groups.is_empty() {
            // A report whose MIME structure was lost: the fields in the text itself, when the
            // message otherwise looks like a report (not an article quoting an example of one).
            let lower = mail.body.to_ascii_lowercase();
            if !(lower.contains("final-recipient:") || lower.contains("original-recipient:"))
                || !lower.contains("status:")
                || !super::detect::looks_like_bounce(mail)
            {
                return None;
            }
            groups = parse_fields(&mail.body);
        }
        let recipients = found_from(groups, &mail.body);
        Some(Decoded {
            kind: None,
            recipients,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_recipients() {
        let t = "Reporting-MTA: dns; x\n\nOriginal-Recipient: rfc822;a@x.example\nFinal-Recipient: rfc822;b@x.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 no\n\nFinal-Recipient: rfc822; <c@x.example>\nAction: delayed\nStatus: 4.4.7\n";
        let g = parse_fields(t);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].address().as_deref(), Some("b@x.example"));
        assert_eq!(g[0].diagnostic.as_deref(), Some("550 5.1.1 no"));
        assert_eq!(g[1].address().as_deref(), Some("c@x.example"));
        let f = found_from(g, "");
        assert_eq!(f[1].action, Action::Delayed);
    }

    #[test]
    fn actual_recipient_when_final_is_local() {
        let g = parse_fields(
            "Final-Recipient: LOCAL; kijitora\nX-Actual-Recipient: rfc822; k@x.example\nAction: failed\n",
        );
        assert_eq!(g[0].address().as_deref(), Some("k@x.example"));
    }
}
