//! `mvplan serve`: the planning workbench in the browser. A small blocking
//! HTTP server (tiny_http, a few worker threads) over one directory of
//! plans, on the same application layer as the CLI ([`crate::app`]):
//!
//! - `/` lists the plans and the portfolio;
//! - `/plan/PATH` edits a plan with live findings and a live deck preview;
//! - `/scenario/PATH` runs the optimiser at the budget a slider sets;
//! - `/portfolio` is the CMO's review, where asks are decided and plan
//!   statuses set, written back into the plans as minimal edits.
//!
//! Security is Jupyter's ([`guard`]); every reply carries a strict
//! Content-Security-Policy ([`http`]).

pub mod guard;
pub mod http;
mod pages;
mod review;
mod scenario;
mod workbench;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use http::Reply;

/// What to serve and where.
pub struct Config {
    pub dir: PathBuf,
    pub host: IpAddr,
    /// 0: a free port.
    pub port: u16,
    /// The access token; `None`: a random one.
    pub token: Option<String>,
}

/// How many requests are answered at once (server-sent event streams have
/// threads of their own, at most [`MAX_STREAMS`]).
const WORKERS: usize = 8;
/// Open change streams at most (each holds a thread and polls a file).
const MAX_STREAMS: usize = 64;

/// The shared state of a running server.
pub struct State {
    root: guard::Root,
    token: String,
    /// The CSRF token pages send back with every state-changing request.
    csrf: String,
    hosts: Vec<String>,
    /// Listening on every address: any IP address is a good Host.
    any_address: bool,
    port: u16,
    drafts: workbench::Drafts,
    streams: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

/// A bound server, not yet answering.
pub struct Server {
    http: Arc<tiny_http::Server>,
    state: Arc<State>,
    addr: std::net::SocketAddr,
}

impl Server {
    pub fn bind(config: &Config) -> Result<Server, String> {
        let root = guard::Root::new(&config.dir)?;
        let http = tiny_http::Server::http((config.host, config.port))
            .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| "the server has no IP address".to_string())?;
        let token = match &config.token {
            Some(t) if t.len() >= 16 && t.bytes().all(|b| b.is_ascii_alphanumeric()) => t.clone(),
            Some(_) => {
                return Err(
                    "the token must be at least 16 letters and digits (MVPLAN_SERVE_TOKEN)".into(),
                );
            }
            None => guard::random_token()?,
        };
        let hosts = guard::allowed_hosts(config.host, addr.port());
        Ok(Server {
            http: Arc::new(http),
            state: Arc::new(State {
                root,
                token,
                csrf: guard::random_token()?,
                hosts,
                any_address: config.host.is_unspecified(),
                port: addr.port(),
                drafts: workbench::Drafts::default(),
                streams: Arc::new(AtomicUsize::new(0)),
                stop: Arc::new(AtomicBool::new(false)),
            }),
            addr,
        })
    }

    /// The address to open, with the token.
    pub fn url(&self) -> String {
        format!("http://{}/?token={}", self.state.hosts[0], self.state.token)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Set it to stop the server (Ctrl-C); [`Server::run`] then returns
    /// once the requests under way are answered.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.state.stop.clone()
    }

