//! The `mailroom` binary: parse the command line, set up logging, run the command, print the
//! error chain once and pick the exit status. Everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;
use mailroom::app::{self, UsageError, exit};
use mailroom::cli::{Cli, Command};
use mailroom::config::ConfigError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // deliver must print nothing on success (getmail treats stderr output as failure); its own
    // failures are printed directly, and -v brings the logs back.
    let silent = matches!(cli.command, Command::Deliver(_)) && cli.verbose == 0;
    init_logging(cli.verbose, cli.quiet || silent, silent);
    let code = match app::main(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("mailroom: {}", chain_text(&e));
            if e.downcast_ref::<ConfigError>().is_some() || e.downcast_ref::<UsageError>().is_some()
            {
                exit::USAGE
            } else {
                exit::FAILED
            }
        }
    };
    ExitCode::from(code.clamp(0, 255) as u8)
}

fn init_logging(verbose: u8, quiet: bool, silent: bool) {
    use tracing_subscriber::EnvFilter;
    let level = match (quiet, verbose) {
        _ if silent => "off",
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_env("MAILROOM_LOG").unwrap_or_else(|_| EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .without_time()
        .init();
}

/// True when the error is a closed standard output (`mailroom ... | head`): not a failure.
/// The CSV and JSON writers wrap the I/O error without exposing it as their `source`.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
    })
}

/// The error and its causes on one line, each said once: most of our errors include their
/// cause in their own message (`database X: {cause}`), and SQLite's innermost error repeats
/// the one above it ("Error code 8: Attempt to write a readonly database").
fn chain_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        let core = match s.split_once(": ") {
            Some((head, rest)) if head.starts_with("Error code ") => rest,
            _ => s.as_str(),
        };
        if text.to_lowercase().contains(&core.to_lowercase()) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&s);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_error_is_said_once_with_what_to_check() {
        let sqlite = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
            Some("attempt to write a readonly database".into()),
        );
        let db = mailroom::db::DbError::Sqlite {
            path: "/var/lib/mailroom/mailroom.db".into(),
            source: sqlite,
        };
        let e = anyhow::Error::new(mailroom::pipeline::PipelineError::Db {
            account: "bounces".into(),
            source: db,
        });
        let text = chain_text(&e);
        assert_eq!(
            text.matches("readonly").count(),
            1,
            "each cause once: {text}"
        );
        assert!(
            text.starts_with(
                "account `bounces`: database /var/lib/mailroom/mailroom.db: attempt to write a readonly database"
            ),
            "{text}"
        );
        assert!(text.contains("its directory"), "{text}");
    }

    #[test]
    fn a_closed_pipe_under_the_csv_and_json_writers_is_seen() {
        let pipe = || std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let csv_err = csv::Error::from(pipe());
        assert!(is_broken_pipe(&anyhow::Error::new(csv_err)));
        let json_err = serde_json::Error::io(pipe());
        assert!(is_broken_pipe(&anyhow::Error::new(json_err)));
        assert!(!is_broken_pipe(&anyhow::anyhow!("something else")));
    }
}
