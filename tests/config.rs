//! Config errors: each names the file and the key, exits 2, and is reported before any message
//! is read.

use std::fs;

use crate::util::{Env, message, stderr};

/// Replaces `from` with `to` in the installation's config and runs `mailroom run`.
fn run_with(env: &Env, from: &str, to: &str) -> std::process::Output {
    let cfg = fs::read_to_string(env.config()).unwrap();
    assert!(cfg.contains(from), "{from}");
    fs::write(env.config(), cfg.replacen(from, to, 1)).unwrap();
    env.run(&["run"])
}

fn assert_config_error(out: &std::process::Output, key: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    let e = stderr(out);
    assert!(e.contains(key), "error should name `{key}`: {e}");
    assert!(
        e.contains("mailroom.toml"),
        "error should name the file: {e}"
    );
}

#[test]
fn unknown_key() {
    let env = Env::new();
    env.deliver(
        "activities",
        "1.a.host",
        &message("x@x", "crm@example.org", "Hi"),
    );
    let out = run_with(&env, "create_contacts = true", "create_contact = true");
    assert_config_error(&out, "account[1].create_contact");
    // Nothing was read or moved.
    assert_eq!(env.files("activities", ""), ["1.a.host"]);
}

#[test]
fn unknown_role() {
    let env = Env::new();
    assert_config_error(
        &run_with(&env, "role = \"activity\"", "role = \"activities\""),
        "account[1].role",
    );
}

#[test]
fn two_accounts_on_one_folder() {
    let env = Env::new();
    let out = run_with(
        &env,
        "maildir = \"mail/activities\"",
        "maildir = \"mail/bounces\"",
    );
    assert_config_error(&out, "account[1].maildir");
    assert!(stderr(&out).contains("own folder"), "{}", stderr(&out));
}

#[test]
fn missing_maildir_suggests_init() {
    let env = Env::new();
    let out = run_with(
        &env,
        "maildir = \"mail/activities\"",
        "maildir = \"mail/elsewhere\"",
    );
    assert_config_error(&out, "account[1].maildir");
    assert!(stderr(&out).contains("mailroom init"), "{}", stderr(&out));
}

#[test]
fn bad_values_and_syntax() {
    let env = Env::new();
    assert_config_error(
        &run_with(&env, "batch_size = 256", "batch_size = 0"),
        "batch_size",
    );
    let env = Env::new();
    assert_config_error(
        &run_with(&env, "# Away = 30", "Awy = 30"),
        "bounce_types.Awy",
    );
    let env = Env::new();
    let out = run_with(&env, "batch_size = 256", "batch_size = \"many\"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line"), "{}", stderr(&out));
}

#[test]
fn missing_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(crate::util::bin())
        .current_dir(dir.path())
        .env_remove("MAILROOM_CONFIG")
        .arg("run")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mailroom.toml"), "{}", stderr(&out));
    // A newcomer is told how to get one.
    assert!(stderr(&out).contains("mailroom init"), "{}", stderr(&out));
}

#[test]
fn config_check_and_env_var() {
    let env = Env::new();
    let out = std::process::Command::new(crate::util::bin())
        .env("MAILROOM_CONFIG", env.config())
        .args(["config", "check"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("CiviMail.processed"));
}

#[test]
fn init_is_safe_to_run_twice() {
    let env = Env::new();
    fs::write(
        env.config(),
        fs::read_to_string(env.config()).unwrap() + "\n# mine\n",
    )
    .unwrap();
    let out = env.run(&["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        fs::read_to_string(env.config())
            .unwrap()
            .ends_with("# mine\n")
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_key_in_words() {
    let env = Env::new();
    let out = run_with(&env, "batch_size = 256", "batch_size = \"256\"");
    assert_config_error(&out, "`batch_size`");
    assert!(
        stderr(&out).contains("expected a whole number"),
        "{}",
        stderr(&out)
    );
    let env = Env::new();
    let out = run_with(&env, "create_contacts = true", "create_contacts = \"yes\"");
    assert_config_error(&out, "`account[1].create_contacts`");
    let env = Env::new();
    let out = run_with(
        &env,
        "processed = \"CiviMail.processed\"",
        "processed = \"\"",
    );
    assert_config_error(&out, "`account[0].processed`");
}

#[test]
fn a_maildir_under_home_is_written_with_a_tilde() {
    let env = Env::new();
    let home = env.path().join("home");
    fs::create_dir(&home).unwrap();
    let cfg = fs::read_to_string(env.config()).unwrap();
    fs::write(
        env.config(),
        cfg.replacen("maildir = \"mail/bounces\"", "maildir = \"~/Maildir\"", 1),
    )
    .unwrap();
    let out = env.cmd(&["init"]).env("HOME", &home).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(home.join("Maildir/new").is_dir());
    assert!(!env.path().join("~").exists());
    let out = env
        .cmd(&["config", "check"])
        .env("HOME", &home)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&home.join("Maildir").display().to_string()),
        "{text}"
    );
}
