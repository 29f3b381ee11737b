//! Safe with files from other people: confinement of every file an input
//! names, no hang on pipes, no panic on malformed fonts or huge numbers,
//! bounded output, and nothing written over a file mvplan did not write.

use crate::common::*;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const THEME: &str = "name = \"acme\"\n[colors]\nprimary = \"#123456\"\naccent = \"#FF8800\"\ntext = \"#111111\"\nmuted = \"#666666\"\nbackground = \"#FFFFFF\"\nsurface = \"#EEEEEE\"\non_primary = \"#FFFFFF\"\nchart = [\"#123456\"]\n";

/// A copy of the b2b example in `dir`, with `extra` appended to `[plan]`.
fn plan_in(dir: &Path, extra: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(root().join("examples/b2b-saas.toml")).unwrap();
    let text = text.replacen("[plan]\n", &format!("[plan]\n{extra}\n"), 1);
    let path = dir.join("plan.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs mvplan and kills it if it has not finished in `limit`: a test of
/// "never hangs" must not hang itself.
fn run_with_deadline(dir: &Path, args: &[&str], limit: Duration) -> Option<std::process::Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Renders a one-slide deck in `d` to `out` with a theme whose regular face
/// is the font file `font` (in `d`).
fn render_with_font(d: &Path, font: &str, out: &str) -> std::process::Output {
    std::fs::write(
        d.join("theme.toml"),
        format!("{THEME}[fonts]\nregular = \"{font}\"\n"),
    )
    .unwrap();
    std::fs::write(d.join("deck.md"), "# Hello\n\nHello? Text.\n").unwrap();
    run_in(
        d,
        &[
            "render",
            "deck.md",
            "--format",
            "pdf",
            "--theme",
            "theme.toml",
            "-o",
            out,
        ],
    )
}

#[test]
fn a_theme_beside_the_plan_cannot_pull_in_files_from_elsewhere() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("plans");
    std::fs::create_dir(&dir).unwrap();
    // A "secret" outside the plan's directory, as a PNG so that it would embed.
    std::fs::copy(
        root().join("tests/fixtures/logo.png"),
        outer.path().join("secret.png"),
    )
    .unwrap();
    std::fs::write(
        dir.join("brand.toml"),
        format!("logo = \"../secret.png\"\n{THEME}"),
    )
    .unwrap();
    plan_in(&dir, "theme = \"brand.toml\"");
    let secret = std::fs::read(outer.path().join("secret.png")).unwrap();
    for format in ["html", "pdf"] {
        let out = format!("deck.{format}");
        let o = run_in(
            &dir,
            &["render", "plan.toml", "--format", format, "-o", &out],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("warning[image-refused]"), "{err}");
        assert!(err.contains("outside the theme's directory"), "{err}");
        let bytes = std::fs::read(dir.join(&out)).unwrap();
        let needle = &secret[secret.len() - 64..];
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the secret's bytes are not in the {format} deck"
        );
    }
    // Base64 in HTML: the logo's start as base64 must not appear either.
    let html = std::fs::read_to_string(dir.join("deck.html")).unwrap();
    assert!(!html.contains("data:image/png;base64,"), "no image inlined");

    // A theme the plan names by an absolute path, or above its directory,
    // is refused before it is read.
    std::fs::write(outer.path().join("other.toml"), THEME).unwrap();
    for theme in [
        outer.path().join("other.toml").display().to_string(),
        "../other.toml".to_string(),
    ] {
        plan_in(&dir, &format!("theme = {theme:?}"));
        let o = run_in(
            &dir,
            &["render", "plan.toml", "--format", "html", "-o", "-"],
        );
        assert_eq!(o.status.code(), Some(2), "{theme}: {}", stderr(&o));
        assert!(stderr(&o).contains("outside"), "{}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn pipes_named_as_inputs_never_block() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fifo = |name: &str| {
        let p = d.join(name);
        assert!(Command::new("mkfifo").arg(&p).status().unwrap().success());
    };
    fifo("theme.toml");
    fifo("image.png");
    fifo("mvplan-policy.toml");
    plan_in(d, "");
    std::fs::write(d.join("deck.md"), "# Slide\n\n![pic](image.png)\n").unwrap();
    let limit = Duration::from_secs(20);
    let cases: [&[&str]; 4] = [
        &[
            "render",
            "plan.toml",
            "--format",
            "html",
            "--theme",
            "theme.toml",
            "-o",
            "-",
        ],
        &["render", "deck.md", "--format", "pdf", "-o", "-"],
        &["check", "plan.toml"],
        &["check", "plan.toml", "--policy", "mvplan-policy.toml"],
    ];
    for args in cases {
        let o = run_with_deadline(d, args, limit)
            .unwrap_or_else(|| panic!("`mvplan {}` blocked on a FIFO", args.join(" ")));
        assert!(o.status.code().is_some(), "{args:?}: no panic or signal");
    }
    let o = run_with_deadline(
        d,
        &["render", "deck.md", "--format", "pdf", "-o", "-"],
        limit,
    )
    .unwrap();
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

#[test]
fn review_never_writes_over_a_file_mvplan_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("examples/portfolio")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let d = dir.path();
    std::fs::write(d.join("notes.md"), "My own review notes.\n").unwrap();
    for (format, target) in [
        ("md", "notes.md"),
        ("csv", "automation.toml"),
        ("json", "notes.md"),
    ] {
        let before = std::fs::read(d.join(target)).unwrap();
        let o = run_in(d, &["review", ".", "--format", format, "-o", target]);
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("was not written by mvplan"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read(d.join(target)).unwrap(),
            before,
            "{target} untouched"
        );
    }
    // Its own outputs it replaces; `--force` replaces anything.
    for format in ["md", "csv", "json", "html"] {
        let out = format!("review.{format}");
        for _ in 0..2 {
            let o = run_in(d, &["review", ".", "--format", format, "-o", &out]);
            assert!(o.status.code() != Some(2), "{format}: {}", stderr(&o));
        }
    }
    let o = run_in(d, &["review", ".", "-o", "notes.md", "--force"]);
    assert!(o.status.code() != Some(2), "{}", stderr(&o));
}

#[test]
fn review_reports_the_renderer_s_problems_with_rule_ids() {
    let dir = example_portfolio();
    let d = dir.path();
    // The policy names a theme whose logo does not exist.
    std::fs::write(
        d.join("brand.toml"),
        format!("logo = \"missing.png\"\n{THEME}"),
    )
    .unwrap();
    let policy = std::fs::read_to_string(d.join("mvplan-policy.toml")).unwrap();
    std::fs::write(
        d.join("mvplan-policy.toml"),
        policy.replacen("[policy]\n", "[policy]\ntheme = \"brand.toml\"\n", 1),
    )
    .unwrap();
    let o = run_in(
        d,
        &[
            "review",
            ".",
            "--format",
            "pdf",
            "-o",
            "r.pdf",
            "--message-format",
            "json",
        ],
    );
    assert!(o.status.code() != Some(2), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"image-unreadable"), "{rules:?}");
    assert!(std::fs::read(d.join("r.pdf")).unwrap().starts_with(b"%PDF"));
}

