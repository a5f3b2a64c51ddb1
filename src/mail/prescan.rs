//! The pre-scan: one cheap pass over the raw bytes before mail-parser sees them, bounding the work
//! a hostile or broken message can cause. mail-parser 0.11 has no limits on MIME nesting, part
//! count or header length, so the pre-scan finds the first point where one of ours is exceeded and
//! the message is parsed only up to there. It never fails and never allocates.

/// Bytes beyond this are not parsed at all.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// At most this many multipart or message containers are declared (an upper bound on nesting).
pub const MAX_CONTAINERS: usize = 64;
/// At most this many boundary-like lines (an upper bound on the number of parts).
pub const MAX_BOUNDARIES: usize = 2048;
/// One header field (with its folded continuation lines) may be at most this long.
pub const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Which limit cut the message short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Size,
    Nesting,
    Parts,
    HeaderLength,
}

impl Limit {
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Size => "size",
            Limit::Nesting => "mime-nesting",
            Limit::Parts => "part-count",
            Limit::HeaderLength => "header-length",
        }
    }
}

/// The result of the pre-scan: how many leading bytes to parse, and the limit that cut it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    pub parse_len: usize,
    pub limit: Option<Limit>,
}

/// Scans `raw` line by line (LF, CRLF or CR line ends).
pub fn scan(raw: &[u8]) -> Scan {
    // Most messages are far within the limits: that is told without going line by line.
    if raw.len() <= MAX_HEADER_BYTES && small_within_limits(raw) {
        return Scan {
            parse_len: raw.len(),
            limit: None,
        };
    }
    scan_lines(raw)
}

/// For input no longer than one header field may be (then no field is too long): true when
/// its boundary-like and container lines are within their limits, counted only at the line
/// starts that can begin one ('-', 'c' or 'C' after a line end, or at the start), which
/// memchr's searches find without visiting every line. False means a limit may be reached:
/// the line-by-line scan says where.
fn small_within_limits(data: &[u8]) -> bool {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    // A line end and a line's first byte; those after a CR only count when there are CRs.
    static STARTS: LazyLock<[(Finder<'static>, bool); 6]> = LazyLock::new(|| {
        [
            (Finder::new(b"\n-"), false),
            (Finder::new(b"\nc"), false),
            (Finder::new(b"\nC"), false),
            (Finder::new(b"\r-"), true),
            (Finder::new(b"\rc"), true),
            (Finder::new(b"\rC"), true),
        ]
    });
    let (mut boundaries, mut containers) = (0usize, 0usize);
    // A CR followed by LF is one line end, after which the line starts past the LF: a CR
    // followed by '-', 'c' or 'C' is always a line end of its own.
    let mut line_at = |s: usize| {
        let rest = &data[s..];
        let line = &rest[..memchr_line_end(rest).unwrap_or(rest.len())];
        if line.len() > 2 && line.starts_with(b"--") {
            boundaries += 1;
        }
        if declares_container(line) {
            containers += 1;
        }
    };
    line_at(0);
    let has_cr = memchr::memchr(b'\r', data).is_some();
    for (finder, after_cr) in STARTS.iter() {
        if *after_cr && !has_cr {
            continue;
        }
        for p in finder.find_iter(data) {
            line_at(p + 1);
        }
    }
    boundaries <= MAX_BOUNDARIES && containers <= MAX_CONTAINERS
}

/// [`scan`] line by line.
fn scan_lines(raw: &[u8]) -> Scan {
    let mut limit = None;
    let mut end = raw.len();
    if end > MAX_BYTES {
        end = MAX_BYTES;
        limit = Some(Limit::Size);
    }
    let data = &raw[..end];
    let mut containers = 0usize;
    let mut boundaries = 0usize;
    // Start offset of the current header field (a line starting a field, then its continuations).
    let mut field_start: Option<usize> = None;
    let mut i = 0usize;
    while i < data.len() {
        let line_end = memchr_line_end(&data[i..]).map_or(data.len(), |p| i + p);
        let line = &data[i..line_end];
        let next = skip_line_end(data, line_end);
        let folded = matches!(line.first(), Some(b' ' | b'\t'));
        if folded {
            if let Some(s) = field_start
                && line_end - s > MAX_HEADER_BYTES
            {
                return Scan {
                    parse_len: s,
                    limit: Some(Limit::HeaderLength),
                };
            }
        } else if line.len() > MAX_HEADER_BYTES && line.contains(&b':') {
            return Scan {
                parse_len: i,
                limit: Some(Limit::HeaderLength),
            };
        } else {
            field_start = Some(i);
        }
        if line.len() > 2 && line.starts_with(b"--") {
            boundaries += 1;
            if boundaries > MAX_BOUNDARIES {
                return Scan {
                    parse_len: i,
                    limit: Some(Limit::Parts),
                };
            }
        }
        if declares_container(line) {
            containers += 1;
            if containers > MAX_CONTAINERS {
                return Scan {
                    parse_len: i,
                    limit: Some(Limit::Nesting),
                };
            }
        }
        i = next;
    }
    Scan {
        parse_len: end,
        limit,
    }
}

