//! The pages: small HTML shells (every text escaped) that load the page
//! script and the editor bundle from the server itself; no inline script
//! or style, so the Content-Security-Policy can forbid both.

use super::State;
use super::http::{Reply, encode_path, escape};

/// The editor bundle (CodeMirror 6), built by `web/build.sh`.
const EDITOR_JS: &[u8] = include_bytes!("assets/editor.js");
const PAGE_JS: &[u8] = include_bytes!("assets/page.js");
const STYLE_CSS: &[u8] = include_bytes!("assets/style.css");

pub fn asset(name: &str) -> Reply {
    match name {
        "editor.js" => Reply::new(200, "text/javascript; charset=utf-8", EDITOR_JS),
        "page.js" => Reply::new(200, "text/javascript; charset=utf-8", PAGE_JS),
        "style.css" => Reply::new(200, "text/css; charset=utf-8", STYLE_CSS),
        _ => Reply::not_found(),
    }
}

fn shell(
    state: &State,
    title: &str,
    kind: &str,
    plan: Option<&str>,
    body: &str,
    editor: Option<&str>,
) -> String {
    let plan_attr = plan
        .map(|p| format!(" data-plan=\"{}\"", escape(p)))
        .unwrap_or_default();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · mvplan</title><link rel=\"stylesheet\" href=\"/assets/style.css\">\
{editor}<script src=\"/assets/page.js\" defer></script></head>\
<body data-page=\"{kind}\" data-csrf=\"{csrf}\"{plan_attr}{nonce}>\
<header><a href=\"/\" class=\"home\">mvplan</a> <span class=\"crumb\">{title}</span></header>\n{body}\n</body></html>\n",
        title = escape(title),
        editor = if editor.is_some() {
            "<script src=\"/assets/editor.js\" defer></script>"
        } else {
            ""
        },
        nonce = editor
            .map(|n| format!(" data-nonce=\"{}\"", escape(n)))
            .unwrap_or_default(),
        csrf = escape(&state.csrf),
    )
}

pub fn token_needed() -> String {
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mvplan serve</title></head>\
<body><h1>Access token needed</h1><p>Open the address <code>mvplan serve</code> printed \
(it ends in <code>?token=…</code>).</p></body></html>\n"
        .to_string()
}

pub fn index(state: &State) -> Reply {
    let mut list = String::new();
    for rel in super::plans(state) {
        let url = encode_path(&rel);
        list.push_str(&format!(
            "<li><a class=\"plan-link\" href=\"/plan/{url}\">{name}</a> · <a href=\"/scenario/{url}\">scenarios</a></li>\n",
            name = escape(&rel)
        ));
    }
    if list.is_empty() {
        list.push_str("<li>No plans here: <code>mvplan new</code> starts one.</li>");
    }
    let body = format!(
        "<main class=\"index\"><h1>Plans in {dir}</h1><ul class=\"plans\">{list}</ul>\
<h2>Review</h2><p><a id=\"portfolio-link\" href=\"/portfolio\">The portfolio review</a>: every plan rolled up, asks to decide.</p></main>",
        dir = escape(&state.root.dir().display().to_string()),
    );
    Reply::html(shell(state, "Plans", "index", None, &body, None))
}

pub fn plan(state: &State, rel: &str) -> Reply {
    let url = encode_path(rel);
    let body = format!(
        "<main class=\"workbench\">\
<section class=\"edit\"><div class=\"bar\">\
<button id=\"save\" type=\"button\">Save</button> <span id=\"saved\" role=\"status\"></span>\
<a href=\"/scenario/{url}\">Scenarios</a></div>\
<div id=\"conflict\" class=\"conflict\" hidden></div>\
<div id=\"editor\"></div></section>\
<section class=\"side\"><div class=\"figures\">\
<span>Alignment <b id=\"score\">–</b></span> <span id=\"tally\"></span> <span id=\"timing\"></span>\
<div id=\"coverage\"></div></div>\
<ul id=\"findings\"></ul>\
<div class=\"bar\"><label>Deck <select id=\"deck\"><option value=\"pitch\">Pitch deck</option>\
<option value=\"mvp\">One-page plan</option><option value=\"status\">Status deck</option></select></label>\
<span class=\"downloads\">Download \
<a class=\"dl\" data-format=\"pdf\" href=\"/download/{url}?format=pdf\">PDF</a> \
<a class=\"dl\" data-format=\"pptx\" href=\"/download/{url}?format=pptx\">PPTX</a> \
<a class=\"dl\" data-format=\"html\" href=\"/download/{url}?format=html\">HTML</a> \
<a href=\"/download/{url}?format=xlsx\">budget XLSX</a> \
<a href=\"/download/{url}?format=xlsx&amp;what=actuals-template\">actuals template</a> \
<a href=\"/download/{url}?format=xlsx&amp;what=variance\">variance</a></span></div>\
<p id=\"preview-error\" hidden></p>\
<iframe id=\"preview\" title=\"Deck preview\" sandbox=\"allow-scripts\"></iframe></section></main>"
    );
    // CodeMirror adds its stylesheet as a style element; the policy
    // allows that one by its nonce.
    let nonce = super::guard::random_token().unwrap_or_default();
    Reply::page_with_nonce(
        shell(state, rel, "plan", Some(rel), &body, Some(&nonce)),
        &nonce,
    )
}

pub fn scenario(state: &State, rel: &str) -> String {
    let url = encode_path(rel);
    let body = format!(
        "<main class=\"scenario\"><p><a href=\"/plan/{url}\">Back to the plan</a></p>\
<div class=\"bar\"><label>Budget of the curve channels <input id=\"budget\" type=\"range\" min=\"-50\" max=\"100\" step=\"5\" value=\"0\"></label> \
<output id=\"level\">plan</output></div>\
<p id=\"error\" hidden></p>\
<table id=\"allocation\"><thead><tr><th>Channel</th><th>Planned</th><th>Best</th><th>Min</th><th>Max</th></tr></thead><tbody></tbody></table>\
<div id=\"outcomes\"></div><div id=\"curves\"></div><pre id=\"moves\"></pre>\
<div class=\"bar\"><label>Write the optimised plan to <input id=\"output\" value=\"optimized.toml\"></label> \
<button id=\"write\" type=\"button\">Write</button> <span id=\"written\" role=\"status\"></span></div></main>"
    );
    shell(
        state,
        &format!("Scenarios · {rel}"),
        "scenario",
        Some(rel),
        &body,
        None,
    )
}

pub fn portfolio(state: &State) -> String {
    let body = "<main class=\"portfolio\"><div class=\"bar\"><label>Decided by <input id=\"by\" placeholder=\"your name\"></label> \
<span id=\"done\" role=\"status\"></span></div>\
<h2>Asks for decision</h2><table id=\"asks\"><thead><tr><th>Unit</th><th>Ask</th><th>Kind</th><th>Amount</th><th>By</th><th>Status</th><th></th></tr></thead><tbody></tbody></table>\
<h2>Plans</h2><table id=\"plans\"><thead><tr><th>Plan</th><th>Unit</th><th>Score</th><th>Findings</th><th>Status</th></tr></thead><tbody></tbody></table>\
<h2>The review</h2><iframe id=\"review\" title=\"Portfolio review\" sandbox=\"allow-scripts\" src=\"/portfolio/deck\"></iframe></main>";
    shell(state, "Portfolio review", "portfolio", None, body, None)
}
