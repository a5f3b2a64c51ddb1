//! Delay warnings: whether a notice says that its delivery is only late and still being retried,
//! so that its temporary errors are delays and not failures. The words are data, in
//! `rules/warnings.toml` (subjects, phrases, and the words that let most notices go without
//! normalising them); this module only reads them.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use super::{CONTEXT_BYTES, Mail, context_text};

/// The built-in warning words (lower-case).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    subject_prefixes: Vec<String>,
    subjects: Vec<String>,
    phrases: Vec<String>,
    words: Vec<String>,
}

struct Warnings {
    words: Words,
    /// Finds any of `words.words` in raw text: ASCII letters in any case, a word with letters
    /// of another alphabet also in capitals or with a capital first letter ("OSTRZEŻENIE",
    /// "Предупреждение"). None only if it could not be built; then every notice is normalised
    /// and searched.
    prefilter: Option<AhoCorasick>,
}

static WARNINGS: LazyLock<Warnings> = LazyLock::new(|| {
    let words: Words = toml::from_str(include_str!("rules/warnings.toml"))
        .unwrap_or_else(|e| panic!("built-in rules/warnings.toml: {e}"));
    let mut patterns: Vec<String> = Vec::new();
    for w in &words.words {
        patterns.push(w.clone());
        if !w.is_ascii() {
            let mut chars = w.chars();
            let title: String = chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
                .collect();
            patterns.extend([w.to_uppercase(), title]);
        }
    }
    patterns.sort();
    patterns.dedup();
    let prefilter = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&patterns)
        .ok();
    Warnings { words, prefilter }
});

/// True for a delivery notice that is only a warning: the transfer is still being retried.
pub fn is_warning_notice(mail: &Mail<'_>) -> bool {
    let w = &*WARNINGS;
    let subject = mail.subject.to_lowercase();
    if w.words
        .subject_prefixes
        .iter()
        .any(|p| subject.starts_with(p.as_str()))
        || w.words
            .subjects
            .iter()
            .any(|s| subject.contains(s.as_str()))
    {
        return true;
    }
    // A normalised text holds a phrase only if the notice's first bytes hold the phrase's word
    // in some case (normalising only lower-cases, collapses white space and puts "address" in
    // place of addresses, between separators), so most notices are let go without normalising.
    // (Letters of other alphabets: in lower case, in capitals or with a capital first letter.)
    let first = &mail.body.as_bytes()[..mail.body.len().min(CONTEXT_BYTES)];
    if w.prefilter.as_ref().is_some_and(|p| !p.is_match(first)) {
        return false;
    }
    let head = context_text(&mail.body);
    w.words.phrases.iter().any(|p| head.contains(p.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::Message;

    #[test]
    fn the_word_lists_are_lower_case_and_every_phrase_has_a_word() {
        let w = &WARNINGS.words;
        assert!(WARNINGS.prefilter.is_some());
        assert!(!w.phrases.is_empty() && !w.subjects.is_empty());
        for s in w
            .subject_prefixes
            .iter()
            .chain(&w.subjects)
            .chain(&w.phrases)
            .chain(&w.words)
        {
            assert_eq!(*s, s.to_lowercase(), "not lower-case: {s}");
            assert_eq!(s.trim(), s, "white space around: {s:?}");
        }
        for p in &w.phrases {
            assert!(
                w.words.iter().any(|word| p.contains(word.as_str())),
                "no prefilter word in the phrase {p:?}: add one to `words`"
            );
        }
    }

    #[test]
    fn subjects_and_phrases_make_a_warning() {
        let warning = |subject: &str, body: &str| {
            let raw = format!("From: MAILER-DAEMON@x.example\nSubject: {subject}\n\n{body}\n");
            let msg = Message::parse(raw.as_bytes());
            is_warning_notice(&Mail::new(&msg))
        };
        assert!(warning(
            "Warning: could not send message for past 4 hours",
            ""
        ));
        assert!(warning("Zustellung verzögert: Herbstbrief", ""));
        assert!(warning("ЗАДЕРЖКА ДОСТАВКИ", ""));
        assert!(warning(
            "Mail delivery problem",
            "THIS IS A WARNING MESSAGE ONLY.\nYOU DO NOT NEED TO RESEND YOUR MESSAGE."
        ));
        assert!(warning(
            "Unzustellbar",
            "Die Nachricht wurde noch nicht zugestellt. Es wird\n  weiterhin versucht."
        ));
        assert!(!warning(
            "Undelivered Mail Returned to Sender",
            "550 5.1.1 user unknown"
        ));
        assert!(!warning("Re: warning: could not send message", "hello"));
    }

    #[test]
    fn a_phrase_in_capitals_of_any_alphabet_makes_a_warning() {
        // The normalised text is lower-cased whatever the alphabet; the first look at the raw
        // text must not let a notice go that is written in capitals outside ASCII.
        let warning = |body: &str| {
            let raw = format!(
                "From: MAILER-DAEMON@x.example\nSubject: Powiadomienie\n\
                 Content-Type: text/plain; charset=utf-8\n\n{body}\n"
            );
            let msg = Message::parse(raw.as_bytes());
            is_warning_notice(&Mail::new(&msg))
        };
        assert!(warning("To jest tylko ostrzeżenie."));
        assert!(warning("TO JEST TYLKO OSTRZEŻENIE."));
        assert!(warning("ЭТО ТОЛЬКО ПРЕДУПРЕЖДЕНИЕ."));
        assert!(warning(
            "Это только предупреждение. Попытки доставки будут продолжены."
        ));
        assert!(warning("Il s'agit uniquement d'un AVERTISSEMENT."));
        assert!(!warning("NIE ZOSTAŁA DOSTARCZONA."));
    }
}
