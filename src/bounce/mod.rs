//! The bounce engine: given one message, decide what kind it is and which recipients it reports
//! on, with reasons and bounce types. No I/O; cannot fail (degrades to kind `other`); bounded work
//! (the message view's pre-scan bounds parsing, every loop here is over parsed, capped data).
//!
//! Flow: [`Mail`] gathers what the modules look at (parts, decoded text, sender, subject) once;
//! the modules in [`module::MODULES`] are tried in order, each bailing out cheaply when the
//! message is not its kind; the first that finds recipients wins. Each recipient's reason comes
//! from the module when it knows, else from the rule set (phrases in the diagnostic), else from
//! the DSN status code.

/// `find_in!(NEEDLE, text)`: `text.find(NEEDLE)` (the first occurrence, as a byte offset) by
/// memchr's vectorised substring search, its searcher built once per call site. For the
/// modules' bail-out checks, which each look for a constant marker in the whole notice text.
macro_rules! find_in {
    ($needle:expr, $text:expr) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($needle));
        FINDER.find(str::as_bytes($text))
    }};
}

pub mod arf;
pub mod autoreply;
pub mod command;
pub mod detect;
pub mod dsn;
pub mod fallback;
pub mod module;
pub mod mta;
pub mod reason;
pub mod rules;
pub mod text;
mod warnings;

use std::borrow::Cow;

use serde::Serialize;

use crate::mail::{self, Message, Part};
use command::Command;
pub use module::{Decoded, Found, MODULES, Module};
pub use reason::Reason;
pub use rules::{RuleSet, RulesError};

/// The bounce types and their default hold thresholds (../docs bounce-types.md); 0 = never hold.
pub const BOUNCE_TYPES: &[(&str, &str, u32)] = &[
    ("AOL", "Terms of Service complaint", 1),
    ("Away", "recipient is on vacation", 30),
    ("Dns", "unable to resolve recipient domain", 3),
    ("Host", "unable to deliver to destination mail server", 3),
    ("Inactive", "user account is no longer active", 1),
    ("Invalid", "email address is not valid", 1),
    ("Loop", "mail routing error", 3),
    ("Quota", "user inbox is full", 3),
    ("Relay", "unable to reach destination mail server", 3),
    ("Spam", "message caught by a content filter", 1),
    ("Syntax", "error in SMTP transaction", 3),
    (
        "Blocked",
        "rejected because of the sender, not the recipient",
        0,
    ),
];

/// At most this many recipients are reported for one message.
pub const MAX_RECIPIENTS: usize = 1000;

/// What kind of message it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Bounce,
    Delayed,
    Delivered,
    Autoreply,
    Complaint,
    Unrecognised,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bounce => "bounce",
            Kind::Delayed => "delayed",
            Kind::Delivered => "delivered",
            Kind::Autoreply => "autoreply",
            Kind::Complaint => "complaint",
            Kind::Unrecognised => "unrecognised",
            Kind::Other => "other",
        }
    }
}

/// The DSN action for one recipient (RFC 3464).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Failed,
    Delayed,
    Delivered,
    Relayed,
    Expanded,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Failed => "failed",
            Action::Delayed => "delayed",
            Action::Delivered => "delivered",
            Action::Relayed => "relayed",
            Action::Expanded => "expanded",
        }
    }

    /// Reads an Action field value; None when it is not one of the five.
    pub fn parse(v: &str) -> Option<Action> {
        let w = v.trim().split([' ', '(', ';']).next().unwrap_or("");
        Some(match w.to_ascii_lowercase().as_str() {
            "failed" | "failure" | "fail" => Action::Failed,
            "delayed" | "delay" => Action::Delayed,
            "delivered" | "deliverable" => Action::Delivered,
            "relayed" => Action::Relayed,
            "expanded" => Action::Expanded,
            _ => return None,
        })
    }
}

/// One recipient the message reports on, decided.
#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    pub address: String,
    pub action: Action,
    pub status: String,
    pub replycode: String,
    pub reason: Reason,
    pub hardbounce: bool,
    pub bounce_type: Option<&'static str>,
    pub diagnostic: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedbacktype: Option<String>,
    /// The address the message was sent to, when the report names another (an alias or a
    /// forward expanded to `address`: RFC 3464's Original-Recipient).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_recipient: Option<String>,
    /// The module that decoded the recipient.
    #[serde(skip)]
    pub module: &'static str,
    /// What decided the reason (a rule, the status code, the module), for `--explain`.
    #[serde(skip)]
    pub decided_by: String,
}

/// The engine's verdict on one message (serialised as the `kind` and `recipients` of the
/// `parse --json` line).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kind: Kind,
    pub recipients: Vec<Recipient>,
    /// The module that decoded the recipients, when one did.
    #[serde(skip)]
    pub module: Option<&'static str>,
}

