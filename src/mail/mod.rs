//! The message view: one parsed message over mail-parser, with the accessors the handlers and
//! the bounce engine use (addresses, headers, MIME parts, decoded text, the returned original).
//! Parsing does no I/O and cannot fail: input mail-parser cannot make sense of still yields a
//! view, with empty fields. A pre-scan (`prescan`) bounds the work before mail-parser runs.

pub mod original;
pub mod prescan;

use std::borrow::Cow;
use std::sync::LazyLock;

use mail_parser::{HeaderName, HeaderValue, MessageParser, MimeHeaders, PartType};
use sha2::{Digest, Sha256};

pub use original::Original;
pub use prescan::Limit;

/// At most this many parts are listed by [`Message::parts`].
pub const MAX_PARTS: usize = 512;
/// Messages nested deeper than this are not descended into.
pub const MAX_DEPTH: usize = 8;

/// mail-parser as its default parses the fields it has a parser for (addresses, dates, ids, MIME
/// fields, Subject and the like), except that Received fields are skipped, not parsed: no one
/// reads them, and tokenising them was a tenth of the work of classifying a bounce. Every other
/// field (X-Failed-Recipients, Auto-Submitted, DKIM-Signature...) is skipped too: mail-parser's
/// default keeps it as raw text, a copy checked for UTF-8 byte by byte, and few of them are
/// ever read. [`Message::header_texts`] reads those from the raw bytes when asked, giving the
/// text mail-parser would have given. (The default parser dispatches on the field name itself; a
/// parser with any field setting looks every field up in its map, so the map repeats the default
/// for every field it knows.)
static PARSER: LazyLock<MessageParser> = LazyLock::new(|| {
    FIELDS
        .iter()
        .fold(MessageParser::new(), |p, (name, how)| {
            let name = name.clone();
            match how {
                How::Text => p.header_text(name),
                How::Address => p.header_address(name),
                How::Date => p.header_date(name),
                How::Id => p.header_id(name),
                How::ContentType => p.header_content_type(name),
                How::List => p.header_comma_separated(name),
                How::Raw => p.header_raw(name),
                How::Skip => p.ignore_header(name),
            }
        })
        .default_header_ignore()
});

/// How [`PARSER`] reads a field: mail-parser's parser for it, or skipped.
enum How {
    Text,
    Address,
    Date,
    Id,
    ContentType,
    List,
    Raw,
    Skip,
}

/// The fields [`PARSER`] parses, each as mail-parser's default does (Received aside, skipped
/// unread); the rest it skips and [`Message::header_texts`] reads raw.
const FIELDS: &[(HeaderName<'static>, How)] = {
    use HeaderName as H;
    use How::*;
    &[
        (H::Subject, Text),
        (H::Comments, Text),
        (H::ContentDescription, Text),
        (H::ContentLocation, Text),
        (H::ContentTransferEncoding, Text),
        (H::From, Address),
        (H::To, Address),
        (H::Cc, Address),
        (H::Bcc, Address),
        (H::ReplyTo, Address),
        (H::Sender, Address),
        (H::ResentTo, Address),
        (H::ResentFrom, Address),
        (H::ResentBcc, Address),
        (H::ResentCc, Address),
        (H::ResentSender, Address),
        (H::ListArchive, Address),
        (H::ListHelp, Address),
        (H::ListId, Address),
        (H::ListOwner, Address),
        (H::ListPost, Address),
        (H::ListSubscribe, Address),
        (H::ListUnsubscribe, Address),
        (H::Date, Date),
        (H::ResentDate, Date),
        (H::MessageId, Id),
        (H::References, Id),
        (H::InReplyTo, Id),
        (H::ReturnPath, Id),
        (H::ContentId, Id),
        (H::ResentMessageId, Id),
        (H::ContentType, ContentType),
        (H::ContentDisposition, ContentType),
        (H::Keywords, List),
        (H::ContentLanguage, List),
        (H::MimeVersion, Raw),
        (H::Received, Skip),
    ]
};

/// A parsed message borrowing its raw bytes.
pub struct Message<'x> {
    raw: &'x [u8],
    parsed: Option<mail_parser::Message<'x>>,
    limit: Option<Limit>,
}

