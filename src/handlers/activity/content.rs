//! What an activity records from a message: the subject as one line, the readable text and the
//! HTML beside it, the thread ids, and the parts that are attachments. Works on mail-parser's
//! message; no I/O.

use mail_parser::{HeaderValue, MessagePart, MimeHeaders, PartType};

use super::html;

/// The subject as one line: folded lines joined, runs of space collapsed, control characters
/// (terminal escapes a stranger could send) removed.
pub fn one_line(s: &str) -> String {
    s.split(char::is_whitespace)
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body: the text/plain parts (else the HTML parts converted to text), and the HTML parts.
pub fn body(m: &mail_parser::Message<'_>) -> (String, Option<String>) {
    let parts_of = |ids: &[u32], html: bool| -> Vec<&str> {
        ids.iter()
            .filter_map(|&i| m.parts.get(i as usize))
            .filter(|p| p.attachment_name().is_none())
            .filter_map(|p| match (&p.body, html) {
                (PartType::Text(t), false) => Some(t.as_ref()),
                (PartType::Html(h), true) => Some(h.as_ref()),
                _ => None,
            })
            .collect()
    };
    let mut texts = parts_of(&m.text_body, false);
    let htmls = parts_of(&m.html_body, true);
    // mail-parser lists a single-part text message in both lists, and an HTML-only message's
    // HTML in the text list: use the parts for what they are.
    texts.dedup();
    let html = (!htmls.is_empty()).then(|| htmls.join("\n"));
    let text = if !texts.is_empty() {
        texts.join("\n")
    } else if let Some(h) = &html {
        html::to_text(h)
    } else {
        String::new()
    };
    (text.trim_end().to_string(), html)
}

/// The ids an In-Reply-To or References header names, in order, without angle brackets.
pub fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    let mut out: Vec<String> = match v {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    };
    out.retain(|s| !s.trim().is_empty() && !s.chars().any(char::is_whitespace));
    out
}

/// A part to keep as an attachment.
pub struct Part<'a> {
    pub name: Option<&'a str>,
    pub mime_type: String,
    pub content: &'a [u8],
}

/// Every part with a file name that is not the body (and any other non-body part that has
/// content: a nested message, an unnamed file), in message order.
pub fn attachments<'a>(m: &'a mail_parser::Message<'a>) -> Vec<Part<'a>> {
    let body = |i: u32| m.text_body.contains(&i) || m.html_body.contains(&i);
    let mut out = Vec::new();
    for (i, p) in m.parts.iter().enumerate() {
        let i = i as u32;
        if matches!(p.body, PartType::Multipart(_)) {
            continue;
        }
        let named = p.attachment_name().is_some();
        if body(i) && !named {
            continue;
        }
        if !m.attachments.contains(&i) && !named {
            continue;
        }
        if p.contents().is_empty() && !named {
            continue;
        }
        out.push(Part {
            name: p.attachment_name(),
            mime_type: mime_type(p),
            content: p.contents(),
        });
    }
    out
}

fn mime_type(p: &MessagePart<'_>) -> String {
    match p.content_type() {
        Some(ct) => {
            let sub = ct.subtype().unwrap_or("octet-stream");
            let t = format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase();
            if t.chars().all(|c| c.is_ascii_graphic()) && t.len() <= 100 {
                t
            } else {
                "application/octet-stream".to_string()
            }
        }
        None => match p.body {
            PartType::Message(_) => "message/rfc822",
            PartType::Text(_) => "text/plain",
            PartType::Html(_) => "text/html",
            _ => "application/octet-stream",
        }
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn parse(raw: &str) -> mail_parser::Message<'_> {
        MessageParser::default().parse(raw.as_bytes()).unwrap()
    }

    #[test]
    fn plain_text_only() {
        let m = parse("Subject: x\n\nHello\n");
        assert_eq!(body(&m), ("Hello".to_string(), None));
        assert!(attachments(&m).is_empty());
    }

    #[test]
    fn alternative_keeps_both() {
        let m = parse(
            "Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nplain\n--b\nContent-Type: text/html\n\n<p>rich</p>\n--b--\n",
        );
        let (t, h) = body(&m);
        assert_eq!(t, "plain");
        assert_eq!(h.as_deref().map(str::trim), Some("<p>rich</p>"));
    }

    #[test]
    fn html_only_is_converted() {
        let m = parse("Content-Type: text/html\n\n<p>Hi&nbsp;there</p><p>bye</p>\n");
        let (t, h) = body(&m);
        assert_eq!(t, "Hi there\n\nbye");
        assert!(h.unwrap().contains("<p>"));
    }

    #[test]
    fn named_parts_are_attachments() {
        let m = parse(
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nbody\n\
             --b\nContent-Type: text/plain; name=a.txt\nContent-Disposition: attachment; filename=a.txt\n\nfile\n\
             --b\nContent-Type: application/pdf\nContent-Disposition: attachment\nContent-Transfer-Encoding: base64\n\nJVBERg==\n--b--\n",
        );
        assert_eq!(body(&m).0, "body");
        let a = attachments(&m);
        assert_eq!(a.len(), 2);
        assert_eq!(
            (a[0].name, a[0].mime_type.as_str()),
            (Some("a.txt"), "text/plain")
        );
        assert_eq!(a[0].content, b"file");
        assert_eq!(
            (a[1].name, a[1].mime_type.as_str()),
            (None, "application/pdf")
        );
        assert_eq!(a[1].content, b"%PDF");
    }

    #[test]
    fn a_single_part_file_is_an_attachment() {
        let m = parse(
            "Content-Type: application/pdf; name=scan.pdf\nContent-Transfer-Encoding: base64\n\nJVBERg==\n",
        );
        assert_eq!(body(&m).0, "");
        let a = attachments(&m);
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].name, a[0].content), (Some("scan.pdf"), &b"%PDF"[..]));
    }

    #[test]
    fn a_forwarded_message_is_an_attachment() {
        let m = parse(
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nFYI\n\
             --b\nContent-Type: message/rfc822\n\nFrom: x@y.z\nSubject: inner\n\ninner body\n--b--\n",
        );
        assert_eq!(body(&m).0, "FYI");
        let a = attachments(&m);
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].name, a[0].mime_type.as_str()),
            (None, "message/rfc822")
        );
        assert!(a[0].content.starts_with(b"From: x@y.z"));
    }

    #[test]
    fn subject_one_line() {
        assert_eq!(one_line(" a\r\n\tb \u{1b}c "), "a b c");
    }
}
