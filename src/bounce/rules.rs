//! The reason rules: phrases as data. Each rule file (TOML) lists rules in order, each a reason and
//! its patterns (regular expressions matched case-insensitively against the diagnostic text with
//! runs of white space collapsed to one space). All files, the user's in front of the built-in
//! ones (`rules/*.toml`), make one ordered set; the first matching pattern wins. One Aho-Corasick
//! pass over the text, over the literals the patterns require, picks the patterns worth trying;
//! each compiles on its first try into a forward-only lazy DFA ([`Matcher`]), so a process that
//! classifies one message (`deliver`) compiles only what that message needs. No I/O: callers read
//! user files and pass the text.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use regex_automata::Input;
use regex_automata::hybrid::{self, BuildError};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_syntax::hir::Hir;
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use serde::Deserialize;
use thiserror::Error;

use super::reason::Reason;

/// The built-in rule files, in the order they are tried.
pub const BUILTIN: &[(&str, &str)] = &[
    ("builtin:specific.toml", include_str!("rules/specific.toml")),
    ("builtin:mailbox.toml", include_str!("rules/mailbox.toml")),
    ("builtin:sender.toml", include_str!("rules/sender.toml")),
    ("builtin:content.toml", include_str!("rules/content.toml")),
    (
        "builtin:recipient.toml",
        include_str!("rules/recipient.toml"),
    ),
    (
        "builtin:transport.toml",
        include_str!("rules/transport.toml"),
    ),
];

/// A rule file that cannot be used.
#[derive(Debug, Error)]
pub enum RulesError {
    #[error("cannot read rule file {file}: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("rule file {file} is not valid TOML: {message}")]
    Syntax { file: String, message: String },
    #[error("rule file {file}, rule {rule}: unknown reason `{reason}`")]
    UnknownReason {
        file: String,
        rule: usize,
        reason: String,
    },
    #[error("rule file {file}, rule {rule}: bad pattern `{pattern}`: {message}")]
    Pattern {
        file: String,
        rule: usize,
        pattern: String,
        message: String,
    },
    #[error("rule file {file}, rule {rule}: no patterns")]
    Empty { file: String, rule: usize },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    reason: String,
    /// A short name shown by `--explain` (default: the reason).
    name: Option<String>,
    patterns: Vec<String>,
}

/// One pattern: which rule and file it came from. Its regex is compiled on first use.
#[derive(Debug, Clone)]
pub struct Rule {
    pub file: String,
    pub name: String,
    pub reason: Reason,
    pub pattern: String,
    re: OnceLock<Option<Matcher>>,
}

/// A compiled pattern (or alternation): a forward lazy DFA that only answers "does it match?".
/// No capture groups, no reverse automaton, no literal prefilter: the texts are short diagnostic
/// lines, and what costs is compiling, which `deliver` does once per message (a prefilter or the
/// `regex` crate's reverse and full DFAs make that three times dearer).
pub struct Matcher {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync + std::panic::RefUnwindSafe>;

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher")
    }
}

impl Clone for Matcher {
    fn clone(&self) -> Matcher {
        Matcher::from_dfa(self.dfa.clone())
    }
}

impl Matcher {
    fn from_dfa(dfa: hybrid::dfa::DFA) -> Matcher {
        let for_caches = dfa.clone();
        Matcher {
            dfa,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
        }
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &[u8]) -> bool {
        let mut cache = self.caches.get();
        let input = Input::new(text).earliest(true);
        // Without a cache-clearing limit the lazy DFA never gives up; an error would only come
        // from a quit byte, which these patterns (ASCII word boundaries) do not set.
        matches!(self.dfa.try_search_fwd(&mut cache, &input), Ok(Some(_)))
    }
}

