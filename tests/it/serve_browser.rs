//! `mvplan serve` in a real browser (headless Chromium over WebDriver, as
//! the HTML deck tests drive it): typing into the editor, findings at
//! their lines, the preview, changes on disk, conflicts, decisions and the
//! budget slider.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::browser::{Driver, available, start};
use crate::serve::{TOKEN, serve};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find(d: &Driver, css: &str) -> String {
    d.post("/element", json!({"using": "css selector", "value": css}))["value"][ELEMENT]
        .as_str()
        .unwrap_or_else(|| panic!("no element {css}"))
        .to_string()
}

fn click(d: &Driver, css: &str) {
    let id = find(d, css);
    d.post(&format!("/element/{id}/click"), json!({}));
}

fn type_into(d: &Driver, css: &str, text: &str) {
    let id = find(d, css);
    d.post(&format!("/element/{id}/value"), json!({"text": text}));
}

/// Presses keys together (`\u{E009}` is Control, `\u{E008}` Shift).
fn chord(d: &Driver, keys: &[&str]) {
    let mut actions: Vec<Value> = keys
        .iter()
        .map(|k| json!({"type": "keyDown", "value": k}))
        .collect();
    actions.extend(
        keys.iter()
            .rev()
            .map(|k| json!({"type": "keyUp", "value": k})),
    );
    d.post(
        "/actions",
        json!({"actions": [{"type": "key", "id": "kb", "actions": actions}]}),
    );
    d.post("/actions", json!({"actions": []}));
}

