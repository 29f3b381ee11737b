//! The plan page's server side: the text and its version, a draft checked
//! and previewed as it is typed, saving with conflict detection, downloads,
//! and the stream that says when the file changed on disk.

use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::http::{self, Reply};
use super::{Request, State, pages};
use crate::app::{self, DeckJob, Event, Reporter};
use crate::render::Format;

/// A file's version: a hash of its bytes (a save compares it with the
/// version the page loaded; modification times can be too coarse).
pub fn version(bytes: &[u8]) -> String {
    // FNV-1a, 64 bits: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// One write at a time (a save, a decision), so that two can't both pass
/// the version check or edit the same old text.
pub static SAVING: Mutex<()> = Mutex::new(());

/// The decks a plan page previews.
const DECKS: [&str; 3] = ["pitch", "mvp", "status"];

/// The latest preview of each open page (a page id is random per load),
/// at most [`MAX_DRAFTS`], the oldest dropped first.
#[derive(Default)]
pub struct Drafts(Mutex<VecDeque<Draft>>);

const MAX_DRAFTS: usize = 64;

struct Draft {
    page: String,
    rel: String,
    html: Arc<Vec<u8>>,
}

impl Drafts {
    fn put(&self, page: &str, rel: &str, html: Vec<u8>) {
        let mut d = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        d.retain(|x| !(x.page == page && x.rel == rel));
        if d.len() >= MAX_DRAFTS {
            d.pop_front();
        }
        d.push_back(Draft {
            page: page.to_string(),
            rel: rel.to_string(),
            html: Arc::new(html),
        });
    }

    fn get(&self, page: &str, rel: &str) -> Option<Arc<Vec<u8>>> {
        let d = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        d.iter()
            .find(|x| x.page == page && x.rel == rel)
            .map(|x| x.html.clone())
    }
}

pub fn page(state: &State, rel: &str) -> Reply {
    match super::plan_file(state, rel) {
        Some(_) => pages::plan(state, rel),
        None => Reply::not_found(),
    }
}

/// `GET /api/text/PATH`: the plan's text and version.
pub fn text(state: &State, rel: &str) -> Reply {
    let Some(path) = super::plan_file(state, rel) else {
        return Reply::not_found();
    };
    match crate::source::read_regular(&path, http::MAX_BODY) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Reply::json(
                200,
                &json!({ "version": version(text.as_bytes()), "text": text }),
            ),
            Err(_) => Reply::error(422, "the plan is not UTF-8 text"),
        },
        Err(e) => Reply::error(404, &format!("cannot read the plan: {e}")),
    }
}

/// What a draft's check met, for the page.
#[derive(Default)]
struct Collected {
    report: Option<Value>,
    score: Option<u32>,
    coverage: Vec<Value>,
    other: Vec<Value>,
}

impl Reporter for Collected {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Checked(report) => {
                let doc: Value = serde_json::from_str(&crate::report::json::render(
                    std::slice::from_ref(report),
                ))
                .unwrap_or(Value::Null);
                self.report = Some(doc["files"][0].clone());
                if let Some(f) = &report.figures {
                    self.score = Some(f.score.total);
                    self.coverage = f
                        .objectives
                        .iter()
                        .map(|o| json!({ "objective": o.id, "coverage": o.coverage }))
                        .collect();
                }
            }
            Event::Findings { name, findings, .. } => {
                for f in findings {
                    self.other.push(json!({ "file": name, "severity": f.severity.as_str(), "rule": f.rule, "message": f.message }));
                }
            }
            Event::PolicyUsed(_) => {}
            Event::PolicyPassedOver { path, why } => self.other.push(json!({
                "file": path.display().to_string(), "severity": "warning", "rule": "policy",
                "message": format!("passed over the policy: {why}"),
            })),
        }
    }
}

