//! A boundary around third-party parsers that may panic on hostile input.
//!
//! Font and image files come from themes and decks that someone else may
//! have written, and the parsers printpdf uses for them can panic on
//! malformed data (a truncated table, an offset past the end). mvplan's own
//! code returns errors; at this boundary a panic is caught and becomes one,
//! naming the file, and the default panic message is kept off the terminal.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// How many panics were contained, for tests and fuzzing.
static CONTAINED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many panics [`contain`] has turned into errors in this process.
pub fn contained() -> usize {
    CONTAINED.load(std::sync::atomic::Ordering::Relaxed)
}

thread_local! {
    static INSIDE: Cell<u32> = const { Cell::new(0) };
}

fn install_quiet_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Inside a contained call the panic becomes an error value;
            // everywhere else it is a bug in mvplan and is reported as usual.
            if INSIDE.with(Cell::get) == 0 {
                default(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic inside it into `Err` with the panic's message.
pub fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_hook();
    INSIDE.with(|n| n.set(n.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    INSIDE.with(|n| n.set(n.get().saturating_sub(1)));
    if result.is_err() {
        CONTAINED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the parser failed".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_errors() {
        assert_eq!(contain(|| 2 + 2), Ok(4));
        let v: Vec<u8> = Vec::new();
        let e = contain(|| v[3]).unwrap_err();
        assert!(e.contains("index out of bounds"), "{e}");
        // Nested use keeps the count right.
        assert_eq!(contain(|| contain(|| 1)), Ok(Ok(1)));
    }
}
