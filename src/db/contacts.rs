//! Contacts and their email addresses: matching an address to a contact, creating contacts.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{DbError, Tx};

/// The contact an address matched, and the email row it matched through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactMatch {
    pub contact_id: i64,
    pub email_id: i64,
}

/// A contact to create, with its primary email.
#[derive(Debug, Clone, Default)]
pub struct NewContact<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub first_name: Option<&'a str>,
    pub middle_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub created_by: &'a str,
}

/// The form of an address that matching compares: trimmed and lower-cased.
pub fn match_form(address: &str) -> String {
    address.trim().to_lowercase()
}

impl Tx<'_> {
    /// The contact of `address`: the trimmed, lower-cased address against every stored email of a
    /// contact not deleted; primary emails first, then individuals before organisations, then the
    /// oldest contact.
    pub fn find_contact(&self, address: &str) -> Result<Option<ContactMatch>, DbError> {
        self.conn
            .prepare_cached(
                "SELECT c.id, e.id FROM emails e JOIN contacts c ON c.id = e.contact_id
                 WHERE e.email_lc = ?1 AND c.is_deleted = 0
                 ORDER BY e.is_primary DESC, c.contact_type = 'Organization', c.id
                 LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row(params![match_form(address)], |r| {
                    Ok(ContactMatch {
                        contact_id: r.get(0)?,
                        email_id: r.get(1)?,
                    })
                })
                .optional()
            })
            .map_err(self.err())
    }

    /// Creates an Individual with `c.email` as its primary email.
    pub fn create_contact(&self, c: &NewContact<'_>, now: &str) -> Result<ContactMatch, DbError> {
        let run = || -> rusqlite::Result<ContactMatch> {
            self.conn
                .prepare_cached(
                    "INSERT INTO contacts (contact_type, display_name, first_name, middle_name, last_name, created_by, created_at)
                     VALUES ('Individual', ?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    c.display_name,
                    c.first_name,
                    c.middle_name,
                    c.last_name,
                    c.created_by,
                    now
                ])?;
            let contact_id = self.conn.last_insert_rowid();
            self.conn
                .prepare_cached(
                    "INSERT INTO emails (contact_id, email, email_lc, is_primary) VALUES (?1, ?2, ?3, 1)",
                )?
                .execute(params![contact_id, c.email.trim(), match_form(c.email)])?;
            Ok(ContactMatch {
                contact_id,
                email_id: self.conn.last_insert_rowid(),
            })
        };
        run().map_err(self.err())
    }

    /// The contact, with its emails and groups (None when there is no such contact, or it is
    /// deleted).
    pub fn contact_details(&self, contact_id: i64) -> Result<Option<ContactDetails>, DbError> {
        let run = || -> rusqlite::Result<Option<ContactDetails>> {
            let c = self
                .conn
                .prepare_cached(
                    "SELECT id, contact_type, display_name, first_name, middle_name, last_name,
                            is_opt_out, created_by, created_at
                     FROM contacts WHERE id = ?1 AND is_deleted = 0",
                )?
                .query_row([contact_id], |r| {
                    Ok(ContactDetails {
                        id: r.get(0)?,
                        contact_type: r.get(1)?,
                        display_name: r.get(2)?,
                        first_name: r.get(3)?,
                        middle_name: r.get(4)?,
                        last_name: r.get(5)?,
                        is_opt_out: r.get(6)?,
                        created_by: r.get(7)?,
                        created_at: r.get(8)?,
                        emails: Vec::new(),
                        groups: Vec::new(),
                    })
                })
                .optional()?;
            let Some(mut c) = c else { return Ok(None) };
            c.emails = self
                .conn
                .prepare_cached(
                    "SELECT email, is_primary, on_hold, hold_date, reset_date FROM emails
                     WHERE contact_id = ?1 ORDER BY is_primary DESC, id",
                )?
                .query_map([contact_id], |r| {
                    Ok(EmailDetails {
                        email: r.get(0)?,
                        is_primary: r.get(1)?,
                        on_hold: r.get(2)?,
                        hold_date: r.get(3)?,
                        reset_date: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            c.groups = self
                .conn
                .prepare_cached(
                    "SELECT g.name, g.title, gc.status, gc.updated_at
                     FROM group_contacts gc JOIN groups g ON g.id = gc.group_id
                     WHERE gc.contact_id = ?1 ORDER BY g.name",
                )?
                .query_map([contact_id], |r| {
                    Ok(GroupMembership {
                        name: r.get(0)?,
                        title: r.get(1)?,
                        status: r.get(2)?,
                        updated_at: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Some(c))
        };
        run().map_err(self.err())
    }

    /// The latest `limit` bounces recorded against the emails of a contact, newest first.
    pub fn contact_bounces(
        &self,
        contact_id: i64,
        limit: u32,
    ) -> Result<Vec<BounceSummary>, DbError> {
        let run = || -> rusqlite::Result<Vec<BounceSummary>> {
            self.conn
                .prepare_cached(
                    "SELECT be.recorded_at, be.email, bt.name, be.reason
                     FROM bounce_events be
                     JOIN emails e ON e.id = be.email_id
                     JOIN bounce_types bt ON bt.id = be.bounce_type_id
                     WHERE e.contact_id = ?1
                     ORDER BY be.recorded_at DESC, be.id DESC LIMIT ?2",
                )?
                .query_map(params![contact_id, limit], |r| {
                    Ok(BounceSummary {
                        recorded_at: r.get(0)?,
                        email: r.get(1)?,
                        bounce_type: r.get(2)?,
                        reason: r.get(3)?,
                    })
                })?
                .collect()
        };
        run().map_err(self.err())
    }

    /// Number of contacts not deleted.
    pub fn count_contacts(&self) -> Result<u64, DbError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM contacts WHERE is_deleted = 0",
                [],
                |r| r.get(0),
            )
            .map_err(self.err())
    }
}

/// A contact, as `mailroom contact show` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ContactDetails {
    pub id: i64,
    pub contact_type: String,
    pub display_name: String,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub is_opt_out: bool,
    pub created_by: String,
    pub created_at: String,
    pub emails: Vec<EmailDetails>,
    pub groups: Vec<GroupMembership>,
}

/// One email of a contact, with its hold state.
#[derive(Debug, Clone, Serialize)]
pub struct EmailDetails {
    pub email: String,
    pub is_primary: bool,
    /// 0 not held, 1 held after bounces, 2 held after an opt-out.
    pub on_hold: i64,
    pub hold_date: Option<String>,
    pub reset_date: Option<String>,
}

/// A group a contact is in (or was, or is pending for).
#[derive(Debug, Clone, Serialize)]
pub struct GroupMembership {
    pub name: String,
    pub title: String,
    pub status: String,
    pub updated_at: String,
}

/// A bounce recorded against one of a contact's emails.
#[derive(Debug, Clone, Serialize)]
pub struct BounceSummary {
    pub recorded_at: String,
    pub email: String,
    pub bounce_type: String,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn matching_prefers_primary_then_oldest() {
        let mut db = Db::open_in_memory().unwrap();
        let b = db.begin().unwrap();
        let tx = b.tx();
        let a = tx
            .create_contact(
                &NewContact {
                    email: "Ann@X.org",
                    ..Default::default()
                },
                "t",
            )
            .unwrap();
        let b2 = tx
            .create_contact(
                &NewContact {
                    email: "ann@x.org ",
                    ..Default::default()
                },
                "t",
            )
            .unwrap();
        assert_eq!(tx.find_contact(" ANN@x.org").unwrap(), Some(a));
        tx.conn
            .execute(
                "UPDATE emails SET is_primary = 0 WHERE id = ?1",
                [a.email_id],
            )
            .unwrap();
        assert_eq!(tx.find_contact("ann@x.org").unwrap(), Some(b2));
        tx.conn
            .execute(
                "UPDATE contacts SET is_deleted = 1 WHERE id = ?1",
                [b2.contact_id],
            )
            .unwrap();
        assert_eq!(tx.find_contact("ann@x.org").unwrap(), Some(a));
        assert_eq!(tx.find_contact("bob@x.org").unwrap(), None);
    }
}
