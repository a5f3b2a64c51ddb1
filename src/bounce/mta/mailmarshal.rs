//! MailMarshal (Trustwave) notices: "Could not be delivered because of", the reply, then "The
//! following recipients were affected:" and the indented addresses.

use crate::bounce::module::{Decoded, Module};
use crate::bounce::{Mail, text};

pub struct MailMarshal;

impl Module for MailMarshal {
    fn name(&self) -> &'static str {
        "mailmarshal"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        find_in!("The following recipients were affected:", &mail.body)?;
        let mut diag: Vec<&str> = Vec::new();
        let mut state = 0; // 0 before, 1 in the reason, 2 in the list
        let mut addresses = Vec::new();
        for l in mail.body.lines().map(str::trim) {
            if l.starts_with("Could not be delivered because of") {
                state = 1;
            } else if l.starts_with("The following recipients were affected:") {
                state = 2;
            } else if state == 1 && !l.is_empty() {
                diag.push(l);
            } else if state == 2 {
                match text::clean_address(l) {
                    Some(a) if !l.contains(' ') => addresses.push(a),
                    _ if l.is_empty() => {}
                    _ => break,
                }
            }
        }
        let diag = diag.join(" ");
        Decoded::all_failed(addresses, &diag)
    }
}
