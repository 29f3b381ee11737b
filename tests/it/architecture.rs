//! The pipeline's shape, held by a test: the top-level modules of `src/`
//! depend on each other without cycles, so `lib.rs` can be read top to
//! bottom as the pipeline (plan → figures → check → deck → render).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its code names as `crate::x`.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // The binary's modules (main, cli, cmd) sit on top of everything.
        if matches!(top.as_str(), "lib" | "main" | "cli" | "cmd") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests may reach anywhere.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let entry = deps.entry(top.clone()).or_default();
        for part in code.split("crate::").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty()
                && name != top
                && name.chars().next().is_some_and(char::is_lowercase)
            {
                entry.insert(name);
            }
        }
    }
    deps
}

#[test]
fn top_level_modules_have_no_import_cycles() {
    let deps = dependencies();
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(i) = path.iter().position(|p| p == m) {
            panic!("import cycle: {} → {m}", path[i..].join(" → "));
        }
        path.push(m.to_string());
        for d in deps.get(m).into_iter().flatten() {
            if deps.contains_key(d) {
                visit(d, deps, path, done);
            }
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in deps.keys() {
        visit(m, &deps, &mut Vec::new(), &mut done);
    }
    // lib.rs lists the modules as the pipeline runs: each names only those
    // above it, so the front door can be read top to bottom.
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let order: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    assert!(order.len() >= 20 && order.contains(&"plan"), "{order:?}");
    for (i, m) in order.iter().enumerate() {
        for d in deps.get(*m).into_iter().flatten() {
            if let Some(j) = order.iter().position(|o| o == d) {
                assert!(
                    j < i,
                    "`{m}` depends on `{d}`, which src/lib.rs lists below it"
                );
            }
        }
    }
    // The stages depend only on earlier ones.
    for (later, earlier) in [
        ("plan", "check"),
        ("check", "deck"),
        ("deck", "render"),
        ("render", "check"),
        ("render", "plan"),
    ] {
        assert!(
            !deps[later].contains(earlier),
            "`{later}` must not depend on `{earlier}`: {:?}",
            deps[later]
        );
    }
}

/// Every `crate::…` and `super::…` path a file's code names, as absolute
/// module paths (`super` resolved against the file's own module; `{a, b::c}`
/// groups expanded).
fn paths_named(module: &[String], code: &str) -> Vec<Vec<String>> {
    fn ident(s: &[u8], i: &mut usize) -> Option<String> {
        let start = *i;
        while *i < s.len() && (s[*i].is_ascii_alphanumeric() || s[*i] == b'_') {
            *i += 1;
        }
        (*i > start).then(|| String::from_utf8_lossy(&s[start..*i]).into_owned())
    }
    fn skip_space(s: &[u8], i: &mut usize) {
        while *i < s.len() && s[*i].is_ascii_whitespace() {
            *i += 1;
        }
    }
    // One path from `i` on, prefixed by `base`; a `{…}` group yields one
    // path per member.
    fn path(s: &[u8], i: &mut usize, base: Vec<String>, out: &mut Vec<Vec<String>>) {
        let mut p = base;
        loop {
            skip_space(s, i);
            if *i < s.len() && s[*i] == b'{' {
                *i += 1;
                loop {
                    skip_space(s, i);
                    if *i >= s.len() || s[*i] == b'}' {
                        *i += 1;
                        return;
                    }
                    if s[*i] == b',' {
                        *i += 1;
                        continue;
                    }
                    let before = *i;
                    path(s, i, p.clone(), out);
                    if *i == before {
                        *i += 1;
                    }
                }
            }
            match ident(s, i) {
                Some(seg) if seg == "super" => {
                    p.pop();
                }
                Some(seg) => p.push(seg),
                None => break,
            }
            if s[*i..].starts_with(b"::") {
                *i += 2;
            } else {
                break;
            }
        }
        out.push(p);
    }
    let s = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let boundary = i == 0 || !(s[i - 1].is_ascii_alphanumeric() || s[i - 1] == b'_');
        if boundary && s[i..].starts_with(b"crate::") {
            i += "crate::".len();
            path(s, &mut i, Vec::new(), &mut out);
        } else if boundary && s[i..].starts_with(b"super::") {
            path(s, &mut i, module.to_vec(), &mut out);
        } else {
            i += 1;
        }
    }
    out
}

