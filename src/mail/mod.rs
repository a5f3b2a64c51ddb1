//! The message view: one parsed message over mail-parser, with the accessors the handlers and
//! the bounce engine use (addresses, headers, decoded text). Parsing does no I/O and cannot fail:
//! input mail-parser cannot make sense of still yields a view, with empty fields.

use mail_parser::{HeaderValue, MessageParser};
use sha2::{Digest, Sha256};

/// A parsed message borrowing its raw bytes.
pub struct Message<'x> {
    raw: &'x [u8],
    parsed: Option<mail_parser::Message<'x>>,
}

impl<'x> Message<'x> {
    /// Parses `raw`. Never fails: a message mail-parser rejects gives a view with no headers.
    pub fn parse(raw: &'x [u8]) -> Message<'x> {
        let parsed = MessageParser::default().parse(raw);
        Message { raw, parsed }
    }

    /// The raw bytes as given.
    pub fn raw(&self) -> &'x [u8] {
        self.raw
    }

    /// True when mail-parser found a message with at least one header.
    pub fn is_parsed(&self) -> bool {
        self.parsed
            .as_ref()
            .is_some_and(|m| !m.headers().is_empty())
    }

    /// The underlying mail-parser message, when there is one.
    pub fn inner(&self) -> Option<&mail_parser::Message<'x>> {
        self.parsed.as_ref()
    }

    /// The Message-ID without angle brackets, trimmed; None when absent or empty.
    pub fn message_id(&self) -> Option<&str> {
        self.parsed
            .as_ref()
            .and_then(|m| m.message_id())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The decoded subject, folded lines joined.
    pub fn subject(&self) -> Option<&str> {
        self.parsed.as_ref().and_then(|m| m.subject())
    }

    /// The Date header as seconds since the Unix epoch, when present and parseable.
    pub fn date_timestamp(&self) -> Option<i64> {
        let d = self.parsed.as_ref()?.date()?;
        if d.year < 1971 || d.month == 0 || d.day == 0 {
            return None;
        }
        Some(d.to_timestamp())
    }

    /// The first From address, as (display name, address).
    pub fn from(&self) -> Option<(Option<&str>, &str)> {
        let a = self.parsed.as_ref()?.from()?.first()?;
        Some((a.name(), a.address()?))
    }

    /// Every address of the To header(s).
    pub fn to_addresses(&self) -> Vec<&str> {
        let Some(m) = self.parsed.as_ref() else {
            return Vec::new();
        };
        m.all_to()
            .flat_map(|a| a.iter())
            .filter_map(|a| a.address())
            .collect()
    }

    /// The values of every header with this name (case-insensitive), as text, in order.
    pub fn header_texts(&self, name: &str) -> Vec<&str> {
        let Some(m) = self.parsed.as_ref() else {
            return Vec::new();
        };
        m.headers()
            .iter()
            .filter(|h| h.name().eq_ignore_ascii_case(name))
            .filter_map(|h| match h.value() {
                HeaderValue::Text(t) => Some(t.as_ref()),
                HeaderValue::TextList(l) => l.first().map(|t| t.as_ref()),
                HeaderValue::Address(a) => a.first().and_then(|a| a.address()),
                _ => None,
            })
            .collect()
    }
}

/// The key under which a message is remembered in the ledger: its Message-ID when it has one,
/// else the SHA-256 of its body (getmail adds headers on redelivery, so the whole file's hash would
/// not recognise a second copy).
pub fn message_key(msg: &Message<'_>) -> String {
    match msg.message_id() {
        Some(id) => format!("<{id}>"),
        None => format!(
            "sha256:{}",
            hex::encode(Sha256::digest(body_bytes(msg.raw())))
        ),
    }
}

/// The bytes after the header block (after the first empty line), or nothing when there is none.
pub fn body_bytes(raw: &[u8]) -> &[u8] {
    let mut i = 0;
    while i < raw.len() {
        // Find the end of this line.
        let end = match raw[i..].iter().position(|&b| b == b'\n') {
            Some(p) => i + p,
            None => return &[],
        };
        let line = &raw[i..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return &raw[end + 1..];
        }
        i = end + 1;
    }
    &[]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_prefers_message_id() {
        let raw = b"Message-ID: <abc@x>\nSubject: hi\n\nbody\n";
        assert_eq!(message_key(&Message::parse(raw)), "<abc@x>");
    }

    #[test]
    fn key_without_message_id_ignores_added_headers() {
        let a = b"Subject: hi\n\nbody\n";
        let b = b"Delivered-To: x@y\r\nSubject: hi\r\n\r\nbody\n";
        let ka = message_key(&Message::parse(a));
        assert!(ka.starts_with("sha256:"));
        assert_eq!(ka, message_key(&Message::parse(b)));
    }

    #[test]
    fn garbage_yields_a_view() {
        let m = Message::parse(b"\x00\xff\xfe");
        assert!(m.message_id().is_none());
        assert!(m.to_addresses().is_empty());
        let _ = message_key(&m);
    }
}
