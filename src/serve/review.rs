//! The portfolio page's server side: the review of every plan under the
//! root, its deck, and the CMO's decisions written back into the plans.

use serde_json::{Value, json};

use super::http::Reply;
use super::{Request, State, pages};
use crate::app;
use crate::plan::{AskStatus, Status};

/// Every plan under the root, checked and rolled up (under the policy
/// found at the root, as `mvplan review DIR` does), with that policy.
fn roll_up(
    state: &State,
) -> Result<
    (
        crate::portfolio::Portfolio,
        Option<std::sync::Arc<crate::policy::Policy>>,
    ),
    String,
> {
    let paths = [state.root.dir().to_path_buf()];
    let files = app::review::plans(&paths).map_err(|f| f.to_string())?;
    let policy = app::review::policy(&paths, &app::PolicyChoice::Discover, &mut app::Ignore)
        .map_err(|f| f.to_string())?;
    let roll = app::review::roll_up(&files, policy.as_deref(), None, &|_| {});
    Ok((roll, policy))
}

pub fn page(state: &State) -> Reply {
    Reply::html(pages::portfolio(state))
}

/// `GET /api/portfolio`: the plans (file, title, unit, status, score) and
/// the asks for decision.
pub fn summary(state: &State) -> Reply {
    let roll = match roll_up(state) {
        Ok((r, _)) => r,
        Err(e) => return Reply::error(422, &e),
    };
    let rel = |file: &str| {
        state
            .root
            .rel(std::path::Path::new(file))
            .unwrap_or_else(|| file.to_string())
    };
    let plans: Vec<Value> = roll
        .plans
        .iter()
        .map(|p| {
            json!({
                "file": rel(&p.file), "title": p.title, "unit": p.unit, "status": p.status,
                "score": p.score, "errors": p.errors, "warnings": p.warnings, "health": p.health,
            })
        })
        .collect();
    let asks: Vec<Value> = roll
        .decisions
        .iter()
        .map(|a| {
            json!({
                "file": rel(&a.file), "unit": a.unit, "id": a.id, "ask": a.ask, "kind": a.kind,
                "amount": a.amount, "fte": a.fte, "by": a.by, "status": a.status, "blocking": a.blocking,
            })
        })
        .collect();
    let broken: Vec<Value> = roll.broken.iter().map(|b| json!(b)).collect();
    Reply::json(
        200,
        &json!({ "title": roll.title, "currency": roll.currency, "plans": plans, "asks": asks, "broken": broken }),
    )
}

/// `GET /portfolio/deck`: the review deck as HTML, sandboxed.
pub fn deck(state: &State) -> Reply {
    let html = roll_up(state).and_then(|(roll, policy)| {
        let choice = app::review::DeckChoice {
            templates: None,
            theme: None,
            format: crate::render::Format::Html,
            source_date_epoch: None,
        };
        app::review::deck(&roll, policy.as_deref(), &choice, &mut app::Ignore)
            .map(|r| r.bytes)
            .map_err(|f| f.to_string())
    });
    let body = html.unwrap_or_else(|e| {
        format!(
            "<!doctype html><meta charset=utf-8><p>No review: {}</p>",
            super::http::escape(&e)
        )
        .into_bytes()
    });
    let mut reply = Reply::new(200, "text/html; charset=utf-8", body);
    reply.csp = super::http::PREVIEW_CSP.into();
    reply
}

/// Reads the plan at `rel`, applies `change` to its text, and writes it
/// back atomically (one writer at a time with saves from the plan page).
fn write_back(
    state: &State,
    rel: &str,
    change: impl FnOnce(&crate::plan::Plan, &str) -> Result<String, String>,
) -> Reply {
    let Some(path) = super::plan_file(state, rel) else {
        return Reply::not_found();
    };
    let _one = super::workbench::SAVING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let source = match crate::plan::read(&path) {
        Ok(s) => s,
        Err(f) => return Reply::error(422, &f.message),
    };
    let plan = match crate::plan::parse(&source) {
        Ok(p) => p,
        Err(_) => return Reply::error(422, "the plan does not load; fix it on its page first"),
    };
    let text = match change(&plan, &source.text) {
        Ok(t) => t,
        Err(e) => return Reply::error(422, &e),
    };
    match crate::output::write_atomic(&path, text.as_bytes(), true) {
        Ok(()) => Reply::json(
            200,
            &json!({ "written": rel, "version": super::workbench::version(text.as_bytes()) }),
        ),
        Err(e) => Reply::error(500, &e.to_string()),
    }
}

/// `POST /api/ask/PATH` `{ask, decision: approved|declined|open, by}`.
pub fn decide(state: &State, rel: &str, req: &Request<'_>) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let status = match body["decision"].as_str() {
        Some("approved") => AskStatus::Approved,
        Some("declined") => AskStatus::Declined,
        Some("open") => AskStatus::Open,
        _ => return Reply::error(400, "decision: approved, declined or open"),
    };
    let (Some(ask), Some(by)) = (body["ask"].as_str(), body["by"].as_str()) else {
        return Reply::error(400, "expected {ask, decision, by}");
    };
    write_back(state, rel, |plan, text| {
        crate::plan::decision::decide_ask(plan, text, ask, status, by, super::today())
    })
}

/// `POST /api/status/PATH` `{status: draft|submitted|approved, by}`.
pub fn set_status(state: &State, rel: &str, req: &Request<'_>) -> Reply {
    let body = match req.json() {
        Ok(b) => b,
        Err(r) => return r,
    };
    let status = match body["status"].as_str() {
        Some("draft") => Status::Draft,
        Some("submitted") => Status::Submitted,
        Some("approved") => Status::Approved,
        _ => return Reply::error(400, "status: draft, submitted or approved"),
    };
    let Some(by) = body["by"].as_str() else {
        return Reply::error(400, "expected {status, by}");
    };
    write_back(state, rel, |plan, text| {
        crate::plan::decision::set_status(plan, text, status, by, super::today())
    })
}
