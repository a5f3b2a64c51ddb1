//! The figures of a mailing report, aggregated in SQL (a mailing of a million recipients is
//! reported in seconds): bounces by type, reason and status class, holds placed and released,
//! incidents, responses, and failures by recipient domain.

use rusqlite::params;

use super::{DbError, Tx};

/// Events of one (type, reason, status class).
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventGroup {
    pub bounce_type: String,
    pub reason: String,
    /// The first digit of the DSN status ("5", "4" or "" when none).
    pub status_class: String,
    pub events: u64,
    pub recipients: u64,
}

/// An incident of the mailing.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IncidentRow {
    pub domain: String,
    pub created_at: String,
    pub events: u64,
}

/// Recipients and failures at one receiving domain.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DomainRow {
    pub domain: String,
    pub recipients: u64,
    pub failed: u64,
}

/// The raw figures of one mailing.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct MailingFigures {
    pub bounced_recipients: u64,
    pub groups: Vec<EventGroup>,
    pub holds_placed: u64,
    pub holds_released: u64,
    pub incidents: Vec<IncidentRow>,
    pub unsubscribes: u64,
    pub optouts: u64,
    pub resubscribes: u64,
    pub replies: u64,
    /// The domains with the most failed recipients (at most `top`).
    pub domains: Vec<DomainRow>,
}

/// Events of the mailing's recipients (joined from its jobs); add `WHERE j.mailing_id = ?1`.
const MAILING_EVENTS: &str = "FROM mailing_jobs j
      JOIN mailing_recipients r ON r.job_id = j.id
      JOIN bounce_events b ON b.recipient_id = r.id";

impl Tx<'_> {
    /// The figures of mailing `id`, with the `top` domains by failed recipients.
    pub fn mailing_figures(&self, id: i64, top: usize) -> Result<MailingFigures, DbError> {
        let run = || -> rusqlite::Result<MailingFigures> {
            let mut f = MailingFigures {
                bounced_recipients: self.conn.query_row(
                    &format!(
                        "SELECT count(DISTINCT b.recipient_id) {MAILING_EVENTS}
                          WHERE j.mailing_id = ?1 AND b.bounce_type_id NOT IN (SELECT id FROM bounce_types WHERE name IN ('Away', 'AOL'))"
                    ),
                    [id],
                    |r| r.get(0),
                )?,
                ..Default::default()
            };
            let mut s = self.conn.prepare(&format!(
                "SELECT t.name, b.reason, substr(b.status, 1, 1), count(*), count(DISTINCT b.recipient_id)
                   {MAILING_EVENTS}
                   JOIN bounce_types t ON t.id = b.bounce_type_id
                  WHERE j.mailing_id = ?1
                  GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2"
            ))?;
            f.groups = s
                .query_map([id], |r| {
                    Ok(EventGroup {
                        bounce_type: r.get(0)?,
                        reason: r.get(1)?,
                        status_class: r.get(2)?,
                        events: r.get(3)?,
                        recipients: r.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let mut s = self.conn.prepare(
                "SELECT action, count(*) FROM hold_log WHERE mailing_id = ?1 GROUP BY action",
            )?;
            let mut rows = s.query([id])?;
            while let Some(r) = rows.next()? {
                let n: u64 = r.get(1)?;
                match r.get::<_, String>(0)?.as_str() {
                    "hold" => f.holds_placed = n,
                    "release" => f.holds_released = n,
                    _ => {}
                }
            }
            let mut s = self.conn.prepare(
                "SELECT i.domain, i.created_at, (SELECT count(*) FROM bounce_events b WHERE b.incident_id = i.id)
                   FROM incidents i WHERE i.mailing_id = ?1 ORDER BY i.created_at",
            )?;
            f.incidents = s
                .query_map([id], |r| {
                    Ok(IncidentRow {
                        domain: r.get(0)?,
                        created_at: r.get(1)?,
                        events: r.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            let mut s = self.conn.prepare(
                "SELECT u.kind, count(DISTINCT u.recipient_id) FROM mailing_jobs j
                   JOIN mailing_recipients r ON r.job_id = j.id
                   JOIN unsubscribe_events u ON u.recipient_id = r.id
                  WHERE j.mailing_id = ?1 GROUP BY u.kind",
            )?;
            let mut rows = s.query([id])?;
            while let Some(r) = rows.next()? {
                let n: u64 = r.get(1)?;
                match r.get::<_, String>(0)?.as_str() {
                    "unsubscribe" => f.unsubscribes = n,
                    "optout" => f.optouts = n,
                    "resubscribe" => f.resubscribes = n,
                    _ => {}
                }
            }
            f.replies = self.conn.query_row(
                "SELECT count(*) FROM mailing_jobs j
                   JOIN mailing_recipients r ON r.job_id = j.id
                   JOIN reply_events e ON e.recipient_id = r.id
                  WHERE j.mailing_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            // Failed recipients by domain first (few rows), then their recipient counts.
            let mut s = self.conn.prepare(&format!(
                "SELECT b.domain, count(DISTINCT b.recipient_id) {MAILING_EVENTS}
                  WHERE j.mailing_id = ?1 AND b.bounce_type_id NOT IN (SELECT id FROM bounce_types WHERE name IN ('Away', 'AOL'))
                  GROUP BY b.domain ORDER BY 2 DESC, 1 LIMIT ?2"
            ))?;
            let failed: Vec<(String, u64)> = s
                .query_map(params![id, top as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            if !failed.is_empty() {
                // One pass over the recipients, counting those at the failing domains.
                let wanted: std::collections::HashMap<&str, usize> = failed
                    .iter()
                    .enumerate()
                    .map(|(i, (d, _))| (d.as_str(), i))
                    .collect();
                let mut per = vec![0u64; failed.len()];
                let mut s = self.conn.prepare(
                    "SELECT substr(e.email_lc, instr(e.email_lc, '@') + 1), count(*) FROM mailing_jobs j
                       JOIN mailing_recipients r ON r.job_id = j.id
                       JOIN emails e ON e.id = r.email_id
                      WHERE j.mailing_id = ?1 GROUP BY 1",
                )?;
                let mut rows = s.query([id])?;
                while let Some(r) = rows.next()? {
                    let d: String = r.get(0)?;
                    if let Some(&i) = wanted.get(d.as_str()) {
                        per[i] = r.get(1)?;
                    }
                }
                f.domains = failed
                    .into_iter()
                    .zip(per)
                    .map(|((domain, failed), recipients)| DomainRow {
                        domain,
                        recipients,
                        failed,
                    })
                    .collect();
            }
            Ok(f)
        };
        run().map_err(self.err())
    }
}