/// Where the returned message's header block ends in a delivery status report: the offset just
/// past the empty line that ends the header block of the message/rfc822 (or message/global) part
/// that follows the report's message/delivery-status part. Classifying a bounce reads the
/// returned message's header fields, never its body (RFC 3464 puts it last), and that body (the
/// newsletter itself, often quoted-printable HTML) can be most of the work of parsing a bounce.
///
/// None, and the message is parsed whole, unless every sign is plain: both types on
/// `Content-Type:` lines (in lower case, as mailers write them) and the returned part neither
/// base64 nor quoted-printable (message/global may be). A returned message that is itself a
/// report is cut alike: the engine reads only the outermost report's status fields.
pub fn returned_headers_end(raw: &[u8]) -> Option<usize> {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static STATUS: LazyLock<Finder<'static>> =
        LazyLock::new(|| Finder::new(b"delivery-status").into_owned());
    static MESSAGE: LazyLock<Finder<'static>> =
        LazyLock::new(|| Finder::new(b"message/").into_owned());
    // message/delivery-status or message/global-delivery-status, on a Content-Type line.
    // (The first "delivery-status" is often the header's "report-type=delivery-status".)
    let status = STATUS.find_iter(raw).find_map(|found| {
        [&b"message/"[..], b"message/global-"]
            .iter()
            .find_map(|t| found.checked_sub(t.len()).filter(|&s| raw[s..found] == **t))
    })?;
    if !on_content_type_line(raw, status) {
        return None;
    }
    // The next message/rfc822 or message/global (not message/global-headers) after it.
    let after = status + b"message/".len();
    let at = MESSAGE
        .find_iter(&raw[after..])
        .map(|p| p + after)
        .find(|&p| {
            let t = &raw[p + b"message/".len()..];
            t.starts_with(b"rfc822")
                || (t.starts_with(b"global")
                    && !matches!(t.get(6), Some(c) if c.is_ascii_alphanumeric() || *c == b'-'))
        })?;
    if !on_content_type_line(raw, at) {
        return None;
    }
    let part_headers_end = blank_line_end(raw, at)?;
    // An encoded part (message/global may be) is parsed whole.
    let part_headers = raw[at..part_headers_end].to_ascii_lowercase();
    let has = |w: &[u8]| memchr::memmem::find(&part_headers, w).is_some();
    if has(b"base64") || has(b"quoted-printable") {
        return None;
    }
    let end = blank_line_end(raw, part_headers_end)?;
    Some(end)
}

/// True when the line holding offset `at` is a `Content-Type:` field whose value starts there.
fn on_content_type_line(raw: &[u8], at: usize) -> bool {
    let start = memchr::memrchr(b'\n', &raw[..at]).map_or(0, |p| p + 1);
    let line = &raw[start..at];
    line.len() >= 13
        && line[..13].eq_ignore_ascii_case(b"content-type:")
        && line[13..].iter().all(|&c| c == b' ' || c == b'\t')
}

/// The offset just past the first empty line (LF or CRLF) that follows a line end at or after
/// `from`; None when there is none.
fn blank_line_end(raw: &[u8], from: usize) -> Option<usize> {
    for p in memchr::memchr_iter(b'\n', &raw[from..]).map(|p| p + from) {
        match raw.get(p + 1..) {
            Some([b'\n', ..]) => return Some(p + 2),
            Some([b'\r', b'\n', ..]) => return Some(p + 3),
            _ => {}
        }
    }
    None
}

fn memchr_line_end(b: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', b)
}

fn skip_line_end(data: &[u8], line_end: usize) -> usize {
    match data.get(line_end) {
        Some(b'\r') if data.get(line_end + 1) == Some(&b'\n') => line_end + 2,
        Some(_) => line_end + 1,
        None => line_end,
    }
}

