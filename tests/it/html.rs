//! HTML decks: snapshots, escaping, and watch mode end to end.

use crate::common::*;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The slides, without the (long, static) style and script.
fn body(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap();
    &html[start..end]
}

#[test]
fn html_decks_of_the_examples() {
    for ex in ["b2b-saas", "consumer-brand", "industrial-unit"] {
        let o = mvplan(&[
            "render",
            &format!("examples/{ex}.toml"),
            "--format",
            "html",
            "-o",
            "-",
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let html = String::from_utf8(o.stdout).unwrap();
        assert!(html.starts_with("<!doctype html>"));
        // Self-contained: nothing is loaded from elsewhere.
        for needle in [
            "src=\"http",
            "href=\"http://fonts",
            "<link ",
            "@import",
            "url(http",
        ] {
            assert!(!html.contains(needle), "{ex}: `{needle}`");
        }
        // The b2b example models its people (one more slide) and has
        // response curves (two more: curves with the next slice's returns
        // in a table under them, and allocation; its two budget levels and
        // two triggers are lines on the scenarios and risk slides), drawn
        // as native SVG lines. No deck has an objectives appendix: how
        // each objective is measured and when it is due are on the
        // forecast slide. No deck repeats the scenarios slide's rows in an
        // appendix to add each extra unit's return (a column where the
        // table has room, else the notes).
        let slides = match ex {
            // And how it operates: its stack.
            "b2b-saas" => 23,
            // Two objectives with curves (a curves slide each; their
            // two-channel optimisers are lines on the scenarios slide and
            // their two-channel marginal returns lines on the curves
            // slides), two goals on the forecast slide; both examples value
            // objectives (the value-bridge slide).
            "consumer-brand" => 20,
            // Two goals and two assumptions fold into their neighbours,
            // and the alignment map's two objective rows into a line on
            // the health slide.
            _ => 15,
        };
        if ex == "b2b-saas" {
            assert!(html.contains("<figure class=\"chart chart-line\">"));
            assert!(html.contains("<polyline points=\""));
        }
        assert_eq!(
            html.matches("<section class=\"slide").count(),
            slides,
            "{ex}"
        );
        assert!(html.contains("<svg viewBox"), "charts are inline SVG");
        insta::assert_snapshot!(format!("{ex}-html"), body(&html));
    }
}

#[test]
fn hostile_plan_strings_are_inert_in_html() {
    let o = mvplan(&[
        "render",
        "tests/fixtures/hostile.toml",
        "--format",
        "html",
        "--force",
        "-o",
        "-",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = String::from_utf8(o.stdout).unwrap();
    // One script element: the deck's own navigation.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains("<img src=x"));
    // No tag carries an event handler: `onerror=` appears only as escaped text.
    for tag in html
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or_default())
    {
        // Attribute names are outside quotes; values (escaped) are inert.
        let names = tag
            .split('"')
            .step_by(2)
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        assert!(
            !names.contains("onerror") && !names.contains("onload"),
            "live handler in <{tag}>"
        );
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // The plan's `[link](http://evil.example)` was escaped in Markdown: text, not a link.
    assert!(!html.contains("href=\"http://evil.example"));
}

#[test]
fn javascript_links_in_a_hand_written_deck_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("d.md");
    std::fs::write(&deck, "# Links\n\n[ok](https://example.com) [bad](javascript:alert(1)) <script>alert(2)</script>\n").unwrap();
    let o = mvplan(&[
        "render",
        deck.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        "-",
    ]);
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.contains("href=\"https://example.com\""));
    assert!(!html.contains("javascript:"));
    assert_eq!(html.matches("<script").count(), 1);
}

#[test]
fn themes_drive_the_html_colours() {
    let o = mvplan(&[
        "render",
        "examples/b2b-saas.toml",
        "--format",
        "html",
        "--theme",
        "dark",
        "-o",
        "-",
    ]);
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.contains("--bg: #141A22"), "dark background");
    let o = mvplan(&[
        "render",
        "examples/b2b-saas.toml",
        "--format",
        "html",
        "-o",
        "-",
    ]);
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.contains("--bg: #FFFFFF"));
}

