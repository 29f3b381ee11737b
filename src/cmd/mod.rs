//! One file per subcommand: parse → call the library → print → exit code.

pub mod check;
pub mod diff;
pub mod explain;
pub mod new;
pub mod render;
pub mod review;
pub mod watch;

use std::io::IsTerminal;

use crate::cli::ColorChoice;

/// Exit codes, the same for every subcommand.
pub mod exit {
    pub const OK: u8 = 0;
    /// Findings at error level (or warnings under `--strict`).
    pub const FINDINGS: u8 = 1;
    /// Unusable input (unreadable or malformed file) or a usage error.
    pub const UNUSABLE: u8 = 2;
}

/// How much the commands say besides their results and problems
/// (`--quiet`, `--verbose`); set once by `main`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

static VERBOSITY: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);

pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, std::sync::atomic::Ordering::Relaxed);
}

fn verbosity() -> Verbosity {
    match VERBOSITY.load(std::sync::atomic::Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        2 => Verbosity::Verbose,
        _ => Verbosity::Normal,
    }
}

pub fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

pub fn verbose() -> bool {
    verbosity() == Verbosity::Verbose
}

/// A status line on stderr ("wrote …"), unless `--quiet`.
macro_rules! status {
    ($($arg:tt)*) => {
        if !$crate::cmd::quiet() {
            eprintln!($($arg)*);
        }
    };
}
pub(crate) use status;

/// A note on stderr, only with `--verbose`.
macro_rules! note {
    ($($arg:tt)*) => {
        if $crate::cmd::verbose() {
            eprintln!("note: {}", format_args!($($arg)*));
        }
    };
}
pub(crate) use note;

/// Stops the process if user templates render for too long.
///
/// Templates are code: nested loops over `range` (100,000 items each) can run
/// for hours without writing a byte, so neither the output cap nor Tera's own
/// limits stop them. Rendering happens before anything is written, so
/// exiting leaves every output as it was. Disarmed when dropped.
pub struct Watchdog(Option<std::sync::mpsc::Sender<()>>);

impl Watchdog {
    /// Armed only for user templates (`--templates`); the built-in ones are
    /// known to finish in milliseconds.
    pub fn arm(user_templates: Option<&std::path::Path>) -> Watchdog {
        let Some(dir) = user_templates else {
            return Watchdog(None);
        };
        let secs = std::env::var("MVPLAN_TEMPLATE_TIMEOUT")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|s| *s > 0)
            .unwrap_or(10);
        let dir = dir.display().to_string();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if rx.recv_timeout(std::time::Duration::from_secs(secs))
                == Err(std::sync::mpsc::RecvTimeoutError::Timeout)
            {
                eprintln!(
                    "error: the templates in `{dir}` were still rendering after {secs} s; nothing was written"
                );
                eprintln!(
                    "  = help: look for a loop that runs too long; MVPLAN_TEMPLATE_TIMEOUT sets the limit in seconds"
                );
                std::process::exit(i32::from(exit::UNUSABLE));
            }
        });
        Watchdog(Some(tx))
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Dropping the sender wakes the thread with `Disconnected`.
        self.0.take();
    }
}

/// Loaded policies by path, so that a batch loads each once.
#[derive(Default)]
pub struct Policies {
    loaded: std::collections::HashMap<
        std::path::PathBuf,
        Option<std::sync::Arc<mvplan::policy::Policy>>,
    >,
}

impl Policies {
    /// The policy for `plan`: `explicit`, or the one discovered beside it
    /// (unless `none`). A policy that doesn't load is reported (once) and
    /// `Err` carries the exit code.
    pub fn for_plan(
        &mut self,
        explicit: Option<&std::path::Path>,
        none: bool,
        plan: &std::path::Path,
        color: bool,
    ) -> Result<Option<std::sync::Arc<mvplan::policy::Policy>>, u8> {
        if none {
            return Ok(None);
        }
        let Some(path) = explicit
            .map(std::path::Path::to_path_buf)
            .or_else(|| mvplan::policy::discover(plan))
        else {
            return Ok(None);
        };
        if let Some(p) = self.loaded.get(&path) {
            return p.clone().map(Some).ok_or(exit::UNUSABLE);
        }
        match mvplan::policy::load(&path) {
            Ok(p) => {
                note!("using the policy `{}`", path.display());
                let p = std::sync::Arc::new(p);
                self.loaded.insert(path, Some(p.clone()));
                Ok(Some(p))
            }
            Err((source, findings)) => {
                let name = path.display().to_string();
                eprint!(
                    "{}",
                    mvplan::report::human::findings(source.as_ref(), &name, &findings, color)
                );
                eprintln!("error: the policy `{name}` has errors; nothing was checked against it");
                self.loaded.insert(path, None);
                Err(exit::UNUSABLE)
            }
        }
    }
}

/// Loads a plan for comparison (`diff`, `render --since`): its findings are
/// printed only if it can't be loaded, and then `Err` is the exit code.
pub fn load_plan(
    path: &std::path::Path,
    color: bool,
) -> Result<(mvplan::plan::Plan, mvplan::figures::Figures), u8> {
    let (report, plan) = mvplan::check_path(path, &mvplan::check::Settings::default());
    match (plan, report.figures) {
        (Some(plan), Some(fig)) => Ok((plan, fig)),
        _ => {
            eprint!(
                "{}",
                mvplan::report::human::findings(
                    report.source.as_ref(),
                    &report.path,
                    &report.findings,
                    color
                )
            );
            eprintln!("error: `{}` could not be loaded", path.display());
            Err(exit::UNUSABLE)
        }
    }
}

/// Whether to colour what goes to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