/// Compiles one pattern (or an alternation of a rule's patterns) the way rules are matched:
/// ASCII classes (the patterns are ASCII; Unicode tables make compiling slow), and case-blind
/// through [`wrap`].
fn build(pattern: &str) -> Result<Matcher, Box<BuildError>> {
    let dfa = hybrid::dfa::Builder::new()
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .thompson(
            thompson::Config::new()
                .which_captures(thompson::WhichCaptures::None)
                .nfa_size_limit(Some(16 << 20)),
        )
        .build(pattern)
        .map_err(Box::new)?;
    Ok(Matcher::from_dfa(dfa))
}

/// A pattern as a group of an alternation that matches case-insensitively on [`normalise`]d
/// (lower-case) text. A pattern with no upper-case letter, escapes such as `\S` apart, matches
/// lower-case text the same with or without case folding, so it is left case-sensitive: case
/// folding turns every letter into a class, which makes compiling several times slower (and
/// `deliver` compiles the rules it needs for each message). Any other pattern gets `(?i:)`.
fn wrap(pattern: &str) -> String {
    let mut escaped = false;
    let upper = pattern.chars().any(|c| {
        let hit = !escaped && c.is_ascii_uppercase();
        escaped = !escaped && c == '\\';
        hit
    });
    if upper {
        format!("(?i:{pattern})")
    } else {
        format!("(?:{pattern})")
    }
}

/// The syntax checker and literal source for one pattern. Without case folding: folding makes
/// no pattern valid or invalid, multiplies the literals past the extractor's limits, and the
/// patterns match case-blind anyway (see [`wrap`]).
fn parser() -> regex_syntax::Parser {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
}

impl Rule {
    fn is_match(&self, text: &[u8]) -> bool {
        self.re
            .get_or_init(|| build(&wrap(&self.pattern)).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }
}

impl Rule {
    /// `file:name /pattern/`, for `--explain`.
    pub fn describe(&self) -> String {
        format!("{}:{} /{}/", self.file, self.name, self.pattern)
    }
}

/// An ordered set of rules, tried in order; the first pattern that matches wins (so the first
/// `[[rule]]` with a matching pattern, and that pattern names it for `--explain`).
///
/// Every pattern is compiled on its own, on first use, and only tried when the text can match
/// it: on the first text, the literals one of which every match of a pattern must start (or
/// end) with are taken from its syntax tree (their first or last 10 bytes), and
/// per text one Aho-Corasick pass finds the patterns whose literals occur. Patterns without such
/// literals are always tried. This is
/// exact (a pattern is skipped only when it cannot match) and needs no big alternation or
/// overlapping `RegexSet` search, whose lazy DFAs keep blowing their caches on a few hundred
/// patterns.
///
/// Making that automaton costs as much as classifying a few hundred messages, which a process
/// that classifies one message (`deliver`) should not pay. So the first [`COLD_TEXTS`] texts
/// go another way, exact as well: each rule file is one alternation of its patterns, compiled
/// on first use; only in a file whose alternation matches are its patterns tried one by one.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    /// Made once [`COLD_TEXTS`] texts were matched without it.
    prefilter: OnceLock<Prefilter>,
    /// One per rule file: its patterns' range in `rules` and their alternation.
    files: Vec<FileGate>,
    /// How many texts were matched so far (up to [`COLD_TEXTS`]).
    texts: AtomicUsize,
}

/// How many texts a set matches through its per-file alternations before it makes the
/// prefilter.
pub const COLD_TEXTS: usize = 32;

/// One rule file's patterns (`rules[range]`) as one alternation, compiled on first use.
#[derive(Debug)]
struct FileGate {
    range: std::ops::Range<usize>,
    re: OnceLock<Option<Matcher>>,
}

/// Which patterns a text can match: an automaton over the patterns' required literals.
#[derive(Debug)]
struct Prefilter {
    /// Over every distinct literal (ASCII case-insensitive, as the patterns are matched); None
    /// when no pattern has literals.
    automaton: Option<AhoCorasick>,
    /// For literal `i` of the automaton, the patterns `owners[owner_start[i]..owner_start[i + 1]]`.
    owner_start: Vec<u32>,
    owners: Vec<u32>,
    /// Bit `i` set for pattern `i` that has no literals (always tried).
    always: Vec<u64>,
}

