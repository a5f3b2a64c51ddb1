//! The bounce handler: finds the VERP token, verifies it against the database, classifies the
//! message with the bounce engine, records one bounce event per failed recipient (and one for an
//! auto-reply or a complaint), applies the hold rule and the mailing-level incident guard.
//!
//! Where tokens are looked for, best first: the bounce's own To, Delivered-To (every one),
//! X-Original-To, Envelope-To and X-CiviMail-Bounce; the returned original's Return-Path and
//! X-CiviMail-Bounce; any `Return-Path:` or `X-CiviMail-Bounce:` header line in the raw text
//! (CiviCRM's places); and CiviCRM's Message-ID form in the returned original. A token that does
//! not verify (no such recipient row, wrong hash, wrong job) changes nothing: the message is
//! ignored with the reason. A bounce without any token is matched by address only when
//! `[bounce] trust_unverified` is set (a catch-all mailbox also receives forged bounces).

use super::{Decision, Handler, Incoming, Prepare, Prepared as Ready, actions};
use crate::bounce::{Action, Engine, Kind, Recipient, Report};
use crate::config::{Account, Config};
use crate::db::{DbError, NewBounceEvent, RecipientRow, StormGuard, Tx, Verified, domain_of};
use crate::mail::Message;
use crate::timefmt;
use crate::verp::{self, Candidate, Identity, candidates};
use std::borrow::Cow;

/// The most bytes of a diagnostic kept on an event.
pub const MAX_DIAGNOSTIC: usize = 512;

pub struct BounceHandler<'a> {
    config: &'a Config,
    account: &'a Account,
    engine: Engine<'a>,
}

/// What the bounce handler works out from a message alone (see [`Prepare`]): its tokens, best
/// first, the engine's report, and the date the message claims.
pub struct Prepared {
    candidates: Vec<Candidate>,
    report: Report,
    date: Option<i64>,
}

impl<'a> BounceHandler<'a> {
    pub fn new(config: &'a Config, account: &'a Account) -> Self {
        BounceHandler {
            config,
            account,
            engine: config.engine(),
        }
    }

    fn identity(&self) -> Identity<'_> {
        Identity {
            localpart: &self.account.bounce.localpart,
            domain: &self.account.bounce.domain,
            separator: &self.account.bounce.separator,
        }
    }
}

/// `s` cut to at most `max` bytes at a character boundary.
pub fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// What recording one report did, for the ledger reason.
#[derive(Default)]
struct Recorded {
    events: Vec<String>,
    held: Vec<String>,
    released: usize,
}

impl Recorded {
    fn reason(&self, code: &str, via: &str) -> String {
        let mut r = format!("{code}: {}", self.events.join("; "));
        if !self.held.is_empty() {
            r.push_str(&format!("; put on hold: {}", self.held.join(", ")));
        }
        if self.released > 0 {
            r.push_str(&format!("; incident released {} hold(s)", self.released));
        }
        if !via.is_empty() {
            r.push_str(&format!(" ({via})"));
        }
        r
    }
}

