//! `mvplan serve` over HTTP: the security rules (token, Host, Origin and
//! CSRF, the sandbox, bounded bodies, malformed requests), saving with
//! conflict detection, and decisions written back into plans. The page in
//! a real browser: `serve_browser.rs`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

pub const TOKEN: &str = "t0ken0for0the0tests0only0000000";

/// A running `mvplan serve DIR`, stopped when dropped.
pub struct Served {
    child: Child,
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(dir: &Path) -> Served {
    serve_with(env!("CARGO_BIN_EXE_mvplan"), dir)
}

/// `mvplan serve DIR` run from `bin`, on a free port, with the test token.
fn serve_with(bin: &str, dir: &Path) -> Served {
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0"])
        .arg(dir)
        .env("MVPLAN_SERVE_TOKEN", TOKEN)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mvplan serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address");
    let port = line
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("an address with a port: {line:?}"));
    assert!(line.trim().ends_with(&format!("/?token={TOKEN}")), "{line}");
    Served { child, port }
}

/// A response: status, headers (lower-case names) and body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// Sends raw bytes, reads the reply to the end (`Connection: close`).
pub fn raw(port: u16, bytes: &[u8]) -> Option<Response> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    s.write_all(bytes).ok()?;
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let end = out.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&out[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = out[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(eol) = raw[at..].windows(2).position(|w| w == b"\r\n") {
        let Ok(size) =
            usize::from_str_radix(String::from_utf8_lossy(&raw[at..at + eol]).trim(), 16)
        else {
            break;
        };
        if size == 0 {
            break;
        }
        let start = at + eol + 2;
        out.extend_from_slice(&raw[start..(start + size).min(raw.len())]);
        at = start + size + 2;
    }
    out
}

/// A request with the usual headers; `extra` adds (or, given first, replaces) some.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    extra: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Response {
    let host = format!("127.0.0.1:{port}");
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !extra.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {host}\r\n"));
    }
    for (n, v) in extra {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    let body = body.unwrap_or_default();
    if method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    raw(port, &bytes).expect("a response")
}

/// The page's CSRF token (from the start page's `data-csrf`).
pub fn csrf(port: u16) -> String {
    let page = http(port, "GET", "/", &[("Cookie", &cookie())], None).text();
    let at = page.find("data-csrf=\"").expect("data-csrf") + "data-csrf=\"".len();
    page[at..at + 32].to_string()
}

pub fn cookie() -> String {
    format!("mvplan_token={TOKEN}")
}

/// A POST as the page makes it: cookie, Origin, CSRF token, JSON.
pub fn post(port: u16, path: &str, body: &Value) -> Response {
    let origin = format!("http://127.0.0.1:{port}");
    let csrf = csrf(port);
    http(
        port,
        "POST",
        path,
        &[
            ("Cookie", &cookie()),
            ("Origin", &origin),
            ("X-CSRF-Token", &csrf),
            ("Content-Type", "application/json"),
        ],
        Some(body.to_string().as_bytes()),
    )
}

fn plans() -> tempfile::TempDir {
    crate::common::example_portfolio()
}

#[test]
fn every_request_needs_the_token() {
    let dir = plans();
    let s = serve(dir.path());
    for path in [
        "/",
        "/plan/motion.toml",
        "/api/text/motion.toml",
        "/api/schema",
        "/portfolio",
    ] {
        let r = http(s.port, "GET", path, &[], None);
        assert_eq!(r.status, 403, "{path} without a token");
        assert!(!r.text().contains("[plan]"), "{path} leaks the plan");
        let wrong = http(
            s.port,
            "GET",
            path,
            &[("Cookie", "mvplan_token=wrong")],
            None,
        );
        assert_eq!(wrong.status, 403, "{path} with a wrong token");
    }
    // `?token=` sets the cookie and takes the token out of the address.
    let r = http(
        s.port,
        "GET",
        &format!("/plan/motion.toml?token={TOKEN}"),
        &[],
        None,
    );
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/plan/motion.toml"));
    let set = r.header("set-cookie").unwrap();
    assert!(
        set.contains(&format!("mvplan_token={TOKEN}"))
            && set.contains("HttpOnly")
            && set.contains("SameSite=Strict"),
        "{set}"
    );
    // With the cookie: the page, with its security headers.
    let r = http(
        s.port,
        "GET",
        "/plan/motion.toml",
        &[("Cookie", &cookie())],
        None,
    );
    assert_eq!(r.status, 200);
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
            && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(!r.text().contains("<script>"), "no inline script");
    // The token as a header (scripts).
    let r = http(
        s.port,
        "GET",
        "/api/text/motion.toml",
        &[("X-Mvplan-Token", TOKEN)],
        None,
    );
    assert_eq!(r.status, 200);
    assert!(r.json()["text"].as_str().unwrap().contains("[plan]"));
}

