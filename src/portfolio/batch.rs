//! The batch: which files in the given paths are plans, and checking them
//! all, spread over the machine's cores.

use std::path::{Path, PathBuf};

use crate::check::Settings;
use crate::plan::Plan;
use crate::policy::Policy;
use crate::report::FileReport;

/// One plan of the batch, as checked.
pub struct Checked {
    pub path: PathBuf,
    pub report: FileReport,
    pub plan: Option<Plan>,
    /// Plan vs actual, for a plan that names its actuals.
    pub tracking: Option<Tracked>,
}

/// A plan's tracking, as the review shows it.
pub struct Tracked {
    /// The tracking figures, or why the actuals could not be read.
    pub tracking: Result<crate::track::Tracking, String>,
    /// Rows of the actuals files that cannot be used.
    pub bad_rows: usize,
    pub findings: Vec<crate::diagnostic::Finding>,
}

/// Tracks a plan against the actuals it names, at `as_of` (default: its
/// newest actuals).
fn track(
    path: &Path,
    plan: &Plan,
    fig: &crate::figures::Figures,
    policy: Option<&Policy>,
    as_of: Option<chrono::NaiveDate>,
) -> Option<Tracked> {
    if plan.meta.actuals.is_empty() {
        return None;
    }
    let actuals = match crate::actuals::load_for(plan, path, &[], policy) {
        Ok(Some(a)) => a,
        Ok(None) => return None,
        Err(e) => {
            return Some(Tracked {
                tracking: Err(e),
                bad_rows: 0,
                findings: Vec::new(),
            });
        }
    };
    let at = as_of.unwrap_or_else(|| actuals.status_date(plan));
    let (tracking, findings) = crate::check::tracking(plan, &actuals, at, fig, policy, None);
    Some(Tracked {
        // Rows that cannot be used: errors, not a banner's note.
        bad_rows: actuals
            .findings()
            .filter(|f| f.severity == crate::diagnostic::Severity::Error)
            .count(),
        tracking: Ok(tracking),
        findings,
    })
}

/// Plans in `paths`: files as given, directories searched (to four levels)
/// for `*.toml` files and plan workbooks (`*.xlsx`) that are plans (they have a `[plan]` table: a theme,
/// a policy or a `.taplo.toml` beside the plans is not one). Sorted, so the
/// review's order doesn't depend on the filesystem.
pub fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            match e.file_type() {
                Ok(t)
                    if t.is_dir()
                        && depth < 4
                        && !e.file_name().to_string_lossy().starts_with('.') =>
                {
                    walk(&p, depth + 1, out)
                }
                Ok(t)
                    if t.is_file()
                        && p.extension().is_some_and(|x| x == "toml" || x == "xlsx")
                        && !e.file_name().to_string_lossy().starts_with('.')
                        && p.file_name().is_some_and(|n| n != crate::policy::FILE_NAME)
                        && looks_like_plan(&p) =>
                {
                    out.push(p)
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, 0, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether a TOML file found in a directory is meant as a plan: it has a
/// `[plan]` table. (A file that can't be read is kept, so that the review
/// says why.)
fn looks_like_plan(path: &Path) -> bool {
    use crate::source::FileKind;
    match crate::source::read_regular(path, crate::plan::MAX_FILE_BYTES) {
        // A workbook beside the plans is a plan when it is a plan workbook
        // (actuals and budget workbooks are not).
        Ok(bytes) if crate::workbook::is_package(&bytes) => {
            crate::workbook::is_plan_workbook(&bytes)
        }
        Ok(bytes) => FileKind::sniff(&String::from_utf8_lossy(&bytes)) == Some(FileKind::Plan),
        Err(_) => true,
    }
}

/// Checks every plan, spread over the machine's cores. `progress` is called
/// with the number done so far.
/// Plans that name actuals files are tracked against them at `as_of`.
pub fn check_all(
    files: &[PathBuf],
    settings: &Settings,
    policy: Option<&Policy>,
    as_of: Option<chrono::NaiveDate>,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<Checked> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Vec<Checked>> = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let done = &done;
                s.spawn(move || {
                    part.iter()
                        .map(|path| {
                            let (report, plan) = crate::check_path_with(path, settings, policy);
                            let tracking = match (&plan, &report.figures) {
                                (Some(p), Some(f)) => track(path, p, f, policy, as_of),
                                _ => None,
                            };
                            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                            progress(n);
                            Checked {
                                path: path.clone(),
                                report,
                                plan,
                                tracking,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A panic in a worker is a bug; surface it rather than lose plans.
            results.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
    });
    results.into_iter().flatten().collect()
}
