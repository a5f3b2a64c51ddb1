//! Cheap signs that a message is a bounce: the sender (MAILER-DAEMON, postmaster), the subject,
//! a multipart/report. Used to tell `unrecognised` from `other` and to gate the text decoder.

use std::sync::LazyLock;

use regex::Regex;

use super::Mail;

static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)undeliver|undelivered|delivery (?:status|fail|failure|notification|report|problem|has failed)|returned (?:mail|to sender)|failure notice|mail delivery fail|non-?delivery|could not be delivered|couldn't be delivered|was not delivered|not (?:be )?delivered|delivery error|mail system error|bounced|bounce(?::| (?:notice|notification|message|mail|report|from))|^bounce|rejected:|message (?:not delivered|delayed|rejected)|returned mail|delivery (?:delayed|notification)|warning: could not send|unzustellbar|nicht zustellbar|non remis|erreur|error sending|mail could not|permanent (?:error|failure)|failed delivery|delivery unsuccessful|no se puede entregar|non recapitabile|onbestelbaar|n[ãa]o [ée] poss[íi]vel entregar|ej levererbart|niedostarczalne|недоставляем|配信不能",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// A person's reply ("Re: Undeliverable: ..."): mail systems put their words before the
/// original subject, never after a reply prefix.
static REPLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:re|aw|sv|vs|antw|odp|res|rif|r)\s*:").unwrap_or_else(|e| panic!("{e}"))
});

/// True when the sender is a mail system (MAILER-DAEMON, postmaster and the like).
pub fn from_mail_system(mail: &Mail<'_>) -> bool {
    let local = mail.from.split('@').next().unwrap_or("");
    matches!(
        local,
        "mailer-daemon" | "postmaster" | "mail-daemon" | "mailerdaemon" | "maildaemon" | "root"
    ) || local.starts_with("mailer-daemon")
        // Exchange's system mailbox ("MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@").
        || local.starts_with("microsoftexchange")
        || local.contains("bounce")
        || local.starts_with("mail.delivery")
        || local.starts_with("maildelivery")
        || local.starts_with("mail-delivery")
        || local.contains("postmaster")
        || local == "post_master"
        || mail.msg.from().and_then(|(n, _)| n).is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            n.contains("mail delivery") || n.contains("mailer-daemon") || n.contains("postmaster")
        })
}

/// True when the subject reads like a delivery failure or warning (also Exchange's localised
/// "Undeliverable:" prefixes). Not a reply's ("RE: Undeliverable: ...") nor an auto-reply's
/// ("Automatic reply: Undeliverable: ...", an autoresponder answering an NDR): mail systems put
/// their words before the subject they answer.
pub fn bounce_subject(subject: &str) -> bool {
    SUBJECT.is_match(subject)
        && !REPLY.is_match(subject)
        && !super::autoreply::SUBJECT.is_match(subject)
}

/// The `report-type` of a multipart/report, lower-cased (None when absent).
fn report_type(mail: &Mail<'_>) -> Option<String> {
    mail.msg
        .inner()
        .and_then(|m| mail_parser::MimeHeaders::content_type(m))
        .and_then(|ct| ct.attribute("report-type"))
        .map(|t| t.trim().to_ascii_lowercase())
}

/// True for a multipart/report that may report on deliveries: its report-type is a delivery
/// status (RFC 3464, RFC 6533) or a feedback report, or is not given. An SMTP TLS report
/// (RFC 8460, `tlsrpt`) or another kind of report is about no message.
fn delivery_report(mail: &Mail<'_>) -> bool {
    mail.content_type == "multipart/report"
        && report_type(mail)
            .is_none_or(|t| t.is_empty() || t.contains("delivery-status") || t.contains("feedback"))
}

/// True for a message disposition notification (RFC 8098: a read, "not read" or "deleted"
/// receipt): a report of the message's own disposition part and no delivery status. A receipt is
/// sent by the recipient's mail program after delivery, so it is never a bounce.
pub fn is_disposition_notification(mail: &Mail<'_>) -> bool {
    mail.content_type == "multipart/report"
        && mail
            .parts
            .iter()
            .any(|p| p.depth == 0 && p.content_type == "message/disposition-notification")
        && !mail
            .parts
            .iter()
            .any(|p| p.depth == 0 && p.content_type.ends_with("delivery-status"))
}

