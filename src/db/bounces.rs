//! Bounce events and holds: verifying a VERP token's recipient row, recording events, the hold
//! rule (per address and type, counting events since the address's reset date), mailing-level
//! incidents, unholding, and the queries behind `holds` and `explain`.

use rusqlite::{OptionalExtension, params};

use super::{DbError, Tx};

/// A recipient row a token names, with what it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRow {
    pub recipient_id: i64,
    pub job_id: i64,
    pub mailing_id: i64,
    pub contact_id: Option<i64>,
    pub email_id: Option<i64>,
    /// The recipient's address (lower-case), when its email row still exists.
    pub email: Option<String>,
}

/// What checking a token against the database found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    Ok(RecipientRow),
    NoSuchRecipient,
    WrongHash,
    /// The hash matches but the token's job is not the row's job.
    WrongJob {
        row_job: i64,
    },
}

/// A bounce event to record.
#[derive(Debug, Clone, Default)]
pub struct NewBounceEvent<'a> {
    pub recipient_id: Option<i64>,
    pub email_id: Option<i64>,
    pub email: &'a str,
    pub bounce_type: &'a str,
    pub reason: &'a str,
    pub status: &'a str,
    pub replycode: &'a str,
    pub diagnostic: &'a str,
    pub module: &'a str,
    pub rule: &'a str,
    pub account: &'a str,
    pub message_key: &'a str,
    pub claimed_date: Option<&'a str>,
}

/// A change of an address's hold state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldChange {
    pub email_id: i64,
    pub bounce_type: String,
    pub count: u64,
    pub threshold: u64,
}

/// The mailing-level storm guard settings.
#[derive(Debug, Clone, Copy)]
pub struct StormGuard {
    pub min_recipients: u32,
    pub share: f64,
}

/// One address on hold, for `holds`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HoldRow {
    pub email: String,
    pub contact_id: i64,
    pub on_hold: i64,
    pub hold_date: Option<String>,
    /// The type whose count reached its threshold when the hold was placed.
    pub bounce_type: Option<String>,
    pub events: u64,
}

/// One event as `explain` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventRow {
    pub id: i64,
    pub recorded_at: String,
    pub claimed_date: Option<String>,
    pub bounce_type: String,
    pub reason: String,
    pub status: String,
    pub diagnostic: String,
    pub module: String,
    pub rule: String,
    pub mailing_id: Option<i64>,
    pub incident_id: Option<i64>,
    pub threshold: u64,
}

/// One line of an address's hold log: a hold placed, an unhold, or a release by an incident.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HoldLogEntry {
    pub action: String,
    pub bounce_type: Option<String>,
    pub why: String,
    pub at: String,
}

/// An email row's hold state.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HoldState {
    pub email_id: i64,
    pub email: String,
    pub contact_id: i64,
    pub on_hold: i64,
    pub hold_date: Option<String>,
    pub reset_date: Option<String>,
}

/// The domain of an address, lower-case ("" when there is none).
pub fn domain_of(address: &str) -> String {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('>').to_ascii_lowercase())
        .unwrap_or_default()
}

