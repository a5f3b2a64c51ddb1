//! Contacts and their email addresses: matching an address to a contact, creating contacts.

use rusqlite::{OptionalExtension, params};

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
