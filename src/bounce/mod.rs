//! The bounce engine: given one message, decide what kind it is and which recipients it reports
//! on, with reasons and bounce types. No I/O; cannot fail (degrades to kind `other`).
//! (Built out by the bounce engine issues; the pipeline only needs `bounce_types` for seeding.)

/// The bounce types and their default hold thresholds (../docs bounce-types.md); 0 = never hold.
pub const BOUNCE_TYPES: &[(&str, &str, u32)] = &[
    ("AOL", "Terms of Service complaint", 1),
    ("Away", "recipient is on vacation", 30),
    ("Dns", "unable to resolve recipient domain", 3),
    ("Host", "unable to deliver to destination mail server", 3),
    ("Inactive", "user account is no longer active", 1),
    ("Invalid", "email address is not valid", 1),
    ("Loop", "mail routing error", 3),
    ("Quota", "user inbox is full", 3),
    ("Relay", "unable to reach destination mail server", 3),
    ("Spam", "message caught by a content filter", 1),
    ("Syntax", "error in SMTP transaction", 3),
    (
        "Blocked",
        "rejected because of the sender, not the recipient",
        0,
    ),
];
