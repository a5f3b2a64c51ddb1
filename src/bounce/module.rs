//! The module interface: one module per report format or mail system, registered in one ordered
//! static slice. `decode` must first check cheaply whether the message is its kind (sender,
//! subject, a header, a part's content type) and return None at once when it is not.

use super::{Action, Kind, Mail, Reason};
use super::{arf, autoreply, dsn, fallback, mta};

/// A decoder for one format or mail system.
pub trait Module: Sync {
    /// A short name, shown by `--explain`.
    fn name(&self) -> &'static str;
    /// The recipients the message reports on, or None when it is not this module's kind.
    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded>;
}

/// What a module found.
#[derive(Debug, Default)]
pub struct Decoded {
    /// The kind, when the module knows it (complaint, autoreply); else taken from the actions.
    pub kind: Option<Kind>,
    pub recipients: Vec<Found>,
}

impl Decoded {
    /// Every address failed with the same diagnostic (notices that give one reason for all);
    /// None when there is no address.
    pub fn all_failed(addresses: Vec<String>, diag: &str) -> Option<Decoded> {
        let recipients: Vec<Found> = addresses
            .into_iter()
            .map(|a| Found::failed(a, diag.to_string()))
            .collect();
        (!recipients.is_empty()).then_some(Decoded {
            kind: None,
            recipients,
        })
    }
}

/// One recipient as a module found it, before the reason is decided.
#[derive(Debug, Clone)]
pub struct Found {
    pub address: String,
    pub action: Action,
    /// The DSN status when the message gives one ("" else: found in the diagnostic later).
    pub status: String,
    /// The SMTP reply code when the module knows it ("" else: found in the diagnostic later).
    pub replycode: String,
    /// The error text for this recipient.
    pub diagnostic: String,
    /// The reason, when the format itself says (autoreply, complaint).
    pub reason: Option<Reason>,
    pub feedbacktype: Option<String>,
    /// The address the message was sent to, when the report names another one than `address`
    /// (RFC 3464 Original-Recipient of an alias or forward that was expanded).
    pub original: Option<String>,
    /// More text to match the rules against when the diagnostic decides nothing.
    pub context: Option<String>,
}

impl Found {
    pub fn failed(address: impl Into<String>, diagnostic: impl Into<String>) -> Found {
        Found {
            address: address.into(),
            action: Action::Failed,
            status: String::new(),
            replycode: String::new(),
            diagnostic: diagnostic.into(),
            reason: None,
            feedbacktype: None,
            original: None,
            context: None,
        }
    }
}

/// Every module, in the order they are tried: complaints first (they carry a returned message that
/// may look like anything), then the mail systems' own formats, then the standard delivery status
/// report, auto-replies, and last the generic text decoder for bounces in no known format.
pub static MODULES: &[&dyn Module] = &[
    &arf::Arf,
    &mta::amazonses::AmazonSes,
    &mta::googlegroups::GoogleGroups,
    &mta::gmail::Gmail,
    &mta::qmail::Qmail,
    &mta::postfix::Postfix,
    &mta::dragonfly::DragonFly,
    &mta::zoho::Zoho,
    &mta::exim::Exim,
    &mta::exchange2003::Exchange2003,
    &mta::mailmarshal::MailMarshal,
    &mta::notes::Notes,
    &mta::kddi::Kddi,
    &mta::verizon::Verizon,
    &mta::fml::Fml,
    &mta::sendmail::Sendmail,
    &dsn::Rfc3464,
    &autoreply::Rfc3834,
    &fallback::Text,
];
