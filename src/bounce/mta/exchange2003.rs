//! Microsoft Exchange 2000/2003 (and the Internet Mail Connector before them): "Your message ...
//! did not reach the following recipient(s):", then `address on <date>` and the indented reason
//! lines ("The recipient name is not recognized", "MSEXCH:IMS:...").

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, text};

pub struct Exchange2003;

const MARK: &str = "did not reach the following recipient";

impl Module for Exchange2003 {
    fn name(&self) -> &'static str {
        "exchange2003"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        let start = find_in!(MARK, &mail.body)?;
        let mut recipients: Vec<Found> = Vec::new();
        for line in mail.body[start..].lines().skip(1) {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            if !line.starts_with([' ', '\t'])
                && let Some((a, _)) = t.split_once(" on ")
                && let Some(a) = text::clean_address(a)
            {
                recipients.push(Found::failed(a, ""));
                continue;
            }
            if let Some(r) = recipients.last_mut() {
                if !r.diagnostic.is_empty() {
                    r.diagnostic.push(' ');
                }
                r.diagnostic.push_str(t);
            }
        }
        (!recipients.is_empty()).then_some(Decoded {
            kind: None,
            recipients,
        })
    }
}
