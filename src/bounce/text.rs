//! Small text helpers shared by the modules: finding DSN status codes, SMTP reply codes and
//! e-mail addresses in free text. Pure functions over `&str`.

use std::borrow::Cow;

/// The first DSN status code (`5.1.1`, class 2, 4 or 5) in `text`.
pub fn find_status(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if matches!(c, b'2' | b'4' | b'5')
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
            && b.get(i + 1) == Some(&b'.')
        {
            let (n1, j) = digits(b, i + 2);
            if (1..=3).contains(&n1) && b.get(j) == Some(&b'.') {
                let (n2, k) = digits(b, j + 1);
                let next_ok = b.get(k).is_none_or(|c| {
                    !(c.is_ascii_alphanumeric()
                        || *c == b'.' && b.get(k + 1).is_some_and(u8::is_ascii_digit))
                });
                if (1..=3).contains(&n2) && next_ok {
                    return Some(text[i..k].to_string());
                }
            }
        }
        i += 1;
    }
    None
}

/// The status the remote server put in its reply ("550-5.2.2 ...", "550-'5.7.1 ..."), which a
/// relay's own words may precede ("5.1.0 - Unknown address error 550-'5.2.2 ..."); else the
/// first status in `text`.
pub fn find_reply_status(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 5 < b.len() {
        if matches!(b[i], b'4' | b'5')
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            let mut j = i + 3;
            while j < b.len() && j < i + 6 && matches!(b[j], b'-' | b' ' | b'\'' | b'"') {
                j += 1;
            }
            if j > i + 3
                && let Some(s) = text.get(j..).and_then(find_status)
                && text[j..].starts_with(s.as_str())
            {
                return Some(s);
            }
        }
        i += 1;
    }
    find_status(text)
}

fn digits(b: &[u8], mut i: usize) -> (usize, usize) {
    let s = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    (i - s, i)
}

/// The first SMTP error reply code (a word of three digits, 4xx or 5xx, optionally followed by
/// `-`, `:` or a space) in `text`, else the first 2xx (a greeting before the error is skipped).
pub fn find_replycode(text: &str) -> Option<String> {
    let first = first_replycode(text, |c| c != b'2');
    first.or_else(|| first_replycode(text, |c| c == b'2'))
}

fn first_replycode(text: &str, class: impl Fn(u8) -> bool) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 3 <= b.len() {
        if matches!(b[i], b'2' | b'4' | b'5')
            && class(b[i])
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && (i == 0
                || !(b[i - 1].is_ascii_alphanumeric()
                    || matches!(b[i - 1], b'.' | b'-' | b'#' | b'/' | b':' | b'+' | b'='))
                // "ERROR_CODE :550"
                || (b[i - 1] == b':' && i >= 2 && b[i - 2] == b' '))
            && b.get(i + 3).is_none_or(|c| {
                matches!(
                    c,
                    b' ' | b'-' | b'\t' | b'\r' | b'\n' | b';' | b',' | b')' | b']' | b':'
                )
            })
            && b[i + 1] <= b'5'
        {
            let code = &text[i..i + 3];
            if SMTP_REPLY_CODES.contains(&code) {
                return Some(code.to_string());
            }
        }
        i += 1;
    }
    None
}

/// The reply codes of RFC 5321 and its extensions (AUTH, STARTTLS, 8BITMIME and the like).
pub const SMTP_REPLY_CODES: &[&str] = &[
    "211", "214", "220", "221", "235", "250", "251", "252", "421", "422", "431", "432", "450",
    "451", "452", "453", "454", "455", "458", "459", "500", "501", "502", "503", "504", "521",
    "523", "525", "530", "534", "535", "538", "550", "551", "552", "553", "554", "555", "556",
    "557",
];

/// The e-mail addresses in `text`, in order (angle brackets, quotes and trailing punctuation
/// removed), lower-cased. Punctuation outside ASCII separates words too: Chinese and Japanese
/// notices write "收件人：a@b.example" (a full-width colon) or "「a@b.example」"; letters outside
/// ASCII stay (an RFC 6531 local part).
pub fn addresses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '<' | '>' | '"' | '\'' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}'
            )
            || (!c.is_ascii() && !c.is_alphanumeric())
    }) {
        if let Some(a) = clean_address(w) {
            out.push(a);
        }
    }
    out
}

