//! The reason vocabulary (Sisimai's, see docs bounce-types.md): each reason's name, bounce type
//! and hard/soft flag, and what a DSN status code alone says about the reason.

use serde::Serialize;

macro_rules! reasons {
    ($($variant:ident => $name:literal, $btype:expr;)*) => {
        /// Why one recipient failed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Reason { $($variant,)* }

        impl Reason {
            /// Every reason, in declaration order.
            pub const ALL: &'static [Reason] = &[$(Reason::$variant,)*];

            /// The reason's name as printed (`userunknown`).
            pub fn as_str(self) -> &'static str {
                match self { $(Reason::$variant => $name,)* }
            }

            /// The bounce type the reason counts as; None for `delivered`.
            pub fn bounce_type(self) -> Option<&'static str> {
                match self { $(Reason::$variant => $btype,)* }
            }

            /// The reason with this name (as printed).
            pub fn from_name(name: &str) -> Option<Reason> {
                match name.trim().to_ascii_lowercase().as_str() {
                    $($name => Some(Reason::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

reasons! {
    UserUnknown => "userunknown", Some("Invalid");
    HasMoved => "hasmoved", Some("Invalid");
    HostUnknown => "hostunknown", Some("Dns");
    NetworkError => "networkerror", Some("Dns");
    NotAccept => "notaccept", Some("Host");
    SystemFull => "systemfull", Some("Host");
    Expired => "expired", Some("Host");
    MailerError => "mailererror", Some("Host");
    SystemError => "systemerror", Some("Host");
    Suspend => "suspend", Some("Inactive");
    MailboxFull => "mailboxfull", Some("Quota");
    ExceedLimit => "exceedlimit", Some("Quota");
    MesgTooBig => "mesgtoobig", Some("Quota");
    NoRelaying => "norelaying", Some("Relay");
    SpamDetected => "spamdetected", Some("Spam");
    ContentError => "contenterror", Some("Spam");
    VirusDetected => "virusdetected", Some("Spam");
    Filtered => "filtered", Some("Spam");
    PolicyViolation => "policyviolation", Some("Spam");
    SyntaxError => "syntaxerror", Some("Syntax");
    OnHold => "onhold", Some("Syntax");
    Undefined => "undefined", Some("Syntax");
    Vacation => "vacation", Some("Away");
    Feedback => "feedback", Some("AOL");
    Blocked => "blocked", Some("Blocked");
    Rejected => "rejected", Some("Blocked");
    BadReputation => "badreputation", Some("Blocked");
    AuthFailure => "authfailure", Some("Blocked");
    RequirePtr => "requireptr", Some("Blocked");
    NotCompliantRfc => "notcompliantrfc", Some("Blocked");
    SecurityError => "securityerror", Some("Blocked");
    FailedStartTls => "failedstarttls", Some("Blocked");
    Speeding => "speeding", Some("Blocked");
    TooManyConn => "toomanyconn", Some("Blocked");
    Delivered => "delivered", None;
}

impl Reason {
    /// Sisimai's hard-bounce flag: the address itself is bad.
    pub fn is_hard(self, status: &str) -> bool {
        match self {
            Reason::UserUnknown | Reason::HasMoved | Reason::HostUnknown => true,
            Reason::NotAccept => !status.starts_with('4'),
            _ => false,
        }
    }

    /// A standard status code for the reason, for messages that give none (`soft` = a temporary
    /// failure).
    pub fn default_status(self, soft: bool) -> &'static str {
        let (h, s) = match self {
            Reason::UserUnknown => ("5.1.1", "4.1.1"),
            Reason::HasMoved => ("5.1.6", "4.1.6"),
            Reason::HostUnknown => ("5.1.2", "4.1.2"),
            Reason::NetworkError => ("5.4.4", "4.4.4"),
            Reason::NotAccept => ("5.3.2", "4.3.2"),
            Reason::SystemFull => ("5.3.1", "4.3.1"),
            Reason::Expired => ("5.4.7", "4.4.7"),
            Reason::MailerError => ("5.3.0", "4.3.0"),
            Reason::SystemError => ("5.3.0", "4.3.0"),
            Reason::Suspend => ("5.2.1", "4.2.1"),
            Reason::MailboxFull => ("5.2.2", "4.2.2"),
            Reason::ExceedLimit | Reason::MesgTooBig => ("5.3.4", "4.3.4"),
            Reason::NoRelaying => ("5.7.1", "4.7.1"),
            Reason::SpamDetected
            | Reason::ContentError
            | Reason::VirusDetected
            | Reason::Filtered
            | Reason::PolicyViolation => ("5.7.1", "4.7.1"),
            Reason::SyntaxError => ("5.5.2", "4.5.2"),
            Reason::SecurityError | Reason::AuthFailure => ("5.7.1", "4.7.1"),
            Reason::Blocked | Reason::BadReputation | Reason::RequirePtr => ("5.7.1", "4.7.1"),
            Reason::Rejected => ("5.1.8", "4.1.8"),
            Reason::NotCompliantRfc => ("5.6.0", "4.6.0"),
            Reason::FailedStartTls => ("5.7.10", "4.7.10"),
            Reason::Speeding | Reason::TooManyConn => ("4.7.1", "4.7.1"),
            _ => return "",
        };
        if soft { s } else { h }
    }

    /// The reason a DSN status code implies on its own, when it is specific enough (RFC 3463).
    /// Generic codes (x.0.0, x.7.1 and the like) say nothing and give None.
    pub fn from_status(status: &str) -> Option<Reason> {
        let mut it = status.split('.');
        let class = it.next()?;
        let subject = it.next()?;
        let detail = it.next()?;
        if class.starts_with('2') {
            return Some(Reason::Delivered);
        }
        Some(match (subject, detail) {
            ("1", "1") => Reason::UserUnknown,
            ("1", "2") => Reason::HostUnknown,
            ("1", "3") => Reason::UserUnknown,
            ("1", "6") => Reason::HasMoved,
            ("1", "7") | ("1", "8") => Reason::Rejected,
            ("1", "10") => Reason::NotAccept,
            ("2", "1") => Reason::Suspend,
            ("2", "2") => Reason::MailboxFull,
            ("2", "3") => Reason::ExceedLimit,
            ("3", "1") => Reason::SystemFull,
            ("3", "2") => Reason::NotAccept,
            ("3", "4") => Reason::MesgTooBig,
            ("4", "1") | ("4", "3") | ("4", "4") | ("4", "6") => Reason::NetworkError,
            ("4", "7") => Reason::Expired,
            ("5", _) => Reason::SyntaxError,
            // RFC 6531: a non-ASCII address the receiving system cannot take (no SMTPUTF8): a
            // limit of the destination, not of the content.
            ("6", "7") => Reason::SystemError,
            ("6", _) => Reason::ContentError,
            ("7", "25") => Reason::RequirePtr,
            ("7", "26") | ("7", "23") | ("7", "24") | ("7", "27") => Reason::AuthFailure,
            ("7", "7") | ("7", "5") | ("7", "6") | ("7", "9") | ("7", "8") => Reason::SecurityError,
            ("7", "10") | ("7", "11") => Reason::FailedStartTls,
            ("7", "2") | ("7", "3") => Reason::SecurityError,
            // Any other security or policy status: the sender was not authorised.
            ("7", _) => Reason::SecurityError,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_address_refusal_is_the_destinations() {
        assert_eq!(Reason::from_status("5.6.7"), Some(Reason::SystemError));
        assert_eq!(Reason::from_status("5.6.9"), Some(Reason::ContentError));
    }

    #[test]
    fn names_round_trip() {
        for r in Reason::ALL {
            assert_eq!(Reason::from_name(r.as_str()), Some(*r));
        }
    }

    #[test]
    fn every_type_is_known() {
        for r in Reason::ALL {
            if let Some(t) = r.bounce_type() {
                assert!(super::super::BOUNCE_TYPES.iter().any(|(n, _, _)| *n == t));
            }
        }
    }

    #[test]
    fn status_codes() {
        assert_eq!(Reason::from_status("5.1.1"), Some(Reason::UserUnknown));
        assert_eq!(Reason::from_status("5.0.0"), None);
        assert_eq!(Reason::from_status("5.7.1"), Some(Reason::SecurityError));
        assert!(Reason::NotAccept.is_hard("5.3.2"));
        assert!(!Reason::NotAccept.is_hard("4.3.2"));
    }
}
