//! The config: reading the TOML file, checking every key, and the validated settings the rest of
//! the program uses. Owns the one config reference (`CONFIG_REFERENCE`, also written by
//! `mailroom init`). Everything is checked before any message is read; every error names the file
//! and the key at fault.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use std::sync::Arc;

use crate::bounce::{BOUNCE_TYPES, Engine, RuleSet};

/// A config problem. Always names the file; names the key when one is at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}{}", missing_hint(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config {path}: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("config {path}: key `{key}`: {message}")]
    Key {
        path: PathBuf,
        key: String,
        message: String,
    },
}

/// Where the config comes from: `--config`, else `$MAILROOM_CONFIG`, else `./mailroom.toml`.
pub fn locate(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    match std::env::var_os("MAILROOM_CONFIG") {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => PathBuf::from("mailroom.toml"),
    }
}

/// The two jobs an account can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Bounce,
    Activity,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Bounce => "bounce",
            Role::Activity => "activity",
        }
    }
}

/// A header field an activity account reads contacts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    From,
    To,
    Cc,
    Bcc,
    ReplyTo,
    Sender,
}

impl Field {
    fn parse(s: &str) -> Option<Field> {
        Some(match s.to_ascii_lowercase().as_str() {
            "from" => Field::From,
            "to" => Field::To,
            "cc" => Field::Cc,
            "bcc" => Field::Bcc,
            "reply-to" | "reply_to" => Field::ReplyTo,
            "sender" => Field::Sender,
            _ => return None,
        })
    }
}

/// The validated config.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    pub database: PathBuf,
    pub attachments_dir: PathBuf,
    pub max_message_bytes: u64,
    pub batch_size: usize,
    pub bounce: BounceSettings,
    /// Hold thresholds by bounce type name: the defaults with the config's overrides applied.
    pub thresholds: BTreeMap<String, u32>,
    pub accounts: Vec<Account>,
}

#[derive(Debug, Clone)]
pub struct BounceSettings {
    /// Extra rule files (resolved paths), tried before the built-in rules.
    pub rules: Vec<PathBuf>,
    /// Those files compiled in front of the built-in rules (None when there are none).
    pub ruleset: Option<Arc<RuleSet>>,
    pub trust_unverified: bool,
    pub storm_min_recipients: u32,
    pub storm_share: f64,
    pub reply_forward_command: String,
}

/// One mail account: a maildir folder and the job done on its messages.
#[derive(Debug, Clone)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// The maildir root.
    pub maildir: PathBuf,
    /// Maildir++ source folder name without the leading dot; "" = the root (INBOX).
    pub folder: String,
    pub processed: String,
    pub ignored: String,
    pub bounce: BounceAccount,
    pub activity: ActivityAccount,
}

/// The VERP identity of a bounce account.
#[derive(Debug, Clone)]
pub struct BounceAccount {
    pub localpart: String,
    pub domain: String,
    pub separator: String,
}

/// The settings of an activity account.
#[derive(Debug, Clone)]
pub struct ActivityAccount {
    pub addresses: Vec<String>,
    pub source: Field,
    pub targets: Vec<Field>,
    pub assignees: Vec<Field>,
    pub activity_type: String,
    pub activity_status: String,
    pub create_contacts: bool,
    pub never_create: Vec<String>,
    pub require_case_token: bool,
    /// (header name, value) of the spam marker, e.g. ("X-Spam-Flag", "YES").
    pub spam_header: Option<(String, String)>,
    pub ignore_list_mail: bool,
    pub max_attachments: u32,
    pub max_attachment_bytes: u64,
}

impl Config {
    /// The bounce engine with the user's rule files in front of the built-in rules.
    pub fn engine(&self) -> Engine<'_> {
        match &self.bounce.ruleset {
            Some(r) => Engine::new(r),
            None => Engine::default(),
        }
    }
}