/// The literals every match of `hir` starts with (or, when that gives nothing usable, ends
/// with); None when there are none to rely on (the pattern is always tried).
fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let usable = |seq: Seq| -> Option<(usize, Vec<Vec<u8>>)> {
        let lits = seq.literals()?;
        let shortest = lits.iter().map(|l| l.len()).min().unwrap_or(usize::MAX);
        // An empty literal occurs in every text: no condition at all.
        (shortest > 0).then(|| {
            (
                shortest,
                lits.iter().map(|l| l.as_bytes().to_vec()).collect(),
            )
        })
    };
    let prefix = usable(Extractor::new().kind(ExtractKind::Prefix).extract(hir));
    let suffix = usable(Extractor::new().kind(ExtractKind::Suffix).extract(hir));
    // The longer the shortest literal, the fewer texts it lets through. Each is cut to its first
    // (or last) few bytes, which must occur as well: that merges the many variants an
    // alternation makes into a few, and keeps the automaton small and quick to build.
    let k = LITERAL_BYTES;
    let mut lits = match (prefix, suffix) {
        (Some(p), Some(s)) if s.0 > p.0 => {
            let mut l = s.1;
            l.iter_mut().for_each(|l| {
                l.drain(..l.len().saturating_sub(k));
            });
            l
        }
        (Some(p), _) => {
            let mut l = p.1;
            l.iter_mut().for_each(|l| l.truncate(k));
            l
        }
        (None, s) => {
            let mut l = s?.1;
            l.iter_mut().for_each(|l| {
                l.drain(..l.len().saturating_sub(k));
            });
            l
        }
    };
    lits.sort_unstable();
    lits.dedup();
    Some(lits)
}

/// At most this many bytes of each required literal are looked for.
const LITERAL_BYTES: usize = 10;

impl Prefilter {
    fn new(rules: &[Rule]) -> Prefilter {
        // The literals come from the case-sensitive tree (case-insensitive classes multiply them
        // past the extractor's limits); the automaton ignores case.
        let literals: Vec<Option<Vec<Vec<u8>>>> = rules
            .iter()
            .map(|r| {
                parser()
                    .parse(&r.pattern)
                    .ok()
                    .and_then(|h| required_literals(&h))
            })
            .collect();
        let mut always = vec![0u64; literals.len().div_ceil(64)];
        let mut index: HashMap<&[u8], Vec<u32>> = HashMap::new();
        let mut order: Vec<&[u8]> = Vec::new();
        for (i, lits) in literals.iter().enumerate() {
            let Some(lits) = lits else {
                always[i / 64] |= 1 << (i % 64);
                continue;
            };
            for l in lits {
                let owners = index.entry(l.as_slice()).or_insert_with(|| {
                    order.push(l.as_slice());
                    Vec::new()
                });
                if owners.last() != Some(&(i as u32)) {
                    owners.push(i as u32);
                }
            }
        }
        let mut owner_start = Vec::with_capacity(order.len() + 1);
        let mut owners = Vec::new();
        for l in &order {
            owner_start.push(owners.len() as u32);
            owners.extend_from_slice(&index[l]);
        }
        owner_start.push(owners.len() as u32);
        let automaton = if order.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&order)
                .ok()
        };
        if automaton.is_none() {
            // No automaton (none needed, or it could not be built): every pattern is tried.
            always.iter_mut().for_each(|w| *w = !0);
        }
        Prefilter {
            automaton,
            owner_start,
            owners,
            always,
        }
    }

    /// One bit per pattern: set when `text` contains one of its literals, or it has none.
    fn candidates(&self, text: &[u8]) -> Vec<u64> {
        let mut bits = self.always.clone();
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                let l = m.pattern().as_usize();
                let (a, b) = (
                    self.owner_start[l] as usize,
                    self.owner_start[l + 1] as usize,
                );
                for &p in &self.owners[a..b] {
                    bits[p as usize / 64] |= 1 << (p % 64);
                }
            }
        }
        bits
    }
}