impl BounceHandler<'_> {
    /// Records one event (for `row`'s email when given, else for the known address `r.address`)
    /// and applies the incident guard and the hold rule.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        tx: &Tx<'_>,
        msg: &Incoming<'_>,
        row: Option<&RecipientRow>,
        email_id: Option<i64>,
        r: &Recipient,
        bounce_type: &str,
        rec: &mut Recorded,
    ) -> Result<(), DbError> {
        let date = match msg.prepared {
            Some(Ready::Bounce(p)) => p.date,
            None => msg.mail().date_timestamp(),
        };
        let claimed = date.map(timefmt::format_ts);
        let address = row
            .and_then(|r| r.email.clone())
            .unwrap_or_else(|| r.address.to_ascii_lowercase());
        tx.insert_bounce_event(
            &NewBounceEvent {
                recipient_id: row.map(|r| r.recipient_id),
                email_id,
                email: &address,
                bounce_type,
                reason: r.reason.as_str(),
                status: &r.status,
                replycode: &r.replycode,
                diagnostic: truncate_utf8(&r.diagnostic, MAX_DIAGNOSTIC),
                module: r.module,
                rule: &r.decided_by,
                account: &self.account.name,
                message_key: msg.key,
                claimed_date: claimed.as_deref(),
            },
            msg.now,
        )?;
        rec.events
            .push(format!("{bounce_type} {} for {address}", r.reason.as_str()));
        if let Some(row) = row
            && matches!(bounce_type, "Spam" | "Blocked")
        {
            let guard = StormGuard {
                min_recipients: self.config.bounce.storm_min_recipients,
                share: self.config.bounce.storm_share,
            };
            if let Some((_, released)) =
                tx.check_incident(row.mailing_id, &domain_of(&address), guard, msg.now)?
            {
                rec.released += released.len();
                rec.events
                    .push(format!("part of an incident of mailing {}", row.mailing_id));
            }
        }
        if let Some(e) = email_id
            && let Some(h) =
                tx.apply_hold_rule(e, bounce_type, row.map(|r| r.mailing_id), msg.now)?
        {
            rec.held.push(format!(
                "{address} ({} {}, threshold {})",
                h.count, h.bounce_type, h.threshold
            ));
        }
        Ok(())
    }

    /// The recipients of a report that make events: the failed ones of a bounce, every one of
    /// an auto-reply or complaint, none of a delayed warning or success notice; less those
    /// [`not_counted`] excuses.
    fn eventful(report: &Report) -> Vec<&Recipient> {
        match report.kind {
            Kind::Bounce => report
                .recipients
                .iter()
                .filter(|r| r.action == Action::Failed && not_counted(report, r).is_none())
                .collect(),
            Kind::Complaint => report
                .recipients
                .iter()
                .filter(|r| not_counted(report, r).is_none())
                .collect(),
            Kind::Autoreply => report.recipients.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// A bounce whose token verified: its recipient row is the failed recipient.
    fn for_recipient(
        &self,
        tx: &Tx<'_>,
        msg: &Incoming<'_>,
        row: &RecipientRow,
        report: &Report,
        via: &str,
    ) -> Result<Decision, DbError> {
        let mut rec = Recorded::default();
        let code = report.kind.as_str();
        match report.kind {
            Kind::Delayed | Kind::Delivered => {
                return Ok(Decision::processed(format!(
                    "{code}: no event (not a bounce) ({via})"
                )));
            }
            Kind::Other => {
                return Ok(Decision::ignored(format!(
                    "not-a-bounce: ordinary mail at a VERP address ({via})"
                )));
            }
            _ => {}
        }
        let list = Self::eventful(report);
        if list.is_empty()
            && let Some(why) = report
                .recipients
                .iter()
                .find_map(|r| not_counted(report, r))
        {
            return Ok(Decision::processed(format!(
                "{code}: no event ({why}) ({via})"
            )));
        }
        let row_email = row.email.as_deref().unwrap_or("");
        // The report's recipient for this row: the one with the row's address, else the first
        // (forwarding and aliases change the reported address; the token is authoritative).
        let mine = list
            .iter()
            .position(|r| {
                r.address.eq_ignore_ascii_case(row_email)
                    || r.original_recipient
                        .as_deref()
                        .is_some_and(|o| o.eq_ignore_ascii_case(row_email))
            })
            .unwrap_or(0);
        match list.get(mine) {
            Some(r) => {
                let ty = r.bounce_type.unwrap_or("Syntax");
                self.record(tx, msg, Some(row), row.email_id, r, ty, &mut rec)?;
            }
            None => {
                // Looks like a bounce, no recipient decoded: the reason stays `undefined`.
                let r = undefined_recipient(row_email);
                self.record(tx, msg, Some(row), row.email_id, &r, "Syntax", &mut rec)?;
            }
        }
        // Other failed recipients in the same report (the original was ours): by address, one
        // event per known email (members of an alias expanded for the row's address are
        // reported under it: that bounce is already counted).
        let lists = expanded(report);
        let mut counted: Vec<i64> = row.email_id.into_iter().collect();
        for (i, r) in list.iter().enumerate() {
            if i == mine {
                continue;
            }
            if let Some((email_id, r)) = by_address(tx, r, &lists)?
                && !counted.contains(&email_id)
            {
                counted.push(email_id);
                let ty = r.bounce_type.unwrap_or("Syntax");
                self.record(tx, msg, None, Some(email_id), &r, ty, &mut rec)?;
            }
        }
        Ok(Decision::processed(rec.reason(code, via)))
    }

    /// A bounce with no token at all: by address, only when the config trusts such bounces.
    fn without_token(
        &self,
        tx: &Tx<'_>,
        msg: &Incoming<'_>,
        report: &Report,
    ) -> Result<Decision, DbError> {
        let list = Self::eventful(report);
        if list.is_empty() {
            return Ok(Decision::ignored(format!(
                "no-verp-token: {}",
                report.kind.as_str()
            )));
        }
        if !self.config.bounce.trust_unverified {
            return Ok(Decision::ignored(format!(
                "no-verp-token: a {} without a token of ours (set [bounce] trust_unverified to match by address)",
                report.kind.as_str()
            )));
        }
        let mut rec = Recorded::default();
        let lists = expanded(report);
        let mut counted: Vec<i64> = Vec::new();
        for r in list {
            if let Some((email_id, r)) = by_address(tx, r, &lists)?
                && !counted.contains(&email_id)
            {
                counted.push(email_id);
                let ty = r.bounce_type.unwrap_or("Syntax");
                self.record(tx, msg, None, Some(email_id), &r, ty, &mut rec)?;
            }
        }
        if rec.events.is_empty() {
            let mut reason = String::from("unknown-address: no failed recipient is a known email");
            if !lists.is_empty() {
                reason.push_str(&format!(
                    " ({} expanded into several mailboxes: a list, which a member's failure \
                     does not disable)",
                    lists.join(", ")
                ));
            }
            return Ok(Decision::ignored(reason));
        }
        Ok(Decision::processed(rec.reason(
            report.kind.as_str(),
            "matched by address, trust_unverified",
        )))
    }
}

/// The Original-Recipients (lower-case) that several different reported mailboxes share: an
/// address expanded into several, a list or role address (`info@`), which one member's failure
/// does not disable.
fn expanded(report: &Report) -> Vec<String> {
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut lists: Vec<String> = Vec::new();
    for r in &report.recipients {
        let Some(o) = r.original_recipient.as_deref() else {
            continue;
        };
        let (o, a) = (o.to_ascii_lowercase(), r.address.to_ascii_lowercase());
        if seen.iter().any(|(so, sa)| *so == o && *sa != a) && !lists.contains(&o) {
            lists.push(o.clone());
        }
        seen.push((o, a));
    }
    lists
}

/// Why a failed recipient or a complaint makes no event, if it makes none: a member of an alias
/// that reached another member (below), or a feedback report that is no complaint of the
/// recipient (an RFC 6591 authentication failure report about our DKIM/SPF, or "not-spam", a
/// recipient rescuing our mail from the spam folder). The report still says what it is.
fn not_counted(report: &Report, r: &Recipient) -> Option<&'static str> {
    match report.kind {
        Kind::Bounce if r.action == Action::Failed && alias_reached_another(report, r) => {
            Some("an alias's member failed; the alias reached another")
        }
        Kind::Complaint
            if r.feedbacktype.as_deref().is_some_and(|t| {
                t.eq_ignore_ascii_case("auth-failure") || t.eq_ignore_ascii_case("not-spam")
            }) =>
        {
            Some("a feedback report that is no complaint")
        }
        _ => None,
    }
}