/// One leaf part of a message, decoded to text.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    /// `type/subtype`, lower-cased; `text/plain` when the part declares none.
    pub content_type: String,
    /// The decoded body as text (lossy for bytes that are not UTF-8; tags removed from HTML).
    pub text: Cow<'a, str>,
    /// 0 for the message's own parts, 1 inside an attached message, and so on.
    pub depth: usize,
    /// True for an attached message (message/rfc822, message/global) listed as one part.
    pub is_message: bool,
}

impl Part<'_> {
    /// True for the report and header parts that are not human-readable text.
    pub fn is_structured(&self) -> bool {
        self.content_type.starts_with("message/")
            || self.content_type == "text/rfc822-headers"
            || self.content_type.ends_with("delivery-status")
            || self.content_type.ends_with("feedback-report")
    }
}

impl<'x> Message<'x> {
    /// Parses `raw`. Never fails: a message mail-parser rejects gives a view with no headers.
    /// Input over the pre-scan's limits is parsed up to the point where a limit was reached.
    /// A panic inside mail-parser (fuzzing found input that trips one of its debug assertions)
    /// is treated as a rejection too, so one hostile message cannot stop every run.
    pub fn parse(raw: &'x [u8]) -> Message<'x> {
        Self::parse_upto(raw, false)
    }

    /// Parses `raw` for classifying it as [`Message::parse`] does, except that in a delivery
    /// status report the returned message's body is not parsed, only its header block
    /// ([`prescan::returned_headers_end`]): the bounce engine never reads that body, and it can
    /// be most of the work. The cut is kept only when `cut_loses_nothing` says the parse of it
    /// lost nothing the engine reads; else the whole message is parsed. [`Message::raw`] is
    /// still the whole message. Not for filing a message, whose attachments are wanted.
    pub fn parse_report(raw: &'x [u8]) -> Message<'x> {
        Self::parse_upto(raw, true)
    }

    fn parse_upto(raw: &'x [u8], report: bool) -> Message<'x> {
        let scan = prescan::scan(raw);
        let input = &raw[..scan.parse_len];
        let parse = |input: &'x [u8]| {
            std::panic::catch_unwind(|| PARSER.parse(input)).unwrap_or_else(|_| {
                tracing::warn!("mail-parser panicked on a message; treating it as unparseable");
                None
            })
        };
        let cut = if report && let Some(end) = prescan::returned_headers_end(input) {
            parse(&input[..end]).filter(|m| cut_loses_nothing(m, input, end))
        } else {
            None
        };
        let parsed = cut.or_else(|| parse(input));
        Message {
            raw,
            parsed,
            limit: scan.limit,
        }
    }

    /// The limit that cut parsing short, if one did.
    pub fn limit(&self) -> Option<Limit> {
        self.limit
    }

    /// Every leaf part in order, nested messages descended into (bounded by [`MAX_PARTS`] and
    /// [`MAX_DEPTH`]). A message without MIME structure gives its body as one part.
    pub fn parts(&self) -> Vec<Part<'_>> {
        let mut out = Vec::new();
        if let Some(m) = self.parsed.as_ref() {
            visit(m, 0, 0, &mut out);
        } else if !self.raw.is_empty() {
            out.push(Part {
                content_type: "text/plain".into(),
                text: lossy(body_bytes(self.raw)),
                depth: 0,
                is_message: false,
            });
        }
        out
    }

    /// The human-readable text of the message itself (depth 0, not the attached original nor the
    /// report parts), parts joined by a newline. HTML parts count only when there is no plain text.
    pub fn body_text(&self) -> String {
        body_text_of(&self.parts())
    }

    /// The returned original message: an attached message/rfc822 or text/rfc822-headers part, else
    /// header lines forwarded inline in the text.
    pub fn original(&self) -> Option<Original> {
        original_of(&self.parts())
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
        self.parsed.as_ref().and_then(message_id_of)
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

    /// The values of every header with this name (case-insensitive), as text, in order. A field
    /// the parser skipped (see `PARSER`) is read from its raw bytes, trimmed, as mail-parser's
    /// raw text would be; an empty value is left out either way.
    pub fn header_texts(&self, name: &str) -> Vec<Cow<'_, str>> {
        let Some(m) = self.parsed.as_ref() else {
            return Vec::new();
        };
        m.headers()
            .iter()
            .filter(|h| h.name().eq_ignore_ascii_case(name))
            .filter_map(|h| match h.value() {
                HeaderValue::Text(t) => Some(Cow::Borrowed(t.as_ref())),
                HeaderValue::TextList(l) => l.first().map(|t| Cow::Borrowed(t.as_ref())),
                HeaderValue::Address(a) => a.first().and_then(|a| a.address()).map(Cow::Borrowed),
                HeaderValue::Empty if !has_parser(&h.name) => raw_value(&m.raw_message, h),
                _ => None,
            })
            .collect()
    }
}

/// True for the fields [`PARSER`] parses (or skips as unread: Received): their value is what
/// mail-parser made of it, and one it could make nothing of stays empty, as before. The others
/// it skips, and [`Message::header_texts`] reads them raw.
fn has_parser(name: &HeaderName<'_>) -> bool {
    FIELDS.iter().any(|(n, _)| n == name)
}

/// The raw value of a header field, without the white space and line ends around it (folding
/// inside is kept); None when nothing is left.
fn raw_value<'a>(raw: &'a [u8], h: &mail_parser::Header<'_>) -> Option<Cow<'a, str>> {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let v = raw.get(h.offset_start() as usize..h.offset_end() as usize)?;
    let start = v.iter().position(|b| !ws(b))?;
    let end = v.iter().rposition(|b| !ws(b))? + 1;
    Some(lossy(&v[start..end]))
}

/// True when parsing `input` only up to `end` (`cut`, see [`Message::parse_report`]) loses nothing
/// the bounce engine reads: the cut falls inside a nested message that mail-parser found as a
/// part of a multipart, a delivery status part at most as deep as that message was kept (so the
/// engine reads the same status parts), and after the cut come only the rest of that message (the
/// body it would have had) and the closing delimiters of its multipart and their ancestors. Else
/// the whole message is parsed: a part after the returned message, a status part after it, a
/// `Content-Type:` line quoted in text, or a report forwarded with something after it.
fn cut_loses_nothing(cut: &mail_parser::Message<'_>, input: &[u8], end: usize) -> bool {
    let mut walk = CutWalk {
        end: input[..end].as_ptr_range().end,
        bounds: Vec::new(),
        min_status: usize::MAX,
        found: None,
        steps: 0,
    };
    if !walk.message(cut, 0) {
        return false;
    }
    let Some((depth, bounds)) = walk.found else {
        return false;
    };
    if walk.min_status > depth {
        return false;
    }
    // The boundaries mail-parser seeks after the cut, innermost last: none may start another
    // (mail-parser matches "--boundary" as a prefix, anywhere).
    let Some(inner) = bounds.last() else {
        return false;
    };
    for (i, a) in bounds.iter().enumerate() {
        for b in &bounds[i + 1..] {
            if a.starts_with(b) || b.starts_with(a) {
                return false;
            }
        }
    }
    let rest = &input[end..];
    let delim = |b: &[u8]| [b"--", b].concat();
    // The first delimiter of any of them after the cut: none (the returned message runs to the
    // end, unterminated), or the close delimiter of its own multipart.
    let first = bounds
        .iter()
        .filter_map(|b| memchr::memmem::find(rest, &delim(b)).map(|at| (at, b)))
        .min_by_key(|&(at, _)| at);
    let body = &rest[..first.map_or(rest.len(), |(at, _)| at)];
    // The arf module reads the whole text of attached messages for this marker.
    if memchr::memmem::find(body, b"X-HmXmrOriginalRecipient:").is_some() {
        return false;
    }
    let Some((at, b)) = first else {
        return true;
    };
    if b != inner {
        return false;
    }
    let Some(tail) = rest[at + 2 + inner.len()..].strip_prefix(b"--") else {
        return false;
    };
    let ws = |l: &[u8]| l.iter().all(|&c| matches!(c, b' ' | b'\t' | b'\r'));
    let mut lines = tail.split(|&c| c == b'\n');
    lines.next().is_some_and(ws)
        && lines.all(|l| {
            let l = l.trim_ascii_end();
            l.is_empty()
                || l.strip_prefix(b"--")
                    .and_then(|l| l.strip_suffix(b"--"))
                    .is_some_and(|b| bounds.contains(&b))
        })
}

/// True when [`original::parse_header_block`] reads the same fields from `text` (a nested
/// message up to the cut, ending with an empty line) as from any text that starts with it: its
/// first line starts the header block or ends it, or the block it reads is not empty (so it ends
/// within `text`). Empty lines and an mbox "From " line before the block are skipped, and would
/// let it read on past the cut.
fn header_block_is_whole(text: &[u8]) -> bool {
    let first = &text[..memchr::memchr(b'\n', text).unwrap_or(text.len())];
    let first = lossy(first);
    let first = first.strip_suffix('\r').unwrap_or(&first);
    (!first.trim().is_empty() && !first.starts_with("From "))
        || !original::parse_header_block(&lossy(text)).is_empty()
}

/// The walk of [`cut_loses_nothing`] over a parsed message's parts.
struct CutWalk<'m> {
    /// Where the cut input ends.
    end: *const u8,
    /// The boundaries of the multiparts around the part being walked, outermost first.
    bounds: Vec<&'m [u8]>,
    /// The depth of the shallowest delivery status part (depths as in [`Message::parts`]).
    min_status: usize,
    /// The depth of the nested message that runs to the cut, and the boundaries around it.
    found: Option<(usize, Vec<&'m [u8]>)>,
    steps: usize,
}

impl<'m> CutWalk<'m> {
    /// False when the message is too deep or has too many parts to judge.
    fn message(&mut self, m: &'m mail_parser::Message<'_>, depth: usize) -> bool {
        depth <= MAX_DEPTH && self.part(m, 0, depth)
    }

