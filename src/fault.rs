//! Fault injection for the crash tests: `MAILROOM_FAULT=kill-after-commit:N` makes the process
//! kill itself with SIGKILL right after its N-th batch commit, before the files of that batch are
//! moved; `kill-after-move:N` after the N-th file move. Read once; costs nothing when unset.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// A point in the pipeline where a fault can be injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    AfterCommit,
    AfterMove,
}

static PLAN: OnceLock<Option<(Point, u64)>> = OnceLock::new();
static COUNT: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];

fn plan() -> Option<(Point, u64)> {
    *PLAN.get_or_init(|| {
        let v = std::env::var("MAILROOM_FAULT").ok()?;
        let (what, n) = v.split_once(':')?;
        let point = match what {
            "kill-after-commit" => Point::AfterCommit,
            "kill-after-move" => Point::AfterMove,
            _ => return None,
        };
        Some((point, n.parse().ok()?))
    })
}

/// Called at `point`; kills the process when the plan says this is the moment.
pub fn reached(point: Point) {
    let Some((p, n)) = plan() else { return };
    if p != point {
        return;
    }
    let seen = COUNT[point as usize].fetch_add(1, Ordering::SeqCst) + 1;
    if seen == n {
        // SAFETY: raising a signal on our own process has no memory-safety preconditions.
        unsafe {
            libc::raise(libc::SIGKILL);
        }
    }
}