/// In every folder of `src/`, the files (and sub-folders) beside each
/// other → the siblings their code names. A name that `mod.rs` re-exports
/// (`pub use status::StatusView`) counts as naming the file it comes from.
fn sibling_dependencies() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut folders = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        let mut children = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            if p.is_dir() || (p.extension().is_some_and(|x| x == "rs") && name != "mod") {
                children.push((name, p));
            }
        }
        if dir == src {
            continue; // the top level: `top_level_modules_have_no_import_cycles`
        }
        let folder: Vec<String> = dir
            .strip_prefix(&src)
            .unwrap()
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let names: BTreeSet<String> = children.iter().map(|(n, _)| n.clone()).collect();
        // `pub use child::{A, B}` in mod.rs: A and B live in `child`.
        let mut reexported: BTreeMap<String, String> = BTreeMap::new();
        if let Ok(text) = std::fs::read_to_string(dir.join("mod.rs")) {
            for line in text.lines() {
                let Some(rest) = line.trim().strip_prefix("pub use ") else {
                    continue;
                };
                let Some((child, items)) = rest.split_once("::") else {
                    continue;
                };
                if names.contains(child) {
                    for item in items
                        .split([',', '{', '}', ';', ' '])
                        .filter(|s| !s.is_empty())
                    {
                        reexported.insert(item.to_string(), child.to_string());
                    }
                }
            }
        }
        let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (name, path) in &children {
            let mut files = Vec::new();
            if path.is_dir() {
                let mut inner = vec![path.clone()];
                while let Some(d) = inner.pop() {
                    for e in std::fs::read_dir(&d).unwrap() {
                        let p = e.unwrap().path();
                        if p.is_dir() {
                            inner.push(p);
                        } else if p.extension().is_some_and(|x| x == "rs") {
                            files.push(p);
                        }
                    }
                }
            } else {
                files.push(path.clone());
            }
            let entry = deps.entry(name.clone()).or_default();
            for f in files {
                let mut module: Vec<String> = f
                    .strip_prefix(&src)
                    .unwrap()
                    .with_extension("")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if module.last().is_some_and(|m| m == "mod") {
                    module.pop();
                }
                let text = std::fs::read_to_string(&f).unwrap();
                // Unit tests may reach anywhere.
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for p in paths_named(&module, code) {
                    let Some(rest) = p.strip_prefix(folder.as_slice()) else {
                        continue;
                    };
                    let Some(first) = rest.first() else { continue };
                    let target = if names.contains(first) {
                        first.clone()
                    } else if let Some(child) = reexported.get(first) {
                        child.clone()
                    } else {
                        continue;
                    };
                    if &target != name {
                        entry.insert(target);
                    }
                }
            }
        }
        folders.insert(folder.join("/"), deps);
    }
    folders
}