/// What the modules look at, gathered once per message.
pub struct Mail<'a> {
    pub msg: &'a Message<'a>,
    pub parts: Vec<Part<'a>>,
    /// The human-readable text of the message itself (not the original, not report parts).
    pub body: String,
    /// The From address, lower-cased ("" when none).
    pub from: String,
    /// The subject ("" when none).
    pub subject: String,
    /// The top-level content type, lower-cased `type/subtype`.
    pub content_type: String,
}

impl<'a> Mail<'a> {
    pub fn new(msg: &'a Message<'a>) -> Mail<'a> {
        let parts = msg.parts();
        let mut body = mail::body_text_of(&parts);
        if body.trim().is_empty() {
            // Broken MIME (a multipart without its boundaries): the raw body is the text.
            let broken: Vec<&str> = parts
                .iter()
                .filter(|p| p.depth == 0 && p.content_type.starts_with("multipart/"))
                .map(|p| p.text.as_ref())
                .collect();
            if !broken.is_empty() {
                body = broken.join("\n");
            } else if parts.iter().all(|p| p.text.trim().is_empty()) {
                body = mail::lossy(mail::body_bytes(msg.raw())).into_owned();
            }
        }
        let from = msg
            .from()
            .map(|(_, a)| a.to_ascii_lowercase())
            .unwrap_or_default();
        let subject = msg.subject().unwrap_or("").to_string();
        let content_type = msg
            .inner()
            .and_then(|m| mail_parser::MimeHeaders::content_type(m))
            .map(|ct| match ct.subtype() {
                Some(s) => format!("{}/{}", ct.ctype(), s).to_ascii_lowercase(),
                None => ct.ctype().to_ascii_lowercase(),
            })
            .unwrap_or_default();
        Mail {
            msg,
            parts,
            body,
            from,
            subject,
            content_type,
        }
    }

    /// The first value of header `name` of the message itself.
    pub fn header(&self, name: &str) -> Option<Cow<'a, str>> {
        self.msg.header_texts(name).into_iter().next()
    }

    /// The depth-0 parts of this content type (lower-case).
    pub fn parts_of<'s>(&'s self, ct: &'s str) -> impl Iterator<Item = &'s Part<'a>> + 's {
        self.parts
            .iter()
            .filter(move |p| p.depth == 0 && p.content_type == ct)
    }

    /// Whether any part, at any depth, is a delivery status report (then the `dsn` module
    /// reads it, and the text-notice modules step aside).
    pub fn has_dsn_part(&self) -> bool {
        self.parts
            .iter()
            .any(|p| dsn::DSN_TYPES.contains(&p.content_type.as_str()))
    }
}

/// The classifier: a rule set (built-in, or with the user's files in front).
pub struct Engine<'r> {
    rules: &'r RuleSet,
}

impl Default for Engine<'static> {
    fn default() -> Self {
        Engine {
            rules: RuleSet::builtin(),
        }
    }
}