    fn part(&mut self, m: &'m mail_parser::Message<'_>, id: u32, depth: usize) -> bool {
        self.steps += 1;
        if self.steps > 4 * MAX_PARTS {
            return false;
        }
        let Some(part) = m.part(id) else {
            return true;
        };
        let ct = part.content_type();
        if let Some(ct) = ct {
            let is = |t: &str, s: &str| {
                ct.ctype().eq_ignore_ascii_case(t)
                    && ct.subtype().is_some_and(|x| x.eq_ignore_ascii_case(s))
            };
            if is("message", "delivery-status")
                || is("message", "global-delivery-status")
                || is("text", "delivery-status")
            {
                self.min_status = self.min_status.min(depth);
            }
        }
        match &part.body {
            PartType::Multipart(ids) => {
                let Some(b) = ct.and_then(|ct| ct.attribute("boundary")) else {
                    return false;
                };
                self.bounds.push(b.as_bytes());
                for &c in ids.iter().filter(|&&c| c != id) {
                    if !self.part(m, c, depth) {
                        return false;
                    }
                }
                self.bounds.pop();
                true
            }
            PartType::Message(nested) => {
                // A message that runs to the cut; one found later lies inside it (a forwarded
                // report's returned message), and its body is what the cut leaves out.
                if nested.raw_message().as_ptr_range().end == self.end {
                    if !header_block_is_whole(nested.raw_message()) {
                        return false;
                    }
                    self.found = Some((depth, self.bounds.clone()));
                }
                self.message(nested, depth + 1)
            }
            _ => true,
        }
    }
}

fn visit<'a>(m: &'a mail_parser::Message<'_>, id: u32, depth: usize, out: &mut Vec<Part<'a>>) {
    let mut stack = vec![id];
    let mut steps = 0usize;
    while let Some(id) = stack.pop() {
        steps += 1;
        if out.len() >= MAX_PARTS || steps > 4 * MAX_PARTS {
            return;
        }
        let Some(part) = m.part(id) else { continue };
        let content_type = part
            .content_type()
            .map(|ct| {
                // Pushed, not `format!`ed: this runs for every part of every message.
                let sub = ct.subtype().unwrap_or("");
                let mut t = String::with_capacity(ct.ctype().len() + 1 + sub.len());
                t.push_str(ct.ctype());
                if let Some(sub) = ct.subtype() {
                    t.push('/');
                    t.push_str(sub);
                }
                t.make_ascii_lowercase();
                t
            })
            .unwrap_or_else(|| "text/plain".to_string());
        match &part.body {
            PartType::Multipart(ids) => {
                // Pushed in reverse so they pop in order.
                stack.extend(ids.iter().rev().filter(|&&c| c != id));
            }
            PartType::Message(nested) => {
                out.push(Part {
                    content_type: if content_type.starts_with("message/") {
                        content_type
                    } else {
                        "message/rfc822".into()
                    },
                    text: lossy(nested.raw_message()),
                    depth,
                    is_message: true,
                });
                if depth < MAX_DEPTH {
                    visit(nested, 0, depth + 1, out);
                }
            }
            PartType::Text(t) => out.push(Part {
                content_type,
                text: Cow::Borrowed(t.as_ref()),
                depth,
                is_message: false,
            }),
            PartType::Html(t) => out.push(Part {
                content_type,
                text: Cow::Owned(strip_html(t)),
                depth,
                is_message: false,
            }),
            PartType::Binary(b) | PartType::InlineBinary(b) => out.push(Part {
                content_type,
                text: lossy(b.as_ref()),
                depth,
                is_message: false,
            }),
        }
    }
}