/// Checks `text` as the plan at `path` and renders `deck` from it as HTML.
/// The server's one keystroke: what the benchmark times.
pub fn check_and_preview(path: &Path, text: String, deck: &str) -> (Value, Option<Vec<u8>>) {
    let started = Instant::now();
    let mut job = DeckJob::new(path, deck, Format::Html);
    job.text = Some(text);
    // The preview shows the deck even while the plan has errors (they are
    // on its health slide, and inline in the editor).
    job.force = true;
    let mut seen = Collected::default();
    let rendered = app::deck::render(&job, &mut app::Policies::default(), &mut seen);
    let (html, preview_error, problems) = match rendered {
        Ok(r) => {
            let problems: Vec<Value> = r
                .problems
                .iter()
                .filter(|p| p.severity != crate::diagnostic::Severity::Note)
                .map(|p| json!({ "severity": p.severity.as_str(), "message": p.message, "slide": p.slide }))
                .collect();
            (Some(r.bytes), None, problems)
        }
        // A plan that does not load has said why in its findings.
        Err(f) => (
            None,
            Some(
                f.message
                    .unwrap_or_else(|| "the plan does not load; the findings say why".into()),
            ),
            Vec::new(),
        ),
    };
    let report = seen.report.unwrap_or(Value::Null);
    let out = json!({
        "findings": report.get("findings").cloned().unwrap_or(json!([])),
        "tally": report.get("tally").cloned().unwrap_or(Value::Null),
        "status": report.get("status").cloned().unwrap_or(Value::Null),
        "score": seen.score,
        "coverage": seen.coverage,
        "other": seen.other,
        "problems": problems,
        "preview_error": preview_error,
        "ms": started.elapsed().as_secs_f64() * 1000.0,
    });
    (out, html)
}

/// `POST /api/draft/PATH` `{page, text, deck}`: findings, score, coverage,
/// and the address of the refreshed preview.
pub fn draft(state: &State, rel: &str, req: &Request<'_>) -> Reply {
    let Some(path) = super::plan_file(state, rel) else {
        return Reply::not_found();
    };
    let body = match req.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (Some(page), Some(text)) = (body["page"].as_str(), body["text"].as_str()) else {
        return Reply::error(400, "expected {page, text, deck}");
    };
    let deck = body["deck"].as_str().unwrap_or("pitch");
    if !DECKS.contains(&deck) || page.is_empty() || page.len() > 64 {
        return Reply::error(400, "unknown deck or page");
    }
    let (mut out, html) = check_and_preview(&path, text.to_string(), deck);
    if let Some(html) = html {
        state.drafts.put(page, rel, html);
        out["preview"] = json!(format!(
            "/preview/{}?page={}&deck={deck}&at={}",
            http::encode_path(rel),
            http::encode_path(page),
            chrono::Utc::now().timestamp_millis()
        ));
    }
    Reply::json(200, &out)
}

/// `GET /preview/PATH?page=…`: the page's latest preview (else the deck of
/// the file as saved), sandboxed.
pub fn preview(state: &State, rel: &str, query: &str) -> Reply {
    let Some(path) = super::plan_file(state, rel) else {
        return Reply::not_found();
    };
    let page = http::query_param(query, "page").unwrap_or_default();
    let html = match state.drafts.get(&page, rel) {
        Some(h) => h.as_ref().clone(),
        None => {
            let deck = http::query_param(query, "deck").unwrap_or_else(|| "pitch".into());
            if !DECKS.contains(&deck.as_str()) {
                return Reply::not_found();
            }
            let mut job = DeckJob::new(&path, &deck, Format::Html);
            job.force = true;
            match app::deck::render(&job, &mut app::Policies::default(), &mut app::Ignore) {
                Ok(r) => r.bytes,
                Err(f) => format!(
                    "<!doctype html><meta charset=utf-8><p>No preview: {}</p>",
                    http::escape(&f.to_string())
                )
                .into_bytes(),
            }
        }
    };
    let mut reply = Reply::new(200, "text/html; charset=utf-8", html);
    reply.csp = http::PREVIEW_CSP.into();
    reply
}

/// `POST /api/save/PATH` `{text, version}`: written atomically if the file
/// is still the version the page loaded; else 409 with what is on disk.
pub fn save(state: &State, rel: &str, req: &Request<'_>) -> Reply {
    let Some(path) = super::plan_file(state, rel) else {
        return Reply::not_found();
    };
    let body = match req.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (Some(text), Some(base)) = (body["text"].as_str(), body["version"].as_str()) else {
        return Reply::error(400, "expected {text, version}");
    };
    let _one = SAVING.lock().unwrap_or_else(PoisonError::into_inner);
    let on_disk = match crate::source::read_regular(&path, http::MAX_BODY) {
        Ok(b) => b,
        Err(e) => return Reply::error(409, &format!("cannot read the plan on disk: {e}")),
    };
    if version(&on_disk) != base {
        return Reply::json(
            409,
            &json!({
                "error": "the file changed on disk since this page loaded it; nothing was written",
                "version": version(&on_disk),
                "text": String::from_utf8_lossy(&on_disk),
            }),
        );
    }
    match crate::output::write_atomic(&path, text.as_bytes(), true) {
        Ok(()) => Reply::json(200, &json!({ "version": version(text.as_bytes()) })),
        Err(e) => Reply::error(500, &e.to_string()),
    }
}

