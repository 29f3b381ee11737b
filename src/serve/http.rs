//! The little HTTP vocabulary of the server: replies with their security
//! headers, URL decoding, query strings and cookies.

use std::io::Read;

/// A page's Content-Security-Policy: scripts and styles only from the
/// server itself (the editor's bundle included), no inline script, nothing
/// from elsewhere, never framed by another site.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The deck preview's: the HTML deck carries its own inline style and
/// script, so it runs sandboxed (an opaque origin: no cookie, no API) and
/// may load nothing.
pub const PREVIEW_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts";

/// What a handler answers.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
    pub csp: std::borrow::Cow<'static, str>,
}

impl Reply {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
            csp: PAGE_CSP.into(),
        }
    }

    pub fn html(body: String) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply::new(status, "application/json", value.to_string())
    }

    /// An error as JSON `{"error": …}` (the pages show it as text).
    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": message }))
    }

    pub fn not_found() -> Reply {
        Reply::error(404, "not found")
    }

    /// A page whose editor adds its own stylesheet: the policy allows
    /// that one style element by its nonce (random per reply).
    pub fn page_with_nonce(body: String, nonce: &str) -> Reply {
        let mut r = Reply::html(body);
        r.csp = PAGE_CSP
            .replace(
                "style-src 'self'",
                &format!("style-src 'self' 'nonce-{nonce}'"),
            )
            .into();
        r
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Turns the reply into tiny_http's, with the headers every reply has.
    pub fn into_response(self) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let mut response = tiny_http::Response::from_data(self.body).with_status_code(self.status);
        let mut add = |name: &str, value: &str| {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        };
        add("Content-Type", self.content_type);
        add("Content-Security-Policy", &self.csp);
        add("X-Content-Type-Options", "nosniff");
        add("Referrer-Policy", "no-referrer");
        add("Cache-Control", "no-store");
        add("Cross-Origin-Opener-Policy", "same-origin");
        if !self.csp.contains("sandbox") {
            add("X-Frame-Options", "DENY");
        }
        for (name, value) in &self.headers {
            add(name, value);
        }
        response
    }
}

/// `%2e%2E` → `..`; `None` for a malformed escape or text that is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The value of `key` in a query string (`a=1&b=2`), decoded.
pub fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| percent_decode(v)).flatten()
    })
}

/// The query string without `key` (to drop the token from an address).
pub fn query_without(query: &str, key: &str) -> String {
    query
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split_once('=').map_or(*pair, |(k, _)| k) != key)
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// `path` percent-encoded for a URL, `/` kept.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The largest request body read: a plan is text, and 4 MiB of it is far
/// more than any plan (the CLI's own limit for a plan is the same order).
pub const MAX_BODY: u64 = 4 * 1024 * 1024;

/// Why a body was not read.
pub enum BodyError {
    TooLarge,
    Unreadable,
}

/// Reads at most [`MAX_BODY`] bytes of `reader`, refusing more (a declared
/// length over the limit is refused before anything is read).
pub fn read_body(declared: Option<usize>, reader: &mut dyn Read) -> Result<Vec<u8>, BodyError> {
    if declared.is_some_and(|n| n as u64 > MAX_BODY) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    reader
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|_| BodyError::Unreadable)?;
    if body.len() as u64 > MAX_BODY {
        return Err(BodyError::TooLarge);
    }
    Ok(body)
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    crate::render::html::escape(s)
}
