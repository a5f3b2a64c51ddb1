//! Contact names from a display name, the way CiviCRM derives them for contacts it creates from
//! mail: "Last, First" when there is a comma; otherwise 1 word is the first name, 2 are first and
//! last, 3 or more are first, middle and last (further words are dropped from the name fields but
//! kept in the display name). Quotes are removed; a "name" that is only the address is no name.
//! No I/O.

/// The names of a contact to create.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// What the contact is shown as: the cleaned display name, else the address.
    pub display: String,
    pub first: Option<String>,
    pub middle: Option<String>,
    pub last: Option<String>,
}

/// Longest name field kept, in characters.
const MAX_FIELD: usize = 128;

/// Derives the names for `address` from its (already decoded) display name.
pub fn parse(display_name: Option<&str>, address: &str) -> Names {
    let cleaned = clean(display_name.unwrap_or(""));
    let address = address.trim();
    if cleaned.is_empty()
        || cleaned.eq_ignore_ascii_case(address)
        || cleaned.contains('@') && !cleaned.contains(' ')
    {
        return Names {
            display: address.to_string(),
            ..Default::default()
        };
    }
    let field = |s: &str| -> Option<String> {
        let s = s.trim();
        (!s.is_empty()).then(|| s.chars().take(MAX_FIELD).collect())
    };
    if let Some((last, first)) = cleaned.split_once(',') {
        let (first, last) = (field(first), field(last));
        let display = match (&first, &last) {
            (Some(f), Some(l)) => format!("{f} {l}"),
            (Some(x), None) | (None, Some(x)) => x.clone(),
            (None, None) => address.to_string(),
        };
        return Names {
            display,
            first,
            middle: None,
            last,
        };
    }
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let (first, middle, last) = match words.as_slice() {
        [] => (None, None, None),
        [f] => (field(f), None, None),
        [f, l] => (field(f), None, field(l)),
        [f, m, l, ..] => (field(f), field(m), field(l)),
    };
    Names {
        display: cleaned,
        first,
        middle,
        last,
    }
}

/// The display name without quotes, control characters or runs of white space.
fn clean(s: &str) -> String {
    let no_quotes: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !matches!(c, '"' | '\u{201c}' | '\u{201d}'))
        .collect();
    let mut t = no_quotes.trim();
    // 'Ann Lee' (single quotes around the whole name, as some clients write it).
    while t.len() >= 2
        && ((t.starts_with('\'') && t.ends_with('\''))
            || (t.starts_with('\u{2018}') && t.ends_with('\u{2019}')))
    {
        let open = t.chars().next().map_or(0, char::len_utf8);
        let close = t.chars().next_back().map_or(0, char::len_utf8);
        t = t[open..t.len() - close].trim();
    }
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(3 * MAX_FIELD)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str) -> (String, Option<String>, Option<String>, Option<String>) {
        let n = parse(Some(name), "ann@example.org");
        (n.display, n.first, n.middle, n.last)
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn civicrm_cases() {
        assert_eq!(
            p("Okafor, Ngozi"),
            ("Ngozi Okafor".into(), s("Ngozi"), None, s("Okafor"))
        );
        assert_eq!(p("Cher"), ("Cher".into(), s("Cher"), None, None));
        assert_eq!(p("Ann Lee"), ("Ann Lee".into(), s("Ann"), None, s("Lee")));
        assert_eq!(
            p("Ann Mary Lee"),
            ("Ann Mary Lee".into(), s("Ann"), s("Mary"), s("Lee"))
        );
        assert_eq!(
            p("Maria de la Cruz"),
            ("Maria de la Cruz".into(), s("Maria"), s("de"), s("la"))
        );
    }

    #[test]
    fn quotes_and_space_are_removed() {
        assert_eq!(
            p("\"Lee, Ann\""),
            ("Ann Lee".into(), s("Ann"), None, s("Lee"))
        );
        assert_eq!(p("'Ann Lee'"), ("Ann Lee".into(), s("Ann"), None, s("Lee")));
        assert_eq!(
            p("  Ann \t  Lee "),
            ("Ann Lee".into(), s("Ann"), None, s("Lee"))
        );
        assert_eq!(p("O'Brien"), ("O'Brien".into(), s("O'Brien"), None, None));
        assert_eq!(
            p("Ann\u{1b}[31m Lee"),
            ("Ann [31m Lee".into(), s("Ann"), s("[31m"), s("Lee"))
        );
    }

    #[test]
    fn comma_edge_cases() {
        assert_eq!(p("Lee,"), ("Lee".into(), None, None, s("Lee")));
        assert_eq!(p(", Ann"), ("Ann".into(), s("Ann"), None, None));
        assert_eq!(
            p("Lee, Ann Mary"),
            ("Ann Mary Lee".into(), s("Ann Mary"), None, s("Lee"))
        );
    }

    #[test]
    fn no_name_means_the_address() {
        for n in [
            None,
            Some(""),
            Some("  \"\" "),
            Some("ANN@example.org"),
            Some("x@y.z"),
        ] {
            let r = parse(n, " ann@example.org ");
            assert_eq!(r.display, "ann@example.org", "{n:?}");
            assert_eq!((r.first, r.middle, r.last), (None, None, None));
        }
    }

    #[test]
    fn long_names_are_cut() {
        let long = "x".repeat(10_000);
        let r = parse(Some(&format!("{long} {long}")), "a@b.c");
        assert_eq!(r.first.unwrap().chars().count(), MAX_FIELD);
        assert!(r.display.chars().count() <= 3 * MAX_FIELD);
    }
}