/// The cycles of a dependency graph, each as `a → b → a`.
fn cycles(deps: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    fn visit(
        m: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            found.push(format!("{} → {m}", path[i..].join(" → ")));
            return;
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_string());
        for d in deps.get(m).into_iter().flatten() {
            visit(d, deps, path, done, found);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let (mut done, mut found) = (BTreeSet::new(), Vec::new());
    for m in deps.keys() {
        visit(m, deps, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

#[test]
fn files_inside_a_folder_have_no_import_cycles() {
    let folders = sibling_dependencies();
    // The walk saw the folders and the edges it is meant to see.
    let deck = &folders["deck"];
    assert!(deck["view"].contains("media"), "{deck:?}");
    assert!(deck["view"].contains("status"), "{deck:?}");
    assert!(folders.contains_key("render/pdf"), "{:?}", folders.keys());
    let found: Vec<String> = folders
        .iter()
        .flat_map(|(folder, deps)| {
            cycles(deps)
                .into_iter()
                .map(move |c| format!("{folder}: {c}"))
        })
        .collect();
    assert!(
        found.is_empty(),
        "import cycles between files:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle_named_through_a_group_and_super() {
    // `a` names `b` through a `use super::{…}` group; `b` names `a` by its
    // full path: the shape deck/status.rs ↔ deck/view.rs had.
    let module = |m: &str| vec!["deck".to_string(), m.to_string()];
    let a = paths_named(&module("a"), "use super::{b::Thing, c};\nfn f() {}");
    let b = paths_named(&module("b"), "let x = crate::deck::a::LIMIT;");
    let sibling = |ps: Vec<Vec<String>>| -> BTreeSet<String> {
        ps.into_iter().filter_map(|p| p.get(1).cloned()).collect()
    };
    let deps = BTreeMap::from([
        ("a".to_string(), sibling(a)),
        ("b".to_string(), sibling(b)),
        ("c".to_string(), BTreeSet::new()),
    ]);
    assert_eq!(
        deps["a"],
        BTreeSet::from(["b".to_string(), "c".to_string()])
    );
    assert_eq!(cycles(&deps), vec!["a → b → a".to_string()]);
}

// Rooms of a readable size: no file under `src/` over `FILE_LIMIT` lines
// and no function over `FN_LIMIT` lines unless it says why, in one greppable
// form — `//! Size: <reason>` in a file's header doc, `// Size: <reason>`
// among the comments and attributes directly above a `fn`.
//
// Only `src/` is held to it: a file of `tests/it` is a catalogue of
// independent cases about one feature, read one test at a time, and its
// module tree mirrors the features; its length says how much is tested,
// not how much a reader must hold in mind at once.

const FILE_LIMIT: usize = 700;
const FN_LIMIT: usize = 150;

/// One function of a source text: its name, the line its `fn` keyword is on
/// (from 1), its length from that line to its closing brace, and the reason
/// stated above it for being long, if any.
#[derive(Debug, PartialEq)]
struct FnSpan {
    name: String,
    line: usize,
    len: usize,
    reason: Option<String>,
}

/// The text after `prefix` on a trimmed line, when it says something.
fn stated(line: &str, prefix: &str) -> Option<String> {
    let reason = line.trim().strip_prefix(prefix)?.trim();
    (!reason.is_empty()).then(|| reason.to_string())
}

/// A file's stated reason for its length: a `//! Size: …` line in the doc
/// comment at its top.
fn file_reason(text: &str) -> Option<String> {
    text.lines()
        .take_while(|l| l.trim_start().starts_with("//!") || l.trim().is_empty())
        .find_map(|l| stated(l, "//! Size:"))
}

/// Every function with a body in `text`, found by reading it as Rust tokens
/// enough to skip comments, strings, raw strings and char literals (so a
/// brace or a `fn` inside them counts for nothing).
fn functions(text: &str) -> Vec<FnSpan> {
    let s = text.as_bytes();
    let lines: Vec<&str> = text.lines().collect();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let (mut i, mut line, mut braces, mut parens) = (0, 1, 0usize, 0usize);
    // A `fn` seen and not yet given its body: (name, line, paren depth).
    let mut pending: Option<(String, usize, usize)> = None;
    // Bodies open: (name, line, brace depth inside the body).
    let mut open: Vec<(String, usize, usize)> = Vec::new();
    let mut found = Vec::new();
    // Skips to just past `end`, counting the lines passed.
    let skip_to = |i: &mut usize, line: &mut usize, end: &[u8]| {
        while *i < s.len() && !s[*i..].starts_with(end) {
            *line += usize::from(s[*i] == b'\n');
            *i += 1;
        }
        *i = (*i + end.len()).min(s.len());
    };
    while i < s.len() {
        let boundary = i == 0 || !is_ident(s[i - 1]);
        let rest = &s[i..];
        match s[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if rest.starts_with(b"//") => {
                while i < s.len() && s[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if rest.starts_with(b"/*") => skip_to(&mut i, &mut line, b"*/"),
            b'r' | b'b' if boundary && raw_string_start(rest).is_some() => {
                let (open_len, hashes) = raw_string_start(rest).unwrap_or_default();
                i += open_len;
                let mut end = vec![b'"'];
                end.extend(std::iter::repeat_n(b'#', hashes));
                skip_to(&mut i, &mut line, &end);
            }
            b'"' => {
                i += 1;
                while i < s.len() && s[i] != b'"' {
                    line += usize::from(s[i] == b'\n');
                    i += if s[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'\'' => {
                // A char literal ('x', '\n', '\u{7f}', 'é') or a lifetime ('a).
                if rest.get(1) == Some(&b'\\') {
                    i += 3; // the quote, the backslash and the escaped char
                    while i < s.len() && s[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else {
                    let ch = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    i += if s.get(i + 1 + ch) == Some(&b'\'') {
                        ch + 2
                    } else {
                        1
                    };
                }
            }
            b'f' if boundary
                && rest.starts_with(b"fn")
                && rest.get(2).is_some_and(|b| b.is_ascii_whitespace()) =>
            {
                let mut j = i + 2;
                while j < s.len() && s[j].is_ascii_whitespace() {
                    j += 1;
                }
                let start = j;
                while j < s.len() && is_ident(s[j]) {
                    j += 1;
                }
                if j > start {
                    pending = Some((text[start..j].to_string(), line, parens));
                }
                i = j.max(i + 2);
            }
            b'(' | b'[' => {
                parens += 1;
                i += 1;
            }
            b')' | b']' => {
                parens = parens.saturating_sub(1);
                i += 1;
            }
            b';' => {
                // A body-less `fn` (a trait's declaration) — but not the `;`
                // of an array type in its signature.
                if pending.as_ref().is_some_and(|p| p.2 == parens) {
                    pending = None;
                }
                i += 1;
            }
            b'{' => {
                braces += 1;
                if let Some((name, at, _)) = pending.take() {
                    open.push((name, at, braces));
                }
                i += 1;
            }
            b'}' => {
                if open.last().is_some_and(|o| o.2 == braces) {
                    let (name, at, _) = open.pop().unwrap_or_default();
                    found.push(FnSpan {
                        reason: reason_above(&lines, at),
                        name,
                        line: at,
                        len: line - at + 1,
                    });
                }
                braces = braces.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    found.sort_by_key(|f| f.line);
    found
}

/// `r"`, `r#"`, `br"`, `br##"`…: the length of the opening and the number
/// of `#`s the closing needs.
fn raw_string_start(s: &[u8]) -> Option<(usize, usize)> {
    let after_b = usize::from(s.first() == Some(&b'b'));
    if s.get(after_b) != Some(&b'r') {
        return None;
    }
    let hashes = s[after_b + 1..].iter().take_while(|b| **b == b'#').count();
    (s.get(after_b + 1 + hashes) == Some(&b'"')).then_some((after_b + 2 + hashes, hashes))
}

/// The reason stated for a long `fn` on line `at` (from 1): a `// Size: …`
/// comment among the comments and attributes directly above it.
fn reason_above(lines: &[&str], at: usize) -> Option<String> {
    lines[..at.saturating_sub(1)]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("//") || l.starts_with("#[") || l.ends_with(")]"))
        .find_map(|l| stated(l, "// Size:"))
}

/// Every file under `src/` with its text, by path relative to the crate.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src")];
    let mut out = Vec::new();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The files and functions over the limits that state no reason, one line
/// each: `path: N lines` or `path:line fn name: N lines`.
fn oversized(sources: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in sources {
        let n = text.lines().count();
        if n > FILE_LIMIT && file_reason(text).is_none() {
            out.push(format!("{path}: {n} lines (limit {FILE_LIMIT})"));
        }
        for f in functions(text) {
            if f.len > FN_LIMIT && f.reason.is_none() {
                out.push(format!(
                    "{path}:{} fn {}: {} lines (limit {FN_LIMIT})",
                    f.line, f.name, f.len
                ));
            }
        }
    }
    out
}

#[test]
fn files_and_functions_are_of_a_readable_size_or_say_why() {
    let sources = sources();
    // The walk saw the crate, and the counter its functions.
    assert!(sources.len() > 100, "{}", sources.len());
    let main = &sources.iter().find(|(p, _)| p == "src/main.rs").unwrap().1;
    assert!(functions(main).iter().any(|f| f.name == "main"));
    let found = oversized(&sources);
    assert!(
        found.is_empty(),
        "over the size limits without a stated reason (split along the seams, or say why \
         with `//! Size: …` at the top of the file / `// Size: …` above the fn):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_size_counter_counts_a_function_from_its_signature_to_its_closing_brace() {
    let sample = r##"//! A sample.
//! Size: one long table, as data.

/// Doc.
// Size: a flat match of ids.
#[inline]
pub(crate) fn long<'a>(x: &'a [u8; 3]) -> &'a str {
    let s = "a } brace and fn fake() { in a string";
    let r = r#"a raw "}" string"#;
    let c = '{';
    let e = '\'';
    // fn commented() {
    /* } */
    fn inner() {
        let _ = b'}';
    }
    s
}

trait T {
    fn declared(&self);
    fn with_default(&self) -> u8 {
        1
    }
}

fn after() {}
"##;
    let found = functions(sample);
    let spans: Vec<(&str, usize, usize)> = found
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.len))
        .collect();
    assert_eq!(
        spans,
        vec![
            ("long", 7, 12),
            ("inner", 14, 3),
            ("with_default", 22, 3),
            ("after", 27, 1),
        ]
    );
    assert_eq!(found[0].reason.as_deref(), Some("a flat match of ids."));
    assert_eq!(found[1].reason, None);
    assert_eq!(
        file_reason(sample).as_deref(),
        Some("one long table, as data.")
    );
    // Over the limits, a file and a function without a reason are listed
    // with where they start and how long they are; with one, they are not.
    let body = "    let x = 1;\n".repeat(FN_LIMIT);
    let long_fn = format!("fn big() {{\n{body}}}\n");
    let padding = "\n".repeat(FILE_LIMIT);
    let plain = format!("//! No reason.\n{long_fn}{padding}");
    let listed = oversized(&[("src/x.rs".to_string(), plain)]);
    assert_eq!(
        listed,
        vec![
            format!(
                "src/x.rs: {} lines (limit {FILE_LIMIT})",
                FILE_LIMIT + FN_LIMIT + 3
            ),
            format!(
                "src/x.rs:2 fn big: {} lines (limit {FN_LIMIT})",
                FN_LIMIT + 2
            ),
        ]
    );
    let reasoned = format!("//! Size: a table.\n// Size: a table.\n{long_fn}{padding}");
    assert!(oversized(&[("src/y.rs".to_string(), reasoned)]).is_empty());
}