/// Waits until `script` (a function body) returns something truthy.
fn wait_for(d: &Driver, what: &str, script: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = d.script(script);
        if !(v.is_null() || v == json!(false) || v == json!(0) || v == json!("")) {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn counter(d: &Driver, name: &str) -> u64 {
    d.script(&format!(
        "return Number(document.body.dataset.{name} || 0);"
    ))
    .as_u64()
    .unwrap_or(0)
}

fn wait_counter(d: &Driver, name: &str, above: u64) {
    wait_for(
        d,
        name,
        &format!("return Number(document.body.dataset.{name} || 0) > {above};"),
    );
}

/// The first slide's title in the preview frame.
fn preview_title(d: &Driver) -> String {
    let frame = find(d, "#preview");
    d.post("/frame", json!({"id": {ELEMENT: frame}}));
    let title =
        d.script("const h = document.querySelector('.slide h1'); return h ? h.textContent : '';");
    d.post("/frame/parent", json!({}));
    title.as_str().unwrap_or_default().to_string()
}

fn open(d: &Driver, port: u16, path: &str) {
    d.post(
        "/url",
        json!({"url": format!("http://127.0.0.1:{port}{path}?token={TOKEN}")}),
    );
}

#[test]
fn the_plan_page_checks_previews_follows_the_disk_and_refuses_to_clobber() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("b2b.toml");
    std::fs::copy(crate::common::root().join("examples/b2b-saas.toml"), &plan).unwrap();
    let s = serve(dir.path());
    let d = start(&dir.path().join("profile"));
    open(&d, s.port, "/plan/b2b.toml");
    wait_counter(&d, "checks", 0);
    assert_eq!(
        d.script("return document.querySelectorAll('.cm-editor').length;"),
        1,
        "the editor is there"
    );
    let first_title = wait_for(
        &d,
        "the preview",
        "return document.getElementById('preview').src;",
    );
    assert!(first_title.as_str().unwrap().contains("/preview/b2b.toml"));
    assert_ne!(preview_title(&d), "", "the preview shows the deck");

    // Completion from the schema: under [plan], `organ` offers `organisation`.
    d.script(
        "const v = window.mvplanEditor.view; const t = v.state.doc.toString(); \
         const i = t.indexOf('[plan]\\n') + 7; v.focus(); v.dispatch({selection: {anchor: i}}); return true;",
    );
    let checks = counter(&d, "checks");
    type_into(&d, ".cm-content", "organ");
    let offered = wait_for(
        &d,
        "the completion",
        "const t = document.querySelector('.cm-tooltip-autocomplete'); return t && t.textContent;",
    );
    assert!(
        offered.as_str().unwrap().contains("organisation"),
        "{offered}"
    );
    for _ in 0..5 {
        d.key("\u{E003}");
    }
    d.key("\u{E00C}"); // Escape
    wait_counter(&d, "checks", checks);

    // Type an error on line 1: the finding appears at line 1, inline too.
    click(&d, ".cm-content");
    chord(&d, &["\u{E009}", "\u{E011}"]); // Ctrl+Home
    let checks = counter(&d, "checks");
    type_into(&d, ".cm-content", "bogus_key = 1\n");
    wait_counter(&d, "checks", checks);
    let at = wait_for(
        &d,
        "the finding at line 1",
        "const f = [...document.querySelectorAll('#findings li.error')].find(li => li.dataset.line === '1'); return f ? f.textContent : null;",
    );
    assert!(at.as_str().unwrap().contains("bogus_key"), "{at}");
    wait_for(
        &d,
        "the inline marker",
        "return document.querySelectorAll('.cm-lint-marker-error').length;",
    );
    // The screenshot in the README (docs/img/serve.png).
    let png = crate::browser::decode_base64(d.get("/screenshot")["value"].as_str().unwrap());
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-finding.png"),
        png,
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        std::fs::read_to_string(crate::common::root().join("examples/b2b-saas.toml")).unwrap(),
        "typing does not save"
    );

    // Fix it (select the line, delete it): the finding goes.
    chord(&d, &["\u{E009}", "\u{E011}"]);
    chord(&d, &["\u{E008}", "\u{E015}"]); // Shift+Down
    let checks = counter(&d, "checks");
    d.key("\u{E003}"); // Backspace
    wait_counter(&d, "checks", checks);
    wait_for(
        &d,
        "the finding to go",
        "return ![...document.querySelectorAll('#findings li')].some(li => li.textContent.includes('bogus_key'));",
    );

    // Change the title: the preview follows.
    let before = preview_title(&d);
    let checks = counter(&d, "checks");
    d.script(
        "const v = window.mvplanEditor.view; const t = v.state.doc.toString(); const i = t.indexOf('title = \"') + 9; \
         v.dispatch({changes: {from: i, insert: 'Renamed '}}); return true;",
    );
    wait_counter(&d, "checks", checks);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut title = preview_title(&d);
    while title == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        title = preview_title(&d);
    }
    assert!(title.starts_with("Renamed "), "{before} → {title}");

    // Undo that, so the page has nothing unsaved; then edit the file on
    // disk: the page takes it in by itself.
    d.script("const v = window.mvplanEditor.view; const t = v.state.doc.toString(); const i = t.indexOf('Renamed '); v.dispatch({changes: {from: i, to: i + 8}}); return true;");
    let reloads = counter(&d, "reloads");
    let on_disk = std::fs::read_to_string(&plan).unwrap().replacen(
        "[plan]\n",
        "[plan]\n# changed in another editor\n",
        1,
    );
    std::fs::write(&plan, &on_disk).unwrap();
    wait_counter(&d, "reloads", reloads);
    assert!(
        d.script("return window.mvplanEditor.text();")
            .as_str()
            .unwrap()
            .contains("# changed in another editor")
    );

    // Unsaved changes here, a change there, then Save: the conflict is
    // shown and the file is untouched.
    click(&d, ".cm-content");
    chord(&d, &["\u{E009}", "\u{E011}"]);
    type_into(&d, ".cm-content", "# mine\n");
    let theirs = on_disk.replacen("# changed in another editor", "# changed again", 1);
    std::fs::write(&plan, &theirs).unwrap();
    click(&d, "#save");
    wait_for(
        &d,
        "the conflict",
        "const c = document.getElementById('conflict'); return !c.hidden && c.textContent;",
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        theirs,
        "the file on disk is untouched"
    );

    // Loading theirs, then saving, writes.
    click(&d, "#load-theirs");
    let saves = counter(&d, "saves");
    click(&d, ".cm-content");
    chord(&d, &["\u{E009}", "\u{E011}"]);
    type_into(&d, ".cm-content", "# saved from the browser\n");
    click(&d, "#save");
    wait_counter(&d, "saves", saves);
    let saved = std::fs::read_to_string(&plan).unwrap();
    assert!(
        saved.starts_with("# saved from the browser\n") && saved.contains("# changed again"),
        "{saved}"
    );

    let png = crate::browser::decode_base64(d.get("/screenshot")["value"].as_str().unwrap());
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-plan-page.png"),
        png,
    )
    .unwrap();
}

