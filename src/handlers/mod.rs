//! Handlers: one per account role, turning one parsed message into database operations and a
//! decision (processed or ignored, and why). Handlers do no file I/O of messages and never move
//! files; the pipeline does that after the commit.

pub mod actions;
pub mod activity;
pub mod bounce;

use crate::config::{Account, Config, Role};
use crate::db::{DbError, Outcome, Tx};
use crate::mail::Message;

/// One message, as the pipeline hands it to a handler.
pub struct Incoming<'a> {
    /// The ledger key (Message-ID, else body hash).
    pub key: &'a str,
    /// The file name in the maildir.
    pub file_name: &'a str,
    pub mail: &'a Message<'a>,
    /// When the message arrived (the file's modification time), seconds since the epoch.
    pub arrived: i64,
    /// The time this run records, as stored.
    pub now: &'a str,
    /// Dry run: decide, but write nothing outside the (rolled back) transaction.
    pub dry_run: bool,
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

/// The job of one account role.
pub trait Handler {
    /// Decides about one message and records what it implies through `tx`. An `Err` undoes this
    /// message's writes (the pipeline wraps each call in a savepoint).
    fn handle(&self, msg: &Incoming<'_>, tx: &Tx<'_>) -> Result<Decision, DbError>;

    /// Makes durable what `handle` wrote outside the database during this batch (the activity
    /// handler's attachment files). The pipeline calls it before it commits a batch; an `Err`
    /// rolls the batch back and stops the run, with nothing moved.
    fn before_commit(&self) -> Result<(), DbError> {
        Ok(())
    }
}

/// The handler for `account`.
pub fn for_account<'a>(config: &'a Config, account: &'a Account) -> Box<dyn Handler + 'a> {
    match account.role {
        Role::Bounce => Box::new(bounce::BounceHandler::new(config, account)),
        Role::Activity => Box::new(activity::ActivityHandler::new(config, account)),
    }
}
