//! Fault injection for the crash and full-disk tests, read once from `MAILROOM_FAULT`; costs
//! one load of an initialised `OnceLock` when unset.
//!
//! - `kill-after-commit:N`: SIGKILL self right after the N-th batch commit, before the files of
//!   that batch are moved; `kill-after-move:N`: after the N-th file move.
//! - `enospc-commit:N`: from the N-th batch commit on, the commit fails as SQLite does on a full
//!   disk (`SQLITE_FULL`), and the batch is rolled back.
//! - `enospc-deliver`: `deliver` writes half of the message into tmp/, then the write fails
//!   with ENOSPC.
//! - `eacces-move:N`: from the N-th move of a filed message into its folder on, the move fails
//!   as on a folder the user may not write (EACCES).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// A point in the program where a fault can be injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    AfterCommit,
    AfterMove,
    /// A batch commit (write failures).
    Commit,
    /// The write of a delivered message into tmp/ (write failures).
    DeliverWrite,
    /// The move of a filed message into its folder (permission failures).
    Move,
}

/// What happens at the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// SIGKILL at exactly the N-th time the point is reached.
    Kill,
    /// Fail every time from the N-th on (a disk stays full).
    Fail,
}

static PLAN: OnceLock<Option<(Action, Point, u64)>> = OnceLock::new();
static COUNT: [AtomicU64; 5] = [
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
    AtomicU64::new(0),
];

fn plan() -> Option<(Action, Point, u64)> {
    *PLAN.get_or_init(|| parse(&std::env::var("MAILROOM_FAULT").ok()?))
}

fn parse(v: &str) -> Option<(Action, Point, u64)> {
    let (what, n) = v.split_once(':').unwrap_or((v, "1"));
    let (action, point) = match what {
        "kill-after-commit" => (Action::Kill, Point::AfterCommit),
        "kill-after-move" => (Action::Kill, Point::AfterMove),
        "enospc-commit" => (Action::Fail, Point::Commit),
        "enospc-deliver" => (Action::Fail, Point::DeliverWrite),
        "eacces-move" => (Action::Fail, Point::Move),
        _ => return None,
    };
    Some((action, point, n.parse().ok()?))
}

/// Counts this arrival at `point` when the plan names it; returns the count.
fn arrive(action: Action, point: Point) -> Option<u64> {
    let (a, p, n) = plan()?;
    if a != action || p != point {
        return None;
    }
    let seen = COUNT[point as usize].fetch_add(1, Ordering::SeqCst) + 1;
    Some(seen).filter(|&s| match a {
        Action::Kill => s == n,
        Action::Fail => s >= n,
    })
}

/// Called at `point`; kills the process when the plan says this is the moment.
pub fn reached(point: Point) {
    if arrive(Action::Kill, point).is_some() {
        // SAFETY: raising a signal on our own process has no memory-safety preconditions.
        unsafe {
            libc::raise(libc::SIGKILL);
        }
    }
}

/// Called at a write or move `point`; true when the plan says it fails.
pub fn fails(point: Point) -> bool {
    arrive(Action::Fail, point).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_plans() {
        assert_eq!(
            parse("kill-after-commit:3"),
            Some((Action::Kill, Point::AfterCommit, 3))
        );
        assert_eq!(
            parse("enospc-commit:2"),
            Some((Action::Fail, Point::Commit, 2))
        );
        assert_eq!(
            parse("enospc-deliver"),
            Some((Action::Fail, Point::DeliverWrite, 1))
        );
        assert_eq!(parse("eacces-move:1"), Some((Action::Fail, Point::Move, 1)));
        assert_eq!(parse("nonsense:1"), None);
        assert_eq!(parse("kill-after-move:x"), None);
    }
}
