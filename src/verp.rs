//! VERP tokens in CiviCRM's format: `<localpart><letter><sep><job><sep><queue><sep><hash>@<domain>`.
//! Encoding and decoding, and finding the tokens a message carries ([`candidates`], the one list
//! of places the bounce handler and `mailroom parse` both use); verifying a token against the
//! database is the bounce handler's job. No I/O.

use crate::mail::Message;

/// What a VERP address asks for, by its letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Bounce,
    Reply,
    Unsubscribe,
    OptOut,
    Resubscribe,
    Confirm,
}

impl Action {
    pub fn letter(self) -> char {
        match self {
            Action::Bounce => 'b',
            Action::Reply => 'r',
            Action::Unsubscribe => 'u',
            Action::OptOut => 'o',
            Action::Resubscribe => 'e',
            Action::Confirm => 'c',
        }
    }

    pub fn from_letter(c: char) -> Option<Action> {
        Some(match c.to_ascii_lowercase() {
            'b' => Action::Bounce,
            'r' => Action::Reply,
            'u' => Action::Unsubscribe,
            'o' => Action::OptOut,
            'e' => Action::Resubscribe,
            'c' => Action::Confirm,
            _ => return None,
        })
    }
}

/// A decoded token. For `Confirm`, `job` is the contact id and `queue` the subscription id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub action: Action,
    pub job: u64,
    pub queue: u64,
    pub hash: String,
}

/// The VERP identity of one bounce account.
#[derive(Debug, Clone, Copy)]
pub struct Identity<'a> {
    pub localpart: &'a str,
    pub domain: &'a str,
    pub separator: &'a str,
}

impl Identity<'_> {
    /// The address for `token`.
    pub fn encode(&self, token: &Token) -> String {
        let s = self.separator;
        format!(
            "{}{}{s}{}{s}{}{s}{}@{}",
            self.localpart,
            token.action.letter(),
            token.job,
            token.queue,
            token.hash,
            self.domain
        )
    }

    /// Decodes `address` (angle brackets and surrounding space allowed) when it is one of this
    /// identity's tokens. Local part and domain compare case-insensitively.
    pub fn decode(&self, address: &str) -> Option<Token> {
        let rest = self.after_localpart(address)?;
        let mut chars = rest.chars();
        let action = Action::from_letter(chars.next()?)?;
        let rest = chars.as_str().strip_prefix(self.separator)?;
        let mut parts = rest.split(self.separator);
        let job = parse_id(parts.next()?)?;
        let queue = parse_id(parts.next()?)?;
        let hash = parts.next()?;
        if parts.next().is_some() || !is_hash(hash) {
            return None;
        }
        Some(Token {
            action,
            job,
            queue,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

impl Identity<'_> {
    /// What follows this identity's local part in `address` (angle brackets and space allowed)
    /// when its domain is this identity's; both compare case-insensitively.
    fn after_localpart<'s>(&self, address: &'s str) -> Option<&'s str> {
        let a = address
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim();
        let (local, domain) = a.rsplit_once('@')?;
        let lp = self.localpart;
        let ok = domain.eq_ignore_ascii_case(self.domain)
            && local.len() > lp.len()
            && local.is_char_boundary(lp.len())
            && local[..lp.len()].eq_ignore_ascii_case(lp);
        ok.then(|| &local[lp.len()..])
    }

    /// Decodes CiviCRM's Message-ID form `<localpart>m<sep><queue><sep><hash>@<domain>` (angle
    /// brackets allowed); returns (queue id, hash).
    pub fn decode_message_id(&self, id: &str) -> Option<(u64, String)> {
        let rest = self.after_localpart(id)?.strip_prefix(['m', 'M'])?;
        let rest = rest.strip_prefix(self.separator)?;
        let mut parts = rest.split(self.separator);
        let queue = parse_id(parts.next()?)?;
        let hash = parts.next()?;
        if parts.next().is_some() || !is_hash(hash) {
            return None;
        }
        Some((queue, hash.to_ascii_lowercase()))
    }
}

