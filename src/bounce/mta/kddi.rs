//! KDDI's au one net / dion mail system: a Japanese notice followed by the server's English text,
//! "Could not be delivered to: `<address>`" and the reason on the next line ("As their mailbox is
//! full.").

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, text};

pub struct Kddi;

const MARK: &str = "Could not be delivered to:";

impl Module for Kddi {
    fn name(&self) -> &'static str {
        "kddi"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        find_in!(MARK, &mail.body)?;
        let mut recipients: Vec<Found> = Vec::new();
        let mut lines = mail.body.lines().map(str::trim);
        while let Some(l) = lines.next() {
            if let Some(rest) = l.strip_prefix(MARK)
                && let Some(a) = text::addresses(rest).into_iter().next()
            {
                let diag = lines.next().unwrap_or("").to_string();
                recipients.push(Found::failed(a, diag));
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