impl<'r> Engine<'r> {
    pub fn new(rules: &'r RuleSet) -> Engine<'r> {
        Engine { rules }
    }

    /// Classifies one message. Never fails.
    pub fn classify(&self, msg: &Message<'_>) -> Report {
        let mail = Mail::new(msg);
        if detect::is_disposition_notification(&mail) {
            // A read receipt's Final-Recipient is the reader, not a failed address.
            return Report {
                kind: Kind::Other,
                recipients: Vec::new(),
                module: None,
            };
        }
        for m in MODULES {
            let Some(d) = m.decode(&mail) else { continue };
            if d.recipients.is_empty() {
                continue;
            }
            // One entry per address and action (a report may repeat a recipient).
            let mut seen = std::collections::HashSet::new();
            // A notice without delivery status fields that says it is only a warning ("THIS IS
            // A WARNING MESSAGE ONLY", "Will keep trying"): its temporary errors are delays.
            // Read only when a temporary failure is there to be changed (it scans the text).
            let reads_warnings = !matches!(m.name(), "arf" | "rfc3834" | "rfc3464" | "amazonses");
            let mut warning = None;
            let recipients: Vec<Recipient> = d
                .recipients
                .into_iter()
                .map(|mut f| {
                    if reads_warnings
                        && f.action == Action::Failed
                        && !permanent(&f)
                        && *warning.get_or_insert_with(|| warnings::is_warning_notice(&mail))
                    {
                        f.action = Action::Delayed;
                    }
                    f
                })
                .filter(|f| f.address.is_empty() || seen.insert((f.address.clone(), f.action)))
                .take(MAX_RECIPIENTS)
                .map(|f| self.decide(f, m.name(), &mail))
                .collect();
            let kind = d.kind.unwrap_or_else(|| kind_of(&recipients));
            return Report {
                kind,
                recipients,
                module: Some(m.name()),
            };
        }
        let kind = if detect::looks_like_bounce(&mail) {
            Kind::Unrecognised
        } else {
            Kind::Other
        };
        Report {
            kind,
            recipients: Vec::new(),
            module: None,
        }
    }

    /// Decides reason, status, reply code and flags for one found recipient.
    fn decide(&self, f: Found, module: &'static str, mail: &Mail<'_>) -> Recipient {
        let diag_norm = rules::normalise(&f.diagnostic);
        let mut status = f.status.trim().to_string();
        if status.is_empty() {
            status = text::find_reply_status(&diag_norm).unwrap_or_default();
        } else if let Some(s) = text::find_reply_status(&diag_norm)
            .filter(|s| s.as_bytes()[0] == status.as_bytes()[0] && !s.ends_with(".0.0"))
        {
            // The remote server's own status (in its reply) is more precise than the one the
            // reporting MTA chose for the report.
            status = s;
        }
        let mut replycode = f.replycode.trim().to_string();
        if replycode.is_empty() {
            replycode = text::find_replycode(&diag_norm).unwrap_or_default();
        }
        // No diagnostic, or only a program's exit status ("X-Unix; 71").
        let no_reply = diag_norm.bytes().all(|b| b.is_ascii_digit());
        if replycode.is_empty()
            && no_reply
            && let Some(ctx) = f.context.as_deref()
        {
            // No diagnostic: an error reply in the notice's transcript ("421 host (smtp)...").
            let reply = ctx.lines().map(str::trim_start).find(|l| {
                (l.starts_with('4') || l.starts_with('5'))
                    && text::find_replycode(l).is_some_and(|c| l.starts_with(c.as_str()))
            });
            replycode = reply.and_then(text::find_replycode).unwrap_or_default();
            // ... and its status when the report gives none or only a class ("452 4.3.1
            // Insufficient ...", "554 5.3.0 unknown mailer error 255" for a 5.0.0).
            if (status.is_empty() || status.ends_with(".0.0"))
                && let Some(st) = reply
                    .and_then(text::find_reply_status)
                    .filter(|s| s.as_bytes()[0] == replycode.as_bytes()[0])
            {
                status = st;
            }
        }
        // A relay's own error quoting the remote reply in angle brackets ("554 4.4.7 Message
        // expired ... <421 4.4.2 Connection timed out>"): the quoted reply is the real one.
        if let Some((code, st)) = quoted_reply(&diag_norm)
            && f.replycode.trim().is_empty()
        {
            replycode = code;
            if let Some(st) = st.filter(|s| s.as_bytes()[0] == replycode.as_bytes()[0]) {
                status = st;
            }
        }
        let action = f.action;
        if f.replycode.trim().is_empty() && !replycode.is_empty() && !status.is_empty() {
            let reply_status = text::find_reply_status(&diag_norm);
            if action == Action::Failed
                && status.starts_with('4')
                && replycode.starts_with('5')
                && let Some(st) = reply_status.filter(|s| s.starts_with('5'))
            {
                // A failure the report gives a temporary status while the remote's reply is a
                // consistent permanent one ("550 5.5.0 ..."): the reply says what happened.
                status = st;
            } else if replycode.as_bytes()[0] != status.as_bytes()[0] {
                // A reply code of another class than the status contradicts it ("550 4.4.7"):
                // the status stands, the code is not reported.
                replycode.clear();
            }
        }
        // A relay that words the status itself and quotes the remote reply ("5.1.0 - Unknown
        // address error 550-'5.7.1 ... access denied'"): the relay's words only name the status
        // class it chose, the quoted reply says what happened.
        let rule_text = relayed_reply(&diag_norm).unwrap_or_else(|| diag_norm.clone());
        let (reason, decided_by) = if let Some(r) = f.reason {
            (r, format!("module {module}"))
        } else if matches!(
            action,
            Action::Delivered | Action::Relayed | Action::Expanded
        ) {
            (Reason::Delivered, format!("action {}", action.as_str()))
        } else if let Some(rule) = self.rules.first_match(&rule_text) {
            (rule.reason, format!("rule {}", rule.describe()))
        } else if let Some(rule) = diag_norm
            .is_empty()
            .then_some(())
            .and(f.context.as_deref())
            .map(context_text)
            .and_then(|t| self.rules.first_match(&t).cloned())
        {
            (
                rule.reason,
                format!("rule {} (in context)", rule.describe()),
            )
        } else if let Some(r) = Reason::from_status(&status).filter(|r| *r != Reason::Delivered) {
            (r, format!("status {status}"))
        } else if let Some(rule) = f
            .context
            .as_deref()
            .map(context_text)
            .and_then(|t| self.rules.first_match(&t).cloned())
        {
            (
                rule.reason,
                format!("rule {} (in context)", rule.describe()),
            )
        } else if action == Action::Delayed {
            (Reason::Expired, "action delayed".to_string())
        } else if status.is_empty() && diag_norm.is_empty() {
            (Reason::Undefined, "nothing matched".to_string())
        } else {
            (Reason::OnHold, "nothing matched".to_string())
        };
        // A content filter's coarse verdict in the diagnostic ("Reject - SPAM") gives way to a
        // specific finding its notice states ("Duplicate header field").
        let (reason, decided_by) = match f.context.as_deref() {
            Some(ctx)
                if matches!(
                    reason,
                    Reason::SpamDetected | Reason::PolicyViolation | Reason::ContentError
                ) && decided_by.starts_with("rule builtin:")
                    && !decided_by.starts_with(SPECIFIC)
                    && !decided_by.ends_with("(in context)") =>
            {
                match self.rules.first_match_in(SPECIFIC_FILE, &context_text(ctx)) {
                    Some(rule) if rule.reason != reason => (
                        rule.reason,
                        format!("rule {} (in the notice)", rule.describe()),
                    ),
                    _ => (reason, decided_by),
                }
            }
            _ => (reason, decided_by),
        };
        // A failure the local delivery program reported (Diagnostic-Code type X-Unix) that no
        // rule places is the program's.
        let x_unix_vague = match reason {
            Reason::SystemError | Reason::OnHold | Reason::Undefined => true,
            // x.5.x is about the SMTP protocol, which a local program does not speak.
            Reason::SyntaxError => decided_by.starts_with("status"),
            _ => false,
        };
        let (reason, decided_by) = if x_unix_vague
            && !decided_by.starts_with(SPECIFIC)
            && f.context
                .as_deref()
                .is_some_and(|c| c.starts_with("x-unix; "))
        {
            (Reason::MailerError, format!("{decided_by}, then x-unix"))
        } else {
            (reason, decided_by)
        };
        // A rule of the specific file is definite: the SMTP stage does not override it.
        let definite = decided_by.starts_with(SPECIFIC);
        // A temporary failure to find the domain is a network problem, not a missing domain.
        let mut reason = if reason == Reason::HostUnknown && status.starts_with('4') {
            Reason::NetworkError
        } else {
            reason
        };
        let mut decided_by = decided_by;
        // A temporary refusal cannot tell that the mailbox does not exist: a generic phrase
        // ("Recipient address rejected: Greylisted", "... mailbox unavailable, try later") with
        // a 4.x.x status that is not about the address (x.1.x) decides nothing, and an Invalid
        // reason would hold the address at its first bounce.
        // So does a permanent reply that calls itself temporary ("550 Mailbox temporarily
        // unavailable, try again later").
        let temporary_status =
            status.starts_with('4') || (status.is_empty() && replycode.starts_with('4'));
        let temporary = temporary_status || says_temporary(&diag_norm);
        // Likewise a mailbox the reply itself calls disabled only for now ("450 4.2.1 Mailbox
        // temporarily disabled"): not a closed account.
        let temporary_suspension = reason == Reason::Suspend && says_temporary(&diag_norm);
        if f.reason.is_none()
            && !definite
            && temporary
            && (matches!(reason, Reason::UserUnknown | Reason::HasMoved) || temporary_suspension)
            && status.get(1..3) != Some(".1")
        {
            decided_by = if temporary_status {
                format!("{decided_by}, but a temporary status")
            } else {
                format!("{decided_by}, but the reply calls it temporary")
            };
            reason = Reason::OnHold;
        }
        // A content filter that only deferred the message ("451 4.7.1 Spam suspected, please
        // try again later"): it never refused it for good, and a Spam verdict would hold the
        // address at its first bounce once the queue gives up. The deferral decides nothing.
        if f.reason.is_none()
            && !definite
            && temporary
            && matches!(
                reason,
                Reason::SpamDetected
                    | Reason::PolicyViolation
                    | Reason::Filtered
                    | Reason::ContentError
            )
        {
            decided_by = if temporary_status {
                format!("{decided_by}, but a temporary status")
            } else {
                format!("{decided_by}, but the reply calls it temporary")
            };
            reason = Reason::OnHold;
        }
        // A vague temporary error ("Resources temporarily unavailable, please try again later")
        // after which the reporting MTA stopped retrying ("I'm not going to try again; this
        // message has been in the queue too long"): the error names no cause, the queue's
        // lifetime ended the delivery. A cause the error does name (no connection, mailbox
        // full, a block) stays the reason.
        if f.reason.is_none()
            && !definite
            && action == Action::Failed
            && temporary
            && matches!(
                reason,
                Reason::SystemError | Reason::OnHold | Reason::Undefined
            )
            && gave_up_retrying(&diag_norm)
        {
            decided_by = format!("{decided_by}, then the retries given up");
            reason = Reason::Expired;
        }
        // The SMTP command the error answered says whose fault it is when the text does not.
        let vague = matches!(
            reason,
            Reason::UserUnknown
                | Reason::HostUnknown
                | Reason::OnHold
                | Reason::Undefined
                | Reason::SystemError
                | Reason::Suspend
                | Reason::SyntaxError
                | Reason::SpamDetected
                | Reason::PolicyViolation
                | Reason::Filtered
                | Reason::ContentError
                | Reason::VirusDetected
        );
        if f.reason.is_none() && action == Action::Failed && !definite && vague {
            let cmd = command::of(&f.diagnostic, f.context.as_deref(), &f.address);
            let cmd = match cmd {
                // A filtering gateway's "no such user" is its recipient filter speaking.
                None if is_filter_gateway(mail) => Some(Command::Data),
                c => c,
            };
            let adjusted = match (cmd, reason) {
                // The recipient was accepted at RCPT: a refusal after DATA is a filter's.
                // (unless the report's own status says the mailbox does not exist).
                (Some(Command::Data), Reason::UserUnknown)
                    if !f.status.ends_with(".1.1") && !status.ends_with(".1.1") =>
                {
                    Some(Reason::Filtered)
                }
                // No command shown, but the status says the mailbox exists and refuses (x.2.x)
                // or that the mail system or a policy refused (x.3.x, x.7.x): the "unknown user"
                // is a filter's wording, not a missing mailbox.
                (None, Reason::UserUnknown)
                    if matches!(status.split('.').nth(1), Some("2" | "3" | "7")) =>
                {
                    Some(Reason::Filtered)
                }
                (
                    Some(Command::Mail),
                    Reason::OnHold | Reason::Undefined | Reason::UserUnknown | Reason::HostUnknown,
                ) => Some(Reason::Rejected),
                // Refused by policy before the message was sent (at connection, MAIL or
                // RCPT): no content was judged, the site's policy refused the sender or its
                // host. The status says which when it is a security one (x.7.x).
                (Some(Command::Connect | Command::Mail | Command::Rcpt), Reason::PolicyViolation) => {
                    Some(
                        Reason::from_status(&status)
                            .filter(|r| *r == Reason::SecurityError)
                            .unwrap_or(Reason::Blocked),
                    )
                }
                (
                    Some(Command::Connect),
                    Reason::OnHold
                    | Reason::Undefined
                    | Reason::SystemError
                    | Reason::Suspend
                    // No command was sent yet: a "syntax error" status cannot be about one.
                    | Reason::SyntaxError
                    // Nor any content: "Blocked for spam" in a greeting is about the sending
                    // host, and these reasons would hold the address. (A policy refusal there
                    // is placed by the arm above.)
                    | Reason::SpamDetected
                    | Reason::Filtered
                    | Reason::ContentError
                    | Reason::VirusDetected,
                ) => Some(Reason::Blocked),
                _ => None,
            };
            if let Some(r) = adjusted {
                decided_by = format!("{decided_by}, then the SMTP command ({cmd:?})");
                reason = r;
            }
        }
        // A refusal that names the sender's address and not the recipient's ("550 You cannot
        // send e-mail to yourself (sender)", "553 <sender>... Domain of sender does not exist")
        // is about the sender.
        if f.reason.is_none()
            && action == Action::Failed
            && !definite
            && matches!(
                reason,
                Reason::OnHold
                    | Reason::Undefined
                    | Reason::UserUnknown
                    | Reason::Filtered
                    | Reason::Suspend
                    | Reason::SystemError
            )
            // A status that says the recipient's mailbox is bad keeps it about the recipient.
            && !(reason == Reason::UserUnknown && status.get(1..5) == Some(".1.1"))
            && names_sender_only(&f.diagnostic, &f.address, mail)
        {
            decided_by = format!("{decided_by}, then the sender's address in the reply");
            reason = Reason::Rejected;
        }
        // Size limits: x.2.3 is the recipient's limit, x.3.4 the system's.
        if reason == Reason::MesgTooBig && status.get(1..) == Some(".2.3") {
            reason = Reason::ExceedLimit;
        }
        let hardbounce = reason.is_hard(&status);
        Recipient {
            address: f.address,
            action,
            status,
            replycode,
            reason,
            hardbounce,
            bounce_type: reason.bounce_type(),
            diagnostic: f.diagnostic.trim().to_string(),
            feedbacktype: f.feedbacktype,
            original_recipient: f.original,
            module,
            decided_by,
        }
    }
}

/// The reporting MTA's words for having stopped retrying a temporary error because the message
/// is too old (qmail's "I'm not going to try again; this message has been in the queue too
/// long"), in a normalised (lower-cased) diagnostic.
fn gave_up_retrying(diag: &str) -> bool {
    [
        "in the queue too long",
        "too long in queue",
        "not going to try again",
    ]
    .iter()
    .any(|p| diag.contains(p))
}

/// True when a (normalised) diagnostic calls the failure temporary: "try again later", "retry
/// later", or a word starting "temporar" that is its own word, not a host name and not denied
/// ("contemporary", "temporary-mx.example", "not a temporary error" are not).
fn says_temporary(diag: &str) -> bool {
    if ["try again later", "retry later"]
        .iter()
        .any(|p| diag.contains(p))
    {
        return true;
    }
    let b = diag.as_bytes();
    diag.match_indices("temporar").any(|(i, _)| {
        let in_word = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.');
        let word_end = b[i..]
            .iter()
            .position(|&c| !in_word(c))
            .map_or(b.len(), |n| i + n);
        let word = diag[i..word_end].trim_end_matches('.');
        let before = &diag[..i];
        (i == 0 || !in_word(b[i - 1]))
            && word.bytes().all(|c| c.is_ascii_alphabetic())
            && !before.ends_with("not ")
            && !before.ends_with("not a ")
    })
}

/// The last reply quoted in angle brackets at the end of a diagnostic: its code and status.
fn quoted_reply(diag: &str) -> Option<(String, Option<String>)> {
    let inner = diag.trim_end().strip_suffix('>')?;
    let start = inner.rfind('<')?;
    let quoted = &inner[start + 1..];
    let code = quoted.get(..3)?;
    if !(code.starts_with('4') || code.starts_with('5'))
        || !code.bytes().all(|b| b.is_ascii_digit())
        || quoted.as_bytes().get(3) != Some(&b' ')
    {
        return None;
    }
    Some((code.to_string(), text::find_status(quoted)))
}

/// The remote reply a relay quotes after its own wording of the status: "5.3.0 - Other mail
/// system problem 550-'Unknown user address'" gives "550 unknown user address".
fn relayed_reply(diag: &str) -> Option<String> {
    let (head, rest) = diag.split_once(" - ")?;
    text::find_status(head).filter(|s| s.as_str() == head.trim())?;
    let b = rest.as_bytes();
    let start = (0..b.len().saturating_sub(4)).find(|&i| {
        matches!(b[i], b'4' | b'5')
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && (i == 0 || b[i - 1] == b' ')
            && matches!(b[i + 3], b'-' | b' ')
            && b[i + 4] == b'\''
    })?;
    let inner = &rest[start + 5..];
    let inner = &inner[..inner.rfind('\'').unwrap_or(inner.len())];
    Some(format!("{} {}", &rest[start..start + 3], inner.trim()))
}

/// The start of a recipient's context (the notice text), normalised for the rules: the error is
/// stated near the top, and the rules scan every byte they are given.
fn context_text(t: &str) -> String {
    let mut end = t.len().min(CONTEXT_BYTES);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    rules::normalise(&t[..end])
}

/// The built-in file of definite rules, and how `decided_by` starts when one of them decided.
const SPECIFIC_FILE: &str = "builtin:specific.toml";
const SPECIFIC: &str = "rule builtin:specific.toml";

/// How much of a notice the rules read when the diagnostic decides nothing.
const CONTEXT_BYTES: usize = 2048;

/// True when `diag` names the sender of the returned message (the notice's addressee, the
/// original's Return-Path or From) and not the recipient.
fn names_sender_only(diag: &str, recipient: &str, mail: &Mail<'_>) -> bool {
    if !diag.contains('@') {
        return false;
    }
    let named = text::addresses(diag);
    let recipient = recipient.to_ascii_lowercase();
    if named.is_empty() || named.contains(&recipient) {
        return false;
    }
    let mut senders: Vec<String> = mail
        .msg
        .to_addresses()
        .iter()
        .map(|a| a.to_ascii_lowercase())
        .collect();
    if let Some(o) = mail::original_of(&mail.parts) {
        for h in ["Return-Path", "From"] {
            if let Some(v) = o.header(h) {
                senders.extend(text::addresses(v));
            }
        }
    }
    named.iter().any(|a| senders.contains(a))
}

/// True for notices from mail filtering gateways that stand in front of the mailbox host (McAfee,
/// m-FILTER, SurfControl, MXLogic, ActiveHunter, MailFoundry), told by their own headers.
fn is_filter_gateway(mail: &Mail<'_>) -> bool {
    mail.header("X-NAI-Header").is_some()
        || mail.header("X-AHMAILID").is_some()
        || mail.from.ends_with(".mxlogic.net")
        || own_headers(mail).windows(13).any(|w| w == b"(MAILFOUNDRY)")
        || mail
            .header("X-Mailer")
            .is_some_and(|m| m.contains("m-FILTER") || m.contains("SurfControl"))
}

/// The raw header block of the message itself (before its body).
fn own_headers<'m>(mail: &Mail<'m>) -> &'m [u8] {
    let raw = mail.msg.raw();
    &raw[..raw.len() - mail::body_bytes(raw).len()]
}

