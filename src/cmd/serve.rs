//! `mvplan serve [DIR] [--port N] [--host ADDR] [--open]`

use super::{exit, fail};
use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs) -> u8 {
    // Tests and scripts may fix the token; otherwise it is random.
    let token = std::env::var("MVPLAN_SERVE_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    let config = mvplan::serve::Config {
        dir: args.dir.clone(),
        host: args.host,
        port: args.port,
        token,
    };
    let server = match mvplan::serve::Server::bind(&config) {
        Ok(s) => s,
        Err(e) => {
            return fail(
                &e,
                Some("name a folder of plans, and a free port with --port (or none)"),
            );
        }
    };
    if !args.host.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines can reach this server (they need the token)",
            args.host
        );
        eprintln!("  = help: the default, 127.0.0.1, keeps it on this machine");
    }
    let url = server.url();
    // The address goes to stdout (a script reads it), the rest to stderr.
    println!("{url}");
    super::status!(
        "serving {} at the address above (Ctrl-C to stop)",
        args.dir.display()
    );
    let stop = server.stop_flag();
    if let Err(e) =
        ctrlc::set_handler(move || stop.store(true, std::sync::atomic::Ordering::SeqCst))
    {
        super::note!("Ctrl-C will end the process at once: {e}");
    }
    if args.open {
        open_browser(&url);
    }
    server.run();
    super::status!("stopped");
    exit::OK
}

/// The desktop's way to open an address; failing is only a note (the
/// address is printed).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("note: could not open a browser ({opener}: {e}); open the address above");
    }
}
