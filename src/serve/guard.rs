//! Who may ask what: Jupyter's rules for a local server. Every request
//! carries the access token (cookie, `?token=`, or the `X-Mvplan-Token`
//! header); the Host header must name the bound address (a rebinding DNS
//! name is refused); every state-changing request comes from this origin
//! and carries the page's CSRF token; files are read and written only
//! inside the served directory.

use std::path::{Path, PathBuf};

/// The cookie that holds the access token once a page was opened with it.
pub const COOKIE: &str = "mvplan_token";

/// A random token: 32 hex digits from the OS's random source.
pub fn random_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random numbers for the token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares without stopping at the first difference (no timing hint).
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The names the server answers to: the bound address and, on loopback,
/// `localhost`; each with the port.
pub fn allowed_hosts(host: std::net::IpAddr, port: u16) -> Vec<String> {
    let mut hosts = vec![match host {
        std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
        std::net::IpAddr::V4(v4) => format!("{v4}:{port}"),
    }];
    if host.is_loopback() {
        hosts.push(format!("localhost:{port}"));
        hosts.push(format!("127.0.0.1:{port}"));
        hosts.push(format!("[::1]:{port}"));
    }
    hosts.dedup();
    hosts
}

/// Whether a `Host` header names this server: one of `hosts`, or, when
/// listening on every address (`--host 0.0.0.0`), any IP address with the
/// port. A DNS-rebinding page sends its own host *name*, never an address.
pub fn host_allowed(header: &str, hosts: &[String], any_address: bool, port: u16) -> bool {
    if hosts.iter().any(|h| h == header) {
        return true;
    }
    if !any_address {
        return false;
    }
    let Some(addr) = header.strip_suffix(&format!(":{port}")) else {
        return false;
    };
    let addr = addr
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .unwrap_or(addr);
    addr.parse::<std::net::IpAddr>().is_ok()
}

/// The served directory: where every file the server reads or writes is.
pub struct Root {
    /// Canonical (symbolic links resolved).
    dir: PathBuf,
}

impl Root {
    pub fn new(dir: &Path) -> Result<Root, String> {
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("cannot serve `{}`: {e}", dir.display()))?;
        if !dir.is_dir() {
            return Err(format!("`{}` is not a directory", dir.display()));
        }
        Ok(Root { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The regular file that `rel` (a decoded URL path, `/`-separated)
    /// names inside the root, following symbolic links only if they stay
    /// inside; `None` for anything else (the caller says "not found", so an
    /// escape attempt learns nothing).
    pub fn file(&self, rel: &str) -> Option<PathBuf> {
        let path = self.join(rel)?;
        let real = path.canonicalize().ok()?;
        let meta = std::fs::metadata(&real).ok()?;
        (real.starts_with(&self.dir) && meta.is_file()).then_some(real)
    }

    /// A file to create inside the root: its directory must exist inside it
    /// and the name be plain (an existing file must be one [`Root::file`]
    /// accepts).
    pub fn new_file(&self, rel: &str) -> Option<PathBuf> {
        let path = self.join(rel)?;
        if std::fs::symlink_metadata(&path).is_ok() {
            return self.file(rel);
        }
        let parent = path.parent()?.canonicalize().ok()?;
        let name = path.file_name()?;
        parent.starts_with(&self.dir).then(|| parent.join(name))
    }

    /// `rel` inside the root, lexically: plain names only (no `..`, `.`,
    /// empty part, absolute path, backslash or NUL).
    fn join(&self, rel: &str) -> Option<PathBuf> {
        if rel.is_empty() || rel.contains(['\\', '\0']) || rel.starts_with('/') {
            return None;
        }
        let mut path = self.dir.clone();
        for part in rel.split('/') {
            if part.is_empty() || part == "." || part == ".." {
                return None;
            }
            path.push(part);
        }
        Some(path)
    }

    /// `path` (inside the root) as the URL names it.
    pub fn rel(&self, path: &Path) -> Option<String> {
        let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let rel = real.strip_prefix(&self.dir).ok()?;
        let parts: Option<Vec<&str>> = rel.iter().map(|p| p.to_str()).collect();
        Some(parts?.join("/"))
    }
}