/// `w` as an address when it looks like one.
pub fn clean_address(w: &str) -> Option<String> {
    // Most words are not addresses: no '@', no need to trim them.
    memchr::memchr(b'@', w.as_bytes())?;
    let w = w
        .trim_start_matches("mailto:")
        .trim_start_matches("rfc822:")
        .trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?' | '*' | '`' | '=' | '/' | '\\'));
    let (local, domain) = w.rsplit_once('@')?;
    if local.is_empty()
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || !domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        || local.contains('@')
        || local.len() > 128
    {
        return None;
    }
    Some(w.to_ascii_lowercase())
}

/// The address in a DSN recipient field value (`rfc822; a@b`, `<a@b>`, `a@b`).
pub fn field_address(v: &str) -> Option<String> {
    let v = match v.split_once(';') {
        Some((t, rest)) if !t.contains('@') => rest,
        _ => v,
    };
    addresses(v).into_iter().next().or_else(|| {
        let t = v.trim().trim_matches(['<', '>']).trim();
        (!t.is_empty() && !t.contains(char::is_whitespace)).then(|| t.to_ascii_lowercase())
    })
}

/// One header-style field found by [`fields`].
#[derive(Debug)]
pub struct Field<'a> {
    /// The blank-line separated group it is in.
    pub group: usize,
    /// The name as written (without trailing white space).
    pub name: &'a str,
    /// The value, unfolded and trimmed (borrowed unless continuation lines were joined to it).
    pub value: Cow<'a, str>,
}

impl Field<'_> {
    /// Whether the field has this (lower-case) name, in any case.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// Unfolded header-style fields (`Name: value`) of `text`, in order; blank lines start a new
/// group. Lines that are not fields are skipped. Nothing is copied but values continued over
/// several lines.
pub fn fields(text: &str) -> Vec<Field<'_>> {
    let mut out: Vec<Field<'_>> = Vec::new();
    let mut group = 0usize;
    let mut last_blank = false;
    for line in crate::mail::lines(text) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !last_blank && !out.is_empty() {
                group += 1;
            }
            last_blank = true;
            continue;
        }
        last_blank = false;
        if line.starts_with([' ', '\t']) {
            if let Some(f) = out.last_mut()
                && f.value.len() < 8192
            {
                let v = f.value.to_mut();
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some(colon) = memchr::memchr(b':', line.as_bytes())
            && let (n, v) = (&line[..colon], &line[colon + 1..])
            && crate::mail::original::is_field_name(n.trim_end())
            && out.len() < 4096
        {
            out.push(Field {
                group,
                name: n.trim_end(),
                value: Cow::Borrowed(v.trim()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_status_over_the_relays_own() {
        assert_eq!(
            find_reply_status("5.1.0 - unknown address error 550-'5.2.2 <a@b>... mailbox full'")
                .as_deref(),
            Some("5.2.2")
        );
        assert_eq!(
            find_reply_status("5.3.0 - other 550-'unknown user'").as_deref(),
            Some("5.3.0")
        );
        assert_eq!(
            find_replycode("220-laposte 421 4.2.1 service refuse").as_deref(),
            Some("421")
        );
        assert_eq!(find_replycode("error_code :550, x").as_deref(), Some("550"));
    }

    #[test]
    fn statuses() {
        assert_eq!(
            find_status("smtp; 550 5.1.1 <a@b>... user unknown").as_deref(),
            Some("5.1.1")
        );
        assert_eq!(find_status("host 192.0.2.1 said"), None);
        assert_eq!(find_status("(#5.5.0)").as_deref(), Some("5.5.0"));
    }

    #[test]
    fn replycodes() {
        assert_eq!(
            find_replycode("smtp; 550 5.1.1 user").as_deref(),
            Some("550")
        );
        assert_eq!(find_replycode("said: 554-5.7.1").as_deref(), Some("554"));
        assert_eq!(find_replycode("ip 192.0.2.250 x"), None);
    }

    #[test]
    fn address_words() {
        assert_eq!(
            addresses("to <A@B.example>: x, c@d.example."),
            vec!["a@b.example", "c@d.example"]
        );
        assert_eq!(
            addresses("收件人：chen@waimao.example。「jörg@bücher.example」 x"),
            vec!["chen@waimao.example"]
        );
        assert_eq!(addresses("受取人：O.x@y.example"), vec!["o.x@y.example"]);
        assert_eq!(
            field_address("rfc822; <kijitora@example.jp>").as_deref(),
            Some("kijitora@example.jp")
        );
    }
}
