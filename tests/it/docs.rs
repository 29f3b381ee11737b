//! Generated documentation stays in step with the code.

#[test]
fn rules_md_matches_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let expected = mvplan::catalogue::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test it docs::`"
    );
}

#[test]
fn plan_format_documents_every_rule_it_names_and_every_section() {
    let doc = include_str!("../../docs/plan-format.md");
    for section in [
        "[plan]",
        "[checks]",
        "[[goals]]",
        "[[objectives]]",
        "[[audiences]]",
        "[[insights]]",
        "[strategy]",
        "[[assumptions]]",
        "[[channels]]",
        "[budget]",
        "[[budget.lines]]",
        "[[team]]",
        "[[agencies]]",
        "[[scenarios]]",
        "[[initiatives]]",
        "[[milestones]]",
        "[[risks]]",
        "[[asks]]",
    ] {
        assert!(
            doc.contains(&format!("## `{section}`")) || doc.contains(&format!("### `{section}`")),
            "{section} undocumented"
        );
    }
    // Every rule id the format reference mentions exists.
    let ids: Vec<&str> = mvplan::catalogue::all().iter().map(|r| r.id).collect();
    for part in doc.split("rule `").skip(1) {
        let id = part.split('`').next().unwrap();
        assert!(
            ids.contains(&id),
            "docs/plan-format.md names unknown rule `{id}`"
        );
    }
}

