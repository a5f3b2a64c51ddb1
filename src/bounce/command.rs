//! Which SMTP command an error answered (connection/greeting, MAIL, RCPT, DATA), read from the
//! diagnostic ("in reply to end of DATA command", "after MAIL FROM:") or from the session
//! transcript in the notice (">>> DATA" before the recipient's "<<< 550" line). The command says
//! whose fault a vague error is: refused at MAIL is the sender, at connection the sending host,
//! after DATA (the recipient was accepted) a filter.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// An SMTP stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Connect,
    Mail,
    Rcpt,
    Data,
}

/// Finds a command phrase in one lower-cased text.
fn in_text(l: &str) -> Option<Command> {
    const PHRASES: &[(&str, Command)] = &[
        ("in reply to end of data", Command::Data),
        ("in reply to data", Command::Data),
        ("after end of data", Command::Data),
        ("after data", Command::Data),
        ("did not like our final data", Command::Data),
        ("in reply to rcpt to", Command::Rcpt),
        ("after rcpt", Command::Rcpt),
        ("did not like our rcpt", Command::Rcpt),
        ("most progress was rcpt", Command::Rcpt),
        ("smtp:rcpt", Command::Rcpt),
        ("in reply to mail from", Command::Mail),
        ("after mail from", Command::Mail),
        ("did not like our mail", Command::Mail),
        ("after initial connection", Command::Connect),
        ("in reply to ehlo", Command::Connect),
        ("in reply to helo", Command::Connect),
        ("after ehlo", Command::Connect),
        ("after helo", Command::Connect),
        ("while connected to", Command::Connect),
        // Postfix: the server's greeting was a refusal ("host mx[ip] refused to talk to me").
        ("refused to talk to me", Command::Connect),
    ];
    // The phrase found first in the text; of two found at one place, the first listed: one pass
    // (leftmost-first) instead of a search per phrase.
    static FINDER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(PHRASES.iter().map(|(p, _)| p))
            .ok()
    });
    match FINDER.as_ref() {
        Some(f) => f.find(l).map(|m| PHRASES[m.pattern().as_usize()].1),
        None => PHRASES
            .iter()
            .filter_map(|(p, c)| l.find(p).map(|i| (i, *c)))
            .min_by_key(|(i, _)| *i)
            .map(|(_, c)| c),
    }
}

/// A transcript line's command (">>> DATA", ">>> MAIL FROM:<...>").
fn sent(line: &str) -> Option<Command> {
    let l = line.trim_start().strip_prefix(">>>")?.trim_start();
    let w = l.get(..4)?.to_ascii_uppercase();
    Some(match w.as_str() {
        "DATA" | "." => Command::Data,
        "MAIL" => Command::Mail,
        "RCPT" => Command::Rcpt,
        "EHLO" | "HELO" => Command::Connect,
        _ => return None,
    })
}