#[test]
fn a_foreign_host_is_refused() {
    let dir = plans();
    let s = serve(dir.path());
    // DNS rebinding: evil.example resolved to 127.0.0.1 sends its own name.
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{}", s.port),
        format!("127.0.0.1:{}", s.port + 1),
        String::new(),
    ] {
        let r = http(
            s.port,
            "GET",
            "/api/text/motion.toml",
            &[("Host", &host), ("Cookie", &cookie())],
            None,
        );
        assert_eq!(r.status, 403, "Host: {host}");
    }
    let ok = http(
        s.port,
        "GET",
        "/api/text/motion.toml",
        &[
            ("Host", &format!("localhost:{}", s.port)),
            ("Cookie", &cookie()),
        ],
        None,
    );
    assert_eq!(ok.status, 200, "localhost is the loopback address");
}

#[test]
fn a_change_needs_this_origin_and_the_csrf_token() {
    let dir = plans();
    let s = serve(dir.path());
    let before = std::fs::read(dir.path().join("motion.toml")).unwrap();
    let version = http(
        s.port,
        "GET",
        "/api/text/motion.toml",
        &[("Cookie", &cookie())],
        None,
    )
    .json()["version"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"text": "[plan]\n# overwritten\n", "version": version}).to_string();
    let csrf = csrf(s.port);
    let origin = format!("http://127.0.0.1:{}", s.port);
    let c = cookie();
    let attempts: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "cross-origin",
            vec![
                ("Cookie", &c),
                ("Origin", "http://evil.example"),
                ("X-CSRF-Token", &csrf),
            ],
        ),
        ("no Origin", vec![("Cookie", &c), ("X-CSRF-Token", &csrf)]),
        ("no CSRF token", vec![("Cookie", &c), ("Origin", &origin)]),
        (
            "a wrong CSRF token",
            vec![
                ("Cookie", &c),
                ("Origin", &origin),
                ("X-CSRF-Token", "0123456789abcdef0123456789abcdef"),
            ],
        ),
        (
            "no access token",
            vec![("Origin", &origin), ("X-CSRF-Token", &csrf)],
        ),
    ];
    for (what, headers) in attempts {
        let r = http(
            s.port,
            "POST",
            "/api/save/motion.toml",
            &headers,
            Some(body.as_bytes()),
        );
        assert_eq!(r.status, 403, "{what}: {}", r.text());
    }
    assert_eq!(
        std::fs::read(dir.path().join("motion.toml")).unwrap(),
        before,
        "the plan is untouched"
    );
    // Methods other than GET and POST change nothing either.
    let r = http(
        s.port,
        "DELETE",
        "/api/save/motion.toml",
        &[
            ("Cookie", &cookie()),
            ("Origin", &origin),
            ("X-CSRF-Token", &csrf),
        ],
        None,
    );
    assert!(r.status == 405 || r.status == 403, "{}", r.status);
}