/// `GET /download/PATH?format=pdf|pptx|html|md|xlsx&deck=…`: the deck of
/// the plan as saved (or the XLSX export), as an attachment.
pub fn download(state: &State, rel: &str, query: &str) -> Reply {
    let Some(path) = super::plan_file(state, rel) else {
        return Reply::not_found();
    };
    let deck = http::query_param(query, "deck").unwrap_or_else(|| "pitch".into());
    if !DECKS.contains(&deck.as_str()) {
        return Reply::not_found();
    }
    let format = http::query_param(query, "format").unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let (bytes, ext, mime) = match format.as_str() {
        "xlsx" => match super::scenario::export_xlsx(
            &path,
            &http::query_param(query, "what").unwrap_or_else(|| "budget".into()),
        ) {
            Ok(b) => (
                b,
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Err(e) => return Reply::error(422, &e),
        },
        f => {
            let (format, ext, mime) = match f {
                "pdf" => (Format::Pdf, "pdf", "application/pdf"),
                "pptx" => (
                    Format::Pptx,
                    "pptx",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                ),
                "html" => (Format::Html, "html", "text/html; charset=utf-8"),
                "md" => (Format::Markdown, "md", "text/markdown; charset=utf-8"),
                _ => return Reply::error(400, "format: pdf, pptx, html, md or xlsx"),
            };
            let job = DeckJob::new(&path, &deck, format);
            match app::deck::render(&job, &mut app::Policies::default(), &mut app::Ignore) {
                Ok(r) => (r.bytes, ext, mime),
                Err(f) => return Reply::error(422, &f.to_string()),
            }
        }
    };
    let mut reply = Reply::new(200, mime, bytes).with_header(
        "Content-Disposition",
        &format!(
            "attachment; filename=\"{stem}.{}{ext}\"",
            if deck == "pitch" || ext == "xlsx" {
                String::new()
            } else {
                format!("{deck}.")
            }
        ),
    );
    reply.csp = http::PREVIEW_CSP.into();
    reply
}

/// A stream ends after this long; the browser's EventSource reconnects.
const STREAM_LIFE: Duration = Duration::from_secs(300);

/// `GET /events/PATH`: server-sent events on a thread of their own:
/// `event: changed` with the new version whenever the file on disk changes
/// (polled, as `render --watch` does), a comment now and then to notice a
/// closed page. Written straight to the connection and flushed per event
/// (a chunked response would hold small events back).
pub fn stream(state: &State, rel: &str, request: tiny_http::Request) {
    let path = http::percent_decode(rel).and_then(|r| super::plan_file(state, &r));
    let Some(path) = path else {
        let _ = request.respond(Reply::not_found().into_response());
        return;
    };
    if state.streams.fetch_add(1, Ordering::SeqCst) >= super::MAX_STREAMS {
        state.streams.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(Reply::error(503, "too many open pages").into_response());
        return;
    }
    let streams = state.streams.clone();
    let stop = state.stop.clone();
    std::thread::spawn(move || {
        let _ = follow(&path, request.into_writer(), &stop);
        streams.fetch_sub(1, Ordering::SeqCst);
    });
}

fn follow(
    path: &Path,
    mut out: Box<dyn std::io::Write + Send>,
    stop: &std::sync::atomic::AtomicBool,
) -> std::io::Result<()> {
    let started = Instant::now();
    // The file is read again only when its time or size changed (stamped
    // before it is read, so a change in between is not missed).
    let stamp = |p: &Path| crate::app::watch::stamp(&[p.to_path_buf()]);
    let mut seen = stamp(path);
    let mut last = std::fs::read(path).map(|b| version(&b)).unwrap_or_default();
    write!(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nevent: hello\ndata: {last}\n\n"
    )?;
    out.flush()?;
    let mut since_ping = Instant::now();
    while !stop.load(Ordering::Relaxed) && started.elapsed() < STREAM_LIFE {
        std::thread::sleep(Duration::from_millis(200));
        let now_stamp = stamp(path);
        let now = if now_stamp == seen {
            last.clone()
        } else {
            seen = now_stamp;
            std::fs::read(path).map(|b| version(&b)).unwrap_or_default()
        };
        if now != last {
            write!(out, "event: changed\ndata: {now}\n\n")?;
            out.flush()?;
            last = now;
        } else if since_ping.elapsed() > Duration::from_secs(15) {
            out.write_all(b": ping\n\n")?;
            out.flush()?;
            since_ping = Instant::now();
        }
    }
    Ok(())
}