/// The command the recipient's error answered, when the diagnostic or the notice says.
pub fn of(diagnostic: &str, context: Option<&str>, address: &str) -> Option<Command> {
    let d = diagnostic.to_ascii_lowercase();
    if let Some(c) = in_text(&d) {
        return Some(c);
    }
    let ctx = context?;
    let local = address.split('@').next().unwrap_or("").to_ascii_lowercase();
    if local.len() < 2 {
        return None;
    }
    // The first 400 lines, lower-cased once (ASCII: the lines stay the same lines).
    let end = memchr::memchr_iter(b'\n', ctx.as_bytes())
        .nth(399)
        .map_or(ctx.len(), |p| p + 1);
    let lower = ctx[..end].to_ascii_lowercase();
    // The lines naming the recipient, found by one search over the whole text (a local part
    // holds no line end, so a match lies within one line).
    let local_at: Vec<usize> =
        memchr::memmem::find_iter(lower.as_bytes(), local.as_bytes()).collect();
    // The reply as the transcript shows it ("<<< 550 : User unknown" names no address).
    let reply: String = d.trim().chars().take(40).collect();
    if local_at.is_empty() && (reply.len() <= 6 || !lower.contains("<<<")) {
        return None;
    }
    let lines: Vec<&str> = crate::mail::lines(&lower).take(400).collect();
    let base = lower.as_ptr() as usize;
    let names_local = |l: &str| {
        let from = l.as_ptr() as usize - base;
        let i = local_at.partition_point(|&p| p < from);
        local_at
            .get(i)
            .is_some_and(|&p| p + local.len() <= from + l.len())
    };
    for (i, line) in lines.iter().enumerate() {
        let l = *line;
        let is_reply = reply.len() > 6
            && l.trim_start().starts_with("<<<")
            && memchr::memmem::find(l.as_bytes(), reply.as_bytes()).is_some();
        if !is_reply && !names_local(l) {
            continue;
        }
        if is_reply || l.trim_start().starts_with("<<<") {
            // The reply in a transcript: the command is the last one sent before it, unless
            // the server's next reply shows that it answered a pipelined RCPT.
            let after = lines[i + 1..(i + 3).min(lines.len())]
                .join(" ")
                .to_ascii_lowercase();
            if after.contains("no valid recipients") {
                return Some(Command::Rcpt);
            }
            for prev in lines[i.saturating_sub(6)..i].iter().rev() {
                if let Some(c) = sent(prev) {
                    return Some(c);
                }
                // Sendmail's "... while talking to host:" with no command sent since: the
                // reply is the server's greeting.
                if prev.to_ascii_lowercase().contains("while talking to ") {
                    return Some(Command::Connect);
                }
            }
        }
        // A notice paragraph ("... (in reply to end of DATA command)") over a few lines.
        let end = (i + 4).min(lines.len());
        let window = lines[i..end].join(" ").to_ascii_lowercase();
        if let Some(c) = in_text(&window) {
            return Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_diagnostic_and_transcript() {
        assert_eq!(
            of("550 x (in reply to end of DATA command)", None, "a@b"),
            Some(Command::Data)
        );
        let t = ">>> RCPT To:<ab@x>\n<<< 250 ok\n>>> DATA\n<<< 550 5.2.1 <ab@x>... User Unknown\n";
        assert_eq!(
            of("550 5.2.1 User Unknown", Some(t), "ab@x"),
            Some(Command::Data)
        );
        assert_eq!(of("550 nope", Some("nothing here"), "ab@x"), None);
        let t = "<ab@x>: host mx.x[192.0.2.1] refused to talk to me: 554 Blocked for spam\n";
        assert_eq!(
            of("554 Blocked for spam", Some(t), "ab@x"),
            Some(Command::Connect)
        );
        let t =
            "... while talking to mx.x.:\n<<< 554 go away (BL)\n554 5.0.0 Service unavailable\n";
        assert_eq!(
            of("554 go away (BL)", Some(t), "ab@x"),
            Some(Command::Connect)
        );
    }

    /// `of` as it was before it searched the notice once for the recipient (str lines, one
    /// search per line), kept to compare.
    fn of_before(diagnostic: &str, context: Option<&str>, address: &str) -> Option<Command> {
        let d = diagnostic.to_ascii_lowercase();
        if let Some(c) = in_text(&d) {
            return Some(c);
        }
        let ctx = context?;
        let local = address.split('@').next().unwrap_or("").to_ascii_lowercase();
        if local.len() < 2 {
            return None;
        }
        let end: usize = ctx.split_inclusive('\n').take(400).map(str::len).sum();
        let lower = ctx[..end].to_ascii_lowercase();
        let lines: Vec<&str> = lower.lines().take(400).collect();
        let reply: String = d.trim().chars().take(40).collect();
        for (i, line) in lines.iter().enumerate() {
            let l = *line;
            let is_reply =
                reply.len() > 6 && l.trim_start().starts_with("<<<") && l.contains(reply.as_str());
            if !is_reply && !l.contains(local.as_str()) {
                continue;
            }
            if is_reply || l.trim_start().starts_with("<<<") {
                let after = lines[i + 1..(i + 3).min(lines.len())]
                    .join(" ")
                    .to_ascii_lowercase();
                if after.contains("no valid recipients") {
                    return Some(Command::Rcpt);
                }
                for prev in lines[i.saturating_sub(6)..i].iter().rev() {
                    if let Some(c) = sent(prev) {
                        return Some(c);
                    }
                    if prev.to_ascii_lowercase().contains("while talking to ") {
                        return Some(Command::Connect);
                    }
                }
            }
            let end = (i + 4).min(lines.len());
            let window = lines[i..end].join(" ").to_ascii_lowercase();
            if let Some(c) = in_text(&window) {
                return Some(c);
            }
        }
        None
    }

    /// The same command as before the single search, on generated notices: transcripts, the
    /// recipient named in odd case or as part of a longer word, line ends of every kind, more
    /// than 400 lines, local parts holding a line end.
    #[test]
    fn one_search_finds_what_the_line_by_line_search_found() {
        let pieces = [
            ">>> DATA",
            ">>> RCPT TO:<user@x.example>",
            ">>> MAIL FROM:<s@y>",
            "<<< 550 5.1.1 <user@x.example>: user unknown",
            "<<< 550 5.1.1 user unknown",
            "<<< 250 ok",
            "<<< 554 no valid recipients",
            "... while talking to mx.x.example.:",
            "(in reply to end of DATA command)",
            "in reply to RCPT TO command",
            "USER@X.EXAMPLE",
            "superuser",
            "us",
            "er",
            "\u{e9}t\u{e9}",
            "",
            "\r",
        ];
        let diagnostics = [
            "550 5.1.1 user unknown",
            "",
            "250 ok",
            "550 5.1.1 <user@x.example>: user unknown",
        ];
        let addresses = [
            "user@x.example",
            "u@x",
            "er@x.example",
            "us\ner@x",
            "user\r@x",
            "\u{e9}t@x",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut named = 0;
        for _ in 0..20000 {
            let count = if next(50) == 0 {
                390 + next(20)
            } else {
                next(12)
            };
            let mut ctx = String::new();
            for _ in 0..count {
                for _ in 0..1 + next(2) {
                    ctx.push_str(pieces[next(pieces.len())]);
                }
                ctx.push_str(["\n", "\r\n", "\n\n"][next(3)]);
            }
            if next(2) == 0 {
                ctx.pop();
            }
            let d = diagnostics[next(diagnostics.len())];
            let a = addresses[next(addresses.len())];
            let got = of(d, Some(&ctx), a);
            assert_eq!(got, of_before(d, Some(&ctx), a), "{d:?} {a:?} {ctx:?}");
            named += usize::from(got.is_some());
        }
        assert!(named > 5000, "{named}");
    }
}
