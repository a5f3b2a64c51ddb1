//! Groups, memberships, mailings, jobs and recipients (the queue whose ids and hashes are in the
//! VERP tokens), and importing contacts.

use rusqlite::{OptionalExtension, params};

use super::{ContactMatch, DbError, NewContact, Tx};

/// A group with its membership counts.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub added: u64,
    pub removed: u64,
    pub pending: u64,
}

/// A mailing's recipient, for `mailing addresses`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RecipientAddress {
    pub recipient_id: i64,
    pub job_id: i64,
    pub email: String,
    pub hash: String,
}

/// A mailing.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MailingRow {
    pub id: i64,
    pub name: String,
    pub account: String,
    pub created_at: String,
    pub recipients: u64,
}

impl Tx<'_> {
    /// The id of group `name`, creating it when `create`.
    pub fn group_id(&self, name: &str, create: bool, now: &str) -> Result<Option<i64>, DbError> {
        let found: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM groups WHERE name = ?1")
            .and_then(|mut s| s.query_row([name], |r| r.get(0)).optional())
            .map_err(self.err())?;
        if found.is_some() || !create {
            return Ok(found);
        }
        self.conn
            .prepare_cached("INSERT INTO groups (name, title, created_at) VALUES (?1, ?1, ?2)")
            .and_then(|mut s| s.execute(params![name, now]))
            .map_err(self.err())?;
        Ok(Some(self.conn.last_insert_rowid()))
    }

    /// Sets a contact's membership of a group (Added, Removed or Pending).
    pub fn set_membership(
        &self,
        group_id: i64,
        contact_id: i64,
        status: &str,
        now: &str,
    ) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO group_contacts (group_id, contact_id, status, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (group_id, contact_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            )
            .and_then(|mut s| s.execute(params![group_id, contact_id, status, now]))
            .map(drop)
            .map_err(self.err())
    }

    /// The contact of `email`, created (an Individual with these names) when there is none.
    /// Returns it and whether it was created.
    pub fn import_contact(
        &self,
        email: &str,
        first: Option<&str>,
        last: Option<&str>,
        organisation: Option<&str>,
        now: &str,
    ) -> Result<(ContactMatch, bool), DbError> {
        if let Some(m) = self.find_contact(email)? {
            return Ok((m, false));
        }
        let display = [first, last]
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let m = self.create_contact(
            &NewContact {
                email,
                display_name: &display,
                first_name: first,
                last_name: last,
                created_by: "import",
                ..Default::default()
            },
            now,
        )?;
        if let Some(org) = organisation {
            self.conn
                .prepare_cached("UPDATE contacts SET organization_name = ?2 WHERE id = ?1")
                .and_then(|mut s| s.execute(params![m.contact_id, org]))
                .map_err(self.err())?;
        }
        Ok((m, true))
    }

    /// Every group with its membership counts.
    pub fn groups(&self) -> Result<Vec<GroupRow>, DbError> {
        let mut s = self
            .conn
            .prepare(
                "SELECT g.id, g.name,
                        count(CASE gc.status WHEN 'Added' THEN 1 END),
                        count(CASE gc.status WHEN 'Removed' THEN 1 END),
                        count(CASE gc.status WHEN 'Pending' THEN 1 END)
                   FROM groups g LEFT JOIN group_contacts gc ON gc.group_id = g.id
                  GROUP BY g.id ORDER BY g.name",
            )
            .map_err(self.err())?;
        s.query_map([], |r| {
            Ok(GroupRow {
                id: r.get(0)?,
                name: r.get(1)?,
                added: r.get(2)?,
                removed: r.get(3)?,
                pending: r.get(4)?,
            })
        })
        .and_then(|r| r.collect())
        .map_err(self.err())
    }

    /// Creates a mailing and its job; returns (mailing id, job id).
    pub fn create_mailing(
        &self,
        name: &str,
        account: &str,
        now: &str,
    ) -> Result<(i64, i64), DbError> {
        let run = || -> rusqlite::Result<(i64, i64)> {
            self.conn
                .prepare_cached(
                    "INSERT INTO mailings (name, account, created_at) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![name, account, now])?;
            let mailing = self.conn.last_insert_rowid();
            self.conn
                .prepare_cached(
                    "INSERT INTO mailing_jobs (mailing_id, created_at) VALUES (?1, ?2)",
                )?
                .execute(params![mailing, now])?;
            Ok((mailing, self.conn.last_insert_rowid()))
        };
        run().map_err(self.err())
    }

    /// Adds a recipient row to every member of `group_id` (Added, contact not deleted or opted
    /// out, primary email not on hold) with a fresh 16-character hash; returns how many.
    pub fn add_group_recipients(
        &self,
        mailing_id: i64,
        job_id: i64,
        group_id: i64,
    ) -> Result<u64, DbError> {
        let run = || -> rusqlite::Result<u64> {
            self.conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO mailing_groups (mailing_id, group_id) VALUES (?1, ?2)",
                )?
                .execute(params![mailing_id, group_id])?;
            let n = self
                .conn
                .prepare_cached(
                    "INSERT INTO mailing_recipients (job_id, contact_id, email_id, hash)
                     SELECT ?1, c.id, min(e.id), lower(hex(randomblob(8)))
                       FROM group_contacts gc
                       JOIN contacts c ON c.id = gc.contact_id
                       JOIN emails e ON e.contact_id = c.id AND e.is_primary = 1
                      WHERE gc.group_id = ?2 AND gc.status = 'Added'
                        AND c.is_deleted = 0 AND c.is_opt_out = 0 AND e.on_hold = 0
                        AND NOT EXISTS (SELECT 1 FROM mailing_recipients r
                                         WHERE r.job_id = ?1 AND r.contact_id = c.id)
                      GROUP BY c.id",
                )?
                .execute(params![job_id, group_id])?;
            Ok(n as u64)
        };
        run().map_err(self.err())
    }

    /// Adds one recipient row with a fresh hash, unless the address is on hold or the contact
    /// opted out; returns whether it was added.
    pub fn add_recipient(&self, job_id: i64, m: ContactMatch) -> Result<bool, DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO mailing_recipients (job_id, contact_id, email_id, hash)
                 SELECT ?1, c.id, e.id, lower(hex(randomblob(8)))
                   FROM emails e JOIN contacts c ON c.id = e.contact_id
                  WHERE e.id = ?2 AND c.id = ?3 AND e.on_hold = 0 AND c.is_opt_out = 0 AND c.is_deleted = 0",
            )
            .and_then(|mut s| s.execute(params![job_id, m.email_id, m.contact_id]))
            .map(|n| n > 0)
            .map_err(self.err())
    }

    /// A mailing by id.
    pub fn mailing(&self, id: i64) -> Result<Option<MailingRow>, DbError> {
        self.conn
            .prepare_cached(
                "SELECT m.id, m.name, m.account, m.created_at,
                        (SELECT count(*) FROM mailing_recipients r JOIN mailing_jobs j ON j.id = r.job_id
                          WHERE j.mailing_id = m.id)
                   FROM mailings m WHERE m.id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([id], |r| {
                    Ok(MailingRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        account: r.get(2)?,
                        created_at: r.get(3)?,
                        recipients: r.get(4)?,
                    })
                })
                .optional()
            })
            .map_err(self.err())
    }

    /// Every recipient of a mailing with its address and hash, in id order.
    pub fn recipient_addresses(&self, mailing_id: i64) -> Result<Vec<RecipientAddress>, DbError> {
        let mut s = self
            .conn
            .prepare(
                "SELECT r.id, r.job_id, coalesce(e.email, ''), r.hash
                   FROM mailing_recipients r JOIN mailing_jobs j ON j.id = r.job_id
                   LEFT JOIN emails e ON e.id = r.email_id
                  WHERE j.mailing_id = ?1 ORDER BY r.id",
            )
            .map_err(self.err())?;
        s.query_map([mailing_id], |r| {
            Ok(RecipientAddress {
                recipient_id: r.get(0)?,
                job_id: r.get(1)?,
                email: r.get(2)?,
                hash: r.get(3)?,
            })
        })
        .and_then(|r| r.collect())
        .map_err(self.err())
    }
}
