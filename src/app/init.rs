//! `mailroom init [DIR]`: the example config (when there is none), the maildirs and their
//! processed/ignored folders, the attachments directory and the database. Safe to run twice:
//! nothing that exists is overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::exit;
use crate::config::{self, CONFIG_REFERENCE, Check, Config};
use crate::db::Db;
use crate::maildir;

/// Where `init` puts the config: --config, else DIR/mailroom.toml, else $MAILROOM_CONFIG or
/// ./mailroom.toml.
fn config_path(flag: Option<&Path>, dir: Option<&Path>) -> PathBuf {
    match (flag, dir) {
        (Some(f), _) => f.to_path_buf(),
        (None, Some(d)) => d.join("mailroom.toml"),
        (None, None) => config::locate(None),
    }
}

pub fn init(flag: Option<&Path>, dir: Option<&Path>) -> Result<i32> {
    let path = config_path(flag, dir);
    let config = init_at(&path, true)?;
    println!(
        "ready: check it with `mailroom --config {} config check`",
        config.path.display()
    );
    Ok(exit::OK)
}

/// Writes the example config at `path` if there is none, then creates what it names.
pub fn init_at(path: &Path, verbose: bool) -> Result<Config> {
    let say = |s: String| {
        if verbose {
            println!("{s}")
        }
    };
    if path.exists() {
        say(format!("config {} exists; keeping it", path.display()));
    } else {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        // Owner only, whatever the umask: a site's config may name private paths or hosts.
        std::os::unix::fs::OpenOptionsExt::mode(
            fs::OpenOptions::new().write(true).create_new(true),
            0o600,
        )
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, CONFIG_REFERENCE.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))?;
        say(format!("wrote the example config {}", path.display()));
    }
    let config = config::load(path, Check::Syntax)?;
    for a in &config.accounts {
        let src = a.source_dir();
        if !maildir::is_maildir(&a.maildir) {
            maildir::create(&a.maildir, false)?;
        }
        maildir::create(&src, !a.folder.is_empty())?;
        maildir::create(&a.processed_dir(), true)?;
        maildir::create(&a.ignored_dir(), true)?;
        say(format!("account `{}`: maildir {}", a.name, src.display()));
    }
    // Attachments are private correspondence: owner only, like the database.
    std::os::unix::fs::DirBuilderExt::mode(fs::DirBuilder::new().recursive(true), 0o700)
        .create(&config.attachments_dir)
        .with_context(|| format!("cannot create {}", config.attachments_dir.display()))?;
    let db = Db::open(&config.database)?;
    say(format!(
        "database {} (schema version {})",
        config.database.display(),
        db.schema_version()?
    ));
    Ok(config)
}