/// `bytes` as text, invalid UTF-8 replaced (`String::from_utf8_lossy`), checked by the faster
/// `str::from_utf8` first: most mail is valid.
pub fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The text of the depth-0 human-readable parts (see [`Message::body_text`]).
pub fn body_text_of(parts: &[Part<'_>]) -> String {
    let readable = |p: &&Part<'_>| p.depth == 0 && !p.is_structured() && !p.is_message;
    let plain: Vec<&Part<'_>> = parts
        .iter()
        .filter(readable)
        .filter(|p| p.content_type != "text/html" && p.content_type.starts_with("text/"))
        .collect();
    let chosen: Vec<&Part<'_>> = if plain.is_empty() {
        parts
            .iter()
            .filter(readable)
            .filter(|p| p.content_type == "text/html")
            .collect()
    } else {
        plain
    };
    let mut s = String::new();
    for p in chosen {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&p.text);
    }
    s
}

/// The returned original among `parts` (see [`Message::original`]).
pub fn original_of(parts: &[Part<'_>]) -> Option<Original> {
    for p in parts.iter().filter(|p| p.depth == 0) {
        match p.content_type.as_str() {
            "message/rfc822" | "message/global" | "message/rfc822-headers" => {
                if let Some(o) = Original::from_text(&p.text, original::Source::Attached) {
                    return Some(o);
                }
            }
            "text/rfc822-headers" => {
                if let Some(o) = Original::from_text(&p.text, original::Source::Headers) {
                    return Some(o);
                }
            }
            _ => {}
        }
    }
    original::find_inline(&body_text_of(parts))
}

/// Removes tags and decodes the common entities; block ends become line ends.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    // memchr's searches: `str::find(char)` goes a word at a time, and this runs over every HTML
    // part of every notice. ASCII bytes are always char boundaries.
    while let Some(p) = memchr::memchr(b'<', rest.as_bytes()) {
        out.push_str(&rest[..p]);
        let after = &rest[p..];
        let Some(q) = memchr::memchr(b'>', after.as_bytes()) else {
            rest = "";
            break;
        };
        let tag = after[1..q].trim_start_matches('/');
        let name = &tag[..tag
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(tag.len())];
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if ["br", "p", "div", "tr", "li", "table", "h1", "h2", "h3"]
            .into_iter()
            .any(is)
        {
            out.push('\n');
        }
        let closing = after[1..].starts_with('/');
        if !closing && (is("style") || is("script")) {
            // Skip to its closing tag (any case).
            let close = format!("</{}", name.to_ascii_lowercase());
            let body = &after.as_bytes()[q..];
            rest = match memchr::memchr_iter(b'<', body).find(|&i| {
                body.get(i..i + close.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(close.as_bytes()))
            }) {
                Some(c) => &after[q + c..],
                None => "",
            };
            continue;
        }
        rest = &after[q + 1..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// The lines of `text` exactly as [`str::lines`] gives them (split at LF, one CR before it
/// dropped, no empty last line), found with memchr's search: `str::lines` looks for each line
/// end a word at a time, and the engine splits every notice into lines several times.
pub fn lines(text: &str) -> Lines<'_> {
    Lines { rest: text }
}

/// The iterator of [`lines`].
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let line = match memchr::memchr(b'\n', self.rest.as_bytes()) {
            Some(i) => {
                let line = &self.rest[..i];
                self.rest = &self.rest[i + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut self.rest),
        };
        Some(line)
    }
}

/// `&nbsp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` and `&amp;` decoded in one pass (the same as
/// replacing each in turn: none can overlap another, and no replacement makes a new one).
fn decode_entities(s: &str) -> String {
    const ENTITIES: &[(&str, char)] = &[
        ("&nbsp;", ' '),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let at = &rest[p..];
        match ENTITIES.iter().find(|(e, _)| at.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &at[e.len()..];
            }
            None => {
                out.push('&');
                rest = &at[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `raw` with CR-only line ends (old Mac files) turned into LF, which mail-parser needs; other
/// input is returned as is, without copying. Call before [`Message::parse`].
pub fn fix_line_ends(raw: &[u8]) -> Cow<'_, [u8]> {
    if raw.contains(&b'\n') || !raw.contains(&b'\r') {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(
        raw.iter()
            .map(|&b| if b == b'\r' { b'\n' } else { b })
            .collect(),
    )
}

/// The key under which a message is remembered in the ledger: its Message-ID when it has one,
/// else the SHA-256 of its body (getmail adds headers on redelivery, so the whole file's hash would
/// not recognise a second copy).
pub fn message_key(msg: &Message<'_>) -> String {
    match msg.message_id() {
        Some(id) => format!("<{id}>"),
        None => body_key(msg.raw()),
    }
}

/// The ledger key of `raw` read from its header block alone, without parsing the body: what
/// [`message_key`] gives for `Message::parse(raw)`, or None when that parse finds no header
/// ([`Message::is_parsed`] false). For the pipeline's reader, which needs only the key when no
/// handler prepares work ahead: the full parse then happens once, in the handler.
pub fn key_from_headers(raw: &[u8]) -> Option<String> {
    // The same cut as `Message::parse`, so a header past a limit is not read here either.
    let input = &raw[..prescan::scan(raw).parse_len];
    let parsed = std::panic::catch_unwind(|| PARSER.parse_headers(input))
        .ok()
        .flatten()
        .filter(|m| !m.headers().is_empty())?;
    Some(match message_id_of(&parsed) {
        Some(id) => format!("<{id}>"),
        None => body_key(raw),
    })
}

fn message_id_of<'a>(m: &'a mail_parser::Message<'_>) -> Option<&'a str> {
    m.message_id().map(str::trim).filter(|s| !s.is_empty())
}

fn body_key(raw: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(body_bytes(raw))))
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
    fn key_from_headers_agrees_with_the_full_parse() {
        fn full(raw: &[u8]) -> Option<String> {
            let m = Message::parse(raw);
            m.is_parsed().then(|| message_key(&m))
        }
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata"
        ))];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else {
                    files.push(p);
                }
            }
        }
        assert!(files.len() > 500, "testdata has {} files", files.len());
        let mut long_field = b"Subject: x\n".to_vec();
        long_field.extend(b"X-Long: ");
        long_field.extend(vec![b'a'; prescan::MAX_HEADER_BYTES + 10]);
        long_field.extend(b"\nMessage-ID: <late@x>\n\nbody\n");
        let odd: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"no header at all".to_vec(),
            b"\n\nbody only\n".to_vec(),
            b"Subject: no body".to_vec(),
            b"Message-ID:   \n\nempty id\n".to_vec(),
            b"\x00\xff\xfe".to_vec(),
            long_field,
        ];
        let mut keyed = 0;
        for raw in files
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .map(|b| fix_line_ends(&b).into_owned())
            .chain(odd)
        {
            // mail-parser's debug assertions trip on some fuzzed input (testdata/fuzz-regressions)
            // in a full parse only; release builds have none, so there is nothing to compare.
            let input = &raw[..prescan::scan(&raw).parse_len];
            if cfg!(debug_assertions) && std::panic::catch_unwind(|| PARSER.parse(input)).is_err() {
                continue;
            }
            let want = full(&raw);
            keyed += want.is_some() as usize;
            assert_eq!(key_from_headers(&raw), want);
        }
        assert!(keyed > 500);
    }

    #[test]
    fn japanese_legacy_charsets_are_decoded() {
        // ISO-2022-JP, as Japanese mailers still send it: needs mail-parser's full_encoding.
        let raw = b"From: a@x\nSubject: =?ISO-2022-JP?B?GyRCSVQ6XyROJCpDTiRpJDsbKEI=?=\n\
            Content-Type: text/plain; charset=ISO-2022-JP\n\n\x1b$B=PD%Cf$G$9!#\x1b(B\n";
        let m = Message::parse(raw);
        assert_eq!(m.subject(), Some("不在のお知らせ"));
        assert_eq!(m.body_text().trim(), "出張中です。");
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
    fn parts_and_original() {
        let raw = b"From: MAILER-DAEMON@x\nContent-Type: multipart/report; boundary=b\n\n--b\nContent-Type: text/plain\n\nfailed\n--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b\n--b\nContent-Type: message/rfc822\n\nMessage-ID: <o@x>\nTo: a@b\nSubject: s\n\nhello\n--b--\n";
        let m = Message::parse(raw);
        let parts = m.parts();
        let types: Vec<&str> = parts.iter().map(|p| p.content_type.as_str()).collect();
        assert_eq!(
            types[..3],
            ["text/plain", "message/delivery-status", "message/rfc822"]
        );
        assert_eq!(m.body_text().trim(), "failed");
        let o = m.original().unwrap();
        assert_eq!(o.message_id(), Some("o@x"));
        assert_eq!(o.to(), vec!["a@b".to_string()]);
    }

    #[test]
    fn cr_line_ends_become_lf() {
        assert_eq!(fix_line_ends(b"a: b\r\rc").as_ref(), b"a: b\n\nc");
        assert!(matches!(fix_line_ends(b"a\r\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn html_is_stripped() {
        assert_eq!(strip_html("<p>a&amp;b</p><style>x</style>c"), "\na&b\nc");
        assert_eq!(
            strip_html("<BR/>x<Script type=a>if (a<b) {}</SCRIPT >y<STYLE>z"),
            "\nxy"
        );
        // One pass decodes as replacing each entity in turn did.
        let tricky = "&amp;lt; &&amp; &nbsp;&#39;&quot;&gt;&lt;&amp;amp; &amp &l&lt;t; &#39";
        let in_turn = tricky
            .replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        assert_eq!(decode_entities(tricky), in_turn);
    }

    /// The same parts, headers and bodies, nested messages compared alike: a field ours skips
    /// (Received, and those without a parser of their own) reads from its raw bytes as the
    /// default parser's text of it.
    fn same_as_default(
        a: &mail_parser::Message<'_>,
        b: &mail_parser::Message<'_>,
        skipped: &mut usize,
    ) -> usize {
        assert_eq!(a.parts.len(), b.parts.len());
        let mut n = 0;
        for (pa, pb) in a.parts.iter().zip(&b.parts) {
            assert_eq!(pa.headers.len(), pb.headers.len());
            for (ha, hb) in pa.headers.iter().zip(&pb.headers) {
                assert_eq!(ha.name, hb.name);
                if ha.value == hb.value || ha.name == HeaderName::Received {
                    continue;
                }
                assert_eq!(ha.value, HeaderValue::Empty, "{:?}", ha.name);
                let HeaderValue::Text(want) = &hb.value else {
                    panic!("{:?}: {:?}", hb.name, hb.value);
                };
                assert_eq!(
                    raw_value(&a.raw_message, ha).as_deref(),
                    Some(want.as_ref())
                );
                *skipped += 1;
            }
            n += match (&pa.body, &pb.body) {
                (PartType::Message(x), PartType::Message(y)) => same_as_default(x, y, skipped),
                (x, y) => {
                    assert_eq!(x, y);
                    1
                }
            };
        }
        n
    }

    #[test]
    fn parser_reads_as_the_default_but_for_received() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/sisimai/maildir/bsd");
        let (mut n, mut skipped) = (0, 0);
        for e in std::fs::read_dir(dir).unwrap() {
            let raw = std::fs::read(e.unwrap().path()).unwrap();
            let (Some(ours), Some(default)) =
                (PARSER.parse(&raw), MessageParser::default().parse(&raw))
            else {
                panic!("unparsed");
            };
            n += same_as_default(&ours, &default, &mut skipped);
        }
        assert!(n > 500, "{n}");
        assert!(skipped > 1000, "{skipped}");
    }

    /// The check that the cut loses nothing keeps the cut for nearly every report of the
    /// corpus (the speed of `parse_report`); those it refuses have broken MIME.
    #[test]
    fn reports_keep_the_cut() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/sisimai/maildir");
        let (mut cuts, mut kept) = (0, 0);
        for sub in std::fs::read_dir(dir).unwrap() {
            for e in std::fs::read_dir(sub.unwrap().path()).unwrap() {
                let raw = std::fs::read(e.unwrap().path()).unwrap();
                let raw = fix_line_ends(&raw);
                let input = &raw[..prescan::scan(&raw).parse_len];
                if let Some(end) = prescan::returned_headers_end(input) {
                    cuts += 1;
                    let m = PARSER.parse(&input[..end]);
                    kept += usize::from(m.is_some_and(|m| cut_loses_nothing(&m, input, end)));
                }
            }
        }
        assert!(cuts > 200 && kept * 100 >= cuts * 95, "{kept} of {cuts}");
    }

    /// A small deterministic generator for the randomised comparisons below.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a, T: ?Sized>(&mut self, from: &[&'a T]) -> &'a T {
            from[self.below(from.len())]
        }
    }

    /// `header_texts` of a field the parser skips gives what mail-parser's default parser gives,
    /// on generated header blocks: folded values, empty ones, white space and line ends of every
    /// kind around them, bytes that are not UTF-8, names in odd case, repeated fields, a last
    /// field without a line end, line ends fixed by `fix_line_ends` (CR only).
    #[test]
    fn header_texts_read_as_the_default_parser_reads_them() {
        let names: &[&[u8]] = &[
            b"X-Failed-Recipients",
            b"x-failed-recipients",
            b"AUTO-SUBMITTED",
            b"Delivered-To",
            b"Precedence",
            b"X-CiviMail-Bounce",
            // Fields mail-parser parses: one it makes nothing of gives nothing, as it did.
            b"Return-Path",
            b"to",
            b"List-Id",
            b"Subject",
        ];
        let bits: &[&[u8]] = &[
            b" ",
            b"\t",
            b"\r",
            b"\n ",
            b"\n\t",
            b"\r\n ",
            b"a",
            b"b@x.example",
            b"\xc3\xa9",
            b"\xff",
            b":",
            b"=?utf-8?b?w6k=?=",
            b"<c@y>",
            b"\n \n ",
            b"\x0b",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut compared = 0;
        for _ in 0..4000 {
            let mut raw: Vec<u8> = b"From: a@x.example\n".to_vec();
            for _ in 0..1 + rng.below(4) {
                raw.extend_from_slice(rng.pick(names));
                raw.extend_from_slice(if rng.below(4) == 0 { b" :" } else { b":" });
                for _ in 0..rng.below(6) {
                    raw.extend_from_slice(rng.pick(bits));
                }
                raw.extend_from_slice(rng.pick(&[&b"\n"[..], b"\r\n", b"\r"]));
            }
            match rng.below(3) {
                0 => raw.extend_from_slice(b"\nbody\n"),
                1 => raw.truncate(raw.len() - 1),
                _ => {}
            }
            let raw = fix_line_ends(&raw).into_owned();
            let ours = Message::parse(&raw);
            let Ok(Some(default)) =
                std::panic::catch_unwind(|| MessageParser::default().parse(&raw))
            else {
                continue;
            };
            for name in [
                "X-Failed-Recipients",
                "Auto-Submitted",
                "Delivered-To",
                "Precedence",
                "X-CiviMail-Bounce",
                "Return-Path",
                "To",
                "List-Id",
                "Subject",
            ] {
                // What header_texts gave when every field went through mail-parser's default.
                let want: Vec<&str> = default
                    .headers()
                    .iter()
                    .filter(|h| h.name().eq_ignore_ascii_case(name))
                    .filter_map(|h| match h.value() {
                        HeaderValue::Text(t) => Some(t.as_ref()),
                        HeaderValue::TextList(l) => l.first().map(|t| t.as_ref()),
                        HeaderValue::Address(a) => a.first().and_then(|a| a.address()),
                        _ => None,
                    })
                    .collect();
                assert_eq!(ours.header_texts(name), want, "{name} in {:?}", lossy(&raw));
                compared += want.len();
            }
        }
        assert!(compared > 2000, "{compared}");
    }

    #[test]
    fn lines_are_str_lines() {
        for t in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r",
            "a\r\r\nb",
            "\r\n\r\n",
            "x\ny\r\nz\n\nw\r",
            "é\nü\r\n",
        ] {
            assert_eq!(
                lines(t).collect::<Vec<_>>(),
                t.lines().collect::<Vec<_>>(),
                "{t:?}"
            );
        }
        // And on generated text of line ends, CRs and characters of every width.
        let mut rng = Rng(0x51_7cc1_b727_220a);
        for _ in 0..5000 {
            let mut t = String::new();
            for _ in 0..rng.below(12) {
                t.push_str(rng.pick(&["a", "\r", "\n", "\r\n", "é", "\u{2028}", " "]));
            }
            assert_eq!(
                lines(&t).collect::<Vec<_>>(),
                t.lines().collect::<Vec<_>>(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn garbage_yields_a_view() {
        let m = Message::parse(b"\x00\xff\xfe");
        assert!(m.message_id().is_none());
        assert!(m.to_addresses().is_empty());
        let _ = message_key(&m);
    }
}