#[test]
fn render_problems_come_as_json_with_rule_ids_and_slides() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("long.md");
    let rows: String = (0..60).map(|i| format!("| row {i} | {i} |\n")).collect();
    std::fs::write(
        &deck,
        format!("# Short\n\n---\n\n# Long table\n\n| a | b |\n|---|--:|\n{rows}"),
    )
    .unwrap();
    let o = mvplan(&[
        "render",
        deck.to_str().unwrap(),
        "--format",
        "pdf",
        "-o",
        dir.path().join("long.pdf").to_str().unwrap(),
        "--message-format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["rule"], "slide-continued");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["slide"], 2);
    // With the deck on stdout, the JSON goes to stderr.
    let o = mvplan(&[
        "render",
        deck.to_str().unwrap(),
        "--format",
        "pdf",
        "-o",
        "-",
        "--message-format",
        "json",
    ]);
    assert!(o.stdout.starts_with(b"%PDF"));
    assert!(stderr(&o).contains("\"slide-continued\""));
}

#[test]
fn malformed_theme_fonts_are_an_error_naming_the_font_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A TrueType header with a table directory that points past the end,
    // and random bytes with a font's extension.
    let mut ttf = vec![
        0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x40, 0x00, 0x02, 0x00, 0x00,
    ];
    for tag in [b"cmap", b"head", b"hhea", b"hmtx"] {
        ttf.extend_from_slice(tag);
        ttf.extend_from_slice(&[0, 0, 0, 0, 0x00, 0x00, 0xFF, 0x00, 0x7F, 0xFF, 0xFF, 0xFF]);
    }
    std::fs::write(d.join("broken.ttf"), &ttf).unwrap();
    std::fs::write(d.join("noise.otf"), b"OTTO\x00\x01garbage garbage garbage").unwrap();
    for font in ["broken.ttf", "noise.otf"] {
        let o = render_with_font(d, font, "-");
        assert_eq!(o.status.code(), Some(2), "{font}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(font), "names the font: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn hostile_decks_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Thousands of nested quotes and list levels: flattened, not a stack overflow.
    let deep_quote = format!("# Deep\n\n{} text\n", ">".repeat(20_000));
    // `- - - …` opens a list inside a list item each time.
    let deep_list = format!(
        "{}item\n\n1. {}x\n",
        "- ".repeat(5_000),
        "1. ".repeat(3_000)
    );
    // Stacked values that add up past the largest decimal.
    let huge = "79228162514264337593543950335";
    let chart =
        format!("# Chart\n\n```chart stacked-bar\nQ1: {huge}, {huge}, {huge}\nQ2: 1, 2\n```\n");
    for (name, text) in [
        ("quote", deep_quote),
        ("list", format!("# List\n\n{deep_list}")),
        ("chart", chart),
    ] {
        let deck = d.join(format!("{name}.md"));
        std::fs::write(&deck, text).unwrap();
        for format in ["pdf", "html"] {
            let o = run_in(
                d,
                &[
                    "render",
                    &format!("{name}.md"),
                    "--format",
                    format,
                    "-o",
                    "-",
                ],
            );
            assert_eq!(
                o.status.code(),
                Some(0),
                "{name} to {format}: {}",
                stderr(&o)
            );
        }
    }
    let o = run_in(d, &["render", "quote.md", "--format", "pdf", "-o", "-"]);
    assert!(stderr(&o).contains("nesting-flattened"), "{}", stderr(&o));

    // A PNG that claims 60,000 × 60,000 pixels, named three ways: refused
    // once, by its header, before any decoding.
    let mut png = std::fs::read(root().join("tests/fixtures/logo.png")).unwrap();
    png[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    std::fs::write(d.join("huge.png"), &png).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(
        d.join("images.md"),
        "# Images\n\n![a](huge.png)\n\n![b](./huge.png)\n\n![c](sub/../huge.png)\n",
    )
    .unwrap();
    let o = run_in(d, &["render", "images.md", "--format", "pdf", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).matches("40000000 pixels").count(),
        1,
        "{}",
        stderr(&o)
    );

    // One real image under three spellings is embedded once.
    std::fs::copy(root().join("tests/fixtures/logo.png"), d.join("logo.png")).unwrap();
    std::fs::write(
        d.join("logos.md"),
        "# Logos\n\n![a](logo.png)\n\n![b](./logo.png)\n\n---\n\n# Again\n\n![c](sub/../logo.png)\n",
    )
    .unwrap();
    let o = run_in(d, &["render", "logos.md", "--format", "html", "-o", "-"]);
    let html = stdout(&o);
    assert_eq!(html.matches("data:image/png;base64,").count(), 1);
    assert_eq!(html.matches("<use href=\"#asset-").count(), 3);
}

#[test]
fn front_matter_survives_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bom.md"),
        "\u{feff}---\ntitle: Marked deck\npaginate: true\n---\n\n# One\n\n---\n\n# Two\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["render", "bom.md", "--format", "html", "-o", "-"],
    );
    let html = stdout(&o);
    assert!(html.contains("<title>Marked deck</title>"), "{html}");
    assert!(html.contains("class=\"page\""), "paginate applied");
}

#[test]
fn source_date_epoch_must_be_a_date() {
    for bad in ["yesterday", "-5", "99999999999999", "1.5"] {
        let o = Command::new(env!("CARGO_BIN_EXE_mvplan"))
            .args([
                "render",
                "examples/b2b-saas.toml",
                "--format",
                "pdf",
                "-o",
                "-",
            ])
            .current_dir(root())
            .env("SOURCE_DATE_EPOCH", bad)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("SOURCE_DATE_EPOCH"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
}

#[cfg(unix)]
#[test]
fn default_output_names_keep_non_utf8_file_names_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read(root().join("examples/b2b-saas.toml")).unwrap();
    let a = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"plan-\xff.toml"));
    let b = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"plan-\xfe.toml"));
    std::fs::write(&a, &plan).unwrap();
    std::fs::write(&b, &plan).unwrap();
    for p in [&a, &b] {
        let o = Command::new(env!("CARGO_BIN_EXE_mvplan"))
            .arg("render")
            .arg(p)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert!(
        dir.path()
            .join(std::ffi::OsStr::from_bytes(b"plan-\xff.md"))
            .exists()
    );
    assert!(
        dir.path()
            .join(std::ffi::OsStr::from_bytes(b"plan-\xfe.md"))
            .exists()
    );
}