static BUILTIN_SET: LazyLock<RuleSet> = LazyLock::new(|| {
    // Their patterns are checked by the tests (`compile_all`), not by every process at start.
    RuleSet::load(BUILTIN, false)
        .unwrap_or_else(|e| panic!("built-in bounce rules are broken: {e}"))
});

impl RuleSet {
    /// The built-in rules, compiled on first use.
    pub fn builtin() -> &'static RuleSet {
        &BUILTIN_SET
    }

    /// The user's rule files (name, text), in order, in front of the built-in ones.
    pub fn with_user_files(files: &[(String, String)]) -> Result<RuleSet, RulesError> {
        let mut all: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        all.extend_from_slice(BUILTIN);
        RuleSet::compile(&all)
    }

    /// Compiles rule files (name, TOML text) in order; a pattern that is not a valid regular
    /// expression is an error naming its file and rule.
    pub fn compile(files: &[(&str, &str)]) -> Result<RuleSet, RulesError> {
        RuleSet::load(files, true)
    }

    /// Reads rule files, checking the syntax of every pattern when `check` (patterns are
    /// otherwise only compiled when first needed).
    fn load(files: &[(&str, &str)], check: bool) -> Result<RuleSet, RulesError> {
        let mut rules = Vec::new();
        let mut gates = Vec::new();
        for (file, text) in files {
            let first = rules.len();
            let raw: RawFile = toml::from_str(text).map_err(|e| RulesError::Syntax {
                file: file.to_string(),
                message: e.message().to_string(),
            })?;
            for (i, r) in raw.rule.into_iter().enumerate() {
                let n = i + 1;
                let reason =
                    Reason::from_name(&r.reason).ok_or_else(|| RulesError::UnknownReason {
                        file: file.to_string(),
                        rule: n,
                        reason: r.reason.clone(),
                    })?;
                if r.patterns.is_empty() {
                    return Err(RulesError::Empty {
                        file: file.to_string(),
                        rule: n,
                    });
                }
                for p in r.patterns {
                    // Only parsed here; compiled when first needed.
                    if check && let Err(e) = parser().parse(&p) {
                        return Err(RulesError::Pattern {
                            file: file.to_string(),
                            rule: n,
                            pattern: p,
                            message: e.to_string(),
                        });
                    }
                    rules.push(Rule {
                        file: file.to_string(),
                        name: r
                            .name
                            .clone()
                            .unwrap_or_else(|| reason.as_str().to_string()),
                        reason,
                        pattern: p,
                        re: OnceLock::new(),
                    });
                }
            }
            gates.push(FileGate {
                range: first..rules.len(),
                re: OnceLock::new(),
            });
        }
        Ok(RuleSet {
            rules,
            prefilter: OnceLock::new(),
            files: gates,
            texts: AtomicUsize::new(0),
        })
    }

    /// The first rule matching `text` (normalise it with [`normalise`] first).
    pub fn first_match(&self, text: &str) -> Option<&Rule> {
        self.first_in(0..self.rules.len(), text)
    }

    /// The first rule of the file named `file` (as `Rule::file` names it) matching `text`.
    pub fn first_match_in(&self, file: &str, text: &str) -> Option<&Rule> {
        let start = self.rules.iter().position(|r| r.file == file)?;
        let len = self.rules[start..]
            .iter()
            .take_while(|r| r.file == file)
            .count();
        self.first_in(start..start + len, text)
    }

    /// The first of `self.rules[range]` matching `text`: only the patterns whose literals occur
    /// in it are tried.
    fn first_in(&self, range: std::ops::Range<usize>, text: &str) -> Option<&Rule> {
        if text.is_empty() || range.is_empty() {
            return None;
        }
        let text = text.as_bytes();
        if self.prefilter.get().is_none() && self.texts.fetch_add(1, Ordering::Relaxed) < COLD_TEXTS
        {
            return self.first_in_cold(&range, text);
        }
        let candidates = self
            .prefilter
            .get_or_init(|| Prefilter::new(&self.rules))
            .candidates(text);
        for (w, &word) in candidates.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let i = w * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                if range.contains(&i)
                    && let Some(r) = self.rules.get(i).filter(|r| r.is_match(text))
                {
                    return Some(r);
                }
            }
        }
        None
    }

    /// [`RuleSet::first_in`] without the prefilter: the files in `range` in order, each
    /// through its alternation first.
    fn first_in_cold(&self, range: &std::ops::Range<usize>, text: &[u8]) -> Option<&Rule> {
        for gate in &self.files {
            if gate.range.is_empty()
                || gate.range.end <= range.start
                || gate.range.start >= range.end
            {
                continue;
            }
            let re = gate.re.get_or_init(|| {
                let alternation: Vec<String> = self.rules[gate.range.clone()]
                    .iter()
                    .map(|r| wrap(&r.pattern))
                    .collect();
                build(&alternation.join("|")).ok()
            });
            // When the alternation cannot be built, every pattern is tried.
            if re.as_ref().is_some_and(|re| !re.is_match(text)) {
                continue;
            }
            let from = gate.range.start.max(range.start);
            let to = gate.range.end.min(range.end);
            if let Some(r) = self.rules[from..to].iter().find(|r| r.is_match(text)) {
                return Some(r);
            }
        }
        None
    }

    /// Compiles every pattern now (rules are otherwise compiled on first use); the first that
    /// fails is reported. For tests and `config check`-style validation.
    pub fn compile_all(&self) -> Result<(), RulesError> {
        for r in &self.rules {
            if let Err(e) = build(&wrap(&r.pattern)) {
                return Err(RulesError::Pattern {
                    file: r.file.clone(),
                    rule: 0,
                    pattern: r.pattern.clone(),
                    message: e.to_string(),
                });
            }
        }
        Ok(())
    }

    /// How many patterns the set holds.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Lower-cases `text`, collapses runs of white space into one space and replaces e-mail
