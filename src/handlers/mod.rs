//! Handlers: one per account role, turning one parsed message into database operations and a
//! decision (processed or ignored, and why). Handlers do no file I/O of messages and never move
//! files; the pipeline does that after the commit.

pub mod actions;
pub mod activity;
pub mod bounce;

use std::cell::OnceCell;

use crate::config::{Account, Config, Role};
use crate::db::{DbError, Outcome, Tx};
use crate::mail::Message;

/// One message, as the pipeline hands it to a handler.
pub struct Incoming<'a> {
    /// The ledger key (Message-ID, else body hash).
    pub key: &'a str,
    /// The file name in the maildir.
    pub file_name: &'a str,
    /// The message's bytes (line ends fixed when they needed it).
    pub raw: &'a [u8],
    /// The parsed message, once [`Incoming::mail`] parsed it: a handler whose work was prepared
    /// ahead may never need it.
    pub parsed: OnceCell<Message<'a>>,
    /// When the message arrived (the file's modification time), seconds since the epoch.
    pub arrived: i64,
    /// The time this run records, as stored.
    pub now: &'a str,
    /// Dry run: decide, but write nothing outside the (rolled back) transaction.
    pub dry_run: bool,
    /// What the handler's [`Prepare`] worked out from the message alone, when the pipeline ran
    /// it ahead (on its reader thread); `None` means the handler works it out itself.
    pub prepared: Option<&'a Prepared>,
}

impl<'a> Incoming<'a> {
    /// The parsed message (parsed on first use).
    pub fn mail(&self) -> &Message<'a> {
        self.parsed.get_or_init(|| Message::parse(self.raw))
    }
}

/// What a handler can work out from a message alone: no database, no I/O, nothing but the
/// message and the config. The pipeline runs it on its reader thread, ahead of `handle`, so
/// parsing and classifying overlap the database work of the message before.
pub trait Prepare {
    fn prepare(&self, mail: &Message<'_>) -> Prepared;
}

/// The result of [`Prepare::prepare`], one variant per handler that has one.
pub enum Prepared {
    Bounce(bounce::Prepared),
}

/// What a handler decided about one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    /// `code` or `code: detail`; the code is what `reprocess --reason` and `status` group by.
    pub reason: String,
}

impl Decision {
    pub fn processed(reason: impl Into<String>) -> Decision {
        Decision {
            outcome: Outcome::Processed,
            reason: reason.into(),
        }
    }
    pub fn ignored(reason: impl Into<String>) -> Decision {
        Decision {
            outcome: Outcome::Ignored,
            reason: reason.into(),
        }
    }
}

/// The job of one account role. Shared with the pipeline's recorder thread, hence `Sync`.
pub trait Handler: Sync {
    /// Decides about one message and records what it implies through `tx`. An `Err` undoes this
    /// message's writes (the pipeline wraps each call in a savepoint).
    fn handle(&self, msg: &Incoming<'_>, tx: &Tx<'_>) -> Result<Decision, DbError>;

    /// Makes durable what `handle` wrote outside the database during this batch (the activity
    /// handler's attachment files). The pipeline calls it before it commits a batch; an `Err`
    /// rolls the batch back and stops the run, with nothing moved.
    fn before_commit(&self) -> Result<(), DbError> {
        Ok(())
    }

    /// The part of this handler that may run ahead on another thread, if it has one.
    fn preparer(&self) -> Option<&(dyn Prepare + Sync)> {
        None
    }
}

/// The handler for `account`.
pub fn for_account<'a>(config: &'a Config, account: &'a Account) -> Box<dyn Handler + 'a> {
    match account.role {
        Role::Bounce => Box::new(bounce::BounceHandler::new(config, account)),
        Role::Activity => Box::new(activity::ActivityHandler::new(config, account)),
    }
}
