//! Timestamps as the database stores them: RFC 3339 in UTC with second precision
//! (`2026-11-29T05:53:21Z`), which sort as text. Also the date filters of the command line.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

/// Now, in UTC, as stored.
pub fn now() -> String {
    format_ts(OffsetDateTime::now_utc().unix_timestamp())
}

/// Seconds since the epoch, as stored.
pub fn format_ts(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// `YYYY-MM-DD` (start of that day, UTC) or a full RFC 3339 time, as stored; None if neither.
pub fn parse_since(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(format_ts(t.unix_timestamp()));
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let d = Date::parse(s, fmt).ok()?;
    Some(format_ts(d.midnight().assume_utc().unix_timestamp()))
}

/// The stored form of "`days` days ago".
pub fn days_ago(days: u32) -> String {
    format_ts(OffsetDateTime::now_utc().unix_timestamp() - i64::from(days) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(format_ts(0), "1970-01-01T00:00:00Z");
        assert_eq!(parse_since("2026-11-29").unwrap(), "2026-11-29T00:00:00Z");
        assert_eq!(
            parse_since("2026-11-29T01:02:03+01:00").unwrap(),
            "2026-11-29T00:02:03Z"
        );
        assert!(parse_since("yesterday").is_none());
        assert!(now() > days_ago(1));
    }
}