impl Account {
    /// The directory holding the source folder's cur/new/tmp.
    pub fn source_dir(&self) -> PathBuf {
        folder_dir(&self.maildir, &self.folder)
    }
    /// The Maildir++ folder messages that were handled go to.
    pub fn processed_dir(&self) -> PathBuf {
        folder_dir(&self.maildir, &subfolder(&self.folder, &self.processed))
    }
    /// The Maildir++ folder messages that were not handled go to.
    pub fn ignored_dir(&self) -> PathBuf {
        folder_dir(&self.maildir, &subfolder(&self.folder, &self.ignored))
    }
}

/// `folder` below `maildir`: the root for "", else the Maildir++ directory `.folder`.
pub fn folder_dir(maildir: &Path, folder: &str) -> PathBuf {
    if folder.is_empty() {
        maildir.to_path_buf()
    } else {
        maildir.join(format!(".{folder}"))
    }
}

/// The Maildir++ name of `child` inside `parent` (dots nest).
pub fn subfolder(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

// ---- the raw file, exactly as written; unknown keys are errors ----

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    database: Option<String>,
    attachments_dir: Option<String>,
    max_message_bytes: Option<i64>,
    batch_size: Option<i64>,
    #[serde(default)]
    bounce: RawBounce,
    #[serde(default)]
    bounce_types: BTreeMap<String, i64>,
    #[serde(default)]
    account: Vec<RawAccount>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBounce {
    rules: Option<Vec<String>>,
    trust_unverified: Option<bool>,
    storm_min_recipients: Option<i64>,
    storm_share: Option<f64>,
    reply_forward_command: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAccount {
    name: Option<String>,
    role: Option<String>,
    maildir: Option<String>,
    folder: Option<String>,
    processed: Option<String>,
    ignored: Option<String>,
    // bounce
    localpart: Option<String>,
    domain: Option<String>,
    separator: Option<String>,
    // activity
    addresses: Option<Vec<String>>,
    source: Option<String>,
    targets: Option<Vec<String>>,
    assignees: Option<Vec<String>>,
    activity_type: Option<String>,
    activity_status: Option<String>,
    create_contacts: Option<bool>,
    never_create: Option<Vec<String>>,
    require_case_token: Option<bool>,
    spam_header: Option<String>,
    ignore_list_mail: Option<bool>,
    max_attachments: Option<i64>,
    max_attachment_bytes: Option<i64>,
}

impl RawAccount {
    /// The activity-only keys that are set, for the check that a bounce account has none.
    fn activity_keys_set(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let mut check = |set: bool, k: &'static str| {
            if set {
                v.push(k)
            }
        };
        check(self.addresses.is_some(), "addresses");
        check(self.source.is_some(), "source");
        check(self.targets.is_some(), "targets");
        check(self.assignees.is_some(), "assignees");
        check(self.activity_type.is_some(), "activity_type");
        check(self.activity_status.is_some(), "activity_status");
        check(self.create_contacts.is_some(), "create_contacts");
        check(self.never_create.is_some(), "never_create");
        check(self.require_case_token.is_some(), "require_case_token");
        check(self.spam_header.is_some(), "spam_header");
        check(self.ignore_list_mail.is_some(), "ignore_list_mail");
        check(self.max_attachments.is_some(), "max_attachments");
        check(self.max_attachment_bytes.is_some(), "max_attachment_bytes");
        v
    }

    fn bounce_keys_set(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.localpart.is_some() {
            v.push("localpart");
        }
        if self.domain.is_some() {
            v.push("domain");
        }
        if self.separator.is_some() {
            v.push("separator");
        }
        v
    }
}

/// Default values, shared by the loader and the example config.
pub mod defaults {
    pub const DATABASE: &str = "mailroom.db";
    pub const ATTACHMENTS_DIR: &str = "attachments";
    pub const MAX_MESSAGE_BYTES: u64 = 52_428_800;
    pub const BATCH_SIZE: usize = 256;
    pub const STORM_MIN_RECIPIENTS: u32 = 5;
    pub const STORM_SHARE: f64 = 0.2;
    pub const PROCESSED: &str = "CiviMail.processed";
    pub const IGNORED: &str = "CiviMail.ignored";
    pub const SEPARATOR: &str = ".";
    pub const ACTIVITY_TYPE: &str = "Inbound Email";
    pub const ACTIVITY_STATUS: &str = "Completed";
    pub const SPAM_HEADER: &str = "X-Spam-Flag: YES";
    pub const MAX_ATTACHMENTS: u32 = 100;
    pub const MAX_ATTACHMENT_BYTES: u64 = 26_214_400;
}

/// What the loader checks besides the keys themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Every account's maildir must exist (for commands that read mail).
    MaildirsExist,
    /// Maildirs may be missing (`init` creates them).
    Syntax,
}

