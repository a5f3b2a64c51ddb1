//! Complaint reports: ARF (RFC 5965, message/feedback-report) and the feedback loops that send
//! the complained-about message without one (a "complaint about message" with the original
//! attached, Apple Mail's unsubscribe request). Kind complaint, reason feedback.

use super::module::{Decoded, Found, Module};
use super::text;
use super::{Kind, Mail, Reason};
use crate::mail;

pub struct Arf;

impl Module for Arf {
    fn name(&self) -> &'static str {
        "arf"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        let report = mail
            .parts
            .iter()
            .find(|p| p.depth == 0 && p.content_type == "message/feedback-report");
        let mut feedbacktype = String::new();
        let mut addrs: Vec<String> = Vec::new();
        if let Some(p) = report {
            for f in text::fields(&p.text) {
                if f.is("feedback-type") {
                    feedbacktype = f.value.split_whitespace().next().unwrap_or("").to_string()
                } else if f.is("original-rcpt-to") || f.is("removal-recipient") {
                    addrs.extend(text::addresses(&f.value));
                }
            }
        } else if mail
            .header("X-Apple-Unsubscribe")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            feedbacktype = "opt-out".into();
            addrs.push(mail.from.clone());
        } else if mail
            .subject
            .to_ascii_lowercase()
            .starts_with("complaint about message")
            || mail
                .parts
                .iter()
                .any(|p| p.is_message && p.text.contains("X-HmXmrOriginalRecipient:"))
        {
            feedbacktype = "abuse".into();
        } else {
            return None;
        }
        if addrs.is_empty() {
            let original = mail::original_of(&mail.parts);
            if let Some(o) = original {
                if let Some(v) = o.header("X-HmXmrOriginalRecipient") {
                    addrs.extend(text::addresses(v));
                }
                if addrs.is_empty() {
                    addrs.extend(o.to().iter().filter_map(|a| text::clean_address(a)));
                }
            }
        }
        if feedbacktype.is_empty() {
            feedbacktype = "abuse".into();
        }
        let mut seen = std::collections::HashSet::new();
        addrs.retain(|a| seen.insert(a.clone()));
        if addrs.is_empty() {
            // The report names no recipient: the complaint still counts (the VERP token in the
            // original finds the contact).
            addrs.push(String::new());
        }
        let recipients = addrs
            .into_iter()
            .map(|a| {
                let mut f = Found::failed(a, "");
                f.reason = Some(Reason::Feedback);
                f.feedbacktype = Some(feedbacktype.clone());
                f
            })
            .collect();
        Some(Decoded {
            kind: Some(Kind::Complaint),
            recipients,
        })
    }
}