impl Tx<'_> {
    /// Checks a token: the recipient row `queue` exists, its hash is `hash`, and (when the token
    /// names one) its job is `job`.
    pub fn verify_recipient(
        &self,
        job: Option<u64>,
        queue: u64,
        hash: &str,
    ) -> Result<Verified, DbError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.job_id, j.mailing_id, r.contact_id, r.email_id, r.hash, e.email_lc
                 FROM mailing_recipients r JOIN mailing_jobs j ON j.id = r.job_id
                 LEFT JOIN emails e ON e.id = r.email_id
                 WHERE r.id = ?1",
            )
            .and_then(|mut s| {
                s.query_row(params![queue as i64], |r| {
                    Ok((
                        RecipientRow {
                            recipient_id: r.get(0)?,
                            job_id: r.get(1)?,
                            mailing_id: r.get(2)?,
                            contact_id: r.get(3)?,
                            email_id: r.get(4)?,
                            email: r.get(6)?,
                        },
                        r.get::<_, String>(5)?,
                    ))
                })
                .optional()
            })
            .map_err(self.err())?;
        Ok(match row {
            None => Verified::NoSuchRecipient,
            Some((_, h)) if !h.eq_ignore_ascii_case(hash) => Verified::WrongHash,
            Some((r, _)) if job.is_some_and(|j| j as i64 != r.job_id) => {
                Verified::WrongJob { row_job: r.job_id }
            }
            Some((r, _)) => Verified::Ok(r),
        })
    }

    /// The id and hold threshold of a bounce type.
    fn bounce_type(&self, name: &str) -> Result<(i64, u64), DbError> {
        self.conn
            .prepare_cached("SELECT id, hold_threshold FROM bounce_types WHERE name = ?1")
            .and_then(|mut s| s.query_row([name], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(self.err())
    }

    /// Records a bounce event; returns its id.
    pub fn insert_bounce_event(&self, e: &NewBounceEvent<'_>, now: &str) -> Result<i64, DbError> {
        let (type_id, _) = self.bounce_type(e.bounce_type)?;
        self.conn
            .prepare_cached(
                "INSERT INTO bounce_events (recipient_id, email_id, email, bounce_type_id, reason, status,
                     replycode, diagnostic, module, rule, account, message_key, recorded_at, claimed_date, domain)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    e.recipient_id,
                    e.email_id,
                    e.email,
                    type_id,
                    e.reason,
                    e.status,
                    e.replycode,
                    e.diagnostic,
                    e.module,
                    e.rule,
                    e.account,
                    e.message_key,
                    now,
                    e.claimed_date,
                    domain_of(e.email)
                ])
            })
            .map(|_| self.conn.last_insert_rowid())
            .map_err(self.err())
    }

    /// The events of `email_id` that count toward a hold of `bounce_type`: recorded since the
    /// address's reset date, not part of an incident.
    fn counting_events(&self, email_id: i64, type_id: i64) -> Result<u64, DbError> {
        self.conn
            .prepare_cached(
                "SELECT count(*) FROM bounce_events b JOIN emails e ON e.id = b.email_id
                 WHERE b.email_id = ?1 AND b.bounce_type_id = ?2 AND b.incident_id IS NULL
                   AND (e.reset_date IS NULL OR b.recorded_at >= e.reset_date)",
            )
            .and_then(|mut s| s.query_row(params![email_id, type_id], |r| r.get(0)))
            .map_err(self.err())
    }

    /// The hold rule for one address after an event of `bounce_type`: when the counting events of
    /// that type reach its threshold (not 0), the address goes on hold. Returns the change, if
    /// any. An address already on hold or opted out is left as it is.
    /// `mailing_id` is the mailing whose bounce it was, when known (for the mailing report).
    pub fn apply_hold_rule(
        &self,
        email_id: i64,
        bounce_type: &str,
        mailing_id: Option<i64>,
        now: &str,
    ) -> Result<Option<HoldChange>, DbError> {
        let (type_id, threshold) = self.bounce_type(bounce_type)?;
        if threshold == 0 {
            return Ok(None);
        }
        let on_hold: i64 = self
            .conn
            .prepare_cached("SELECT on_hold FROM emails WHERE id = ?1")
            .and_then(|mut s| s.query_row([email_id], |r| r.get(0)))
            .map_err(self.err())?;
        if on_hold != 0 {
            return Ok(None);
        }
        let count = self.counting_events(email_id, type_id)?;
        if count < threshold {
            return Ok(None);
        }
        self.conn
            .prepare_cached("UPDATE emails SET on_hold = 1, hold_date = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute(params![email_id, now]))
            .map_err(self.err())?;
        self.log_hold(
            email_id,
            "hold",
            Some(bounce_type),
            mailing_id,
            &format!("{count} {bounce_type} bounce(s), threshold {threshold}"),
            now,
        )?;
        Ok(Some(HoldChange {
            email_id,
            bounce_type: bounce_type.to_string(),
            count,
            threshold,
        }))
    }

    fn log_hold(
        &self,
        email_id: i64,
        action: &str,
        bounce_type: Option<&str>,
        mailing_id: Option<i64>,
        why: &str,
        now: &str,
    ) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO hold_log (email_id, action, bounce_type, mailing_id, why, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut s| {
                s.execute(params![email_id, action, bounce_type, mailing_id, why, now])
            })
            .map(drop)
            .map_err(self.err())
    }

    /// The incident of `mailing_id` at `domain`, if there is one.
    pub fn incident(&self, mailing_id: i64, domain: &str) -> Result<Option<i64>, DbError> {
        self.conn
            .prepare_cached("SELECT id FROM incidents WHERE mailing_id = ?1 AND domain = ?2")
            .and_then(|mut s| {
                s.query_row(params![mailing_id, domain], |r| r.get(0))
                    .optional()
            })
            .map_err(self.err())
    }

    /// After a Spam or Blocked event of `mailing_id` at `domain`: when that mailing's recipients
    /// at that domain with such rejections reach the storm guard, the events become an incident
    /// of the mailing (they stop counting toward holds) and holds they caused are released.
    /// Returns the incident id and the addresses released, when an incident exists.
    pub fn check_incident(
        &self,
        mailing_id: i64,
        domain: &str,
        guard: StormGuard,
        now: &str,
    ) -> Result<Option<(i64, Vec<i64>)>, DbError> {
        let run = || -> rusqlite::Result<Option<(i64, Vec<i64>)>> {
            let existing: Option<i64> = self
                .conn
                .prepare_cached("SELECT id FROM incidents WHERE mailing_id = ?1 AND domain = ?2")?
                .query_row(params![mailing_id, domain], |r| r.get(0))
                .optional()?;
            let id = match existing {
                Some(id) => id,
                None => {
                    // The distinct recipients with a Spam or Blocked event of the mailing at the
                    // domain: one index range per type, counted here (count(DISTINCT) and an
                    // IN list would each build a temporary table, on every such event).
                    let mut recipients: Vec<i64> = Vec::new();
                    let mut stmt = self.conn.prepare_cached(
                        "SELECT b.recipient_id
                           FROM bounce_types t
                           JOIN bounce_events b ON b.domain = ?2 AND b.bounce_type_id = t.id
                           JOIN mailing_recipients r ON r.id = b.recipient_id
                           JOIN mailing_jobs j ON j.id = r.job_id
                          WHERE t.name = ?3 AND j.mailing_id = ?1",
                    )?;
                    for name in ["Spam", "Blocked"] {
                        let rows =
                            stmt.query_map(params![mailing_id, domain, name], |r| r.get(0))?;
                        for id in rows {
                            recipients.push(id?);
                        }
                    }
                    drop(stmt);
                    recipients.sort_unstable();
                    recipients.dedup();
                    let rejected = recipients.len() as i64;
                    let by_count = rejected >= i64::from(guard.min_recipients);
                    // A share of a small mailing, but never a single recipient alone. Only
                    // whether the mailing is that small matters: count at most that far.
                    let by_share = !by_count
                        && rejected >= 2
                        && {
                            let most = (rejected as f64 / guard.share).floor() as i64;
                            let total: i64 = self
                            .conn
                            .prepare_cached(
                                "SELECT count(*) FROM (SELECT 1 FROM mailing_recipients
                                  WHERE job_id IN (SELECT id FROM mailing_jobs WHERE mailing_id = ?1)
                                  LIMIT ?2)",
                            )?
                            .query_row(params![mailing_id, most + 1], |r| r.get(0))?;
                            total <= most
                        };
                    if !(by_count || by_share) {
                        return Ok(None);
                    }
                    self.conn
                        .prepare_cached(
                            "INSERT INTO incidents (mailing_id, domain, bounce_type, created_at)
                             VALUES (?1, ?2, 'Spam/Blocked', ?3)",
                        )?
                        .execute(params![mailing_id, domain, now])?;
                    self.conn.last_insert_rowid()
                }
            };
            // Every Spam/Blocked event of the mailing at the domain belongs to the incident.
            let mut stmt = self.conn.prepare_cached(
                "SELECT b.id, b.email_id FROM bounce_events b
                   JOIN mailing_recipients r ON r.id = b.recipient_id
                   JOIN mailing_jobs j ON j.id = r.job_id
                   JOIN bounce_types t ON t.id = b.bounce_type_id
                  WHERE b.domain = ?2 AND j.mailing_id = ?1 AND t.name IN ('Spam', 'Blocked')
                    AND b.incident_id IS NULL",
            )?;
            let rows: Vec<(i64, Option<i64>)> = stmt
                .query_map(params![mailing_id, domain], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut emails: Vec<i64> = Vec::new();
            for (event, email) in rows {
                self.conn
                    .prepare_cached("UPDATE bounce_events SET incident_id = ?2 WHERE id = ?1")?
                    .execute(params![event, id])?;
                if let Some(e) = email
                    && !emails.contains(&e)
                {
                    emails.push(e);
                }
            }
            Ok(Some((id, emails)))
        };
        let Some((id, emails)) = run().map_err(self.err())? else {
            return Ok(None);
        };
        let mut released = Vec::new();
        for e in emails {
            if self.release_if_no_longer_due(e, id, mailing_id, now)? {
                released.push(e);
            }
        }
        Ok(Some((id, released)))
    }

    /// Releases the hold of an address (on_hold 1) when no type's counting events reach its
    /// threshold any more (after events became part of incident `incident_id`).
    fn release_if_no_longer_due(
        &self,
        email_id: i64,
        incident_id: i64,
        mailing_id: i64,
        now: &str,
    ) -> Result<bool, DbError> {
        let on_hold: i64 = self
            .conn
            .prepare_cached("SELECT on_hold FROM emails WHERE id = ?1")
            .and_then(|mut s| s.query_row([email_id], |r| r.get(0)))
            .map_err(self.err())?;
        if on_hold != 1 {
            return Ok(false);
        }
        let due: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (
                   SELECT t.hold_threshold AS th, count(*) AS n
                     FROM bounce_events b JOIN emails e ON e.id = b.email_id
                     JOIN bounce_types t ON t.id = b.bounce_type_id
                    WHERE b.email_id = ?1 AND b.incident_id IS NULL
                      AND (e.reset_date IS NULL OR b.recorded_at >= e.reset_date)
                    GROUP BY t.id) WHERE th > 0 AND n >= th",
            )
            .and_then(|mut s| s.query_row([email_id], |r| r.get(0)))
            .map_err(self.err())?;
        if due > 0 {
            return Ok(false);
        }
        self.conn
            .prepare_cached("UPDATE emails SET on_hold = 0, hold_date = NULL WHERE id = ?1")
            .and_then(|mut s| s.execute([email_id]))
            .map_err(self.err())?;
        self.log_hold(
            email_id,
            "release",
            None,
            Some(mailing_id),
            &format!("its bounces are part of incident {incident_id} (the receiver objected to the mailing)"),
            now,
        )?;
        Ok(true)
    }

    /// Unholds an address: on_hold 0, hold_date cleared, reset_date now (so older bounces stop
    /// counting). Opted-out addresses (on_hold 2) are left alone. Returns whether it changed.
    pub fn unhold(&self, email_id: i64, now: &str) -> Result<bool, DbError> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE emails SET on_hold = 0, hold_date = NULL, reset_date = ?2 WHERE id = ?1 AND on_hold = 1",
            )
            .and_then(|mut s| s.execute(params![email_id, now]))
            .map_err(self.err())?;
        if n > 0 {
            self.log_hold(
                email_id,
                "unhold",
                None,
                None,
                "unheld by an administrator",
                now,
            )?;
        }
        Ok(n > 0)
    }

    /// Every email row of `address` (trimmed, lower-cased), with its hold state.
    pub fn hold_states(&self, address: &str) -> Result<Vec<HoldState>, DbError> {
        let mut s = self
            .conn
            .prepare_cached(
                "SELECT id, email, contact_id, on_hold, hold_date, reset_date FROM emails WHERE email_lc = ?1 ORDER BY id",
            )
            .map_err(self.err())?;
        s.query_map([super::match_form(address)], hold_state)
            .and_then(|r| r.collect())
            .map_err(self.err())
    }

    /// The email ids on hold (on_hold 1), optionally only members of `group`.
    pub fn held_email_ids(&self, group: Option<&str>) -> Result<Vec<i64>, DbError> {
        let mut s = self
            .conn
            .prepare(
                "SELECT e.id FROM emails e WHERE e.on_hold = 1 AND (?1 IS NULL OR e.contact_id IN (
                   SELECT gc.contact_id FROM group_contacts gc JOIN groups g ON g.id = gc.group_id
                    WHERE g.name = ?1 AND gc.status = 'Added')) ORDER BY e.id",
            )
            .map_err(self.err())?;
        s.query_map([group], |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(self.err())
    }

    /// The addresses on hold, filtered, for `holds`.
    pub fn list_holds(
        &self,
        group: Option<&str>,
        bounce_type: Option<&str>,
        since: Option<&str>,
    ) -> Result<Vec<HoldRow>, DbError> {
        let mut s = self
            .conn
            .prepare(
                "SELECT e.email, e.contact_id, e.on_hold, e.hold_date,
                        (SELECT l.bounce_type FROM hold_log l WHERE l.email_id = e.id AND l.action = 'hold'
                          ORDER BY l.id DESC LIMIT 1) AS ty,
                        (SELECT count(*) FROM bounce_events b WHERE b.email_id = e.id)
                   FROM emails e
                  WHERE e.on_hold = 1
                    AND (?1 IS NULL OR e.contact_id IN (
                         SELECT gc.contact_id FROM group_contacts gc JOIN groups g ON g.id = gc.group_id
                          WHERE g.name = ?1 AND gc.status = 'Added'))
                    AND (?3 IS NULL OR e.hold_date >= ?3)
                  ORDER BY e.hold_date, e.email",
            )
            .map_err(self.err())?;
        let rows: Vec<HoldRow> = s
            .query_map(params![group, bounce_type, since], |r| {
                Ok(HoldRow {
                    email: r.get(0)?,
                    contact_id: r.get(1)?,
                    on_hold: r.get(2)?,
                    hold_date: r.get(3)?,
                    bounce_type: r.get(4)?,
                    events: r.get(5)?,
                })
            })
            .and_then(|r| r.collect())
            .map_err(self.err())?;
        Ok(rows
            .into_iter()
            .filter(|h| {
                bounce_type.is_none_or(|t| {
                    h.bounce_type
                        .as_deref()
                        .is_some_and(|b| b.eq_ignore_ascii_case(t))
                })
            })
            .collect())
    }

    /// Every bounce event of an email row, oldest first, for `explain`.
    pub fn events_of(&self, email_id: i64) -> Result<Vec<EventRow>, DbError> {
        let mut s = self
            .conn
            .prepare(
                "SELECT b.id, b.recorded_at, b.claimed_date, t.name, b.reason, b.status, b.diagnostic,
                        b.module, b.rule, j.mailing_id, b.incident_id, t.hold_threshold
                   FROM bounce_events b JOIN bounce_types t ON t.id = b.bounce_type_id
                   LEFT JOIN mailing_recipients r ON r.id = b.recipient_id
                   LEFT JOIN mailing_jobs j ON j.id = r.job_id
                  WHERE b.email_id = ?1 ORDER BY b.recorded_at, b.id",
            )
            .map_err(self.err())?;
        s.query_map([email_id], |r| {
            Ok(EventRow {
                id: r.get(0)?,
                recorded_at: r.get(1)?,
                claimed_date: r.get(2)?,
                bounce_type: r.get(3)?,
                reason: r.get(4)?,
                status: r.get(5)?,
                diagnostic: r.get(6)?,
                module: r.get(7)?,
                rule: r.get(8)?,
                mailing_id: r.get(9)?,
                incident_id: r.get(10)?,
                threshold: r.get(11)?,
            })
        })
        .and_then(|r| r.collect())
        .map_err(self.err())
    }

    /// The hold log of an email row, oldest first.
    pub fn hold_log(&self, email_id: i64) -> Result<Vec<HoldLogEntry>, DbError> {
        let mut s = self
            .conn
            .prepare(
                "SELECT action, bounce_type, why, at FROM hold_log WHERE email_id = ?1 ORDER BY id",
            )
            .map_err(self.err())?;
        s.query_map([email_id], |r| {
            Ok(HoldLogEntry {
                action: r.get(0)?,
                bounce_type: r.get(1)?,
                why: r.get(2)?,
                at: r.get(3)?,
            })
        })
        .and_then(|r| r.collect())
        .map_err(self.err())
    }

    /// The bounce types with their thresholds, in table order.
    pub fn bounce_types(&self) -> Result<Vec<(String, u64)>, DbError> {
        let mut s = self
            .conn
            .prepare("SELECT name, hold_threshold FROM bounce_types ORDER BY id")
            .map_err(self.err())?;
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|r| r.collect())
            .map_err(self.err())
    }
}

fn hold_state(r: &rusqlite::Row<'_>) -> rusqlite::Result<HoldState> {
    Ok(HoldState {
        email_id: r.get(0)?,
        email: r.get(1)?,
        contact_id: r.get(2)?,
        on_hold: r.get(3)?,
        hold_date: r.get(4)?,
        reset_date: r.get(5)?,
    })
}