/// True when a found recipient's error is stated as permanent (a 5.x.x status or 5xx reply).
fn permanent(f: &Found) -> bool {
    f.status.starts_with('5')
        || f.replycode.starts_with('5')
        || text::find_replycode(&f.diagnostic).is_some_and(|c| c.starts_with('5'))
        || text::find_status(&f.diagnostic).is_some_and(|s| s.starts_with('5'))
}

/// The kind a list of decided recipients makes.
fn kind_of(rs: &[Recipient]) -> Kind {
    if rs.iter().any(|r| r.action == Action::Failed) {
        Kind::Bounce
    } else if rs.iter().any(|r| r.action == Action::Delayed) {
        Kind::Delayed
    } else {
        Kind::Delivered
    }
}

/// Classifies with the built-in rules.
pub fn classify(msg: &Message<'_>) -> Report {
    Engine::default().classify(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message file under `dir`, recursively.
    fn files_in(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files_in(&p, out);
            } else if p.extension().is_some_and(|x| x == "eml") {
                out.push(p);
            }
        }
    }

    /// What the parse gives the places a VERP token is looked for in (`verp::candidates`): the
    /// To addresses, the token-carrying fields, and the original's Return-Path,
    /// X-CiviMail-Bounce and Message-ID.
    fn token_places(m: &Message<'_>) -> Vec<String> {
        let mut out: Vec<String> = m.to_addresses().into_iter().map(String::from).collect();
        for name in [
            "Delivered-To",
            "X-Original-To",
            "Envelope-To",
            "X-CiviMail-Bounce",
        ] {
            out.extend(m.header_texts(name).into_iter().map(|v| v.into_owned()));
        }
        if let Some(o) = m.original() {
            out.extend(o.return_path());
            out.extend(o.civimail_bounce());
            out.extend(o.message_id().map(String::from));
        }
        out
    }

    /// Not parsing the returned message's body (`Message::parse_report`) changes no verdict:
    /// the engine reads only the returned message's header block.
    #[test]
    fn the_returned_body_is_never_read() {
        let mut files = Vec::new();
        files_in(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata")),
            &mut files,
        );
        assert!(files.len() > 800, "{}", files.len());
        let engine = Engine::default();
        let mut cut = 0;
        for f in &files {
            let raw = std::fs::read(f).unwrap();
            let raw = mail::fix_line_ends(&raw);
            if mail::prescan::returned_headers_end(&raw).is_some() {
                cut += 1;
            }
            let verdict = |m: &Message<'_>| {
                let r = engine.classify(m);
                (
                    serde_json::to_string(&r).unwrap(),
                    r.module,
                    token_places(m),
                )
            };
            let whole = Message::parse(&raw);
            // mail-parser's debug assertions trip on some fuzzed input (release builds parse
            // it); the cut parse may never reach the spot, so such input is not compared.
            if cfg!(debug_assertions) && !whole.is_parsed() {
                continue;
            }
            assert_eq!(
                verdict(&whole),
                verdict(&Message::parse_report(&raw)),
                "{}",
                f.display()
            );
        }
        assert!(cut > 300, "{cut}");
    }

    /// The reports of the corpus changed the ways a cut could lose something (a part or a status
    /// part after the returned message, an epilogue, an ARF marker in its body, empty lines or
    /// an mbox line before its header block, forwarded with a part after it or last, cut short
    /// anywhere): `parse_report` classifies each as the whole parse does.
    #[test]
    fn changed_reports_read_the_same_cut_or_whole() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/sisimai/maildir/bsd");
        let engine = Engine::default();
        let verdict = |m: &Message<'_>| {
            let r = engine.classify(m);
            (
                serde_json::to_string(&r).unwrap(),
                r.module,
                token_places(m),
            )
        };
        let find = |h: &[u8], n: &[u8]| memchr::memmem::find(h, n);
        let mut variants = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let raw = std::fs::read(e.unwrap().path()).unwrap();
            if find(&raw, b"delivery-status").is_none() {
                continue;
            }
            let mut out: Vec<Vec<u8>> = Vec::new();
            let cat = |parts: &[&[u8]]| parts.concat();
            // The last close delimiter: a line "--boundary--".
            let close = raw
                .split_inclusive(|&b| b == b'\n')
                .scan(0, |at, l| {
                    *at += l.len();
                    Some((*at - l.len(), l.trim_ascii_end()))
                })
                .filter(|(_, l)| l.len() > 4 && l.starts_with(b"--") && l.ends_with(b"--"))
                .last();
            if let Some((at, line)) = close {
                let open = &line[..line.len() - 2];
                let footer = b"\nContent-Type: text/plain\n\n552 5.2.2 mailbox full, over quota\n";
                let status = b"\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; zz@zz.example\nAction: failed\nStatus: 5.1.1\n";
                out.push(cat(&[&raw[..at], open, footer, &raw[at..]]));
                out.push(cat(&[&raw[..at], open, status, &raw[at..]]));
                out.push(cat(&[&raw, b"epilogue: 550 user unknown\n"]));
            }
            if let Some(m) = find(&raw, b"Content-Type: message/rfc822") {
                for k in 1..4 {
                    out.push(raw[..m + (raw.len() - m) * k / 4].to_vec());
                }
                if let Some(h) = find(&raw[m..], b"\n\n").map(|h| m + h + 2) {
                    out.push(cat(&[&raw[..h], b"\n", &raw[h..]]));
                    out.push(cat(&[
                        &raw[..h],
                        b"From x@y Mon Jan  1 10:00:00 2024\n\n",
                        &raw[h..],
                    ]));
                }
                let t = raw.len() - raw.len().min(40);
                out.push(cat(&[
                    &raw[..t],
                    b"\nX-HmXmrOriginalRecipient: <zz@zz.example>\n",
                    &raw[t..],
                ]));
            }
            let head: &[u8] =
                b"From: a@x.example\nTo: b@x.example\nSubject: fwd\nMIME-Version: 1.0\n\
Content-Type: multipart/mixed; boundary=\"WRAP\"\n\n";
            out.push(cat(&[
                head,
                b"--WRAP\nContent-Type: message/rfc822\n\n",
                &raw,
                b"\n--WRAP\nContent-Type: text/plain\n\n550 5.1.1 user unknown\n--WRAP--\n",
            ]));
            out.push(cat(&[head, b"--WRAP\nContent-Type: text/plain\n\nbelow\n--WRAP\nContent-Type: message/rfc822\n\n", &raw, b"\n--WRAP--\n"]));
            for v in &out {
                let v = mail::fix_line_ends(v);
                assert_eq!(
                    verdict(&Message::parse(&v)),
                    verdict(&Message::parse_report(&v)),
                    "{}",
                    String::from_utf8_lossy(&v)
                );
            }
            variants += out.len();
        }
        assert!(variants > 1000, "{variants}");
    }

    #[test]
    fn a_reply_calls_itself_temporary() {
        for d in [
            "550 mailbox temporarily unavailable, please try again later",
            "550 temporary failure.",
            "temporarily disabled",
            "554 please retry later",
        ] {
            assert!(says_temporary(d), "{d}");
        }
        for d in [
            "550 no such user here at contemporary-arts.example",
            "550 mailbox unavailable: user unknown (temporary-mx.example)",
            "550 no such user. this is a permanent error, not a temporary one",
            "550 user unknown; please retry with a valid address",
            "550 no such user",
        ] {
            assert!(!says_temporary(d), "{d}");
        }
    }

    /// A DSN of one failed recipient with this status and diagnostic.
    fn one_failure(status: &str, diag: &str) -> Report {
        let raw = format!(
            "From: MAILER-DAEMON@x.example\nSubject: Undelivered Mail\nMIME-Version: 1.0\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n\
             --b\nContent-Type: text/plain\n\nfailed\n\
             --b\nContent-Type: message/delivery-status\n\n\
             Reporting-MTA: dns; x.example\n\n\
             Final-Recipient: rfc822; a@y.example\nAction: failed\nStatus: {status}\n\
             Diagnostic-Code: smtp; {diag}\n\n--b--\n"
        );
        classify(&Message::parse(raw.as_bytes()))
    }

    #[test]
    fn a_mailbox_disabled_for_now_is_not_suspended() {
        let r = one_failure(
            "4.2.1",
            "450 4.2.1 <a@y.example>: Mailbox temporarily disabled",
        );
        assert_eq!(r.recipients[0].reason, Reason::OnHold);
        let r = one_failure("5.2.1", "550 5.2.1 <a@y.example>: Mailbox disabled");
        assert_eq!(r.recipients[0].reason, Reason::Suspend);
    }

    #[test]
    fn quoted_remote_reply() {
        assert_eq!(
            quoted_reply(
                "554 4.4.7 message expired: unable to deliver.<421 4.4.2 connection timed out>"
            ),
            Some(("421".to_string(), Some("4.4.2".to_string())))
        );
        assert_eq!(quoted_reply("550 5.1.1 <address>... user unknown"), None);
    }
}
