//! Google Groups: a post the group refused (the group does not exist, or the sender may not post
//! to it), sent by Gmail's mailer-daemon with an X-Failed-Recipients header naming the group and a
//! notice pointing at groups.google.com. The reason is always the sender's: `rejected`.

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, Reason, text};

pub struct GoogleGroups;

impl Module for GoogleGroups {
    fn name(&self) -> &'static str {
        "googlegroups"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        if !mail.from.starts_with("mailer-daemon@") || !mail.from.contains("google") {
            return None;
        }
        let failed = mail.header("X-Failed-Recipients")?;
        if !(mail.body.contains("groups.google.com") || mail.body.contains("Google Groups")) {
            return None;
        }
        let notice = crate::bounce::fallback::notice_text(&mail.body);
        let diagnostic: String = notice
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let recipients = text::addresses(&failed)
            .into_iter()
            .map(|a| {
                let mut f = Found::failed(a, diagnostic.clone());
                f.reason = Some(Reason::Rejected);
                f
            })
            .collect();
        Some(Decoded {
            kind: None,
            recipients,
        })
    }
}
