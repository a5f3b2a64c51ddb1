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
            eprintln!("mailroom: {e:#}");
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
