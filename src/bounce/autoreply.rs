//! RFC 3834 automatic responses: vacation and out-of-office replies, recognised by
//! `Auto-Submitted: auto-replied` and the headers and subjects mail systems use for them. The
//! recipient is the replying address (From). Kind autoreply, reason vacation, except a reply that
//! says the mailbox is no longer in use (reason suspend).

use std::sync::LazyLock;

use regex::Regex;

use super::module::{Decoded, Found, Module};
use super::{Kind, Mail, Reason, detect, rules, text};

/// The subject prefixes of auto-replies, English and localised.
pub(super) static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:auto(?:matic)?[ -]?(?:reply|response|respons|antwort|matische antwort)|autoreply|autoresponder|out of (?:the )?office|away from (?:the )?office|on vacation|vacation (?:reply|notice|message)|abwesenheit|r[ée]ponse automatique|respuesta autom[áa]tica|risposta automatica|absence|automatiske? svar|automatiskt svar|automatisch antwoord|automatyczna odpowied[zź]|odpowied[zź] automatyczna|automaattinen vastaus|otomatik (?:yan[ıi]t|cevap)|automatick[áa] odpov[eě]ď|resposta autom[áa]tica|автоответ|автоматический ответ|自動(?:応答|返信)|【不在】|不在のお知らせ|自动(?:回复|答复)|自動回覆|자동\s*(?:회신|응답))",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// A reply saying the mailbox itself is gone: what is "no longer in use" must be the address,
/// mailbox, account or inbox ("This email inbox address is no longer in use"), not a phone number
/// or a web page an out-of-office mentions.
static GONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:address|mailbox|account|inbox|e-?mail|this|it)(?: \S+){0,2} (?:is|has been) no longer (?:in use|active|monitored|valid)|(?:mailbox|account|address|inbox) (?:has been|was|is) (?:closed|deactivated|disabled|discontinued)|no longer (?:works|work|employed) (?:at|for|with)",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// An out-of-office saying a colleague left ("my colleague Peter Brandt no longer works at ..."):
/// not the replying mailbox.
static COLLEAGUE_LEFT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"colleague(?: \S+){0,3} no longer (?:works|work|employed)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A challenge-response request: the recipient's filter holds the message until the sender
/// confirms being a person or a real sender. Some word it like a bounce ("Message not delivered:
/// sender verification required"); the mailbox works all the same. Matched on the normalised
/// text.
static CHALLENGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"sender verification (?:is )?required|(?:verify|confirm) (?:that )?you are (?:a |not a )?(?:real|human|person|robot)|(?:verify|confirm) your (?:sender |e-?mail )?address|(?:held|waiting) (?:pending|for) (?:your )?(?:confirmation|verification)|bestätigen sie ihre absenderadresse|confirmez votre adresse",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// True when the message comes from a mailing-list manager (a moderation or subscription
/// notice, which some send as `auto-replied`): not a person's automatic reply.
fn from_list_manager(mail: &Mail<'_>) -> bool {
    let local = mail.from.split('@').next().unwrap_or("");
    mail.header("List-Id").is_some()
        || mail.header("X-Mailman-Version").is_some()
        || matches!(
            local,
            "sympa" | "listserv" | "majordomo" | "mailman" | "ezmlm" | "lyris"
        )
        || local.ends_with("-owner")
        || local.ends_with("-request")
        || local.starts_with("owner-")
}

pub struct Rfc3834;

