//! The activity handler: files correspondence that reaches an activity account as one activity on
//! the contacts of its header fields (source, targets, assignees), with its subject, date, text
//! and HTML, thread (parent activity), case reference and attachments.
//!
//! Order of work for one message: the header guards (spam, automated mail, list mail, case
//! token), the duplicate check (one activity per Message-ID and account), the contacts (matched,
//! or created when the account may), then the attachments (written to the store; made durable in
//! `before_commit`, before the pipeline commits the batch), the activity row and its links. Nothing is written for a message that is
//! ignored. Submodules do no I/O; the attachment store (`crate::attachments`) is the one file
//! writer, and is skipped in a dry run.

mod content;
mod guards;
mod html;
pub mod names;

use std::collections::HashMap;

use super::{Decision, Handler, Incoming};
use crate::attachments::{self, Store};
use crate::config::{Account, Config, Field};
use crate::db::{DbError, NewActivity, NewAttachment, NewContact, Tx, match_form};
use crate::timefmt;

pub use guards::case_token;
use guards::{AddressRules, Standing};

pub struct ActivityHandler<'a> {
    account: &'a Account,
    rules: AddressRules<'a>,
    store: Store,
}

impl<'a> ActivityHandler<'a> {
    pub fn new(config: &'a Config, account: &'a Account) -> Self {
        ActivityHandler {
            account,
            rules: AddressRules::new(config, &account.activity),
            store: Store::new(&config.attachments_dir),
        }
    }
}

/// A contact's part in an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Target,
    Assignee,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Target => "target",
            Role::Assignee => "assignee",
        }
    }
}

/// The (display name, address) pairs of a header field, in order.
fn field_addresses<'m>(
    m: &'m mail_parser::Message<'m>,
    f: Field,
) -> Vec<(Option<&'m str>, &'m str)> {
    let name = match f {
        Field::From => mail_parser::HeaderName::From,
        Field::To => mail_parser::HeaderName::To,
        Field::Cc => mail_parser::HeaderName::Cc,
        Field::Bcc => mail_parser::HeaderName::Bcc,
        Field::ReplyTo => mail_parser::HeaderName::ReplyTo,
        Field::Sender => mail_parser::HeaderName::Sender,
    };
    m.header_values(name)
        .filter_map(|v| v.as_address())
        .flat_map(|a| a.iter())
        .filter_map(|a| Some((a.name(), a.address()?)))
        .collect()
}

