//! The reason rules: phrases as data. Each rule file (TOML) lists rules in order, each a reason and
//! its patterns (regular expressions matched case-insensitively against the diagnostic text with
//! runs of white space collapsed to one space). All files, the user's in front of the built-in
//! ones (`rules/*.toml`), are compiled into one `RegexSet`; the first matching rule wins. The
//! built-in set is compiled once per process. No I/O: callers read user files and pass the text.

use std::sync::LazyLock;

use regex::bytes::{RegexBuilder, RegexSet, RegexSetBuilder};
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

/// One compiled pattern: which rule and file it came from.
#[derive(Debug, Clone)]
pub struct Rule {
    pub file: String,
    pub name: String,
    pub reason: Reason,
    pub pattern: String,
}

impl Rule {
    /// `file:name /pattern/`, for `--explain`.
    pub fn describe(&self) -> String {
        format!("{}:{} /{}/", self.file, self.name, self.pattern)
    }
}

/// An ordered set of rules compiled into one `RegexSet`.
#[derive(Debug)]
pub struct RuleSet {
    set: RegexSet,
    rules: Vec<Rule>,
}

static BUILTIN_SET: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::compile(BUILTIN).unwrap_or_else(|e| panic!("built-in bounce rules are broken: {e}"))
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

    /// Compiles rule files (name, TOML text) in order.
    pub fn compile(files: &[(&str, &str)]) -> Result<RuleSet, RulesError> {
        let mut rules = Vec::new();
        // (file, rule number) of each pattern, to name a bad one.
        let mut rule_of: Vec<(String, usize)> = Vec::new();
        for (file, text) in files {
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
                    rule_of.push((file.to_string(), n));
                    rules.push(Rule {
                        file: file.to_string(),
                        name: r
                            .name
                            .clone()
                            .unwrap_or_else(|| reason.as_str().to_string()),
                        reason,
                        pattern: p,
                    });
                }
            }
        }
        // Texts are matched lower-cased (see `normalise`), so the set needs no case folding,
        // which makes it several times faster to compile; a pattern with an upper-case letter
        // (a user's, say) gets its own `(?i:...)`.
        let set = RegexSetBuilder::new(rules.iter().map(|r| folded(&r.pattern)))
            .case_insensitive(false)
            // ASCII classes: the patterns are ASCII, and Unicode tables make compiling slow.
            .unicode(false)
            .size_limit(64 << 20)
            // The lazy DFA of an overlapping search over hundreds of patterns has many states:
            // a cache too small to hold them is cleared and rebuilt on nearly every message.
            .dfa_size_limit(256 << 20)
            .build()
            .map_err(|e| {
                // Compiling the set once is cheap at start-up; only on failure is each pattern
                // compiled alone, to name the one at fault.
                let bad = rules.iter().zip(&rule_of).find_map(|(r, (file, n))| {
                    RegexBuilder::new(&r.pattern)
                        .case_insensitive(true)
                        .unicode(false)
                        .build()
                        .err()
                        .map(|e| RulesError::Pattern {
                            file: file.clone(),
                            rule: *n,
                            pattern: r.pattern.clone(),
                            message: e.to_string(),
                        })
                });
                bad.unwrap_or(RulesError::Pattern {
                    file: "(all rule files)".into(),
                    rule: 0,
                    pattern: String::new(),
                    message: e.to_string(),
                })
            })?;
        Ok(RuleSet { set, rules })
    }

    /// The first rule matching `text` (normalise it with [`normalise`] first).
    pub fn first_match(&self, text: &str) -> Option<&Rule> {
        if text.is_empty() {
            return None;
        }
        self.set
            .matches(text.as_bytes())
            .iter()
            .next()
            .and_then(|i| self.rules.get(i))
    }

    /// How many patterns the set holds.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// `pattern` as the set compiles it: wrapped in `(?i:...)` when it has an upper-case letter
/// outside an escape (`\S`, `\D` and the like are classes, not letters).
fn folded(pattern: &str) -> std::borrow::Cow<'_, str> {
    let mut escaped = false;
    let upper = pattern.chars().any(|c| {
        let hit = !escaped && c.is_ascii_uppercase();
        escaped = !escaped && c == '\\';
        hit
    });
    if upper {
        std::borrow::Cow::Owned(format!("(?i:{pattern})"))
    } else {
        std::borrow::Cow::Borrowed(pattern)
    }
}

/// Lower-cases `text`, collapses runs of white space into one space and replaces e-mail
/// addresses by `<address>` (so a local part like `filtered@` or `blocked@` matches no rule).
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut words = String::with_capacity(text.len());
    for (i, w) in text
        .split_inclusive(|c: char| {
            c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | '"')
        })
        .enumerate()
    {
        let _ = i;
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
    fn upper_case_patterns_still_match_normalised_text() {
        let s = RuleSet::compile(&[(
            "mine.toml",
            "[[rule]]\nreason = \"mailboxfull\"\npatterns = [\"Mailbox FULL\", \"\\\\S+ over quota\"]\n",
        )])
        .unwrap();
        assert_eq!(
            s.first_match(&normalise("The MAILBOX is full; mailbox full"))
                .unwrap()
                .reason,
            Reason::MailboxFull
        );
        assert_eq!(
            s.first_match("box9 over quota").unwrap().reason,
            Reason::MailboxFull
        );
        assert_eq!(folded("\\S+ x"), "\\S+ x");
        assert_eq!(folded("A\\S"), "(?i:A\\S)");
    }

    #[test]
    fn builtin_compiles() {
        assert!(RuleSet::builtin().len() > 50);
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