fn parse_id(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A hash as CiviCRM makes them: 16 characters of [0-9a-z] (accepted in any case).
pub fn is_hash(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A token found in a message, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub action: Action,
    /// None for a token in CiviCRM's Message-ID form, which names no job.
    pub job: Option<u64>,
    pub queue: u64,
    pub hash: String,
    /// Where it was found, for the reason.
    pub place: &'static str,
}

/// Every token of `id` in the places a bounce can carry one, best first, without repeats.
pub fn candidates(msg: &Message<'_>, id: &Identity<'_>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let push = |addr: &str, place: &'static str, out: &mut Vec<Candidate>| {
        if let Some(t) = id.decode(addr) {
            let c = Candidate {
                action: t.action,
                job: Some(t.job),
                queue: t.queue,
                hash: t.hash,
                place,
            };
            if !out
                .iter()
                .any(|o| o.queue == c.queue && o.hash == c.hash && o.action == c.action)
            {
                out.push(c);
            }
        }
    };
    for a in msg.to_addresses() {
        push(a, "To", &mut out);
    }
    for (name, place) in [
        ("Delivered-To", "Delivered-To"),
        ("X-Original-To", "X-Original-To"),
        ("Envelope-To", "Envelope-To"),
        ("X-CiviMail-Bounce", "X-CiviMail-Bounce"),
    ] {
        for v in msg.header_texts(name) {
            for a in crate::mail::original::addresses_in(&v) {
                push(&a, place, &mut out);
            }
        }
    }
    let original = msg.original();
    if let Some(o) = &original {
        if let Some(a) = o.return_path() {
            push(&a, "the original's Return-Path", &mut out);
        }
        if let Some(a) = o.civimail_bounce() {
            push(&a, "the original's X-CiviMail-Bounce", &mut out);
        }
    }
    for a in header_lines(msg.raw(), &["return-path:", "x-civimail-bounce:"]) {
        push(&a, "a header line in the text", &mut out);
    }
    if let Some(o) = &original
        && let Some(mid) = o.message_id()
        && let Some((queue, hash)) = id.decode_message_id(mid)
        && !out.iter().any(|c| c.queue == queue && c.hash == hash)
    {
        out.push(Candidate {
            action: Action::Bounce,
            job: None,
            queue,
            hash,
            place: "the original's Message-ID",
        });
    }
    out
}

/// The addresses on lines of `raw` that start with one of `names` (lower-case, with the colon):
/// header lines of originals quoted as text. At most 32.
fn header_lines(raw: &[u8], names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for line in raw.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(name) = names
            .iter()
            .find(|n| line.len() > n.len() && line[..n.len()].eq_ignore_ascii_case(n.as_bytes()))
        else {
            continue;
        };
        let value = String::from_utf8_lossy(&line[name.len()..]);
        out.extend(crate::mail::original::addresses_in(&value));
        if out.len() >= 32 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: Identity = Identity {
        localpart: "civimail+",
        domain: "example.org",
        separator: ".",
    };

    #[test]
    fn round_trip() {
        let t = Token {
            action: Action::Bounce,
            job: 12,
            queue: 3456,
            hash: "k3j9x0aq1mz7c2pd".into(),
        };
        let a = ID.encode(&t);
        assert_eq!(a, "civimail+b.12.3456.k3j9x0aq1mz7c2pd@example.org");
        assert_eq!(ID.decode(&a), Some(t.clone()));
        assert_eq!(ID.decode(&format!("<{}>", a.to_uppercase())), Some(t));
    }

    #[test]
    fn rejects_near_misses() {
        for a in [
            "civimail+b.12.3456.k3j9x0aq1mz7c2pd@example.com",
            "civimail+x.12.3456.k3j9x0aq1mz7c2pd@example.org",
            "civimail+b.12.3456.short@example.org",
            "civimail+b.12.3456.k3j9x0aq1mz7c2pd.9@example.org",
            "civimail+b.1a.3456.k3j9x0aq1mz7c2pd@example.org",
            "civimail+b12.3456.k3j9x0aq1mz7c2pd@example.org",
            "other+b.12.3456.k3j9x0aq1mz7c2pd@example.org",
            "",
            "@",
        ] {
            assert_eq!(ID.decode(a), None, "{a}");
        }
    }

    #[test]
    fn message_id_form() {
        assert_eq!(
            ID.decode_message_id("<civimail+m.3456.k3j9x0aq1mz7c2pd@example.org>"),
            Some((3456, "k3j9x0aq1mz7c2pd".into()))
        );
        assert_eq!(
            ID.decode_message_id("<civimail+m.3456.k3j9x0aq1mz7c2pd@example.com>"),
            None
        );
        assert_eq!(
            ID.decode_message_id("<civimail+b.1.3456.k3j9x0aq1mz7c2pd@example.org>"),
            None
        );
    }

    #[test]
    fn other_separator() {
        let id = Identity {
            separator: "-",
            ..ID
        };
        let t = id
            .decode("civimail+u-1-2-aaaaaaaaaaaaaaaa@example.org")
            .unwrap();
        assert_eq!((t.action, t.job, t.queue), (Action::Unsubscribe, 1, 2));
    }

    #[test]
    fn finds_tokens_in_every_place() {
        let id = Identity {
            localpart: "civimail+",
            domain: "example.org",
            separator: ".",
        };
        let raw = b"Delivered-To: unknown\nDelivered-To: civimail+b.1.2.aaaaaaaaaaaaaaaa@example.org\n\
X-Original-To: civimail+b.1.3.bbbbbbbbbbbbbbbb@example.org\nSubject: x\nContent-Type: text/plain\n\n\
Return-Path: <civimail+b.1.4.cccccccccccccccc@example.org>\n\
The body mentions civimail+b.1.5.dddddddddddddddd@example.org in a sentence.\n";
        let m = Message::parse(raw);
        let c = candidates(&m, &id);
        let queues: Vec<u64> = c.iter().map(|c| c.queue).collect();
        assert_eq!(
            queues,
            [2, 3, 4],
            "a token only in running text is no candidate"
        );
    }
}
