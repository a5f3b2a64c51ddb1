//! HTML to readable text, for mail that has only an HTML body: block elements become line
//! breaks, list items get a dash, links keep their target, script/style/head are dropped,
//! entities are decoded and white space is collapsed as a browser would. Not a full HTML parser:
//! good enough to read a letter, and it cannot fail or panic on broken markup. No I/O.
//!
//! Written here rather than taken from a crate: the well-known converters (html2text) pull in
//! html5ever and a dozen crates for a job that needs one pass over the text; the entity table is
//! mail-parser's, which is already a dependency.

/// Elements whose content is not text for a reader.
const SKIP: &[&str] = &[
    "head", "script", "style", "template", "title", "noscript", "svg", "object",
];
/// Elements that start and end on their own line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "header",
    "main",
    "nav",
    "ol",
    "section",
    "table",
    "tr",
    "ul",
];
/// Elements followed by an empty line.
const PARAGRAPH: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"];

/// The readable text of `html`.
pub fn to_text(html: &str) -> String {
    let mut out = Out::default();
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    let mut pre = 0usize;
    let mut href: Vec<Option<String>> = Vec::new();
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_until.is_none() {
                out.text(rest, pre > 0);
            }
            break;
        };
        if skip_until.is_none() {
            out.text(&rest[..lt], pre > 0);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let at_tag = rest;
        let (tag, after) = split_tag(rest);
        rest = after;
        let Some((name, closing)) = tag_name(tag) else {
            // A lone '<' that starts no tag: it is text.
            if skip_until.is_none() {
                out.text("<", pre > 0);
            }
            rest = &at_tag[1..];
            continue;
        };
        if let Some(until) = &skip_until {
            if closing && name == *until {
                skip_until = None;
            }
            continue;
        }
        let n = name.as_str();
        if SKIP.contains(&n) {
            if !closing && !tag.ends_with("/>") {
                skip_until = Some(name);
            }
            continue;
        }
        match (n, closing) {
            ("br", _) => out.newline(),
            ("hr", _) => {
                out.block();
                out.raw("----");
                out.block();
            }
            ("li", false) => {
                out.block();
                out.raw("- ");
            }
            ("li", true) => out.block(),
            ("td" | "th", false) => out.space(),
            ("img", false) => {
                if let Some(alt) = attribute(tag, "alt").filter(|a| !a.trim().is_empty()) {
                    out.text(&format!("[{}]", decode(&alt)), false);
                }
            }
            ("a", false) => href.push(attribute(tag, "href").map(|h| decode(&h))),
            ("a", true) => {
                if let Some(Some(h)) = href.pop() {
                    let h = h.trim();
                    let shown = h.strip_prefix("mailto:").unwrap_or(h);
                    if (h.starts_with("http") || h.starts_with("mailto:"))
                        && !out.buf.trim_end().ends_with(shown)
                    {
                        out.text(&format!(" <{shown}>"), false);
                    }
                }
            }
            ("pre", false) => {
                out.paragraph();
                pre += 1;
            }
            ("pre", true) => {
                pre = pre.saturating_sub(1);
                out.paragraph();
            }
            _ if PARAGRAPH.contains(&n) => out.paragraph(),
            _ if BLOCK.contains(&n) => out.block(),
            _ => {}
        }
    }
    out.finish()
}

/// Splits "<tag ...>rest" at the end of the tag (quotes respected); an unclosed tag runs to the end.
fn split_tag(s: &str) -> (&str, &str) {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return (&s[..=i], &s[i + 1..]),
            (None, '<') => return (&s[..i], &s[i..]),
            _ => {}
        }
    }
    (s, "")
}

/// The lower-cased element name of a tag and whether it closes; None when it is no tag.
fn tag_name(tag: &str) -> Option<(String, bool)> {
    let inner = tag.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
        .collect();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // <!DOCTYPE ...>, <?xml ...?>: markup, not text.
        return (inner.starts_with('!') || inner.starts_with('?')).then(|| (String::new(), true));
    }
    Some((name.to_ascii_lowercase(), closing))
}

