//! `mvplan render --watch`: poll the inputs, re-render on change.
//!
//! Polling (every 250 ms, debounced) rather than OS notifications: it needs
//! no extra dependency, works the same on every filesystem (network drives,
//! editors that replace files by rename), and costs nothing noticeable for
//! the handful of files a deck depends on.

use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

use super::exit;
use super::render::{output_path, render_once};
use crate::cli::RenderArgs;

const POLL: Duration = Duration::from_millis(250);
const SETTLE: Duration = Duration::from_millis(150);

/// The files a render depends on: the plan (or deck), every file of the
/// templates directory, and the theme file.
fn inputs(args: &RenderArgs) -> Vec<PathBuf> {
    let mut files = vec![args.plan.clone()];
    if let Some(dir) = &args.templates {
        walk(dir, 0, &mut files);
    }
    if let Some(theme) = &args.theme
        && Path::new(theme).is_file()
    {
        files.push(PathBuf::from(theme));
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

pub fn run(args: &RenderArgs, color: bool) -> u8 {
    let target = output_path(args);
    if target.as_os_str() == "-" {
        eprintln!("error: --watch writes a file; it can't write to stdout");
        eprintln!("  = help: leave out `-o -`, or name a file with -o");
        return exit::UNUSABLE;
    }
    super::status!("watching {} (Ctrl-C to stop)", args.plan.display());
    let mut last: Option<Stamp> = None;
    loop {
        let now = stamp(&inputs(args));
        if last.as_ref() != Some(&now) {
            // Let an editor finish writing before reading.
            sleep(SETTLE);
            let settled = stamp(&inputs(args));
            if settled != now {
                continue;
            }
            let started = Instant::now();
            let code = render_once(args, color);
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
