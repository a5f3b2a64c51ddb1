//! Activities (filed correspondence) and the contacts linked to them.

use rusqlite::params;

use super::{DbError, Tx};

/// An activity to record.
#[derive(Debug, Clone, Default)]
pub struct NewActivity<'a> {
    pub account: &'a str,
    pub activity_type: &'a str,
    pub status: &'a str,
    pub subject: &'a str,
    pub activity_date: &'a str,
    pub details_text: &'a str,
    pub details_html: Option<&'a str>,
    pub message_id: Option<&'a str>,
    pub message_key: &'a str,
}

impl Tx<'_> {
    /// Records an activity; returns its id.
    pub fn insert_activity(&self, a: &NewActivity<'_>, now: &str) -> Result<i64, DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO activities (account, activity_type, status, subject, activity_date,
                     details_text, details_html, message_id, message_key, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    a.account,
                    a.activity_type,
                    a.status,
                    a.subject,
                    a.activity_date,
                    a.details_text,
                    a.details_html,
                    a.message_id,
                    a.message_key,
                    now
                ])
            })
            .map(|_| self.conn.last_insert_rowid())
            .map_err(self.err())
    }

    /// Links a contact to an activity in a role (source, target, assignee); once per role.
    pub fn link_activity_contact(
        &self,
        activity_id: i64,
        contact_id: i64,
        role: &str,
    ) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO activity_contacts (activity_id, contact_id, role) VALUES (?1, ?2, ?3)",
            )
            .and_then(|mut s| s.execute(params![activity_id, contact_id, role]))
            .map(drop)
            .map_err(self.err())
    }

    /// Number of activities recorded by `account`.
    pub fn count_activities(&self, account: &str) -> Result<u64, DbError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM activities WHERE account = ?1",
                [account],
                |r| r.get(0),
            )
            .map_err(self.err())
    }
}
