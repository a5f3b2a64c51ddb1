//! The reason rules: phrases as data. Each rule file (TOML) lists rules in order, each a reason and
//! its patterns (regular expressions matched case-insensitively against the diagnostic text with
//! runs of white space collapsed to one space). All files, the user's in front of the built-in
//! ones (`rules/*.toml`), are tried in order; the first matching rule wins. Patterns compile
//! lazily, into forward-only lazy DFAs ([`Matcher`]), so a process that classifies one message
//! (`deliver`) compiles only what that message needs. No I/O: callers read user files and pass
//! the text.

use std::sync::{LazyLock, OnceLock};

use regex_automata::Input;
use regex_automata::hybrid::{self, BuildError};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
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

impl Rule {
    fn is_match(&self, text: &[u8]) -> bool {
        self.re
            .get_or_init(|| build(&wrap(&self.pattern)).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }
}

/// Whether any of `rules` matches, with `re` (their alternation, compiled on first use).
fn matches(re: &OnceLock<Option<Matcher>>, rules: &[Rule], text: &[u8]) -> bool {
    re.get_or_init(|| {
        let alternation: Vec<String> = rules.iter().map(|r| wrap(&r.pattern)).collect();
        build(&alternation.join("|")).ok()
    })
    .as_ref()
    .map_or_else(
        || rules.iter().any(|r| r.is_match(text)),
        |re| re.is_match(text),
    )
}

/// One `[[rule]]` (its patterns `rules[start..end]`), or one rule file (its rules
/// `groups[start..end]`), as one alternation compiled on first use.
#[derive(Debug)]
struct Group {
    start: usize,
    end: usize,
    re: OnceLock<Option<Matcher>>,
}

impl Rule {
    /// `file:name /pattern/`, for `--explain`.
    pub fn describe(&self) -> String {
        format!("{}:{} /{}/", self.file, self.name, self.pattern)
    }
}

/// An ordered set of rules. Each `[[rule]]` is one regex (the alternation of its patterns),
/// compiled on first use and tried in order until one matches: every regex is small, so its lazy
/// DFA stays small. (One `RegexSet` over all patterns needs an overlapping search whose DFA keeps
/// blowing its cache.)
#[derive(Debug)]
pub struct RuleSet {
    groups: Vec<Group>,
    rules: Vec<Rule>,
    /// One gate per rule file: `groups[start..end]` as one alternation. A text that matches no
    /// pattern of a file skips all its rules after one scan.
    files: Vec<Group>,
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
        let mut groups = Vec::new();
        let mut gates = Vec::new();
        for (file, text) in files {
            let first_group = groups.len();
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
                let start = rules.len();
                for p in r.patterns {
                    // Only parsed here; compiled when first needed.
                    if check
                        && let Err(e) = regex_syntax::ParserBuilder::new()
                            .case_insensitive(true)
                            .unicode(false)
                            .utf8(false)
                            .build()
                            .parse(&p)
                    {
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
                groups.push(Group {
                    start,
                    end: rules.len(),
                    re: OnceLock::new(),
                });
            }
            gates.push(Group {
                start: first_group,
                end: groups.len(),
                re: OnceLock::new(),
            });
        }
        Ok(RuleSet {
            groups,
            rules,
            files: gates,
        })
    }

    /// The first rule matching `text` (normalise it with [`normalise`] first).
    pub fn first_match(&self, text: &str) -> Option<&Rule> {
        if text.is_empty() {
            return None;
        }
        let text = text.as_bytes();
        for gate in &self.files {
            let groups = &self.groups[gate.start..gate.end];
            let Some(first) = groups.first() else {
                continue;
            };
            let last = groups.last().map_or(first.end, |g| g.end);
            if !matches(&gate.re, &self.rules[first.start..last], text) {
                continue;
            }
            for g in groups {
                let rules = &self.rules[g.start..g.end];
                if matches(&g.re, rules, text) {
                    // Which pattern of the rule (for --explain): the first that matches.
                    return rules.iter().find(|r| r.is_match(text)).or(rules.first());
                }
            }
        }
        None
    }

    /// The first rule of the file named `file` (as `Rule::file` names it) matching `text`.
    pub fn first_match_in(&self, file: &str, text: &str) -> Option<&Rule> {
        if text.is_empty() {
            return None;
        }
        let bytes = text.as_bytes();
        for gate in &self.files {
            let groups = &self.groups[gate.start..gate.end];
            let Some(first) = groups.first() else {
                continue;
            };
            if self.rules.get(first.start).is_none_or(|r| r.file != file) {
                continue;
            }
            let last = groups.last().map_or(first.end, |g| g.end);
            if !matches(&gate.re, &self.rules[first.start..last], bytes) {
                return None;
            }
            for g in groups {
                let rules = &self.rules[g.start..g.end];
                if matches(&g.re, rules, bytes) {
                    return rules.iter().find(|r| r.is_match(bytes)).or(rules.first());
                }
            }
            return None;
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
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut words = String::with_capacity(text.len());
    for w in text.split_inclusive(|c: char| {
        c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | '"')
    }) {
        let end = w.len()
            - w.chars()
                .last()
                .filter(|c| {
                    c.is_whitespace()
                        || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | '"')
                })
                .map_or(0, char::len_utf8);
        let (core, sep) = w.split_at(end);
        if core.contains('@') && super::text::clean_address(core).is_some() {
            words.push_str("address");
        } else {
            words.push_str(core);
        }
        words.push_str(sep);
    }
    for c in words.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
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

    #[test]
    fn normalise_collapses() {
        assert_eq!(normalise("  A\r\n  b\tC "), "a b c");
        assert_eq!(
            normalise("550 <Filtered@x.example>... unknown"),
            "550 <address>... unknown"
        );
    }
}
