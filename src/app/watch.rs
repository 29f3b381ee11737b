//! What a render depends on, and a cheap stamp of it: `render --watch` and
//! the server poll the stamp and re-render when it changes.
//!
//! Polling (modification time and size) rather than OS notifications: it
//! needs no extra dependency, works the same on every filesystem (network
//! drives, editors that replace files by rename), and costs nothing
//! noticeable for the handful of files a deck depends on.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{DeckJob, Reporter};

/// The files a render depends on: the plan (or deck), the theme file, the
/// policy, every file of the templates directory, and the theme the plan
/// names (a file beside it); for the status deck, the actuals beside it.
pub fn inputs(job: &DeckJob, reporter: &mut dyn Reporter) -> Vec<PathBuf> {
    let mut files = job.inputs(reporter);
    if let Some(dir) = &job.templates {
        walk(dir, 0, &mut files);
    }
    // A theme file the plan or deck names: any `*.toml` beside the input is
    // cheap to watch, and catches it without parsing the plan here.
    if let Some(dir) = job.input.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut beside: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    // The status deck's actuals, too: the files the plan
                    // names are beside it.
                    let watched = |e: &std::ffi::OsStr| {
                        e == "toml" || (job.deck == "status" && (e == "csv" || e == "xlsx"))
                    };
                    p.extension().is_some_and(watched) && *p != job.input
                })
                .collect();
            beside.sort();
            files.extend(beside);
        }
    }
    files
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() && depth < 4 => walk(&path, depth + 1, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}

/// Each file with its modification time and size (`None`: absent).
pub type Stamp = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

pub fn stamp(files: &[PathBuf]) -> Stamp {
    files
        .iter()
        .map(|f| {
            let meta = std::fs::metadata(f).ok();
            (
                f.clone(),
                meta.and_then(|m| Some((m.modified().ok()?, m.len()))),
            )
        })
        .collect()
}