impl Module for Rfc3834 {
    fn name(&self) -> &'static str {
        "rfc3834"
    }

    fn decode(&self, mail: &Mail<'_>) -> Option<Decoded> {
        if mail.content_type == "multipart/report" {
            return None;
        }
        let auto_submitted = mail
            .header("Auto-Submitted")
            .map(|v| v.trim().to_ascii_lowercase());
        let header_says = auto_submitted
            .as_deref()
            .is_some_and(|v| v.starts_with("auto-replied"))
            || mail.header("X-Autoreply").is_some()
            || mail.header("X-Autorespond").is_some()
            || mail
                .header("X-Apple-Action")
                .is_some_and(|v| v.to_ascii_lowercase().contains("vacation"))
            || mail
                .header("Precedence")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("auto_reply"));
        let subject_says = SUBJECT.is_match(&mail.subject);
        if !(header_says || subject_says) {
            return None;
        }
        // A delivery failure notice is not an auto-reply, even when it says `auto-replied`
        // (Exim does); nor is a list manager's notice.
        if detect::from_mail_system(mail)
            || mail.header("X-Failed-Recipients").is_some()
            || from_list_manager(mail)
        {
            return None;
        }
        let head: String = mail.body.chars().take(4096).collect();
        let norm = rules::normalise(&head);
        // A bounce-like subject from no mail system: a bounce, unless a challenge-response
        // request is worded like one.
        if detect::bounce_subject(&mail.subject) && !CHALLENGE.is_match(&norm) {
            return None;
        }
        let address = text::clean_address(&mail.from)?;
        let gone = GONE.is_match(&norm) && !COLLEAGUE_LEFT.is_match(&norm);
        let mut f = Found::failed(address, head.trim().lines().next().unwrap_or(""));
        f.reason = Some(if gone {
            Reason::Suspend
        } else {
            Reason::Vacation
        });
        Some(Decoded {
            kind: Some(Kind::Autoreply),
            recipients: vec![f],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SUBJECT;

    #[test]
    fn localised_out_of_office_subjects() {
        for s in [
            "Automatisk svar: Autumn appeal",
            "Automatiskt svar: Autumn appeal",
            "Automatisch antwoord: Autumn appeal",
            "Automatyczna odpowiedź: Autumn appeal",
            "Automaattinen vastaus: Autumn appeal",
            "Автоответ: Autumn appeal",
        ] {
            assert!(SUBJECT.is_match(s), "{s}");
        }
        assert!(!SUBJECT.is_match("Svar: automatisk svar"));
        assert!(SUBJECT.is_match("Otomatik yanıt: Autumn appeal"));
    }

    #[test]
    fn only_the_mailbox_itself_is_gone() {
        use super::{COLLEAGUE_LEFT, GONE};
        for t in [
            "this email inbox address is no longer in use.",
            "this mailbox is no longer monitored.",
            "this e-mail address is no longer valid. please write to address",
            "i no longer work for old employer ltd.",
        ] {
            assert!(GONE.is_match(t) && !COLLEAGUE_LEFT.is_match(t), "{t}");
        }
        for t in [
            "please note that my old mobile number is no longer in use;",
            "our old booking page is no longer active.",
            "my colleague peter brandt no longer works at ellis & partner;",
        ] {
            assert!(!GONE.is_match(t) || COLLEAGUE_LEFT.is_match(t), "{t}");
        }
    }

    fn decoded(raw: &[u8]) -> Option<super::Decoded> {
        use super::Module;
        let msg = crate::mail::Message::parse(raw);
        super::Rfc3834.decode(&super::Mail::new(&msg))
    }

    #[test]
    fn challenges_worded_as_bounces_and_list_notices() {
        let challenge = b"From: guard@x.example\nSubject: Message not delivered: sender verification required\n\
            Auto-Submitted: auto-replied\n\nYour message has not been delivered yet. Please verify that you \
            are a person: https://x.example/v\n";
        let d = decoded(challenge).expect("a challenge is an auto-reply");
        assert_eq!(d.recipients[0].address, "guard@x.example");
        let bounce = b"From: guard@x.example\nSubject: Message not delivered\n\
            Auto-Submitted: auto-replied\n\n550 5.1.1 user unknown\n";
        assert!(decoded(bounce).is_none());
        let list = b"From: sympa@lists.x.example\nSubject: Message distributed to moderators\n\
            Auto-Submitted: auto-replied\n\nYour message was forwarded to the moderators.\n";
        assert!(decoded(list).is_none());
    }
}
