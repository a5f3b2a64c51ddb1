//! The command line: every subcommand and flag, as clap derive types. No behaviour lives here;
//! `app/` turns these into validated settings and runs them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Sorts a CRM's inbound mail: bounces and correspondence delivered into local maildirs by
/// getmail or fetchmail are filed into `processed` or `ignored` folders and recorded in SQLite.
#[derive(Debug, Parser)]
#[command(name = "mailroom", version, propagate_version = true)]
#[command(
    after_help = "Config: --config PATH, else $MAILROOM_CONFIG, else ./mailroom.toml.\n\
Exit status: 0 success; 1 the run failed or some input could not be read; 2 usage or config error; \
75 temporary failure (deliver could not store the message; run left messages for the next run).\nStart with `mailroom demo`."
)]
pub struct Cli {
    /// The config file (TOML). Default: $MAILROOM_CONFIG, else ./mailroom.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// More log output on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Only errors on stderr; no progress bar.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented example config, create the maildirs and the database (safe to run twice).
    Init(InitArgs),
    /// One pass over new/ and cur/ of every account: file each message, record the results.
    Run(RunArgs),
    /// Process the backlog, then watch the maildirs (inotify) and process messages as they land.
    Watch(WatchArgs),
    /// Store one message from standard input durably in an account's maildir (for getmail's
    /// MDA_external or fetchmail's mda), then process it. Exit 75 when it could not be stored.
    Deliver(DeliverArgs),
    /// Per account: messages waiting, and totals from the ledger.
    Status(StatusArgs),
    /// Move ignored messages back for another run, forgetting their ledger rows.
    Reprocess(ReprocessArgs),
    /// Delete filed messages and ledger rows older than a retention period.
    Prune(PruneArgs),
    /// Write an online copy of the database (SQLite backup API).
    Backup(BackupArgs),
    /// Config commands.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Classify messages: bounce kind, recipients, reasons (needs no config or database).
    ///
    /// Given a config (--config, MAILROOM_CONFIG or the default file), it also uses the user's
    /// rule files and shows the VERP token `run` would verify first, and where it was found.
    Parse(ParseArgs),
    /// Set up a demo in a fresh directory, run it, and show what happened.
    Demo(DemoArgs),
    /// List filed activities (correspondence), newest first.
    Activities(ActivitiesArgs),
    /// Contact commands.
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Import contacts (and their group memberships) from a CSV file.
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// List the groups with their membership counts, or subscribe someone (pending confirmation).
    Groups(GroupsArgs),
    /// Mailings: create one (its recipients and their VERP hashes), list its VERP addresses.
    #[command(subcommand)]
    Mailing(MailingCommand),
    /// The addresses on hold.
    Holds(HoldsArgs),
    /// Reports: what became of a mailing.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Take addresses off hold (older bounces stop counting).
    Unhold(UnholdArgs),
    /// Why an address is (or is not) on hold: every event, what counts, how far from a hold.
    Explain(ExplainArgs),
}