/// The options a command's `--help` lists, long name with its short one if
/// any, without `--help`/`--version` and the global options (`--color`,
/// `--quiet`, `--verbose`, documented once at the top of docs/cli.md).
fn options_of(command: &[&str]) -> Vec<(String, Option<String>)> {
    let mut args = command.to_vec();
    args.push("--help");
    let help = crate::common::stdout(&crate::common::mvplan(&args));
    let mut out: Vec<(String, Option<String>)> = help
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let (short, rest) = match l.strip_prefix('-') {
                Some(r) if r.chars().nth(1) == Some(',') => {
                    (Some(format!("-{}", &r[..1])), r[2..].trim_start())
                }
                _ => (None, l),
            };
            let name: String = rest
                .strip_prefix("--")?
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            (!name.is_empty()).then(|| (format!("--{name}"), short))
        })
        .filter(|(o, _)| !GLOBAL.contains(&o.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

const GLOBAL: &[&str] = &["--help", "--version", "--color", "--quiet", "--verbose"];

/// The commands a `--help` lists under "Commands:".
fn commands_of(command: &[&str]) -> Vec<String> {
    let mut args = command.to_vec();
    args.push("--help");
    let help = crate::common::stdout(&crate::common::mvplan(&args));
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A wrapped description goes on deeper than the command names.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn docs_cli_documents_every_command_and_option_and_nothing_else() {
    let doc = include_str!("../../docs/cli.md");
    // Sections by the commands their heading names.
    let mut sections: Vec<(Vec<String>, String)> = Vec::new();
    for part in doc.split("\n## ").skip(1) {
        let heading = part.lines().next().unwrap_or("");
        let named: Vec<String> = heading
            .split('`')
            .skip(1)
            .step_by(2)
            .filter_map(|code| code.strip_prefix("mvplan "))
            .map(|rest| {
                rest.split_whitespace()
                    .take_while(|w| {
                        !w.starts_with('-') && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        if !named.is_empty() {
            sections.push((named, part.to_string()));
        }
    }
    let mut commands: Vec<Vec<String>> = Vec::new();
    for c in commands_of(&[]) {
        let subs = commands_of(&[&c]);
        if subs.is_empty() {
            commands.push(vec![c]);
        } else {
            commands.extend(subs.into_iter().map(|s| vec![c.clone(), s]));
        }
    }
    assert!(commands.len() >= 14, "{commands:?}");
    let mut problems = Vec::new();
    for command in &commands {
        let name = command.join(" ");
        let Some((_, text)) = sections.iter().find(|(named, _)| named.contains(&name)) else {
            problems.push(format!("`mvplan {name}` has no section in docs/cli.md"));
            continue;
        };
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let mentioned = |o: &str| {
            text.contains(&format!("`{o}"))
                || text.contains(&format!("{o} "))
                || text.contains(&format!("{o}`"))
        };
        for (long, short) in options_of(&args) {
            if !mentioned(&long) && !short.as_deref().is_some_and(mentioned) {
                problems.push(format!("`mvplan {name} {long}` is not documented"));
            }
        }
    }
    // Every option a section's table documents exists on one of its commands.
    for (named, text) in &sections {
        let mut known: Vec<String> = Vec::new();
        for n in named {
            let args: Vec<&str> = n.split(' ').collect();
            known.extend(options_of(&args).into_iter().map(|(long, _)| long));
        }
        known.extend(GLOBAL.iter().map(|g| g.to_string()));
        for row in text.lines().filter(|l| l.starts_with("| `-")) {
            let cell = row.split('|').nth(1).unwrap_or("");
            for word in cell.split(['`', ',', ' ', '/']) {
                if let Some(flag) = word.strip_prefix("--") {
                    let flag = format!("--{}", flag.split(['=', ' ']).next().unwrap_or(flag));
                    if !known.contains(&flag) {
                        problems.push(format!(
                            "docs/cli.md documents `{flag}` for {named:?}, which has no such option"
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every command line of the README's and docs/cli.md's shell blocks, as
/// a user would type it (by a shell, in a folder holding the files the docs
/// name): none is refused as a usage error, none panics, and each exits 0
/// or 1 (findings). So the docs cannot drift from the binary unseen.
#[test]
fn every_command_in_the_readme_and_docs_cli_runs() {
    let root = crate::common::root();
    let mut lines = Vec::new();
    for doc in ["README.md", "docs/cli.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        let mut in_shell = false;
        for line in text.lines() {
            if line.starts_with("```") {
                in_shell = !in_shell && (line == "```sh" || line == "```bash");
                continue;
            }
            let l = line.trim();
            if in_shell && (l.starts_with("mvplan ") || l.starts_with("cargo run")) {
                lines.push((doc, l.to_string()));
            }
        }
    }
    assert!(lines.len() >= 25, "{lines:?}");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_mvplan"))
        .parent()
        .unwrap()
        .to_path_buf();
    let copy_dir = |from: &std::path::Path, to: &std::path::Path| {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
            }
        }
    };
    let mut problems = Vec::new();
    for (doc, line) in &lines {
        // `--watch` and `serve` run until stopped: their own tests cover them.
        if line.contains("--watch") || line.starts_with("mvplan serve") {
            continue;
        }
        let command = line
            .replace("cargo run --release -- ", "mvplan ")
            .split(" #")
            .next()
            .unwrap()
            .trim()
            .to_string();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let home = d.join("home");
        std::fs::create_dir_all(home.join(".local/share/bash-completion/completions")).unwrap();
        copy_dir(&root.join("examples"), &d.join("examples"));
        copy_dir(
            &root.join("examples/portfolio"),
            &d.join("examples/portfolio"),
        );
        copy_dir(&root.join("examples/portfolio"), &d.join("plans"));
        // A plan (with its actuals), last quarter's version, actuals from
        // finance, a fitted model, a company template and a Marp deck.
        if !command.starts_with("mvplan new") {
            std::fs::copy(root.join("examples/b2b-saas.toml"), d.join("plan.toml")).unwrap();
        }
        std::fs::copy(
            root.join("examples/b2b-saas.toml"),
            d.join("last-quarter.toml"),
        )
        .unwrap();
        std::fs::copy(
            root.join("examples/b2b-saas.actuals.csv"),
            d.join("b2b-saas.actuals.csv"),
        )
        .unwrap();
        std::fs::copy(
            root.join("examples/b2b-saas.actuals.csv"),
            d.join("actuals.csv"),
        )
        .unwrap();
        std::fs::copy(
            root.join("tests/fixtures/actuals/b2b-saas.actuals.xlsx"),
            d.join("ads.xlsx"),
        )
        .unwrap();
        std::fs::copy(
            root.join("tests/fixtures/mmm/pymc-marketing-0.19.2.json"),
            d.join("model.json"),
        )
        .unwrap();
        std::fs::copy(
            root.join("tests/fixtures/pptx/acme-template.potx"),
            d.join("acme.potx"),
        )
        .unwrap();
        std::fs::copy(root.join("tests/fixtures/marp-deck.md"), d.join("deck.md")).unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let o = std::process::Command::new("bash")
            .args(["-c", &command])
            .current_dir(d)
            .env("PATH", path)
            .env("HOME", &home)
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .output()
            .unwrap();
        let code = o.status.code();
        if !matches!(code, Some(0 | 1)) {
            problems.push(format!(
                "{doc}: `{command}` exited {code:?}:\n{}",
                String::from_utf8_lossy(&o.stderr)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
