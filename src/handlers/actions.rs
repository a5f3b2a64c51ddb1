//! The VERP actions besides bounces, for mail that reaches a bounce account's other addresses:
//! `u` unsubscribe from the mailing's groups, `o` opt out of all bulk mail, `e` resubscribe
//! (only when that recipient has an unsubscribe to undo), `r` a reply (recorded, and forwarded
//! when `reply_forward_command` is set), `c` confirm a pending group membership.
//!
//! Auto-replies and bounces never act: an out-of-office reply to an r-address is not a reply,
//! and a vacation message must not unsubscribe anyone.

use super::{Decision, Incoming};
use crate::bounce::{Kind, Report};
use crate::config::Config;
use crate::db::{ConfirmCheck, DbError, RecipientRow, Tx};
use crate::mail::Message;
use crate::verp::Action;

/// True for automatic mail (RFC 3834 Auto-Submitted other than "no", X-Autoreply and the like,
/// Precedence bulk/junk/list) or anything the engine calls an auto-reply or a bounce.
pub fn is_automatic(msg: &Message<'_>, report: &Report) -> Option<String> {
    match report.kind {
        Kind::Autoreply => return Some("an auto-reply".into()),
        Kind::Bounce | Kind::Delayed | Kind::Delivered | Kind::Unrecognised | Kind::Complaint => {
            return Some(format!("a {}", report.kind.as_str()));
        }
        Kind::Other => {}
    }
    for v in msg.header_texts("Auto-Submitted") {
        if !v.trim().eq_ignore_ascii_case("no") {
            return Some(format!("Auto-Submitted: {}", v.trim()));
        }
    }
    for h in ["X-Autoreply", "X-Autorespond"] {
        if !msg.header_texts(h).is_empty() {
            return Some(format!("{h} header"));
        }
    }
    for v in msg.header_texts("Precedence") {
        let v = v.trim().to_ascii_lowercase();
        if matches!(v.as_str(), "bulk" | "junk" | "list" | "auto_reply") {
            return Some(format!("Precedence: {v}"));
        }
    }
    None
}

/// One message at a VERP address, with what acting on it needs.
pub struct Act<'a, 'm> {
    pub config: &'a Config,
    /// The bounce account's name.
    pub account: &'a str,
    pub report: &'a Report,
    pub msg: &'a Incoming<'m>,
    pub tx: &'a Tx<'a>,
}

impl Act<'_, '_> {
    /// Acts on a verified `u`, `o`, `e` or `r` token of recipient `row`.
    pub fn act(&self, action: Action, row: &RecipientRow, via: &str) -> Result<Decision, DbError> {
        let Act {
            config,
            account,
            report,
            msg,
            tx,
        } = *self;
        if let Some(what) = is_automatic(msg.mail(), report) {
            return Ok(Decision::ignored(format!(
                "automatic: {what} at a `{}` address changes nothing ({via})",
                action.letter()
            )));
        }
        let (key, now) = (msg.key, msg.now);
        Ok(match action {
            Action::Unsubscribe => {
                let n = tx.unsubscribe(row, account, key, now)?;
                Decision::processed(format!("unsubscribe: removed from {n} group(s) ({via})"))
            }
            Action::OptOut => {
                tx.opt_out(row, account, key, now)?;
                Decision::processed(format!("optout: no more bulk mail ({via})"))
            }
            Action::Resubscribe => match tx.resubscribe(row, account, key, now)? {
                Some(n) => {
                    Decision::processed(format!("resubscribe: back in {n} group(s) ({via})"))
                }
                None => Decision::ignored(format!("resubscribe: no unsubscribe to undo ({via})")),
            },
            Action::Reply => {
                let command = config.bounce.reply_forward_command.trim();
                let forwarded = !command.is_empty() && !msg.dry_run;
                if forwarded {
                    crate::forward::forward(command, msg.raw)
                        .map_err(|e| DbError::Deferred(e.to_string()))?;
                }
                tx.record_reply(row, forwarded, account, key, now)?;
                Decision::processed(format!(
                    "reply: recorded{} ({via})",
                    if forwarded { " and forwarded" } else { "" }
                ))
            }
            Action::Bounce | Action::Confirm => {
                Decision::ignored(format!("verp-action-unhandled: {via}"))
            }
        })
    }

    /// Acts on a `c` token (contact id, membership id, hash); Err(why) when it does not verify.
    pub fn confirm(
        &self,
        contact: u64,
        membership: u64,
        hash: &str,
        place: &str,
    ) -> Result<Result<Decision, String>, DbError> {
        let Act {
            account,
            report,
            msg,
            tx,
            ..
        } = *self;
        let check = tx.verify_confirm(contact, membership, hash)?;
        let via = format!("membership {membership} of contact {contact}, token in {place}");
        Ok(match check {
            ConfirmCheck::NoSuchMembership => {
                Err(format!("no membership {membership} (in {place})"))
            }
            ConfirmCheck::WrongHash => Err(format!(
                "wrong hash for membership {membership} (in {place})"
            )),
            ConfirmCheck::WrongContact => Err(format!(
                "membership {membership} is not contact {contact}'s (in {place})"
            )),
            ConfirmCheck::Ok { .. } if is_automatic(msg.mail(), report).is_some() => {
                Ok(Decision::ignored(format!(
                    "automatic: {} at a `c` address changes nothing ({via})",
                    is_automatic(msg.mail(), report).unwrap_or_default()
                )))
            }
            ConfirmCheck::Ok { pending: false, .. } => Ok(Decision::processed(format!(
                "confirm: already confirmed ({via})"
            ))),
            ConfirmCheck::Ok {
                membership_id,
                pending: true,
            } => {
                tx.confirm_membership(membership_id, account, msg.key, msg.now)?;
                Ok(Decision::processed(format!(
                    "confirm: membership added ({via})"
                )))
            }
        })
    }
}