#[test]
fn the_cmo_approves_an_ask_and_moves_the_budget_slider() {
    if !available() {
        return;
    }
    let dir = crate::common::example_portfolio();
    std::fs::copy(
        crate::common::root().join("examples/b2b-saas.toml"),
        dir.path().join("b2b.toml"),
    )
    .unwrap();
    let path = dir.path().join("automation.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(dir.path().join("before.txt"), &before).unwrap();
    let check_before = crate::common::run_in(dir.path(), &["check", "automation.toml"]);
    let s = serve(dir.path());
    let d = start(&dir.path().join("profile"));
    open(&d, s.port, "/portfolio");
    wait_counter(&d, "loads", 0);
    type_into(&d, "#by", "Dana CMO");
    let decisions = counter(&d, "decisions");
    click(
        &d,
        "#asks tr[data-ask='fa-budget'][data-file='automation.toml'] button.approved",
    );
    wait_counter(&d, "decisions", decisions);
    wait_for(
        &d,
        "the ask shown approved",
        "const r = document.querySelector(\"#asks tr[data-ask='fa-budget'] .status\"); return r && r.textContent === 'approved';",
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("status = \"approved\"") && after.contains("decided_by = \"Dana CMO\""),
        "{after}"
    );
    let check_after = crate::common::run_in(dir.path(), &["check", "automation.toml"]);
    assert_eq!(
        check_after.status.code(),
        check_before.status.code(),
        "{}",
        crate::common::stdout(&check_after)
    );
    std::fs::write(dir.path().join("old.toml"), &before).unwrap();
    let diff = crate::common::run_in(dir.path(), &["diff", "old.toml", "automation.toml"]);
    let text = crate::common::stdout(&diff);
    assert!(text.contains("approved"), "{text}");
    let shot = crate::browser::decode_base64(d.get("/screenshot")["value"].as_str().unwrap());
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-portfolio.png"),
        shot,
    )
    .unwrap();

    // The slider: a bigger budget gives a different allocation.
    open(&d, s.port, "/scenario/b2b.toml");
    wait_counter(&d, "optimised", 0);
    let best = "return [...document.querySelectorAll('#allocation td.optimal')].map(td => td.textContent).join('|');";
    let at_plan = wait_for(&d, "the allocation", best);
    let runs = counter(&d, "optimised");
    click(&d, "#budget");
    for _ in 0..8 {
        d.key("\u{E014}"); // → : +5% a step
    }
    wait_counter(&d, "optimised", runs);
    wait_for(
        &d,
        "the level",
        "return document.getElementById('level').textContent !== 'plan';",
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut moved = d.script(best);
    while moved == at_plan && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        moved = d.script(best);
    }
    assert_ne!(moved, at_plan, "the allocation changed with the budget");
    assert!(
        d.script("return document.querySelectorAll('#curves svg circle.best').length;")
            .as_u64()
            .unwrap()
            > 0
    );
    let shot = crate::browser::decode_base64(d.get("/screenshot")["value"].as_str().unwrap());
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-scenario.png"),
        shot,
    )
    .unwrap();
}
