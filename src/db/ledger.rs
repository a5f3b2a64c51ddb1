//! The ledger of handled messages: one row per (account, message key), with the outcome, the
//! reason, the file's hash and name, and when. A message found here is never applied again.

use rusqlite::{OptionalExtension, params};

use super::{DbError, Tx};

/// Where a handled message was filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Processed,
    Ignored,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Processed => "processed",
            Outcome::Ignored => "ignored",
        }
    }
    fn from_str(s: &str) -> Outcome {
        if s == "processed" {
            Outcome::Processed
        } else {
            Outcome::Ignored
        }
    }
}

/// One ledger row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    pub account: String,
    pub message_key: String,
    pub file_sha256: String,
    pub outcome: Outcome,
    pub reason: String,
    pub file_name: String,
    pub handled_at: String,
}

impl LedgerEntry {
    #[cfg(test)]
    pub fn test(account: &str, key: &str) -> LedgerEntry {
        LedgerEntry {
            account: account.into(),
            message_key: key.into(),
            file_sha256: String::new(),
            outcome: Outcome::Processed,
            reason: "test".into(),
            file_name: "f".into(),
            handled_at: crate::timefmt::now(),
        }
    }
}

/// Counts from the ledger for one account.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LedgerTotals {
    pub processed: u64,
    pub ignored: u64,
    pub last_handled: Option<String>,
    /// Ignored messages by reason code (the part of the reason before the first ':').
    pub ignored_by_reason: Vec<(String, u64)>,
}

impl Tx<'_> {
    /// The ledger row of a message, if it was handled before.
    pub fn ledger_get(&self, account: &str, key: &str) -> Result<Option<LedgerEntry>, DbError> {
        self.conn
            .prepare_cached(
                "SELECT file_sha256, outcome, reason, file_name, handled_at
                 FROM ledger WHERE account = ?1 AND message_key = ?2",
            )
            .and_then(|mut s| {
                s.query_row(params![account, key], |r| {
                    Ok(LedgerEntry {
                        account: account.to_string(),
                        message_key: key.to_string(),
                        file_sha256: r.get(0)?,
                        outcome: Outcome::from_str(&r.get::<_, String>(1)?),
                        reason: r.get(2)?,
                        file_name: r.get(3)?,
                        handled_at: r.get(4)?,
                    })
                })
                .optional()
            })
            .map_err(self.err())
    }

    /// Records a handled message.
    pub fn ledger_insert(&self, e: &LedgerEntry) -> Result<(), DbError> {
        self.conn
            .prepare_cached(
                "INSERT INTO ledger (account, message_key, file_sha256, outcome, reason, file_name, handled_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    e.account,
                    e.message_key,
                    e.file_sha256,
                    e.outcome.as_str(),
                    e.reason,
                    e.file_name,
                    e.handled_at
                ])
            })
            .map(drop)
            .map_err(self.err())
    }

    /// Forgets a message, so the next run handles it afresh.
    pub fn ledger_forget(&self, account: &str, key: &str) -> Result<bool, DbError> {
        self.conn
            .prepare_cached("DELETE FROM ledger WHERE account = ?1 AND message_key = ?2")
            .and_then(|mut s| s.execute(params![account, key]))
            .map(|n| n > 0)
            .map_err(self.err())
    }

    /// Deletes the rows of `account` (all accounts when None) handled at or before `before`,
    /// except those of the files named in `waiting`: a message recorded but not yet moved
    /// (its folder refused the move, or a crash came between commit and move) keeps its row,
    /// or the next run would apply it a second time.
    pub fn ledger_prune(
        &self,
        account: Option<&str>,
        before: &str,
        waiting: &[String],
    ) -> Result<u64, DbError> {
        let waiting = serde_json::to_string(waiting).unwrap_or_else(|_| "[]".into());
        self.conn
            .execute(
                "DELETE FROM ledger WHERE handled_at <= ?1 AND (?2 IS NULL OR account = ?2)
                   AND file_name NOT IN (SELECT value FROM json_each(?3))",
                params![before, account, waiting],
            )
            .map(|n| n as u64)
            .map_err(self.err())
    }

    /// Totals for one account.
    pub fn ledger_totals(&self, account: &str) -> Result<LedgerTotals, DbError> {
        let mut t = LedgerTotals::default();
        let mut run = || -> rusqlite::Result<()> {
            let mut s = self.conn.prepare(
                "SELECT outcome, count(*), max(handled_at) FROM ledger WHERE account = ?1 GROUP BY outcome",
            )?;
            let mut rows = s.query(params![account])?;
            while let Some(r) = rows.next()? {
                let n: u64 = r.get(1)?;
                let last: Option<String> = r.get(2)?;
                match Outcome::from_str(&r.get::<_, String>(0)?) {
                    Outcome::Processed => t.processed = n,
                    Outcome::Ignored => t.ignored = n,
                }
                if last > t.last_handled {
                    t.last_handled = last;
                }
            }
            let mut s = self.conn.prepare(
                "SELECT CASE WHEN instr(reason, ':') > 0 THEN substr(reason, 1, instr(reason, ':') - 1)
                             ELSE reason END AS code, count(*)
                 FROM ledger WHERE account = ?1 AND outcome = 'ignored' GROUP BY code ORDER BY 2 DESC",
            )?;
            t.ignored_by_reason = s
                .query_map(params![account], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            Ok(())
        };
        run().map_err(self.err())?;
        Ok(t)
    }
}
