//! Lotus/IBM Notes (Domino SMTP MTA) notices: "------- Failure Reasons --------", the reason
//! lines and the recipient addresses, then "------- Returned Message --------".

use crate::bounce::module::{Decoded, Module};
use crate::bounce::{Mail, text};

pub struct Notes;

impl Module for Notes {
    fn name(&self) -> &'static str {
        "notes"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        find_in!("------- Failure Reasons", &mail.body)?;
        let mut reasons: Vec<&str> = Vec::new();
        let mut addresses: Vec<String> = Vec::new();
        let mut inside = false;
        for l in mail.body.lines().map(str::trim) {
            if l.starts_with("------- Failure Reasons") {
                inside = true;
                continue;
            }
            if l.starts_with("------- Returned Message") {
                break;
            }
            if !inside || l.is_empty() {
                continue;
            }
            match (!l.contains(' ')).then(|| text::clean_address(l)).flatten() {
                Some(a) => addresses.push(a),
                None => reasons.push(l),
            }
        }
        let diag = reasons.join(" ");
        Decoded::all_failed(addresses, &diag)
    }
}