/// True when the message looks like a bounce (a person's forward of a bounce of their own mail,
/// "Fwd: Undeliverable: ...", does not).
pub fn looks_like_bounce(mail: &Mail<'_>) -> bool {
    delivery_report(mail)
        || from_mail_system(mail)
        || (bounce_subject(&mail.subject) && !forwards_own_bounce(mail))
}

/// True when a person forwards, as an attached message, a bounce of their own mail: the
/// attached report was sent to the forwarder (its To is the outer From), so its recipients are
/// theirs, not ours. A message that is itself a report, or comes from a mail system, is not a
/// person's forward; nor is an administrator forwarding one of our bounces to the bounce address
/// (the attached report was sent to us, not to the administrator).
pub fn forwards_own_bounce(mail: &Mail<'_>) -> bool {
    if mail.from.is_empty() || mail.content_type == "multipart/report" || from_mail_system(mail) {
        return false;
    }
    let Some(attached) = mail.parts.iter().find(|p| p.is_message && p.depth == 0) else {
        return false;
    };
    let fields = crate::mail::original::parse_header_block(&attached.text);
    fields
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("To"))
        .flat_map(|(_, v)| crate::mail::original::addresses_in(v))
        .any(|a| a.eq_ignore_ascii_case(&mail.from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::Message;

    #[test]
    fn exchange_sender_and_localised_subjects() {
        for subject in [
            "No se puede entregar: Hola",
            "Non recapitabile: Ciao",
            "Onbestelbaar: Hallo",
            "Não é possível entregar: Olá",
            "配信不能: こんにちは",
        ] {
            assert!(bounce_subject(subject), "{subject}");
        }
        assert!(!bounce_subject("Re: hola, ¿qué tal?"));
        let raw = b"From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@x.example>\n\
            Subject: x\n\nbody\n";
        let msg = Message::parse(raw);
        assert!(from_mail_system(&Mail::new(&msg)));
    }

    #[test]
    fn replies_and_read_receipts_are_not_bounces() {
        assert!(!bounce_subject("RE: Undeliverable: Autumn appeal"));
        assert!(!bounce_subject("AW: Unzustellbar: Hallo"));
        assert!(bounce_subject("Undeliverable: Re: Autumn appeal"));
        let mdn = b"From: a@x.example\nSubject: Read: hi\nMIME-Version: 1.0\n\
            Content-Type: multipart/report; report-type=disposition-notification; boundary=b\n\n\
            --b\nContent-Type: text/plain\n\nread\n\
            --b\nContent-Type: message/disposition-notification\n\n\
            Final-Recipient: rfc822;a@x.example\nDisposition: manual-action/MDN-sent-manually; displayed\n\n\
            --b--\n";
        let msg = Message::parse(mdn);
        assert!(is_disposition_notification(&Mail::new(&msg)));
        let dsn = b"From: MAILER-DAEMON@x.example\nSubject: failure\nMIME-Version: 1.0\n\
            Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n\
            --b\nContent-Type: text/plain\n\nfailed\n\
            --b\nContent-Type: message/delivery-status\n\n\
            Final-Recipient: rfc822;a@x.example\nAction: failed\nStatus: 5.1.1\n\n\
            --b--\n";
        let msg = Message::parse(dsn);
        assert!(!is_disposition_notification(&Mail::new(&msg)));
    }

    #[test]
    fn auto_replies_account_warnings_and_tls_reports_are_not_bounces() {
        assert!(!bounce_subject(
            "Automatic reply: Undeliverable: Autumn appeal"
        ));
        assert!(!bounce_subject(
            "Action required: high bounce rate on lists.example.org"
        ));
        assert!(bounce_subject("Mail bounced: Autumn appeal"));
        assert!(bounce_subject("Bounce notification"));
        assert!(bounce_subject("Mail bounce: Autumn appeal"));
        let tls = b"From: tls-reporting@x.example\nSubject: Report Domain: example.org\nMIME-Version: 1.0\n\
            Content-Type: multipart/report; report-type=tlsrpt; boundary=b\n\n\
            --b\nContent-Type: text/plain\n\nreport\n\
            --b\nContent-Type: application/tlsrpt+gzip\n\nxx\n--b--\n";
        let msg = Message::parse(tls);
        assert!(!looks_like_bounce(&Mail::new(&msg)));
        let bare = b"From: a@x.example\nSubject: x\nMIME-Version: 1.0\n\
            Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n";
        let msg = Message::parse(bare);
        assert!(looks_like_bounce(&Mail::new(&msg)));
    }
}
