//! Forwarding replies: runs the configured `[bounce] reply_forward_command` through `/bin/sh -c`
//! with the message on standard input. A failure is reported to the caller, which keeps the
//! message for another try (forwarding is at least once: never lost).

use std::io::Write;
use std::process::{Command, Stdio};

/// Why forwarding failed.
#[derive(Debug, thiserror::Error)]
pub enum ForwardError {
    #[error("cannot run reply_forward_command `{command}`: {source}")]
    Spawn {
        command: String,
        source: std::io::Error,
    },
    #[error("reply_forward_command `{command}` failed ({status}): {stderr}")]
    Failed {
        command: String,
        status: String,
        stderr: String,
    },
}

/// Runs `command` with `message` on standard input; Ok when it exits 0.
pub fn forward(command: &str, message: &[u8]) -> Result<(), ForwardError> {
    let spawn = |source| ForwardError::Spawn {
        command: command.to_string(),
        source,
    };
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn)?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that exits without reading all of it fails below by its status if it cares.
        let _ = stdin.write_all(message);
    }
    let out = child.wait_with_output().map_err(spawn)?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(ForwardError::Failed {
        command: command.to_string(),
        status: out.status.to_string(),
        stderr: stderr.trim().chars().take(300).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_the_message_and_reports_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got");
        forward(&format!("cat > {}", out.display()), b"hello").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"hello");
        let e = forward("echo nope >&2; exit 3", b"x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("nope") && e.contains("exit status: 3"), "{e}");
    }
}
