//! `mvplan explain RULE` and `mvplan explain --list`.

use mvplan::catalogue;
use mvplan::diagnostic::did_you_mean;

use super::exit;
use crate::cli::ExplainArgs;

pub fn run(args: &ExplainArgs) -> u8 {
    let catalogue = catalogue::all();
    if args.list {
        let mut family = "";
        for r in &catalogue {
            if r.family != family {
                family = r.family;
                println!("{family}:");
            }
            println!("  {:<26} {:<8} {}", r.id, r.severity.as_str(), r.summary);
        }
        return exit::OK;
    }
    let id = args.rule.as_deref().unwrap_or_default();
    match catalogue::rule(id) {
        Some(r) => {
            println!("{} ({}, {} by default)\n", r.id, r.family, r.severity);
            println!("{}.\n", catalogue::capitalised(r.summary));
            println!("{}", r.explanation);
            if !r.configurable {
                println!("\nThis rule's severity is fixed.");
            } else {
                println!(
                    "\nTo change its severity for one plan: `[checks] allow = [\"{0}\"]` (silence), `warn = [\"{0}\"]` or `deny = [\"{0}\"]`.",
                    r.id
                );
            }
            exit::OK
        }
        None => {
            eprintln!("error: no rule is called `{id}`");
            if let Some(m) = did_you_mean(id, catalogue.iter().map(|r| r.id)) {
                eprintln!("  = help: did you mean `{m}`?");
            }
            eprintln!("  = help: `mvplan explain --list` lists every rule");
            exit::UNUSABLE
        }
    }
}