    /// Answers requests until stopped.
    pub fn run(self) {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let http = self.http.clone();
                let state = self.state.clone();
                std::thread::spawn(move || {
                    while !state.stop.load(Ordering::Relaxed) {
                        match http.recv_timeout(Duration::from_millis(200)) {
                            Ok(Some(request)) => handle(&state, request),
                            Ok(None) => {}
                            Err(_) => std::thread::sleep(Duration::from_millis(10)),
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }
}

/// A request, read: what the handlers see.
pub struct Request<'a> {
    pub method: &'a str,
    /// The path, not yet decoded.
    pub path: &'a str,
    pub query: &'a str,
    pub body: Vec<u8>,
}

impl Request<'_> {
    /// The body as JSON.
    pub fn json(&self) -> Result<serde_json::Value, Reply> {
        serde_json::from_slice(&self.body).map_err(|_| Reply::error(400, "the body is not JSON"))
    }
}

fn header<'r>(request: &'r tiny_http::Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn handle(state: &State, mut request: tiny_http::Request) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let method = request.method().as_str().to_string();
    // DNS rebinding: a page on another site that resolves its name to
    // 127.0.0.1 still sends its own name as Host.
    let host_ok = header(&request, "Host")
        .is_some_and(|h| guard::host_allowed(h, &state.hosts, state.any_address, state.port));
    if !host_ok {
        let _ = request.respond(
            Reply::error(403, "this server answers only to its own address").into_response(),
        );
        return;
    }
    let query_token = http::query_param(query, "token");
    let presented = query_token
        .clone()
        .or_else(|| header(&request, "X-Mvplan-Token").map(str::to_string))
        .or_else(|| {
            header(&request, "Cookie")
                .and_then(|c| http::cookie(c, guard::COOKIE))
                .map(str::to_string)
        });
    if !presented.is_some_and(|t| guard::same_secret(&t, &state.token)) {
        let reply = if method == "GET" && !path.starts_with("/api/") {
            let mut r = Reply::html(pages::token_needed());
            r.status = 403;
            r
        } else {
            Reply::error(403, "the access token is missing or wrong")
        };
        let _ = request.respond(reply.into_response());
        return;
    }
    let state_changing = !matches!(method.as_str(), "GET" | "HEAD");
    if state_changing {
        // Cross-site requests: the browser names their origin; a form or
        // script on another site cannot set the CSRF header.
        // The page's origin is the address it was opened at: the Host
        // (checked above) this request names.
        let host = header(&request, "Host").unwrap_or_default();
        let origin_ok =
            header(&request, "Origin").is_some_and(|o| o.strip_prefix("http://") == Some(host));
        let csrf_ok =
            header(&request, "X-CSRF-Token").is_some_and(|t| guard::same_secret(t, &state.csrf));
        if !origin_ok || !csrf_ok {
            let _ = request.respond(
                Reply::error(
                    403,
                    "refused: a change must come from this server's own page",
                )
                .into_response(),
            );
            return;
        }
        if method != "POST" {
            let _ = request.respond(Reply::error(405, "only GET and POST").into_response());
            return;
        }
    }
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict",
        guard::COOKIE,
        state.token
    );
    // Opened with `?token=`: keep it in a cookie and take it out of the
    // address (history, screenshots, a link pasted on).
    if query_token.is_some()
        && method == "GET"
        && !path.starts_with("/api/")
        && !path.starts_with("/events/")
    {
        let rest = http::query_without(query, "token");
        let location = if rest.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{rest}")
        };
        let reply = Reply::new(303, "text/plain", "")
            .with_header("Location", &location)
            .with_header("Set-Cookie", &cookie);
        let _ = request.respond(reply.into_response());
        return;
    }
    if let Some(rel) = path.strip_prefix("/events/") {
        workbench::stream(state, rel, request);
        return;
    }
    let declared = request.body_length();
    let body = if state_changing {
        match http::read_body(declared, request.as_reader()) {
            Ok(b) => b,
            Err(http::BodyError::TooLarge) => {
                let _ = request.respond(
                    Reply::error(413, "the request is too large")
                        .with_header("Connection", "close")
                        .into_response(),
                );
                return;
            }
            Err(http::BodyError::Unreadable) => {
                let _ = request.respond(
                    Reply::error(400, "the request body could not be read").into_response(),
                );
                return;
            }
        }
    } else {
        Vec::new()
    };
    let req = Request {
        method: &method,
        path,
        query,
        body,
    };
    let reply = route(state, &req);
    let _ = request.respond(reply.with_header("Set-Cookie", &cookie).into_response());
}

fn route(state: &State, req: &Request<'_>) -> Reply {
    let get = req.method == "GET" || req.method == "HEAD";
    let decoded = |p: &str| http::percent_decode(p);
    match req.path {
        "/" if get => pages::index(state),
        "/portfolio" if get => review::page(state),
        "/portfolio/deck" if get => review::deck(state),
        "/api/schema" if get => Reply::json(200, &crate::schema::plan()),
        "/api/portfolio" if get => review::summary(state),
        p if get && p.starts_with("/assets/") => pages::asset(&p["/assets/".len()..]),
        p => {
            let Some((kind, rel)) = p[1..].split_once('/').map(|(k, r)| (k, decoded(r))) else {
                return Reply::not_found();
            };
            let Some(rel) = rel else {
                return Reply::not_found();
            };
            match (get, kind) {
                (true, "plan") => workbench::page(state, &rel),
                (true, "scenario") => scenario::page(state, &rel),
                (true, "preview") => workbench::preview(state, &rel, req.query),
                (true, "download") => workbench::download(state, &rel, req.query),
                (true, "api") => match rel.split_once('/') {
                    Some(("text", rel)) => workbench::text(state, rel),
                    _ => Reply::not_found(),
                },
                (false, "api") => match rel.split_once('/') {
                    Some(("draft", rel)) => workbench::draft(state, rel, req),
                    Some(("save", rel)) => workbench::save(state, rel, req),
                    Some(("ask", rel)) => review::decide(state, rel, req),
                    Some(("status", rel)) => review::set_status(state, rel, req),
                    Some(("optimise", rel)) => scenario::optimise(state, rel, req),
                    Some(("optimised", rel)) => scenario::write(state, rel, req),
                    _ => Reply::not_found(),
                },
                _ => Reply::not_found(),
            }
        }
    }
}

/// A plan the server may read: inside the root, a regular `.toml` file.
fn plan_file(state: &State, rel: &str) -> Option<PathBuf> {
    state
        .root
        .file(rel)
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
}

/// The plans under the root, as URL paths.
fn plans(state: &State) -> Vec<String> {
    crate::portfolio::collect(&[state.root.dir().to_path_buf()])
        .iter()
        .filter_map(|p| state.root.rel(p))
        .collect()
}

/// Today, for "who decided and when" (UTC: the same date wherever the
/// review is read).
fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}