#[test]
fn review_reads_only_plans_from_a_directory() {
    let dir = example_portfolio();
    let d = dir.path();
    let before = run_in(d, &["review", ".", "--format", "json"]);
    std::fs::write(d.join("brand.toml"), THEME).unwrap();
    std::fs::write(
        d.join(".taplo.toml"),
        "[formatting]\nalign_entries = true\n",
    )
    .unwrap();
    let after = run_in(d, &["review", ".", "--format", "json"]);
    assert_eq!(
        after.status.code(),
        before.status.code(),
        "{}",
        stderr(&after)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&after)).unwrap();
    assert_eq!(
        v["broken"].as_array().unwrap().len(),
        0,
        "{}",
        stdout(&after)
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = std::fs::read_to_string(root().join("examples/portfolio/motion.toml")).unwrap();
    let owner_line = text.lines().find(|l| l.starts_with("owner")).unwrap();
    for (i, evil) in ["\\t=HYPERLINK(\\\"x\\\")", "\\r+1+2", "@SUM(A1)"]
        .iter()
        .enumerate()
    {
        let t = text.replacen(owner_line, &format!("owner = \"{evil}\""), 1);
        std::fs::write(d.join(format!("p{i}.toml")), t).unwrap();
    }
    let o = run_in(d, &["review", ".", "--format", "csv", "--no-policy"]);
    let csv = stdout(&o);
    for line in csv.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "live formula cell `{cell}` in {line:?}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn policies_planted_by_others_are_passed_over_and_the_search_stops_at_the_repository() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let policy =
        std::fs::read_to_string(root().join("examples/portfolio/mvplan-policy.toml")).unwrap();
    // A world-writable directory with a policy in it, above the plan.
    let shared = d.join("shared");
    let plans = shared.join("team");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::write(shared.join("mvplan-policy.toml"), &policy).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    plan_in(&plans, "");
    let o = run_in(&plans, &["check", "plan.toml", "--verbose"]);
    assert!(
        stderr(&o).contains("passed over the policy"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("using the policy"), "{}", stderr(&o));

    // A policy above the repository root is not found at all.
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
    let o = run_in(&plans, &["check", "plan.toml", "--verbose"]);
    assert!(stderr(&o).contains("using the policy"), "{}", stderr(&o));
    std::fs::create_dir(plans.join(".git")).unwrap();
    let o = run_in(&plans, &["check", "plan.toml", "--verbose"]);
    assert!(!stderr(&o).contains("using the policy"), "{}", stderr(&o));
}

#[test]
fn terminal_escapes_in_plan_text_are_shown_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let old = plan_in(d, "");
    let new = d.join("new.toml");
    let text = std::fs::read_to_string(&old).unwrap();
    // A new channel named with a colour change, a screen clear and a hyperlink.
    let evil = r#"name = "Paid \u001b[31mred\u001b[2J \u001b]8;;https://x.example\u0007link\u001b]8;;\u0007""#;
    std::fs::write(
        &new,
        format!("{text}\n[[channels]]\nid = \"evil\"\n{evil}\ncategory = \"search\"\nsupports = [\"pipeline\"]\nbudget = 1000\n"),
    )
    .unwrap();
    let o = run_in(d, &["diff", "plan.toml", "new.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!o.stdout.contains(&0x1b), "raw ESC in diff output");
    assert!(stdout(&o).contains('\u{241b}'), "{}", stdout(&o));
}

#[test]
fn exchange_rates_that_would_overflow_are_an_error_at_the_rate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plan_in(d, "");
    std::fs::write(
        d.join("mvplan-policy.toml"),
        "[policy]\ncurrency = \"EUR\"\n\n[rates]\nGBP = 1.17\nUSD = 500_000_000_000_000\n",
    )
    .unwrap();
    let o = run_in(d, &["check", "plan.toml", "--policy", "mvplan-policy.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("the rate for USD is out of range"), "{err}");
    assert!(
        err.contains("mvplan-policy.toml:6:"),
        "located at the rate: {err}"
    );
}

#[test]
fn a_font_that_makes_the_font_library_panic_is_refused_by_name() {
    // Found by mutating a font: the subsetter panics on it (an index out
    // of range); the panic is contained at the boundary.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        root().join("tests/fixtures/panicking-font.otf"),
        d.join("brand.otf"),
    )
    .unwrap();
    let o = render_with_font(d, "brand.otf", "out.pdf");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("brand.otf"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!d.join("out.pdf").exists());
}

#[cfg(unix)]
#[test]
fn a_policy_piped_to_check_is_read_once_and_checked_as_a_policy() {
    // A pipe can be read once: `check` tells what the file is from the text
    // it reads, not from a first read that a pipe would not give back.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = d.join("policy.toml");
    assert!(Command::new("mkfifo").arg(&p).status().unwrap().success());
    let policy = std::fs::read(root().join("examples/portfolio/mvplan-policy.toml")).unwrap();
    let writer = {
        let p = p.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            // Blocks until mvplan opens the pipe; a second open would block
            // mvplan (and fail the deadline) instead.
            let mut f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
            f.write_all(&policy).unwrap();
        })
    };
    let o = run_with_deadline(
        d,
        &["check", "policy.toml", "--format", "json"],
        Duration::from_secs(20),
    )
    .expect("`mvplan check` on a pipe did not finish");
    writer.join().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files"][0]["kind"], "policy", "{v}");
    assert_eq!(v["files"][0]["findings"], serde_json::json!([]), "{v}");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
