//! `mvplan render --watch`: poll the inputs, re-render on change (what the
//! render depends on, and how it is stamped: `mvplan::app::watch`).

use std::thread::sleep;
use std::time::{Duration, Instant};

use mvplan::app::watch::{Stamp, inputs, stamp};
use mvplan::output::Target;

use super::exit;
use super::render::{Job, render_once};

const POLL: Duration = Duration::from_millis(250);
const SETTLE: Duration = Duration::from_millis(150);

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
    super::status!("watching {} (Ctrl-C to stop)", job.deck.input.display());
    let mut terminal = super::Terminal { color };
    let mut last: Option<Stamp> = None;
    loop {
        let now = stamp(&inputs(&job.deck, &mut terminal));
        if last.as_ref() != Some(&now) {
            // Let an editor finish writing before reading.
            sleep(SETTLE);
            let settled = stamp(&inputs(&job.deck, &mut terminal));
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