/// addresses by `<address>` (so a local part like `filtered@` or `blocked@` matches no rule).
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        return normalise_ascii(text.as_bytes());
    }
    let sep = |c: char| {
        c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | '"')
    };
    let mut out = Collapsed {
        text: String::with_capacity(text.len()),
        space: false,
    };
    for w in text.split_inclusive(sep) {
        let end = w.len()
            - w.chars()
                .last()
                .filter(|&c| sep(c))
                .map_or(0, char::len_utf8);
        let (core, sep) = w.split_at(end);
        if core.contains('@') && super::text::clean_address(core).is_some() {
            out.push("address");
        } else {
            out.push(core);
        }
        out.push(sep);
    }
    out.text
}

/// [`normalise`] for ASCII text (most diagnostics), byte by byte: the same separators (ASCII
/// white space is `char::is_whitespace`'s: tab, LF, VT, FF, CR, space) and the same output.
fn normalise_ascii(text: &[u8]) -> String {
    let white = |c: u8| matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let sep = |c: u8| {
        white(c)
            || matches!(
                c,
                b'<' | b'>' | b'(' | b')' | b'[' | b']' | b',' | b';' | b'"'
            )
    };
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    // White space seen since the last byte put out (none is put out at the start).
    let mut space = false;
    // A word (a run of bytes without white space): the pending space first, then lower-cased.
    fn word(out: &mut Vec<u8>, space: &mut bool, w: &[u8]) {
        if w.is_empty() {
            return;
        }
        if std::mem::take(space) {
            out.push(b' ');
        }
        out.extend(w.iter().map(u8::to_ascii_lowercase));
    }
    let mut start = 0;
    // Whether the word since `start` has an '@' (is perhaps an address).
    let mut at = false;
    for i in 0..=text.len() {
        let c = text.get(i).copied();
        if let Some(c) = c
            && !sep(c)
        {
            at |= c == b'@';
            continue;
        }
        let core = &text[start..i];
        let address =
            at && std::str::from_utf8(core).is_ok_and(|w| super::text::clean_address(w).is_some());
        word(
            &mut out,
            &mut space,
            if address { b"address" } else { core },
        );
        match c {
            Some(c) if white(c) => space = !out.is_empty(),
            Some(_) => word(&mut out, &mut space, &text[i..i + 1]),
            None => {}
        }
        at = false;
        start = i + 1;
    }
    // ASCII in, ASCII out.
    String::from_utf8(out).unwrap_or_default()
}