/// A `Content-Type:` line naming a multipart or message type (case-insensitive).
fn declares_container(line: &[u8]) -> bool {
    const CT: &[u8] = b"content-type:";
    if line.len() < CT.len() || !line[..CT.len()].eq_ignore_ascii_case(CT) {
        return false;
    }
    let rest = &line[CT.len()..];
    let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    starts(b"multipart/") || starts(b"message/rfc822") || starts(b"message/global")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(returned_type: &str, cte: &str, end: &str) -> String {
        [
            "From: MAILER-DAEMON@mx.example",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"",
            "",
            "--b",
            "Content-Type: text/plain",
            "",
            "Delivery failed.",
            "--b",
            "Content-Type: message/delivery-status",
            "",
            "Final-Recipient: rfc822; a@x.example",
            "Status: 5.1.1",
            "",
            "--b",
            &format!("Content-Type: {returned_type}"),
            cte,
            "",
            "Subject: the newsletter",
            "Message-ID: <1@example.org>",
            "",
            "=3D the body =3D",
            "--b--",
            "",
        ]
        .iter()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}{end}"))
        .collect()
    }

    #[test]
    fn the_returned_body_is_cut_off() {
        for end in ["\n", "\r\n"] {
            let raw = report("message/rfc822", "#", end);
            let cut = returned_headers_end(raw.as_bytes()).expect("cut");
            let blank = format!("Message-ID: <1@example.org>{end}{end}");
            assert!(raw[..cut].ends_with(&blank), "{:?}", &raw[..cut]);
            assert!(raw[cut..].starts_with("=3D the body"));
            let raw = report("message/global", "Content-Transfer-Encoding: 8bit", end);
            assert!(returned_headers_end(raw.as_bytes()).is_some());
        }
        // An encoded part is parsed whole; so is a returned message that is not in a report,
        // and a report whose returned part is only headers.
        let raw = report("message/global", "Content-Transfer-Encoding: BASE64", "\n");
        assert_eq!(returned_headers_end(raw.as_bytes()), None);
        let raw = report("message/global-headers", "#", "\n");
        assert_eq!(returned_headers_end(raw.as_bytes()), None);
        let raw = report("text/rfc822-headers", "#", "\n");
        assert_eq!(returned_headers_end(raw.as_bytes()), None);
        let raw = report("message/rfc822", "#", "\n").replace(
            "Content-Type: message/delivery-status",
            "Content-Type: text/plain",
        );
        assert_eq!(returned_headers_end(raw.as_bytes()), None);
        assert_eq!(returned_headers_end(b""), None);
    }

    #[test]
    fn ordinary_message_is_whole() {
        let raw = b"Subject: x\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n\r\nhi\r\n--a--\r\n";
        assert_eq!(
            scan(raw),
            Scan {
                parse_len: raw.len(),
                limit: None
            }
        );
    }

    #[test]
    fn deep_nesting_is_cut() {
        let mut raw = Vec::new();
        for i in 0..200 {
            raw.extend_from_slice(
                format!("Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n").as_bytes(),
            );
        }
        let s = scan(&raw);
        assert_eq!(s.limit, Some(Limit::Nesting));
        assert!(s.parse_len < raw.len());
    }

    #[test]
    fn long_folded_header_is_cut() {
        let mut raw = b"Subject: a\nX-Long: x\n".to_vec();
        for _ in 0..40_000 {
            raw.extend_from_slice(b" continued\n");
        }
        raw.extend_from_slice(b"\nbody\n");
        let s = scan(&raw);
        assert_eq!(s.limit, Some(Limit::HeaderLength));
        assert_eq!(s.parse_len, 11);
    }

    /// The quick count and the line-by-line scan agree, whatever the line ends.
    #[test]
    fn quick_count_is_the_line_scan() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/sisimai/maildir");
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for sub in ["bsd", "dos", "mac"] {
            for e in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
                inputs.push(std::fs::read(e.unwrap().path()).unwrap());
            }
        }
        for end in ["\n", "\r\n", "\r", "\n\r", "\r\r\n"] {
            for (n, line) in [
                (MAX_BOUNDARIES, "--b"),
                (MAX_BOUNDARIES + 1, "--b"),
                (MAX_BOUNDARIES + 1, "--"),
                (MAX_CONTAINERS, "Content-Type: multipart/mixed"),
                (MAX_CONTAINERS + 1, "content-type:message/rfc822"),
                (MAX_CONTAINERS + 1, "Content-Type: text/plain"),
            ] {
                let mut raw = format!("X: y{end}");
                for _ in 0..n {
                    raw.push_str(line);
                    raw.push_str(end);
                }
                inputs.push(raw.clone().into_bytes());
                inputs.push(raw.trim_start_matches("X: y").as_bytes().to_vec());
            }
        }
        assert!(inputs.len() > 600);
        for raw in &inputs {
            assert_eq!(scan(raw), scan_lines(raw));
            assert_eq!(small_within_limits(raw), scan_lines(raw).limit.is_none());
        }
    }

    #[test]
    fn many_parts_are_cut() {
        let raw = "--x\n".repeat(MAX_BOUNDARIES + 10);
        assert_eq!(scan(raw.as_bytes()).limit, Some(Limit::Parts));
    }
}
