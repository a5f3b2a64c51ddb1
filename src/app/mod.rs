//! The drivers: one function per command, turning the parsed command line into settings and
//! calling the library. No business rules live here; output formatting does.

mod activities;
mod admin;
mod bounces;
mod deliver;
mod demo;
mod init;
mod parse;
mod report;
mod run;
mod table;
mod watch;

use std::io::IsTerminal;

use anyhow::Result;

use crate::cli::{
    Cli, Command, ConfigCommand, ContactCommand, ContactsCommand, MailingCommand, ReportCommand,
};
use crate::config::{self, Check, Config};

/// Exit statuses.
pub mod exit {
    /// Everything was done.
    pub const OK: i32 = 0;
    /// The run failed, or some input could not be read (each reported on stderr).
    pub const FAILED: i32 = 1;
    /// A usage or config error.
    pub const USAGE: i32 = 2;
    /// A temporary failure: try again later (EX_TEMPFAIL, for getmail and fetchmail).
    pub const TEMPFAIL: i32 = 75;
}

/// Global output settings.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub quiet: bool,
    /// A progress bar may be drawn (stderr is a terminal and not --quiet).
    pub progress: bool,
}

/// Runs the command; returns the exit status.
pub fn main(cli: Cli) -> Result<i32> {
    let out = Output {
        quiet: cli.quiet,
        progress: !cli.quiet && std::io::stderr().is_terminal(),
    };
    let config_path = config::locate(cli.config.as_deref());
    match cli.command {
        Command::Init(a) => init::init(cli.config.as_deref(), a.dir.as_deref()),
        Command::Run(a) => run::run(&load(&config_path)?, &a, out),
        Command::Watch(a) => watch::watch(&config_path, &a),
        Command::Deliver(a) => Ok(deliver::deliver(&config_path, &a)),
        Command::Status(a) => admin::status(&load(&config_path)?, &a),
        Command::Reprocess(a) => admin::reprocess(&load(&config_path)?, &a),
        Command::Prune(a) => admin::prune(&load(&config_path)?, &a),
        Command::Backup(a) => admin::backup(&load(&config_path)?, &a),
        Command::Config(ConfigCommand::Check) => admin::config_check(&load(&config_path)?),
        Command::Parse(a) => parse::parse(cli.config.as_deref(), &a),
        Command::Demo(a) => demo::demo(a.dir.as_deref(), out),
        Command::Activities(a) => activities::activities(&load_for_reading(&config_path)?, &a),
        Command::Contact(ContactCommand::Show(a)) => {
            activities::contact_show(&load_for_reading(&config_path)?, &a)
        }
        Command::Contacts(ContactsCommand::Import(a)) => {
            bounces::import(&load_for_reading(&config_path)?, &a)
        }
        Command::Groups(a) => bounces::groups(&load_for_reading(&config_path)?, &a),
        Command::Report(ReportCommand::Mailing(a)) => {
            report::mailing(&load_for_reading(&config_path)?, &a)
        }
        Command::Mailing(MailingCommand::Create(a)) => {
            bounces::mailing_create(&load_for_reading(&config_path)?, &a)
        }
        Command::Mailing(MailingCommand::Addresses(a)) => {
            bounces::mailing_addresses(&load_for_reading(&config_path)?, &a)
        }
        Command::Holds(a) => bounces::holds(&load_for_reading(&config_path)?, &a),
        Command::Unhold(a) => bounces::unhold(&load_for_reading(&config_path)?, &a),
        Command::Explain(a) => bounces::explain(&load_for_reading(&config_path)?, &a),
    }
}

/// Loads the config for a command that reads mail (maildirs must exist).
fn load(path: &std::path::Path) -> Result<Config> {
    Ok(config::load(path, Check::MaildirsExist)?)
}

/// Loads the config for a command that only reads the database (maildirs may be missing).
fn load_for_reading(path: &std::path::Path) -> Result<Config> {
    Ok(config::load(path, Check::Syntax)?)
}

/// Opens the database of `config` and applies its bounce-type thresholds.
fn open_db(config: &Config) -> Result<crate::db::Db> {
    let mut db = crate::db::Db::open(&config.database)?;
    db.apply_thresholds(&config.thresholds)?;
    Ok(db)
}

/// The accounts a command works on: all, or the one named by --account.
fn select_accounts<'c>(config: &'c Config, name: Option<&str>) -> Result<Vec<&'c config::Account>> {
    match name {
        None => Ok(config.accounts.iter().collect()),
        Some(n) => match config.accounts.iter().find(|a| a.name == n) {
            Some(a) => Ok(vec![a]),
            None => {
                let known: Vec<&str> = config.accounts.iter().map(|a| a.name.as_str()).collect();
                Err(UsageError(format!(
                    "no account named `{n}` in {} (accounts: {})",
                    config.path.display(),
                    known.join(", ")
                ))
                .into())
            }
        },
    }
}

/// A `--since` value as stored (a usage error when it is neither a date nor an RFC 3339 time).
fn since_arg(value: Option<&str>) -> Result<Option<String>> {
    let Some(s) = value else { return Ok(None) };
    match crate::timefmt::parse_since(s) {
        Some(t) => Ok(Some(t)),
        None => Err(UsageError(format!(
            "--since {s}: expected a date as YYYY-MM-DD or an RFC 3339 time"
        ))
        .into()),
    }
}

/// A mistake on the command line that clap could not catch; exits 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Text for a terminal: control characters (escape sequences a stranger could put in a
/// subject or name) shown escaped.
pub fn printable(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}
