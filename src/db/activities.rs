//! Activities (filed correspondence), the contacts linked to them, their attachments, and the
//! queries behind `mailroom activities` and the activity part of `mailroom contact show`.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

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
    /// The In-Reply-To message id(s), space-separated, without angle brackets.
    pub in_reply_to: Option<&'a str>,
    /// The References message ids, space-separated, without angle brackets.
    pub references_ids: Option<&'a str>,
    /// The activity this one answers.
    pub parent_id: Option<i64>,
    pub case_ref: Option<&'a str>,
    /// Attachments not kept, one per line: `name (size bytes): why`.
    pub dropped_attachments: &'a str,
    pub message_key: &'a str,
}

/// An attachment row to record (its file is already in the store).
#[derive(Debug, Clone)]
pub struct NewAttachment<'a> {
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub mime_type: &'a str,
    pub size: u64,
}

/// What `activities` lists: which ones, newest first.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter<'a> {
    /// Only activities linked to the contact of this address (matched as filing matches).
    pub contact_id: Option<i64>,
    /// Only activities dated at or after this stored time.
    pub since: Option<&'a str>,
    pub limit: u32,
}

/// One activity, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityRow {
    pub id: i64,
    pub account: String,
    pub activity_type: String,
    pub status: String,
    pub subject: String,
    pub activity_date: String,
    pub message_id: Option<String>,
    pub parent_id: Option<i64>,
    pub case_ref: Option<String>,
    pub details_text: String,
    pub has_html: bool,
    pub dropped_attachments: Vec<String>,
    pub contacts: Vec<ActivityContact>,
    pub attachments: Vec<AttachmentRow>,
}

/// A contact linked to an activity.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityContact {
    pub role: String,
    pub contact_id: i64,
    pub display_name: String,
    /// The contact's primary email (else any), when it has one.
    pub email: Option<String>,
}

/// An attachment of an activity.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentRow {
    pub file_name: String,
    pub mime_type: String,
    pub size: u64,
    pub sha256: String,
}

impl Tx<'_> {
    /// Records an activity; returns its id.
    pub fn insert_activity(&self, a: &NewActivity<'_>, now: &str) -> Result<i64, DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO activities (account, activity_type, status, subject, activity_date,
                     details_text, details_html, message_id, in_reply_to, references_ids,
                     parent_id, case_ref, dropped_attachments, message_key, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
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
                    a.in_reply_to,
                    a.references_ids,
                    a.parent_id,
                    a.case_ref,
                    a.dropped_attachments,
                    a.message_key,
                    now
                ])
            })
            .map(|_| self.conn.last_insert_rowid())
            .map_err(self.err())
    }

    /// The activity `account` filed for the message with this Message-ID, if any.
    pub fn activity_by_message_id(
        &self,
        account: &str,
        message_id: &str,
    ) -> Result<Option<i64>, DbError> {
        self.conn
            .prepare_cached(
                "SELECT id FROM activities WHERE message_id = ?1 AND account = ?2 ORDER BY id LIMIT 1",
            )
            .and_then(|mut s| s.query_row(params![message_id, account], |r| r.get(0)).optional())
            .map_err(self.err())
    }

    /// The filed activity a message answers: the first of `ids` (nearest ancestor first) that is
    /// the Message-ID of an activity, preferring `account`'s own.
    pub fn thread_parent(&self, account: &str, ids: &[&str]) -> Result<Option<i64>, DbError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id FROM activities WHERE message_id = ?1
                 ORDER BY account = ?2 DESC, id LIMIT 1",
            )
            .map_err(self.err())?;
        for id in ids {
            let found: Option<i64> = stmt
                .query_row(params![id, account], |r| r.get(0))
                .optional()
                .map_err(self.err())?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Records an attachment of an activity.
    pub fn insert_attachment(
        &self,
        activity_id: i64,
        a: &NewAttachment<'_>,
    ) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO attachments (activity_id, sha256, file_name, mime_type, size)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    activity_id,
                    a.sha256,
                    a.file_name,
                    a.mime_type,
                    a.size as i64
                ])
            })
            .map(drop)
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

    /// Activities, newest first (by date, then id), with their contacts and attachments.
    pub fn list_activities(&self, f: &ActivityFilter<'_>) -> Result<Vec<ActivityRow>, DbError> {
        let run = || -> rusqlite::Result<Vec<ActivityRow>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.id, a.account, a.activity_type, a.status, a.subject, a.activity_date,
                        a.message_id, a.parent_id, a.case_ref, a.details_text,
                        a.details_html IS NOT NULL, a.dropped_attachments
                 FROM activities a
                 WHERE (?1 IS NULL OR a.id IN
                           (SELECT activity_id FROM activity_contacts WHERE contact_id = ?1))
                   AND (?2 IS NULL OR a.activity_date >= ?2)
                 ORDER BY a.activity_date DESC, a.id DESC
                 LIMIT ?3",
            )?;
            let mut rows = stmt
                .query_map(params![f.contact_id, f.since, f.limit], |r| {
                    let dropped: String = r.get(11)?;
                    Ok(ActivityRow {
                        id: r.get(0)?,
                        account: r.get(1)?,
                        activity_type: r.get(2)?,
                        status: r.get(3)?,
                        subject: r.get(4)?,
                        activity_date: r.get(5)?,
                        message_id: r.get(6)?,
                        parent_id: r.get(7)?,
                        case_ref: r.get(8)?,
                        details_text: r.get(9)?,
                        has_html: r.get(10)?,
                        dropped_attachments: dropped
                            .lines()
                            .filter(|l| !l.is_empty())
                            .map(str::to_string)
                            .collect(),
                        contacts: Vec::new(),
                        attachments: Vec::new(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut contacts = self.conn.prepare_cached(
                "SELECT ac.role, c.id, c.display_name,
                        (SELECT e.email FROM emails e WHERE e.contact_id = c.id
                         ORDER BY e.is_primary DESC, e.id LIMIT 1)
                 FROM activity_contacts ac JOIN contacts c ON c.id = ac.contact_id
                 WHERE ac.activity_id = ?1
                 ORDER BY CASE ac.role WHEN 'source' THEN 0 WHEN 'target' THEN 1 ELSE 2 END, c.id",
            )?;
            let mut atts = self.conn.prepare_cached(
                "SELECT file_name, mime_type, size, sha256 FROM attachments
                 WHERE activity_id = ?1 ORDER BY id",
            )?;
            for row in &mut rows {
                row.contacts = contacts
                    .query_map([row.id], |r| {
                        Ok(ActivityContact {
                            role: r.get(0)?,
                            contact_id: r.get(1)?,
                            display_name: r.get(2)?,
                            email: r.get(3)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                row.attachments = atts
                    .query_map([row.id], |r| {
                        Ok(AttachmentRow {
                            file_name: r.get(0)?,
                            mime_type: r.get(1)?,
                            size: r.get::<_, i64>(2)? as u64,
                            sha256: r.get(3)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
            }
            Ok(rows)
        };
        run().map_err(self.err())
    }
}