/// The value of attribute `name` in `tag`, quotes removed.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok = lower[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - after.len() + 1;
        let v = tag[vstart..].trim_start();
        return Some(match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or("").to_string(),
            _ => v
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

/// `s` with its character references decoded.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .char_indices()
            .take(32)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map(|(i, c)| (i + 1, c));
        match end {
            Some((i, ';')) if i > 1 => {
                mail_parser::decoders::html::add_html_token(
                    &mut out,
                    &rest.as_bytes()[..=i],
                    false,
                );
                rest = &rest[i + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text being built: tracks pending white space and line breaks.
#[derive(Default)]
struct Out {
    buf: String,
    /// A space is due before the next word.
    space: bool,
    /// Line breaks due before the next text (at most 2).
    breaks: usize,
}

impl Out {
    fn text(&mut self, s: &str, pre: bool) {
        let s = decode(s);
        if pre {
            for (i, line) in s.split('\n').enumerate() {
                if i > 0 {
                    self.newline();
                }
                if !line.is_empty() {
                    self.raw(line.trim_end_matches('\r'));
                }
            }
            return;
        }
        for (i, word) in s
            .split(|c: char| c.is_whitespace() && c != '\u{a0}')
            .enumerate()
        {
            if i > 0 {
                self.space = true;
            }
            if !word.is_empty() {
                self.raw(word);
            }
        }
    }

    fn raw(&mut self, s: &str) {
        if self.buf.is_empty() {
            self.breaks = 0;
        } else if self.breaks > 0 {
            for _ in 0..self.breaks {
                self.buf.push('\n');
            }
        } else if self.space && !self.buf.ends_with([' ', '\n']) {
            self.buf.push(' ');
        }
        self.breaks = 0;
        self.space = false;
        self.buf
            .extend(s.chars().map(|c| if c == '\u{a0}' { ' ' } else { c }));
    }

    fn space(&mut self) {
        self.space = true;
    }
    fn newline(&mut self) {
        self.breaks = (self.breaks + 1).min(2);
        if self.buf.is_empty() || self.buf.ends_with('\n') {
            // `<br>` at the start of a line still makes one.
            self.buf.push('\n');
            self.breaks -= 1;
        }
    }
    fn block(&mut self) {
        self.breaks = self.breaks.max(1);
    }
    fn paragraph(&mut self) {
        self.breaks = 2;
    }

    fn finish(self) -> String {
        let lines: Vec<&str> = self.buf.lines().map(str::trim_end).collect();
        let mut out = String::new();
        let mut blank = 0;
        for l in lines {
            if l.is_empty() {
                blank += 1;
                if blank > 1 || out.is_empty() {
                    continue;
                }
            } else {
                blank = 0;
            }
            out.push_str(l);
            out.push('\n');
        }
        out.trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn paragraphs_and_breaks() {
        let t = to_text(
            "<html><head><title>x</title><style>p{}</style></head><body><p>Dear  Ann,</p><p>line one<br>line two</p><div>bye</div></body></html>",
        );
        assert_eq!(t, "Dear Ann,\n\nline one\nline two\n\nbye");
    }

    #[test]
    fn lists_links_entities() {
        let t = to_text(
            "<ul><li>one &amp; two</li><li>caf&eacute; &#8364;5 &lt;b&gt;</li></ul>\
             <a href=\"https://example.org/x?a=1&amp;b=2\">our site</a> \
             <a href='mailto:ann@example.org'>ann@example.org</a>",
        );
        assert_eq!(
            t,
            "- one & two\n- café €5 <b>\nour site <https://example.org/x?a=1&b=2> ann@example.org"
        );
    }

    #[test]
    fn scripts_comments_and_broken_markup() {
        let t =
            to_text("a<!-- hidden --><script>alert('<p>x</p>')</script>b < c <p class=\"x>y\">d");
        assert_eq!(t, "ab < c\n\nd");
        assert_eq!(to_text("<"), "<");
        assert_eq!(to_text("<p"), "");
        assert_eq!(to_text("&unknown; & &#xZZ;"), "&unknown; & &#xZZ;");
        assert_eq!(to_text("<!DOCTYPE html><b>x</b>"), "x");
    }

    #[test]
    fn pre_keeps_lines() {
        assert_eq!(to_text("<pre>a  b\n c</pre>after"), "a  b\n c\n\nafter");
    }

    #[test]
    fn table_cells_are_spaced() {
        assert_eq!(
            to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
            "a b\nc"
        );
    }
}