/// Text being lower-cased with runs of white space collapsed (none at either end).
struct Collapsed {
    text: String,
    /// White space seen since the last character pushed.
    space: bool,
}

impl Collapsed {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = !self.text.is_empty();
                continue;
            }
            if self.space {
                self.text.push(' ');
                self.space = false;
            }
            if c.is_ascii() {
                self.text.push(c.to_ascii_lowercase());
            } else {
                self.text.extend(c.to_lowercase());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_compiles() {
        assert!(RuleSet::builtin().len() > 50);
        RuleSet::builtin().compile_all().unwrap();
    }

    #[test]
    fn sender_side_patterns_stay_narrow() {
        let b = RuleSet::builtin();
        let reason = |t: &str| b.first_match(&normalise(t)).map(|r| r.reason);
        for t in [
            "550 5.7.1 Connection refused due to local policy: 192.0.2.44 not allowed",
            "554 Client 192.0.2.44 not allowed.",
            "550 Too many complaints from your domain",
            "554 IP 192.0.2.44 is a known spammer",
            "421 4.7.0 Too many spam complaints from 192.0.2.44",
            "550 5.7.0 Email rejected: too much spam from 192.0.2.0/24",
            "554 IP=192.0.2.44 - A problem occurred. (Ask your postmaster for help)",
            "553 5.7.2 [TSS09] All messages from 192.0.2.44 will be permanently deferred",
        ] {
            assert_eq!(reason(t), Some(Reason::Blocked), "{t}");
        }
        assert_eq!(
            reason("550 5.7.1 Message rejected due to poor sending reputation"),
            Some(Reason::BadReputation)
        );
        assert_eq!(
            reason("550 Rejected by header based Blocked Senders - Block policy for Header From"),
            Some(Reason::Rejected)
        );
        assert_eq!(
            reason("451 4.7.500 Server busy. Please try again later from [192.0.2.44]. (S77714)"),
            Some(Reason::Speeding)
        );
        assert_eq!(
            reason("550 5.7.1 Spam detected from 192.0.2.44"),
            Some(Reason::SpamDetected)
        );
        assert_eq!(
            reason("550 5.7.1 Client host 192.0.2.44 not allowed to relay"),
            Some(Reason::NoRelaying)
        );
    }

    #[test]
    fn limits_quotas_and_other_languages() {
        let b = RuleSet::builtin();
        let reason = |t: &str| b.first_match(&normalise(t)).map(|r| r.reason);
        for (t, want) in [
            ("452 4.2.2 Mailbox size limit exceeded", Reason::MailboxFull),
            ("552 5.3.4 Message size limit exceeded", Reason::MesgTooBig),
            (
                "550 5.4.5 Daily user sending limit exceeded.",
                Reason::Speeding,
            ),
            (
                "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients.",
                Reason::Speeding,
            ),
            (
                "550 5.4.310 DNS domain example.com does not exist [Message=InfoDomainNonexistent]",
                Reason::HostUnknown,
            ),
            (
                "No mail servers appear to exists for the recipients address.",
                Reason::HostUnknown,
            ),
            ("退信原因：收件人不存在", Reason::UserUnknown),
            ("退信原因：收件人邮箱空间已满", Reason::MailboxFull),
            ("실패 사유: 존재하지 않는 계정입니다.", Reason::UserUnknown),
            ("550 Почтовый ящик не существует", Reason::UserUnknown),
            (
                "554 5.7.1 您的IP(192.0.2.1)因发送垃圾邮件已被列入黑名单",
                Reason::Blocked,
            ),
            (
                "554 5.7.1 스팸 발송 IP(192.0.2.1)로 분류되어 수신이 차단되었습니다",
                Reason::Blocked,
            ),
            ("554 IP 192.0.2.1 수신 차단", Reason::Blocked),
        ] {
            assert_eq!(reason(t), Some(want), "{t}");
        }
    }

    #[test]
    fn first_rule_wins() {
        let f = r#"
[[rule]]
reason = "mailboxfull"
patterns = ["mailbox full"]
[[rule]]
reason = "userunknown"
patterns = ["mailbox"]
"#;
        let s = RuleSet::compile(&[("t.toml", f)]).unwrap();
        assert_eq!(
            s.first_match("the mailbox full now").unwrap().reason,
            Reason::MailboxFull
        );
        assert_eq!(
            s.first_match("no mailbox").unwrap().reason,
            Reason::UserUnknown
        );
    }

    #[test]
    fn user_files_come_first() {
        let user = r#"
[[rule]]
reason = "policyviolation"
name = "local"
patterns = ["user unknown"]
"#;
        let s = RuleSet::with_user_files(&[("mine.toml".into(), user.into())]).unwrap();
        let r = s.first_match("550 5.1.1 user unknown").unwrap();
        assert_eq!(r.reason, Reason::PolicyViolation);
        assert_eq!(r.file, "mine.toml");
        let b = RuleSet::builtin()
            .first_match("550 5.1.1 user unknown")
            .unwrap();
        assert_eq!(b.reason, Reason::UserUnknown);
    }

    #[test]
    fn patterns_match_case_blind_on_normalised_text() {
        // Upper-case letters in a user's pattern still match the lower-cased text; escapes such
        // as \S and \D keep their meaning (they are not letters to fold).
        let f = r#"
[[rule]]
reason = "mailboxfull"
patterns = ["Mailbox FULL"]
[[rule]]
reason = "userunknown"
patterns = ["host \\S+ says \\D+$"]
"#;
        let s = RuleSet::compile(&[("t.toml", f)]).unwrap();
        let t = normalise("552 MAILBOX Full");
        assert_eq!(s.first_match(&t).unwrap().reason, Reason::MailboxFull);
        let t = normalise("Host MX.Example says NO");
        assert_eq!(s.first_match(&t).unwrap().reason, Reason::UserUnknown);
        assert!(s.first_match(&normalise("host mx says 42")).is_none());
        assert_eq!(wrap("a\\Sb"), "(?:a\\Sb)");
        assert_eq!(wrap("a\\\\Sb"), "(?i:a\\\\Sb)");
    }

    #[test]
    fn bad_files_name_the_file() {
        let e = RuleSet::with_user_files(&[("bad.toml".into(), "[[rule]\n".into())]).unwrap_err();
        assert!(matches!(e, RulesError::Syntax { .. }));
        assert!(e.to_string().contains("bad.toml"), "{e}");
        let e = RuleSet::with_user_files(&[(
            "r.toml".into(),
            "[[rule]]\nreason = \"nosuch\"\npatterns = [\"x\"]\n".into(),
        )])
        .unwrap_err();
        assert!(e.to_string().contains("r.toml") && e.to_string().contains("nosuch"));
        let e = RuleSet::with_user_files(&[(
            "p.toml".into(),
            "[[rule]]\nreason = \"blocked\"\npatterns = [\"(unclosed\"]\n".into(),
        )])
        .unwrap_err();
        assert!(matches!(e, RulesError::Pattern { ref file, .. } if file == "p.toml"));
    }

    /// The first matching pattern by trying every one in order, no prefilter.
    fn naive<'s>(s: &'s RuleSet, text: &str) -> Option<&'s Rule> {
        s.rules.iter().find(|r| r.is_match(text.as_bytes()))
    }

    #[test]
    fn prefilter_skips_only_patterns_that_cannot_match() {
        // Literals from the front, from the back, none at all; capitals; an empty match.
        let f = r#"
[[rule]]
reason = "mailboxfull"
patterns = ["Mailbox FULL", "\\S+ over quota"]
[[rule]]
reason = "userunknown"
patterns = ["[a-z]+\\d+ gone", "^$|x?"]
"#;
        let s = RuleSet::compile(&[("t.toml", f)]).unwrap();
        let reason = |t: &str| s.first_match(t).map(|r| r.pattern.as_str());
        assert_eq!(reason("the mailbox full now"), Some("Mailbox FULL"));
        assert_eq!(reason("box9 over quota"), Some("\\S+ over quota"));
        assert_eq!(reason("user42 gone"), Some("[a-z]+\\d+ gone"));
        assert_eq!(reason("nothing"), Some("^$|x?"));
        // The built-in rules on every line of the corpus notices: the same rule as trying all.
        let b = RuleSet::builtin();
        let mut texts = std::collections::BTreeSet::new();
        for dir in ["bsd", "err", "not"] {
            let path = format!(
                "{}/testdata/sisimai/maildir/{dir}",
                env!("CARGO_MANIFEST_DIR")
            );
            for e in std::fs::read_dir(path).unwrap() {
                let raw = std::fs::read(e.unwrap().path()).unwrap();
                for l in String::from_utf8_lossy(&raw).lines() {
                    let t = normalise(l);
                    if t.len() > 8 && t.bytes().any(|c| c.is_ascii_digit()) {
                        texts.insert(t);
                    }
                }
            }
        }
        assert!(texts.len() > 1000, "{}", texts.len());
        for t in texts.iter().take(3000) {
            assert_eq!(
                b.first_match(t).map(|r| &r.pattern),
                naive(b, t).map(|r| &r.pattern),
                "{t}"
            );
            // The way the first texts of a process go, through the per-file alternations.
            assert_eq!(
                b.first_in_cold(&(0..b.rules.len()), t.as_bytes())
                    .map(|r| &r.pattern),
                naive(b, t).map(|r| &r.pattern),
                "{t}"
            );
        }
        // Restricted to one file, both ways agree with trying that file's patterns.
        let file = "builtin:recipient.toml";
        let range = b.files.iter().find(|g| b.rules[g.range.start].file == file);
        let range = range.unwrap().range.clone();
        for t in texts.iter().take(500) {
            let want = b.rules[range.clone()]
                .iter()
                .find(|r| r.is_match(t.as_bytes()))
                .map(|r| &r.pattern);
            assert_eq!(b.first_match_in(file, t).map(|r| &r.pattern), want, "{t}");
            assert_eq!(
                b.first_in_cold(&range, t.as_bytes()).map(|r| &r.pattern),
                want,
                "{t}"
            );
        }
    }

    #[test]
    fn normalise_ascii_is_normalise() {
        for t in [
            "",
            "  A\r\n  b\tC ",
            "550 <Filtered@x.example>... unknown",
            "x\x0bY\x0cz (a@b.example);[C@D.EXAMPLE],\"e@f\" @ g@ @h.example",
            "trailing@x.example",
        ] {
            // The char path, forced by one non-ASCII character at the end.
            let wide = normalise(&format!("{t} \u{e9}"));
            let narrow = normalise(t);
            assert_eq!(narrow, normalise_ascii(t.as_bytes()));
            assert_eq!(
                wide.strip_suffix("\u{e9}").unwrap().trim_end(),
                narrow,
                "{t:?}"
            );
        }
    }

    #[test]
    fn normalise_collapses() {
        assert_eq!(normalise("  A\r\n  b\tC "), "a b c");
        assert_eq!(
            normalise("550 <Filtered@x.example>... unknown"),
            "550 <address>... unknown"
        );
    }
}