/// How a listing is printed.
#[derive(Debug, Clone, Copy, Args)]
pub struct FormatArgs {
    /// Print as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print as CSV (with a header line).
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct GroupsArgs {
    #[command(subcommand)]
    pub command: Option<GroupsCommand>,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// Add EMAIL to a group as Pending and print the confirm address to send them: mail to it
    /// makes the membership Added.
    Subscribe(SubscribeArgs),
}

#[derive(Debug, Args)]
pub struct SubscribeArgs {
    /// The address (a contact is created when there is none).
    pub email: String,
    /// The group.
    #[arg(long, value_name = "GROUP")]
    pub group: String,
    /// The bounce account whose VERP identity the confirm address uses (default: the first).
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Recipients, bounces by type and reason, holds placed and released, incidents,
    /// unsubscribes, opt-outs, replies and the top failing domains of one mailing.
    Mailing(ReportMailingArgs),
}

#[derive(Debug, Args)]
pub struct ReportMailingArgs {
    /// The mailing id.
    pub id: i64,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Also write the report as one self-contained HTML page with charts.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Import a CSV file with the columns email, first, last, organisation, groups (groups
    /// separated by `;`). Existing contacts are matched by email; groups are created as needed.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file (with a header line).
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum MailingCommand {
    /// Create a mailing with one recipient row (and hash) per member of a group who is not on
    /// hold or opted out, or per address of a CSV file.
    Create(MailingCreateArgs),
    /// Each recipient's VERP addresses (bounce, unsubscribe, opt-out, reply) as CSV.
    Addresses(MailingAddressesArgs),
}

#[derive(Debug, Args)]
pub struct MailingCreateArgs {
    /// The mailing's name.
    #[arg(long)]
    pub name: String,
    /// The group whose members receive it.
    #[arg(
        long,
        value_name = "GROUP",
        required_unless_present = "recipients",
        conflicts_with = "recipients"
    )]
    pub group: Option<String>,
    /// A CSV file of recipients (the columns of `contacts import`; unknown addresses become contacts).
    #[arg(long, value_name = "FILE.csv")]
    pub recipients: Option<PathBuf>,
    /// The bounce account whose VERP identity it uses (default: the first bounce account).
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

#[derive(Debug, Args)]
pub struct MailingAddressesArgs {
    /// The mailing id.
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct HoldsArgs {
    /// Only members of this group.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Only holds placed by this bounce type.
    #[arg(long = "type", value_name = "TYPE")]
    pub bounce_type: Option<String>,
    /// Only holds placed on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Debug, Args)]
pub struct UnholdArgs {
    /// The addresses to take off hold.
    #[arg(value_name = "EMAIL", required_unless_present_any = ["group", "all"])]
    pub emails: Vec<String>,
    /// Every address on hold of this group's members.
    #[arg(long, value_name = "GROUP", conflicts_with_all = ["emails", "all"])]
    pub group: Option<String>,
    /// Every address on hold (needs --yes).
    #[arg(long, conflicts_with = "emails")]
    pub all: bool,
    /// Confirms --all.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The address.
    pub email: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to set up (default: the current directory).
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Only this account.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Handle at most N messages per account.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Read and classify only: write nothing, move nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the summary as JSON (one object).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Only this account.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Poll every SECONDS instead of using inotify (for NFS and other file systems without it).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub poll: Option<u64>,
    /// Print one JSON line per pass that filed something, {"event":"ready"} once the backlog is
    /// done and the folders are watched, and {"event":"reload","ok":...} after each SIGHUP (for
    /// monitoring and scripts).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeliverArgs {
    /// The account whose maildir receives the message.
    #[arg(long, value_name = "NAME")]
    pub account: String,
    /// Only store the message; a later `run` or the watcher processes it.
    #[arg(long)]
    pub no_process: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReprocessArgs {
    /// Only this account.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Only messages ignored for this reason (exact, or a prefix ending in `*`).
    #[arg(long, value_name = "REASON")]
    pub reason: Option<String>,
    /// Only messages filed on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Delete what was filed more than this many days ago.
    #[arg(long, value_name = "DAYS")]
    pub older_than: u32,
    /// Only this account.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist).
    pub file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Load and check the config; print the resolved accounts and folders.
    Check,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// One JSON object per message, one per line.
    #[arg(long)]
    pub json: bool,
    /// Per recipient, the module that decoded it and the rule or status that decided the reason.
    #[arg(long)]
    pub explain: bool,
    /// Message files, maildirs or directories (walked); `-` reads one message from standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Directory for the demo (must be empty or missing; default: a new temporary directory).
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ActivitiesArgs {
    /// Only activities of the contact with this email address.
    #[arg(long, value_name = "EMAIL")]
    pub contact: Option<String>,
    /// Only activities dated on or after this date (YYYY-MM-DD, UTC, or an RFC 3339 time).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// At most N activities.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: u32,
    /// Print as JSON (one array, with each activity's text).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// A contact: its emails and hold state, groups, latest activities and bounces.
    Show(ContactShowArgs),
}

#[derive(Debug, Args)]
pub struct ContactShowArgs {
    /// An email address of the contact (matched as filing matches: trimmed, any case).
    pub email: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}