/// True when `r` failed as one member of an alias we wrote to (the engine sets its
/// Original-Recipient only when that is another address) and another member of the same alias
/// got the message (delivered, relayed or expanded): the address we wrote to works, and the dead
/// member is not ours to hold.
fn alias_reached_another(report: &Report, r: &Recipient) -> bool {
    let Some(o) = r.original_recipient.as_deref() else {
        return false;
    };
    report.recipients.iter().any(|x| {
        matches!(
            x.action,
            Action::Delivered | Action::Relayed | Action::Expanded
        ) && x
            .original_recipient
            .as_deref()
            .is_some_and(|xo| xo.eq_ignore_ascii_case(o))
    })
}

/// The known email of a failed recipient: its reported address, else the address the message was
/// sent to when the report names one (an expanded alias or forward) that is not one of `lists`
/// (see [`expanded`]), with the recipient as its event records it (under the known address).
fn by_address<'r>(
    tx: &Tx<'_>,
    r: &'r Recipient,
    lists: &[String],
) -> Result<Option<(i64, Cow<'r, Recipient>)>, DbError> {
    if let Some(m) = tx.find_contact(&r.address)? {
        return Ok(Some((m.email_id, Cow::Borrowed(r))));
    }
    if let Some(o) = r.original_recipient.as_deref()
        && !lists.contains(&o.to_ascii_lowercase())
        && let Some(m) = tx.find_contact(o)?
    {
        let mut known = r.clone();
        known.address = o.to_string();
        return Ok(Some((m.email_id, Cow::Owned(known))));
    }
    Ok(None)
}

