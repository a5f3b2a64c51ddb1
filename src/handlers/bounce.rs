//! The bounce handler. For now: a message carrying one of this account's VERP tokens in To,
//! Delivered-To, X-Original-To or Envelope-To is processed, anything else is ignored. (The bounce processing issue turns this
//! into verified tokens, bounce events and holds.)

use super::{Decision, Handler, Incoming};
use crate::config::{Account, Config};
use crate::db::{DbError, Tx};
use crate::verp::Identity;

pub struct BounceHandler<'a> {
    account: &'a Account,
}

impl<'a> BounceHandler<'a> {
    pub fn new(_config: &'a Config, account: &'a Account) -> Self {
        BounceHandler { account }
    }

    fn identity(&self) -> Identity<'_> {
        Identity {
            localpart: &self.account.bounce.localpart,
            domain: &self.account.bounce.domain,
            separator: &self.account.bounce.separator,
        }
    }
}

impl Handler for BounceHandler<'_> {
    fn handle(&self, msg: &Incoming<'_>, _tx: &Tx<'_>) -> Result<Decision, DbError> {
        let id = self.identity();
        let mail = msg.mail;
        let found = mail
            .to_addresses()
            .into_iter()
            .chain(mail.header_texts("Delivered-To"))
            .chain(mail.header_texts("X-Original-To"))
            .chain(mail.header_texts("Envelope-To"))
            .find_map(|a| id.decode(a));
        Ok(match found {
            Some(t) => Decision::processed(format!(
                "verp-token: {}{s}{}{s}{}",
                t.action.letter(),
                t.job,
                t.queue,
                s = id.separator
            )),
            None => Decision::ignored("no-verp-token"),
        })
    }
}
