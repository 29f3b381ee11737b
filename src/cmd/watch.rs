//! `mvplan render --watch`: poll the inputs, re-render on change.
//!
//! Polling (every 250 ms, debounced) rather than OS notifications: it needs
//! no extra dependency, works the same on every filesystem (network drives,
//! editors that replace files by rename), and costs nothing noticeable for
//! the handful of files a deck depends on.

use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use mvplan::output::Target;

use super::exit;
use super::render::{Job, render_once};

const POLL: Duration = Duration::from_millis(250);
const SETTLE: Duration = Duration::from_millis(150);

/// The files a render depends on: the plan (or deck), the theme file, the
/// policy, every file of the templates directory, and the theme the plan
/// names (a file beside it); for the status deck, the actuals beside it.
fn inputs(job: &Job) -> Vec<PathBuf> {
    let mut files = job.inputs();
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

type Stamp = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

fn stamp(files: &[PathBuf]) -> Stamp {
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

fn clock() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

pub fn run(args: &crate::cli::RenderArgs, color: bool) -> u8 {
    let color = color && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let job = match Job::from_args(args) {
        Ok(job) => job,
        Err(code) => return code,
    };
    let job = &job;
    let Target::File(target) = &job.target else {
        return super::fail(
            "--watch writes a file; it can't write to stdout",
            Some("leave out `-o -`, or name a file with -o"),
        );
    };
    super::status!("watching {} (Ctrl-C to stop)", job.input.display());
    let mut last: Option<Stamp> = None;
    loop {
        let now = stamp(&inputs(job));
        if last.as_ref() != Some(&now) {
            // Let an editor finish writing before reading.
            sleep(SETTLE);
            let settled = stamp(&inputs(job));
            if settled != now {
                continue;
            }
            let started = Instant::now();
            let code = render_once(job, color);
            let ms = started.elapsed().as_millis();
            match code {
                exit::OK => {
                    super::status!("[{}] rebuilt {} in {ms} ms", clock(), target.display());
                }
                _ if target.exists() => eprintln!(
                    "[{}] not rebuilt: kept the last good deck at {} (fix the problems above)",
                    clock(),
                    target.display()
                ),
                _ => eprintln!("[{}] not built: fix the problems above", clock()),
            }
            last = Some(settled);
        }
        sleep(POLL);
    }
}
