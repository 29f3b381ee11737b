//! The HTML deck in a real browser: headless Chromium driven over WebDriver
//! (chromedriver), with a few lines of HTTP instead of a driver crate.
//!
//! `.ci/run` installs Debian's `chromium` and `chromium-driver`. Without
//! them the test is skipped locally, but fails under CI (`CI` set), so CI can
//! never pass it silently.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

pub(crate) struct Driver {
    child: Child,
    port: u16,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = request(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let body = body.map(Value::to_string).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(req.as_bytes())
        .map_err(|e| e.to_string())?;
    // Read the head, then exactly the body: chromedriver may keep the
    // connection open whatever `Connection: close` says.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    let mut rest = raw[head_end..].to_vec();
    loop {
        let done = match length {
            Some(n) => rest.len() >= n,
            None if chunked => rest.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        rest.extend_from_slice(&buf[..n]);
    }
    let body = if chunked {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(eol) = rest[at..].windows(2).position(|w| w == b"\r\n") {
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&rest[at..at + eol]).trim(), 16)
                    .map_err(|e| e.to_string())?;
            if size == 0 {
                break;
            }
            let start = at + eol + 2;
            out.extend_from_slice(&rest[start..(start + size).min(rest.len())]);
            at = start + size + 2;
        }
        String::from_utf8_lossy(&out).into_owned()
    } else {
        String::from_utf8_lossy(&rest[..length.unwrap_or(rest.len()).min(rest.len())]).into_owned()
    };
    let v: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
    if let Some(err) = v["value"]["error"].as_str() {
        return Err(format!("{err}: {}", v["value"]["message"]));
    }
    Ok(v)
}

pub(crate) fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn start(profile: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let deadline = Instant::now() + Duration::from_secs(20);
    while request(port, "GET", "/status", None).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,720", format!("--user-data-dir={}", profile.display())]
    }}}});
    let v = request(port, "POST", "/session", Some(&caps)).expect("new session");
    let session = v["value"]["sessionId"]
        .as_str()
        .expect("session id")
        .to_string();
    Driver {
        child,
        port,
        session,
    }
}

impl Driver {
    pub(crate) fn post(&self, path: &str, body: Value) -> Value {
        request(
            self.port,
            "POST",
            &format!("/session/{}{path}", self.session),
            Some(&body),
        )
        .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub(crate) fn get(&self, path: &str) -> Value {
        request(
            self.port,
            "GET",
            &format!("/session/{}{path}", self.session),
            None,
        )
        .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub(crate) fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": []}))["value"].clone()
    }

    pub(crate) fn key(&self, key: &str) {
        self.post(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]}),
        );
    }
}

pub(crate) fn available() -> bool {
    let found = (Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists())
        .then(|| PathBuf::from(CHROMIUM));
    crate::common::need(
        "Chromium and chromedriver (chromium, chromium-driver)",
        found,
    )
    .is_some()
}

/// Every element, of every slide, outside its slide's box: `slide: element`.
const OVERFLOWING: &str = "const out = [];
     for (const s of document.querySelectorAll('.slide')) {
       s.hidden = false;
       const box = s.getBoundingClientRect();
       for (const e of s.querySelectorAll('*')) {
         const r = e.getBoundingClientRect();
         if (r.width === 0 && r.height === 0) continue;
         if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
           out.push(s.dataset.n + ': ' + e.tagName + ' ' + (e.textContent || '').slice(0, 40));
       }
       if (s.classList.contains('overflowing')) out.push(s.dataset.n + ': overflowing');
       s.hidden = !s.classList.contains('active');
     }
     return out;";

#[test]
fn the_html_deck_presents_in_a_real_browser() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("deck.html");
    let o = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args([
            "render",
            "examples/b2b-saas.toml",
            "--format",
            "html",
            "-o",
            html.to_str().unwrap(),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let driver = start(&dir.path().join("profile"));
    driver.post("/url", json!({"url": format!("file://{}", html.display())}));
    let visible = "const s = document.querySelectorAll('.slide:not([hidden])'); return [s.length, s[0].dataset.n, location.hash, s[0].querySelector('h1') && s[0].querySelector('h1').textContent];";
    let v = driver.script(visible);
    assert_eq!(v[0], 1, "one slide at a time");
    assert_eq!(v[1], "1");

    // → three times: slide 4, and the URL says so.
    for _ in 0..3 {
        driver.key("\u{E014}");
    }
    let v = driver.script(visible);
    assert_eq!(v[1], "4", "{v}");
    assert_eq!(v[2], "#4");
    assert_eq!(
        v[3],
        "Buying committees grew from 6 to 9 people; 70% of the journey happens before Sales is contacted"
    );

    // Home and End.
    driver.key("\u{E011}");
    assert_eq!(driver.script(visible)[1], "1");
    driver.key("\u{E010}");
    // 23 slides: its two budget levels and two triggers are lines on the
    // scenarios and risk slides, and how each objective is measured is on
    // the forecast slide (deck::structure::layout); each extra euro's
    // return is in the scenarios slide's notes, the next €1k per channel
    // a table on the curves slide.
    assert_eq!(driver.script(visible)[1], "23");

    // A link to a slide opens that slide.
    driver.post(
        "/url",
        json!({"url": format!("file://{}#10", html.display())}),
    );
    let v = driver.script(visible);
    assert_eq!(v[1], "10", "{v}");
    assert_eq!(
        v[3],
        "Moving €707k, most of it from Trade shows and field events to Content and SEO, adds €1.21M of marketing-sourced pipeline (+6.6%)"
    );

    // No element of any slide overflows its slide's box.
    let overflow = driver.script(OVERFLOWING);
    assert_eq!(overflow, json!([]), "elements outside their slide");

    // A screenshot, for people to look at.
    let png = decode_base64(driver.get("/screenshot")["value"].as_str().unwrap());
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-deck-slide-9.png");
    std::fs::write(&shot, png).unwrap();
    eprintln!("screenshot: {}", shot.display());
}

#[test]
fn the_status_deck_presents_in_a_real_browser() {
    if !available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("status.html");
    let o = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args([
            "render",
            "examples/b2b-saas.toml",
            "--deck",
            "status",
            "--format",
            "html",
            "-o",
        ])
        .arg(&html)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let driver = start(&dir.path().join("profile"));
    driver.post(
        "/url",
        json!({"url": format!("file://{}#3", html.display())}),
    );
    let v = driver.script(
        "const s = document.querySelector('.slide:not([hidden])'); \
         return [document.querySelectorAll('.slide').length, s.querySelector('h1').textContent, \
                 s.querySelectorAll('svg rect').length];",
    );
    assert!(v[0].as_u64().unwrap() >= 9, "{v}");
    assert!(
        v[1].as_str()
            .unwrap()
            .starts_with("Spend by channel against the phased plan"),
        "{v}"
    );
    assert!(v[2].as_u64().unwrap() >= 9, "a bar per line: {v}");
    assert_eq!(
        driver.script(OVERFLOWING),
        json!([]),
        "elements outside their slide"
    );
}