/// What a newcomer without a config file needs to hear.
fn missing_hint(e: &std::io::Error) -> &'static str {
    if e.kind() == std::io::ErrorKind::NotFound {
        " (`mailroom init DIR` writes one; the config is --config PATH, else $MAILROOM_CONFIG, \
         else ./mailroom.toml)"
    } else {
        ""
    }
}

/// Reads and checks the config at `path`.
pub fn load(path: &Path, check: Check) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path, check)
}

/// Checks config text as if read from `path` (relative paths resolve against its directory).
pub fn parse(text: &str, path: &Path, check: Check) -> Result<Config, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| syntax_error(path, text, &e))?;
    // Paths are relative to the config file's directory, made absolute so that logs, locks and
    // file events all name the same paths whatever the working directory.
    let base = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let base = if base.is_absolute() {
        base
    } else {
        std::env::current_dir()
            .map(|d| d.join(&base))
            .unwrap_or(base)
    };
    let base = PathBuf::from_iter(
        base.components()
            .filter(|c| *c != std::path::Component::CurDir),
    );
    let key_err = |key: &str, message: String| ConfigError::Key {
        path: path.to_path_buf(),
        key: key.to_string(),
        message,
    };
    // `~/` is the home directory, as in getmail's and fetchmail's files (a literal `~` folder
    // beside the config would be read while the fetcher delivers elsewhere).
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    let resolve = |p: &str| -> PathBuf {
        if let Some(home) = &home
            && let Some(rest) = p.strip_prefix("~/").or((p == "~").then_some(""))
        {
            return Path::new(home).join(rest);
        }
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        }
    };
    let nonempty = |key: &str, v: Option<String>, default: &str| -> Result<String, ConfigError> {
        match v {
            None => Ok(default.to_string()),
            Some(s) if s.trim().is_empty() => Err(key_err(key, "must not be empty".into())),
            Some(s) => Ok(s),
        }
    };
    let positive = |key: &str, v: Option<i64>, default: u64| -> Result<u64, ConfigError> {
        match v {
            None => Ok(default),
            Some(n) if n > 0 => Ok(n as u64),
            Some(n) => Err(key_err(key, format!("must be a positive number, not {n}"))),
        }
    };

    let database = resolve(&nonempty("database", raw.database, defaults::DATABASE)?);
    let attachments_dir = resolve(&nonempty(
        "attachments_dir",
        raw.attachments_dir,
        defaults::ATTACHMENTS_DIR,
    )?);
    let max_message_bytes = positive(
        "max_message_bytes",
        raw.max_message_bytes,
        defaults::MAX_MESSAGE_BYTES,
    )?;
    let batch_size = positive("batch_size", raw.batch_size, defaults::BATCH_SIZE as u64)? as usize;
    if batch_size > 100_000 {
        return Err(key_err(
            "batch_size",
            format!("{batch_size} is too large (at most 100000)"),
        ));
    }

    let b = raw.bounce;
    let storm_share = b.storm_share.unwrap_or(defaults::STORM_SHARE);
    if !(storm_share > 0.0 && storm_share <= 1.0) {
        return Err(key_err(
            "bounce.storm_share",
            format!("must be a share between 0 and 1, not {storm_share}"),
        ));
    }
    let bounce = BounceSettings {
        rules: b
            .rules
            .unwrap_or_default()
            .iter()
            .map(|r| resolve(r))
            .collect(),
        trust_unverified: b.trust_unverified.unwrap_or(false),
        storm_min_recipients: positive(
            "bounce.storm_min_recipients",
            b.storm_min_recipients,
            defaults::STORM_MIN_RECIPIENTS as u64,
        )? as u32,
        storm_share,
        reply_forward_command: b.reply_forward_command.unwrap_or_default(),
        ruleset: None,
    };
    let mut bounce = bounce;
    if !bounce.rules.is_empty() {
        let mut files = Vec::new();
        for (i, r) in bounce.rules.iter().enumerate() {
            match std::fs::read_to_string(r) {
                Ok(text) => files.push((r.display().to_string(), text)),
                Err(e)
                    if check == Check::MaildirsExist
                        || e.kind() != std::io::ErrorKind::NotFound =>
                {
                    return Err(key_err(
                        &format!("bounce.rules[{i}]"),
                        format!("cannot read rule file {}: {e}", r.display()),
                    ));
                }
                Err(_) => {}
            }
        }
        if !files.is_empty() {
            let set = RuleSet::with_user_files(&files)
                .map_err(|e| key_err("bounce.rules", e.to_string()))?;
            bounce.ruleset = Some(Arc::new(set));
        }
    }

    let mut thresholds: BTreeMap<String, u32> = BOUNCE_TYPES
        .iter()
        .map(|(n, _, t)| (n.to_string(), *t))
        .collect();
    for (name, value) in raw.bounce_types {
        let key = format!("bounce_types.{name}");
        let Some((canon, _, _)) = BOUNCE_TYPES
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(&name))
        else {
            let known: Vec<&str> = BOUNCE_TYPES.iter().map(|t| t.0).collect();
            return Err(key_err(
                &key,
                format!("unknown bounce type `{name}` (known: {})", known.join(", ")),
            ));
        };
        if !(0..=1_000_000).contains(&value) {
            return Err(key_err(
                &key,
                format!("threshold must be 0 (never hold) or a positive number, not {value}"),
            ));
        }
        thresholds.insert(canon.to_string(), value as u32);
    }

    if raw.account.is_empty() {
        return Err(key_err(
            "account",
            "no [[account]] is configured (see `mailroom init` for an example)".into(),
        ));
    }
    let mut accounts = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, a) in raw.account.into_iter().enumerate() {
        let k = |field: &str| format!("account[{i}].{field}");
        let name = match a.name.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => return Err(key_err(&k("name"), "every account needs a name".into())),
        };
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(key_err(
                &k("name"),
                format!("`{name}`: use letters, digits, '-', '_' and '.' only"),
            ));
        }
        if let Some(j) = names.insert(name.clone(), i) {
            return Err(key_err(
                &k("name"),
                format!("account name `{name}` is also used by account[{j}]"),
            ));
        }
        let role = match a.role.as_deref() {
            Some("bounce") => Role::Bounce,
            Some("activity") => Role::Activity,
            Some(other) => {
                return Err(key_err(
                    &k("role"),
                    format!(
                        "unknown role `{other}` for account `{name}` (expected `bounce` or `activity`)"
                    ),
                ));
            }
            None => {
                return Err(key_err(
                    &k("role"),
                    format!("account `{name}` needs a role: `bounce` or `activity`"),
                ));
            }
        };
        match role {
            Role::Bounce => {
                if let Some(key) = a.activity_keys_set().first() {
                    return Err(key_err(
                        &k(key),
                        format!(
                            "only activity accounts have this key; `{name}` is a bounce account"
                        ),
                    ));
                }
            }
            Role::Activity => {
                if let Some(key) = a.bounce_keys_set().first() {
                    return Err(key_err(
                        &k(key),
                        format!(
                            "only bounce accounts have this key; `{name}` is an activity account"
                        ),
                    ));
                }
            }
        }
        let maildir = match a.maildir.as_deref() {
            Some(m) if !m.trim().is_empty() => resolve(m),
            _ => {
                return Err(key_err(
                    &k("maildir"),
                    format!("account `{name}` needs a maildir"),
                ));
            }
        };
        let folder = normalise_folder(&k("folder"), a.folder.as_deref().unwrap_or(""), path)?;
        let processed = normalise_folder(
            &k("processed"),
            a.processed.as_deref().unwrap_or(defaults::PROCESSED),
            path,
        )?;
        let ignored = normalise_folder(
            &k("ignored"),
            a.ignored.as_deref().unwrap_or(defaults::IGNORED),
            path,
        )?;
        if processed.is_empty() || ignored.is_empty() || processed == ignored {
            return Err(key_err(
                &k(if processed.is_empty() {
                    "processed"
                } else {
                    "ignored"
                }),
                "processed and ignored must be two different, non-empty folder names".into(),
            ));
        }
        let localpart = a.localpart.unwrap_or_else(|| format!("{name}+"));
        let separator = nonempty(&k("separator"), a.separator, defaults::SEPARATOR)?;
        let domain = a.domain.unwrap_or_default().trim().to_ascii_lowercase();
        if role == Role::Bounce && domain.is_empty() {
            return Err(key_err(
                &k("domain"),
                format!("bounce account `{name}` needs the domain of its VERP addresses"),
            ));
        }
        let field = |key: &str, s: &str| {
            Field::parse(s).ok_or_else(|| {
                key_err(
                    key,
                    format!("unknown header field `{s}` (expected from, to, cc, bcc, reply-to or sender)"),
                )
            })
        };
        let fields = |key: &str, v: Option<Vec<String>>, default: &[Field]| match v {
            None => Ok(default.to_vec()),
            Some(list) => list.iter().map(|s| field(key, s)).collect(),
        };
        let spam_header = match a
            .spam_header
            .as_deref()
            .unwrap_or(defaults::SPAM_HEADER)
            .trim()
        {
            "" => None,
            s => match s.split_once(':') {
                Some((h, v)) if !h.trim().is_empty() && !h.contains(' ') => {
                    Some((h.trim().to_string(), v.trim().to_string()))
                }
                _ => {
                    return Err(key_err(
                        &k("spam_header"),
                        format!("`{s}` should be `Header-Name: value` (or \"\" for none)"),
                    ));
                }
            },
        };
        let activity = ActivityAccount {
            addresses: lower_all(a.addresses.unwrap_or_default()),
            source: field(&k("source"), a.source.as_deref().unwrap_or("from"))?,
            targets: fields(
                &k("targets"),
                a.targets,
                &[Field::To, Field::Cc, Field::Bcc],
            )?,
            assignees: fields(&k("assignees"), a.assignees, &[Field::From])?,
            activity_type: nonempty(
                &k("activity_type"),
                a.activity_type,
                defaults::ACTIVITY_TYPE,
            )?,
            activity_status: nonempty(
                &k("activity_status"),
                a.activity_status,
                defaults::ACTIVITY_STATUS,
            )?,
            create_contacts: a.create_contacts.unwrap_or(true),
            never_create: lower_all(a.never_create.unwrap_or_default()),
            require_case_token: a.require_case_token.unwrap_or(false),
            spam_header,
            ignore_list_mail: a.ignore_list_mail.unwrap_or(false),
            max_attachments: positive(
                &k("max_attachments"),
                a.max_attachments,
                defaults::MAX_ATTACHMENTS as u64,
            )? as u32,
            max_attachment_bytes: positive(
                &k("max_attachment_bytes"),
                a.max_attachment_bytes,
                defaults::MAX_ATTACHMENT_BYTES,
            )?,
        };
        accounts.push(Account {
            name,
            role,
            maildir,
            folder,
            processed,
            ignored,
            bounce: BounceAccount {
                localpart,
                domain,
                separator,
            },
            activity,
        });
    }

    check_folders(&accounts, path)?;
    if check == Check::MaildirsExist {
        for (i, a) in accounts.iter().enumerate() {
            let src = a.source_dir();
            if !src.join("new").is_dir() || !src.join("cur").is_dir() {
                return Err(key_err(
                    &format!("account[{i}].maildir"),
                    format!(
                        "account `{}`: {} is not a maildir (no cur/ and new/); run `mailroom init` to create it",
                        a.name,
                        src.display()
                    ),
                ));
            }
        }
    }
    Ok(Config {
        path: path.to_path_buf(),
        database,
        attachments_dir,
        max_message_bytes,
        batch_size,
        bounce,
        thresholds,
        accounts,
    })
}