fn undefined_recipient(address: &str) -> Recipient {
    Recipient {
        address: address.to_string(),
        action: Action::Failed,
        status: String::new(),
        replycode: String::new(),
        reason: crate::bounce::Reason::Undefined,
        hardbounce: false,
        bounce_type: Some("Syntax"),
        diagnostic: String::new(),
        feedbacktype: None,
        original_recipient: None,
        module: "none",
        decided_by: "no recipient could be decoded".into(),
    }
}

impl Prepare for BounceHandler<'_> {
    fn prepare(&self, mail: &Message<'_>) -> Ready {
        Ready::Bounce(Prepared {
            candidates: candidates(mail, &self.identity()),
            report: self.engine.classify(mail),
            date: mail.date_timestamp(),
        })
    }
}

impl Handler for BounceHandler<'_> {
    fn preparer(&self) -> Option<&(dyn Prepare + Sync)> {
        Some(self)
    }

    fn handle(&self, msg: &Incoming<'_>, tx: &Tx<'_>) -> Result<Decision, DbError> {
        let here;
        let Prepared {
            candidates: found,
            report,
            ..
        } = match msg.prepared {
            Some(Ready::Bounce(p)) => p,
            None => {
                here = self.prepare(msg.mail());
                let Ready::Bounce(p) = &here;
                p
            }
        };
        let act = actions::Act {
            config: self.config,
            account: &self.account.name,
            report,
            msg,
            tx,
        };
        let mut refused: Vec<String> = Vec::new();
        let mut verified: Option<(&Candidate, RecipientRow)> = None;
        for c in found {
            if c.action == verp::Action::Confirm {
                // c tokens name a group membership, not a recipient row.
                let contact = c.job.unwrap_or(0);
                match act.confirm(contact, c.queue, &c.hash, c.place)? {
                    Ok(d) => return Ok(d),
                    Err(why) => refused.push(why),
                }
                continue;
            }
            match tx.verify_recipient(c.job, c.queue, &c.hash)? {
                Verified::Ok(row) => {
                    verified = Some((c, row));
                    break;
                }
                Verified::NoSuchRecipient => {
                    refused.push(format!("no recipient {} (in {})", c.queue, c.place))
                }
                Verified::WrongHash => refused.push(format!(
                    "wrong hash for recipient {} (in {})",
                    c.queue, c.place
                )),
                Verified::WrongJob { row_job } => refused.push(format!(
                    "recipient {} belongs to job {row_job}, not {} (in {})",
                    c.queue,
                    c.job.unwrap_or(0),
                    c.place
                )),
            }
        }
        match verified {
            Some((c, row)) => {
                let via = format!(
                    "recipient {} of mailing {}, token in {}",
                    row.recipient_id, row.mailing_id, c.place
                );
                if c.action == verp::Action::Bounce {
                    self.for_recipient(tx, msg, &row, report, &via)
                } else {
                    act.act(c.action, &row, &via)
                }
            }
            None if !refused.is_empty() => Ok(Decision::ignored(format!(
                "verp-unverified: {}",
                refused.join("; ")
            ))),
            None => self.without_token(tx, msg, report),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_a_char_boundary() {
        assert_eq!(truncate_utf8("abc", 5), "abc");
        assert_eq!(truncate_utf8("aé", 2), "a");
        assert_eq!(truncate_utf8(&"é".repeat(400), 512).len(), 512);
    }
}