#[test]
fn nothing_outside_the_folder_is_read_or_written() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("plans");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        crate::common::root().join("examples/portfolio/motion.toml"),
        dir.join("motion.toml"),
    )
    .unwrap();
    std::fs::write(
        outer.path().join("secret.toml"),
        "[plan]\ntitle = \"SECRET\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outer.path().join("secret.toml"), dir.join("link.toml")).unwrap();
    std::os::unix::fs::symlink(outer.path(), dir.join("up")).unwrap();
    std::fs::create_dir(dir.join("sub.toml")).unwrap();
    let s = serve(&dir);
    let c = cookie();
    for path in [
        "/api/text/../secret.toml",
        "/api/text/%2e%2e/secret.toml",
        "/api/text/%2E%2E%2Fsecret.toml",
        "/api/text/..%2fsecret.toml",
        "/api/text/link.toml",
        "/api/text/up/secret.toml",
        "/api/text/up/plans/../secret.toml",
        "/api/text//etc/passwd",
        "/api/text/%2Fetc%2Fpasswd",
        "/api/text/sub.toml",
        "/api/text/.%2Fmotion.toml",
        "/api/text/motion.toml%00.txt",
        "/plan/%2e%2e/secret.toml",
        "/preview/..%2Fsecret.toml",
        "/download/..%2Fsecret.toml?format=md",
        "/assets/../motion.toml",
    ] {
        let r = http(s.port, "GET", path, &[("Cookie", &c)], None);
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert!(!r.text().contains("SECRET"), "{path} leaked the secret");
    }
    // Nor written: a save through a symbolic link or `..` is not found.
    for path in [
        "/api/save/link.toml",
        "/api/save/..%2Fsecret.toml",
        "/api/save/up/secret.toml",
    ] {
        let r = post(s.port, path, &json!({"text": "x", "version": "0"}));
        assert_eq!(r.status, 404, "{path}");
    }
    let r = post(
        s.port,
        "/api/optimised/motion.toml",
        &json!({"percent": 0, "output": "../out.toml"}),
    );
    assert_eq!(r.status, 404, "{}", r.text());
    assert!(!outer.path().join("out.toml").exists());
    assert_eq!(
        std::fs::read_to_string(outer.path().join("secret.toml")).unwrap(),
        "[plan]\ntitle = \"SECRET\"\n"
    );
}

#[test]
fn an_oversize_body_is_refused_and_malformed_requests_do_no_harm() {
    let dir = plans();
    let s = serve(dir.path());
    let origin = format!("http://127.0.0.1:{}", s.port);
    let csrf = csrf(s.port);
    // Declared too large: refused before it is read.
    let head = format!(
        "POST /api/draft/motion.toml HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nOrigin: {origin}\r\nX-CSRF-Token: {csrf}\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n",
        s.port,
        cookie()
    );
    let r = raw(s.port, head.as_bytes()).expect("a reply");
    assert_eq!(r.status, 413);
    // Sent too large (chunked, no length): refused after the limit.
    let mut big = format!(
        "POST /api/draft/motion.toml HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nOrigin: {origin}\r\nX-CSRF-Token: {csrf}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        s.port,
        cookie()
    )
    .into_bytes();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..5 {
        big.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        big.extend_from_slice(&chunk);
        big.extend_from_slice(b"\r\n");
    }
    big.extend_from_slice(b"0\r\n\r\n");
    let r = raw(s.port, &big).expect("a reply");
    assert_eq!(r.status, 413);
    // Malformed: garbage, a request line only, a bad escape, bad JSON, a
    // huge header, a connection closed half-way.
    let garbage: Vec<Vec<u8>> = vec![
        b"\x00\x01\x02\xff\xfe\r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        format!("GET /api/text/%zz HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n", s.port, cookie()).into_bytes(),
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Big: {}\r\nConnection: close\r\n\r\n", s.port, "x".repeat(100_000)).into_bytes(),
        b"POST /api/draft/motion.toml HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc".to_vec(),
    ];
    // Each sent and its connection closed (the last one half-way through
    // its body), as a scanner or a dropped client leaves them; the reply,
    // if any, is read to the end.
    for g in &garbage {
        if let Ok(mut c) = TcpStream::connect(("127.0.0.1", s.port)) {
            c.set_read_timeout(Some(Duration::from_secs(30))).ok();
            let _ = c.write_all(g);
            let _ = c.shutdown(std::net::Shutdown::Write);
            let _ = c.read_to_end(&mut Vec::new());
        }
    }
    let r = post(s.port, "/api/draft/motion.toml", &json!("not an object"));
    assert_eq!(r.status, 400);
    let r = http(
        s.port,
        "POST",
        "/api/draft/motion.toml",
        &[
            ("Cookie", &cookie()),
            ("Origin", &origin),
            ("X-CSRF-Token", &csrf),
        ],
        Some(b"{not json"),
    );
    assert_eq!(r.status, 400);
    // Still serving.
    let r = http(
        s.port,
        "GET",
        "/api/text/motion.toml",
        &[("Cookie", &cookie())],
        None,
    );
    assert_eq!(r.status, 200, "the server survived");
}

