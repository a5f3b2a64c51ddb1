//! The activity handler. For now: every parseable message becomes an activity with its subject,
//! date (the Date header, else the arrival time) and its From contact (matched, or created).
//! (The email-to-activity issue adds targets, assignees, attachments, threads and guards.)

use super::{Decision, Handler, Incoming};
use crate::config::{Account, Config};
use crate::db::{DbError, NewActivity, NewContact, Tx};
use crate::timefmt;

pub struct ActivityHandler<'a> {
    account: &'a Account,
}

impl<'a> ActivityHandler<'a> {
    pub fn new(_config: &'a Config, account: &'a Account) -> Self {
        ActivityHandler { account }
    }
}

impl Handler for ActivityHandler<'_> {
    fn handle(&self, msg: &Incoming<'_>, tx: &Tx<'_>) -> Result<Decision, DbError> {
        let mail = msg.mail;
        let a = &self.account.activity;
        let date = timefmt::format_ts(mail.date_timestamp().unwrap_or(msg.arrived));
        let id = tx.insert_activity(
            &NewActivity {
                account: &self.account.name,
                activity_type: &a.activity_type,
                status: &a.activity_status,
                subject: mail.subject().unwrap_or(""),
                activity_date: &date,
                message_id: mail.message_id(),
                message_key: msg.key,
                ..Default::default()
            },
            msg.now,
        )?;
        if let Some((name, address)) = mail.from() {
            let own = a
                .addresses
                .iter()
                .any(|x| x.eq_ignore_ascii_case(address.trim()));
            if !own && address.contains('@') {
                let contact = match tx.find_contact(address)? {
                    Some(c) => Some(c),
                    None if a.create_contacts => Some(tx.create_contact(
                        &NewContact {
                            email: address,
                            display_name: name.unwrap_or(""),
                            created_by: &self.account.name,
                            ..Default::default()
                        },
                        msg.now,
                    )?),
                    None => None,
                };
                if let Some(c) = contact {
                    tx.link_activity_contact(id, c.contact_id, "source")?;
                }
            }
        }
        Ok(Decision::processed(format!("activity: {id}")))
    }
}
