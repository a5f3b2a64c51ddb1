//! What recipients answer at VERP addresses besides bounces: unsubscribes, opt-outs,
//! resubscribes, replies, and confirmations of pending group memberships.

use rusqlite::{OptionalExtension, params};

use super::{DbError, RecipientRow, Tx};

/// What checking a confirm token (`c`: contact id, membership id, hash) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmCheck {
    /// The membership row; `pending` is false when it was already confirmed.
    Ok {
        membership_id: i64,
        pending: bool,
    },
    NoSuchMembership,
    WrongHash,
    WrongContact,
}

impl Tx<'_> {
    fn unsubscribe_event(
        &self,
        row: &RecipientRow,
        kind: &str,
        account: &str,
        key: &str,
        now: &str,
    ) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO unsubscribe_events (recipient_id, contact_id, kind, account, message_key, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut s| s.execute(params![row.recipient_id, row.contact_id, kind, account, key, now]))
            .map(drop)
            .map_err(self.err())
    }

    /// Moves the recipient's contact's memberships of the mailing's groups from status `from`
    /// to `to`; returns how many changed.
    fn set_mailing_memberships(
        &self,
        row: &RecipientRow,
        from: &str,
        to: &str,
        now: &str,
    ) -> Result<u64, DbError> {
        self.conn
            .prepare_cached(
                "UPDATE group_contacts SET status = ?4, updated_at = ?3
                  WHERE contact_id = ?1 AND status = ?5
                    AND group_id IN (SELECT group_id FROM mailing_groups WHERE mailing_id = ?2)",
            )
            .and_then(|mut s| s.execute(params![row.contact_id, row.mailing_id, now, to, from]))
            .map(|n| n as u64)
            .map_err(self.err())
    }

    /// Unsubscribes the recipient's contact from the mailing's groups (Added → Removed) and
    /// records the event; returns how many memberships changed.
    pub fn unsubscribe(
        &self,
        row: &RecipientRow,
        account: &str,
        key: &str,
        now: &str,
    ) -> Result<u64, DbError> {
        let n = self.set_mailing_memberships(row, "Added", "Removed", now)?;
        self.unsubscribe_event(row, "unsubscribe", account, key, now)?;
        Ok(n)
    }

    /// Opts the recipient's contact out of all bulk mail (opt-out flag, on_hold 2 on the
    /// address) and records the event.
    pub fn opt_out(
        &self,
        row: &RecipientRow,
        account: &str,
        key: &str,
        now: &str,
    ) -> Result<(), DbError> {
        let run = || -> rusqlite::Result<()> {
            self.conn
                .prepare_cached("UPDATE contacts SET is_opt_out = 1 WHERE id = ?1")?
                .execute([row.contact_id])?;
            self.conn
                .prepare_cached("UPDATE emails SET on_hold = 2 WHERE id = ?1")?
                .execute([row.email_id])?;
            Ok(())
        };
        run().map_err(self.err())?;
        self.unsubscribe_event(row, "optout", account, key, now)
    }

    /// Undoes an earlier unsubscribe of this recipient row (Removed → Added in the mailing's
    /// groups) and records it; None when the row has no unsubscribe left to undo.
    pub fn resubscribe(
        &self,
        row: &RecipientRow,
        account: &str,
        key: &str,
        now: &str,
    ) -> Result<Option<u64>, DbError> {
        let (unsubscribed, resubscribed): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(CASE kind WHEN 'unsubscribe' THEN 1 END), count(CASE kind WHEN 'resubscribe' THEN 1 END)
                   FROM unsubscribe_events WHERE recipient_id = ?1",
            )
            .and_then(|mut s| s.query_row([row.recipient_id], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(self.err())?;
        if unsubscribed <= resubscribed {
            return Ok(None);
        }
        let n = self.set_mailing_memberships(row, "Removed", "Added", now)?;
        self.unsubscribe_event(row, "resubscribe", account, key, now)?;
        Ok(Some(n))
    }

    /// Records a reply; `forwarded` when it was passed to the forward command.
    pub fn record_reply(
        &self,
        row: &RecipientRow,
        forwarded: bool,
        account: &str,
        key: &str,
        now: &str,
    ) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO reply_events (recipient_id, account, message_key, forwarded_at, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut s| s.execute(params![row.recipient_id, account, key, forwarded.then_some(now), now]))
            .map(drop)
            .map_err(self.err())
    }

    /// Checks a confirm token against the membership row `membership_id`.
    pub fn verify_confirm(
        &self,
        contact_id: u64,
        membership_id: u64,
        hash: &str,
    ) -> Result<ConfirmCheck, DbError> {
        let row: Option<(i64, String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT contact_id, status, hash FROM group_contacts WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([membership_id as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()
            })
            .map_err(self.err())?;
        Ok(match row {
            None => ConfirmCheck::NoSuchMembership,
            Some((_, _, h)) if !h.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(hash)) => {
                ConfirmCheck::WrongHash
            }
            Some((c, _, _)) if c != contact_id as i64 => ConfirmCheck::WrongContact,
            Some((_, status, _)) => ConfirmCheck::Ok {
                membership_id: membership_id as i64,
                pending: status == "Pending",
            },
        })
    }

    /// Confirms a pending membership (Pending → Added) and records it.
    pub fn confirm_membership(
        &self,
        membership_id: i64,
        account: &str,
        key: &str,
        now: &str,
    ) -> Result<(), DbError> {
        let run = || -> rusqlite::Result<()> {
            self.conn
                .prepare_cached(
                    "UPDATE group_contacts SET status = 'Added', updated_at = ?2 WHERE id = ?1 AND status = 'Pending'",
                )?
                .execute(params![membership_id, now])?;
            self.conn
                .prepare_cached(
                    "INSERT INTO confirm_events (group_contact_id, account, message_key, recorded_at) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![membership_id, account, key, now])?;
            Ok(())
        };
        run().map_err(self.err())
    }

    /// A Pending membership of `contact_id` in `group_id` with a fresh confirm hash (unless the
    /// contact is already a member); returns (membership id, hash, already a member).
    pub fn subscribe_pending(
        &self,
        group_id: i64,
        contact_id: i64,
        now: &str,
    ) -> Result<(i64, String, bool), DbError> {
        let run = || -> rusqlite::Result<(i64, String, bool)> {
            let existing: Option<(i64, String, Option<String>)> = self
                .conn
                .prepare_cached("SELECT id, status, hash FROM group_contacts WHERE group_id = ?1 AND contact_id = ?2")?
                .query_row(params![group_id, contact_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            if let Some((id, status, hash)) = &existing
                && status == "Added"
            {
                return Ok((*id, hash.clone().unwrap_or_default(), true));
            }
            let hash: String =
                self.conn
                    .query_row("SELECT lower(hex(randomblob(8)))", [], |r| r.get(0))?;
            let id = match existing {
                Some((id, _, _)) => {
                    self.conn
                        .prepare_cached(
                            "UPDATE group_contacts SET status = 'Pending', hash = ?2, updated_at = ?3 WHERE id = ?1",
                        )?
                        .execute(params![id, hash, now])?;
                    id
                }
                None => {
                    self.conn
                        .prepare_cached(
                            "INSERT INTO group_contacts (group_id, contact_id, status, hash, updated_at)
                             VALUES (?1, ?2, 'Pending', ?3, ?4)",
                        )?
                        .execute(params![group_id, contact_id, hash, now])?;
                    self.conn.last_insert_rowid()
                }
            };
            Ok((id, hash, false))
        };
        run().map_err(self.err())
    }
}
