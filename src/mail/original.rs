//! The returned original message inside a bounce: found as a message/rfc822 (or message/global)
//! part, a text/rfc822-headers part, or an original forwarded inline in the text. Only its header
//! block is kept, parsed by a small tolerant parser (unfolded, bounded), because bounce processing
//! needs the headers (Message-ID, To, Subject, Return-Path, X-CiviMail-Bounce, List-Unsubscribe).

/// At most this many header fields are kept.
const MAX_FIELDS: usize = 256;
/// A field value is cut at this many bytes.
const MAX_VALUE: usize = 16 * 1024;

/// Where the original was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A message/rfc822 or message/global part.
    Attached,
    /// A text/rfc822-headers part.
    Headers,
    /// Header lines in the text of the bounce itself.
    Inline,
}

/// The header block of the returned original.
#[derive(Debug, Clone)]
pub struct Original {
    pub source: Source,
    fields: Vec<(String, String)>,
}

impl Original {
    /// Parses the header block at the start of `text`; None when it holds no header field.
    pub fn from_text(text: &str, source: Source) -> Option<Original> {
        let fields = parse_header_block(text);
        if fields.is_empty() {
            return None;
        }
        Some(Original { source, fields })
    }

    /// Every field as (name, unfolded value), in order.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// The first value of the field `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The Message-ID without angle brackets.
    pub fn message_id(&self) -> Option<&str> {
        self.header("Message-ID")
            .map(|v| {
                v.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .trim()
            })
            .filter(|v| !v.is_empty())
    }

    pub fn subject(&self) -> Option<&str> {
        self.header("Subject")
    }

    /// The addresses of the To field(s).
    pub fn to(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("To"))
            .flat_map(|(_, v)| addresses_in(v))
            .collect()
    }

    /// The Return-Path address.
    pub fn return_path(&self) -> Option<String> {
        self.header("Return-Path")
            .and_then(|v| addresses_in(v).into_iter().next())
    }

    /// The X-CiviMail-Bounce address.
    pub fn civimail_bounce(&self) -> Option<String> {
        self.header("X-CiviMail-Bounce")
            .and_then(|v| addresses_in(v).into_iter().next())
    }

    pub fn list_unsubscribe(&self) -> Option<&str> {
        self.header("List-Unsubscribe")
    }
}

/// Parses the header block at the start of `text` (until the first empty line or the first line
/// that is not a field). Leading empty lines are skipped.
pub fn parse_header_block(text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut started = false;
    for line in super::lines(text) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if started {
                break;
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = fields.last_mut() {
                if v.len() < MAX_VALUE {
                    if !v.is_empty() {
                        v.push(' ');
                    }
                    v.push_str(line.trim());
                }
                continue;
            }
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            break;
        };
        if !is_field_name(name) {
            if started {
                break;
            }
            // Tolerate a first line like "From x@y Mon Jan 1" (mbox separator).
            if line.starts_with("From ") {
                continue;
            }
            break;
        }
        started = true;
        if fields.len() >= MAX_FIELDS {
            break;
        }
        let mut v = value.trim().to_string();
        v.truncate(floor_char_boundary(&v, MAX_VALUE));
        fields.push((name.to_string(), v));
    }
    fields
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A header field name: 1..=76 printable ASCII characters other than space and colon.
pub fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 76 && s.bytes().all(|b| b.is_ascii_graphic() && b != b':')
}

/// Finds an original forwarded inline in `text`: the first run of at least three consecutive
/// header lines that includes one of the fields an original message always has.
pub fn find_inline(text: &str) -> Option<Original> {
    let mut offset = 0usize;
    let mut run_start: Option<usize> = None;
    let mut run_len = 0usize;
    let mut key_field = false;
    // Lines with their line ends, found by memchr (this runs over the text of every notice).
    while offset < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[offset..])
            .map_or(text.len(), |i| offset + i + 1);
        let line = &text[offset..end];
        let l = line.trim_end_matches(['\r', '\n']);
        let name = memchr::memchr(b':', l.as_bytes()).map(|c| &l[..c]);
        let is_field = name.is_some_and(|n| is_field_name(n) && !l.starts_with([' ', '\t']));
        let is_fold = l.starts_with([' ', '\t']) && run_start.is_some() && !l.trim().is_empty();
        if is_field {
            if run_start.is_none() {
                run_start = Some(offset);
                run_len = 0;
                key_field = false;
            }
            run_len += 1;
            let name = name.unwrap_or("");
            key_field |= ["message-id", "subject", "return-path", "x-civimail-bounce"]
                .iter()
                .any(|k| name.eq_ignore_ascii_case(k));
        } else if !is_fold {
            if let Some(s) = run_start
                && run_len >= 3
                && key_field
            {
                return Original::from_text(&text[s..offset], Source::Inline);
            }
            run_start = None;
        }
        offset = end;
    }
    match run_start {
        Some(s) if run_len >= 3 && key_field => Original::from_text(&text[s..], Source::Inline),
        _ => None,
    }
}

/// The e-mail addresses in a header value or text: `<a@b>` forms first, else bare `a@b` words.
pub fn addresses_in(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = v;
    while let Some(p) = rest.find('<') {
        let after = &rest[p + 1..];
        let Some(q) = after.find('>') else { break };
        let a = after[..q].trim();
        if a.contains('@') && !a.contains(char::is_whitespace) {
            out.push(a.to_string());
        }
        rest = &after[q + 1..];
    }
    if out.is_empty() {
        for w in v.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
            let w = w.trim_matches(|c: char| "\"'()[]<>.:".contains(c));
            if w.contains('@') && w.len() > 2 {
                out.push(w.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_block_unfolds() {
        let o = Original::from_text(
            "Return-Path: <b+1@x>\r\nSubject: a\r\n  b\r\nMessage-ID: <m@x>\r\n\r\nbody",
            Source::Attached,
        )
        .unwrap();
        assert_eq!(o.subject(), Some("a b"));
        assert_eq!(o.message_id(), Some("m@x"));
        assert_eq!(o.return_path().as_deref(), Some("b+1@x"));
    }

    #[test]
    fn inline_original_is_found() {
        let text = "Sorry.\n\n--- Below this line is a copy of the message.\n\nReturn-Path: <a@b>\nTo: c@d\nSubject: hi\nMessage-ID: <x@y>\n\nneko\n";
        let o = find_inline(text).unwrap();
        assert_eq!(o.to(), vec!["c@d".to_string()]);
        assert_eq!(o.source, Source::Inline);
    }

    #[test]
    fn addresses() {
        assert_eq!(addresses_in("Cat <a@b.c>, d@e"), vec!["a@b.c".to_string()]);
        assert_eq!(addresses_in("rfc822; x@y.z"), vec!["x@y.z".to_string()]);
    }
}
