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