fn lower_all(v: Vec<String>) -> Vec<String> {
    v.into_iter()
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A Maildir++ folder name: "" or "INBOX" is the root; a leading dot is optional; no slashes.
fn normalise_folder(key: &str, value: &str, path: &Path) -> Result<String, ConfigError> {
    let v = value.trim();
    let v = if v.eq_ignore_ascii_case("inbox") {
        ""
    } else {
        v
    };
    let v = v.strip_prefix('.').unwrap_or(v);
    if v.contains('/') || v.contains('\\') || v.contains("..") || v.ends_with('.') {
        return Err(ConfigError::Key {
            path: path.to_path_buf(),
            key: key.to_string(),
            message: format!(
                "`{value}` is not a Maildir++ folder name (use dots to nest, no slashes)"
            ),
        });
    }
    Ok(v.to_string())
}

/// Two accounts may not read the same folder, nor one read another's processed/ignored folder.
fn check_folders(accounts: &[Account], path: &Path) -> Result<(), ConfigError> {
    let canon = |p: PathBuf| std::fs::canonicalize(&p).unwrap_or(p);
    // Each account's source, processed and ignored folders, resolved once.
    let dirs: Vec<[PathBuf; 3]> = accounts
        .iter()
        .map(|a| {
            [
                canon(a.source_dir()),
                canon(a.processed_dir()),
                canon(a.ignored_dir()),
            ]
        })
        .collect();
    for (i, a) in accounts.iter().enumerate() {
        let src = &dirs[i][0];
        for (j, b) in accounts.iter().enumerate() {
            let uses = [
                (i < j, "as their source folder", 0),
                (true, "as a processed folder", 1),
                (true, "as an ignored folder", 2),
            ];
            for (applies, what, k) in uses {
                if applies && *src == dirs[j][k] {
                    return Err(ConfigError::Key {
                        path: path.to_path_buf(),
                        key: format!("account[{j}].maildir"),
                        message: format!(
                            "accounts `{}` and `{}` both use {} ({what}); the two jobs file every \
                             message they read, so each account needs its own folder",
                            a.name,
                            b.name,
                            dirs[j][k].display()
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    let msg = plain_types(e.message());
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let where_ = line.map(|l| format!(" (line {l})")).unwrap_or_default();
    let section = line.map(|l| section_at(text, l)).unwrap_or_default();
    let full = |key: &str| {
        if section.is_empty() {
            key.to_string()
        } else {
            format!("{section}.{key}")
        }
    };
    // Name the key serde complained about where it can.
    if let Some(rest) = msg.strip_prefix("unknown field `")
        && let Some(key) = rest.split('`').next()
    {
        return ConfigError::Key {
            path: path.to_path_buf(),
            key: full(key),
            message: format!("unknown key{where_}: {msg}"),
        };
    }
    // A value of the wrong type or out of range: the error points at the value, on the line
    // that sets the key.
    if let Some(key) = line.and_then(|l| key_on_line(text, l)) {
        return ConfigError::Key {
            path: path.to_path_buf(),
            key: full(key),
            message: format!("{msg}{where_}"),
        };
    }
    ConfigError::Syntax {
        path: path.to_path_buf(),
        message: format!("{msg}{where_}"),
    }
}

/// serde's names of Rust types, in words.
fn plain_types(msg: &str) -> String {
    msg.replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected u32", "expected a whole number")
        .replace("expected f64", "expected a number")
}

/// The key set on `line` (1-based) when that line is a plain `key = value`.
fn key_on_line(text: &str, line: usize) -> Option<&str> {
    let (key, _) = text.lines().nth(line.checked_sub(1)?)?.split_once('=')?;
    let key = key.trim();
    (!key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
    .then_some(key)
}

/// The `[table]` or `[[array]]` heading in force at `line` (1-based); an array's tables are
/// numbered from 0 as the checks name them (`account[1]`).
fn section_at(text: &str, line: usize) -> String {
    let mut section = String::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for l in text.lines().take(line) {
        let t = l.trim();
        if let Some(s) = t.strip_prefix("[[").and_then(|s| s.split("]]").next()) {
            let name = s.trim().to_string();
            let n = match counts.iter_mut().find(|(k, _)| *k == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counts.push((name.clone(), 0));
                    0
                }
            };
            section = format!("{name}[{n}]");
        } else if let Some(s) = t.strip_prefix('[').and_then(|s| s.split(']').next()) {
            section = s.trim().to_string();
        }
    }
    section
}

/// The config reference: every key, its default and meaning. `mailroom init` writes this file
/// with the paths filled in; README points here. Kept in one place so the two cannot drift.
pub const CONFIG_REFERENCE: &str = include_str!("../docs/mailroom.example.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("/etc/mailroom/m.toml"), Check::Syntax)
    }

    const MIN: &str = "[[account]]\nname = \"b\"\nrole = \"bounce\"\nmaildir = \"mail/b\"\ndomain = \"example.org\"\n";

    #[test]
    fn minimal_config_has_defaults() {
        let c = check(MIN).unwrap();
        assert_eq!(c.database, Path::new("/etc/mailroom/mailroom.db"));
        assert_eq!(c.batch_size, 256);
        assert_eq!(c.thresholds["Blocked"], 0);
        assert_eq!(
            c.accounts[0].processed_dir(),
            Path::new("/etc/mailroom/mail/b/.CiviMail.processed")
        );
    }

    #[test]
    fn reference_config_is_valid() {
        let c = check(CONFIG_REFERENCE).unwrap();
        assert_eq!(c.accounts.len(), 2);
    }

    #[test]
    fn unknown_key_is_named_with_its_table() {
        let e = check(&format!("{MIN}lcoalpart = \"x\"\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("account[0].lcoalpart"), "{e}");
        assert!(e.contains("/etc/mailroom/m.toml"), "{e}");
        let e = check(&format!("batchsize = 3\n{MIN}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`batchsize`"), "{e}");
    }

    #[test]
    fn unknown_role_and_type() {
        let e = check(&MIN.replace("\"bounce\"", "\"bounces\""))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("account[0].role") && e.contains("bounces"),
            "{e}"
        );
        let e = check(&format!("[bounce_types]\nAwayy = 3\n{MIN}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("bounce_types.Awayy"), "{e}");
    }

    #[test]
    fn nested_folders() {
        let c = check(&format!("{MIN}folder = \".civicrm\"\n")).unwrap();
        let a = &c.accounts[0];
        assert_eq!(a.source_dir(), Path::new("/etc/mailroom/mail/b/.civicrm"));
        assert_eq!(
            a.ignored_dir(),
            Path::new("/etc/mailroom/mail/b/.civicrm.CiviMail.ignored")
        );
    }

    #[test]
    fn shared_folder_is_refused() {
        let two =
            format!("{MIN}[[account]]\nname = \"a\"\nrole = \"activity\"\nmaildir = \"mail/b\"\n");
        let e = check(&two).unwrap_err().to_string();
        assert!(e.contains("account[1].maildir"), "{e}");
    }

    #[test]
    fn role_specific_keys() {
        let e = check(&format!("{MIN}create_contacts = true\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("account[0].create_contacts"), "{e}");
    }
}
