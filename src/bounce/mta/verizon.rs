//! Verizon Wireless (vtext.com, vzwpix.com) notices: "Error: ...", "Error message below:" and the
//! server's reply on the next line, then "Message details:" with the envelope (`RCPT TO:`).

use crate::bounce::module::{Decoded, Module};
use crate::bounce::{Mail, text};

pub struct Verizon;

impl Module for Verizon {
    fn name(&self) -> &'static str {
        "verizon"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        if !(mail.from.ends_with("@vtext.com") || mail.from.ends_with("@vzwpix.com"))
            || !mail.body.contains("Message details:")
        {
            return None;
        }
        let mut diag = String::new();
        let mut addresses = Vec::new();
        let mut lines = mail.body.lines().map(str::trim);
        while let Some(l) = lines.next() {
            if l.starts_with("Error message below:") {
                diag = lines.next().unwrap_or("").to_string();
            } else if let Some(rest) = l.strip_prefix("RCPT TO:") {
                addresses.extend(text::addresses(rest));
            }
        }
        Decoded::all_failed(addresses, &diag)
    }
}
