//! `mvplan man [--out DIR]`: the man page, or one per command.

use std::path::Path;

use clap::CommandFactory;

use super::{exit, fail};
use crate::cli::{Cli, ManArgs};

pub fn run(args: &ManArgs) -> u8 {
    let mut top = Cli::command();
    // Built, so clap's own `help` command is among the subcommands too.
    top.build();
    let Some(dir) = &args.out else {
        return match clap_mangen::Man::new(top).render(&mut std::io::stdout()) {
            Ok(()) => exit::OK,
            Err(_) => exit::UNUSABLE,
        };
    };
    // The main page's SEE ALSO names `mvplan-check(1)` and the others:
    // every one of them is written here.
    let mut pages = vec![("mvplan".to_string(), top.clone())];
    for sub in top.get_subcommands() {
        let name = format!("mvplan-{}", sub.get_name());
        // clap names commands with static strings; a dozen short names,
        // once per run of a command that then exits.
        let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
        pages.push((name, sub.clone().name(leaked)));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(&format!("cannot create `{}`: {e}", dir.display()), None);
    }
    for (name, cmd) in pages {
        let mut roff = Vec::new();
        if clap_mangen::Man::new(cmd).render(&mut roff).is_err() {
            return exit::UNUSABLE;
        }
        let path = dir.join(format!("{name}.1"));
        if let Err(e) = write_page(&path, &roff) {
            return fail(
                &e,
                Some("name an empty directory with --out, or remove the file"),
            );
        }
    }
    super::status!("wrote the man pages to {}", dir.display());
    exit::OK
}

/// A man page goes over an earlier mvplan man page, never over another file.
fn write_page(path: &Path, roff: &[u8]) -> Result<(), String> {
    if let Ok(old) = std::fs::read(path)
        && !String::from_utf8_lossy(&old).contains(".TH mvplan")
    {
        return Err(format!(
            "`{}` exists and is not an mvplan man page",
            path.display()
        ));
    }
    mvplan::output::write_atomic(path, roff, true).map_err(|e| e.to_string())
}