/// Reads the watcher's stderr until a line containing `needle`.
fn wait_for(
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    needle: &str,
    seen: &mut Vec<String>,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match lines.next() {
            Some(Ok(line)) => {
                let hit = line.contains(needle);
                seen.push(line);
                if hit {
                    return;
                }
            }
            _ => break,
        }
    }
    panic!("no line with `{needle}` in {seen:#?}");
}

#[test]
fn watch_rebuilds_on_change_and_keeps_the_last_good_deck() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    let text = std::fs::read_to_string(root().join("templates/new/starter.toml")).unwrap();
    std::fs::write(&plan, &text).unwrap();
    let out = dir.path().join("plan.md");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args(["render", "--watch", plan.to_str().unwrap()])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = Vec::new();

    wait_for(&mut lines, "rebuilt", &mut seen);
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.contains("# FY2027 Marketing Plan"));

    // A change shows up in the deck.
    std::thread::sleep(Duration::from_millis(1100)); // a new mtime on coarse filesystems
    std::fs::write(
        &plan,
        text.replace("FY2027 Marketing Plan", "FY2027 Watched Plan"),
    )
    .unwrap();
    wait_for(&mut lines, "rebuilt", &mut seen);
    let second = std::fs::read_to_string(&out).unwrap();
    assert!(second.contains("# FY2027 Watched Plan"));

    // A broken save: findings are shown, the last good deck stays.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&plan, text.replace("[plan]", "[plan")).unwrap();
    wait_for(&mut lines, "kept the last good deck", &mut seen);
    assert!(
        seen.iter().any(|l| l.contains("error[syntax]")),
        "{seen:#?}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), second);

    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_theme_file_and_a_plan_theme_reach_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/logo.png"),
        dir.path().join("logo.png"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("acme.toml"),
        "name = \"acme\"\nlogo = \"logo.png\"\nfooter = \"Acme · Confidential\"\n[colors]\nprimary = \"#123456\"\naccent = \"#FF8800\"\ntext = \"#111111\"\nmuted = \"#666666\"\nbackground = \"#FAFAFA\"\nsurface = \"#EEEEEE\"\non_primary = \"#FFFFFF\"\nchart = [\"#123456\", \"#FF8800\"]\n",
    )
    .unwrap();
    let plan = std::fs::read_to_string(root().join("examples/industrial-unit.toml"))
        .unwrap()
        .replace(
            "status = \"approved\"",
            "status = \"approved\"\ntheme = \"acme.toml\"",
        );
    std::fs::write(dir.path().join("unit.toml"), plan).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mvplan"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };

    let o = run(&["render", "unit.toml", "--format", "html", "-o", "-"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.contains("--primary: #123456"));
    // The logo is inlined once and shown on every slide by reference.
    assert_eq!(html.matches("data:image/png;base64,").count(), 1);
    assert!(html.contains("<svg class=\"logo\""));
    assert_eq!(
        html.matches("<svg class=\"logo\"").count(),
        html.matches("<section ").count()
    );
    assert!(
        html.contains("Acme · Confidential") || html.contains("Helix Group"),
        "a footer"
    );

    let o = run(&["render", "unit.toml", "--format", "pdf", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stdout.windows(8).any(|w| w == b"/XObject"),
        "the logo is drawn in the PDF"
    );

    // `--theme` wins over the plan's.
    let o = run(&[
        "render",
        "unit.toml",
        "--format",
        "html",
        "--theme",
        "dark",
        "-o",
        "-",
    ]);
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("--bg: #141A22")
    );

    // A plan can't name a theme outside its directory.
    let outside = std::fs::read_to_string(dir.path().join("unit.toml"))
        .unwrap()
        .replace("acme.toml", "../acme.toml");
    std::fs::write(dir.path().join("unit.toml"), outside).unwrap();
    let o = run(&["render", "unit.toml", "--format", "html", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("must be inside its directory"));
}
