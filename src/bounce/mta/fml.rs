//! fml mailing list manager: a post from a non-member refused ("You are not a member of this
//! mailing list <list@...>"). The recipient is the list; the reason is the sender's (`rejected`).

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, Reason, text};

pub struct Fml;

const MARK: &str = "are not a member of this mailing list";

impl Module for Fml {
    fn name(&self) -> &'static str {
        "fml"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        if !mail.subject.contains("are not member") && find_in!(MARK, &mail.body).is_none() {
            return None;
        }
        let line = mail.body.lines().find(|l| l.contains(MARK))?;
        let a = text::addresses(line).into_iter().next()?;
        let mut f = Found::failed(a, line.trim());
        f.reason = Some(Reason::Rejected);
        Some(Decoded {
            kind: None,
            recipients: vec![f],
        })
    }
}