impl Handler for ActivityHandler<'_> {
    fn handle(&self, msg: &Incoming<'_>, tx: &Tx<'_>) -> Result<Decision, DbError> {
        let a = &self.account.activity;
        let Some(m) = msg.mail().inner() else {
            return Ok(Decision::ignored("unparseable: no message header found"));
        };
        let subject = content::one_line(msg.mail().subject().unwrap_or(""));
        let headers: Vec<(&str, &str)> = m.headers_raw().collect();
        if let Some(reason) = guards::reject(&headers, &subject, a) {
            return Ok(Decision::ignored(reason));
        }
        let message_id = msg.mail().message_id();
        if let Some(mid) = message_id
            && let Some(id) = tx.activity_by_message_id(&self.account.name, mid)?
        {
            return Ok(Decision::processed(format!(
                "duplicate: already filed as activity {id}"
            )));
        }

        // The contacts, each resolved once per message.
        let mut wanted: Vec<(Role, Option<&str>, &str)> = Vec::new();
        if let Some((n, addr)) = field_addresses(m, a.source).into_iter().next() {
            wanted.push((Role::Source, n, addr));
        }
        for (role, fields) in [(Role::Target, &a.targets), (Role::Assignee, &a.assignees)] {
            for f in fields {
                for (n, addr) in field_addresses(m, *f) {
                    wanted.push((role, n, addr));
                }
            }
        }
        let mut resolved: HashMap<String, Option<i64>> = HashMap::new();
        let mut links: Vec<(Role, i64)> = Vec::new();
        for (role, name, address) in &wanted {
            let lc = match_form(address);
            let contact = match resolved.get(&lc) {
                Some(c) => *c,
                None => {
                    let c = self.resolve(tx, msg, *name, &lc, address)?;
                    resolved.insert(lc, c);
                    c
                }
            };
            if let Some(c) = contact
                && !links.contains(&(*role, c))
            {
                links.push((*role, c));
            }
        }
        if links.is_empty() {
            let why = if wanted.is_empty() {
                "the message names no address".to_string()
            } else if a.create_contacts {
                format!(
                    "none of its {} addresses may become a contact",
                    resolved.len()
                )
            } else {
                format!("none of its {} addresses is a contact", resolved.len())
            };
            return Ok(Decision::ignored(format!("no-known-contact: {why}")));
        }

        // Threads: In-Reply-To, then References from the nearest ancestor back.
        let in_reply_to = content::ids(m.in_reply_to());
        let references = content::ids(m.references());
        let mut ancestors: Vec<&str> = in_reply_to.iter().map(String::as_str).collect();
        ancestors.extend(references.iter().rev().map(String::as_str));
        ancestors.retain(|id| Some(*id) != message_id);
        let parent_id = tx.thread_parent(&self.account.name, &ancestors)?;

        // Attachments: stored now, durable (`before_commit`) before the batch naming them commits.
        let mut kept = Vec::new();
        let mut dropped = Vec::new();
        for part in content::attachments(m) {
            let name = match part.name {
                None if part.mime_type == "message/rfc822" => "message.eml".to_string(),
                n => attachments::sanitise_name(n),
            };
            let size = part.content.len() as u64;
            if size > a.max_attachment_bytes {
                dropped.push(format!(
                    "{name} ({size} bytes): larger than max_attachment_bytes {}",
                    a.max_attachment_bytes
                ));
                continue;
            }
            if kept.len() >= a.max_attachments as usize {
                dropped.push(format!(
                    "{name} ({size} bytes): more than max_attachments {}",
                    a.max_attachments
                ));
                continue;
            }
            let sha = if msg.dry_run {
                Store::hash(part.content)
            } else {
                self.store.put(part.content).map_err(file_error)?
            };
            kept.push((sha, name, part.mime_type, size));
        }

        let (text, html) = content::body(m);
        let date = match msg.mail().date_timestamp() {
            Some(t) => timefmt::format_ts(t),
            None if msg.arrived > 0 => timefmt::format_ts(msg.arrived),
            None => msg.now.to_string(),
        };
        let case_ref = guards::case_token(&subject);
        let join = |v: &[String]| (!v.is_empty()).then(|| v.join(" "));
        let dropped = dropped.join("\n");
        let id = tx.insert_activity(
            &NewActivity {
                account: &self.account.name,
                activity_type: &a.activity_type,
                status: &a.activity_status,
                subject: &subject,
                activity_date: &date,
                details_text: &text,
                details_html: html.as_deref(),
                message_id,
                in_reply_to: join(&in_reply_to).as_deref(),
                references_ids: join(&references).as_deref(),
                parent_id,
                case_ref: case_ref.as_deref(),
                dropped_attachments: &dropped,
                message_key: msg.key,
            },
            msg.now,
        )?;
        for (role, contact) in &links {
            tx.link_activity_contact(id, *contact, role.as_str())?;
        }
        for (sha, name, mime, size) in &kept {
            tx.insert_attachment(
                id,
                &NewAttachment {
                    sha256: sha,
                    file_name: name,
                    mime_type: mime,
                    size: *size,
                },
            )?;
        }
        let mut reason = format!("activity: {id}");
        if let Some(p) = parent_id {
            reason.push_str(&format!(", reply to {p}"));
        }
        if !dropped.is_empty() {
            reason.push_str(&format!(
                ", {} attachments dropped",
                dropped.lines().count()
            ));
        }
        Ok(Decision::processed(reason))
    }

    /// The attachments stored in this batch are fsynced (files and directories) before the
    /// batch that names them commits.
    fn before_commit(&self) -> Result<(), DbError> {
        self.store.flush().map_err(file_error)
    }
}

/// An attachment store failure, as the handler reports it.
fn file_error(e: attachments::StoreError) -> DbError {
    DbError::File {
        path: e.path,
        source: e.source,
    }
}

impl ActivityHandler<'_> {
    /// The contact of one address: matched, else created when allowed; None when skipped.
    fn resolve(
        &self,
        tx: &Tx<'_>,
        msg: &Incoming<'_>,
        name: Option<&str>,
        lc: &str,
        address: &str,
    ) -> Result<Option<i64>, DbError> {
        let standing = self.rules.standing(lc);
        if standing == Standing::Never {
            return Ok(None);
        }
        if let Some(c) = tx.find_contact(lc)? {
            return Ok(Some(c.contact_id));
        }
        if standing == Standing::MatchOnly || !self.account.activity.create_contacts {
            return Ok(None);
        }
        let n = names::parse(name, address);
        let c = tx.create_contact(
            &NewContact {
                email: address,
                display_name: &n.display,
                first_name: n.first.as_deref(),
                middle_name: n.middle.as_deref(),
                last_name: n.last.as_deref(),
                created_by: &self.account.name,
            },
            msg.now,
        )?;
        Ok(Some(c.contact_id))
    }
}