#[test]
fn a_draft_is_checked_and_previewed_and_plan_text_is_escaped() {
    let dir = plans();
    std::fs::copy(
        crate::common::root().join("examples/portfolio/motion.actuals.csv"),
        dir.path().join("motion.actuals.csv"),
    )
    .unwrap();
    let s = serve(dir.path());
    let text = std::fs::read_to_string(dir.path().join("motion.toml")).unwrap();
    let r = post(
        s.port,
        "/api/draft/motion.toml",
        &json!({"page": "p1", "text": text, "deck": "pitch"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let clean = r.json();
    assert!(clean["score"].as_u64().is_some(), "{clean}");
    let preview = clean["preview"]
        .as_str()
        .expect("a preview address")
        .to_string();
    let p = http(s.port, "GET", &preview, &[("Cookie", &cookie())], None);
    assert_eq!(p.status, 200);
    let csp = p.header("content-security-policy").unwrap();
    assert!(
        csp.contains("sandbox allow-scripts") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    // A title with markup, and an unknown key: the finding is at its line,
    // and the markup is text in the preview.
    let broken = text
        .replacen("[plan]\n", "[plan]\ncolour = \"blue\"\n", 1)
        .replacen("title = \"", "title = \"<script>alert(1)</script>", 1);
    let r = post(
        s.port,
        "/api/draft/motion.toml",
        &json!({"page": "p1", "text": broken, "deck": "pitch"}),
    )
    .json();
    let line = broken
        .lines()
        .position(|l| l.starts_with("colour"))
        .unwrap()
        + 1;
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["message"].as_str().unwrap_or("").contains("colour"))
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(f["line"], line, "{f}");
    assert_eq!(f["severity"], "error");
    if let Some(preview) = r["preview"].as_str() {
        let html = http(s.port, "GET", preview, &[("Cookie", &cookie())], None).text();
        assert!(
            !html.contains("<script>alert(1)"),
            "plan text as markup in the preview"
        );
    }
    // Downloads of the deck and the budget workbook, as attachments.
    for (format, magic) in [
        ("pdf", &b"%PDF"[..]),
        ("pptx", b"PK"),
        ("xlsx", b"PK"),
        ("html", b"<!doctype html"),
        ("md", b"---"),
    ] {
        let r = http(
            s.port,
            "GET",
            &format!("/download/motion.toml?format={format}"),
            &[("Cookie", &cookie())],
            None,
        );
        assert_eq!(r.status, 200, "{format}: {}", r.text());
        assert!(
            r.body.starts_with(magic),
            "{format}: {:?}",
            &r.body[..r.body.len().min(20)]
        );
        assert!(
            r.header("content-disposition")
                .unwrap()
                .contains(&format!("motion.{format}")),
            "{format}"
        );
    }
    // The other workbooks: the actuals template; the variance (motion names
    // its actuals).
    for what in ["actuals-template", "variance"] {
        let r = http(
            s.port,
            "GET",
            &format!("/download/motion.toml?format=xlsx&what={what}"),
            &[("Cookie", &cookie())],
            None,
        );
        assert_eq!(r.status, 200, "{what}: {}", r.text());
        assert!(r.body.starts_with(b"PK"), "{what}");
    }
    let r = http(
        s.port,
        "GET",
        "/download/motion.toml?format=pdf&deck=mvp",
        &[("Cookie", &cookie())],
        None,
    );
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("motion.mvp.pdf")
    );
    // The file on disk is not touched by drafts.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("motion.toml")).unwrap(),
        text
    );
}

#[test]
fn saving_detects_a_change_on_disk() {
    let dir = plans();
    let s = serve(dir.path());
    let path = dir.path().join("motion.toml");
    let loaded = http(
        s.port,
        "GET",
        "/api/text/motion.toml",
        &[("Cookie", &cookie())],
        None,
    )
    .json();
    let version = loaded["version"].as_str().unwrap().to_string();
    let text = loaded["text"].as_str().unwrap().to_string();
    // Saved: written, and the new version returned.
    let mine = text.replacen("[plan]\n", "[plan]\n# edited in the browser\n", 1);
    let r = post(
        s.port,
        "/api/save/motion.toml",
        &json!({"text": mine, "version": version}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), mine);
    let new_version = r.json()["version"].as_str().unwrap().to_string();
    // Someone else edits the file; a save from the old version is refused.
    let theirs = mine.replacen("# edited in the browser", "# edited in vim", 1);
    std::fs::write(&path, &theirs).unwrap();
    let r = post(
        s.port,
        "/api/save/motion.toml",
        &json!({"text": mine + "# again\n", "version": new_version}),
    );
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(
        r.json()["text"],
        theirs.as_str(),
        "the conflict shows what is on disk"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "the file is untouched"
    );
    // No temporary file left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_decision_is_written_into_the_plan() {
    let dir = plans();
    let s = serve(dir.path());
    let path = dir.path().join("automation.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    let old = dir.path().join("automation.before.toml.txt");
    std::fs::write(&old, &before).unwrap();
    let check_before = crate::common::run_in(dir.path(), &["check", "automation.toml"]);
    let asks = http(
        s.port,
        "GET",
        "/api/portfolio",
        &[("Cookie", &cookie())],
        None,
    )
    .json();
    assert!(
        asks["asks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "fa-budget" && a["file"] == "automation.toml"),
        "{asks}"
    );
    let r = post(
        s.port,
        "/api/ask/automation.toml",
        &json!({"ask": "fa-budget", "decision": "approved", "by": "Chief \"Marketing\" Officer\n[plan]"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let after = std::fs::read_to_string(&path).unwrap();
    // A minimal edit: the ask's lines gain three keys, nothing else moves.
    let removed: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    assert!(removed.is_empty(), "lines changed: {removed:?}");
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added.len(), 3, "{added:?}");
    assert!(added.contains(&"status = \"approved\""), "{added:?}");
    assert!(
        added.contains(&"decided_by = 'Chief \"Marketing\" Officer[plan]'"),
        "escaped, one line: {added:?}"
    );
    assert!(
        added.iter().any(|l| l.starts_with("decided_on = 20")),
        "{added:?}"
    );
    // `mvplan check` says what it said before; `mvplan diff` shows the decision.
    let check_after = crate::common::run_in(dir.path(), &["check", "automation.toml"]);
    assert_eq!(
        check_after.status.code(),
        check_before.status.code(),
        "{}",
        crate::common::stdout(&check_after)
    );
    std::fs::write(dir.path().join("old.toml"), &before).unwrap();
    let diff = crate::common::run_in(
        dir.path(),
        &["diff", "old.toml", "automation.toml", "--format", "json"],
    );
    let diff_text = crate::common::stdout(&diff);
    assert!(
        diff_text.contains("approved") && diff_text.contains("fa-budget"),
        "{diff_text}"
    );
    // The plan's status, likewise.
    let r = post(
        s.port,
        "/api/status/automation.toml",
        &json!({"status": "submitted", "by": "CMO"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("status_by = \"CMO\""), "{after}");
    let json = crate::common::run_in(
        dir.path(),
        &["check", "automation.toml", "--format", "json"],
    );
    assert!(crate::common::stdout(&json).contains("\"status\""));
    // An ask that isn't there, or nobody named, changes nothing.
    let r = post(
        s.port,
        "/api/ask/automation.toml",
        &json!({"ask": "nope", "decision": "approved", "by": "CMO"}),
    );
    assert_eq!(r.status, 422);
    let r = post(
        s.port,
        "/api/ask/automation.toml",
        &json!({"ask": "fa-budget", "decision": "declined", "by": " "}),
    );
    assert_eq!(r.status, 422);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn the_optimiser_runs_at_a_budget_level() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::common::root().join("examples/b2b-saas.toml"),
        dir.path().join("b2b.toml"),
    )
    .unwrap();
    let s = serve(dir.path());
    let at = |percent: i64| {
        post(
            s.port,
            "/api/optimise/b2b.toml",
            &json!({"percent": percent}),
        )
        .json()
    };
    let plan = at(0);
    let more = at(50);
    let total = |v: &Value| {
        v["result"]["levels"][0]["pool"]
            .as_str()
            .map(|s| s.parse::<f64>().unwrap())
            .or_else(|| v["result"]["levels"][0]["pool"].as_f64())
            .unwrap_or_else(|| panic!("{v}"))
    };
    assert!(
        (total(&more) / total(&plan) - 1.5).abs() < 0.01,
        "{} vs {}",
        total(&more),
        total(&plan)
    );
    assert!(!plan["curves"].as_array().unwrap().is_empty());
    // Written as `optimize -o` writes it, never over the plan.
    let r = post(
        s.port,
        "/api/optimised/b2b.toml",
        &json!({"percent": 0, "output": "b2b.toml"}),
    );
    assert_eq!(r.status, 409);
    let r = post(
        s.port,
        "/api/optimised/b2b.toml",
        &json!({"percent": 0, "output": "optimized.toml"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let check = crate::common::run_in(dir.path(), &["check", "optimized.toml"]);
    assert_ne!(
        check.status.code(),
        Some(2),
        "{}",
        crate::common::stdout(&check)
    );
}

/// `MVPLAN_BIN` (a release build, for figures) or the test build.
fn bench_server(dir: &Path) -> Served {
    let bin = std::env::var("MVPLAN_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_mvplan").into());
    serve_with(&bin, dir)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The keystroke benchmark (run by `benches/serve.sh` on a release build):
/// 200 edits of the B2B example, one after another, each checked and
/// previewed; the server's own time (`ms` in the reply) and the round trip.
#[test]
#[ignore = "a benchmark: benches/serve.sh runs it"]
fn bench_keystroke_to_diagnostics_and_preview() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::common::root().join("examples/b2b-saas.toml"),
        dir.path().join("b2b.toml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(dir.path().join("b2b.toml")).unwrap();
    let s = bench_server(dir.path());
    let (csrf, c) = (csrf(s.port), cookie());
    let origin = format!("http://127.0.0.1:{}", s.port);
    let (mut server, mut round) = (Vec::new(), Vec::new());
    for i in 0..220 {
        // A keystroke: the title grows by one letter.
        let edited = text.replacen("title = \"", &format!("title = \"{}", "x".repeat(i % 7)), 1);
        let started = std::time::Instant::now();
        let body = json!({"page": "bench", "text": edited, "deck": "pitch"}).to_string();
        let r = http(
            s.port,
            "POST",
            "/api/draft/b2b.toml",
            &[("Cookie", &c), ("Origin", &origin), ("X-CSRF-Token", &csrf)],
            Some(body.as_bytes()),
        );
        let took = started.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(r.status, 200);
        let j = r.json();
        assert!(j["preview"].is_string(), "{j}");
        if i >= 20 {
            server.push(j["ms"].as_f64().unwrap());
            round.push(took);
        }
    }
    server.sort_by(f64::total_cmp);
    round.sort_by(f64::total_cmp);
    eprintln!(
        "keystroke → findings + preview (b2b, 200 edits): server p50 {:.1} ms, p99 {:.1} ms; round trip p50 {:.1} ms, p99 {:.1} ms",
        percentile(&server, 0.5),
        percentile(&server, 0.99),
        percentile(&round, 0.5),
        percentile(&round, 0.99)
    );
}

/// The load test (run by `benches/serve.sh`): 50 clients for 30 s
/// (`MVPLAN_LOAD_SECS`), each editing and previewing one of the example
/// plans in a loop: a draft, its preview, now and then the text and the
/// portfolio summary. No request may fail; p50 and p99 are printed.
#[test]
#[ignore = "a load test: benches/serve.sh runs it"]
fn load_fifty_clients_editing_and_previewing() {
    let dir = crate::common::example_portfolio();
    std::fs::copy(
        crate::common::root().join("examples/b2b-saas.toml"),
        dir.path().join("b2b.toml"),
    )
    .unwrap();
    let secs: u64 = std::env::var("MVPLAN_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let s = bench_server(dir.path());
    let port = s.port;
    let csrf = csrf(port);
    let plans = [
        "b2b.toml",
        "motion.toml",
        "automation.toml",
        "eshop.toml",
        "sensors.toml",
    ];
    let texts: Vec<String> = plans
        .iter()
        .map(|p| std::fs::read_to_string(dir.path().join(p)).unwrap())
        .collect();
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    let results: Vec<(Vec<f64>, usize, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|client| {
                let csrf = csrf.clone();
                let texts = &texts;
                scope.spawn(move || {
                    let origin = format!("http://127.0.0.1:{port}");
                    let c = cookie();
                    let (mut times, mut errors, mut n) = (Vec::new(), 0, 0);
                    while std::time::Instant::now() < deadline {
                        let which = (client + n) % plans.len();
                        let text = texts[which].replacen(
                            "[plan]\n",
                            &format!("[plan]\n# client {client} edit {n}\n"),
                            1,
                        );
                        let body =
                            json!({"page": format!("c{client}"), "text": text, "deck": "pitch"})
                                .to_string();
                        let started = std::time::Instant::now();
                        let r = http(
                            port,
                            "POST",
                            &format!("/api/draft/{}", plans[which]),
                            &[("Cookie", &c), ("Origin", &origin), ("X-CSRF-Token", &csrf)],
                            Some(body.as_bytes()),
                        );
                        times.push(started.elapsed().as_secs_f64() * 1000.0);
                        if r.status != 200 {
                            errors += 1;
                        } else if let Some(preview) = r.json()["preview"].as_str() {
                            let started = std::time::Instant::now();
                            let p = http(port, "GET", preview, &[("Cookie", &c)], None);
                            times.push(started.elapsed().as_secs_f64() * 1000.0);
                            if p.status != 200 || !p.text().contains("<html") {
                                errors += 1;
                            }
                        }
                        if n % 10 == 0 {
                            let started = std::time::Instant::now();
                            let t = http(
                                port,
                                "GET",
                                &format!("/api/text/{}", plans[which]),
                                &[("Cookie", &c)],
                                None,
                            );
                            times.push(started.elapsed().as_secs_f64() * 1000.0);
                            if t.status != 200 {
                                errors += 1;
                            }
                        }
                        n += 1;
                    }
                    (times, errors, n)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut all: Vec<f64> = results.iter().flat_map(|r| r.0.iter().copied()).collect();
    let errors: usize = results.iter().map(|r| r.1).sum();
    let edits: usize = results.iter().map(|r| r.2).sum();
    all.sort_by(f64::total_cmp);
    eprintln!(
        "load: 50 clients, {secs} s: {edits} edits, {} requests ({:.0}/s), {errors} errors; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.len(),
        all.len() as f64 / secs as f64,
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or(f64::NAN)
    );
    assert_eq!(errors, 0, "requests failed under load");
    // Still answering afterwards.
    assert_eq!(
        http(
            port,
            "GET",
            "/api/text/b2b.toml",
            &[("Cookie", &cookie())],
            None
        )
        .status,
        200
    );
}

#[test]
fn ctrl_c_stops_the_server_cleanly_and_another_host_is_warned_about() {
    let dir = plans();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args(["serve", "--port", "0", "--host", "0.0.0.0"])
        .arg(dir.path())
        .env("MVPLAN_SERVE_TOKEN", TOKEN)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mvplan serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .strip_prefix("http://0.0.0.0:")
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    // Reached by an address, still only with the token; a name is refused.
    assert_eq!(
        http(port, "GET", "/api/text/motion.toml", &[], None).status,
        403
    );
    assert_eq!(
        http(
            port,
            "GET",
            "/api/text/motion.toml",
            &[("Cookie", &cookie())],
            None
        )
        .status,
        200
    );
    assert_eq!(
        http(
            port,
            "GET",
            "/api/text/motion.toml",
            &[
                ("Cookie", &cookie()),
                ("Host", &format!("evil.example:{port}"))
            ],
            None
        )
        .status,
        403
    );
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.contains("warning: listening on 0.0.0.0"), "{err}");
    assert!(err.contains("stopped"), "{err}");
}

#[test]
fn a_change_on_disk_is_pushed_to_the_page() {
    let dir = plans();
    let s = serve(dir.path());
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /events/motion.toml HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\n\r\n",
        s.port,
        cookie()
    )
    .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let mut read_until = |needle: &str, seen: &mut Vec<u8>| {
        while !String::from_utf8_lossy(seen).contains(needle) {
            let n = stream.read(&mut buf).unwrap_or_else(|e| {
                panic!(
                    "{e}: waiting for {needle} in {}",
                    String::from_utf8_lossy(seen)
                )
            });
            assert!(n > 0, "the stream ended: {}", String::from_utf8_lossy(seen));
            seen.extend_from_slice(&buf[..n]);
        }
    };
    read_until("event: hello", &mut seen);
    let head = String::from_utf8_lossy(&seen).to_string();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");
    // Another editor writes the plan: the page is told, with the new version.
    let text =
        std::fs::read_to_string(dir.path().join("motion.toml")).unwrap() + "\n# edited elsewhere\n";
    std::fs::write(dir.path().join("motion.toml"), &text).unwrap();
    read_until("event: changed", &mut seen);
    let version = http(
        s.port,
        "GET",
        "/api/text/motion.toml",
        &[("Cookie", &cookie())],
        None,
    )
    .json()["version"]
        .as_str()
        .unwrap()
        .to_string();
    read_until(&format!("data: {version}"), &mut seen);
    // Without the token, no stream.
    let r = http(s.port, "GET", "/events/motion.toml", &[], None);
    assert_eq!(r.status, 403);
}
