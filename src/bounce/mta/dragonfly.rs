//! DragonFly Mail Agent (dma): "This is the DragonFly Mail Agent ... There was an error
//! delivering your mail to `<address>`.", then the error (the remote server's reply, possibly over
//! several lines) up to "Message headers follow.".

use crate::bounce::module::{Decoded, Found, Module};
use crate::bounce::{Mail, text};

pub struct DragonFly;

const MARK: &str = "There was an error delivering your mail to";

impl Module for DragonFly {
    fn name(&self) -> &'static str {
        "dragonfly"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        find_in!("This is the DragonFly Mail Agent", &mail.body)?;
        let mut recipients: Vec<Found> = Vec::new();
        for line in mail.body.lines().map(str::trim) {
            if line.starts_with("Message headers follow") {
                break;
            }
            if let Some(rest) = line.strip_prefix(MARK) {
                if let Some(a) = text::addresses(rest).into_iter().next() {
                    recipients.push(Found::failed(a, ""));
                }
                continue;
            }
            if let Some(r) = recipients.last_mut()
                && !line.is_empty()
            {
                if !r.diagnostic.is_empty() {
                    r.diagnostic.push(' ');
                }
                r.diagnostic.push_str(line);
            }
        }
        (!recipients.is_empty()).then_some(Decoded {
            kind: None,
            recipients,
        })
    }
}
