//! A reviewer's decision written into a plan: an ask approved or declined,
//! the plan's status set, each with who decided and when. A minimal edit
//! through the one plan writer ([`super::edit`]): comments and layout are
//! kept, and `git diff` / `mvplan diff` show exactly the decision.

use chrono::NaiveDate;
use toml_edit::Value;

use super::edit::{self, PlanDocument};
use super::{AskStatus, Plan, Status};

/// Who decided: a name, one line, at most 100 characters.
fn who(by: &str) -> Result<String, String> {
    let by: String = by.chars().filter(|c| !c.is_control()).collect();
    let by = by.trim();
    if by.is_empty() || by.chars().count() > 100 {
        return Err("say who decided: a name of 1 to 100 characters".into());
    }
    Ok(by.to_string())
}

fn date(on: NaiveDate) -> Value {
    on.format("%Y-%m-%d")
        .to_string()
        .parse::<toml_edit::Datetime>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::from(on.to_string()))
}

/// The plan's text with ask `id` set to `status`, `decided_by` and
/// `decided_on`; verified by loading it again.
pub fn decide_ask(
    plan: &Plan,
    text: &str,
    id: &str,
    status: AskStatus,
    by: &str,
    on: NaiveDate,
) -> Result<String, String> {
    let by = who(by)?;
    let mut doc = PlanDocument::parse(text)?;
    let ask = doc
        .ask(id)
        .ok_or_else(|| format!("the plan has no ask `{id}`"))?;
    let word = match status {
        AskStatus::Open => "open",
        AskStatus::Approved => "approved",
        AskStatus::Declined => "declined",
    };
    edit::set(ask, "status", Value::from(word));
    edit::set(ask, "decided_by", Value::from(by.as_str()));
    edit::set(ask, "decided_on", date(on));
    let written = doc.finish(&[]);
    edit::verified(&written, plan, |p| {
        let a = p.asks.iter().find(|a| a.id.value == id);
        match a {
            Some(a) if a.status == status && a.decided_by.as_deref() == Some(by.as_str()) => Ok(()),
            _ => Err(format!("the ask `{id}` would not read back as {word}")),
        }
    })?;
    Ok(written)
}

/// The plan's text with `[plan] status` set, and `status_by`, `status_on`.
pub fn set_status(
    plan: &Plan,
    text: &str,
    status: Status,
    by: &str,
    on: NaiveDate,
) -> Result<String, String> {
    let by = who(by)?;
    let mut doc = PlanDocument::parse(text)?;
    let meta = doc.meta().ok_or("the plan has no [plan] table")?;
    let word = match status {
        Status::Draft => "draft",
        Status::Submitted => "submitted",
        Status::Approved => "approved",
    };
    edit::set(meta, "status", Value::from(word));
    edit::set(meta, "status_by", Value::from(by.as_str()));
    edit::set(meta, "status_on", date(on));
    let written = doc.finish(&[]);
    edit::verified(&written, plan, |p| {
        if p.meta.status == status {
            Ok(())
        } else {
            Err(format!("the plan would not read back as {word}"))
        }
    })?;
    Ok(written)
}
